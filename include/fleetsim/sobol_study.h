/*
 * sobol_study.h - `fleetsim --sobol N`: the scenario evaluated at every
 * point of the Saltelli design over its `sobol` inputs (sobol.h), each
 * evaluation a Monte Carlo run reduced to the study's outputs, and the
 * first-order and total indices of every input for every output.
 *
 * Each evaluation is the scenario file loaded again with the sampled
 * values as overrides (the --set machinery, so a value is checked exactly
 * as one in the file), run with sobol.replicates replicates and the
 * scenario's seed, reduced to one number per output and freed at once: a
 * study holds N (k + 2) x outputs doubles, never the replicates. The
 * evaluations go through fs_workmap (workmap.h), so with MPI they are
 * shared among the ranks; only the root computes the indices and writes.
 */
#ifndef FLEETSIM_SOBOL_STUDY_H
#define FLEETSIM_SOBOL_STUDY_H

#include <stdio.h>

#include "fleetsim/cfg.h"
#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/sobol.h"

/* The most base samples --sobol takes: the outputs of N (k + 2) evaluations
 * are kept, at most 131,072 x 22 x 8 doubles (185 MB) for 20 inputs and 8
 * outputs. */
#define FS_SOBOL_MAX_N 131072

struct fs_sobol_study {
    const char *path;                   /* the scenario file */
    const struct fs_catalog *cat;
    const struct fs_rulebook *rules;
    const struct fs_override *ov;       /* command-line overrides */
    size_t nov;
    const struct fs_scenario *base;     /* loaded with ov (not owned) */
    const struct fs_sobol_spec *sp;     /* base->sobol */
    size_t n, k, nout, nitems;          /* nitems = n (k + 2) */
    int threads;
    double *a, *b;                      /* the design's unit-cube rows [n * k] */
    double *y;                          /* outputs [item * nout + o] (root) */
    struct fs_sobol_index *idx;         /* [o * k + i] (root, after the run) */
    double *mean, *sd;                  /* [o]: of the 2n values f(A), f(B) */
    int done;                           /* 1 once the indices are computed */
};

/*
 * Prepares a study of n base samples over base's `sobol` group: the
 * design, and a check that the scenario loads with every input at the
 * lowest and at the highest value the design gives it. FS_OK; FS_EUSAGE
 * (no `sobol` group, n out of range) or the loader's error, in diag; the
 * study then holds nothing.
 */
int fs_sobol_study_init(struct fs_sobol_study *ss, const char *path,
                        const struct fs_catalog *cat, const struct fs_rulebook *rules,
                        const struct fs_override *ov, size_t nov,
                        const struct fs_scenario *base, size_t n, struct fs_diag *diag);

/* Runs the N (k + 2) evaluations on `threads` threads each (fs_mc_run) and,
 * on the root, computes the indices. progress may be NULL. */
int fs_sobol_study_run(struct fs_sobol_study *ss, int threads, fs_progress_fn *progress,
                       void *ctx, struct fs_diag *diag);

/* The indices table on out (folded to the terminal's width). */
void fs_sobol_report(const struct fs_sobol_study *ss, FILE *out);

/* sobol.csv (one row per output and input) and sobol_evaluations.csv (the
 * design: each evaluation's input values and outputs), written atomically
 * into dir. */
int fs_sobol_write(const struct fs_sobol_study *ss, const char *dir, struct fs_diag *diag);

/* The value of input i at design item `item`. */
double fs_sobol_study_value(const struct fs_sobol_study *ss, size_t item, size_t i);

void fs_sobol_study_release(struct fs_sobol_study *ss);

#endif
