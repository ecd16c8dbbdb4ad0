/*
 * cfg_clusters.c - reads the global `failures` group and `clusters`,
 * resolving each cluster's chip, region and failure model.
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

static const char *const dist_choices[] = {"none", "exponential", "weibull",
                                           "lognormal", NULL};
static const char *const repair_choices[] = {"fixed", "exponential",
                                             "lognormal", NULL};
/* Indices into dist_choices and repair_choices, and the kind each names. */
enum { FAIL_NONE, FAIL_EXPONENTIAL, FAIL_WEIBULL, FAIL_LOGNORMAL };
enum { REPAIR_FIXED, REPAIR_EXPONENTIAL, REPAIR_LOGNORMAL };
static const enum fs_dist_kind fail_kinds[] = {FS_DIST_NONE, FS_DIST_EXPONENTIAL,
                                               FS_DIST_WEIBULL, FS_DIST_LOGNORMAL};
static const enum fs_dist_kind repair_kinds[] = {FS_DIST_FIXED, FS_DIST_EXPONENTIAL,
                                                 FS_DIST_LOGNORMAL};
static const char *const clocks_choices[] = {"always", "while_computing", NULL};
static const char *const ownership_choices[] = {"owned", "rented", NULL};
static const char *const cost_method_choices[] = {"default", "epoch", NULL};
static const char *const capital_choices[] = {"straight_line", "annuity", "value_decay", NULL};

/* Failure settings as written; resolved per cluster into fs_failure_cfg. */
struct fail_spec {
    int dist;
    double per_1000_node_days;
    double gpu_mtbf_h;
    double weibull_shape;
    double failure_cv;
    int repair_dist;
    double repair_mean_h;
    double repair_cv;
    double node_out_fraction;
    double maintenance_per_day;
    double maintenance_h;
    double detect_min;
    int clocks, elastic;
    double elastic_min;
    double strag_per_1000, strag_slowdown, strag_detect_min;
    int domain_nodes;
    double domain_per_1000, domain_repair_mean_h, domain_repair_cv;
    int domain_repair_dist;
    double manual_p;
    int manual_dist;
    double manual_mean_h, manual_cv;
    const config_setting_t *group; /* the group these settings were last read from */
    struct fs_failure_cause causes[FS_MAX_CAUSES];
    size_t ncauses;
    struct fs_node_group groups[FS_MAX_GROUPS];
    size_t ngroups;
    struct fs_job_cause job_causes[FS_MAX_JOB_CAUSES];
    size_t njob_causes;
};

#define FSP(f) offsetof(struct fail_spec, f)
static const struct fs__field failure_fields[] = {
    {"distribution", F_ENUM, 0, 0, 0, FSP(dist), "", "time between failures of a node", dist_choices},
    {"node_failures_per_1000_node_days", F_DOUBLE, 0, 0, 1e5, FSP(per_1000_node_days),
     "1/(1000 node-days)", "job-interrupting failures (give this or gpu_mtbf_hours)", NULL},
    {"gpu_mtbf_hours", F_DOUBLE, 0, 0.01, 1e9, FSP(gpu_mtbf_h), "h",
     "mean time between failures of one GPU; a node fails gpus_per_node times as often; at "
     "least 0.01, since the failure rate divides by it", NULL},
    {"weibull_shape", F_DOUBLE, 0, 0.05, 20, FSP(weibull_shape), "",
     "Weibull shape k (k < 1 wear-in, k > 1 wear-out); the mean is kept; at least 0.05, "
     "since the scale divides by Gamma(1 + 1/k)", NULL},
    {"failure_cv", F_DOUBLE, F_MIN_EXCL, 0, 100, FSP(failure_cv), "",
     "coefficient of variation of the time to failure (lognormal; the mean is kept)", NULL},
    {"repair_distribution", F_ENUM, 0, 0, 0, FSP(repair_dist), "", "node repair time", repair_choices},
    {"repair_mean_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e5, FSP(repair_mean_h), "h", "mean repair time", NULL},
    {"repair_cv", F_DOUBLE, 0, 0, 100, FSP(repair_cv), "",
     "coefficient of variation of the repair time (lognormal)", NULL},
    {"manual_repair_probability", F_DOUBLE, 0, 0, 1, FSP(manual_p), "",
     "share of repairs that need a manual stage after the automatic one", NULL},
    {"manual_repair_distribution", F_ENUM, 0, 0, 0, FSP(manual_dist), "",
     "manual repair time", repair_choices},
    {"manual_repair_mean_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e5, FSP(manual_mean_h), "h",
     "mean manual repair time", NULL},
    {"manual_repair_cv", F_DOUBLE, 0, 0, 100, FSP(manual_cv), "",
     "coefficient of variation of the manual repair time (lognormal)", NULL},
    {"detection_minutes", F_DOUBLE, 0, 0, 1e6, FSP(detect_min), "min",
     "time before a node failure is noticed (a hang; causes may set their own), lost", NULL},
    {"domain_nodes", F_INT, 0, 0, 1e6, FSP(domain_nodes), "",
     "nodes per failure domain (a rack or switch; 0: none): consecutive nodes of a cluster", NULL},
    {"domain_failures_per_1000_domain_days", F_DOUBLE, 0, 0, 1e5, FSP(domain_per_1000),
     "1/(1000 domain-days)", "failures of a domain, each taking all its nodes out at once "
     "(exponential)", NULL},
    {"domain_repair_distribution", F_ENUM, 0, 0, 0, FSP(domain_repair_dist), "",
     "a domain's repair time", repair_choices},
    {"domain_repair_mean_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e5, FSP(domain_repair_mean_h), "h",
     "mean repair time of a domain", NULL},
    {"domain_repair_cv", F_DOUBLE, 0, 0, 100, FSP(domain_repair_cv), "",
     "coefficient of variation of a domain's repair time (lognormal)", NULL},
    {"straggler_per_1000_node_days", F_DOUBLE, 0, 0, 1e5, FSP(strag_per_1000),
     "1/(1000 node-days)", "nodes turning slow (stragglers), exponential", NULL},
    {"straggler_slowdown", F_DOUBLE, 0, 1, 1e3, FSP(strag_slowdown), "",
     "a job with a slow node runs this many times slower (default 2)", NULL},
    {"straggler_detection_minutes", F_DOUBLE, 0, 0, 1e6, FSP(strag_detect_min), "min",
     "until a slow node is found and removed (the job then restarts without it)", NULL},
    {"elastic", F_BOOL, 0, 0, 0, FSP(elastic), "",
     "a job short of nodes with no spare free continues on fewer at a lower data-parallel "
     "width (throughput in proportion), and regrows at a checkpoint when nodes return", NULL},
    {"elastic_min_share", F_DOUBLE, F_MIN_EXCL, 0, 1, FSP(elastic_min), "",
     "the least share of its nodes an elastic job runs on (default 0.5)", NULL},
    {"failure_clocks", F_ENUM, 0, 0, 0, FSP(clocks), "",
     "\"always\" (default): nodes fail whether or not their job computes; "
     "\"while_computing\": only while it computes (what simpler simulators assume)",
     clocks_choices},
    {"node_out_fraction", F_DOUBLE, 0, 0, 1, FSP(node_out_fraction), "",
     "share of failures that take the node out for repair; the rest only restart the job", NULL},
    {"maintenance_per_day", F_DOUBLE, 0, 0, 1000, FSP(maintenance_per_day), "1/day",
     "planned interruptions of a running job", NULL},
    {"maintenance_hours", F_DOUBLE, 0, 0, 1e4, FSP(maintenance_h), "h",
     "length of one planned interruption", NULL},
    {"causes", F_SPECIAL, 0, 0, 0, 0, "",
     "a list of failure causes (see failures.causes[]); replaces node_out_fraction", NULL},
    {"groups", F_SPECIAL, 0, 0, 0, 0, "",
     "groups of nodes with their own failure model (see failures.groups[])", NULL},
    {"job_causes", F_SPECIAL, 0, 0, 0, 0, "",
     "failures of the job itself, while it runs (see failures.job_causes[])", NULL},
};
const struct fs__table fs__failure_table = {"failures", failure_fields, NFIELDS(failure_fields)};

#define FC(f) offsetof(struct fs_failure_cause, f)
static const struct fs__field cause_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, FC(name), "", "cause, e.g. \"Faulty GPU\"", NULL},
    {"category", F_NAME, 0, 0, 0, FC(category), "", "group of causes, e.g. \"GPU\"", NULL},
    {"count", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e12, FC(weight), "",
     "relative frequency: a count or a share", NULL},
    {"node_out", F_BOOL, F_REQUIRED, 0, 0, FC(node_out), "",
     "true if the failure takes the node out for repair", NULL},
    {"detection_minutes", F_DOUBLE, 0, 0, 1e6, FC(detect_h), "min",
     "time before it is noticed (default: the failures group's)", NULL},
};
const struct fs__table fs__cause_table = {"failures.causes[]", cause_fields, NFIELDS(cause_fields)};

/* Cluster settings as written; the chip and region names are resolved after. */
struct cluster_raw {
    char region[FS_NAME_MAX];
    char chip[FS_NAME_MAX];
    int ownership;
    double capex;
};

/* F_ENUM fields are stored as int. */
_Static_assert(sizeof(enum fs_ownership) == sizeof(int), "enum stored as int");

#define CL(f) offsetof(struct fs_cluster, f)
static const struct fs__field cluster_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, CL(name), "", "cluster key", NULL},
    {"region", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a region name", NULL},
    {"chip", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a chip name from the catalog or `chips`", NULL},
    {"gpus", F_INT, F_REQUIRED, 0, 1e7, CL(gpus), "GPUs",
     "GPUs in service at online_date (orders may add more)", NULL},
    {"gpus_per_node", F_INT, 0, 1, 1024, CL(gpus_per_node), "GPUs", "GPUs in one node (default 8)", NULL},
    {"spare_nodes", F_INT, 0, 0, 1e6, CL(spare_nodes), "nodes",
     "hot-spare nodes in addition to gpus (default 0)", NULL},
    {"online_date", F_DATE, 0, 0, 0, CL(online), "", "enters service (default start_date)", NULL},
    {"retire_date", F_DATE, 0, 0, 0, CL(retire), "",
     "out of service from this day: no new jobs, no more costs", NULL},
    {"ownership", F_ENUM, F_REQUIRED, 0, 0, CL(ownership), "", "who holds the hardware", ownership_choices},
    {"capex_usd_per_gpu", F_SPECIAL, 0, 0, 0, 0, "USD",
     "owned: all-in cost per GPU, used as given (default: the chip's list price made all-in: "
     "server overhead for a module price, interconnect, storage)", NULL},
    {"amortization_years", F_DOUBLE, 0, 0.01, 50, CL(amortization_years), "years",
     "owned: life over which capex is charged by the `capital` method (required when owned); "
     "at least 0.01, since capex is spread over it", NULL},
    {"rental_usd_per_gpu_hour", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e4, CL(rental_usd_per_gpu_h),
     "USD/GPU-h", "rented: the price; owned: the rental-equivalent price", NULL},
    {"power_usd_per_kwh", F_DOUBLE, 0, 0, 10, CL(power_usd_per_kwh), "USD/kWh",
     "electricity price (required when owned)", NULL},
    {"pue", F_DOUBLE, 0, 1, 5, CL(pue), "", "power usage effectiveness (default 1.25)", NULL},
    {"server_power_factor", F_DOUBLE, 0, 1, 10, CL(server_power_factor), "",
     "server power / GPU TDP (default 1.82)", NULL},
    {"avg_load", F_DOUBLE, F_MIN_EXCL, 0, 1, CL(avg_load), "",
     "average draw / server power while training (default 0.75)", NULL},
    {"failures", F_SPECIAL, 0, 0, 0, 0, "", "a group overriding the global `failures` settings", NULL},
    /* costs (cfg_cost.c, cost.h; docs/model.md, "Costs") */
    {"cost_method", F_ENUM, 0, 0, 0, CL(cost.epoch), "",
     "`epoch` presets value_decay at 0.14 OOM/yr, 8,766 h/yr, server_power_factor by chip (A100 "
     "2.03, H100 1.82, other 1.8), avg_load "
     "0.75, pue 1.25 (settings given beside it override the preset)", cost_method_choices},
    {"capital", F_ENUM, 0, 0, 0, CL(cost.capital), "",
     "owned: how capex is charged over the life (default straight_line)", capital_choices},
    {"cost_of_capital", F_DOUBLE, 0, 0, 1, CL(cost.cost_of_capital), "1/year",
     "annuity: the rate r of the capital recovery factor r/(1-(1+r)^-n)", NULL},
    {"value_decay_ooms_per_year", F_DOUBLE, 0, 0, 2, CL(cost.decay_ooms_per_year), "OOM/year",
     "value_decay: the value falls as 10^(-k t) (Epoch: 0.14)", NULL},
    {"residual_value", F_DOUBLE, 0, 0, 0.99, CL(cost.residual_value), "",
     "share of capex left at the end of life (straight_line, annuity; default 0)", NULL},
    {"hours_per_year", F_DOUBLE, 0, 8000, 9000, CL(cost.hours_per_year), "h",
     "hours in a year of depreciation and annual costs (default 8760; Epoch 8766)", NULL},
    {"server_overhead", F_DOUBLE, 0, 1, 10, CL(cost.server_overhead), "",
     "owned: server / module price, for a module price (default: the chip's)", NULL},
    {"interconnect_share", F_DOUBLE, 0, 0, 0.9, CL(cost.interconnect_share), "",
     "owned: networking share of hardware + networking (default: the chip's, 0.19)", NULL},
    {"storage_share", F_DOUBLE, 0, 0, 10, CL(cost.storage_share), "",
     "owned: storage as a share of hardware (default: the chip's, 0)", NULL},
    {"maintenance_share_per_year", F_DOUBLE, 0, 0, 1, CL(cost.maintenance_share_per_year),
     "1/year", "owned: maintenance, a share of all-in capex per year (default 0)", NULL},
    {"colocation_usd_per_kw_month", F_DOUBLE, 0, 0, 1e5, CL(cost.colocation_usd_per_kw_month),
     "USD/kW-month", "owned: colocation per kW of server power (default 0)", NULL},
    {"build_usd_per_mw", F_DOUBLE, 0, 0, 1e9, CL(cost.build_usd_per_mw), "USD/MW",
     "owned: datacentre build per MW of server power, over build_life_years (default 0)", NULL},
    {"build_life_years", F_DOUBLE, 0, 0.01, 100, CL(cost.build_life_years), "years",
     "owned: life of the datacentre build", NULL},
    {"staff_usd_per_year", F_DOUBLE, 0, 0, 1e12, CL(cost.staff_usd_per_year), "USD/year",
     "owned: staff cost of the cluster (default 0)", NULL},
    {"idle_power_share", F_DOUBLE, 0, 0, 1, CL(cost.idle_power_share), "",
     "owned: draw of an idle GPU / server power (default: as a busy GPU, avg_load)", NULL},
    {"price_points", F_SPECIAL, 0, 0, 0, 0, "",
     "owned: dated purchase prices (see clusters[].price_points[]); the initial GPUs pay the "
     "price at online_date", NULL},
    {"rental_points", F_SPECIAL, 0, 0, 0, 0, "",
     "dated rents (see clusters[].rental_points[]), replacing rental_usd_per_gpu_hour over time",
     NULL},
};
const struct fs__table fs__cluster_table = {"clusters[]", cluster_fields, NFIELDS(cluster_fields)};

static void fail_defaults(struct fail_spec *f)
{
    memset(f, 0, sizeof(*f));
    f->dist = FAIL_NONE;
    f->per_1000_node_days = -1.0;
    f->gpu_mtbf_h = -1.0;
    f->weibull_shape = 1.0;
    f->failure_cv = 1.0;
    f->repair_dist = REPAIR_LOGNORMAL;
    f->repair_mean_h = 24.0;
    f->repair_cv = 1.0;
    f->node_out_fraction = 1.0;
    f->strag_slowdown = 2.0;
    f->elastic_min = 0.5;
    f->strag_detect_min = 60.0;
    f->domain_repair_dist = REPAIR_LOGNORMAL;
    f->domain_repair_mean_h = 4.0;
    f->domain_repair_cv = 1.0;
    f->manual_dist = REPAIR_LOGNORMAL;
    f->manual_mean_h = 72.0;
    f->manual_cv = 1.0;
}

/*
 * failures.causes: a list of causes with relative counts. A group that sets
 * node_out_fraction drops inherited causes; one that sets both is an error.
 */
static int read_causes(const struct fs__ctx *cx, const config_setting_t *g, struct fail_spec *f)
{
    const config_setting_t *list = config_setting_get_member(g, "causes");
    const config_setting_t *frac = config_setting_get_member(g, "node_out_fraction");
    int rc;

    if (list == NULL) {
        if (frac != NULL)
            f->ncauses = 0;
        return FS_OK;
    }
    if (frac != NULL)
        return fs__err_at(cx, frac, "give either 'node_out_fraction' or 'causes' (each with "
                                "node_out), not both");
    if ((rc = fs__expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) > FS_MAX_CAUSES)
        return fs__err_at(cx, list, "at most %d causes (got %d)", FS_MAX_CAUSES,
                          config_setting_length(list));
    f->ncauses = 0;
    for (int i = 0; i < config_setting_length(list); i++) {
        struct fs_failure_cause c;
        memset(&c, 0, sizeof(c));
        c.detect_h = -1.0; /* minutes as read; -1: the group's */
        rc = fs__read_group(cx, config_setting_get_elem(list, (unsigned)i), cause_fields,
                            NFIELDS(cause_fields), &c, NULL);
        if (rc != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, i, "cause")) != FS_OK)
            return rc;
        f->causes[f->ncauses++] = c;
    }
    return FS_OK;
}

/* Reads a failures group over *f (only the settings it contains change). */
static int read_failures(const struct fs__ctx *cx, const config_setting_t *g,
                         struct fail_spec *f, int is_global)
{
    unsigned char seen[NFIELDS(failure_fields)] = {0};
    const size_t i_rate = fs__field_index(failure_fields, NFIELDS(failure_fields),
                                          "node_failures_per_1000_node_days");
    const size_t i_mtbf = fs__field_index(failure_fields, NFIELDS(failure_fields),
                                          "gpu_mtbf_hours");
    const size_t i_dist = fs__field_index(failure_fields, NFIELDS(failure_fields),
                                          "distribution");
    struct fail_spec before = *f;
    const config_setting_t *m;
    int rc;

    if ((rc = fs__read_group(cx, g, failure_fields, NFIELDS(failure_fields), f, seen)) != FS_OK)
        return rc;
    if (seen[i_rate] && seen[i_mtbf])
        return fs__err_at(cx, config_setting_get_member(g, "gpu_mtbf_hours"),
                          "give either 'node_failures_per_1000_node_days' or "
                          "'gpu_mtbf_hours', not both");
    /* A rate given here replaces the other form inherited from the global group. */
    if (seen[i_rate])
        f->gpu_mtbf_h = -1.0;
    if (seen[i_mtbf])
        f->per_1000_node_days = -1.0;
    f->group = g;
    if ((rc = read_causes(cx, g, f)) != FS_OK)
        return rc;
    if ((m = config_setting_get_member(g, "groups")) != NULL &&
        (rc = fs__read_node_groups(cx, m, f->groups, &f->ngroups)) != FS_OK)
        return rc;
    if ((m = config_setting_get_member(g, "job_causes")) != NULL &&
        (rc = fs__read_job_causes(cx, m, f->job_causes, &f->njob_causes)) != FS_OK)
        return rc;
    /* A global failures group that names no distribution means exponential. */
    if (is_global && !seen[i_dist])
        f->dist = FAIL_EXPONENTIAL;
    if (!is_global && !seen[i_dist] && before.dist == FAIL_NONE)
        f->dist = FAIL_EXPONENTIAL;
    return FS_OK;
}

/*
 * Converts a failure spec to per-node-hour figures for one cluster. Errors
 * point at the group the settings came from: the cluster's own, or the
 * global one it inherits.
 */
static int resolve_failures(const struct fs__ctx *cx, const struct fail_spec *f,
                            const struct fs_cluster *c, struct fs_failure_cfg *out)
{
    const int gpus_per_node = c->gpus_per_node;
    memset(out, 0, sizeof(*out));
    out->ttf_h.kind = fail_kinds[f->dist];
    out->repair_h = (struct fs_dist){repair_kinds[f->repair_dist], f->repair_mean_h,
                                     f->repair_dist == REPAIR_LOGNORMAL ? f->repair_cv : 0.0};
    out->node_out_fraction = f->node_out_fraction;
    memcpy(out->causes, f->causes, sizeof(out->causes));
    out->ncauses = f->ncauses;
    out->maintenance_per_day = f->maintenance_per_day;
    out->maintenance_h = f->maintenance_h;
    out->detect_h = f->detect_min / 60.0;
    if (f->domain_per_1000 > 0.0 && f->domain_nodes < 1)
        return fs__err_at(cx, f->group, "domain failures need 'domain_nodes' (nodes per domain)");
    out->while_computing = f->clocks == 1;
    out->elastic = f->elastic;
    out->elastic_min_share = f->elastic_min;
    out->straggler_rate_per_h = f->strag_per_1000 / 1000.0 / FS_HOURS_PER_DAY;
    out->straggler_slowdown = f->strag_slowdown;
    out->straggler_detect_h = f->strag_detect_min / 60.0;
    out->domain_nodes = f->domain_per_1000 > 0.0 ? f->domain_nodes : 0;
    out->domain_ttf_h = (struct fs_dist){FS_DIST_EXPONENTIAL,
                                         f->domain_per_1000 > 0.0
                                             ? 1000.0 * FS_HOURS_PER_DAY / f->domain_per_1000
                                             : INFINITY,
                                         0.0};
    out->domain_repair_h =
        (struct fs_dist){repair_kinds[f->domain_repair_dist], f->domain_repair_mean_h,
                         f->domain_repair_dist == REPAIR_LOGNORMAL ? f->domain_repair_cv : 0.0};
    for (size_t k = 0; k < out->ncauses; k++)
        out->causes[k].detect_h = out->causes[k].detect_h < 0.0 ? out->detect_h
                                                                : out->causes[k].detect_h / 60.0;
    out->manual_probability = f->manual_p;
    out->manual_h = (struct fs_dist){repair_kinds[f->manual_dist], f->manual_mean_h,
                                     f->manual_dist == REPAIR_LOGNORMAL ? f->manual_cv : 0.0};
    memcpy(out->groups, f->groups, sizeof(out->groups));
    out->ngroups = f->ngroups;
    memcpy(out->job_causes, f->job_causes, sizeof(out->job_causes));
    out->njob_causes = f->njob_causes;
    if (f->dist == FAIL_NONE) {
        fs__resolve_groups(out);
        return FS_OK;
    }
    if (f->per_1000_node_days >= 0.0)
        out->node_rate_per_h = f->per_1000_node_days / 1000.0 / FS_HOURS_PER_DAY;
    else if (f->gpu_mtbf_h > 0.0)
        out->node_rate_per_h = gpus_per_node / f->gpu_mtbf_h;
    else if (config_setting_parent(f->group) == NULL ||
             config_setting_parent(config_setting_parent(f->group)) == NULL)
        return fs__err_at(cx, f->group, "failures need a rate: set "
                          "'node_failures_per_1000_node_days' or 'gpu_mtbf_hours' "
                          "(inherited by cluster '%s')", c->name);
    else
        return fs__err_at(cx, f->group, "failures need a rate: set "
                          "'node_failures_per_1000_node_days' or 'gpu_mtbf_hours'");
    /* A rate of 0 is a mean time to failure of +inf: the node never fails. */
    out->ttf_h.a = out->node_rate_per_h > 0.0 ? 1.0 / out->node_rate_per_h : INFINITY;
    out->ttf_h.b = f->dist == FAIL_WEIBULL     ? f->weibull_shape
                   : f->dist == FAIL_LOGNORMAL ? f->failure_cv
                                               : 0.0;
    fs__resolve_groups(out);
    return FS_OK;
}

static int read_cluster_list(const struct fs__ctx *cx, const config_t *cfg,
                             struct fs_scenario *s, const struct fail_spec *global)
{
    const config_setting_t *list;
    void *array;
    int rc;

    if ((rc = fs__read_array(cx, config_root_setting(cfg), "clusters", FS__LIST_REQUIRED, SIZE_MAX,
                             &list, &s->nclusters, sizeof(*s->clusters), &array)) != FS_OK)
        return rc;
    s->clusters = array;
    if (s->nclusters == 0)
        return fs__err_at(cx, list, "needs at least one cluster");
    for (size_t i = 0; i < s->nclusters; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *m;
        struct fs_cluster *c = &s->clusters[i];
        unsigned char seen[NFIELDS(cluster_fields)] = {0};
        struct fail_spec fs = *global;
        const char *v;
        char got[96];
        int idx;

        c->gpus_per_node = 8;
        c->online = s->start;
        c->retire = INT32_MAX;
        c->pue = 1.25;
        c->server_power_factor = 1.82;
        c->avg_load = 0.75;
        c->power_usd_per_kwh = -1.0;
        fs__cluster_cost_defaults(g, c);
        if ((rc = fs__read_group(cx, g, cluster_fields, NFIELDS(cluster_fields), c, seen)) != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, (int)i, "cluster")) != FS_OK)
            return rc;
        /* region and chip: names that must exist */
        if ((v = fs__get_string(cx, g, "region", &rc)) == NULL)
            return rc;
        if ((idx = FS__FIND(cx, config_setting_get_member(g, "region"), "region", v, s->regions,
                            s->nregions, struct fs_region, NULL)) < 0)
            return idx;
        c->region = (size_t)idx;
        if ((rc = fs__chip_setting(cx, g, &s->catalog, &c->chip)) != FS_OK)
            return rc;
        if (c->gpus % c->gpus_per_node != 0)
            return fs__err_at(cx, config_setting_get_member(g, "gpus"),
                              "must be a whole number of %d-GPU nodes (got %d)",
                              c->gpus_per_node, c->gpus);
        if (c->retire != INT32_MAX && c->retire <= c->online)
            return fs__err_at(cx, config_setting_get_member(g, "retire_date"),
                              "must be after online_date");
        c->max_gpus = c->gpus;
        /* capex: a number, or the chip's list price */
        m = config_setting_get_member(g, "capex_usd_per_gpu");
        if (m != NULL) {
            fs__describe(m, got, sizeof(got));
            if (!fs__is_number(m) || !(fs__number_of(m) > 0.0) || fs__number_of(m) > 1e8)
                return fs__err_at(cx, m, "must be > 0 and <= 1e+08 (got %s)", got);
            if (c->ownership == FS_RENTED)
                return fs__err_at(cx, m, "applies only to owned clusters");
            c->capex_usd_per_gpu = fs__number_of(m);
        }
        if ((rc = fs__cluster_cost(cx, g, s, c)) != FS_OK)
            return rc;
        if (m == NULL && c->ownership == FS_OWNED) {
            const struct fs_chip *chip = &s->catalog.chips[c->chip];
            if (!(chip->list_price_usd > 0.0) && c->cost.price.n == 0)
                return fs__err_at(cx, g, "missing required setting 'capex_usd_per_gpu' "
                                     "(chip '%s' has no list price)", chip->name);
            fs__cluster_capex(s, c);
        }
        if (c->ownership == FS_OWNED) {
            if (!(c->amortization_years > 0.0))
                return fs__err_at(cx, g, "missing required setting 'amortization_years' "
                                     "(owned cluster)");
            if (c->power_usd_per_kwh < 0.0)
                return fs__err_at(cx, g, "missing required setting 'power_usd_per_kwh' "
                                     "(owned cluster)");
        } else {
            if ((m = config_setting_get_member(g, "amortization_years")) != NULL)
                return fs__err_at(cx, m, "applies only to owned clusters");
            if (c->power_usd_per_kwh < 0.0)
                c->power_usd_per_kwh = 0.0; /* power is in the rental price */
        }
        m = config_setting_get_member(g, "failures");
        if (m != NULL && (rc = read_failures(cx, m, &fs, 0)) != FS_OK)
            return rc;
        if ((rc = resolve_failures(cx, &fs, c, &c->fail)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* The global failures group (inherited by every cluster), then the clusters. */
int fs__read_clusters(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *m;
    struct fail_spec global;
    int rc;

    fail_defaults(&global);
    if ((m = config_lookup(cfg, "failures")) != NULL &&
        (rc = read_failures(cx, m, &global, 1)) != FS_OK)
        return rc;
    return read_cluster_list(cx, cfg, s, &global);
}
