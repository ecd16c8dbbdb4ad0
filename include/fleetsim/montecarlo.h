/*
 * montecarlo.h - Monte Carlo: many replicates on all cores (their statistics are
 * in stats.h).
 *
 * Replicate r is a pure function of (scenario, r), so the results are the
 * same bit for bit whatever the number of threads or their timing; they
 * are stored by replicate index and aggregated in that order.
 */
#ifndef FLEETSIM_MONTECARLO_H
#define FLEETSIM_MONTECARLO_H

#include <stddef.h>

#include "fleetsim/scenario.h"
#include "fleetsim/replicate.h"

/* Progress is kept on this many evenly spaced times over the horizon... */
#define FS_GRID_POINTS 401
/* ...for at most this many replicates (the first ones), to bound memory. */
#define FS_GRID_REPS 1000

/* One point of a job's progress trajectory. */
struct fs_traj_point {
    double t_h;    /* hours since the scenario start */
    double share;  /* share of the FLOP budget done */
    size_t job;
};

struct fs_mc {
    const struct fs_scenario *s;
    size_t nrep;
    struct fs_job_result *jobs;         /* [rep * njobs + j] */
    struct fs_cluster_result *clusters; /* [rep * nclusters + c] */
    size_t ngrid;                       /* grid times */
    double *grid_h;                     /* [ngrid], 0 .. horizon */
    size_t ngrid_reps;                  /* min(nrep, FS_GRID_REPS) */
    float *grid;                        /* [(rep * njobs + j) * ngrid + k] */
    float *capacity;                    /* [(rep * nclusters + c) * ngrid + k]
                                           GPUs in service, first ngrid_reps */
    struct fs_order_result *orders;     /* [rep * norders + o] */
    /* Recorded by the worker that runs these replicates, during the run: */
    size_t sample_rep;                  /* the replicate traced in full (0) */
    struct fs_traj_point *sample;       /* its trajectory, in time order per job */
    size_t nsample, sample_cap;
    int traced;                         /* 1: trace holds trace_rep's event log */
    size_t trace_rep;                   /* (fs_mc_run_traced) */
    char *trace;                        /* the text fs_sim_set_trace writes, */
    size_t trace_len;                   /* trace_len bytes */
};

/* The most worker threads one Monte Carlo run starts (--threads checks it;
 * fs_mc_run uses at most this many whatever it is asked for). */
#define FS_MAX_THREADS 64

/* Called from the launching thread about ten times a second: done of total. */
typedef void fs_progress_fn(void *ctx, size_t done, size_t total);

/*
 * Runs s->replicates replicates on `threads` threads (0: one per online
 * core; capped at FS_MAX_THREADS and at the replicates). progress may be
 * NULL. On success *out owns the results (free with
 * fs_mc_free). Errors: FS_ENOMEM, with diag filled.
 */
int fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress,
              void *ctx, struct fs_mc **out, struct fs_diag *diag);

/*
 * As fs_mc_run, and the worker that runs replicate trace_rep also records
 * its event log into mc->trace (the same text fs_sim_set_trace writes).
 * FS_EUSAGE if trace_rep is not below s->replicates.
 */
int fs_mc_run_traced(const struct fs_scenario *s, int threads, size_t trace_rep,
                     fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                     struct fs_diag *diag);

void fs_mc_free(struct fs_mc *mc);

#endif
