/*
 * chart_progress.c - progress: each job's share of its FLOP budget done over time (P50
 * lines, P5-P95 bands) and the sample replicate's trajectory with its
 * failures.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed
 * in the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

/* The span worth showing: first start to a little after the last P95 end. */
static void progress_window(const struct fs__plot_ctx *c, double *t0, double *t1)
{
    const struct fs_scenario *s = c->s;
    double horizon = s->horizon_days * FS_HOURS_PER_DAY, first = INFINITY, last = -INFINITY;
    double margin;
    for (size_t i = 0; i < c->mc->nrep * s->njobs; i++)
        if (c->mc->jobs[i].started && c->mc->jobs[i].start_h < first)
            first = c->mc->jobs[i].start_h;
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_stat *end = fs__stat_of(c, j, FS_M_END);
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

int fs__chart_progress(struct fs__plot_ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    struct fs__wfile dat, smp, gp;
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
        fs__nomem(c);
        goto out;
    }

    /* progress.dat: block k = the k-th job in run order, from the grid
     * point before any replicate began it to the first where all (P5) are
     * done, so finished jobs do not draw flat lines over the others. */
    if (fs__wopen(c, &dat, "progress.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: share of each job's FLOP budget done, across replicates\n"
               "# (quantiles of the first %zu of %zu replicates at each grid time).\n"
               "# One block per job (gnuplot index 0, 1, ...), in run order.\n",
            FS_VERSION, mc->ngrid_reps, mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k], a = 0, b = nk - 1;
        for (size_t g = 0; g < nk; g++)
            fs__grid_quantiles(mc, j, k0 + g, x, q + 3 * g);
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
            fprintf(f, "%s %.6g %.6g %.6g\n", fs__fmt_time(s, mc->grid_h[k0 + g], tb, sizeof(tb)),
                    q[3 * g], q[3 * g + 1], q[3 * g + 2]);
    }
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    /* progress_sample.dat: the sample replicate, one block per job that ran,
     * then one block of its failures (the points just before each drop). */
    if (fs__wopen(c, &smp, "progress_sample.dat") != FS_OK)
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
            fprintf(f, "%s %.6g\n", fs__fmt_time(s, mc->sample[i].t_h, tb, sizeof(tb)),
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
                fprintf(f, "%s %.6g\n", fs__fmt_time(s, p->t_h, tb, sizeof(tb)), last);
            }
            last = p->share;
        }
    }
    if (fs__wclose(c, &smp) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "progress.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "progress", "training progress over time");
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s: training progress", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(s, t0), fs__epoch_s(s, t1));
    fs__gp_time_tics(c, f, t0, t1, 0.85);
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
                k, fs__palette[k % FS__NPALETTE]);
    for (size_t k = 0; k < s->njobs; k++) {
        const char *col = fs__palette[k % FS__NPALETTE];
        if (sample_block[k] != (size_t)-1)
            fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with lines "
                       "lw 1.5 dt (5,4) lc rgb '%s', \\\n",
                    sample_block[k], col);
        fprintf(f, "        'progress.dat' index %zu using 1:($3*100) with lines lw 3.5 "
                   "lc rgb '%s' title ",
                k, col);
        fs__put_q(c, f, s->jobs[s->job_order[k]].name);
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
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(x);
    free(q);
    free(sample_block);
    return c->rc;
}
