/*
 * chart_cost.c - cost: each job's cost and the fleet's, by component.
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

/* The left panel: each job's rental-equivalent cost beside its TCO. */
static void gp_job_panel(struct fs__plot_ctx *c, FILE *f, const char *const *names,
                         const char *const *second, int rot, double bottom, double split,
                         double jmax, size_t nkeys)
{
    static const struct fs__segment jrent[] = {{2, COL_RENTAL}};
    static const struct fs__segment jseg[] = {
        {3, COL_CAPEX}, {4, COL_ENERGY}, {5, COL_LOST}, {6, COL_IDLECAP}};
    const struct fs_scenario *s = c->s;
    const char *jsfx;
    double jscale = fs__axis_scale(jmax, &jsfx);
    char b1[32], b2[32];
    double left;

    /* Room left of the panel for the widest tic label ("$200M") and the
     * axis title beside it, so neither is clipped at any size. */
    snprintf(b1, sizeof(b1), "$%.0f%s", jmax > 0 ? jmax / jscale * 1.15 : 1.0, jsfx);
    left = (fs__text_px(b1, c->font) + 3.2 * c->font * 1.25) / c->width;
    fs__gp_panel(f, left > 0.09 ? left : 0.09, split - 0.02, bottom, 0.76);
    fprintf(f, "    set xrange [-0.6:%zu.6]\n", s->njobs - 1);
    fs__gp_name_tics(c, f, names, second, s->njobs, rot);
    fprintf(f, "    set ylabel 'USD%s'\n    set format y '$%%g%s'\n"
               "    set yrange [0:%.6g]\n",
            fs__scale_word(jscale), jsfx, jmax > 0 ? jmax / jscale * 1.15 : 1.0);
    fprintf(f, "    set title 'Per job (mean of %zu replicates)'\n", c->mc->nrep);
    for (size_t k = 0; k < s->njobs; k++) {
        size_t j = s->job_order[k];
        double rent = fs__stat_of(c, j, FS_M_RENTAL)->mean;
        double tco = fs__stat_of(c, j, FS_M_TCO)->mean;
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

int fs__chart_cost(struct fs__plot_ctx *c)
{
    const struct fs_scenario *s = c->s;
    const struct fs_mc *mc = c->mc;
    struct fs__wfile dat, gp;
    const char **names = NULL, **second = NULL;
    char (*ratio)[32] = NULL;
    struct fs__fleet_sum fl;
    double jmax = 0.0, fmaxv, fscale, bottom, split = 0.66;
    const char *fsfx;
    size_t nkeys = 0;
    int any_rented = 0, any_owned = 0, rot = 0, jobs = s->njobs > 0;
    char qb[FS_NAME_MAX * 2 + 3], b1[32], b2[32];
    FILE *f;
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
        double rent = fs__stat_of(c, j, FS_M_RENTAL)->mean, tco = fs__stat_of(c, j, FS_M_TCO)->mean;
        names[k] = s->jobs[j].name;
        snprintf(ratio[k], sizeof(ratio[k]), "TCO %.2fx rental", rent > 0 ? tco / rent : 0.0);
        second[k] = ratio[k];
        fprintf(f, "# %zu: job %s\n", k, fs_plot_quote(s->jobs[j].name, qb, sizeof(qb)));
        fprintf(f, "%zu %.6g %.6g %.6g %.6g %.6g %.6g\n", k, rent,
                fs__stat_of(c, j, FS_M_TCO_CAPEX)->mean,
                fs__stat_of(c, j, FS_M_TCO_ENERGY)->mean,
                fs__stat_of(c, j, FS_M_TCO_LOST)->mean,
                fs__stat_of(c, j, FS_M_TCO_IDLE)->mean, tco);
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
    fscale = fs__axis_scale(fmaxv, &fsfx);
    if (jobs)
        rot = fs__tics_mode(c, fs__widest(names, second, s->njobs, c->font), s->njobs,
                            split - 0.11);
    bottom = fs__panel_bottom(c, rot, fs__widest(names, NULL, s->njobs, c->font - 4));
    fs__gp_begin(c, f, "cost", "rental-equivalent cost against total cost of ownership");
    fputs("    set multiplot title ", f);
    fs__put_qf(c, f, "%s: marginal (rental-equivalent) vs dedicated (TCO) cost", s->name);
    fprintf(f, " font ',%d'\n", c->font + 4);
    fs__gp_legend(c, f, keys, nkeys);
    if (jobs)
        gp_job_panel(c, f, names, second, rot, bottom, split, jmax, nkeys);
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
