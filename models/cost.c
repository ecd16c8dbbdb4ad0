/*
 * cost.c - energy, rental-equivalent cost and total cost of ownership.
 *
 * Two costs are reported side by side because the gap between them is the
 * story: the rental-equivalent cost prices a run's GPU-hours at a market
 * rate (DeepSeek's "$5.6M"); the TCO charges the owner's amortised capex
 * and energy for the hours the run held, plus the cluster's capacity the
 * run left idle. Depreciation is straight-line over amortization_years from
 * the online date (Epoch's convention of a fixed server life, costs.md E.2).
 */
#include <math.h>

#include "fleetsim/cost.h"

double fs_cost_kwh_per_gpu_h(const struct fs_scenario *s, const struct fs_cluster *c)
{
    const struct fs_chip *chip = fs_cluster_chip(s, c);
    return chip->tdp_w / 1000.0 * c->server_power_factor * c->avg_load * c->pue;
}

static double online_h(const struct fs_scenario *s, const struct fs_cluster *c)
{
    return (double)(c->online - s->start) * FS_HOURS_PER_DAY;
}

double fs_cost_capex_usd(const struct fs_scenario *s, const struct fs_cluster *c,
                         double t0_h, double t1_h, double gpus)
{
    double life_h, a, b;
    if (c->ownership != FS_OWNED || !(t1_h > t0_h))
        return 0.0;
    life_h = c->amortization_years * FS_HOURS_PER_YEAR;
    a = fmax(t0_h, online_h(s, c));
    b = fmin(t1_h, online_h(s, c) + life_h);
    if (!(b > a))
        return 0.0;
    return gpus * c->capex_usd_per_gpu / life_h * (b - a);
}

void fs_job_costs(const struct fs_scenario *s, struct fs_job_result *jobs)
{
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        const struct fs_cluster *c = &s->clusters[job->cluster];
        struct fs_job_result *r = &jobs[j];
        double alloc, p, kwh;
        if (!r->started)
            continue;
        alloc = job->gpus * (r->end_h - r->start_h);
        r->gpu_h_allocated = alloc;
        p = alloc > 0.0 ? (r->gpu_h_useful + r->gpu_h_checkpoint) / alloc : 1.0;
        kwh = alloc * fs_cost_kwh_per_gpu_h(s, c);
        r->energy_mwh = kwh / 1000.0;
        r->rental_usd = alloc * c->rental_usd_per_gpu_h;
        if (c->ownership == FS_OWNED) {
            double capex = fs_cost_capex_usd(s, c, r->start_h, r->end_h, job->gpus);
            double energy = kwh * c->power_usd_per_kwh;
            r->tco_capex_usd = capex * p;
            r->tco_energy_usd = energy * p;
            r->tco_lost_usd = (capex + energy) * (1.0 - p);
        } else {
            r->tco_capex_usd = r->rental_usd * p;
            r->tco_energy_usd = 0.0;
            r->tco_lost_usd = r->rental_usd * (1.0 - p);
        }
        r->tco_usd = r->tco_capex_usd + r->tco_energy_usd + r->tco_lost_usd +
                     r->tco_idle_capacity_usd;
    }
}

static double total_gpus(const struct fs_cluster *c)
{
    return (double)c->gpus + (double)c->spare_nodes * c->gpus_per_node;
}

void fs_cluster_costs(const struct fs_scenario *s, const struct fs_job_result *jobs,
                      struct fs_cluster_result *clusters)
{
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        struct fs_cluster_result *r = &clusters[c];
        double horizon_h = s->horizon_days * FS_HOURS_PER_DAY;
        double t0 = fmax(0.0, online_h(s, cl));
        double capex_jobs = 0.0;
        r->gpu_h_jobs = 0.0;
        for (size_t j = 0; j < s->njobs; j++) {
            if (s->jobs[j].cluster != c || !jobs[j].started)
                continue;
            r->gpu_h_jobs += jobs[j].gpu_h_allocated;
            capex_jobs += fs_cost_capex_usd(s, cl, jobs[j].start_h, jobs[j].end_h,
                                            s->jobs[j].gpus);
        }
        r->gpu_h_unused = fmax(0.0, total_gpus(cl) * fmax(0.0, horizon_h - t0) - r->gpu_h_jobs);
        r->idle_capacity_usd =
            fmax(0.0, fs_cost_capex_usd(s, cl, 0.0, horizon_h, total_gpus(cl)) - capex_jobs);
    }
}

void fs_cost_fleet(const struct fs_scenario *s, const struct fs_cluster *c,
                   struct fs_fleet_cost *out)
{
    double horizon_h = s->horizon_days * FS_HOURS_PER_DAY;
    double t0 = fmax(0.0, online_h(s, c));
    double kwh;
    out->gpus = total_gpus(c);
    out->in_service_h = fmax(0.0, horizon_h - t0);
    kwh = out->gpus * out->in_service_h * fs_cost_kwh_per_gpu_h(s, c);
    out->energy_mwh = kwh / 1000.0;
    if (c->ownership == FS_OWNED) {
        out->capex_usd = fs_cost_capex_usd(s, c, 0.0, horizon_h, out->gpus);
        out->energy_usd = kwh * c->power_usd_per_kwh;
        out->rental_usd = 0.0;
    } else {
        out->capex_usd = out->energy_usd = 0.0;
        out->rental_usd = c->gpus * out->in_service_h * c->rental_usd_per_gpu_h;
    }
    out->total_usd = out->capex_usd + out->energy_usd + out->rental_usd;
}
