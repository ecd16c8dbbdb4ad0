/*
 * cfg_rules.c - reads export rules and destinations (the built-in rule book
 * and a scenario's `export_rules`) and a scenario's `regions`.
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

#define REG(f) offsetof(struct fs_region, f)
static const struct fs__field region_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, REG(name), "", "region key", NULL},
    {"description", F_TEXT, 0, 0, 0, REG(description), "", "one line", NULL},
    {"groups", F_SPECIAL, 0, 0, 0, 0, "",
     "export-control country groups, an array of strings such as [\"D:5\"]", NULL},
    {"destination", F_SPECIAL, 0, 0, 0, 0, "",
     "a standard destination (\"CN\", \"US\"... see fleetsim --classify) whose groups it takes", NULL},
    {"buyer", F_SPECIAL, 0, 0, 0, 0, "",
     "who buys for this region's clusters: a buyer of the rule book (its entity-list status "
     "decides the buyer rules)", NULL},
    {"state_funded", F_BOOL, 0, 0, 0, REG(state_funded), "",
     "this region's clusters are state funded (China's domestic-chips rule reaches them)", NULL},
};
const struct fs__table fs__region_table = {"regions[]", region_fields, NFIELDS(region_fields)};

static const char *const outcome_choices[] = {
#define XX(id, name) name,
    FS_OUTCOME_MAP(XX)
#undef XX
    NULL};

_Static_assert(sizeof(enum fs_outcome) == sizeof(int), "enum stored as int");

#define RULE(f) offsetof(struct fs_rule, f)
static const struct fs__field rule_fields[] = {
    {"id", F_NAME, F_REQUIRED, 0, 0, RULE(id), "", "rule key; a scenario rule with a built-in id overrides it", NULL},
    {"name", F_TEXT, 0, 0, 0, RULE(name), "", "title, e.g. the Federal Register citation", NULL},
    {"source", F_TEXT, 0, 0, 0, RULE(source), "", "where the rule's terms come from", NULL},
    {"effective_date", F_DATE, F_REQUIRED, 0, 0, RULE(effective), "", "first day in force", NULL},
    {"end_date", F_DATE, 0, 0, 0, RULE(end), "", "first day no longer in force (amended or rescinded)", NULL},
    {"in_force", F_BOOL, 0, 0, 0, RULE(in_force), "", "false for rules never enforced (default true)", NULL},
    {"licensed_only", F_BOOL, 0, 0, 0, RULE(licensed_only), "",
     "a licence review policy: changes the verdict only on chips that need a licence or are denied", NULL},
    {"destinations", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "country groups the rule reaches, an array of strings such as [\"CN\", \"D:5\"]", NULL},
    {"vendors", F_SPECIAL, 0, 0, 0, 0, "", "chip vendors the rule reaches (default: all)", NULL},
    {"importer", F_BOOL, 0, 0, 0, RULE(importer), "",
     "the destination's own rule (import ban or guidance): may only make the verdict stricter, "
     "and is shown beside the exporter's rules", NULL},
    {"state_funded_only", F_BOOL, 0, 0, 0, RULE(state_funded_only), "",
     "reaches only regions marked state_funded (their clusters)", NULL},
    {"listed_buyers_only", F_BOOL, 0, 0, 0, RULE(listed_buyers_only), "",
     "an entity-list rule: reaches only buyers named in 'buyers' or marked listed", NULL},
    {"affiliates", F_BOOL, 0, 0, 0, RULE(affiliates), "",
     "an ownership rule: reaches buyers >= 50 % owned by listed parties", NULL},
    {"buyers", F_SPECIAL, 0, 0, 0, 0, "", "buyers the rule names (entity-list style)", NULL},
    {"exports_only", F_BOOL, 0, 0, 0, RULE(exports_only), "",
     "reaches only exports from the rule's own country, not orders marked reexport", NULL},
    {"suspended_from", F_DATE, 0, 0, 0, RULE(suspended_from), "",
     "first day of a suspension (with suspended_until)", NULL},
    {"suspended_until", F_DATE, 0, 0, 0, RULE(suspended_until), "",
     "last day of a suspension (with suspended_from)", NULL},
    {"cap_tpp", F_DOUBLE, 0, 0, 1e15, RULE(cap_tpp), "TPP",
     "total TPP a destination may receive under the rule (0: no cap)", NULL},
    {"tests", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a list of tests, tried in order (see rules.tests[])", NULL},
};
const struct fs__table fs__rule_table = {"export_rules[]", rule_fields, NFIELDS(rule_fields)};

#define RTEST(f) offsetof(struct fs_rule_test, f)
static const struct fs__field test_fields[] = {
    {"label", F_NAME, F_REQUIRED, 0, 0, RTEST(label), "", "classification, e.g. \"3A090.a\"", NULL},
    {"outcome", F_ENUM, F_REQUIRED, 0, 0, RTEST(outcome), "", "what happens to an order", outcome_choices},
    {"approval_probability", F_DOUBLE, 0, 0, 1, RTEST(approval_probability), "",
     "licence: the chance an order is approved (required for licence)", NULL},
    {"delay_days", F_DOUBLE, 0, 0, 3650, RTEST(delay_days), "days",
     "notification or licence review time added before shipping", NULL},
    {"revenue_share", F_DOUBLE, 0, 0, 1, RTEST(revenue_share), "",
     "licence: share of the sale paid to the exporter's government, added to the unit price "
     "of orders shipping under the test", NULL},
    {"from_date", F_DATE, 0, 0, 0, RTEST(from), "",
     "first day the test applies, if later than the rule's effective_date", NULL},
    {"any", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a list of clauses; the test passes if any holds", NULL},
};
const struct fs__table fs__test_table = {"export_rules[].tests[]", test_fields, NFIELDS(test_fields)};

#define CLAUSE(f) offsetof(struct fs_rule_clause, f)
static const struct fs__field clause_fields[] = {
    {"tpp_min", F_DOUBLE, 0, 0, 1e9, CLAUSE(tpp_min), "TPP", "TPP >= this", NULL},
    {"tpp_below", F_DOUBLE, 0, 0, 1e9, CLAUSE(tpp_below), "TPP", "TPP < this", NULL},
    {"pd_min", F_DOUBLE, 0, 0, 1e6, CLAUSE(pd_min), "TPP/mm^2", "performance density >= this", NULL},
    {"pd_below", F_DOUBLE, 0, 0, 1e6, CLAUSE(pd_below), "TPP/mm^2", "performance density < this", NULL},
    {"scaleup_gbps_min", F_DOUBLE, 0, 0, 1e7, CLAUSE(scaleup_gbps_min), "GB/s",
     "scale-up interconnect >= this", NULL},
    {"scaleup_gbps_below", F_DOUBLE, 0, 0, 1e7, CLAUSE(scaleup_gbps_below), "GB/s",
     "scale-up interconnect < this", NULL},
    {"dram_gbps_min", F_DOUBLE, 0, 0, 1e7, CLAUSE(dram_gbps_min), "GB/s", "DRAM bandwidth >= this", NULL},
    {"dram_gbps_below", F_DOUBLE, 0, 0, 1e7, CLAUSE(dram_gbps_below), "GB/s", "DRAM bandwidth < this", NULL},
    {"chips", F_SPECIAL, 0, 0, 0, 0, "", "named chips, an array of catalog names (any of)", NULL},
};
const struct fs__table fs__clause_table = {"export_rules[].tests[].any[]", clause_fields, NFIELDS(clause_fields)};

#define BUYER(f) offsetof(struct fs_buyer, f)
static const struct fs__field buyer_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, BUYER(name), "", "buyer key, e.g. \"DeepSeek\"", NULL},
    {"description", F_TEXT, 0, 0, 0, BUYER(description), "", "one line, with the source", NULL},
    {"listed", F_BOOL, 0, 0, 0, BUYER(listed), "", "on the entity list", NULL},
    {"owner_listed", F_BOOL, 0, 0, 0, BUYER(owner_listed), "",
     ">= 50 % owned by listed parties (the affiliates rule)", NULL},
};

#define DEST(f) offsetof(struct fs_destination, f)
static const struct fs__field dest_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, DEST(name), "", "destination key, e.g. \"CN\"", NULL},
    {"description", F_TEXT, 0, 0, 0, DEST(description), "", "one line", NULL},
    {"groups", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "its country groups", NULL},
};

/* ---- export rules ------------------------------------------------------ */

static void clause_init(struct fs_rule_clause *k)
{
    memset(k, 0, sizeof(*k));
    k->tpp_min = k->tpp_below = k->pd_min = k->pd_below = NAN;
    k->scaleup_gbps_min = k->scaleup_gbps_below = k->dram_gbps_min = k->dram_gbps_below = NAN;
}

static int read_test(const struct fs__ctx *cx, const config_setting_t *g, struct fs_rule_test *t,
                     const struct fs_catalog *cat)
{
    unsigned char seen[NFIELDS(test_fields)] = {0};
    const config_setting_t *any;
    int rc;

    memset(t, 0, sizeof(*t));
    t->approval_probability = NAN;
    t->from = INT32_MIN;
    if ((rc = fs__read_group(cx, g, test_fields, NFIELDS(test_fields), t, seen)) != FS_OK)
        return rc;
    if (t->outcome != FS_OUT_LICENCE && t->revenue_share != 0.0)
        return fs__err_at(cx, config_setting_get_member(g, "revenue_share"),
                          "applies only to outcome \"licence\"");
    if (t->outcome == FS_OUT_LICENCE && isnan(t->approval_probability))
        return fs__err_at(cx, g, "missing required setting 'approval_probability' (outcome licence)");
    if (t->outcome != FS_OUT_LICENCE && !isnan(t->approval_probability))
        return fs__err_at(cx, config_setting_get_member(g, "approval_probability"),
                          "applies only to outcome \"licence\"");
    any = config_setting_get_member(g, "any");
    if ((rc = fs__expect_list(cx, any)) != FS_OK)
        return rc;
    if (config_setting_length(any) == 0 || config_setting_length(any) > FS_RULE_MAX_ANY)
        return fs__err_at(cx, any, "needs 1 to %d clauses (got %d)", FS_RULE_MAX_ANY,
                          config_setting_length(any));
    for (int i = 0; i < config_setting_length(any); i++) {
        const config_setting_t *c = config_setting_get_elem(any, (unsigned)i);
        struct fs_rule_clause *k = &t->any[t->nany++];
        clause_init(k);
        if ((rc = fs__read_group(cx, c, clause_fields, NFIELDS(clause_fields), k, NULL)) != FS_OK)
            return rc;
        if ((rc = fs__read_names(cx, config_setting_get_member(c, "chips"), k->chips,
                                 FS_RULE_MAX_LIST, &k->nchips)) != FS_OK)
            return rc;
        /* Named chips must exist: a typo would silently never match. */
        for (size_t n = 0; n < k->nchips; n++)
            if ((rc = FS__FIND(cx, config_setting_get_elem(config_setting_get_member(c, "chips"),
                                                           (unsigned)n),
                               "chip", k->chips[n], cat->chips, cat->n, struct fs_chip,
                               " (see fleetsim --list-gpus)")) < 0)
                return rc;
        if (config_setting_length(c) == 0)
            return fs__err_at(cx, c, "an empty clause would match every chip");
    }
    return FS_OK;
}

/*
 * The country-group syntax of models/export_rules.cfg: a country code
 * ("CN"), an EAR country group ("D:5"), or a diffusion-rule tier ("tier2").
 */
static int group_syntax_ok(const char *g)
{
    if (strlen(g) == 2)
        return isupper((unsigned char)g[0]) && isupper((unsigned char)g[1]);
    if (strlen(g) == 3)
        return g[0] >= 'A' && g[0] <= 'E' && g[1] == ':' && g[2] >= '1' && g[2] <= '9';
    return strlen(g) == 5 && strncmp(g, "tier", 4) == 0 && g[4] >= '1' && g[4] <= '3';
}

/*
 * Checks country groups: each must be a group some destination or one of
 * the first nrules rules names, or at least have the syntax of one. A typo ("D5" for
 * "D:5") would otherwise never match a rule and flip verdicts to allowed.
 */
static int check_groups(const struct fs__ctx *cx, const config_setting_t *a,
                        const char (*groups)[FS_NAME_MAX], size_t n,
                        const struct fs_rulebook *rb, size_t nrules)
{
    for (size_t k = 0; k < n; k++) {
        const char *g = groups[k];
        struct fs__near nr;
        int known = group_syntax_ok(g);
        fs__near_init(&nr, g);
        for (size_t d = 0; !known && d < rb->ndests; d++)
            for (size_t i = 0; !known && i < rb->dests[d].groups.n; i++) {
                known = strcmp(rb->dests[d].groups.g[i], g) == 0;
                fs__near_try(&nr, rb->dests[d].groups.g[i]);
            }
        for (size_t r = 0; !known && r < nrules; r++)
            for (size_t i = 0; !known && i < rb->rules[r].ndest; i++) {
                known = strcmp(rb->rules[r].destinations[i], g) == 0;
                fs__near_try(&nr, rb->rules[r].destinations[i]);
            }
        if (known)
            continue;
        if (nr.best != NULL)
            return fs__err_at(cx, config_setting_get_elem(a, (unsigned)k),
                              "unknown country group '%s' (did you mean '%s'?)", g, nr.best);
        return fs__err_at(cx, config_setting_get_elem(a, (unsigned)k),
                          "unknown country group '%s' (expected a country code such as "
                          "\"CN\", a group such as \"D:5\", or \"tier1\" to \"tier3\")", g);
    }
    return FS_OK;
}

/* A suspension window needs both ends, in order. */
static int check_suspension(const struct fs__ctx *cx, const config_setting_t *g,
                            const struct fs_rule *r)
{
    const config_setting_t *from = config_setting_get_member(g, "suspended_from");
    const config_setting_t *until = config_setting_get_member(g, "suspended_until");
    if ((r->suspended_from == INT32_MAX) != (r->suspended_until == INT32_MIN))
        return fs__err_at(cx, from != NULL ? from : until,
                          "give both 'suspended_from' and 'suspended_until'");
    if (r->suspended_from != INT32_MAX && r->suspended_until < r->suspended_from) {
        char a[16], b[16];
        fs_date_format(r->suspended_from, a, sizeof(a));
        fs_date_format(r->suspended_until, b, sizeof(b));
        return fs__err_at(cx, until, "must not be before suspended_from (%s > %s)", a, b);
    }
    return FS_OK;
}

/*
 * Reads one rule into rb. In a scenario, a rule whose id is already in the
 * book changes only the settings it gives (for example in_force = true).
 */
static int read_rule(const struct fs__ctx *cx, const config_setting_t *g, struct fs_rulebook *rb,
                     const struct fs_catalog *cat)
{
    unsigned char seen[NFIELDS(rule_fields)] = {0};
    const char *id = NULL;
    struct fs_rule *r;
    size_t existing = rb->nrules;
    const config_setting_t *m;
    int rc;

    if (config_setting_is_group(g))
        config_setting_lookup_string(g, "id", &id);
    for (size_t i = 0; id != NULL && i < rb->nrules; i++)
        if (strcmp(rb->rules[i].id, id) == 0)
            existing = i;
    if (existing == rb->nrules) {
        struct fs_rule *p = realloc(rb->rules, (rb->nrules + 1) * sizeof(*p));
        if (p == NULL)
            return FS_ENOMEM;
        rb->rules = p;
        r = &rb->rules[rb->nrules++];
        memset(r, 0, sizeof(*r));
        r->in_force = 1;
        r->end = INT32_MAX;
        r->suspended_from = INT32_MAX;
        r->suspended_until = INT32_MIN;
        rc = fs__read_group(cx, g, rule_fields, NFIELDS(rule_fields), r, seen);
    } else {
        /* An override: the table's required settings are already there. */
        r = &rb->rules[existing];
        struct fs_rule copy = *r;
        static struct fs__field relaxed[NFIELDS(rule_fields)];
        memcpy(relaxed, rule_fields, sizeof(relaxed));
        for (size_t k = 0; k < NFIELDS(rule_fields); k++)
            relaxed[k].flags &= ~F_REQUIRED;
        rc = fs__read_group(cx, g, relaxed, NFIELDS(rule_fields), &copy, seen);
        if (rc == FS_OK)
            *r = copy;
    }
    if (rc != FS_OK)
        return rc;
    if (r->end != INT32_MAX && r->end <= r->effective)
        return fs__err_at(cx, config_setting_get_member(g, "end_date"),
                          "must be after effective_date");
    if ((rc = check_suspension(cx, g, r)) != FS_OK)
        return rc;
    if ((rc = fs__read_names(cx, config_setting_get_member(g, "buyers"), r->buyers,
                             FS_RULE_MAX_LIST, &r->nbuyers)) != FS_OK)
        return rc;
    if (r->nbuyers > 0 && !r->listed_buyers_only && !r->affiliates)
        return fs__err_at(cx, config_setting_get_member(g, "buyers"),
                          "names buyers, so needs 'listed_buyers_only' or 'affiliates'");
    /* Given here (an override may keep the built-in rule's buyers). */
    m = config_setting_get_member(g, "buyers");
    for (size_t n = 0; m != NULL && n < r->nbuyers; n++)
        if ((rc = FS__FIND(cx, config_setting_get_elem(m, (unsigned)n),
                           "buyer", r->buyers[n], rb->buyers, rb->nbuyers, struct fs_buyer,
                           " (buyers are listed in the rule book's 'buyers')")) < 0)
            return rc;
    if ((rc = fs__read_names(cx, config_setting_get_member(g, "destinations"), r->destinations,
                             FS_RULE_MAX_LIST, &r->ndest)) != FS_OK ||
        (rc = fs__read_names(cx, config_setting_get_member(g, "vendors"), r->vendors,
                             FS_RULE_MAX_LIST, &r->nvendors)) != FS_OK)
        return rc;
    /* Against the destinations and the rules before this one. */
    if ((m = config_setting_get_member(g, "destinations")) != NULL &&
        (rc = check_groups(cx, m, (const char(*)[FS_NAME_MAX])r->destinations, r->ndest, rb,
                           (size_t)(r - rb->rules))) != FS_OK)
        return rc;
    if ((m = config_setting_get_member(g, "tests")) != NULL) {
        if ((rc = fs__expect_list(cx, m)) != FS_OK)
            return rc;
        if (config_setting_length(m) == 0 || config_setting_length(m) > FS_RULE_MAX_TESTS)
            return fs__err_at(cx, m, "needs 1 to %d tests (got %d)", FS_RULE_MAX_TESTS,
                              config_setting_length(m));
        r->ntests = 0;
        for (int i = 0; i < config_setting_length(m); i++)
            if ((rc = read_test(cx, config_setting_get_elem(m, (unsigned)i),
                                &r->tests[r->ntests++], cat)) != FS_OK)
                return rc;
    }
    return FS_OK;
}

int fs__read_rules(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                   struct fs_rulebook *rb, const struct fs_catalog *cat)
{
    const config_setting_t *list;
    size_t n;
    int rc;
    if ((rc = fs__read_list(cx, parent, name, 0, SIZE_MAX, &list, &n)) != FS_OK ||
        list == NULL)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = read_rule(cx, config_setting_get_elem(list, (unsigned)i), rb, cat)) != FS_OK)
            return rc;
    }
    fs_rulebook_sort(rb);
    return FS_OK;
}

static int read_buyers(const struct fs__ctx *cx, const config_setting_t *parent,
                       struct fs_rulebook *rb)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, parent, "buyers", 0, SIZE_MAX, &list, &rb->nbuyers,
                             sizeof(*rb->buyers), &array)) != FS_OK ||
        list == NULL)
        return rc;
    rb->buyers = array;
    for (size_t i = 0; i < rb->nbuyers; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        if ((rc = fs__read_group(cx, g, buyer_fields, NFIELDS(buyer_fields), &rb->buyers[i],
                                 NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "buyer")) != FS_OK)
            return rc;
    }
    return FS_OK;
}

static int read_destinations(const struct fs__ctx *cx, const config_setting_t *parent,
                             struct fs_rulebook *rb)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, parent, "destinations", 0, SIZE_MAX, &list, &rb->ndests,
                             sizeof(*rb->dests), &array)) != FS_OK ||
        list == NULL)
        return rc;
    rb->dests = array;
    for (size_t i = 0; i < rb->ndests; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_destination *d = &rb->dests[i];
        if ((rc = fs__read_group(cx, g, dest_fields, NFIELDS(dest_fields), d, NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "destination")) != FS_OK ||
            (rc = fs__read_names(cx, config_setting_get_member(g, "groups"), d->groups.g,
                                 FS_MAX_GROUPS, &d->groups.n)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

int fs_rulebook_load_text(struct fs_rulebook *rb, const char *text, const char *name,
                          const struct fs_catalog *cat, struct fs_diag *diag)
{
    static const char *const allowed[] = {"buyers", "destinations", "rules"};
    struct fs__ctx cx = {name, diag, NULL, 0};
    config_t cfg;
    int rc;

    memset(rb, 0, sizeof(*rb));
    config_init(&cfg);
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        rc = fs_diag_set(diag, FS_ESCENARIO, name, (unsigned)config_error_line(&cfg), NULL,
                         "%s", config_error_text(&cfg));
        config_destroy(&cfg);
        return rc;
    }
    rc = fs__check_sections(&cx, &cfg, allowed, 3);
    if (rc == FS_OK)
        rc = fs__check_values(&cx, config_root_setting(&cfg));
    if (rc == FS_OK)
        rc = read_buyers(&cx, config_root_setting(&cfg), rb);
    if (rc == FS_OK)
        rc = read_destinations(&cx, config_root_setting(&cfg), rb);
    if (rc == FS_OK)
        rc = fs__read_rules(&cx, config_root_setting(&cfg), "rules", rb, cat);
    if (rc == FS_ENOMEM)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    config_destroy(&cfg);
    if (rc != FS_OK)
        fs_rulebook_release(rb);
    return rc;
}

int fs_rulebook_copy(struct fs_rulebook *dst, const struct fs_rulebook *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->rules = malloc((src->nrules + 1) * sizeof(*dst->rules));
    dst->dests = malloc((src->ndests + 1) * sizeof(*dst->dests));
    dst->buyers = malloc((src->nbuyers + 1) * sizeof(*dst->buyers));
    if (dst->rules == NULL || dst->dests == NULL || dst->buyers == NULL) {
        fs_rulebook_release(dst);
        return FS_ENOMEM;
    }
    memcpy(dst->rules, src->rules, src->nrules * sizeof(*dst->rules));
    memcpy(dst->dests, src->dests, src->ndests * sizeof(*dst->dests));
    memcpy(dst->buyers, src->buyers, src->nbuyers * sizeof(*dst->buyers));
    dst->nbuyers = src->nbuyers;
    dst->nrules = src->nrules;
    dst->ndests = src->ndests;
    return FS_OK;
}

int fs__read_regions(const struct fs__ctx *cx, const config_t *cfg,
                        struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;

    if ((rc = fs__read_array(cx, config_root_setting(cfg), "regions", FS__LIST_REQUIRED, SIZE_MAX,
                             &list, &s->nregions, sizeof(*s->regions), &array)) != FS_OK)
        return rc;
    s->regions = array;
    if (s->nregions == 0)
        return fs__err_at(cx, list, "needs at least one region");
    for (size_t i = 0; i < s->nregions; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *groups, *m;
        struct fs_region *r = &s->regions[i];
        if ((rc = fs__read_group(cx, g, region_fields, NFIELDS(region_fields), r, NULL)) != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, (int)i, "region")) != FS_OK)
            return rc;
        r->buyer = -1;
        if ((m = config_setting_get_member(g, "buyer")) != NULL) {
            const char *v;
            if ((v = fs__get_string(cx, g, "buyer", &rc)) == NULL)
                return rc;
            if ((r->buyer = FS__FIND(cx, m, "buyer", v, s->rules.buyers, s->rules.nbuyers,
                                     struct fs_buyer, " (see models/export_rules.cfg)")) < 0)
                return r->buyer;
        }
        groups = config_setting_get_member(g, "groups");
        if ((m = config_setting_get_member(g, "destination")) != NULL) {
            const char *v;
            int d;
            if (groups != NULL)
                return fs__err_at(cx, m, "give either 'destination' or 'groups', not both");
            if ((v = fs__get_string(cx, g, "destination", &rc)) == NULL)
                return rc;
            if ((d = FS__FIND(cx, m, "destination", v, s->rules.dests, s->rules.ndests,
                              struct fs_destination, " (see fleetsim --classify)")) < 0)
                return d;
            r->groups = s->rules.dests[d].groups;
        }
        if ((rc = fs__read_names(cx, groups, r->groups.g, FS_MAX_GROUPS, &r->groups.n)) != FS_OK)
            return rc;
        if (groups != NULL && (rc = check_groups(cx, groups, (const char(*)[FS_NAME_MAX])r->groups.g,
                                                  r->groups.n, &s->rules, s->rules.nrules)) != FS_OK)
            return rc;
    }
    return FS_OK;
}
