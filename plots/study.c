/*
 * study.c - the comparison charts of a study: for strategies and scenario
 * files, time to train against TCO (compare_time_cost), cost by component
 * (compare_cost) and progress on one calendar (compare_progress); for a
 * sweep, time to train and TCO against the swept value (sweep); for
 * sensitivity, a tornado of each uncertain input's swing (tornado).
 *
 * Drawn like fs_plot_all's charts and with the same machinery (common.c):
 * NAME.dat and NAME.gp written whole into the output folder, then one
 * gnuplot per chart. Variant labels, job names, input labels and sweep
 * paths are scenario (or command-line) text: they reach the scripts only
 * through fs__put_q / fs__put_qf, and .dat comments only through
 * fs_plot_quote. File names are fixed.
 *
 * The charts follow one job: the baseline's job with the largest FLOP
 * budget (fs_study_focus_job), found in every other variant by its name
 * (one panel per job was tried for compare_time_cost: at 1600x900 three
 * panels leave no room for the labels). A variant whose job did not finish
 * in any replicate has no time to train: it is named in a note instead of
 * drawn, or (tornado) drawn to the edge of the axis, hatched. Layout is
 * computed here in pixels (fs__text_px) so that labels clear each other.
 *
 * Workload: a handful of variants (a sweep: up to 100); each chart reads
 * the summaries, compare_progress the progress grids (401 points x at most
 * 1,000 replicates per variant).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

#define QLEN (2 * FS_TEXT_MAX + 3) /* a quoted label: every byte doubled, quotes, NUL */

/* ---- helpers ------------------------------------------------------------ */

static const struct fs_stat *vstat(const struct fs_variant *v, int j, enum fs_metric m)
{
    return &v->sum.stats[(size_t)j * FS_M_COUNT + m];
}

/*
 * Variants' colours: the baseline black, the others the Okabe-Ito palette
 * in order (blue, orange, green, pink, sky blue), without vermillion (kept
 * for failures) and yellow (too faint as a line on white). Past five the
 * colours repeat with another point type and dash.
 */
static const char *vcolor(size_t k)
{
    return k == 0 ? fs__palette[5] : fs__palette[(k - 1) % 5];
}

static int vpoint(size_t k)
{
    static const int pt[] = {7, 5, 9, 13, 11};
    return k == 0 ? 7 : pt[((k - 1) / 5) % 5];
}

static const char *vdash(size_t k)
{
    return k == 0 || (k - 1) / 5 % 2 == 0 ? "1" : "(8,4)";
}

/* "strategy" or "scenario file", for titles. */
static const char *kind_word(const struct fs_study *st)
{
    return st->kind == FS_STUDY_FILES ? "scenario file" : "strategy";
}

/* Time to train in days, or in hours when everything is under two days. */
struct tunit {
    double mul;
    const char *word, *abbr;
};

static struct tunit time_unit(double max_days)
{
    if (max_days < 2.0)
        return (struct tunit){24.0, "hours", "h"};
    return (struct tunit){1.0, "days", "d"};
}

/* Decimals for values of an axis spanning `span`. */
static int decimals(double span)
{
    return span >= 100 ? 0 : span >= 10 ? 1 : span >= 1 ? 2 : 3;
}

/* The focus job's index in variant k, or -1. */
static int vjob(const struct fs_study *st, size_t k)
{
    return fs_study_job(&st->v[k], st->v[0].s->jobs[fs_study_focus_job(st)].name);
}

/* A label cut to fit `px` pixels at `font` ("..." appended), at a whole
 * UTF-8 character. Returns buf. */
static const char *fit_text(const char *s, double px, int font, char *buf, size_t len)
{
    size_t n;
    snprintf(buf, len, "%s", s);
    if (fs__text_px(buf, font) <= px)
        return buf;
    for (n = strlen(buf); n > 0; n--) {
        if (((unsigned char)buf[n] & 0xC0) == 0x80)
            continue; /* inside a character */
        buf[n] = '\0';
        if (n + 4 <= len) {
            memcpy(buf + n, "...", 4);
            if (fs__text_px(buf, font) <= px)
                return buf;
            buf[n] = '\0';
        }
    }
    return buf;
}

/* A footnote on the left, under the panels (label 101), left out when it
 * would run into the one on the right (small pictures). */
static void gp_note(struct fs__plot_ctx *c, FILE *f, const char *text)
{
    char right[128];
    snprintf(right, sizeof(right), "fleetsim %s, seed %llu, %zu replicates per variant",
             FS_VERSION, (unsigned long long)c->s->seed, c->mc->nrep);
    if (fs__text_px(text, fs__small_font(c)) + fs__text_px(right, fs__small_font(c)) +
            2.0 * c->font >
        0.98 * c->width)
        return;
    fputs("    set label 101 ", f);
    fs__put_q(c, f, text);
    fprintf(f, " at screen 0.01, screen 0.015 left font ',%d' tc rgb '%s'\n", fs__small_font(c),
            COL_NOTE);
}

/* A tic step giving about `want` tics over span: the nearest of 1, 2, 2.5
 * or 5 x 10^k. */
static double nice_step(double span, double want)
{
    double raw = span / (want > 1.0 ? want : 1.0), p, m;
    if (!(raw > 0) || !isfinite(raw))
        return 1.0;
    p = pow(10.0, floor(log10(raw)));
    m = raw / p;
    return (m < 1.5 ? 1.0 : m < 2.25 ? 2.0 : m < 3.5 ? 2.5 : m < 7.5 ? 5.0 : 10.0) * p;
}

/* Lists in a label the variants of `which` (a boolean per variant) after
 * `what`, quoted as one string; nothing when none. */
static void gp_variant_note(struct fs__plot_ctx *c, FILE *f, const struct fs_study *st,
                            const int *which, int id, const char *what, const char *where)
{
    size_t len = strlen(what) + 1, n = 0, o;
    char *text;
    for (size_t k = 0; k < st->n; k++)
        if (which[k]) {
            len += strlen(st->v[k].label) + 2;
            n++;
        }
    if (n == 0)
        return;
    if ((text = malloc(len)) == NULL) {
        fs__nomem(c);
        return;
    }
    o = (size_t)snprintf(text, len, "%s", what);
    n = 0;
    for (size_t k = 0; k < st->n; k++)
        if (which[k])
            o += (size_t)snprintf(text + o, len - o, "%s%s", n++ ? ", " : "", st->v[k].label);
    fprintf(f, "    set label %d ", id);
    fs__put_q(c, f, text);
    fprintf(f, " at %s front font ',%d' tc rgb '%s'\n", where, fs__bar_font(c), COL_LOST);
    free(text);
}

/*
 * Writes a chart's title (scenario text, quoted) as `set title` or, for a
 * multiplot, `set multiplot title`, with its font: smaller when it is too
 * wide for the picture, and cut (at a whole character) if even that fails.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void gp_title(struct fs__plot_ctx *c, FILE *f, int multiplot, const char *fmt, ...)
{
    va_list ap;
    char *text, *cut;
    int n, font = c->font + 4;
    double room = 0.96 * c->width;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (text = malloc((size_t)n + 1)) == NULL || (cut = malloc((size_t)n + 4)) == NULL) {
        if (n >= 0)
            free(text);
        fs__nomem(c);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    while (font > c->font && fs__text_px(text, font) > room)
        font--;
    fputs(multiplot ? "    set multiplot title " : "    set title ", f);
    fs__put_q(c, f, fit_text(text, room, font, cut, (size_t)n + 4));
    fprintf(f, " font ',%d'\n", font);
    free(text);
    free(cut);
}

/* Whether any of n flags is set. */
static int flag_any(const int *flag, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (flag[k])
            return 1;
    return 0;
}

/* ---- labels placed beside points ---------------------------------------- */

/* A label's box in pixels of its panel (x right, y up). */
struct box {
    double x0, y0, x1, y1;
};

/* The area two boxes share. */
static double overlap(const struct box *a, const struct box *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0), h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0.0;
}

/*
 * Places a label of w x h pixels beside the point (px, py) in a panel of
 * pw x ph pixels: right, left, above or below it, the first place inside
 * the panel that clears the boxes already taken (labels, markers,
 * whiskers); failing that, the place inside that overlaps them least.
 * Returns the box (its left edge and middle are where the label goes).
 */
static struct box place_label(double px, double py, double w, double h, double pw, double ph,
                              const struct box *taken, size_t ntaken)
{
    const double d = 0.3 * h + 14.0; /* clears the point's marker */
    const double cand[][2] = {{px + d, py - h / 2},         {px - d - w, py - h / 2},
                              {px + d / 2, py + d / 2},     {px + d / 2, py - d / 2 - h},
                              {px - d / 2 - w, py + d / 2}, {px - d / 2 - w, py - d / 2 - h},
                              {px - w / 2, py + d},         {px - w / 2, py - d - h},
                              {px + d, py + 1.2 * h},       {px + d, py - 2.2 * h},
                              {px - d - w, py + 1.2 * h},   {px - d - w, py - 2.2 * h}};
    struct box best = {px + d, py - h / 2, px + d + w, py + h / 2};
    double least = INFINITY;
    for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
        struct box b = {cand[i][0], cand[i][1], cand[i][0] + w, cand[i][1] + h};
        double sum = 0.0;
        if (b.x0 < 2 || b.x1 > pw - 2 || b.y0 < 2 || b.y1 > ph - 2)
            continue;
        for (size_t t = 0; t < ntaken; t++)
            sum += overlap(&b, &taken[t]);
        if (sum == 0.0)
            return b;
        if (sum < least) {
            least = sum;
            best = b;
        }
    }
    return best;
}

/* ---- compare_time_cost -------------------------------------------------- */

/* One variant's point. */
struct tc_point {
    int job;         /* the focus job's index in the variant, -1 if it has none */
    int row;         /* its row in the .dat, -1: not drawn (never finished) */
    double x, y;     /* TCO P50 (USD), time to train P50 (chart's unit) */
    double finished; /* share of replicates that finished */
};

/* Same spot, in pixels. */
static int same_spot(const struct tc_point *a, const struct tc_point *b, double sx, double sy)
{
    return a->row >= 0 && b->row >= 0 && fabs((a->x - b->x) * sx) < 6 &&
           fabs((a->y - b->y) * sy) < 6;
}

static int chart_time_cost(struct fs__plot_ctx *c, const struct fs_study *st)
{
    const struct fs_scenario *b = st->v[0].s;
    size_t focus = fs_study_focus_job(st), n = st->n, ntaken = 0, nlab = 0;
    const char *job = b->jobs[focus].name, *sfx;
    struct tc_point *pt = NULL;
    struct fs__keyitem *keys = NULL;
    struct box *taken = NULL;
    struct fs__wfile dat, gp;
    int *flag = NULL, row = 0, lf = fs__bar_font(c);
    double maxd = 0.0, xmax = 0.0, ymax, xscale, top, bottom = 0.16, left = 0.10, right = 0.97;
    double pw, ph;
    struct tunit u;
    char qb[QLEN];
    FILE *f;

    pt = calloc(n, sizeof(*pt));
    keys = malloc(n * sizeof(*keys));
    taken = malloc(4 * n * sizeof(*taken));
    flag = calloc(n, sizeof(*flag));
    if (pt == NULL || keys == NULL || taken == NULL || flag == NULL) {
        fs__nomem(c);
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        keys[k] = (struct fs__keyitem){vcolor(k), st->v[k].label};
        pt[k].job = vjob(st, k);
        pt[k].row = -1;
        if (pt[k].job >= 0 && vstat(&st->v[k], pt[k].job, FS_M_TTT)->n > 0) {
            maxd = fmax(maxd, vstat(&st->v[k], pt[k].job, FS_M_TTT)->p95);
            xmax = fmax(xmax, vstat(&st->v[k], pt[k].job, FS_M_TCO)->p95);
        }
    }
    u = time_unit(maxd);

    /* compare_time_cost.dat: a row per variant whose job finished in at
     * least one replicate. */
    if (fs__wopen(c, &dat, "compare_time_cost.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: time to train against total cost of ownership of job %s,\n",
            FS_VERSION, fs_plot_quote(job, qb, sizeof(qb)));
    fprintf(f, "# per variant; %zu replicates each (common random numbers). TCO in USD;\n"
               "# time to train (%s, ready to finished) over the replicates that finished.\n"
               "# variant tco_p5 tco_p50 tco_p95 tco_mean ttt_p5 ttt_p50 ttt_p95 "
               "finished_share\n",
            st->v[0].mc->nrep, u.word);
    for (size_t k = 0; k < n; k++) {
        struct tc_point *q = &pt[k];
        const struct fs_variant *v = &st->v[k];
        const struct fs_stat *t, *m;
        if (q->job < 0) {
            fprintf(f, "# variant %zu %s: no such job\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)));
            continue;
        }
        t = vstat(v, q->job, FS_M_TTT);
        m = vstat(v, q->job, FS_M_TCO);
        q->finished = (double)t->n / (double)v->mc->nrep;
        if (t->n == 0) {
            fprintf(f, "# variant %zu %s: did not finish in any replicate\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)));
            continue;
        }
        q->row = row++;
        q->x = m->p50;
        q->y = t->p50 * u.mul;
        fprintf(f, "# variant %zu: %s\n", k, fs_plot_quote(v->label, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g\n", k, m->p5, m->p50, m->p95,
                m->mean, t->p5 * u.mul, t->p50 * u.mul, t->p95 * u.mul, q->finished);
    }
    if (row == 0)
        fputs("0 0 0 0 0 0 0 0 0\n", f); /* no variant finished: keeps the file plottable */
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "compare_time_cost.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "compare_time_cost", "time to train against TCO, per variant");
    gp_title(c, f, 1, "%s: time to train vs TCO of %s, by %s", b->name, job, kind_word(st));
    top = fs__legend_rows(c, keys, n) >= 3 ? 0.76 : 0.80;
    fs__gp_legend(c, f, keys, n);
    gp_note(c, f, "Points: P50; whiskers: P5 to P95 over replicates. Lower left: faster and "
                  "cheaper.");
    ymax = maxd * u.mul;
    xscale = fs__axis_scale(xmax, &sfx);
    xmax = xmax > 0 ? xmax * 1.12 : 1.0;
    ymax = ymax > 0 ? ymax * 1.15 : 1.0;
    {
        /* Notes naming variants without a point go at the top: keep that
         * band clear of points. */
        int nf = 0, miss = 0;
        for (size_t k = 0; k < n; k++) {
            nf |= pt[k].job >= 0 && pt[k].row < 0;
            miss |= pt[k].job < 0;
        }
        ymax /= 1.0 - fmin((nf + miss) * 1.5 * lf * 1.25 / ((top - bottom) * c->height), 0.5);
    }
    fs__gp_panel(f, left, right, bottom, top);
    fprintf(f, "    set xlabel 'Total cost of ownership, USD%s'\n", fs__scale_word(xscale));
    fprintf(f, "    set ylabel 'Time to train (%s, P50)'\n", u.word);
    fprintf(f, "    set xrange [0:%.6g]\n    set yrange [0:%.6g]\n", xmax / xscale, ymax);
    fprintf(f, "    set xtics %.6g\n    set format x '$%%g%s'\n    set grid xtics ytics\n",
            nice_step(xmax / xscale, 8), sfx);
    /* The baseline's point as a cross-hair: what each variant gains or
     * loses against it. */
    if (pt[0].row >= 0) {
        fprintf(f, "    set arrow 10 from %.6g, graph 0 to %.6g, graph 1 nohead dt (6,4) "
                   "lw 1.5 lc rgb '#999999' back\n",
                pt[0].x / xscale, pt[0].x / xscale);
        fprintf(f, "    set arrow 11 from graph 0, first %.6g to graph 1, first %.6g nohead "
                   "dt (6,4) lw 1.5 lc rgb '#999999' back\n",
                pt[0].y, pt[0].y);
    }
    /* Labels beside the points, clear of markers, whiskers and each other;
     * variants on the same spot share one. */
    pw = (right - left) * c->width;
    ph = (top - bottom) * c->height;
    for (size_t k = 0; k < n; k++) {
        const struct tc_point *q = &pt[k];
        const struct fs_stat *t, *m;
        double px = q->x / xmax * pw, py = q->y / ymax * ph;
        if (q->row < 0)
            continue;
        t = vstat(&st->v[k], q->job, FS_M_TTT);
        m = vstat(&st->v[k], q->job, FS_M_TCO);
        taken[ntaken++] = (struct box){px - 13, py - 13, px + 13, py + 13};
        taken[ntaken++] = (struct box){m->p5 / xmax * pw - 2, py - 8, m->p95 / xmax * pw + 2,
                                       py + 8};
        taken[ntaken++] = (struct box){px - 8, t->p5 * u.mul / ymax * ph - 2, px + 8,
                                       t->p95 * u.mul / ymax * ph + 2};
    }
    for (size_t k = 0; k < n; k++) {
        const struct tc_point *q = &pt[k];
        double px = q->x / xmax * pw, py = q->y / ymax * ph, th = 1.25 * lf * 1.15;
        size_t len = 1, cnt = 0, at = 0;
        char *text;
        struct box bx;
        int dup = 0;
        if (q->row < 0)
            continue;
        for (size_t e = 0; e < k && !dup; e++)
            dup = same_spot(&pt[e], q, pw / xmax, ph / ymax);
        if (dup)
            continue;
        for (size_t e = k; e < n; e++)
            if (same_spot(&pt[e], q, pw / xmax, ph / ymax))
                len += strlen(st->v[e].label) + 32;
        if ((text = malloc(len)) == NULL) {
            fs__nomem(c);
            break;
        }
        text[0] = '\0';
        for (size_t e = k; e < n; e++) {
            if (!same_spot(&pt[e], q, pw / xmax, ph / ymax))
                continue;
            at += (size_t)snprintf(text + at, len - at, "%s%s", cnt++ ? ", " : "",
                                   st->v[e].label);
            if (pt[e].finished < 1.0)
                at += (size_t)snprintf(text + at, len - at, " (%.0f%% finished)",
                                       100.0 * pt[e].finished);
        }
        bx = place_label(px, py, fs__text_px(text, lf), th, pw, ph, taken, ntaken);
        taken[ntaken++] = bx;
        fprintf(f, "    set label %zu ", 20 + nlab++);
        fs__put_q(c, f, text);
        fprintf(f, " at %.6g, %.6g left front font ',%d' tc rgb '%s'\n",
                bx.x0 / pw * xmax / xscale, (bx.y0 + bx.y1) / 2 / ph * ymax, lf,
                cnt > 1 ? "#000000" : vcolor(k));
        free(text);
    }
    /* Variants without a point: named, not drawn. */
    for (size_t k = 0; k < n; k++)
        flag[k] = pt[k].job >= 0 && pt[k].row < 0;
    gp_variant_note(c, f, st, flag, 30, "Did not finish in any replicate: ",
                    "graph 0.98, graph 0.95 right");
    {
        int nf = flag_any(flag, n);
        for (size_t k = 0; k < n; k++)
            flag[k] = pt[k].job < 0;
        gp_variant_note(c, f, st, flag, 31, "No such job in: ",
                        nf ? "graph 0.98, graph 0.89 right" : "graph 0.98, graph 0.95 right");
    }
    fputs("    plot \\\n", f);
    if (row == 0)
        fputs("        2\n", f); /* axes and notes only */
    /* The baseline last, on top of variants at the same spot. */
    for (size_t k = n, first = 1; k-- > 0;) {
        if (pt[k].row < 0)
            continue;
        fprintf(f, "%s        'compare_time_cost.dat' every ::%d::%d using "
                   "($3/%g):7:($2/%g):($4/%g):6:8 with xyerrorbars pt %d ps 2 lw 2.5 "
                   "lc rgb '%s'",
                first ? "" : ", \\\n", pt[k].row, pt[k].row, xscale, xscale, xscale,
                vpoint(k), vcolor(k));
        first = 0;
    }
    fputs("\n    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(pt);
    free(keys);
    free(taken);
    free(flag);
    return c->rc;
}

/* A value written over a bar at x (NaN: no bar). */
struct vlabel {
    double x, v;
    char text[32];
};

/*
 * Sets the y range of a bar panel and writes the values over its bars
 * (labels id0, id0 + 1, ...): level when every one fits over its bar
 * (`room` pixels apart), else turned upright; the range leaves room above
 * the tallest for its label, and `reserve` pixels more at the top (for
 * notes). ph: the panel's height in pixels.
 */
static void gp_value_labels(struct fs__plot_ctx *c, FILE *f, struct vlabel *lab, size_t n,
                            int id0, double room, double ph, double scale, double reserve)
{
    double vmax = 0.0, top = 0.0, widest = 0.0;
    int upright, bf = fs__bar_font(c);
    for (size_t i = 0; i < n; i++) {
        if (isnan(lab[i].v))
            continue;
        fs_fmt_usd(lab[i].v, lab[i].text, sizeof(lab[i].text));
        widest = fmax(widest, fs__text_px(lab[i].text, bf));
        vmax = fmax(vmax, lab[i].v);
    }
    upright = widest > 0.4 * room - 4.0;
    for (size_t i = 0; i < n; i++) {
        double need = (upright ? 1.1 * fs__text_px(lab[i].text, bf) + 0.9 * bf + 8.0 : 2.2 * bf) +
                      reserve;
        if (!isnan(lab[i].v) && lab[i].v > 0 && need < 0.6 * ph)
            top = fmax(top, lab[i].v / (1.0 - need / ph));
    }
    top = fmax(top, vmax * 1.15 / (1.0 - fmin(reserve / ph, 0.5)));
    fprintf(f, "    set yrange [0:%.6g]\n", top > 0 ? top / scale : 1.0);
    for (size_t i = 0; i < n; i++) {
        if (isnan(lab[i].v))
            continue;
        if (upright)
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g left rotate by 90 offset 0,0.5 "
                       "font ',%d'\n",
                    (size_t)id0 + i, lab[i].text, lab[i].x, lab[i].v / scale, bf);
        else
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    (size_t)id0 + i, lab[i].text, lab[i].x, lab[i].v / scale, bf);
    }
}

/* How n names fit as x tics in `frac` of the width: level with their
 * second lines, else level without them (*second set to NULL), else
 * turned (second lines left out). */
static int name_tics_mode(const struct fs__plot_ctx *c, const char *const *names,
                          const char ***second, size_t n, double frac)
{
    int m = fs__tics_mode(c, fs__widest(names, *second, n, c->font), n, frac);
    if (m != FS__TICS_ROTATED)
        return m;
    m = fs__tics_mode(c, fs__widest(names, NULL, n, c->font), n, frac);
    if (m != FS__TICS_ROTATED)
        *second = NULL;
    return m;
}

/* ---- compare_cost ------------------------------------------------------- */

static int chart_cost_cmp(struct fs__plot_ctx *c, const struct fs_study *st)
{
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    static const struct fs__segment jrent[] = {{2, COL_RENTAL}};
    static const struct fs__segment jseg[] = {
        {3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_LOST}, {6, COL_IDLECAP}};
    static const struct fs__segment frent[] = {{2, COL_RENTAL}};
    static const struct fs__segment fseg[] = {{3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_RENTPAID}};
    struct fs__keyitem keys[6];
    struct fs__wfile dat, gp;
    struct fs__fleet_sum *fl = NULL;
    const char **names = NULL, **second = NULL, **fsecond = NULL, **shown, **fshown;
    char (*ratio)[32] = NULL, (*fratio)[32] = NULL;
    struct vlabel *lab = NULL;
    double jmax = 0.0, fmaxv = 0.0, jscale, fscale, bottom, split = 0.6, top;
    const char *jsfx, *fsfx;
    size_t nkeys = 0, n = st->n;
    int any_rented = 0, any_owned = 0, rot, frot, *flag = NULL, *unfinished = NULL;
    char qb[QLEN];
    FILE *f;

    names = malloc(n * sizeof(*names));
    second = malloc(n * sizeof(*second));
    fsecond = malloc(n * sizeof(*fsecond));
    ratio = malloc(n * sizeof(*ratio));
    fratio = malloc(n * sizeof(*fratio));
    fl = malloc(n * sizeof(*fl));
    flag = malloc(n * sizeof(*flag));
    lab = malloc(2 * n * sizeof(*lab));
    unfinished = calloc(n, sizeof(*unfinished));
    if (names == NULL || second == NULL || fsecond == NULL || ratio == NULL || fratio == NULL ||
        fl == NULL || flag == NULL || lab == NULL || unfinished == NULL) {
        fs__nomem(c);
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < st->v[k].s->nclusters; i++) {
            if (st->v[k].s->clusters[i].ownership == FS_RENTED)
                any_rented = 1;
            else
                any_owned = 1;
        }
    keys[nkeys++] = (struct fs__keyitem){COL_RENTAL, "rental-equivalent"};
    keys[nkeys++] = (struct fs__keyitem){COL_CAPEX, !any_rented ? "capex amortisation"
                                                    : any_owned ? "capex or rent (jobs)"
                                                                : "rent (jobs)"};
    keys[nkeys++] = (struct fs__keyitem){COL_ENERGY, "energy"};
    keys[nkeys++] = (struct fs__keyitem){COL_LOST, "lost work"};
    keys[nkeys++] = (struct fs__keyitem){COL_IDLECAP, "idle capacity"};
    if (any_rented)
        keys[nkeys++] = (struct fs__keyitem){COL_RENTPAID, "rent paid (fleet)"};

    if (fs__wopen(c, &dat, "compare_cost.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: costs in USD, means over %zu replicates per variant.\n"
               "# index 0: job %s, one row per variant that has it (x = the variant's\n"
               "# position, 0 = baseline)\n"
               "# x rental_equivalent tco_capex tco_energy tco_lost_work tco_idle_capacity "
               "tco_total finished_share\n",
            FS_VERSION, st->v[0].mc->nrep, fs_plot_quote(job, qb, sizeof(qb)));
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs_study_job(v, job);
        double rent, tco, fin;
        names[k] = v->label;
        second[k] = ratio[k];
        fsecond[k] = fratio[k];
        flag[k] = j < 0;
        if (j < 0) {
            snprintf(ratio[k], sizeof(ratio[k]), "no such job");
            fprintf(f, "# %zu: variant %s: no such job\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)));
            continue;
        }
        rent = vstat(v, j, FS_M_RENTAL)->mean;
        tco = vstat(v, j, FS_M_TCO)->mean;
        fin = (double)vstat(v, j, FS_M_TTT)->n / (double)v->mc->nrep;
        /* An unfinished run is charged only for the work it did: a note
         * names such variants. */
        unfinished[k] = fin < 1.0;
        snprintf(ratio[k], sizeof(ratio[k]), "TCO %.2fx rental", rent > 0 ? tco / rent : 0.0);
        fprintf(f, "# %zu: variant %s\n", k, fs_plot_quote(v->label, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g\n", k, rent,
                vstat(v, j, FS_M_TCO_CAPEX)->mean, vstat(v, j, FS_M_TCO_ENERGY)->mean,
                vstat(v, j, FS_M_TCO_LOST)->mean, vstat(v, j, FS_M_TCO_IDLE)->mean, tco, fin);
        jmax = fmax(jmax, fmax(rent, tco));
    }
    fprintf(f, "\n\n# index 1: the whole fleet of each variant over its horizon, means over\n"
               "# replicates. Rental-equivalent: GPU-hours in service x $/GPU-h.\n"
               "# x rental_equivalent capex energy rent_paid total\n");
    for (size_t k = 0; k < n; k++) {
        double tot;
        fs__fleet_sum(st->v[k].mc, &fl[k]);
        tot = fl[k].capex + fl[k].energy + fl[k].rent_paid;
        snprintf(fratio[k], sizeof(fratio[k]), "%.2fx rental",
                 fl[k].rent_equiv > 0 ? tot / fl[k].rent_equiv : 0.0);
        fprintf(f, "# %zu: variant %s, %g days\n", k,
                fs_plot_quote(st->v[k].label, qb, sizeof(qb)), st->v[k].s->horizon_days);
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g\n", k, fl[k].rent_equiv, fl[k].capex,
                fl[k].energy, fl[k].rent_paid, tot);
        fmaxv = fmax(fmaxv, fmax(fl[k].rent_equiv, tot));
    }
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "compare_cost.gp") != FS_OK)
        goto out;
    f = gp.f;
    jscale = fs__axis_scale(jmax, &jsfx);
    fscale = fs__axis_scale(fmaxv, &fsfx);
    shown = second;
    fshown = fsecond;
    rot = name_tics_mode(c, names, &shown, n, split - 0.12);
    frot = name_tics_mode(c, names, &fshown, n, 0.97 - split - 0.08);
    bottom = fmax(fs__panel_bottom(c, rot, fs__widest(names, NULL, n, c->font - 4)),
                  fs__panel_bottom(c, frot, fs__widest(names, NULL, n, c->font - 4)));
    top = fs__legend_rows(c, keys, nkeys) >= 3 ? 0.72 : 0.76;
    fs__gp_begin(c, f, "compare_cost", "cost by component, per variant");
    gp_title(c, f, 1, "%s: rental-equivalent cost vs TCO of %s, by %s", b->name, job,
             kind_word(st));
    fs__gp_legend(c, f, keys, nkeys);
    gp_note(c, f, "Means over replicates; a run that did not finish is charged for the work "
                  "it did.");

    /* Left: the job, rental-equivalent beside TCO by component. */
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs_study_job(v, job);
        lab[2 * k].v = lab[2 * k + 1].v = NAN;
        if (j < 0)
            continue;
        lab[2 * k] = (struct vlabel){(double)k - 0.2, vstat(v, j, FS_M_RENTAL)->mean, ""};
        lab[2 * k + 1] = (struct vlabel){(double)k + 0.2, vstat(v, j, FS_M_TCO)->mean, ""};
    }
    fs__gp_panel(f, 0.10, split - 0.02, bottom, top);
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", n - 1);
    fs__gp_name_tics(c, f, names, shown, n, rot);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n", fs__scale_word(jscale),
            jsfx);
    {
        /* Notes naming variants go at the top: keep that band clear. */
        int notes = 0;
        for (size_t k = 0; k < n; k++)
            notes |= (flag[k] ? 1 : 0) | (unfinished[k] ? 2 : 0);
        gp_value_labels(c, f, lab, 2 * n, 200, (split - 0.12) * c->width / ((double)n + 0.2),
                        (top - bottom) * c->height, jscale,
                        (double)((notes & 1) + (notes >> 1)) * 1.5 * fs__bar_font(c) * 1.25);
    }
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s (mean of %zu replicates)", job, st->v[0].mc->nrep);
    fputc('\n', f);
    gp_variant_note(c, f, st, flag, 30, "No such job in: ", "graph 0.98, graph 0.95 right");
    gp_variant_note(c, f, st, unfinished, 31, "Not finished in every replicate: ",
                    flag_any(flag, n) ? "graph 0.98, graph 0.89 right"
                                      : "graph 0.98, graph 0.95 right");
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 0, -0.2, 0.18, jscale, jrent, 1);
    fputs(", \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 0, 0.2, 0.18, jscale, jseg, 4);
    fputs("\n", f);
    for (size_t k = 0; k < 2 * n; k++)
        fprintf(f, "    unset label %zu\n", 200 + k);
    fputs("    unset label 30\n    unset label 31\n    unset label 101\n", f);
    fs__gp_legend_clear(f, nkeys);

    /* Right: each variant's whole fleet over its horizon. */
    for (size_t k = 0; k < n; k++) {
        lab[2 * k] = (struct vlabel){(double)k - 0.2, fl[k].rent_equiv, ""};
        lab[2 * k + 1] = (struct vlabel){(double)k + 0.2,
                                         fl[k].capex + fl[k].energy + fl[k].rent_paid, ""};
    }
    fs__gp_panel(f, split + 0.08, 0.97, bottom, top);
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", n - 1);
    fs__gp_name_tics(c, f, names, fshown, n, frot);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n", fs__scale_word(fscale),
            fsfx);
    gp_value_labels(c, f, lab, 2 * n, 400, (0.97 - split - 0.08) * c->width / ((double)n + 0.2),
                    (top - bottom) * c->height, fscale, 0.0);
    if (b->horizon_days > 0)
        fprintf(f, "    set title 'Whole fleet, %g days'\n", b->horizon_days);
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 1, -0.2, 0.18, fscale, frent, 1);
    fputs(", \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 1, 0.2, 0.18, fscale, fseg, 3);
    fputs("\n    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(names);
    free(second);
    free(fsecond);
    free(ratio);
    free(fratio);
    free(fl);
    free(flag);
    free(lab);
    free(unfinished);
    return c->rc;
}

/* ---- compare_progress --------------------------------------------------- */

static int chart_progress_cmp(struct fs__plot_ctx *c, const struct fs_study *st)
{
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    double t0 = INFINITY, t1 = -INFINITY, tlo = INFINITY, thi = -INFINITY, *x = NULL, *q = NULL;
    size_t maxg = 1, maxr = 1, nblocks = 0, *block = NULL;
    int *flag = NULL;
    struct fs__wfile dat, gp;
    char tb[32], qb[QLEN];
    FILE *f;

    block = malloc(st->n * sizeof(*block));
    flag = malloc(st->n * sizeof(*flag));
    if (block == NULL || flag == NULL) {
        fs__nomem(c);
        goto out;
    }
    /* The window: first start of the job in any variant to a little after
     * the latest P95 finish, in hours since the baseline's start. */
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        double off = ((double)v->s->start - (double)b->start) * FS_HOURS_PER_DAY;
        int j = fs_study_job(v, job);
        tlo = fmin(tlo, off);
        thi = fmax(thi, off + v->s->horizon_days * FS_HOURS_PER_DAY);
        flag[k] = j < 0;
        if (j < 0)
            continue;
        for (size_t r = 0; r < v->mc->nrep; r++) {
            const struct fs_job_result *jr = &v->mc->jobs[r * v->s->njobs + (size_t)j];
            if (jr->started)
                t0 = fmin(t0, off + jr->start_h);
        }
        if (vstat(v, j, FS_M_END)->n > 0)
            t1 = fmax(t1, off + vstat(v, j, FS_M_END)->p95 * FS_HOURS_PER_DAY);
        maxg = v->mc->ngrid > maxg ? v->mc->ngrid : maxg;
        maxr = v->mc->ngrid_reps > maxr ? v->mc->ngrid_reps : maxr;
    }
    if (!isfinite(t0) || !isfinite(t1) || !(t1 > t0)) {
        t0 = tlo;
        t1 = thi;
    } else {
        double margin = fmax(0.04 * (t1 - t0), 1.0);
        t0 = fmax(tlo, t0 - margin);
        t1 = fmin(thi, t1 + margin);
    }
    if (!(t1 > t0))
        t1 = t0 + 24.0;
    x = malloc(maxr * sizeof(*x));
    q = malloc(3 * maxg * sizeof(*q));
    if (x == NULL || q == NULL) {
        fs__nomem(c);
        goto out;
    }

    /* compare_progress.dat: one block per variant that has the job, from
     * the grid point before any replicate began it to the first where all
     * (P5) are done. */
    if (fs__wopen(c, &dat, "compare_progress.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: share of the FLOP budget of job %s done, per variant\n"
               "# (quantiles over the first %zu replicates of each at its grid times).\n"
               "# One block per variant (gnuplot index 0, 1, ...), named below.\n",
            FS_VERSION, fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->ngrid_reps);
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        const struct fs_mc *mc = v->mc;
        double off = ((double)v->s->start - (double)b->start) * FS_HOURS_PER_DAY;
        int j = fs_study_job(v, job);
        size_t k0 = 0, k1 = mc->ngrid - 1, nk, a = 0, e;
        block[k] = (size_t)-1;
        if (j < 0 || mc->ngrid == 0 || mc->ngrid_reps == 0)
            continue;
        for (size_t g = 0; g < mc->ngrid; g++)
            if (off + mc->grid_h[g] <= t0)
                k0 = g;
        for (size_t g = mc->ngrid; g-- > 0;)
            if (off + mc->grid_h[g] >= t1)
                k1 = g;
        if (k1 < k0)
            k1 = k0;
        nk = k1 - k0 + 1;
        e = nk - 1;
        for (size_t g = 0; g < nk; g++)
            fs__grid_quantiles(mc, (size_t)j, k0 + g, x, q + 3 * g);
        while (a + 1 < nk && !(q[3 * (a + 1) + 2] > 0.0))
            a++;
        for (size_t g = a; g < nk; g++)
            if (q[3 * g] >= 1.0) {
                e = g;
                break;
            }
        if (a >= e)
            a = 0, e = nk - 1;
        block[k] = nblocks++;
        fprintf(f, "%s# index %zu: variant %s\n# date_utc p5 p50 p95\n", block[k] ? "\n\n" : "",
                block[k], fs_plot_quote(v->label, qb, sizeof(qb)));
        for (size_t g = a; g <= e; g++)
            fprintf(f, "%s %.6g %.6g %.6g\n",
                    fs__fmt_time(b, off + mc->grid_h[k0 + g], tb, sizeof(tb)), q[3 * g],
                    q[3 * g + 1], q[3 * g + 2]);
    }
    if (nblocks == 0)
        fprintf(f, "%s 0 0 0\n", fs__fmt_time(b, t0, tb, sizeof(tb)));
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "compare_progress.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "compare_progress", "training progress of one job, per variant");
    gp_title(c, f, 1, "%s: progress of %s, by %s", b->name, job, kind_word(st));
    fputs("    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(b, t0), fs__epoch_s(b, t1));
    fs__gp_time_tics(c, f, t0, t1, 0.85);
    fputs("    set grid xtics\n    set xlabel 'Date (UTC)' offset 0,-0.6\n"
          "    set ylabel 'FLOP budget done (%)'\n"
          "    set yrange [0:105]\n    set ytics 0,20,100\n    set bmargin 6.5\n",
          f);
    /* The legend goes under the title, as in compare_time_cost (same
     * colours): inside the plot it would hide a fast or a slow curve. */
    {
        struct fs__keyitem *keys = malloc((st->n + 1) * sizeof(*keys));
        char band[64];
        size_t nk = 0;
        if (keys == NULL) {
            fs__nomem(c);
            fs__wclose(c, &gp);
            goto out;
        }
        for (size_t k = 0; k < st->n; k++)
            if (block[k] != (size_t)-1)
                keys[nk++] = (struct fs__keyitem){vcolor(k), st->v[k].label};
        snprintf(band, sizeof(band), "bands: P5-P95 of %zu replicates", st->v[0].mc->ngrid_reps);
        keys[nk++] = (struct fs__keyitem){"#c8c8c8", band};
        fprintf(f, "    set tmargin at screen %.2f\n",
                fs__legend_rows(c, keys, nk) >= 3 ? 0.76 : 0.80);
        fs__gp_legend(c, f, keys, nk);
        free(keys);
    }
    gp_variant_note(c, f, st, flag, 30, "No such job in: ", "graph 0.02, graph 0.95 left");
    fputs("    plot \\\n", f);
    /* Bands, then lines, the baseline last (on top of variants that match
     * it). */
    for (size_t k = st->n; k-- > 0;)
        if (block[k] != (size_t)-1)
            fprintf(f, "        'compare_progress.dat' index %zu using 1:($2*100):($4*100) with "
                       "filledcurves fc rgb '%s' fs transparent solid 0.18 noborder, \\\n",
                    block[k], vcolor(k));
    for (size_t k = st->n, first = 1; k-- > 0;)
        if (block[k] != (size_t)-1) {
            fprintf(f, "%s        'compare_progress.dat' index %zu using 1:($3*100) with lines "
                       "lw 3.5 dt %s lc rgb '%s'",
                    first ? "" : ", \\\n", block[k], vdash(k), vcolor(k));
            first = 0;
        }
    fputs(nblocks == 0 ? "        2\n" : "\n", f); /* no variant has the job: axes only */
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(block);
    free(flag);
    free(x);
    free(q);
    return c->rc;
}

/* ---- sweep -------------------------------------------------------------- */

/* A swept value for a tic label: whole numbers with thousands separators. */
static char *fmt_value(double v, char *buf, size_t len)
{
    if (fabs(v - nearbyint(v)) < 1e-9 * fmax(1.0, fabs(v)) && fabs(v) < 1e15)
        return fs_fmt_thousands(v, buf, len);
    snprintf(buf, len, "%g", v);
    return buf;
}

/* A log y axis over [y0, y1] with tics at 1, 2, 5 x 10^k (powers of ten
 * alone leave most values to guess), labelled as numbers or, for usd, as
 * dollars ("$5M"). */
static void gp_log_y(FILE *f, double y0, double y1, int usd)
{
    int first = 1;
    char b[32];
    fprintf(f, "    set logscale y\n    set yrange [%.6g:%.6g]\n    set ytics (", y0, y1);
    for (double dec = pow(10.0, floor(log10(y0))); dec <= y1; dec *= 10.0)
        for (int m = 0; m < 3; m++) {
            double v = dec * (m == 0 ? 1.0 : m == 1 ? 2.0 : 5.0);
            if (!(v >= y0 && v <= y1))
                continue;
            if (usd)
                fprintf(f, "%s'%s' %.6g", first ? "" : ", ", fs_fmt_usd(v, b, sizeof(b)), v);
            else
                fprintf(f, "%s%.6g", first ? "" : ", ", v);
            first = 0;
        }
    fputs(")\n    set format y '%g'\n    unset mytics\n", f);
}

static int chart_sweep(struct fs__plot_ctx *c, const struct fs_study *st)
{
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    struct fs__wfile dat, gp;
    double xmin = INFINITY, xmax = -INFINITY, tmin = INFINITY, tmax = 0.0, cmax = 0.0, cscale;
    double cmin = INFINITY;
    double maxd = 0.0, bottom, top = 0.76, split = 0.5, widest = 0.0;
    const struct fs__keyitem keys[] = {{fs__palette[0], "P50 (time), mean (TCO)"},
                                       {"#bfdcee", "P5 to P95 over replicates"},
                                       {COL_RENTAL, "rental-equivalent, mean"}};
    size_t n = st->n, nnf = 0, nmiss = 0, nlines = 0;
    const char *csfx;
    int ylog, clog, mode, labels;
    struct tunit u;
    char qb[QLEN], vb[48], b1[32], *lines[4] = {NULL, NULL, NULL, NULL};
    FILE *f;

    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = vjob(st, k);
        xmin = fmin(xmin, v->x);
        xmax = fmax(xmax, v->x);
        if (j < 0) {
            nmiss++;
            continue;
        }
        if (vstat(v, j, FS_M_TTT)->n > 0) {
            maxd = fmax(maxd, vstat(v, j, FS_M_TTT)->p95);
            tmin = fmin(tmin, vstat(v, j, FS_M_TTT)->p5);
        } else {
            nnf++;
        }
        cmax = fmax(cmax, fmax(vstat(v, j, FS_M_TCO)->p95, vstat(v, j, FS_M_RENTAL)->mean));
        cmin = fmin(cmin, fmin(vstat(v, j, FS_M_TCO)->p5, vstat(v, j, FS_M_RENTAL)->mean));
        widest = fmax(widest, fs__text_px(fmt_value(v->x, vb, sizeof(vb)), c->font));
    }
    u = time_unit(maxd);
    tmax = maxd * u.mul;
    tmin *= u.mul;
    /* Times spanning a factor of ten or more read better on a log axis. */
    ylog = isfinite(tmin) && tmin > 0 && tmax / tmin >= 10.0;
    clog = isfinite(cmin) && cmin > 0 && cmax / cmin >= 10.0;

    /* sweep.dat: index 0 the runs where the job finished (a blank line
     * where one did not, so lines break there), index 1 every run's cost,
     * index 2 the values where it never finished. */
    if (fs__wopen(c, &dat, "sweep.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: sweep of %s\n", FS_VERSION,
            fs_plot_quote(st->sweep_paths, qb, sizeof(qb)));
    fprintf(f, "# job %s; each value run with %zu replicates (common random numbers).\n"
               "# index 0: time to train (%s) over the replicates that finished\n"
               "# value ttt_p5 ttt_p50 ttt_p95 ttt_mean finished_share\n",
            fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->nrep, u.word);
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = vjob(st, k);
        const struct fs_stat *t;
        if (j < 0 || (t = vstat(v, j, FS_M_TTT))->n == 0) {
            fputs("\n", f);
            continue;
        }
        fprintf(f, "%.10g %.6g %.6g %.6g %.6g %.6g\n", v->x, t->p5 * u.mul, t->p50 * u.mul,
                t->p95 * u.mul, t->mean * u.mul, (double)t->n / (double)v->mc->nrep);
    }
    fputs("\n\n# index 1: total cost of ownership (USD): mean, P5, P95; rental-equivalent "
          "mean\n# value tco_mean tco_p5 tco_p95 rental_mean\n",
          f);
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = vjob(st, k);
        if (j < 0)
            continue;
        fprintf(f, "%.10g %.6g %.6g %.6g %.6g\n", v->x, vstat(v, j, FS_M_TCO)->mean,
                vstat(v, j, FS_M_TCO)->p5, vstat(v, j, FS_M_TCO)->p95,
                vstat(v, j, FS_M_RENTAL)->mean);
    }
    if (nnf > 0) {
        fputs("\n\n# index 2: values where the job did not finish in any replicate\n# value\n",
              f);
        for (size_t k = 0; k < n; k++) {
            int j = vjob(st, k);
            if (j >= 0 && vstat(&st->v[k], j, FS_M_TTT)->n == 0)
                fprintf(f, "%.10g\n", st->v[k].x);
        }
    }
    if (fs__wclose(c, &dat) != FS_OK)
        return c->rc;

    if (fs__wopen(c, &gp, "sweep.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    cscale = fs__axis_scale(cmax, &csfx);
    mode = n <= 12 ? fs__tics_mode(c, widest, n, split - 0.12) : FS__TICS_PLAIN;
    /* The x label names the swept paths, on up to four lines under both
     * panels, broken between paths. */
    {
        char paths[FS_TEXT_MAX], *save = NULL, *p;
        double room = 0.92 * c->width;
        snprintf(paths, sizeof(paths), "%s", st->sweep_paths);
        for (p = strtok_r(paths, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
            char *line = nlines == 0 ? fs__xprintf("Swept: %s", p)
                                     : fs__xprintf("%s, %s", lines[nlines - 1], p);
            if (line == NULL) {
                fs__nomem(c);
                break;
            }
            if (nlines == 0 || (fs__text_px(line, c->font) > room && nlines < 4)) {
                if (nlines > 0) { /* a new line: this path starts it */
                    char *end = lines[nlines - 1];
                    free(line);
                    line = fs__xprintf("%s,", end);
                    free(lines[nlines - 1]);
                    lines[nlines - 1] = line;
                    line = fs__xprintf("%s", p);
                    if (line == NULL) {
                        fs__nomem(c);
                        break;
                    }
                }
                lines[nlines++] = line;
            } else {
                free(lines[nlines - 1]);
                lines[nlines - 1] = line;
            }
        }
        if (nlines > 0 && st->sweep_log) {
            char *line = fs__xprintf("%s (log scale)", lines[nlines - 1]);
            if (line != NULL) {
                free(lines[nlines - 1]);
                lines[nlines - 1] = line;
            }
        }
    }
    bottom = 0.05 + 0.042 * (double)nlines + 0.02 +
             (mode == FS__TICS_ROTATED ? (0.5 * widest * (c->font - 4) / c->font + c->font) /
                                             c->height
                                       : 2.6 * c->font / c->height);
    fs__gp_begin(c, f, "sweep", "time to train and cost against a swept setting");
    gp_title(c, f, 1, "%s: sweep, time to train and TCO of %s", b->name, job);
    fs__gp_legend(c, f, keys, 3);
    for (size_t i = 0; i < nlines; i++) {
        fprintf(f, "    set label %zu ", 110 + i);
        fs__put_q(c, f, lines[i] ? lines[i] : "");
        fprintf(f, " at screen 0.5, screen %.4f center front\n",
                0.06 + 0.042 * (double)(nlines - 1 - i));
    }
    if (st->sweep_log)
        fputs("    set logscale x\n", f);
    fprintf(f, "    set xrange [%.10g:%.10g]\n",
            st->sweep_log ? xmin / pow(xmax / xmin, 0.07) : xmin - 0.07 * (xmax - xmin),
            st->sweep_log ? xmax * pow(xmax / xmin, 0.07) : xmax + 0.07 * (xmax - xmin));
    if (n <= 12) {
        fputs("    set xtics (", f);
        for (size_t k = 0; k < n; k++)
            fprintf(f, "%s'%s' %.10g", k ? ", " : "", fmt_value(st->v[k].x, vb, sizeof(vb)),
                    st->v[k].x);
        fprintf(f, ")%s", mode == FS__TICS_ROTATED ? " rotate by 30 right" : " norotate");
        if (mode != FS__TICS_PLAIN)
            fprintf(f, " font ',%d'", c->font - 4);
        fputs("\n    unset mxtics\n", f);
    } else {
        fputs("    set format x '%g'\n", f);
    }
    fputs("    set grid xtics ytics\n", f);
    labels = n <= 12 && fs__text_px("999.9", fs__bar_font(c)) <=
                            0.85 * (split - 0.12) * c->width / (double)n;

    /* Left: time to train, P50 with the P5-P95 band. */
    fs__gp_panel(f, 0.09, split - 0.05, bottom, top);
    fputs("    set title 'Time to train'\n", f);
    fprintf(f, "    set ylabel 'Time to train (%s%s)'\n", u.word, ylog ? ", log scale" : "");
    if (ylog)
        gp_log_y(f, tmin / 1.3, tmax * 1.3, 0);
    else
        fprintf(f, "    set yrange [0:%.6g]\n", tmax > 0 ? tmax * 1.15 : 1.0);
    for (size_t k = 0, i = 0; labels && k < n; k++) {
        int j = vjob(st, k);
        const struct fs_stat *t;
        if (j < 0 || (t = vstat(&st->v[k], j, FS_M_TTT))->n == 0)
            continue;
        fprintf(f, "    set label %zu '%.*f' at %.10g, %.6g center offset 0,1.1 font ',%d'\n",
                200 + i++, decimals(t->p50 * u.mul), t->p50 * u.mul, st->v[k].x,
                t->p50 * u.mul, fs__bar_font(c));
    }
    if (nnf > 0 || nmiss > 0) {
        fprintf(f, "    set label 30 '%s' at graph 0.98, graph 0.95 right front font ',%d' "
                   "tc rgb '%s'\n",
                nnf > 0 ? "x: did not finish in any replicate" : "some values have no such job",
                fs__bar_font(c), COL_LOST);
    }
    fputs("    plot \\\n", f);
    fprintf(f, "        'sweep.dat' index 0 using 1:2:4 with filledcurves fc rgb '%s' "
               "fs transparent solid 0.25 noborder, \\\n"
               "        'sweep.dat' index 0 using 1:3 with linespoints lw 3 pt 7 ps 1.3 "
               "lc rgb '%s'%s\n",
            fs__palette[0], fs__palette[0], nnf > 0 ? ", \\" : "");
    if (nnf > 0)
        fprintf(f, "        'sweep.dat' index 2 using 1:(%.6g) with points pt 2 ps 2.5 lw 3 "
                   "lc rgb '%s'\n",
                ylog ? tmax * 1.1 : tmax * 1.05, COL_LOST);
    for (size_t i = 0; i < n; i++)
        if (labels)
            fprintf(f, "    unset label %zu\n", 200 + i);
    fputs("    unset label 30\n", f);
    fs__gp_legend_clear(f, 3);
    for (size_t i = 0; i < nlines; i++)
        fprintf(f, "    unset label %zu\n", 110 + i);
    if (ylog)
        fputs("    unset logscale y\n    set ytics autofreq\n", f);

    /* Right: TCO, mean with its P5-P95 band, and the rental-equivalent. */
    fs__gp_panel(f, split + 0.1, 0.97, bottom, top);
    if (clog) {
        /* Costs spanning a factor of ten or more: a log axis in dollars. */
        cscale = 1.0;
        fputs("    set title 'Total cost of ownership'\n    set ylabel 'USD (log scale)'\n", f);
        gp_log_y(f, cmin / 1.3, cmax * 1.3, 1);
    } else {
        fprintf(f, "    set title 'Total cost of ownership'\n    set ylabel 'USD%s'\n"
                   "    set format y '$%%g%s'\n    set yrange [0:%.6g]\n",
                fs__scale_word(cscale), csfx, cmax > 0 ? cmax / cscale * 1.15 : 1.0);
    }
    for (size_t k = 0; labels && k < n; k++) {
        int j = vjob(st, k);
        if (j >= 0 && fs__text_px(fs_fmt_usd(vstat(&st->v[k], j, FS_M_TCO)->mean, b1,
                                             sizeof(b1)),
                                  fs__bar_font(c)) >
                          0.85 * (0.97 - split - 0.1) * c->width / (double)n)
            labels = 0;
    }
    for (size_t k = 0, i = 0; labels && k < n; k++) {
        int j = vjob(st, k);
        double m;
        if (j < 0)
            continue;
        m = vstat(&st->v[k], j, FS_M_TCO)->mean;
        fprintf(f, "    set label %zu '%s' at %.10g, %.6g center offset 0,-1.2 font ',%d'\n",
                300 + i++, fs_fmt_usd(m, b1, sizeof(b1)), st->v[k].x, m / cscale,
                fs__bar_font(c));
    }
    fputs("    plot \\\n", f);
    fprintf(f, "        'sweep.dat' index 1 using 1:($3/%g):($4/%g) with filledcurves "
               "fc rgb '%s' fs transparent solid 0.25 noborder, \\\n"
               "        'sweep.dat' index 1 using 1:($2/%g) with linespoints lw 3 pt 7 ps 1.3 "
               "lc rgb '%s', \\\n"
               "        'sweep.dat' index 1 using 1:($5/%g) with linespoints lw 2.5 dt (8,5) "
               "pt 6 ps 1.2 lc rgb '%s'\n",
            cscale, cscale, fs__palette[0], cscale, fs__palette[0], cscale, COL_RENTAL);
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    return c->rc;
}

/* ---- tornado ------------------------------------------------------------ */

/* One input's bar in one panel. */
struct bar {
    size_t input;
    double lo, hi;     /* the result with the input at its low / high value */
    int lo_nf, hi_nf;  /* that run did not finish in any replicate */
    double lo_fin, hi_fin; /* share of replicates that finished */
    double swing;
};

static int by_swing(const void *a, const void *b)
{
    const struct bar *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing < y->swing ? 1 : -1;
    return (x->input > y->input) - (x->input < y->input);
}

/* Bars of the time to train (P50 in `mul` units) or the TCO (mean) for each
 * input, sorted by swing, largest first (a run that did not finish: without
 * bound); base is the baseline's value. */
static size_t tornado_bars(const struct fs_study *st, int ttt, double mul, double base,
                           struct bar *w)
{
    const struct fs_scenario *s = st->v[0].s;
    size_t n = 0, focus = fs_study_focus_job(st);
    for (size_t i = 0; i < s->nsens; i++) {
        const struct fs_variant *vl = NULL, *vh = NULL;
        int jl, jh;
        struct bar *x = &w[n];
        for (size_t k = 1; k < st->n; k++)
            if (st->v[k].input == (int)i) {
                if (st->v[k].high)
                    vh = &st->v[k];
                else
                    vl = &st->v[k];
            }
        if (vl == NULL || vh == NULL)
            continue;
        jl = fs_study_job(vl, s->jobs[focus].name);
        jh = fs_study_job(vh, s->jobs[focus].name);
        if (jl < 0 || jh < 0)
            continue;
        x->input = i;
        x->lo_fin = (double)vstat(vl, jl, FS_M_TTT)->n / (double)vl->mc->nrep;
        x->hi_fin = (double)vstat(vh, jh, FS_M_TTT)->n / (double)vh->mc->nrep;
        x->lo_nf = x->lo_fin <= 0.0;
        x->hi_nf = x->hi_fin <= 0.0;
        x->lo = ttt ? vstat(vl, jl, FS_M_TTT)->p50 * mul : vstat(vl, jl, FS_M_TCO)->mean;
        x->hi = ttt ? vstat(vh, jh, FS_M_TTT)->p50 * mul : vstat(vh, jh, FS_M_TCO)->mean;
        /* The bar's length: from the lowest to the highest of base, low
         * and high (both ends may lie on one side of the base). */
        x->swing = ttt && (x->lo_nf || x->hi_nf) ? INFINITY
                                                 : fmax(base, fmax(x->lo, x->hi)) -
                                                       fmin(base, fmin(x->lo, x->hi));
        if (isnan(x->swing))
            x->swing = INFINITY;
        n++;
    }
    qsort(w, n, sizeof(*w), by_swing);
    return n;
}

/* A label at one end of a tornado bar: anchored at x, written to the
 * right (or left) of it. */
struct endlabel {
    double x;
    int right, nf;
    char text[64];
};

/* One panel of the tornado: its bars, their end labels, and its axis. */
struct tpanel {
    struct bar *w;
    size_t nb;
    struct endlabel *lab; /* [2 * nb]: low end, high end */
    double base, l, r, xl, xr, scale;
    const char *sfx;
};

/*
 * Places the end labels of a panel's bars and finds the x range that holds
 * them: the end farther from the base is labelled outside its bar; the
 * nearer one too if it lies on the other side of the base, else just
 * beside the base on the other side. A run that did not finish reaches the
 * right edge, labelled inside. Inputs that move nothing say so.
 */
static void tornado_layout(const struct fs__plot_ctx *c, const struct fs_scenario *s,
                           struct tpanel *p, int ttt)
{
    double lo = p->base, hi = p->base, px = (p->r - p->l) * c->width, gap = 0.6 * c->font;
    int bf = fs__bar_font(c), any_nf = 0;
    for (size_t i = 0; i < p->nb; i++) {
        const struct bar *x = &p->w[i];
        if (!(ttt && x->lo_nf) && isfinite(x->lo))
            lo = fmin(lo, x->lo), hi = fmax(hi, x->lo);
        if (!(ttt && x->hi_nf) && isfinite(x->hi))
            lo = fmin(lo, x->hi), hi = fmax(hi, x->hi);
        any_nf |= ttt && (x->lo_nf || x->hi_nf);
    }
    if (!(hi > lo)) {
        double d = fabs(p->base) > 0 ? 0.1 * fabs(p->base) : 1.0;
        lo -= d;
        hi += d;
    }
    if (any_nf) /* room for the bars that run to the edge */
        hi += 0.25 * (hi - lo);
    for (size_t i = 0; i < p->nb; i++) {
        const struct bar *x = &p->w[i];
        const struct fs_sens_input *in = &s->sens[x->input];
        double v[2] = {x->lo, x->hi}, val[2] = {in->low, in->high}, fin[2] = {x->lo_fin, x->hi_fin};
        int nf[2] = {x->lo_nf, x->hi_nf}, far;
        char vb[48];
        for (int e = 0; e < 2; e++) {
            struct endlabel *L = &p->lab[2 * i + (size_t)e];
            const char *extra = "";
            char pct[32] = "";
            if (ttt && nf[e])
                extra = ": did not finish";
            else if (nf[e])
                extra = " (did not finish)";
            else if (fin[e] < 1.0) {
                snprintf(pct, sizeof(pct), " (%.0f%% finished)", 100.0 * fin[e]);
                extra = pct;
            }
            snprintf(L->text, sizeof(L->text), "%s%s", fmt_value(val[e], vb, sizeof(vb)), extra);
            L->nf = ttt && nf[e];
        }
        if (x->swing == 0.0 || (isfinite(x->swing) && x->swing <= 1e-9 * fabs(p->base))) {
            /* No effect: one label, right of the base. */
            snprintf(p->lab[2 * i].text, sizeof(p->lab[0].text), "no effect");
            p->lab[2 * i].x = p->base;
            p->lab[2 * i].right = 1;
            p->lab[2 * i + 1].text[0] = '\0';
            continue;
        }
        far = (ttt && nf[1]) || (!(ttt && nf[0]) && fabs(v[1] - p->base) > fabs(v[0] - p->base));
        for (int e = 0; e < 2; e++) {
            struct endlabel *L = &p->lab[2 * i + (size_t)e];
            double end = L->nf ? NAN : v[e];
            if (L->nf) {
                L->x = NAN; /* the right edge, set below */
                L->right = 0;
            } else if (e == far) {
                L->x = end;
                L->right = end >= p->base;
            } else {
                double fend = p->lab[2 * i + (size_t)far].nf ? INFINITY : v[far];
                int same = (end - p->base) * (fend - p->base) > 0 || end == p->base;
                L->x = same ? p->base : end;
                L->right = same ? !(fend > p->base) : end > p->base;
            }
        }
    }
    /* Widen the range until every outside label fits (a few rounds: the
     * scale changes as the range grows). */
    p->xl = lo - 0.02 * (hi - lo);
    p->xr = hi + 0.02 * (hi - lo);
    for (int round = 0; round < 6; round++) {
        double upp = (p->xr - p->xl) / px, xl = p->xl, xr = p->xr;
        for (size_t i = 0; i < 2 * p->nb; i++) {
            const struct endlabel *L = &p->lab[i];
            double w;
            if (L->text[0] == '\0')
                continue;
            w = (fs__text_px(L->text, bf) + gap + 4.0) * upp;
            if (L->nf) /* inside its bar, which runs from the base to the edge */
                xr = fmax(xr, p->base + w + 2.0 * gap * upp);
            else if (L->right)
                xr = fmax(xr, L->x + w);
            else
                xl = fmin(xl, L->x - w);
        }
        p->xl = xl;
        p->xr = xr;
    }
    for (size_t i = 0; i < 2 * p->nb; i++)
        if (p->lab[i].nf)
            p->lab[i].x = p->xr;
}

static int chart_tornado(struct fs__plot_ctx *c, const struct fs_study *st)
{
    const struct fs_scenario *s = st->v[0].s;
    size_t focus = fs_study_focus_job(st);
    const char *job = s->jobs[focus].name;
    const struct fs_stat *bt = vstat(&st->v[0], (int)focus, FS_M_TTT);
    const struct fs_stat *bc = vstat(&st->v[0], (int)focus, FS_M_TCO);
    struct tpanel pn[2];
    double maxd, lw = 0.0, top = 0.73, bottom = 0.16;
    struct tunit u;
    struct fs__wfile dat, gp;
    struct fs__keyitem keys[3] = {{fs__palette[0], "input at its low value"},
                                  {fs__palette[1], "input at its high value"},
                                  {"#999999", "hatched: did not finish in any replicate"}};
    size_t nkeys = 2;
    int yf = c->font;
    char qb[QLEN], cut[FS_NAME_MAX + 8], b1[32];
    FILE *f;

    memset(pn, 0, sizeof(pn));
    for (int p = 0; p < 2; p++) {
        pn[p].w = malloc((s->nsens + 1) * sizeof(*pn[p].w));
        pn[p].lab = calloc(2 * s->nsens + 2, sizeof(*pn[p].lab));
        if (pn[p].w == NULL || pn[p].lab == NULL) {
            fs__nomem(c);
            goto out;
        }
    }
    /* The unit: days, or hours for a short run (by the longest result). */
    maxd = bt->n > 0 ? bt->p50 : 0.0;
    pn[0].nb = tornado_bars(st, 1, 1.0, maxd, pn[0].w);
    for (size_t i = 0; i < pn[0].nb; i++) {
        if (!pn[0].w[i].lo_nf)
            maxd = fmax(maxd, pn[0].w[i].lo);
        if (!pn[0].w[i].hi_nf)
            maxd = fmax(maxd, pn[0].w[i].hi);
    }
    u = time_unit(maxd);
    pn[0].base = bt->n > 0 ? bt->p50 * u.mul : NAN;
    pn[1].base = bc->mean;
    pn[0].nb = tornado_bars(st, 1, u.mul, pn[0].base, pn[0].w);
    pn[1].nb = tornado_bars(st, 0, 1.0, pn[1].base, pn[1].w);
    for (size_t i = 0; i < pn[0].nb; i++)
        if (pn[0].w[i].lo_nf || pn[0].w[i].hi_nf)
            nkeys = 3;

    /* Room for the input names left of each panel: at most a fifth of the
     * width; longer names are cut. */
    if (s->nsens > 12)
        yf = c->font - 4;
    for (size_t i = 0; i < s->nsens; i++)
        lw = fmax(lw, fs__text_px(s->sens[i].label, yf));
    lw = fmin(lw + 1.2 * c->font, 0.2 * c->width) / c->width;
    pn[0].l = 0.02 + lw;
    pn[0].r = 0.47;
    pn[1].l = 0.53 + lw;
    pn[1].r = 0.97;
    pn[0].scale = 1.0;
    pn[0].sfx = "";
    for (int p = 0; p < 2; p++)
        if (!isnan(pn[p].base))
            tornado_layout(c, s, &pn[p], p == 0);
    pn[1].scale = fs__axis_scale(fmax(fabs(pn[1].xl), fabs(pn[1].xr)), &pn[1].sfx);

    /* tornado.dat: index 0 time to train, index 1 TCO; a row per input,
     * largest swing first (y = rows - 1 at the top). The ends of runs that
     * did not finish are drawn to the axis' edge (columns 3, 4). */
    if (fs__wopen(c, &dat, "tornado.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: sensitivity of job %s to each input at its low and high\n"
               "# value (the others at base), %zu replicates each, common random numbers.\n",
            FS_VERSION, fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->nrep);
    for (int p = 0; p < 2; p++) {
        const struct tpanel *P = &pn[p];
        fprintf(f, "%s# index %d: %s; baseline %.6g\n"
                   "# y baseline end_low end_high input_low input_high result_low result_high "
                   "low_not_finished high_not_finished\n",
                p ? "\n\n" : "", p,
                p == 0 ? (u.mul > 1.0 ? "time to train, P50 (hours)" : "time to train, P50 (days)")
                       : "total cost of ownership, mean (USD)",
                P->base);
        for (size_t i = 0; i < P->nb; i++) {
            const struct bar *x = &P->w[i];
            const struct fs_sens_input *in = &s->sens[x->input];
            int lnf = p == 0 && x->lo_nf, hnf = p == 0 && x->hi_nf;
            fprintf(f, "# y %zu: input %s\n", P->nb - 1 - i,
                    fs_plot_quote(in->label, qb, sizeof(qb)));
            fprintf(f, "%zu %.6g %.6g %.6g %.10g %.10g %.6g %.6g %d %d\n", P->nb - 1 - i,
                    P->base, lnf || !isfinite(x->lo) ? P->xr : x->lo,
                    hnf || !isfinite(x->hi) ? P->xr : x->hi, in->low, in->high, x->lo, x->hi,
                    x->lo_nf, x->hi_nf);
        }
        if (P->nb == 0)
            fputs("0 0 0 0 0 0 0 0 0 0\n", f);
    }
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "tornado.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "tornado", "sensitivity of one job to each uncertain input");
    gp_title(c, f, 1, "%s: sensitivity of %s to its uncertain inputs", s->name, job);
    fs__gp_legend(c, f, keys, nkeys);
    gp_note(c, f, "Each bar: one input from its low to its high value (at its ends), the "
                  "others at base.");
    /* Each bar is drawn as its far part (the end farther from the base)
     * and, over it, its near part; colours by which end (low or high). */
    fputs("    isfar(b, l, h) = abs(l - b) >= abs(h - b)\n"
          "    far(b, l, h) = isfar(b, l, h) ? l : h\n"
          "    near(b, l, h) = isfar(b, l, h) ? h : l\n"
          "    lesser(a, b) = a < b ? a : b\n"
          "    greater(a, b) = a < b ? b : a\n",
          f);
    fprintf(f, "    cfar(b, l, h) = isfar(b, l, h) ? %s : %s\n"
               "    cnear(b, l, h) = isfar(b, l, h) ? %s : %s\n",
            "0x0072B2", "0xE69F00", "0xE69F00", "0x0072B2");
    fputs("    set style textbox opaque fc rgb '#ffffff' noborder\n", f);
    for (int p = 0; p < 2; p++) {
        const struct tpanel *P = &pn[p];
        double sc = P->scale, span = P->xr - P->xl;
        size_t nl = 0;
        fs__gp_panel(f, P->l, P->r, bottom, top);
        if (p == 0)
            fprintf(f, "    set title 'Time to train (P50)'\n"
                       "    set xlabel 'Time to train (%s)'\n    set format x '%%g'\n",
                    u.word);
        else
            fprintf(f, "    set title 'TCO (mean)'\n"
                       "    set xlabel 'USD%s'\n    set format x '$%%g%s'\n",
                    fs__scale_word(sc), P->sfx);
        fprintf(f, "    set yrange [-0.7:%.1f]\n", (double)(P->nb > 0 ? P->nb : 1) - 0.3);
        /* The title a line higher: the baseline's value goes under it. */
        fputs("    set title offset 0,0.9\n", f);
        fputs("    unset grid\n    set grid xtics\n    set ytics scale 0\n", f);
        if (P->nb > 0) {
            fputs("    set ytics (", f);
            for (size_t i = 0; i < P->nb; i++) {
                fs__put_q(c, f,
                          fit_text(s->sens[P->w[i].input].label, lw * c->width - 1.2 * c->font,
                                   yf, cut, sizeof(cut)));
                fprintf(f, " %zu%s", P->nb - 1 - i, i + 1 < P->nb ? ", " : "");
            }
            fputs(")\n", f);
            if (yf != c->font)
                fprintf(f, "    set ytics font ',%d'\n", yf);
        } else {
            fputs("    unset ytics\n", f);
        }
        if (isnan(P->base)) {
            fputs("    set xrange [0:1]\n    unset xtics\n", f);
            fprintf(f, "    set label 1 'The baseline did not finish in any replicate.' at "
                       "graph 0.5, graph 0.5 center font ',%d'\n",
                    fs__bar_font(c));
            fputs("    plot 2\n    unset label 1\n    set xtics\n", f);
            if (p == 0) {
                fs__gp_legend_clear(f, nkeys);
                fputs("    unset label 101\n", f);
            }
            continue;
        }
        {
            /* Tics as far apart as their labels need. */
            char tl[32];
            double tw;
            snprintf(tl, sizeof(tl), "%s%.3g%s", p == 1 ? "$" : "",
                     fmax(fabs(P->xl), fabs(P->xr)) / sc, P->sfx);
            tw = fs__text_px(tl, c->font);
            fprintf(f, "    set xrange [%.6g:%.6g]\n    set xtics %.6g\n", P->xl / sc,
                    P->xr / sc,
                    nice_step(span / sc, fmax(2.0, (P->r - P->l) * c->width /
                                                       (1.6 * tw + c->font))));
        }
        /* The baseline, a line with its value on top. */
        fprintf(f, "    set arrow 1 from %.6g, graph 0 to %.6g, graph 1 nohead lw 2 "
                   "lc rgb '#000000' front\n",
                P->base / sc, P->base / sc);
        if (p == 0)
            fprintf(f, "    set label 1 'baseline %.*f %s' at %.6g, graph 1 center offset 0,0.7 "
                       "font ',%d'\n",
                    decimals(span), P->base, u.abbr, P->base / sc, fs__bar_font(c));
        else
            fprintf(f, "    set label 1 'baseline %s' at %.6g, graph 1 center offset 0,0.7 "
                       "font ',%d'\n",
                    fs_fmt_usd(P->base, b1, sizeof(b1)), P->base / sc, fs__bar_font(c));
        for (size_t i = 0; i < 2 * P->nb; i++) {
            const struct endlabel *L = &P->lab[i];
            double y = (double)(P->nb - 1 - i / 2);
            if (L->text[0] == '\0')
                continue;
            fprintf(f, "    set label %zu '%s' at %.6g, %.1f %s offset %s,0 front font ',%d'%s\n",
                    200 + nl++, L->text, L->x / sc, y, L->right ? "left" : "right",
                    L->right ? "0.5" : "-0.5", fs__bar_font(c),
                    L->nf ? " boxed tc rgb '" COL_LOST "'"
                    : strncmp(L->text, "no effect", 9) == 0 ? " tc rgb '" COL_NOTE "'"
                                                            : "");
        }
        fputs("    plot \\\n", f);
        for (int part = 0; part < 2; part++) {
            const char *fn = part == 0 ? "far" : "near", *cf = part == 0 ? "cfar" : "cnear";
            /* Solid where that end's run finished, hatched where not. */
            const char *nf = part == 0 ? "(isfar($2,$3,$4) ? $9 : $10)"
                                       : "(isfar($2,$3,$4) ? $10 : $9)";
            fprintf(f, "        'tornado.dat' index %d using ($2/%g):(%s == 0 ? $1 : 1/0):"
                       "(lesser($2, %s($2,$3,$4))/%g):(greater($2, %s($2,$3,$4))/%g):"
                       "($1-0.32):($1+0.32):(%s($2,$3,$4)) with boxxyerror "
                       "fc rgb variable fs solid 0.9 noborder, \\\n",
                    p, sc, nf, fn, sc, fn, sc, cf);
            fprintf(f, "        'tornado.dat' index %d using ($2/%g):(%s > 0 ? $1 : 1/0):"
                       "(lesser($2, %s($2,$3,$4))/%g):(greater($2, %s($2,$3,$4))/%g):"
                       "($1-0.32):($1+0.32):(%s($2,$3,$4)) with boxxyerror "
                       "lc rgb variable fs pattern 4 border%s\n",
                    p, sc, nf, fn, sc, fn, sc, cf, part == 0 ? ", \\" : "");
        }
        fputs("    unset arrow 1\n    unset label 1\n", f);
        for (size_t i = 0; i < nl; i++)
            fprintf(f, "    unset label %zu\n", 200 + i);
        if (p == 0) {
            fs__gp_legend_clear(f, nkeys);
            fputs("    unset label 101\n", f);
        }
    }
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    for (int p = 0; p < 2; p++) {
        free(pn[p].w);
        free(pn[p].lab);
    }
    return c->rc;
}

/* ---- entry point -------------------------------------------------------- */

int fs_plot_study(const struct fs_study *st, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag)
{
    struct fs__plot_ctx c;
    const char *names[4];
    size_t n = 0;

    if (st->n == 0 || st->v[0].s->njobs == 0)
        return FS_OK; /* nothing to compare: the charts follow a job */
    fs__ctx_init(&c, dir, opts, diag);
    c.mc = st->v[0].mc;
    c.s = st->v[0].s;
    c.sum = &st->v[0].sum;
    c.per_variant = 1;
    if (fs_mkdir_p(dir, diag) != FS_OK)
        return FS_EIO;
    switch (st->kind) {
    case FS_STUDY_STRATEGIES:
    case FS_STUDY_FILES:
        if (chart_time_cost(&c, st) != FS_OK || chart_cost_cmp(&c, st) != FS_OK ||
            chart_progress_cmp(&c, st) != FS_OK)
            return c.rc;
        names[n++] = "compare_time_cost";
        names[n++] = "compare_cost";
        names[n++] = "compare_progress";
        break;
    case FS_STUDY_SWEEP:
        if (chart_sweep(&c, st) != FS_OK)
            return c.rc;
        names[n++] = "sweep";
        break;
    case FS_STUDY_SENSITIVITY:
        if (st->v[0].s->nsens == 0)
            return FS_OK;
        if (chart_tornado(&c, st) != FS_OK)
            return c.rc;
        names[n++] = "tornado";
        break;
    }
    return fs__render(&c, opts, names, n);
}
