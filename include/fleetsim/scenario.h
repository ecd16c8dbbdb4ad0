/*
 * scenario.h - the validated, resolved, immutable description of one run.
 *
 * The loader (loader/cfg.c and one loader/cfg_<section>.c per section) reads a libconfig file, checks every setting,
 * converts units once (rates to per hour, minutes to hours, dates to day
 * numbers) and resolves names to indices. After fs_scenario_load returns
 * FS_OK, nothing in the scenario changes; replicates only read it.
 */
#ifndef FLEETSIM_SCENARIO_H
#define FLEETSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fleetsim/catalog.h"
#include "fleetsim/date.h"
#include "fleetsim/dist.h"
#include "fleetsim/error.h"
#include "fleetsim/export.h"
#include "fleetsim/throughput.h"

enum fs_ownership { FS_OWNED, FS_RENTED };

/* Where a job's MFU comes from. */
enum fs_mfu_source {
    FS_MFU_GIVEN,               /* `mfu` in the scenario */
    FS_MFU_THROUGHPUT,          /* an achieved throughput (tokens or TFLOP/s per GPU) */
    FS_MFU_ACCOUNTING,          /* GPU-hours or duration on the job's GPUs */
    FS_MFU_PREDICTED            /* the throughput model (throughput.h) */
};

#define FS_MAX_CAUSES 24

/* One cause of failures (a row of Llama 3's Table 5, say). */
struct fs_failure_cause {
    char name[FS_NAME_MAX];
    char category[FS_NAME_MAX]; /* e.g. "GPU", "Host", "Network" */
    double weight;              /* relative frequency (a count or a share) */
    int node_out;               /* takes the node out for repair */
    double detect_h;            /* time before the failure is noticed, h */
};

#define FS_MAX_GROUPS 8
#define FS_MAX_JOB_CAUSES 8

/* A group of a cluster's nodes with a failure model of their own: a bad
 * batch, or a regression that starts on a date. */
struct fs_node_group {
    char name[FS_NAME_MAX];
    double share;               /* probability that a node belongs */
    double rate_multiplier;     /* failure rate / the cluster's */
    struct fs_dist ttf_h;       /* resolved: mean = the cluster's / multiplier */
    double fix_probability;     /* a repair makes the node a normal one */
    fs_date from;               /* the group's nodes turn bad on this date */
};

/* A failure of the job itself (software, NCCL watchdog): only while it
 * runs, at per_h + per_node_h x its nodes per running hour; no repair. */
struct fs_job_cause {
    char name[FS_NAME_MAX];
    double per_h, per_node_h;
    double detect_h;            /* time before it is noticed, h */
    int rollback;               /* checkpoints it rolls back (1: the last;
                                   more for a loss spike) */
};

/* Failure model of one cluster, resolved to per-node figures. */
struct fs_failure_cfg {
    struct fs_dist ttf_h;       /* time to the next failure of one node, h,
                                   drawn afresh at each failure and repair:
                                   none, exponential (mean a) or weibull
                                   (mean a, shape k = b; k < 1 wear-in,
                                   k > 1 wear-out); a = 1 / node_rate_per_h */
    double node_rate_per_h;     /* job-interrupting failures per node-hour
                                   (0 when failures are off) */
    struct fs_dist repair_h;    /* node repair time, h: fixed (a), exponential
                                   (mean a) or lognormal (mean a, cv b) */
    double node_out_fraction;   /* share of failures that take the node
                                   out for repair; the rest only restart */
    double maintenance_per_day; /* planned job interruptions per day */
    double maintenance_h;       /* length of one planned interruption, h */
    struct fs_failure_cause causes[FS_MAX_CAUSES]; /* if any, each failure
                                   draws one; its node_out replaces
                                   node_out_fraction */
    size_t ncauses;
    double detect_h;            /* detection time of failures without causes */
    double manual_probability;  /* a repair needs a manual stage after */
    struct fs_dist manual_h;    /* the manual stage's time, h */
    struct fs_node_group groups[FS_MAX_GROUPS];
    size_t ngroups;
    struct fs_job_cause job_causes[FS_MAX_JOB_CAUSES];
    size_t njob_causes;
    int domain_nodes;           /* nodes per failure domain (0: none): node
                                   i is in domain i / domain_nodes */
    struct fs_dist domain_ttf_h;    /* time between failures of a domain */
    struct fs_dist domain_repair_h; /* a domain's repair time */
    double straggler_rate_per_h;/* a node turns slow, per node-hour */
    double straggler_slowdown;  /* the job runs this many times slower */
    double straggler_detect_h;  /* until the slow node is found and removed */
    int elastic;                /* a job short of nodes continues on fewer */
    double elastic_min_share;   /* ... if it keeps at least this share */
    int while_computing;        /* failure_clocks = "while_computing": node
                                   failures only while their job computes */
};

/* Uncertain inputs (struct fs_dist, dist.h) are drawn per replicate or per
 * order: fixed, uniform, lognormal or beta. */

#define FS_MAX_CHANNELS 64

/* A procurement channel other than direct purchase: grey imports that
 * bypass export rules at a premium, with delay and a risk of interdiction. */
struct fs_channel {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    struct fs_dist premium;       /* share added to the unit price */
    struct fs_dist extra_delay_d; /* days added to the lead time */
    struct fs_dist interdiction;  /* probability an order is seized */
    double prepaid_share;         /* share paid up front, lost on seizure */
};

/* A limit on deliveries of a chip made in limited volume. */
struct fs_supply {
    size_t chip;                  /* catalog index */
    double per_month;             /* GPUs deliverable per 30.4375-day month */
    fs_date start;                /* months count from here */
    char source[FS_TEXT_MAX];
};

/* An order of chips for a cluster. */
struct fs_order {
    char name[FS_NAME_MAX];
    fs_date date;                 /* placed */
    size_t chip;
    int count;                    /* GPUs */
    double unit_price_usd;        /* per GPU, all-in, before any premium */
    struct fs_dist lead_days;     /* order to shipment */
    size_t cluster;
    int channel;                  /* index into channels; -1 = direct */
    int reexport;                 /* shipped from a third country, not the exporter's */
    char source[FS_TEXT_MAX];
};

struct fs_region {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    struct fs_groups groups;    /* export-control country groups, e.g. "D:5" */
    int buyer;                  /* index into rules.buyers: who buys here; -1 none */
    int state_funded;           /* clusters here are state funded */
};

/* A cluster's cost settings beyond capex and power (cost.h, docs/model.md,
 * "Costs"). The loader's defaults reproduce the straight-line model. */
struct fs_cluster_cost {
    int capital;                /* enum fs_capital (cost.h) */
    double cost_of_capital;     /* annuity: rate per year */
    double decay_ooms_per_year; /* value_decay: price-performance OOM/yr */
    double residual_value;      /* share of capex left at end of life */
    double hours_per_year;      /* 8760 (also when 0); Epoch's preset 8766 */
    double server_overhead;     /* 0: the chip's (its family default) */
    double interconnect_share;  /* if has_interconnect_share, else the chip's */
    double storage_share;       /* if has_storage_share, else the chip's */
    int has_interconnect_share, has_storage_share, has_idle_power_share;
    double maintenance_share_per_year; /* of all-in capex */
    double colocation_usd_per_kw_month;/* per kW of server power */
    double build_usd_per_mw;    /* per MW of server power */
    double build_life_years;
    double staff_usd_per_year;
    double idle_power_share;    /* idle draw / server power, if
                                   has_idle_power_share (else as busy) */
    double gpu_price_usd;       /* the price the all-in capex came from */
    int epoch;                  /* cost_method = "epoch" */
    struct fs_price_curve price;  /* purchase, USD per GPU (all-in) */
    struct fs_price_curve rent;   /* rental, USD per GPU-hour */
};

struct fs_cluster {
    char name[FS_NAME_MAX];
    size_t region;              /* index into scenario regions */
    size_t chip;                /* index into the scenario's catalog */
    int gpus;                   /* GPUs available to jobs */
    int gpus_per_node;
    int spare_nodes;            /* hot-spare nodes beyond `gpus` */
    fs_date online;             /* date the cluster enters service */
    enum fs_ownership ownership;
    double capex_usd_per_gpu;   /* owned: purchase cost per GPU, all-in */
    int capex_from_catalog;     /* capex taken from the chip's list price */
    double amortization_years;  /* owned: straight-line life */
    double rental_usd_per_gpu_h;/* rented: price; owned: rental-equivalent */
    double power_usd_per_kwh;
    double pue;
    fs_date retire;             /* out of service from this day (INT32_MAX: never) */
    int max_gpus;               /* gpus plus every GPU ordered for it */
    double server_power_factor; /* server power / GPU TDP */
    double avg_load;            /* average draw / server power in training */
    struct fs_failure_cfg fail;
    struct fs_cluster_cost cost;
};

#define FS_MAX_DEPS 16
#define FS_MAX_CANDIDATES 16

/* Where a job with candidate clusters goes (docs/model.md, "Placement"). */
enum fs_placement {
    FS_PLACE_FIRST,             /* the first candidate that can host it */
    FS_PLACE_EARLIEST_FINISH    /* the one expected to finish it first */
};

/* One cluster a job may run on, with the job's speed resolved there. */
struct fs_job_candidate {
    size_t cluster;             /* index into scenario clusters */
    double mfu;                 /* the job's MFU on that cluster's chip */
    /* A ramped start whose MFU the throughput model predicts: the job's
     * FLOP/s on n of its nodes there, n = 0..gpus / gpus_per_node (0 below
     * the start share: never used). NULL: the rate is in proportion to
     * the nodes (docs/model.md, "Ramped starts"). Owned by the scenario. */
    double *ramp_flops;
};

/* A published speed set beside the job's own (informational: it changes
 * nothing the simulator does). tokens_per_gpu_s == 0: none given. */
struct fs_published {
    double gpu_h_per_1e12_tokens; /* as given, or 0 */
    double tokens_per_gpu_s;      /* given, or 1e12 / (3,600 x GPU-h per 1e12) */
    char source[FS_TEXT_MAX];
};

struct fs_job {
    char name[FS_NAME_MAX];
    size_t cluster;             /* index into scenario clusters: the first
                                   candidate (cand[0].cluster) */
    /* Candidate clusters in order of preference; ncand == 1 for a job with
     * `cluster` (cand[0] = {cluster, mfu}). */
    struct fs_job_candidate cand[FS_MAX_CANDIDATES];
    size_t ncand;
    enum fs_placement placement;
    int gpus;
    double flop;                /* FLOP budget (given, or 6 x N x D) */
    double active_params;       /* 0 if the budget was given directly */
    double tokens;              /* 0 if the budget was given directly */
    enum fs_precision precision;
    double mfu;                 /* model FLOPs utilisation, (0, 1], 6N
                                   convention: given, or resolved from the
                                   forms below by the loader */
    enum fs_mfu_source mfu_source;
    /* mfu_source == FS_MFU_THROUGHPUT / _ACCOUNTING: what was given. */
    double given_tokens_per_gpu_s, given_tflops_per_gpu, given_gpu_h_per_1e12_tokens;
    double given_gpu_hours, given_duration_days;
    /* mfu_source == FS_MFU_PREDICTED: the model's shape, the parallelism
     * (degrees 0 = searched when par_auto) and the predicted step. */
    int has_shape;
    struct fs_model_shape shape;
    struct fs_parallel par;
    int par_auto;
    struct fs_step step;
    struct fs_published published;
    fs_date earliest_start;     /* scenario start if not set */
    size_t deps[FS_MAX_DEPS];   /* jobs that must finish first */
    size_t ndeps;
    int checkpoint_auto;        /* interval from Young/Daly at run time */
    double checkpoint_interval_h;
    double checkpoint_write_h;
    double restart_h;
    int priority;               /* higher runs first on a shared cluster */
    fs_date deadline;           /* to finish by the end of this day;
                                   INT32_MAX: none */
    double ramp_start_share;    /* starts when this share of its nodes is
                                   free and grows as more come; 1: all */
};

#define FS_MAX_SETS 32

/* A named variant of the scenario: overrides applied to the base. */
struct fs_strategy {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    /* Its changes in the order applied: `add` (one entry, the path of
     * the list in the file), then each `remove`, then each `set`. */
    char sets[FS_MAX_SETS][FS_TEXT_MAX];    /* "path=value", or a path */
    char paths[FS_MAX_SETS][FS_TEXT_MAX];   /* "strategies[i].set[k]", for errors */
    unsigned lines[FS_MAX_SETS];
    int ops[FS_MAX_SETS];                   /* enum fs_override_op (cfg.h) */
    size_t nsets;
};

/* An uncertain input for the sensitivity analysis. */
struct fs_sens_input {
    char label[FS_NAME_MAX];
    char path[FS_TEXT_MAX];     /* a numeric setting, as for --set */
    double low, high;
    char source[FS_TEXT_MAX];
    unsigned line;
};

struct fs_sobol_spec; /* sobol.h */

struct fs_scenario {
    char name[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    char file[FS_TEXT_MAX];     /* path it was loaded from */
    fs_date start;
    double horizon_days;
    uint64_t seed;
    int replicates;
    struct fs_catalog catalog;  /* built-in catalog + the scenario's chips */
    struct fs_rulebook rules;   /* built-in export rules + the scenario's */
    struct fs_region *regions;
    size_t nregions;
    struct fs_cluster *clusters;
    size_t nclusters;
    struct fs_job *jobs;
    size_t njobs;
    size_t *job_order;          /* a topological order of jobs */
    struct fs_channel *channels;
    size_t nchannels;
    struct fs_supply *supplies;
    size_t nsupplies;
    struct fs_order *orders;
    size_t norders;
    struct fs_strategy *strategies;
    size_t nstrategies;
    struct fs_sens_input *sens;
    size_t nsens;
    struct fs_sobol_spec *sobol; /* the `sobol` group, or NULL (sobol.h) */
    /* Warnings of the loader: valid settings that are probably not what was
     * meant (loader/lint.c). Printed by the caller as "warning: ...". */
    char **warnings;
    size_t nwarnings;
};


/* ---- resolved-scenario helpers (models/scenario.c) ---------------------- */
/* The chip a cluster runs (an entry of the scenario's catalog). */
const struct fs_chip *fs_cluster_chip(const struct fs_scenario *s,
                                      const struct fs_cluster *c);

/* GPUs a cluster owns at its online date: gpus plus spare nodes. */
double fs_cluster_initial_gpus(const struct fs_cluster *c);

/* Days from the scenario start to day d (negative before the start). Exact:
 * computed in double, so no int overflow even for far dates. */
double fs_date_days(const struct fs_scenario *s, fs_date d);

/* Simulated time of 00:00 UTC on day d, hours since the scenario start:
 * fs_date_days(s, d) x 24 (exact for any fs_date). */
double fs_date_h(const struct fs_scenario *s, fs_date d);

/* The calendar day that contains simulated time t_h (hours since start). */
fs_date fs_h_date(const struct fs_scenario *s, double t_h);

/* The scenario's horizon in simulated hours: horizon_days x 24. */
double fs_horizon_h(const struct fs_scenario *s);

/* Simulated hour a cluster retires, INFINITY if it never does. */
double fs_cluster_retire_h(const struct fs_scenario *s, const struct fs_cluster *c);

#endif
