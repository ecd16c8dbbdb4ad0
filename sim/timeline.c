/*
 * timeline.c - fleet_timeline.csv: GPUs in service and peak compute by chip
 * on a regular grid of calendar dates covering the fleet_capacity chart's
 * range (from the earliest of the start, a cluster's online date and a dated
 * event to the latest of the horizon and a dated event), one row per
 * (date, chip). Capacity is the chart's: clusters in service at 00:00 of
 * the date with the orders delivered by then (fs_capacity_grid), over the
 * replicates the chart draws (all ngrid_reps when orders arrive at random
 * times, else the one deterministic fleet).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/cost.h"
#include "fleetsim/date.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/outfile.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/procure.h"
#include "fleetsim/scenario.h"

#define MAX_ROWS_PER_CHIP 4000 /* beyond, the grid steps by whole days > 1 */

/* Dates computed at a time: the capacity of every replicate and cluster
 * at this many dates is in memory at once (1,000 replicates x 5 clusters x
 * 65 dates: 1.3 MB, where all 2,301 dates of deepseek_2025.cfg took 46 MB). */
#define DATES_PER_PASS 65 /* 64 changes between them (row_changes) */

/* The chart's range in whole days from the start: *d0 <= 0 <= horizon <=
 * *d1. FS_OK or FS_ENOMEM. */
static int date_range(const struct fs_scenario *s, long *d0, long *d1)
{
    size_t nev = 0;
    struct fs_dated_event *ev = fs_dated_events(s, &nev);
    double t0 = 0.0, t1 = fs_horizon_h(s);
    if (ev == NULL)
        return FS_ENOMEM;
    for (size_t c = 0; c < s->nclusters; c++)
        t0 = fmin(t0, fs_date_h(s, s->clusters[c].online));
    for (size_t e = 0; e < nev; e++) {
        if (!isfinite(ev[e].t_h))
            continue;
        t0 = fmin(t0, ev[e].t_h);
        t1 = fmax(t1, ev[e].t_h);
    }
    free(ev);
    *d0 = (long)floor(t0 / FS_HOURS_PER_DAY);
    *d1 = (long)ceil(t1 / FS_HOURS_PER_DAY);
    return FS_OK;
}

/*
 * Keeps the sorted copy srt[0..n-1] of x in step when x changes from xp:
 * each changed value is taken out of srt and the new one put in its place
 * in order (a sorted array depends only on the values, so this is the
 * array gsl_sort would make); with many changes, sorts afresh.
 */
static void resort(const double *xp, const double *x, double *srt, size_t n)
{
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        m += x[r] != xp[r];
    if (m > n / 16 + 1) {
        memcpy(srt, x, n * sizeof(*x));
        gsl_sort(srt, 1, n);
        return;
    }
    for (size_t r = 0; r < n; r++) {
        size_t i, lo = 0, hi = n;
        if (x[r] == xp[r])
            continue;
        while (lo < hi) { /* the first slot holding xp[r] */
            size_t mid = lo + (hi - lo) / 2;
            if (srt[mid] < xp[r])
                lo = mid + 1;
            else
                hi = mid;
        }
        i = lo;
        while (i + 1 < n && srt[i + 1] < x[r]) { /* slide up to the new place */
            srt[i] = srt[i + 1];
            i++;
        }
        while (i > 0 && srt[i - 1] > x[r]) { /* or down */
            srt[i] = srt[i - 1];
            i--;
        }
        srt[i] = x[r];
    }
}

/* ch[k] |= whether date k + 1 of a row differs from date k, for a whole
 * pass: a fixed count with no aliasing, which the compiler vectorises. */
static void row_changes(const float *restrict row, int *restrict ch)
{
    for (size_t k = 0; k < DATES_PER_PASS - 1; k++)
        ch[k] |= row[k + 1] != row[k];
}

/* Which dates of this pass differ from the date before in any replicate,
 * per cluster: chg[c * (DATES_PER_PASS - 1) + k - 1] for date k of the
 * nt <= DATES_PER_PASS dates of cap, found in one pass over the table in
 * memory order (chip_rows combines the clusters of a chip). */
static void cluster_changes(const float *cap, size_t nr, size_t nc, size_t nt, int *chg)
{
    memset(chg, 0, nc * (DATES_PER_PASS - 1) * sizeof(*chg));
    for (size_t r = 0; r < nr; r++)
        for (size_t c = 0; c < nc; c++) {
            const float *row = cap + (r * nc + c) * nt;
            int *ch = chg + c * (DATES_PER_PASS - 1);
            if (nt == DATES_PER_PASS)
                row_changes(row, ch);
            else
                for (size_t k = 1; k < nt; k++)
                    ch[k - 1] |= row[k] != row[k - 1];
        }
}

/* The rows of one chip: mean, P5 and P95 over the replicates of its
 * clusters' GPUs at each grid date, and the mean peak PFLOP/s (BF16, else
 * FP16), for the nt <= DATES_PER_PASS dates of cap. x holds 3 nr doubles
 * (the values, the previous row's, their sorted copy); cchg is
 * cluster_changes' table. */
static void chip_rows(const struct fs_mc *mc, size_t chip, const float *cap, size_t nr,
                      const long *days, size_t nt, const int *cchg, double *x,
                      FILE *f)
{
    const struct fs_scenario *s = mc->s;
    const struct fs_chip *cp = &s->catalog.chips[chip];
    enum fs_precision hp = cp->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16 : FS_PREC_FP16;
    size_t nc = s->nclusters;
    double mean = 0.0, p5 = 0.0, p95 = 0.0, *xp = x + nr, *srt = x + 2 * nr;
    int chg = 1; /* whether date k of this pass is computed */
    char date[16], num[128];

    /* The fleet changes on few dates: where no replicate's GPUs of this
     * chip changed since the row before, its figures are the same (same
     * values summed in the same order), so nothing is recomputed and the
     * row's numbers are the text formatted before. */
    num[0] = '\0';
    for (size_t k = 0; k < nt; k++) {
        for (size_t c = 0; c < nc && k > 0 && !chg; c++)
            chg = s->clusters[c].chip == chip && cchg[c * (DATES_PER_PASS - 1) + k - 1];
        if (chg) {
            for (size_t r = 0; r < nr; r++) {
                x[r] = 0.0;
                for (size_t c = 0; c < nc; c++)
                    if (s->clusters[c].chip == chip)
                        x[r] += cap[(r * nc + c) * nt + k];
            }
            mean = gsl_stats_mean(x, 1, nr);
            if (k == 0) {
                memcpy(srt, x, nr * sizeof(*x));
                gsl_sort(srt, 1, nr);
            } else {
                resort(xp, x, srt, nr);
            }
            memcpy(xp, x, nr * sizeof(*x));
            p5 = gsl_stats_quantile_from_sorted_data(srt, 1, nr, 0.05);
            p95 = gsl_stats_quantile_from_sorted_data(srt, 1, nr, 0.95);
            /* four %.10g take at most 4 x 17 characters and 5 more */
            snprintf(num, sizeof(num), ",%.10g,%.10g,%.10g,%.10g\n", mean, p5, p95,
                     mean * fs_chip_peak_flops(cp, hp) / 1e15);
            chg = 0;
        }
        fs_date_format(s->start + (fs_date)days[k], date, sizeof(date));
        fprintf(f, "%s,%ld,", date, days[k]);
        fs_csv_str(f, cp->name);
        fputs(num, f);
    }
}

/* The rows of every chip used, chip after chip, the dates computed
 * DATES_PER_PASS at a time: each chip's rows go to its own memory stream,
 * copied to f in chip order at the end. */
static int write_rows(const struct fs_mc *mc, const double *t, const long *days, size_t nt,
                      FILE *f)
{
    const struct fs_scenario *s = mc->s;
    size_t nchips = s->catalog.n, nr = 0;
    char **buf = calloc(nchips + 1, sizeof(*buf));
    size_t *len = calloc(nchips + 1, sizeof(*len));
    FILE **mf = calloc(nchips + 1, sizeof(*mf));
    double *x = NULL;
    int *cchg = malloc((s->nclusters * (DATES_PER_PASS - 1) + 1) * sizeof(*cchg));
    int rc = buf && len && mf && cchg ? FS_OK : FS_ENOMEM;

    for (size_t chip = 0; chip < nchips && rc == FS_OK; chip++)
        for (size_t c = 0; c < s->nclusters; c++)
            if (s->clusters[c].chip == chip && mf[chip] == NULL &&
                (mf[chip] = open_memstream(&buf[chip], &len[chip])) == NULL)
                rc = FS_ENOMEM;
    for (size_t k0 = 0; k0 < nt && rc == FS_OK; k0 += DATES_PER_PASS) {
        size_t nk = nt - k0 < DATES_PER_PASS ? nt - k0 : DATES_PER_PASS;
        float *cap = fs_capacity_by_replicate(mc, t + k0, nk, &nr);
        if (cap != NULL && x == NULL)
            x = malloc((3 * nr + 1) * sizeof(*x));
        if (cap == NULL || x == NULL)
            rc = FS_ENOMEM;
        else
            cluster_changes(cap, nr, s->nclusters, nk, cchg);
        for (size_t chip = 0; chip < nchips && rc == FS_OK; chip++)
            if (mf[chip] != NULL)
                chip_rows(mc, chip, cap, nr, days + k0, nk, cchg, x, mf[chip]);
        free(cap);
    }
    for (size_t chip = 0; chip < nchips && mf != NULL; chip++) {
        if (mf[chip] != NULL && (ferror(mf[chip]) | fclose(mf[chip])) != 0)
            rc = FS_ENOMEM;
        if (rc == FS_OK && buf[chip] != NULL)
            fwrite(buf[chip], 1, len[chip], f);
        free(buf[chip]);
    }
    free(buf);
    free(len);
    free(mf);
    free(x);
    free(cchg);
    return rc;
}

int fs_write_timeline_csv(const struct fs_mc *mc, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    long d0, d1, step;
    size_t nt;
    double *t = NULL;
    long *days = NULL;
    int rc = date_range(s, &d0, &d1);

    if (rc != FS_OK)
        return rc;
    step = (d1 - d0) / MAX_ROWS_PER_CHIP + 1;
    nt = (size_t)((d1 - d0) / step) + 1;
    t = malloc(nt * sizeof(*t));
    days = malloc(nt * sizeof(*days));
    if (t == NULL || days == NULL) {
        rc = FS_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < nt; k++) {
        days[k] = d0 + (long)k * step;
        t[k] = (double)days[k] * FS_HOURS_PER_DAY;
    }
    fputs("date,day,chip,gpus_in_service_mean,gpus_in_service_p5,gpus_in_service_p95,"
          "peak_pflops_mean\n", f);
    rc = write_rows(mc, t, days, nt, f);
out:
    free(t);
    free(days);
    return rc;
}
