/*
 * chart_tornado.c - tornado: each uncertain input's swing of time to train
 * and TCO.
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

/* One input's bar in one panel. */
struct bar {
    size_t input;
    double lo, hi;     /* the result with the input at its low / high value */
    int lo_nf, hi_nf;  /* that run did not finish in any replicate */
    double lo_fin, hi_fin; /* share of replicates that finished */
    double swing;
};

static int by_swing(const void *a, const void *b)
{
    const struct bar *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing < y->swing ? 1 : -1;
    return (x->input > y->input) - (x->input < y->input);
}

/* Bars of the time to train (P50 in `mul` units) or the TCO (mean) for each
 * input, sorted by swing, largest first (a run that did not finish: without
 * bound); base is the baseline's value. */
static size_t tornado_bars(const struct fs_study *st, int ttt, double mul, double base,
                           struct bar *w)
{
    const struct fs_scenario *s = st->v[0].s;
    size_t n = 0, focus = fs_study_focus_job(st);
    for (size_t i = 0; i < s->nsens; i++) {
        const struct fs_variant *vl = NULL, *vh = NULL;
        int jl, jh;
        struct bar *x = &w[n];
        for (size_t k = 1; k < st->n; k++)
            if (st->v[k].input == (int)i) {
                if (st->v[k].high)
                    vh = &st->v[k];
                else
                    vl = &st->v[k];
            }
        if (vl == NULL || vh == NULL)
            continue;
        jl = fs_study_job(vl, s->jobs[focus].name);
        jh = fs_study_job(vh, s->jobs[focus].name);
        if (jl < 0 || jh < 0)
            continue;
        x->input = i;
        x->lo_fin = (double)fs__vstat(vl, jl, FS_M_TTT)->n / (double)vl->mc->nrep;
        x->hi_fin = (double)fs__vstat(vh, jh, FS_M_TTT)->n / (double)vh->mc->nrep;
        x->lo_nf = x->lo_fin <= 0.0;
        x->hi_nf = x->hi_fin <= 0.0;
        x->lo = ttt ? fs__vstat(vl, jl, FS_M_TTT)->p50 * mul : fs__vstat(vl, jl, FS_M_TCO)->mean;
        x->hi = ttt ? fs__vstat(vh, jh, FS_M_TTT)->p50 * mul : fs__vstat(vh, jh, FS_M_TCO)->mean;
        /* The bar's length: from the lowest to the highest of base, low
         * and high (both ends may lie on one side of the base). */
        x->swing = ttt && (x->lo_nf || x->hi_nf) ? INFINITY
                                                 : fmax(base, fmax(x->lo, x->hi)) -
                                                       fmin(base, fmin(x->lo, x->hi));
        if (isnan(x->swing))
            x->swing = INFINITY;
        n++;
    }
    qsort(w, n, sizeof(*w), by_swing);
    return n;
}

/* A label at one end of a tornado bar: anchored at x, written to the
 * right (or left) of it. */
struct endlabel {
    double x;
    int right, nf;
    char text[64];
};

/* One panel of the tornado: its bars, their end labels, and its axis. */
struct tpanel {
    struct bar *w;
    size_t nb;
    struct endlabel *lab; /* [2 * nb]: low end, high end */
    double base, l, r, xl, xr, scale;
    const char *sfx;
};

/*
 * Places the end labels of a panel's bars and finds the x range that holds
 * them: the end farther from the base is labelled outside its bar; the
 * nearer one too if it lies on the other side of the base, else just
 * beside the base on the other side. A run that did not finish reaches the
 * right edge, labelled inside. Inputs that move nothing say so.
 */
static void tornado_layout(const struct fs__plot_ctx *c, const struct fs_scenario *s,
                           struct tpanel *p, int ttt)
{
    double lo = p->base, hi = p->base, px = (p->r - p->l) * c->width, gap = 0.6 * c->font;
    int bf = fs__bar_font(c), any_nf = 0;
    for (size_t i = 0; i < p->nb; i++) {
        const struct bar *x = &p->w[i];
        if (!(ttt && x->lo_nf) && isfinite(x->lo))
            lo = fmin(lo, x->lo), hi = fmax(hi, x->lo);
        if (!(ttt && x->hi_nf) && isfinite(x->hi))
            lo = fmin(lo, x->hi), hi = fmax(hi, x->hi);
        any_nf |= ttt && (x->lo_nf || x->hi_nf);
    }
    if (!(hi > lo)) {
        double d = fabs(p->base) > 0 ? 0.1 * fabs(p->base) : 1.0;
        lo -= d;
        hi += d;
    }
    if (any_nf) /* room for the bars that run to the edge */
        hi += 0.25 * (hi - lo);
    for (size_t i = 0; i < p->nb; i++) {
        const struct bar *x = &p->w[i];
        const struct fs_sens_input *in = &s->sens[x->input];
        double v[2] = {x->lo, x->hi}, val[2] = {in->low, in->high}, fin[2] = {x->lo_fin, x->hi_fin};
        int nf[2] = {x->lo_nf, x->hi_nf}, far;
        char vb[48];
        for (int e = 0; e < 2; e++) {
            struct endlabel *L = &p->lab[2 * i + (size_t)e];
            const char *extra = "";
            char pct[32] = "";
            if (ttt && nf[e])
                extra = ": did not finish";
            else if (nf[e])
                extra = " (did not finish)";
            else if (fin[e] < 1.0) {
                snprintf(pct, sizeof(pct), " (%.0f%% finished)", 100.0 * fin[e]);
                extra = pct;
            }
            snprintf(L->text, sizeof(L->text), "%s%s",
                     fs__fmt_value(val[e], vb, sizeof(vb)), extra);
            L->nf = ttt && nf[e];
        }
        if (x->swing == 0.0 || (isfinite(x->swing) && x->swing <= 1e-9 * fabs(p->base))) {
            /* No effect: one label, right of the base. */
            snprintf(p->lab[2 * i].text, sizeof(p->lab[0].text), "no effect");
            p->lab[2 * i].x = p->base;
            p->lab[2 * i].right = 1;
            p->lab[2 * i + 1].text[0] = '\0';
            continue;
        }
        far = (ttt && nf[1]) || (!(ttt && nf[0]) && fabs(v[1] - p->base) > fabs(v[0] - p->base));
        for (int e = 0; e < 2; e++) {
            struct endlabel *L = &p->lab[2 * i + (size_t)e];
            double end = L->nf ? NAN : v[e];
            if (L->nf) {
                L->x = NAN; /* the right edge, set below */
                L->right = 0;
            } else if (e == far) {
                L->x = end;
                L->right = end >= p->base;
            } else {
                double fend = p->lab[2 * i + (size_t)far].nf ? INFINITY : v[far];
                int same = (end - p->base) * (fend - p->base) > 0 || end == p->base;
                L->x = same ? p->base : end;
                L->right = same ? !(fend > p->base) : end > p->base;
            }
        }
    }
    /* Widen the range until every outside label fits (a few rounds: the
     * scale changes as the range grows). */
    p->xl = lo - 0.02 * (hi - lo);
    p->xr = hi + 0.02 * (hi - lo);
    for (int round = 0; round < 6; round++) {
        double upp = (p->xr - p->xl) / px, xl = p->xl, xr = p->xr;
        for (size_t i = 0; i < 2 * p->nb; i++) {
            const struct endlabel *L = &p->lab[i];
            double w;
            if (L->text[0] == '\0')
                continue;
            w = (fs__text_px(L->text, bf) + gap + 4.0) * upp;
            if (L->nf) /* inside its bar, which runs from the base to the edge */
                xr = fmax(xr, p->base + w + 2.0 * gap * upp);
            else if (L->right)
                xr = fmax(xr, L->x + w);
            else
                xl = fmin(xl, L->x - w);
        }
        p->xl = xl;
        p->xr = xr;
    }
    for (size_t i = 0; i < 2 * p->nb; i++)
        if (p->lab[i].nf)
            p->lab[i].x = p->xr;
}

/* tornado.dat: index 0 time to train, index 1 TCO; a row per input,
 * largest swing first (y = rows - 1 at the top). The ends of runs that did
 * not finish are drawn to the axis' edge (columns 3, 4). */
static int write_tornado_dat(struct fs__plot_ctx *c, const struct tpanel *pn, struct fs__tunit u)
{
    const struct fs_study *st = c->st;
    const struct fs_scenario *s = st->v[0].s;
    const char *job = s->jobs[fs_study_focus_job(st)].name;
    struct fs__wfile dat;
    char qb[FS__QLEN];
    FILE *f;

    if (fs__wopen(c, &dat, "tornado.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: sensitivity of job %s to each input at its low and high\n"
               "# value (the others at base), %zu replicates each, common random numbers.\n",
            FS_VERSION, fs_plot_quote(job, qb, sizeof(qb)), st->v[0].mc->nrep);
    for (int p = 0; p < 2; p++) {
        const struct tpanel *P = &pn[p];
        fprintf(f, "%s# index %d: %s; baseline %.6g\n"
                   "# y baseline end_low end_high input_low input_high result_low result_high "
                   "low_not_finished high_not_finished\n",
                p ? "\n\n" : "", p,
                p == 0 ? (u.mul > 1.0 ? "time to train, P50 (hours)" : "time to train, P50 (days)")
                       : "total cost of ownership, mean (USD)",
                P->base);
        for (size_t i = 0; i < P->nb; i++) {
            const struct bar *x = &P->w[i];
            const struct fs_sens_input *in = &s->sens[x->input];
            int lnf = p == 0 && x->lo_nf, hnf = p == 0 && x->hi_nf;
            fprintf(f, "# y %zu: input %s\n", P->nb - 1 - i,
                    fs_plot_quote(in->label, qb, sizeof(qb)));
            fprintf(f, "%zu %.6g %.6g %.6g %.10g %.10g %.6g %.6g %d %d\n", P->nb - 1 - i,
                    P->base, lnf || !isfinite(x->lo) ? P->xr : x->lo,
                    hnf || !isfinite(x->hi) ? P->xr : x->hi, in->low, in->high, x->lo, x->hi,
                    x->lo_nf, x->hi_nf);
        }
        if (P->nb == 0)
            fputs("0 0 0 0 0 0 0 0 0 0\n", f);
    }
    return fs__wclose(c, &dat);
}

/* The inputs' names as y tics, cut to the room left of the panel. */
static void gp_input_tics(struct fs__plot_ctx *c, FILE *f, const struct tpanel *P, double lw,
                          int yf)
{
    const struct fs_scenario *s = c->st->v[0].s;
    char cut[FS_NAME_MAX + 8];

    if (P->nb > 0) {
        fputs("    set ytics (", f);
        for (size_t i = 0; i < P->nb; i++) {
            fs__put_q(c, f,
                      fs__fit_text(s->sens[P->w[i].input].label, lw * c->width - 1.2 * c->font,
                               yf, cut, sizeof(cut)));
            fprintf(f, " %zu%s", P->nb - 1 - i, i + 1 < P->nb ? ", " : "");
        }
        fputs(")\n", f);
        if (yf != c->font)
            fprintf(f, "    set ytics font ',%d'\n", yf);
    } else {
        fputs("    unset ytics\n", f);
    }
}

/* Each bar is drawn as its far part (the end farther from the base) and,
 * over it, its near part; solid where that end's run finished, hatched
 * where not. */
static void gp_bars(FILE *f, int p, double sc)
{
    fputs("    plot \\\n", f);
    for (int part = 0; part < 2; part++) {
        const char *fn = part == 0 ? "far" : "near", *cf = part == 0 ? "cfar" : "cnear";
        /* Solid where that end's run finished, hatched where not. */
        const char *nf = part == 0 ? "(isfar($2,$3,$4) ? $9 : $10)"
                                   : "(isfar($2,$3,$4) ? $10 : $9)";
        fprintf(f, "        'tornado.dat' index %d using ($2/%g):(%s == 0 ? $1 : 1/0):"
                   "(lesser($2, %s($2,$3,$4))/%g):(greater($2, %s($2,$3,$4))/%g):"
                   "($1-0.32):($1+0.32):(%s($2,$3,$4)) with boxxyerror "
                   "fc rgb variable fs solid 0.9 noborder, \\\n",
                p, sc, nf, fn, sc, fn, sc, cf);
        fprintf(f, "        'tornado.dat' index %d using ($2/%g):(%s > 0 ? $1 : 1/0):"
                   "(lesser($2, %s($2,$3,$4))/%g):(greater($2, %s($2,$3,$4))/%g):"
                   "($1-0.32):($1+0.32):(%s($2,$3,$4)) with boxxyerror "
                   "lc rgb variable fs pattern 4 border%s\n",
                p, sc, nf, fn, sc, fn, sc, cf, part == 0 ? ", \\" : "");
    }
}

/* Panel p (0: time to train, 1: TCO): input names, the axis, the
 * baseline's line and value, the end labels and the bars. */
static void gp_tornado_panel(struct fs__plot_ctx *c, FILE *f, const struct tpanel *pn, int p,
                             struct fs__tunit u, double lw, int yf, size_t nkeys, double bottom,
                             double top)
{
    const struct tpanel *P = &pn[p];
    char b1[32];
    double sc = P->scale, span = P->xr - P->xl;
    size_t nl = 0;

    fs__gp_panel(f, P->l, P->r, bottom, top);
    if (p == 0)
        fprintf(f, "    set title 'Time to train (P50)'\n"
                   "    set xlabel 'Time to train (%s)'\n    set format x '%%g'\n",
                u.word);
    else
        fprintf(f, "    set title 'Dedicated TCO (mean)'\n"
                   "    set xlabel 'USD%s'\n    set format x '$%%g%s'\n",
                fs__scale_word(sc), P->sfx);
    fprintf(f, "    set yrange [-0.7:%.1f]\n", (double)(P->nb > 0 ? P->nb : 1) - 0.3);
    /* The title a line higher: the baseline's value goes under it. */
    fputs("    set title offset 0,0.9\n", f);
    fputs("    unset grid\n    set grid xtics\n    set ytics scale 0\n", f);
    gp_input_tics(c, f, P, lw, yf);
    if (isnan(P->base)) {
        fputs("    set xrange [0:1]\n    unset xtics\n", f);
        fprintf(f, "    set label 1 'The baseline did not finish in any replicate.' at "
                   "graph 0.5, graph 0.5 center font ',%d'\n",
                fs__bar_font(c));
        fputs("    plot 2\n    unset label 1\n    set xtics\n", f);
        if (p == 0) {
            fs__gp_legend_clear(f, nkeys);
            fputs("    unset label 101\n", f);
        }
        return;
    }
    {
        /* Tics as far apart as their labels need. */
        char tl[32];
        double tw;
        snprintf(tl, sizeof(tl), "%s%.3g%s", p == 1 ? "$" : "",
                 fmax(fabs(P->xl), fabs(P->xr)) / sc, P->sfx);
        tw = fs__text_px(tl, c->font);
        fprintf(f, "    set xrange [%.6g:%.6g]\n    set xtics %.6g\n", P->xl / sc,
                P->xr / sc,
                fs__nice_step(span / sc, fmax(2.0, (P->r - P->l) * c->width /
                                                   (1.6 * tw + c->font))));
    }
    /* The baseline, a line with its value on top. */
    fprintf(f, "    set arrow 1 from %.6g, graph 0 to %.6g, graph 1 nohead lw 2 "
               "lc rgb '#000000' front\n",
            P->base / sc, P->base / sc);
    if (p == 0)
        fprintf(f, "    set label 1 'baseline %.*f %s' at %.6g, graph 1 center offset 0,0.7 "
                   "font ',%d'\n",
                fs__decimals(span), P->base, u.abbr, P->base / sc, fs__bar_font(c));
    else
        fprintf(f, "    set label 1 'baseline %s' at %.6g, graph 1 center offset 0,0.7 "
                   "font ',%d'\n",
                fs_fmt_usd(P->base, b1, sizeof(b1)), P->base / sc, fs__bar_font(c));
    for (size_t i = 0; i < 2 * P->nb; i++) {
        const struct endlabel *L = &P->lab[i];
        double y = (double)(P->nb - 1 - i / 2);
        if (L->text[0] == '\0')
            continue;
        fprintf(f, "    set label %zu '%s' at %.6g, %.1f %s offset %s,0 front font ',%d'%s\n",
                200 + nl++, L->text, L->x / sc, y, L->right ? "left" : "right",
                L->right ? "0.5" : "-0.5", fs__bar_font(c),
                L->nf ? " boxed tc rgb '" COL_LOST "'"
                : strncmp(L->text, "no effect", 9) == 0 ? " tc rgb '" COL_NOTE "'"
                                                        : "");
    }
    gp_bars(f, p, sc);
    fputs("    unset arrow 1\n    unset label 1\n", f);
    for (size_t i = 0; i < nl; i++)
        fprintf(f, "    unset label %zu\n", 200 + i);
    if (p == 0) {
        fs__gp_legend_clear(f, nkeys);
        fputs("    unset label 101\n", f);
    }
}

int fs__chart_tornado(struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    const struct fs_scenario *s = st->v[0].s;
    size_t focus = fs_study_focus_job(st);
    const char *job = s->jobs[focus].name;
    const struct fs_stat *bt = fs__vstat(&st->v[0], (int)focus, FS_M_TTT);
    const struct fs_stat *bc = fs__vstat(&st->v[0], (int)focus, FS_M_TCO);
    struct tpanel pn[2];
    double maxd, lw = 0.0, top = 0.73, bottom = 0.16;
    struct fs__tunit u;
    struct fs__wfile gp;
    struct fs__keyitem keys[3] = {{fs__palette[0], "input at its low value"},
                                  {fs__palette[1], "input at its high value"},
                                  {"#999999", "hatched: did not finish in any replicate"}};
    size_t nkeys = 2;
    int yf = c->font;
    FILE *f;

    memset(pn, 0, sizeof(pn));
    for (int p = 0; p < 2; p++) {
        pn[p].w = malloc((s->nsens + 1) * sizeof(*pn[p].w));
        pn[p].lab = calloc(2 * s->nsens + 2, sizeof(*pn[p].lab));
        if (pn[p].w == NULL || pn[p].lab == NULL) {
            fs__nomem(c);
            goto out;
        }
    }
    /* The unit: days, or hours for a short run (by the longest result). */
    maxd = bt->n > 0 ? bt->p50 : 0.0;
    pn[0].nb = tornado_bars(st, 1, 1.0, maxd, pn[0].w);
    for (size_t i = 0; i < pn[0].nb; i++) {
        if (!pn[0].w[i].lo_nf)
            maxd = fmax(maxd, pn[0].w[i].lo);
        if (!pn[0].w[i].hi_nf)
            maxd = fmax(maxd, pn[0].w[i].hi);
    }
    u = fs__time_unit(maxd);
    pn[0].base = bt->n > 0 ? bt->p50 * u.mul : NAN;
    pn[1].base = bc->mean;
    pn[0].nb = tornado_bars(st, 1, u.mul, pn[0].base, pn[0].w);
    pn[1].nb = tornado_bars(st, 0, 1.0, pn[1].base, pn[1].w);
    for (size_t i = 0; i < pn[0].nb; i++)
        if (pn[0].w[i].lo_nf || pn[0].w[i].hi_nf)
            nkeys = 3;

    /* Room for the input names left of each panel: at most a fifth of the
     * width; longer names are cut. */
    if (s->nsens > 12)
        yf = c->font - 4;
    for (size_t i = 0; i < s->nsens; i++)
        lw = fmax(lw, fs__text_px(s->sens[i].label, yf));
    lw = fmin(lw + 1.2 * c->font, 0.2 * c->width) / c->width;
    pn[0].l = 0.02 + lw;
    pn[0].r = 0.47;
    pn[1].l = 0.53 + lw;
    pn[1].r = 0.97;
    pn[0].scale = 1.0;
    pn[0].sfx = "";
    for (int p = 0; p < 2; p++)
        if (!isnan(pn[p].base))
            tornado_layout(c, s, &pn[p], p == 0);
    pn[1].scale = fs__axis_scale(fmax(fabs(pn[1].xl), fabs(pn[1].xr)), &pn[1].sfx);

    if (write_tornado_dat(c, pn, u) != FS_OK)
        goto out;

    if (fs__wopen(c, &gp, "tornado.gp") != FS_OK)
        goto out;
    f = gp.f;
    fs__gp_begin(c, f, "tornado", "sensitivity of one job to each uncertain input");
    fs__gp_title(c, f, 1, "%s: sensitivity of %s to its uncertain inputs", s->name, job);
    fs__gp_legend(c, f, keys, nkeys);
    fs__gp_note(c, f, "Each bar: one input from its low to its high value (at its ends), the "
                  "others at base.");
    /* Each bar is drawn as its far part (the end farther from the base)
     * and, over it, its near part; colours by which end (low or high). */
    fputs("    isfar(b, l, h) = abs(l - b) >= abs(h - b)\n"
          "    far(b, l, h) = isfar(b, l, h) ? l : h\n"
          "    near(b, l, h) = isfar(b, l, h) ? h : l\n"
          "    lesser(a, b) = a < b ? a : b\n"
          "    greater(a, b) = a < b ? b : a\n",
          f);
    fprintf(f, "    cfar(b, l, h) = isfar(b, l, h) ? %s : %s\n"
               "    cnear(b, l, h) = isfar(b, l, h) ? %s : %s\n",
            "0x0072B2", "0xE69F00", "0xE69F00", "0x0072B2");
    fputs("    set style textbox opaque fc rgb '#ffffff' noborder\n", f);
    for (int p = 0; p < 2; p++)
        gp_tornado_panel(c, f, pn, p, u, lw, yf, nkeys, bottom, top);
    fputs("    unset multiplot\n", f);
    fs__gp_end(f);
    fs__wclose(c, &gp);
out:
    for (int p = 0; p < 2; p++) {
        free(pn[p].w);
        free(pn[p].lab);
    }
    return c->rc;
}
