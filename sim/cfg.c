/*
 * cfg.c - reads scenario and catalog files (libconfig), validates every
 * setting and builds the immutable struct fs_scenario.
 *
 * This is one of the two files that include <libconfig.h>. Each section's
 * settings are rows of a table (name, type, bounds, unit, doc); one generic
 * reader checks type, range and unknown names and produces one uniform
 * message, `FILE:LINE: path.to.setting: what is wrong (got X)`. The same
 * tables print the settings reference (--list-params). Cross-field checks
 * (references, cycles, capacity) follow once every section has been read,
 * so a scenario is complete and consistent before time zero.
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

#include <libconfig.h>

#include "fleetsim/export.h"
#include "fleetsim/scenario.h"
#include "internal.h"

/* ---- field tables ---------------------------------------------------- */

enum ftype {
    F_DOUBLE,  /* number (int or float in the file) into double */
    F_INT,     /* integer into int */
    F_NAME,    /* non-empty string into char[FS_NAME_MAX] */
    F_TEXT,    /* string into char[FS_TEXT_MAX] */
    F_STATUS,  /* string into char[16] */
    F_DATE,    /* "YYYY-MM-DD" into fs_date */
    F_ENUM,    /* one of `choices` into int */
    F_BOOL,    /* true/false into int */
    F_SPECIAL  /* read by the section's own code */
};

#define F_REQUIRED 1u /* must be present */
#define F_MIN_EXCL 2u /* value must be > min rather than >= min */

struct field {
    const char *name;
    enum ftype type;
    unsigned flags;
    double min, max;
    size_t offset;
    const char *unit;
    const char *doc;
    const char *const *choices; /* F_ENUM: NULL-terminated, value = index */
};

static const char *const dist_choices[] = {"none", "exponential", "weibull",
                                           NULL};
static const char *const repair_choices[] = {"fixed", "exponential",
                                             "lognormal", NULL};
/* Indices into dist_choices and repair_choices, and the kind each names. */
enum { FAIL_NONE, FAIL_EXPONENTIAL, FAIL_WEIBULL };
enum { REPAIR_FIXED, REPAIR_EXPONENTIAL, REPAIR_LOGNORMAL };
static const enum fs_dist_kind fail_kinds[] = {FS_DIST_NONE, FS_DIST_EXPONENTIAL,
                                               FS_DIST_WEIBULL};
static const enum fs_dist_kind repair_kinds[] = {FS_DIST_FIXED, FS_DIST_EXPONENTIAL,
                                                 FS_DIST_LOGNORMAL};
static const char *const ownership_choices[] = {"owned", "rented", NULL};

#define CHIP(f) offsetof(struct fs_chip, f)
#define PEAK(p) (offsetof(struct fs_chip, peak_tflops) + (p) * sizeof(double))

static const struct field chip_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, CHIP(name), "", "catalog key", NULL},
    {"base", F_SPECIAL, 0, 0, 0, 0, "",
     "scenario only: catalog chip to copy before applying the other fields", NULL},
    {"vendor", F_NAME, 0, 0, 0, CHIP(vendor), "", "manufacturer", NULL},
    {"description", F_TEXT, 0, 0, 0, CHIP(description), "", "one line", NULL},
    {"fp4_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP4), "TFLOP/s", "dense FP4 peak", NULL},
    {"fp8_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP8), "TFLOP/s", "dense FP8 peak", NULL},
    {"int8_tops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_INT8), "TOP/s", "dense INT8 peak", NULL},
    {"fp16_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP16), "TFLOP/s", "dense FP16 peak", NULL},
    {"bf16_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_BF16), "TFLOP/s", "dense BF16 peak", NULL},
    {"tf32_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_TF32), "TFLOP/s", "dense TF32 peak", NULL},
    {"fp32_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP32), "TFLOP/s", "dense FP32 peak", NULL},
    {"memory_gb", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(memory_gb), "GB", "on-package DRAM", NULL},
    {"memory_bw_tbps", F_DOUBLE, F_MIN_EXCL, 0, 1e3, CHIP(memory_bw_tbps), "TB/s", "DRAM bandwidth", NULL},
    {"scaleup_gbps", F_DOUBLE, F_MIN_EXCL, 0, 1e6, CHIP(scaleup_gbps), "GB/s",
     "scale-up interconnect, bidirectional", NULL},
    {"tdp_w", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(tdp_w), "W", "board power", NULL},
    {"die_area_mm2", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(die_area_mm2), "mm^2",
     "applicable die area (leave out when unpublished)", NULL},
    {"release_date", F_DATE, 0, 0, 0, CHIP(release), "", "first availability", NULL},
    {"list_price_usd", F_DOUBLE, F_MIN_EXCL, 0, 1e8, CHIP(list_price_usd), "USD", "price per GPU", NULL},
    {"status", F_STATUS, 0, 0, 0, CHIP(status), "",
     "reference flag of the figures: O, O*, S, E, D, U", NULL},
    {"source", F_TEXT, 0, 0, 0, CHIP(source), "", "where the figures come from", NULL},
    {"price_source", F_TEXT, 0, 0, 0, CHIP(price_source), "", "where the price comes from", NULL},
};

#define SCN(f) offsetof(struct fs_scenario, f)
static const struct field scenario_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, SCN(name), "", "scenario name; names the output folder", NULL},
    {"description", F_TEXT, 0, 0, 0, SCN(description), "", "one line", NULL},
    {"start_date", F_DATE, F_REQUIRED, 0, 0, SCN(start), "", "time zero of the simulation", NULL},
    {"horizon_days", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 36525, SCN(horizon_days), "days",
     "simulated span from start_date", NULL},
    {"seed", F_SPECIAL, 0, 0, 0, 0, "", "integer >= 0; the only source of randomness (default 1)", NULL},
    {"replicates", F_INT, 0, 1, 1e6, SCN(replicates), "", "Monte Carlo replicates (default 100)", NULL},
};

#define REG(f) offsetof(struct fs_region, f)
static const struct field region_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, REG(name), "", "region key", NULL},
    {"description", F_TEXT, 0, 0, 0, REG(description), "", "one line", NULL},
    {"groups", F_SPECIAL, 0, 0, 0, 0, "",
     "export-control country groups, an array of strings such as [\"D:5\"]", NULL},
    {"destination", F_SPECIAL, 0, 0, 0, 0, "",
     "a standard destination (\"CN\", \"US\"... see fleetsim --classify) whose groups it takes", NULL},
};

static const char *const outcome_choices[] = {
#define XX(id, name) name,
    FS_OUTCOME_MAP(XX)
#undef XX
    NULL};

_Static_assert(sizeof(enum fs_outcome) == sizeof(int), "enum stored as int");

#define RULE(f) offsetof(struct fs_rule, f)
static const struct field rule_fields[] = {
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
    {"cap_tpp", F_DOUBLE, 0, 0, 1e15, RULE(cap_tpp), "TPP",
     "total TPP a destination may receive under the rule (0: no cap)", NULL},
    {"tests", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a list of tests, tried in order (see rules.tests[])", NULL},
};

#define RTEST(f) offsetof(struct fs_rule_test, f)
static const struct field test_fields[] = {
    {"label", F_NAME, F_REQUIRED, 0, 0, RTEST(label), "", "classification, e.g. \"3A090.a\"", NULL},
    {"outcome", F_ENUM, F_REQUIRED, 0, 0, RTEST(outcome), "", "what happens to an order", outcome_choices},
    {"approval_probability", F_DOUBLE, 0, 0, 1, RTEST(approval_probability), "",
     "licence: the chance an order is approved (required for licence)", NULL},
    {"delay_days", F_DOUBLE, 0, 0, 3650, RTEST(delay_days), "days",
     "notification or licence review time added before shipping", NULL},
    {"any", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a list of clauses; the test passes if any holds", NULL},
};

#define CLAUSE(f) offsetof(struct fs_rule_clause, f)
static const struct field clause_fields[] = {
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

#define DEST(f) offsetof(struct fs_destination, f)
static const struct field dest_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, DEST(name), "", "destination key, e.g. \"CN\"", NULL},
    {"description", F_TEXT, 0, 0, 0, DEST(description), "", "one line", NULL},
    {"groups", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "its country groups", NULL},
};

static const char *const dist_kind_choices[] = {"fixed", "uniform", "lognormal", "beta", NULL};

/* A distribution as written: { distribution = "uniform"; low = 0.2; high = 0.5; } */
struct dist_raw {
    int kind;
    double value, low, high, mean, cv, a, b;
};

#define DR(f) offsetof(struct dist_raw, f)
static const struct field dist_fields[] = {
    {"distribution", F_ENUM, F_REQUIRED, 0, 0, DR(kind), "", "the family", dist_kind_choices},
    {"value", F_DOUBLE, 0, -1e12, 1e12, DR(value), "", "fixed: the value", NULL},
    {"low", F_DOUBLE, 0, -1e12, 1e12, DR(low), "", "uniform: lower end", NULL},
    {"high", F_DOUBLE, 0, -1e12, 1e12, DR(high), "", "uniform: upper end", NULL},
    {"mean", F_DOUBLE, F_MIN_EXCL, 0, 1e12, DR(mean), "", "lognormal: mean", NULL},
    {"cv", F_DOUBLE, 0, 0, 100, DR(cv), "", "lognormal: coefficient of variation", NULL},
    {"a", F_DOUBLE, F_MIN_EXCL, 0, 1e6, DR(a), "", "beta: first shape (mean a / (a + b))", NULL},
    {"b", F_DOUBLE, F_MIN_EXCL, 0, 1e6, DR(b), "", "beta: second shape", NULL},
};

#define CH(f) offsetof(struct fs_channel, f)
static const struct field channel_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, CH(name), "", "channel key, used by orders", NULL},
    {"description", F_TEXT, 0, 0, 0, CH(description), "", "one line", NULL},
    {"price_premium", F_SPECIAL, F_REQUIRED, 0, 0, 0, "share",
     "added to the unit price (0.5 = +50 %); a number or a distribution, drawn per replicate", NULL},
    {"extra_delay_days", F_SPECIAL, F_REQUIRED, 0, 0, 0, "days",
     "added to each order's lead time; drawn per replicate", NULL},
    {"interdiction_probability", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "chance an order is seized; drawn per replicate, then applied to each order", NULL},
};

#define SUP(f) offsetof(struct fs_supply, f)
static const struct field supply_fields[] = {
    {"chip", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "the chip made in limited volume", NULL},
    {"per_month", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e9, SUP(per_month), "GPUs",
     "deliverable to this buyer per month (30.4375 days)", NULL},
    {"start_date", F_DATE, 0, 0, 0, SUP(start), "", "months count from here (default start_date)", NULL},
    {"source", F_TEXT, 0, 0, 0, SUP(source), "", "where the figure comes from", NULL},
};

#define ORD(f) offsetof(struct fs_order, f)
static const struct field order_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, ORD(name), "", "order key", NULL},
    {"date", F_DATE, F_REQUIRED, 0, 0, ORD(date), "", "day the order is placed", NULL},
    {"cluster", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "the owned cluster the chips go to", NULL},
    {"chip", F_SPECIAL, 0, 0, 0, 0, "", "must be the cluster's chip (default: it)", NULL},
    {"count", F_INT, F_REQUIRED, 1, 1e7, ORD(count), "GPUs", "GPUs ordered", NULL},
    {"unit_price_usd", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e8, ORD(unit_price_usd), "USD",
     "all-in price per GPU, before any channel premium", NULL},
    {"lead_time_days", F_SPECIAL, F_REQUIRED, 0, 0, 0, "days",
     "order to shipment; a number or a distribution, drawn per order and replicate", NULL},
    {"channel", F_SPECIAL, 0, 0, 0, 0, "", "\"direct\" (default, export rules apply) or a channel name", NULL},
    {"source", F_TEXT, 0, 0, 0, ORD(source), "", "where the order comes from", NULL},
};

#define STRAT(f) offsetof(struct fs_strategy, f)
static const struct field strategy_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, STRAT(name), "", "strategy key, shown in comparisons", NULL},
    {"description", F_TEXT, 0, 0, 0, STRAT(description), "", "one line", NULL},
    {"set", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "an array of \"path=value\" overrides of the base scenario, as for --set", NULL},
};

#define SENS(f) offsetof(struct fs_sens_input, f)
static const struct field sens_fields[] = {
    {"path", F_TEXT, F_REQUIRED, 0, 0, SENS(path), "", "a numeric setting, as for --set", NULL},
    {"low", F_DOUBLE, F_REQUIRED, -1e30, 1e30, SENS(low), "", "low value of the input", NULL},
    {"high", F_DOUBLE, F_REQUIRED, -1e30, 1e30, SENS(high), "", "high value of the input", NULL},
    {"label", F_NAME, 0, 0, 0, SENS(label), "", "name in the tornado chart (default: the path)", NULL},
    {"source", F_TEXT, 0, 0, 0, SENS(source), "", "where the range comes from", NULL},
};

/* Failure settings as written; resolved per cluster into fs_failure_cfg. */
struct fail_spec {
    int dist;
    double per_1000_node_days;
    double gpu_mtbf_h;
    double weibull_shape;
    int repair_dist;
    double repair_mean_h;
    double repair_cv;
    double node_out_fraction;
    double maintenance_per_day;
    double maintenance_h;
    const config_setting_t *group; /* the group these settings were last read from */
    struct fs_failure_cause causes[FS_MAX_CAUSES];
    size_t ncauses;
};

#define FSP(f) offsetof(struct fail_spec, f)
static const struct field failure_fields[] = {
    {"distribution", F_ENUM, 0, 0, 0, FSP(dist), "", "time between failures of a node", dist_choices},
    {"node_failures_per_1000_node_days", F_DOUBLE, 0, 0, 1e5, FSP(per_1000_node_days),
     "1/(1000 node-days)", "job-interrupting failures (give this or gpu_mtbf_hours)", NULL},
    {"gpu_mtbf_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e9, FSP(gpu_mtbf_h), "h",
     "mean time between failures of one GPU; a node fails gpus_per_node times as often", NULL},
    {"weibull_shape", F_DOUBLE, F_MIN_EXCL, 0, 20, FSP(weibull_shape), "",
     "Weibull shape k (k < 1 wear-in, k > 1 wear-out); the mean is kept", NULL},
    {"repair_distribution", F_ENUM, 0, 0, 0, FSP(repair_dist), "", "node repair time", repair_choices},
    {"repair_mean_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e5, FSP(repair_mean_h), "h", "mean repair time", NULL},
    {"repair_cv", F_DOUBLE, 0, 0, 100, FSP(repair_cv), "",
     "coefficient of variation of the repair time (lognormal)", NULL},
    {"node_out_fraction", F_DOUBLE, 0, 0, 1, FSP(node_out_fraction), "",
     "share of failures that take the node out for repair; the rest only restart the job", NULL},
    {"maintenance_per_day", F_DOUBLE, 0, 0, 1000, FSP(maintenance_per_day), "1/day",
     "planned interruptions of a running job", NULL},
    {"maintenance_hours", F_DOUBLE, 0, 0, 1e4, FSP(maintenance_h), "h",
     "length of one planned interruption", NULL},
    {"causes", F_SPECIAL, 0, 0, 0, 0, "",
     "a list of failure causes (see failures.causes[]); replaces node_out_fraction", NULL},
};

#define FC(f) offsetof(struct fs_failure_cause, f)
static const struct field cause_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, FC(name), "", "cause, e.g. \"Faulty GPU\"", NULL},
    {"category", F_NAME, 0, 0, 0, FC(category), "", "group of causes, e.g. \"GPU\"", NULL},
    {"count", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1e12, FC(weight), "",
     "relative frequency: a count or a share", NULL},
    {"node_out", F_BOOL, F_REQUIRED, 0, 0, FC(node_out), "",
     "true if the failure takes the node out for repair", NULL},
};

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
static const struct field cluster_fields[] = {
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
     "owned: all-in cost per GPU (default: the chip's list price)", NULL},
    {"amortization_years", F_DOUBLE, F_MIN_EXCL, 0, 50, CL(amortization_years), "years",
     "owned: straight-line depreciation life (required when owned)", NULL},
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
};

#define JOB(f) offsetof(struct fs_job, f)
static const struct field job_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, JOB(name), "", "job key", NULL},
    {"cluster", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "a cluster name", NULL},
    {"gpus", F_INT, F_REQUIRED, 1, 1e7, JOB(gpus), "GPUs", "a whole number of nodes", NULL},
    {"flop", F_DOUBLE, F_MIN_EXCL, 0, 1e35, JOB(flop), "FLOP",
     "training compute (or give active_params and tokens)", NULL},
    {"active_params", F_DOUBLE, F_MIN_EXCL, 0, 1e16, JOB(active_params), "parameters",
     "active parameters per token; FLOP = 6 x active_params x tokens", NULL},
    {"tokens", F_DOUBLE, F_MIN_EXCL, 0, 1e18, JOB(tokens), "tokens", "training tokens", NULL},
    {"precision", F_SPECIAL, 0, 0, 0, 0, "", "fp4, fp8, int8, fp16, bf16 (default), tf32 or fp32", NULL},
    {"mfu", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1, JOB(mfu), "",
     "model FLOPs utilisation against the dense peak at `precision`", NULL},
    {"earliest_start_date", F_DATE, 0, 0, 0, JOB(earliest_start), "",
     "not before this date (default start_date)", NULL},
    {"after", F_SPECIAL, 0, 0, 0, 0, "", "array of job names that must finish first", NULL},
    {"checkpoint_interval_minutes", F_SPECIAL, 0, 0, 0, 0, "min",
     "a number, or \"auto\" for the Young/Daly optimum (default \"auto\")", NULL},
    {"checkpoint_write_minutes", F_DOUBLE, 0, 0, 1e4, JOB(checkpoint_write_h), "min",
     "time one checkpoint stalls training (default 0)", NULL},
    {"restart_minutes", F_DOUBLE, 0, 0, 1e5, JOB(restart_h), "min",
     "time to restart after an interruption (default 0)", NULL},
    {"priority", F_INT, 0, -1e6, 1e6, JOB(priority), "", "higher runs first on a shared cluster (default 0)", NULL},
};

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* Top-level sections of a scenario file. */
static const char *const sections[] = {
    "scenario", "regions", "chips",    "export_rules", "failures",  "clusters",
    "channels", "supply",  "orders",   "jobs",         "strategies", "sensitivity",
};

/* ---- diagnostics ------------------------------------------------------ */

struct ctx {
    const char *name; /* file name for settings read from a string */
    struct fs_diag *diag;
    const struct fs_override *ov; /* overrides applied, for error origins */
    size_t nov;
};

/* Appends the dotted path of s to buf: clusters[1].failures.repair_cv */
static void path_of(const config_setting_t *s, char *buf, size_t len)
{
    const config_setting_t *chain[32];
    size_t n = 0, used = 0;

    buf[0] = '\0';
    for (; s != NULL && config_setting_parent(s) != NULL && n < 32;
         s = config_setting_parent(s))
        chain[n++] = s;
    while (n-- > 0) {
        const config_setting_t *c = chain[n];
        const char *nm = config_setting_name(c);
        int w;
        if (nm != NULL)
            w = snprintf(buf + used, len - used, "%s%s", used ? "." : "", nm);
        else
            w = snprintf(buf + used, len - used, "[%d]", config_setting_index(c));
        if (w < 0 || (size_t)w >= len - used)
            return;
        used += (size_t)w;
    }
}

static const char *file_of(const struct ctx *cx, const config_setting_t *s)
{
    const char *f = config_setting_source_file(s);
    if (f != NULL)
        return f;
    /* Settings added by --set carry neither file nor line. */
    return config_setting_source_line(s) > 0 ? cx->name : "--set";
}

/* The override that created setting s (hook = its index + 1), if any. */
static const struct fs_override *override_of(const struct ctx *cx, const config_setting_t *s)
{
    uintptr_t h = (uintptr_t)config_setting_get_hook(s);
    if (config_setting_source_line(s) > 0 || h == 0 || h > cx->nov)
        return NULL;
    return &cx->ov[h - 1];
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int err_at(const struct ctx *cx, const config_setting_t *s,
                  const char *fmt, ...)
{
    char path[128], msg[512], where[160];
    const struct fs_override *o = override_of(cx, s);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    path_of(s, path, sizeof(path));
    /* A value set by a strategy: point at the strategy's line. */
    if (o != NULL && o->origin_file != NULL) {
        snprintf(where, sizeof(where), "%s (%s)", o->origin_setting, path);
        return fs_diag_set(cx->diag, FS_ESCENARIO, o->origin_file, o->origin_line, where, "%s",
                           msg);
    }
    return fs_diag_set(cx->diag, FS_ESCENARIO, file_of(cx, s),
                       config_setting_source_line(s), path, "%s", msg);
}

/* Describes a setting's value for "(got X)". */
static void describe(const config_setting_t *s, char *buf, size_t len)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        snprintf(buf, len, "%lld", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT: {
        /* The shortest form that reads back as the same double. */
        double v = config_setting_get_float(s);
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        break;
    }
    case CONFIG_TYPE_BOOL:
        snprintf(buf, len, "%s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_STRING: {
        const char *v = config_setting_get_string(s);
        size_t o = 0;
        if (len < 8)
            break;
        buf[o++] = '"';
        for (; *v && o + 6 < len; v++) {
            unsigned char ch = (unsigned char)*v;
            if (ch < 0x20 || ch == 0x7f)
                o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
            else
                buf[o++] = (char)ch;
        }
        if (*v)
            o += (size_t)snprintf(buf + o, len - o, "...");
        buf[o++] = '"';
        buf[o] = '\0';
        break;
    }
    case CONFIG_TYPE_GROUP:
        snprintf(buf, len, "a group");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, len, "a list");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, len, "an array");
        break;
    default:
        snprintf(buf, len, "nothing");
    }
}

static int is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double number_of(const config_setting_t *s)
{
    return config_setting_type(s) == CONFIG_TYPE_FLOAT
               ? config_setting_get_float(s)
               : (double)config_setting_get_int64(s);
}

/* Levenshtein distance of two short names, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const char *closest(const char *name, const struct field *f, size_t n)
{
    const char *best = NULL;
    size_t bestd = 3; /* suggest only close matches */
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, f[i].name);
        if (d < bestd) {
            bestd = d;
            best = f[i].name;
        }
    }
    return best;
}

static void range_text(const struct field *f, char *buf, size_t len)
{
    if (f->flags & F_MIN_EXCL)
        snprintf(buf, len, "must be > %.15g and <= %.15g", f->min, f->max);
    else
        snprintf(buf, len, "must be between %.15g and %.15g", f->min, f->max);
}

/* ---- the generic reader ---------------------------------------------- */

/*
 * Reads one field's value into target. Type and range are checked here;
 * F_SPECIAL fields are left to the caller.
 */
static int read_field(const struct ctx *cx, const config_setting_t *s,
                      const struct field *f, void *target)
{
    char got[96], rng[96];
    char *dst = (char *)target + f->offset;

    describe(s, got, sizeof(got));
    switch (f->type) {
    case F_DOUBLE: {
        double v;
        if (!is_number(s))
            return err_at(cx, s, "expected a number (got %s)", got);
        v = number_of(s);
        if (!isfinite(v) || v < f->min || v > f->max ||
            ((f->flags & F_MIN_EXCL) && !(v > f->min))) {
            range_text(f, rng, sizeof(rng));
            return err_at(cx, s, "%s (got %s)", rng, got);
        }
        memcpy(dst, &v, sizeof(v));
        return FS_OK;
    }
    case F_INT: {
        long long v;
        int iv;
        if (config_setting_type(s) != CONFIG_TYPE_INT &&
            config_setting_type(s) != CONFIG_TYPE_INT64)
            return err_at(cx, s, "expected an integer (got %s)", got);
        v = config_setting_get_int64(s);
        if ((double)v < f->min || (double)v > f->max ||
            ((f->flags & F_MIN_EXCL) && !((double)v > f->min))) {
            range_text(f, rng, sizeof(rng));
            return err_at(cx, s, "%s (got %s)", rng, got);
        }
        iv = (int)v;
        memcpy(dst, &iv, sizeof(iv));
        return FS_OK;
    }
    case F_NAME:
    case F_TEXT:
    case F_STATUS: {
        size_t cap = f->type == F_NAME ? FS_NAME_MAX
                     : f->type == F_TEXT ? FS_TEXT_MAX
                                         : 16;
        const char *v;
        if (config_setting_type(s) != CONFIG_TYPE_STRING)
            return err_at(cx, s, "expected a string (got %s)", got);
        v = config_setting_get_string(s);
        if (f->type == F_NAME && v[0] == '\0')
            return err_at(cx, s, "must not be empty");
        if (strlen(v) >= cap)
            return err_at(cx, s, "too long: at most %zu bytes (got %zu)",
                          cap - 1, strlen(v));
        memcpy(dst, v, strlen(v) + 1);
        return FS_OK;
    }
    case F_DATE: {
        fs_date d;
        int e = FS_DATE_EFORMAT;
        if (config_setting_type(s) != CONFIG_TYPE_STRING ||
            (e = fs_date_parse(config_setting_get_string(s), &d)) != 0)
            return err_at(cx, s, "%s (got %s)", fs_date_strerror(e), got);
        memcpy(dst, &d, sizeof(d));
        return FS_OK;
    }
    case F_ENUM: {
        char list[160];
        size_t o = 0;
        if (config_setting_type(s) == CONFIG_TYPE_STRING) {
            const char *v = config_setting_get_string(s);
            for (int i = 0; f->choices[i] != NULL; i++) {
                if (strcmp(v, f->choices[i]) == 0) {
                    memcpy(dst, &i, sizeof(i));
                    return FS_OK;
                }
            }
        }
        list[0] = '\0';
        for (int i = 0; f->choices[i] != NULL && o < sizeof(list); i++)
            o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\"%s\"",
                                  i ? ", " : "", f->choices[i]);
        return err_at(cx, s, "expected one of %s (got %s)", list, got);
    }
    case F_BOOL: {
        int v;
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return err_at(cx, s, "expected true or false (got %s)", got);
        v = config_setting_get_bool(s);
        memcpy(dst, &v, sizeof(v));
        return FS_OK;
    }
    case F_SPECIAL:
        return FS_OK;
    }
    return FS_OK;
}

/*
 * Reads every member of group g against the table: unknown names and bad
 * values are errors; required fields must be present. seen[i] (may be NULL)
 * is set for each field found.
 */
static int read_group(const struct ctx *cx, const config_setting_t *g,
                      const struct field *fields, size_t nf, void *target,
                      unsigned char *seen)
{
    unsigned char local[32] = {0};
    char got[96];

    if (seen == NULL)
        seen = local;
    if (!config_setting_is_group(g)) {
        describe(g, got, sizeof(got));
        return err_at(cx, g, "expected a group { ... } (got %s)", got);
    }
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *nm = config_setting_name(m);
        size_t k;
        int rc;
        for (k = 0; k < nf; k++)
            if (strcmp(fields[k].name, nm) == 0)
                break;
        if (k == nf) {
            const char *near = closest(nm, fields, nf);
            if (near != NULL)
                return err_at(cx, m, "unknown setting (did you mean '%s'?)", near);
            return err_at(cx, m, "unknown setting");
        }
        if ((rc = read_field(cx, m, &fields[k], target)) != FS_OK)
            return rc;
        seen[k] = 1;
    }
    for (size_t k = 0; k < nf; k++)
        if ((fields[k].flags & F_REQUIRED) && !seen[k])
            return err_at(cx, g, "missing required setting '%s'", fields[k].name);
    return FS_OK;
}

static size_t field_index(const struct field *f, size_t nf, const char *name)
{
    for (size_t i = 0; i < nf; i++)
        if (strcmp(f[i].name, name) == 0)
            return i;
    FS_BUG("no field '%s' in table", name);
}

/* A string-valued special field; NULL with an error if it is not a string. */
static const char *get_string(const struct ctx *cx, const config_setting_t *g,
                              const char *name, int *rc)
{
    const config_setting_t *s = config_setting_get_member(g, name);
    char got[96];
    *rc = FS_OK;
    if (s == NULL)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        describe(s, got, sizeof(got));
        *rc = err_at(cx, s, "expected a string (got %s)", got);
        return NULL;
    }
    return config_setting_get_string(s);
}

/* A list of groups, or an error naming what was there instead. */
static int expect_list(const struct ctx *cx, const config_setting_t *s)
{
    char got[96];
    if (config_setting_is_list(s))
        return FS_OK;
    if (config_setting_is_array(s) && config_setting_length(s) == 0)
        return FS_OK; /* `[]` is an empty list too */
    describe(s, got, sizeof(got));
    return err_at(cx, s, "expected a list ( {...}, ... ) (got %s)", got);
}

/* Finds a named element in a list of groups, ignoring element `skip`. */
static int duplicate_name(const struct ctx *cx, const config_setting_t *list,
                          int idx, const char *what)
{
    const config_setting_t *me = config_setting_get_elem(list, (unsigned)idx);
    const char *name = NULL;
    config_setting_lookup_string(me, "name", &name);
    for (int i = 0; i < idx; i++) {
        const char *other = NULL;
        config_setting_lookup_string(config_setting_get_elem(list, (unsigned)i),
                                     "name", &other);
        if (other != NULL && name != NULL && strcmp(other, name) == 0)
            return err_at(cx, config_setting_get_member(me, "name"),
                          "duplicate %s name '%s' (first defined at %s[%d], line %d)",
                          what, name, config_setting_name(list), i,
                          config_setting_source_line(config_setting_get_elem(list, (unsigned)i)));
    }
    return FS_OK;
}

/* ---- chips ------------------------------------------------------------- */

static int chip_has_peak(const struct fs_chip *c)
{
    for (int p = 0; p < FS_PREC_COUNT; p++)
        if (c->peak_tflops[p] > 0.0)
            return 1;
    return 0;
}

/*
 * Reads one chip entry into cat. In a scenario (scenario != 0) an entry may
 * name a `base` to copy, or reuse a catalog name to override its fields.
 */
static int read_chip(const struct ctx *cx, const config_setting_t *g,
                     struct fs_catalog *cat, int scenario)
{
    struct fs_chip chip;
    unsigned char seen[NFIELDS(chip_fields)] = {0};
    const char *name = NULL, *base;
    int rc, existing = -1;

    memset(&chip, 0, sizeof(chip));
    if (!config_setting_is_group(g))
        return read_group(cx, g, chip_fields, NFIELDS(chip_fields), &chip, seen);
    base = get_string(cx, g, "base", &rc);
    if (rc != FS_OK)
        return rc;
    if (base != NULL && !scenario)
        return err_at(cx, config_setting_get_member(g, "base"),
                      "'base' is only allowed in a scenario's chips");
    config_setting_lookup_string(g, "name", &name);
    if (base != NULL) {
        const struct fs_chip *b = fs_catalog_find(cat, base);
        if (b == NULL)
            return err_at(cx, config_setting_get_member(g, "base"),
                          "unknown chip '%s'", base);
        chip = *b;
        chip.source[0] = chip.price_source[0] = '\0';
        snprintf(chip.status, sizeof(chip.status), "hypo");
        snprintf(chip.source, sizeof(chip.source),
                 "scenario-defined, based on %s", base);
    } else if (scenario && name != NULL &&
               (existing = fs_catalog_index(cat, name)) >= 0) {
        chip = cat->chips[existing];
        snprintf(chip.status, sizeof(chip.status), "hypo");
        size_t l = strlen(chip.source);
        snprintf(chip.source + l, sizeof(chip.source) - l, "%s",
                 " (fields overridden by the scenario)");
    }
    if ((rc = read_group(cx, g, chip_fields, NFIELDS(chip_fields), &chip, seen)) != FS_OK)
        return rc;
    if (existing < 0 && fs_catalog_index(cat, chip.name) >= 0)
        return err_at(cx, config_setting_get_member(g, "name"),
                      base != NULL ? "chip '%s' already exists; a chip with a "
                                     "'base' needs a new name"
                                   : "duplicate chip name '%s'",
                      chip.name);
    if (!chip_has_peak(&chip))
        return err_at(cx, g, "chip '%s' needs at least one peak throughput "
                             "(e.g. bf16_tflops)", chip.name);
    if (!(chip.tdp_w > 0.0))
        return err_at(cx, g, "missing required setting 'tdp_w'");
    if (existing >= 0) {
        cat->chips[existing] = chip;
        return FS_OK;
    }
    return fs_catalog_add(cat, &chip);
}

static int read_chip_list(const struct ctx *cx, const config_setting_t *list,
                          struct fs_catalog *cat, int scenario)
{
    int rc;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    for (int i = 0; i < config_setting_length(list); i++) {
        rc = read_chip(cx, config_setting_get_elem(list, (unsigned)i), cat, scenario);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* ---- reading files ----------------------------------------------------- */

static int read_error(const config_t *cfg, const char *name, struct fs_diag *d)
{
    const char *f = config_error_file(cfg);
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
        return fs_diag_set(d, FS_EIO, name, 0, NULL, "cannot read file (%s)",
                           errno ? strerror(errno) : "I/O error");
    return fs_diag_set(d, FS_ESCENARIO, f ? f : name,
                       (unsigned)config_error_line(cfg), NULL, "%s",
                       config_error_text(cfg));
}

static int check_sections(const struct ctx *cx, const config_t *cfg,
                          const char *const *allowed, size_t nallowed)
{
    const config_setting_t *root = config_root_setting(cfg);
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *m = config_setting_get_elem(root, (unsigned)i);
        const char *nm = config_setting_name(m);
        size_t k;
        for (k = 0; k < nallowed; k++)
            if (strcmp(allowed[k], nm) == 0)
                break;
        if (k == nallowed)
            return err_at(cx, m, "unknown section");
    }
    return FS_OK;
}

static int catalog_from_config(struct fs_catalog *cat, const config_t *cfg,
                               const char *name, struct fs_diag *diag)
{
    static const char *const allowed[] = {"chips"};
    struct ctx cx = {name, diag, NULL, 0};
    const config_setting_t *list = config_lookup(cfg, "chips");
    int rc;

    memset(cat, 0, sizeof(*cat));
    if ((rc = check_sections(&cx, cfg, allowed, 1)) != FS_OK)
        return rc;
    if (list == NULL)
        return fs_diag_set(diag, FS_ESCENARIO, name, 0, "chips",
                           "missing required list");
    rc = read_chip_list(&cx, list, cat, 0);
    if (rc != FS_OK)
        fs_catalog_release(cat);
    return rc;
}

int fs_catalog_load_text(struct fs_catalog *cat, const char *text,
                         const char *name, struct fs_diag *diag)
{
    config_t cfg;
    int rc;

    config_init(&cfg);
    if (config_read_string(&cfg, text) != CONFIG_TRUE)
        rc = fs_diag_set(diag, FS_ESCENARIO, name,
                         (unsigned)config_error_line(&cfg), NULL, "%s",
                         config_error_text(&cfg));
    else
        rc = catalog_from_config(cat, &cfg, name, diag);
    config_destroy(&cfg);
    return rc;
}

int fs_catalog_load_file(struct fs_catalog *cat, const char *path,
                         struct fs_diag *diag)
{
    config_t cfg;
    int rc;

    config_init(&cfg);
    errno = 0;
    if (config_read_file(&cfg, path) != CONFIG_TRUE)
        rc = read_error(&cfg, path, diag);
    else
        rc = catalog_from_config(cat, &cfg, path, diag);
    config_destroy(&cfg);
    return rc;
}

/* ---- --set overrides --------------------------------------------------- */

/* Adds or replaces member `name` of group parent with the typed value. */
/* An error in applying an override: a usage error on the command line, a
 * scenario error (naming its line) in a strategy. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int ov_err(struct fs_diag *d, const struct fs_override *o, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (o->origin_file != NULL)
        return fs_diag_set(d, FS_ESCENARIO, o->origin_file, o->origin_line, o->origin_setting,
                           "'%s': %s", o->path, msg);
    return fs_diag_set(d, FS_EUSAGE, "--set", 0, o->path, "%s", msg);
}

/* Adds member `name` typed from the text of o->value; NULL on error. */
static config_setting_t *set_typed(config_setting_t *parent, const char *name,
                                   const struct fs_override *o, struct fs_diag *d)
{
    const char *value = o->value;
    config_setting_t *s;
    config_setting_t *old = config_setting_get_member(parent, name);
    char *end;
    long long iv;
    double dv;
    size_t vl = strlen(value);

    if (old != NULL) {
        if (config_setting_is_aggregate(old)) {
            ov_err(d, o, "cannot replace a group or list with a value");
            return NULL;
        }
        config_setting_remove(parent, name);
    }
    errno = 0;
    iv = strtoll(value, &end, 10);
    if (vl > 0 && *end == '\0' && errno == 0) {
        s = config_setting_add(parent, name, CONFIG_TYPE_INT64);
        return s && config_setting_set_int64(s, iv) ? s : NULL;
    }
    dv = strtod(value, &end);
    if (vl > 0 && *end == '\0' && isfinite(dv) && !isalpha((unsigned char)value[0])) {
        s = config_setting_add(parent, name, CONFIG_TYPE_FLOAT);
        return s && config_setting_set_float(s, dv) ? s : NULL;
    }
    if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
        s = config_setting_add(parent, name, CONFIG_TYPE_BOOL);
        return s && config_setting_set_bool(s, value[0] == 't') ? s : NULL;
    }
    s = config_setting_add(parent, name, CONFIG_TYPE_STRING);
    if (s == NULL)
        return NULL;
    if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
        char buf[FS_TEXT_MAX];
        snprintf(buf, sizeof(buf), "%.*s", (int)(vl - 2), value + 1);
        return config_setting_set_string(s, buf) ? s : NULL;
    }
    return config_setting_set_string(s, value) ? s : NULL;
}

static int set_value(config_setting_t *parent, const char *name, const struct fs_override *o,
                     uintptr_t hook, struct fs_diag *d)
{
    config_setting_t *s = set_typed(parent, name, o, d);
    if (s == NULL)
        return d->set ? (o->origin_file ? FS_ESCENARIO : FS_EUSAGE) : FS_ENOMEM;
    config_setting_set_hook(s, (void *)hook);
    return FS_OK;
}


/*
 * Applies `path=value`. A path is names joined by dots; a list element is
 * `[N]` or `[name]` after the list's name: jobs[v3_pretrain].mfu.
 */
static int apply_override(config_t *cfg, const struct fs_override *o, uintptr_t hook,
                          struct fs_diag *d)
{
    char buf[256], *p, *seg;
    config_setting_t *cur = config_root_setting(cfg);

    if (strlen(o->path) >= sizeof(buf) || o->path[0] == '\0')
        return ov_err(d, o, "bad setting path");
    memcpy(buf, o->path, strlen(o->path) + 1);
    for (p = buf; (seg = p) != NULL;) {
        char *dot = strchr(p, '.'), *br;
        int last;
        if (dot != NULL)
            *dot = '\0';
        p = dot ? dot + 1 : NULL;
        last = p == NULL;
        br = strchr(seg, '[');
        if (br != NULL)
            *br = '\0';
        if (seg[0] == '\0')
            return ov_err(d, o, "bad setting path");
        if (last && br == NULL) {
            if (!config_setting_is_group(cur))
                return ov_err(d, o, "'%s' is not inside a group", seg);
            return set_value(cur, seg, o, hook, d);
        }
        cur = config_setting_get_member(cur, seg);
        if (cur == NULL)
            return ov_err(d, o, "no setting '%s' in the scenario", seg);
        while (br != NULL) {
            char *close = strchr(br + 1, ']'), *key = br + 1, *end;
            config_setting_t *next = NULL;
            long idx;
            if (close == NULL || !config_setting_is_aggregate(cur))
                return ov_err(d, o, "bad setting path");
            *close = '\0';
            idx = strtol(key, &end, 10);
            if (*key != '\0' && *end == '\0') {
                if (idx >= 0)
                    next = config_setting_get_elem(cur, (unsigned)idx);
            } else {
                for (int i = 0; i < config_setting_length(cur) && !next; i++) {
                    config_setting_t *e = config_setting_get_elem(cur, (unsigned)i);
                    const char *nm = NULL;
                    if (config_setting_is_group(e) &&
                        config_setting_lookup_string(e, "name", &nm) &&
                        strcmp(nm, key) == 0)
                        next = e;
                }
            }
            if (next == NULL)
                return ov_err(d, o, "no element [%s] in '%s'", key, seg);
            cur = next;
            br = close[1] == '[' ? close + 1 : NULL;
            if (br == NULL && close[1] != '\0')
                return ov_err(d, o, "bad setting path");
        }
        if (last)
            return ov_err(d, o, "path must end with a setting name");
    }
    return FS_OK;
}

/* ---- scenario sections ------------------------------------------------- */

static int read_scenario_meta(const struct ctx *cx, const config_t *cfg,
                              struct fs_scenario *s)
{
    const config_setting_t *g = config_lookup(cfg, "scenario"), *seed;
    char got[96];
    int rc;

    if (g == NULL)
        return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, "scenario",
                           "missing required group");
    s->seed = 1;
    s->replicates = 100;
    if ((rc = read_group(cx, g, scenario_fields, NFIELDS(scenario_fields), s, NULL)) != FS_OK)
        return rc;
    seed = config_setting_get_member(g, "seed");
    if (seed != NULL) {
        int t = config_setting_type(seed);
        describe(seed, got, sizeof(got));
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) ||
            config_setting_get_int64(seed) < 0)
            return err_at(cx, seed, "expected an integer >= 0 (got %s)", got);
        s->seed = (uint64_t)config_setting_get_int64(seed);
    }
    return FS_OK;
}

/*
 * Reads an array (or list) of non-empty names into dst[max]. Absent: *n
 * is left alone. Returns FS_OK or an error naming the element.
 */
static int read_names(const struct ctx *cx, const config_setting_t *a,
                      char dst[][FS_NAME_MAX], size_t max, size_t *n)
{
    char got[96];
    if (a == NULL)
        return FS_OK;
    if (!config_setting_is_array(a) && !config_setting_is_list(a)) {
        describe(a, got, sizeof(got));
        return err_at(cx, a, "expected an array of strings [\"...\"] (got %s)", got);
    }
    if ((size_t)config_setting_length(a) > max)
        return err_at(cx, a, "at most %zu entries (got %d)", max, config_setting_length(a));
    for (int k = 0; k < config_setting_length(a); k++) {
        const config_setting_t *e = config_setting_get_elem(a, (unsigned)k);
        const char *v = config_setting_get_string(e);
        if (v == NULL || v[0] == '\0' || strlen(v) >= FS_NAME_MAX) {
            describe(e, got, sizeof(got));
            return err_at(cx, e, "expected a non-empty string of at most %d bytes (got %s)",
                          FS_NAME_MAX - 1, got);
        }
        snprintf(dst[k], FS_NAME_MAX, "%s", v);
    }
    *n = (size_t)config_setting_length(a);
    return FS_OK;
}

/* ---- export rules ------------------------------------------------------ */

static void clause_init(struct fs_rule_clause *k)
{
    memset(k, 0, sizeof(*k));
    k->tpp_min = k->tpp_below = k->pd_min = k->pd_below = NAN;
    k->scaleup_gbps_min = k->scaleup_gbps_below = k->dram_gbps_min = k->dram_gbps_below = NAN;
}

static int read_test(const struct ctx *cx, const config_setting_t *g, struct fs_rule_test *t,
                     const struct fs_catalog *cat)
{
    unsigned char seen[NFIELDS(test_fields)] = {0};
    const config_setting_t *any;
    int rc;

    memset(t, 0, sizeof(*t));
    t->approval_probability = NAN;
    if ((rc = read_group(cx, g, test_fields, NFIELDS(test_fields), t, seen)) != FS_OK)
        return rc;
    if (t->outcome == FS_OUT_LICENCE && isnan(t->approval_probability))
        return err_at(cx, g, "missing required setting 'approval_probability' (outcome licence)");
    if (t->outcome != FS_OUT_LICENCE && !isnan(t->approval_probability))
        return err_at(cx, config_setting_get_member(g, "approval_probability"),
                      "applies only to outcome \"licence\"");
    any = config_setting_get_member(g, "any");
    if ((rc = expect_list(cx, any)) != FS_OK)
        return rc;
    if (config_setting_length(any) == 0 || config_setting_length(any) > FS_RULE_MAX_ANY)
        return err_at(cx, any, "needs 1 to %d clauses (got %d)", FS_RULE_MAX_ANY,
                      config_setting_length(any));
    for (int i = 0; i < config_setting_length(any); i++) {
        const config_setting_t *c = config_setting_get_elem(any, (unsigned)i);
        struct fs_rule_clause *k = &t->any[t->nany++];
        clause_init(k);
        if ((rc = read_group(cx, c, clause_fields, NFIELDS(clause_fields), k, NULL)) != FS_OK)
            return rc;
        if ((rc = read_names(cx, config_setting_get_member(c, "chips"), k->chips,
                             FS_RULE_MAX_LIST, &k->nchips)) != FS_OK)
            return rc;
        /* Named chips must exist: a typo would silently never match. */
        for (size_t n = 0; n < k->nchips; n++)
            if (fs_catalog_find(cat, k->chips[n]) == NULL)
                return err_at(cx, config_setting_get_elem(config_setting_get_member(c, "chips"),
                                                          (unsigned)n),
                              "unknown chip '%s' (see fleetsim --list-gpus)", k->chips[n]);
        if (config_setting_length(c) == 0)
            return err_at(cx, c, "an empty clause would match every chip");
    }
    return FS_OK;
}

/*
 * Reads one rule into rb. In a scenario, a rule whose id is already in the
 * book changes only the settings it gives (for example in_force = true).
 */
static int read_rule(const struct ctx *cx, const config_setting_t *g, struct fs_rulebook *rb,
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
        rc = read_group(cx, g, rule_fields, NFIELDS(rule_fields), r, seen);
    } else {
        /* An override: the table's required settings are already there. */
        r = &rb->rules[existing];
        struct fs_rule copy = *r;
        static struct field relaxed[NFIELDS(rule_fields)];
        memcpy(relaxed, rule_fields, sizeof(relaxed));
        for (size_t k = 0; k < NFIELDS(rule_fields); k++)
            relaxed[k].flags &= ~F_REQUIRED;
        rc = read_group(cx, g, relaxed, NFIELDS(rule_fields), &copy, seen);
        if (rc == FS_OK)
            *r = copy;
    }
    if (rc != FS_OK)
        return rc;
    if (r->end != INT32_MAX && r->end <= r->effective)
        return err_at(cx, config_setting_get_member(g, "end_date"),
                      "must be after effective_date");
    if ((rc = read_names(cx, config_setting_get_member(g, "destinations"), r->destinations,
                         FS_RULE_MAX_LIST, &r->ndest)) != FS_OK ||
        (rc = read_names(cx, config_setting_get_member(g, "vendors"), r->vendors,
                         FS_RULE_MAX_LIST, &r->nvendors)) != FS_OK)
        return rc;
    if ((m = config_setting_get_member(g, "tests")) != NULL) {
        if ((rc = expect_list(cx, m)) != FS_OK)
            return rc;
        if (config_setting_length(m) == 0 || config_setting_length(m) > FS_RULE_MAX_TESTS)
            return err_at(cx, m, "needs 1 to %d tests (got %d)", FS_RULE_MAX_TESTS,
                          config_setting_length(m));
        r->ntests = 0;
        for (int i = 0; i < config_setting_length(m); i++)
            if ((rc = read_test(cx, config_setting_get_elem(m, (unsigned)i),
                                &r->tests[r->ntests++], cat)) != FS_OK)
                return rc;
    }
    return FS_OK;
}

static int read_rules(const struct ctx *cx, const config_setting_t *list, struct fs_rulebook *rb,
                      const struct fs_catalog *cat)
{
    int rc;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    for (int i = 0; i < config_setting_length(list); i++) {
        if ((rc = read_rule(cx, config_setting_get_elem(list, (unsigned)i), rb, cat)) != FS_OK)
            return rc;
    }
    fs_rulebook_sort(rb);
    return FS_OK;
}

static int read_destinations(const struct ctx *cx, const config_setting_t *list,
                             struct fs_rulebook *rb)
{
    int rc;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    rb->ndests = (size_t)config_setting_length(list);
    rb->dests = calloc(rb->ndests + 1, sizeof(*rb->dests));
    if (rb->dests == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < rb->ndests; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_destination *d = &rb->dests[i];
        if ((rc = read_group(cx, g, dest_fields, NFIELDS(dest_fields), d, NULL)) != FS_OK ||
            (rc = duplicate_name(cx, list, (int)i, "destination")) != FS_OK ||
            (rc = read_names(cx, config_setting_get_member(g, "groups"), d->groups.g,
                             FS_MAX_GROUPS, &d->groups.n)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

int fs_rulebook_load_text(struct fs_rulebook *rb, const char *text, const char *name,
                          const struct fs_catalog *cat, struct fs_diag *diag)
{
    static const char *const allowed[] = {"destinations", "rules"};
    struct ctx cx = {name, diag, NULL, 0};
    config_t cfg;
    const config_setting_t *m;
    int rc;

    memset(rb, 0, sizeof(*rb));
    config_init(&cfg);
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        rc = fs_diag_set(diag, FS_ESCENARIO, name, (unsigned)config_error_line(&cfg), NULL,
                         "%s", config_error_text(&cfg));
        config_destroy(&cfg);
        return rc;
    }
    rc = check_sections(&cx, &cfg, allowed, 2);
    if (rc == FS_OK && (m = config_lookup(&cfg, "destinations")) != NULL)
        rc = read_destinations(&cx, m, rb);
    if (rc == FS_OK && (m = config_lookup(&cfg, "rules")) != NULL)
        rc = read_rules(&cx, m, rb, cat);
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
    if (dst->rules == NULL || dst->dests == NULL) {
        fs_rulebook_release(dst);
        return FS_ENOMEM;
    }
    memcpy(dst->rules, src->rules, src->nrules * sizeof(*dst->rules));
    memcpy(dst->dests, src->dests, src->ndests * sizeof(*dst->dests));
    dst->nrules = src->nrules;
    dst->ndests = src->ndests;
    return FS_OK;
}

static int read_regions(const struct ctx *cx, const config_t *cfg,
                        struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "regions");
    int rc;

    if (list == NULL)
        return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, "regions",
                           "missing required list");
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) == 0)
        return err_at(cx, list, "needs at least one region");
    s->nregions = (size_t)config_setting_length(list);
    s->regions = calloc(s->nregions, sizeof(*s->regions));
    if (s->regions == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->nregions; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *groups, *m;
        struct fs_region *r = &s->regions[i];
        if ((rc = read_group(cx, g, region_fields, NFIELDS(region_fields), r, NULL)) != FS_OK)
            return rc;
        if ((rc = duplicate_name(cx, list, (int)i, "region")) != FS_OK)
            return rc;
        groups = config_setting_get_member(g, "groups");
        if ((m = config_setting_get_member(g, "destination")) != NULL) {
            const char *v;
            size_t d;
            if (groups != NULL)
                return err_at(cx, m, "give either 'destination' or 'groups', not both");
            if ((v = get_string(cx, g, "destination", &rc)) == NULL)
                return rc;
            for (d = 0; d < s->rules.ndests; d++)
                if (strcmp(s->rules.dests[d].name, v) == 0)
                    break;
            if (d == s->rules.ndests)
                return err_at(cx, m, "unknown destination '%s' (see fleetsim --classify)", v);
            r->groups = s->rules.dests[d].groups;
        }
        if ((rc = read_names(cx, groups, r->groups.g, FS_MAX_GROUPS, &r->groups.n)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

static void fail_defaults(struct fail_spec *f)
{
    memset(f, 0, sizeof(*f));
    f->dist = FAIL_NONE;
    f->per_1000_node_days = -1.0;
    f->gpu_mtbf_h = -1.0;
    f->weibull_shape = 1.0;
    f->repair_dist = REPAIR_LOGNORMAL;
    f->repair_mean_h = 24.0;
    f->repair_cv = 1.0;
    f->node_out_fraction = 1.0;
}

/*
 * failures.causes: a list of causes with relative counts. A group that sets
 * node_out_fraction drops inherited causes; one that sets both is an error.
 */
static int read_causes(const struct ctx *cx, const config_setting_t *g, struct fail_spec *f)
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
        return err_at(cx, frac, "give either 'node_out_fraction' or 'causes' (each with "
                                "node_out), not both");
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) > FS_MAX_CAUSES)
        return err_at(cx, list, "at most %d causes (got %d)", FS_MAX_CAUSES,
                      config_setting_length(list));
    f->ncauses = 0;
    for (int i = 0; i < config_setting_length(list); i++) {
        struct fs_failure_cause c;
        memset(&c, 0, sizeof(c));
        rc = read_group(cx, config_setting_get_elem(list, (unsigned)i), cause_fields,
                        NFIELDS(cause_fields), &c, NULL);
        if (rc != FS_OK)
            return rc;
        if ((rc = duplicate_name(cx, list, i, "cause")) != FS_OK)
            return rc;
        f->causes[f->ncauses++] = c;
    }
    return FS_OK;
}

/* Reads a failures group over *f (only the settings it contains change). */
static int read_failures(const struct ctx *cx, const config_setting_t *g,
                         struct fail_spec *f, int is_global)
{
    unsigned char seen[NFIELDS(failure_fields)] = {0};
    const size_t i_rate = field_index(failure_fields, NFIELDS(failure_fields),
                                      "node_failures_per_1000_node_days");
    const size_t i_mtbf = field_index(failure_fields, NFIELDS(failure_fields),
                                      "gpu_mtbf_hours");
    const size_t i_dist = field_index(failure_fields, NFIELDS(failure_fields),
                                      "distribution");
    struct fail_spec before = *f;
    int rc;

    if ((rc = read_group(cx, g, failure_fields, NFIELDS(failure_fields), f, seen)) != FS_OK)
        return rc;
    if (seen[i_rate] && seen[i_mtbf])
        return err_at(cx, config_setting_get_member(g, "gpu_mtbf_hours"),
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
static int resolve_failures(const struct ctx *cx, const struct fail_spec *f,
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
    if (f->dist == FAIL_NONE)
        return FS_OK;
    if (f->per_1000_node_days >= 0.0)
        out->node_rate_per_h = f->per_1000_node_days / 1000.0 / FS_HOURS_PER_DAY;
    else if (f->gpu_mtbf_h > 0.0)
        out->node_rate_per_h = gpus_per_node / f->gpu_mtbf_h;
    else if (config_setting_parent(f->group) == NULL ||
             config_setting_parent(config_setting_parent(f->group)) == NULL)
        return err_at(cx, f->group, "failures need a rate: set "
                      "'node_failures_per_1000_node_days' or 'gpu_mtbf_hours' "
                      "(inherited by cluster '%s')", c->name);
    else
        return err_at(cx, f->group, "failures need a rate: set "
                      "'node_failures_per_1000_node_days' or 'gpu_mtbf_hours'");
    /* A rate of 0 is a mean time to failure of +inf: the node never fails. */
    out->ttf_h.a = out->node_rate_per_h > 0.0 ? 1.0 / out->node_rate_per_h : INFINITY;
    out->ttf_h.b = f->dist == FAIL_WEIBULL ? f->weibull_shape : 0.0;
    return FS_OK;
}

static int read_clusters(const struct ctx *cx, const config_t *cfg,
                         struct fs_scenario *s, const struct fail_spec *global)
{
    const config_setting_t *list = config_lookup(cfg, "clusters");
    int rc;

    if (list == NULL)
        return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, "clusters",
                           "missing required list");
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) == 0)
        return err_at(cx, list, "needs at least one cluster");
    s->nclusters = (size_t)config_setting_length(list);
    s->clusters = calloc(s->nclusters, sizeof(*s->clusters));
    if (s->clusters == NULL)
        return FS_ENOMEM;
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
        if ((rc = read_group(cx, g, cluster_fields, NFIELDS(cluster_fields), c, seen)) != FS_OK)
            return rc;
        if ((rc = duplicate_name(cx, list, (int)i, "cluster")) != FS_OK)
            return rc;
        /* region and chip: names that must exist */
        if ((v = get_string(cx, g, "region", &rc)) == NULL)
            return rc;
        for (c->region = 0; c->region < s->nregions; c->region++)
            if (strcmp(s->regions[c->region].name, v) == 0)
                break;
        if (c->region == s->nregions)
            return err_at(cx, config_setting_get_member(g, "region"),
                          "unknown region '%s'", v);
        if ((v = get_string(cx, g, "chip", &rc)) == NULL)
            return rc;
        if ((idx = fs_catalog_index(&s->catalog, v)) < 0)
            return err_at(cx, config_setting_get_member(g, "chip"),
                          "unknown chip '%s' (see fleetsim --list-gpus)", v);
        c->chip = (size_t)idx;
        if (c->gpus % c->gpus_per_node != 0)
            return err_at(cx, config_setting_get_member(g, "gpus"),
                          "must be a whole number of %d-GPU nodes (got %d)",
                          c->gpus_per_node, c->gpus);
        if (c->retire != INT32_MAX && c->retire <= c->online)
            return err_at(cx, config_setting_get_member(g, "retire_date"),
                          "must be after online_date");
        c->max_gpus = c->gpus;
        /* capex: a number, or the chip's list price */
        m = config_setting_get_member(g, "capex_usd_per_gpu");
        if (m != NULL) {
            describe(m, got, sizeof(got));
            if (!is_number(m) || !(number_of(m) > 0.0) || number_of(m) > 1e8)
                return err_at(cx, m, "must be > 0 and <= 1e+08 (got %s)", got);
            if (c->ownership == FS_RENTED)
                return err_at(cx, m, "applies only to owned clusters");
            c->capex_usd_per_gpu = number_of(m);
        } else if (c->ownership == FS_OWNED) {
            const struct fs_chip *chip = &s->catalog.chips[c->chip];
            if (!(chip->list_price_usd > 0.0))
                return err_at(cx, g, "missing required setting 'capex_usd_per_gpu' "
                                     "(chip '%s' has no list price)", chip->name);
            c->capex_usd_per_gpu = chip->list_price_usd;
            c->capex_from_catalog = 1;
        }
        if (c->ownership == FS_OWNED) {
            if (!(c->amortization_years > 0.0))
                return err_at(cx, g, "missing required setting 'amortization_years' "
                                     "(owned cluster)");
            if (c->power_usd_per_kwh < 0.0)
                return err_at(cx, g, "missing required setting 'power_usd_per_kwh' "
                                     "(owned cluster)");
        } else {
            if ((m = config_setting_get_member(g, "amortization_years")) != NULL)
                return err_at(cx, m, "applies only to owned clusters");
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

/*
 * A number (a fixed value) or a distribution group. The support must lie in
 * [lo, hi]: a probability cannot be lognormal, a delay cannot go negative.
 */
static int read_dist(const struct ctx *cx, const config_setting_t *m, struct fs_dist *d,
                     double lo, double hi)
{
    struct dist_raw r;
    unsigned char seen[NFIELDS(dist_fields)] = {0};
    char got[96];
    int rc;

    if (is_number(m)) {
        double v = number_of(m);
        describe(m, got, sizeof(got));
        if (!(v >= lo && v <= hi))
            return err_at(cx, m, "must be between %.15g and %.15g (got %s)", lo, hi, got);
        *d = (struct fs_dist){FS_DIST_FIXED, v, 0.0};
        return FS_OK;
    }
    if (!config_setting_is_group(m)) {
        describe(m, got, sizeof(got));
        return err_at(cx, m, "expected a number or a distribution { distribution = ...; } (got %s)",
                      got);
    }
    memset(&r, 0, sizeof(r));
    if ((rc = read_group(cx, m, dist_fields, NFIELDS(dist_fields), &r, seen)) != FS_OK)
        return rc;
    /* Which parameters each family takes. */
    static const char *const need[][3] = {{"value", NULL, NULL}, {"low", "high", NULL},
                                          {"mean", "cv", NULL}, {"a", "b", NULL}};
    for (size_t k = 1; k < NFIELDS(dist_fields); k++) {
        int wanted = 0;
        for (int q = 0; q < 3 && need[r.kind][q]; q++)
            wanted |= strcmp(need[r.kind][q], dist_fields[k].name) == 0;
        if (wanted && !seen[k])
            return err_at(cx, m, "missing required setting '%s' (distribution \"%s\")",
                          dist_fields[k].name, dist_kind_choices[r.kind]);
        if (!wanted && seen[k])
            return err_at(cx, config_setting_get_member(m, dist_fields[k].name),
                          "not a parameter of distribution \"%s\"", dist_kind_choices[r.kind]);
    }
    switch (r.kind) {
    case FS_DIST_FIXED:
        if (!(r.value >= lo && r.value <= hi))
            return err_at(cx, config_setting_get_member(m, "value"),
                          "must be between %.15g and %.15g (got %.15g)", lo, hi, r.value);
        *d = (struct fs_dist){FS_DIST_FIXED, r.value, 0.0};
        break;
    case FS_DIST_UNIFORM:
        if (!(r.low >= lo && r.high <= hi && r.low <= r.high)) {
            if (isfinite(hi))
                return err_at(cx, m, "needs %.15g <= low <= high <= %.15g (got low %.15g, "
                                     "high %.15g)", lo, hi, r.low, r.high);
            return err_at(cx, m, "needs %.15g <= low <= high (got low %.15g, high %.15g)", lo,
                          r.low, r.high);
        }
        *d = (struct fs_dist){FS_DIST_UNIFORM, r.low, r.high};
        break;
    case FS_DIST_LOGNORMAL:
        if (lo > 0.0 || isfinite(hi))
            return err_at(cx, m, "a lognormal is unbounded above; this setting must stay "
                                 "between %.15g and %.15g", lo, hi);
        *d = (struct fs_dist){FS_DIST_LOGNORMAL, r.mean, r.cv};
        break;
    case FS_DIST_BETA:
        if (lo > 0.0 || hi < 1.0)
            return err_at(cx, m, "a beta lies on [0, 1]; this setting must stay between "
                                 "%.15g and %.15g", lo, hi);
        *d = (struct fs_dist){FS_DIST_BETA, r.a, r.b};
        break;
    }
    return FS_OK;
}

static int read_channels(const struct ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "channels");
    int rc;
    if (list == NULL)
        return FS_OK;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) > FS_MAX_CHANNELS)
        return err_at(cx, list, "at most %d channels (got %d)", FS_MAX_CHANNELS,
                      config_setting_length(list));
    s->nchannels = (size_t)config_setting_length(list);
    s->channels = calloc(s->nchannels + 1, sizeof(*s->channels));
    if (s->channels == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->nchannels; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_channel *c = &s->channels[i];
        if ((rc = read_group(cx, g, channel_fields, NFIELDS(channel_fields), c, NULL)) != FS_OK ||
            (rc = duplicate_name(cx, list, (int)i, "channel")) != FS_OK)
            return rc;
        if (strcmp(c->name, "direct") == 0)
            return err_at(cx, config_setting_get_member(g, "name"),
                          "'direct' is the built-in channel (export rules apply); choose another name");
        if ((rc = read_dist(cx, config_setting_get_member(g, "price_premium"), &c->premium, 0.0,
                            INFINITY)) != FS_OK ||
            (rc = read_dist(cx, config_setting_get_member(g, "extra_delay_days"),
                            &c->extra_delay_d, 0.0, INFINITY)) != FS_OK ||
            (rc = read_dist(cx, config_setting_get_member(g, "interdiction_probability"),
                            &c->interdiction, 0.0, 1.0)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

static int chip_setting(const struct ctx *cx, const config_setting_t *g, const struct fs_scenario *s,
                        size_t *out)
{
    const char *v;
    int rc, idx;
    if ((v = get_string(cx, g, "chip", &rc)) == NULL)
        return rc;
    if ((idx = fs_catalog_index(&s->catalog, v)) < 0)
        return err_at(cx, config_setting_get_member(g, "chip"),
                      "unknown chip '%s' (see fleetsim --list-gpus)", v);
    *out = (size_t)idx;
    return FS_OK;
}

static int read_supply(const struct ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "supply");
    int rc;
    if (list == NULL)
        return FS_OK;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    s->nsupplies = (size_t)config_setting_length(list);
    s->supplies = calloc(s->nsupplies + 1, sizeof(*s->supplies));
    if (s->supplies == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->nsupplies; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_supply *u = &s->supplies[i];
        u->start = s->start;
        if ((rc = read_group(cx, g, supply_fields, NFIELDS(supply_fields), u, NULL)) != FS_OK ||
            (rc = chip_setting(cx, g, s, &u->chip)) != FS_OK)
            return rc;
        for (size_t k = 0; k < i; k++)
            if (s->supplies[k].chip == u->chip)
                return err_at(cx, config_setting_get_member(g, "chip"),
                              "chip '%s' already has a supply limit (supply[%zu])",
                              s->catalog.chips[u->chip].name, k);
    }
    return FS_OK;
}

static int read_orders(const struct ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "orders");
    int rc;
    if (list == NULL)
        return FS_OK;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    s->norders = (size_t)config_setting_length(list);
    s->orders = calloc(s->norders + 1, sizeof(*s->orders));
    if (s->orders == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->norders; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_order *o = &s->orders[i];
        struct fs_cluster *c;
        const char *v;
        if ((rc = read_group(cx, g, order_fields, NFIELDS(order_fields), o, NULL)) != FS_OK ||
            (rc = duplicate_name(cx, list, (int)i, "order")) != FS_OK)
            return rc;
        if ((v = get_string(cx, g, "cluster", &rc)) == NULL)
            return rc;
        for (o->cluster = 0; o->cluster < s->nclusters; o->cluster++)
            if (strcmp(s->clusters[o->cluster].name, v) == 0)
                break;
        if (o->cluster == s->nclusters)
            return err_at(cx, config_setting_get_member(g, "cluster"), "unknown cluster '%s'", v);
        c = &s->clusters[o->cluster];
        if (c->ownership != FS_OWNED)
            return err_at(cx, config_setting_get_member(g, "cluster"),
                          "cluster '%s' is rented; orders go to owned clusters", v);
        o->chip = c->chip;
        if (config_setting_get_member(g, "chip") != NULL) {
            size_t chip;
            if ((rc = chip_setting(cx, g, s, &chip)) != FS_OK)
                return rc;
            if (chip != c->chip)
                return err_at(cx, config_setting_get_member(g, "chip"),
                              "cluster '%s' holds '%s', not '%s' (a cluster has one chip type)",
                              c->name, s->catalog.chips[c->chip].name,
                              s->catalog.chips[chip].name);
        }
        if ((rc = read_dist(cx, config_setting_get_member(g, "lead_time_days"), &o->lead_days,
                            0.0, INFINITY)) != FS_OK)
            return rc;
        o->channel = -1;
        if (config_setting_get_member(g, "channel") != NULL) {
            if ((v = get_string(cx, g, "channel", &rc)) == NULL)
                return rc;
            if (strcmp(v, "direct") != 0) {
                size_t k;
                for (k = 0; k < s->nchannels; k++)
                    if (strcmp(s->channels[k].name, v) == 0)
                        break;
                if (k == s->nchannels)
                    return err_at(cx, config_setting_get_member(g, "channel"),
                                  "unknown channel '%s' (\"direct\" or a name from channels)", v);
                o->channel = (int)k;
            }
        }
        if ((double)c->max_gpus + o->count > 1e7)
            return err_at(cx, config_setting_get_member(g, "count"),
                          "cluster '%s' would exceed 10,000,000 GPUs", c->name);
        c->max_gpus += o->count;
    }
    return FS_OK;
}

/*
 * strategies: each a name and "path=value" overrides. The overrides are
 * checked when the strategy's variant is loaded (fs_scenario_load with
 * them), and their errors name the line here.
 */
static int read_strategies(const struct ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "strategies");
    int rc;
    if (list == NULL)
        return FS_OK;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    s->nstrategies = (size_t)config_setting_length(list);
    s->strategies = calloc(s->nstrategies + 1, sizeof(*s->strategies));
    if (s->strategies == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->nstrategies; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i), *set;
        struct fs_strategy *st = &s->strategies[i];
        if ((rc = read_group(cx, g, strategy_fields, NFIELDS(strategy_fields), st, NULL)) != FS_OK ||
            (rc = duplicate_name(cx, list, (int)i, "strategy")) != FS_OK)
            return rc;
        if (strcmp(st->name, "baseline") == 0)
            return err_at(cx, config_setting_get_member(g, "name"),
                          "'baseline' is the scenario as written; choose another name");
        set = config_setting_get_member(g, "set");
        if (!config_setting_is_array(set) && !config_setting_is_list(set))
            return err_at(cx, set, "expected an array of \"path=value\" strings");
        if (config_setting_length(set) > FS_MAX_SETS)
            return err_at(cx, set, "at most %d overrides (got %d)", FS_MAX_SETS,
                          config_setting_length(set));
        for (int k = 0; k < config_setting_length(set); k++) {
            const config_setting_t *e = config_setting_get_elem(set, (unsigned)k);
            const char *v = config_setting_get_string(e);
            char got[96];
            if (v == NULL || strchr(v, '=') == NULL || v[0] == '=' ||
                strlen(v) >= FS_TEXT_MAX) {
                describe(e, got, sizeof(got));
                return err_at(cx, e, "expected \"path=value\" (got %s)", got);
            }
            snprintf(st->sets[k], FS_TEXT_MAX, "%s", v);
            path_of(e, st->paths[k], FS_TEXT_MAX);
            st->lines[k] = config_setting_source_line(e);
        }
        st->nsets = (size_t)config_setting_length(set);
    }
    return FS_OK;
}

static int read_sensitivity(const struct ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "sensitivity");
    int rc;
    if (list == NULL)
        return FS_OK;
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    s->nsens = (size_t)config_setting_length(list);
    s->sens = calloc(s->nsens + 1, sizeof(*s->sens));
    if (s->sens == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < s->nsens; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_sens_input *in = &s->sens[i];
        if ((rc = read_group(cx, g, sens_fields, NFIELDS(sens_fields), in, NULL)) != FS_OK)
            return rc;
        if (in->label[0] == '\0')
            snprintf(in->label, sizeof(in->label), "%.*s", FS_NAME_MAX - 1, in->path);
        if (!(in->low < in->high))
            return err_at(cx, config_setting_get_member(g, "high"),
                          "must be above low (got low %.15g, high %.15g)", in->low, in->high);
        in->line = config_setting_source_line(g);
    }
    return FS_OK;
}

/* checkpoint_interval_minutes: a positive number or "auto" */
static int read_checkpoint(const struct ctx *cx, const config_setting_t *g,
                           struct fs_job *j)
{
    const config_setting_t *m = config_setting_get_member(g, "checkpoint_interval_minutes");
    char got[96];

    j->checkpoint_auto = 1;
    if (m == NULL)
        return FS_OK;
    if (config_setting_type(m) == CONFIG_TYPE_STRING &&
        strcmp(config_setting_get_string(m), "auto") == 0)
        return FS_OK;
    describe(m, got, sizeof(got));
    /* Shorter than 6 s would flood the simulation with checkpoint events. */
    if (!is_number(m) || !(number_of(m) >= 0.1) || number_of(m) > 1e7)
        return err_at(cx, m, "expected a number of minutes from 0.1 to 1e+07, or \"auto\" "
                             "(got %s)", got);
    j->checkpoint_auto = 0;
    j->checkpoint_interval_h = number_of(m) / 60.0;
    return FS_OK;
}

static int find_job(const struct fs_scenario *s, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s->jobs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int read_jobs(const struct ctx *cx, const config_t *cfg,
                     struct fs_scenario *s)
{
    const config_setting_t *list = config_lookup(cfg, "jobs");
    int rc;

    if (list == NULL)
        return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, "jobs",
                           "missing required list");
    if ((rc = expect_list(cx, list)) != FS_OK)
        return rc;
    s->njobs = (size_t)config_setting_length(list);
    s->jobs = calloc(s->njobs ? s->njobs : 1, sizeof(*s->jobs));
    if (s->jobs == NULL)
        return FS_ENOMEM;
    /* First pass: each job on its own; names must be known for `after`. */
    for (size_t i = 0; i < s->njobs; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_job *j = &s->jobs[i];
        const struct fs_cluster *c;
        const struct fs_chip *chip;
        unsigned char seen[NFIELDS(job_fields)] = {0};
        const char *v;
        int p;

        j->earliest_start = s->start;
        j->precision = FS_PREC_BF16;
        if ((rc = read_group(cx, g, job_fields, NFIELDS(job_fields), j, seen)) != FS_OK)
            return rc;
        if ((rc = duplicate_name(cx, list, (int)i, "job")) != FS_OK)
            return rc;
        if ((v = get_string(cx, g, "cluster", &rc)) == NULL)
            return rc;
        for (j->cluster = 0; j->cluster < s->nclusters; j->cluster++)
            if (strcmp(s->clusters[j->cluster].name, v) == 0)
                break;
        if (j->cluster == s->nclusters)
            return err_at(cx, config_setting_get_member(g, "cluster"),
                          "unknown cluster '%s'", v);
        c = &s->clusters[j->cluster];
        chip = &s->catalog.chips[c->chip];
        if (config_setting_get_member(g, "precision") != NULL) {
            if ((v = get_string(cx, g, "precision", &rc)) == NULL)
                return rc;
            if ((p = fs_precision_lookup(v)) < 0)
                return err_at(cx, config_setting_get_member(g, "precision"),
                              "expected one of \"fp4\", \"fp8\", \"int8\", \"fp16\", "
                              "\"bf16\", \"tf32\", \"fp32\" (got \"%s\")", v);
            j->precision = (enum fs_precision)p;
        }
        if (!(chip->peak_tflops[j->precision] > 0.0))
            return err_at(cx, config_setting_get_member(g, "precision")
                                  ? config_setting_get_member(g, "precision") : g,
                          "chip '%s' of cluster '%s' has no %s throughput",
                          chip->name, c->name, fs_precision_name(j->precision));
        /* FLOP budget: given, or 6 x N x D */
        if (config_setting_get_member(g, "flop") != NULL) {
            if (config_setting_get_member(g, "active_params") ||
                config_setting_get_member(g, "tokens"))
                return err_at(cx, config_setting_get_member(g, "flop"),
                              "give either 'flop' or 'active_params' and 'tokens', not both");
        } else if (j->active_params > 0.0 && j->tokens > 0.0) {
            j->flop = 6.0 * j->active_params * j->tokens;
        } else {
            return err_at(cx, g, "missing FLOP budget: set 'flop', or "
                                 "'active_params' and 'tokens'");
        }
        if (j->gpus > c->max_gpus)
            return err_at(cx, config_setting_get_member(g, "gpus"),
                          c->max_gpus == c->gpus
                              ? "more than the %d GPUs of cluster '%s' (got %d)"
                              : "more than the %d GPUs cluster '%s' will ever have, "
                                "orders included (got %d)",
                          c->max_gpus, c->name, j->gpus);
        if (j->gpus % c->gpus_per_node != 0)
            return err_at(cx, config_setting_get_member(g, "gpus"),
                          "must be a whole number of %d-GPU nodes of cluster '%s' (got %d)",
                          c->gpus_per_node, c->name, j->gpus);
        if ((rc = read_checkpoint(cx, g, j)) != FS_OK)
            return rc;
        j->checkpoint_write_h /= 60.0; /* read in minutes */
        j->restart_h /= 60.0;
        /* Young/Daly with a free checkpoint says "checkpoint continuously":
         * an interval of 0, which cannot be simulated. */
        if (j->checkpoint_auto && !(j->checkpoint_write_h > 0.0) &&
            c->fail.ttf_h.kind != FS_DIST_NONE && c->fail.node_rate_per_h > 0.0)
            return err_at(cx, config_setting_get_member(g, "checkpoint_interval_minutes")
                                  ? config_setting_get_member(g, "checkpoint_interval_minutes")
                                  : g,
                          "checkpoint interval \"auto\" needs checkpoint_write_minutes > 0 on a "
                          "cluster with failures (the optimum of a free checkpoint is 0); set "
                          "a write time or a fixed interval");
    }
    /* Second pass: dependencies. */
    for (size_t i = 0; i < s->njobs; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        const config_setting_t *after = config_setting_get_member(g, "after");
        struct fs_job *j = &s->jobs[i];
        if (after == NULL)
            continue;
        if (config_setting_type(after) == CONFIG_TYPE_STRING)
            return err_at(cx, after, "expected an array of job names [\"...\"] (got a string)");
        if (!config_setting_is_array(after) && !config_setting_is_list(after))
            return err_at(cx, after, "expected an array of job names [\"...\"]");
        if (config_setting_length(after) > FS_MAX_DEPS)
            return err_at(cx, after, "at most %d dependencies (got %d)", FS_MAX_DEPS,
                          config_setting_length(after));
        for (int k = 0; k < config_setting_length(after); k++) {
            const config_setting_t *e = config_setting_get_elem(after, (unsigned)k);
            const char *v = config_setting_get_string(e);
            int d;
            if (v == NULL) {
                char got[96];
                describe(e, got, sizeof(got));
                return err_at(cx, e, "expected a job name (got %s)", got);
            }
            if ((d = find_job(s, s->njobs, v)) < 0)
                return err_at(cx, e, "unknown job '%s'", v);
            if ((size_t)d == i)
                return err_at(cx, e, "job '%s' cannot depend on itself", v);
            j->deps[j->ndeps++] = (size_t)d;
        }
    }
    return FS_OK;
}

/*
 * Orders jobs so that every job follows its dependencies (Kahn). A job left
 * over sits on a cycle; the error walks the cycle from it and names it.
 */
static int order_jobs(const struct ctx *cx, const config_t *cfg,
                      struct fs_scenario *s)
{
    size_t n = s->njobs, done = 0;
    unsigned char *placed = calloc(n ? n : 1, 1);

    s->job_order = calloc(n ? n : 1, sizeof(size_t));
    if (placed == NULL || s->job_order == NULL) {
        free(placed);
        return FS_ENOMEM;
    }
    while (done < n) {
        int progress = 0;
        for (size_t i = 0; i < n; i++) {
            int ready = !placed[i];
            for (size_t k = 0; ready && k < s->jobs[i].ndeps; k++)
                ready = placed[s->jobs[i].deps[k]];
            if (ready) {
                placed[i] = 1;
                s->job_order[done++] = i;
                progress = 1;
            }
        }
        if (!progress)
            break;
    }
    if (done < n) {
        char cycle[256];
        size_t start = 0, cur, o = 0, steps = 0;
        const config_setting_t *after;
        /* Walk unplaced deps until a job repeats: that job is on a cycle. */
        while (placed[start])
            start++;
        cur = start;
        for (steps = 0; steps < n; steps++) {
            for (size_t k = 0; k < s->jobs[cur].ndeps; k++)
                if (!placed[s->jobs[cur].deps[k]]) {
                    cur = s->jobs[cur].deps[k];
                    break;
                }
        }
        start = cur;
        do {
            o += (size_t)snprintf(cycle + o, sizeof(cycle) - (o < sizeof(cycle) ? o : sizeof(cycle)),
                                  "'%s' -> ", s->jobs[cur].name);
            if (o >= sizeof(cycle))
                o = sizeof(cycle) - 1;
            for (size_t k = 0; k < s->jobs[cur].ndeps; k++)
                if (!placed[s->jobs[cur].deps[k]]) {
                    cur = s->jobs[cur].deps[k];
                    break;
                }
        } while (cur != start);
        snprintf(cycle + o, sizeof(cycle) - o, "'%s'", s->jobs[start].name);
        free(placed);
        after = config_setting_get_member(
            config_setting_get_elem(config_lookup(cfg, "jobs"), (unsigned)start), "after");
        return err_at(cx, after, "dependency cycle: %s", cycle);
    }
    free(placed);
    return FS_OK;
}

static int scenario_from_config(struct fs_scenario *s, const config_t *cfg,
                                const struct ctx *cx)
{
    const config_setting_t *m;
    struct fail_spec global;
    int rc;

    if ((rc = check_sections(cx, cfg, sections, sizeof(sections) / sizeof(sections[0]))) != FS_OK)
        return rc;
    if ((rc = read_scenario_meta(cx, cfg, s)) != FS_OK)
        return rc;
    if ((m = config_lookup(cfg, "chips")) != NULL &&
        (rc = read_chip_list(cx, m, &s->catalog, 1)) != FS_OK)
        return rc;
    if ((m = config_lookup(cfg, "export_rules")) != NULL &&
        (rc = read_rules(cx, m, &s->rules, &s->catalog)) != FS_OK)
        return rc;
    if ((rc = read_regions(cx, cfg, s)) != FS_OK)
        return rc;
    fail_defaults(&global);
    if ((m = config_lookup(cfg, "failures")) != NULL &&
        (rc = read_failures(cx, m, &global, 1)) != FS_OK)
        return rc;
    if ((rc = read_clusters(cx, cfg, s, &global)) != FS_OK)
        return rc;
    if ((rc = read_channels(cx, cfg, s)) != FS_OK || (rc = read_supply(cx, cfg, s)) != FS_OK ||
        (rc = read_orders(cx, cfg, s)) != FS_OK)
        return rc;
    for (size_t i = 0; i < s->nclusters; i++)
        if (s->clusters[i].max_gpus == 0)
            return err_at(cx, config_setting_get_elem(config_lookup(cfg, "clusters"), (unsigned)i),
                          "cluster '%s' has no GPUs: set 'gpus' or order some",
                          s->clusters[i].name);
    if ((rc = read_jobs(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = order_jobs(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = read_strategies(cx, cfg, s)) != FS_OK || (rc = read_sensitivity(cx, cfg, s)) != FS_OK)
        return rc;
    return FS_OK;
}

int fs_scenario_load(struct fs_scenario **out, const char *path,
                     const struct fs_catalog *base, const struct fs_rulebook *rules,
                     const struct fs_override *overrides, size_t n,
                     struct fs_diag *diag)
{
    struct fs_scenario *s;
    struct ctx cx = {path, diag, overrides, n};
    config_t cfg;
    int rc = FS_OK;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    snprintf(s->file, sizeof(s->file), "%s", path);
    config_init(&cfg);
    errno = 0;
    if (config_read_file(&cfg, path) != CONFIG_TRUE)
        rc = read_error(&cfg, path, diag);
    for (size_t i = 0; rc == FS_OK && i < n; i++)
        rc = apply_override(&cfg, &overrides[i], (uintptr_t)(i + 1), diag);
    if (rc == FS_OK && (rc = fs_catalog_copy(&s->catalog, base)) != FS_OK)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK && (rc = fs_rulebook_copy(&s->rules, rules)) != FS_OK)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK)
        rc = scenario_from_config(s, &cfg, &cx);
    if (rc == FS_ENOMEM)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    config_destroy(&cfg);
    if (rc != FS_OK) {
        fs_scenario_free(s);
        return rc;
    }
    *out = s;
    return FS_OK;
}

void fs_scenario_free(struct fs_scenario *s)
{
    if (s == NULL)
        return;
    fs_catalog_release(&s->catalog);
    fs_rulebook_release(&s->rules);
    free(s->regions);
    free(s->clusters);
    free(s->jobs);
    free(s->job_order);
    free(s->channels);
    free(s->supplies);
    free(s->orders);
    free(s->strategies);
    free(s->sens);
    free(s);
}

/* ---- settings reference ------------------------------------------------ */

static void print_table(FILE *out, const char *title, const struct field *f, size_t n)
{
    fprintf(out, "\n### `%s`\n\n| setting | type | unit | range | meaning |\n"
                 "|---|---|---|---|---|\n", title);
    for (size_t i = 0; i < n; i++) {
        static const char *const tn[] = {"number", "integer", "string", "string",
                                         "string", "date", "string", "boolean",
                                         "see meaning"};
        char rng[64] = "";
        if (f[i].type == F_DOUBLE || f[i].type == F_INT)
            snprintf(rng, sizeof(rng), "%s %g .. %g", f[i].flags & F_MIN_EXCL ? ">" : ">=",
                     f[i].min, f[i].max);
        else if (f[i].type == F_ENUM) {
            size_t o = 0;
            for (int k = 0; f[i].choices[k] && o < sizeof(rng); k++)
                o += (size_t)snprintf(rng + o, sizeof(rng) - o, "%s`%s`", k ? ", " : "",
                                      f[i].choices[k]);
        }
        fprintf(out, "| `%s`%s | %s | %s | %s | %s |\n", f[i].name,
                f[i].flags & F_REQUIRED ? " (required)" : "", tn[f[i].type],
                f[i].unit, rng, f[i].doc);
    }
}

void fs_scenario_print_params(FILE *out)
{
    print_table(out, "scenario", scenario_fields, NFIELDS(scenario_fields));
    print_table(out, "regions[]", region_fields, NFIELDS(region_fields));
    print_table(out, "chips[]", chip_fields, NFIELDS(chip_fields));
    print_table(out, "export_rules[]", rule_fields, NFIELDS(rule_fields));
    print_table(out, "export_rules[].tests[]", test_fields, NFIELDS(test_fields));
    print_table(out, "export_rules[].tests[].any[]", clause_fields, NFIELDS(clause_fields));
    print_table(out, "failures", failure_fields, NFIELDS(failure_fields));
    print_table(out, "failures.causes[]", cause_fields, NFIELDS(cause_fields));
    print_table(out, "clusters[]", cluster_fields, NFIELDS(cluster_fields));
    print_table(out, "jobs[]", job_fields, NFIELDS(job_fields));
    print_table(out, "orders[]", order_fields, NFIELDS(order_fields));
    print_table(out, "channels[]", channel_fields, NFIELDS(channel_fields));
    print_table(out, "supply[]", supply_fields, NFIELDS(supply_fields));
    print_table(out, "distributions (a number, or a group)", dist_fields, NFIELDS(dist_fields));
    print_table(out, "strategies[]", strategy_fields, NFIELDS(strategy_fields));
    print_table(out, "sensitivity[]", sens_fields, NFIELDS(sens_fields));
}
