/*
 * costview.c - the cost figures analysts quote: hardware outlay, the fleet's
 * cost over the horizon and per year, cost per delivered GPU-hour, rent vs
 * buy, and each job's three attribution views. Per replicate it adds a few
 * sums to what models/cost.c filled; over the replicates it averages them
 * and prints compact tables (<= 100 columns). Equations: docs/model.md,
 * "Costs" (views for the outputs, and the DeepSeek worked example).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cost.h"
#include "fleetsim/costview.h"
#include "fleetsim/error.h"
#include "fleetsim/outfile.h"
#include "fleetsim/report.h"

static const struct {
    const char *name, *title;
    enum fs_metric m;
} views[FS_VIEW_COUNT] = {
    {"absorption", "full absorption (fleet cost per delivered GPU-h x GPU-h)", FS_M_ABSORB},
    {"marginal", "marginal (rental-equivalent)", FS_M_RENTAL},
    {"dedicated", "dedicated (TCO of the cluster while held)", FS_M_TCO},
};

const char *fs_view_name(enum fs_cost_view v)
{
    return (unsigned)v < FS_VIEW_COUNT ? views[v].name : "?";
}

const char *fs_view_title(enum fs_cost_view v)
{
    return (unsigned)v < FS_VIEW_COUNT ? views[v].title : "?";
}

enum fs_metric fs_view_metric(enum fs_cost_view v)
{
    return (unsigned)v < FS_VIEW_COUNT ? views[v].m : FS_M_TCO;
}

int fs_view_parse(const char *name, enum fs_cost_view *out)
{
    for (int v = 0; v < FS_VIEW_COUNT; v++)
        if (strcmp(name, views[v].name) == 0) {
            *out = (enum fs_cost_view)v;
            return FS_OK;
        }
    return FS_EUSAGE;
}

/* Hours cluster c is in service within [0, horizon] (staff is paid for
 * these): from its online date (or 0) to its retirement (or the horizon);
 * 0 if it never holds a GPU. */
static double cluster_hours(const struct fs_scenario *s, const struct fs_cluster *c,
                            const struct fs_cluster_result *r)
{
    double a = fmax(0.0, fs_date_h(s, c->online));
    double b = fmin(fs_horizon_h(s), fs_cluster_retire_h(s, c));
    return r->gpu_h_in_service > 0.0 && b > a ? b - a : 0.0;
}

void fs_cost_views_fill(const struct fs_scenario *s, const struct fs_delivery *dv, size_t ndv,
                        struct fs_job_result *jobs, struct fs_cluster_result *clusters)
{
    struct fs_outlay ol[FS_MAX_CLUSTERS_VIEW];
    double fleet = 0.0, held = 0.0;
    int have_outlay = s->nclusters <= FS_MAX_CLUSTERS_VIEW;
    if (have_outlay)
        fs_cost_hardware_outlay(s, dv, ndv, ol);
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        struct fs_cluster_result *r = &clusters[i];
        r->fleet_datacentre_usd = fs_cost_datacentre_usd(s, c, r->gpu_h_in_service,
                                                         cluster_hours(s, c, r));
        r->fleet_usd = r->fleet_capex_usd + r->fleet_energy_usd + r->fleet_rental_usd +
                       r->fleet_datacentre_usd;
        r->outlay_gpus = have_outlay ? ol[i].gpus : NAN;
        r->outlay_gpu_only_usd = have_outlay ? ol[i].gpu_only_usd : NAN;
        r->outlay_all_in_usd = have_outlay ? ol[i].all_in_usd : NAN;
        fleet += r->fleet_usd;
    }
    for (size_t j = 0; j < s->njobs; j++)
        held += jobs[j].gpu_h_allocated;
    for (size_t j = 0; j < s->njobs; j++) {
        jobs[j].fleet_usd = fleet;
        jobs[j].absorption_usd = held > 0.0 ? fleet / held * jobs[j].gpu_h_allocated : 0.0;
    }
}

void fs_cost_cluster_means(const struct fs_mc *mc, size_t ci, struct fs_cluster_costs_mean *out)
{
    const struct fs_scenario *s = mc->s;
    const struct fs_cluster *c = &s->clusters[ci];
    const struct fs_chip *chip = fs_cluster_chip(s, c);
    struct fs_capex_parts unit = fs_cost_cluster_capex_parts(chip, &c->cost, 1.0);
    double jobs_h = 0.0, serv_h = 0.0, gpus_end = 0.0, n = (double)mc->nrep;
    memset(out, 0, sizeof(*out));
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_cluster_result *x = &mc->clusters[r * s->nclusters + ci];
        out->gpus += x->outlay_gpus / n;
        out->gpu_only += x->outlay_gpu_only_usd / n;
        out->all_in += x->outlay_all_in_usd / n;
        out->fleet_usd += x->fleet_usd / n;
        jobs_h += x->gpu_h_jobs;
        serv_h += x->gpu_h_in_service;
        gpus_end += x->gpus_end / n;
    }
    /* Server-level: the all-in price without storage and interconnect. */
    out->server = out->all_in * unit.hardware / unit.all_in;
    out->u = serv_h > 0.0 ? jobs_h / serv_h : 0.0;
    out->annual = fs_cost_annual(s, c, gpus_end, out->u);
    out->per_delivered = out->u > 0.0
                             ? fs_cost_per_delivered_gpu_h(c, out->annual.total, gpus_end, out->u)
                             : NAN;
    out->rvb = fs_cost_rent_vs_buy(s, c, gpus_end, out->u, fs_cost_rent_at(c, 0.0));
}

/* Fleet lines of the one-table summary: outlay, annual cost, cost per
 * delivered GPU-hour, the fleet's cost over the horizon. */
static void summary_fleet(const struct fs_mc *mc, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    double gpus = 0, go = 0, sv = 0, ai = 0, ann = 0, deliv_h = 0, fleet = 0;
    char b1[32], b2[32], b3[32];
    for (size_t c = 0; c < s->nclusters; c++) {
        struct fs_cluster_costs_mean m;
        fs_cost_cluster_means(mc, c, &m);
        gpus += m.gpus;
        go += m.gpu_only;
        sv += m.server;
        ai += m.all_in;
        ann += m.annual.total;
        fleet += m.fleet_usd;
        if (m.u > 0.0)
            deliv_h += m.annual.total / m.per_delivered;
    }
    fprintf(out, "  %-44s %s GPU-only, %s server, %s all-in\n",
            "hardware outlay (GPUs received x price)", fs_fmt_usd(go, b1, sizeof(b1)),
            fs_fmt_usd(sv, b2, sizeof(b2)), fs_fmt_usd(ai, b3, sizeof(b3)));
    fprintf(out, "  %-44s %.0f GPUs, initial and delivered\n", "  of which", gpus);
    fprintf(out, "  %-44s %s a year at the simulated utilisation\n", "fleet annual cost",
            fs_fmt_usd(ann, b1, sizeof(b1)));
    if (deliv_h > 0.0)
        fprintf(out, "  %-44s $%.3f\n", "fleet cost per delivered GPU-hour", ann / deliv_h);
    else
        fprintf(out, "  %-44s - (no job held a GPU)\n", "fleet cost per delivered GPU-hour");
    fprintf(out, "  %-44s %s\n", "fleet cost over the horizon",
            fs_fmt_usd(fleet, b1, sizeof(b1)));
}

/* The fleet's cost over the horizon per GPU-hour in service, means over
 * replicates: what full absorption would charge at 100 % utilisation. */
static double fleet_per_service_h(const struct fs_mc *mc)
{
    double usd = 0.0, h = 0.0;
    for (size_t i = 0; i < mc->nrep * mc->s->nclusters; i++) {
        usd += mc->clusters[i].fleet_usd;
        h += mc->clusters[i].gpu_h_in_service;
    }
    return h > 0.0 ? usd / h : NAN;
}

void fs_report_costs(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    char b1[32], b2[32], b3[32], b4[32];
    fprintf(out, "\ncost summary (means over replicates; each line's equation: docs/model.md "
                 "\"Costs\")\n");
    summary_fleet(mc, out);
    double per_h = fleet_per_service_h(mc);
    fprintf(out, "  %-16s %18s %18s %18s %18s\n", "job", "marginal (rental)", "full absorption",
            "dedicated (TCO)", "absorption, u=100%");
    for (size_t jj = 0; jj < s->njobs; jj++) {
        size_t j = s->job_order[jj];
        fprintf(out, "  %-16s %18s %18s %18s %18s\n", fs_term(s->jobs[j].name),
                fs_fmt_usd(fs_summary_stat(sum, j, FS_M_RENTAL)->mean, b1, sizeof(b1)),
                fs_fmt_usd(fs_summary_stat(sum, j, FS_M_ABSORB)->mean, b2, sizeof(b2)),
                fs_fmt_usd(fs_summary_stat(sum, j, FS_M_TCO)->mean, b3, sizeof(b3)),
                fs_fmt_usd(per_h * fs_summary_stat(sum, j, FS_M_ALLOC)->mean, b4, sizeof(b4)));
    }
    fprintf(out, "  (full absorption: the fleet's cost over the horizon x the job's share of the "
                 "GPU-hours\n   jobs held; at u=100%%: x its GPU-hours / all GPU-hours in "
                 "service, the lower bound)\n");
    fprintf(out, "\ncosts by cluster (outlay; first-year cost at the simulated utilisation u; "
                 "rent vs buy)\n");
    fprintf(out, "  %-14s %7s %9s %9s %9s %6s %9s %8s %8s\n", "cluster", "GPUs", "GPU-only",
            "all-in", "annual", "u", "own $/h", "rent $/h", "u*");
    for (size_t c = 0; c < s->nclusters; c++) {
        struct fs_cluster_costs_mean m;
        fs_cost_cluster_means(mc, c, &m);
        fprintf(out, "  %-14s %7.0f %9s %9s %9s %5.1f%% ", fs_term(s->clusters[c].name),
                m.gpus, fs_fmt_usd(m.gpu_only, b1, sizeof(b1)),
                fs_fmt_usd(m.all_in, b2, sizeof(b2)),
                fs_fmt_usd(m.annual.total, b3, sizeof(b3)), 100.0 * m.u);
        snprintf(b4, sizeof(b4), isfinite(m.per_delivered) ? "%.3f" : "-", m.per_delivered);
        snprintf(b1, sizeof(b1), isfinite(m.rvb.breakeven_utilisation) ? "%.1f%%" : "-",
                 100.0 * m.rvb.breakeven_utilisation);
        fprintf(out, "%9s %8.3f %8s\n", b4, m.rvb.rent_usd_per_gpu_h, b1);
    }
    fprintf(out, "  (own $/h: annual / (GPUs x hours a year x u); u*: utilisation at which owning "
                 "costs the rent;\n   above 100%%, renting is cheaper at any utilisation)\n");
    fprintf(out, "\njob reliability (over all replicates)\n");
    fprintf(out, "  %-16s %10s %10s %8s %8s  %s\n", "job", "MTTF h", "MTBF h", "ETTR", "MFU",
            "MFU from");
    for (size_t jj = 0; jj < s->njobs; jj++) {
        size_t j = s->job_order[jj];
        const struct fs_job *jb = &s->jobs[j];
        double run_h = 0, up_h = 0, fails = 0, useful = 0, alloc = 0;
        for (size_t r = 0; r < mc->nrep; r++) {
            const struct fs_job_result *x = &mc->jobs[r * s->njobs + j];
            run_h += x->gpu_h_allocated / jb->gpus;
            up_h += (x->gpu_h_useful + x->gpu_h_lost + x->gpu_h_checkpoint) / jb->gpus;
            fails += x->interruptions[FS_CAUSE_NODE_OUT] + x->interruptions[FS_CAUSE_RESTART];
            useful += x->gpu_h_useful;
            alloc += x->gpu_h_allocated;
        }
        snprintf(b1, sizeof(b1), fails > 0 ? "%.2f" : "-", up_h / fails);
        snprintf(b2, sizeof(b2), fails > 0 ? "%.2f" : "-", run_h / fails);
        snprintf(b3, sizeof(b3), alloc > 0 ? "%.3f" : "-", useful / alloc);
        fprintf(out, "  %-16s %10s %10s %8s %8.4f  %s\n", fs_term(jb->name), b1, b2, b3,
                jb->mfu, jb->mfu_source == FS_MFU_ACCOUNTING ? "implied by accounting"
                                                              : fs_mfu_source_name(jb->mfu_source));
    }
    fprintf(out, "  (MTTF: hours computing or checkpointing per failure; MTBF: hours held per "
                 "failure;\n   ETTR: useful / held GPU-hours)\n");
}

const char *fs_cost_power_model_text(const struct fs_scenario *s)
{
    int some = 0, all = s->nclusters > 0;
    for (size_t i = 0; i < s->nclusters; i++) {
        int has = s->clusters[i].cost.has_idle_power_share;
        some |= has;
        all &= has;
    }
    return all    ? "energy: busy GPUs at avg_load, idle ones at idle_power_share"
           : some ? "energy: idle GPUs at idle_power_share where set, else at avg_load"
                  : "energy as if every GPU drew avg_load";
}

void fs_json_cluster_costs(const struct fs_mc *mc, size_t c, FILE *f)
{
    struct fs_cluster_costs_mean m;
    struct fs_cluster_result fc;
    const char *const names[] = {"datacentre_usd", "outlay_gpus", "outlay_gpu_only_usd",
                                 "outlay_server_usd", "outlay_all_in_usd", "utilisation",
                                 "annual_usd", "usd_per_delivered_gpu_hour",
                                 "breakeven_utilisation"};
    double x[sizeof(names) / sizeof(names[0])];
    fs_cost_cluster_means(mc, c, &m);
    fs_fleet_mean(mc, c, &fc);
    x[0] = fc.fleet_datacentre_usd;
    x[1] = m.gpus;
    x[2] = m.gpu_only;
    x[3] = m.server;
    x[4] = m.all_in;
    x[5] = m.u;
    x[6] = m.annual.total;
    x[7] = m.per_delivered;
    x[8] = m.rvb.breakeven_utilisation;
    for (size_t i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
        fprintf(f, ", \"%s\": ", names[i]);
        fs_json_num(f, x[i]);
    }
}
