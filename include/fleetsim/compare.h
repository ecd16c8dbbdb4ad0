/*
 * compare.h - comparisons as the unit of work: strategies of one scenario,
 * several scenario files, a sweep over a setting, or the sensitivity to
 * uncertain inputs. Every variant runs with the same seed and replicate
 * count, so replicate r of each variant draws the same random streams
 * (common random numbers) and differences are paired by replicate.
 */
#ifndef FLEETSIM_COMPARE_H
#define FLEETSIM_COMPARE_H

#include <stdio.h>

#include "fleetsim/cfg.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/output.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"

enum fs_study_kind { FS_STUDY_STRATEGIES, FS_STUDY_FILES, FS_STUDY_SWEEP, FS_STUDY_SENSITIVITY };

struct fs_variant {
    char label[FS_TEXT_MAX];  /* "baseline", a strategy, "gpus=2048", "MFU low" */
    struct fs_scenario *s;
    struct fs_mc *mc;
    struct fs_summary sum;
    double x;                 /* sweep: the value; sensitivity: the input's value */
    int input;                /* sensitivity: index of the input (-1: baseline) */
    int high;                 /* sensitivity: 1 for the high run */
};

struct fs_study {
    enum fs_study_kind kind;
    struct fs_variant *v;     /* v[0] is the baseline */
    size_t n;
    char sweep_paths[FS_TEXT_MAX];
    int sweep_log;
    int sweep_dates;          /* a sweep over dates: x is a day number (date.h) */
    int trace;                /* fs_study_run records the baseline's event */
    size_t trace_rep;         /* trace of this replicate (fs_mc_run_traced) */
    int cost_view;            /* enum fs_cost_view (costview.h): the job cost
                                 the comparison ranks by; 0 = absorption */
    int routes;               /* built by fs_study_routes (--compare) */
};

/* Builds a study; `ov` are the command-line overrides applied to every
 * variant. On error diag is filled and the study is left empty.
 * fs_study_single: the scenario alone, its strategies ignored. */
int fs_study_single(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                    const struct fs_rulebook *rules, const struct fs_override *ov, size_t nov,
                    struct fs_diag *diag);
int fs_study_strategies(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                        const struct fs_rulebook *rules, const struct fs_override *ov,
                        size_t nov, struct fs_diag *diag);
int fs_study_files(struct fs_study *st, char **paths, size_t npaths, const struct fs_catalog *cat,
                   const struct fs_rulebook *rules, const struct fs_override *ov, size_t nov,
                   struct fs_diag *diag);
/* spec: PATH[,PATH...]=FROM:TO:STEPS[:log] */
int fs_study_sweep(struct fs_study *st, const char *path, const char *spec,
                   const struct fs_catalog *cat, const struct fs_rulebook *rules,
                   const struct fs_override *ov, size_t nov, struct fs_diag *diag);
/* Parses a --sweep spec PATHS=FROM:TO:STEPS[:log|:linear]: FROM and TO
 * numbers, or both dates YYYY-MM-DD (*dates set, day numbers, linear, at
 * least STEPS-1 days apart). 0, or -1 if it is not one. */
int fs_sweep_parse(const char *spec, char *paths, size_t len, double *from, double *to,
                   int *steps, int *log_scale, int *dates);

/* Loads path with ov and extra, the baseline's seed and replicates, and
 * adds it to st as `label`; on error the study is released (diag says). */
int fs_study_add(struct fs_study *st, const char *path, const char *label,
                 const struct fs_catalog *cat, const struct fs_rulebook *rules,
                 const struct fs_override *ov, size_t nov, const struct fs_override *extra,
                 size_t nextra, struct fs_diag *diag);

/*
 * An ad-hoc route (--compare): "LABEL: CLAUSE; CLAUSE..." where a clause is
 * "set PATH=VALUE" or "remove PATH" (spaces around the parts are
 * ignored; a value holds no ';'). The overrides point into r->text.
 */
struct fs_route {
    char label[FS_NAME_MAX];
    char where[FS_NAME_MAX + 16]; /* "route 'LABEL'", for errors */
    char text[FS_TEXT_MAX];   /* the clauses, cut into paths and values */
    struct fs_override ov[FS_MAX_SETS];
    size_t n;
};
/* Parses spec into r; FS_OK, or FS_EUSAGE with what was expected in diag
 * (setting "--compare"). */
int fs_route_parse(const char *spec, struct fs_route *r, struct fs_diag *diag);
/* The scenario as written (baseline; its strategies ignored), then one
 * variant per route, labelled with its LABEL, compared as strategies are. */
int fs_study_routes(struct fs_study *st, const char *path, const char *const *specs, size_t nspecs,
                    const struct fs_catalog *cat, const struct fs_rulebook *rules,
                    const struct fs_override *ov, size_t nov, struct fs_diag *diag);
int fs_study_sensitivity(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                         const struct fs_rulebook *rules, const struct fs_override *ov,
                         size_t nov, struct fs_diag *diag);

/* Simulates every variant, all in one pool of workers (fs_mc_run_tasks),
 * and computes each one's summary; with st->trace set, the baseline's run
 * also records the event trace of replicate st->trace_rep (for
 * fs_write_trace). Variants other than the baseline keep only what the
 * outputs read of them (compare.c). */
int fs_study_run(struct fs_study *st, int threads, fs_progress_fn *progress, void *ctx,
                 struct fs_diag *diag);

void fs_study_release(struct fs_study *st);

/* Index of job `name` in variant v, or -1. */
int fs_study_job(const struct fs_variant *v, const char *name);

/* Paired difference of metric m of job `name` between variant k and the
 * baseline (fs_paired_diff: variant - baseline, replicates where the job
 * finished in both); n == 0 and NaNs when either lacks the job. */
void fs_study_diff(const struct fs_study *st, size_t k, const char *job, enum fs_metric m,
                   struct fs_diff *out);

/* The job the sensitivity and sweep charts focus on: the baseline's job
 * with the largest FLOP budget. */
size_t fs_study_focus_job(const struct fs_study *st);

/* The comparison table on stdout, and its CSV (comparison.csv, sweep.csv
 * or sensitivity.csv) written atomically into dir. */
void fs_report_study(const struct fs_study *st, FILE *out);
int fs_write_study(const struct fs_study *st, const char *dir, struct fs_diag *diag);

#endif
