/*
 * export.h - export-control rules as data, and the classifier that applies
 * them to a chip, a destination and a date.
 *
 * A rule is in force from its effective date until its end date (for
 * amended or rescinded rules), for destinations named by country group
 * ("CN", "D:5", "tier2"...), and for chips of the vendors it reaches (US
 * rules reach US designs, not Huawei's). It holds ordered tests; the first
 * test a chip passes gives the rule's classification (a label such as
 * "3A090.a") and outcome. A chip that passes none is outside the rule.
 *
 * The verdict on a (chip, destination, date) takes the rules in force in
 * order of effective date, later ones overriding earlier ones: a
 * classification rule that classifies the chip sets the verdict; a licence
 * policy rule (licensed_only) changes it only for chips that already need a
 * licence or are denied. So the January 2026 case-by-case policy reaches the
 * H200 and the A100 but leaves uncontrolled chips alone.
 *
 * Beyond the chip: a test may start later than its rule (from: a per-chip
 * date inside the rule); a rule may reach only some buyers (entity-list
 * names or status, ownership by listed parties) and be suspended for a
 * window; a destination's own (importer) rules come after the exporter's
 * and can only make the verdict stricter; a licence may carry a revenue
 * share, added to the price of orders shipping under it.
 */
#ifndef FLEETSIM_EXPORT_H
#define FLEETSIM_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "fleetsim/catalog.h"
#include "fleetsim/date.h"

/* Outcomes from most to least permissive. XX(ID, name) */
#define FS_OUTCOME_MAP(XX)                                                    \
    XX(ALLOWED, "allowed")                                                    \
    XX(NOTIFICATION, "notification")                                          \
    XX(LICENCE, "licence")                                                    \
    XX(DENIED, "denied")

enum fs_outcome {
#define XX(id, name) FS_OUT_##id,
    FS_OUTCOME_MAP(XX)
#undef XX
    FS_OUT_COUNT
};

const char *fs_outcome_name(enum fs_outcome o);

/* A destination's export-control country groups ("CN", "D:5", "tier2"). */
#define FS_MAX_GROUPS 8
struct fs_groups {
    char g[FS_MAX_GROUPS][FS_NAME_MAX];
    size_t n;
};

#define FS_RULE_MAX_ANY 4
#define FS_RULE_MAX_TESTS 4
#define FS_RULE_MAX_LIST 12

/* Ranges on the metrics; a bound of NAN is absent. min is inclusive,
 * below exclusive. A chip whose PD is unknown fails any PD bound. */
struct fs_rule_clause {
    double tpp_min, tpp_below;
    double pd_min, pd_below;
    double scaleup_gbps_min, scaleup_gbps_below;
    double dram_gbps_min, dram_gbps_below;
    char chips[FS_RULE_MAX_LIST][FS_NAME_MAX]; /* named chips (any of) */
    size_t nchips;
};

struct fs_rule_test {
    char label[FS_NAME_MAX];     /* e.g. "3A090.a" */
    enum fs_outcome outcome;
    double approval_probability; /* licence: chance an order is approved */
    double delay_days;           /* notification or licence review time */
    double revenue_share;        /* licence: share of the sale paid to the exporter's
                                  * government, passed on as a price adder; 0: none */
    fs_date from;                /* first day the test applies (a per-chip effective
                                  * date inside the rule); INT32_MIN: the rule's */
    struct fs_rule_clause any[FS_RULE_MAX_ANY]; /* passes if any clause does */
    size_t nany;
};

struct fs_rule {
    char id[FS_NAME_MAX];
    char name[FS_TEXT_MAX];
    char source[FS_TEXT_MAX];
    fs_date effective;
    fs_date end;                 /* first day no longer in force; INT32_MAX: none */
    int in_force;                /* 0 for rules never enforced (kept for what-ifs) */
    int licensed_only;           /* a licence policy: see the header comment */
    int importer;                /* the destination's own rule (an import ban or
                                  * guidance), applied after the exporter's rules */
    int state_funded_only;       /* importer: reaches only state-funded clusters */
    int listed_buyers_only;      /* reaches only buyers on the entity list (by name
                                  * in buyers, or marked listed) */
    int affiliates;              /* reaches buyers >= 50 % owned by listed parties */
    int exports_only;            /* reaches exports from the rule's country only,
                                  * not re-exports from third countries */
    fs_date suspended_from;      /* not applied from this day ... */
    fs_date suspended_until;     /* ... to this day inclusive; INT32_MAX: no window */
    char buyers[FS_RULE_MAX_LIST][FS_NAME_MAX]; /* entity-list names */
    size_t nbuyers;
    char destinations[FS_RULE_MAX_LIST][FS_NAME_MAX];
    size_t ndest;
    char vendors[FS_RULE_MAX_LIST][FS_NAME_MAX]; /* none listed: every vendor */
    size_t nvendors;
    struct fs_rule_test tests[FS_RULE_MAX_TESTS];
    size_t ntests;
    double cap_tpp;              /* total TPP a destination may receive; 0 = none */
};

/*
 * Who buys and where the chips go, beyond the destination's country groups:
 * the buyer's name and entity-list status, and whether the cluster is state
 * funded. A zeroed struct is an unnamed, unlisted buyer of a private cluster.
 */
struct fs_party {
    const char *buyer;           /* may be NULL */
    int listed;                  /* on the entity list */
    int owner_listed;            /* >= 50 % owned by listed parties */
    int state_funded;            /* the cluster is state funded */
    int reexport;                /* shipped from a third country */
};

/* A destination as the rules see it: its country groups (and, for a
 * scenario's region, who buys there; zeroed for standard destinations). */
struct fs_destination {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    struct fs_groups groups;
    struct fs_party party;
};

/* A buyer the rules know: an entity-list party or a lab a scenario names. */
struct fs_buyer {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    int listed;                  /* on the entity list */
    int owner_listed;            /* >= 50 % owned by listed parties */
};

struct fs_rulebook {
    struct fs_buyer *buyers;     /* buyers rules and regions may name */
    size_t nbuyers;
    struct fs_rule *rules;
    size_t nrules;
    struct fs_destination *dests; /* standard destinations (CN, US...) */
    size_t ndests;
};

/* A named set of country groups to classify for, e.g. a scenario's region,
 * with who buys there. */
struct fs_place {
    const char *name;
    const struct fs_groups *groups;
    struct fs_party party;
};

/*
 * The destination called name for the export classifier: one of the n
 * places (checked first; may be NULL when n is 0), else one of the
 * rulebook's standard destinations. 0 with *out filled (its groups are
 * copied), or -1 when no such destination exists.
 */
int fs_destination_lookup(const struct fs_rulebook *rb, const struct fs_place *places, size_t n,
                          const char *name, struct fs_destination *out);

/* Does the rule reach this destination (by any of its groups)? */
int fs_rule_reaches(const struct fs_rule *r, const struct fs_groups *groups);

/* Does the rule reach this chip's vendor (no vendors listed: all)? */
int fs_rule_reaches_vendor(const struct fs_rule *r, const struct fs_chip *c);

/* Is the rule in force on day d? */
int fs_rule_in_force(const struct fs_rule *r, fs_date d);

/* Index of the first test chip c passes, or -1 (outside the rule), taking
 * every test whatever its from date. Vendor and destination are not checked. */
int fs_rule_classify(const struct fs_rule *r, const struct fs_chip *c);

/* As fs_rule_classify, on day d: tests whose from date is after d are skipped. */
int fs_rule_classify_on(const struct fs_rule *r, const struct fs_chip *c, fs_date d);

/* Does the rule reach this buyer and cluster on day d (buyer scope,
 * suspension window, state funding)? */
int fs_rule_reaches_party(const struct fs_rule *r, const struct fs_party *p, fs_date d);

/* The verdict on a chip for a destination on a day. */
struct fs_verdict {
    enum fs_outcome outcome;
    double approval_probability; /* licence only */
    double delay_days;
    int rule;                    /* the rule that decided, or -1 */
    int test;                    /* its test, or -1 */
    double revenue_share;        /* licence: price adder share of the deciding test */
};

/* The verdict for an unnamed buyer of a private cluster. */
void fs_verdict_of(const struct fs_rulebook *rb, const struct fs_chip *c,
                   const struct fs_groups *groups, fs_date d, struct fs_verdict *out);

/* The verdict for a party. The exporter's rules decide first (in order of
 * effective date, later overriding earlier); then the destination's own
 * (importer) rules may only make it stricter. */
void fs_verdict_for(const struct fs_rulebook *rb, const struct fs_chip *c,
                    const struct fs_groups *groups, const struct fs_party *p, fs_date d,
                    struct fs_verdict *out);

/* Prints the classifier's report for one chip (all rules and the verdict). */
void fs_classify_report(const struct fs_rulebook *rb, const struct fs_chip *c,
                        const struct fs_destination *dest, fs_date d, FILE *out);

/* Prints one line per chip: TPP, PD, each rule's classification, verdict. */
void fs_classify_table(const struct fs_rulebook *rb, const struct fs_catalog *cat,
                       const struct fs_destination *dest, fs_date d, FILE *out);

/* Orders rules by effective date, keeping the file order among equals. */
void fs_rulebook_sort(struct fs_rulebook *rb);

void fs_rulebook_release(struct fs_rulebook *rb);

/* The rule data compiled into the binary (models/export_rules.cfg). */
extern const char fs_builtin_rules[];

#endif
