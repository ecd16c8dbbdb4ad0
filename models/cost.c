/*
 * cost.c - energy, rental-equivalent cost and total cost of ownership.
 *
 * Two costs are reported side by side because the gap between them is the
 * story: the rental-equivalent cost prices a run's GPU-hours at a market
 * rate (DeepSeek's "$5.6M"); the TCO charges the owner's amortised capex
 * and energy for the hours the run held, plus the cluster's capacity the
 * run left idle. Each batch of GPUs (the cluster's initial ones, each
 * delivery) depreciates straight-line over amortization_years from its
 * arrival (Epoch's fixed server life, docs/sources.md#S-Epoch-cost), until
 * the cluster retires.
 */
#include <math.h>

#include "fleetsim/cost.h"

double fs_cost_kwh_per_gpu_h(const struct fs_scenario *s, const struct fs_cluster *c)
{
    const struct fs_chip *chip = fs_cluster_chip(s, c);
    return chip->tdp_w / 1000.0 * c->server_power_factor * c->avg_load * c->pue;
}

double fs_cost_batch_capex(const struct fs_scenario *s, const struct fs_cluster *c, double gpus,
                           double unit_usd, double arrive_h, double t0_h, double t1_h)
{
    double life_h, a, b;
    if (c->ownership != FS_OWNED || !(t1_h > t0_h))
        return 0.0;
    life_h = c->amortization_years * fs_cost_hours_per_year(&c->cost);
    a = fmax(t0_h, arrive_h);
    b = fmin(fmin(t1_h, arrive_h + life_h), fs_cluster_retire_h(s, c));
    if (!(b > a))
        return 0.0;
    return fs_cost_capital_usd(&c->cost, gpus, unit_usd, life_h, a - arrive_h, b - arrive_h);
}

double fs_cost_capex_usd(const struct fs_scenario *s, const struct fs_cluster *c,
                         double t0_h, double t1_h, double gpus)
{
    return fs_cost_batch_capex(s, c, gpus, c->capex_usd_per_gpu, fs_date_h(s, c->online), t0_h, t1_h);
}

void fs_job_costs(const struct fs_scenario *s, struct fs_job_result *jobs)
{
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        const struct fs_cluster *c = &s->clusters[fs_job_result_cluster(s, j, &jobs[j])];
        struct fs_job_result *r = &jobs[j];
        double alloc, p, q, kwh;
        if (!r->started)
            continue;
        alloc = job->gpus * (r->end_h - r->start_h) - r->gpu_h_ramp_short;
        r->gpu_h_allocated = alloc;
        /* Productive share p and lost share q of the allocated hours. q is
         * summed from the lost parts rather than taken as 1 - p: when
         * nothing is lost, 1 - p is rounding noise of either sign (a
         * negative lost-work cost), while q is exactly 0. */
        p = alloc > 0.0 ? (r->gpu_h_useful + r->gpu_h_checkpoint) / alloc : 1.0;
        q = alloc > 0.0 ? (r->gpu_h_lost + r->gpu_h_restart + r->gpu_h_idle) / alloc : 0.0;
        kwh = alloc * fs_cost_kwh_per_gpu_h(s, c);
        r->energy_mwh = kwh / 1000.0;
        r->rental_usd = fs_cost_rental_equiv(c, job->gpus, r->start_h, r->end_h);
        if (r->gpu_h_ramp_short > 0.0) /* a ramped start: the GPU-hours it held
                                          (exact for an undated rent) */
            r->rental_usd *= alloc / (job->gpus * (r->end_h - r->start_h));
        if (c->ownership == FS_OWNED) {
            double energy = kwh * c->power_usd_per_kwh;
            r->tco_capex_usd = r->capex_share_usd * p;
            r->tco_energy_usd = energy * p;
            r->tco_lost_usd = (r->capex_share_usd + energy) * q;
        } else {
            r->tco_capex_usd = r->rental_usd * p;
            r->tco_energy_usd = 0.0;
            r->tco_lost_usd = r->rental_usd * q;
        }
        r->tco_usd = r->tco_capex_usd + r->tco_energy_usd + r->tco_lost_usd +
                     r->tco_idle_capacity_usd;
    }
}

/* Energy of a cluster's GPU-hours in service, kWh: busy ones at the
 * training draw, idle ones at idle_power_share of server power (as busy
 * when unset, the model before idle power existed). */
static double fleet_kwh(const struct fs_scenario *s, const struct fs_cluster *c,
                        double in_service_h, double busy_h)
{
    double busy = fs_cost_kwh_per_gpu_h(s, c);
    if (!c->cost.has_idle_power_share)
        return in_service_h * busy;
    busy_h = fmin(busy_h, in_service_h);
    return busy_h * busy + (in_service_h - busy_h) * busy / c->avg_load * c->cost.idle_power_share;
}

/* Rental-equivalent of a batch in service within [0, end] under the
 * cluster's dated rents. */
static double batch_rent(const struct fs_cluster *c, double gpus, double arrive_h, double end_h)
{
    double a = fmax(0.0, arrive_h);
    return end_h > a ? fs_cost_rental_equiv(c, gpus, a, end_h) : 0.0;
}

/* GPU-hours a batch is in service within [0, end]. */
static double batch_gpu_h(double gpus, double arrive_h, double end_h)
{
    double a = fmax(0.0, arrive_h);
    return end_h > a ? gpus * (end_h - a) : 0.0;
}

void fs_cluster_costs(const struct fs_scenario *s, const struct fs_job_result *jobs,
                      const struct fs_delivery *dv, size_t ndv,
                      struct fs_cluster_result *clusters)
{
    const double horizon_h = fs_horizon_h(s);
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        struct fs_cluster_result *r = &clusters[c];
        double end = fmin(horizon_h, fs_cluster_retire_h(s, cl)), g0 = fs_cluster_initial_gpus(cl);
        double capex_jobs = 0.0, kwh, rent_dated;
        r->gpu_h_jobs = 0.0;
        for (size_t j = 0; j < s->njobs; j++) {
            if (fs_job_result_cluster(s, j, &jobs[j]) != c || !jobs[j].started)
                continue;
            r->gpu_h_jobs += jobs[j].gpu_h_allocated;
            capex_jobs += jobs[j].capex_share_usd + jobs[j].tco_idle_capacity_usd;
        }
        r->gpus_end = fs_date_h(s, cl->online) <= end ? g0 : 0.0;
        r->gpu_h_in_service = batch_gpu_h(g0, fs_date_h(s, cl->online), end);
        r->fleet_capex_usd = fs_cost_capex_usd(s, cl, 0.0, horizon_h, g0);
        rent_dated = batch_rent(cl, g0, fs_date_h(s, cl->online), end);
        for (size_t d = 0; d < ndv; d++) {
            if (dv[d].cluster != c)
                continue;
            r->gpus_end += dv[d].t_h <= end ? dv[d].gpus : 0.0;
            r->gpu_h_in_service += batch_gpu_h(dv[d].gpus, dv[d].t_h, end);
            rent_dated += batch_rent(cl, dv[d].gpus, dv[d].t_h, end);
            r->fleet_capex_usd += fs_cost_batch_capex(s, cl, dv[d].gpus, dv[d].unit_price_usd,
                                                      dv[d].t_h, 0.0, horizon_h);
        }
        r->gpu_h_unused = fmax(0.0, r->gpu_h_in_service - r->gpu_h_jobs);
        r->idle_capacity_usd = fmax(0.0, r->fleet_capex_usd - capex_jobs);
        kwh = fleet_kwh(s, cl, r->gpu_h_in_service, r->gpu_h_jobs);
        r->fleet_energy_mwh = kwh / 1000.0;
        if (cl->ownership == FS_OWNED) {
            r->fleet_energy_usd = kwh * cl->power_usd_per_kwh;
            r->fleet_rental_usd = 0.0;
        } else {
            r->fleet_capex_usd = r->fleet_energy_usd = 0.0;
            r->idle_capacity_usd = 0.0;
            /* Spare nodes are rented too. */
            double on = fmax(0.0, fs_date_h(s, cl->online));
            r->fleet_rental_usd = cl->cost.rent.n == 0
                                      ? g0 * fmax(0.0, end - on) * cl->rental_usd_per_gpu_h
                                      : fs_cost_rental_equiv(cl, g0, on, fmax(on, end));
        }
        r->fleet_rental_equiv_usd = fs_cost_fleet_rental_equiv_usd(cl, r);
        if (cl->ownership == FS_OWNED && cl->cost.rent.n > 0)
            r->fleet_rental_equiv_usd = rent_dated; /* the dated rents */
    }
}

double fs_cost_fleet_rental_equiv_usd(const struct fs_cluster *c,
                                      const struct fs_cluster_result *r)
{
    return c->ownership == FS_RENTED ? r->fleet_rental_usd
                                     : r->gpu_h_in_service * c->rental_usd_per_gpu_h;
}

/* Is the grid ascending? */
static int grid_sorted(const double *t, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (!(t[k] >= t[k - 1]))
            return 0;
    return 1;
}

/* Are cluster c's deliveries in time order (in their order in dv)? Then,
 * on an ascending grid, the deliveries by t[k] are a prefix of c's. */
static int deliveries_sorted(const struct fs_delivery *dv, size_t ndv, size_t c)
{
    double last = -INFINITY;
    for (size_t d = 0; d < ndv; d++) {
        if (dv[d].cluster != c)
            continue;
        if (!(dv[d].t_h >= last))
            return 0;
        last = dv[d].t_h;
    }
    return 1;
}

/* Are the cluster's GPU counts whole numbers whose total stays below 2^24?
 * Then every partial sum is exact in a float, in any order. */
static int counts_whole(const struct fs_delivery *dv, size_t ndv, size_t c, double g0)
{
    double sum = g0;
    if (!(g0 >= 0.0) || g0 != floor(g0))
        return 0;
    for (size_t d = 0; d < ndv; d++) {
        if (dv[d].cluster != c)
            continue;
        if (!(dv[d].gpus >= 0.0) || dv[d].gpus != floor(dv[d].gpus))
            return 0;
        sum += dv[d].gpus;
    }
    return sum < 16777216.0;
}

/* The first grid index with t[k] >= x (n if none), t ascending. */
static size_t grid_from(const double *t, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid] >= x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/*
 * GPUs in service of each cluster at each grid time: its initial GPUs and
 * the deliveries by then, summed in the order of dv. On an ascending grid
 * two shortcuts give the same value to the bit in O(n + ndv log n), not
 * O(n ndv): where the cluster's deliveries are in time order, the ones by
 * t[k] are a prefix of them and one running sum adds the same numbers in
 * the same order; where its counts are whole and their total is below 2^24,
 * every partial sum is exact (in a double and in a float), so each delivery
 * is added at its first grid point and the row summed once. Otherwise the
 * sum per point.
 */
void fs_capacity_grid(const struct fs_scenario *s, const struct fs_delivery *dv, size_t ndv,
                      const double *t, size_t n, float *out)
{
    int ascending = grid_sorted(t, n);
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        double on = fs_date_h(s, cl->online), off = fs_cluster_retire_h(s, cl);
        double g0 = fs_cluster_initial_gpus(cl), run = g0;
        float *row = out + c * n;
        size_t next = 0;
        int sorted = ascending && deliveries_sorted(dv, ndv, c);
        if (!sorted && ascending && counts_whole(dv, ndv, c, g0)) {
            float acc = 0.0f;
            for (size_t k = 0; k < n; k++)
                row[k] = 0.0f;
            for (size_t d = 0; d < ndv; d++) {
                size_t k0 = dv[d].cluster == c ? grid_from(t, n, dv[d].t_h) : n;
                if (k0 < n)
                    row[k0] += (float)dv[d].gpus;
            }
            for (size_t k = 0; k < n; k++) {
                acc += row[k];
                row[k] = t[k] >= on && t[k] < off ? (float)g0 + acc : 0.0f;
            }
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            double g = 0.0;
            if (sorted)
                for (; next < ndv && (dv[next].cluster != c || dv[next].t_h <= t[k]); next++)
                    if (dv[next].cluster == c)
                        run += dv[next].gpus;
            if (t[k] >= on && t[k] < off) {
                if (sorted) {
                    g = run;
                } else {
                    g = g0;
                    for (size_t d = 0; d < ndv; d++)
                        if (dv[d].cluster == c && dv[d].t_h <= t[k])
                            g += dv[d].gpus;
                }
            }
            row[k] = (float)g;
        }
    }
}
