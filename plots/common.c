/*
 * common.c - the machinery every chart uses (plots/internal.h): the
 * drawing context, files written whole or not at all, quoting of scenario
 * text, the opening of each script (formats loop, terminals, footnote),
 * legends, tics and time axes, stacked bars and bands; the comparison
 * charts share variants.c (colours, statistics, titles, notes). Each
 * chart is a file of its own (chart_*.c), listed in the tables of plot.c;
 * render.c runs gnuplot on them.
 *
 * Workload: a handful of scripts per run, written once; nothing here is on
 * the simulation's hot path.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "fleetsim/compare.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

const char *const fs__palette[FS__NPALETTE] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                               "#56B4E9", "#000000", "#F0E442"};

void fs__ctx_init(struct fs__plot_ctx *c, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag)
{
    double k;
    memset(c, 0, sizeof(*c));
    c->dir = dir;
    c->width = opts->width > 0 ? opts->width : 1600;
    c->height = opts->height > 0 ? opts->height : 900;
    c->formats = opts->formats & FS__PLOT_IMAGES;
    if (c->formats == 0)
        c->formats = FS_PLOT_PNG | FS_PLOT_SVG;
    c->diag = diag;
    c->rc = FS_OK;
    k = fmin(c->width / 1600.0, c->height / 900.0);
    c->font = (int)floor(20.0 * k + 0.5);
    if (c->font < 9)
        c->font = 9;
}

void fs__ctx_release(struct fs__plot_ctx *c)
{
    for (size_t i = 0; i < c->ndrawn; i++)
        free(c->drawn[i]);
    free(c->drawn);
    c->drawn = NULL;
    c->ndrawn = 0;
}

/* ---- small helpers ----------------------------------------------------- */

int fs__nomem(struct fs__plot_ctx *c)
{
    if (c->rc == FS_OK)
        c->rc = fs_diag_set(c->diag, FS_ENOMEM, NULL, 0, NULL, "out of memory for charts");
    return c->rc;
}

int fs__wopen(struct fs__plot_ctx *c, struct fs__wfile *w, const char *name)
{
    size_t n = strlen(name);
    int rc;
    w->f = NULL;
    w->chart = NULL;
    if (n > 3 && strcmp(name + n - 3, ".gp") == 0 &&
        (w->chart = fs_xprintf("%.*s", (int)(n - 3), name)) == NULL)
        return fs__nomem(c);
    rc = fs_outfile_open(&w->o, c->dir, name, c->diag);
    w->f = rc == FS_OK ? w->o.f : NULL;
    if (rc != FS_OK) {
        free(w->chart);
        w->chart = NULL;
    }
    if (rc != FS_OK && c->rc == FS_OK)
        c->rc = rc;
    return rc != FS_OK ? c->rc : FS_OK;
}

/* A script written: its chart joins the list gnuplot draws. */
static void add_drawn(struct fs__plot_ctx *c, char *chart)
{
    char **grown = realloc(c->drawn, (c->ndrawn + 1) * sizeof(*grown));
    if (grown == NULL) {
        free(chart);
        fs__nomem(c);
        return;
    }
    c->drawn = grown;
    c->drawn[c->ndrawn++] = chart;
}

/* Closes and renames into place; on any error removes the temporary. */
int fs__wclose(struct fs__plot_ctx *c, struct fs__wfile *w)
{
    int rc;
    char *chart = w->chart;
    w->chart = NULL;
    if (w->f == NULL) {
        free(chart);
        return c->rc;
    }
    w->f = NULL;
    rc = fs_outfile_close(&w->o, c->diag);
    if (rc == FS_OK && c->rc == FS_OK)
        rc = fs_outfile_commit(&w->o, c->diag);
    if (rc != FS_OK || c->rc != FS_OK)
        fs_outfile_discard(&w->o);
    if (rc != FS_OK && c->rc == FS_OK)
        c->rc = rc;
    if (chart != NULL && c->rc == FS_OK)
        add_drawn(c, chart);
    else
        free(chart);
    return c->rc;
}

/* Writes s as a single-quoted gnuplot string. */
void fs__put_q(struct fs__plot_ctx *c, FILE *f, const char *s)
{
    size_t len = 2 * strlen(s) + 3; /* every byte doubled, two quotes, NUL */
    char *buf = malloc(len);
    if (buf == NULL) {
        fs__nomem(c);
        fputs("''", f);
        return;
    }
    fputs(fs_plot_quote(s, buf, len), f);
    free(buf);
}

/* The same for a formatted text that includes scenario strings. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void fs__put_qf(struct fs__plot_ctx *c, FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *buf;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL) {
        fs__nomem(c);
        fputs("''", f);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    fs__put_q(c, f, buf);
    free(buf);
}

/* "YYYY-MM-DDTHH:MM" of a time in hours since the scenario start. */
char *fs__fmt_time(const struct fs_scenario *s, double t_h, char *buf, size_t len)
{
    double min = floor(t_h * 60.0 + 0.5);
    double day = floor(min / 1440.0);
    int m = (int)(min - day * 1440.0);
    char d[16];
    fs_date_format(s->start + (fs_date)day, d, sizeof(d));
    snprintf(buf, len, "%sT%02d:%02d", d, m / 60, m % 60);
    return buf;
}

/* Seconds since 1970 (gnuplot's time axis) of hours since the start. */
double fs__epoch_s(const struct fs_scenario *s, double t_h)
{
    return floor(((double)s->start * 24.0 + t_h) * 3600.0 + 0.5);
}

/* A scale for an axis whose largest value is max: 1, 1e3, 1e6 or 1e9. */
double fs__axis_scale(double max, const char **suffix)
{
    if (max >= 1e9) {
        *suffix = "B";
        return 1e9;
    }
    if (max >= 1e6) {
        *suffix = "M";
        return 1e6;
    }
    if (max >= 1e3) {
        *suffix = "K";
        return 1e3;
    }
    *suffix = "";
    return 1.0;
}


/* Values written over bars, and event labels. */
int fs__bar_font(const struct fs__plot_ctx *c)
{
    return c->font - 3 > 8 ? c->font - 3 : 8;
}

/* Footnotes and other secondary text. */
int fs__small_font(const struct fs__plot_ctx *c)
{
    return c->font - 5 > 8 ? c->font - 5 : 8;
}


/* ---- common script parts ----------------------------------------------- */

/*
 * Opens a script: comments, the default formats, and the loop that draws
 * the chart once per format. Every setting lives inside the loop, after a
 * `reset`, so each format starts from the same state. gp_end closes it.
 */
void fs__gp_begin(struct fs__plot_ctx *c, FILE *f, const char *name, const char *what)
{
    unsigned fm = c->formats;
    fprintf(f, "# %s.gp - %s (fleetsim %s)\n", name, what, FS_VERSION);
    fprintf(f, "#\n# Draws %s.png/.svg/.pdf from the data beside it. Restyle freely, then\n"
               "# run in this folder:   gnuplot %s.gp\n"
               "# or for one format:    gnuplot -e \"fmt='pdf'\" %s.gp\n"
               "# Colours: Okabe-Ito (colour-blind safe). Sizes: %dx%d px at font %d.\n\n",
            name, name, name, c->width, c->height, c->font);
    fprintf(f, "if (!exists(\"fmt\")) fmt = '%s%s%s%s%s'\n\n", fm & FS_PLOT_PNG ? "png" : "",
            (fm & FS_PLOT_PNG) && (fm & (FS_PLOT_SVG | FS_PLOT_PDF)) ? " " : "",
            fm & FS_PLOT_SVG ? "svg" : "", (fm & FS_PLOT_SVG) && (fm & FS_PLOT_PDF) ? " " : "",
            fm & FS_PLOT_PDF ? "pdf" : "");
    fputs("do for [f in fmt] {\n    reset\n", f);
    fprintf(f, "    if (f eq 'png') { set terminal pngcairo noenhanced size %d,%d "
               "font 'Sans,%d' pointscale 1.4 background '#ffffff' }\n",
            c->width, c->height, c->font);
    /* Text as large relative to the picture in every format: pngcairo
     * draws a point as about 1.3 px, svg as 1 px, and pdfcairo's page (100
     * px per inch) needs 0.7 (measured by rendering all three). */
    fprintf(f, "    if (f eq 'svg') { set terminal svg noenhanced size %d,%d fixed "
               "font 'Sans,%d' fontscale 1.3 background '#ffffff' }\n",
            c->width, c->height, c->font);
    fprintf(f, "    if (f eq 'pdf') { set terminal pdfcairo noenhanced size %gin,%gin "
               "font 'Sans,%d' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }\n",
            c->width / 100.0, c->height / 100.0, c->font);
    fprintf(f, "    set output '%s.'.f\n", name);
    fprintf(f, "    set title font ',%d'\n", c->font + 4);
    fputs("    set border 3 lw 1.5\n    set xtics nomirror out\n    set ytics nomirror out\n", f);
    fprintf(f, "    set grid ytics lt 1 lw 1 lc rgb '%s'\n", COL_GRID);
    fputs("    set key noautotitle\n", f);
    fprintf(f, "    set label 100 'fleetsim %s, seed %llu, %zu replicates%s' "
               "at screen 0.99, screen 0.015 right font ',%d' tc rgb '%s'\n",
            FS_VERSION, (unsigned long long)c->s->seed, c->mc->nrep,
            c->per_variant ? " per variant" : "", fs__small_font(c),
            COL_NOTE);
}

void fs__gp_end(FILE *f)
{
    fputs("    set output\n}\n", f);
}

/* Places a panel by screen fractions, so panels and legends line up. */
void fs__gp_panel(FILE *f, double l, double r, double b, double t)
{
    fprintf(f, "    set lmargin at screen %.3f\n    set rmargin at screen %.3f\n"
               "    set bmargin at screen %.3f\n    set tmargin at screen %.3f\n",
            l, r, b, t);
}

/*
 * Width of a text in pixels at font size `font`, to lay out legends and
 * decide how tic labels fit: DejaVu Sans advance widths (em), which is
 * what "Sans" resolves to on most systems; cairo draws about 1.25 px per point.
 */
double fs__text_px(const char *s, int font)
{
    static const double lower[26] = {.613, .635, .550, .635, .615, .352, .635, .634, .278,
                                     .278, .579, .278, .974, .634, .612, .635, .635, .411,
                                     .521, .392, .634, .592, .818, .592, .592, .525};
    static const double upper[26] = {.684, .686, .698, .770, .632, .575, .775, .752, .295,
                                     .295, .656, .557, .863, .748, .787, .603, .787, .695,
                                     .635, .611, .732, .684, .989, .685, .611, .685};
    double em = 0.0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            em += lower[*p - 'a'];
        else if (*p >= 'A' && *p <= 'Z')
            em += upper[*p - 'A'];
        else if (*p >= '0' && *p <= '9')
            em += .636;
        else if (*p == ' ' || *p == '.' || *p == ',' || *p == ':' || *p == ';')
            em += .318;
        else if ((*p & 0xC0) == 0x80)
            continue; /* UTF-8 continuation */
        else if (*p >= 0x80)
            em += .8;
        else
            em += .6;
    }
    return em * font * 1.25;
}

/*
 * A legend for the whole figure, one centred row under the title (two if
 * it does not fit): coloured squares and labels at screen positions, which
 * the next plot draws. gnuplot's own horizontal key sizes its columns by
 * the longest title at a generous character width, and wraps too early.
 * gp_legend_clear removes it before the next panel.
 */
/* Rows the legend takes: 1, 2 or 3 (split by count; a very long legend
 * still overflows its third row). */
size_t fs__legend_rows(const struct fs__plot_ctx *c, const struct fs__keyitem *k, size_t n)
{
    double W = c->width, box = 1.0 * c->font * 1.3 / W, pad = 0.4 * c->font * 1.3 / W;
    double gap = 1.6 * c->font * 1.3 / W, total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += box + pad + fs__text_px(k[i].title, c->font) / W + (i + 1 < n ? gap : 0.0);
    return total <= 0.96 ? 1 : total <= 1.8 || n < 3 ? 2 : 3;
}

void fs__gp_legend(struct fs__plot_ctx *c, FILE *f, const struct fs__keyitem *k, size_t n)
{
    double W = c->width, box = 1.0 * c->font * 1.3 / W, pad = 0.4 * c->font * 1.3 / W;
    double gap = 1.6 * c->font * 1.3 / W, x, y = 0.875;
    double bh = 0.7 * c->font * 1.3 / c->height;
    size_t row_start = 0, rows = fs__legend_rows(c, k, n);

    for (size_t r = 0; r < rows; r++) {
        size_t end = rows == 1 ? n : r + 1 == rows ? n : (n * (r + 1) + rows - 1) / rows;
        double w = 0.0;
        for (size_t i = row_start; i < end; i++)
            w += box + pad + fs__text_px(k[i].title, c->font) / W + (i + 1 < end ? gap : 0.0);
        x = 0.5 - w / 2.0;
        if (rows == 2)
            y = r == 0 ? 0.895 : 0.86;
        else if (rows == 3)
            y = 0.905 - 0.035 * (double)r;
        for (size_t i = row_start; i < end; i++) {
            fprintf(f, "    set object %zu rect from screen %.4f, screen %.4f to screen %.4f, "
                       "screen %.4f fc rgb '%s' fs solid 1.0 noborder front\n",
                    500 + i, x, y - bh / 2, x + box, y + bh / 2, k[i].color);
            fprintf(f, "    set label %zu ", 500 + i);
            fs__put_q(c, f, k[i].title);
            fprintf(f, " at screen %.4f, screen %.4f left front\n", x + box + pad, y);
            x += box + pad + fs__text_px(k[i].title, c->font) / W + gap;
        }
        row_start = end;
    }
}

void fs__gp_legend_clear(FILE *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "    unset object %zu\n    unset label %zu\n", 500 + i, 500 + i);
    fputs("    unset label 100\n", f);
}

/* How x tic labels (job names) fit under n bars in `frac` of the width:
 * FS__TICS_PLAIN, FS__TICS_SMALL (a smaller font) or FS__TICS_ROTATED. */
int fs__tics_mode(const struct fs__plot_ctx *c, double widest_px, size_t n, double frac)
{
    double room = 0.88 * frac * c->width / ((double)n + 0.2);
    if (widest_px <= room)
        return FS__TICS_PLAIN;
    if (widest_px * (c->font - 4) / c->font <= room)
        return FS__TICS_SMALL;
    return FS__TICS_ROTATED;
}

/* The widest of n names (and of the optional second lines), in pixels. */
double fs__widest(const char *const *names, const char *const *second, size_t n, int font)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++) {
        w = fmax(w, fs__text_px(names[i], font));
        if (second != NULL && second[i] != NULL)
            w = fmax(w, fs__text_px(second[i], font));
    }
    return w;
}

/* Room under a panel for its x tic labels (rotated or two lines). */
double fs__panel_bottom(const struct fs__plot_ctx *c, int mode, double widest_px)
{
    double px = mode == FS__TICS_ROTATED ? 0.5 * widest_px + 1.5 * c->font : 3.4 * c->font;
    return fmin(0.45, (px + 2.6 * c->font) / c->height);
}

/* x tics with scenario names at 0, 1, ...; each name escaped, then
 * optionally a second line of our own text. */
void fs__gp_name_tics(struct fs__plot_ctx *c, FILE *f, const char *const *names,
                      const char *const *second, size_t n, int mode)
{
    fputs("    set xtics (", f);
    for (size_t i = 0; i < n; i++) {
        fs__put_q(c, f, names[i]);
        if (second != NULL && second[i] != NULL && mode != FS__TICS_ROTATED)
            fprintf(f, ".\"\\n%s\"", second[i]);
        fprintf(f, " %zu%s", i, i + 1 < n ? ", " : "");
    }
    fprintf(f, ")%s", mode == FS__TICS_ROTATED ? " rotate by 30 right" : " norotate");
    if (mode != FS__TICS_PLAIN)
        fprintf(f, " font ',%d'", c->font - 4);
    fputs("\n", f);
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/*
 * Explicit ticks for a time axis over [t0, t1] (hours since the start):
 * hours, days or months, as many as fit in `frac` of the width, labelled
 * "06:00", "8 Sep" or "Sep", with the day or year on a second line at the
 * first tick and wherever it changes.
 */
void fs__gp_time_tics(struct fs__plot_ctx *c, FILE *f, double t0, double t1, double frac)
{
    static const double steps_h[] = {1, 2, 3, 6, 12, 24, 48, 168, 336};
    static const int steps_m[] = {1, 2, 3, 6, 12, 24, 60, 120};
    const struct fs_scenario *s = c->s;
    double span = t1 - t0, room = frac * c->width;
    int maxticks = (int)(room / (6.5 * c->font)), n = 0, last_y = -1, last_d = -1;
    size_t i;

    if (maxticks < 2)
        maxticks = 2;
    fputs("    unset mxtics\n    set xtics (", f);
    for (i = 0; i < sizeof(steps_h) / sizeof(steps_h[0]); i++)
        if (span / steps_h[i] <= maxticks)
            break;
    if (i < sizeof(steps_h) / sizeof(steps_h[0])) {
        double step = steps_h[i];
        for (double t = ceil(t0 / step - 1e-9) * step; t <= t1 + 1e-9; t += step) {
            double day = floor(t / 24.0);
            int y, m, d;
            fs_date_to_ymd(s->start + (fs_date)day, &y, &m, &d);
            if (step < 24) {
                int h = (int)(t - 24.0 * day + 0.5);
                if (day != last_d)
                    fprintf(f, "%s\"%02d:00\\n%d %s\" %.0f", n++ ? ", " : "", h, d,
                            month_abbr[m - 1], fs__epoch_s(s, t));
                else
                    fprintf(f, "%s\"%02d:00\" %.0f", n++ ? ", " : "", h, fs__epoch_s(s, t));
                last_d = (int)day;
            } else {
                if (y != last_y)
                    fprintf(f, "%s\"%d %s\\n%d\" %.0f", n++ ? ", " : "", d, month_abbr[m - 1],
                            y, fs__epoch_s(s, t));
                else
                    fprintf(f, "%s\"%d %s\" %.0f", n++ ? ", " : "", d, month_abbr[m - 1],
                            fs__epoch_s(s, t));
                last_y = y;
            }
        }
    } else {
        int y, m, d, step = steps_m[sizeof(steps_m) / sizeof(steps_m[0]) - 1];
        for (i = 0; i < sizeof(steps_m) / sizeof(steps_m[0]); i++)
            if (span / (730.5 * steps_m[i]) <= maxticks) {
                step = steps_m[i];
                break;
            }
        fs_date_to_ymd(s->start + (fs_date)floor(t0 / 24.0), &y, &m, &d);
        for (long mi = (long)y * 12 + (m - 1) + (d > 1);; mi++) {
            int yy = (int)(mi / 12), mm = (int)(mi % 12) + 1;
            double t = ((double)fs_date_from_ymd(yy, mm, 1) - (double)s->start) * 24.0;
            if (t > t1 + 1e-9)
                break;
            if (mi % step != 0 || t < t0 - 1e-9)
                continue;
            if (step >= 12)
                fprintf(f, "%s\"%d\" %.0f", n++ ? ", " : "", yy, fs__epoch_s(s, t));
            else if (yy != last_y)
                fprintf(f, "%s\"%s\\n%d\" %.0f", n++ ? ", " : "", month_abbr[mm - 1], yy,
                        fs__epoch_s(s, t));
            else
                fprintf(f, "%s\"%s\" %.0f", n++ ? ", " : "", month_abbr[mm - 1],
                        fs__epoch_s(s, t));
            last_y = yy;
        }
    }
    fputs(")\n", f);
}

/* P5, P50, P95 of job j's progress at grid point k over stored replicates. */
void fs__grid_quantiles(const struct fs_mc *mc, size_t j, size_t k, double *x, double *q)
{
    static const double f[] = {0.05, 0.50, 0.95};
    size_t n = mc->ngrid_reps, njobs = mc->s->njobs;
    if (mc->bands != NULL) { /* computed when the run finished */
        memcpy(q, mc->bands + (j * mc->ngrid + k) * 3, 3 * sizeof(*q));
        return;
    }
    for (size_t r = 0; r < n; r++)
        x[r] = mc->grid[(r * njobs + j) * mc->ngrid + k];
    fs_quantiles(x, n, f, 3, q);
}
/* ---- stacked bars ------------------------------------------------------- */

/*
 * Plot elements for bars at x = column 1 (+ dx) with half-width hw,
 * stacked from the segments' columns (divided by `scale`), from the file's
 * block `index` (-1: the whole file). Ends without a separator.
 */
void fs__gp_stack(FILE *f, const char *file, int index, double dx, double hw, double scale,
                  const struct fs__segment *seg, size_t nseg)
{
    for (size_t i = 0; i < nseg; i++) {
        fprintf(f, "%s        '%s'", i ? ", \\\n" : "", file);
        if (index >= 0)
            fprintf(f, " index %d", index);
        fprintf(f, " using ($1%+g):(0):($1%+g):($1%+g):(", dx, dx - hw, dx + hw);
        if (i == 0)
            fputs("0", f);
        for (size_t k = 0; k < i; k++)
            fprintf(f, "%s$%d", k ? "+" : "", seg[k].col);
        fprintf(f, ")/%g:(", scale);
        for (size_t k = 0; k <= i; k++)
            fprintf(f, "%s$%d", k ? "+" : "", seg[k].col);
        fprintf(f, ")/%g with boxxyerror fc rgb '%s' fs solid 1.0 border lc rgb '#ffffff'",
                scale, seg[i].color);
    }
}

const char *fs__scale_word(double scale)
{
    return scale == 1e9 ? " (billions)" : scale == 1e6 ? " (millions)"
                                        : scale == 1e3 ? " (thousands)" : "";
}
/* ---- the fleet's costs ------------------------------------------------ */

/* The fleet's costs over the horizon, summed over clusters (means over
 * replicates, as in the fleet table). */
void fs__fleet_sum(const struct fs_mc *mc, struct fs__fleet_sum *t)
{
    const struct fs_scenario *s = mc->s;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < s->nclusters; i++) {
        struct fs_cluster_result fc;
        fs_fleet_mean(mc, i, &fc);
        /* The model's rental-equivalent (fs_cost_fleet_rental_equiv_usd). */
        t->rent_equiv += fc.fleet_rental_equiv_usd;
        t->capex += fc.fleet_capex_usd;
        t->energy += fc.fleet_energy_usd;
        t->rent_paid += fc.fleet_rental_usd;
        t->gpus += fc.gpus_end;
    }
}

/* ---- quoting ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n, i;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    for (i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* No overlong forms, surrogates or code points past U+10FFFF. */
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

char *fs_plot_quote(const char *s, char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 1;

    if (len < 3) { /* no room for '' : the best we can do is empty */
        if (len > 0)
            buf[0] = '\0';
        return buf;
    }
    buf[0] = '\'';
    while (*p) {
        size_t n = utf8_len(p), need;
        char out[4];
        if (n == 0) { /* not UTF-8: would make an SVG unreadable */
            out[0] = '?';
            need = n = 1;
        } else if (n == 1 && (*p < 0x20 || *p == 0x7F)) {
            out[0] = ' ';
            need = 1;
        } else if (*p == '\'') {
            out[0] = out[1] = '\'';
            need = 2;
        } else {
            memcpy(out, p, n);
            need = n;
        }
        if (o + need + 2 > len) /* the text, the closing quote, the NUL */
            break;              /* whole characters only */
        memcpy(buf + o, out, need);
        o += need;
        p += n;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

/* ---- statistics read by the charts ---------------------------------------- */

const struct fs_stat *fs__stat_of(const struct fs__plot_ctx *c, size_t j, enum fs_metric m)
{
    return &c->sum->stats[j * FS_M_COUNT + m];
}

