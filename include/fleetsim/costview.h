/*
 * costview.h - the cost figures analysts quote, per replicate and over the
 * replicates: hardware outlay, the fleet's cost over the horizon and its
 * annual cost, cost per delivered GPU-hour, rent vs buy, and each job's
 * three attribution views (marginal, full absorption, dedicated).
 * Equations and a worked example: docs/model.md, "Costs".
 */
#ifndef FLEETSIM_COSTVIEW_H
#define FLEETSIM_COSTVIEW_H

#include <stdio.h>

#include "fleetsim/cost.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/procure.h"
#include "fleetsim/result.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"

/* The job cost view a comparison ranks by. XX(ID, name, metric) */
#define FS_VIEW_MAP(XX)                                                       \
    XX(ABSORPTION, "absorption", FS_M_ABSORB)                                 \
    XX(MARGINAL, "marginal", FS_M_RENTAL)                                     \
    XX(DEDICATED, "dedicated", FS_M_TCO)

enum fs_cost_view {
#define XX(id, name, m) FS_VIEW_##id,
    FS_VIEW_MAP(XX)
#undef XX
    FS_VIEW_COUNT
};

/* "absorption", "marginal", "dedicated"; "?" out of range. */
const char *fs_view_name(enum fs_cost_view v);
/* A phrase for titles: "full absorption (fleet cost per delivered GPU-h x
 * GPU-h)" etc. */
const char *fs_view_title(enum fs_cost_view v);
/* The per-job metric of view v (FS_M_ABSORB, FS_M_RENTAL, FS_M_TCO). */
enum fs_metric fs_view_metric(enum fs_cost_view v);
/* Parses a view name; FS_OK or FS_EUSAGE. */
int fs_view_parse(const char *name, enum fs_cost_view *out);

/* Scenarios with more clusters than this get no outlay (NAN): the run loop
 * allocates nothing, so the outlay's scratch array is on the stack. */
#define FS_MAX_CLUSTERS_VIEW 64

/*
 * After fs_cluster_costs: fills each cluster's datacentre cost over the
 * horizon, its total fleet cost and hardware outlay (from the replicate's
 * deliveries), and each job's fleet_usd and absorption_usd =
 * fleet cost / the jobs' allocated GPU-hours x its allocated GPU-hours (0
 * when no job held a GPU).
 */
void fs_cost_views_fill(const struct fs_scenario *s, const struct fs_delivery *dv, size_t ndv,
                        struct fs_job_result *jobs, struct fs_cluster_result *clusters);

/* Per cluster, means over the replicates of mc (caller's storage). */
struct fs_cluster_costs_mean {
    double gpus, gpu_only, server, all_in; /* outlay: GPUs received, USD */
    double u;                              /* jobs' / in-service GPU-hours */
    struct fs_annual_cost annual;          /* fs_cost_annual at u */
    double per_delivered;                  /* annual / (gpus x hpy x u) */
    struct fs_rent_vs_buy rvb;
    double fleet_usd;                      /* over the horizon */
};
void fs_cost_cluster_means(const struct fs_mc *mc, size_t c, struct fs_cluster_costs_mean *out);

/* The terminal's cost tables: the one-table summary (fleet outlay, annual
 * cost, cost per delivered GPU-hour, each job's three views), costs by
 * cluster with rent vs buy, and per job MTTF/MTBF, ETTR and MFU. */
void fs_report_costs(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out);

/* The fleet header's power model: idle GPUs draw as busy ones unless a
 * cluster sets idle_power_share (docs/model.md, "Datacentre and idle power"). */
const char *fs_cost_power_model_text(const struct fs_scenario *s);

/* results.json: the cost fields of cluster c (means over replicates), each
 * as `, "name": value` (null when not finite): datacentre_usd, outlay_gpus,
 * outlay_gpu_only_usd, outlay_server_usd, outlay_all_in_usd, utilisation,
 * annual_usd, usd_per_delivered_gpu_hour, breakeven_utilisation. */
void fs_json_cluster_costs(const struct fs_mc *mc, size_t c, FILE *f);

#endif
