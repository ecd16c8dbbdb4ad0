/*
 * plot.h - report-ready charts drawn by gnuplot.
 *
 * For each chart the module writes its data (.dat) and a gnuplot script
 * (.gp) into the output folder, then runs gnuplot on it (one process per
 * chart, stopped after FLEETSIM_GNUPLOT_TIMEOUT seconds, default 120) and
 * checks that it drew every image asked for.
 * The .gp and .dat files stay, so a user can restyle a chart and re-run
 * `gnuplot NAME.gp` in that folder. Every string that comes from a scenario
 * (names of the scenario, jobs, clusters, chips) reaches gnuplot only as a
 * single-quoted string with quotes doubled and control characters replaced
 * (gnuplot runs back-quoted text in double-quoted strings as a shell
 * command; single-quoted strings are never expanded).
 */
#ifndef FLEETSIM_PLOT_H
#define FLEETSIM_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/output.h"

/* Image formats, a bit each; FS_PLOT_SCRIPTS alone writes the .gp and .dat
 * files and draws nothing (--plots scripts). */
enum { FS_PLOT_PNG = 1u, FS_PLOT_SVG = 2u, FS_PLOT_PDF = 4u, FS_PLOT_SCRIPTS = 8u };

struct fs_plot_opts {
    unsigned formats;    /* FS_PLOT_* bits; 0 = no charts at all (--plots none) */
    int width, height;   /* pixels (PDF: the same aspect at 100 px per inch) */
    const char *gnuplot; /* program to run; NULL = "gnuplot" found on PATH */
};

/*
 * Parses --plots: a comma-separated list of png, svg, pdf, or "none" (0),
 * or "scripts" (FS_PLOT_SCRIPTS).
 * Returns 0 and sets *formats, or -1 if the text is not such a list.
 */
int fs_plot_parse_formats(const char *text, unsigned *formats);

/* Parses --plot-size WIDTHxHEIGHT (each 200..10000). 0 or -1. */
int fs_plot_parse_size(const char *text, int *width, int *height);

/* A dated event to mark on calendar charts (export rules, deliveries). */
struct fs_dated_event {
    double t_h;          /* hours since the scenario start */
    const char *label;   /* from the scenario: escaped before use */
};

/* Everything the charts need. */
struct fs_plot_input {
    const struct fs_mc *mc;       /* replicates, incl. progress on a grid */
    const struct fs_summary *sum; /* statistics per job and metric */
    const struct fs_dated_event *events;
    size_t nevents;
};

/*
 * Writes every chart's .dat and .gp into dir and renders them in the chosen
 * formats; with formats 0 writes nothing. Returns FS_OK when all rendered;
 * FS_EPLOT when gnuplot is missing, a chart failed, ran past the time
 * limit or drew no image (diag names the program or the first failing
 * chart; the other charts are still drawn and the .gp/.dat files are all
 * there); FS_EIO when a file could not be written.
 */
int fs_plot_all(const struct fs_plot_input *in, const char *dir,
                const struct fs_plot_opts *opts, struct fs_diag *diag);

struct fs_study;

/*
 * The comparison charts of a study (strategies, files, sweep, sensitivity),
 * drawn like fs_plot_all and with the same return values.
 */
int fs_plot_study(const struct fs_study *st, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag);

struct fs_sobol_study;

/*
 * The Sobol study's chart (sobol): per output, each input's first-order
 * and total index side by side with their bootstrap intervals; drawn like
 * fs_plot_all, with the same return values.
 */
int fs_plot_sobol(const struct fs_sobol_study *ss, const char *dir,
                  const struct fs_plot_opts *opts, struct fs_diag *diag);

/*
 * Writes s as a gnuplot single-quoted string literal into buf: 'it''s'.
 * Control characters (newlines, tabs...) become spaces. Returns buf, always
 * NUL-terminated and quoted, truncating the text if needed.
 */
char *fs_plot_quote(const char *s, char *buf, size_t len);

#endif
