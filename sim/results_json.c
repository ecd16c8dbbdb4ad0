/*
 * results_json.c - the parts of results.json that let a reader audit and
 * reuse the numbers: the resolved inputs (scenario, chips with their
 * figures and source flags, clusters, jobs, orders, export rules) and the
 * comparisons of a study (variants, each job's statistics and its paired
 * differences to the baseline with 95 % intervals, fleet cost). The schema
 * is documented field by field in docs/outputs.md ("results.json schema").
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "fleetsim/compare.h"
#include "fleetsim/costview.h"
#include "fleetsim/date.h"
#include "fleetsim/dist.h"
#include "fleetsim/outfile.h"
#include "fleetsim/output.h"
#include "fleetsim/report.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"

/* ", \"key\": " then a string. */
static void key_str(FILE *f, const char *key, const char *v)
{
    fprintf(f, ", \"%s\": ", key);
    fs_json_str(f, v);
}

/* ", \"key\": " then a number (null when not finite). */
static void key_num(FILE *f, const char *key, double v)
{
    fprintf(f, ", \"%s\": ", key);
    fs_json_num(f, v);
}

/* ", \"key\": " then an ISO date, or null for INT32_MAX (never). */
static void key_date(FILE *f, const char *key, fs_date d)
{
    char buf[16];
    fprintf(f, ", \"%s\": ", key);
    if (d == INT32_MAX)
        fputs("null", f);
    else
        fprintf(f, "\"%s\"", fs_date_format(d, buf, sizeof(buf)));
}

/* A chip is used when a cluster runs it or an order buys it. */
static int chip_used(const struct fs_scenario *s, size_t chip)
{
    for (size_t c = 0; c < s->nclusters; c++)
        if (s->clusters[c].chip == chip)
            return 1;
    for (size_t o = 0; o < s->norders; o++)
        if (s->orders[o].chip == chip)
            return 1;
    return 0;
}

static void json_chips(const struct fs_scenario *s, FILE *f)
{
    int first = 1;
    fputs("    \"chips\": [", f);
    for (size_t i = 0; i < s->catalog.n; i++) {
        const struct fs_chip *c = &s->catalog.chips[i];
        int p0 = 1;
        if (!chip_used(s, i))
            continue;
        fputs(first ? "\n      {\"name\": " : ",\n      {\"name\": ", f);
        first = 0;
        fs_json_str(f, c->name);
        key_str(f, "vendor", c->vendor);
        key_str(f, "status", c->status);
        key_str(f, "source", c->source);
        key_str(f, "price_source", c->price_source);
        fputs(",\n       \"peak_tflops\": {", f);
        for (int p = 0; p < FS_PREC_COUNT; p++) {
            if (c->peak_tflops[p] <= 0)
                continue;
            fprintf(f, "%s\"%s\": %.10g", p0 ? "" : ", ", fs_precision_name((enum fs_precision)p),
                    c->peak_tflops[p]);
            p0 = 0;
        }
        fputc('}', f);
        key_num(f, "memory_gb", c->memory_gb);
        key_num(f, "memory_bw_tbps", c->memory_bw_tbps);
        key_num(f, "tdp_w", c->tdp_w);
        key_date(f, "release_date", c->release);
        key_num(f, "list_price_usd", c->list_price_usd);
        fputc('}', f);
    }
    fputs("],\n", f);
}

static void json_clusters(const struct fs_scenario *s, FILE *f)
{
    fputs("    \"clusters\": [", f);
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        fputs(i ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        fs_json_str(f, c->name);
        key_str(f, "chip", s->catalog.chips[c->chip].name);
        fprintf(f, ", \"gpus\": %d, \"gpus_per_node\": %d, \"spare_nodes\": %d", c->gpus,
                c->gpus_per_node, c->spare_nodes);
        key_date(f, "online_date", c->online);
        key_date(f, "retire_date", c->retire);
        key_str(f, "ownership", c->ownership == FS_OWNED ? "owned" : "rented");
        key_num(f, "capex_usd_per_gpu", c->capex_usd_per_gpu);
        fprintf(f, ", \"capex_from_catalog\": %s", c->capex_from_catalog ? "true" : "false");
        key_num(f, "amortization_years", c->amortization_years);
        key_num(f, "rental_usd_per_gpu_hour", c->rental_usd_per_gpu_h);
        key_num(f, "power_usd_per_kwh", c->power_usd_per_kwh);
        key_num(f, "pue", c->pue);
        fputc('}', f);
    }
    fputs("],\n", f);
}

static void json_jobs_orders(const struct fs_scenario *s, FILE *f)
{
    fputs("    \"jobs\": [", f);
    for (size_t k = 0; k < s->njobs; k++) {
        const struct fs_job *j = &s->jobs[s->job_order[k]];
        fputs(k ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        fs_json_str(f, j->name);
        key_str(f, "cluster", s->clusters[j->cluster].name);
        fprintf(f, ", \"gpus\": %d", j->gpus);
        key_num(f, "flop", j->flop);
        key_str(f, "mfu_source", fs_mfu_source_name(j->mfu_source));
        key_num(f, "mfu", j->mfu);
        fputc('}', f);
    }
    fputs("],\n    \"orders\": [", f);
    for (size_t i = 0; i < s->norders; i++) {
        const struct fs_order *o = &s->orders[i];
        fputs(i ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        fs_json_str(f, o->name);
        key_str(f, "chip", s->catalog.chips[o->chip].name);
        key_str(f, "cluster", s->clusters[o->cluster].name);
        key_str(f, "channel", o->channel >= 0 ? s->channels[o->channel].name : "direct");
        key_date(f, "date", o->date);
        fprintf(f, ", \"count_gpus\": %d", o->count);
        key_num(f, "unit_price_usd", o->unit_price_usd);
        key_num(f, "lead_time_days_mean", fs_dist_mean(&o->lead_days));
        key_str(f, "source", o->source);
        fputc('}', f);
    }
    fputs("],\n", f);
}

static void json_rules(const struct fs_scenario *s, FILE *f)
{
    fputs("    \"rules\": [", f);
    for (size_t i = 0; i < s->rules.nrules; i++) {
        const struct fs_rule *r = &s->rules.rules[i];
        int reaches = 0;
        for (size_t g = 0; g < s->nregions; g++)
            reaches |= fs_rule_reaches(r, &s->regions[g].groups);
        fputs(i ? ",\n      {\"id\": " : "\n      {\"id\": ", f);
        fs_json_str(f, r->id);
        key_str(f, "name", r->name);
        key_date(f, "effective_date", r->effective);
        key_date(f, "end_date", r->end);
        fprintf(f, ", \"in_force\": %s, \"reaches_scenario_regions\": %s",
                r->in_force ? "true" : "false", reaches ? "true" : "false");
        key_str(f, "source", r->source);
        fputc('}', f);
    }
    fputs("]\n", f);
}

void fs_write_inputs_json(const struct fs_scenario *s, FILE *f)
{
    fputs(",\n  \"inputs\": {\n    \"scenario\": {\"name\": ", f);
    fs_json_str(f, s->name);
    key_str(f, "description", s->description);
    key_str(f, "file", s->file);
    key_date(f, "start_date", s->start);
    key_num(f, "horizon_days", s->horizon_days);
    fprintf(f, ", \"seed\": %llu, \"replicates\": %d},\n", (unsigned long long)s->seed,
            s->replicates);
    json_chips(s, f);
    json_clusters(s, f);
    json_jobs_orders(s, f);
    json_rules(s, f);
    fputs("  }", f);
}

/* ---- comparisons --------------------------------------------------------- */

static const char *const kind_names[] = {"strategies", "files", "sweep", "sensitivity"};

/* One job of variant k: each metric's statistics and its paired difference
 * to the baseline (fs_paired_diff: the mean difference with its 95 %
 * t-interval, or for a censored metric the difference of the P50s without
 * one); the baseline's own difference is 0, as in comparison.csv. */
static void json_variant_job(const struct fs_study *st, size_t k, size_t j, FILE *f)
{
    const struct fs_variant *v = &st->v[k];
    struct fs_share p;
    fs_finish_share(v->mc, j, INFINITY, &p);
    fputs("{\"name\": ", f);
    fs_json_str(f, v->s->jobs[j].name);
    key_num(f, "finished_share", p.p);
    fputs(", \"finished_share_ci95\": [", f);
    fs_json_num(f, p.lo);
    fputs(", ", f);
    fs_json_num(f, p.hi);
    fputs("], \"metrics\": {", f);
    for (int m = 0; m < FS_M_COUNT; m++) {
        const struct fs_stat *x = fs_summary_stat(&v->sum, j, (enum fs_metric)m);
        int cens = fs_metric_censored((enum fs_metric)m);
        struct fs_diff d = {v->mc->nrep, 0.0, cens ? NAN : 0.0, cens ? NAN : 0.0, 0, NAN, NAN};
        if (k > 0)
            fs_study_diff(st, k, v->s->jobs[j].name, (enum fs_metric)m, &d);
        else if (cens && x->p50_cens)
            d.censored = 1;
        fprintf(f, "%s\n          \"%s\": {\"n\": %zu", m ? "," : "",
                fs_metric_name((enum fs_metric)m), x->n);
        key_num(f, "mean", x->mean);
        key_num(f, "p5", x->p5);
        key_num(f, "p50", x->p50);
        key_num(f, "p95", x->p95);
        fprintf(f, ", \"difference\": {\"of\": \"%s\", \"n\": %zu", cens ? "p50" : "mean", d.n);
        key_num(f, "value", d.censored ? NAN : d.mean);
        fputs(", \"ci95\": [", f);
        fs_json_num(f, d.lo);
        fputs(", ", f);
        fs_json_num(f, d.hi);
        fprintf(f, "], \"censored\": %s}}", d.censored ? "true" : "false");
    }
    fputs("}}", f);
}

static void json_variant(const struct fs_study *st, size_t k, FILE *f)
{
    const struct fs_variant *v = &st->v[k];
    double total = 0.0, equiv = 0.0;
    fputs("      {\"label\": ", f);
    fs_json_str(f, v->label);
    key_num(f, "value", st->kind >= FS_STUDY_SWEEP && !(st->kind == FS_STUDY_SENSITIVITY &&
                                                        v->input < 0)
                            ? v->x
                            : NAN);
    if (st->kind == FS_STUDY_SENSITIVITY && v->input >= 0) {
        const struct fs_sens_input *in = &st->v[0].s->sens[v->input];
        key_str(f, "input", in->label);
        key_str(f, "setting", in->path);
        key_num(f, "low", in->low);
        key_num(f, "high", in->high);
        key_str(f, "side", v->high ? "high" : "low");
    }
    for (size_t c = 0; c < v->s->nclusters; c++) {
        struct fs_cluster_result r;
        fs_fleet_mean(v->mc, c, &r);
        total += r.fleet_usd;
        equiv += r.fleet_rental_equiv_usd;
    }
    fprintf(f, ", \"replicates\": %zu", v->mc->nrep);
    key_num(f, "fleet_total_usd", total);
    key_num(f, "fleet_rental_equiv_usd", equiv);
    fputs(",\n       \"jobs\": [", f);
    for (size_t jj = 0; jj < v->s->njobs; jj++) {
        fputs(jj ? ",\n        " : "\n        ", f);
        json_variant_job(st, k, v->s->job_order[jj], f);
    }
    fputs("]}", f);
}

void fs_write_comparisons_json(const struct fs_study *st, FILE *f)
{
    fputs(",\n  \"comparisons\": {\"kind\": ", f);
    fs_json_str(f, kind_names[st->kind]);
    key_str(f, "cost_view", fs_view_name((enum fs_cost_view)st->cost_view));
    key_str(f, "cost_view_metric",
            fs_metric_name(fs_view_metric((enum fs_cost_view)st->cost_view)));
    fputs(", \"cost_views\": {", f);
    for (int v = 0; v < FS_VIEW_COUNT; v++)
        fprintf(f, "%s\"%s\": \"%s\"", v ? ", " : "", fs_view_name((enum fs_cost_view)v),
                fs_metric_name(fs_view_metric((enum fs_cost_view)v)));
    fputc('}', f);
    if (st->kind == FS_STUDY_SWEEP) {
        key_str(f, "sweep_settings", st->sweep_paths);
        fprintf(f, ", \"sweep_log\": %s", st->sweep_log ? "true" : "false");
        if (st->sweep_dates) /* values are day numbers; labels the dates */
            fputs(", \"sweep_dates\": true", f);
    }
    fputs(",\n    \"variants\": [\n", f);
    for (size_t k = 0; k < st->n; k++) {
        json_variant(st, k, f);
        fputs(k + 1 < st->n ? ",\n" : "\n", f);
    }
    fputs("    ]}", f);
}
