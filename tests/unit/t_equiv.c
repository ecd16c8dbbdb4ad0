/*
 * t_equiv.c - statistical equivalence of the engine with the one before
 * issue 16 (per-node failure clocks, checkpoints as events). The random
 * streams changed, so the numbers do not match draw for draw; they must
 * match in distribution.
 *
 * For every case of tests/equiv/cases.txt (the public peer's validation
 * scenarios, the shipped scenarios, and a case with every failure feature
 * under each failure-clock setting and under Weibull), the engine runs
 * NREP replicates at the scenario's own seed and each job's
 * time_to_train_days, goodput_share, interruptions, gpu_hours_lost and
 * checkpoints are compared with the earlier engine's 2,000 replicates at
 * another seed, recorded in tests/equiv/ref/NAME.csv (tests/equiv/README.md
 * says how), by two tests:
 *  - means: Welch's z = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2) against the
 *    normal quantile (gsl_cdf_ugaussian_Qinv) at the level below;
 *  - distributions: the two-sample Kolmogorov-Smirnov statistic
 *    D = sup |F1(x) - F2(x)| over the pooled sample (both sorted with
 *    gsl_sort) against Smirnov's asymptotic critical value
 *    c(alpha) sqrt((n1 + n2) / (n1 n2)), c(alpha) = sqrt(-ln(alpha/2) / 2)
 *    (Smirnov 1948, as in Knuth, TAOCP vol. 2, 3.3.1, and NIST's
 *    Engineering Statistics Handbook 1.3.5.16). Counts are discrete; with
 *    ties the test is conservative.
 * Level: a family-wise 1 % over all the comparisons (Bonferroni: each at
 * 0.01 / K). Unfinished runs count as in replicates.csv (an empty time
 * reads 0 in the reference, and so here), and values are rounded to the
 * reference's 7 significant digits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/cfg.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"
#include "unit.h"
#include "util.h"

#define NREP "1000"
#define NMETRIC 5
#define MAXTOK 16

static const enum fs_metric metrics[NMETRIC] = {FS_M_TTT, FS_M_GOODPUT, FS_M_INTERRUPTS,
                                                FS_M_LOST, FS_M_CHECKPOINTS};

/* x to the 7 significant digits the reference keeps (reference.sh), so
 * both samples tie alike. */
static double round7(double x)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.7g", x);
    return strtod(buf, NULL);
}

/* Two-sample Kolmogorov-Smirnov statistic of sorted x[0..n), y[0..m). */
static double ks_stat(const double *x, size_t n, const double *y, size_t m)
{
    size_t i = 0, k = 0;
    double d = 0.0;
    while (i < n && k < m) {
        double t = x[i] < y[k] ? x[i] : y[k];
        while (i < n && x[i] <= t)
            i++;
        while (k < m && y[k] <= t)
            k++;
        d = fmax(d, fabs((double)i / (double)n - (double)k / (double)m));
    }
    return d;
}

/* Reference column `col` (1-based after job) of job `job` from NAME.csv. */
static double *ref_column(const char *text, const char *job, int col, size_t *n)
{
    size_t cap = 4096;
    double *v = malloc(cap * sizeof(*v));
    const char *line = strchr(text, '\n');
    size_t jl = strlen(job);
    *n = 0;
    while (v != NULL && line != NULL && line[1] != '\0') {
        const char *p = line + 1;
        line = strchr(p, '\n');
        if (strncmp(p, job, jl) != 0 || p[jl] != ',')
            continue;
        p += jl;
        for (int c = 1; c < col && p != NULL; c++)
            p = strchr(p + 1, ',');
        if (p == NULL)
            continue;
        if (*n == cap) {
            double *w = realloc(v, 2 * cap * sizeof(*v));
            if (w == NULL)
                break;
            v = w;
            cap *= 2;
        }
        v[(*n)++] = strtod(p + 1, NULL);
    }
    return v;
}

/* One comparison: Welch's z and the KS statistic with its scale
 * sqrt((n1 + n2) / (n1 n2)). */
struct cmp {
    char what[160];
    double z, d, scale;
};

struct verdict {
    struct cmp *c;
    size_t n, cap;
    int failed;
};

static void keep(struct verdict *v, const struct cmp *c)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 64;
        struct cmp *p = realloc(v->c, cap * sizeof(*p));
        if (p == NULL) {
            v->failed++;
            return;
        }
        v->c = p;
        v->cap = cap;
    }
    v->c[v->n++] = *c;
}

/* Compares every metric of every job of one case. */
static void compare_case(const char *name, const struct fs_mc *mc, const char *ref,
                         struct verdict *v)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc(mc->nrep * sizeof(*x));
    for (size_t j = 0; j < s->njobs && x != NULL; j++)
        for (int k = 0; k < NMETRIC; k++) {
            size_t n;
            double *y = ref_column(ref, s->jobs[j].name, k + 1, &n);
            double mx, my;
            struct cmp c;
            for (size_t r = 0; r < mc->nrep; r++) {
                x[r] = fs_metric_value(&mc->jobs[r * s->njobs + j], metrics[k]);
                x[r] = round7(isnan(x[r]) ? 0.0 : x[r]);
            }
            if (y == NULL || n < 1000) {
                unit_fail(__FILE__, __LINE__, "%s: job %s: %zu reference values", name,
                          s->jobs[j].name, y ? n : 0);
                v->failed++;
                free(y);
                continue;
            }
            gsl_sort(x, 1, mc->nrep);
            gsl_sort(y, 1, n);
            if (x[0] == x[mc->nrep - 1] && y[0] == y[n - 1] && x[0] == y[0]) {
                free(y); /* the same constant: nothing to test */
                continue;
            }
            mx = gsl_stats_mean(x, 1, mc->nrep);
            my = gsl_stats_mean(y, 1, n);
            c.z = (mx - my) / sqrt(gsl_stats_variance(x, 1, mc->nrep) / (double)mc->nrep +
                                   gsl_stats_variance(y, 1, n) / (double)n);
            c.d = ks_stat(x, mc->nrep, y, n);
            c.scale = sqrt((double)(mc->nrep + n) / ((double)mc->nrep * (double)n));
            snprintf(c.what, sizeof(c.what), "%-16s %-15s %-18s new %11.6g ref %11.6g", name,
                     s->jobs[j].name, fs_metric_name(metrics[k]), mx, my);
            keep(v, &c);
            free(y);
        }
    free(x);
}

/* Runs case `line` of cases.txt ("NAME [--no-strategies] [--set P=V]...
 * FILE") and compares it. */
static void run_case(char *line, struct verdict *v)
{
    char *tok[MAXTOK], *save = NULL, *name, *ref, file[128];
    struct fs_override ov[MAXTOK];
    size_t ntok = 0, nov = 0;
    const char *nrep = NREP;
    struct fs_scenario *s;
    struct fs_mc *mc = NULL;
    struct fs_diag d;
    for (char *t = strtok_r(line, " \t", &save); t && ntok < MAXTOK; t = strtok_r(NULL, " \t", &save))
        tok[ntok++] = t;
    if (ntok < 2)
        return;
    name = tok[0];
    for (size_t i = 1; i + 1 < ntok; i++) {
        if (strcmp(tok[i], "-n") == 0 && i + 2 < ntok)
            nrep = tok[++i];
        if (strcmp(tok[i], "--set") == 0 && i + 2 < ntok) {
            char *eq = strchr(tok[++i], '=');
            if (eq == NULL)
                continue;
            *eq = '\0';
            ov[nov++] = (struct fs_override)OV(tok[i], eq + 1);
        }
    }
    ov[nov++] = (struct fs_override)OV("scenario.replicates", nrep);
    s = unit_load(tok[ntok - 1], ov, nov);
    snprintf(file, sizeof(file), "%s.csv", name);
    ref = unit_slurp("tests/equiv/ref", file);
    fs_diag_clear(&d);
    if (s == NULL || ref == NULL || fs_mc_run(s, 2, NULL, NULL, &mc, &d) != FS_OK) {
        unit_fail(__FILE__, __LINE__, "%s: could not run or read the reference", name);
        v->failed++;
    } else {
        compare_case(name, mc, ref, v);
    }
    fs_mc_free(mc);
    free(ref);
    fs_scenario_free(s);
}

TEST(equiv_engine_before_issue16)
{
    char *cases = unit_slurp("tests/equiv", "cases.txt"), *save = NULL;
    struct verdict v = {NULL, 0, 0, 0};
    double alpha, zcrit, c;
    ASSERT(cases != NULL);
    for (char *l = strtok_r(cases, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        if (l[0] != '#')
            run_case(l, &v);
    free(cases);
    ASSERT(v.n > 50); /* the cases did compare something */
    alpha = 0.01 / (double)v.n; /* Bonferroni: 1 % family-wise */
    zcrit = gsl_cdf_ugaussian_Qinv(alpha / 2.0);
    c = sqrt(-log(alpha / 2.0) / 2.0);
    for (size_t i = 0; i < v.n; i++) {
        const struct cmp *x = &v.c[i];
        int bad = !(fabs(x->z) <= zcrit) || !(x->d <= c * x->scale);
        printf("# equiv %s z %+5.2f D %.4f (crit %.2f, %.4f)%s\n", x->what, x->z, x->d, zcrit,
               c * x->scale, bad ? " DIFFERS" : "");
        if (bad) {
            unit_fail(__FILE__, __LINE__, "%s differs", x->what);
            v.failed++;
        }
    }
    free(v.c);
    ASSERT_INT_EQ(v.failed, 0);
}
