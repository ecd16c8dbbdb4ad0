/*
 * deadline.c - jobs with a deadline: P(finished by the end of the deadline
 * day) with its Wilson interval, and the capacity and cost to meet it
 * (docs/model.md, "Deadlines"; docs/outputs.md, "Deadlines"). Written only
 * when some job has a deadline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "fleetsim/compute.h"
#include "fleetsim/output.h"
#include "fleetsim/outfile.h"
#include "fleetsim/report.h"
#include "fleetsim/stats.h"

int fs_has_deadlines(const struct fs_scenario *s)
{
    for (size_t j = 0; j < s->njobs; j++)
        if (s->jobs[j].deadline != INT32_MAX)
            return 1;
    return 0;
}

/*
 * The deadline figures of job j (which has one). The capacity to meet it:
 * from the job's P50 start (unstarted replicates censored: none if the P50
 * is), the deadline leaves W hours; at its cluster's per-GPU rate
 * peak x MFU and its observed goodput g (mean useful / allocated), the
 * budget F needs F / (peak x MFU x 3600 x g x W) GPUs, rounded up to whole
 * nodes: gpus_needed. Its cost: the GPUs beyond the job's own, rented for
 * the window at the cluster's rental_usd_per_gpu_h (0 if the job's GPUs
 * suffice).
 */
int fs_deadline_stat(const struct fs_mc *mc, const struct fs_summary *sum, size_t j,
                     struct fs_deadline_stat *out)
{
    const struct fs_scenario *s = mc->s;
    const struct fs_job *job = &s->jobs[j];
    const struct fs_cluster *c = &s->clusters[job->cluster];
    double *x = malloc((mc->nrep + 1) * sizeof(double)), per_gpu, need;
    size_t n = 0;
    int cens = 0;

    if (x == NULL)
        return FS_ENOMEM;
    out->deadline_h = fs_date_h(s, job->deadline) + FS_HOURS_PER_DAY;
    fs_finish_share(mc, j, out->deadline_h, &out->share);
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_job_result *jr = &mc->jobs[r * s->njobs + j];
        if (jr->started)
            x[n++] = jr->start_h;
    }
    /* Sorted for the quantile; unstarted ones are above every start. */
    gsl_sort(x, 1, n);
    out->start_p50_h = n ? fs_censored_quantile(x, n, mc->nrep - n, 0.5, &cens) : NAN;
    if (cens)
        out->start_p50_h = NAN;
    free(x);
    out->goodput = fs_summary_stat(sum, j, FS_M_GOODPUT)->mean;
    out->window_h = out->deadline_h - out->start_p50_h;
    per_gpu = fs_chip_peak_flops(fs_cluster_chip(s, c), job->precision) * job->mfu;
    out->gpus_needed = out->extra_gpus = out->cost_usd = NAN;
    if (!(out->window_h > 0.0) || !(out->goodput > 0.0) || !(per_gpu > 0.0))
        return FS_OK;
    need = job->flop / (per_gpu * 3600.0 * out->goodput * out->window_h);
    out->gpus_needed = ceil(need / c->gpus_per_node - 1e-9) * c->gpus_per_node;
    out->extra_gpus = out->gpus_needed - job->gpus;
    out->cost_usd = out->extra_gpus > 0.0
                        ? out->extra_gpus * out->window_h * c->rental_usd_per_gpu_h : 0.0;
    return FS_OK;
}

static void fmt_usd(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else if (v == 0.0)
        snprintf(buf, len, "$0");
    else if (v >= 1e9)
        snprintf(buf, len, "$%.2fB", v / 1e9);
    else if (v >= 1e6)
        snprintf(buf, len, "$%.2fM", v / 1e6);
    else
        snprintf(buf, len, "$%.1fK", v / 1e3);
}

void fs_report_deadlines(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    int wj = 3;
    if (!fs_has_deadlines(s))
        return;
    for (size_t j = 0; j < s->njobs; j++) {
        int n = (int)strlen(fs_term(s->jobs[j].name));
        wj = s->jobs[j].deadline != INT32_MAX && n > wj ? n : wj;
    }
    fprintf(out, "\ndeadlines (P(finished by the end of the day), 95%% CI: Wilson; to meet it from "
                 "the P50 start at the observed goodput: GPUs and the rent of the extra ones)\n");
    fprintf(out, "  %-*s %10s %22s %10s %8s %9s %10s\n", wj, "job", "deadline",
                 "P(by deadline) [CI]", "start P50", "goodput", "GPUs need", "extra cost");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        struct fs_deadline_stat d;
        char dl[16], st[16] = "-", ci[40], g[16] = "-", cost[16];
        if (s->jobs[j].deadline == INT32_MAX || fs_deadline_stat(mc, sum, j, &d) != FS_OK)
            continue;
        fs_date_format(s->jobs[j].deadline, dl, sizeof(dl));
        if (!isnan(d.start_p50_h))
            fs_date_format(fs_h_date(s, d.start_p50_h), st, sizeof(st));
        snprintf(ci, sizeof(ci), "%5.1f%% [%.1f-%.1f]", 100.0 * d.share.p, 100.0 * d.share.lo,
                 100.0 * d.share.hi);
        if (!isnan(d.gpus_needed))
            snprintf(g, sizeof(g), "%.0f", d.gpus_needed);
        fmt_usd(d.cost_usd, cost, sizeof(cost));
        fprintf(out, "  %-*s %10s %22s %10s %8.3f %9s %10s\n", wj, fs_term(s->jobs[j].name), dl,
                ci, st, d.goodput, g, cost);
    }
}

/* The figures of a deadline both deadlines.csv and results.json give, in
 * that order, with their JSON keys (the CSV header names them alike). */
#define NUMS 5
static const char *const num_keys[NUMS] = {"start_p50_day", "goodput", "gpus_to_meet",
                                           "extra_gpus", "cost_to_meet_usd"};

static void deadline_nums(const struct fs_deadline_stat *d, double v[NUMS])
{
    v[0] = d->start_p50_h / FS_HOURS_PER_DAY;
    v[1] = d->goodput;
    v[2] = d->gpus_needed;
    v[3] = d->extra_gpus;
    v[4] = d->cost_usd;
}

void fs_write_deadline_json(const struct fs_mc *mc, const struct fs_summary *sum, size_t j,
                            FILE *f)
{
    struct fs_deadline_stat d;
    double v[NUMS];
    char dl[16];
    if (mc->s->jobs[j].deadline == INT32_MAX || fs_deadline_stat(mc, sum, j, &d) != FS_OK)
        return;
    fs_date_format(mc->s->jobs[j].deadline, dl, sizeof(dl));
    fprintf(f, ",\n     \"deadline\": {\"date\": \"%s\", \"finished_by_share\": %.10g, "
               "\"finished_by_ci95\": [%.10g, %.10g]",
            dl, d.share.p, d.share.lo, d.share.hi);
    deadline_nums(&d, v);
    for (size_t i = 0; i < NUMS; i++) {
        fprintf(f, ", \"%s\": ", num_keys[i]);
        fs_json_num(f, v[i]);
    }
    fputc('}', f);
}

void fs_write_deadlines_csv(const struct fs_mc *mc, const struct fs_summary *sum, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    fputs("scenario,job,deadline,replicates,finished_by,finished_by_share,"
          "finished_by_ci95_low,finished_by_ci95_high,start_p50_day,goodput,gpus_to_meet,"
          "extra_gpus,cost_to_meet_usd\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        struct fs_deadline_stat d;
        double v[NUMS];
        char dl[16];
        if (s->jobs[j].deadline == INT32_MAX || fs_deadline_stat(mc, sum, j, &d) != FS_OK)
            continue;
        fs_csv_str(f, s->name);
        fputc(',', f);
        fs_csv_str(f, s->jobs[j].name);
        fprintf(f, ",%s,%zu,%zu,%.10g,%.10g,%.10g,",
                fs_date_format(s->jobs[j].deadline, dl, sizeof(dl)), d.share.n, d.share.k,
                d.share.p, d.share.lo, d.share.hi);
        deadline_nums(&d, v);
        for (size_t i = 0; i < NUMS; i++) {
            if (i > 0)
                fputc(',', f);
            fs_csv_num(f, v[i]);
        }
        fputc('\n', f);
    }
}
