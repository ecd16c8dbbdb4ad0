/*
 * internal.h - what the chart files share (plots/common.c): the run's
 * context, files written through a temporary name, quoting of scenario
 * text into scripts, the opening and closing of every script (formats
 * loop, terminals, footnote), layout helpers (panels, legends, tics, time
 * axes, stacked bars), the palette, the helpers of the comparison charts,
 * and running gnuplot on the charts written (render.c). Each chart is one
 * file, plots/chart_NAME.c, with one entry point fs__chart_NAME listed in
 * the chart tables of plot.c.
 *
 * Not part of the library's interface: the fs__ prefix marks cross-file
 * internals. The rules of plot.h hold for every caller: scenario text
 * reaches a script only through fs__put_q / fs__put_qf (or fs_plot_quote),
 * file names are our own, and nothing from a scenario goes into a comment
 * of a .gp file or a double-quoted string.
 */
#ifndef FLEETSIM_PLOTS_INTERNAL_H
#define FLEETSIM_PLOTS_INTERNAL_H

#include <stdio.h>

#include "fleetsim/output.h"
#include "fleetsim/plot.h"

/* Okabe-Ito: jobs (and a comparison's variants) get these in order;
 * vermillion (COL_LOST) is kept for failures and lost work, so it means the
 * same thing in every chart. */
#define FS__NPALETTE 7

/* The image formats among FS_PLOT_* bits. */
#define FS__PLOT_IMAGES (FS_PLOT_PNG | FS_PLOT_SVG | FS_PLOT_PDF)
extern const char *const fs__palette[FS__NPALETTE];

#define COL_USEFUL "#0072B2"
#define COL_LOST "#D55E00"
#define COL_CKPT "#E69F00"
#define COL_RESTART "#CC79A7"
#define COL_IDLE "#56B4E9"
#define COL_CAPEX "#0072B2"
#define COL_ENERGY "#E69F00"
#define COL_IDLECAP "#56B4E9"
#define COL_RENTAL "#009E73"
#define COL_RENTPAID "#CC79A7"
#define COL_GRID "#d9d9d9"
#define COL_NOTE "#555555"

/* One drawing run: where, how large, and the first error while writing. */
struct fs__plot_ctx {
    const struct fs_plot_input *in; /* a run's charts; NULL for a study */
    const struct fs_mc *mc;         /* the footnote's replicate count */
    const struct fs_scenario *s;    /* titles, seed, start date of time axes */
    const struct fs_summary *sum;
    const char *dir;
    int width, height;
    unsigned formats; /* what the scripts draw by default (png,svg if none) */
    int font;         /* base font size, px */
    int per_variant;  /* footnote says "N replicates per variant" */
    const struct fs_study *st; /* a comparison's charts only */
    const struct fs_sobol_study *sobol; /* the Sobol study's chart only */
    struct fs_diag *diag;
    int rc;           /* first error while writing files */
    char **drawn;     /* charts whose script was written, in order (malloc'ed) */
    size_t ndrawn;
};

/* One chart: its name (for tables and messages) and what writes its .dat
 * and .gp files (one or more charts; time_to_train writes one per job).
 * The entry point returns c->rc. */
struct fs__chart {
    const char *name;
    int (*write)(struct fs__plot_ctx *c);
};

/* Fills the size, formats and font from opts (defaults 1600x900, png+svg
 * in the scripts), and clears the error. */
void fs__ctx_init(struct fs__plot_ctx *c, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag);
/* Frees the list of charts written. */
void fs__ctx_release(struct fs__plot_ctx *c);

/* A chart file written whole or not at all: fs_outfile (output.h), with
 * its stream at hand as .f. A script (NAME.gp) closed without error adds
 * NAME to the charts gnuplot draws (c->drawn). */
struct fs__wfile {
    struct fs_outfile o;
    FILE *f;
    char *chart; /* NAME of a NAME.gp, malloc'ed; NULL for data files */
};

/* Records "out of memory for charts" (the first error only); returns c->rc. */
int fs__nomem(struct fs__plot_ctx *c);

/* Opens DIR/.NAME.tmp.PID; fs__wclose renames it to DIR/NAME, or removes
 * it on any write error. Both return c->rc (FS_OK, FS_EIO, FS_ENOMEM). */
int fs__wopen(struct fs__plot_ctx *c, struct fs__wfile *w, const char *name);
int fs__wclose(struct fs__plot_ctx *c, struct fs__wfile *w);

/* Writes s (or a formatted text holding scenario strings) as one
 * single-quoted gnuplot string, by fs_plot_quote. */
void fs__put_q(struct fs__plot_ctx *c, FILE *f, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void fs__put_qf(struct fs__plot_ctx *c, FILE *f, const char *fmt, ...);

/* "YYYY-MM-DDTHH:MM" of a time in hours since the scenario start, and the
 * same time in seconds since 1970 (gnuplot's time axis). */
char *fs__fmt_time(const struct fs_scenario *s, double t_h, char *buf, size_t len);
double fs__epoch_s(const struct fs_scenario *s, double t_h);

/* A scale for an axis whose largest value is max: 1, 1e3, 1e6 or 1e9, with
 * its suffix ("", "K", "M", "B") and its word for a label (" (millions)"). */
double fs__axis_scale(double max, const char **suffix);
const char *fs__scale_word(double scale);

/* Font sizes: values over bars and event labels; footnotes. */
int fs__bar_font(const struct fs__plot_ctx *c);
int fs__small_font(const struct fs__plot_ctx *c);

/* Opens a script (comments, default formats, the loop over formats with
 * terminals, title font, border, grid and footnote); fs__gp_end closes it. */
void fs__gp_begin(struct fs__plot_ctx *c, FILE *f, const char *name, const char *what);
void fs__gp_end(FILE *f);

/* Places a panel by screen fractions. */
void fs__gp_panel(FILE *f, double l, double r, double b, double t);

/* Width of a text in pixels at a font size (DejaVu Sans advances). */
double fs__text_px(const char *s, int font);

/* A centred legend under the title (objects and labels 500 + i) in one to
 * three rows (fs__legend_rows); titles may be scenario text (they are
 * quoted). fs__gp_legend_clear removes it and the footnote, before the
 * next panel of a multiplot. */
struct fs__keyitem {
    const char *color;
    const char *title;
};
size_t fs__legend_rows(const struct fs__plot_ctx *c, const struct fs__keyitem *k, size_t n);
void fs__gp_legend(struct fs__plot_ctx *c, FILE *f, const struct fs__keyitem *k, size_t n);
void fs__gp_legend_clear(FILE *f, size_t n);

/* How names fit as x tic labels under n bars in `frac` of the width. */
enum { FS__TICS_PLAIN, FS__TICS_SMALL, FS__TICS_ROTATED };
int fs__tics_mode(const struct fs__plot_ctx *c, double widest_px, size_t n, double frac);
double fs__widest(const char *const *names, const char *const *second, size_t n, int font);
double fs__panel_bottom(const struct fs__plot_ctx *c, int mode, double widest_px);
/* x tics at 0, 1, ... with quoted names, optionally a second line of our
 * own text (it may hold "\\n" for a third). */
void fs__gp_name_tics(struct fs__plot_ctx *c, FILE *f, const char *const *names,
                      const char *const *second, size_t n, int mode);

/* Explicit ticks for a time axis over [t0, t1] (hours since c->s's start). */
void fs__gp_time_tics(struct fs__plot_ctx *c, FILE *f, double t0, double t1, double frac);

/* The summary of job j's metric m (the baseline's). */
const struct fs_stat *fs__stat_of(const struct fs__plot_ctx *c, size_t j, enum fs_metric m);

/* P5, P50, P95 of job j's progress at grid point k over the stored
 * replicates; x is scratch for mc->ngrid_reps values. */
void fs__grid_quantiles(const struct fs_mc *mc, size_t j, size_t k, double *x, double *q);

/* Stacked bars at x = column 1 (+ dx) from the segments' columns. */
struct fs__segment {
    int col; /* column in the .dat file */
    const char *color;
};
void fs__gp_stack(FILE *f, const char *file, int index, double dx, double hw, double scale,
                  const struct fs__segment *seg, size_t nseg);

/* The fleet's costs over the horizon, summed over clusters (means over
 * replicates, as in the fleet table). */
struct fs__fleet_sum {
    double rent_equiv, capex, energy, rent_paid, gpus;
};
void fs__fleet_sum(const struct fs_mc *mc, struct fs__fleet_sum *t);

/* ---- the comparison charts' helpers (a study's variants) ---- */

#define FS__QLEN (2 * FS_TEXT_MAX + 3) /* a quoted label: every byte doubled, quotes, NUL */

struct fs_study;
struct fs_variant;
/* The summary of job j's metric m in a variant. */
const struct fs_stat *fs__vstat(const struct fs_variant *v, int j, enum fs_metric m);
/* Variant k's colour: the baseline black, the others the palette without
 * vermillion and yellow, then eight more: 14 distinct colours. */
const char *fs__vcolor(size_t k);
/* "strategy" or "scenario file", for titles. */
const char *fs__kind_word(const struct fs_study *st);
/* Time to train in days, or in hours when everything is under two days. */
struct fs__tunit {
    double mul;
    const char *word, *abbr;
};
struct fs__tunit fs__time_unit(double max_days);
/* Decimals for values of an axis spanning `span`. */
int fs__decimals(double span);
/* The focus job's index in variant k, or -1. */
int fs__vjob(const struct fs_study *st, size_t k);
/* A label cut to fit px pixels at font ("..." appended). Returns buf. */
const char *fs__fit_text(const char *s, double px, int font, char *buf, size_t len);
/* A footnote on the left, under the panels (label 101). */
void fs__gp_note(struct fs__plot_ctx *c, FILE *f, const char *text);
/* A tic step giving about `want` tics over span. */
double fs__nice_step(double span, double want);
/* A label (id) listing the variants flagged in `which` after `what`. */
void fs__gp_variant_note(struct fs__plot_ctx *c, FILE *f, const struct fs_study *st,
                         const int *which, int id, const char *what, const char *where);
/* Removes the wrapped lines of note `id` (all but the first) before the
 * next panel of a multiplot. */
void fs__gp_variant_note_clear(FILE *f, int id);
/* A chart's title (set title, or set multiplot title), fitted to the width. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void fs__gp_title(struct fs__plot_ctx *c, FILE *f, int multiplot, const char *fmt, ...);
/* Whether any of n flags is set. */
int fs__flag_any(const int *flag, size_t n);
/* A swept value for a tic label. Returns buf. */
char *fs__fmt_value(double v, char *buf, size_t len);

/* ---- the charts (chart_*.c): each writes its .dat and .gp ---- */

int fs__chart_progress(struct fs__plot_ctx *c);
int fs__chart_ttt(struct fs__plot_ctx *c);
int fs__chart_gpu_hours(struct fs__plot_ctx *c);
int fs__chart_cost(struct fs__plot_ctx *c);
int fs__chart_fleet(struct fs__plot_ctx *c);
int fs__chart_compare_time_cost(struct fs__plot_ctx *c);
int fs__chart_compare_cost(struct fs__plot_ctx *c);
int fs__chart_compare_progress(struct fs__plot_ctx *c);
int fs__chart_sweep(struct fs__plot_ctx *c);
int fs__chart_tornado(struct fs__plot_ctx *c);
int fs__chart_step_breakdown(struct fs__plot_ctx *c);
int fs__chart_sobol(struct fs__plot_ctx *c);

/*
 * Runs gnuplot once per chart written (c->drawn, NAME.gp in c->dir). FS_OK
 * when all drew; FS_EPLOT when gnuplot is missing, the folder's name cannot
 * be given to gnuplot, or charts failed (diag names the program or the
 * first failing chart; the others are still drawn and the images of failed
 * ones removed); FS_ENOMEM. Does nothing for formats 0.
 */
int fs__render(struct fs__plot_ctx *c, const struct fs_plot_opts *opts);

#endif
