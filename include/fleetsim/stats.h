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

/*
 * The per-job quantities reported. XX(ID, column stem with unit, censored)
 *
 * The time split: a job waits from the scenario start until it is ready
 * (dependencies, earliest start), then from ready until it first gets its
 * GPUs (WAIT: hardware, queue), then computes from its first start until
 * it finishes (TTT, "time to train", interruptions included). "Time to
 * result" is the sum: from ready (RESULT) or from the scenario start
 * (END, the day it finished).
 *
 * Censored metrics (1) exist only for a run that finished (WAIT: that
 * started); a run that did not is censored at the horizon: its value is unknown but larger than
 * what it had reached then (fs_metric_bound). Their summaries count it in
 * the quantiles at +infinity and in the mean at that bound (fs_stat).
 * Every other metric exists in every replicate, finished or not, counted
 * to the horizon (GPU-hours, costs, energy: what was spent by then).
 */
#define FS_METRIC_MAP(XX)                                                     \
    XX(TTT, "time_to_train_days", 1)                                          \
    XX(RESULT, "time_to_result_days", 1)                                      \
    XX(WAIT, "wait_before_start_days", 1)                                     \
    XX(WAIT_HW, "wait_for_hardware_days", 0)                                  \
    XX(END, "end_day", 1)                                                     \
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
    XX(TCO_IDLE, "tco_idle_capacity_usd", 0)                                  \
    XX(ABSORB, "full_absorption_usd", 0)                                      \
    XX(FLEET, "fleet_cost_usd", 0)                                            \
    XX(LOST_DETECT, "gpu_hours_lost_detection", 0)                            \
    XX(LOST_STRAGGLER, "gpu_hours_lost_straggler", 0)                         \
    XX(INT_JOB, "interruptions_job_level", 0)                                 \
    XX(INT_DOMAIN, "interruptions_failure_domain", 0)

enum fs_metric {
#define XX(id, name, fin) FS_M_##id,
    FS_METRIC_MAP(XX)
#undef XX
    FS_M_COUNT
};

/* The metric's column stem ("time_to_train_days"); "?" when out of range. */
const char *fs_metric_name(enum fs_metric m);

/* 1 if metric m is a time to an event, censored at the horizon. */
int fs_metric_censored(enum fs_metric m);

/* One job's metric in one replicate; NAN where it does not exist (a
 * censored metric of a run that did not finish, the wait of one that
 * never became ready). */
double fs_metric_value(const struct fs_job_result *r, enum fs_metric m);

/* A censored metric of a run that did not finish: the value it had
 * reached at the horizon, a strict lower bound of the true value (0 for
 * time to train or to result that never began). NAN otherwise. */
double fs_metric_bound(const struct fs_job_result *r, enum fs_metric m);

/*
 * Summary statistics of one quantity over replicates.
 *
 * With censoring (ncens > 0): quantiles come from the empirical
 * distribution of all n + ncens replicates with the censored ones at
 * +infinity. A quantile that falls in (or interpolates into) the censored
 * mass is unknown: its flag is set and its value holds a lower bound
 * ("> value"): the same interpolation over the sorted lower bounds of all
 * replicates (observed values and censoring bounds; for END the horizon
 * when the quantile's neighbours are all censored). mean and sd are over all
 * n + ncens replicates with each censored one counted at its bound (the
 * mean restricted to the horizon: a lower bound when ncens > 0).
 */
struct fs_stat {
    size_t n;       /* observed values (for censored metrics: finished runs) */
    size_t ncens;   /* censored values (runs that did not finish) */
    double mean, sd;
    double p5, p50, p95;
    int p5_cens, p50_cens, p95_cens; /* 1: that quantile is censored */
    double cens_min; /* smallest censoring bound; NAN when ncens == 0 */
    double min, max; /* of the observed values */
};

/*
 * Computes the statistics of x[0..n-1] (sorted in place) with GSL: mean,
 * sample standard deviation (0 when n < 2), and quantiles by GSL's linear
 * interpolation of the sorted data (gsl_stats_quantile_from_sorted_data:
 * the quantile f is x[i] + (f (n-1) - i)(x[i+1] - x[i]), i = floor(f (n-1))).
 * n == 0 gives NaNs.
 */
void fs_stat_compute(double *x, size_t n, struct fs_stat *out);

/*
 * As fs_stat_compute, with censoring: x[0..n-1] observed values, b[0..ncens-1]
 * the censored ones' lower bounds (both sorted in place). Quantile f is
 * GSL's interpolation over all N = n + ncens sorted values, censored when
 * it needs a value of rank >= n: floor(f (N-1)) >= n, or
 * floor(f (N-1)) == n-1 with a fractional part.
 */
void fs_stat_compute_censored(double *x, size_t n, double *b, size_t ncens,
                              struct fs_stat *out);

/*
 * Quantiles f[0..nf-1] of x[0..n-1], each exactly what
 * gsl_stats_quantile_from_sorted_data gives over the sorted data (0 when
 * n == 0), found by
 * selection (gsl_stats_select, O(n) each) instead of a sort; x is
 * reordered. For a few quantiles of many values.
 */
void fs_quantiles(double *x, size_t n, const double *f, size_t nf, double *q);

/* Quantile f of the same censored sample (x sorted, n observed, ncens
 * censored); *censored 1 and NAN when it falls in the censored mass. */
double fs_censored_quantile(const double *x, size_t n, size_t ncens, double f, int *censored);

/* Writes quantile v into buf: "%.2f", ">%.2f" when censored (v then the
 * lower bound), "-" when NAN. Returns buf. */
char *fs_fmt_quantile(double v, int censored, char *buf, size_t len);

/* "P50 [P5-P95]" of st with fs_fmt_quantile's forms; "-" without values. */
char *fs_fmt_stat_range(const struct fs_stat *st, char *buf, size_t len);

/* A share of replicates with its Wilson score interval at 95 %. */
struct fs_share {
    size_t k, n;       /* k of n replicates */
    double p, lo, hi;  /* k / n and the interval; NAN when n == 0 */
};

/* k of n with the Wilson interval (z = gsl_cdf_ugaussian_Pinv(0.975)):
 * (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). */
void fs_share_compute(size_t k, size_t n, struct fs_share *out);

/* P(job j finished by t_h hours after the scenario start) over all
 * replicates (t_h >= the horizon: P(finished within the horizon)). */
void fs_finish_share(const struct fs_mc *mc, size_t j, double t_h, struct fs_share *out);

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
 * interval from Student's t (gsl_cdf_tdist_Pinv); for a censored metric
 * the difference of the P50s instead (fs_paired_diff). */
struct fs_diff {
    size_t n;
    double mean, lo, hi;      /* mean NaN when n == 0; lo, hi NaN when n < 2 */
    int censored;             /* 1: a P50 is censored, mean NAN: unknown */
    double fin_b, fin_a;      /* share of replicates finished in b and in a */
};

/*
 * The mean of d[0..n-1] and its 95 % t-interval:
 * mean +- t(0.975, n-1) * sd / sqrt(n), sd the sample standard deviation.
 */
void fs_diff_compute(const double *d, size_t n, struct fs_diff *out);

/*
 * Difference of metric m between job jb of run b and job ja of run a, over
 * the first min(nrep) replicates of both, never conditioned on finishing:
 * - a metric that is not censored (GPU-hours, costs, energy): the mean of
 *   the paired differences over all those replicates, each run counted to
 *   the same date, the horizon (an unfinished run is charged for the whole
 *   horizon it held its GPUs), with its t-interval;
 * - a censored metric (times): the difference of the P50s of the censored
 *   distributions (fs_stat_compute_censored), n the replicates, no
 *   interval; censored (mean NAN) when either P50 is.
 * fin_b and fin_a are the shares finished in each. FS_OK or FS_ENOMEM
 * (then *out has n == 0 and NaNs).
 */
int fs_paired_diff(const struct fs_mc *b, size_t jb, const struct fs_mc *a, size_t ja,
                   enum fs_metric m, struct fs_diff *out);

/*
 * GPUs in service of each cluster at the nt times t (hours) in each of *nr
 * replicates, [(r * nclusters + c) * nt + k]: the model's fs_capacity_grid
 * fed with each replicate's orders as batches at their arrival, so any
 * grid can be drawn (the fleet chart) or written (fleet_timeline.csv).
 * Without orders all replicates are alike and *nr is 1. The caller frees
 * the array; NULL when out of memory.
 */
float *fs_capacity_by_replicate(const struct fs_mc *mc, const double *t, size_t nt, size_t *nr);

/* Where job j started, across replicates (sim/placement_out.c): for its
 * candidate k (-1: replicates where it never started), the share of
 * replicates, how many of those finished, their finish day (censored at the
 * horizon) and their mean TCO and rental cost. scratch: 2 x nrep doubles. */
struct fs_place_stat {
    struct fs_share share;      /* k of n: replicates that started there */
    size_t finished;            /* of those, finished within the horizon */
    struct fs_stat end_day;     /* finish day over those (p50 NAN if none) */
    double tco_usd, rental_usd; /* means over those (NAN if none) */
};
void fs_place_stat(const struct fs_mc *mc, size_t j, int k, double *scratch,
                   struct fs_place_stat *out);

/* A job's deadline (sim/deadline.c; docs/model.md, "Deadlines"). */
struct fs_deadline_stat {
    double deadline_h;      /* end of the deadline day, h since start */
    struct fs_share share;  /* replicates finished by then, of all */
    double start_p50_h;     /* P50 first start (NAN if censored) */
    double goodput;         /* mean useful / allocated GPU-hours */
    double window_h;        /* deadline_h - start_p50_h */
    double gpus_needed;     /* whole nodes' GPUs to finish in the window
                               at that goodput (NAN: cannot say) */
    double extra_gpus;      /* gpus_needed - the job's GPUs */
    double cost_usd;        /* extra GPUs rented for the window (0 if none) */
};
int fs_deadline_stat(const struct fs_mc *mc, const struct fs_summary *sum, size_t j,
                     struct fs_deadline_stat *out);

#endif
