/*
 * output.h - what a simulation run produces: the summary table on stdout,
 * summary.csv, replicates.csv and results.json in the output folder, and
 * the event trace of one replicate. Files are written whole or not at all
 * (temporary files, renamed into place once every file is complete).
 */
#ifndef FLEETSIM_OUTPUT_H
#define FLEETSIM_OUTPUT_H

#include <stdio.h>

#include "fleetsim/error.h"
#include "fleetsim/mc.h"
#include "fleetsim/outfile.h"

/* The per-job quantities reported. XX(ID, column stem with unit, finished only) */
#define FS_METRIC_MAP(XX)                                                     \
    XX(TTT, "time_to_train_days", 1)                                          \
    XX(WAIT, "wait_before_start_days", 0)                                     \
    XX(WAIT_HW, "wait_for_hardware_days", 0)                                  \
    XX(END, "end_day", 0)                                                     \
    XX(PROGRESS, "progress_share", 0)                                         \
    XX(ALLOC, "gpu_hours_allocated", 0)                                       \
    XX(USEFUL, "gpu_hours_useful", 0)                                         \
    XX(LOST, "gpu_hours_lost", 0)                                             \
    XX(CKPT, "gpu_hours_checkpoint", 0)                                       \
    XX(RESTART, "gpu_hours_restart", 0)                                       \
    XX(IDLE, "gpu_hours_idle", 0)                                             \
    XX(GOODPUT, "goodput_share", 0)                                           \
    XX(INTERRUPTS, "interruptions", 0)                                        \
    XX(INT_OUT, "interruptions_failure_node_out", 0)                          \
    XX(INT_RESTART, "interruptions_failure_restart_only", 0)                  \
    XX(INT_PLANNED, "interruptions_planned_maintenance", 0)                   \
    XX(CHECKPOINTS, "checkpoints", 0)                                         \
    XX(ENERGY, "energy_mwh", 0)                                               \
    XX(RENTAL, "rental_usd", 0)                                               \
    XX(TCO, "tco_usd", 0)                                                     \
    XX(TCO_CAPEX, "tco_capex_usd", 0)                                         \
    XX(TCO_ENERGY, "tco_energy_usd", 0)                                       \
    XX(TCO_LOST, "tco_lost_work_usd", 0)                                      \
    XX(TCO_IDLE, "tco_idle_capacity_usd", 0)

enum fs_metric {
#define XX(id, name, fin) FS_M_##id,
    FS_METRIC_MAP(XX)
#undef XX
    FS_M_COUNT
};

const char *fs_metric_name(enum fs_metric m);

/* One job's metric in one replicate; NAN where it does not exist (the time
 * to train of a run that did not finish, the wait of one that never began). */
double fs_metric_value(const struct fs_job_result *r, enum fs_metric m);

/* Statistics of every metric of every job: stats[job * FS_M_COUNT + m]. */
struct fs_summary {
    size_t njobs;
    struct fs_stat *stats;
};

int fs_summary_compute(const struct fs_mc *mc, struct fs_summary *out);
void fs_summary_release(struct fs_summary *sum);

/*
 * Means over replicates of cluster c's fleet figures over the horizon
 * (GPUs at the horizon, GPU-hours in service, capex, energy, rental): the
 * numbers behind the "fleet" table, results.json and the cost chart.
 */
void fs_fleet_mean(const struct fs_mc *mc, size_t c, struct fs_cluster_result *out);

/* The results table on stdout. */
void fs_report_results(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out);

/*
 * Writes summary.csv, replicates.csv, results.json, orders.csv,
 * fleet_timeline.csv and rules.csv into dir (created if needed), each
 * through a temporary file renamed into place only when all are complete.
 * FS_OK or FS_EIO with diag naming the file.
 */
int fs_write_results(const struct fs_mc *mc, const struct fs_summary *sum, const char *dir,
                     struct fs_diag *diag);

/* Runs replicate `rep` again with the event trace on and writes it to path
 * (atomically), or to standard output if path is "-". */
int fs_write_trace(const struct fs_scenario *s, unsigned long rep, const char *path,
                   struct fs_diag *diag);

struct fs_dated_event;

/*
 * Dated events to mark on calendar charts: the effective date of each rule
 * in force that reaches a region of the scenario, and each order's date, up
 * to the horizon (earlier ones too: the capacity chart shows the history).
 * Labels are the rule ids and order names (pointing into the scenario).
 * Returns an array of *count events, however many, that the caller frees;
 * NULL (and *count 0) when out of memory.
 */
struct fs_dated_event *fs_dated_events(const struct fs_scenario *s, size_t *count);

#endif
