/*
 * plot.c - report-ready charts: data files, gnuplot scripts, and the pipe.
 *
 * For each chart, fs_plot_all writes NAME.dat (numbers only, fixed formats,
 * so golden tests can compare them) and NAME.gp (a complete gnuplot script
 * that draws NAME.png / NAME.svg / NAME.pdf from the .dat when run in the
 * output folder), each through a temporary file renamed into place. Then it
 * runs one gnuplot process per chart, so that a failure names its chart:
 * popen(gnuplot), write "cd '<dir>'" and "load 'NAME.gp'", pclose.
 *
 * Safety. Scenario strings (names of the scenario, jobs, clusters, chips,
 * event labels) appear only in the .gp files and only as single-quoted
 * gnuplot strings made by fs_plot_quote: quotes doubled, control characters
 * turned into spaces, invalid UTF-8 bytes into '?'. gnuplot expands neither
 * back-quotes nor @macros in single-quoted strings. They never appear in
 * file names, in .gp comments (a trailing backslash would continue the
 * comment onto the next command) or in the popen command line; .dat
 * comments carry them quoted the same way. Our own fixed texts are the only
 * double-quoted strings (for "\n").
 *
 * Workload: a handful of charts per run; the largest data file is the
 * sample replicate's trajectory (a few thousand points). Nothing here is on
 * the simulation's hot path.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"

/* ---- options ----------------------------------------------------------- */

int fs_plot_parse_formats(const char *text, unsigned *formats)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"png", FS_PLOT_PNG}, {"svg", FS_PLOT_SVG}, {"pdf", FS_PLOT_PDF}};
    unsigned bits = 0;
    const char *p = text;

    if (text == NULL)
        return -1;
    if (strcmp(text, "none") == 0) {
        *formats = 0;
        return 0;
    }
    for (;;) {
        size_t n = strcspn(p, ","), i;
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (n == strlen(names[i].name) && strncmp(p, names[i].name, n) == 0)
                break;
        if (i == sizeof(names) / sizeof(names[0]))
            return -1; /* unknown or empty item, or "none" in a list */
        bits |= names[i].bit;
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    *formats = bits;
    return 0;
}

/* A decimal number in [200, 10000] (at most 5 digits); *end past it. */
static int parse_dim(const char *s, const char **end, int *out)
{
    long v = 0;
    int n = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 6)
        v = v * 10 + (s[n++] - '0');
    if (n == 0 || n > 5 || v < 200 || v > 10000)
        return -1;
    *end = s + n;
    *out = (int)v;
    return 0;
}

int fs_plot_parse_size(const char *text, int *width, int *height)
{
    const char *p;
    int w, h;
    if (text == NULL || parse_dim(text, &p, &w) != 0 || *p != 'x' ||
        parse_dim(p + 1, &p, &h) != 0 || *p != '\0')
        return -1;
    *width = w;
    *height = h;
    return 0;
}

/* ---- quoting ----------------------------------------------------------- */

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

/* ---- the run's context and small helpers ------------------------------ */

/* Okabe-Ito: jobs get these in job order; vermillion is kept for failures
 * and lost work, so it means the same thing in every chart. */
static const char *const job_colors[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                         "#56B4E9", "#000000", "#F0E442"};
#define NJOB_COLORS (sizeof(job_colors) / sizeof(job_colors[0]))

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

struct ctx {
    const struct fs_plot_input *in;
    const struct fs_mc *mc;
    const struct fs_scenario *s;
    const struct fs_summary *sum;
    const char *dir;
    int width, height;
    unsigned formats; /* what the scripts draw by default (png,svg if none) */
    int font;         /* base font size, px */
    struct fs_diag *diag;
    int rc;           /* first error while writing files */
};

/* A file written under a temporary name and renamed into place. */
struct wfile {
    char *final, *tmp;
    FILE *f;
};

/* malloc'ed printf; NULL when out of memory. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *buf;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

static int nomem(struct ctx *c)
{
    if (c->rc == FS_OK)
        c->rc = fs_diag_set(c->diag, FS_ENOMEM, NULL, 0, NULL, "out of memory for charts");
    return c->rc;
}

static int wopen(struct ctx *c, struct wfile *w, const char *name)
{
    w->f = NULL;
    w->final = xprintf("%s/%s", c->dir, name);
    w->tmp = xprintf("%s/.%s.tmp.%ld", c->dir, name, (long)getpid());
    if (w->final == NULL || w->tmp == NULL) {
        free(w->final);
        free(w->tmp);
        w->final = w->tmp = NULL;
        return nomem(c);
    }
    if ((w->f = fopen(w->tmp, "w")) == NULL) {
        if (c->rc == FS_OK)
            c->rc = fs_diag_set(c->diag, FS_EIO, w->tmp, 0, NULL, "cannot create (%s)",
                                strerror(errno));
        free(w->final);
        free(w->tmp);
        w->final = w->tmp = NULL;
        return c->rc;
    }
    return FS_OK;
}

/* Closes and renames into place; on any write error removes the temporary. */
static int wclose(struct ctx *c, struct wfile *w)
{
    int bad, err = 0;
    if (w->f == NULL)
        return c->rc;
    bad = ferror(w->f);
    if (bad)
        err = errno;
    if (fclose(w->f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    w->f = NULL;
    if (!bad && c->rc == FS_OK && rename(w->tmp, w->final) != 0) {
        c->rc = fs_diag_set(c->diag, FS_EIO, w->final, 0, NULL,
                            "cannot rename into place (%s)", strerror(errno));
    } else if (bad || c->rc != FS_OK) {
        if (bad && c->rc == FS_OK)
            c->rc = fs_diag_set(c->diag, FS_EIO, w->final, 0, NULL, "write failed (%s)",
                                strerror(err ? err : EIO));
        remove(w->tmp);
    }
    free(w->final);
    free(w->tmp);
    w->final = w->tmp = NULL;
    return c->rc;
}

/* Writes s as a single-quoted gnuplot string. */
static void put_q(struct ctx *c, FILE *f, const char *s)
{
    size_t len = 2 * strlen(s) + 3; /* every byte doubled, two quotes, NUL */
    char *buf = malloc(len);
    if (buf == NULL) {
        nomem(c);
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
static void put_qf(struct ctx *c, FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *buf;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL) {
        nomem(c);
        fputs("''", f);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put_q(c, f, buf);
    free(buf);
}

/* "YYYY-MM-DDTHH:MM" of a time in hours since the scenario start. */
static char *fmt_time(const struct fs_scenario *s, double t_h, char *buf, size_t len)
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
static double epoch_s(const struct fs_scenario *s, double t_h)
{
    return floor(((double)s->start * 24.0 + t_h) * 3600.0 + 0.5);
}

/* A scale for an axis whose largest value is max: 1, 1e3, 1e6 or 1e9. */
static double axis_scale(double max, const char **suffix)
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

static char *fmt_gpuh(double v, char *buf, size_t len)
{
    if (v >= 1e6)
        snprintf(buf, len, "%.4gM", v / 1e6);
    else if (v >= 1e3)
        snprintf(buf, len, "%.4gK", v / 1e3);
    else
        snprintf(buf, len, "%.0f", v);
    return buf;
}

/* Values written over bars, and event labels. */
static int bar_font(const struct ctx *c)
{
    return c->font - 3 > 8 ? c->font - 3 : 8;
}

/* Footnotes and other secondary text. */
static int small_font(const struct ctx *c)
{
    return c->font - 5 > 8 ? c->font - 5 : 8;
}

static const struct fs_stat *stat_of(const struct ctx *c, size_t j, enum fs_metric m)
{
    return &c->sum->stats[j * FS_M_COUNT + m];
}

/* ---- common script parts ----------------------------------------------- */

/*
 * Opens a script: comments, the default formats, and the loop that draws
 * the chart once per format. Every setting lives inside the loop, after a
 * `reset`, so each format starts from the same state. gp_end closes it.
 */
static void gp_begin(struct ctx *c, FILE *f, const char *name, const char *what)
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
    fprintf(f, "    set label 100 'fleetsim %s, seed %llu, %zu replicates' "
               "at screen 0.99, screen 0.015 right font ',%d' tc rgb '%s'\n",
            FS_VERSION, (unsigned long long)c->s->seed, c->mc->nrep, small_font(c), COL_NOTE);
}

static void gp_end(FILE *f)
{
    fputs("    set output\n}\n", f);
}

/* Places a panel by screen fractions, so panels and legends line up. */
static void gp_panel(FILE *f, double l, double r, double b, double t)
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
static double text_px(const char *s, int font)
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
struct keyitem {
    const char *color;
    const char *title; /* our own text */
};

static void gp_legend(const struct ctx *c, FILE *f, const struct keyitem *k, size_t n)
{
    double W = c->width, box = 1.0 * c->font * 1.3 / W, pad = 0.4 * c->font * 1.3 / W;
    double gap = 1.6 * c->font * 1.3 / W, total = 0.0, x, y = 0.875;
    double bh = 0.7 * c->font * 1.3 / c->height;
    size_t row_start = 0, rows = 1;

    for (size_t i = 0; i < n; i++)
        total += box + pad + text_px(k[i].title, c->font) / W + (i + 1 < n ? gap : 0.0);
    if (total > 0.96)
        rows = 2;
    for (size_t r = 0; r < rows; r++) {
        size_t end = rows == 1 ? n : r == 0 ? (n + 1) / 2 : n;
        double w = 0.0;
        for (size_t i = row_start; i < end; i++)
            w += box + pad + text_px(k[i].title, c->font) / W + (i + 1 < end ? gap : 0.0);
        x = 0.5 - w / 2.0;
        if (rows == 2)
            y = r == 0 ? 0.895 : 0.86;
        for (size_t i = row_start; i < end; i++) {
            fprintf(f, "    set object %zu rect from screen %.4f, screen %.4f to screen %.4f, "
                       "screen %.4f fc rgb '%s' fs solid 1.0 noborder front\n",
                    500 + i, x, y - bh / 2, x + box, y + bh / 2, k[i].color);
            fprintf(f, "    set label %zu '%s' at screen %.4f, screen %.4f left front\n", 500 + i,
                    k[i].title, x + box + pad, y);
            x += box + pad + text_px(k[i].title, c->font) / W + gap;
        }
        row_start = end;
    }
}

static void gp_legend_clear(FILE *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "    unset object %zu\n    unset label %zu\n", 500 + i, 500 + i);
    fputs("    unset label 100\n", f);
}

/* How x tic labels (job names) fit under n bars in `frac` of the width:
 * TICS_PLAIN, TICS_SMALL (a smaller font) or TICS_ROTATED. */
enum { TICS_PLAIN, TICS_SMALL, TICS_ROTATED };

static int tics_mode(const struct ctx *c, double widest_px, size_t n, double frac)
{
    double room = 0.88 * frac * c->width / ((double)n + 0.2);
    if (widest_px <= room)
        return TICS_PLAIN;
    if (widest_px * (c->font - 4) / c->font <= room)
        return TICS_SMALL;
    return TICS_ROTATED;
}

/* The widest of n names (and of the optional second lines), in pixels. */
static double widest(const char *const *names, const char *const *second, size_t n, int font)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++) {
        w = fmax(w, text_px(names[i], font));
        if (second != NULL && second[i] != NULL)
            w = fmax(w, text_px(second[i], font));
    }
    return w;
}

/* Room under a panel for its x tic labels (rotated or two lines). */
static double panel_bottom(const struct ctx *c, int mode, double widest_px)
{
    double px = mode == TICS_ROTATED ? 0.5 * widest_px + 1.5 * c->font : 3.4 * c->font;
    return fmin(0.45, (px + 2.6 * c->font) / c->height);
}

/* x tics with scenario names at 0, 1, ...; each name escaped, then
 * optionally a second line of our own text. */
static void gp_name_tics(struct ctx *c, FILE *f, const char *const *names,
                         const char *const *second, size_t n, int mode)
{
    fputs("    set xtics (", f);
    for (size_t i = 0; i < n; i++) {
        put_q(c, f, names[i]);
        if (second != NULL && second[i] != NULL && mode != TICS_ROTATED)
            fprintf(f, ".\"\\n%s\"", second[i]);
        fprintf(f, " %zu%s", i, i + 1 < n ? ", " : "");
    }
    fprintf(f, ")%s", mode == TICS_ROTATED ? " rotate by 30 right" : " norotate");
    if (mode != TICS_PLAIN)
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
static void gp_time_tics(struct ctx *c, FILE *f, double t0, double t1, double frac)
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
                            month_abbr[m - 1], epoch_s(s, t));
                else
                    fprintf(f, "%s\"%02d:00\" %.0f", n++ ? ", " : "", h, epoch_s(s, t));
                last_d = (int)day;
            } else {
                if (y != last_y)
                    fprintf(f, "%s\"%d %s\\n%d\" %.0f", n++ ? ", " : "", d, month_abbr[m - 1],
                            y, epoch_s(s, t));
                else
                    fprintf(f, "%s\"%d %s\" %.0f", n++ ? ", " : "", d, month_abbr[m - 1],
                            epoch_s(s, t));
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
                fprintf(f, "%s\"%d\" %.0f", n++ ? ", " : "", yy, epoch_s(s, t));
            else if (yy != last_y)
                fprintf(f, "%s\"%s\\n%d\" %.0f", n++ ? ", " : "", month_abbr[mm - 1], yy,
                        epoch_s(s, t));
            else
                fprintf(f, "%s\"%s\" %.0f", n++ ? ", " : "", month_abbr[mm - 1],
                        epoch_s(s, t));
            last_y = yy;
        }
    }
    fputs(")\n", f);
}

/* ---- chart 1: training progress ---------------------------------------- */

/* P5, P50, P95 of job j's progress at grid point k over stored replicates. */
static void grid_quantiles(const struct fs_mc *mc, size_t j, size_t k, double *x, double *q)
{
    size_t n = mc->ngrid_reps, njobs = mc->s->njobs;
    for (size_t r = 0; r < n; r++)
        x[r] = mc->grid[(r * njobs + j) * mc->ngrid + k];
    gsl_sort(x, 1, n);
    q[0] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    q[1] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    q[2] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
}

/* The span worth showing: first start to a little after the last P95 end. */
static void progress_window(const struct ctx *c, double *t0, double *t1)
{
    const struct fs_scenario *s = c->s;
    double horizon = s->horizon_days * FS_HOURS_PER_DAY, first = INFINITY, last = -INFINITY;
    double margin;
    for (size_t i = 0; i < c->mc->nrep * s->njobs; i++)
        if (c->mc->jobs[i].started && c->mc->jobs[i].start_h < first)
            first = c->mc->jobs[i].start_h;
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_stat *end = stat_of(c, j, FS_M_END);
        if (end->n > 0 && end->p95 * FS_HOURS_PER_DAY > last)
            last = end->p95 * FS_HOURS_PER_DAY;
    }
    if (!isfinite(first) || !isfinite(last) || !(last > first)) {
        *t0 = 0.0;
        *t1 = horizon;
        return;
    }
    margin = fmax(0.04 * (last - first), 1.0);
    *t0 = fmax(0.0, first - margin);
    *t1 = fmin(horizon, last + margin);
    if (!(*t1 > *t0))
        *t1 = fmin(horizon, *t0 + 24.0);
}

static int chart_progress(struct ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    struct wfile dat, smp, gp;
    double t0, t1, *x = NULL, *q = NULL;
    size_t k0 = 0, k1, nk, nblocks = 0, *sample_block = NULL, nfail = 0, fail_block = 0;
    char tb[32], qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    if (s->njobs == 0)
        return FS_OK;
    progress_window(c, &t0, &t1);
    k1 = mc->ngrid - 1;
    for (size_t k = 0; k < mc->ngrid; k++)
        if (mc->grid_h[k] <= t0)
            k0 = k;
    for (size_t k = mc->ngrid; k-- > 0;)
        if (mc->grid_h[k] >= t1)
            k1 = k;
    nk = k1 - k0 + 1;
    x = malloc((mc->ngrid_reps ? mc->ngrid_reps : 1) * sizeof(*x));
    q = malloc(3 * nk * sizeof(*q));
    sample_block = malloc(s->njobs * sizeof(*sample_block));
    if (x == NULL || q == NULL || sample_block == NULL) {
        nomem(c);
        goto out;
    }

    /* progress.dat: block k = the k-th job in run order, from the grid
     * point before any replicate began it to the first where all (P5) are
     * done, so finished jobs do not draw flat lines over the others. */
    if (wopen(c, &dat, "progress.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: share of each job's FLOP budget done, across replicates\n"
               "# (quantiles of the first %zu of %zu replicates at each grid time).\n"
               "# One block per job (gnuplot index 0, 1, ...), in run order.\n",
            FS_VERSION, mc->ngrid_reps, mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k], a = 0, b = nk - 1;
        for (size_t g = 0; g < nk; g++)
            grid_quantiles(mc, j, k0 + g, x, q + 3 * g);
        while (a + 1 < nk && !(q[3 * (a + 1) + 2] > 0.0))
            a++;
        for (size_t g = a; g < nk; g++)
            if (q[3 * g] >= 1.0) {
                b = g;
                break;
            }
        if (a >= b) /* never began anywhere: show the whole flat line */
            a = 0, b = nk - 1;
        fprintf(f, "%s# index %zu: job %s\n# date_utc p5 p50 p95\n", k ? "\n\n" : "", k,
                fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        for (size_t g = a; g <= b; g++)
            fprintf(f, "%s %.6g %.6g %.6g\n", fmt_time(s, mc->grid_h[k0 + g], tb, sizeof(tb)),
                    q[3 * g], q[3 * g + 1], q[3 * g + 2]);
    }
    if (wclose(c, &dat) != FS_OK)
        goto out;

    /* progress_sample.dat: the sample replicate, one block per job that ran,
     * then one block of its failures (the points just before each drop). */
    if (wopen(c, &smp, "progress_sample.dat") != FS_OK)
        goto out;
    f = smp.f;
    fprintf(f, "# fleetsim %s: replicate %zu traced in full; a drop is work rolled back\n"
               "# to the last checkpoint by a failure.\n",
            FS_VERSION, mc->sample_rep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k], n = 0;
        sample_block[k] = (size_t)-1;
        for (size_t i = 0; i < mc->nsample; i++) {
            if (mc->sample[i].job != j)
                continue;
            if (n++ == 0) {
                sample_block[k] = nblocks++;
                fprintf(f, "%s# index %zu: job %s\n# date_utc share\n",
                        sample_block[k] ? "\n\n" : "", sample_block[k],
                        fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
            }
            fprintf(f, "%s %.6g\n", fmt_time(s, mc->sample[i].t_h, tb, sizeof(tb)),
                    mc->sample[i].share);
        }
    }
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double last = -1.0;
        for (size_t i = 0; i < mc->nsample; i++) {
            const struct fs_traj_point *p = &mc->sample[i];
            if (p->job != j)
                continue;
            if (last >= 0.0 && p->share < last - 1e-12) {
                if (nfail++ == 0) {
                    fail_block = nblocks++;
                    fprintf(f, "%s# index %zu: failures (time, share before the rollback)\n"
                               "# date_utc share\n",
                            fail_block ? "\n\n" : "", fail_block);
                }
                fprintf(f, "%s %.6g\n", fmt_time(s, p->t_h, tb, sizeof(tb)), last);
            }
            last = p->share;
        }
    }
    if (wclose(c, &smp) != FS_OK)
        goto out;

    if (wopen(c, &gp, "progress.gp") != FS_OK)
        goto out;
    f = gp.f;
    gp_begin(c, f, "progress", "training progress over time");
    fputs("    set title ", f);
    put_qf(c, f, "%s: training progress", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", epoch_s(s, t0), epoch_s(s, t1));
    gp_time_tics(c, f, t0, t1, 0.85);
    fputs("    set grid xtics\n    set xlabel 'Date (UTC)' offset 0,-0.6\n"
          "    set ylabel 'FLOP budget done (%)'\n"
          "    set yrange [0:105]\n    set ytics 0,20,100\n    set bmargin 6.5\n",
          f);
    fprintf(f, "    set key top left reverse Left samplen 2 spacing 1.1 box lc rgb '%s' opaque\n",
            COL_GRID);
    fputs("    plot \\\n", f);
    for (size_t k = 0; k < s->njobs; k++)
        fprintf(f, "        'progress.dat' index %zu using 1:($2*100):($4*100) with filledcurves "
                   "fc rgb '%s' fs transparent solid 0.25 noborder, \\\n",
                k, job_colors[k % NJOB_COLORS]);
    for (size_t k = 0; k < s->njobs; k++) {
        const char *col = job_colors[k % NJOB_COLORS];
        if (sample_block[k] != (size_t)-1)
            fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with lines "
                       "lw 1.5 dt (5,4) lc rgb '%s', \\\n",
                    sample_block[k], col);
        fprintf(f, "        'progress.dat' index %zu using 1:($3*100) with lines lw 3.5 "
                   "lc rgb '%s' title ",
                k, col);
        put_q(c, f, s->jobs[s->job_order[k]].name);
        fputs(", \\\n", f);
    }
    fprintf(f, "        keyentry with filledcurves fc rgb '#888888' fs transparent solid 0.35 "
               "title 'P5-P95 of %zu replicates', \\\n",
            mc->ngrid_reps);
    fprintf(f, "        keyentry with lines lw 1.5 dt (5,4) lc rgb '#555555' "
               "title 'replicate %zu, traced in full'%s\n",
            mc->sample_rep, nfail > 0 ? ", \\" : "");
    if (nfail > 0)
        fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with points pt 11 "
                   "ps 1.0 lc rgb '%s' title 'its %zu failure%s (work rolled back)'\n",
                fail_block, COL_LOST, nfail, nfail == 1 ? "" : "s");
    gp_end(f);
    wclose(c, &gp);
out:
    free(x);
    free(q);
    free(sample_block);
    return c->rc;
}

/* ---- chart 2: time to train, one per job -------------------------------- */

static int chart_ttt(struct ctx *c, size_t j)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_stat *st = stat_of(c, j, FS_M_TTT);
    double *v = malloc((mc->nrep ? mc->nrep : 1) * sizeof(*v));
    double lo = INFINITY, hi = -INFINITY, unit = 1.0, maxcount = 0.0, span;
    size_t n = 0, nbins, k = 0;
    int dec;
    gsl_histogram *h = NULL;
    struct wfile dat, gp;
    char name[64], file[80], qb[FS_NAME_MAX * 2 + 3];
    const char *ustr = "days", *uabbr = "d";
    FILE *f;

    if (v == NULL)
        return nomem(c);
    while (s->job_order[k] != j)
        k++;
    for (size_t r = 0; r < mc->nrep; r++) {
        double t = fs_metric_value(s, j, &mc->jobs[r * s->njobs + j], FS_M_TTT);
        if (isnan(t))
            continue;
        v[n++] = t;
        lo = fmin(lo, t);
        hi = fmax(hi, t);
    }
    /* Short runs read better in hours. */
    if (n > 0 && st->p95 < 2.0) {
        unit = 24.0;
        ustr = "hours";
        uabbr = "h";
    }
    for (size_t i = 0; i < n; i++)
        v[i] *= unit;
    lo *= unit;
    hi *= unit;
    snprintf(name, sizeof(name), "time_to_train_job%zu", j + 1);
    if (n > 0) {
        nbins = (size_t)ceil(sqrt((double)n));
        nbins = nbins < 5 ? 5 : nbins > 40 ? 40 : nbins;
        if (!(hi - lo > 1e-9 * fabs(hi))) { /* all alike, e.g. failures off */
            double w = fmax(0.005 * fabs(hi), 1e-6);
            lo -= w;
            hi += w;
            nbins = 1;
        } else {
            hi += 1e-9 * (hi - lo); /* the top value falls in the last bin */
        }
        if ((h = gsl_histogram_alloc(nbins)) == NULL) {
            free(v);
            return nomem(c);
        }
        gsl_histogram_set_ranges_uniform(h, lo, hi);
        for (size_t i = 0; i < n; i++)
            gsl_histogram_increment(h, v[i]);
        maxcount = gsl_histogram_max_val(h);
    }
    free(v);

    snprintf(file, sizeof(file), "%s.dat", name);
    if (wopen(c, &dat, file) != FS_OK)
        goto out;
    fprintf(dat.f, "# fleetsim %s: time to train of job %s (%s, from ready to finished)\n"
                   "# %zu of %zu replicates finished within the horizon.\n"
                   "# bin_low bin_high replicates share\n",
            FS_VERSION, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)), ustr, n, mc->nrep);
    for (size_t b = 0; h != NULL && b < gsl_histogram_bins(h); b++) {
        double a, z;
        gsl_histogram_get_range(h, b, &a, &z);
        fprintf(dat.f, "%.6g %.6g %.6g %.6g\n", a, z, gsl_histogram_get(h, b),
                gsl_histogram_get(h, b) / (double)n);
    }
    if (wclose(c, &dat) != FS_OK)
        goto out;

    snprintf(file, sizeof(file), "%s.gp", name);
    if (wopen(c, &gp, file) != FS_OK)
        goto out;
    f = gp.f;
    gp_begin(c, f, name, "distribution of one job's time to train");
    fputs("    set title ", f);
    if (n > 0)
        put_qf(c, f, "%s: time to train of %s (%zu of %zu replicates finished)", s->name,
               s->jobs[j].name, n, mc->nrep);
    else
        put_qf(c, f, "%s: time to train of %s", s->name, s->jobs[j].name);
    fputs("\n    set bmargin 5\n", f);
    if (n == 0) {
        fputs("    set label 1 ", f);
        put_qf(c, f, "No replicate of %s finished within the horizon (%g days).",
               s->jobs[j].name, s->horizon_days);
        fputs(" at graph 0.5, graph 0.5 center\n"
              "    set xrange [0:1]\n    set yrange [0:1]\n    unset xtics\n    unset ytics\n"
              "    unset grid\n    plot 2\n",
              f);
        gp_end(f);
        wclose(c, &gp);
        goto out;
    }
    span = hi - lo;
    dec = span >= 10 ? 1 : span >= 1 ? 2 : span >= 0.1 ? 3 : 4;
    fprintf(f, "    set xlabel 'Time to train (%s, from ready to finished)'\n", ustr);
    fputs("    set ylabel 'Replicates'\n", f);
    fprintf(f, "    set xrange [%.6g:%.6g]\n    set yrange [0:%.6g]\n", lo - 0.08 * span,
            hi + 0.08 * span, maxcount * 1.25 + 0.5);
    fputs("    set style fill solid 0.85 border lc rgb '#ffffff'\n", f);
    {
        /* Lines at P5, P50, P95 with their values; each label goes on the
         * side of its line with room, at the highest level where it
         * overlaps no label already placed (P50 first). */
        static const char *const qname[] = {"P5", "P50", "P95"};
        static const double level[] = {0.95, 0.88, 0.81};
        static const int order[] = {1, 0, 2};
        const double qv[] = {st->p5 * unit, st->p50 * unit, st->p95 * unit};
        double x0 = lo - 0.08 * span, ppu = 0.86 * c->width / (1.16 * span);
        double ext[3][2], y[3];
        int right[3];
        char text[3][64];
        for (int o = 0; o < 3; o++) {
            int i = order[o], lv;
            double w, px = (qv[i] - x0) * ppu, room_right = (1.16 * span) * ppu - px;
            snprintf(text[i], sizeof(text[i]), "%s %.*f %s", qname[i], dec, qv[i], uabbr);
            w = text_px(text[i], c->font) + 0.6 * c->font;
            right[i] = i != 0 ? room_right >= w : px < w;
            ext[i][0] = right[i] ? px : px - w;
            ext[i][1] = right[i] ? px + w : px;
            for (lv = 0; lv < 2; lv++) {
                int clash = 0;
                for (int p = 0; p < o; p++) {
                    int q = order[p];
                    if (y[q] == level[lv] && ext[i][0] < ext[q][1] && ext[q][0] < ext[i][1])
                        clash = 1;
                }
                if (!clash)
                    break;
            }
            y[i] = level[lv];
        }
        for (int i = 0; i < 3; i++) {
            fprintf(f, "    set arrow %d from %.6g, graph 0 to %.6g, graph %.2f nohead "
                       "lw %s dt %s lc rgb '#000000' front\n",
                    i + 1, qv[i], qv[i], y[i] + 0.03, i == 1 ? "2.5" : "2",
                    i == 1 ? "1" : "(6,4)");
            fprintf(f, "    set label %d '%s' at %.6g, graph %.2f %s offset %s,0 front\n", i + 1,
                    text[i], qv[i], y[i], right[i] ? "left" : "right",
                    right[i] ? "0.5" : "-0.5");
        }
    }
    fprintf(f, "    plot '%s.dat' using (($1+$2)/2):3:($2-$1) with boxes lc rgb '%s'\n", name,
            job_colors[k % NJOB_COLORS]);
    gp_end(f);
    wclose(c, &gp);
out:
    gsl_histogram_free(h);
    return c->rc;
}

/* ---- stacked bars ------------------------------------------------------- */

/* One segment of a stacked bar: its data column and colour. */
struct segment {
    int col; /* column in the .dat file */
    const char *color;
};

/*
 * Plot elements for bars at x = column 1 (+ dx) with half-width hw,
 * stacked from the segments' columns (divided by `scale`), from the file's
 * block `index` (-1: the whole file). Ends without a separator.
 */
static void gp_stack(FILE *f, const char *file, int index, double dx, double hw, double scale,
                     const struct segment *seg, size_t nseg)
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

static const char *scale_word(double scale)
{
    return scale == 1e9 ? " (billions)" : scale == 1e6 ? " (millions)"
                                        : scale == 1e3 ? " (thousands)" : "";
}

/* ---- chart 3: GPU-hours breakdown -------------------------------------- */

static int chart_gpu_hours(struct ctx *c)
{
    static const struct segment all[] = {
        {2, COL_USEFUL}, {3, COL_LOST}, {4, COL_CKPT}, {5, COL_RESTART}, {6, COL_IDLE}};
    static const struct segment over[] = {
        {8, COL_LOST}, {9, COL_CKPT}, {10, COL_RESTART}, {11, COL_IDLE}};
    static const struct keyitem keys[] = {{COL_USEFUL, "useful"},
                                          {COL_LOST, "lost to failures"},
                                          {COL_CKPT, "checkpointing"},
                                          {COL_RESTART, "restarts"},
                                          {COL_IDLE, "idle (held, waiting for nodes)"}};
    const struct fs_scenario *s = c->s;
    const char **names;
    struct wfile dat, gp;
    double maxall = 0.0, maxover = 0.0, scale, bottom;
    const char *sfx;
    int rot;
    char qb[FS_NAME_MAX * 2 + 3], buf[32];
    FILE *f;

    if (s->njobs == 0)
        return FS_OK;
    if ((names = malloc(s->njobs * sizeof(*names))) == NULL)
        return nomem(c);
    if (wopen(c, &dat, "gpu_hours.dat") != FS_OK)
        goto out;
    fprintf(dat.f, "# fleetsim %s: GPU-hours per job, means over %zu replicates; shares in %%\n"
                   "# of allocated. Rows in run order (x = 0, 1, ...).\n"
                   "# x useful lost checkpoint restart idle allocated "
                   "lost_pct checkpoint_pct restart_pct idle_pct goodput_pct\n",
            FS_VERSION, c->mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double v[6], over_sum = 0.0;
        static const enum fs_metric m[6] = {FS_M_USEFUL, FS_M_LOST,  FS_M_CKPT,
                                            FS_M_RESTART, FS_M_IDLE, FS_M_ALLOC};
        for (int i = 0; i < 6; i++)
            v[i] = stat_of(c, j, m[i])->mean;
        names[k] = s->jobs[j].name;
        fprintf(dat.f, "# %zu: job %s\n", k, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        fprintf(dat.f, "%zu", k);
        for (int i = 0; i < 6; i++)
            fprintf(dat.f, " %.6g", v[i]);
        for (int i = 1; i < 5; i++) {
            double pct = v[5] > 0.0 ? 100.0 * v[i] / v[5] : 0.0;
            over_sum += pct;
            fprintf(dat.f, " %.6g", pct);
        }
        fprintf(dat.f, " %.6g\n", v[5] > 0.0 ? 100.0 * v[0] / v[5] : 0.0);
        maxall = fmax(maxall, v[0] + v[1] + v[2] + v[3] + v[4]);
        maxover = fmax(maxover, over_sum);
    }
    if (wclose(c, &dat) != FS_OK)
        goto out;

    if (wopen(c, &gp, "gpu_hours.gp") != FS_OK)
        goto out;
    f = gp.f;
    scale = axis_scale(maxall, &sfx);
    rot = tics_mode(c, widest(names, NULL, s->njobs, c->font), s->njobs, 0.37);
    bottom = panel_bottom(c, rot, widest(names, NULL, s->njobs, c->font - 4));
    gp_begin(c, f, "gpu_hours", "where each job's GPU-hours went");
    fputs("    set multiplot title ", f);
    put_qf(c, f, "%s: GPU-hours breakdown (mean of %zu replicates)", s->name, c->mc->nrep);
    fprintf(f, " font ',%d'\n", c->font + 4);
    gp_legend(c, f, keys, sizeof(keys) / sizeof(keys[0]));
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", s->njobs - 1);
    gp_name_tics(c, f, names, NULL, s->njobs, rot);

    /* Left: absolute GPU-hours, labelled with totals. */
    gp_panel(f, 0.09, 0.50, bottom, 0.76);
    fprintf(f, "    set ylabel 'GPU-hours%s'\n", scale_word(scale));
    fprintf(f, "    set format y '%%g%s'\n    set yrange [0:%.6g]\n", sfx,
            maxall > 0 ? maxall / scale * 1.15 : 1.0);
    fputs("    set title 'Allocated GPU-hours, by use'\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double tot = stat_of(c, j, FS_M_ALLOC)->mean;
        fprintf(f, "    set label %zu '%s' at %zu, %.6g center offset 0,0.8 font ',%d'\n",
                200 + k, tot > 0.0 ? fmt_gpuh(tot, buf, sizeof(buf)) : "not started", k,
                tot / scale, bar_font(c));
    }
    fputs("    plot \\\n", f);
    gp_stack(f, "gpu_hours.dat", -1, 0.0, 0.3, scale, all, 5);
    fputs("\n", f);
    for (size_t k = 0; k < s->njobs; k++)
        fprintf(f, "    unset label %zu\n", 200 + k);
    gp_legend_clear(f, sizeof(keys) / sizeof(keys[0]));

    /* Right: the overhead as a share of allocated. */
    gp_panel(f, 0.60, 0.97, bottom, 0.76);
    fputs("    set ylabel '% of allocated GPU-hours'\n    set format y '%g%%'\n", f);
    fprintf(f, "    set yrange [0:%.6g]\n", maxover > 0 ? maxover * 1.2 : 1.0);
    fputs("    set title 'Overhead: everything but useful work'\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        const struct fs_stat *a = stat_of(c, j, FS_M_ALLOC);
        double useful = stat_of(c, j, FS_M_USEFUL)->mean;
        double pct = a->mean > 0.0 ? 100.0 * (a->mean - useful) / a->mean : 0.0;
        if (a->mean > 0.0)
            fprintf(f, "    set label %zu '%.1f%%' at %zu, %.6g center offset 0,0.8 "
                       "font ',%d'\n",
                    300 + k, pct, k, pct, bar_font(c));
    }
    fputs("    plot \\\n", f);
    gp_stack(f, "gpu_hours.dat", -1, 0.0, 0.3, 1.0, over, 4);
    fputs("\n    unset multiplot\n", f);
    gp_end(f);
    wclose(c, &gp);
out:
    free(names);
    return c->rc;
}

/* ---- chart 4: cost ------------------------------------------------------ */

/* The fleet's costs over the horizon, summed over clusters (means over
 * replicates, as in the fleet table). */
struct fleet_sum {
    double rent_equiv, capex, energy, rent_paid, gpus;
};

static void fleet_sum(const struct fs_mc *mc, struct fleet_sum *t)
{
    const struct fs_scenario *s = mc->s;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *cl = &s->clusters[i];
        struct fs_cluster_result fc;
        fs_fleet_mean(mc, i, &fc);
        /* What renting the GPU-hours in service would cost (rented: paid). */
        t->rent_equiv += cl->ownership == FS_RENTED
                             ? fc.fleet_rental_usd
                             : fc.gpu_h_in_service * cl->rental_usd_per_gpu_h;
        t->capex += fc.fleet_capex_usd;
        t->energy += fc.fleet_energy_usd;
        t->rent_paid += fc.fleet_rental_usd;
        t->gpus += fc.gpus_end;
    }
}

static int chart_cost(struct ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    struct wfile dat, gp;
    const char **names = NULL, **second = NULL;
    char (*ratio)[32] = NULL;
    struct fleet_sum fl;
    double jmax = 0.0, fmaxv, jscale, fscale, bottom, split = 0.66;
    const char *jsfx, *fsfx;
    size_t nkeys = 0;
    int any_rented = 0, any_owned = 0, rot = 0, jobs = s->njobs > 0;
    char qb[FS_NAME_MAX * 2 + 3], b1[32], b2[32];
    FILE *f;
    static const struct segment jrent[] = {{2, COL_RENTAL}};
    static const struct segment jseg[] = {
        {3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_LOST}, {6, COL_IDLECAP}};
    static const struct segment frent[] = {{2, COL_RENTAL}};
    static const struct segment fseg[] = {{3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_RENTPAID}};
    struct keyitem keys[6];

    names = malloc((s->njobs ? s->njobs : 1) * sizeof(*names));
    second = malloc((s->njobs ? s->njobs : 1) * sizeof(*second));
    ratio = malloc((s->njobs ? s->njobs : 1) * sizeof(*ratio));
    if (names == NULL || second == NULL || ratio == NULL) {
        nomem(c);
        goto out;
    }
    for (size_t i = 0; i < s->nclusters; i++) {
        if (s->clusters[i].ownership == FS_RENTED)
            any_rented = 1;
        else
            any_owned = 1;
    }
    keys[nkeys++] = (struct keyitem){COL_RENTAL, "rental-equivalent"};
    /* A job on a rented cluster pays rent where an owned one amortises. */
    keys[nkeys++] = (struct keyitem){COL_CAPEX, !jobs || !any_rented ? "capex amortisation"
                                                : any_owned        ? "capex or rent (jobs)"
                                                                   : "rent (jobs)"};
    keys[nkeys++] = (struct keyitem){COL_ENERGY, "energy"};
    if (jobs) {
        keys[nkeys++] = (struct keyitem){COL_LOST, "lost work"};
        keys[nkeys++] = (struct keyitem){COL_IDLECAP, "idle capacity"};
    }
    if (any_rented)
        keys[nkeys++] = (struct keyitem){COL_RENTPAID, jobs ? "rent paid (fleet)" : "rent paid"};
    fleet_sum(mc, &fl);

    if (wopen(c, &dat, "cost.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: costs in USD.\n"
               "# index 0: per job, means over %zu replicates, in run order (x = 0, 1, ...)\n"
               "# x rental_equivalent tco_capex tco_energy tco_lost_work tco_idle_capacity "
               "tco_total\n",
            FS_VERSION, mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double rent = stat_of(c, j, FS_M_RENTAL)->mean, tco = stat_of(c, j, FS_M_TCO)->mean;
        names[k] = s->jobs[j].name;
        snprintf(ratio[k], sizeof(ratio[k]), "TCO %.2fx rental", rent > 0 ? tco / rent : 0.0);
        second[k] = ratio[k];
        fprintf(f, "# %zu: job %s\n", k, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g\n", k, rent,
                stat_of(c, j, FS_M_TCO_CAPEX)->mean, stat_of(c, j, FS_M_TCO_ENERGY)->mean,
                stat_of(c, j, FS_M_TCO_LOST)->mean, stat_of(c, j, FS_M_TCO_IDLE)->mean, tco);
        jmax = fmax(jmax, fmax(rent, tco));
    }
    if (!jobs)
        fputs("0 0 0 0 0 0 0\n", f); /* no jobs: keeps index 1 where it is */
    fprintf(f, "\n\n# index 1: the whole fleet over the horizon (%g days, %.0f GPUs at the end),\n"
               "# means over replicates. Rental-equivalent: GPU-hours in service x $/GPU-h.\n"
               "# x rental_equivalent capex energy rent_paid total\n",
            s->horizon_days, fl.gpus);
    fprintf(f, "0 %.6g %.6g %.6g %.6g %.6g\n", fl.rent_equiv, fl.capex, fl.energy, fl.rent_paid,
            fl.capex + fl.energy + fl.rent_paid);
    fmaxv = fmax(fl.rent_equiv, fl.capex + fl.energy + fl.rent_paid);
    if (wclose(c, &dat) != FS_OK)
        goto out;

    if (wopen(c, &gp, "cost.gp") != FS_OK)
        goto out;
    f = gp.f;
    jscale = axis_scale(jmax, &jsfx);
    fscale = axis_scale(fmaxv, &fsfx);
    if (jobs)
        rot = tics_mode(c, widest(names, second, s->njobs, c->font), s->njobs, split - 0.11);
    bottom = panel_bottom(c, rot, widest(names, NULL, s->njobs, c->font - 4));
    gp_begin(c, f, "cost", "rental-equivalent cost against total cost of ownership");
    fputs("    set multiplot title ", f);
    put_qf(c, f, "%s: rental-equivalent cost vs total cost of ownership (TCO)", s->name);
    fprintf(f, " font ',%d'\n", c->font + 4);
    gp_legend(c, f, keys, nkeys);
    if (jobs) {
        gp_panel(f, 0.09, split - 0.02, bottom, 0.76);
        fprintf(f, "    set xrange [-0.6:%zu.6]\n", s->njobs - 1);
        gp_name_tics(c, f, names, second, s->njobs, rot);
        fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n"
                   "    set yrange [0:%.6g]\n",
                scale_word(jscale), jsfx, jmax > 0 ? jmax / jscale * 1.15 : 1.0);
        fprintf(f, "    set title 'Per job (mean of %zu replicates)'\n", mc->nrep);
        for (size_t k = 0; k < s->njobs; k++) {
            size_t j = s->job_order[k];
            double rent = stat_of(c, j, FS_M_RENTAL)->mean, tco = stat_of(c, j, FS_M_TCO)->mean;
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    200 + 2 * k, fs_fmt_usd(rent, b1, sizeof(b1)), (double)k - 0.2,
                    rent / jscale, bar_font(c));
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    201 + 2 * k, fs_fmt_usd(tco, b2, sizeof(b2)), (double)k + 0.2, tco / jscale,
                    bar_font(c));
        }
        fputs("    plot \\\n", f);
        gp_stack(f, "cost.dat", 0, -0.2, 0.18, jscale, jrent, 1);
        fputs(", \\\n", f);
        gp_stack(f, "cost.dat", 0, 0.2, 0.18, jscale, jseg, 4);
        fputs("\n", f);
        for (size_t k = 0; k < 2 * s->njobs; k++)
            fprintf(f, "    unset label %zu\n", 200 + k);
        gp_legend_clear(f, nkeys);
    }
    gp_panel(f, jobs ? split + 0.08 : 0.30, jobs ? 0.97 : 0.70, bottom, 0.76);
    fputs("    set xrange [-0.6:1.6]\n", f);
    fprintf(f, "    set xtics ('rental' 0, \"TCO\\n%.2fx rental\" 1) norotate\n",
            fl.rent_equiv > 0 ? (fl.capex + fl.energy + fl.rent_paid) / fl.rent_equiv : 0.0);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n    set yrange [0:%.6g]\n",
            scale_word(fscale), fsfx, fmaxv > 0 ? fmaxv / fscale * 1.15 : 1.0);
    fprintf(f, "    set title 'Whole fleet, %g days'\n", s->horizon_days);
    fprintf(f, "    set label 400 '%s' at 0, %.6g center offset 0,0.7 font ',%d'\n",
            fs_fmt_usd(fl.rent_equiv, b1, sizeof(b1)), fl.rent_equiv / fscale, bar_font(c));
    fprintf(f, "    set label 401 '%s' at 1, %.6g center offset 0,0.7 font ',%d'\n",
            fs_fmt_usd(fl.capex + fl.energy + fl.rent_paid, b2, sizeof(b2)),
            (fl.capex + fl.energy + fl.rent_paid) / fscale, bar_font(c));
    fputs("    plot \\\n", f);
    gp_stack(f, "cost.dat", 1, 0.0, 0.35, fscale, frent, 1);
    fputs(", \\\n", f);
    gp_stack(f, "cost.dat", 1, 1.0, 0.35, fscale, fseg, 3);
    fputs("\n", f);
    if (!jobs)
        gp_legend_clear(f, nkeys);
    fputs("    unset multiplot\n", f);
    gp_end(f);
    wclose(c, &gp);
out:
    free(names);
    free(second);
    free(ratio);
    return c->rc;
}

/* ---- chart 5: fleet capacity ------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double day_h(const struct fs_scenario *s, fs_date d)
{
    return ((double)d - (double)s->start) * FS_HOURS_PER_DAY;
}

static double retire_h(const struct fs_scenario *s, const struct fs_cluster *cl)
{
    return cl->retire == INT32_MAX ? INFINITY : day_h(s, cl->retire);
}

/* Peak dense 16-bit FLOP/s of one GPU of a cluster (BF16, else FP16). */
static double gpu_peak(const struct fs_scenario *s, const struct fs_cluster *cl)
{
    const struct fs_chip *chip = fs_cluster_chip(s, cl);
    return fs_chip_peak_flops(chip, chip->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16
                                                                        : FS_PREC_FP16);
}

/*
 * One row of fleet_capacity.dat: GPUs per chip, their total (mean, P5,
 * P95) and peak PFLOP/s. Before the start, from the clusters' own dates;
 * from the start on, from the replicates' capacity grid (deliveries vary).
 */
struct cap_row {
    double t_h, total, p5, p95, pflops;
    double *chip; /* [nchips] */
};

/* Before the start: the clusters' own GPUs from their online dates, plus
 * each replicate's orders from their arrival (as the capacity grid counts
 * them), until retirement; means and quantiles over the stored replicates. */
static void cap_at_hist(const struct fs_mc *mc, const size_t *chip_of, double t, double *x,
                        struct cap_row *row, size_t nchips)
{
    const struct fs_scenario *s = mc->s;
    size_t nr = s->norders > 0 && mc->orders != NULL ? mc->ngrid_reps : 1;
    for (size_t k = 0; k < nchips; k++)
        row->chip[k] = 0.0;
    row->t_h = t;
    row->total = row->pflops = 0.0;
    for (size_t r = 0; r < nr; r++) {
        x[r] = 0.0;
        for (size_t ci = 0; ci < s->nclusters; ci++) {
            const struct fs_cluster *cl = &s->clusters[ci];
            double g = (double)cl->gpus + (double)cl->spare_nodes * cl->gpus_per_node;
            if (!(day_h(s, cl->online) <= t && t < retire_h(s, cl)))
                continue;
            for (size_t o = 0; nr > 1 && o < s->norders; o++) {
                const struct fs_order_result *res = &mc->orders[r * s->norders + o];
                if (s->orders[o].cluster == ci && res->arrival_h <= t)
                    g += res->gpus_delivered;
            }
            x[r] += g;
            row->chip[chip_of[ci]] += g / (double)nr;
            row->pflops += g * gpu_peak(s, cl) / 1e15 / (double)nr;
        }
        row->total += x[r] / (double)nr;
    }
    gsl_sort(x, 1, nr);
    row->p5 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.05);
    row->p95 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.95);
}

static void cap_at_grid(const struct fs_mc *mc, const size_t *chip_of, size_t k, double *x,
                        struct cap_row *row, size_t nchips)
{
    const struct fs_scenario *s = mc->s;
    size_t n = mc->ngrid_reps, nc = s->nclusters;
    for (size_t i = 0; i < nchips; i++)
        row->chip[i] = 0.0;
    row->t_h = mc->grid_h[k];
    row->total = row->pflops = 0.0;
    for (size_t r = 0; r < n; r++) {
        x[r] = 0.0;
        for (size_t ci = 0; ci < nc; ci++) {
            double g = mc->capacity[(r * nc + ci) * mc->ngrid + k];
            x[r] += g;
            row->chip[chip_of[ci]] += g / (double)n;
            row->pflops += g * gpu_peak(s, &s->clusters[ci]) / 1e15 / (double)n;
        }
        row->total += x[r] / (double)n;
    }
    gsl_sort(x, 1, n);
    row->p5 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    row->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
}

static int cap_same(const struct cap_row *a, const struct cap_row *b, size_t nchips)
{
    for (size_t k = 0; k < nchips; k++)
        if (a->chip[k] != b->chip[k])
            return 0;
    return a->total == b->total && a->p5 == b->p5 && a->p95 == b->p95 && a->pflops == b->pflops;
}

static void cap_write(FILE *f, const struct fs_scenario *s, const struct cap_row *r,
                      size_t nchips)
{
    char tb[32];
    fputs(fmt_time(s, r->t_h, tb, sizeof(tb)), f);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, " %.6g", r->chip[k]);
    fprintf(f, " %.6g %.6g %.6g %.6g\n", r->total, r->p5, r->p95, r->pflops);
}

static int cmp_event(const void *a, const void *b)
{
    const struct fs_dated_event *x = a, *y = b;
    return (x->t_h > y->t_h) - (x->t_h < y->t_h);
}

/*
 * Dated events (export rules, orders) as vertical lines with labels that
 * read upward from the bottom, left of their line. Events closer together
 * than a line of text share one label ("N events, from to"), so a run of
 * monthly orders stays legible; a label is cut to fit the plot's height.
 */
static void gp_events(struct ctx *c, FILE *f, double t0, double t1)
{
    const struct fs_scenario *s = c->s;
    struct fs_dated_event *ev;
    size_t n = 0;
    double px_per_h = 0.8 * c->width / (t1 - t0 > 0 ? t1 - t0 : 1.0);
    double gap_px = 1.7 * bar_font(c) * 1.25;
    size_t maxchars = (size_t)(0.75 * 0.6 * c->height / (0.62 * bar_font(c) * 1.25));

    if (c->in->nevents == 0)
        return;
    if ((ev = malloc(c->in->nevents * sizeof(*ev))) == NULL) {
        nomem(c);
        return;
    }
    for (size_t e = 0; e < c->in->nevents; e++)
        if (isfinite(c->in->events[e].t_h))
            ev[n++] = c->in->events[e];
    qsort(ev, n, sizeof(*ev), cmp_event);
    for (size_t e = 0; e < n; e++) {
        double xs = epoch_s(s, ev[e].t_h);
        /* A white halo keeps the line visible over any fill. */
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '#ffffff' front\n",
                1000 + e, xs, xs, n > 12 ? "4" : "6");
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '%s' front\n",
                3000 + e, xs, xs, n > 12 ? "1.5" : "2.5", COL_LOST);
    }
    for (size_t e = 0, g; e < n; e = g) {
        char d0[16], d1[16], *text, *q;
        const char *label = ev[e].label ? ev[e].label : "";
        for (g = e + 1; g < n && (ev[g].t_h - ev[g - 1].t_h) * px_per_h < gap_px; g++)
            ;
        fs_date_format(s->start + (fs_date)floor(ev[e].t_h / FS_HOURS_PER_DAY), d0, sizeof(d0));
        fs_date_format(s->start + (fs_date)floor(ev[g - 1].t_h / FS_HOURS_PER_DAY), d1,
                       sizeof(d1));
        text = g - e == 1 ? xprintf("%s (%s)", label, d0)
                          : xprintf("%zu events, %s to %s", g - e, d0, d1);
        q = malloc(maxchars + 8);
        if (text == NULL || q == NULL) {
            free(text);
            free(q);
            nomem(c);
            break;
        }
        fprintf(f, "    set label %zu %s at %.0f, graph 0.03 left rotate by 90 offset -0.7,0 "
                   "front boxed font ',%d' tc rgb '%s'\n",
                1000 + e, fs_plot_quote(text, q, maxchars + 8), epoch_s(s, ev[e].t_h),
                bar_font(c), COL_LOST);
        free(text);
        free(q);
    }
    free(ev);
}

#define HIST_POINTS 240

static int chart_fleet(struct ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_plot_input *in = c->in;
    double horizon = s->horizon_days * FS_HOURS_PER_DAY, t0 = 0.0, t1 = horizon;
    double *times = NULL, *x = NULL, *store = NULL, maxg = 0.0, maxpf = 0.0, gscale, pfscale;
    double head;
    size_t *chip_of = NULL, nchips = 0, *chips = NULL, nt = 0;
    struct cap_row row[3], tmp; /* previous, current, next */
    int spread = 0;
    struct wfile dat, gp;
    char tb[32], qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    chip_of = malloc((s->nclusters + 1) * sizeof(*chip_of));
    chips = malloc((s->nclusters + 1) * sizeof(*chips));
    times = malloc((2 * s->nclusters + HIST_POINTS + 2) * sizeof(*times));
    x = malloc((mc->ngrid_reps + 1) * sizeof(*x));
    store = malloc(3 * (s->nclusters + 1) * sizeof(*store));
    if (chip_of == NULL || chips == NULL || times == NULL || x == NULL || store == NULL) {
        nomem(c);
        goto out;
    }
    for (int i = 0; i < 3; i++)
        row[i].chip = store + (size_t)i * (s->nclusters + 1);
    /* Chips in order of first appearance; clusters map to them. */
    for (size_t i = 0; i < s->nclusters; i++) {
        size_t k;
        for (k = 0; k < nchips; k++)
            if (chips[k] == s->clusters[i].chip)
                break;
        if (k == nchips)
            chips[nchips++] = s->clusters[i].chip;
        chip_of[i] = k;
        t0 = fmin(t0, day_h(s, s->clusters[i].online));
    }
    for (size_t e = 0; e < in->nevents; e++) {
        if (!isfinite(in->events[e].t_h))
            continue;
        t0 = fmin(t0, in->events[e].t_h);
        t1 = fmax(t1, in->events[e].t_h);
    }

    if (wopen(c, &dat, "fleet_capacity.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: GPUs in service (spares included) by chip, columns 2..%zu\n"
               "# in the order below; their total (mean, P5, P95 across replicates) and\n"
               "# peak dense 16-bit PFLOP/s (BF16, else FP16); means of the first %zu\n"
               "# replicates. Before the start date, from the clusters' online dates and\n"
               "# the arrival of each order.\n",
            FS_VERSION, nchips + 1, mc->ngrid_reps);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, "# column %zu: chip %s\n", k + 2,
                fs_plot_quote(s->catalog.chips[chips[k]].name, qb, sizeof(qb)));
    fputs("# date_utc", f);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, " gpus_%zu", k + 1);
    fputs(" gpus_total gpus_total_p5 gpus_total_p95 peak_pflops\n", f);

    /* History before the start, as steps: at online and retirement dates,
     * and (orders arriving at random times) on a grid of 240 points. */
    if (t0 < 0.0) {
        times[nt++] = t0;
        for (size_t i = 0; i < s->nclusters; i++) {
            double on = day_h(s, s->clusters[i].online), off = retire_h(s, &s->clusters[i]);
            if (on > t0 && on < 0.0)
                times[nt++] = on;
            if (off > t0 && off < 0.0)
                times[nt++] = off;
        }
        for (int g = 1; s->norders > 0 && g < HIST_POINTS; g++)
            times[nt++] = t0 * (1.0 - (double)g / HIST_POINTS);
        qsort(times, nt, sizeof(*times), cmp_double);
        cap_at_hist(mc, chip_of, times[0], x, &row[0], nchips);
        cap_write(f, s, &row[0], nchips);
        for (size_t i = 1; i < nt; i++) {
            if (!(times[i] > times[i - 1]))
                continue;
            maxg = fmax(maxg, fmax(row[0].total, row[0].p95));
            maxpf = fmax(maxpf, row[0].pflops);
            cap_at_hist(mc, chip_of, times[i], x, &row[1], nchips);
            if (!cap_same(&row[0], &row[1], nchips)) {
                row[0].t_h = times[i];
                cap_write(f, s, &row[0], nchips);
                cap_write(f, s, &row[1], nchips);
                spread |= row[1].p5 != row[1].p95;
                tmp = row[0];
                row[0] = row[1];
                row[1] = tmp;
            }
        }
        maxg = fmax(maxg, fmax(row[0].total, row[0].p95));
        maxpf = fmax(maxpf, row[0].pflops);
        row[0].t_h = 0.0;
        cap_write(f, s, &row[0], nchips);
    }
    /* The horizon, on the grid; rows that change nothing are left out. */
    for (size_t k = 0; k < mc->ngrid; k++) {
        if (k == 0) {
            if (mc->capacity != NULL)
                cap_at_grid(mc, chip_of, 0, x, &row[1], nchips);
            else
                cap_at_hist(mc, chip_of, mc->grid_h[0], x, &row[1], nchips);
        }
        if (k + 1 < mc->ngrid) {
            if (mc->capacity != NULL)
                cap_at_grid(mc, chip_of, k + 1, x, &row[2], nchips);
            else
                cap_at_hist(mc, chip_of, mc->grid_h[k + 1], x, &row[2], nchips);
        }
        maxg = fmax(maxg, fmax(row[1].total, row[1].p95));
        maxpf = fmax(maxpf, row[1].pflops);
        spread |= row[1].p5 != row[1].p95;
        if (k == 0 || k + 1 == mc->ngrid || !cap_same(&row[1], &row[0], nchips) ||
            !cap_same(&row[1], &row[2], nchips))
            cap_write(f, s, &row[1], nchips);
        /* Rotate: previous <- current <- next. */
        tmp = row[0];
        row[0] = row[1];
        row[1] = row[2];
        row[2] = tmp;
    }
    if (wclose(c, &dat) != FS_OK)
        goto out;

    if (wopen(c, &gp, "fleet_capacity.gp") != FS_OK)
        goto out;
    f = gp.f;
    gscale = maxg >= 1e4 ? 1e3 : 1.0;
    pfscale = maxpf >= 1e3 ? 1e3 : 1.0;
    /* Headroom for the key (top left) above the highest stack. */
    {
        double rows = (double)nchips + (spread ? 1 : 0) + 1 + 0.8;
        double frac = rows * 1.2 * c->font * 1.25 / (0.6 * c->height);
        head = 1.0 / fmax(0.35, 1.0 - frac - 0.05);
    }
    gp_begin(c, f, "fleet_capacity", "GPUs in service by chip and peak compute over time");
    fputs("    set title ", f);
    put_qf(c, f, "%s: fleet capacity", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", epoch_s(s, t0), epoch_s(s, t1));
    gp_time_tics(c, f, t0, t1, 0.8);
    fprintf(f, "    set xlabel 'Date (UTC)' offset 0,-0.6\n    set ylabel 'GPUs in service%s'\n"
               "    set format y '%%g'\n    set yrange [0:%.6g]\n",
            gscale > 1 ? " (thousands)" : "", maxg > 0 ? maxg / gscale * head : 1.0);
    fprintf(f, "    set y2label 'Peak dense 16-bit %s'\n    set y2range [0:%.6g]\n"
               "    set y2tics nomirror out\n    set format y2 '%%g'\n    set border 11 lw 1.5\n"
               "    set bmargin 6.5\n",
            pfscale > 1 ? "EFLOP/s" : "PFLOP/s", maxpf > 0 ? maxpf / pfscale * head : 1.0);
    fputs("    set key top left reverse Left samplen 2 box lc rgb '" COL_GRID "' opaque\n"
          "    set style textbox opaque fc rgb '#ffffff' noborder\n",
          f);
    /* The simulated period, and dated events (export rules, deliveries). */
    if (t0 < 0.0) {
        fs_date_format(s->start, tb, sizeof(tb));
        fprintf(f, "    set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt (6,4) lw 2 "
                   "lc rgb '#000000' front\n",
                epoch_s(s, 0.0), epoch_s(s, 0.0));
        fprintf(f, "    set label 1 'simulated from %s' at %.0f, graph 0.97 right rotate by 90 "
                   "offset 1.5,0 front boxed font ',%d'\n",
                tb, epoch_s(s, 0.0), bar_font(c));
    }
    gp_events(c, f, t0, t1);
    fputs("    plot \\\n", f);
    for (size_t k = 0; k < nchips; k++) {
        fputs("        'fleet_capacity.dat' using 1:((", f);
        if (k == 0)
            fputs("0", f);
        for (size_t i = 0; i < k; i++)
            fprintf(f, "%s$%zu", i ? "+" : "", i + 2);
        fprintf(f, ")/%g):((", gscale);
        for (size_t i = 0; i <= k; i++)
            fprintf(f, "%s$%zu", i ? "+" : "", i + 2);
        fprintf(f, ")/%g) with filledcurves fc rgb '%s' fs solid 0.85 noborder title ", gscale,
                job_colors[k % NJOB_COLORS]);
        put_q(c, f, s->catalog.chips[chips[k]].name);
        fputs(", \\\n", f);
    }
    if (spread)
        fprintf(f, "        'fleet_capacity.dat' using 1:($%zu/%g):($%zu/%g) with filledcurves "
                   "fc rgb '#000000' fs transparent pattern 4 border lc rgb '#555555' "
                   "title 'total GPUs, P5-P95 of %zu replicates', \\\n",
                nchips + 3, gscale, nchips + 4, gscale, mc->ngrid_reps);
    fprintf(f, "        'fleet_capacity.dat' using 1:($%zu/%g) axes x1y2 with lines lw 3.5 "
               "lc rgb '#000000' title 'peak %s (right axis)'\n",
            nchips + 5, pfscale, pfscale > 1 ? "EFLOP/s" : "PFLOP/s");
    gp_end(f);
    wclose(c, &gp);
out:
    free(chip_of);
    free(chips);
    free(times);
    free(x);
    free(store);
    return c->rc;
}

/* ---- running gnuplot ---------------------------------------------------- */

/* The program to run: a path as given, or the first executable NAME on
 * $PATH (malloc'ed), or NULL. */
static char *find_program(const char *name)
{
    const char *path = getenv("PATH"), *p;
    struct stat st;
    if (strchr(name, '/') != NULL)
        return access(name, X_OK) == 0 && stat(name, &st) == 0 && S_ISREG(st.st_mode)
                   ? xprintf("%s", name)
                   : NULL;
    if (path == NULL)
        path = "/usr/bin:/bin";
    for (p = path;; p += strcspn(p, ":") + 1) {
        size_t n = strcspn(p, ":");
        char *cand = n ? xprintf("%.*s/%s", (int)n, p, name) : xprintf("./%s", name);
        if (cand == NULL)
            return NULL;
        if (access(cand, X_OK) == 0 && stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            return cand;
        free(cand);
        if (p[n] == '\0')
            return NULL;
    }
}

/* The program path quoted for /bin/sh: '...' with ' written as '\''. */
static char *shell_quote(const char *s)
{
    size_t n = 3;
    char *q, *o;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 4 : 1;
    if ((q = malloc(n)) == NULL)
        return NULL;
    o = q;
    *o++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            memcpy(o, "'\\''", 4);
            o += 4;
        } else {
            *o++ = *p;
        }
    }
    *o++ = '\'';
    *o = '\0';
    return q;
}

/*
 * Runs `cmd` (gnuplot) with "cd DIR; load NAME.gp" on its input. Returns
 * 0 when it exited 0, else its exit status (or -1 if it could not run).
 */
static int run_chart(const char *cmd, const char *dir, const char *name)
{
    FILE *p;
    int st = -1, bad = 0;
    char *file = xprintf("%s.gp", name);
    size_t dlen = 2 * strlen(dir) + 3, flen = file ? 2 * strlen(file) + 3 : 0;
    char *qdir = malloc(dlen), *qfile = malloc(flen ? flen : 1);

    if (file == NULL || qdir == NULL || qfile == NULL) {
        free(file);
        free(qdir);
        free(qfile);
        return -1;
    }
    fflush(NULL); /* what we printed comes before gnuplot's messages */
    if ((p = popen(cmd, "w")) != NULL) {
        fprintf(p, "cd %s\nload %s\n", fs_plot_quote(dir, qdir, dlen),
                fs_plot_quote(file, qfile, flen));
        bad = ferror(p);
        st = pclose(p);
    }
    free(file);
    free(qdir);
    free(qfile);
    if (p == NULL || st == -1)
        return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st) != 0 ? WEXITSTATUS(st) : bad ? -1 : 0;
    return -1;
}

/* Removes the images a failed chart may have left half-written. */
static void remove_images(const char *dir, const char *name, unsigned formats)
{
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        char *path;
        if (!(formats & (1u << i)))
            continue;
        if ((path = xprintf("%s/%s.%s", dir, name, ext[i])) != NULL)
            remove(path);
        free(path);
    }
}

/* ---- entry point -------------------------------------------------------- */

int fs_plot_all(const struct fs_plot_input *in, const char *dir,
                const struct fs_plot_opts *opts, struct fs_diag *diag)
{
    const struct fs_scenario *s = in->mc->s;
    struct ctx c;
    double k;
    char *prog = NULL, *cmd = NULL;
    const char *want = opts->gnuplot ? opts->gnuplot : "gnuplot";
    size_t nfailed = 0, nchart = 0;
    char first[64] = "";
    int first_status = 0;

    memset(&c, 0, sizeof(c));
    c.in = in;
    c.mc = in->mc;
    c.s = s;
    c.sum = in->sum;
    c.dir = dir;
    c.width = opts->width > 0 ? opts->width : 1600;
    c.height = opts->height > 0 ? opts->height : 900;
    c.formats = opts->formats ? opts->formats : FS_PLOT_PNG | FS_PLOT_SVG;
    c.diag = diag;
    c.rc = FS_OK;
    k = fmin(c.width / 1600.0, c.height / 900.0);
    c.font = (int)floor(20.0 * k + 0.5);
    if (c.font < 9)
        c.font = 9;

    if (fs_mkdir_p(dir, diag) != FS_OK)
        return FS_EIO;
    if (chart_progress(&c) != FS_OK)
        return c.rc;
    for (size_t j = 0; j < s->njobs; j++)
        if (chart_ttt(&c, j) != FS_OK)
            return c.rc;
    if (chart_gpu_hours(&c) != FS_OK || chart_cost(&c) != FS_OK || chart_fleet(&c) != FS_OK)
        return c.rc;
    if (opts->formats == 0)
        return FS_OK; /* --plots none: scripts and data only */

    for (const char *p = dir; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) /* gnuplot could not cd there */
            return fs_diag_set(diag, FS_EPLOT, NULL, 0, NULL,
                               "the output folder's name has control characters; charts not "
                               "drawn (scripts and data are in it)");
    if ((prog = find_program(want)) == NULL)
        return fs_diag_set(diag, FS_EPLOT, NULL, 0, NULL,
                           "%s not found%s; charts not drawn (scripts and data are in %s)",
                           want, strchr(want, '/') ? "" : " on PATH", dir);
    if ((cmd = shell_quote(prog)) == NULL) {
        free(prog);
        return nomem(&c);
    }
    {
        /* A gnuplot that dies early must not kill us with SIGPIPE. */
        struct sigaction ign, old;
        memset(&ign, 0, sizeof(ign));
        ign.sa_handler = SIG_IGN;
        sigemptyset(&ign.sa_mask);
        sigaction(SIGPIPE, &ign, &old);
        for (size_t i = 0; i < s->njobs + 4; i++) {
            char name[64];
            int st;
            if (i == 0)
                snprintf(name, sizeof(name), "progress");
            else if (i <= s->njobs)
                snprintf(name, sizeof(name), "time_to_train_job%zu", i);
            else
                snprintf(name, sizeof(name), "%s",
                         i == s->njobs + 1 ? "gpu_hours"
                         : i == s->njobs + 2 ? "cost" : "fleet_capacity");
            if (s->njobs == 0 && (i == 0 || i == s->njobs + 1))
                continue; /* no job charts without jobs */
            nchart++;
            if ((st = run_chart(cmd, dir, name)) != 0) {
                remove_images(dir, name, opts->formats);
                if (nfailed++ == 0) {
                    snprintf(first, sizeof(first), "%s", name);
                    first_status = st;
                }
            }
        }
        sigaction(SIGPIPE, &old, NULL);
    }
    free(prog);
    free(cmd);
    if (nfailed == 0)
        return FS_OK;
    if (first_status < 0)
        return fs_diag_set(diag, FS_EPLOT, NULL, 0, NULL,
                           "could not run %s for chart '%s'%s (scripts and data are in %s)",
                           want, first, nfailed > 1 ? " and others" : "", dir);
    return fs_diag_set(diag, FS_EPLOT, NULL, 0, NULL,
                       "gnuplot failed on chart '%s' (exit status %d)%s; "
                       "%zu of %zu charts drawn (scripts and data are in %s)",
                       first, first_status,
                       nfailed > 1 ? " and others" : "", nchart - nfailed, nchart, dir);
}
