/*
 * chart_compare_progress.c - compare_progress: each variant's progress of the
 * focus job on one calendar (P50 lines, P5-P95 bands), each variant's
 * P(finish) in its legend entry.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

static const char *vdash(size_t k)
{
    /* Solid for the baseline and the five palette colours; past the
     * palette each group of five gets its own dash, as well as its own
     * colour (fs__vcolor), so no two lines look alike. */
    static const char *const dash[] = {"1", "(8,4)", "(2,4)", "(12,4,2,4)"};
    return k == 0 ? dash[0] : dash[(k - 1) / 5 % 4];
}

/* The window: first start of the job in any variant to a little after
 * the latest P95 finish, in hours since the baseline's start; the largest
 * grid and replicate counts; flag[k]: variant k has no such job. */
static void window(const struct fs_study *st, const char *job, int *flag, double *pt0,
                   double *pt1, size_t *pmaxg, size_t *pmaxr)
{
    const struct fs_scenario *b = st->v[0].s;
    double t0 = INFINITY, t1 = -INFINITY, tlo = INFINITY, thi = -INFINITY;
    size_t maxg = 1, maxr = 1;
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        double off = fs_date_h(b, v->s->start);
        int j = fs_study_job(v, job);
        tlo = fmin(tlo, off);
        thi = fmax(thi, off + fs_horizon_h(v->s));
        flag[k] = j < 0;
        if (j < 0)
            continue;
        for (size_t r = 0; r < v->mc->nrep; r++) {
            const struct fs_job_result *jr = &v->mc->jobs[r * v->s->njobs + (size_t)j];
            if (jr->started)
                t0 = fmin(t0, off + jr->start_h);
        }
        if (fs__vstat(v, j, FS_M_END)->n > 0)
            t1 = fmax(t1, off + fs__vstat(v, j, FS_M_END)->p95 * FS_HOURS_PER_DAY);
        maxg = v->mc->ngrid > maxg ? v->mc->ngrid : maxg;
        maxr = v->mc->ngrid_reps > maxr ? v->mc->ngrid_reps : maxr;
    }
    if (!isfinite(t0) || !isfinite(t1) || !(t1 > t0)) {
        t0 = tlo;
        t1 = thi;
    } else {
        double margin = fmax(0.04 * (t1 - t0), 1.0);
        t0 = fmax(tlo, t0 - margin);
        t1 = fmin(thi, t1 + margin);
    }
    if (!(t1 > t0))
        t1 = t0 + 24.0;
    *pt0 = t0;
    *pt1 = t1;
    *pmaxg = maxg;
    *pmaxr = maxr;
}

/* The legend goes under the title, as in compare_time_cost (same
 * colours): inside the plot it would hide a fast or a slow curve. Each
 * variant's entry says the share of its replicates where the job finished
 * within the horizon: "label (P(finish) = x %)". */
static int gp_cmp_legend(struct fs__plot_ctx *c, FILE *f, const size_t *block, const char *job)
{
    const struct fs_study *st = c->st;
    struct fs__keyitem *keys = malloc((st->n + 1) * sizeof(*keys));
    char **title = calloc(st->n + 1, sizeof(*title));
    char band[64];
    size_t nk = 0;
    if (keys == NULL || title == NULL) {
        free(keys);
        free(title);
        return fs__nomem(c);
    }
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        size_t len = strlen(v->label) + 32;
        int j = fs_study_job(v, job);
        if (block[k] == (size_t)-1 || j < 0)
            continue;
        if ((title[k] = malloc(len)) == NULL) {
            for (size_t i = 0; i < k; i++)
                free(title[i]);
            free(title);
            free(keys);
            return fs__nomem(c);
        }
        snprintf(title[k], len, "%s (P(finish) = %.0f %%)", v->label,
                 100.0 * (double)fs__vstat(v, j, FS_M_TTT)->n / (double)v->mc->nrep);
        keys[nk++] = (struct fs__keyitem){fs__vcolor(k), title[k]};
    }
    snprintf(band, sizeof(band), "bands: P5-P95 of %zu replicates", st->v[0].mc->ngrid_reps);
    keys[nk++] = (struct fs__keyitem){"#c8c8c8", band};
    fprintf(f, "    set tmargin at screen %.2f\n",
            fs__legend_rows(c, keys, nk) >= 3 ? 0.76 : 0.80);
    fs__gp_legend(c, f, keys, nk);
    for (size_t k = 0; k < st->n; k++)
        free(title[k]);
    free(title);
    free(keys);
    return FS_OK;
}

int fs__chart_compare_progress(struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    double t0, t1, *x = NULL, *q = NULL;
    size_t maxg, maxr, nblocks = 0, *block = NULL;
    int *flag = NULL;
    struct fs__wfile dat, gp;
    char tb[32], qb[FS__QLEN];
    FILE *f;

    block = malloc(st->n * sizeof(*block));
    flag = malloc(st->n * sizeof(*flag));
    if (block == NULL || flag == NULL) {
        fs__nomem(c);
        goto out;
    }
    window(st, job, flag, &t0, &t1, &maxg, &maxr);
    x = malloc(maxr * sizeof(*x));
    q = malloc(3 * maxg * sizeof(*q));
    if (x == NULL || q == NULL) {
        fs__nomem(c);
        goto out;
    }

    /* compare_progress.dat: one block per variant that has the job, from
     * the grid point before any replicate began it to the first where all
     * (P5) are done. */
    if (fs__wopen(c, &dat, "compare_progress.dat") != FS_OK)
        goto out;
    f = dat.f;
    fprintf(f, "# fleetsim %s: share of the FLOP budget of job %s done, per variant\n"
               "# (quantiles over the first %zu replicates of each at its grid times).\n"
               "# One block per variant (gnuplot index 0, 1, ...), named below.\n",
            FS_VERSION, fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->ngrid_reps);
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        const struct fs_mc *mc = v->mc;
        double off = fs_date_h(b, v->s->start);
        int j = fs_study_job(v, job);
        size_t k0 = 0, k1 = mc->ngrid - 1, nk, a = 0, e;
        block[k] = (size_t)-1;
        if (j < 0 || mc->ngrid == 0 || mc->ngrid_reps == 0)
            continue;
        for (size_t g = 0; g < mc->ngrid; g++)
            if (off + mc->grid_h[g] <= t0)
                k0 = g;
        for (size_t g = mc->ngrid; g-- > 0;)
            if (off + mc->grid_h[g] >= t1)
                k1 = g;
        if (k1 < k0)
            k1 = k0;
        nk = k1 - k0 + 1;
        e = nk - 1;
        for (size_t g = 0; g < nk; g++)
            fs__grid_quantiles(mc, (size_t)j, k0 + g, x, q + 3 * g);
        while (a + 1 < nk && !(q[3 * (a + 1) + 2] > 0.0))
            a++;
        for (size_t g = a; g < nk; g++)
            if (q[3 * g] >= 1.0) {
                e = g;
                break;
            }
        if (a >= e)
            a = 0, e = nk - 1;
        block[k] = nblocks++;
        fprintf(f, "%s# index %zu: variant %s\n# date_utc p5 p50 p95\n", block[k] ? "\n\n" : "",
                block[k], fs_plot_quote(v->label, qb, sizeof(qb)));
        for (size_t g = a; g <= e; g++)
            fprintf(f, "%s %.6g %.6g %.6g\n",
                    fs__fmt_time(b, off + mc->grid_h[k0 + g], tb, sizeof(tb)), q[3 * g],
                    q[3 * g + 1], q[3 * g + 2]);
    }
    if (nblocks == 0)
        fprintf(f, "%s 0 0 0\n", fs__fmt_time(b, t0, tb, sizeof(tb)));
    if (fs__wclose(c, &dat) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "compare_progress.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "compare_progress", "training progress of one job, per variant");
    fs__gp_title(c, f, 1, "%s: progress of %s, by %s", b->name, job, fs__kind_word(st));
    fputs("    set xdata time\n    set timefmt '%Y-%m-%dT%H:%M'\n", f);
    fprintf(f, "    set xrange [%.0f:%.0f]\n", fs__epoch_s(b, t0), fs__epoch_s(b, t1));
    fs__gp_time_tics(c, f, t0, t1, 0.85);
    fputs("    set grid xtics\n    set xlabel 'Date (UTC)' offset 0,-0.6\n"
          "    set ylabel 'FLOP budget done (%)'\n"
          "    set yrange [0:105]\n    set ytics 0,20,100\n    set bmargin 6.5\n",
          f);
    if (gp_cmp_legend(c, f, block, job) != FS_OK) {
        fs__wclose(c, &gp);
        goto out;
    }
    fs__gp_variant_note(c, f, st, flag, 30, "No such job in: ", "graph 0.02, graph 0.95 left");
    fputs("    plot \\\n", f);
    /* Bands, then lines, the baseline last (on top of variants that match
     * it). */
    for (size_t k = st->n; k-- > 0;)
        if (block[k] != (size_t)-1)
            fprintf(f, "        'compare_progress.dat' index %zu using 1:($2*100):($4*100) with "
                       "filledcurves fc rgb '%s' fs transparent solid 0.18 noborder, \\\n",
                    block[k], fs__vcolor(k));
    for (size_t k = st->n, first = 1; k-- > 0;)
        if (block[k] != (size_t)-1) {
            fprintf(f, "%s        'compare_progress.dat' index %zu using 1:($3*100) with lines "
                       "lw 3.5 dt %s lc rgb '%s'",
                    first ? "" : ", \\\n", block[k], vdash(k), fs__vcolor(k));
            first = 0;
        }
    fputs(nblocks == 0 ? "        2\n" : "\n", f); /* no variant has the job: axes only */
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    free(block);
    free(flag);
    free(x);
    free(q);
    return c->rc;
}
