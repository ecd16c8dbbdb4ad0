/*
 * chart_sweep.c - sweep: time to train and TCO against the swept value.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/date.h"
#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

/* A log y axis over [y0, y1] with tics at 1, 2, 5 x 10^k (powers of ten
 * alone leave most values to guess), labelled as numbers or, for usd, as
 * dollars ("$5M"). */

/* The time the left panel draws: time to train; in a sweep over dates
 * (an export rule's, an order's), time to result from ready, which holds
 * the wait the date causes. */
static enum fs_metric time_metric(const struct fs_study *st)
{
    return st->sweep_dates ? FS_M_RESULT : FS_M_TTT;
}

static const char *time_word(const struct fs_study *st, int cap)
{
    if (st->sweep_dates)
        return cap ? "Time to result" : "time to result";
    return cap ? "Time to train" : "time to train";
}
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

/* sweep.dat: index 0 the runs where the job finished (a blank line where
 * one did not, so lines break there), index 1 every run's cost, index 2
 * the values where it never finished (nnf of them). */
static int write_sweep_dat(struct fs__plot_ctx *c, struct fs__tunit u, size_t nnf)
{
    const struct fs_study *st = c->st;
    const char *job = st->v[0].s->jobs[fs_study_focus_job(st)].name;
    size_t n = st->n;
    struct fs__wfile dat;
    char qb[FS__QLEN];
    FILE *f;

    if (fs__wopen(c, &dat, "sweep.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: sweep of %s\n", FS_VERSION,
            fs_plot_quote(st->sweep_paths, qb, sizeof(qb)));
    fprintf(f, "# job %s; each value run with %zu replicates (common random numbers).\n"
               "# index 0: %s (%s): quantiles over all replicates, NaN where one falls\n"
               "# among runs that did not finish (censored); mean over all, unfinished\n"
               "# runs at their bound (NaN if any)\n"
               "# value ttt_p5 ttt_p50 ttt_p95 ttt_mean finished_share\n",
            fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->nrep, time_word(st, 0), u.word);
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs__vjob(st, k);
        const struct fs_stat *t;
        if (j < 0 || (t = fs__vstat(v, j, time_metric(st)))->n == 0) {
            fputs("\n", f);
            continue;
        }
        fprintf(f, "%.10g %.6g %.6g %.6g %.6g %.6g\n", v->x, t->p5_cens ? NAN : t->p5 * u.mul,
                t->p50_cens ? NAN : t->p50 * u.mul, t->p95_cens ? NAN : t->p95 * u.mul,
                t->ncens > 0 ? NAN : t->mean * u.mul, (double)t->n / (double)v->mc->nrep);
    }
    fputs("\n\n# index 1: total cost of ownership (USD): mean, P5, P95; rental-equivalent "
          "mean\n# value tco_mean tco_p5 tco_p95 rental_mean\n",
          f);
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs__vjob(st, k);
        if (j < 0)
            continue;
        fprintf(f, "%.10g %.6g %.6g %.6g %.6g\n", v->x, fs__vstat(v, j, FS_M_TCO)->mean,
                fs__vstat(v, j, FS_M_TCO)->p5, fs__vstat(v, j, FS_M_TCO)->p95,
                fs__vstat(v, j, FS_M_RENTAL)->mean);
    }
    if (nnf > 0) {
        fputs("\n\n# index 2: values where the job did not finish in any replicate\n# value\n",
              f);
        for (size_t k = 0; k < n; k++) {
            int j = fs__vjob(st, k);
            if (j >= 0 && fs__vstat(&st->v[k], j, time_metric(st))->n == 0)
                fprintf(f, "%.10g\n", st->v[k].x);
        }
    }
    /* The P5-P95 band, only where both ends are known (a censored quantile
     * breaks it): its own index, as filledcurves cannot skip a point. */
    fprintf(f, "\n\n# index %d: the P5-P95 band where neither is censored\n# value p5 p95\n",
            nnf > 0 ? 3 : 2);
    for (size_t k = 0; k < n; k++) {
        int j = fs__vjob(st, k);
        const struct fs_stat *t;
        if (j < 0 || (t = fs__vstat(&st->v[k], j, time_metric(st)))->n == 0 || t->p5_cens ||
            t->p95_cens)
            fputs("\n", f);
        else
            fprintf(f, "%.10g %.6g %.6g\n", st->v[k].x, t->p5 * u.mul, t->p95 * u.mul);
    }
    return fs__wclose(c, &dat);
}

/* The tick text of sweep value x: a date in a sweep over dates. */
static const char *x_text(const struct fs_study *st, double x, char *buf, size_t len)
{
    if (st->sweep_dates)
        return fs_date_format((fs_date)x, buf, len);
    return fs__fmt_value(x, buf, len);
}

/* A swept path in words where its meaning is known: "H800 GPUs ordered
 * (h800_2023)" for orders[h800_2023].count, "H800 GPUs in cluster c" for
 * clusters[c].gpus, "GPUs for job run" for jobs[run].gpus; the path itself
 * otherwise (malloc'ed; NULL when out of memory). */
static char *path_words(const struct fs_scenario *s, const char *path)
{
    char kind[16], name[64], field[32]; /* the widths in the format below */
    if (s != NULL && sscanf(path, "export_rules[%63[^]]].%31s", name, field) == 2 &&
        strcmp(field, "effective_date") == 0)
        return fs_xprintf("date export rule %s takes effect", name);
    if (s == NULL || sscanf(path, "%15[a-z][%63[^]]].%31s", kind, name, field) != 3)
        return fs_xprintf("%s", path);
    if (strcmp(kind, "orders") == 0 && strcmp(field, "date") == 0)
        return fs_xprintf("date order %s is placed", name);
    if (strcmp(kind, "orders") == 0 && strcmp(field, "count") == 0)
        for (size_t o = 0; o < s->norders; o++)
            if (strcmp(s->orders[o].name, name) == 0)
                return fs_xprintf("%s GPUs ordered (%s)", s->catalog.chips[s->orders[o].chip].name,
                                  name);
    if (strcmp(kind, "clusters") == 0 && strcmp(field, "gpus") == 0)
        for (size_t i = 0; i < s->nclusters; i++)
            if (strcmp(s->clusters[i].name, name) == 0)
                return fs_xprintf("%s GPUs in cluster %s",
                                  fs_cluster_chip(s, &s->clusters[i])->name, name);
    if (strcmp(kind, "jobs") == 0 && strcmp(field, "gpus") == 0)
        return fs_xprintf("GPUs for job %s", name);
    return fs_xprintf("%s", path);
}

/* The x label names the swept paths, on up to four lines under both
 * panels, broken between paths. Returns the number of lines (malloc'ed). */
static size_t path_lines(struct fs__plot_ctx *c, char **lines)
{
    const struct fs_study *st = c->st;
    size_t nlines = 0;
    char paths[FS_TEXT_MAX], *save = NULL, *p;
    double room = 0.92 * c->width;
    snprintf(paths, sizeof(paths), "%s", st->sweep_paths);
    for (p = strtok_r(paths, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
        char *w = path_words(st->v[0].s, p), *line;
        if (w == NULL) {
            fs__nomem(c);
            break;
        }
        line = nlines == 0 ? fs_xprintf("Swept: %s", w)
                           : fs_xprintf("%s, %s", lines[nlines - 1], w);
        if (line == NULL) {
            free(w);
            fs__nomem(c);
            break;
        }
        if (nlines == 0 || (fs__text_px(line, c->font) > room && nlines < 4)) {
            if (nlines > 0) { /* a new line: this path starts it */
                char *end = lines[nlines - 1];
                free(line);
                line = fs_xprintf("%s,", end);
                free(lines[nlines - 1]);
                lines[nlines - 1] = line;
                line = fs_xprintf("%s", w);
                if (line == NULL) {
                    free(w);
                    fs__nomem(c);
                    break;
                }
            }
            lines[nlines++] = line;
        } else {
            free(lines[nlines - 1]);
            lines[nlines - 1] = line;
        }
        free(w);
    }
    if (nlines > 0 && st->sweep_log) {
        char *line = fs_xprintf("%s (log scale)", lines[nlines - 1]);
        if (line != NULL) {
            free(lines[nlines - 1]);
            lines[nlines - 1] = line;
        }
    }
    return nlines;
}

/* Right: TCO, mean with its P5-P95 band, and the rental-equivalent; value
 * labels when they fit. */
static void gp_cost_panel(struct fs__plot_ctx *c, FILE *f, double bottom, double top,
                          double split, double cmin, double cmax, int clog, int labels)
{
    const struct fs_study *st = c->st;
    size_t n = st->n;
    const char *csfx;
    double cscale = fs__axis_scale(cmax, &csfx);
    char b1[32];

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
        int j = fs__vjob(st, k);
        if (j >= 0 && fs__text_px(fs_fmt_usd(fs__vstat(&st->v[k], j, FS_M_TCO)->mean, b1,
                                             sizeof(b1)),
                                  fs__bar_font(c)) >
                          0.85 * (0.97 - split - 0.1) * c->width / (double)n)
            labels = 0;
    }
    for (size_t k = 0, i = 0; labels && k < n; k++) {
        int j = fs__vjob(st, k);
        double m;
        if (j < 0)
            continue;
        m = fs__vstat(&st->v[k], j, FS_M_TCO)->mean;
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
}

/* Left: time to train, P50 with the P5-P95 band, an open square round
 * the points of values that finished in fewer than all replicates (npart
 * of them); value labels when they fit; then clears what the right panel
 * must not repeat. */
static void gp_time_panel(struct fs__plot_ctx *c, FILE *f, double bottom, double top,
                          double split, struct fs__tunit u, double tmin, double tmax, int ylog,
                          int labels, size_t nnf, size_t nmiss, size_t nlines, size_t npart)
{
    const struct fs_study *st = c->st;
    size_t n = st->n;

    fs__gp_panel(f, 0.09, split - 0.05, bottom, top);
    fprintf(f, "    set title '%s'\n", time_word(st, 1));
    fprintf(f, "    set ylabel '%s (%s%s)'\n", time_word(st, 1), u.word, ylog ? ", log scale" : "");
    if (ylog)
        gp_log_y(f, tmin / 1.3, tmax * 1.3, 0);
    else
        fprintf(f, "    set yrange [0:%.6g]\n", tmax > 0 ? tmax * 1.15 : 1.0);
    for (size_t k = 0, i = 0; labels && k < n; k++) {
        int j = fs__vjob(st, k);
        const struct fs_stat *t;
        if (j < 0 || (t = fs__vstat(&st->v[k], j, time_metric(st)))->n == 0 || t->p50_cens)
            continue;
        fprintf(f, "    set label %zu '%.*f' at %.10g, %.6g center offset 0,1.1 font ',%d'\n",
                200 + i++, fs__decimals(t->p50 * u.mul), t->p50 * u.mul, st->v[k].x,
                t->p50 * u.mul, fs__bar_font(c));
    }
    if (nnf > 0 || nmiss > 0) {
        fprintf(f, "    set label 30 '%s' at graph 0.98, graph 0.05 right front font ',%d' "
                   "tc rgb '%s'\n",
                nnf > 0 ? "x: did not finish in any replicate" : "some values have no such job",
                fs__bar_font(c), COL_LOST);
    }
    fputs("    plot \\\n", f);
    fprintf(f, "        'sweep.dat' index %d using 1:2:3 with filledcurves fc rgb '%s' "
               "fs transparent solid 0.25 noborder, \\\n"
               "        'sweep.dat' index 0 using 1:3 with linespoints lw 3 pt 7 ps 1.3 "
               "lc rgb '%s'%s\n",
            nnf > 0 ? 3 : 2, fs__palette[0], fs__palette[0], nnf > 0 || npart > 0 ? ", \\" : "");
    if (npart > 0) /* a censored P50 has its square at the top, with the crosses */
        fprintf(f, "        'sweep.dat' index 0 using 1:($6 < 1 ? (strcol(3) eq \"nan\" ? %.6g : $3) : 1/0) "
                   "with points pt 4 ps 2.6 lw 2.5 lc rgb '%s'%s\n",
                ylog ? tmax * 1.1 : tmax * 1.05, COL_LOST, nnf > 0 ? ", \\" : "");
    if (nnf > 0)
        fprintf(f, "        'sweep.dat' index 2 using 1:(%.6g) with points pt 2 ps 2.5 lw 3 "
                   "lc rgb '%s'\n",
                ylog ? tmax * 1.1 : tmax * 1.05, COL_LOST);
    for (size_t i = 0; i < n; i++)
        if (labels)
            fprintf(f, "    unset label %zu\n", 200 + i);
    fputs("    unset label 30\n", f);
    fs__gp_variant_note_clear(f, 30);
    fs__gp_legend_clear(f, npart > 0 ? 4 : 3);
    for (size_t i = 0; i < nlines; i++)
        fprintf(f, "    unset label %zu\n", 110 + i);
    if (ylog)
        fputs("    unset logscale y\n    set ytics autofreq\n", f);
}

int fs__chart_sweep(struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    struct fs__wfile gp;
    double xmin = INFINITY, xmax = -INFINITY, tmin = INFINITY, tmax = 0.0, cmax = 0.0;
    double cmin = INFINITY;
    double maxd = 0.0, bottom, top = 0.76, split = 0.5, widest = 0.0;
    const struct fs__keyitem keys[] = {{fs__palette[0], "P50 (time), mean (TCO)"},
                                       {"#bfdcee", "P5 to P95 over replicates"},
                                       {COL_RENTAL, "rental-equivalent, mean"},
                                       {COL_LOST, "finished in < 100 % of replicates"}};
    size_t n = st->n, nnf = 0, nmiss = 0, nlines = 0, npart = 0;
    int ylog, clog, mode, labels;
    struct fs__tunit u;
    char vb[48], *lines[4] = {NULL, NULL, NULL, NULL};
    FILE *f;

    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs__vjob(st, k);
        xmin = fmin(xmin, v->x);
        xmax = fmax(xmax, v->x);
        if (j < 0) {
            nmiss++;
            continue;
        }
        if (fs__vstat(v, j, time_metric(st))->n > 0) {
            const struct fs_stat *t = fs__vstat(v, j, time_metric(st));
            /* censored quantiles are not drawn: the observed extremes bound the axis */
            maxd = fmax(maxd, t->p95_cens ? t->max : t->p95);
            tmin = fmin(tmin, t->p5_cens ? t->min : t->p5);
            npart += t->n < v->mc->nrep;
        } else {
            nnf++;
        }
        cmax = fmax(cmax, fmax(fs__vstat(v, j, FS_M_TCO)->p95, fs__vstat(v, j, FS_M_RENTAL)->mean));
        cmin = fmin(cmin, fmin(fs__vstat(v, j, FS_M_TCO)->p5, fs__vstat(v, j, FS_M_RENTAL)->mean));
        widest = fmax(widest, fs__text_px(x_text(st, v->x, vb, sizeof(vb)), c->font));
    }
    u = fs__time_unit(maxd);
    tmax = maxd * u.mul;
    tmin *= u.mul;
    /* Times spanning a factor of ten or more read better on a log axis. */
    ylog = isfinite(tmin) && tmin > 0 && tmax / tmin >= 10.0;
    clog = isfinite(cmin) && cmin > 0 && cmax / cmin >= 10.0;

    if (write_sweep_dat(c, u, nnf) != FS_OK)
        return c->rc;

    if (fs__wopen(c, &gp, "sweep.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    mode = n <= 12 ? fs__tics_mode(c, widest, n, split - 0.12)
           : st->sweep_dates ? fs__tics_mode(c, widest, 12, split - 0.12)
                             : FS__TICS_PLAIN;
    nlines = path_lines(c, lines);
    bottom = 0.05 + 0.042 * (double)nlines + 0.02 +
             (mode == FS__TICS_ROTATED ? (0.5 * widest * (c->font - 4) / c->font + c->font) /
                                             c->height
                                       : 2.6 * c->font / c->height);
    fs__gp_begin(c, f, "sweep", "time to train and cost against a swept setting");
    fs__gp_title(c, f, 1, "%s: sweep, %s and TCO of %s", b->name, time_word(st, 0), job);
    fs__gp_legend(c, f, keys, npart > 0 ? 4 : 3);
    if (npart > 0) /* its key: an open square, as on the points */
        fprintf(f, "    set object 503 fs empty border lc rgb '%s' lw 2.5\n", COL_LOST);
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
    if (n <= 12 || st->sweep_dates) {
        /* Dates: every value up to 12 of them, else every step-th. */
        size_t step = n <= 12 ? 1 : (n + 10) / 11;
        fputs("    set xtics (", f);
        for (size_t k = 0; k < n; k += step)
            fprintf(f, "%s'%s' %.10g", k ? ", " : "", x_text(st, st->v[k].x, vb, sizeof(vb)),
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

    gp_time_panel(c, f, bottom, top, split, u, tmin, tmax, ylog, labels, nnf, nmiss, nlines, npart);
    gp_cost_panel(c, f, bottom, top, split, cmin, cmax, clog, labels);
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    return c->rc;
}
