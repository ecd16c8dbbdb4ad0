/*
 * t_mc.c - what the Monte Carlo run records besides the results: the sample
 * replicate's progress trajectory and the traced replicate's event log are
 * recorded by the worker that runs them, during the parallel phase. They
 * must equal what a separate run of that replicate gives, on any number of
 * threads, and recording must not change any result
 * (tests/unit/data/churn.cfg: failures, repairs, maintenance, queueing).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
