/*
 * cost.h - energy and cost: rental-equivalent, total cost of ownership and
 * the fleet's cost over the horizon. Pure functions of the scenario and of
 * a replicate's GPU-hours. Equations: docs/model.md, "Costs".
 */
#ifndef FLEETSIM_COST_H
#define FLEETSIM_COST_H

#include "fleetsim/scenario.h"
#include "fleetsim/sim.h"

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

/* Fills energy, rental and TCO fields of every job from its GPU-hours. */
void fs_job_costs(const struct fs_scenario *s, struct fs_job_result *jobs);

/* Fills the clusters' job and unused GPU-hours and idle-capacity cost. */
void fs_cluster_costs(const struct fs_scenario *s, const struct fs_job_result *jobs,
                      struct fs_cluster_result *clusters);

/* The whole fleet's cost over the horizon, per cluster. */
struct fs_fleet_cost {
    double gpus;           /* GPUs including spares */
    double in_service_h;   /* hours in service within the horizon */
    double capex_usd;      /* owned: amortised capex within the horizon */
    double energy_usd;     /* owned: all in-service GPUs at avg_load */
    double energy_mwh;
    double rental_usd;     /* rented: GPUs x hours x price */
    double total_usd;
};

void fs_cost_fleet(const struct fs_scenario *s, const struct fs_cluster *c,
                   struct fs_fleet_cost *out);

#endif
