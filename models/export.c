/*
 * export.c - the export-control rule engine: which rules reach a chip, a
 * destination and a day, and what they decide.
 *
 * Metrics come from the catalog through the same functions the catalog
 * report uses (fs_chip_tpp, fs_chip_pd), so a hypothetical chip is judged
 * exactly as a real one. DRAM bandwidth is compared in GB/s (the 2026 rule's
 * unit): memory_bw_tbps x 1000.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/export.h"

static const char *const outcome_names[FS_OUT_COUNT] = {
#define XX(id, name) name,
    FS_OUTCOME_MAP(XX)
#undef XX
};

const char *fs_outcome_name(enum fs_outcome o)
{
    return (unsigned)o < FS_OUT_COUNT ? outcome_names[o] : "?";
}

int fs_rule_reaches(const struct fs_rule *r, const struct fs_groups *groups)
{
    for (size_t i = 0; i < r->ndest; i++)
        for (size_t k = 0; k < groups->n; k++)
            if (strcmp(r->destinations[i], groups->g[k]) == 0)
                return 1;
    return 0;
}

int fs_rule_in_force(const struct fs_rule *r, fs_date d)
{
    return r->in_force && d >= r->effective && d < r->end;
}

int fs_rule_reaches_vendor(const struct fs_rule *r, const struct fs_chip *c)
{
    if (r->nvendors == 0)
        return 1;
    for (size_t i = 0; i < r->nvendors; i++)
        if (strcmp(r->vendors[i], c->vendor) == 0)
            return 1;
    return 0;
}

/* min <= v < below, where an absent bound (NAN) always holds and an
 * unknown value (negative PD) fails any present bound. */
static int in_range(double v, double min, double below, int known)
{
    if (isnan(min) && isnan(below))
        return 1;
    if (!known)
        return 0;
    return (isnan(min) || v >= min) && (isnan(below) || v < below);
}

static int clause_holds(const struct fs_rule_clause *k, const struct fs_chip *c)
{
    double tpp = fs_chip_tpp(c), pd = fs_chip_pd(c);
    if (k->nchips > 0) {
        size_t i;
        for (i = 0; i < k->nchips; i++)
            if (strcmp(k->chips[i], c->name) == 0)
                break;
        if (i == k->nchips)
            return 0;
    }
    return in_range(tpp, k->tpp_min, k->tpp_below, 1) &&
           in_range(pd, k->pd_min, k->pd_below, pd >= 0.0) &&
           in_range(c->scaleup_gbps, k->scaleup_gbps_min, k->scaleup_gbps_below,
                    c->scaleup_gbps > 0.0) &&
           in_range(c->memory_bw_tbps * 1000.0, k->dram_gbps_min, k->dram_gbps_below,
                    c->memory_bw_tbps > 0.0);
}

int fs_rule_classify_on(const struct fs_rule *r, const struct fs_chip *c, fs_date d)
{
    for (size_t t = 0; t < r->ntests; t++) {
        if (r->tests[t].from > d)
            continue;
        for (size_t k = 0; k < r->tests[t].nany; k++)
            if (clause_holds(&r->tests[t].any[k], c))
                return (int)t;
    }
    return -1;
}

int fs_rule_classify(const struct fs_rule *r, const struct fs_chip *c)
{
    return fs_rule_classify_on(r, c, INT32_MAX);
}

int fs_rule_reaches_party(const struct fs_rule *r, const struct fs_party *p, fs_date d)
{
    if (d >= r->suspended_from && d <= r->suspended_until)
        return 0;
    if (r->state_funded_only && !p->state_funded)
        return 0;
    if (r->exports_only && p->reexport)
        return 0;
    if (r->listed_buyers_only || r->affiliates) {
        int hit = (r->listed_buyers_only && p->listed) || (r->affiliates && p->owner_listed);
        for (size_t i = 0; !hit && p->buyer != NULL && i < r->nbuyers; i++)
            hit = strcmp(r->buyers[i], p->buyer) == 0;
        return hit;
    }
    return 1;
}

/* Applies rule i to the verdict so far; returns 1 if it decided. */
static int apply_rule(const struct fs_rulebook *rb, size_t i, const struct fs_chip *c,
                      const struct fs_groups *groups, const struct fs_party *p, fs_date d,
                      struct fs_verdict *out)
{
    const struct fs_rule *r = &rb->rules[i];
    const struct fs_rule_test *rt;
    int t;
    if (!fs_rule_in_force(r, d) || !fs_rule_reaches(r, groups) || !fs_rule_reaches_vendor(r, c) ||
        !fs_rule_reaches_party(r, p, d) || (t = fs_rule_classify_on(r, c, d)) < 0)
        return 0;
    if (r->licensed_only && out->outcome != FS_OUT_LICENCE && out->outcome != FS_OUT_DENIED)
        return 0;
    rt = &r->tests[t];
    /* An importer's rule only makes the verdict stricter. */
    if (r->importer && rt->outcome <= out->outcome)
        return 0;
    out->outcome = rt->outcome;
    out->approval_probability = out->outcome == FS_OUT_LICENCE ? rt->approval_probability
                                : out->outcome == FS_OUT_DENIED ? 0.0
                                                                : 1.0;
    out->delay_days = rt->delay_days;
    out->revenue_share = out->outcome == FS_OUT_LICENCE ? rt->revenue_share : 0.0;
    out->rule = (int)i;
    out->test = t;
    return 1;
}

void fs_verdict_for(const struct fs_rulebook *rb, const struct fs_chip *c,
                    const struct fs_groups *groups, const struct fs_party *p, fs_date d,
                    struct fs_verdict *out)
{
    /* The rulebook is sorted by effective date (fs_rulebook_sort), so later
     * rules come later and override; the importer's rules come after all
     * of the exporter's. */
    *out = (struct fs_verdict){FS_OUT_ALLOWED, 1.0, 0.0, -1, -1, 0.0};
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rb->nrules; i++)
            if (rb->rules[i].importer == pass)
                apply_rule(rb, i, c, groups, p, d, out);
}

void fs_verdict_of(const struct fs_rulebook *rb, const struct fs_chip *c,
                   const struct fs_groups *groups, fs_date d, struct fs_verdict *out)
{
    const struct fs_party nobody = {NULL, 0, 0, 0, 0};
    fs_verdict_for(rb, c, groups, &nobody, d, out);
}

int fs_destination_lookup(const struct fs_rulebook *rb, const struct fs_place *places, size_t n,
                          const char *name, struct fs_destination *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        if (strcmp(places[i].name, name) == 0 && strlen(name) < sizeof(out->name)) {
            memcpy(out->name, name, strlen(name) + 1);
            out->groups = *places[i].groups;
            out->party = places[i].party;
            return 0;
        }
    for (size_t i = 0; i < rb->ndests; i++)
        if (strcmp(rb->dests[i].name, name) == 0) {
            *out = rb->dests[i];
            return 0;
        }
    return -1;
}

void fs_rulebook_sort(struct fs_rulebook *rb)
{
    /* Insertion sort: stable, and rulebooks are short. */
    for (size_t i = 1; i < rb->nrules; i++) {
        struct fs_rule r = rb->rules[i];
        size_t k = i;
        for (; k > 0 && rb->rules[k - 1].effective > r.effective; k--)
            rb->rules[k] = rb->rules[k - 1];
        rb->rules[k] = r;
    }
}

void fs_rulebook_release(struct fs_rulebook *rb)
{
    free(rb->rules);
    free(rb->dests);
    free(rb->buyers);
    rb->rules = NULL;
    rb->dests = NULL;
    rb->buyers = NULL;
    rb->nrules = rb->ndests = rb->nbuyers = 0;
}
