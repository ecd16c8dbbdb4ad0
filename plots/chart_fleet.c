/*
 * chart_fleet.c - fleet_capacity: GPUs in service by chip and peak compute over time,
 * with dated events (export rules, deliveries).
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed
 * in the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double day_h(const struct fs_scenario *s, fs_date d)
{
    return ((double)d - (double)s->start) * FS_HOURS_PER_DAY;
}

static double retire_h(const struct fs_scenario *s, const struct fs_cluster *cl)
{
    return cl->retire == INT32_MAX ? INFINITY : day_h(s, cl->retire);
}

/* Peak dense 16-bit FLOP/s of one GPU of a cluster (BF16, else FP16). */
static double gpu_peak(const struct fs_scenario *s, const struct fs_cluster *cl)
{
    const struct fs_chip *chip = fs_cluster_chip(s, cl);
    return fs_chip_peak_flops(chip, chip->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16
                                                                        : FS_PREC_FP16);
}

/*
 * One row of fleet_capacity.dat: GPUs per chip, their total (mean, P5,
 * P95) and peak PFLOP/s. Before the start, from the clusters' own dates;
 * from the start on, from the replicates' capacity grid (deliveries vary).
 */
struct cap_row {
    double t_h, total, p5, p95, pflops;
    double *chip; /* [nchips] */
};

/* Before the start: the clusters' own GPUs from their online dates, plus
 * each replicate's orders from their arrival (as the capacity grid counts
 * them), until retirement; means and quantiles over the stored replicates. */
static void cap_at_hist(const struct fs_mc *mc, const size_t *chip_of, double t, double *x,
                        struct cap_row *row, size_t nchips)
{
    const struct fs_scenario *s = mc->s;
    size_t nr = s->norders > 0 && mc->orders != NULL ? mc->ngrid_reps : 1;
    for (size_t k = 0; k < nchips; k++)
        row->chip[k] = 0.0;
    row->t_h = t;
    row->total = row->pflops = 0.0;
    for (size_t r = 0; r < nr; r++) {
        x[r] = 0.0;
        for (size_t ci = 0; ci < s->nclusters; ci++) {
            const struct fs_cluster *cl = &s->clusters[ci];
            double g = (double)cl->gpus + (double)cl->spare_nodes * cl->gpus_per_node;
            if (!(day_h(s, cl->online) <= t && t < retire_h(s, cl)))
                continue;
            for (size_t o = 0; nr > 1 && o < s->norders; o++) {
                const struct fs_order_result *res = &mc->orders[r * s->norders + o];
                if (s->orders[o].cluster == ci && res->arrival_h <= t)
                    g += res->gpus_delivered;
            }
            x[r] += g;
            row->chip[chip_of[ci]] += g / (double)nr;
            row->pflops += g * gpu_peak(s, cl) / 1e15 / (double)nr;
        }
        row->total += x[r] / (double)nr;
    }
    gsl_sort(x, 1, nr);
    row->p5 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.05);
    row->p95 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.95);
}

static void cap_at_grid(const struct fs_mc *mc, const size_t *chip_of, size_t k, double *x,
                        struct cap_row *row, size_t nchips)
{
    const struct fs_scenario *s = mc->s;
    size_t n = mc->ngrid_reps, nc = s->nclusters;
    for (size_t i = 0; i < nchips; i++)
        row->chip[i] = 0.0;
    row->t_h = mc->grid_h[k];
    row->total = row->pflops = 0.0;
    for (size_t r = 0; r < n; r++) {
        x[r] = 0.0;
        for (size_t ci = 0; ci < nc; ci++) {
            double g = mc->capacity[(r * nc + ci) * mc->ngrid + k];
            x[r] += g;
            row->chip[chip_of[ci]] += g / (double)n;
            row->pflops += g * gpu_peak(s, &s->clusters[ci]) / 1e15 / (double)n;
        }
        row->total += x[r] / (double)n;
    }
    gsl_sort(x, 1, n);
    row->p5 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    row->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
}

static int cap_same(const struct cap_row *a, const struct cap_row *b, size_t nchips)
{
    for (size_t k = 0; k < nchips; k++)
        if (a->chip[k] != b->chip[k])
            return 0;
    return a->total == b->total && a->p5 == b->p5 && a->p95 == b->p95 && a->pflops == b->pflops;
}

static void cap_write(FILE *f, const struct fs_scenario *s, const struct cap_row *r,
                      size_t nchips)
{
    char tb[32];
    fputs(fs__fmt_time(s, r->t_h, tb, sizeof(tb)), f);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, " %.6g", r->chip[k]);
    fprintf(f, " %.6g %.6g %.6g %.6g\n", r->total, r->p5, r->p95, r->pflops);
}

static int cmp_event(const void *a, const void *b)
{
    const struct fs_dated_event *x = a, *y = b;
    return (x->t_h > y->t_h) - (x->t_h < y->t_h);
}

/*
 * Dated events (export rules, orders) as vertical lines with labels that
 * read upward from the bottom, left of their line. Events closer together
 * than a line of text share one label ("N events, from to"), so a run of
 * monthly orders stays legible; a label is cut to fit the plot's height.
 */
static void gp_events(struct fs__plot_ctx *c, FILE *f, double t0, double t1)
{
    const struct fs_scenario *s = c->s;
    struct fs_dated_event *ev;
    size_t n = 0;
    double px_per_h = 0.8 * c->width / (t1 - t0 > 0 ? t1 - t0 : 1.0);
    double gap_px = 1.7 * fs__bar_font(c) * 1.25;
    size_t maxchars = (size_t)(0.75 * 0.6 * c->height / (0.62 * fs__bar_font(c) * 1.25));

    if (c->in->nevents == 0)
        return;
    if ((ev = malloc(c->in->nevents * sizeof(*ev))) == NULL) {
        fs__nomem(c);
        return;
    }
    for (size_t e = 0; e < c->in->nevents; e++)
        if (isfinite(c->in->events[e].t_h))
            ev[n++] = c->in->events[e];
    qsort(ev, n, sizeof(*ev), cmp_event);
    for (size_t e = 0; e < n; e++) {
        double xs = fs__epoch_s(s, ev[e].t_h);
        /* A white halo keeps the line visible over any fill. */
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '#ffffff' front\n",
                1000 + e, xs, xs, n > 12 ? "4" : "6");
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '%s' front\n",
                3000 + e, xs, xs, n > 12 ? "1.5" : "2.5", COL_LOST);
    }
    for (size_t e = 0, g; e < n; e = g) {
        char d0[16], d1[16], *text, *q;
        const char *label = ev[e].label ? ev[e].label : "";
        for (g = e + 1; g < n && (ev[g].t_h - ev[g - 1].t_h) * px_per_h < gap_px; g++)
            ;
        fs_date_format(s->start + (fs_date)floor(ev[e].t_h / FS_HOURS_PER_DAY), d0, sizeof(d0));
        fs_date_format(s->start + (fs_date)floor(ev[g - 1].t_h / FS_HOURS_PER_DAY), d1,
                       sizeof(d1));
        text = g - e == 1 ? fs__xprintf("%s (%s)", label, d0)
                          : fs__xprintf("%zu events, %s to %s", g - e, d0, d1);
        q = malloc(maxchars + 8);
        if (text == NULL || q == NULL) {
            free(text);
            free(q);
            fs__nomem(c);
            break;
        }
        fprintf(f, "    set label %zu %s at %.0f, graph 0.03 left rotate by 90 offset -0.7,0 "
                   "front boxed font ',%d' tc rgb '%s'\n",
                1000 + e, fs_plot_quote(text, q, maxchars + 8), fs__epoch_s(s, ev[e].t_h),
                fs__bar_font(c), COL_LOST);
        free(text);
        free(q);
    }
    free(ev);
}

#define HIST_POINTS 240

int fs__chart_fleet(struct fs__plot_ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_plot_input *in = c->in;
    double horizon = s->horizon_days * FS_HOURS_PER_DAY, t0 = 0.0, t1 = horizon;
    double *times = NULL, *x = NULL, *store = NULL, maxg = 0.0, maxpf = 0.0, gscale, pfscale;
    double head;
    size_t *chip_of = NULL, nchips = 0, *chips = NULL, nt = 0;
    struct cap_row row[3], tmp; /* previous, current, next */
    int spread = 0;
    struct fs__wfile dat, gp;
    char tb[32], qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    chip_of = malloc((s->nclusters + 1) * sizeof(*chip_of));
    chips = malloc((s->nclusters + 1) * sizeof(*chips));
    times = malloc((2 * s->nclusters + HIST_POINTS + 2) * sizeof(*times));
    x = malloc((mc->ngrid_reps + 1) * sizeof(*x));
    store = malloc(3 * (s->nclusters + 1) * sizeof(*store));
    if (chip_of == NULL || chips == NULL || times == NULL || x == NULL || store == NULL) {
        fs__nomem(c);
        goto out;
    }
    for (int i = 0; i < 3; i++)
        row[i].chip = store + (size_t)i * (s->nclusters + 1);
    /* Chips in order of first appearance; clusters map to them. */
    for (size_t i = 0; i < s->nclusters; i++) {
        size_t k;
        for (k = 0; k < nchips; k++)
            if (chips[k] == s->clusters[i].chip)
                break;
        if (k == nchips)
            chips[nchips++] = s->clusters[i].chip;
        chip_of[i] = k;
        t0 = fmin(t0, day_h(s, s->clusters[i].online));
    }
    for (size_t e = 0; e < in->nevents; e++) {
        if (!isfinite(in->events[e].t_h))
            continue;
        t0 = fmin(t0, in->events[e].t_h);
        t1 = fmax(t1, in->events[e].t_h);
    }

    if (fs__wopen(c, &dat, "fleet_capacity.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: GPUs in service (spares included) by chip, columns 2..%zu\n"
               "# in the order below; their total (mean, P5, P95 across replicates) and\n"
               "# peak dense 16-bit PFLOP/s (BF16, else FP16); means of the first %zu\n"
               "# replicates. Before the start date, from the clusters' online dates and\n"
               "# the arrival of each order.\n",
            FS_VERSION, nchips + 1, mc->ngrid_reps);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, "# column %zu: chip %s\n", k + 2,
                fs_plot_quote(s->catalog.chips[chips[k]].name, qb, sizeof(qb)));
    fputs("# date_utc", f);
    for (size_t k = 0; k < nchips; k++)
        fprintf(f, " gpus_%zu", k + 1);
    fputs(" gpus_total gpus_total_p5 gpus_total_p95 peak_pflops\n", f);

    /* History before the start, as steps: at online and retirement dates,
     * and (orders arriving at random times) on a grid of 240 points. */
    if (t0 < 0.0) {
        times[nt++] = t0;
        for (size_t i = 0; i < s->nclusters; i++) {
            double on = day_h(s, s->clusters[i].online), off = retire_h(s, &s->clusters[i]);
            if (on > t0 && on < 0.0)
                times[nt++] = on;
            if (off > t0 && off < 0.0)
                times[nt++] = off;
        }
        for (int g = 1; s->norders > 0 && g < HIST_POINTS; g++)
            times[nt++] = t0 * (1.0 - (double)g / HIST_POINTS);
        qsort(times, nt, sizeof(*times), cmp_double);
        cap_at_hist(mc, chip_of, times[0], x, &row[0], nchips);
        cap_write(f, s, &row[0], nchips);
        for (size_t i = 1; i < nt; i++) {
            if (!(times[i] > times[i - 1]))
                continue;
            maxg = fmax(maxg, fmax(row[0].total, row[0].p95));
            maxpf = fmax(maxpf, row[0].pflops);
            cap_at_hist(mc, chip_of, times[i], x, &row[1], nchips);
            if (!cap_same(&row[0], &row[1], nchips)) {
                row[0].t_h = times[i];
                cap_write(f, s, &row[0], nchips);
                cap_write(f, s, &row[1], nchips);
                spread |= row[1].p5 != row[1].p95;
                tmp = row[0];
                row[0] = row[1];
                row[1] = tmp;
            }
        }
        maxg = fmax(maxg, fmax(row[0].total, row[0].p95));
        maxpf = fmax(maxpf, row[0].pflops);
        row[0].t_h = 0.0;
        cap_write(f, s, &row[0], nchips);
    }
    /* The horizon, on the grid; rows that change nothing are left out. */
    for (size_t k = 0; k < mc->ngrid; k++) {
        if (k == 0) {
            if (mc->capacity != NULL)
                cap_at_grid(mc, chip_of, 0, x, &row[1], nchips);
            else
                cap_at_hist(mc, chip_of, mc->grid_h[0], x, &row[1], nchips);
        }
        if (k + 1 < mc->ngrid) {
            if (mc->capacity != NULL)
                cap_at_grid(mc, chip_of, k + 1, x, &row[2], nchips);
            else
                cap_at_hist(mc, chip_of, mc->grid_h[k + 1], x, &row[2], nchips);
        }
        maxg = fmax(maxg, fmax(row[1].total, row[1].p95));
        maxpf = fmax(maxpf, row[1].pflops);
        spread |= row[1].p5 != row[1].p95;
        if (k == 0 || k + 1 == mc->ngrid || !cap_same(&row[1], &row[0], nchips) ||
            !cap_same(&row[1], &row[2], nchips))
            cap_write(f, s, &row[1], nchips);
        /* Rotate: previous <- current <- next. */
        tmp = row[0];
        row[0] = row[1];
        row[1] = row[2];
        row[2] = tmp;
    }
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "fleet_capacity.gp") != FS_OK)
        goto out;
    f = gp.f;
    gscale = maxg >= 1e4 ? 1e3 : 1.0;
    pfscale = maxpf >= 1e3 ? 1e3 : 1.0;
    /* Headroom for the key (top left) above the highest stack. */
    {
        double rows = (double)nchips + (spread ? 1 : 0) + 1 + 0.8;
        double frac = rows * 1.2 * c->font * 1.25 / (0.6 * c->height);
        head = 1.0 / fmax(0.35, 1.0 - frac - 0.05);
    }
    fs__gp_begin(c, f, "fleet_capacity", "GPUs in service by chip and peak compute over time");
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s: fleet capacity", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(s, t0), fs__epoch_s(s, t1));
    fs__gp_time_tics(c, f, t0, t1, 0.8);
    fprintf(f, "    set xlabel 'Date (UTC)' offset 0,-0.6\n    set ylabel 'GPUs in service%s'\n"
               "    set format y '%%g'\n    set yrange [0:%.6g]\n",
            gscale > 1 ? " (thousands)" : "", maxg > 0 ? maxg / gscale * head : 1.0);
    fprintf(f, "    set y2label 'Peak dense 16-bit %s'\n    set y2range [0:%.6g]\n"
               "    set y2tics nomirror out\n    set format y2 '%%g'\n    set border 11 lw 1.5\n"
               "    set bmargin 6.5\n",
            pfscale > 1 ? "EFLOP/s" : "PFLOP/s", maxpf > 0 ? maxpf / pfscale * head : 1.0);
    fputs("    set key top left reverse Left samplen 2 box lc rgb '" COL_GRID "' opaque\n"
          "    set style textbox opaque fc rgb '#ffffff' noborder\n",
          f);
    /* The simulated period, and dated events (export rules, deliveries). */
    if (t0 < 0.0) {
        fs_date_format(s->start, tb, sizeof(tb));
        fprintf(f, "    set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt (6,4) lw 2 "
                   "lc rgb '#000000' front\n",
                fs__epoch_s(s, 0.0), fs__epoch_s(s, 0.0));
        fprintf(f, "    set label 1 'simulated from %s' at %.0f, graph 0.97 right rotate by 90 "
                   "offset 1.5,0 front boxed font ',%d'\n",
                tb, fs__epoch_s(s, 0.0), fs__bar_font(c));
    }
    gp_events(c, f, t0, t1);
    fputs("    plot \\\n", f);
    for (size_t k = 0; k < nchips; k++) {
        fputs("        'fleet_capacity.dat' using 1:((", f);
        if (k == 0)
            fputs("0", f);
        for (size_t i = 0; i < k; i++)
            fprintf(f, "%s$%zu", i ? "+" : "", i + 2);
        fprintf(f, ")/%g):((", gscale);
        for (size_t i = 0; i <= k; i++)
            fprintf(f, "%s$%zu", i ? "+" : "", i + 2);
        fprintf(f, ")/%g) with filledcurves fc rgb '%s' fs solid 0.85 noborder title ", gscale,
                fs__palette[k % FS__NPALETTE]);
        fs__put_q(c, f, s->catalog.chips[chips[k]].name);
        fputs(", \\\n", f);
    }
    if (spread)
        fprintf(f, "        'fleet_capacity.dat' using 1:($%zu/%g):($%zu/%g) with filledcurves "
                   "fc rgb '#000000' fs transparent pattern 4 border lc rgb '#555555' "
                   "title 'total GPUs, P5-P95 of %zu replicates', \\\n",
                nchips + 3, gscale, nchips + 4, gscale, mc->ngrid_reps);
    fprintf(f, "        'fleet_capacity.dat' using 1:($%zu/%g) axes x1y2 with lines lw 3.5 "
               "lc rgb '#000000' title 'peak %s (right axis)'\n",
            nchips + 5, pfscale, pfscale > 1 ? "EFLOP/s" : "PFLOP/s");
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(chip_of);
    free(chips);
    free(times);
    free(x);
    free(store);
    return c->rc;
}
