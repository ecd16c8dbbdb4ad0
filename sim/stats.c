/*
 * stats.c - statistics over replicates, all computed with GSL.
 *
 * The metric table (FS_METRIC_MAP) names every per-job quantity once, so
 * the terminal, summary.csv, replicates.csv, results.json and the charts
 * agree. Values are aggregated in replicate order, so the numbers never
 * depend on how many threads ran the replicates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"

/* ---- the metric table ---------------------------------------------------- */

static const struct {
    const char *name;
    int finished_only;
} metrics[FS_M_COUNT] = {
#define XX(id, name, fin) {name, fin},
    FS_METRIC_MAP(XX)
#undef XX
};

const char *fs_metric_name(enum fs_metric m)
{
    return (unsigned)m < FS_M_COUNT ? metrics[m].name : "?";
}

static unsigned interruptions(const struct fs_job_result *r)
{
    unsigned n = 0;
    for (int c = 0; c < FS_CAUSE_COUNT; c++)
        n += r->interruptions[c];
    return n;
}

double fs_metric_value(const struct fs_job_result *r, enum fs_metric m)
{
    if ((unsigned)m >= FS_M_COUNT || (metrics[m].finished_only && !r->finished))
        return NAN;
    switch (m) {
    case FS_M_TTT:
        return (r->end_h - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_WAIT:
        /* A job that never started waited until the horizon. */
        if (isnan(r->ready_h))
            return NAN;
        return ((r->started ? r->start_h : r->end_h) - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_WAIT_HW:
        return isnan(r->ready_h) ? NAN : r->wait_hardware_h / FS_HOURS_PER_DAY;
    case FS_M_END:
        return r->started ? r->end_h / FS_HOURS_PER_DAY : NAN;
    case FS_M_PROGRESS:
        return r->progress;
    case FS_M_ALLOC:
        return r->gpu_h_allocated;
    case FS_M_USEFUL:
        return r->gpu_h_useful;
    case FS_M_LOST:
        return r->gpu_h_lost;
    case FS_M_CKPT:
        return r->gpu_h_checkpoint;
    case FS_M_RESTART:
        return r->gpu_h_restart;
    case FS_M_IDLE:
        return r->gpu_h_idle;
    case FS_M_GOODPUT:
        return r->gpu_h_allocated > 0.0 ? r->gpu_h_useful / r->gpu_h_allocated : NAN;
    case FS_M_INTERRUPTS:
        return interruptions(r);
    case FS_M_INT_OUT:
        return r->interruptions[FS_CAUSE_NODE_OUT];
    case FS_M_INT_RESTART:
        return r->interruptions[FS_CAUSE_RESTART];
    case FS_M_INT_PLANNED:
        return r->interruptions[FS_CAUSE_PLANNED];
    case FS_M_CHECKPOINTS:
        return r->checkpoints;
    case FS_M_ENERGY:
        return r->energy_mwh;
    case FS_M_RENTAL:
        return r->rental_usd;
    case FS_M_TCO:
        return r->tco_usd;
    case FS_M_TCO_CAPEX:
        return r->tco_capex_usd;
    case FS_M_TCO_ENERGY:
        return r->tco_energy_usd;
    case FS_M_TCO_LOST:
        return r->tco_lost_usd;
    case FS_M_TCO_IDLE:
        return r->tco_idle_capacity_usd;
    case FS_M_COUNT:
        break;
    }
    return NAN;
}

/* ---- summaries ----------------------------------------------------------- */

void fs_stat_compute(double *x, size_t n, struct fs_stat *out)
{
    out->n = n;
    if (n == 0) {
        out->mean = out->sd = out->p5 = out->p50 = out->p95 = NAN;
        out->min = out->max = NAN;
        return;
    }
    gsl_sort(x, 1, n);
    out->mean = gsl_stats_mean(x, 1, n);
    out->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, out->mean) : 0.0;
    out->p5 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
    out->min = x[0];
    out->max = x[n - 1];
}

int fs_summary_compute(const struct fs_mc *mc, struct fs_summary *out)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc((mc->nrep + 1) * sizeof(double));
    out->njobs = s->njobs;
    out->stats = calloc(s->njobs * FS_M_COUNT + 1, sizeof(*out->stats));
    if (x == NULL || out->stats == NULL) {
        free(x);
        free(out->stats);
        out->stats = NULL;
        out->njobs = 0;
        return FS_ENOMEM;
    }
    for (size_t j = 0; j < s->njobs; j++) {
        for (int m = 0; m < FS_M_COUNT; m++) {
            size_t n = 0;
            for (size_t r = 0; r < mc->nrep; r++) {
                double v = fs_metric_value(&mc->jobs[r * s->njobs + j], (enum fs_metric)m);
                if (!isnan(v))
                    x[n++] = v;
            }
            fs_stat_compute(x, n, &out->stats[j * FS_M_COUNT + (size_t)m]);
        }
    }
    free(x);
    return FS_OK;
}

void fs_summary_release(struct fs_summary *sum)
{
    free(sum->stats);
    sum->stats = NULL;
    sum->njobs = 0;
}

const struct fs_stat *fs_summary_stat(const struct fs_summary *sum, size_t j, enum fs_metric m)
{
    return &sum->stats[j * FS_M_COUNT + (size_t)m];
}

/* ---- means --------------------------------------------------------------- */

void fs_fleet_mean(const struct fs_mc *mc, size_t c, struct fs_cluster_result *out)
{
    const size_t nc = mc->s->nclusters;
    memset(out, 0, sizeof(*out));
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_cluster_result *x = &mc->clusters[r * nc + c];
        out->gpus_end += x->gpus_end / (double)mc->nrep;
        out->gpu_h_in_service += x->gpu_h_in_service / (double)mc->nrep;
        out->fleet_capex_usd += x->fleet_capex_usd / (double)mc->nrep;
        out->fleet_energy_usd += x->fleet_energy_usd / (double)mc->nrep;
        out->fleet_energy_mwh += x->fleet_energy_mwh / (double)mc->nrep;
        out->fleet_rental_usd += x->fleet_rental_usd / (double)mc->nrep;
        out->fleet_rental_equiv_usd += x->fleet_rental_equiv_usd / (double)mc->nrep;
    }
}

double fs_cause_mean(const struct fs_mc *mc, size_t j, size_t k)
{
    double sum = 0.0;
    for (size_t r = 0; r < mc->nrep; r++)
        sum += mc->jobs[r * mc->s->njobs + j].by_cause[k];
    return sum / (double)mc->nrep;
}

/* ---- orders -------------------------------------------------------------- */

void fs_order_stat(const struct fs_mc *mc, size_t o, double *scratch, struct fs_order_stat *out)
{
    const size_t no = mc->s->norders;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    out->rule = -1;
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_order_result *x = &mc->orders[r * no + o];
        out->count[x->fate]++;
        out->gpus_delivered += x->gpus_delivered / (double)mc->nrep;
        if (scratch != NULL && !isnan(x->arrival_h))
            scratch[n++] = x->arrival_h;
        if (x->rule >= 0)
            out->rule = x->rule;
    }
    fs_stat_compute(scratch, n, &out->arrival_h);
}

/* ---- the progress grid --------------------------------------------------- */

void fs_grid_progress_stat(const struct fs_mc *mc, size_t j, size_t k, double *scratch,
                           struct fs_stat *out)
{
    const size_t nj = mc->s->njobs;
    for (size_t r = 0; r < mc->ngrid_reps; r++)
        scratch[r] = mc->grid[(r * nj + j) * mc->ngrid + k];
    fs_stat_compute(scratch, mc->ngrid_reps, out);
}

void fs_grid_capacity_stat(const struct fs_mc *mc, size_t chip, size_t k, double *scratch,
                           struct fs_stat *out)
{
    const struct fs_scenario *s = mc->s;
    for (size_t r = 0; r < mc->ngrid_reps; r++) {
        scratch[r] = 0.0;
        for (size_t c = 0; c < s->nclusters; c++)
            if (chip == SIZE_MAX || s->clusters[c].chip == chip)
                scratch[r] += mc->capacity[(r * s->nclusters + c) * mc->ngrid + k];
    }
    fs_stat_compute(scratch, mc->ngrid_reps, out);
}

/* ---- paired differences -------------------------------------------------- */

void fs_diff_compute(const double *d, size_t n, struct fs_diff *out)
{
    *out = (struct fs_diff){n, NAN, NAN, NAN};
    if (n >= 1)
        out->mean = gsl_stats_mean(d, 1, n);
    if (n >= 2) {
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) *
                      gsl_stats_sd_m(d, 1, n, out->mean) / sqrt((double)n);
        out->lo = out->mean - half;
        out->hi = out->mean + half;
    }
}

int fs_paired_diff(const struct fs_mc *b, size_t jb, const struct fs_mc *a, size_t ja,
                   enum fs_metric m, struct fs_diff *out)
{
    size_t n = 0, nrep = b->nrep < a->nrep ? b->nrep : a->nrep;
    double *d = malloc((nrep + 1) * sizeof(double));

    *out = (struct fs_diff){0, NAN, NAN, NAN};
    if (d == NULL)
        return FS_ENOMEM;
    for (size_t r = 0; r < nrep; r++) {
        const struct fs_job_result *rb = &b->jobs[r * b->s->njobs + jb];
        const struct fs_job_result *ra = &a->jobs[r * a->s->njobs + ja];
        double x = fs_metric_value(rb, m), y = fs_metric_value(ra, m);
        if (rb->finished && ra->finished && !isnan(x) && !isnan(y))
            d[n++] = x - y;
    }
    fs_diff_compute(d, n, out);
    free(d);
    return FS_OK;
}
