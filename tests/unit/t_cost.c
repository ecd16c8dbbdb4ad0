/*
 * t_cost.c - the cost model's price basis, capital methods, dated prices,
 * Epoch preset and output views, on tests/unit/data/cost.cfg. Every
 * expected value is derived by hand in the comment above it.
 */
#include <math.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/cost.h"
#include "unit.h"
#include "util.h"

static struct fs_scenario *load_cost(void)
{
    return unit_load("tests/unit/data/cost.cfg", NULL, 0);
}

/* Price basis: a module price gets the family's server overhead, every
 * price the 19 % interconnect (of hardware + interconnect). */
TEST(cost_capex_basis)
{
    struct fs_capex_parts p;
    struct fs_scenario *s = load_cost();
    ASSERT(s != NULL);
    /* A100 module $15,000 x 1.66 = $24,900; / (1 - 0.19) = $30,740.7407;
     * interconnect 24,900 x 0.19 / 0.81 = $5,840.7407. */
    p = fs_cost_capex_parts(15000.0, FS_BASIS_MODULE, 1.66, 0.19, 0.0);
    ASSERT_REL(p.hardware, 24900.0, 1e-15);
    ASSERT_REL(p.interconnect, 5840.740740740741, 1e-14);
    ASSERT_REL(p.all_in, 30740.74074074074, 1e-14);
    /* A server price is not multiplied again: $33,750 / 0.81. */
    p = fs_cost_capex_parts(33750.0, FS_BASIS_SERVER_PER_GPU, 1.64, 0.19, 0.0);
    ASSERT_REL(p.all_in, 41666.666666666667, 1e-14);
    /* Storage 10 % of hardware: 10,000 x 1.64 = 16,400; + 1,640 = 18,040;
     * / 0.81 = 22,271.6049. */
    p = fs_cost_capex_parts(10000.0, FS_BASIS_MODULE, 1.64, 0.19, 0.1);
    ASSERT_REL(p.storage, 1640.0, 1e-14);
    ASSERT_REL(p.all_in, 18040.0 / 0.81, 1e-14);
    /* Family overheads (Epoch, updates-2026-11.md 0.19). */
    ASSERT_REL(fs_cost_family_overhead("A100-80GB"), 1.66, 0.0);
    ASSERT_REL(fs_cost_family_overhead("V100"), 1.69, 0.0);
    ASSERT_REL(fs_cost_family_overhead("P100"), 1.54, 0.0);
    ASSERT_REL(fs_cost_family_overhead("H800"), 1.64, 0.0);
    /* The loader made the catalog prices all-in: A100-40GB is a module at
     * $15,000 (chips.cfg), H100-SXM a DGX price / 8 of $33,750. */
    ASSERT_REL(s->clusters[0].capex_usd_per_gpu, 30740.74074074074, 1e-14);
    ASSERT_REL(s->clusters[1].capex_usd_per_gpu, 41666.666666666667, 1e-14);
    ASSERT_REL(s->clusters[1].cost.gpu_price_usd, 33750.0, 0.0);
    fs_scenario_free(s);
}

/* The three capital methods and the residual value. */
TEST(cost_capital_methods)
{
    struct fs_cluster_cost k;
    memset(&k, 0, sizeof(k)); /* straight-line, 8,760 h/yr */
    /* 1,000 GPUs x $30,000, residual 25 %, life 4 y = 35,040 h, over one
     * year: 30e6 x 0.75 / 35,040 x 8,760 = $5,625,000. */
    k.residual_value = 0.25;
    ASSERT_REL(fs_cost_capital_usd(&k, 1000.0, 30000.0, 35040.0, 0.0, 8760.0), 5625000.0, 1e-14);
    /* CRF(10 %, 4 y) = 0.1 / (1 - 1.1^-4) = 0.1 / 0.316986535 = 0.315470804;
     * CRF at r = 0 is 1/n. */
    ASSERT_REL(fs_cost_crf(0.10, 4.0), 0.31547080370609765, 1e-14);
    ASSERT_REL(fs_cost_crf(0.0, 4.0), 0.25, 0.0);
    /* Annuity, r = 10 %, n = 4, residual 25 % of $41,666.67:
     * (41,666.67 - 10,416.67 x 1.1^-4) x 0.315470804 = $10,900.1293 a
     * year per GPU; half a year = $5,450.0646. */
    k.capital = FS_CAPITAL_ANNUITY;
    k.cost_of_capital = 0.10;
    ASSERT_REL(fs_cost_capital_usd(&k, 1.0, 41666.666666666667, 35040.0, 0.0, 8760.0),
               10900.129282482216, 1e-13);
    ASSERT_REL(fs_cost_capital_usd(&k, 1.0, 41666.666666666667, 35040.0, 100.0, 4480.0),
               10900.129282482216 / 2.0, 1e-13);
    /* Value decay 0.14 OOM/yr: the first year loses 1 - 10^-0.14 =
     * 0.275564 of the value; the second 10^-0.14 - 10^-0.28 = 0.199628. */
    memset(&k, 0, sizeof(k));
    k.capital = FS_CAPITAL_VALUE_DECAY;
    k.decay_ooms_per_year = 0.14;
    ASSERT_REL(fs_cost_capital_usd(&k, 1.0, 1.0, 5 * 8760.0, 0.0, 8760.0),
               1.0 - pow(10.0, -0.14), 1e-14);
    ASSERT_REL(fs_cost_capital_usd(&k, 2.0, 1.0, 5 * 8760.0, 8760.0, 17520.0),
               2.0 * (0.7244359600749901 - 0.5248074602497726), 1e-13);
}

/* Dated prices: linear between points, constant outside, integrated. */
TEST(cost_dated_prices)
{
    struct fs_scenario *s = load_cost();
    const struct fs_cluster *dated, *rented;
    ASSERT(s != NULL);
    dated = &s->clusters[2];
    rented = &s->clusters[3];
    /* dated: $40,000 on 2024-01-01 (0 h), $30,000 on 2024-05-01 (day 121,
     * 2,904 h); online 2024-03-01 (day 60, 1,440 h) pays 40,000 - 10,000 x
     * 1,440 / 2,904 = $35,041.3223; overhead 1 and no interconnect. */
    ASSERT_REL(dated->capex_usd_per_gpu, 40000.0 - 10000.0 * 1440.0 / 2904.0, 1e-14);
    ASSERT_REL(fs_cost_curve_at(&dated->cost.price, -50.0), 40000.0, 0.0);
    /* A chip's dated prices serve a cluster without its own: H20 at $12,000
     * on 2024-01-01 and $10,000 on 2025-01-01 (366 days later); online
     * 2024-07-01 (day 182): 12,000 - 2,000 x 182 / 366 = $11,005.46, a
     * module price: x 1.64 / 0.81 all-in. */
    ASSERT_REL(s->clusters[4].cost.gpu_price_usd, 12000.0 - 2000.0 * 182.0 / 366.0, 1e-14);
    ASSERT_REL(s->clusters[4].capex_usd_per_gpu,
               (12000.0 - 2000.0 * 182.0 / 366.0) * 1.64 / 0.81, 1e-14);
    /* A chip based on H20 keeps its points. */
    ASSERT_INT_EQ(s->catalog.chips[fs_catalog_index(&s->catalog, "H20-copy")].price_points.n, 2);
    /* The order placed 2024-03-31 (day 90, 2,160 h) without a unit price
     * pays 40,000 - 10,000 x 2,160 / 2,904 = $32,561.98. */
    ASSERT_INT_EQ(s->norders, 1);
    ASSERT_REL(s->orders[0].unit_price_usd, 40000.0 - 10000.0 * 2160.0 / 2904.0, 1e-14);
    ASSERT_REL(fs_cost_curve_at(&dated->cost.price, 9000.0), 30000.0, 0.0);
    /* rented: $4 at 0 h, $2 at 240 h (2024-01-11). At 120 h: $3. Over
     * [120, 480] h: (3 + 2) / 2 x 120 + 2 x 240 = 780 per GPU; x 64 GPUs =
     * $49,920. Before the first point the first price holds: [-10, 0] = 40. */
    ASSERT_REL(fs_cost_rent_at(rented, 120.0), 3.0, 1e-15);
    ASSERT_REL(fs_cost_rental_equiv(rented, 64.0, 120.0, 480.0), 49920.0, 1e-14);
    ASSERT_REL(fs_cost_curve_integral(&rented->cost.rent, -10.0, 0.0), 40.0, 1e-15);
    /* Without points: the flat rent, 10 GPUs x 5 h x $2 = $100. */
    ASSERT_REL(fs_cost_rental_equiv(&s->clusters[1], 10.0, 0.0, 5.0), 100.0, 0.0);
    fs_scenario_free(s);
}

/*
 * The fleet rental-equivalent of an owned cluster with dated rents: the
 * "dated" cluster's 256 GPUs are in service from 2024-03-01 (1,440 h) to
 * the horizon (365 days, 8,760 h); rent 2 - t / 4,368 from $2 on
 * 2024-01-01 to $1 on 2024-07-01 (day 182, 4,368 h): at 1,440 h
 * 1.6703297; over [1,440, 4,368] (1.6703297 + 1) / 2 x 2,928 = 3,909.2967,
 * then 1 x 4,392: 8,301.2967 per GPU, x 256 = $2,125,131.96.
 */
TEST(cost_fleet_dated_rent)
{
    struct fs_scenario *s = load_cost();
    struct fs_job_result jr[1];
    struct fs_cluster_result cr[5];
    ASSERT(s != NULL);
    memset(jr, 0, sizeof(jr)); /* the job never started */
    memset(cr, 0, sizeof(cr));
    fs_cluster_costs(s, jr, NULL, 0, cr);
    ASSERT_REL(cr[2].gpu_h_in_service, 256.0 * 7320.0, 0.0);
    ASSERT_REL(cr[2].fleet_rental_equiv_usd,
               256.0 * ((2.0 - 1440.0 / 4368.0 + 1.0) / 2.0 * 2928.0 + 4392.0), 1e-12);
    fs_scenario_free(s);
}

/*
 * Epoch's preset on an A100 cluster, checked against a hand derivation from
 * Epoch's confirmed constants (updates-2026-11.md 0.19-20; costs.md E.1-E.2).
 * VC-12's published target is not in the reference (docs/validation.md).
 * 1,024 A100-40GB for a 30-day run from arrival (720 h):
 *  - hardware all-in $15,000 x 1.66 / 0.81 = $30,740.74 per GPU;
 *  - value decay: 1 - 10^(-0.14 x 720 / 8,766) = 0.0261299 of it:
 *    1,024 x 30,740.74 x 0.0261299 = $822,530.93 (interconnect 19 % of it);
 *  - Epoch's own linear charge: price x 0.14 ln 10 / 8,766 per hour =
 *    $833,468.21; ours is (1 - e^-x) / x = 0.98688 of it (x = 0.02648):
 *    within 2 %;
 *  - energy: 0.4 kW x 2.03 x 0.75 x PUE 1.25 = 0.76125 kWh per GPU-h;
 *    x 1,024 x 720 x $0.0806 = $45,237.10.
 */
TEST(cost_epoch_preset)
{
    struct fs_scenario *s = load_cost();
    const struct fs_cluster *c;
    double hw, lin;
    ASSERT(s != NULL);
    c = &s->clusters[0];
    ASSERT_INT_EQ(c->cost.capital, FS_CAPITAL_VALUE_DECAY);
    ASSERT_REL(c->cost.hours_per_year, 8766.0, 0.0);
    ASSERT_REL(c->server_power_factor, 2.03, 0.0);
    ASSERT_REL(c->avg_load, 0.75, 0.0);
    ASSERT_REL(c->pue, 1.25, 0.0);
    hw = fs_cost_batch_capex(s, c, 1024.0, c->capex_usd_per_gpu, 0.0, 0.0, 720.0);
    ASSERT_REL(hw, 822530.9312483536, 1e-12);
    lin = 1024.0 * c->capex_usd_per_gpu * 0.14 * log(10.0) * 720.0 / 8766.0;
    ASSERT_REL(lin, 833468.2093337894, 1e-12);
    ASSERT_REL(hw, lin, 0.02);
    /* Interconnect: 19 % of hardware + interconnect. */
    ASSERT_REL(hw * 0.19, 822530.9312483536 * 5840.74074074074 / 30740.74074074074, 1e-12);
    ASSERT_REL(1024.0 * 720.0 * fs_cost_kwh_per_gpu_h(s, c) * c->power_usd_per_kwh,
               45237.104640000005, 1e-12);
    fs_scenario_free(s);
}

/*
 * One year of the annuity cluster (512 H100, all-in $41,666.67) at 50 %
 * utilisation: capital 512 x $10,900.129 = $5,580,866.19; energy: busy
 * 0.7 x 1.82 x 0.75 x 1.25 = 1.194375 kWh/GPU-h, idle at 30 % of server
 * power 0.47775, x 512 x 8,760 h x (0.5 busy + 0.5 idle) x $0.08 =
 * $299,987.25; maintenance 3 % x 512 x 41,666.67 = $640,000; colocation
 * 512 x 1.274 kW x 12 x $200 = $1,565,491.20; staff $1M: total
 * $9,086,344.64, per delivered GPU-hour / (512 x 8,760 x 0.5) = $4.05177.
 * Break-even utilisation against $2/GPU-h: F = total at u = 0, V = busy -
 * idle energy: u* = F / (512 x 8,760 x 2 - V) = 1.02808 (renting is
 * cheaper at any utilisation).
 */
TEST(cost_annual_and_rent_vs_buy)
{
    struct fs_scenario *s = load_cost();
    const struct fs_cluster *c;
    struct fs_annual_cost a;
    struct fs_rent_vs_buy rb;
    ASSERT(s != NULL);
    c = &s->clusters[1];
    a = fs_cost_annual(s, c, 512.0, 0.5);
    ASSERT_REL(a.capital, 5580866.1926308945, 1e-12);
    ASSERT_REL(a.energy, 299987.2512, 1e-12);
    ASSERT_REL(a.maintenance, 640000.0, 1e-12);
    ASSERT_REL(a.facility, 1565491.2, 1e-12);
    ASSERT_REL(a.staff, 1.0e6, 0.0);
    ASSERT_REL(a.total, 9086344.643830895, 1e-12);
    ASSERT_REL(fs_cost_per_delivered_gpu_h(c, a.total, 512.0, 0.5), 4.051773260840689, 1e-12);
    rb = fs_cost_rent_vs_buy(s, c, 512.0, 0.5, 2.0);
    ASSERT_REL(rb.own_usd_per_gpu_h, 4.051773260840689, 1e-12);
    ASSERT_REL(rb.breakeven_utilisation, 1.0280807499062345, 1e-12);
    /* Datacentre costs over 1,000 GPU-h in service and 2,000 cluster-hours:
     * (1,250 maintenance + 3,057.6 colocation per GPU-year) x 1,000 / 8,760
     * + 1e6 x 2,000 / 8,760 = 491.7352 + 228,310.5023 = $228,802.2375. */
    ASSERT_REL(fs_cost_datacentre_usd(s, c, 1000.0, 2000.0),
               (41666.666666666667 * 0.03 + 0.7 * 1.82 * 12.0 * 200.0) * 1000.0 / 8760.0 +
                   1.0e6 * 2000.0 / 8760.0, 1e-12);
    ASSERT_REL(fs_cost_datacentre_usd(s, &s->clusters[3], 1000.0, 2000.0), 0.0, 0.0);
    /* Rented: 64 GPUs x 8,760 h x $3 = $1,681,920. */
    a = fs_cost_annual(s, &s->clusters[3], 64.0, 0.5);
    ASSERT_REL(a.total, 1681920.0, 1e-15);
    fs_scenario_free(s);
}

/*
 * Hardware outlay: the annuity cluster's 512 initial GPUs at $41,666.67
 * all-in plus a delivery of 100 at $50,000 = $26,333,333.33 all-in; its
 * price is a server price / 8, so the GPU is 1 / 1.64 of it and the
 * GPU-only share of all-in is 0.81 / 1.64 = 0.4939: $13,006,097.56. The
 * dated H800 (module, overhead 1, no interconnect) is all GPU: 256 x
 * $35,041.32. A delivery after the horizon does not count; a rented
 * cluster has GPUs but no outlay. The three views of a job: 1,000 GPU-h,
 * rent $2,000, fleet $4.05/GPU-h -> $4,050, dedicated $3,000.
 */
TEST(cost_outlay_and_views)
{
    struct fs_scenario *s = load_cost();
    const struct fs_delivery dv[] = {{500.0, 1, 0, 100.0, 50000.0},
                                     {9000.0, 1, 0, 100.0, 50000.0}};
    struct fs_outlay o[5];
    struct fs_job_views v;
    ASSERT(s != NULL);
    fs_cost_hardware_outlay(s, dv, 2, o);
    ASSERT_REL(o[1].gpus, 612.0, 0.0);
    ASSERT_REL(o[1].all_in_usd, 512.0 * 33750.0 / 0.81 + 5.0e6, 1e-14);
    ASSERT_REL(o[1].gpu_only_usd, (512.0 * 33750.0 / 0.81 + 5.0e6) * 0.81 / 1.64, 1e-14);
    ASSERT_REL(o[2].gpu_only_usd, 256.0 * (40000.0 - 10000.0 * 1440.0 / 2904.0), 1e-14);
    ASSERT_REL(o[2].all_in_usd, o[2].gpu_only_usd, 1e-15);
    ASSERT_REL(o[3].gpus, 64.0, 0.0);
    ASSERT_REL(o[3].all_in_usd, 0.0, 0.0);
    v = fs_cost_job_views(2000.0, 4.05, 1000.0, 3000.0);
    ASSERT_REL(v.marginal, 2000.0, 0.0);
    ASSERT_REL(v.full_absorption, 4050.0, 1e-15);
    ASSERT_REL(v.dedicated, 3000.0, 0.0);
    fs_scenario_free(s);
}

/*
 * GPUs in service on a grid: a cluster's initial GPUs plus the deliveries
 * by each time, 0 before it is online. cost.cfg: "epoch" 1,024 GPUs and
 * "annuity" 512 from the start (h 0), "dated" 256 from 2024-03-01 = day
 * 60 = h 1,440. Deliveries of 100 to "annuity" at h 500 and h 9,000 and 64
 * to "dated" at h 2,000: annuity 512, 512, 612, 612, 712 at h 0, 499, 500,
 * 8,000, 9,000; dated 0, 0, 0, 320, 320. The same in any order of the
 * deliveries (the running sum where they are in time order, a delivery
 * added at its first grid point where the counts are whole, the sum per
 * point otherwise: 100.5 GPUs each gives 512, 512, 612.5, 612.5, 713).
 */
TEST(cost_capacity_grid)
{
    struct fs_scenario *s = load_cost();
    const double t[] = {0.0, 499.0, 500.0, 8000.0, 9000.0};
    const struct fs_delivery in_order[] = {{500.0, 1, 0, 100.0, 50000.0},
                                           {2000.0, 2, 0, 64.0, 40000.0},
                                           {9000.0, 1, 0, 100.0, 50000.0}};
    const struct fs_delivery shuffled[] = {{9000.0, 1, 0, 100.0, 50000.0},
                                           {2000.0, 2, 0, 64.0, 40000.0},
                                           {500.0, 1, 0, 100.0, 50000.0}};
    const float annuity[] = {512.0f, 512.0f, 612.0f, 612.0f, 712.0f};
    const float dated[] = {0.0f, 0.0f, 0.0f, 320.0f, 320.0f};
    const struct fs_delivery halves[] = {{9000.0, 1, 0, 100.5, 50000.0},
                                         {2000.0, 2, 0, 64.0, 40000.0},
                                         {500.0, 1, 0, 100.5, 50000.0}};
    const float annuity_halves[] = {512.0f, 512.0f, 612.5f, 612.5f, 713.0f};
    float out[3][5 * 5];
    ASSERT(s != NULL);
    ASSERT(s->nclusters == 5);
    fs_capacity_grid(s, in_order, 3, t, 5, out[0]);
    fs_capacity_grid(s, shuffled, 3, t, 5, out[1]);
    fs_capacity_grid(s, halves, 3, t, 5, out[2]);
    for (int k = 0; k < 5; k++) {
        ASSERT_REL(out[2][1 * 5 + k], annuity_halves[k], 0.0);
        ASSERT_REL(out[2][2 * 5 + k], dated[k], 0.0);
    }
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 5; k++) {
            ASSERT_REL(out[v][0 * 5 + k], 1024.0, 0.0);
            ASSERT_REL(out[v][1 * 5 + k], annuity[k], 0.0);
            ASSERT_REL(out[v][2 * 5 + k], dated[k], 0.0);
        }
    fs_scenario_free(s);
}
