/*
 * plot.c - report-ready charts: data files, gnuplot scripts, and the pipe.
 *
 * For each chart, fs_plot_all writes NAME.dat (numbers only, fixed formats,
 * so golden tests can compare them) and NAME.gp (a complete gnuplot script
 * that draws NAME.png / NAME.svg / NAME.pdf from the .dat when run in the
 * output folder), each through a temporary file renamed into place. Then it
 * runs one gnuplot process per chart, so that a failure names its chart:
 * popen(gnuplot), write "cd '<dir>'" and "load 'NAME.gp'", pclose.
 *
 * Safety. Scenario strings (names of the scenario, jobs, clusters, chips,
 * event labels) appear only in the .gp files and only as single-quoted
 * gnuplot strings made by fs_plot_quote: quotes doubled, control characters
 * turned into spaces, invalid UTF-8 bytes into '?'. gnuplot expands neither
 * back-quotes nor @macros in single-quoted strings. They never appear in
 * file names, in .gp comments (a trailing backslash would continue the
 * comment onto the next command) or in the popen command line; .dat
 * comments carry them quoted the same way. Our own fixed texts are the only
 * double-quoted strings (for "\n").
 *
 * The machinery every chart shares (files, quoting, the script's frame,
 * legends, tics, running gnuplot) is in common.c (plots/internal.h); the
 * comparison charts of a study are in study.c.
 *
 * Workload: a handful of charts per run; the largest data file is the
 * sample replicate's trajectory (a few thousand points). Nothing here is on
 * the simulation's hot path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

/* ---- options ----------------------------------------------------------- */

int fs_plot_parse_formats(const char *text, unsigned *formats)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"png", FS_PLOT_PNG}, {"svg", FS_PLOT_SVG}, {"pdf", FS_PLOT_PDF}};
    unsigned bits = 0;
    const char *p = text;

    if (text == NULL)
        return -1;
    if (strcmp(text, "none") == 0) {
        *formats = 0;
        return 0;
    }
    for (;;) {
        size_t n = strcspn(p, ","), i;
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (n == strlen(names[i].name) && strncmp(p, names[i].name, n) == 0)
                break;
        if (i == sizeof(names) / sizeof(names[0]))
            return -1; /* unknown or empty item, or "none" in a list */
        bits |= names[i].bit;
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    *formats = bits;
    return 0;
}

/* A decimal number in [200, 10000] (at most 5 digits); *end past it. */
static int parse_dim(const char *s, const char **end, int *out)
{
    long v = 0;
    int n = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 6)
        v = v * 10 + (s[n++] - '0');
    if (n == 0 || n > 5 || v < 200 || v > 10000)
        return -1;
    *end = s + n;
    *out = (int)v;
    return 0;
}

int fs_plot_parse_size(const char *text, int *width, int *height)
{
    const char *p;
    int w, h;
    if (text == NULL || parse_dim(text, &p, &w) != 0 || *p != 'x' ||
        parse_dim(p + 1, &p, &h) != 0 || *p != '\0')
        return -1;
    *width = w;
    *height = h;
    return 0;
}

/* ---- quoting ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n, i;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    for (i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* No overlong forms, surrogates or code points past U+10FFFF. */
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

char *fs_plot_quote(const char *s, char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 1;

    if (len < 3) { /* no room for '' : the best we can do is empty */
        if (len > 0)
            buf[0] = '\0';
        return buf;
    }
    buf[0] = '\'';
    while (*p) {
        size_t n = utf8_len(p), need;
        char out[4];
        if (n == 0) { /* not UTF-8: would make an SVG unreadable */
            out[0] = '?';
            need = n = 1;
        } else if (n == 1 && (*p < 0x20 || *p == 0x7F)) {
            out[0] = ' ';
            need = 1;
        } else if (*p == '\'') {
            out[0] = out[1] = '\'';
            need = 2;
        } else {
            memcpy(out, p, n);
            need = n;
        }
        if (o + need + 2 > len) /* the text, the closing quote, the NUL */
            break;              /* whole characters only */
        memcpy(buf + o, out, need);
        o += need;
        p += n;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

/* ---- small helpers ------------------------------------------------------ */

static char *fmt_gpuh(double v, char *buf, size_t len)
{
    if (v >= 1e6)
        snprintf(buf, len, "%.4gM", v / 1e6);
    else if (v >= 1e3)
        snprintf(buf, len, "%.4gK", v / 1e3);
    else
        snprintf(buf, len, "%.0f", v);
    return buf;
}

static const struct fs_stat *stat_of(const struct fs__plot_ctx *c, size_t j, enum fs_metric m)
{
    return &c->sum->stats[j * FS_M_COUNT + m];
}

/* ---- chart 1: training progress ---------------------------------------- */

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
        const struct fs_stat *end = stat_of(c, j, FS_M_END);
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

static int chart_progress(struct fs__plot_ctx *c)
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

/* ---- chart 2: time to train, one per job -------------------------------- */

static int chart_ttt(struct fs__plot_ctx *c, size_t j)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    const struct fs_stat *st = stat_of(c, j, FS_M_TTT);
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
    {
        /* Lines at P5, P50, P95 with their values; each label goes on the
         * side of its line with room, at the highest level where it
         * overlaps no label already placed (P50 first). */
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
    fprintf(f, "    plot '%s.dat' using (($1+$2)/2):3:($2-$1) with boxes lc rgb '%s'\n", name,
            fs__palette[k % FS__NPALETTE]);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    gsl_histogram_free(h);
    return c->rc;
}

/* ---- chart 3: GPU-hours breakdown -------------------------------------- */

static int chart_gpu_hours(struct fs__plot_ctx *c)
{
    static const struct fs__segment all[] = {
        {2, COL_USEFUL}, {3, COL_LOST}, {4, COL_CKPT}, {5, COL_RESTART}, {6, COL_IDLE}};
    static const struct fs__segment over[] = {
        {8, COL_LOST}, {9, COL_CKPT}, {10, COL_RESTART}, {11, COL_IDLE}};
    static const struct fs__keyitem keys[] = {{COL_USEFUL, "useful"},
                                          {COL_LOST, "lost to failures"},
                                          {COL_CKPT, "checkpointing"},
                                          {COL_RESTART, "restarts"},
                                          {COL_IDLE, "idle (held, waiting for nodes)"}};
    const struct fs_scenario *s = c->s;
    const char **names;
    struct fs__wfile dat, gp;
    double maxall = 0.0, maxover = 0.0, scale, bottom;
    const char *sfx;
    int rot;
    char qb[FS_NAME_MAX * 2 + 3], buf[32];
    FILE *f;

    if (s->njobs == 0)
        return FS_OK;
    if ((names = malloc(s->njobs * sizeof(*names))) == NULL)
        return fs__nomem(c);
    if (fs__wopen(c, &dat, "gpu_hours.dat") != FS_OK)
        goto out;
    fprintf(dat.f, "# fleetsim %s: GPU-hours per job, means over %zu replicates; shares in %%\n"
                   "# of allocated. Rows in run order (x = 0, 1, ...).\n"
                   "# x useful lost checkpoint restart idle allocated "
                   "lost_pct checkpoint_pct restart_pct idle_pct goodput_pct\n",
            FS_VERSION, c->mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double v[6], over_sum = 0.0;
        static const enum fs_metric m[6] = {FS_M_USEFUL, FS_M_LOST,  FS_M_CKPT,
                                            FS_M_RESTART, FS_M_IDLE, FS_M_ALLOC};
        for (int i = 0; i < 6; i++)
            v[i] = stat_of(c, j, m[i])->mean;
        names[k] = s->jobs[j].name;
        fprintf(dat.f, "# %zu: job %s\n", k, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        fprintf(dat.f, "%zu", k);
        for (int i = 0; i < 6; i++)
            fprintf(dat.f, " %.6g", v[i]);
        for (int i = 1; i < 5; i++) {
            double pct = v[5] > 0.0 ? 100.0 * v[i] / v[5] : 0.0;
            over_sum += pct;
            fprintf(dat.f, " %.6g", pct);
        }
        fprintf(dat.f, " %.6g\n", v[5] > 0.0 ? 100.0 * v[0] / v[5] : 0.0);
        maxall = fmax(maxall, v[0] + v[1] + v[2] + v[3] + v[4]);
        maxover = fmax(maxover, over_sum);
    }
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "gpu_hours.gp") != FS_OK)
        goto out;
    f = gp.f;
    scale = fs__axis_scale(maxall, &sfx);
    rot = fs__tics_mode(c, fs__widest(names, NULL, s->njobs, c->font), s->njobs, 0.37);
    bottom = fs__panel_bottom(c, rot, fs__widest(names, NULL, s->njobs, c->font - 4));
    fs__gp_begin(c, f, "gpu_hours", "where each job's GPU-hours went");
    fputs("    set multiplot title ", f);
    fs__put_qf(c, f, "%s: GPU-hours breakdown (mean of %zu replicates)", s->name, c->mc->nrep);
    fprintf(f, " font ',%d'\n", c->font + 4);
    fs__gp_legend(c, f, keys, sizeof(keys) / sizeof(keys[0]));
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", s->njobs - 1);
    fs__gp_name_tics(c, f, names, NULL, s->njobs, rot);

    /* Left: absolute GPU-hours, labelled with totals. */
    fs__gp_panel(f, 0.09, 0.50, bottom, 0.76);
    fprintf(f, "    set ylabel 'GPU-hours%s'\n", fs__scale_word(scale));
    fprintf(f, "    set format y '%%g%s'\n    set yrange [0:%.6g]\n", sfx,
            maxall > 0 ? maxall / scale * 1.15 : 1.0);
    fputs("    set title 'Allocated GPU-hours, by use'\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double tot = stat_of(c, j, FS_M_ALLOC)->mean;
        fprintf(f, "    set label %zu '%s' at %zu, %.6g center offset 0,0.8 font ',%d'\n",
                200 + k, tot > 0.0 ? fmt_gpuh(tot, buf, sizeof(buf)) : "not started", k,
                tot / scale, fs__bar_font(c));
    }
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "gpu_hours.dat", -1, 0.0, 0.3, scale, all, 5);
    fputs("\n", f);
    for (size_t k = 0; k < s->njobs; k++)
        fprintf(f, "    unset label %zu\n", 200 + k);
    fs__gp_legend_clear(f, sizeof(keys) / sizeof(keys[0]));

    /* Right: the overhead as a share of allocated. */
    fs__gp_panel(f, 0.60, 0.97, bottom, 0.76);
    fputs("    set ylabel '% of allocated GPU-hours'\n    set format y '%g%%'\n", f);
    fprintf(f, "    set yrange [0:%.6g]\n", maxover > 0 ? maxover * 1.2 : 1.0);
    fputs("    set title 'Overhead: everything but useful work'\n", f);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        const struct fs_stat *a = stat_of(c, j, FS_M_ALLOC);
        double useful = stat_of(c, j, FS_M_USEFUL)->mean;
        double pct = a->mean > 0.0 ? 100.0 * (a->mean - useful) / a->mean : 0.0;
        if (a->mean > 0.0)
            fprintf(f, "    set label %zu '%.1f%%' at %zu, %.6g center offset 0,0.8 "
                       "font ',%d'\n",
                    300 + k, pct, k, pct, fs__bar_font(c));
    }
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "gpu_hours.dat", -1, 0.0, 0.3, 1.0, over, 4);
    fputs("\n    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(names);
    return c->rc;
}


static int chart_cost(struct fs__plot_ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    struct fs__wfile dat, gp;
    const char **names = NULL, **second = NULL;
    char (*ratio)[32] = NULL;
    struct fs__fleet_sum fl;
    double jmax = 0.0, fmaxv, jscale, fscale, bottom, split = 0.66;
    const char *jsfx, *fsfx;
    size_t nkeys = 0;
    int any_rented = 0, any_owned = 0, rot = 0, jobs = s->njobs > 0;
    char qb[FS_NAME_MAX * 2 + 3], b1[32], b2[32];
    FILE *f;
    static const struct fs__segment jrent[] = {{2, COL_RENTAL}};
    static const struct fs__segment jseg[] = {
        {3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_LOST}, {6, COL_IDLECAP}};
    static const struct fs__segment frent[] = {{2, COL_RENTAL}};
    static const struct fs__segment fseg[] = {{3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_RENTPAID}};
    struct fs__keyitem keys[6];

    names = malloc((s->njobs ? s->njobs : 1) * sizeof(*names));
    second = malloc((s->njobs ? s->njobs : 1) * sizeof(*second));
    ratio = malloc((s->njobs ? s->njobs : 1) * sizeof(*ratio));
    if (names == NULL || second == NULL || ratio == NULL) {
        fs__nomem(c);
        goto out;
    }
    for (size_t i = 0; i < s->nclusters; i++) {
        if (s->clusters[i].ownership == FS_RENTED)
            any_rented = 1;
        else
            any_owned = 1;
    }
    keys[nkeys++] = (struct fs__keyitem){COL_RENTAL, "rental-equivalent"};
    /* A job on a rented cluster pays rent where an owned one amortises. */
    keys[nkeys++] = (struct fs__keyitem){COL_CAPEX, !jobs || !any_rented ? "capex amortisation"
                                                    : any_owned        ? "capex or rent (jobs)"
                                                                       : "rent (jobs)"};
    keys[nkeys++] = (struct fs__keyitem){COL_ENERGY, "energy"};
    if (jobs) {
        keys[nkeys++] = (struct fs__keyitem){COL_LOST, "lost work"};
        keys[nkeys++] = (struct fs__keyitem){COL_IDLECAP, "idle capacity"};
    }
    if (any_rented)
        keys[nkeys++] =
            (struct fs__keyitem){COL_RENTPAID, jobs ? "rent paid (fleet)" : "rent paid"};
    fs__fleet_sum(mc, &fl);

    if (fs__wopen(c, &dat, "cost.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: costs in USD.\n"
               "# index 0: per job, means over %zu replicates, in run order (x = 0, 1, ...)\n"
               "# x rental_equivalent tco_capex tco_energy tco_lost_work tco_idle_capacity "
               "tco_total\n",
            FS_VERSION, mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double rent = stat_of(c, j, FS_M_RENTAL)->mean, tco = stat_of(c, j, FS_M_TCO)->mean;
        names[k] = s->jobs[j].name;
        snprintf(ratio[k], sizeof(ratio[k]), "TCO %.2fx rental", rent > 0 ? tco / rent : 0.0);
        second[k] = ratio[k];
        fprintf(f, "# %zu: job %s\n", k, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g\n", k, rent,
                stat_of(c, j, FS_M_TCO_CAPEX)->mean, stat_of(c, j, FS_M_TCO_ENERGY)->mean,
                stat_of(c, j, FS_M_TCO_LOST)->mean, stat_of(c, j, FS_M_TCO_IDLE)->mean, tco);
        jmax = fmax(jmax, fmax(rent, tco));
    }
    if (!jobs)
        fputs("0 0 0 0 0 0 0\n", f); /* no jobs: keeps index 1 where it is */
    fprintf(f, "\n\n# index 1: the whole fleet over the horizon (%g days, %.0f GPUs at the end),\n"
               "# means over replicates. Rental-equivalent: GPU-hours in service x $/GPU-h.\n"
               "# x rental_equivalent capex energy rent_paid total\n",
            s->horizon_days, fl.gpus);
    fprintf(f, "0 %.6g %.6g %.6g %.6g %.6g\n", fl.rent_equiv, fl.capex, fl.energy, fl.rent_paid,
            fl.capex + fl.energy + fl.rent_paid);
    fmaxv = fmax(fl.rent_equiv, fl.capex + fl.energy + fl.rent_paid);
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "cost.gp") != FS_OK)
        goto out;
    f = gp.f;
    jscale = fs__axis_scale(jmax, &jsfx);
    fscale = fs__axis_scale(fmaxv, &fsfx);
    if (jobs)
        rot = fs__tics_mode(c, fs__widest(names, second, s->njobs, c->font), s->njobs,
                            split - 0.11);
    bottom = fs__panel_bottom(c, rot, fs__widest(names, NULL, s->njobs, c->font - 4));
    fs__gp_begin(c, f, "cost", "rental-equivalent cost against total cost of ownership");
    fputs("    set multiplot title ", f);
    fs__put_qf(c, f, "%s: rental-equivalent cost vs total cost of ownership (TCO)", s->name);
    fprintf(f, " font ',%d'\n", c->font + 4);
    fs__gp_legend(c, f, keys, nkeys);
    if (jobs) {
        fs__gp_panel(f, 0.09, split - 0.02, bottom, 0.76);
        fprintf(f, "    set xrange [-0.6:%zu.6]\n", s->njobs - 1);
        fs__gp_name_tics(c, f, names, second, s->njobs, rot);
        fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n"
                   "    set yrange [0:%.6g]\n",
                fs__scale_word(jscale), jsfx, jmax > 0 ? jmax / jscale * 1.15 : 1.0);
        fprintf(f, "    set title 'Per job (mean of %zu replicates)'\n", mc->nrep);
        for (size_t k = 0; k < s->njobs; k++) {
            size_t j = s->job_order[k];
            double rent = stat_of(c, j, FS_M_RENTAL)->mean, tco = stat_of(c, j, FS_M_TCO)->mean;
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    200 + 2 * k, fs_fmt_usd(rent, b1, sizeof(b1)), (double)k - 0.2,
                    rent / jscale, fs__bar_font(c));
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    201 + 2 * k, fs_fmt_usd(tco, b2, sizeof(b2)), (double)k + 0.2, tco / jscale,
                    fs__bar_font(c));
        }
        fputs("    plot \\\n", f);
        fs__gp_stack(f, "cost.dat", 0, -0.2, 0.18, jscale, jrent, 1);
        fputs(", \\\n", f);
        fs__gp_stack(f, "cost.dat", 0, 0.2, 0.18, jscale, jseg, 4);
        fputs("\n", f);
        for (size_t k = 0; k < 2 * s->njobs; k++)
            fprintf(f, "    unset label %zu\n", 200 + k);
        fs__gp_legend_clear(f, nkeys);
    }
    fs__gp_panel(f, jobs ? split + 0.08 : 0.30, jobs ? 0.97 : 0.70, bottom, 0.76);
    fputs("    set xrange [-0.6:1.6]\n", f);
    fprintf(f, "    set xtics ('rental' 0, \"TCO\\n%.2fx rental\" 1) norotate\n",
            fl.rent_equiv > 0 ? (fl.capex + fl.energy + fl.rent_paid) / fl.rent_equiv : 0.0);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n    set yrange [0:%.6g]\n",
            fs__scale_word(fscale), fsfx, fmaxv > 0 ? fmaxv / fscale * 1.15 : 1.0);
    fprintf(f, "    set title 'Whole fleet, %g days'\n", s->horizon_days);
    fprintf(f, "    set label 400 '%s' at 0, %.6g center offset 0,0.7 font ',%d'\n",
            fs_fmt_usd(fl.rent_equiv, b1, sizeof(b1)), fl.rent_equiv / fscale, fs__bar_font(c));
    fprintf(f, "    set label 401 '%s' at 1, %.6g center offset 0,0.7 font ',%d'\n",
            fs_fmt_usd(fl.capex + fl.energy + fl.rent_paid, b2, sizeof(b2)),
            (fl.capex + fl.energy + fl.rent_paid) / fscale, fs__bar_font(c));
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "cost.dat", 1, 0.0, 0.35, fscale, frent, 1);
    fputs(", \\\n", f);
    fs__gp_stack(f, "cost.dat", 1, 1.0, 0.35, fscale, fseg, 3);
    fputs("\n", f);
    if (!jobs)
        fs__gp_legend_clear(f, nkeys);
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(names);
    free(second);
    free(ratio);
    return c->rc;
}

/* ---- chart 5: fleet capacity ------------------------------------------- */

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

static int chart_fleet(struct fs__plot_ctx *c)
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


/* ---- entry point -------------------------------------------------------- */

int fs_plot_all(const struct fs_plot_input *in, const char *dir,
                const struct fs_plot_opts *opts, struct fs_diag *diag)
{
    const struct fs_scenario *s = in->mc->s;
    struct fs__plot_ctx c;
    char (*names)[64] = NULL;
    const char **list = NULL;
    size_t n = 0;
    int rc;

    fs__ctx_init(&c, dir, opts, diag);
    c.in = in;
    c.mc = in->mc;
    c.s = s;
    c.sum = in->sum;

    if (fs_mkdir_p(dir, diag) != FS_OK)
        return FS_EIO;
    if (chart_progress(&c) != FS_OK)
        return c.rc;
    for (size_t j = 0; j < s->njobs; j++)
        if (chart_ttt(&c, j) != FS_OK)
            return c.rc;
    if (chart_gpu_hours(&c) != FS_OK || chart_cost(&c) != FS_OK || chart_fleet(&c) != FS_OK)
        return c.rc;
    if (opts->formats == 0)
        return FS_OK; /* --plots none: scripts and data only */

    /* No job charts without jobs. */
    names = malloc((s->njobs + 4) * sizeof(*names));
    list = malloc((s->njobs + 4) * sizeof(*list));
    if (names == NULL || list == NULL) {
        free(names);
        free(list);
        return fs__nomem(&c);
    }
    if (s->njobs > 0)
        snprintf(names[n++], sizeof(names[0]), "progress");
    for (size_t j = 0; j < s->njobs; j++)
        snprintf(names[n++], sizeof(names[0]), "time_to_train_job%zu", j + 1);
    if (s->njobs > 0)
        snprintf(names[n++], sizeof(names[0]), "gpu_hours");
    snprintf(names[n++], sizeof(names[0]), "cost");
    snprintf(names[n++], sizeof(names[0]), "fleet_capacity");
    for (size_t i = 0; i < n; i++)
        list[i] = names[i];
    rc = fs__render(&c, opts, list, n);
    free(names);
    free(list);
    return rc;
}
