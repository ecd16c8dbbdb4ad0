/*
 * cfg_cost.c - a cluster's cost settings beyond capex and power: the
 * cost_method preset, the capital method, the all-in capex factors,
 * datacentre costs and dated price points (cost.h; docs/model.md, "Costs").
 * The settings themselves are rows of the cluster table (cfg_clusters.c);
 * this file sets their defaults and checks how they combine.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "fleetsim/cost.h"
#include "internal.h"

/* One dated price as written: a date and a price. */
struct point_raw {
    fs_date date;
    double usd;
};

#define PT(f) offsetof(struct point_raw, f)
static const struct fs__field price_point_fields[] = {
    {"date", F_DATE, F_REQUIRED, 0, 0, PT(date), "", "the price's date", NULL},
    {"usd_per_gpu", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e8, PT(usd), "USD",
     "purchase price per GPU on the chip's price basis", NULL},
};
const struct fs__table fs__price_point_table = {"clusters[].price_points[]", price_point_fields,
                                                NFIELDS(price_point_fields)};
static const struct fs__field rental_point_fields[] = {
    {"date", F_DATE, F_REQUIRED, 0, 0, PT(date), "", "the price's date", NULL},
    {"usd_per_gpu_hour", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e4, PT(usd), "USD/GPU-h",
     "rent per GPU-hour", NULL},
};
const struct fs__table fs__rental_point_table = {"clusters[].rental_points[]", rental_point_fields,
                                                 NFIELDS(rental_point_fields)};

void fs__cluster_cost_defaults(const config_setting_t *g, struct fs_cluster *c)
{
    const char *method = NULL;
    struct fs_cluster_cost *k = &c->cost;
    memset(k, 0, sizeof(*k));
    k->capital = FS_CAPITAL_STRAIGHT_LINE;
    k->hours_per_year = FS_HOURS_PER_YEAR;
    if (config_setting_lookup_string(g, "cost_method", &method) == CONFIG_TRUE &&
        strcmp(method, "epoch") == 0) {
        /* Epoch's preset (updates-2026-11.md 0.19-20, costs.md E.1-E.2);
         * the family overhead and 19 % interconnect are the defaults anyway;
         * server_power_factor becomes the chip's (fs__cluster_cost).
         * Settings given beside cost_method override these. */
        k->capital = FS_CAPITAL_VALUE_DECAY;
        k->decay_ooms_per_year = FS_EPOCH_OOMS_PER_YEAR;
        k->hours_per_year = FS_EPOCH_HOURS_PER_YEAR;
        c->server_power_factor = FS_EPOCH_CHIP_TO_SERVER_POWER;
        c->avg_load = FS_EPOCH_TRAINING_DRAW;
        c->pue = FS_EPOCH_PUE;
    }
}

/* A list of dated prices into a curve, in date order, no date twice. */
int fs__read_price_points(const struct fs__ctx *cx, fs_date origin, const config_setting_t *g,
                          const char *name, int rent, struct fs_price_curve *cv)
{
    const struct fs__table *t = rent ? &fs__rental_point_table : &fs__price_point_table;
    const config_setting_t *list;
    size_t n;
    int rc;
    if ((rc = fs__read_list(cx, g, name, 0, FS_MAX_PRICE_POINTS, &list, &n)) != FS_OK ||
        list == NULL)
        return rc; /* absent: cv keeps what it has (a base chip's points) */
    cv->n = 0;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        struct point_raw p = {0, 0.0};
        if ((rc = fs__read_group(cx, e, t->fields, t->n, &p, NULL)) != FS_OK)
            return rc;
        cv->t_h[i] = ((double)p.date - (double)origin) * FS_HOURS_PER_DAY;
        cv->usd[i] = p.usd;
        if (i > 0 && !(cv->t_h[i] > cv->t_h[i - 1]))
            return fs__err_at(cx, e, "dates must be in increasing order");
        cv->n = i + 1;
    }
    return FS_OK;
}

/* A setting that must not be present, with why. */
static int refuse(const struct fs__ctx *cx, const config_setting_t *g, const char *name,
                  const char *why)
{
    const config_setting_t *m = config_setting_get_member(g, name);
    return m == NULL ? FS_OK : fs__err_at(cx, m, "%s", why);
}

const char *const fs__owned_only[] = {
    "capital", "cost_of_capital", "value_decay_ooms_per_year", "residual_value",
    "server_overhead", "interconnect_share", "storage_share", "maintenance_share_per_year",
    "colocation_usd_per_kw_month", "build_usd_per_mw", "build_life_years",
    "staff_usd_per_year", "idle_power_share", "price_points", NULL};

int fs__cluster_cost(const struct fs__ctx *cx, const config_setting_t *g,
                     const struct fs_scenario *s, struct fs_cluster *c)
{
    struct fs_cluster_cost *k = &c->cost;
    int rc;
    if (k->epoch && config_setting_get_member(g, "server_power_factor") == NULL)
        c->server_power_factor = fs_cost_epoch_server_power(s->catalog.chips[c->chip].name);
    k->has_interconnect_share = config_setting_get_member(g, "interconnect_share") != NULL;
    k->has_storage_share = config_setting_get_member(g, "storage_share") != NULL;
    k->has_idle_power_share = config_setting_get_member(g, "idle_power_share") != NULL;
    if ((rc = fs__read_price_points(cx, s->start, g, "price_points", 0, &k->price)) != FS_OK ||
        (rc = fs__read_price_points(cx, s->start, g, "rental_points", 1, &k->rent)) != FS_OK)
        return rc;
    if (k->price.n == 0 && c->ownership == FS_OWNED &&
        config_setting_get_member(g, "capex_usd_per_gpu") == NULL) {
        /* The chip's dated prices, moved to the scenario's clock. */
        k->price = s->catalog.chips[c->chip].price_points;
        for (size_t i = 0; i < k->price.n; i++)
            k->price.t_h[i] -= (double)s->start * FS_HOURS_PER_DAY;
    }
    if (c->ownership == FS_RENTED) {
        for (size_t i = 0; fs__owned_only[i] != NULL; i++)
            if ((rc = refuse(cx, g, fs__owned_only[i], "applies only to owned clusters")) != FS_OK)
                return rc;
        return FS_OK;
    }
    if (k->capital != FS_CAPITAL_ANNUITY &&
        (rc = refuse(cx, g, "cost_of_capital", "applies only with capital = \"annuity\"")) != FS_OK)
        return rc;
    if (k->capital != FS_CAPITAL_VALUE_DECAY &&
        (rc = refuse(cx, g, "value_decay_ooms_per_year",
                     "applies only with capital = \"value_decay\"")) != FS_OK)
        return rc;
    if (k->capital == FS_CAPITAL_VALUE_DECAY &&
        (rc = refuse(cx, g, "residual_value", "does not apply with capital = \"value_decay\" "
                     "(the value left is what the decay leaves)")) != FS_OK)
        return rc;
    if (k->colocation_usd_per_kw_month > 0.0 &&
        (rc = refuse(cx, g, "build_usd_per_mw",
                     "give either 'colocation_usd_per_kw_month' or 'build_usd_per_mw', "
                     "not both")) != FS_OK)
        return rc;
    if (k->build_usd_per_mw > 0.0 && !(k->build_life_years > 0.0))
        return fs__err_at(cx, config_setting_get_member(g, "build_usd_per_mw"),
                          "needs 'build_life_years'");
    if (k->price.n > 0 &&
        (rc = refuse(cx, g, "capex_usd_per_gpu",
                     "give either 'capex_usd_per_gpu' or 'price_points', not both")) != FS_OK)
        return rc;
    return FS_OK;
}

double fs__cluster_price_at(const struct fs_scenario *s, const struct fs_cluster *c, fs_date d)
{
    const struct fs_chip *chip = &s->catalog.chips[c->chip];
    return fs_cost_cluster_capex_parts(chip, &c->cost,
                                       fs_cost_curve_at(&c->cost.price, fs_date_h(s, d))).all_in;
}

void fs__cluster_capex(const struct fs_scenario *s, struct fs_cluster *c)
{
    const struct fs_chip *chip = &s->catalog.chips[c->chip];
    double price = c->cost.price.n > 0 ? fs_cost_curve_at(&c->cost.price, fs_date_h(s, c->online))
                                       : chip->list_price_usd;
    c->cost.gpu_price_usd = price;
    c->capex_usd_per_gpu = fs_cost_cluster_capex_parts(chip, &c->cost, price).all_in;
    c->capex_from_catalog = c->cost.price.n == 0;
}
