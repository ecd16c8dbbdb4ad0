/*
 * chart_ttt.c - time_to_train_jobN, one chart per job: a histogram of the
 * job's time to train over the replicates, with its P5, P50 and P95.
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

/* Lines at P5, P50, P95 with their values (in the chart's unit); each
 * label goes on the side of its line with room, at the highest level where
 * it overlaps no label already placed (P50 first). */
static void gp_quantile_lines(const struct fs__plot_ctx *c, FILE *f, const struct fs_stat *st,
                              double unit, const char *uabbr, double lo, double span, int dec)
{
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
                i + 1, qv[i], qv[i], y[i] + 0.03, i == 1 ? "2.5" : "2",
                i == 1 ? "1" : "(6,4)");
        fprintf(f, "    set label %d '%s' at %.6g, graph %.2f %s offset %s,0 front\n", i + 1,
                text[i], qv[i], y[i], right[i] ? "left" : "right",
                right[i] ? "0.5" : "-0.5");
    }
}

static int chart_ttt(struct fs__plot_ctx *c, size_t j)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_stat *st = fs__stat_of(c, j, FS_M_TTT);
    double *v = malloc((mc->nrep ? mc->nrep : 1) * sizeof(*v));
    double lo = INFINITY, hi = -INFINITY, unit = 1.0, maxcount = 0.0, span;
    size_t n = 0, nbins, k = 0;
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
            return fs__nomem(c);
        }
        gsl_histogram_set_ranges_uniform(h, lo, hi);
        for (size_t i = 0; i < n; i++)
            gsl_histogram_increment(h, v[i]);
        maxcount = gsl_histogram_max_val(h);
    }
    free(v);

    snprintf(file, sizeof(file), "%s.dat", name);
    if (fs__wopen(c, &dat, file) != FS_OK)
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
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    snprintf(file, sizeof(file), "%s.gp", name);
    if (fs__wopen(c, &gp, file) != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, name, "distribution of one job's time to train");
    fputs("    set title ", f);
    if (n > 0)
        fs__put_qf(c, f, "%s: time to train of %s (%zu of %zu replicates finished)", s->name,
               s->jobs[j].name, n, mc->nrep);
    else
        fs__put_qf(c, f, "%s: time to train of %s", s->name, s->jobs[j].name);
    fputs("\n    set bmargin 5\n", f);
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
    span = hi - lo;
    dec = span >= 10 ? 1 : span >= 1 ? 2 : span >= 0.1 ? 3 : 4;
    fprintf(f, "    set xlabel 'Time to train (%s, from ready to finished)'\n", ustr);
    fputs("    set ylabel 'Replicates'\n", f);
    fprintf(f, "    set xrange [%.6g:%.6g]\n    set yrange [0:%.6g]\n", lo - 0.08 * span,
            hi + 0.08 * span, maxcount * 1.25 + 0.5);
    fputs("    set style fill solid 0.85 border lc rgb '#ffffff'\n", f);
    gp_quantile_lines(c, f, st, unit, uabbr, lo, span, dec);
    fprintf(f, "    plot '%s.dat' using (($1+$2)/2):3:($2-$1) with boxes lc rgb '%s'\n", name,
            fs__palette[k % FS__NPALETTE]);
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
