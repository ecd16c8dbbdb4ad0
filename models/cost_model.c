/*
 * cost_model.c - the parts of the cost model that do not depend on a
 * replicate: all-in capex from a price and its basis, the capital charge of
 * each method, dated price curves, and the views the outputs quote
 * (hardware outlay, annual fleet cost, cost per delivered GPU-hour, the
 * three attribution views of a job, rent vs buy). Equations:
 * docs/model.md, "Costs"; constants: docs/sources.md#S-Epoch-cost.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>

#include "fleetsim/cost.h"

double fs_cost_family_overhead(const char *chip_name)
{
    if (strncmp(chip_name, "A100", 4) == 0)
        return 1.66;
    if (strncmp(chip_name, "V100", 4) == 0)
        return 1.69;
    if (strncmp(chip_name, "P100", 4) == 0)
        return 1.54;
    return 1.64;
}

double fs_cost_epoch_server_power(const char *chip_name)
{
    if (strncmp(chip_name, "A100", 4) == 0)
        return 2.03; /* (6.5 kW / 8) / 0.4 kW, rounded as costs.md E.1 */
    if (strncmp(chip_name, "H100", 4) == 0)
        return 1.82; /* (10.2 kW / 8) / 0.7 kW */
    return FS_EPOCH_CHIP_TO_SERVER_POWER;
}

struct fs_capex_parts fs_cost_capex_parts(double price, enum fs_price_basis basis,
                                          double overhead, double interconnect_share,
                                          double storage_share)
{
    struct fs_capex_parts p;
    p.price = price;
    p.hardware = basis == FS_BASIS_MODULE ? price * overhead : price;
    p.storage = p.hardware * storage_share;
    p.interconnect = (p.hardware + p.storage) * interconnect_share / (1.0 - interconnect_share);
    p.all_in = p.hardware + p.storage + p.interconnect;
    return p;
}

double fs_cost_cluster_overhead(const struct fs_chip *chip, const struct fs_cluster_cost *k)
{
    return k->server_overhead > 0.0 ? k->server_overhead
           : chip->server_overhead > 0.0 ? chip->server_overhead
           : fs_cost_family_overhead(chip->name);
}

struct fs_capex_parts fs_cost_cluster_capex_parts(const struct fs_chip *chip,
                                                  const struct fs_cluster_cost *k,
                                                  double price)
{
    double ov = fs_cost_cluster_overhead(chip, k);
    double ic = k->has_interconnect_share ? k->interconnect_share
                : chip->has_interconnect_share ? chip->interconnect_share
                : FS_EPOCH_INTERCONNECT_SHARE;
    double st = k->has_storage_share ? k->storage_share
                : chip->has_storage_share ? chip->storage_share : 0.0;
    return fs_cost_capex_parts(price, (enum fs_price_basis)chip->price_basis, ov, ic, st);
}

double fs_cost_crf(double r, double n_years)
{
    if (r == 0.0)
        return 1.0 / n_years;
    return r / (1.0 - pow(1.0 + r, -n_years));
}

double fs_cost_hours_per_year(const struct fs_cluster_cost *k)
{
    return k->hours_per_year > 0.0 ? k->hours_per_year : FS_HOURS_PER_YEAR;
}

double fs_cost_capital_usd(const struct fs_cluster_cost *k, double gpus, double unit_usd,
                           double life_h, double a_h, double b_h)
{
    double hpy = fs_cost_hours_per_year(k), n, pay;
    if (!(b_h > a_h))
        return 0.0;
    switch ((enum fs_capital)k->capital) {
    case FS_CAPITAL_ANNUITY:
        n = life_h / hpy;
        pay = (unit_usd - k->residual_value * unit_usd * pow(1.0 + k->cost_of_capital, -n)) *
              fs_cost_crf(k->cost_of_capital, n);
        return gpus * pay / hpy * (b_h - a_h);
    case FS_CAPITAL_VALUE_DECAY:
        return gpus * unit_usd * (pow(10.0, -k->decay_ooms_per_year * a_h / hpy) -
                                  pow(10.0, -k->decay_ooms_per_year * b_h / hpy));
    case FS_CAPITAL_STRAIGHT_LINE:
    default:
        /* Same operations as the original straight-line charge when the
         * residual is 0 (x 1.0 is exact): golden outputs stay bit-identical. */
        return gpus * unit_usd * (1.0 - k->residual_value) / life_h * (b_h - a_h);
    }
}

/* ---- dated prices ------------------------------------------------------ */

double fs_cost_curve_at(const struct fs_price_curve *cv, double t_h)
{
    gsl_interp *it;
    double v;
    if (cv->n == 0)
        return NAN;
    if (cv->n == 1 || t_h <= cv->t_h[0])
        return cv->usd[0];
    if (t_h >= cv->t_h[cv->n - 1])
        return cv->usd[cv->n - 1];
    it = gsl_interp_alloc(gsl_interp_linear, cv->n);
    if (it == NULL || gsl_interp_init(it, cv->t_h, cv->usd, cv->n) != GSL_SUCCESS) {
        gsl_interp_free(it);
        return NAN;
    }
    v = gsl_interp_eval(it, cv->t_h, cv->usd, t_h, NULL);
    gsl_interp_free(it);
    return v;
}

double fs_cost_curve_integral(const struct fs_price_curve *cv, double t0_h, double t1_h)
{
    const size_t n = cv->n;
    double lo, hi, sum = 0.0;
    gsl_interp *it;
    if (n == 0)
        return NAN;
    if (!(t1_h > t0_h))
        return 0.0;
    /* Constant ends: before the first point and after the last. */
    if (t0_h < cv->t_h[0])
        sum += cv->usd[0] * (fmin(t1_h, cv->t_h[0]) - t0_h);
    if (t1_h > cv->t_h[n - 1])
        sum += cv->usd[n - 1] * (t1_h - fmax(t0_h, cv->t_h[n - 1]));
    lo = fmax(t0_h, cv->t_h[0]);
    hi = fmin(t1_h, cv->t_h[n - 1]);
    if (n < 2 || !(hi > lo))
        return sum;
    it = gsl_interp_alloc(gsl_interp_linear, n);
    if (it == NULL || gsl_interp_init(it, cv->t_h, cv->usd, n) != GSL_SUCCESS) {
        gsl_interp_free(it);
        return NAN;
    }
    sum += gsl_interp_eval_integ(it, cv->t_h, cv->usd, lo, hi, NULL);
    gsl_interp_free(it);
    return sum;
}

double fs_cost_rent_at(const struct fs_cluster *c, double t_h)
{
    return c->cost.rent.n > 0 ? fs_cost_curve_at(&c->cost.rent, t_h) : c->rental_usd_per_gpu_h;
}

double fs_cost_rental_equiv(const struct fs_cluster *c, double gpus, double t0_h, double t1_h)
{
    if (c->cost.rent.n == 0)
        return gpus * (t1_h - t0_h) * c->rental_usd_per_gpu_h;
    return gpus * fs_cost_curve_integral(&c->cost.rent, t0_h, t1_h);
}

/* ---- views for the outputs --------------------------------------------- */

void fs_cost_hardware_outlay(const struct fs_scenario *s, const struct fs_delivery *dv,
                             size_t ndv, struct fs_outlay *out)
{
    const double horizon_h = fs_horizon_h(s);
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        const struct fs_chip *chip = fs_cluster_chip(s, c);
        /* GPU-only share of an all-in price: a module price / its all-in
         * price; a server or rack price counts price / server overhead as
         * the GPU (Epoch's split of chip and server cost). */
        struct fs_capex_parts unit = fs_cost_cluster_capex_parts(chip, &c->cost, 1.0);
        double ratio = (chip->price_basis == FS_BASIS_MODULE
                            ? 1.0
                            : 1.0 / fs_cost_cluster_overhead(chip, &c->cost)) / unit.all_in;
        double g0 = fs_date_h(s, c->online) <= horizon_h ? fs_cluster_initial_gpus(c) : 0.0;
        struct fs_outlay *o = &out[i];
        o->gpus = g0;
        o->all_in_usd = g0 * c->capex_usd_per_gpu;
        for (size_t d = 0; d < ndv; d++) {
            if (dv[d].cluster != i || dv[d].t_h > horizon_h)
                continue;
            o->gpus += dv[d].gpus;
            o->all_in_usd += dv[d].gpus * dv[d].unit_price_usd;
        }
        if (c->ownership == FS_RENTED)
            o->all_in_usd = 0.0;
        o->gpu_only_usd = o->all_in_usd * ratio;
    }
}

/* Server power per GPU, kW (what colocation and build are priced on). */
static double server_kw(const struct fs_scenario *s, const struct fs_cluster *c)
{
    return fs_cluster_chip(s, c)->tdp_w / 1000.0 * c->server_power_factor;
}

struct fs_annual_cost fs_cost_annual(const struct fs_scenario *s, const struct fs_cluster *c,
                                     double gpus, double u)
{
    const struct fs_cluster_cost *k = &c->cost;
    const double hpy = fs_cost_hours_per_year(k);
    struct fs_annual_cost a;
    memset(&a, 0, sizeof(a));
    if (c->ownership == FS_RENTED) {
        a.rent = gpus * hpy * c->rental_usd_per_gpu_h;
    } else {
        double life_h = c->amortization_years * hpy;
        double kwh_busy = fs_cost_kwh_per_gpu_h(s, c);
        double kwh_idle = k->has_idle_power_share
                              ? kwh_busy / c->avg_load * k->idle_power_share
                              : kwh_busy;
        a.capital = fs_cost_capital_usd(k, gpus, c->capex_usd_per_gpu, life_h, 0.0,
                                        fmin(hpy, life_h));
        a.energy = gpus * hpy * (u * kwh_busy + (1.0 - u) * kwh_idle) * c->power_usd_per_kwh;
        a.maintenance = gpus * c->capex_usd_per_gpu * k->maintenance_share_per_year;
        a.facility = gpus * server_kw(s, c) * 12.0 * k->colocation_usd_per_kw_month;
        if (k->build_life_years > 0.0)
            a.facility += gpus * server_kw(s, c) / 1000.0 * k->build_usd_per_mw /
                          k->build_life_years;
        a.staff = k->staff_usd_per_year;
    }
    a.total = a.capital + a.energy + a.maintenance + a.facility + a.staff + a.rent;
    return a;
}

double fs_cost_datacentre_usd(const struct fs_scenario *s, const struct fs_cluster *c,
                              double gpu_h_in_service, double cluster_h)
{
    struct fs_annual_cost one;
    if (c->ownership == FS_RENTED)
        return 0.0;
    /* One GPU's maintenance and facility for a year; staff is per cluster. */
    one = fs_cost_annual(s, c, 1.0, 1.0);
    return ((one.maintenance + one.facility) * gpu_h_in_service +
            c->cost.staff_usd_per_year * cluster_h) / fs_cost_hours_per_year(&c->cost);
}

double fs_cost_per_delivered_gpu_h(const struct fs_cluster *c, double annual_usd,
                                   double gpus, double u)
{
    return annual_usd / (gpus * fs_cost_hours_per_year(&c->cost) * u);
}

struct fs_job_views fs_cost_job_views(double rental_equiv_usd, double fleet_usd_per_gpu_h,
                                      double job_gpu_h, double dedicated_tco_usd)
{
    struct fs_job_views v = {rental_equiv_usd, fleet_usd_per_gpu_h * job_gpu_h,
                             dedicated_tco_usd};
    return v;
}

struct fs_rent_vs_buy fs_cost_rent_vs_buy(const struct fs_scenario *s, const struct fs_cluster *c,
                                          double gpus, double u, double rent_usd_per_gpu_h)
{
    /* The annual cost is F + V u (only busy energy grows with u): owning
     * equals renting where F + V u = gpus x hpy x rent x u. */
    double f = fs_cost_annual(s, c, gpus, 0.0).total;
    double v = fs_cost_annual(s, c, gpus, 1.0).total - f;
    struct fs_rent_vs_buy r;
    r.own_usd_per_gpu_h = fs_cost_per_delivered_gpu_h(c, fs_cost_annual(s, c, gpus, u).total,
                                                      gpus, u);
    r.rent_usd_per_gpu_h = rent_usd_per_gpu_h;
    r.breakeven_utilisation = f / (gpus * fs_cost_hours_per_year(&c->cost) * rent_usd_per_gpu_h - v);
    return r;
}
