/*
 * chart_step_breakdown.c - step_breakdown: where each predicted job's
 * training step goes (compute, pipeline bubble, exposed tensor-, expert-,
 * pipeline- and data-parallel communication), one stacked horizontal bar
 * per job; in a comparison of strategies or files, one per variant and
 * job. Written only when at least one job's MFU is predicted (jobs given by
 * MFU, throughput or accounting have no step to break down).
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart tables of plot.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

#define COL_COMPUTE "#0072B2" /* blue */
#define COL_BUBBLE "#56B4E9"  /* sky blue */
#define COL_TP "#E69F00"      /* orange */
#define COL_EP "#009E73"      /* bluish green */
#define COL_PP "#CC79A7"      /* reddish purple */
#define COL_DP "#F0E442"      /* yellow */

/* One bar: a predicted job, in a variant (NULL for a single run). */
struct bar {
    const char *variant, *job;
    const struct fs_job *j;
};

/* The predicted jobs of a scenario in run order, appended to b. */
static size_t add_bars(const struct fs_scenario *s, const char *variant, struct bar *b,
                       size_t n)
{
    for (size_t k = 0; k < s->njobs; k++) {
        const struct fs_job *j = &s->jobs[s->job_order[k]];
        if (j->mfu_source == FS_MFU_PREDICTED)
            b[n++] = (struct bar){variant, j->name, j};
    }
    return n;
}

/* The bars of this drawing: the run's, or every variant's. NULL with *n = 0
 * when out of memory (c->rc says) or when there is nothing to draw. */
static struct bar *collect(struct fs__plot_ctx *c, size_t *n)
{
    size_t cap = c->s->njobs;
    struct bar *b;
    *n = 0;
    if (c->st != NULL)
        for (size_t k = 1; k < c->st->n; k++)
            cap += c->st->v[k].s->njobs;
    if (cap == 0)
        return NULL;
    if ((b = malloc(cap * sizeof(*b))) == NULL) {
        fs__nomem(c);
        return NULL;
    }
    if (c->st == NULL)
        *n = add_bars(c->s, NULL, b, 0);
    else
        for (size_t k = 0; k < c->st->n; k++)
            *n = add_bars(c->st->v[k].s, c->st->v[k].label, b, *n);
    if (*n == 0) {
        free(b);
        return NULL;
    }
    return b;
}

static void write_dat(const struct bar *b, size_t n, FILE *f)
{
    char qa[FS__QLEN], qb[FS__QLEN];
    fprintf(f, "# fleetsim %s: predicted training step by part, seconds; MFU in the 6N\n"
               "# convention. Bars top to bottom (y = n-1 ... 0).\n"
               "# y compute bubble tp ep pp dp step mfu_6n mfu_with_attention\n",
            FS_VERSION);
    for (size_t i = 0; i < n; i++) {
        const struct fs_step *st = &b[i].j->step;
        if (b[i].variant != NULL)
            fprintf(f, "# %zu: variant %s job %s\n", n - 1 - i,
                    fs_plot_quote(b[i].variant, qa, sizeof(qa)),
                    fs_plot_quote(b[i].job, qb, sizeof(qb)));
        else
            fprintf(f, "# %zu: job %s\n", n - 1 - i, fs_plot_quote(b[i].job, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g\n", n - 1 - i,
                st->compute_s, st->bubble_s, st->tp_s, st->ep_s, st->pp_s, st->dp_s,
                st->step_s, b[i].j->mfu, st->mfu_attn);
    }
}

/* Stacked horizontal bars at y = column 1 from the segments' columns. */
static void gp_hstack(FILE *f, const char *file, const struct fs__segment *seg, size_t nseg)
{
    for (size_t i = 0; i < nseg; i++) {
        fprintf(f, "%s        '%s' using (0):1:(", i ? ", \\\n" : "", file);
        if (i == 0)
            fputs("0", f);
        for (size_t k = 0; k < i; k++)
            fprintf(f, "%s$%d", k ? "+" : "", seg[k].col);
        fputs("):(", f);
        for (size_t k = 0; k <= i; k++)
            fprintf(f, "%s$%d", k ? "+" : "", seg[k].col);
        fprintf(f, "):($1-0.32):($1+0.32) with boxxyerror fc rgb '%s' fs solid 1.0 "
                   "border lc rgb '#ffffff'", seg[i].color);
    }
    fputc('\n', f);
}

/* The text at the end of bar i: step, MFU and parallelism. */
static void bar_label(const struct bar *b, char *buf, size_t len)
{
    char par[96];
    snprintf(buf, len, "%.3g s, MFU %.1f%%, %s", b->j->step.step_s, 100.0 * b->j->mfu,
             fs_fmt_parallel(&b->j->step.par, par, sizeof(par)));
}

static void write_gp(struct fs__plot_ctx *c, const struct bar *b, size_t n, FILE *f)
{
    static const struct fs__segment seg[] = {{2, COL_COMPUTE}, {3, COL_BUBBLE}, {4, COL_TP},
                                             {5, COL_EP},      {6, COL_PP},     {7, COL_DP}};
    static const struct fs__keyitem keys[] = {{COL_COMPUTE, "compute"},
                                              {COL_BUBBLE, "pipeline bubble"},
                                              {COL_TP, "tensor-parallel comm."},
                                              {COL_EP, "expert-parallel comm."},
                                              {COL_PP, "pipeline comm."},
                                              {COL_DP, "data-parallel comm."}};
    const size_t nkeys = sizeof(keys) / sizeof(keys[0]);
    double xmax = 0.0, widest = 0.0, left, top, plot_px;
    char text[160];
    for (size_t i = 0; i < n; i++) {
        double w = fs__text_px(b[i].job, c->font);
        if (b[i].variant != NULL)
            w += fs__text_px(b[i].variant, c->font) + fs__text_px(": ", c->font);
        widest = fmax(widest, w);
    }
    left = fmin(0.45, (widest + 2.0 * c->font) / c->width + 0.02);
    plot_px = (0.96 - left) * c->width;
    /* Room right of each bar for its label: the axis ends where the widest
     * of them (bar plus label) does. */
    for (size_t i = 0; i < n; i++) {
        double lab = fs__text_px((bar_label(&b[i], text, sizeof(text)), text), fs__bar_font(c)) +
                     c->font;
        if (lab < 0.6 * plot_px)
            xmax = fmax(xmax, b[i].j->step.step_s * plot_px / (plot_px - lab));
    }
    fs__gp_begin(c, f, "step_breakdown", "where each predicted job's training step goes");
    fs__gp_title(c, f, 1, "%s: predicted step time by part", c->s->name);
    top = fs__legend_rows(c, keys, nkeys) >= 3 ? 0.74 : 0.78;
    fs__gp_legend(c, f, keys, nkeys);
    fs__gp_panel(f, left, 0.96, 0.15, top);
    fputs("    set xlabel 'Seconds per optimizer step (exposed communication only)'\n", f);
    fprintf(f, "    set xrange [0:%.6g]\n    set yrange [-0.6:%zu.6]\n",
            xmax > 0 ? xmax * 1.02 : 1.0, n - 1);
    fputs("    set grid noytics xtics\n    set ytics (", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        if (b[i].variant != NULL)
            fs__put_qf(c, f, "%s: %s", b[i].variant, b[i].job);
        else
            fs__put_q(c, f, b[i].job);
        fprintf(f, " %zu", n - 1 - i);
    }
    fputs(")\n", f);
    for (size_t i = 0; i < n; i++) {
        bar_label(&b[i], text, sizeof(text));
        fprintf(f, "    set label %zu '%s' at %.6g, %zu left offset 0.6,0 font ',%d'\n", 200 + i,
                text, b[i].j->step.step_s, n - 1 - i, fs__bar_font(c));
    }
    fputs("    plot \\\n", f);
    gp_hstack(f, "step_breakdown.dat", seg, sizeof(seg) / sizeof(seg[0]));
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
}

int fs__chart_step_breakdown(struct fs__plot_ctx *c)
{
    struct fs__wfile dat, gp;
    size_t n;
    struct bar *b = collect(c, &n);

    if (b == NULL)
        return c->rc;
    if (fs__wopen(c, &dat, "step_breakdown.dat") == FS_OK) {
        write_dat(b, n, dat.f);
        if (fs__wclose(c, &dat) == FS_OK && fs__wopen(c, &gp, "step_breakdown.gp") == FS_OK) {
            write_gp(c, b, n, gp.f);
            fs__wclose(c, &gp);
        }
    }
    free(b);
    return c->rc;
}
