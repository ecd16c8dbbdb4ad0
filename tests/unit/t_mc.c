/*
 * t_mc.c - what the Monte Carlo run records besides the results: the sample
 * replicate's progress trajectory and the traced replicate's event log are
 * recorded by the worker that runs them, during the parallel phase. They
 * must equal what a separate run of that replicate gives, on any number of
 * threads, and recording must not change any result
 * (tests/unit/data/churn.cfg: failures, repairs, maintenance, queueing).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/cfg.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/scenario.h"
#include "fleetsim/replicate.h"
#include "fleetsim/stats.h"
#include "unit.h"
#include "util.h"

#define CHURN "tests/unit/data/churn.cfg"

/* Points recorded by a separate run, through the public recorder hook. */
struct points {
    struct fs_traj_point *p;
    size_t n, cap;
};

static void keep(void *ctx, size_t job, double t_h, double share)
{
    struct points *pts = ctx;
    if (pts->n == pts->cap) {
        size_t cap = pts->cap ? 2 * pts->cap : 256;
        struct fs_traj_point *p = realloc(pts->p, cap * sizeof(*p));
        if (p == NULL)
            return;
        pts->p = p;
        pts->cap = cap;
    }
    pts->p[pts->n++] = (struct fs_traj_point){t_h, share, job};
}

/*
 * Runs replicate rep of s alone on a fresh simulator, recording its
 * trajectory into *pts and its event log into *log (either may be NULL).
 * FS_OK or an error.
 */
static int rerun(const struct fs_scenario *s, size_t rep, struct points *pts, char **log,
                 size_t *loglen)
{
    struct fs_sim *sim = fs_sim_new(s);
    struct fs_job_result *jobs = calloc(s->njobs + 1, sizeof(*jobs));
    struct fs_cluster_result *cl = calloc(s->nclusters + 1, sizeof(*cl));
    FILE *f = NULL;
    int rc = FS_ENOMEM;
    if (sim != NULL && jobs != NULL && cl != NULL &&
        (log == NULL || (f = open_memstream(log, loglen)) != NULL)) {
        if (pts != NULL)
            fs_sim_set_recorder(sim, keep, pts);
        fs_sim_set_trace(sim, f);
        rc = fs_sim_run(sim, rep, jobs, cl);
    }
    if (f != NULL)
        fclose(f);
    fs_sim_free(sim);
    free(jobs);
    free(cl);
    return rc;
}

/* Every metric of every job in every replicate is the same (bit for bit,
 * NaN matching NaN), and so is every cluster's fleet cost. */
static int same_results(const struct fs_mc *a, const struct fs_mc *b)
{
    const size_t nj = a->s->njobs, nc = a->s->nclusters;
    if (a->nrep != b->nrep)
        return 0;
    for (size_t i = 0; i < a->nrep * nj; i++)
        for (int m = 0; m < FS_M_COUNT; m++) {
            double x = fs_metric_value(&a->jobs[i], (enum fs_metric)m);
            double y = fs_metric_value(&b->jobs[i], (enum fs_metric)m);
            if (!(x == y || (isnan(x) && isnan(y))))
                return 0;
        }
    for (size_t i = 0; i < a->nrep * nc; i++)
        if (a->clusters[i].fleet_capex_usd != b->clusters[i].fleet_capex_usd ||
            a->clusters[i].gpu_h_unused != b->clusters[i].gpu_h_unused)
            return 0;
    return 1;
}

static struct fs_mc *mc_run(const struct fs_scenario *s, int threads, long trace_rep)
{
    struct fs_mc *mc = NULL;
    struct fs_diag d;
    int rc;
    fs_diag_clear(&d);
    rc = trace_rep < 0 ? fs_mc_run(s, threads, NULL, NULL, &mc, &d)
                       : fs_mc_run_traced(s, threads, (size_t)trace_rep, NULL, NULL, &mc, &d);
    if (rc != FS_OK)
        fs_diag_print(&d, stdout);
    return mc;
}

/* Index of the k-th point of job j in pts[0..n), or n if it has fewer. */
static size_t nth_of_job(const struct fs_traj_point *p, size_t n, size_t j, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].job == j && k-- == 0)
            return i;
    return n;
}

/* The sample trajectory recorded during the run is, job by job, point for
 * point and bit for bit, the one a separate run of replicate 0 records; on
 * 1, 2 and 7 threads alike. (Job by job: checkpoints are applied when the
 * job is next looked at, e.g. by a progress sample, so the points of
 * different jobs may interleave differently; the chart draws each job's.) */
TEST(mc_sample_recorded_during_run)
{
    struct fs_scenario *s = unit_load(CHURN, NULL, 0);
    struct points ref = {NULL, 0, 0};
    static const int threads[] = {1, 2, 7};
    ASSERT(s != NULL);
    ASSERT(rerun(s, 0, &ref, NULL, NULL) == FS_OK);
    ASSERT(ref.n > 100); /* enough points to mean something */
    for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
        struct fs_mc *mc = mc_run(s, threads[t], -1);
        ASSERT(mc != NULL);
        ASSERT_INT_EQ(mc->sample_rep, 0);
        ASSERT_INT_EQ(mc->nsample, ref.n);
        for (size_t i = 0; i < ref.n; i++) {
            size_t k = 0; /* ref.p[i] is job j's k-th point */
            for (size_t m = 0; m < i; m++)
                k += ref.p[m].job == ref.p[i].job;
            size_t at = nth_of_job(mc->sample, mc->nsample, ref.p[i].job, k);
            const struct fs_traj_point *a = &mc->sample[at < ref.n ? at : 0], *b = &ref.p[i];
            if (at == ref.n || a->t_h != b->t_h || a->share != b->share || a->job != b->job) {
                unit_fail(__FILE__, __LINE__, "%d threads: point %zu differs", threads[t], i);
                fs_mc_free(mc);
                free(ref.p);
                fs_scenario_free(s);
                return;
            }
        }
        ASSERT(!mc->traced && mc->trace == NULL); /* no trace unless asked */
        fs_mc_free(mc);
    }
    free(ref.p);
    fs_scenario_free(s);
}

/*
 * The event log of replicate 3 recorded during a traced run equals, byte
 * for byte, the log of replicate 3 run alone, on 1, 2 and 7 threads; and a
 * traced run's results are those of an untraced one (recording is
 * passive). Replicate 3 is not the sample replicate, so both recorders run
 * on different replicates at once.
 */
TEST(mc_trace_recorded_during_run)
{
    struct fs_scenario *s = unit_load(CHURN, NULL, 0);
    char *ref = NULL;
    size_t reflen = 0;
    struct fs_mc *plain;
    static const int threads[] = {1, 2, 7};
    ASSERT(s != NULL);
    ASSERT(rerun(s, 3, NULL, &ref, &reflen) == FS_OK);
    ASSERT(reflen > 1000 && strstr(ref, "node_fail") != NULL);
    plain = mc_run(s, 2, -1);
    ASSERT(plain != NULL);
    for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
        struct fs_mc *mc = mc_run(s, threads[t], 3);
        int same_log, same_jobs, same_sample;
        ASSERT(mc != NULL);
        same_log = mc->traced && mc->trace_rep == 3 && mc->trace_len == reflen &&
                   memcmp(mc->trace, ref, reflen) == 0;
        same_jobs = same_results(mc, plain);
        same_sample = mc->nsample == plain->nsample &&
                      memcmp(mc->sample, plain->sample, mc->nsample * sizeof(*mc->sample)) == 0;
        fs_mc_free(mc);
        if (!same_log || !same_jobs || !same_sample) {
            unit_fail(__FILE__, __LINE__, "%d threads: log %d, jobs %d, sample %d", threads[t],
                      same_log, same_jobs, same_sample);
            break;
        }
    }
    fs_mc_free(plain);
    free(ref);
    fs_scenario_free(s);
}

/* Tracing a replicate that does not exist is a usage error, not a silent
 * empty trace. */
TEST(mc_trace_replicate_out_of_range)
{
    struct fs_scenario *s = unit_load(CHURN, NULL, 0);
    struct fs_mc *mc = (struct fs_mc *)&mc; /* must be reset to NULL */
    struct fs_diag d;
    ASSERT(s != NULL);
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_mc_run_traced(s, 1, (size_t)s->replicates, NULL, NULL, &mc, &d),
                  FS_EUSAGE);
    ASSERT(mc == NULL);
    ASSERT(strstr(d.msg, "cannot trace replicate 50 of 50") != NULL);
    fs_scenario_free(s);
}

/* Jobs' metrics equal bit for bit (NaN matching NaN) in every replicate. */
static int same_jobs(const struct fs_mc *a, const struct fs_mc *b)
{
    if (a->nrep != b->nrep)
        return 0;
    for (size_t i = 0; i < a->nrep * a->s->njobs; i++)
        for (int m = 0; m < FS_M_COUNT; m++) {
            double x = fs_metric_value(&a->jobs[i], (enum fs_metric)m);
            double y = fs_metric_value(&b->jobs[i], (enum fs_metric)m);
            if (!(x == y || (isnan(x) && isnan(y))))
                return 0;
        }
    return 1;
}

/* Summary statistics equal, field by field (NaN matching NaN). */
static int same_summary(const struct fs_summary *a, const struct fs_summary *b)
{
    if (a->njobs != b->njobs)
        return 0;
    for (size_t i = 0; i < a->njobs * FS_M_COUNT; i++) {
        const struct fs_stat *x = &a->stats[i], *y = &b->stats[i];
        const double u[] = {x->mean, x->sd, x->p5, x->p50, x->p95, x->min, x->max};
        const double v[] = {y->mean, y->sd, y->p5, y->p50, y->p95, y->min, y->max};
        if (x->n != y->n || x->ncens != y->ncens || x->p50_cens != y->p50_cens)
            return 0;
        for (size_t k = 0; k < sizeof(u) / sizeof(u[0]); k++)
            if (!(u[k] == v[k] || (isnan(u[k]) && isnan(v[k]))))
                return 0;
    }
    return 1;
}

/*
 * Four runs in one pool of workers (fs_mc_run_tasks): the churn scenario
 * keeping everything, a variant with another MFU keeping nothing but its
 * replicates' job results, the churn scenario again keeping its grid, and
 * the variant again keeping only its progress bands (every 7th grid time
 * checked against GSL's quantiles of the sorted grid column).
 * Each run's results and statistics are those of the same run alone
 * (fs_mc_run, fs_summary_compute), bit for bit, on 1, 2 and 7 threads;
 * what a run does not keep is not there (NULL, no sample), and the kept
 * fleet means equal fs_fleet_mean over the full run's clusters.
 */
TEST(mc_tasks_share_one_pool)
{
    const struct fs_override ov = {"jobs[t1].mfu", "0.287", NULL, 0, NULL};
    struct fs_scenario *s0 = unit_load(CHURN, NULL, 0), *s1 = unit_load(CHURN, &ov, 1);
    struct fs_mc *ref0, *ref1;
    struct fs_summary sref0, sref1;
    static const int threads[] = {1, 2, 7};
    ASSERT(s0 != NULL && s1 != NULL);
    ref0 = mc_run(s0, 2, -1);
    ref1 = mc_run(s1, 2, -1);
    ASSERT(ref0 != NULL && ref1 != NULL);
    ASSERT(!same_jobs(ref0, ref1)); /* the variant differs, so the test can fail */
    ASSERT(fs_summary_compute(ref0, &sref0) == FS_OK);
    ASSERT(fs_summary_compute(ref1, &sref1) == FS_OK);
    for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
        struct fs_summary sum[4];
        struct fs_mc_task task[4] = {{s0, FS_MC_KEEP_ALL, 0, 0, &sum[0], NULL, 0},
                                     {s1, 0, 0, 0, &sum[1], NULL, 0},
                                     {s0, FS_MC_GRID, 0, 0, &sum[2], NULL, 0},
                                     {s1, FS_MC_BANDS, 0, 0, NULL, NULL, 0}};
        struct fs_diag d;
        int ok;
        fs_diag_clear(&d);
        ASSERT(fs_mc_run_tasks(task, 4, threads[t], NULL, NULL, &d) == FS_OK);
        ok = same_jobs(task[0].mc, ref0) && same_jobs(task[1].mc, ref1) &&
             same_jobs(task[2].mc, ref0) && same_summary(&sum[0], &sref0) &&
             same_summary(&sum[1], &sref1) && same_summary(&sum[2], &sref0);
        ok = ok && task[0].mc->nsample == ref0->nsample && task[0].mc->capacity != NULL &&
             memcmp(task[0].mc->grid, ref0->grid,
                    ref0->ngrid_reps * s0->njobs * ref0->ngrid * sizeof(float)) == 0 &&
             memcmp(task[2].mc->grid, ref0->grid,
                    ref0->ngrid_reps * s0->njobs * ref0->ngrid * sizeof(float)) == 0;
        ok = ok && task[1].mc->grid == NULL && task[1].mc->capacity == NULL &&
             task[1].mc->clusters == NULL && task[1].mc->orders == NULL &&
             task[1].mc->nsample == 0 && task[2].mc->capacity == NULL &&
             task[2].mc->nsample == 0;
        for (size_t c = 0; ok && c < s1->nclusters; c++) {
            struct fs_cluster_result a, b;
            fs_fleet_mean(task[1].mc, c, &a);
            fs_fleet_mean(ref1, c, &b);
            ok = a.fleet_usd == b.fleet_usd && a.gpu_h_in_service == b.gpu_h_in_service &&
                 a.fleet_energy_mwh == b.fleet_energy_mwh && a.fleet_usd > 0;
        }
        /* The bands are the sorted grid's quantiles (GSL), the grid gone. */
        ok = ok && task[3].mc->grid == NULL && task[3].mc->bands != NULL &&
             same_jobs(task[3].mc, ref1) && ref1->ngrid_reps > 10;
        for (size_t j = 0; ok && j < s1->njobs; j++)
            for (size_t k = 0; ok && k < ref1->ngrid; k += 7) {
                double x[64], want[3];
                size_t n = ref1->ngrid_reps;
                for (size_t r = 0; r < n && r < 64; r++)
                    x[r] = ref1->grid[(r * s1->njobs + j) * ref1->ngrid + k];
                gsl_sort(x, 1, n);
                want[0] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
                want[1] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
                want[2] = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
                ok = n <= 64 && memcmp(want, task[3].mc->bands + (j * ref1->ngrid + k) * 3,
                                       sizeof(want)) == 0;
            }
        for (size_t k = 0; k < 4; k++) {
            if (task[k].sum != NULL)
                fs_summary_release(&sum[k]);
            fs_mc_free(task[k].mc);
        }
        if (!ok) {
            unit_fail(__FILE__, __LINE__, "%d threads: a run differs from its run alone",
                      threads[t]);
            break;
        }
    }
    fs_summary_release(&sref0);
    fs_summary_release(&sref1);
    fs_mc_free(ref0);
    fs_mc_free(ref1);
    fs_scenario_free(s0);
    fs_scenario_free(s1);
}

/* The drops (share lower than the job's previous point) of job j's
 * trajectory: their count, and the time of each into t (room for max). */
static size_t drops(const struct fs_traj_point *p, size_t n, size_t j, double *t, size_t max)
{
    size_t nd = 0, prev = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (p[i].job != j)
            continue;
        if (prev != SIZE_MAX && p[i].share < p[prev].share && nd < max)
            t[nd++] = p[i].t_h;
        prev = i;
    }
    return nd;
}

/*
 * A sample trajectory thinned as it is recorded (here past 64 points, in
 * 64 / 8 = 8 slices per job, instead of FS_SAMPLE_POINTS and
 * FS_SAMPLE_SLICES; churn.cfg's replicate 0, whole over 100 points) stays
 * bounded and draws the same failures: a subsequence of the
 * whole trajectory with each job's first and last point and every drop at
 * the same time, and no drop the whole one lacks.
 */
TEST(mc_sample_thinned_while_recorded)
{
    struct fs_scenario *s = unit_load(CHURN, NULL, 0);
    struct points ref = {NULL, 0, 0};
    struct fs_mc_task t = {NULL, FS_MC_KEEP_ALL, 0, 0, NULL, NULL, 64};
    struct fs_diag d;
    double ta[512], tb[512];
    size_t i = 0;
    ASSERT(s != NULL);
    ASSERT(rerun(s, 0, &ref, NULL, NULL) == FS_OK);
    ASSERT(ref.n > 100);
    t.s = s;
    fs_diag_clear(&d);
    ASSERT(fs_mc_run_tasks(&t, 1, 2, NULL, NULL, &d) == FS_OK);
    ASSERT(t.mc->nsample < ref.n); /* thinned */
    /* a subsequence, job by job: the engine may record the points of
     * different jobs at one time in another order when traced */
    for (size_t j = 0; j < s->njobs; j++) {
        i = 0;
        for (size_t k = 0; k < t.mc->nsample; k++) {
            const struct fs_traj_point *a = &t.mc->sample[k];
            if (a->job != j)
                continue;
            while (i < ref.n && (ref.p[i].t_h != a->t_h || ref.p[i].share != a->share ||
                                 ref.p[i].job != a->job))
                i++;
            ASSERT(i < ref.n);
            i++;
        }
    }
    for (size_t j = 0; j < s->njobs; j++) {
        size_t na = drops(t.mc->sample, t.mc->nsample, j, ta, 512);
        size_t nb = drops(ref.p, ref.n, j, tb, 512);
        ASSERT_INT_EQ(na, nb);
        for (size_t k = 0; k < na; k++)
            ASSERT(ta[k] == tb[k]);
    }
    for (size_t j = 0; j < s->njobs; j++) { /* first and last point of each job */
        size_t fa = SIZE_MAX, la = 0, fb = SIZE_MAX, lb = 0;
        for (size_t k = 0; k < t.mc->nsample; k++)
            if (t.mc->sample[k].job == j) {
                fa = fa == SIZE_MAX ? k : fa;
                la = k;
            }
        for (size_t k = 0; k < ref.n; k++)
            if (ref.p[k].job == j) {
                fb = fb == SIZE_MAX ? k : fb;
                lb = k;
            }
        ASSERT((fa == SIZE_MAX) == (fb == SIZE_MAX));
        if (fa != SIZE_MAX)
            ASSERT(t.mc->sample[fa].t_h == ref.p[fb].t_h &&
                   t.mc->sample[la].t_h == ref.p[lb].t_h);
    }
    fs_mc_free(t.mc);
    free(ref.p);
    fs_scenario_free(s);
}
