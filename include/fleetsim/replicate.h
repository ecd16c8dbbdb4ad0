/*
 * replicate.h - one replicate of the discrete-event simulation, and the results
 * it produces.
 *
 * A replicate is a pure function of (scenario, replicate index): it seeds
 * its own random streams from the scenario seed, so replicates can run in
 * any order, on any thread, and give bit-identical results. The simulation
 * state (struct fs_sim) is allocated once per thread and reused; running a
 * replicate allocates nothing.
 */
#ifndef FLEETSIM_REPLICATE_H
#define FLEETSIM_REPLICATE_H

#include <stdint.h>
#include <stdio.h>

#include "fleetsim/date.h"
#include "fleetsim/procure.h"
#include "fleetsim/scenario.h"
#include "fleetsim/result.h"
#include "fleetsim/scenario.h"

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
