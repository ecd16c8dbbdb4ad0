/*
 * procure.c - orders through export rules, grey channels and supply limits.
 * See procure.h for the model; docs/model.md, "Procurement", for equations.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/procure.h"

static const char *const fate_names[FS_FATE_COUNT] = {
#define XX(id, name) name,
    FS_FATE_MAP(XX)
#undef XX
};

const char *fs_fate_name(enum fs_fate f)
{
    return (unsigned)f < FS_FATE_COUNT ? fate_names[f] : "?";
}

static size_t months_in_horizon(const struct fs_scenario *s)
{
    /* Supply months start at or after... any date; count from the earliest
     * supply start to the horizon, plus slack. */
    double first = 0.0;
    for (size_t k = 0; k < s->nsupplies; k++)
        first = fmin(first, fs_date_days(s, s->supplies[k].start));
    return (size_t)ceil((s->horizon_days - first) / FS_MONTH_DAYS) + 2;
}

double fs_order_lost_usd(const struct fs_scenario *s, size_t i, const struct fs_order_result *res)
{
    const struct fs_order *o = &s->orders[i];
    if (res->fate != FS_FATE_INTERDICTED || o->channel < 0)
        return 0.0;
    return s->channels[o->channel].prepaid_share * o->count * res->unit_price_usd;
}

size_t fs_procure_max_deliveries(const struct fs_scenario *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->norders; i++) {
        int capped = 0;
        for (size_t k = 0; k < s->nsupplies; k++)
            capped |= s->supplies[k].chip == s->orders[i].chip;
        n += capped ? months_in_horizon(s) : 1;
    }
    return n;
}

int fs_procure_work_init(struct fs_procure_work *w, const struct fs_scenario *s)
{
    memset(w, 0, sizeof(*w));
    w->nmonths = months_in_horizon(s);
    w->month_left = calloc(s->nsupplies * w->nmonths + 1, sizeof(double));
    w->cap_used = calloc(s->rules.nrules * s->nregions + 1, sizeof(double));
    w->order_idx = calloc(s->norders + 1, sizeof(size_t));
    w->nlicence = s->rules.nrules * FS_RULE_MAX_TESTS * s->catalog.n * (s->rules.nbuyers + 1);
    w->licence_draw = calloc(w->nlicence + 1, sizeof(double));
    if (!w->month_left || !w->cap_used || !w->order_idx || !w->licence_draw) {
        fs_procure_work_release(w);
        return FS_ENOMEM;
    }
    return FS_OK;
}

void fs_procure_work_release(struct fs_procure_work *w)
{
    free(w->month_left);
    free(w->cap_used);
    free(w->order_idx);
    free(w->licence_draw);
    memset(w, 0, sizeof(*w));
}

/* The direct channel: the rules in force on the shipping day decide. */
static void direct(const struct fs_scenario *s, const gsl_rng *r, struct fs_procure_work *w,
                   const struct fs_order *o, struct fs_order_result *res, double *gpus)
{
    const struct fs_cluster *c = &s->clusters[o->cluster];
    const struct fs_chip *chip = &s->catalog.chips[o->chip];
    const struct fs_region *reg = &s->regions[c->region];
    const struct fs_buyer *b = reg->buyer >= 0 ? &s->rules.buyers[reg->buyer] : NULL;
    const struct fs_party party = {b ? b->name : NULL, b ? b->listed : 0,
                                   b ? b->owner_listed : 0, reg->state_funded, o->reexport};
    fs_date ship_day = fs_h_date(s, res->ship_h);
    struct fs_verdict v;
    double u;

    fs_verdict_for(&s->rules, chip, &reg->groups, &party, ship_day, &v);
    res->rule = v.rule;
    switch (v.outcome) {
    case FS_OUT_DENIED:
        res->fate = FS_FATE_BLOCKED;
        *gpus = 0.0;
        return;
    case FS_OUT_LICENCE:
        /* Always draw, so the stream does not depend on the probability;
         * but one decision per rule, test, chip and buyer in a replicate:
         * the first order's draw decides for every later lot. */
        u = gsl_rng_uniform(r);
        {
            size_t key = (((size_t)v.rule * FS_RULE_MAX_TESTS + (size_t)v.test) * s->catalog.n +
                          o->chip) * (s->rules.nbuyers + 1) + (size_t)(reg->buyer + 1);
            if (isnan(w->licence_draw[key]))
                w->licence_draw[key] = u;
            u = w->licence_draw[key];
        }
        if (!(u < v.approval_probability)) {
            res->fate = FS_FATE_BLOCKED;
            *gpus = 0.0;
            return;
        }
        res->arrival_h += v.delay_days * FS_HOURS_PER_DAY;
        res->unit_price_usd *= 1.0 + v.revenue_share;
        break;
    case FS_OUT_NOTIFICATION:
        res->arrival_h += v.delay_days * FS_HOURS_PER_DAY;
        break;
    default:
        break;
    }
    if (v.rule >= 0 && s->rules.rules[v.rule].cap_tpp > 0.0) {
        double tpp = fs_chip_tpp(chip);
        double *used = &w->cap_used[(size_t)v.rule * s->nregions + c->region];
        double room = floor((s->rules.rules[v.rule].cap_tpp - *used) / tpp);
        if (room < *gpus) {
            *gpus = room > 0.0 ? room : 0.0;
            res->fate = *gpus > 0.0 ? FS_FATE_PARTIAL : FS_FATE_BLOCKED;
        }
        *used += *gpus * tpp;
    }
}

static int by_arrival(const struct fs_order_result *res, size_t a, size_t b)
{
    if (res[a].arrival_h != res[b].arrival_h)
        return res[a].arrival_h < res[b].arrival_h;
    return a < b;
}

size_t fs_procure(const struct fs_scenario *s, const gsl_rng *r, struct fs_procure_work *w,
                  struct fs_order_result *orders, struct fs_delivery *deliveries)
{
    double prem[FS_MAX_CHANNELS], delay[FS_MAX_CHANNELS], seize[FS_MAX_CHANNELS];
    size_t nd = 0, nidx = 0;
    const double end_h = fs_horizon_h(s);

    /* Channel draws, once per replicate, in channel order. */
    for (size_t c = 0; c < s->nchannels && c < FS_MAX_CHANNELS; c++) {
        prem[c] = fs_dist_draw(&s->channels[c].premium, r);
        delay[c] = fs_dist_draw(&s->channels[c].extra_delay_d, r);
        seize[c] = fs_dist_draw(&s->channels[c].interdiction, r);
    }
    memset(w->cap_used, 0, (s->rules.nrules * s->nregions + 1) * sizeof(double));
    for (size_t k = 0; k < w->nlicence; k++)
        w->licence_draw[k] = NAN;
    /* Orders in placement order (ties: file order), as caps are first come. */
    for (size_t i = 0; i < s->norders; i++) {
        size_t k = nidx++;
        while (k > 0 && s->orders[w->order_idx[k - 1]].date > s->orders[i].date) {
            w->order_idx[k] = w->order_idx[k - 1];
            k--;
        }
        w->order_idx[k] = i;
    }
    for (size_t n = 0; n < s->norders; n++) {
        size_t i = w->order_idx[n];
        const struct fs_order *o = &s->orders[i];
        struct fs_order_result *res = &orders[i];
        double gpus = o->count;
        memset(res, 0, sizeof(*res));
        res->rule = -1;
        res->fate = FS_FATE_DELIVERED;
        res->ship_h = (fs_date_days(s, o->date) + fs_dist_draw(&o->lead_days, r)) *
                      FS_HOURS_PER_DAY;
        res->arrival_h = res->ship_h;
        res->unit_price_usd = o->unit_price_usd;
        if (o->channel >= 0) {
            size_t c = (size_t)o->channel;
            res->unit_price_usd *= 1.0 + prem[c];
            res->arrival_h += delay[c] * FS_HOURS_PER_DAY;
            if (gsl_rng_uniform(r) < seize[c]) {
                res->fate = FS_FATE_INTERDICTED;
                gpus = 0.0;
            }
        } else {
            direct(s, r, w, o, res, &gpus);
        }
        res->gpus_delivered = gpus; /* provisional: supply and horizon below */
    }
    /* Supply limits: months fill in order of arrival. */
    for (size_t u = 0; u < s->nsupplies; u++) {
        double *left = w->month_left + u * w->nmonths;
        const struct fs_supply *sp = &s->supplies[u];
        double start_h = fs_date_h(s, sp->start);
        double month_h = FS_MONTH_DAYS * FS_HOURS_PER_DAY;
        for (size_t m = 0; m < w->nmonths; m++)
            left[m] = sp->per_month;
        nidx = 0;
        for (size_t i = 0; i < s->norders; i++) {
            size_t k;
            if (s->orders[i].chip != sp->chip || !(orders[i].gpus_delivered > 0.0))
                continue;
            for (k = nidx++; k > 0 && by_arrival(orders, i, w->order_idx[k - 1]); k--)
                w->order_idx[k] = w->order_idx[k - 1];
            w->order_idx[k] = i;
        }
        for (size_t n = 0; n < nidx; n++) {
            size_t i = w->order_idx[n];
            struct fs_order_result *res = &orders[i];
            double need = res->gpus_delivered, got = 0.0, last = NAN;
            double m0 = floor((res->arrival_h - start_h) / month_h);
            for (size_t m = m0 > 0 ? (size_t)m0 : 0; m < w->nmonths && need > 0.0; m++) {
                double t = fmax(res->arrival_h, start_h + (double)m * month_h);
                double take = fmin(need, left[m]);
                if (!(take > 0.0))
                    continue;
                if (t > end_h)
                    break;
                left[m] -= take;
                need -= take;
                got += take;
                last = t;
                deliveries[nd++] = (struct fs_delivery){t, s->orders[i].cluster, i, take,
                                                       res->unit_price_usd};
            }
            if (need > 0.0)
                res->fate = FS_FATE_LATE;
            else if (last > res->arrival_h)
                res->fate = FS_FATE_DELAYED;
            res->gpus_delivered = got;
            res->arrival_h = got > 0.0 ? last : NAN;
        }
    }
    /* Orders without a supply limit arrive whole, if within the horizon. */
    for (size_t i = 0; i < s->norders; i++) {
        struct fs_order_result *res = &orders[i];
        int capped = 0;
        for (size_t u = 0; u < s->nsupplies; u++)
            capped |= s->supplies[u].chip == s->orders[i].chip;
        if (capped)
            continue;
        if (!(res->gpus_delivered > 0.0)) {
            res->arrival_h = NAN;
            continue;
        }
        if (res->arrival_h > end_h) {
            res->fate = FS_FATE_LATE;
            res->gpus_delivered = 0.0;
            continue;
        }
        deliveries[nd++] = (struct fs_delivery){res->arrival_h, s->orders[i].cluster, i,
                                               res->gpus_delivered, res->unit_price_usd};
    }
    return nd;
}
