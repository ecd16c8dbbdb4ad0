/*
 * t_cost_out.c - the cost outputs analysts quote (sim/costview.c) on a small
 * owned fleet with hand-derived answers (tests/unit/data/cost_out.cfg):
 * 64 A100-80GB, all-in $24,000 each over 4 years (8,760 h a year), 100 days
 * (2,400 h), no failures; job "big" holds 32 GPUs for 240 h, "small" 16
 * GPUs for 120 h. Energy per GPU-hour: 0.4 kW x 2.0 x 0.75 x 1.25 = 0.75 kWh
 * x $0.10 = $0.075.
 */
#include <math.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/cost.h"
#include "fleetsim/costview.h"
#include "fleetsim/montecarlo.h"
#include "unit.h"
#include "util.h"

static struct fs_mc *run_cost_out(const struct fs_override *ov, size_t nov,
                                  struct fs_scenario **s)
{
    struct fs_mc *mc = NULL;
    struct fs_diag d;
    *s = unit_load("tests/unit/data/cost_out.cfg", ov, nov);
    if (*s == NULL || fs_mc_run(*s, 1, NULL, NULL, &mc, &d) != FS_OK)
        return NULL;
    return mc;
}

/* Fleet over the horizon: capex 64 x 24,000 / 35,040 h x 2,400 h =
 * $105,205.48; energy, idle GPUs drawing as busy ones, 64 x 2,400 x 0.075 =
 * $11,520; total $116,725.48. Jobs held 32 x 240 + 16 x 120 = 9,600 GPU-h;
 * full absorption of "big": 116,725.48 x 7,680 / 9,600 = $93,380.38 and of
 * "small" x 1,920 / 9,600; marginal 7,680 x $2.5 = $19,200. Outlay: 64 x
 * $24,000 = $1,536,000 all-in; GPU-only x 0.81 / 1.66 (the A100 module's
 * all-in factor, Epoch's 1.66 over 1 - 19 %) = $749,493.98. */
TEST(cost_out_fleet_views_outlay)
{
    struct fs_scenario *s;
    struct fs_mc *mc = run_cost_out(NULL, 0, &s);
    const double capex = 64 * 24000.0 / (4 * 8760.0) * 2400.0, energy = 64 * 2400.0 * 0.075;
    ASSERT(mc != NULL);
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_cluster_result *c = &mc->clusters[r];
        const struct fs_job_result *big = &mc->jobs[r * 2], *small = &mc->jobs[r * 2 + 1];
        ASSERT_REL(c->fleet_capex_usd, capex, 1e-12);
        ASSERT_REL(c->fleet_energy_usd, energy, 1e-12);
        ASSERT_REL(c->fleet_datacentre_usd, 0.0, 0.0);
        ASSERT_REL(c->fleet_usd, capex + energy, 1e-12);
        ASSERT_REL(big->fleet_usd, capex + energy, 1e-12);
        ASSERT_REL(big->gpu_h_allocated, 7680.0, 1e-12);
        ASSERT_REL(big->absorption_usd, (capex + energy) * 7680.0 / 9600.0, 1e-12);
        ASSERT_REL(small->absorption_usd, (capex + energy) * 1920.0 / 9600.0, 1e-12);
        ASSERT_REL(big->rental_usd, 19200.0, 1e-12);
        ASSERT_REL(c->outlay_gpus, 64.0, 0.0);
        ASSERT_REL(c->outlay_all_in_usd, 1536000.0, 1e-15);
        ASSERT_REL(c->outlay_gpu_only_usd, 1536000.0 * 0.81 / 1.66, 1e-12);
    }
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/* Means and the annual view: u = 9,600 / (64 x 2,400) = 0.0625; first-year
 * cost 64 x 24,000 / 4 = $384,000 capital + 64 x 8,760 x 0.075 = $42,048
 * energy (idle draws as busy) = $426,048; per delivered GPU-hour 426,048 /
 * (64 x 8,760 x 0.0625) = $12.1589; rent vs buy: owning's annual cost does
 * not vary with u (V = 0), so u* = 426,048 / (64 x 8,760 x 2.5) = 0.30397.
 * Server-level outlay: all-in x 0.81 = $1,244,160. */
TEST(cost_out_annual_and_rent_vs_buy)
{
    struct fs_scenario *s;
    struct fs_mc *mc = run_cost_out(NULL, 0, &s);
    struct fs_cluster_costs_mean m;
    ASSERT(mc != NULL);
    fs_cost_cluster_means(mc, 0, &m);
    ASSERT_REL(m.u, 0.0625, 1e-12);
    ASSERT_REL(m.annual.capital, 384000.0, 1e-12);
    ASSERT_REL(m.annual.energy, 42048.0, 1e-12);
    ASSERT_REL(m.annual.total, 426048.0, 1e-12);
    ASSERT_REL(m.per_delivered, 426048.0 / (64 * 8760.0 * 0.0625), 1e-12);
    ASSERT_REL(m.rvb.breakeven_utilisation, 426048.0 / (64 * 8760.0 * 2.5), 1e-12);
    ASSERT_REL(m.server, 1536000.0 * 0.81, 1e-12);
    ASSERT_REL(m.fleet_usd, 64 * 24000.0 / 35040.0 * 2400.0 + 11520.0, 1e-12);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/* 10x the GPUs (the strategy ten_x: 640 GPUs, jobs on 10x for a tenth of
 * the time): a job's dedicated TCO and marginal cost do not change (the same
 * GPU-hours, the cluster scaled with the job), but the fleet costs 10x:
 * $1,167,254.79, and full absorption grows with it. On a fleet-inclusive
 * basis 10x is not cheaper. */
TEST(cost_out_ten_x_fleet_inclusive)
{
    static const struct fs_override ov[] = {OV("clusters[own].gpus", "640"),
                                            OV("jobs[big].gpus", "320"),
                                            OV("jobs[small].gpus", "160")};
    struct fs_scenario *s0, *s1;
    struct fs_mc *a = run_cost_out(NULL, 0, &s0), *b = run_cost_out(ov, 3, &s1);
    ASSERT(a != NULL && b != NULL);
    ASSERT_REL(b->jobs[0].fleet_usd, 10.0 * a->jobs[0].fleet_usd, 1e-12);
    ASSERT_REL(b->jobs[0].fleet_usd, 10.0 * (64 * 24000.0 / 35040.0 * 2400.0 + 11520.0), 1e-12);
    ASSERT_REL(b->jobs[0].tco_usd, a->jobs[0].tco_usd, 1e-9);
    ASSERT_REL(b->jobs[0].rental_usd, a->jobs[0].rental_usd, 1e-12);
    ASSERT(b->jobs[0].absorption_usd > 9.99 * a->jobs[0].absorption_usd);
    fs_mc_free(a);
    fs_mc_free(b);
    fs_scenario_free(s0);
    fs_scenario_free(s1);
}

/* View names round-trip and pick their metrics; unknown names are usage
 * errors (main.c maps them to exit status 2). */
TEST(cost_out_view_names)
{
    enum fs_cost_view v;
    ASSERT(fs_view_parse("absorption", &v) == FS_OK && v == FS_VIEW_ABSORPTION);
    ASSERT(fs_view_parse("marginal", &v) == FS_OK && fs_view_metric(v) == FS_M_RENTAL);
    ASSERT(fs_view_parse("dedicated", &v) == FS_OK && fs_view_metric(v) == FS_M_TCO);
    ASSERT(fs_view_parse("cheapest", &v) == FS_EUSAGE);
    ASSERT(strcmp(fs_view_name(FS_VIEW_ABSORPTION), "absorption") == 0);
    ASSERT(FS_VIEW_ABSORPTION == 0); /* the default of a zeroed study */
}

/* deepseek_2025.cfg, failures off, one replicate. Outlay of the estimated
 * fleet (docs/model.md, worked example): all-in 10,000 x 30,740.74 +
 * 10,000 x 68,434.57 + 10,000 x 41,666.67 + 30,000 x 22,271.60 =
 * $2,076,567,800; server-level 10,000 x 24,900 + 10,000 x 55,432 + 10,000 x
 * 33,750 + 30,000 x 18,040 = $1,682,020,000 (within 1e-6: the all-in prices
 * are rounded to cents), +5.1 % on SemiAnalysis's ~$1.6B. The strategy
 * v3_10x_gpus buys 10,880 more H800 on the same order (in service the whole
 * year, inside their 5-year life): fleet capex + 10,880 x 68,434.57 / 5 =
 * $148,913,624.3, energy + 10,880 x 8,760 h x 0.7 x 1.82 x 0.75 x 1.25 kWh x
 * $0.0771 = $8,777,337.6; fleet cost + $157,690,961.9. */
TEST(cost_out_deepseek_outlay_and_ten_x)
{
    static const struct fs_override base[] = {OV("failures.distribution", "none"),
                                              OV("scenario.replicates", "1")};
    static const struct fs_override ten[] = {
        OV("failures.distribution", "none"), OV("scenario.replicates", "1"),
        OV("orders[h800_2023].count", "20880"), OV("jobs[v3_pretrain].gpus", "20480"),
        OV("jobs[v3_context_ext].gpus", "20480"), OV("jobs[v3_posttrain].gpus", "20480")};
    struct fs_scenario *s0 = unit_load("scenarios/deepseek_2025.cfg", base, 2);
    struct fs_scenario *s1 = unit_load("scenarios/deepseek_2025.cfg", ten, 6);
    struct fs_mc *a = NULL, *b = NULL;
    struct fs_diag d;
    double all_in = 0.0, server = 0.0;
    ASSERT(s0 != NULL && s1 != NULL);
    ASSERT(fs_mc_run(s0, 1, NULL, NULL, &a, &d) == FS_OK);
    ASSERT(fs_mc_run(s1, 1, NULL, NULL, &b, &d) == FS_OK);
    for (size_t c = 0; c < s0->nclusters; c++) {
        struct fs_cluster_costs_mean m;
        fs_cost_cluster_means(a, c, &m);
        all_in += m.all_in;
        server += m.server;
    }
    ASSERT_REL(all_in, 2076567800.0, 1e-12);
    ASSERT_REL(server, 1682020000.0, 1e-6);
    ASSERT_REL(b->jobs[0].fleet_usd - a->jobs[0].fleet_usd,
               10880 * 68434.57 / 5.0 + 10880 * 8760.0 * 0.7 * 1.82 * 0.75 * 1.25 * 0.0771,
               1e-9);
    ASSERT(b->jobs[0].tco_usd < a->jobs[0].tco_usd); /* the dedicated view hides it */
    ASSERT(b->jobs[0].absorption_usd > a->jobs[0].absorption_usd);
    fs_mc_free(a);
    fs_mc_free(b);
    fs_scenario_free(s0);
    fs_scenario_free(s1);
}
