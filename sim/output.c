/*
 * output.c - the results table, the CSV and JSON files, and the trace
 * (the files themselves are written through sim/outfile.c).
 *
 * Every quantity comes from one table of metrics (FS_METRIC_MAP, stats.h),
 * so the terminal, summary.csv, replicates.csv and results.json agree.
 * Files are written to temporary names in the output folder and renamed
 * into place only after all of them are complete: an interrupted or failed
 * run leaves no truncated result.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/compute.h"
#include "fleetsim/cost.h"
#include "fleetsim/costview.h"
#include "fleetsim/failure.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/procure.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"

static const struct fs_stat *stat_of(const struct fs_summary *sum, size_t j, enum fs_metric m)
{
    return fs_summary_stat(sum, j, m);
}

/* ---- the table --------------------------------------------------------- */

static char *fmt_day(const struct fs_scenario *s, double day, char *buf, size_t len)
{
    if (isnan(day))
        snprintf(buf, len, "-");
    else
        fs_date_format(s->start + (fs_date)floor(day), buf, len);
    return buf;
}

static char *fmt_minutes(double h, char *buf, size_t len)
{
    if (isinf(h))
        snprintf(buf, len, "none needed");
    else
        snprintf(buf, len, "%.1f min", h * 60.0);
    return buf;
}

static char *fmt_money(double v, char *buf, size_t len)
{
    if (isnan(v))
        return (snprintf(buf, len, "-"), buf);
    return fs_fmt_usd(v, buf, len);
}

/* The finish date P50: ">" and the horizon's date when censored. */
static char *fmt_finish(const struct fs_scenario *s, const struct fs_stat *end, char *buf,
                        size_t len)
{
    char date[16];
    if (!end->p50_cens)
        return fmt_day(s, end->p50, buf, len);
    snprintf(buf, len, ">%s", fmt_day(s, end->p50, date, sizeof(date)));
    return buf;
}

/* Days with one decimal into buf[32]; "-" when there is no value (a job
 * that never became ready has no wait). */
static char *fmt_days1(double d, char *buf)
{
    if (isnan(d))
        snprintf(buf, 32, "-");
    else
        snprintf(buf, 32, "%.1f", d);
    return buf;
}

/* The width of a job name column: the longest name, never cut. */
static int job_width(const struct fs_scenario *s)
{
    int w = 3; /* "job" */
    for (size_t j = 0; j < s->njobs; j++) {
        int n = (int)strlen(fs_term(s->jobs[j].name));
        w = n > w ? n : w;
    }
    return w;
}

/* The time split: P(finish) with its interval, compute, waits and time to
 * result, so a long time to result shows how much of it was waiting. */
static void report_time_split(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    fprintf(out, "\n  time split, days (P50s of the censored distributions, and means over all "
                 "replicates counted\n  to the horizon)\n");
    int wj = job_width(s);
    fprintf(out, "  %-*s %19s %8s %8s %10s %10s %9s %10s\n", wj, "job", "P(fin.) [95% CI]",
            "compute", "wait", "from ready", "from start", "wait mean", "for hardw.");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        const struct fs_stat *t = stat_of(sum, j, FS_M_TTT), *r = stat_of(sum, j, FS_M_RESULT);
        const struct fs_stat *e = stat_of(sum, j, FS_M_END), *w = stat_of(sum, j, FS_M_WAIT);
        struct fs_share p;
        char ci[40], q1[32], q2[32], q3[32], q4[32], m1[32], m2[32];
        fs_finish_share(mc, j, INFINITY, &p);
        snprintf(ci, sizeof(ci), "%.1f%% [%.1f-%.1f]", 100.0 * p.p, 100.0 * p.lo, 100.0 * p.hi);
        fprintf(out, "  %-*s %19s %8s %8s %10s %10s %9s %10s\n", wj,
                fs_term(s->jobs[j].name), ci, fs_fmt_quantile(t->p50, t->p50_cens, q1, sizeof(q1)),
                fs_fmt_quantile(w->p50, w->p50_cens, q4, sizeof(q4)),
                fs_fmt_quantile(r->p50, r->p50_cens, q2, sizeof(q2)),
                fs_fmt_quantile(e->p50, e->p50_cens, q3, sizeof(q3)), fmt_days1(w->mean, m1),
                fmt_days1(stat_of(sum, j, FS_M_WAIT_HW)->mean, m2));
    }
    fprintf(out, "  (compute: first start to finish; wait: ready to first start, of which for "
                 "hardware: before the\n   cluster had the GPUs; from ready, from start: time to result "
                 "from ready and from the\n   scenario start; 95%% CI: Wilson)\n");
}

/* Orders: what became of each across replicates. */
static void report_orders(const struct fs_mc *mc, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc((mc->nrep + 1) * sizeof(double));
    fprintf(out, "\norders (fates across replicates; GPUs delivered within the horizon, mean)\n");
    int wo = 5, wc = 4, wk = 7; /* "order", "chip", "channel", or the longest name */
    for (size_t o = 0; o < s->norders; o++) {
        const struct fs_order *od = &s->orders[o];
        int n1 = (int)strlen(fs_term(od->name));
        int n2 = (int)strlen(fs_term(s->catalog.chips[od->chip].name));
        int n3 = od->channel >= 0 ? (int)strlen(fs_term(s->channels[od->channel].name)) : 6;
        wo = n1 > wo ? n1 : wo;
        wc = n2 > wc ? n2 : wc;
        wk = n3 > wk ? n3 : wk;
    }
    fprintf(out, "  %-*s %-*s %6s %-*s %9s %11s  %s\n", wo, "order", wc, "chip", "GPUs", wk,
            "channel", "delivered", "arrival P50", "fates");
    for (size_t o = 0; o < s->norders; o++) {
        const struct fs_order *od = &s->orders[o];
        struct fs_order_stat os;
        char date[16] = "-", fates[160] = "";
        size_t used = 0;
        fs_order_stat(mc, o, x, &os);
        if (os.arrival_h.n > 0)
            fmt_day(s, os.arrival_h.p50 / FS_HOURS_PER_DAY, date, sizeof(date));
        for (int f = 0; f < FS_FATE_COUNT; f++)
            if (os.count[f] > 0 && used < sizeof(fates))
                used += (size_t)snprintf(fates + used, sizeof(fates) - used, "%s%s %.0f%%",
                                         used ? ", " : "", fs_fate_name((enum fs_fate)f),
                                         100.0 * os.count[f] / (double)mc->nrep);
        fprintf(out, "  %-*s %-*s %6d %-*s %9.0f %11s  %s%s%s\n", wo, fs_term(od->name), wc,
                fs_term(s->catalog.chips[od->chip].name), od->count, wk,
                od->channel >= 0 ? fs_term(s->channels[od->channel].name) : "direct",
                os.gpus_delivered, date, fates, os.rule >= 0 ? "; rule " : "",
                os.rule >= 0 ? fs_term(s->rules.rules[os.rule].id) : "");
    }
    free(x);
}

void fs_report_results(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    double fleet_total = 0.0;
    char a[32], b[32], c[32], d[32], e[32];

    fprintf(out, "\nsimulation: %zu replicates, seed %llu, generators taus2 (nodes), mt19937 (jobs, "
                 "orders);\nspreads are P5-P95 across replicates\n\n",
            mc->nrep, (unsigned long long)s->seed);
    int wj = job_width(s);
    fprintf(out, "  %-*s %7s %23s %10s %8s %7s %9s\n", wj, "job", "P(fin.)",
            "train days P50 [P5-P95]", "finish P50", "GPU-h", "goodput", "interrupt");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        const struct fs_stat *ttt = stat_of(sum, j, FS_M_TTT), *end = stat_of(sum, j, FS_M_END);
        double gp = stat_of(sum, j, FS_M_GOODPUT)->mean;
        char days[64], goodput[16];
        /* A job that never started has no goodput: "-", as in the CSV
         * (empty) and JSON (null). */
        if (isnan(gp))
            snprintf(goodput, sizeof(goodput), "-");
        else
            snprintf(goodput, sizeof(goodput), "%.3f", gp);
        fs_fmt_stat_range(ttt, days, sizeof(days));
        fprintf(out, "  %-*s %6.1f%% %23s %10s %8s %7s %9.1f\n", wj,
                fs_term(s->jobs[j].name), 100.0 * (double)ttt->n / (double)mc->nrep, days,
                fmt_finish(s, end, a, sizeof(a)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_ALLOC)->mean, b, sizeof(b)),
                goodput, stat_of(sum, j, FS_M_INTERRUPTS)->mean);
    }
    fprintf(out, "\n  %-*s %10s %10s %9s\n", wj, "job", "rental", "TCO", "MWh");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        fprintf(out, "  %-*s %10s %10s %9.0f\n", wj, fs_term(s->jobs[j].name),
                fmt_money(stat_of(sum, j, FS_M_RENTAL)->mean, c, sizeof(c)),
                fmt_money(stat_of(sum, j, FS_M_TCO)->mean, d, sizeof(d)),
                stat_of(sum, j, FS_M_ENERGY)->mean);
    }
    fprintf(out, "\n  P(fin.): share of replicates finished within the horizon. Train days: "
                 "compute time, first start to\n  finish; a run that did not finish is "
                 "censored at the horizon, and a quantile among those prints\n  '>x' (x: "
                 "a lower bound, from the time those runs had reached). GPU-hours, goodput,\n"
                 "  interruptions, costs and energy are means over all replicates, unfinished "
                 "runs counted to the\n  horizon. Goodput = useful / allocated GPU-hours.\n");
    report_time_split(mc, sum, out);
    fprintf(out, "\n  %-*s %-14s %11s %9s %9s %9s %9s %s\n", wj, "job", "checkpoint", "useful",
            "lost", "ckpt", "restart", "idle", "(mean GPU-hours)");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        char f1[16], f2[16], f3[16], f4[16], f5[16];
        double tau = fs_checkpoint_interval_h(s, &s->jobs[j]);
        fprintf(out, "  %-*s %-14s %11s %9s %9s %9s %9s%s\n", wj, fs_term(s->jobs[j].name),
                fmt_minutes(tau, e, sizeof(e)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_USEFUL)->mean, f1, sizeof(f1)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_LOST)->mean, f2, sizeof(f2)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_CKPT)->mean, f3, sizeof(f3)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_RESTART)->mean, f4, sizeof(f4)),
                fs_fmt_gpuh(stat_of(sum, j, FS_M_IDLE)->mean, f5, sizeof(f5)),
                s->jobs[j].checkpoint_auto && !isinf(tau) ? "  (auto: Daly)" : "");
    }
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        char f1[16], f2[16];
        double det = stat_of(sum, j, FS_M_LOST_DETECT)->mean;
        double strag = stat_of(sum, j, FS_M_LOST_STRAGGLER)->mean;
        if (det > 0.0 || strag > 0.0)
            fprintf(out, "  %-16s of the lost GPU-hours: %s while hangs went undetected, %s "
                         "lost to stragglers\n", fs_term(s->jobs[j].name),
                    fs_fmt_gpuh(det, f1, sizeof(f1)), fs_fmt_gpuh(strag, f2, sizeof(f2)));
    }
    for (size_t k2 = 0; k2 < s->njobs; k2++) {
        size_t j = s->job_order[k2];
        const struct fs_failure_cfg *f = &s->clusters[s->jobs[j].cluster].fail;
        if (f->ncauses == 0)
            continue;
        fprintf(out, "\n  %s: mean interruptions by cause:",
                fs_term(s->jobs[j].name));
        for (size_t k = 0; k < f->ncauses; k++)
            fprintf(out, "%s %s %.1f", k ? "," : "", fs_term(f->causes[k].name),
                    fs_cause_mean(mc, j, k));
        fputc('\n', out);
    }
    fprintf(out, "\n  %-16s %10s %10s %10s %12s %12s %s\n", "job", "TCO capex", "energy",
            "lost work", "idle capac.", "TCO total", "vs rental");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double tco = stat_of(sum, j, FS_M_TCO)->mean, rent = stat_of(sum, j, FS_M_RENTAL)->mean;
        char f1[32], f2[32], f3[32], f4[32], f5[32], ratio[16];
        /* No rental figure to compare with (nothing allocated): "-". */
        if (rent > 0 && isfinite(tco))
            snprintf(ratio, sizeof(ratio), "%.2fx", tco / rent);
        else
            snprintf(ratio, sizeof(ratio), "-");
        fprintf(out, "  %-16s %10s %10s %10s %12s %12s %9s\n", fs_term(s->jobs[j].name),
                fmt_money(stat_of(sum, j, FS_M_TCO_CAPEX)->mean, f1, sizeof(f1)),
                fmt_money(stat_of(sum, j, FS_M_TCO_ENERGY)->mean, f2, sizeof(f2)),
                fmt_money(stat_of(sum, j, FS_M_TCO_LOST)->mean, f3, sizeof(f3)),
                fmt_money(stat_of(sum, j, FS_M_TCO_IDLE)->mean, f4, sizeof(f4)),
                fmt_money(tco, f5, sizeof(f5)), ratio);
    }
    fs_report_placement(mc, out);
    fs_report_deadlines(mc, sum, out);
    if (s->norders > 0)
        report_orders(mc, out);
    fprintf(out, "\nfleet over the horizon (%g days; %s; means over replicates)\n",
            s->horizon_days, fs_cost_power_model_text(s));
    fprintf(out, "  %-16s %8s %11s %11s %11s %11s %11s\n", "cluster", "GPUs", "capex", "energy",
            "rental", "datacentre", "total");
    for (size_t ci = 0; ci < s->nclusters; ci++) {
        struct fs_cluster_result fc;
        fs_fleet_mean(mc, ci, &fc);
        fleet_total += fc.fleet_usd;
        fprintf(out, "  %-16s %8s %11s %11s %11s %11s ", fs_term(s->clusters[ci].name),
                fs_fmt_thousands(fc.gpus_end, a, sizeof(a)),
                fmt_money(fc.fleet_capex_usd, b, sizeof(b)),
                fmt_money(fc.fleet_energy_usd, c, sizeof(c)),
                fmt_money(fc.fleet_rental_usd, d, sizeof(d)),
                fmt_money(fc.fleet_datacentre_usd, e, sizeof(e)));
        fprintf(out, "%11s\n", fmt_money(fc.fleet_usd, a, sizeof(a)));
    }
    fprintf(out, "  %-16s %8s %11s %11s %11s %11s %11s\n", "fleet", "", "", "", "", "",
            fmt_money(fleet_total, a, sizeof(a)));
    fs_report_costs(mc, sum, out);
}

void fs_report_finish_by(const struct fs_mc *mc, const char *label, fs_date day, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    char date[16];
    /* By the end of that day: hours from the start to the next midnight. */
    double t_h = fs_date_h(s, day) + FS_HOURS_PER_DAY;
    fs_date_format(day, date, sizeof(date));
    fprintf(out, "\n  P(finished by the end of %s)%s%s%s, over all replicates (95%% CI: Wilson)\n",
            date, label ? " in '" : "", label ? fs_term(label) : "", label ? "'" : "");
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        struct fs_share p;
        fs_finish_share(mc, j, t_h, &p);
        fprintf(out, "  %-16s %6.1f%% [%.1f-%.1f]  (%zu of %zu)%s\n", fs_term(s->jobs[j].name),
                100.0 * p.p, 100.0 * p.lo, 100.0 * p.hi, p.k, p.n,
                t_h > fs_horizon_h(s) ? "  (date beyond the horizon: by the horizon)" : "");
    }
}

/* ---- files ------------------------------------------------------------- */

static const char *const stat_names[] = {"mean", "sd", "p5", "p50", "p95"};

/* Field k of st; a censored quantile has no value (empty in CSV, null in
 * JSON) and its flag says so (cens_field). */
static double stat_field(const struct fs_stat *st, int k)
{
    const double v[] = {st->mean, st->sd, st->p5_cens ? NAN : st->p5,
                        st->p50_cens ? NAN : st->p50, st->p95_cens ? NAN : st->p95};
    return v[k];
}

static const char *const cens_names[] = {"p5_censored", "p50_censored", "p95_censored"};

static int cens_field(const struct fs_stat *st, int k)
{
    const int v[] = {st->p5_cens, st->p50_cens, st->p95_cens};
    return v[k];
}

static void write_summary_csv(const struct fs_mc *mc, const struct fs_summary *sum, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    fputs("scenario,job,cluster,gpus,flop,replicates,finished_share,finished_share_ci95_low,"
          "finished_share_ci95_high,checkpoint_interval_minutes", f);
    for (int m = 0; m < FS_M_COUNT; m++) {
        for (int k = 0; k < 5; k++)
            fprintf(f, ",%s_%s", fs_metric_name((enum fs_metric)m), stat_names[k]);
        for (int k = 0; fs_metric_censored((enum fs_metric)m) && k < 3; k++)
            fprintf(f, ",%s_%s", fs_metric_name((enum fs_metric)m), cens_names[k]);
    }
    fputc('\n', f);
    for (size_t k2 = 0; k2 < s->njobs; k2++) {
        size_t j = s->job_order[k2];
        double tau = fs_checkpoint_interval_h(s, &s->jobs[j]);
        struct fs_share p;
        fs_csv_str(f, s->name);
        fputc(',', f);
        fs_csv_str(f, s->jobs[j].name);
        fputc(',', f);
        fs_csv_str(f, s->clusters[s->jobs[j].cluster].name);
        fs_finish_share(mc, j, INFINITY, &p);
        fprintf(f, ",%d,%.10g,%zu,%.10g,%.10g,%.10g,", s->jobs[j].gpus, s->jobs[j].flop,
                mc->nrep, p.p, p.lo, p.hi);
        if (isfinite(tau))
            fprintf(f, "%.10g", tau * 60.0);
        for (int m = 0; m < FS_M_COUNT; m++) {
            const struct fs_stat *st = stat_of(sum, j, (enum fs_metric)m);
            for (int k = 0; k < 5; k++) {
                fputc(',', f);
                fs_csv_num(f, stat_field(st, k));
            }
            for (int k = 0; fs_metric_censored((enum fs_metric)m) && k < 3; k++)
                fprintf(f, ",%d", cens_field(st, k));
        }
        fputc('\n', f);
    }
}

void fs_write_replicates_csv(const struct fs_mc *mc, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    fputs("replicate,job,finished,ready_day,start_day", f);
    for (int m = 0; m < FS_M_COUNT; m++)
        fprintf(f, ",%s", fs_metric_name((enum fs_metric)m));
    if (fs_has_candidates(s))
        fputs(",cluster", f); /* where it started (jobs with candidates) */
    fputc('\n', f);
    for (size_t r = 0; r < mc->nrep; r++) {
        for (size_t k = 0; k < s->njobs; k++) {
            size_t j = s->job_order[k];
            const struct fs_job_result *res = &mc->jobs[r * s->njobs + j];
            fprintf(f, "%zu,", r);
            fs_csv_str(f, s->jobs[j].name);
            fprintf(f, ",%d,", res->finished);
            fs_csv_num(f, res->ready_h / FS_HOURS_PER_DAY);
            fputc(',', f);
            fs_csv_num(f, res->start_h / FS_HOURS_PER_DAY);
            for (int m = 0; m < FS_M_COUNT; m++) {
                fputc(',', f);
                fs_csv_num(f, fs_metric_value(res, (enum fs_metric)m));
            }
            if (fs_has_candidates(s)) {
                fputc(',', f);
                if (res->placement >= 0)
                    fs_csv_str(f, s->clusters[fs_job_result_cluster(s, j, res)].name);
            }
            fputc('\n', f);
        }
    }
}

/* A day count from the start and its calendar date (ISO 8601, the day the
 * hour falls in); both empty when the hour is unknown (NaN). */
static void write_day_date(FILE *f, const struct fs_scenario *s, double h)
{
    char date[16];
    fs_csv_num(f, h / FS_HOURS_PER_DAY);
    fputc(',', f);
    if (isfinite(h)) {
        fs_date_format(s->start + (fs_date)floor(h / FS_HOURS_PER_DAY), date, sizeof(date));
        fputs(date, f);
    }
}

static void write_orders_csv(const struct fs_mc *mc, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    fputs("replicate,order,chip,cluster,channel,count_gpus,fate,decided_by_rule,"
          "ship_day,ship_date,arrival_day,arrival_date,gpus_delivered,unit_price_usd\n", f);
    for (size_t r = 0; r < mc->nrep; r++) {
        for (size_t o = 0; o < s->norders; o++) {
            const struct fs_order *od = &s->orders[o];
            const struct fs_order_result *x = &mc->orders[r * s->norders + o];
            fprintf(f, "%zu,", r);
            fs_csv_str(f, od->name);
            fputc(',', f);
            fs_csv_str(f, s->catalog.chips[od->chip].name);
            fputc(',', f);
            fs_csv_str(f, s->clusters[od->cluster].name);
            fputc(',', f);
            fs_csv_str(f, od->channel >= 0 ? s->channels[od->channel].name : "direct");
            fprintf(f, ",%d,%s,", od->count, fs_fate_name((enum fs_fate)x->fate));
            if (x->rule >= 0)
                fs_csv_str(f, s->rules.rules[x->rule].id);
            fputc(',', f);
            write_day_date(f, s, x->ship_h);
            fputc(',', f);
            write_day_date(f, s, x->arrival_h);
            fprintf(f, ",%.10g,%.10g\n", x->gpus_delivered, x->unit_price_usd);
        }
    }
}

static void write_rules_csv(const struct fs_scenario *s, FILE *f)
{
    char d0[16], d1[16];
    fputs("id,name,effective_date,end_date,in_force,reaches_scenario_regions,source\n", f);
    for (size_t i = 0; i < s->rules.nrules; i++) {
        const struct fs_rule *r = &s->rules.rules[i];
        int reaches = 0;
        for (size_t g = 0; g < s->nregions; g++)
            reaches |= fs_rule_reaches(r, &s->regions[g].groups);
        fs_csv_str(f, r->id);
        fputc(',', f);
        fs_csv_str(f, r->name);
        fprintf(f, ",%s,%s,%d,%d,", fs_date_format(r->effective, d0, sizeof(d0)),
                r->end == INT32_MAX ? "" : fs_date_format(r->end, d1, sizeof(d1)), r->in_force,
                reaches);
        fs_csv_str(f, r->source);
        fputc('\n', f);
    }
}

static void write_json(const struct fs_mc *mc, const struct fs_summary *sum,
                       const struct fs_study *study, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    char date[16];
    double fleet_total = 0.0, fleet_equiv = 0.0;

    fputs("{\n  \"fleetsim_version\": ", f);
    fs_json_str(f, FS_VERSION);
    fputs(",\n  \"scenario\": {\"name\": ", f);
    fs_json_str(f, s->name);
    fputs(", \"file\": ", f);
    fs_json_str(f, s->file);
    fprintf(f, ", \"start_date\": \"%s\", \"horizon_days\": %.10g, \"seed\": %llu, "
               "\"replicates\": %zu, \"generator\": \"mt19937\"},\n",
            fs_date_format(s->start, date, sizeof(date)), s->horizon_days,
            (unsigned long long)s->seed, mc->nrep);
    fputs("  \"jobs\": [\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double tau = fs_checkpoint_interval_h(s, &s->jobs[j]);
        struct fs_share p;
        fputs("    {\"name\": ", f);
        fs_json_str(f, s->jobs[j].name);
        fputs(", \"cluster\": ", f);
        fs_json_str(f, s->clusters[s->jobs[j].cluster].name);
        fprintf(f, ", \"gpus\": %d, \"flop\": %.10g, \"checkpoint_interval_minutes\": ",
                s->jobs[j].gpus, s->jobs[j].flop);
        fs_json_num(f, tau * 60.0);
        fs_finish_share(mc, j, INFINITY, &p);
        fprintf(f, ", \"finished_share\": %.10g, \"finished_share_ci95\": [%.10g, %.10g],"
                   "\n     \"interruptions_by_cause\": [", p.p, p.lo, p.hi);
        {
            const struct fs_failure_cfg *fc = &s->clusters[s->jobs[j].cluster].fail;
            for (size_t c = 0; c < fc->ncauses; c++) {
                fputs(c ? ", {\"cause\": " : "{\"cause\": ", f);
                fs_json_str(f, fc->causes[c].name);
                fputs(", \"category\": ", f);
                fs_json_str(f, fc->causes[c].category);
                fprintf(f, ", \"mean\": %.10g}", fs_cause_mean(mc, j, c));
            }
        }
        fputs("],\n     \"throughput\": ", f);
        fs_write_throughput_json(s, &s->jobs[j], f);
        fs_write_published_json(s, &s->jobs[j], f);
        fs_write_placement_json(mc, j, f);
        fs_write_deadline_json(mc, sum, j, f);
        fputs(",\n     \"metrics\": {", f);
        for (int m = 0; m < FS_M_COUNT; m++) {
            const struct fs_stat *st = stat_of(sum, j, (enum fs_metric)m);
            fprintf(f, "%s\n       \"%s\": {\"n\": %zu", m ? "," : "",
                    fs_metric_name((enum fs_metric)m), st->n);
            if (fs_metric_censored((enum fs_metric)m))
                fprintf(f, ", \"censored\": %zu", st->ncens);
            for (int q = 0; q < 5; q++) {
                fprintf(f, ", \"%s\": ", stat_names[q]);
                fs_json_num(f, stat_field(st, q));
            }
            for (int q = 0; fs_metric_censored((enum fs_metric)m) && q < 3; q++)
                fprintf(f, ", \"%s\": %s", cens_names[q], cens_field(st, q) ? "true" : "false");
            fputc('}', f);
        }
        fprintf(f, "}}%s\n", k + 1 < s->njobs ? "," : "");
    }
    fputs("  ],\n  \"fleet\": {\"clusters\": [\n", f);
    for (size_t c = 0; c < s->nclusters; c++) {
        struct fs_cluster_result fc;
        fs_fleet_mean(mc, c, &fc);
        fleet_total += fc.fleet_usd;
        fputs("    {\"name\": ", f);
        fs_json_str(f, s->clusters[c].name);
        fprintf(f, ", \"gpus_at_horizon\": %.10g, \"gpu_hours_in_service\": %.10g, "
                   "\"capex_usd\": %.10g, \"energy_usd\": %.10g, \"energy_mwh\": %.10g, "
                   "\"rental_usd\": %.10g, \"total_usd\": %.10g, "
                   "\"rental_equiv_usd\": %.10g",
                fc.gpus_end, fc.gpu_h_in_service, fc.fleet_capex_usd, fc.fleet_energy_usd,
                fc.fleet_energy_mwh, fc.fleet_rental_usd, fc.fleet_usd, fc.fleet_rental_equiv_usd);
        fs_json_cluster_costs(mc, c, f);
        fprintf(f, "}%s\n", c + 1 < s->nclusters ? "," : "");
        fleet_equiv += fc.fleet_rental_equiv_usd;
    }
    fprintf(f, "  ], \"total_usd\": %.10g, \"rental_equiv_usd\": %.10g}", fleet_total,
            fleet_equiv);
    fs_write_inputs_json(s, f);
    if (study != NULL)
        fs_write_comparisons_json(study, f);
    fputs("\n}\n", f);
}

struct fs_dated_event *fs_dated_events(const struct fs_scenario *s, size_t *count)
{
    const double end_h = fs_horizon_h(s);
    /* At most one marker per rule and per order. */
    struct fs_dated_event *ev = malloc((s->rules.nrules + s->norders + 1) * sizeof(*ev));
    size_t n = 0;
    *count = 0;
    if (ev == NULL)
        return NULL;
    for (size_t i = 0; i < s->rules.nrules; i++) {
        const struct fs_rule *r = &s->rules.rules[i];
        double t = fs_date_h(s, r->effective);
        int reaches = 0;
        for (size_t g = 0; g < s->nregions; g++)
            reaches |= fs_rule_reaches(r, &s->regions[g].groups);
        if (r->in_force && reaches && t <= end_h)
            ev[n++] = (struct fs_dated_event){t, r->id};
    }
    for (size_t o = 0; o < s->norders; o++) {
        double t = fs_date_h(s, s->orders[o].date);
        if (t <= end_h)
            ev[n++] = (struct fs_dated_event){t, s->orders[o].name};
    }
    *count = n;
    return ev;
}

static int write_results(const struct fs_mc *mc, const struct fs_summary *sum,
                         const struct fs_study *st, const char *dir, struct fs_diag *diag)
{
    static const char *const names[] = {"summary.csv",        "replicates.csv", "results.json",
                                        "orders.csv",         "fleet_timeline.csv",
                                        "rules.csv",          "throughput.csv",
                                        "placement.csv",      "deadlines.csv"};
    enum { NFILES = sizeof(names) / sizeof(names[0]) };
    struct fs_outfile o[NFILES];
    int rc;
    size_t i;

    memset(o, 0, sizeof(o));
    if ((rc = fs_mkdir_p(dir, diag)) != FS_OK)
        return rc;
    for (i = 0; i < NFILES; i++) {
        if (i == 7 && !fs_has_candidates(mc->s))
            continue; /* placement.csv: only with candidates */
        if (i == 8 && !fs_has_deadlines(mc->s))
            continue; /* deadlines.csv: only with deadlines */
        if ((rc = fs_outfile_open(&o[i], dir, names[i], diag)) != FS_OK)
            goto fail;
        switch (i) {
        case 0: write_summary_csv(mc, sum, o[i].f); break;
        case 1: fs_write_replicates_csv(mc, o[i].f); break;
        case 2: write_json(mc, sum, st, o[i].f); break;
        case 3: write_orders_csv(mc, o[i].f); break;
        case 4:
            if (fs_write_timeline_csv(mc, o[i].f) != FS_OK) {
                rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
                goto fail;
            }
            break;
        case 5: write_rules_csv(mc->s, o[i].f); break;
        case 7: fs_write_placement_csv(mc, o[i].f); break;
        case 8: fs_write_deadlines_csv(mc, sum, o[i].f); break;
        default: fs_write_throughput_csv(mc->s, "baseline", NAN, "", 1, o[i].f); break;
        }
        if ((rc = fs_outfile_close(&o[i], diag)) != FS_OK)
            goto fail;
    }
    for (i = 0; i < NFILES; i++) {
        if (o[i].tmp == NULL)
            continue; /* not written (placement.csv without candidates) */
        if ((rc = fs_outfile_commit(&o[i], diag)) != FS_OK)
            goto fail;
    }
    return FS_OK;
fail:
    for (i = 0; i < NFILES; i++)
        fs_outfile_discard(&o[i]);
    return rc;
}

int fs_write_results(const struct fs_mc *mc, const struct fs_summary *sum, const char *dir,
                     struct fs_diag *diag)
{
    return write_results(mc, sum, NULL, dir, diag);
}

int fs_write_study_results(const struct fs_study *st, int compare, const char *dir,
                           struct fs_diag *diag)
{
    return write_results(st->v[0].mc, &st->v[0].sum, compare ? st : NULL, dir, diag);
}

int fs_write_trace(const struct fs_mc *mc, const char *path, struct fs_diag *diag)
{
    const struct fs_scenario *s = mc->s;
    struct fs_outfile o;
    FILE *f = NULL;
    int rc = FS_OK;

    int to_stdout = strcmp(path, "-") == 0;

    memset(&o, 0, sizeof(o));
    if (!mc->traced)
        return fs_diag_set(diag, FS_EUSAGE, NULL, 0, NULL, "no replicate was traced");
    if (to_stdout)
        f = stdout;
    else if ((rc = fs_outfile_open_path(&o, path, diag)) != FS_OK)
        goto out;
    else
        f = o.f;
    {
        char date[16];
        fprintf(f, "# fleetsim %s trace: scenario %s, seed %llu, replicate %lu; "
                   "t in hours since %s 00:00 UTC\n",
                FS_VERSION, s->name, (unsigned long long)s->seed, (unsigned long)mc->trace_rep,
                fs_date_format(s->start, date, sizeof(date)));
    }
    fwrite(mc->trace, 1, mc->trace_len, f);
    if (to_stdout) {
        if (fflush(stdout) != 0)
            rc = fs_diag_set(diag, FS_EIO, "<stdout>", 0, NULL, "write failed (%s)",
                             strerror(errno));
        goto out;
    }
    if ((rc = fs_outfile_close(&o, diag)) == FS_OK)
        rc = fs_outfile_commit(&o, diag);
out:
    if (!to_stdout)
        fs_outfile_discard(&o);
    return rc;
}
