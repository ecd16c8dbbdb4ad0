/*
 * chart_sobol.c - sobol: for each output of a Sobol study, every input's
 * first-order index beside its total index, horizontal bars with their
 * bootstrap intervals; one panel per output, inputs in the order of their
 * total index for the first output.
 *
 * Drawn with the shared machinery of common.c (plots/internal.h); listed in
 * the chart table of plot.c. It reads the study's indices (sobol_study.h)
 * and derives nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/plot.h"
#include "fleetsim/sobol_study.h"
#include "fleetsim/version.h"
#include "internal.h"

#define COL_S1 "#0072B2"
#define COL_ST "#E69F00"

/* Inputs by the first output's total index, largest first. */
struct rank {
    double st;
    size_t i;
};
static int by_total(const void *pa, const void *pb)
{
    const struct rank *a = pa, *b = pb;
    int fa = isfinite(a->st), fb = isfinite(b->st);
    if (fa != fb)
        return fb - fa;
    if (fa && a->st != b->st)
        return a->st < b->st ? 1 : -1;
    return (a->i > b->i) - (a->i < b->i);
}

static void put_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.6g", v);
    else
        fputs(" NaN", f);
}

/* sobol.dat: one block per output (index o), one row per input: y, S1 and
 * its interval, ST and its interval. Returns the x range in lo, hi. */
static int write_data(struct fs__plot_ctx *c, const struct fs_sobol_study *ss,
                      const struct rank *order, double *lo, double *hi)
{
    struct fs__wfile dat;
    char qb[FS__QLEN];
    if (fs__wopen(c, &dat, "sobol.dat") != FS_OK)
        return c->rc;
    fprintf(dat.f, "# fleetsim %s: Sobol indices, %zu base samples, %zu evaluations of %d "
                   "replicates\n# one block per output; y (top = largest total index of the "
                   "first output) s1 s1_low s1_high st st_low st_high\n",
            FS_VERSION, ss->n, ss->nitems, ss->sp->replicates);
    *lo = 0.0;
    *hi = 1.0;
    for (size_t o = 0; o < ss->nout; o++) {
        fprintf(dat.f, "%s# output %zu: %s\n", o ? "\n\n" : "", o,
                fs_plot_quote(ss->sp->outputs[o].label, qb, sizeof(qb)));
        for (size_t r = 0; r < ss->k; r++) {
            const struct fs_sobol_index *x = &ss->idx[o * ss->k + order[r].i];
            double v[6] = {x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo, x->st_hi};
            fprintf(dat.f, "%zu", ss->k - 1 - r);
            for (int q = 0; q < 6; q++) {
                put_num(dat.f, v[q]);
                if (isfinite(v[q]))
                    *lo = fmin(*lo, v[q]), *hi = fmax(*hi, v[q]);
            }
            fputc('\n', dat.f);
        }
    }
    return fs__wclose(c, &dat);
}

/* The grid of panels: one row for up to 3 outputs, else two. */
struct grid {
    size_t ncol, nrow;
    double left, top, w, h; /* screen fractions: label column, top, cell */
    int yfont;              /* the input labels' font */
};

/* One output's panel in its cell of the grid. */
static void panel(struct fs__plot_ctx *c, FILE *f, const struct fs_sobol_study *ss,
                  const struct rank *order, size_t o, const struct grid *g)
{
    size_t col = o % g->ncol, row = o / g->ncol;
    double l = g->left + (double)col * g->w, t = g->top - (double)row * g->h;
    char fit[FS_NAME_MAX + 8];
    fs__gp_panel(f, l + 0.01, l + g->w - 0.025, t - g->h + 0.08, t - 0.07);
    fputs("    set title ", f);
    fs__put_q(c, f, fs__fit_text(ss->sp->outputs[o].label, (g->w - 0.03) * c->width, c->font + 1,
                                 fit, sizeof(fit)));
    fprintf(f, " font ',%d'\n", c->font + 1);
    if (col == 0) {
        fputs("    set ytics (", f);
        for (size_t r = 0; r < ss->k; r++) {
            fputs(r ? ", " : "", f);
            fs__put_q(c, f, ss->sp->inputs[order[r].i].label);
            fprintf(f, " %zu", ss->k - 1 - r);
        }
        fprintf(f, ") nomirror font ',%d'\n", g->yfont);
    } else {
        fputs("    unset ytics\n", f);
    }
    fprintf(f, "    plot 'sobol.dat' index %zu using ($2/2):($1+0.19):($2<0?$2:0):($2<0?0:$2):"
               "($1+0.03):($1+0.35) with boxxyerror fs solid 0.85 noborder lc rgb '%s', \\\n"
               "         '' index %zu using 3:($1+0.19):3:4 with xerrorbars pt -1 lw 1.5 "
               "lc rgb '#333333', \\\n"
               "         '' index %zu using ($5/2):($1-0.19):($5<0?$5:0):($5<0?0:$5):"
               "($1-0.35):($1-0.03) with boxxyerror fs solid 0.85 noborder lc rgb '%s', \\\n"
               "         '' index %zu using 6:($1-0.19):6:7 with xerrorbars pt -1 lw 1.5 "
               "lc rgb '#333333'\n",
            o, COL_S1, o, o, COL_ST, o);
}

int fs__chart_sobol(struct fs__plot_ctx *c)
{
    static const struct fs__keyitem keys[] = {{COL_S1, "first order S1 (the input alone)"},
                                              {COL_ST, "total ST (with its interactions)"}};
    const struct fs_sobol_study *ss = c->sobol;
    struct rank order[FS_SOBOL_MAX_INPUTS];
    const char *names[FS_SOBOL_MAX_INPUTS];
    struct fs__wfile gp;
    struct grid g;
    double lo = 0.0, hi = 1.0, per;
    FILE *f;

    if (ss == NULL || !ss->done)
        return FS_OK;
    for (size_t i = 0; i < ss->k; i++) {
        order[i] = (struct rank){ss->idx[i].st, i};
        names[i] = ss->sp->inputs[i].label;
    }
    qsort(order, ss->k, sizeof(order[0]), by_total);
    if (write_data(c, ss, order, &lo, &hi) != FS_OK || fs__wopen(c, &gp, "sobol.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    g.nrow = ss->nout <= 3 ? 1 : 2;
    g.ncol = (ss->nout + g.nrow - 1) / g.nrow;
    g.top = 0.84 - 0.04 * (double)(fs__legend_rows(c, keys, 2) - 1);
    g.h = (g.top - 0.05) / (double)g.nrow;
    /* Input labels at most 0.6 of a row of bars high, from the base font
     * down to 8 px. */
    per = (g.h - 0.15) * c->height / (double)ss->k;
    g.yfont = (int)fmax(8.0, fmin((double)c->font, 0.6 * per));
    g.left = fmin(0.45, 0.02 + (fs__widest(names, NULL, ss->k, g.yfont) + 16) / c->width);
    g.w = (0.99 - g.left) / (double)g.ncol;
    fs__gp_begin(c, f, "sobol", "Sobol indices: first order beside total, with intervals");
    fprintf(f, "    set label 100 'fleetsim %s, seed %llu; %zu base samples, %zu evaluations "
               "of %d replicates; %.0f%% bootstrap intervals (%d resamples)' at screen 0.99, "
               "screen 0.015 right font ',%d' tc rgb '%s'\n",
            FS_VERSION, (unsigned long long)ss->base->seed, ss->n, ss->nitems,
            ss->sp->replicates, 100.0 * ss->sp->confidence, ss->sp->bootstrap,
            fs__small_font(c), COL_NOTE);
    fputs("    set multiplot title ", f);
    fs__put_qf(c, f, "%s: share of each output's variance explained by each input",
               ss->base->name);
    fprintf(f, " font ',%d'\n", c->font + 4);
    fs__gp_legend(c, f, keys, 2);
    /* Indices lie in [0, 1]; the estimates and their intervals may stray
     * past either end with few samples, and are cut at -0.2 and 1.2. */
    fprintf(f, "    set xrange [%.6g:%.6g]\n", fmax(-0.2, fmin(-0.02, lo - 0.02)),
            fmin(1.2, fmax(1.0, hi + 0.02)));
    if (lo < -0.2 || hi > 1.2)
        fprintf(f, "    set label 101 'bars and intervals reaching past the axis are cut at "
                   "its edge (values: sobol.csv)' at screen 0.01, screen 0.05 left font ',%d' "
                   "tc rgb '%s'\n", fs__small_font(c), COL_NOTE);
    fprintf(f, "    set yrange [-0.6:%zu.6]\n", ss->k - 1);
    fprintf(f, "    set grid xtics noytics\n    set xtics 0.2 font ',%d'\n    set format x '%%.1f'\n",
            c->font - 2);
    fputs("    set xzeroaxis lt 1 lc rgb '#888888'\n", f);
    for (size_t o = 0; o < ss->nout; o++) {
        panel(c, f, ss, order, o, &g);
        if (o == 0)
            fs__gp_legend_clear(f, 2);
    }
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
    return c->rc;
}
