/*
 * sobol_study.c - `fleetsim --sobol N` (sobol_study.h): the scenario at
 * every point of the Saltelli design, each point a Monte Carlo run reduced
 * to the study's outputs, then the Sobol indices, their table and files.
 *
 * Workload: N (k + 2) evaluations (3,584 for N = 256 and k = 12), each a
 * scenario load (libconfig parse and validation, a few milliseconds) and a
 * run of sobol.replicates replicates. Every evaluation uses the scenario's
 * seed: replicate r draws the same streams at every design point (common
 * random numbers), so the Monte Carlo noise is the same function at every
 * point and the indices measure the inputs, not the noise between points.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "fleetsim/outfile.h"
#include "fleetsim/report.h"
#include "fleetsim/sobol_study.h"
#include "fleetsim/stats.h"
#include "fleetsim/term.h"
#include "fleetsim/mpi.h"
#include "fleetsim/workmap.h"

/* A value as override text that reads back exactly ("%.17g"). */
static void fmt_value(char *buf, size_t len, double v)
{
    snprintf(buf, len, "%.17g", v);
}

double fs_sobol_study_value(const struct fs_sobol_study *ss, size_t item, size_t i)
{
    double u[FS_SOBOL_MAX_INPUTS];
    fs_sobol_point(ss->a, ss->b, ss->k, item, u);
    return fs_sobol_quantile(&ss->sp->inputs[i], u[i]);
}

/*
 * Loads the scenario with the command-line overrides, then input i at
 * x[i] for every i, then the base's seed and sobol.replicates. An error
 * in an input's value names that input's line in the file.
 */
static int load_at(const struct fs_sobol_study *ss, const double *x, struct fs_scenario **out,
                   struct fs_diag *diag)
{
    struct fs_override *ov = calloc(ss->nov + ss->k + 2, sizeof(*ov));
    char val[FS_SOBOL_MAX_INPUTS][32], where[FS_SOBOL_MAX_INPUTS][40], seed[32], reps[32];
    size_t n = ss->nov;
    int rc;
    if (ov == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (ss->nov > 0)
        memcpy(ov, ss->ov, ss->nov * sizeof(*ov));
    for (size_t i = 0; i < ss->k; i++) {
        const struct fs_sobol_input *in = &ss->sp->inputs[i];
        fmt_value(val[i], sizeof(val[i]), x[i]);
        snprintf(where[i], sizeof(where[i]), "sobol.inputs[%zu]", i);
        ov[n++] = (struct fs_override){in->path, val[i], ss->base->file, in->line, where[i]};
    }
    snprintf(seed, sizeof(seed), "%llu", (unsigned long long)ss->base->seed);
    snprintf(reps, sizeof(reps), "%d", ss->sp->replicates);
    ov[n++] = (struct fs_override){"scenario.seed", seed, NULL, 0, NULL};
    ov[n++] = (struct fs_override){"scenario.replicates", reps, NULL, 0, NULL};
    rc = fs_scenario_load(out, ss->path, ss->cat, ss->rules, ov, n, diag);
    free(ov);
    return rc;
}

/* The job of output o in scenario s (found by name), or SIZE_MAX. */
static size_t job_of(const struct fs_sobol_study *ss, const struct fs_scenario *s, size_t o)
{
    const char *name = ss->base->jobs[ss->sp->outputs[o].job].name;
    for (size_t j = 0; j < s->njobs; j++)
        if (strcmp(s->jobs[j].name, name) == 0)
            return j;
    return SIZE_MAX;
}

/*
 * Output o of a finished run: the mean over the replicates of its metric
 * (a censored time counted at its bound, the run's value at the horizon:
 * the restricted mean, as summary.csv's mean), or the share of replicates
 * where the job finished by its date. NAN when the job is missing.
 */
static double reduce(const struct fs_sobol_study *ss, const struct fs_mc *mc, size_t o,
                     double *scratch)
{
    const struct fs_sobol_output *out = &ss->sp->outputs[o];
    size_t j = job_of(ss, mc->s, o), nj = mc->s->njobs;
    if (j == SIZE_MAX || mc->nrep == 0)
        return NAN;
    if (out->what == FS_SOBOL_FINISHED) {
        struct fs_share sh;
        fs_finish_share(mc, j, out->by_h, &sh);
        return sh.p;
    }
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_job_result *jr = &mc->jobs[r * nj + j];
        double v = fs_metric_value(jr, (enum fs_metric)out->metric);
        if (isnan(v) && fs_metric_censored((enum fs_metric)out->metric))
            v = fs_metric_bound(jr, (enum fs_metric)out->metric);
        scratch[r] = v;
    }
    return gsl_stats_mean(scratch, 1, mc->nrep);
}

/* One design item: load, run, reduce, free (fs_work_fn). */
static int eval_item(void *ctx, size_t item, void *result, struct fs_diag *diag)
{
    const struct fs_sobol_study *ss = ctx;
    double x[FS_SOBOL_MAX_INPUTS], *y = result, *scratch;
    struct fs_scenario *s = NULL;
    struct fs_mc *mc = NULL;
    int rc;
    for (size_t i = 0; i < ss->k; i++)
        x[i] = fs_sobol_study_value(ss, item, i);
    if ((rc = load_at(ss, x, &s, diag)) != FS_OK)
        return rc;
    rc = fs_mc_run(s, ss->threads, NULL, NULL, &mc, diag);
    if (rc == FS_OK && (scratch = malloc(mc->nrep * sizeof(*scratch))) == NULL)
        rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK) {
        for (size_t o = 0; o < ss->nout; o++)
            y[o] = reduce(ss, mc, o, scratch);
        free(scratch);
    }
    fs_mc_free(mc);
    fs_scenario_free(s);
    return rc;
}

/* The lowest (hi 0) or highest (hi 1) value the design gives each input. */
static void extremes(const struct fs_sobol_study *ss, int hi, double *x)
{
    for (size_t i = 0; i < ss->k; i++) {
        double m = hi ? -INFINITY : INFINITY;
        for (size_t j = 0; j < ss->n; j++) {
            double va = fs_sobol_quantile(&ss->sp->inputs[i], ss->a[j * ss->k + i]);
            double vb = fs_sobol_quantile(&ss->sp->inputs[i], ss->b[j * ss->k + i]);
            m = hi ? fmax(m, fmax(va, vb)) : fmin(m, fmin(va, vb));
        }
        x[i] = m;
    }
}

int fs_sobol_study_init(struct fs_sobol_study *ss, const char *path,
                        const struct fs_catalog *cat, const struct fs_rulebook *rules,
                        const struct fs_override *ov, size_t nov,
                        const struct fs_scenario *base, size_t n, struct fs_diag *diag)
{
    double x[FS_SOBOL_MAX_INPUTS];
    int rc;
    memset(ss, 0, sizeof(*ss));
    if (base->sobol == NULL)
        return fs_diag_set(diag, FS_EUSAGE, path, 0, "sobol",
                           "--sobol needs a 'sobol' group in the scenario (its inputs and "
                           "outputs; docs/scenario-format.md)");
    if (n < 2 || n > FS_SOBOL_MAX_N)
        return fs_diag_set(diag, FS_EUSAGE, "--sobol", 0, NULL,
                           "base samples: expected 2 to %d (got %zu)", FS_SOBOL_MAX_N, n);
    *ss = (struct fs_sobol_study){path, cat, rules, ov, nov, base, base->sobol, n,
                                  base->sobol->k, base->sobol->nout, 0, 0,
                                  NULL, NULL, NULL, NULL, NULL, NULL, 0};
    ss->nitems = n * (ss->k + 2);
    ss->a = malloc(n * ss->k * sizeof(*ss->a));
    ss->b = malloc(n * ss->k * sizeof(*ss->b));
    if (ss->a == NULL || ss->b == NULL) {
        fs_sobol_study_release(ss);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    if ((rc = fs_sobol_design(n, ss->k, ss->a, ss->b)) != FS_OK) {
        fs_sobol_study_release(ss);
        return fs_diag_set(diag, rc, path, base->sobol->line, "sobol.inputs",
                           rc == FS_ENOMEM ? "out of memory"
                                           : "at most %d inputs (GSL's Sobol sequence has 40 "
                                             "dimensions, the design takes 2 per input)",
                           FS_SOBOL_MAX_INPUTS);
    }
    /* Every input at the lowest, then the highest value of the design: a
     * value the scenario rejects on its own is found before the long run
     * starts (values valid alone but not together are found at their
     * design point: docs/model.md). */
    for (int hi = 0; hi < 2; hi++) {
        struct fs_scenario *s = NULL;
        extremes(ss, hi, x);
        if ((rc = load_at(ss, x, &s, diag)) != FS_OK) {
            fs_sobol_study_release(ss);
            return rc;
        }
        fs_scenario_free(s);
    }
    return FS_OK;
}

/* On the root: the indices of every output, and the outputs' spread. */
static int compute(struct fs_sobol_study *ss, struct fs_diag *diag)
{
    size_t n = ss->n, k = ss->k;
    double *ab = malloc(2 * n * sizeof(*ab));
    ss->idx = malloc(ss->nout * k * sizeof(*ss->idx));
    ss->mean = malloc(ss->nout * sizeof(*ss->mean));
    ss->sd = malloc(ss->nout * sizeof(*ss->sd));
    if (ab == NULL || ss->idx == NULL || ss->mean == NULL || ss->sd == NULL) {
        free(ab);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (size_t o = 0; o < ss->nout; o++) {
        /* The bootstrap's stream: the scenario's seed and the output. */
        uint64_t seed = ss->base->seed * 1000003u + o;
        for (size_t j = 0; j < n; j++) {
            ab[j] = ss->y[(j * (k + 2)) * ss->nout + o];
            ab[n + j] = ss->y[(j * (k + 2) + 1) * ss->nout + o];
        }
        ss->mean[o] = gsl_stats_mean(ab, 1, 2 * n);
        ss->sd[o] = gsl_stats_sd(ab, 1, 2 * n);
        if (fs_sobol_indices(ss->y + o, ss->nout, n, k, (size_t)ss->sp->bootstrap,
                             ss->sp->confidence, seed, ss->idx + o * k) != FS_OK) {
            free(ab);
            return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
    }
    free(ab);
    ss->done = 1;
    return FS_OK;
}

int fs_sobol_study_run(struct fs_sobol_study *ss, int threads, fs_progress_fn *progress,
                       void *ctx, struct fs_diag *diag)
{
    int rc;
    ss->threads = threads;
    rc = FS_OK;
    if (fs_workmap_root() &&
        (ss->y = malloc(ss->nitems * ss->nout * sizeof(*ss->y))) == NULL)
        rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if ((rc = fs_mpi_agree(rc, diag)) != FS_OK) /* before fs_workmap's collectives */
        return rc;
    if (progress != NULL && ctx != NULL) /* the bar names the study */
        *(struct fs_progress_label *)ctx = (struct fs_progress_label){"sobol design", 0, 1};
    rc = fs_workmap(ss->nitems, ss->nout * sizeof(double), eval_item, ss, progress, ctx, ss->y,
                    diag);
    if (rc != FS_OK || !fs_workmap_root())
        return rc;
    return compute(ss, diag);
}

void fs_sobol_study_release(struct fs_sobol_study *ss)
{
    free(ss->a);
    free(ss->b);
    free(ss->y);
    free(ss->idx);
    free(ss->mean);
    free(ss->sd);
    memset(ss, 0, sizeof(*ss));
}

/* ---- outputs -------------------------------------------------------------- */

/* "0.412 [0.351, 0.474]"; "-" for an index that does not exist. */
static void fmt_index(char *buf, size_t len, double v, double lo, double hi)
{
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (isfinite(lo) && isfinite(hi))
        snprintf(buf, len, "%6.3f [%6.3f, %6.3f]", v, lo, hi);
    else
        snprintf(buf, len, "%6.3f", v);
}

/* An input's place in the table: by total index, largest first (NaN
 * last, then input order). */
struct rank {
    double st;
    size_t i;
};
static int by_total(const void *pa, const void *pb)
{
    const struct rank *a = pa, *b = pb;
    int fx = isfinite(a->st), fy = isfinite(b->st);
    if (fx != fy)
        return fy - fx;
    if (fx && a->st != b->st)
        return a->st < b->st ? 1 : -1;
    return (a->i > b->i) - (a->i < b->i);
}

void fs_sobol_report(const struct fs_sobol_study *ss, FILE *out)
{
    struct rank order[FS_SOBOL_MAX_INPUTS];
    char n1[32], n2[32];
    int w = 5; /* the input column: its widest label */
    if (!ss->done)
        return;
    for (size_t i = 0; i < ss->k; i++) {
        const char *l = fs_term(ss->sp->inputs[i].label);
        w = (int)fs_term_cols(l, strlen(l)) > w ? (int)fs_term_cols(l, strlen(l)) : w;
    }
    fprintf(out, "\nsobol indices: %s base samples x (%zu input%s + 2) = %s evaluations of %d "
                 "replicates each;\n%.0f%% bootstrap intervals (%d resamples)\n",
            fs_fmt_thousands((double)ss->n, n1, sizeof(n1)), ss->k, ss->k == 1 ? "" : "s",
            fs_fmt_thousands((double)ss->nitems, n2, sizeof(n2)), ss->sp->replicates,
            100.0 * ss->sp->confidence, ss->sp->bootstrap);
    for (size_t o = 0; o < ss->nout; o++) {
        const struct fs_sobol_index *ix = ss->idx + o * ss->k;
        double sum1 = 0;
        fprintf(out, "\n  %s: mean %.4g, sd %.4g over the design\n",
                fs_term(ss->sp->outputs[o].label), ss->mean[o], ss->sd[o]);
        fprintf(out, "    %-*s  %-27s  %s\n", w, "input", "first order S1", "total ST");
        for (size_t i = 0; i < ss->k; i++)
            order[i] = (struct rank){ix[i].st, i};
        qsort(order, ss->k, sizeof(order[0]), by_total);
        for (size_t r = 0; r < ss->k; r++) {
            const struct fs_sobol_index *x = &ix[order[r].i];
            char a[64], b[64];
            fmt_index(a, sizeof(a), x->s1, x->s1_lo, x->s1_hi);
            fmt_index(b, sizeof(b), x->st, x->st_lo, x->st_hi);
            const char *l = fs_term(ss->sp->inputs[order[r].i].label);
            fprintf(out, "    %s%*s  %-27s  %s\n", l, w - (int)fs_term_cols(l, strlen(l)), "", a,
                    b);
            sum1 += x->s1;
        }
        if (isfinite(sum1))
            fprintf(out, "    sum of S1 %.3f; 1 - sum = %.3f is the share of interactions (up "
                         "to the estimates' error)\n", sum1, 1.0 - sum1);
        else
            fprintf(out, "    (no indices: the output did not vary, or was not finite, over "
                         "the design)\n");
    }
}

static int write_indices(const struct fs_sobol_study *ss, const char *dir, struct fs_diag *diag)
{
    struct fs_outfile o;
    int rc;
    memset(&o, 0, sizeof(o));
    if ((rc = fs_outfile_open(&o, dir, "sobol.csv", diag)) != FS_OK)
        return rc;
    fputs("input,setting,distribution,output,s1,s1_low,s1_high,st,st_low,st_high,n,"
          "evaluations,replicates,output_mean,output_sd\n", o.f);
    for (size_t q = 0; q < ss->nout; q++)
        for (size_t i = 0; i < ss->k; i++) {
            const struct fs_sobol_index *x = &ss->idx[q * ss->k + i];
            const struct fs_sobol_input *in = &ss->sp->inputs[i];
            double v[6] = {x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo, x->st_hi};
            fs_csv_str(o.f, in->label);
            fputc(',', o.f);
            fs_csv_str(o.f, in->path);
            fprintf(o.f, ",%s,", fs_sobol_dist_name(in->dist));
            fs_csv_str(o.f, ss->sp->outputs[q].label);
            for (int c = 0; c < 6; c++) {
                fputc(',', o.f);
                fs_csv_num(o.f, v[c]);
            }
            fprintf(o.f, ",%zu,%zu,%d,", ss->n, ss->nitems, ss->sp->replicates);
            fs_csv_num(o.f, ss->mean[q]);
            fputc(',', o.f);
            fs_csv_num(o.f, ss->sd[q]);
            fputc('\n', o.f);
        }
    if ((rc = fs_outfile_close(&o, diag)) != FS_OK || (rc = fs_outfile_commit(&o, diag)) != FS_OK)
        fs_outfile_discard(&o);
    return rc;
}

/* sobol_evaluations.csv: each design item's matrix, input values and
 * outputs, to audit or re-analyse the study. */
static int write_evaluations(const struct fs_sobol_study *ss, const char *dir,
                             struct fs_diag *diag)
{
    struct fs_outfile o;
    int rc;
    memset(&o, 0, sizeof(o));
    if ((rc = fs_outfile_open(&o, dir, "sobol_evaluations.csv", diag)) != FS_OK)
        return rc;
    fputs("evaluation,row,matrix", o.f);
    for (size_t i = 0; i < ss->k; i++) {
        fputc(',', o.f);
        fs_csv_str(o.f, ss->sp->inputs[i].label);
    }
    for (size_t q = 0; q < ss->nout; q++) {
        fputc(',', o.f);
        fs_csv_str(o.f, ss->sp->outputs[q].label);
    }
    fputc('\n', o.f);
    for (size_t it = 0; it < ss->nitems; it++) {
        size_t c = it % (ss->k + 2);
        fprintf(o.f, "%zu,%zu,", it, it / (ss->k + 2));
        if (c < 2)
            fputs(c == 0 ? "A" : "B", o.f);
        else
            fprintf(o.f, "AB%zu", c - 1);
        for (size_t i = 0; i < ss->k; i++) {
            fputc(',', o.f);
            fs_csv_num(o.f, fs_sobol_study_value(ss, it, i));
        }
        for (size_t q = 0; q < ss->nout; q++) {
            fputc(',', o.f);
            fs_csv_num(o.f, ss->y[it * ss->nout + q]);
        }
        fputc('\n', o.f);
    }
    if ((rc = fs_outfile_close(&o, diag)) != FS_OK || (rc = fs_outfile_commit(&o, diag)) != FS_OK)
        fs_outfile_discard(&o);
    return rc;
}

int fs_sobol_write(const struct fs_sobol_study *ss, const char *dir, struct fs_diag *diag)
{
    int rc;
    if (!ss->done)
        return FS_OK;
    if ((rc = fs_mkdir_p(dir, diag)) != FS_OK || (rc = write_indices(ss, dir, diag)) != FS_OK)
        return rc;
    return write_evaluations(ss, dir, diag);
}
