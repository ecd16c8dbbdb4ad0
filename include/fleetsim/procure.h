/*
 * procure.h - what arrives, when, at what price: orders through the export
 * rules, grey channels and supply limits, for one replicate.
 *
 * Pure functions of the scenario and a GSL generator. Per replicate, each
 * channel draws its premium, extra delay and interdiction probability once;
 * each order draws its lead time, then (direct) the rules in force on its
 * shipping day decide: allowed ships, notification ships after the notice,
 * licence ships after review if approved (a Bernoulli draw, one per rule,
 * test, chip and buyer in a replicate, so lots of one purchase share their
 * fate; a licence's revenue share is added to the unit price), denied is
 * blocked; a rule's cap on total TPP to a destination can cut an order
 * short. Grey orders bypass the rules but may be seized, losing the
 * channel's prepaid share of their price. Chips with a supply
 * limit arrive month by month in shipping order. Nothing is dropped: every
 * order ends with a fate.
 */
#ifndef FLEETSIM_PROCURE_H
#define FLEETSIM_PROCURE_H

#include <gsl/gsl_rng.h>

#include "fleetsim/dist.h"
#include "fleetsim/scenario.h"
#include "fleetsim/scenario.h"

#define FS_MONTH_DAYS 30.4375 /* 365.25 / 12 */

/* XX(ID, name) */
#define FS_FATE_MAP(XX)                                                       \
    XX(DELIVERED, "delivered")                                                \
    XX(DELAYED, "delayed")              /* by a supply limit */               \
    XX(PARTIAL, "partly_blocked")       /* cut short by a compute cap */      \
    XX(BLOCKED, "blocked")              /* denied, or licence refused */      \
    XX(INTERDICTED, "interdicted")      /* grey order seized */               \
    XX(LATE, "after_horizon")           /* arrives after the horizon */

enum fs_fate {
#define XX(id, name) FS_FATE_##id,
    FS_FATE_MAP(XX)
#undef XX
    FS_FATE_COUNT
};

const char *fs_fate_name(enum fs_fate f);

struct fs_order_result {
    int fate;               /* enum fs_fate */
    int rule;               /* rule that decided (direct), or -1 */
    double ship_h;          /* hours since start */
    double arrival_h;       /* last part delivered; NAN if nothing came */
    double gpus_delivered;  /* within the horizon */
    double unit_price_usd;  /* paid per GPU, premium and revenue share included */
};

/* The prepayment order i lost: the channel's prepaid_share of the order's
 * price (count x unit_price_usd) if it was seized, else 0. */
double fs_order_lost_usd(const struct fs_scenario *s, size_t i, const struct fs_order_result *res);

/* One batch of GPUs reaching a cluster. */
struct fs_delivery {
    double t_h;
    size_t cluster;
    size_t order;
    double gpus;
    double unit_price_usd;
};

/* Upper bound on deliveries of one replicate, to size the arrays. */
size_t fs_procure_max_deliveries(const struct fs_scenario *s);

/* Scratch space for fs_procure, allocated once (no allocation per run). */
struct fs_procure_work {
    double *month_left;     /* [nsupplies * nmonths] */
    size_t nmonths;
    double *cap_used;       /* [nrules * nregions] TPP delivered under caps */
    size_t *order_idx;      /* [norders] */
    double *licence_draw;   /* [nlicence] this replicate's licence draw per rule,
                             * test, chip and buyer; NAN until the first order */
    size_t nlicence;
};

int fs_procure_work_init(struct fs_procure_work *w, const struct fs_scenario *s);
void fs_procure_work_release(struct fs_procure_work *w);

/* Resolves every order of one replicate. Fills orders[norders] and
 * deliveries (at most fs_procure_max_deliveries); returns their count. */
size_t fs_procure(const struct fs_scenario *s, const gsl_rng *r, struct fs_procure_work *w,
                  struct fs_order_result *orders, struct fs_delivery *deliveries);

#endif
