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

/* The sample trajectory is kept whole up to this many points (6 MB; the
 * progress chart draws at most 2 x 2,000 per job and every failure); past
 * it, it is thinned while it is recorded, keeping each job's first and
 * last point, both points of every drop (a failure's rollback) and the
 * lowest and highest point of each of FS_SAMPLE_SLICES equal slices of
 * the job's span so far, so its size is bounded by the failures and the
 * slices, not by the events of the run. */
#define FS_SAMPLE_POINTS (1u << 18)
#define FS_SAMPLE_SLICES 8000

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
    /* A run of fs_mc_run_tasks without FS_MC_CLUSTERS: clusters and orders
     * are NULL and the means over replicates of each cluster's results
     * (fs_fleet_mean) are kept here instead, [nclusters]; NULL otherwise. */
    struct fs_cluster_result *fleet_means;
    /* With FS_MC_BANDS: P5, P50 and P95 of each job's progress share at each
     * grid time over the ngrid_reps replicates,
     * [(j * ngrid + k) * 3 + 0..2] (fs_quantiles); NULL otherwise. */
    double *bands;
    /* Recorded by the worker that runs these replicates, during the run: */
    size_t sample_rep;                  /* the replicate traced in full (0) */
    struct fs_traj_point *sample;       /* its trajectory, in time order per job;
                                           past FS_SAMPLE_POINTS points thinned
                                           as it is recorded (montecarlo.c) */
    size_t nsample, sample_cap;
    size_t sample_limit;                /* thin when nsample reaches it */
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

/*
 * Several Monte Carlo runs (the variants of a study) sharing one pool of
 * workers: the work items are (run, replicate) pairs taken in run order,
 * so every worker stays busy until the last replicate of the last run,
 * and each run is the same, bit for bit, as fs_mc_run would make it.
 *
 * What a run keeps besides its replicates' job, cluster and order results
 * is chosen per run (FS_MC_*), so memory grows with the runs only by what
 * their outputs read: the progress grid for the charts that draw it, the
 * capacity grid for the fleet chart, the sample trajectory for the
 * progress chart.
 */
#define FS_MC_GRID 1u     /* progress on the grid (the first FS_GRID_REPS) */
#define FS_MC_CAPACITY 2u /* GPUs in service on the grid (same replicates) */
#define FS_MC_SAMPLE 4u   /* the sample replicate's trajectory */
#define FS_MC_CLUSTERS 8u /* each replicate's cluster and order results; without
                             it only their means (fleet_means) stay */
#define FS_MC_BANDS 16u   /* the progress bands (bands below), computed when
                             the run finishes; the grid itself is then freed
                             unless FS_MC_GRID keeps it */
#define FS_MC_KEEP_ALL (FS_MC_GRID | FS_MC_CAPACITY | FS_MC_SAMPLE | FS_MC_CLUSTERS)

struct fs_summary;

struct fs_mc_task {
    const struct fs_scenario *s;  /* in: the scenario to run */
    unsigned keep;                /* in: FS_MC_* */
    int trace;                    /* in: record replicate trace_rep's event log */
    size_t trace_rep;
    struct fs_summary *sum;       /* in: where the statistics go (NULL: none);
                                     computed by the worker that finishes the
                                     run's last replicate */
    struct fs_mc *mc;             /* out: the results (free with fs_mc_free) */
    size_t sample_points;         /* in: thin the sample trajectory past this
                                     many points (0: FS_SAMPLE_POINTS) */
};

/* Called from the launching thread about ten times a second: run `task`
 * (the first one not finished) has done of total replicates. */
typedef void fs_tasks_progress_fn(void *ctx, size_t task, size_t done, size_t total);

/*
 * A run's arrays are allocated when its first replicate starts, and those
 * it does not keep are freed when its last one finishes, so memory holds
 * the runs in progress and what the finished ones keep.
 *
 * In an MPI job (mpi.h) every rank calls it with the same tasks: rank k of
 * P runs replicates k, k + P, ... of each task (replicate 0 and the traced
 * one on rank 0), and rank 0 gathers them into place and computes the
 * statistics; other ranks' results are partial and only to be freed.
 *
 * Runs every task on `threads` worker threads (0: one per online core;
 * capped at FS_MAX_THREADS and at the work items). On success each
 * t[k].mc owns its results and *t[k].sum is filled; on error every mc is
 * freed (NULL), no summary is left allocated, and diag says why
 * (FS_ENOMEM, FS_ERANGE, FS_EUSAGE for a trace replicate out of range).
 */
int fs_mc_run_tasks(struct fs_mc_task *t, size_t n, int threads,
                    fs_tasks_progress_fn *progress, void *ctx, struct fs_diag *diag);

#endif
