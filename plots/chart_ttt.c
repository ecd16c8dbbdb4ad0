/*
 * chart_ttt.c - time_to_train_jobN, one chart per job: a histogram of the
 * job's time to train (compute: first start to finish) over the replicates
 * that finished, a separate bar at the right edge for those that did not
 * (censored at the horizon, ">horizon (N %)"), and its P5, P50 and P95 (a
 * quantile among the unfinished drawn on that bar as "> value"). The title
 * gives P(finish) and the wait before the start, so no wait is hidden.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

/* Lines at P5, P50, P95 (qv, in the chart's unit; a censored one, cens,
 * labelled "> bound" and drawn at xbar, the censored bar); each label goes
 * on the side of its line with room, at the highest level where it
 * overlaps no label already placed (P50 first). x0..x1 is the x range. */
static void gp_quantile_lines(const struct fs__plot_ctx *c, FILE *f, const double qv[3],
                              const int cens[3], double xbar, const char *uabbr, double x0,
                              double x1, int dec)
{
    static const char *const qname[] = {"P5", "P50", "P95"};
    static const double level[] = {0.95, 0.88, 0.81};
    static const int order[] = {1, 0, 2};
    double ppu = 0.86 * c->width / (x1 - x0), xs[3];
    double ext[3][2], y[3];
    int right[3];
    char text[3][64];
    for (int o = 0; o < 3; o++) {
        int i = order[o], lv;
        double w, px, room_right;
        xs[i] = cens[i] ? xbar : qv[i];
        px = (xs[i] - x0) * ppu;
        room_right = (x1 - x0) * ppu - px;
        snprintf(text[i], sizeof(text[i]), "%s %s%.*f %s", qname[i], cens[i] ? ">" : "", dec,
                 qv[i], uabbr);
        w = fs__text_px(text[i], c->font) + 0.6 * c->font;
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
                i + 1, xs[i], xs[i], y[i] + 0.03, i == 1 ? "2.5" : "2",
                i == 1 ? "1" : "(6,4)");
        fprintf(f, "    set label %d '%s' at %.6g, graph %.2f %s offset %s,0 front\n", i + 1,
                text[i], xs[i], y[i], right[i] ? "left" : "right",
                right[i] ? "0.5" : "-0.5");
    }
}

/* The title: P(finish) and the wait before the start (P50, mean). */
static void gp_title(struct fs__plot_ctx *c, FILE *f, size_t j, size_t n)
{
    const struct fs_scenario *s = c->s;
    const struct fs_stat *w = fs__stat_of(c, j, FS_M_WAIT);
    char wait[64];
    if (isnan(w->mean))
        snprintf(wait, sizeof(wait), "never ready");
    else
        snprintf(wait, sizeof(wait), "wait before start P50 %s%.1f d, mean %.1f d",
                 w->p50_cens ? ">" : "", w->p50, w->mean);
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s: time to train (compute) of %s", s->name, s->jobs[j].name);
    fputs(".\"\\n\".", f);
    fs__put_qf(c, f, "P(finish) = %.0f %% (%zu of %zu replicates), %s",
               100.0 * (double)n / (double)c->mc->nrep, n, c->mc->nrep, wait);
    fputc('\n', f);
}

/* The histogram of v[0..n-1] (n > 0) over [*lo, *hi]: about sqrt(n) equal
 * bins, 5 to 40, one if all values are alike; widens *lo and *hi to the
 * bins' range. NULL when out of memory. */
static gsl_histogram *histogram(const double *v, size_t n, double *lo, double *hi)
{
    size_t nbins = (size_t)ceil(sqrt((double)n));
    gsl_histogram *h;
    nbins = nbins < 5 ? 5 : nbins > 40 ? 40 : nbins;
    if (!(*hi - *lo > 1e-9 * fabs(*hi))) { /* all alike, e.g. failures off */
        double w = fmax(0.005 * fabs(*hi), 1e-6);
        *lo -= w;
        *hi += w;
        nbins = 1;
    } else {
        *hi += 1e-9 * (*hi - *lo); /* the top value falls in the last bin */
    }
    if ((h = gsl_histogram_alloc(nbins)) == NULL)
        return NULL;
    gsl_histogram_set_ranges_uniform(h, *lo, *hi);
    for (size_t i = 0; i < n; i++)
        gsl_histogram_increment(h, v[i]);
    return h;
}

static int chart_ttt(struct fs__plot_ctx *c, size_t j)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_stat *st = fs__stat_of(c, j, FS_M_TTT);
    double *v = malloc((mc->nrep ? mc->nrep : 1) * sizeof(*v));
    double lo = INFINITY, hi = -INFINITY, unit = 1.0, maxcount = 0.0, span, bw, xbar, x1;
    double qv[3];
    int cens[3];
    size_t n = 0, k = 0, ncens = st->ncens;
    int dec;
    gsl_histogram *h = NULL;
    struct fs__wfile dat, gp;
    char name[64], file[80], qb[FS_NAME_MAX * 2 + 3];
    const char *ustr = "days", *uabbr = "d";
    FILE *f;

    if (v == NULL)
        return fs__nomem(c);
    while (s->job_order[k] != j)
        k++;
    for (size_t r = 0; r < mc->nrep; r++) {
        double t = fs_metric_value(&mc->jobs[r * s->njobs + j], FS_M_TTT);
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
    if (n > 0 && (h = histogram(v, n, &lo, &hi)) == NULL) {
        free(v);
        return fs__nomem(c);
    }
    if (h != NULL)
        maxcount = fmax(gsl_histogram_max_val(h), (double)ncens);
    free(v);

    snprintf(file, sizeof(file), "%s.dat", name);
    if (fs__wopen(c, &dat, file) != FS_OK)
        goto out;
    /* The censored bar: one bin wide, a gap of 12 % of the span to the right. */
    span = hi - lo;
    bw = h != NULL ? span / (double)gsl_histogram_bins(h) : 0.0;
    xbar = hi + 0.12 * span + 0.5 * bw;
    x1 = ncens > 0 ? xbar + 0.5 * bw + 0.08 * span : hi + 0.08 * span;
    fprintf(dat.f, "# fleetsim %s: time to train of job %s (%s of compute, first start to "
                   "finished)\n"
                   "# %zu of %zu replicates finished within the horizon; %zu did not (censored,\n"
                   "# index 1: their bar at the right edge). Shares are of all replicates.\n"
                   "# bin_low bin_high replicates share\n",
            FS_VERSION, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)), ustr, n, mc->nrep,
            ncens);
    for (size_t b = 0; h != NULL && b < gsl_histogram_bins(h); b++) {
        double a, z;
        gsl_histogram_get_range(h, b, &a, &z);
        fprintf(dat.f, "%.6g %.6g %.6g %.6g\n", a, z, gsl_histogram_get(h, b),
                gsl_histogram_get(h, b) / (double)mc->nrep);
    }
    if (h != NULL && ncens > 0)
        fprintf(dat.f, "\n\n# censored: did not finish within the horizon\n%.6g %.6g %zu %.6g\n",
                xbar - 0.5 * bw, xbar + 0.5 * bw, ncens, (double)ncens / (double)mc->nrep);
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    snprintf(file, sizeof(file), "%s.gp", name);
    if (fs__wopen(c, &gp, file) != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, name, "distribution of one job's time to train");
    gp_title(c, f, j, n);
    fputs("    set bmargin 5\n", f);
    if (n == 0) {
        fputs("    set label 1 ", f);
        fs__put_qf(c, f, "No replicate of %s finished within the horizon (%g days).",
               s->jobs[j].name, s->horizon_days);
        fputs(" at graph 0.5, graph 0.5 center\n"
              "    set xrange [0:1]\n    set yrange [0:1]\n    unset xtics\n    unset ytics\n"
              "    unset grid\n    plot 2\n",
              f);
        fs__gp_end(f);
        fs__wclose(c, &gp);
        goto out;
    }
    dec = span >= 10 ? 1 : span >= 1 ? 2 : span >= 0.1 ? 3 : 4;
    fprintf(f, "    set xlabel 'Time to train (%s of compute, first start to finish)'\n", ustr);
    fputs("    set ylabel 'Replicates'\n", f);
    fprintf(f, "    set xrange [%.6g:%.6g]\n    set yrange [0:%.6g]\n", lo - 0.08 * span,
            x1, maxcount * 1.25 + 0.5);
    fputs("    set style fill solid 0.85 border lc rgb '#ffffff'\n", f);
    qv[0] = st->p5 * unit;
    qv[1] = st->p50 * unit;
    qv[2] = st->p95 * unit;
    cens[0] = st->p5_cens;
    cens[1] = st->p50_cens;
    cens[2] = st->p95_cens;
    gp_quantile_lines(c, f, qv, cens, xbar, uabbr, lo - 0.08 * span, x1, dec);
    if (ncens > 0)
        fprintf(f, "    set label 4 '>horizon (%.0f %%)' at %.6g, %.6g center front\n",
                100.0 * (double)ncens / (double)mc->nrep, xbar, (double)ncens + 0.04 * maxcount);
    fprintf(f, "    plot '%s.dat' index 0 using (($1+$2)/2):3:($2-$1) with boxes lc rgb '%s'",
            name, fs__palette[k % FS__NPALETTE]);
    if (ncens > 0)
        fprintf(f, ", \\\n         '%s.dat' index 1 using (($1+$2)/2):3:($2-$1) with boxes "
                   "fs pattern 4 lc rgb '#555555'", name);
    fputc('\n', f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    gsl_histogram_free(h);
    return c->rc;
}

int fs__chart_ttt(struct fs__plot_ctx *c)
{
    for (size_t j = 0; j < c->s->njobs; j++)
        if (chart_ttt(c, j) != FS_OK)
            break;
    return c->rc;
}
