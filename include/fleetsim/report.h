/*
 * report.h - human-readable output: the chip catalog table and the resolved
 * scenario with its ideal (failure-free) figures. Models never print; this
 * module and main.c do.
 */
#ifndef FLEETSIM_REPORT_H
#define FLEETSIM_REPORT_H

#include <stdio.h>

#include "fleetsim/catalog.h"
#include "fleetsim/scenario.h"

/* The --list-gpus table: one row per chip, then the sources. */
void fs_report_catalog(const struct fs_catalog *cat, FILE *out);

/* The resolved scenario: metadata, clusters, jobs with ideal figures. */
void fs_report_scenario(const struct fs_scenario *s, FILE *out);

/*
 * A name as it may be printed on a terminal: the name itself when it holds
 * no control byte, else a copy with each byte below 0x20 and DEL shown as
 * '?' (so no name can move the cursor, ring the bell or break a table
 * line), cut to FS_TERM_MAX - 1 bytes with "..." at the end if longer.
 * Copies live in a ring of FS_TERM_SLOTS buffers: at most that many in one
 * printf, from one thread. Every name printed to the terminal goes
 * through this function.
 */
#define FS_TERM_MAX 512
#define FS_TERM_SLOTS 8
const char *fs_term(const char *name);

/* Formats a count with thousands separators ("2,664,160"). Returns buf. */
char *fs_fmt_thousands(double v, char *buf, size_t len);

/* Formats GPU-hours compactly: "2.664M", "119.0K", "512"; "-" for NaN. */
char *fs_fmt_gpuh(double v, char *buf, size_t len);

/* Formats US dollars with a unit: "$5.328M", "$1.62B", "$950K". */
char *fs_fmt_usd(double usd, char *buf, size_t len);

/* The names of a pipeline schedule ("1F1B", "interleaved", "zero-bubble",
 * "DualPipe") and of an MFU source ("given", "throughput", "accounting",
 * "predicted"), as the outputs write them. */
const char *fs_schedule_label(enum fs_pp_schedule sch);
const char *fs_mfu_source_name(enum fs_mfu_source src);

/* The degrees above 1 and the schedule: "TP8 PP16 EP64 DualPipe"
 * ("one GPU" when all are 1). Returns buf, truncated to len. */
char *fs_fmt_parallel(const struct fs_parallel *p, char *buf, size_t len);

/* Job j's own training tokens per second per GPU: predicted, given, or its
 * rate over 6N FLOPs a token; NaN when the job gives no parameter count. */
double fs_job_tokens_per_gpu_s(const struct fs_scenario *s, const struct fs_job *j);

/*
 * Where job j's MFU comes from, on a line indented by `indent` columns,
 * wrapped (indent + 2) to stay within 100 columns: "mfu 0.4000 (given)",
 * "mfu 0.3462 (from 1,543 tokens/s/GPU)", or, predicted, the MFU in the 6N
 * convention and with attention, the step time and its parts, the
 * parallelism and the memory per GPU. A job with a `published` speed gets a
 * second line: the published figure, its source, and the job's own tokens/s
 * per GPU with its difference in per cent.
 */
void fs_report_mfu_source(const struct fs_scenario *s, const struct fs_job *j, int indent,
                          FILE *out);

/*
 * `fleetsim --explain JOB`: how job j's MFU was derived, step by step with
 * the numbers: the chip's peak at the job's precision, then for a given
 * MFU the MFU; for a throughput or accounting form the arithmetic from the
 * figure given to the MFU (6N FLOPs a token from active_params); for a
 * predicted job the model's derivation (fs_step_explain); then the
 * sustained rate and the ideal time to train.
 */
void fs_report_explain(const struct fs_scenario *s, const struct fs_job *j, FILE *out);

#endif
