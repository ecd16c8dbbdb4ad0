/*
 * run.h - one fleetsim run from a built study to its files: the Monte
 * Carlo runs, the results and comparison files, the trace, the charts and
 * the reports, written into a fresh folder that replaces the output folder
 * only once everything in it is complete.
 */
#ifndef FLEETSIM_RUN_H
#define FLEETSIM_RUN_H

#include <stdio.h>

#include "fleetsim/cfg.h"
#include "fleetsim/date.h"
#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"

/* The file every run writes into its output folder; a folder is replaced
 * by the next run only if it holds this file (or nothing at all). */
#define FS_OUTPUT_MARKER ".fleetsim-output"

struct fs_study;
struct fs_plot_opts;
struct fs_catalog;
struct fs_rulebook;
struct fs_override;

struct fs_run_opts {
    const char *outdir;               /* NULL: out/<scenario name> */
    int threads;                      /* 0: one per core; at most FS_MAX_THREADS */
    const char *trace_path;           /* NULL: no trace; "-": standard output */
    unsigned long trace_rep;          /* replicate to trace */
    const struct fs_plot_opts *plot;  /* chart formats and size */
    fs_progress_fn *progress;         /* may be NULL */
    void *progress_ctx;
    int by_date_set;                  /* --by-date: also report P(finished by */
    fs_date by_date;                  /* the end of this day) per job */
    int cost_view;                    /* enum fs_cost_view: comparisons rank by it */
    int no_report;                    /* 1: no report.html (--no-report) */
    int all_replicates;               /* --all-replicates: replicates_VARIANT.csv
                                         of every variant */
    struct fs_sobol_study *sobol;     /* --sobol: a prepared study run before the
                                         baseline, its files and chart added
                                         (sobol_study.h); NULL otherwise */
};

/*
 * Runs a built study (compare != 0: a comparison, with its table, CSV and
 * charts) and prints its reports to out and warnings and errors to err.
 * Returns FS_OK; FS_EPLOT when the results were written but charts could
 * not be drawn; FS_EUSAGE for a trace replicate out of range or an output
 * folder that is not fleetsim's; another FS_E* code when nothing was
 * written. Errors are printed to err.
 */
int fs_run_study(struct fs_study *st, int compare, const struct fs_run_opts *o, FILE *out,
                 FILE *err);

/* What one invocation of fleetsim does, once its command line is parsed. */
enum fs_run_mode {
    FS_RUN_SIMULATE,   /* run the study and write its outputs */
    FS_RUN_CHECK,      /* validate the scenario, its strategies and inputs */
    FS_RUN_CLASSIFY,   /* export verdicts for a chip (or all) */
    FS_RUN_LIST_GPUS,  /* the chip catalog */
    FS_RUN_EXPLAIN     /* how one job's MFU is derived; nothing written */
};

struct fs_run_args {
    enum fs_run_mode mode;
    char **files;                    /* scenario files (SIMULATE, CHECK: >= 1) */
    size_t nfiles;
    const char *catalog_path;        /* NULL: the built-in catalog */
    const struct fs_override *ov;    /* --set, --seed, --replicates */
    size_t nov;
    const char *sweep;               /* --sweep spec, or NULL */
    int sensitivity, no_strategies;
    const char *const *routes;       /* --compare specs (nroutes of them) */
    size_t nroutes;
    size_t sobol_n;                  /* --sobol N: base samples (0: no study) */
    const char *chip, *region;       /* CLASSIFY: chip (NULL: all), destination */
    const char *explain_job;         /* EXPLAIN: the job's name */
    fs_date day;                     /* CLASSIFY: the day */
    struct fs_run_opts opts;         /* SIMULATE */
};

/*
 * Does what a parsed command line asks: loads the catalog and the export
 * rules, then lists the chips, classifies, checks, or builds the study and
 * runs it (fs_run_study). Reports go to out, errors and warnings to err.
 * Returns FS_OK or an FS_E* code (FS_EPLOT: results written, charts not).
 */
int fs_run(const struct fs_run_args *a, FILE *out, FILE *err);

/* --classify: loads the scenario if one is given (its chips, rules and
 * regions are then used) and prints the verdicts. FS_OK, FS_EUSAGE for an
 * unknown chip or destination, or the loader's error. */
int fs_run_classify(const struct fs_catalog *cat, const struct fs_rulebook *rules,
                    const char *scenario, const char *chip, const char *region, fs_date day,
                    const struct fs_override *ov, size_t nov, FILE *out, FILE *err);

#endif
