/*
 * workmap.h - a map over independent work items whose results come back in
 * item order, whoever computed them.
 *
 * A study (the points of a Sobol design, say) is a list of items, each a
 * pure function of its index: fn(ctx, i, out) fills out_size bytes of
 * result for item i. fs_workmap runs every item and leaves the results in
 * out[i * out_size], in item order, so the answer never depends on how the
 * items were shared out. Without MPI the items run here, one after
 * another (each item may use threads of its own); a build with MPI shares
 * them among the ranks (rank k runs items k, k + P, ... of P ranks) and
 * gathers the results on rank 0 (workmap.c, mpi.h). In an MPI job every
 * rank must call fs_workmap with the same items, as it must every other
 * call that runs work (fs_mc_run_tasks, fs_study_run): they are
 * collective, and a rank that skips one leaves the others waiting.
 */
#ifndef FLEETSIM_WORKMAP_H
#define FLEETSIM_WORKMAP_H

#include <stddef.h>

#include "fleetsim/error.h"

/* Computes item `item` into out (out_size bytes). FS_OK, or an FS_E* code
 * with diag filled; the first failing item stops the map. */
typedef int fs_work_fn(void *ctx, size_t item, void *out, struct fs_diag *diag);

/* Called after each finished item on the calling rank: done of total. */
typedef void fs_work_progress_fn(void *ctx, size_t done, size_t total);

/*
 * Runs items 0 .. nitems-1 and stores item i's result at
 * (char *)out + i * out_size. out must hold nitems * out_size bytes on the
 * rank that gathers (fs_workmap_root() != 0); elsewhere it may be NULL.
 * progress may be NULL. Returns FS_OK or the first error, diag filled.
 */
int fs_workmap(size_t nitems, size_t out_size, fs_work_fn *fn, void *ctx,
               fs_work_progress_fn *progress, void *pctx, void *out,
               struct fs_diag *diag);

/* 1 on the process that gathers results and writes outputs (always 1
 * without MPI). */
int fs_workmap_root(void);

#endif
