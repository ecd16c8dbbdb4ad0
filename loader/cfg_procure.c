/*
 * cfg_procure.c - reads procurement: `channels`, `supply` and `orders`.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "internal.h"

#define CH(f) offsetof(struct fs_channel, f)
static const struct fs__field channel_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, CH(name), "", "channel key, used by orders", NULL},
    {"description", F_TEXT, 0, 0, 0, CH(description), "", "one line", NULL},
    {"price_premium", F_SPECIAL, F_REQUIRED, 0, 0, 0, "share",
     "added to the unit price (0.5 = +50 %); a number or a distribution, drawn per replicate", NULL},
    {"extra_delay_days", F_SPECIAL, F_REQUIRED, 0, 0, 0, "days",
     "added to each order's lead time; drawn per replicate", NULL},
    {"interdiction_probability", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "chance an order is seized; drawn per replicate, then applied to each order", NULL},
    {"prepaid_share", F_DOUBLE, 0, 0, 1, CH(prepaid_share), "share",
     "share of an order's price paid up front, lost when the order is seized (default 0)", NULL},
};
const struct fs__table fs__channel_table = {"channels[]", channel_fields, NFIELDS(channel_fields)};

#define SUP(f) offsetof(struct fs_supply, f)
static const struct fs__field supply_fields[] = {
    {"chip", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "the chip made in limited volume", NULL},
    {"per_month", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e9, SUP(per_month), "GPUs",
     "deliverable to this buyer per month (30.4375 days)", NULL},
    {"start_date", F_DATE, 0, 0, 0, SUP(start), "", "months count from here (default start_date)", NULL},
    {"source", F_TEXT, 0, 0, 0, SUP(source), "", "where the figure comes from", NULL},
};
const struct fs__table fs__supply_table = {"supply[]", supply_fields, NFIELDS(supply_fields)};

#define ORD(f) offsetof(struct fs_order, f)
static const struct fs__field order_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, ORD(name), "", "order key", NULL},
    {"date", F_DATE, F_REQUIRED, 0, 0, ORD(date), "", "day the order is placed", NULL},
    {"cluster", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "the owned cluster the chips go to", NULL},
    {"chip", F_SPECIAL, 0, 0, 0, 0, "", "must be the cluster's chip (default: it)", NULL},
    {"count", F_INT, F_REQUIRED, 1, 1e7, ORD(count), "GPUs", "GPUs ordered", NULL},
    {"unit_price_usd", F_DOUBLE, F_MIN_EXCL, 0, 1e8, ORD(unit_price_usd), "USD",
     "all-in price per GPU, before any channel premium (default: the cluster's price_points "
     "at the order date, made all-in; required without them)", NULL},
    {"lead_time_days", F_SPECIAL, F_REQUIRED, 0, 0, 0, "days",
     "order to shipment; a number or a distribution, drawn per order and replicate", NULL},
    {"channel", F_SPECIAL, 0, 0, 0, 0, "", "\"direct\" (default, export rules apply) or a channel name", NULL},
    {"reexport", F_BOOL, 0, 0, 0, ORD(reexport), "",
     "direct order shipped from a third country (a re-export): rules with exports_only do not "
     "reach it", NULL},
    {"source", F_TEXT, 0, 0, 0, ORD(source), "", "where the order comes from", NULL},
};
const struct fs__table fs__order_table = {"orders[]", order_fields, NFIELDS(order_fields)};

int fs__read_channels(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, config_root_setting(cfg), "channels", 0, FS_MAX_CHANNELS, &list,
                             &s->nchannels, sizeof(*s->channels), &array)) != FS_OK ||
        list == NULL)
        return rc;
    s->channels = array;
    for (size_t i = 0; i < s->nchannels; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_channel *c = &s->channels[i];
        if ((rc = fs__read_group(cx, g, channel_fields, NFIELDS(channel_fields), c, NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "channel")) != FS_OK)
            return rc;
        if (strcmp(c->name, "direct") == 0)
            return fs__err_at(cx, config_setting_get_member(g, "name"),
                              "'direct' is the built-in channel (export rules apply); choose another name");
        if ((rc = fs__read_dist(cx, config_setting_get_member(g, "price_premium"), &c->premium, 0.0,
                                INFINITY)) != FS_OK ||
            (rc = fs__read_dist(cx, config_setting_get_member(g, "extra_delay_days"),
                                &c->extra_delay_d, 0.0, INFINITY)) != FS_OK ||
            (rc = fs__read_dist(cx, config_setting_get_member(g, "interdiction_probability"),
                                &c->interdiction, 0.0, 1.0)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

int fs__read_supply(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, config_root_setting(cfg), "supply", 0, SIZE_MAX, &list,
                             &s->nsupplies, sizeof(*s->supplies), &array)) != FS_OK ||
        list == NULL)
        return rc;
    s->supplies = array;
    for (size_t i = 0; i < s->nsupplies; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_supply *u = &s->supplies[i];
        u->start = s->start;
        if ((rc = fs__read_group(cx, g, supply_fields, NFIELDS(supply_fields), u, NULL)) != FS_OK ||
            (rc = fs__chip_setting(cx, g, &s->catalog, &u->chip)) != FS_OK)
            return rc;
        for (size_t k = 0; k < i; k++)
            if (s->supplies[k].chip == u->chip)
                return fs__err_at(cx, config_setting_get_member(g, "chip"),
                                  "chip '%s' already has a supply limit (supply[%zu])",
                                  s->catalog.chips[u->chip].name, k);
    }
    return FS_OK;
}

int fs__read_orders(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, config_root_setting(cfg), "orders", 0, SIZE_MAX, &list,
                             &s->norders, sizeof(*s->orders), &array)) != FS_OK ||
        list == NULL)
        return rc;
    s->orders = array;
    for (size_t i = 0; i < s->norders; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_order *o = &s->orders[i];
        struct fs_cluster *c;
        const char *v;
        int k;
        if ((rc = fs__read_group(cx, g, order_fields, NFIELDS(order_fields), o, NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "order")) != FS_OK)
            return rc;
        if ((v = fs__get_string(cx, g, "cluster", &rc)) == NULL)
            return rc;
        if ((k = FS__FIND(cx, config_setting_get_member(g, "cluster"), "cluster", v, s->clusters,
                          s->nclusters, struct fs_cluster, NULL)) < 0)
            return k;
        o->cluster = (size_t)k;
        c = &s->clusters[o->cluster];
        if (c->ownership != FS_OWNED)
            return fs__err_at(cx, config_setting_get_member(g, "cluster"),
                              "cluster '%s' is rented; orders go to owned clusters", v);
        o->chip = c->chip;
        if (config_setting_get_member(g, "unit_price_usd") == NULL) {
            if (c->cost.price.n == 0)
                return fs__err_at(cx, g, "missing required setting 'unit_price_usd' (cluster "
                                     "'%s' has no price_points)", c->name);
            o->unit_price_usd = fs__cluster_price_at(s, c, o->date);
        }
        if (config_setting_get_member(g, "chip") != NULL) {
            size_t chip;
            if ((rc = fs__chip_setting(cx, g, &s->catalog, &chip)) != FS_OK)
                return rc;
            if (chip != c->chip)
                return fs__err_at(cx, config_setting_get_member(g, "chip"),
                                  "cluster '%s' holds '%s', not '%s' (a cluster has one chip type)",
                                  c->name, s->catalog.chips[c->chip].name,
                                  s->catalog.chips[chip].name);
        }
        if ((rc = fs__read_dist(cx, config_setting_get_member(g, "lead_time_days"), &o->lead_days,
                                0.0, INFINITY)) != FS_OK)
            return rc;
        o->channel = -1;
        if (config_setting_get_member(g, "channel") != NULL) {
            if ((v = fs__get_string(cx, g, "channel", &rc)) == NULL)
                return rc;
            if (strcmp(v, "direct") != 0) {
                if ((k = FS__FIND(cx, config_setting_get_member(g, "channel"), "channel", v,
                                  s->channels, s->nchannels, struct fs_channel,
                                  " (\"direct\" or a name from channels)")) < 0)
                    return k;
                o->channel = k;
            }
        }
        if ((double)c->max_gpus + o->count > 1e7)
            return fs__err_at(cx, config_setting_get_member(g, "count"),
                              "cluster '%s' would exceed 10,000,000 GPUs", c->name);
        c->max_gpus += o->count;
    }
    return FS_OK;
}
