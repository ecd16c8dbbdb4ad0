/*
 * study_run.c - fs_study_run (compare.h): every variant of a study
 * simulated in one pool of workers, each keeping what the outputs read.
 */
#include <stdlib.h>

#include "fleetsim/compare.h"
#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/term.h"

/* The progress bar names the variant being simulated (term.h). */
struct study_progress {
    const struct fs_study *st;
    fs_progress_fn *fn;
    void *ctx;
};

static void study_progress(void *ctx, size_t task, size_t done, size_t total)
{
    struct study_progress *p = ctx;
    if (p->ctx != NULL)
        *(struct fs_progress_label *)p->ctx =
            (struct fs_progress_label){p->st->v[task].label, task, p->st->n};
    p->fn(p->ctx, done, total);
}

/*
 * All variants run in one pool of workers (fs_mc_run_tasks), each keeping
 * only what the outputs read of it: the baseline its capacity grid, sample
 * trajectory and per-replicate cluster and order results (its own charts
 * and files read them) and the progress bands; the other variants of a
 * strategy or file comparison their progress bands (the compare_progress
 * chart); sweep points and sensitivity runs their replicates' job results
 * alone (paired differences, fleet means, finish shares). Each variant's
 * statistics and bands are computed as soon as its last replicate is done,
 * by the worker that ran it, and its progress grid is then freed.
 */
int fs_study_run(struct fs_study *st, int threads, fs_progress_fn *progress, void *ctx,
                 struct fs_diag *diag)
{
    struct fs_mc_task *t = calloc(st->n + 1, sizeof(*t));
    struct study_progress p = {st, progress, ctx};
    int rc, grids = st->kind == FS_STUDY_STRATEGIES || st->kind == FS_STUDY_FILES;

    if (t == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < st->n; i++) {
        t[i].s = st->v[i].s;
        t[i].keep = i == 0 ? FS_MC_CAPACITY | FS_MC_SAMPLE | FS_MC_CLUSTERS | FS_MC_BANDS
                    : grids ? FS_MC_BANDS : 0;
        t[i].trace = i == 0 && st->trace;
        t[i].trace_rep = st->trace_rep;
        t[i].sum = &st->v[i].sum;
    }
    rc = fs_mc_run_tasks(t, st->n, threads, progress != NULL ? study_progress : NULL, &p, diag);
    for (size_t i = 0; i < st->n; i++)
        st->v[i].mc = t[i].mc;
    free(t);
    return rc;
}
