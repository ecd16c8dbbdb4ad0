/*
 * plot.c - report-ready charts: the chart tables and the entry points.
 *
 * Each chart is a file of its own (chart_NAME.c) with one entry point that
 * writes NAME.dat (numbers only, fixed formats, so golden tests can compare
 * them) and NAME.gp (a complete gnuplot script that draws NAME.png /
 * NAME.svg / NAME.pdf from the .dat when run in the output folder), each
 * through a temporary file renamed into place. The tables below list them
 * in the order they are written and drawn; render.c then runs one gnuplot
 * process per chart, so that a failure names its chart.
 *
 * Safety. Scenario strings (names of the scenario, jobs, clusters, chips,
 * event labels) appear only in the .gp files and only as single-quoted
 * gnuplot strings made by fs_plot_quote (common.c): quotes doubled, control
 * characters turned into spaces, invalid UTF-8 bytes into '?'. gnuplot
 * expands neither back-quotes nor @macros in single-quoted strings. They
 * never appear in file names, in .gp comments (a trailing backslash would
 * continue the comment onto the next command) or in the command that runs
 * gnuplot; .dat comments carry them quoted the same way. Our own fixed
 * texts are the only double-quoted strings (for "\n").
 *
 * Workload: a handful of charts per run. Nothing here is on the
 * simulation's hot path.
 */
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/sobol_study.h"
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
    if (strcmp(text, "none") == 0 || strcmp(text, "scripts") == 0) {
        *formats = text[0] == 'n' ? 0 : FS_PLOT_SCRIPTS;
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

/* ---- the chart tables ---------------------------------------------------- */

/* One run's charts, in the order they are written and drawn. */
static const struct fs__chart baseline[] = {
    {"progress", fs__chart_progress},
    {"time_to_train", fs__chart_ttt},
    {"gpu_hours", fs__chart_gpu_hours},
    {"cost", fs__chart_cost},
    {"fleet_capacity", fs__chart_fleet},
    {"step_breakdown", fs__chart_step_breakdown},
};

/* A comparison's charts, by the kind of study. */
static const struct fs__chart versus[] = {
    {"compare_time_cost", fs__chart_compare_time_cost},
    {"compare_cost", fs__chart_compare_cost},
    {"compare_progress", fs__chart_compare_progress},
    {"step_breakdown", fs__chart_step_breakdown}, /* every variant's, over the baseline's */
};
static const struct fs__chart sweep[] = {{"sweep", fs__chart_sweep}};
static const struct fs__chart tornado[] = {{"tornado", fs__chart_tornado}};
static const struct fs__chart sobol[] = {{"sobol", fs__chart_sobol}};

/* Writes every chart of a table, then draws those written. */
static int draw_table(struct fs__plot_ctx *c, const struct fs_plot_opts *opts,
                      const struct fs__chart *t, size_t n)
{
    int rc = FS_OK;
    if (opts->formats == 0)
        return FS_OK; /* --plots none: no charts, no scripts, no data */
    if (fs_mkdir_p(c->dir, c->diag) != FS_OK)
        return FS_EIO;
    for (size_t i = 0; i < n && rc == FS_OK; i++)
        rc = t[i].write(c);
    if (rc == FS_OK)
        rc = fs__render(c, opts);
    fs__ctx_release(c);
    return rc;
}

/* ---- entry points -------------------------------------------------------- */

int fs_plot_all(const struct fs_plot_input *in, const char *dir,
                const struct fs_plot_opts *opts, struct fs_diag *diag)
{
    struct fs__plot_ctx c;

    fs__ctx_init(&c, dir, opts, diag);
    c.in = in;
    c.mc = in->mc;
    c.s = in->mc->s;
    c.sum = in->sum;
    return draw_table(&c, opts, baseline, sizeof(baseline) / sizeof(baseline[0]));
}

int fs_plot_study(const struct fs_study *st, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag)
{
    struct fs__plot_ctx c;

    if (st->n == 0 || st->v[0].s->njobs == 0)
        return FS_OK; /* nothing to compare: the charts follow a job */
    if (opts->formats == 0)
        return FS_OK; /* --plots none */
    fs__ctx_init(&c, dir, opts, diag);
    c.mc = st->v[0].mc;
    c.s = st->v[0].s;
    c.sum = &st->v[0].sum;
    c.st = st;
    c.per_variant = 1;
    switch (st->kind) {
    case FS_STUDY_STRATEGIES:
    case FS_STUDY_FILES:
        return draw_table(&c, opts, versus, sizeof(versus) / sizeof(versus[0]));
    case FS_STUDY_SWEEP:
        return draw_table(&c, opts, sweep, 1);
    case FS_STUDY_SENSITIVITY:
        if (st->v[0].s->nsens == 0)
            return FS_OK;
        return draw_table(&c, opts, tornado, 1);
    }
    return FS_OK;
}

int fs_plot_sobol(const struct fs_sobol_study *ss, const char *dir,
                  const struct fs_plot_opts *opts, struct fs_diag *diag)
{
    struct fs__plot_ctx c;
    struct fs_mc mc; /* what the scripts' shared opening reads: s and nrep */

    if (opts->formats == 0 || ss == NULL || !ss->done)
        return FS_OK;
    memset(&mc, 0, sizeof(mc));
    mc.s = ss->base;
    mc.nrep = (size_t)ss->sp->replicates;
    fs__ctx_init(&c, dir, opts, diag);
    c.mc = &mc;
    c.s = ss->base;
    c.sobol = ss;
    return draw_table(&c, opts, sobol, 1);
}
