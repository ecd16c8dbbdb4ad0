/*
 * html.h - report.html: one self-contained page per run (no network, charts
 * inline as SVG, print CSS) holding the question, the headline per job, the
 * comparisons, the fleet and its orders, the export-rule events, the charts
 * with captions, the resolved inputs and links to the files beside it.
 * Layout and contents: docs/outputs.md, "report.html".
 */
#ifndef FLEETSIM_HTML_H
#define FLEETSIM_HTML_H

#include <stdio.h>

#include "fleetsim/error.h"

struct fs_study;

/* The report's file name inside the output folder. */
#define FS_HTML_REPORT "report.html"

/*
 * Writes text to f with & < > " ' replaced by their character references;
 * NULL writes nothing. Every scenario string in the report goes through it.
 */
void fs_html_escape(FILE *f, const char *text);

/*
 * Writes dir/report.html for a run study (compare != 0: with the
 * comparisons and comparison charts). Charts are read from dir/<name>.svg;
 * a missing one is shown as "chart not drawn". The CSV and JSON files are
 * linked by relative names. FS_OK, or FS_EIO / FS_ENOMEM with diag filled.
 */
int fs_html_report(const struct fs_study *st, int compare, const char *dir,
                   struct fs_diag *diag);

#endif
