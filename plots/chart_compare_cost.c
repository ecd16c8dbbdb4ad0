/*
 * chart_compare_cost.c - compare_cost: each variant's cost by component,
 * stacked bars.
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

/* A value written over a bar at x (NaN: no bar). */
struct vlabel {
    double x, v;
    char text[32];
};

/*
 * Sets the y range of a bar panel and writes the values over its bars
 * (labels id0, id0 + 1, ...): level when every one fits over its bar
 * (`room` pixels apart), else turned upright; the range leaves room above
 * the tallest for its label, and `reserve` pixels more at the top (for
 * notes). ph: the panel's height in pixels.
 */
static void gp_value_labels(struct fs__plot_ctx *c, FILE *f, struct vlabel *lab, size_t n,
                            int id0, double room, double ph, double scale, double reserve)
{
    double vmax = 0.0, top = 0.0, widest = 0.0;
    int upright, bf = fs__bar_font(c);
    for (size_t i = 0; i < n; i++) {
        if (isnan(lab[i].v))
            continue;
        fs_fmt_usd(lab[i].v, lab[i].text, sizeof(lab[i].text));
        widest = fmax(widest, fs__text_px(lab[i].text, bf));
        vmax = fmax(vmax, lab[i].v);
    }
    upright = widest > 0.4 * room - 4.0;
    for (size_t i = 0; i < n; i++) {
        double need = (upright ? 1.1 * fs__text_px(lab[i].text, bf) + 0.9 * bf + 8.0 : 2.2 * bf) +
                      reserve;
        if (!isnan(lab[i].v) && lab[i].v > 0 && need < 0.6 * ph)
            top = fmax(top, lab[i].v / (1.0 - need / ph));
    }
    top = fmax(top, vmax * 1.15 / (1.0 - fmin(reserve / ph, 0.5)));
    fprintf(f, "    set yrange [0:%.6g]\n", top > 0 ? top / scale : 1.0);
    for (size_t i = 0; i < n; i++) {
        if (isnan(lab[i].v))
            continue;
        if (upright)
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g left rotate by 90 offset 0,0.5 "
                       "font ',%d'\n",
                    (size_t)id0 + i, lab[i].text, lab[i].x, lab[i].v / scale, bf);
        else
            fprintf(f, "    set label %zu '%s' at %.3f, %.6g center offset 0,0.7 font ',%d'\n",
                    (size_t)id0 + i, lab[i].text, lab[i].x, lab[i].v / scale, bf);
    }
}

/* How n names fit as x tics in `frac` of the width: level with their
 * second lines, else level without them (*second set to NULL), else
 * turned (second lines left out). */
static int name_tics_mode(const struct fs__plot_ctx *c, const char *const *names,
                          const char ***second, size_t n, double frac)
{
    int m = fs__tics_mode(c, fs__widest(names, *second, n, c->font), n, frac);
    if (m != FS__TICS_ROTATED)
        return m;
    m = fs__tics_mode(c, fs__widest(names, NULL, n, c->font), n, frac);
    if (m != FS__TICS_ROTATED)
        *second = NULL;
    return m;
}

/* What the data file and the script share. */
struct ccost {
    const char **names, **second, **fsecond;
    char (*ratio)[32], (*fratio)[32];
    struct fs__fleet_sum *fl;
    int *flag, *unfinished;
    struct vlabel *lab;
    struct fs__keyitem keys[6];
    size_t nkeys;
    double jmax, fmaxv;
};

static int write_cc_dat(struct fs__plot_ctx *c, struct ccost *x)
{
    const struct fs_study *st = c->st;
    const char *job = st->v[0].s->jobs[fs_study_focus_job(st)].name;
    const char **names = x->names, **second = x->second, **fsecond = x->fsecond;
    char (*ratio)[32] = x->ratio, (*fratio)[32] = x->fratio;
    struct fs__fleet_sum *fl = x->fl;
    int *flag = x->flag, *unfinished = x->unfinished;
    double jmax = 0.0, fmaxv = 0.0;
    size_t n = st->n;
    struct fs__wfile dat;
    char qb[FS__QLEN];
    FILE *f;

    if (fs__wopen(c, &dat, "compare_cost.dat") != FS_OK)
        return c->rc;
    f = dat.f;
    fprintf(f, "# fleetsim %s: costs in USD, means over %zu replicates per variant.\n"
               "# index 0: job %s, one row per variant that has it (x = the variant's\n"
               "# position, 0 = baseline)\n"
               "# x rental_equivalent tco_capex tco_energy tco_lost_work tco_idle_capacity "
               "tco_total finished_share\n",
            FS_VERSION, st->v[0].mc->nrep, fs_plot_quote(job, qb, sizeof(qb)));
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs_study_job(v, job);
        double rent, tco, fin;
        names[k] = v->label;
        second[k] = ratio[k];
        fsecond[k] = fratio[k];
        flag[k] = j < 0;
        if (j < 0) {
            snprintf(ratio[k], sizeof(ratio[k]), "no such job");
            fprintf(f, "# %zu: variant %s: no such job\n", k,
                    fs_plot_quote(v->label, qb, sizeof(qb)));
            continue;
        }
        rent = fs__vstat(v, j, FS_M_RENTAL)->mean;
        tco = fs__vstat(v, j, FS_M_TCO)->mean;
        fin = (double)fs__vstat(v, j, FS_M_TTT)->n / (double)v->mc->nrep;
        /* An unfinished run is charged only for the work it did: a note
         * names such variants. */
        unfinished[k] = fin < 1.0;
        snprintf(ratio[k], sizeof(ratio[k]), "TCO %.2fx rental", rent > 0 ? tco / rent : 0.0);
        fprintf(f, "# %zu: variant %s\n", k, fs_plot_quote(v->label, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g %.6g\n", k, rent,
                fs__vstat(v, j, FS_M_TCO_CAPEX)->mean,
                fs__vstat(v, j, FS_M_TCO_ENERGY)->mean,
                fs__vstat(v, j, FS_M_TCO_LOST)->mean,
                fs__vstat(v, j, FS_M_TCO_IDLE)->mean, tco, fin);
        jmax = fmax(jmax, fmax(rent, tco));
    }
    fprintf(f, "\n\n# index 1: the whole fleet of each variant over its horizon, means over\n"
               "# replicates. Rental-equivalent: GPU-hours in service x $/GPU-h.\n"
               "# x rental_equivalent capex energy rent_paid total\n");
    for (size_t k = 0; k < n; k++) {
        double tot;
        fs__fleet_sum(st->v[k].mc, &fl[k]);
        tot = fl[k].capex + fl[k].energy + fl[k].rent_paid;
        snprintf(fratio[k], sizeof(fratio[k]), "%.2fx rental",
                 fl[k].rent_equiv > 0 ? tot / fl[k].rent_equiv : 0.0);
        fprintf(f, "# %zu: variant %s, %g days\n", k,
                fs_plot_quote(st->v[k].label, qb, sizeof(qb)), st->v[k].s->horizon_days);
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g\n", k, fl[k].rent_equiv, fl[k].capex,
                fl[k].energy, fl[k].rent_paid, tot);
        fmaxv = fmax(fmaxv, fmax(fl[k].rent_equiv, tot));
    }
    x->jmax = jmax;
    x->fmaxv = fmaxv;
    return fs__wclose(c, &dat);

}

static int write_cc_gp(struct fs__plot_ctx *c, struct ccost *x)
{
    static const struct fs__segment jrent[] = {{2, COL_RENTAL}};
    static const struct fs__segment jseg[] = {
        {3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_LOST}, {6, COL_IDLECAP}};
    static const struct fs__segment frent[] = {{2, COL_RENTAL}};
    static const struct fs__segment fseg[] = {{3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_RENTPAID}};
    const struct fs_study *st = c->st;
    const struct fs_scenario *b = st->v[0].s;
    const char *job = b->jobs[fs_study_focus_job(st)].name;
    const char **names = x->names, **shown = x->second, **fshown = x->fsecond;
    const struct fs__fleet_sum *fl = x->fl;
    const int *flag = x->flag, *unfinished = x->unfinished;
    const struct fs__keyitem *keys = x->keys;
    struct vlabel *lab = x->lab;
    double jmax = x->jmax, fmaxv = x->fmaxv, jscale, fscale, bottom, split = 0.6, top;
    const char *jsfx, *fsfx;
    size_t nkeys = x->nkeys, n = st->n;
    int rot, frot;
    struct fs__wfile gp;
    FILE *f;

    if (fs__wopen(c, &gp, "compare_cost.gp") != FS_OK)
        return c->rc;
    f = gp.f;
    jscale = fs__axis_scale(jmax, &jsfx);
    fscale = fs__axis_scale(fmaxv, &fsfx);
    rot = name_tics_mode(c, names, &shown, n, split - 0.12);
    frot = name_tics_mode(c, names, &fshown, n, 0.97 - split - 0.08);
    bottom = fmax(fs__panel_bottom(c, rot, fs__widest(names, NULL, n, c->font - 4)),
                  fs__panel_bottom(c, frot, fs__widest(names, NULL, n, c->font - 4)));
    top = fs__legend_rows(c, keys, nkeys) >= 3 ? 0.72 : 0.76;
    fs__gp_begin(c, f, "compare_cost", "cost by component, per variant");
    fs__gp_title(c, f, 1, "%s: %s: marginal (rental-equiv.) vs dedicated (TCO) view; the fleet, by %s",
                 b->name, job,
             fs__kind_word(st));
    fs__gp_legend(c, f, keys, nkeys);
    fs__gp_note(c, f, "Means over replicates; a run that did not finish is charged for the work "
                  "it did.");

    /* Left: the job, rental-equivalent beside TCO by component. */
    for (size_t k = 0; k < n; k++) {
        const struct fs_variant *v = &st->v[k];
        int j = fs_study_job(v, job);
        lab[2 * k].v = lab[2 * k + 1].v = NAN;
        if (j < 0)
            continue;
        lab[2 * k] = (struct vlabel){(double)k - 0.2, fs__vstat(v, j, FS_M_RENTAL)->mean, ""};
        lab[2 * k + 1] = (struct vlabel){(double)k + 0.2, fs__vstat(v, j, FS_M_TCO)->mean, ""};
    }
    fs__gp_panel(f, 0.10, split - 0.02, bottom, top);
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", n - 1);
    fs__gp_name_tics(c, f, names, shown, n, rot);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n", fs__scale_word(jscale),
            jsfx);
    {
        /* Notes naming variants go at the top: keep that band clear. */
        int notes = 0;
        for (size_t k = 0; k < n; k++)
            notes |= (flag[k] ? 1 : 0) | (unfinished[k] ? 2 : 0);
        gp_value_labels(c, f, lab, 2 * n, 200, (split - 0.12) * c->width / ((double)n + 0.2),
                        (top - bottom) * c->height, jscale,
                        (double)((notes & 1) + (notes >> 1)) * 1.5 * fs__bar_font(c) * 1.25);
    }
    fputs("    set title ", f);
    fs__put_qf(c, f, "%s (mean of %zu replicates)", job, st->v[0].mc->nrep);
    fputc('\n', f);
    fs__gp_variant_note(c, f, st, flag, 30, "No such job in: ", "graph 0.98, graph 0.95 right");
    fs__gp_variant_note(c, f, st, unfinished, 31, "Not finished in every replicate: ",
                    fs__flag_any(flag, n) ? "graph 0.98, graph 0.89 right"
                                      : "graph 0.98, graph 0.95 right");
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 0, -0.2, 0.18, jscale, jrent, 1);
    fputs(", \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 0, 0.2, 0.18, jscale, jseg, 4);
    fputs("\n", f);
    for (size_t k = 0; k < 2 * n; k++)
        fprintf(f, "    unset label %zu\n", 200 + k);
    fputs("    unset label 30\n    unset label 31\n    unset label 101\n", f);
    fs__gp_variant_note_clear(f, 30);
    fs__gp_variant_note_clear(f, 31);
    fs__gp_legend_clear(f, nkeys);

    /* Right: each variant's whole fleet over its horizon. */
    for (size_t k = 0; k < n; k++) {
        lab[2 * k] = (struct vlabel){(double)k - 0.2, fl[k].rent_equiv, ""};
        lab[2 * k + 1] = (struct vlabel){(double)k + 0.2,
                                         fl[k].capex + fl[k].energy + fl[k].rent_paid, ""};
    }
    fs__gp_panel(f, split + 0.08, 0.97, bottom, top);
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", n - 1);
    fs__gp_name_tics(c, f, names, fshown, n, frot);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n", fs__scale_word(fscale),
            fsfx);
    gp_value_labels(c, f, lab, 2 * n, 400, (0.97 - split - 0.08) * c->width / ((double)n + 0.2),
                    (top - bottom) * c->height, fscale, 0.0);
    if (b->horizon_days > 0)
        fprintf(f, "    set title 'Whole fleet, %g days'\n", b->horizon_days);
    fputs("    plot \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 1, -0.2, 0.18, fscale, frent, 1);
    fputs(", \\\n", f);
    fs__gp_stack(f, "compare_cost.dat", 1, 0.2, 0.18, fscale, fseg, 3);
    fputs("\n    unset multiplot\n", f);
    fs__gp_end(f);
    return fs__wclose(c, &gp);
}

int fs__chart_compare_cost(struct fs__plot_ctx *c)
{
    const struct fs_study *st = c->st;
    struct ccost x;
    size_t n = st->n;
    int any_rented = 0, any_owned = 0;

    memset(&x, 0, sizeof(x));
    x.names = malloc(n * sizeof(*x.names));
    x.second = malloc(n * sizeof(*x.second));
    x.fsecond = malloc(n * sizeof(*x.fsecond));
    x.ratio = malloc(n * sizeof(*x.ratio));
    x.fratio = malloc(n * sizeof(*x.fratio));
    x.fl = malloc(n * sizeof(*x.fl));
    x.flag = malloc(n * sizeof(*x.flag));
    x.lab = malloc(2 * n * sizeof(*x.lab));
    x.unfinished = calloc(n, sizeof(*x.unfinished));
    if (x.names == NULL || x.second == NULL || x.fsecond == NULL || x.ratio == NULL ||
        x.fratio == NULL || x.fl == NULL || x.flag == NULL || x.lab == NULL ||
        x.unfinished == NULL) {
        fs__nomem(c);
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < st->v[k].s->nclusters; i++) {
            if (st->v[k].s->clusters[i].ownership == FS_RENTED)
                any_rented = 1;
            else
                any_owned = 1;
        }
    x.keys[x.nkeys++] = (struct fs__keyitem){COL_RENTAL, "rental-equivalent"};
    x.keys[x.nkeys++] = (struct fs__keyitem){COL_CAPEX, !any_rented ? "capex amortisation"
                                                        : any_owned ? "capex or rent (jobs)"
                                                                    : "rent (jobs)"};
    x.keys[x.nkeys++] = (struct fs__keyitem){COL_ENERGY, "energy"};
    x.keys[x.nkeys++] = (struct fs__keyitem){COL_LOST, "lost work"};
    x.keys[x.nkeys++] = (struct fs__keyitem){COL_IDLECAP, "idle capacity"};
    if (any_rented)
        x.keys[x.nkeys++] = (struct fs__keyitem){COL_RENTPAID, "rent paid (fleet)"};
    if (write_cc_dat(c, &x) == FS_OK)
        write_cc_gp(c, &x);
out:
    free(x.names);
    free(x.second);
    free(x.fsecond);
    free(x.ratio);
    free(x.fratio);
    free(x.fl);
    free(x.flag);
    free(x.lab);
    free(x.unfinished);
    return c->rc;
}
