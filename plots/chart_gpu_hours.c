/*
 * chart_gpu_hours.c - gpu_hours: where each job's GPU-hours went (useful,
 * lost, checkpoints, restarts, idle), stacked bars.
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

int fs__chart_gpu_hours(struct fs__plot_ctx *c)
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
            v[i] = fs__stat_of(c, j, m[i])->mean;
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
        double tot = fs__stat_of(c, j, FS_M_ALLOC)->mean;
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
        const struct fs_stat *a = fs__stat_of(c, j, FS_M_ALLOC);
        double useful = fs__stat_of(c, j, FS_M_USEFUL)->mean;
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
