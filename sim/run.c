/*
 * run.c - the run sequence of one fleetsim invocation once its study is
 * built: lint, Monte Carlo, result and comparison files, trace, charts,
 * reports. main.c only parses the command line and calls fs_run_study.
 */
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/lint.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"

/* Prints the reports of a finished run to out. */
static void print_reports(const struct fs_study *st, int compare, const char *dir,
                          const struct fs_run_opts *o, int plot_rc, FILE *out)
{
    const struct fs_scenario *s = st->v[0].s;
    fs_report_scenario(s, out);
    fs_report_results(st->v[0].mc, &st->v[0].sum, out);
    if (compare) {
        fs_report_study(st, out);
        fprintf(out, "\nresults: %s/summary.csv, replicates.csv, results.json (baseline), %s\n",
                dir,
                st->kind == FS_STUDY_SWEEP         ? "sweep.csv"
                : st->kind == FS_STUDY_SENSITIVITY ? "sensitivity.csv"
                                                   : "comparison.csv");
    } else {
        fprintf(out, "\nresults: %s/summary.csv, replicates.csv, results.json\n", dir);
    }
    if (plot_rc == FS_OK && o->plot->formats != 0)
        fprintf(out, "charts:  %s/ (gnuplot scripts *.gp and data *.dat beside them)\n", dir);
}

/* Draws the charts into dir. FS_OK, FS_EPLOT or another error in diag. */
static int draw_charts(const struct fs_study *st, int compare, const char *dir,
                       const struct fs_run_opts *o, struct fs_diag *diag)
{
    const struct fs_scenario *s = st->v[0].s;
    struct fs_plot_input pin;
    struct fs_dated_event *events;
    size_t nevents;
    int plot_rc;

    if ((events = fs_dated_events(s, &nevents)) == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    pin = (struct fs_plot_input){st->v[0].mc, &st->v[0].sum, events, nevents};
    plot_rc = fs_plot_all(&pin, dir, o->plot, diag);
    free(events);
    /* The comparison's scripts and data are written even when gnuplot is
     * missing or a baseline chart failed; the first problem is reported. */
    if (compare && (plot_rc == FS_OK || plot_rc == FS_EPLOT)) {
        int rc2 = fs_plot_study(st, dir, o->plot, diag);
        if (plot_rc == FS_OK)
            plot_rc = rc2;
    }
    return plot_rc;
}

int fs_run_study(struct fs_study *st, int compare, const struct fs_run_opts *o, FILE *out,
                 FILE *err)
{
    const struct fs_scenario *s = st->v[0].s;
    struct fs_diag diag;
    char dir[1024];
    int rc, plot_rc;

    for (size_t k = 0; k < st->n; k++)
        fs_scenario_lint_variant(st->v[k].s, k > 0 ? st->v[k].label : NULL, err);
    if (o->trace_path != NULL && o->trace_rep >= (unsigned long)s->replicates) {
        fprintf(err, "fleetsim: --trace-replicate: %lu is not below the %d replicates\n",
                o->trace_rep, s->replicates);
        return FS_EUSAGE;
    }
    fs_diag_clear(&diag);
    rc = fs_study_run(st, o->threads, o->progress, o->progress_ctx, &diag);
    if (rc == FS_OK) {
        if (o->outdir == NULL)
            fs_default_outdir(s, dir, sizeof(dir));
        else
            snprintf(dir, sizeof(dir), "%s", o->outdir);
        rc = fs_write_results(st->v[0].mc, &st->v[0].sum, dir, &diag);
    }
    if (rc == FS_OK && compare)
        rc = fs_write_study(st, dir, &diag);
    if (rc == FS_OK && o->trace_path != NULL)
        rc = fs_write_trace(s, o->trace_rep, o->trace_path, &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, err);
        return rc == FS_EUSAGE || rc == FS_ESCENARIO || rc == FS_EPLOT ? FS_EIO : rc;
    }
    /* Charts come last: their failure leaves the results in place. */
    fs_diag_clear(&diag);
    plot_rc = draw_charts(st, compare, dir, o, &diag);
    print_reports(st, compare, dir, o, plot_rc, out);
    if (plot_rc != FS_OK)
        fs_diag_warn(&diag, err);
    if (o->trace_path != NULL && strcmp(o->trace_path, "-") != 0)
        fprintf(out, "trace of replicate %lu: %s\n", o->trace_rep, o->trace_path);
    return plot_rc;
}
