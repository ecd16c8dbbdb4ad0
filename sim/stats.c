/*
 * stats.c - statistics over replicates, all computed with GSL.
 *
 * The metric table (FS_METRIC_MAP) names every per-job quantity once, so
 * the terminal, summary.csv, replicates.csv, results.json and the charts
 * agree. Values are aggregated in replicate order, so the numbers never
 * depend on how many threads ran the replicates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/cost.h"
#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/procure.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"

/* ---- the metric table ---------------------------------------------------- */

static const struct {
    const char *name;
    int censored;
} metrics[FS_M_COUNT] = {
#define XX(id, name, fin) {name, fin},
    FS_METRIC_MAP(XX)
#undef XX
};

const char *fs_metric_name(enum fs_metric m)
{
    return (unsigned)m < FS_M_COUNT ? metrics[m].name : "?";
}

int fs_metric_censored(enum fs_metric m)
{
    return (unsigned)m < FS_M_COUNT && metrics[m].censored;
}

/* Whether metric m of r is censored: its event (finish; for WAIT, the
 * first start) did not happen within the horizon. */
static int is_censored(const struct fs_job_result *r, enum fs_metric m)
{
    if (!fs_metric_censored(m))
        return 0;
    if (m == FS_M_WAIT)
        return !r->started && !isnan(r->ready_h);
    return !r->finished;
}

double fs_metric_bound(const struct fs_job_result *r, enum fs_metric m)
{
    if (!is_censored(r, m))
        return NAN;
    switch (m) {
    case FS_M_WAIT: /* ready, waited to the horizon */
        return (r->end_h - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_TTT: /* computed from its first start to the horizon, or not at all */
        return r->started ? (r->end_h - r->start_h) / FS_HOURS_PER_DAY : 0.0;
    case FS_M_RESULT:
        return isnan(r->ready_h) ? 0.0 : (r->end_h - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_END:
        return r->end_h / FS_HOURS_PER_DAY;
    default:
        return NAN;
    }
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
    if ((unsigned)m >= FS_M_COUNT || is_censored(r, m))
        return NAN;
    switch (m) {
    case FS_M_TTT:
        return (r->end_h - r->start_h) / FS_HOURS_PER_DAY;
    case FS_M_RESULT:
        return (r->end_h - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_WAIT:
        /* (A job that never started is censored: fs_metric_bound.) */
        if (isnan(r->ready_h))
            return NAN;
        return (r->start_h - r->ready_h) / FS_HOURS_PER_DAY;
    case FS_M_WAIT_HW:
        return isnan(r->ready_h) ? NAN : r->wait_hardware_h / FS_HOURS_PER_DAY;
    case FS_M_END:
        return r->end_h / FS_HOURS_PER_DAY;
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
    case FS_M_ABSORB:
        return r->absorption_usd;
    case FS_M_FLEET:
        return r->fleet_usd;
    case FS_M_LOST_DETECT:
        return r->gpu_h_detect;
    case FS_M_LOST_STRAGGLER:
        return r->gpu_h_straggler;
    case FS_M_INT_JOB:
        return r->interruptions[FS_CAUSE_JOB];
    case FS_M_INT_DOMAIN:
        return r->interruptions[FS_CAUSE_DOMAIN];
    case FS_M_COUNT:
        break;
    }
    return NAN;
}

/* ---- summaries ----------------------------------------------------------- */

void fs_stat_compute(double *x, size_t n, struct fs_stat *out)
{
    fs_stat_compute_censored(x, n, NULL, 0, out);
}

double fs_censored_quantile(const double *x, size_t n, size_t ncens, double f, int *censored)
{
    const size_t nall = n + ncens;
    double pos, delta;
    size_t i;

    *censored = 0;
    if (nall == 0)
        return NAN;
    if (ncens == 0)
        return gsl_stats_quantile_from_sorted_data(x, 1, n, f);
    pos = f * (double)(nall - 1);
    i = (size_t)pos;
    delta = pos - (double)i;
    if (i >= n || (i + 1 == n && delta > 0.0)) {
        *censored = 1;
        return NAN;
    }
    /* GSL's interpolation over the N sorted values (the same expression as
     * gsl_stats_quantile_from_sorted_data), which here needs only observed
     * ones. */
    return i + 1 == n ? x[i] : (1 - delta) * x[i] + delta * x[i + 1];
}

/* Mean and sample sd of x[0..n-1] and b[0..nb-1] taken together: GSL's
 * own functions when nb == 0; otherwise the same running (Welford) update
 * that gsl_stats_mean and gsl_stats_variance use, over the two arrays. */
static void mean_sd(const double *x, size_t n, const double *b, size_t nb, double *mean,
                    double *sd)
{
    double m = 0.0, q = 0.0;
    size_t k = 0;
    if (nb == 0) {
        *mean = gsl_stats_mean(x, 1, n);
        *sd = n > 1 ? gsl_stats_sd_m(x, 1, n, *mean) : 0.0;
        return;
    }
    for (size_t i = 0; i < n + nb; i++) {
        double v = i < n ? x[i] : b[i - n], d = v - m;
        k++;
        m += d / (double)k;
        q += d * (v - m);
    }
    *mean = m;
    *sd = k > 1 ? sqrt(q / (double)(k - 1)) : 0.0;
}

/* The k-th smallest (0-based) of x[0..n-1] and b[0..nb-1], both sorted. */
static double merged_at(const double *x, size_t n, const double *b, size_t nb, size_t k)
{
    size_t i = 0, l = 0;
    for (;;) {
        int take_x = l >= nb || (i < n && x[i] <= b[l]);
        if (i + l == k)
            return take_x ? x[i] : b[l];
        if (take_x)
            i++;
        else
            l++;
    }
}

/* A lower bound of censored quantile f: the same interpolation over the
 * sorted lower bounds of all values (observed values, censored bounds).
 * Each sorted true value is at least the sorted bound of the same rank, so
 * the interpolated quantile is at least the interpolated bound. */
static double censored_bound(const double *x, size_t n, const double *b, size_t nb, double f)
{
    const size_t nall = n + nb;
    double pos = f * (double)(nall - 1), delta;
    size_t i = (size_t)pos;
    delta = pos - (double)i;
    if (i + 1 >= nall)
        return merged_at(x, n, b, nb, nall - 1);
    return (1 - delta) * merged_at(x, n, b, nb, i) + delta * merged_at(x, n, b, nb, i + 1);
}

void fs_stat_compute_censored(double *x, size_t n, double *b, size_t ncens, struct fs_stat *out)
{
    struct { double *q; int *c; double f; } qs[] = {
        {&out->p5, &out->p5_cens, 0.05}, {&out->p50, &out->p50_cens, 0.50},
        {&out->p95, &out->p95_cens, 0.95}};

    out->n = n;
    out->ncens = ncens;
    out->cens_min = NAN;
    out->p5_cens = out->p50_cens = out->p95_cens = 0;
    out->min = out->max = NAN;
    if (n + ncens == 0) {
        out->mean = out->sd = out->p5 = out->p50 = out->p95 = NAN;
        return;
    }
    if (n > 0) {
        gsl_sort(x, 1, n);
        out->min = x[0];
        out->max = x[n - 1];
    }
    if (ncens > 0) {
        gsl_sort(b, 1, ncens);
        out->cens_min = b[0];
    }
    mean_sd(x, n, b, ncens, &out->mean, &out->sd);
    for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
        *qs[k].q = fs_censored_quantile(x, n, ncens, qs[k].f, qs[k].c);
        if (*qs[k].c)
            *qs[k].q = censored_bound(x, n, b, ncens, qs[k].f);
    }
}

void fs_quantiles(double *x, size_t n, const double *f, size_t nf, double *q)
{
    for (size_t i = 0; i < nf; i++) {
        if (n == 0) { /* as GSL answers for no data */
            q[i] = 0.0;
            continue;
        }
        /* GSL's interpolation between the ranks lhs and lhs + 1, the same
         * expression as gsl_stats_quantile_from_sorted_data. */
        const double index = f[i] * (double)(n - 1);
        const size_t lhs = (size_t)index;
        const double delta = index - (double)lhs;
        double a = gsl_stats_select(x, 1, n, lhs);
        q[i] = lhs + 1 >= n ? a : (1 - delta) * a + delta * gsl_stats_select(x, 1, n, lhs + 1);
    }
}

char *fs_fmt_quantile(double v, int censored, char *buf, size_t len)
{
    if (censored)
        snprintf(buf, len, ">%.2f", v);
    else if (isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.2f", v);
    return buf;
}

char *fs_fmt_stat_range(const struct fs_stat *st, char *buf, size_t len)
{
    char a[32], b[32], c[32];
    if (st->n + st->ncens == 0)
        return (snprintf(buf, len, "-"), buf);
    snprintf(buf, len, "%s [%s-%s]", fs_fmt_quantile(st->p50, st->p50_cens, a, sizeof(a)),
             fs_fmt_quantile(st->p5, st->p5_cens, b, sizeof(b)),
             fs_fmt_quantile(st->p95, st->p95_cens, c, sizeof(c)));
    return buf;
}

void fs_share_compute(size_t k, size_t n, struct fs_share *out)
{
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    double p, nn = (double)n, den, mid, half;
    *out = (struct fs_share){k, n, NAN, NAN, NAN};
    if (n == 0)
        return;
    p = (double)k / nn;
    den = 1.0 + z * z / nn;
    mid = (p + z * z / (2.0 * nn)) / den;
    half = z * sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / den;
    out->p = p;
    /* exact at the ends (the formula leaves rounding there: 6.9e-18) */
    out->lo = k == 0 ? 0.0 : fmax(0.0, mid - half);
    out->hi = k == n ? 1.0 : fmin(1.0, mid + half);
}

void fs_finish_share(const struct fs_mc *mc, size_t j, double t_h, struct fs_share *out)
{
    size_t k = 0;
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_job_result *x = &mc->jobs[r * mc->s->njobs + j];
        k += x->finished && x->end_h <= t_h;
    }
    fs_share_compute(k, mc->nrep, out);
}

int fs_summary_compute(const struct fs_mc *mc, struct fs_summary *out)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc((2 * mc->nrep + 1) * sizeof(double)), *b = x + mc->nrep;
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
            size_t n = 0, nc = 0;
            for (size_t r = 0; r < mc->nrep; r++) {
                const struct fs_job_result *jr = &mc->jobs[r * s->njobs + j];
                double v = fs_metric_value(jr, (enum fs_metric)m);
                double c = fs_metric_bound(jr, (enum fs_metric)m);
                if (!isnan(v))
                    x[n++] = v;
                else if (!isnan(c))
                    b[nc++] = c;
            }
            fs_stat_compute_censored(x, n, b, nc, &out->stats[j * FS_M_COUNT + (size_t)m]);
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
    if (mc->clusters == NULL && mc->fleet_means != NULL) {
        *out = mc->fleet_means[c]; /* reduced when the run finished */
        return;
    }
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
        out->fleet_datacentre_usd += x->fleet_datacentre_usd / (double)mc->nrep;
        out->fleet_usd += x->fleet_usd / (double)mc->nrep;
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
    *out = (struct fs_diff){n, NAN, NAN, NAN, 0, NAN, NAN};
    if (n >= 1)
        out->mean = gsl_stats_mean(d, 1, n);
    if (n >= 2) {
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) *
                      gsl_stats_sd_m(d, 1, n, out->mean) / sqrt((double)n);
        out->lo = out->mean - half;
        out->hi = out->mean + half;
    }
}

/* The censored P50 of metric m of job j over the first nrep replicates of
 * mc (x holds 2 nrep doubles); *cens 1 when it is censored. */
static double censored_p50(const struct fs_mc *mc, size_t j, enum fs_metric m, size_t nrep,
                           double *x, int *cens)
{
    struct fs_stat st;
    size_t n = 0, nc = 0;
    for (size_t r = 0; r < nrep; r++) {
        const struct fs_job_result *jr = &mc->jobs[r * mc->s->njobs + j];
        double v = fs_metric_value(jr, m), c = fs_metric_bound(jr, m);
        if (!isnan(v))
            x[n++] = v;
        else if (!isnan(c))
            x[nrep + nc++] = c;
    }
    if (nc == 0) { /* fs_stat_compute_censored's P50 without sorting: two selections */
        const double half = 0.5;
        double q = NAN;
        *cens = 0;
        if (n > 0)
            fs_quantiles(x, n, &half, 1, &q);
        return q;
    }
    fs_stat_compute_censored(x, n, x + nrep, nc, &st);
    *cens = st.p50_cens;
    return st.p50;
}

static double finished_share(const struct fs_mc *mc, size_t j, size_t nrep)
{
    size_t k = 0;
    for (size_t r = 0; r < nrep; r++)
        k += mc->jobs[r * mc->s->njobs + j].finished != 0;
    return nrep ? (double)k / (double)nrep : NAN;
}

int fs_paired_diff(const struct fs_mc *b, size_t jb, const struct fs_mc *a, size_t ja,
                   enum fs_metric m, struct fs_diff *out)
{
    size_t n = 0, nrep = b->nrep < a->nrep ? b->nrep : a->nrep;
    double *d = calloc(2 * nrep + 1, sizeof(double));

    *out = (struct fs_diff){0, NAN, NAN, NAN, 0, NAN, NAN};
    if (d == NULL)
        return FS_ENOMEM;
    if (fs_metric_censored(m)) {
        int cb, ca;
        double pb = censored_p50(b, jb, m, nrep, d, &cb);
        double pa = censored_p50(a, ja, m, nrep, d, &ca);
        *out = (struct fs_diff){nrep, cb || ca ? NAN : pb - pa, NAN, NAN, cb || ca, NAN, NAN};
    } else {
        for (size_t r = 0; r < nrep; r++) {
            double x = fs_metric_value(&b->jobs[r * b->s->njobs + jb], m);
            double y = fs_metric_value(&a->jobs[r * a->s->njobs + ja], m);
            if (!isnan(x) && !isnan(y))
                d[n++] = x - y;
        }
        fs_diff_compute(d, n, out);
    }
    out->fin_b = finished_share(b, jb, nrep);
    out->fin_a = finished_share(a, ja, nrep);
    free(d);
    return FS_OK;
}

/* ---- capacity at any times (chart and fleet_timeline.csv) ------------ */

float *fs_capacity_by_replicate(const struct fs_mc *mc, const double *t, size_t nt, size_t *nr)
{
    const struct fs_scenario *s = mc->s;
    size_t nc = s->nclusters, no = mc->orders != NULL ? s->norders : 0;
    float *out;
    struct fs_delivery *dv;
    double tmax = -INFINITY;

    *nr = no > 0 ? mc->ngrid_reps : 1;
    out = malloc((*nr * nc * nt + 1) * sizeof(*out));
    dv = malloc((no + 1) * sizeof(*dv));
    if (out == NULL || dv == NULL) {
        free(out);
        free(dv);
        return NULL;
    }
    for (size_t k = 0; k < nt; k++)
        tmax = fmax(tmax, t[k]);
    for (size_t r = 0; r < *nr; r++) {
        size_t ndv = 0;
        for (size_t o = 0; o < no; o++) {
            const struct fs_order_result *res = &mc->orders[r * no + o];
            /* An order that never arrives, or only after the last time
             * asked, is in service at none of them: left out, the others
             * kept in their order. */
            if (res->arrival_h <= tmax)
                dv[ndv++] = (struct fs_delivery){res->arrival_h, s->orders[o].cluster, o,
                                                 res->gpus_delivered, res->unit_price_usd};
        }
        fs_capacity_grid(s, dv, ndv, t, nt, out + r * nc * nt);
    }
    free(dv);
    return out;
}
