/*
 * result.h - what one replicate produces: per job and per cluster figures.
 *
 * Plain data, written by the engine (sim/replicate.c) and by the cost model
 * (models/cost.c), read by statistics and output. Kept apart from replicate.h so
 * that models depend on the resolved scenario and these structs only, never
 * on the engine.
 */
#ifndef FLEETSIM_RESULT_H
#define FLEETSIM_RESULT_H

#include "fleetsim/scenario.h"

/* Why a running job stopped. XX(ID, name) */
#define FS_CAUSE_MAP(XX)                                                      \
    XX(NODE_OUT, "failure_node_out")                                          \
    XX(RESTART, "failure_restart_only")                                       \
    XX(PLANNED, "planned_maintenance")                                        \
    XX(JOB, "failure_job")                                                    \
    XX(DOMAIN, "failure_domain")                                              \
    XX(STRAGGLER, "straggler_removed")

enum fs_cause {
#define XX(id, name) FS_CAUSE_##id,
    FS_CAUSE_MAP(XX)
#undef XX
    FS_CAUSE_COUNT
};


/* What one job did in one replicate. Times are hours since scenario start. */
struct fs_job_result {
    int started;             /* got its GPUs within the horizon */
    int finished;            /* completed its FLOP budget within the horizon */
    int placement;           /* candidate it started on (index into the
                                job's cand[]), -1 if it never started */
    double ready_h;          /* dependencies met and earliest start reached */
    double start_h;          /* first got its GPUs (NAN if never) */
    double end_h;            /* finished, or the horizon if unfinished */
    double wait_hardware_h;  /* of the wait from ready, the part before the
                                cluster owned enough GPUs (deliveries) */
    double progress;         /* share of the FLOP budget done at end_h */
    double checkpoint_interval_h; /* interval used (INFINITY: none needed) */
    /* GPU-hours; allocated = useful + lost + checkpoint + restart + idle */
    double gpu_h_allocated;  /* GPUs x (end_h - start_h) */
    double gpu_h_useful;     /* compute that counts toward the budget */
    double gpu_h_lost;       /* compute and checkpoint writes rolled back */
    double gpu_h_checkpoint; /* completed checkpoint writes */
    double gpu_h_restart;    /* restarting after interruptions */
    double gpu_h_idle;       /* held while waiting for nodes or maintenance */
    double gpu_h_detect;     /* of gpu_h_lost: hung before failures were
                                noticed (detection_minutes) */
    double gpu_h_straggler;  /* of gpu_h_lost: compute a slow node cost in
                                work that was saved (stragglers) */
    double gpu_h_ramp_short; /* a ramped start: GPU-hours of its GPUs it did
                                not yet hold (G x run time - held) */
    unsigned interruptions[FS_CAUSE_COUNT];
    unsigned checkpoints;
    unsigned by_cause[FS_MAX_CAUSES]; /* failure interruptions by the
                                         cluster's failure causes, if any */
    double energy_mwh;       /* facility energy of the allocated GPU-hours */
    double rental_usd;       /* allocated GPU-hours x $/GPU-h */
    double capex_share_usd;  /* its share of the cluster's capex while held */
    /* Total cost of ownership = sum of the four components below. */
    double tco_usd;
    double tco_capex_usd;    /* capex (or rent) of productive GPU-hours */
    double tco_energy_usd;   /* energy of productive GPU-hours */
    double tco_lost_usd;     /* capex + energy of lost, restart, idle hours */
    double tco_idle_capacity_usd; /* the cluster's unused GPUs during the run */
    /* Attribution views (sim/costview.c; docs/model.md "Costs"): marginal
     * is rental_usd, dedicated is tco_usd. */
    double fleet_usd;        /* the whole fleet's cost over the horizon in
                                this replicate (the same for every job) */
    double absorption_usd;   /* full absorption: fleet_usd / the jobs'
                                GPU-hours x this job's GPU-hours */
};

/* The cluster job j ran on in a replicate (its first candidate if it never
 * started): costs and power follow this cluster. */
static inline size_t fs_job_result_cluster(const struct fs_scenario *s, size_t j,
                                           const struct fs_job_result *r)
{
    return r->placement >= 0 ? s->jobs[j].cand[r->placement].cluster : s->jobs[j].cluster;
}

/* What one cluster did in one replicate. */
struct fs_cluster_result {
    unsigned node_failures;  /* all failures of its nodes, busy or idle */
    unsigned repairs;        /* failures that took a node out */
    unsigned manual_repairs; /* of those, with a manual stage */
    unsigned group_failures; /* failures of nodes acting as a node group's */
    unsigned domain_failures;/* failure domains (racks, switches) lost */
    unsigned stragglers;     /* slow nodes that slowed a running job */
    unsigned by_cause[FS_MAX_CAUSES]; /* failures by cause, if causes are set */
    double gpu_h_jobs;       /* GPU-hours held by the scenario's jobs */
    double gpu_h_unused;     /* in-service GPU-hours no job held */
    double idle_capacity_usd;/* capex of the unused GPU-hours */
    /* The cluster over the horizon, deliveries included. */
    double gpus_end;         /* GPUs owned at the horizon (spares included) */
    double gpu_h_in_service; /* GPU-hours owned and in service */
    double fleet_capex_usd;  /* amortised capex within the horizon */
    double fleet_energy_usd; /* every GPU in service at avg_load */
    double fleet_energy_mwh;
    double fleet_rental_usd; /* rented clusters */
    double fleet_rental_equiv_usd; /* what its GPU-hours in service would
                                cost rented: owned, x rental_usd_per_gpu_h;
                                rented, the rent paid */
    double fleet_datacentre_usd; /* maintenance, colocation or build, staff
                                over the horizon (fs_cost_datacentre_usd) */
    double fleet_usd;        /* capex + energy + rental + datacentre */
    double outlay_gpus;      /* GPUs received within the horizon (initial
                                + deliveries; fs_cost_hardware_outlay) */
    double outlay_gpu_only_usd;
    double outlay_all_in_usd;
};

#endif
