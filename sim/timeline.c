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

/* The rows of one chip: mean, P5 and P95 over the replicates of its
 * clusters' GPUs at each grid date, and the mean peak PFLOP/s (BF16, else
 * FP16). x holds nr doubles. */
static void chip_rows(const struct fs_mc *mc, size_t chip, const float *cap, size_t nr,
                      const long *days, size_t nt, double *x, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    const struct fs_chip *cp = &s->catalog.chips[chip];
    enum fs_precision hp = cp->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16 : FS_PREC_FP16;
    size_t nc = s->nclusters;
    char date[16];

    for (size_t k = 0; k < nt; k++) {
        double mean;
        for (size_t r = 0; r < nr; r++) {
            x[r] = 0.0;
            for (size_t c = 0; c < nc; c++)
                if (s->clusters[c].chip == chip)
                    x[r] += cap[(r * nc + c) * nt + k];
        }
        mean = gsl_stats_mean(x, 1, nr);
        gsl_sort(x, 1, nr);
        fs_date_format(s->start + (fs_date)days[k], date, sizeof(date));
        fprintf(f, "%s,%ld,", date, days[k]);
        fs_csv_str(f, cp->name);
        fprintf(f, ",%.10g,%.10g,%.10g,%.10g\n", mean,
                gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.05),
                gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.95),
                mean * fs_chip_peak_flops(cp, hp) / 1e15);
    }
}

int fs_write_timeline_csv(const struct fs_mc *mc, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    long d0, d1, step;
    size_t nt, nr = 0;
    double *t = NULL, *x = NULL;
    long *days = NULL;
    float *cap = NULL;
    int rc = date_range(s, &d0, &d1);

    if (rc != FS_OK)
        return rc;
    step = (d1 - d0) / MAX_ROWS_PER_CHIP + 1;
    nt = (size_t)((d1 - d0) / step) + 1;
    t = malloc(nt * sizeof(*t));
    days = malloc(nt * sizeof(*days));
    if (t != NULL && days != NULL) {
        for (size_t k = 0; k < nt; k++) {
            days[k] = d0 + (long)k * step;
            t[k] = (double)days[k] * FS_HOURS_PER_DAY;
        }
        cap = fs_capacity_by_replicate(mc, t, nt, &nr);
    }
    if (cap != NULL)
        x = malloc((nr + 1) * sizeof(*x));
    if (x == NULL) {
        rc = FS_ENOMEM;
        goto out;
    }
    fputs("date,day,chip,gpus_in_service_mean,gpus_in_service_p5,gpus_in_service_p95,"
          "peak_pflops_mean\n", f);
    for (size_t chip = 0; chip < s->catalog.n; chip++) {
        int used = 0;
        for (size_t c = 0; c < s->nclusters; c++)
            used |= s->clusters[c].chip == chip;
        if (used)
            chip_rows(mc, chip, cap, nr, days, nt, x, f);
    }
out:
    free(t);
    free(days);
    free(cap);
    free(x);
    return rc;
}
