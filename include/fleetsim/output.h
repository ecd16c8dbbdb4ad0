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

/*
 * Writes summary.csv, replicates.csv, results.json, orders.csv,
 * fleet_timeline.csv and rules.csv into dir (created if needed), each
 * through a temporary file renamed into place only when all are complete.
 * FS_OK or FS_EIO with diag naming the file.
 */
int fs_write_results(const struct fs_mc *mc, const struct fs_summary *sum, const char *dir,
                     struct fs_diag *diag);

/* Writes the event trace mc recorded during the run (fs_mc_run_traced) to
 * path (atomically), or to standard output if path is "-". */
int fs_write_trace(const struct fs_mc *mc, const char *path, struct fs_diag *diag);

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
