/*
 * chart_compare_time_cost.c - compare_time_cost: each variant's time to train
 * (compute, P50, P5-P95 whiskers) against its TCO, for strategies and
 * scenario files. Times are censored at the horizon: a variant whose P50 is
 * beyond it is named, not drawn; a P95 beyond it is a lower bound; every
 * variant's P(finish) is in the legend.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/costview.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

static int vpoint(size_t k)
{
    static const int pt[] = {7, 5, 9, 13, 11};
    return k == 0 ? 7 : pt[((k - 1) / 5) % 5];
}

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

/* The job cost on the x axis: the view the comparison ranks by
 * (--cost-view; costview.h), named in the title and the axis. */
static enum fs_metric view_metric(const struct fs__plot_ctx *c)
{
    return fs_view_metric((enum fs_cost_view)c->st->cost_view);
}

static const char *view_name(const struct fs__plot_ctx *c)
{
    return fs_view_name((enum fs_cost_view)c->st->cost_view);
}

/* The time on the y axis: days to result (from ready: wait + compute)
 * when any variant's job waited for hardware, else compute days. */
static enum fs_metric time_metric(const struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    for (size_t k = 0; k < st->n; k++) {
        int j = fs__vjob(st, k);
        if (j >= 0 && fs__vstat(&st->v[k], j, FS_M_WAIT_HW)->mean > 0)
            return FS_M_RESULT;
    }
    return FS_M_TTT;
}

/* One variant's point. */
struct tc_point {
    int job;         /* the focus job's index in the variant, -1 if it has none */
    int row;         /* its row in the .dat, -1: not drawn (P50 censored) */
    double x, y;     /* TCO P50 (USD), time to train P50 (chart's unit) */
    double finished; /* share of replicates that finished */
};

/* Same spot, in pixels. */
static int same_spot(const struct tc_point *a, const struct tc_point *b, double sx, double sy)
{
    return a->row >= 0 && b->row >= 0 && fabs((a->x - b->x) * sx) < 6 &&
           fabs((a->y - b->y) * sy) < 6;
}

/* compare_time_cost.dat: a row per variant whose job's P50 time is known
 * (at least half its replicates finished) (*nrows); fills each point's
 * row, place and finished share. */
static int write_tc_dat(struct fs__plot_ctx *c, struct tc_point *pt, struct fs__tunit u,
                        int *nrows)
{
    const struct fs_study *st = c->st;
    const char *job = st->v[0].s->jobs[fs_study_focus_job(st)].name;
    size_t n = st->n;
    int row = 0;
    struct fs__wfile dat;
    char qb[FS__QLEN], wres[64], wttt[64];
    FILE *f;

    snprintf(wres, sizeof(wres), "result (%s of wait + compute, ready to finish)", u.word);
    snprintf(wttt, sizeof(wttt), "train (%s of compute, first start to finish)", u.word);
    if (fs__wopen(c, &dat, "compare_time_cost.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: time to %s against the %s cost of job %s\n"
               "# (columns tco_*: that view, %s),\n",
            FS_VERSION, time_metric(c) == FS_M_RESULT ? "result" : "train", view_name(c),
            fs_plot_quote(job, qb, sizeof(qb)),
            fs_view_title((enum fs_cost_view)st->cost_view));
    fprintf(f, "# per variant; %zu replicates each (common random numbers). TCO in USD, over\n"
               "# all replicates; time to %s over\n"
               "# all replicates, unfinished ones censored at the horizon: ttt_p95_censored 1\n"
               "# means ttt_p95 is a lower bound. A variant whose P50 is censored has no row.\n"
               "# variant tco_p5 tco_p50 tco_p95 tco_mean ttt_p5 ttt_p50 ttt_p95 "
               "finished_share ttt_p95_censored\n",
            st->v[0].mc->nrep, time_metric(c) == FS_M_RESULT ? wres : wttt);
    for (size_t k = 0; k < n; k++) {
        struct tc_point *q = &pt[k];
        const struct fs_variant *v = &st->v[k];
        const struct fs_stat *t, *m;
        if (q->job < 0) {
            fprintf(f, "# variant %zu %s: no such job\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)));
            continue;
        }
        t = fs__vstat(v, q->job, time_metric(c));
        m = fs__vstat(v, q->job, view_metric(c));
        q->finished = (double)t->n / (double)v->mc->nrep;
        if (t->n == 0 || t->p50_cens || t->p5_cens) {
            fprintf(f, "# variant %zu %s: P50 beyond the horizon (finished in %.0f %%)\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)), 100.0 * q->finished);
            continue;
        }
        q->row = row++;
        q->x = m->p50;
        q->y = t->p50 * u.mul;
        fprintf(f, "# variant %zu: %s\n", k, fs_plot_quote(v->label, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %d\n", k, m->p5, m->p50, m->p95,
                m->mean, t->p5 * u.mul, t->p50 * u.mul, t->p95 * u.mul, q->finished,
                t->p95_cens);
    }
    if (row == 0)
        fputs("0 0 0 0 0 0 0 0 0 0\n", f); /* no point: keeps the file plottable */
    *nrows = row;
    return fs__wclose(c, &dat);

}

/* Labels beside the points, clear of markers, whiskers and each other;
 * variants on the same spot share one. The panel is pw x ph pixels, its
 * axes [0, xmax] (USD) and [0, ymax] (the time unit u). */
static void gp_point_labels(struct fs__plot_ctx *c, FILE *f, const struct tc_point *pt,
                            struct box *taken, double pw, double ph, double xmax, double ymax,
                            double xscale, struct fs__tunit u)
{
    const struct fs_study *st = c->st;
    size_t n = st->n, ntaken = 0, nlab = 0;
    int lf = fs__bar_font(c);

    for (size_t k = 0; k < n; k++) {
        const struct tc_point *q = &pt[k];
        const struct fs_stat *t, *m;
        double px = q->x / xmax * pw, py = q->y / ymax * ph;
        if (q->row < 0)
            continue;
        t = fs__vstat(&st->v[k], q->job, time_metric(c));
        m = fs__vstat(&st->v[k], q->job, view_metric(c));
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
                at += (size_t)snprintf(text + at, len - at, " (P(finish) = %.0f %%)",
                                       100.0 * pt[e].finished);
        }
        bx = place_label(px, py, fs__text_px(text, lf), th, pw, ph, taken, ntaken);
        taken[ntaken++] = bx;
        fprintf(f, "    set label %zu ", 20 + nlab++);
        fs__put_q(c, f, text);
        fprintf(f, " at %.6g, %.6g left front font ',%d' tc rgb '%s'\n",
                bx.x0 / pw * xmax / xscale, (bx.y0 + bx.y1) / 2 / ph * ymax, lf,
                cnt > 1 ? "#000000" : fs__vcolor(k));
        free(text);
    }
}

/* The legend entry of variant v: its label and the share of its
 * replicates where job j finished within the horizon. Caller frees; NULL
 * when out of memory. */
static char *finish_title(const struct fs_variant *v, int j)
{
    size_t len = strlen(v->label) + 32;
    char *t = malloc(len);
    if (t != NULL)
        snprintf(t, len, "%s (P(finish) = %.0f %%)", v->label,
                 100.0 * (double)fs__vstat(v, j, FS_M_TTT)->n / (double)v->mc->nrep);
    return t;
}

/* Each variant's point (job, no row yet) and legend entry, with its
 * P(finish) beside its name (ktitle[k] owns the text); *maxd, *xmax: the
 * largest time P95 and TCO P95 of the variants with a finished run. */
static int init_points(struct fs__plot_ctx *c, struct tc_point *pt, struct fs__keyitem *keys,
                       char **ktitle, double *maxd, double *xmax)
{
    const struct fs_study *st = c->st;
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        keys[k] = (struct fs__keyitem){fs__vcolor(k), v->label};
        pt[k].job = fs__vjob(st, k);
        pt[k].row = -1;
        if (pt[k].job < 0)
            continue;
        if ((keys[k].title = ktitle[k] = finish_title(v, pt[k].job)) == NULL)
            return fs__nomem(c);
        if (fs__vstat(v, pt[k].job, time_metric(c))->n > 0) {
            *maxd = fmax(*maxd, fs__vstat(v, pt[k].job, time_metric(c))->p95);
            *xmax = fmax(*xmax, fs__vstat(v, pt[k].job, view_metric(c))->p95);
        }
    }
    return FS_OK;
}

int fs__chart_compare_time_cost(struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    const struct fs_scenario *b = st->v[0].s;
    size_t focus = fs_study_focus_job(st), n = st->n;
    const char *job = b->jobs[focus].name, *sfx;
    struct tc_point *pt = NULL;
    struct fs__keyitem *keys = NULL;
    char **ktitle = NULL;
    struct box *taken = NULL;
    struct fs__wfile gp;
    int *flag = NULL, row = 0, lf = fs__bar_font(c);
    double maxd = 0.0, xmax = 0.0, ymax, xscale, top, bottom = 0.16, left = 0.10, right = 0.97;
    double pw, ph;
    struct fs__tunit u;
    FILE *f;

    pt = calloc(n, sizeof(*pt));
    keys = malloc(n * sizeof(*keys));
    taken = malloc(4 * n * sizeof(*taken));
    flag = calloc(n, sizeof(*flag));
    ktitle = calloc(n, sizeof(*ktitle));
    if (pt == NULL || keys == NULL || taken == NULL || flag == NULL || ktitle == NULL) {
        fs__nomem(c);
        goto out;
    }
    if (init_points(c, pt, keys, ktitle, &maxd, &xmax) != FS_OK)
        goto out;
    u = fs__time_unit(maxd);

    if (write_tc_dat(c, pt, u, &row) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "compare_time_cost.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "compare_time_cost", "time to train against the job's cost, per variant");
    fs__gp_title(c, f, 1, "%s: time to %s vs %s cost of %s, by %s", b->name,
                 time_metric(c) == FS_M_RESULT ? "result" : "train", view_name(c), job,
                 fs__kind_word(st));
    top = fs__legend_rows(c, keys, n) >= 3 ? 0.76 : 0.80;
    fs__gp_legend(c, f, keys, n);
    fs__gp_note(c, f, "Points: P50; whiskers: P5 to P95 over all replicates, unfinished runs "
                  "censored at the horizon. Lower left: faster and cheaper.");
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
    fprintf(f, "    set xlabel 'Job cost, %s view, USD%s'\n", view_name(c), fs__scale_word(xscale));
    if (time_metric(c) == FS_M_RESULT)
        fprintf(f, "    set ylabel '%c%s to result (wait + compute, P50)'\n",
                u.word[0] - 'a' + 'A', u.word + 1);
    else
        fprintf(f, "    set ylabel 'Time to train (%s of compute, P50)'\n", u.word);
    fprintf(f, "    set xrange [0:%.6g]\n    set yrange [0:%.6g]\n", xmax / xscale, ymax);
    fprintf(f, "    set xtics %.6g\n    set format x '$%%g%s'\n    set grid xtics ytics\n",
            fs__nice_step(xmax / xscale, 8), sfx);
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
    pw = (right - left) * c->width;
    ph = (top - bottom) * c->height;
    gp_point_labels(c, f, pt, taken, pw, ph, xmax, ymax, xscale, u);
    /* Variants without a point: named, not drawn. */
    for (size_t k = 0; k < n; k++)
        flag[k] = pt[k].job >= 0 && pt[k].row < 0;
    fs__gp_variant_note(c, f, st, flag, 30, "P50 beyond the horizon (under half finished): ",
                    "graph 0.98, graph 0.95 right");
    {
        int nf = fs__flag_any(flag, n);
        for (size_t k = 0; k < n; k++)
            flag[k] = pt[k].job < 0;
        fs__gp_variant_note(c, f, st, flag, 31, "No such job in: ",
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
                vpoint(k), fs__vcolor(k));
        first = 0;
    }
    fputs("\n    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    for (size_t k = 0; ktitle != NULL && k < n; k++)
        free(ktitle[k]);
    free(ktitle);
    free(pt);
    free(keys);
    free(taken);
    free(flag);
    return c->rc;
}
