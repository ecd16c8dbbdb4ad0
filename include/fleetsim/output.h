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
#include "fleetsim/stats.h"

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
 * to the horizon (earlier ones too: the capacity chart shows the history). Labels are the rule ids and order names (pointing
 * into the scenario). Returns the number written (at most max).
 */
size_t fs_dated_events(const struct fs_scenario *s, struct fs_dated_event *ev, size_t max);

/*
 * A file written whole or not at all: open creates DIR/.NAME.tmp.PID,
 * close flushes and reports write errors, commit renames it to DIR/NAME,
 * discard removes the temporary (safe after commit: it then does nothing).
 */
struct fs_outfile {
    char final[1024];
    char tmp[1100];
    FILE *f;
};
int fs_outfile_open(struct fs_outfile *o, const char *dir, const char *name, struct fs_diag *d);
int fs_outfile_close(struct fs_outfile *o, struct fs_diag *d);
int fs_outfile_commit(struct fs_outfile *o, struct fs_diag *d);
void fs_outfile_discard(struct fs_outfile *o);

/* CSV and JSON fields: a string quoted as needed (CSV: when it holds a
 * comma, quote or line break); a number as %.10g, empty (CSV) or null
 * (JSON) when it does not exist. */
void fs_csv_str(FILE *f, const char *v);
void fs_csv_num(FILE *f, double v);
void fs_json_str(FILE *f, const char *v);
void fs_json_num(FILE *f, double v);

/* Creates dir and its parents (mkdir -p). FS_OK or FS_EIO. */
int fs_mkdir_p(const char *dir, struct fs_diag *diag);

/* The default output folder for a scenario: out/<name>, with characters
 * other than [A-Za-z0-9._-] replaced by '_'. */
void fs_default_outdir(const struct fs_scenario *s, char *buf, size_t len);

#endif
