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
 * first and last point), which draws the same picture at 1,600 px. At 10M
 * GPUs the full trajectory was 77 MB of text.
 *
 * Its failures are marked one by one up to FAIL_READABLE of them (all jobs
 * together); beyond that markers merge into a solid band (2,434 of them on
 * the 2026 scenario), so the chart shows instead a count per time bin, as a
 * strip of bars below the zero line, and says so in the key. The bin is the
 * smallest of fail_bins_h[] that gives at most FAIL_BINS_MAX bins.
 */
#define SAMPLE_SLICES 2000
#define FAIL_READABLE 150
#define FAIL_BINS_MAX 150
static const double fail_bins_h[] = {1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 8760};
static const char *const fail_bins_word[] = {
    "hour", "2 hours", "3 hours", "6 hours", "12 hours", "day", "2 days",
    "3 days", "week", "2 weeks", "30 days", "90 days", "year"};
#define NFAIL_BINS (sizeof(fail_bins_h) / sizeof(fail_bins_h[0]))
/* The strip of failure counts: bars from FAIL_STRIP_LO up to at most
 * FAIL_STRIP_LO + FAIL_STRIP_H on the share axis (%), below its zero. */
#define FAIL_STRIP_LO (-17.0)
#define FAIL_STRIP_H 12.0
/* Share-axis room (%) for one row of the key above the 100 % line. */
#define KEY_ROW_PCT 10.0

/* What the three files of the chart share. */
struct progress {
    double t0, t1;         /* the window shown, hours */
    size_t *sample_block;  /* per job in run order: its block, or (size_t)-1 */
    size_t nfail, fail_block;
    int thinned;           /* some job's trajectory was thinned */
    int binned;            /* failures drawn as counts per bin */
    size_t bin;            /* index into fail_bins_h[] when binned */
    size_t bin_max;        /* the largest count of a bin */
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

/* How many failures (drops of the share) job j's trajectory idx[0..n-1]
 * holds. */
static size_t count_failures(const struct fs_mc *mc, const size_t *idx, size_t n)
{
    size_t nf = 0;
    for (size_t i = 1; i < n; i++)
        if (mc->sample[idx[i]].share < mc->sample[idx[i - 1]].share - 1e-12)
            nf++;
    return nf;
}

/* The failures of job j's trajectory (idx[0..n-1]): the points just before
 * each drop, one line each. Opens the failures' block on the first. */
static void write_failures(struct fs__plot_ctx *c, struct progress *pg, FILE *f,
                           size_t *nblocks, const size_t *idx, size_t n)
{
    const struct fs_mc *mc = c->mc;
    double last = -1.0;
    char tb[32];
    for (size_t i = 0; i < n; i++) {
        const struct fs_traj_point *p = &mc->sample[idx[i]];
        if (last >= 0.0 && p->share < last - 1e-12) {
            if (pg->nfail++ == 0) {
                pg->fail_block = (*nblocks)++;
                fprintf(f, "%s# index %zu: failures (time, share before the rollback)\n"
                           "# date_utc share\n",
                        pg->fail_block ? "\n\n" : "", pg->fail_block);
            }
            fprintf(f, "%s %.6g\n", fs__fmt_time(c->s, p->t_h, tb, sizeof(tb)), last);
        }
        last = p->share;
    }
}

/* The failures of every job as a count per bin of fail_bins_h[pg->bin]
 * hours from pg->t0 (failures outside the window are not drawn): one block
 * of (bin centre, count) lines, bins with no failure left out. cnt has room
 * for FAIL_BINS_MAX + 1 counts. */
static void write_fail_bins(struct fs__plot_ctx *c, struct progress *pg, FILE *f,
                            size_t *nblocks, size_t *idx, size_t *cnt)
{
    const struct fs_mc *mc = c->mc;
    double w = fail_bins_h[pg->bin];
    size_t nb = (size_t)ceil((pg->t1 - pg->t0) / w);
    char tb[32];
    if (nb > FAIL_BINS_MAX + 1)
        nb = FAIL_BINS_MAX + 1;
    for (size_t b = 0; b < nb; b++)
        cnt[b] = 0;
    for (size_t j = 0; j < c->s->njobs; j++) {
        size_t n = 0;
        for (size_t i = 0; i < mc->nsample; i++)
            if (mc->sample[i].job == j)
                idx[n++] = i;
        for (size_t i = 1; i < n; i++) {
            const struct fs_traj_point *p = &mc->sample[idx[i]];
            double u = (p->t_h - pg->t0) / w;
            if (p->share < mc->sample[idx[i - 1]].share - 1e-12 && u >= 0.0 && u < (double)nb)
                cnt[(size_t)u]++;
        }
    }
    pg->fail_block = (*nblocks)++;
    fprintf(f, "%s# index %zu: failures of all jobs, counted per %s (%.0f h) from the\n"
               "# window's start\n# bin_centre_utc count\n",
            pg->fail_block ? "\n\n" : "", pg->fail_block, fail_bins_word[pg->bin], w);
    for (size_t b = 0; b < nb; b++) {
        if (cnt[b] > pg->bin_max)
            pg->bin_max = cnt[b];
        if (cnt[b] > 0)
            fprintf(f, "%s %zu\n",
                    fs__fmt_time(c->s, pg->t0 + ((double)b + 0.5) * w, tb, sizeof(tb)), cnt[b]);
    }
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

    nmark = SAMPLE_SLICES > FAIL_BINS_MAX + 1 ? SAMPLE_SLICES : FAIL_BINS_MAX + 1;
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
    for (size_t pass = 0; pass < 2 && !pg->binned; pass++) {
        size_t total = 0;
        for (size_t k = 0; k < s->njobs; k++) {
            size_t j = s->job_order[k], n = 0;
            for (size_t i = 0; i < mc->nsample; i++)
                if (mc->sample[i].job == j)
                    idx[n++] = i;
            if (pass == 0)
                total += count_failures(mc, idx, n);
            else
                write_failures(c, pg, f, &nblocks, idx, n);
        }
        if (pass == 0 && total > FAIL_READABLE) {
            pg->binned = 1;
            pg->nfail = total;
            while (pg->bin + 1 < NFAIL_BINS &&
                   (pg->t1 - pg->t0) / fail_bins_h[pg->bin] > FAIL_BINS_MAX)
                pg->bin++;
            write_fail_bins(c, pg, f, &nblocks, idx, slot);
        }
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
    double top = 106.0 + KEY_ROW_PCT * (double)(s->njobs + 2 + (nfail > 0));
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
          "    set ylabel 'FLOP budget done (%)'\n",
          f);
    /* The key sits above the 100 % line, out of the data: room for its
     * rows (one per job, the band, the sample, its failures) is added
     * above; the strip of failure counts goes below zero. */
    if (pg->binned)
        fprintf(f, "    set yrange [%.0f:%.0f]\n    set arrow 101 from graph 0, first 0 to graph 1, "
                   "first 0 nohead lw 1.5 lc rgb '#000000' back\n"
                   "    set label 101 'failures' at graph 0, first %.1f right offset -0.6,0 "
                   "font ',%d' tc rgb '%s'\n",
                FAIL_STRIP_LO - 1.0, top, FAIL_STRIP_LO + FAIL_STRIP_H / 2.0, fs__small_font(c),
                COL_LOST);
    else
        fprintf(f, "    set yrange [0:%.0f]\n", top);
    fputs("    set ytics 0,20,100\n    set bmargin 6.5\n", f);
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
    if (pg->binned) /* bars of height count / max x FAIL_STRIP_H, a bin wide */
        fprintf(f, "        'progress_sample.dat' index %zu using 1:(%.1f+%.3g*$2/%zu):(%.0f):"
                   "(%.3g*$2/%zu) with boxxyerror fs solid 1.0 noborder lc rgb '%s' "
                   "title 'its %zu failures, count per %s (strip below, tallest %zu)'\n",
                pg->fail_block, FAIL_STRIP_LO, FAIL_STRIP_H / 2.0, pg->bin_max,
                fail_bins_h[pg->bin] * 3600.0 * 0.45, FAIL_STRIP_H / 2.0, pg->bin_max, COL_LOST,
                nfail, fail_bins_word[pg->bin], pg->bin_max);
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
