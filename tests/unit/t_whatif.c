/*
 * t_whatif.c - what-ifs in one line (issue 15): overrides of built-in
 * export rules and chips, strategies that add and remove elements and
 * switch ownership, date sweeps and --compare routes.
 */
#include <stdlib.h>

#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/date.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

#define ADD_CFG UNIT_TOP "/tests/e2e/0902-strategy-add-remove.cfg"

static const struct fs_rule *rule(const struct fs_rulebook *rb, const char *id)
{
    for (size_t i = 0; i < rb->nrules; i++)
        if (strcmp(rb->rules[i].id, id) == 0)
            return &rb->rules[i];
    return NULL;
}

static int load(struct fs_scenario **s, const struct fs_override *ov, size_t n,
                struct fs_diag *d)
{
    fs_diag_clear(d);
    return fs_scenario_load(s, ADD_CFG, unit_catalog(), unit_rules(), ov, n, d);
}

/* A built-in rule the file does not have: its date moves, the rest stays
 * as models/export_rules.cfg has it. */
TEST(whatif_builtin_rule_date)
{
    const struct fs_override ov[] = {OV("export_rules[us-2023-10].effective_date", "2022-10-17")};
    const struct fs_rule *base = rule(unit_rules(), "us-2023-10"), *r;
    struct fs_scenario *s = unit_load(ADD_CFG, ov, 1);
    ASSERT(s != NULL && base != NULL);
    r = rule(&s->rules, "us-2023-10");
    ASSERT(r != NULL);
    /* models/export_rules.cfg: effective_date = "2023-10-23"; now the --set date. */
    ASSERT_INT_EQ(base->effective, fs_date_from_ymd(2023, 10, 23));
    ASSERT_INT_EQ(r->effective, fs_date_from_ymd(2022, 10, 17));
    ASSERT_INT_EQ(r->ntests, base->ntests);
    ASSERT_STR_EQ(r->name, base->name);
    ASSERT_INT_EQ(s->rules.nrules, unit_rules()->nrules);
    fs_scenario_free(s);
}

/* An override of a built-in is checked as the file's settings are. */
TEST(whatif_builtin_checked)
{
    const struct fs_override bad[] = {OV("export_rules[us-2023-10].end_date", "2022-01-01")};
    const struct fs_override typo[] = {OV("export_rules[us-2023-1].effective_date", "2022-10-17")};
    const struct fs_override chip[] = {OV("chips[H800].list_price_usd", "-5")};
    struct fs_scenario *s = NULL;
    struct fs_diag d;
    ASSERT_INT_EQ(load(&s, bad, 1, &d), FS_ESCENARIO);
    ASSERT_STR_EQ(d.setting, "export_rules[us-2023-10].end_date");
    ASSERT_STR_EQ(d.msg, "must be after effective_date");
    ASSERT_INT_EQ(load(&s, typo, 1, &d), FS_ESCENARIO);
    ASSERT(strstr(d.msg, "did you mean [us-2023-10]?") != NULL);
    ASSERT_INT_EQ(load(&s, chip, 1, &d), FS_ESCENARIO);
    ASSERT_STR_EQ(d.setting, "chips[H800].list_price_usd");
    ASSERT(s == NULL);
}

/* chips[H800].list_price_usd: the scenario's H800 costs what --set says,
 * every other field as the catalog (models/chips.cfg) has it. */
TEST(whatif_builtin_chip_price)
{
    const struct fs_override ov[] = {OV("chips[H800].list_price_usd", "20000")};
    struct fs_scenario *s = unit_load(ADD_CFG, ov, 1);
    int i, b = fs_catalog_index(unit_catalog(), "H800");
    ASSERT(s != NULL && b >= 0);
    i = fs_catalog_index(&s->catalog, "H800");
    ASSERT(i >= 0);
    ASSERT_REL(s->catalog.chips[i].list_price_usd, 20000.0, 0.0);
    ASSERT_REL(unit_catalog()->chips[b].list_price_usd, 33800.0, 0.0); /* models/chips.cfg */
    ASSERT_REL(s->catalog.chips[i].tdp_w, unit_catalog()->chips[b].tdp_w, 0.0);
    ASSERT_INT_EQ(s->catalog.n, unit_catalog()->n);
    fs_scenario_free(s);
}

/* Removing a built-in rule puts it out of force (it would come back
 * otherwise); a built-in chip cannot be removed. */
TEST(whatif_remove_builtin)
{
    const struct fs_override rm[] = {
        {"export_rules[us-2023-10]", fs_override_remove, NULL, 0, NULL}};
    const struct fs_override chip[] = {{"chips[H800]", fs_override_remove, NULL, 0, NULL}};
    struct fs_scenario *s = unit_load(ADD_CFG, rm, 1);
    struct fs_diag d;
    ASSERT(s != NULL);
    ASSERT_INT_EQ(rule(&s->rules, "us-2023-10")->in_force, 0);
    ASSERT_INT_EQ(rule(unit_rules(), "us-2023-10")->in_force, 1);
    fs_scenario_free(s);
    s = NULL;
    ASSERT_INT_EQ(load(&s, chip, 1, &d), FS_ESCENARIO);
    ASSERT_STR_EQ(d.setting, "chips[H800]");
    ASSERT_STR_EQ(d.msg, "'H800' is a built-in chip: it cannot be removed");
}

/* The strategy of tests/e2e/0902: add a region and a rented cluster,
 * remove the order, move the job. */
TEST(whatif_strategy_add_remove)
{
    struct fs_study st;
    struct fs_diag d;
    const struct fs_scenario *b, *v;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_study_strategies(&st, ADD_CFG, unit_catalog(), unit_rules(), NULL, 0, &d),
                  FS_OK);
    ASSERT_INT_EQ(st.n, 2);
    b = st.v[0].s;
    v = st.v[1].s;
    ASSERT_STR_EQ(st.v[1].label, "rent_h100_abroad");
    /* add (one entry), remove (one), set (one), in that order */
    ASSERT_INT_EQ(b->strategies[0].nsets, 3);
    ASSERT_INT_EQ(b->strategies[0].ops[0], FS_OV_ADD);
    ASSERT_INT_EQ(b->strategies[0].ops[1], FS_OV_REMOVE);
    ASSERT_INT_EQ(b->strategies[0].ops[2], FS_OV_SET);
    ASSERT_INT_EQ(b->nregions, 1);
    ASSERT_INT_EQ(b->nclusters, 1);
    ASSERT_INT_EQ(b->norders, 1);
    ASSERT_INT_EQ(v->nregions, 2);
    ASSERT_INT_EQ(v->nclusters, 2);
    ASSERT_INT_EQ(v->norders, 0);
    ASSERT_STR_EQ(v->clusters[1].name, "my_h100");
    ASSERT_STR_EQ(v->regions[v->clusters[1].region].name, "malaysia");
    ASSERT_INT_EQ(v->clusters[1].ownership, FS_RENTED);
    ASSERT_INT_EQ(v->clusters[1].gpus, 1088);
    ASSERT_REL(v->clusters[1].rental_usd_per_gpu_h, 2.25, 0.0);
    ASSERT_INT_EQ(v->jobs[0].cluster, 1);
    /* the baseline's seed and replicates (common random numbers) */
    ASSERT_INT_EQ(v->seed, 902);
    ASSERT_INT_EQ(v->replicates, 20);
    fs_study_release(&st);
}

/* Removing what is still named is an error naming both; removing both
 * works. */
TEST(whatif_remove_referenced)
{
    const struct fs_override one[] = {{"clusters[h800]", fs_override_remove, NULL, 0, NULL}};
    const struct fs_override both[] = {{"orders[h800_topup]", fs_override_remove, NULL, 0, NULL},
                                       {"clusters[h800]", fs_override_remove, NULL, 0, NULL}};
    struct fs_scenario *s = NULL;
    struct fs_diag d;
    ASSERT_INT_EQ(load(&s, one, 1, &d), FS_ESCENARIO);
    ASSERT_STR_EQ(d.setting, "clusters[h800]");
    ASSERT_STR_EQ(d.msg, "cannot remove clusters[h800]: orders[h800_topup] (line 19) still "
                         "names it in 'cluster'; remove or change that too");
    /* The order goes too; the job still names the cluster. */
    ASSERT_INT_EQ(load(&s, both, 2, &d), FS_ESCENARIO);
    ASSERT_STR_EQ(d.msg, "cannot remove clusters[h800]: jobs[train] (line 25) still names it "
                         "in 'cluster'; remove or change that too");
    ASSERT(s == NULL);
}

/* Owned -> rented drops the owned-only settings (capex, amortization);
 * rented -> owned needs what an owned cluster needs. */
TEST(whatif_ownership_switch)
{
    /* Without the top-up the cluster has 544 GPUs: the job takes 512. */
    const struct fs_override rent[] = {{"orders[h800_topup]", fs_override_remove, NULL, 0, NULL},
                                       OV("jobs[train].gpus", "512"),
                                       OV("clusters[h800].ownership", "rented")};
    const struct fs_override own[] = {{"orders[h800_topup]", fs_override_remove, NULL, 0, NULL},
                                      OV("jobs[train].gpus", "512"),
                                      OV("clusters[h800].ownership", "rented"),
                                      OV("clusters[h800].ownership", "owned")};
    struct fs_scenario *s = unit_load(ADD_CFG, rent, 3);
    struct fs_diag d;
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].ownership, FS_RENTED);
    ASSERT_REL(s->clusters[0].rental_usd_per_gpu_h, 2.0, 0.0);
    fs_scenario_free(s);
    s = NULL;
    /* rented and back to owned: capex and amortization were dropped; the
     * H800's list price stands in for capex, amortization_years is missing. */
    ASSERT_INT_EQ(load(&s, own, 4, &d), FS_ESCENARIO);
    ASSERT(strstr(d.msg, "missing required setting 'amortization_years'") != NULL);
}

/* ownership="rented" with quotes is the string rented, as unquoted: the
 * owned-only settings go too (0902's h800 has capex and amortization,
 * which a rented cluster may not carry; the file's rental price is 2.0). */
TEST(whatif_ownership_switch_quoted)
{
    const struct fs_override rent[] = {{"orders[h800_topup]", fs_override_remove, NULL, 0, NULL},
                                       OV("jobs[train].gpus", "512"),
                                       OV("clusters[h800].ownership", "\"rented\"")};
    const struct fs_override same[] = {OV("clusters[h800].ownership", "\"owned\"")};
    struct fs_scenario *s = unit_load(ADD_CFG, rent, 3);
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].ownership, FS_RENTED);
    ASSERT_REL(s->clusters[0].rental_usd_per_gpu_h, 2.0, 0.0);
    fs_scenario_free(s);
    /* "owned" quoted on an owned cluster changes nothing: capex stays
     * (0902: capex_usd_per_gpu = 68434.57). */
    s = unit_load(ADD_CFG, same, 1);
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].ownership, FS_OWNED);
    ASSERT_REL(s->clusters[0].capex_usd_per_gpu, 68434.57, 1e-12);
    fs_scenario_free(s);
}

/* Dates: 2022-06-01 to 2023-12-01 is 548 days; 7 steps are 91.33 days
 * apart, rounded to whole days: +0, 91, 183, 274, 365, 457, 548. */
TEST(whatif_sweep_dates)
{
    static const char *const want[] = {"2022-06-01", "2022-08-31", "2022-12-01", "2023-03-02",
                                       "2023-06-01", "2023-09-01", "2023-12-01"};
    char paths[256];
    double from, to;
    int steps, lg, dates;
    struct fs_study st;
    struct fs_diag d;
    ASSERT_INT_EQ(fs_sweep_parse("orders[h800_topup].date=2022-06-01:2023-12-01:7", paths,
                                 sizeof(paths), &from, &to, &steps, &lg, &dates), 0);
    ASSERT_INT_EQ(dates, 1);
    ASSERT_INT_EQ(steps, 7);
    ASSERT_REL(to - from, 548.0, 0.0);
    ASSERT_STR_EQ(paths, "orders[h800_topup].date");
    /* a date and a number; log dates; 4 steps in 2 days; a bad day */
    ASSERT_INT_EQ(fs_sweep_parse("x=2022-06-01:5:3", paths, sizeof(paths), &from, &to, &steps,
                                 &lg, &dates), -1);
    ASSERT_INT_EQ(fs_sweep_parse("x=2022-06-01:2023-06-01:3:log", paths, sizeof(paths), &from,
                                 &to, &steps, &lg, &dates), -1);
    ASSERT_INT_EQ(fs_sweep_parse("x=2022-06-01:2022-06-03:4", paths, sizeof(paths), &from, &to,
                                 &steps, &lg, &dates), -1);
    ASSERT_INT_EQ(fs_sweep_parse("x=2022-02-30:2023-06-01:3", paths, sizeof(paths), &from, &to,
                                 &steps, &lg, &dates), -1);
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_study_sweep(&st, ADD_CFG, "orders[h800_topup].date=2022-06-01:2023-12-01:7",
                                 unit_catalog(), unit_rules(), NULL, 0, &d),
                  FS_OK);
    ASSERT_INT_EQ(st.n, 7);
    ASSERT_INT_EQ(st.sweep_dates, 1);
    for (size_t k = 0; k < 7; k++) {
        fs_date day;
        ASSERT_STR_EQ(st.v[k].label, want[k]);
        ASSERT_INT_EQ(fs_date_parse(want[k], &day), 0);
        ASSERT_REL(st.v[k].x, (double)day, 0.0);
        ASSERT_INT_EQ(st.v[k].s->orders[0].date, day);
    }
    fs_study_release(&st);
}

/* Half days round to the even day number (nearbyint, round-half-even):
 * 2022-01-01 (day 18993) to 2024-12-31 is 1,095 days, 182.5 apart in 7
 * steps: 19175.5 -> 19176 (2022-07-03), 19358 (2023-01-01), 19540.5 ->
 * 19540 (2023-07-02), 19723 (2024-01-01), 19905.5 -> 19906 (2024-07-02). */
TEST(whatif_sweep_dates_half_days)
{
    static const char *const want[] = {"2022-01-01", "2022-07-03", "2023-01-01", "2023-07-02",
                                       "2024-01-01", "2024-07-02", "2024-12-31"};
    struct fs_study st;
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_date_from_ymd(2022, 1, 1), 18993);
    ASSERT_INT_EQ(fs_study_sweep(&st, ADD_CFG, "orders[h800_topup].date=2022-01-01:2024-12-31:7",
                                 unit_catalog(), unit_rules(), NULL, 0, &d),
                  FS_OK);
    ASSERT_INT_EQ(st.n, 7);
    for (size_t k = 0; k < 7; k++)
        ASSERT_STR_EQ(st.v[k].label, want[k]);
    fs_study_release(&st);
}

/* --compare's mini-syntax. */
TEST(whatif_route_parse)
{
    struct fs_route r;
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_route_parse("  route A : set jobs[train].gpus = 512 ;remove orders[x]; ", &r,
                                 &d), FS_OK);
    ASSERT_STR_EQ(r.label, "route A");
    ASSERT_INT_EQ(r.n, 2);
    ASSERT_STR_EQ(r.ov[0].path, "jobs[train].gpus");
    ASSERT_STR_EQ(r.ov[0].value, "512");
    ASSERT_STR_EQ(r.ov[1].path, "orders[x]");
    ASSERT(r.ov[1].value == fs_override_remove);
    /* the value keeps its inner spaces and '=' */
    ASSERT_INT_EQ(fs_route_parse("B: set scenario.description=a = b", &r, &d), FS_OK);
    ASSERT_STR_EQ(r.ov[0].value, "a = b");
    static const char *const bad[] = {"no label", ": set a=1", "baseline: set a=1", "A:",
                                      "A: set a", "A: remove a=1", "A: sett a=1",
                                      "A: set a=1;; set b=2", "A: set =1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fs_diag_clear(&d);
        ASSERT_INT_EQ(fs_route_parse(bad[i], &r, &d), FS_EUSAGE);
        ASSERT_STR_EQ(d.file, "--compare");
    }
}

/* Routes: baseline then each route, the baseline's seed for all. */
TEST(whatif_routes_study)
{
    const char *specs[] = {"no top-up: remove orders[h800_topup]; set jobs[train].gpus=512",
                     "early rule: set export_rules[us-2023-10].effective_date=2022-10-17"};
    const char *dup[] = {"A: set jobs[train].gpus=512", "A: set jobs[train].gpus=256"};
    struct fs_study st;
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_study_routes(&st, ADD_CFG, specs, 2, unit_catalog(), unit_rules(), NULL, 0,
                                  &d), FS_OK);
    ASSERT_INT_EQ(st.n, 3);
    ASSERT_STR_EQ(st.v[0].label, "baseline");
    ASSERT_STR_EQ(st.v[1].label, "no top-up");
    ASSERT_INT_EQ(st.v[1].s->norders, 0);
    ASSERT_INT_EQ(rule(&st.v[2].s->rules, "us-2023-10")->effective, fs_date_from_ymd(2022, 10, 17));
    ASSERT_INT_EQ(st.kind, FS_STUDY_STRATEGIES);
    fs_study_release(&st);
    ASSERT_INT_EQ(fs_study_routes(&st, ADD_CFG, dup, 2, unit_catalog(), unit_rules(), NULL, 0,
                                  &d), FS_EUSAGE);
    ASSERT(strstr(d.msg, "two routes are labelled 'A'") != NULL);
}
