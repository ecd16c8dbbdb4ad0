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
#include "fleetsim/montecarlo.h"
#include "fleetsim/stats.h"
#include "fleetsim/outfile.h"

/* The results table on stdout. */
void fs_report_results(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out);

/* Each job's P(finished by the end of day `day`) over all replicates, with
 * its Wilson 95 % interval (--by-date); label names the variant (NULL: the
 * scenario alone). */
void fs_report_finish_by(const struct fs_mc *mc, const char *label, fs_date day, FILE *out);

/*
 * Writes summary.csv, replicates.csv, results.json, orders.csv,
 * fleet_timeline.csv and rules.csv into dir (created if needed), each
 * through a temporary file renamed into place only when all are complete.
 * FS_OK or FS_EIO with diag naming the file.
 */
int fs_write_results(const struct fs_mc *mc, const struct fs_summary *sum, const char *dir,
                     struct fs_diag *diag);

/* fs_write_results for a study's baseline (v[0]); when `compare` is set,
 * results.json also carries the study's "comparisons". */
struct fs_study;
int fs_write_study_results(const struct fs_study *st, int compare, const char *dir,
                           struct fs_diag *diag);

/* fleet_timeline.csv of mc (sim/timeline.c): GPUs in service and peak
 * PFLOP/s by chip on a regular grid of dates covering the fleet_capacity
 * chart's range. FS_OK or FS_ENOMEM (nothing written). */
int fs_write_timeline_csv(const struct fs_mc *mc, FILE *f);

/* replicates.csv of mc: one row per replicate and job, every metric. */
void fs_write_replicates_csv(const struct fs_mc *mc, FILE *f);

/* --all-replicates: replicates_NAME.csv for every variant of the study
 * (v[0] too), NAME its label with every character but letters, digits,
 * '.', '-' and '_' turned to '_' (at most 80 of them), and "_2", "_3"...
 * appended where two names would meet, ignoring case. Written atomically
 * into dir. FS_OK or FS_EIO/FS_ENOMEM with diag. */
int fs_write_all_replicates(const struct fs_study *st, const char *dir, struct fs_diag *diag);

/* The file name fs_write_all_replicates gives variant k of st. */
void fs_replicates_file_name(const struct fs_study *st, size_t k, char *out, size_t len);

/* results.json's "inputs" (the resolved scenario) and "comparisons" (a
 * study's variants and paired differences) members, each written as
 * ",\n  \"key\": {...}" (sim/results_json.c; schema in docs/outputs.md). */
void fs_write_inputs_json(const struct fs_scenario *s, FILE *f);
void fs_write_comparisons_json(const struct fs_study *st, FILE *f);

/* Writes the event trace mc recorded during the run (fs_mc_run_traced) to
 * path (atomically), or to standard output if path is "-". */
int fs_write_trace(const struct fs_mc *mc, const char *path, struct fs_diag *diag);

/*
 * A job's throughput as results.json writes it: {"mfu_source", "mfu" and
 * "mfu_convention": "6N", "mfu_with_attention", the step and its parts in
 * seconds (step_s, compute_s, bubble_s, tp_s, ep_s, pp_s, dp_s),
 * "tokens_per_gpu_s", "memory_gb": {weights, gradients, optimizer,
 * activations, total} and "parallel": {tp, pp, dp, ep, cp, vpp, schedule,
 * zero, micro_batch, recompute}}; null where the job was not predicted.
 * tokens_per_gpu_s is the given or predicted figure, else the rate over 6N
 * FLOPs a token when the job gave its active parameters, else null.
 */
/* The job's `published` member of results.json (",\n  \"published\": {...}"), with
 * the difference to its own speed; writes nothing for a job without one. */
void fs_write_published_json(const struct fs_scenario *s, const struct fs_job *j, FILE *f);

void fs_write_throughput_json(const struct fs_scenario *s, const struct fs_job *j, FILE *f);

/*
 * The rows of throughput.csv for a scenario's jobs in run order, the same
 * fields with units in the column names, each row led by the variant's
 * label, its value (NAN: empty) and its input; header: the header first.
 * Empty fields where the job was not predicted.
 */
void fs_write_throughput_csv(const struct fs_scenario *s, const char *variant, double value,
                             const char *input, int header, FILE *f);

/* A comparison's throughput.csv (replacing the baseline's in dir): every
 * variant's jobs. FS_OK or an error in diag. */
struct fs_study;
int fs_write_throughput_study(const struct fs_study *st, const char *dir, struct fs_diag *diag);

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

/* Placement of jobs with candidate clusters (sim/placement_out.c): does
 * any job have candidates; the terminal table; placement.csv; a job's
 * "placement" member of results.json (nothing for a job with one cluster). */
int fs_has_candidates(const struct fs_scenario *s);
void fs_report_placement(const struct fs_mc *mc, FILE *out);
void fs_write_placement_csv(const struct fs_mc *mc, FILE *f);
void fs_write_placement_json(const struct fs_mc *mc, size_t j, FILE *f);

/* Jobs with deadlines (sim/deadline.c): does any job have one; the
 * terminal table; deadlines.csv; a job's "deadline" member of results.json. */
int fs_has_deadlines(const struct fs_scenario *s);
void fs_report_deadlines(const struct fs_mc *mc, const struct fs_summary *sum, FILE *out);
void fs_write_deadlines_csv(const struct fs_mc *mc, const struct fs_summary *sum, FILE *f);
void fs_write_deadline_json(const struct fs_mc *mc, const struct fs_summary *sum, size_t j,
                            FILE *f);

#endif
