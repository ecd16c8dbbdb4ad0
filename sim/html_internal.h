/*
 * html_internal.h - the parts of report.html written by html_parts.c, for
 * html.c. Private to the two files.
 */
#ifndef FLEETSIM_HTML_INTERNAL_H
#define FLEETSIM_HTML_INTERNAL_H

#include <stdio.h>

struct fs_mc;
struct fs_scenario;
struct fs_study;

/* Cluster c's "GPUs at horizon", "GPU-hours in service" cells (means). */
void fs__html_fleet_cells(FILE *f, const struct fs_mc *mc, size_t c);
/* The export-rule events: dir/rules.csv as a table. */
void fs__html_rules(FILE *f, const char *dir);
/* Every chart, inline from dir/<name>.svg, with its caption. */
void fs__html_charts(FILE *f, const struct fs_study *st, int compare, const char *dir);
/* The resolved inputs: chips with status and source, clusters, jobs. */
void fs__html_inputs(FILE *f, const struct fs_scenario *s);

#endif
