/*
 * run.h - one fleetsim run from a built study to its files: the Monte
 * Carlo runs, the results and comparison files, the trace, the charts and
 * the reports, written into a fresh folder that replaces the output folder
 * only once everything in it is complete.
 */
#ifndef FLEETSIM_RUN_H
#define FLEETSIM_RUN_H

#include <stdio.h>

#include "fleetsim/error.h"
#include "fleetsim/mc.h"

/* The file every run writes into its output folder; a folder is replaced
 * by the next run only if it holds this file (or nothing at all). */
#define FS_OUTPUT_MARKER ".fleetsim-output"

struct fs_study;
struct fs_plot_opts;

struct fs_run_opts {
    const char *outdir;               /* NULL: out/<scenario name> */
    int threads;                      /* 0: one per core; at most FS_MAX_THREADS */
    const char *trace_path;           /* NULL: no trace; "-": standard output */
    unsigned long trace_rep;          /* replicate to trace */
    const struct fs_plot_opts *plot;  /* chart formats and size */
    fs_progress_fn *progress;         /* may be NULL */
    void *progress_ctx;
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

#endif
