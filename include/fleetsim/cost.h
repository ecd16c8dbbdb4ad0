/*
 * cost.h - energy and cost: rental-equivalent, total cost of ownership and
 * the fleet's cost over the horizon. Pure functions of the scenario and of
 * a replicate's GPU-hours. Equations: docs/model.md, "Costs".
 */
#ifndef FLEETSIM_COST_H
#define FLEETSIM_COST_H

#include "fleetsim/procure.h"
#include "fleetsim/result.h"
#include "fleetsim/scenario.h"

#define FS_HOURS_PER_YEAR 8760.0

/* ---- price basis and all-in capex ------------------------------------- */

/* What a chip's list price covers. */
enum fs_price_basis {
    FS_BASIS_MODULE,            /* the GPU module alone */
    FS_BASIS_SERVER_PER_GPU,    /* an 8-GPU server's price / 8 */
    FS_BASIS_RACK_PER_GPU       /* a rack-scale system's price / its GPUs */
};

/* Epoch's confirmed constants (updates-2026-11.md, section 0 rows 19-20). */
#define FS_EPOCH_INTERCONNECT_SHARE 0.19   /* of hardware + interconnect */
#define FS_EPOCH_OOMS_PER_YEAR 0.14        /* GPU price-performance */
#define FS_EPOCH_HOURS_PER_YEAR 8766.0
#define FS_EPOCH_CHIP_TO_SERVER_POWER 1.8  /* GPUs other than Epoch's table */
#define FS_EPOCH_TRAINING_DRAW 0.75        /* x server TDP */
#define FS_EPOCH_PUE 1.25                  /* non-hyperscaler (costs.md E.1) */
#define FS_EPOCH_UTILIZATION 0.375         /* median MFU when unknown */

/* Server price / module price of a chip family (Epoch): "A100..." 1.66,
 * "V100..." 1.69, "P100..." 1.54, any other 1.64. */
double fs_cost_family_overhead(const char *chip_name);

/* Epoch's server power / chip TDP: "A100..." 2.03, "H100..." 1.82 (from
 * the DGX power specs, costs.md E.1), any other GPU 1.8 (updates-2026-11.md
 * 0.20). */
double fs_cost_epoch_server_power(const char *chip_name);

/* The parts of one GPU's all-in capex, USD. */
struct fs_capex_parts {
    double price;        /* as listed, on its basis */
    double hardware;     /* server-level: price x overhead for a module,
                            the price itself otherwise */
    double storage;      /* hardware x storage share */
    double interconnect; /* (hardware + storage) x s / (1 - s) */
    double all_in;       /* hardware + storage + interconnect */
};

/* All-in capex per GPU from a price on `basis`; overhead applies only to
 * module prices; interconnect_share s in [0, 1) of the total. */
struct fs_capex_parts fs_cost_capex_parts(double price, enum fs_price_basis basis,
                                          double overhead, double interconnect_share,
                                          double storage_share);

/* Server overhead of a cluster's chip: the cluster's, the chip's, or the
 * family default. */
double fs_cost_cluster_overhead(const struct fs_chip *chip, const struct fs_cluster_cost *k);

/* The chip's defaults (family overhead, 19 %, 0) with the cluster's
 * overrides, applied to `price` on the chip's basis. */
struct fs_capex_parts fs_cost_cluster_capex_parts(const struct fs_chip *chip,
                                                  const struct fs_cluster_cost *k,
                                                  double price);

/* ---- capital cost ------------------------------------------------------ */

enum fs_capital {
    FS_CAPITAL_STRAIGHT_LINE,   /* (1 - residual) x capex / life, per hour */
    FS_CAPITAL_ANNUITY,         /* (capex - residual x (1+r)^-n) x CRF per year */
    FS_CAPITAL_VALUE_DECAY      /* value x 10^(-k t): the value lost */
};

/* The cluster's hours per year: hours_per_year, or 8760 when it is 0. */
double fs_cost_hours_per_year(const struct fs_cluster_cost *k);

/* Capital recovery factor r / (1 - (1 + r)^-n); 1/n when r = 0. */
double fs_cost_crf(double r, double n_years);

/*
 * Capital charge of `gpus` GPUs costing unit_usd each, between a_h and b_h
 * hours after their arrival (0 <= a_h <= b_h <= life_h), by the cluster's
 * method. Straight-line: gpus x unit x (1 - residual) / life_h x (b - a);
 * annuity: gpus x (unit - residual x unit x (1+r)^-n) x CRF(r, n) / hpy x
 * (b - a), n = life_h / hpy; value decay: gpus x unit x (10^(-k a/hpy) -
 * 10^(-k b/hpy)).
 */
double fs_cost_capital_usd(const struct fs_cluster_cost *k, double gpus, double unit_usd,
                           double life_h, double a_h, double b_h);

/* ---- dated prices ------------------------------------------------------ */

/* The curve's value at t_h: linear between points (gsl_interp_linear),
 * constant beyond the ends; one point is a constant. NAN if n = 0. */
double fs_cost_curve_at(const struct fs_price_curve *cv, double t_h);

/* Integral of the curve over [t0_h, t1_h] (gsl_interp_eval_integ inside
 * the points, constant ends outside). NAN if n = 0. */
double fs_cost_curve_integral(const struct fs_price_curve *cv, double t0_h, double t1_h);

/* Rent per GPU-hour of cluster c at t_h: its rental points, else its
 * rental_usd_per_gpu_hour. */
double fs_cost_rent_at(const struct fs_cluster *c, double t_h);

/* Rental-equivalent of `gpus` GPUs held over [t0_h, t1_h]:
 * gpus x integral of the rent (the flat rent x hours without points). */
double fs_cost_rental_equiv(const struct fs_cluster *c, double gpus, double t0_h, double t1_h);

/* ---- views for the outputs (pure; docs/model.md, "Costs") -------------- */

/* Hardware outlay of one cluster: GPUs it received (initial + deliveries
 * within the horizon) x price, all-in and GPU-only: all-in x (price / all-in)
 * for a module price; for a server or rack price, the GPU is that price /
 * server overhead (Epoch's split), so all-in x (1 / overhead) / (all-in /
 * price). */
struct fs_outlay {
    double gpus;
    double gpu_only_usd;
    double all_in_usd;
};
/* Fills out[0..nclusters-1]; rented clusters get gpus and 0 USD. Sum rows
 * with the same s->clusters[i].chip for a by-chip view. */
void fs_cost_hardware_outlay(const struct fs_scenario *s, const struct fs_delivery *dv,
                             size_t ndv, struct fs_outlay *out);

/* One year of a cluster of `gpus` GPUs at utilisation u (busy share of
 * in-service hours), USD, in its first year of life. */
struct fs_annual_cost {
    double capital, energy, maintenance, facility, staff, rent;
    double total;
};
struct fs_annual_cost fs_cost_annual(const struct fs_scenario *s, const struct fs_cluster *c,
                                     double gpus, double u);

/* Datacentre costs of an owned cluster over a period (0 if rented):
 * maintenance and colocation/build per GPU-hour in service
 * ((maintenance share x capex_usd_per_gpu + facility per GPU-year) / hpy x
 * gpu_h_in_service) plus staff x cluster_h / hpy, cluster_h the hours the
 * cluster is in service. For the fleet table over the horizon. */
double fs_cost_datacentre_usd(const struct fs_scenario *s, const struct fs_cluster *c,
                              double gpu_h_in_service, double cluster_h);

/* Fleet cost per delivered GPU-hour: annual total / (gpus x hpy x u). */
double fs_cost_per_delivered_gpu_h(const struct fs_cluster *c, double annual_usd,
                                   double gpus, double u);

/* The three named attribution views of a job's cost. */
struct fs_job_views {
    double marginal;        /* rental-equivalent of its GPU-hours */
    double full_absorption; /* fleet cost per delivered GPU-hour x its GPU-hours */
    double dedicated;       /* the cluster's TCO while the job holds it */
};
struct fs_job_views fs_cost_job_views(double rental_equiv_usd, double fleet_usd_per_gpu_h,
                                      double job_gpu_h, double dedicated_tco_usd);

/* Rent vs buy at utilisation u: owning per delivered GPU-hour, renting per
 * GPU-hour, and the utilisation u* at which they are equal: with the annual
 * cost F + V u (V: busy energy minus idle energy), u* = F / (gpus x hpy x
 * rent - V); > 1 means renting is cheaper at any utilisation. */
struct fs_rent_vs_buy {
    double own_usd_per_gpu_h, rent_usd_per_gpu_h, breakeven_utilisation;
};
struct fs_rent_vs_buy fs_cost_rent_vs_buy(const struct fs_scenario *s, const struct fs_cluster *c,
                                          double gpus, double u, double rent_usd_per_gpu_h);

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
