/*
 * sim.h - one replicate of the discrete-event simulation, and the results
 * it produces.
 *
 * A replicate is a pure function of (scenario, replicate index): it seeds
 * its own random streams from the scenario seed, so replicates can run in
 * any order, on any thread, and give bit-identical results. The simulation
 * state (struct fs_sim) is allocated once per thread and reused; running a
 * replicate allocates nothing.
 */
#ifndef FLEETSIM_SIM_H
#define FLEETSIM_SIM_H

#include <stdint.h>
#include <stdio.h>

#include "fleetsim/date.h"
#include "fleetsim/procure.h"
#include "fleetsim/scenario.h"

/* Why a running job stopped. XX(ID, name) */
#define FS_CAUSE_MAP(XX)                                                      \
    XX(NODE_OUT, "failure_node_out")                                          \
    XX(RESTART, "failure_restart_only")                                       \
    XX(PLANNED, "planned_maintenance")

enum fs_cause {
#define XX(id, name) FS_CAUSE_##id,
    FS_CAUSE_MAP(XX)
#undef XX
    FS_CAUSE_COUNT
};


/* What one job did in one replicate. Times are hours since scenario start. */
struct fs_job_result {
    int started;             /* got its GPUs within the horizon */
    int finished;            /* completed its FLOP budget within the horizon */
    double ready_h;          /* dependencies met and earliest start reached */
    double start_h;          /* first got its GPUs (NAN if never) */
    double end_h;            /* finished, or the horizon if unfinished */
    double wait_hardware_h;  /* of the wait from ready, the part before the
                                cluster owned enough GPUs (deliveries) */
    double progress;         /* share of the FLOP budget done at end_h */
    double checkpoint_interval_h; /* interval used (INFINITY: none needed) */
    /* GPU-hours; allocated = useful + lost + checkpoint + restart + idle */
    double gpu_h_allocated;  /* GPUs x (end_h - start_h) */
    double gpu_h_useful;     /* compute that counts toward the budget */
    double gpu_h_lost;       /* compute and checkpoint writes rolled back */
    double gpu_h_checkpoint; /* completed checkpoint writes */
    double gpu_h_restart;    /* restarting after interruptions */
    double gpu_h_idle;       /* held while waiting for nodes or maintenance */
    unsigned interruptions[FS_CAUSE_COUNT];
    unsigned checkpoints;
    unsigned by_cause[FS_MAX_CAUSES]; /* failure interruptions by the
                                         cluster's failure causes, if any */
    double energy_mwh;       /* facility energy of the allocated GPU-hours */
    double rental_usd;       /* allocated GPU-hours x $/GPU-h */
    double capex_share_usd;  /* its share of the cluster's capex while held */
    /* Total cost of ownership = sum of the four components below. */
    double tco_usd;
    double tco_capex_usd;    /* capex (or rent) of productive GPU-hours */
    double tco_energy_usd;   /* energy of productive GPU-hours */
    double tco_lost_usd;     /* capex + energy of lost, restart, idle hours */
    double tco_idle_capacity_usd; /* the cluster's unused GPUs during the run */
};

/* What one cluster did in one replicate. */
struct fs_cluster_result {
    unsigned node_failures;  /* all failures of its nodes, busy or idle */
    unsigned repairs;        /* failures that took a node out */
    unsigned by_cause[FS_MAX_CAUSES]; /* failures by cause, if causes are set */
    double gpu_h_jobs;       /* GPU-hours held by the scenario's jobs */
    double gpu_h_unused;     /* in-service GPU-hours no job held */
    double idle_capacity_usd;/* capex of the unused GPU-hours */
    /* The cluster over the horizon, deliveries included. */
    double gpus_end;         /* GPUs owned at the horizon (spares included) */
    double gpu_h_in_service; /* GPU-hours owned and in service */
    double fleet_capex_usd;  /* amortised capex within the horizon */
    double fleet_energy_usd; /* every GPU in service at avg_load */
    double fleet_energy_mwh;
    double fleet_rental_usd; /* rented clusters */
};

/* Events one replicate may process before fs_sim_run gives up (FS_ERANGE). */
#define FS_MAX_EVENTS 200000000ull

/* Per-thread simulation state (opaque). */
struct fs_sim;

/*
 * Allocates the state to simulate scenario s (which must outlive it):
 * event queue, nodes, random streams, sized for the scenario's peak.
 * Returns NULL when out of memory.
 */
struct fs_sim *fs_sim_new(const struct fs_scenario *s);
void fs_sim_free(struct fs_sim *sim);

/* Writes an event log of the next replicates run to `trace` (NULL: off). */
void fs_sim_set_trace(struct fs_sim *sim, FILE *trace);

/*
 * Runs replicate `rep` (0-based). Fills jobs[njobs] and clusters[nclusters].
 * Returns FS_OK, FS_ENOMEM if the event queue had to grow and could not, or
 * FS_ERANGE if the replicate needed more than FS_MAX_EVENTS events.
 */
int fs_sim_run(struct fs_sim *sim, uint64_t rep, struct fs_job_result *jobs,
               struct fs_cluster_result *clusters);

/*
 * Progress on a time grid: before a run, point the simulator at an array of
 * njobs x n floats (job-major) and the n grid times (hours, ascending);
 * the run fills each job's share of its FLOP budget done (saved plus
 * in-flight compute) at each grid time. NULL turns it off.
 */
void fs_sim_set_grid(struct fs_sim *sim, const double *grid_h, size_t n, float *out);

/* Called with a job's progress share at each change of its trajectory. */
typedef void fs_traj_fn(void *ctx, size_t job, double t_h, double share);

/* Records the full trajectory of the next replicates run (NULL: off). */
void fs_sim_set_recorder(struct fs_sim *sim, fs_traj_fn *fn, void *ctx);

/* GPUs in service per cluster at the grid times of fs_sim_set_grid
 * (nclusters x n floats, cluster-major); NULL turns it off. */
void fs_sim_set_capacity(struct fs_sim *sim, float *out);

/* The fate of each order in the last replicate run ([norders]). */
const struct fs_order_result *fs_sim_orders(const struct fs_sim *sim);

/* Number of events the last replicate processed (for benchmarks). */
uint64_t fs_sim_events(const struct fs_sim *sim);

/* Seed of random stream `stream` of replicate `rep` (splitmix64 mix). */
unsigned long fs_stream_seed(uint64_t seed, uint64_t rep, uint64_t stream);

#endif
