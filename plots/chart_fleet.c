/*
 * chart_fleet.c - fleet_capacity: GPUs in service by chip and peak compute
 * over time, with dated events (export rules, deliveries).
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/cost.h"
#include "fleetsim/plot.h"
#include "fleetsim/procure.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
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

/* Row k of a capacity table (capacity_at, or the replicates' recorded
 * grid): means per chip, the total's mean, P5 and P95 over the nr
 * replicates, and peak PFLOP/s; x is scratch for nr values. */
static void cap_at(const struct fs_mc *mc, const float *cap, size_t nr, size_t nt, size_t k,
                   double t_h, const size_t *chip_of, double *x, struct cap_row *row,
                   size_t nchips)
{
    const struct fs_scenario *s = mc->s;
    size_t nc = s->nclusters;
    for (size_t i = 0; i < nchips; i++)
        row->chip[i] = 0.0;
    row->t_h = t_h;
    row->total = row->pflops = 0.0;
    for (size_t r = 0; r < nr; r++) {
        x[r] = 0.0;
        for (size_t ci = 0; ci < nc; ci++) {
            double g = cap[(r * nc + ci) * nt + k];
            x[r] += g;
            row->chip[chip_of[ci]] += g / (double)nr;
            row->pflops += g * gpu_peak(s, &s->clusters[ci]) / 1e15 / (double)nr;
        }
        row->total += x[r] / (double)nr;
    }
    gsl_sort(x, 1, nr);
    row->p5 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.05);
    row->p95 = gsl_stats_quantile_from_sorted_data(x, 1, nr, 0.95);
}

/* Which columns of a capacity table differ from the column before in any
 * replicate and cluster (chg[0] is 1), in one pass in memory order: where
 * one does not, its row is the row before (cap_at reads nothing else), so
 * it is copied, not computed again. NULL when out of memory. */
static unsigned char *cap_changes(const float *cap, size_t nr, size_t nc, size_t nt)
{
    unsigned char *chg = calloc(nt + 1, 1);
    if (chg == NULL)
        return NULL;
    chg[0] = 1;
    for (size_t r = 0; r < nr * nc; r++)
        for (size_t k = 1; k < nt; k++)
            chg[k] |= cap[r * nt + k] != cap[r * nt + k - 1];
    return chg;
}

/* *dst = *src at time t_h (the chip columns copied, not shared). */
static void cap_copy(struct cap_row *dst, const struct cap_row *src, size_t nchips, double t_h)
{
    double *chip = dst->chip;
    memcpy(chip, src->chip, nchips * sizeof(*chip));
    *dst = *src;
    dst->chip = chip;
    dst->t_h = t_h;
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
 * At most this many event lines: past it (thousands of dated events) the
 * lines are merged by time slice. Lines closer than MERGE_PX pixels are
 * drawn as one in any case.
 */
#define MAX_EVENT_LINES 400
#define MERGE_PX 2.0

/* Starts a new line at each event farther than `width` hours from the
 * current line's first; returns the number of lines (line[] gets the index
 * of each line's first event). */
static size_t event_lines(const struct fs_dated_event *ev, size_t n, double width, size_t *line)
{
    size_t nl = 0;
    for (size_t e = 0; e < n; e++)
        if (nl == 0 || ev[e].t_h - ev[line[nl - 1]].t_h >= width)
            line[nl++] = e;
    return nl;
}

/* The tag of the k-th group of events: A..Z when there are at most 26
 * groups, else 1, 2, ... */
static void event_tag(size_t k, size_t ngroups, char *buf, size_t len)
{
    if (ngroups <= 26)
        snprintf(buf, len, "%c", (char)('A' + k));
    else
        snprintf(buf, len, "%zu", k + 1);
}

/* Room below the plot for the list of events: its lines of text at the
 * small font, px. */
#define EVENT_LIST_LINE 1.35
/* An entry of the list is cut to this many characters. */
#define EVENT_ENTRY_MAX 72

/*
 * Groups of close events (closer than a tag's width): each group gets a
 * tag (a letter or number) just above the plot at its first line, and an
 * entry "TAG label (date)" or "TAG N events, from to" in a list below the
 * plot, wrapped to the chart's width; the bottom margin grows to hold it.
 * The tags never cover the key or each other, whatever the count. `first`
 * (NULL: none), in black, is the list's first line: what the dashed line
 * of the simulation's start means, kept off the event lines it would cross.
 */
/* Line `line` of the event list below the plot, written on the second pass
 * (the first only counts lines). */
static void list_line(struct fs__plot_ctx *c, FILE *f, int pass, const char *text, size_t line,
                      double y, double lh)
{
    if (pass != 1)
        return;
    fprintf(f, "    set label %zu ", 900 + line);
    fs__put_q(c, f, text);
    fprintf(f, " at screen 0.015, screen %.4f left font ',%d' tc rgb '%s'\n",
            y - (double)line * lh, fs__small_font(c), COL_LOST);
}

static void gp_event_list(struct fs__plot_ctx *c, FILE *f, const struct fs_dated_event *ev,
                          size_t n, double px_per_h, const char *first)
{
    const struct fs_scenario *s = c->s;
    double gap_px = 1.6 * fs__bar_font(c) * 1.25, lh, y, bottom;
    size_t ngroups = 0, nlines = 0, used = 0;
    size_t maxc = (size_t)(0.92 * c->width / (0.7 * fs__small_font(c)));
    char *buf = malloc(maxc + 1), tag[24];

    if (buf == NULL) {
        fs__nomem(c);
        return;
    }
    for (size_t e = 0, g; e < n; e = g, ngroups++)
        for (g = e + 1; g < n && (ev[g].t_h - ev[g - 1].t_h) * px_per_h < gap_px; g++)
            ;
    /* First pass counts the list's lines; the second writes them. */
    for (int pass = 0; pass < 2; pass++) {
        lh = EVENT_LIST_LINE * fs__small_font(c) / c->height;
        bottom = 2.6 * fs__small_font(c) / c->height;
        y = bottom + (double)nlines * lh;
        if (pass == 1) /* tics and the axis title above the list */
            fprintf(f, "    set bmargin at screen %.4f\n", y + 0.5 * lh + 5.4 * c->font * 1.25 / c->height);
        used = 0;
        nlines = 0;
        if (first != NULL) {
            if (pass == 1) {
                fputs("    set label 2 ", f);
                fs__put_q(c, f, first);
                fprintf(f, " at screen 0.015, screen %.4f left font ',%d' tc rgb '#000000'\n", y,
                        fs__small_font(c));
            }
            nlines++;
        }
        buf[0] = 0;
        for (size_t e = 0, g, k = 0; e < n; e = g, k++) {
            char d0[16], d1[16], *text;
            size_t len;
            for (g = e + 1; g < n && (ev[g].t_h - ev[g - 1].t_h) * px_per_h < gap_px; g++)
                ;
            fs_date_format(s->start + (fs_date)floor(ev[e].t_h / FS_HOURS_PER_DAY), d0,
                           sizeof(d0));
            fs_date_format(s->start + (fs_date)floor(ev[g - 1].t_h / FS_HOURS_PER_DAY), d1,
                           sizeof(d1));
            event_tag(k, ngroups, tag, sizeof(tag));
            text = g - e == 1
                       ? fs_xprintf("%s %.*s (%s)", tag, EVENT_ENTRY_MAX,
                                    ev[e].label ? ev[e].label : "", d0)
                       : fs_xprintf("%s %zu events, %s to %s", tag, g - e, d0, d1);
            if (text == NULL) {
                fs__nomem(c);
                break;
            }
            len = strlen(text);
            if (len > maxc)
                text[len = maxc] = 0;
            if (used > 0 && used + 4 + len > maxc) { /* the line is full */
                list_line(c, f, pass, buf, nlines++, y, lh);
                used = 0;
            }
            snprintf(buf + used, maxc + 1 - used, "%s%s", used ? "    " : "", text);
            used = strlen(buf);
            if (pass == 1)
                fprintf(f, "    set label %zu '%s' at %.0f, graph 1 center offset 0,0.55 "
                           "font ',%d' tc rgb '%s'\n",
                        1000 + k, tag, fs__epoch_s(s, ev[e].t_h), fs__bar_font(c), COL_LOST);
            free(text);
        }
        if (used > 0)
            list_line(c, f, pass, buf, nlines++, y, lh);
    }
    free(buf);
}

/*
 * Dated events (export rules, orders) as vertical lines with labels that
 * read upward from the bottom, left of their line. Events closer together
 * than a line of text share one label ("N events, from to"), so a run of
 * monthly orders stays legible; a label is cut to fit the plot's height.
 * Any number of events: lines closer than a few pixels merge, and at most
 * MAX_EVENT_LINES are drawn. Returns the number of lines drawn (*nev: of
 * events) so that the key can say when lines were merged.
 */
static size_t gp_events(struct fs__plot_ctx *c, FILE *f, double t0, double t1, size_t *nev,
                        const char *first)
{
    const struct fs_scenario *s = c->s;
    struct fs_dated_event *ev;
    size_t n = 0, nl, *line;
    double px_per_h = 0.8 * c->width / (t1 - t0 > 0 ? t1 - t0 : 1.0);

    *nev = 0;
    if (c->in->nevents == 0)
        return 0;
    ev = malloc(c->in->nevents * sizeof(*ev));
    line = malloc(c->in->nevents * sizeof(*line));
    if (ev == NULL || line == NULL) {
        free(ev);
        free(line);
        fs__nomem(c);
        return 0;
    }
    for (size_t e = 0; e < c->in->nevents; e++)
        if (isfinite(c->in->events[e].t_h))
            ev[n++] = c->in->events[e];
    qsort(ev, n, sizeof(*ev), cmp_event);
    nl = event_lines(ev, n, MERGE_PX / px_per_h, line);
    if (nl > MAX_EVENT_LINES)
        nl = event_lines(ev, n, (t1 - t0) / MAX_EVENT_LINES, line);
    for (size_t e = 0; e < nl; e++) {
        double xs = fs__epoch_s(s, ev[line[e]].t_h);
        /* A white halo keeps the line visible over any fill. */
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '#ffffff' front\n",
                1000 + e, xs, xs, nl > 12 ? "4" : "6");
        fprintf(f, "    set arrow %zu from %.0f, graph 0 to %.0f, graph 1 nohead lw %s "
                   "lc rgb '%s' front\n",
                3000 + e, xs, xs, nl > 12 ? "1.5" : "2.5", COL_LOST); /* nl <= 400: apart */
    }
    free(line);
    gp_event_list(c, f, ev, n, px_per_h, first);
    free(ev);
    *nev = n;
    return nl;
}

#define HIST_POINTS 240
/* The time span in slices, to know the largest values under the key. */
#define KEY_SLICES 40

/* What the chart's parts share: chips in order of first appearance (and
 * each cluster's), the time span, the largest values, and rows. */
struct fleet {
    size_t *chip_of, *chips, nchips;
    double t0, t1, maxg, maxpf;
    double slg[KEY_SLICES], slpf[KEY_SLICES]; /* the largest values per slice of time */
    int spread;      /* P5 and P95 of the total differ somewhere */
    double *x;       /* scratch, one value per replicate */
    struct cap_row row[3];
    double *store;   /* the rows' chip columns */
};

static void fleet_free(struct fleet *fl)
{
    free(fl->chip_of);
    free(fl->chips);
    free(fl->x);
    free(fl->store);
}

static int fleet_init(struct fs__plot_ctx *c, struct fleet *fl)
{
    const struct fs_scenario *s = c->s;
    const struct fs_plot_input *in = c->in;

    memset(fl, 0, sizeof(*fl));
    fl->t1 = fs_horizon_h(s);
    fl->chip_of = malloc((s->nclusters + 1) * sizeof(*fl->chip_of));
    fl->chips = malloc((s->nclusters + 1) * sizeof(*fl->chips));
    fl->x = malloc((c->mc->ngrid_reps + 1) * sizeof(*fl->x));
    fl->store = malloc(3 * (s->nclusters + 1) * sizeof(*fl->store));
    if (fl->chip_of == NULL || fl->chips == NULL || fl->x == NULL || fl->store == NULL)
        return fs__nomem(c);
    for (int i = 0; i < 3; i++)
        fl->row[i].chip = fl->store + (size_t)i * (s->nclusters + 1);
    for (size_t i = 0; i < s->nclusters; i++) {
        size_t k;
        for (k = 0; k < fl->nchips; k++)
            if (fl->chips[k] == s->clusters[i].chip)
                break;
        if (k == fl->nchips)
            fl->chips[fl->nchips++] = s->clusters[i].chip;
        fl->chip_of[i] = k;
        fl->t0 = fmin(fl->t0, fs_date_h(s, s->clusters[i].online));
    }
    for (size_t e = 0; e < in->nevents; e++) {
        if (!isfinite(in->events[e].t_h))
            continue;
        fl->t0 = fmin(fl->t0, in->events[e].t_h);
        fl->t1 = fmax(fl->t1, in->events[e].t_h);
    }
    return FS_OK;
}

static void fleet_track(struct fleet *fl, const struct cap_row *r)
{
    double u = fl->t1 > fl->t0 ? (r->t_h - fl->t0) / (fl->t1 - fl->t0) : 0.0;
    size_t k = (size_t)fmin(fmax(u * KEY_SLICES, 0.0), KEY_SLICES - 1);
    fl->maxg = fmax(fl->maxg, fmax(r->total, r->p95));
    fl->maxpf = fmax(fl->maxpf, r->pflops);
    fl->slg[k] = fmax(fl->slg[k], fmax(r->total, r->p95));
    fl->slpf[k] = fmax(fl->slpf[k], r->pflops);
}

/* History before the start, as steps: at online and retirement dates, and
 * (orders arriving at random times) on a grid of 240 points. */
static int write_history(struct fs__plot_ctx *c, struct fleet *fl, FILE *f)
{
    const struct fs_scenario *s = c->s;
    size_t nt = 0, nr, nc = fl->nchips;
    double *times = malloc((2 * s->nclusters + HIST_POINTS + 2) * sizeof(*times));
    float *cap = NULL;
    unsigned char *chg = NULL;
    struct cap_row *row = fl->row, tmp;

    if (times == NULL)
        return fs__nomem(c);
    times[nt++] = fl->t0;
    for (size_t i = 0; i < s->nclusters; i++) {
        double on = fs_date_h(s, s->clusters[i].online);
        double off = fs_cluster_retire_h(s, &s->clusters[i]);
        if (on > fl->t0 && on < 0.0)
            times[nt++] = on;
        if (off > fl->t0 && off < 0.0)
            times[nt++] = off;
    }
    for (int g = 1; s->norders > 0 && g < HIST_POINTS; g++)
        times[nt++] = fl->t0 * (1.0 - (double)g / HIST_POINTS);
    qsort(times, nt, sizeof(*times), cmp_double);
    if ((cap = fs_capacity_by_replicate(c->mc, times, nt, &nr)) == NULL ||
        (chg = cap_changes(cap, nr, s->nclusters, nt)) == NULL) {
        free(times);
        free(cap);
        return fs__nomem(c);
    }
    cap_at(c->mc, cap, nr, nt, 0, times[0], fl->chip_of, fl->x, &row[0], nc);
    cap_write(f, s, &row[0], nc);
    for (size_t i = 1; i < nt; i++) {
        if (!(times[i] > times[i - 1]))
            continue;
        fleet_track(fl, &row[0]);
        if (!chg[i]) /* row[0] holds this column's figures */
            continue;
        cap_at(c->mc, cap, nr, nt, i, times[i], fl->chip_of, fl->x, &row[1], nc);
        if (!cap_same(&row[0], &row[1], nc)) {
            row[0].t_h = times[i];
            cap_write(f, s, &row[0], nc);
            cap_write(f, s, &row[1], nc);
            fl->spread |= row[1].p5 != row[1].p95;
            tmp = row[0];
            row[0] = row[1];
            row[1] = tmp;
        }
    }
    fleet_track(fl, &row[0]);
    row[0].t_h = 0.0;
    cap_write(f, s, &row[0], nc);
    free(times);
    free(cap);
    free(chg);
    return FS_OK;
}

/* The horizon, on the grid the replicates recorded (or the same from the
 * model when they did not); rows that change nothing are left out. */
static int write_horizon(struct fs__plot_ctx *c, struct fleet *fl, FILE *f)
{
    const struct fs_mc *mc = c->mc;
    const float *cap = mc->capacity;
    float *own = NULL;
    unsigned char *chg;
    size_t nr = mc->ngrid_reps, n = mc->ngrid, nc = fl->nchips;
    struct cap_row *row = fl->row, tmp;

    if (cap == NULL && (cap = own = fs_capacity_by_replicate(mc, mc->grid_h, n, &nr)) == NULL)
        return fs__nomem(c);
    if ((chg = cap_changes(cap, nr, mc->s->nclusters, n)) == NULL) {
        free(own);
        return fs__nomem(c);
    }
    for (size_t k = 0; k < n; k++) {
        if (k == 0)
            cap_at(mc, cap, nr, n, 0, mc->grid_h[0], fl->chip_of, fl->x, &row[1], nc);
        if (k + 1 < n && !chg[k + 1])
            cap_copy(&row[2], &row[1], nc, mc->grid_h[k + 1]);
        else if (k + 1 < n)
            cap_at(mc, cap, nr, n, k + 1, mc->grid_h[k + 1], fl->chip_of, fl->x, &row[2], nc);
        fleet_track(fl, &row[1]);
        fl->spread |= row[1].p5 != row[1].p95;
        if (k == 0 || k + 1 == n || !cap_same(&row[1], &row[0], nc) ||
            !cap_same(&row[1], &row[2], nc))
            cap_write(f, c->s, &row[1], nc);
        /* Rotate: previous <- current <- next. */
        tmp = row[0];
        row[0] = row[1];
        row[1] = row[2];
        row[2] = tmp;
    }
    free(own);
    free(chg);
    return FS_OK;
}

static int write_fleet_dat(struct fs__plot_ctx *c, struct fleet *fl)
{
    const struct fs_scenario *s = c->s;
    struct fs__wfile dat;
    char qb[FS_NAME_MAX * 2 + 3];
    FILE *f;

    if (fs__wopen(c, &dat, "fleet_capacity.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: GPUs in service (spares included) by chip, columns 2..%zu\n"
               "# in the order below; their total (mean, P5, P95 across replicates) and\n"
               "# peak dense 16-bit PFLOP/s (BF16, else FP16); means of the first %zu\n"
               "# replicates. Before the start date, from the clusters' online dates and\n"
               "# the arrival of each order.\n",
            FS_VERSION, fl->nchips + 1, c->mc->ngrid_reps);
    for (size_t k = 0; k < fl->nchips; k++)
        fprintf(f, "# column %zu: chip %s\n", k + 2,
                fs_plot_quote(s->catalog.chips[fl->chips[k]].name, qb, sizeof(qb)));
    fputs("# date_utc", f);
    for (size_t k = 0; k < fl->nchips; k++)
        fprintf(f, " gpus_%zu", k + 1);
    fputs(" gpus_total gpus_total_p5 gpus_total_p95 peak_pflops\n", f);
    if (fl->t0 < 0.0 && write_history(c, fl, f) != FS_OK) {
        fs__wclose(c, &dat);
        return c->rc;
    }
    write_horizon(c, fl, f);
    return fs__wclose(c, &dat);
}

static int write_fleet_gp(struct fs__plot_ctx *c, const struct fleet *fl)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    size_t nchips = fl->nchips;
    const size_t *chips = fl->chips;
    double t0 = fl->t0, t1 = fl->t1, maxg = fl->maxg, maxpf = fl->maxpf, gscale, pfscale, topg, toppf;
    int spread = fl->spread;
    size_t nlines, nev;
    struct fs__wfile gp;
    char tb[32], first[80] = "";
    FILE *f;

    if (fs__wopen(c, &gp, "fleet_capacity.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    gscale = maxg >= 1e4 ? 1e3 : 1.0;
    pfscale = maxpf >= 1e3 ? 1e3 : 1.0;
    /* Axes scaled to the data: headroom for the key (top left) only over
     * the values under it, the time its width covers (steps hold their
     * value, so every slice up to its right edge counts). */
    {
        double rows = (double)nchips + (spread ? 1 : 0) + 1 + (c->in->nevents > 0) + 0.8;
        double frac = rows * 1.2 * c->font * 1.25 / (0.6 * c->height), free_, ug = 0, upf = 0;
        size_t chars = 40; /* the longest fixed title (events, P5-P95) */
        for (size_t k = 0; k < nchips; k++)
            if (strlen(s->catalog.chips[chips[k]].name) > chars)
                chars = strlen(s->catalog.chips[chips[k]].name);
        double wfrac = ((double)chars * 0.64 + 5.0) * c->font / (0.8 * c->width);
        for (size_t k = 0; k < KEY_SLICES && (double)k < wfrac * KEY_SLICES + 1.0; k++)
            ug = fmax(ug, fl->slg[k]), upf = fmax(upf, fl->slpf[k]);
        free_ = fmax(0.35, 1.0 - frac - 0.05);
        topg = fmax(1.05 * maxg, ug / free_);
        toppf = fmax(1.05 * maxpf, upf / free_);
    }
    fs__gp_begin(c, f, "fleet_capacity", "GPUs in service by chip and peak compute over time");
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s: fleet capacity", s->name);
    fputs("\n    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(s, t0), fs__epoch_s(s, t1));
    fs__gp_time_tics(c, f, t0, t1, 0.8);
    fprintf(f, "    set xlabel 'Date (UTC)' offset 0,-0.6\n    set ylabel 'GPUs in service%s'\n"
               "    set format y '%%g'\n    set yrange [0:%.6g]\n",
            gscale > 1 ? " (thousands)" : "", maxg > 0 ? topg / gscale : 1.0);
    fprintf(f, "    set y2label 'Peak dense 16-bit %s'\n    set y2range [0:%.6g]\n"
               "    set y2tics nomirror out\n    set format y2 '%%g'\n    set border 11 lw 1.5\n"
               "    set bmargin 6.5\n",
            pfscale > 1 ? "EFLOP/s" : "PFLOP/s", maxpf > 0 ? toppf / pfscale : 1.0);
    fputs("    set key top left reverse Left samplen 2 box lc rgb '" COL_GRID "' opaque\n"
          "    set style textbox opaque fc rgb '#ffffff' noborder\n",
          f);
    /* The simulated period, and dated events (export rules, deliveries). */
    if (t0 < 0.0) {
        fs_date_format(s->start, tb, sizeof(tb));
        fprintf(f, "    set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt (6,4) lw 2 "
                   "lc rgb '#000000' front\n",
                fs__epoch_s(s, 0.0), fs__epoch_s(s, 0.0));
        if (c->in->nevents == 0) /* no event line to cross: beside its line */
            fprintf(f, "    set label 1 'simulated from %s' at %.0f, graph 0.97 right rotate by "
                       "90 offset 1.5,0 front boxed font ',%d'\n",
                    tb, fs__epoch_s(s, 0.0), fs__bar_font(c));
        else /* first in the list below the plot */
            snprintf(first, sizeof(first), "dashed black line: simulated from %s", tb);
    }
    nlines = gp_events(c, f, t0, t1, &nev, first[0] ? first : NULL);
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
               "lc rgb '#000000' title 'peak %s (right axis)'%s\n",
            nchips + 5, pfscale, pfscale > 1 ? "EFLOP/s" : "PFLOP/s",
            nev > 0 ? ", \\" : "");
    if (nlines < nev) /* say that lines were merged rather than dropped */
        fprintf(f, "        keyentry with lines lw 1.5 lc rgb '%s' "
                   "title '%zu events in %zu lines (tags: see below)'\n",
                COL_LOST, nev, nlines);
    else if (nev > 0)
        fprintf(f, "        keyentry with lines lw 1.5 lc rgb '%s' "
                   "title 'dated event%s (tags: see below)'\n",
                COL_LOST, nev == 1 ? "" : "s");
    fs__gp_end(f);
    return fs__wclose(c, &gp);
}

int fs__chart_fleet(struct fs__plot_ctx *c)
{
    struct fleet fl;

    if (fleet_init(c, &fl) == FS_OK && write_fleet_dat(c, &fl) == FS_OK)
        write_fleet_gp(c, &fl);
    fleet_free(&fl);
    return c->rc;
}
