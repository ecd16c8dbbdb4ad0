/*
 * chart_progress.c - progress: each job's share of its FLOP budget done over
 * time (P50 lines, P5-P95 bands, "P(finish) = x %" in each job's key) and
 * the sample replicate's trajectory with its failures. The trajectory is thinned to chart resolution on very large
 * fleets.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
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
    double horizon = fs_horizon_h(s), first = INFINITY, last = -INFINITY;
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

/*
 * The sample replicate's trajectory is thinned to chart resolution: a job
 * with more than 2 x SAMPLE_SLICES points keeps the lowest and highest
 * point of each of SAMPLE_SLICES equal slices of its time span (and its
 * first and last point), which draws the same picture at 1,600 px; a job
 * with more than FAIL_MARKS failures keeps the first of each of FAIL_MARKS
 * slices. At 10M GPUs the full trajectory was 77 MB of text.
 */
#define SAMPLE_SLICES 2000
#define FAIL_MARKS 2000

/* What the three files of the chart share. */
struct progress {
    double t0, t1;         /* the window shown, hours */
    size_t *sample_block;  /* per job in run order: its block, or (size_t)-1 */
    size_t nfail, nfail_shown, fail_block;
    int thinned;           /* some job's trajectory was thinned */
};

/* progress.dat: block k = the k-th job in run order, from the grid point
 * before any replicate began it to the first where all (P5) are done, so
 * finished jobs do not draw flat lines over the others. */
static int write_bands(struct fs__plot_ctx *c, const struct progress *pg)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    size_t k0 = 0, k1 = mc->ngrid - 1, nk;
    double *x, *q;
    struct fs__wfile dat;
    char tb[32], qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    for (size_t k = 0; k < mc->ngrid; k++)
        if (mc->grid_h[k] <= pg->t0)
            k0 = k;
    for (size_t k = mc->ngrid; k-- > 0;)
        if (mc->grid_h[k] >= pg->t1)
            k1 = k;
    nk = k1 - k0 + 1;
    x = malloc((mc->ngrid_reps ? mc->ngrid_reps : 1) * sizeof(*x));
    q = malloc(3 * nk * sizeof(*q));
    if (x == NULL || q == NULL || fs__wopen(c, &dat, "progress.dat") != FS_OK) {
        free(x);
        free(q);
        return x == NULL || q == NULL ? fs__nomem(c) : c->rc;
    }
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
    free(x);
    free(q);
    return fs__wclose(c, &dat);
}

/* Marks in keep[] the points of job j's trajectory (idx[0..n-1], indices
 * into mc->sample) that the chart shows: all when few, else the lowest and
 * highest of each time slice. Returns how many. */
static size_t thin_points(const struct fs_mc *mc, const size_t *idx, size_t n, size_t *lo,
                          size_t *hi, unsigned char *keep)
{
    double ta, span;
    size_t kept = 0;
    if (n <= 2 * SAMPLE_SLICES + 2) {
        memset(keep, 1, n);
        return n;
    }
    memset(keep, 0, n);
    ta = mc->sample[idx[0]].t_h;
    span = mc->sample[idx[n - 1]].t_h - ta;
    for (size_t b = 0; b < SAMPLE_SLICES; b++)
        lo[b] = hi[b] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        double share = mc->sample[idx[i]].share;
        double u = span > 0 ? (mc->sample[idx[i]].t_h - ta) / span : 0.0;
        size_t b = (size_t)fmin(fmax(u * SAMPLE_SLICES, 0.0), SAMPLE_SLICES - 1);
        if (lo[b] == (size_t)-1 || share < mc->sample[idx[lo[b]]].share)
            lo[b] = i;
        if (hi[b] == (size_t)-1 || share > mc->sample[idx[hi[b]]].share)
            hi[b] = i;
    }
    keep[0] = keep[n - 1] = 1;
    for (size_t b = 0; b < SAMPLE_SLICES; b++)
        if (lo[b] != (size_t)-1)
            keep[lo[b]] = keep[hi[b]] = 1;
    for (size_t i = 0; i < n; i++)
        kept += keep[i];
    return kept;
}

/* The failures of job j's trajectory (idx[0..n-1]): the points just before
 * each drop, at most FAIL_MARKS of them (the first of each time slice).
 * Opens the failures' block on the first. */
static void write_failures(struct fs__plot_ctx *c, struct progress *pg, FILE *f,
                           size_t *nblocks, const size_t *idx, size_t n, size_t *lo)
{
    const struct fs_mc *mc = c->mc;
    double last = -1.0, ta = 0.0, tb_ = 0.0;
    size_t nf = 0, seen = 0;
    char tb[32];
    for (size_t i = 1; i < n; i++)
        if (mc->sample[idx[i]].share < mc->sample[idx[i - 1]].share - 1e-12) {
            if (nf++ == 0)
                ta = mc->sample[idx[i]].t_h;
            tb_ = mc->sample[idx[i]].t_h;
        }
    for (size_t b = 0; b < FAIL_MARKS; b++)
        lo[b] = 0;
    for (size_t i = 0; i < n; i++) {
        const struct fs_traj_point *p = &mc->sample[idx[i]];
        if (last >= 0.0 && p->share < last - 1e-12) {
            double u = tb_ > ta ? (p->t_h - ta) / (tb_ - ta) : 0.0;
            size_t b = (size_t)fmin(fmax(u * FAIL_MARKS, 0.0), FAIL_MARKS - 1);
            seen++;
            if (nf <= FAIL_MARKS || lo[b]++ == 0) {
                if (pg->nfail_shown++ == 0) {
                    pg->fail_block = (*nblocks)++;
                    fprintf(f, "%s# index %zu: failures (time, share before the rollback)\n"
                               "# date_utc share\n",
                            pg->fail_block ? "\n\n" : "", pg->fail_block);
                }
                fprintf(f, "%s %.6g\n", fs__fmt_time(c->s, p->t_h, tb, sizeof(tb)), last);
            }
        }
        last = p->share;
    }
    pg->nfail += seen;
}

/* progress_sample.dat: the sample replicate, one block per job that ran
 * (thinned to chart resolution), then one block of its failures. */
static int write_sample(struct fs__plot_ctx *c, struct progress *pg)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    size_t nblocks = 0, *idx = malloc((mc->nsample + 1) * sizeof(*idx)), nmark, *slot;
    unsigned char *keep = malloc(mc->nsample + 1);
    struct fs__wfile smp;
    char tb[32], qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    nmark = SAMPLE_SLICES > FAIL_MARKS ? SAMPLE_SLICES : FAIL_MARKS;
    slot = malloc(2 * nmark * sizeof(*slot));
    if (idx == NULL || keep == NULL || slot == NULL) {
        fs__nomem(c);
        goto out;
    }
    if (fs__wopen(c, &smp, "progress_sample.dat") != FS_OK)
        goto out;
    f = smp.f;
    fprintf(f, "# fleetsim %s: replicate %zu traced in full; a drop is work rolled back\n"
               "# to the last checkpoint by a failure.\n",
            FS_VERSION, mc->sample_rep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k], n = 0, kept;
        pg->sample_block[k] = (size_t)-1;
        for (size_t i = 0; i < mc->nsample; i++)
            if (mc->sample[i].job == j)
                idx[n++] = i;
        if (n == 0)
            continue;
        kept = thin_points(mc, idx, n, slot, slot + nmark, keep);
        pg->sample_block[k] = nblocks++;
        fprintf(f, "%s# index %zu: job %s\n", pg->sample_block[k] ? "\n\n" : "",
                pg->sample_block[k], fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        if (kept < n) {
            pg->thinned = 1;
            fprintf(f, "# thinned to chart resolution: %zu of %zu points, the lowest and\n"
                       "# highest of each of %d time slices\n",
                    kept, n, SAMPLE_SLICES);
        }
        fputs("# date_utc share\n", f);
        for (size_t i = 0; i < n; i++)
            if (keep[i])
                fprintf(f, "%s %.6g\n", fs__fmt_time(s, mc->sample[idx[i]].t_h, tb, sizeof(tb)),
                        mc->sample[idx[i]].share);
    }
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k], n = 0;
        for (size_t i = 0; i < mc->nsample; i++)
            if (mc->sample[i].job == j)
                idx[n++] = i;
        write_failures(c, pg, f, &nblocks, idx, n, slot);
    }
    fs__wclose(c, &smp);
out:
    free(idx);
    free(keep);
    free(slot);
    return c->rc;
}

static int write_script(struct fs__plot_ctx *c, const struct progress *pg)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    size_t nfail = pg->nfail;
    struct fs__wfile gp;
    FILE *f;

    if (fs__wopen(c, &gp, "progress.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    fs__gp_begin(c, f, "progress", "training progress over time");
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s: training progress", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(s, pg->t0), fs__epoch_s(s, pg->t1));
    fs__gp_time_tics(c, f, pg->t0, pg->t1, 0.85);
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
        if (pg->sample_block[k] != (size_t)-1)
            fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with lines "
                       "lw 1.5 dt (5,4) lc rgb '%s', \\\n",
                    pg->sample_block[k], col);
        fprintf(f, "        'progress.dat' index %zu using 1:($3*100) with lines lw 3.5 "
                   "lc rgb '%s' title ",
                k, col);
        /* The share that finished within the horizon beside each job. */
        fs__put_qf(c, f, "%s (P(finish) = %.0f %%)", s->jobs[s->job_order[k]].name,
                   100.0 * (double)fs__stat_of(c, s->job_order[k], FS_M_TTT)->n /
                       (double)mc->nrep);
        fputs(", \\\n", f);
    }
    fprintf(f, "        keyentry with filledcurves fc rgb '#888888' fs transparent solid 0.35 "
               "title 'P5-P95 of %zu replicates', \\\n",
            mc->ngrid_reps);
    fprintf(f, "        keyentry with lines lw 1.5 dt (5,4) lc rgb '#555555' "
               "title 'replicate %zu, traced in full%s'%s\n",
            mc->sample_rep, pg->thinned ? " (thinned to chart resolution)" : "",
            nfail > 0 ? ", \\" : "");
    if (nfail > 0 && pg->nfail_shown < nfail)
        fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with points pt 11 "
                   "ps 1.0 lc rgb '%s' title 'its %zu failures (work rolled back; %zu shown, "
                   "one per time slice)'\n",
                pg->fail_block, COL_LOST, nfail, pg->nfail_shown);
    else if (nfail > 0)
        fprintf(f, "        'progress_sample.dat' index %zu using 1:($2*100) with points pt 11 "
                   "ps 1.0 lc rgb '%s' title 'its %zu failure%s (work rolled back)'\n",
                pg->fail_block, COL_LOST, nfail, nfail == 1 ? "" : "s");
    fs__gp_end(f);
    return fs__wclose(c, &gp);
}

int fs__chart_progress(struct fs__plot_ctx *c)
{
    struct progress pg;

    if (c->s->njobs == 0)
        return FS_OK;
    memset(&pg, 0, sizeof(pg));
    progress_window(c, &pg.t0, &pg.t1);
    if ((pg.sample_block = malloc(c->s->njobs * sizeof(*pg.sample_block))) == NULL)
        return fs__nomem(c);
    if (write_bands(c, &pg) == FS_OK && write_sample(c, &pg) == FS_OK)
        write_script(c, &pg);
    free(pg.sample_block);
    return c->rc;
}
