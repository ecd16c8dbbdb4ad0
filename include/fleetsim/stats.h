/*
 * stats.h - statistics over replicates: the table of per-job metrics,
 * summaries (mean, standard deviation, quantiles), fleet and cause means,
 * and paired differences between two runs with common random numbers.
 *
 * Everything here reads finished Monte Carlo results (struct fs_mc) and
 * computes with GSL; output writers, reports and charts only read the
 * summaries it produces.
 */
#ifndef FLEETSIM_STATS_H
#define FLEETSIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "fleetsim/replicate.h"

struct fs_mc;

/* The per-job quantities reported. XX(ID, column stem with unit, finished only) */
#define FS_METRIC_MAP(XX)                                                     \
    XX(TTT, "time_to_train_days", 1)                                          \
    XX(WAIT, "wait_before_start_days", 0)                                     \
    XX(WAIT_HW, "wait_for_hardware_days", 0)                                  \
    XX(END, "end_day", 0)                                                     \
    XX(PROGRESS, "progress_share", 0)                                         \
    XX(ALLOC, "gpu_hours_allocated", 0)                                       \
    XX(USEFUL, "gpu_hours_useful", 0)                                         \
    XX(LOST, "gpu_hours_lost", 0)                                             \
    XX(CKPT, "gpu_hours_checkpoint", 0)                                       \
    XX(RESTART, "gpu_hours_restart", 0)                                       \
    XX(IDLE, "gpu_hours_idle", 0)                                             \
    XX(GOODPUT, "goodput_share", 0)                                           \
    XX(INTERRUPTS, "interruptions", 0)                                        \
    XX(INT_OUT, "interruptions_failure_node_out", 0)                          \
    XX(INT_RESTART, "interruptions_failure_restart_only", 0)                  \
    XX(INT_PLANNED, "interruptions_planned_maintenance", 0)                   \
    XX(CHECKPOINTS, "checkpoints", 0)                                         \
    XX(ENERGY, "energy_mwh", 0)                                               \
    XX(RENTAL, "rental_usd", 0)                                               \
    XX(TCO, "tco_usd", 0)                                                     \
    XX(TCO_CAPEX, "tco_capex_usd", 0)                                         \
    XX(TCO_ENERGY, "tco_energy_usd", 0)                                       \
    XX(TCO_LOST, "tco_lost_work_usd", 0)                                      \
    XX(TCO_IDLE, "tco_idle_capacity_usd", 0)

enum fs_metric {
#define XX(id, name, fin) FS_M_##id,
    FS_METRIC_MAP(XX)
#undef XX
    FS_M_COUNT
};

/* The metric's column stem ("time_to_train_days"); "?" when out of range. */
const char *fs_metric_name(enum fs_metric m);

/* One job's metric in one replicate; NAN where it does not exist (the time
 * to train of a run that did not finish, the wait of one that never began). */
double fs_metric_value(const struct fs_job_result *r, enum fs_metric m);

/* Summary statistics of one quantity over replicates. */
struct fs_stat {
    size_t n;       /* values (replicates where the quantity exists) */
    double mean, sd;
    double p5, p50, p95;
    double min, max;
};

/*
 * Computes the statistics of x[0..n-1] (sorted in place) with GSL: mean,
 * sample standard deviation (0 when n < 2), and quantiles by GSL's linear
 * interpolation of the sorted data (gsl_stats_quantile_from_sorted_data:
 * the quantile f is x[i] + (f (n-1) - i)(x[i+1] - x[i]), i = floor(f (n-1))).
 * n == 0 gives NaNs.
 */
void fs_stat_compute(double *x, size_t n, struct fs_stat *out);

/* Statistics of every metric of every job: stats[job * FS_M_COUNT + m]. */
struct fs_summary {
    size_t njobs;
    struct fs_stat *stats;
};

/* Fills *out from mc (FS_OK) or leaves it empty (FS_ENOMEM). */
int fs_summary_compute(const struct fs_mc *mc, struct fs_summary *out);
void fs_summary_release(struct fs_summary *sum);

/* The statistics of metric m of job j. */
const struct fs_stat *fs_summary_stat(const struct fs_summary *sum, size_t j, enum fs_metric m);

/*
 * Means over replicates of cluster c's fleet figures over the horizon
 * (GPUs at the horizon, GPU-hours in service, capex, energy, rental): the
 * numbers behind the "fleet" table, results.json and the cost chart.
 */
void fs_fleet_mean(const struct fs_mc *mc, size_t c, struct fs_cluster_result *out);

/* Mean interruptions of job j by its cluster's failure cause k. */
double fs_cause_mean(const struct fs_mc *mc, size_t j, size_t k);

/* What became of order o across replicates. */
struct fs_order_stat {
    unsigned count[FS_FATE_COUNT]; /* replicates ending in each fate */
    double gpus_delivered;         /* mean GPUs delivered within the horizon */
    struct fs_stat arrival_h;      /* over the replicates where some arrived */
    int rule;                      /* the last rule that decided it, or -1 */
};

/* Fills *out for order o; scratch holds mc->nrep doubles (NULL: no
 * arrival statistics, arrival_h.n == 0). */
void fs_order_stat(const struct fs_mc *mc, size_t o, double *scratch, struct fs_order_stat *out);

/*
 * On the progress grid (the first mc->ngrid_reps replicates, grid time
 * mc->grid_h[k]): the statistics of job j's progress share, and of the GPUs
 * in service in the clusters of chip `chip` (SIZE_MAX: every cluster).
 * scratch holds mc->ngrid_reps doubles.
 */
void fs_grid_progress_stat(const struct fs_mc *mc, size_t j, size_t k, double *scratch,
                           struct fs_stat *out);
void fs_grid_capacity_stat(const struct fs_mc *mc, size_t chip, size_t k, double *scratch,
                           struct fs_stat *out);

/* A paired difference b - a over replicates, with a 95 % confidence
 * interval from Student's t (gsl_cdf_tdist_Pinv). */
struct fs_diff {
    size_t n;
    double mean, lo, hi;      /* mean NaN when n == 0; lo, hi NaN when n < 2 */
};

/*
 * The mean of d[0..n-1] and its 95 % t-interval:
 * mean +- t(0.975, n-1) * sd / sqrt(n), sd the sample standard deviation.
 */
void fs_diff_compute(const double *d, size_t n, struct fs_diff *out);

/*
 * Paired difference of metric m between job jb of run b and job ja of run
 * a, replicate by replicate (the first min(nrep) replicates), over the
 * replicates where the job finished in both: an unfinished run is charged
 * only for the work it did, which would make it look cheaper. FS_OK or
 * FS_ENOMEM (then *out has n == 0 and NaNs).
 */
int fs_paired_diff(const struct fs_mc *b, size_t jb, const struct fs_mc *a, size_t ja,
                   enum fs_metric m, struct fs_diff *out);

#endif
