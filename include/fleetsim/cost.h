/*
 * cost.h - energy and cost: rental-equivalent, total cost of ownership and
 * the fleet's cost over the horizon. Pure functions of the scenario and of
 * a replicate's GPU-hours. Equations: docs/model.md, "Costs".
 */
#ifndef FLEETSIM_COST_H
#define FLEETSIM_COST_H

#include "fleetsim/procure.h"
#include "fleetsim/scenario.h"
#include "fleetsim/result.h"
#include "fleetsim/scenario.h"

#define FS_HOURS_PER_YEAR 8760.0

/* Facility energy of one GPU-hour in training, kWh:
 * TDP x server_power_factor x avg_load x PUE. */
double fs_cost_kwh_per_gpu_h(const struct fs_scenario *s, const struct fs_cluster *c);

/*
 * Straight-line capex of `gpus` GPUs of an owned cluster over the simulated
 * hours [t0, t1], counting only the part inside the depreciation life
 * [online, online + amortization_years). 0 for rented clusters.
 */
double fs_cost_capex_usd(const struct fs_scenario *s, const struct fs_cluster *c,
                         double t0_h, double t1_h, double gpus);

/* Capex over [t0, t1] of a batch of GPUs delivered at arrive_h, each
 * depreciated straight-line over the cluster's life from arrival, until the
 * cluster retires. */
double fs_cost_batch_capex(const struct fs_scenario *s, const struct fs_cluster *c, double gpus,
                           double unit_usd, double arrive_h, double t0_h, double t1_h);

/* Fills energy, rental and TCO fields of every job from its GPU-hours. */
void fs_job_costs(const struct fs_scenario *s, struct fs_job_result *jobs);

/* Fills the clusters' job and unused GPU-hours, idle-capacity cost and
 * fleet cost over the horizon, given the replicate's deliveries. */
void fs_cluster_costs(const struct fs_scenario *s, const struct fs_job_result *jobs,
                      const struct fs_delivery *dv, size_t ndv,
                      struct fs_cluster_result *clusters);

/*
 * Rental-equivalent cost of a cluster's fleet over the horizon, USD: what
 * its GPU-hours in service would cost rented. Owned: gpu_h_in_service x
 * rental_usd_per_gpu_h; rented: the rent paid (fleet_rental_usd). Reads the
 * fleet fields of r, which fs_cluster_costs fills (and then sets
 * r->fleet_rental_equiv_usd to this).
 */
double fs_cost_fleet_rental_equiv_usd(const struct fs_cluster *c,
                                      const struct fs_cluster_result *r);

/* GPUs in service of each cluster at times t[0..n-1] (out: nclusters x n). */
void fs_capacity_grid(const struct fs_scenario *s, const struct fs_delivery *dv, size_t ndv,
                      const double *t, size_t n, float *out);


#endif
