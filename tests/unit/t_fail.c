/*
 * t_fail.c - the failure model against hand derivations: common random
 * numbers across variants, Weibull ages from the online date with minimal
 * repair.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "fleetsim/compute.h"
#include "fleetsim/failure.h"
#include "fleetsim/replicate.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

/*
 * Node events (failures, repairs) of cluster `cl` with node index below
 * `maxnode` in replicate `rep`'s trace, one per line, without the holding
 * job (which node a job holds may differ between variants). Caller frees.
 */
static char *node_events(const struct fs_scenario *s, uint64_t rep, const char *cl, int maxnode,
                         struct fs_job_result *jobs)
{
    struct fs_cluster_result cres[4];
    struct fs_sim *sim = fs_sim_new(s);
    char *text = NULL, *out, *line, *save = NULL, key[64];
    size_t len = 0, used = 0;
    FILE *f = open_memstream(&text, &len);
    if (sim == NULL || f == NULL || s->nclusters > 4)
        return NULL;
    fs_sim_set_trace(sim, f);
    if (fs_sim_run(sim, rep, jobs, cres) != FS_OK)
        return NULL;
    fs_sim_free(sim);
    fclose(f);
    out = calloc(len + 1, 1);
    snprintf(key, sizeof(key), " cluster=%s node=", cl);
    for (line = strtok_r(text, "\n", &save); line && out; line = strtok_r(NULL, "\n", &save)) {
        char *k = strstr(line, key), *job = strstr(line, " job=");
        if (k == NULL || atoi(k + strlen(key)) >= maxnode)
            continue;
        if (job != NULL && job < k)
            memmove(job, k, strlen(k) + 1);
        used += (size_t)sprintf(out + used, "%s\n", line);
    }
    free(text);
    return out;
}

/*
 * Common random numbers: growing cluster "a" from 4 + 1 to 8 + 1 nodes
 * (its job too) leaves cluster "b" and its job exactly as they were, and
 * the 5 nodes "a" had keep their failure times, outcomes and repairs.
 * Before streams were keyed per node, "a"'s draws came from one stream in
 * event order, so 4 more nodes reshuffled every draw of the first 5.
 */
TEST(fail_common_random_numbers)
{
    static const struct fs_override grow[] = {OV("clusters[a].gpus", "64"),
                                              OV("jobs[ja].gpus", "64")};
    struct fs_scenario *s1 = unit_load("tests/unit/data/crn.cfg", NULL, 0);
    struct fs_scenario *s2 = unit_load("tests/unit/data/crn.cfg", grow, 2);
    struct fs_job_result j1[2], j2[2];
    ASSERT(s1 != NULL && s2 != NULL);
    ASSERT_INT_EQ(s2->clusters[0].gpus, 64);
    for (uint64_t rep = 0; rep < 2; rep++) {
        char *b1 = node_events(s1, rep, "b", 1 << 30, j1);
        char *b2 = node_events(s2, rep, "b", 1 << 30, j2);
        char *a1 = node_events(s1, rep, "a", 5, j1);
        char *a2 = node_events(s2, rep, "a", 5, j2);
        ASSERT(b1 && b2 && a1 && a2);
        ASSERT(strlen(b1) > 200 && strlen(a1) > 200); /* failures did happen */
        ASSERT_STR_EQ(b1, b2);
        ASSERT_STR_EQ(a1, a2);
        /* b's job saw the same interruptions at the same times. */
        ASSERT_INT_EQ(j1[1].interruptions[0], j2[1].interruptions[0]);
        ASSERT_INT_EQ(j1[1].interruptions[1], j2[1].interruptions[1]);
        ASSERT(j1[1].gpu_h_lost == j2[1].gpu_h_lost);
        ASSERT(j1[1].gpu_h_idle == j2[1].gpu_h_idle);
        free(b1);
        free(b2);
        free(a1);
        free(a2);
    }
    fs_scenario_free(s1);
    fs_scenario_free(s2);
    /* Exponential: superposed clocks per cluster and job, keyed by their
     * names; growing "a" leaves "b" as it was. */
    static const struct fs_override e1[] = {OV("failures.distribution", "exponential")};
    static const struct fs_override e2[] = {OV("failures.distribution", "exponential"),
                                            OV("clusters[a].gpus", "64"),
                                            OV("jobs[ja].gpus", "64")};
    s1 = unit_load("tests/unit/data/crn.cfg", e1, 1);
    s2 = unit_load("tests/unit/data/crn.cfg", e2, 3);
    ASSERT(s1 != NULL && s2 != NULL);
    for (uint64_t rep = 0; rep < 2; rep++) {
        char *b1 = node_events(s1, rep, "b", 1 << 30, j1);
        char *b2 = node_events(s2, rep, "b", 1 << 30, j2);
        ASSERT(b1 && b2);
        ASSERT(strlen(b1) > 200);
        ASSERT_STR_EQ(b1, b2);
        ASSERT(j1[1].gpu_h_lost == j2[1].gpu_h_lost);
        free(b1);
        free(b2);
    }
    fs_scenario_free(s1);
    fs_scenario_free(s2);
}

/*
 * Weibull ages: shape k = 0.7, mean M = 2,400 h (10 per 1,000 node-days),
 * scale lambda = M / Gamma(1 + 1/k) = 1,896.0 h. Failures only restart the
 * job, so a node's failures are a Poisson process with cumulative hazard
 * (t / lambda)^k from its online date (minimal repair). Over the year
 * T = 8,760 h from 2025-01-01, expected failures per node:
 *  - online 2015-01-01, age a = 3,653 d = 87,672 h:
 *    ((a + T)/lambda)^k - (a/lambda)^k = 1.00918;
 *  - online at the start: (T/lambda)^k = 2.91922.
 * 8 nodes x 400 replicates = 3,200 node-years: standard errors
 * sqrt(mean / 3200) = 0.0178 and 0.0302; tolerance 4 of them.
 */
TEST(fail_weibull_age_from_online_date)
{
    struct fs_scenario *s = unit_load("tests/unit/data/age.cfg", NULL, 0);
    struct fs_sim *sim;
    struct fs_job_result jobs[2];
    struct fs_cluster_result cres[2];
    double n_old = 0.0, n_new = 0.0, k = 0.7, lambda = 2400.0 / gsl_sf_gamma(1.0 + 1.0 / 0.7);
    double a = 87672.0, t = 8760.0, nodes = 8.0 * 400.0;
    ASSERT(s != NULL);
    ASSERT_REL(lambda, 1895.9989, 1e-6);
    ASSERT(fs_date_h(s, s->clusters[0].online) == -a);
    sim = fs_sim_new(s);
    ASSERT(sim != NULL);
    for (uint64_t rep = 0; rep < 400; rep++) {
        ASSERT(fs_sim_run(sim, rep, jobs, cres) == FS_OK);
        n_old += cres[0].node_failures;
        n_new += cres[1].node_failures;
    }
    fs_sim_free(sim);
    ASSERT_NEAR(n_old / nodes, pow((a + t) / lambda, k) - pow(a / lambda, k), 4 * 0.0178);
    ASSERT_NEAR(n_new / nodes, pow(t / lambda, k), 4 * 0.0302);
    ASSERT_NEAR(pow((a + t) / lambda, k) - pow(a / lambda, k), 1.00918, 1e-5);
    ASSERT_NEAR(pow(t / lambda, k), 2.91922, 1e-5);
    fs_scenario_free(s);
}

/*
 * Residual life at age a: P(T > t) = S(a + t) / S(a) from the survival
 * function S. Weibull: S(x) = exp(-(x/lambda)^k); lognormal with mean m and
 * cv c: S(x) = Q((ln x - mu) / sigma), sigma^2 = ln(1 + c^2),
 * mu = ln m - sigma^2 / 2 (GSL's gsl_cdf_lognormal_Q). 100,000 draws:
 * standard error of a share p is sqrt(p (1 - p) / 1e5) <= 0.0016;
 * tolerance 0.007 (> 4 of them).
 */
TEST(fail_residual_life_at_age)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const struct fs_dist wb = {FS_DIST_WEIBULL, 100.0, 0.7};
    const struct fs_dist ln = {FS_DIST_LOGNORMAL, 100.0, 1.5};
    double a = 200.0, t = 50.0, k = 0.7, lambda = 100.0 / gsl_sf_gamma(1.0 + 1.0 / 0.7);
    double s2 = log1p(1.5 * 1.5), mu = log(100.0) - s2 / 2.0, sg = sqrt(s2);
    double p_wb = exp(-(pow((a + t) / lambda, k) - pow(a / lambda, k)));
    double p_ln = gsl_cdf_lognormal_Q(a + t, mu, sg) / gsl_cdf_lognormal_Q(a, mu, sg);
    unsigned n_wb = 0, n_ln = 0, n0 = 0;
    const unsigned n = 100000;
    ASSERT(r != NULL);
    gsl_rng_set(r, 17);
    for (unsigned i = 0; i < n; i++) {
        n_wb += fs_failure_draw(&wb, a, r) > t;
        n_ln += fs_failure_draw(&ln, a, r) > t;
        n0 += fs_failure_draw(&wb, 0.0, r) > t;
    }
    gsl_rng_free(r);
    /* Hand values: lambda = 78.999955, (250/lambda)^0.7 = 2.23985,
     * (200/lambda)^0.7 = 1.91594, p_wb = exp(-0.32391) = 0.72332; a new node
     * survives 50 h with exp(-(50/lambda)^0.7) = 0.48384: wear-in, the old
     * node fails less. */
    ASSERT_NEAR(p_wb, 0.72332, 5e-5);
    ASSERT_NEAR(exp(-pow(t / lambda, k)), 0.48384, 5e-5);
    ASSERT_NEAR((double)n_wb / n, p_wb, 0.007);
    ASSERT_NEAR((double)n0 / n, exp(-pow(t / lambda, k)), 0.007);
    ASSERT_NEAR((double)n_ln / n, p_ln, 0.007);
    /* A rate of 0: never fails, at any age. */
    ASSERT(isinf(fs_failure_draw(&(struct fs_dist){FS_DIST_LOGNORMAL, INFINITY, 1.0}, a, NULL)));
}

/* failures.distribution = "lognormal" with failure_cv: mean 1 / rate kept,
 * cv as given (10 per 1,000 node-days: mean 2,400 h). */
TEST(fail_lognormal_setting)
{
    static const struct fs_override ov[] = {OV("failures.distribution", "lognormal"),
                                            OV("failures.failure_cv", "2.5")};
    struct fs_scenario *s = unit_load("tests/unit/data/age.cfg", ov, 2);
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].fail.ttf_h.kind, FS_DIST_LOGNORMAL);
    ASSERT_REL(s->clusters[0].fail.ttf_h.a, 2400.0, 1e-12);
    ASSERT_NEAR(s->clusters[0].fail.ttf_h.b, 2.5, 0.0);
    fs_scenario_free(s);
}

/* Sums of cluster (or job) figures over the scenario's replicates. */
struct sums {
    double fail[2], group[2], repairs[2], manual[2], job_int, detect_h, lost_h, alloc_h, parts_h;
};

static int run_sums(const struct fs_scenario *s, struct sums *t)
{
    struct fs_job_result jobs[2];
    struct fs_cluster_result cres[2];
    struct fs_sim *sim = fs_sim_new(s);
    memset(t, 0, sizeof(*t));
    if (sim == NULL || s->nclusters > 2 || s->njobs > 2)
        return -1;
    for (uint64_t rep = 0; rep < (uint64_t)s->replicates; rep++) {
        if (fs_sim_run(sim, rep, jobs, cres) != FS_OK)
            return -1;
        for (size_t c = 0; c < s->nclusters; c++) {
            t->fail[c] += cres[c].node_failures;
            t->group[c] += cres[c].group_failures;
            t->repairs[c] += cres[c].repairs;
            t->manual[c] += cres[c].manual_repairs;
        }
        t->job_int += jobs[0].interruptions[FS_CAUSE_JOB];
        t->detect_h += jobs[0].gpu_h_detect / s->jobs[0].gpus;
        t->lost_h += jobs[0].gpu_h_lost;
        t->alloc_h += jobs[0].gpu_h_allocated;
        t->parts_h += jobs[0].gpu_h_useful + jobs[0].gpu_h_lost + jobs[0].gpu_h_checkpoint +
                      jobs[0].gpu_h_restart + jobs[0].gpu_h_idle;
    }
    fs_sim_free(sim);
    return 0;
}

/*
 * A bad batch: 128 nodes at r = 0.01 per node-day for 365 days, 15 % of
 * them (drawn per node) at 6r. Expected failures per replicate
 * 128 x 365 x 0.01 x (0.85 + 0.15 x 6) = 817.6, of them in the group
 * 128 x 0.15 x 6 x 3.65 = 420.48. Membership is drawn, so per replicate
 * Var = mean + Var(bad nodes) x (3.65 x 5)^2 = 817.6 + 128 x 0.15 x 0.85 x
 * 333.06 = 6,253 (sd 79; 5.6 over 200 replicates); the group's count
 * 420.5 + 16.32 x 21.9^2 = 8,248 (sd 91; 6.4). A firmware regression
 * tripling the rate of all 128 nodes from day 182: 128 x 0.01 x
 * (182 + 3 x 183) = 935.68, Poisson (sd 30.6; 2.2); of them in the group
 * 128 x 0.01 x 549 = 702.72. Tolerance 4 standard errors.
 */
TEST(fail_bad_batch_and_regression)
{
    struct fs_scenario *s = unit_load("tests/unit/data/groups.cfg", NULL, 0);
    struct sums t;
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].fail.ngroups, 1);
    ASSERT_REL(s->clusters[0].fail.groups[0].ttf_h.a, 2400.0 / 6.0, 1e-12);
    /* Daly's interval sees the mix: 128 x 0.01 / 24 x 1.75 per hour. */
    ASSERT_REL(fs_job_failure_rate(&s->clusters[0].fail, 128), 128 * 0.01 / 24 * 1.75, 1e-12);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT_NEAR(t.fail[0] / 200, 817.6, 4 * 5.6);
    ASSERT_NEAR(t.group[0] / 200, 420.48, 4 * 6.4);
    ASSERT_NEAR(t.fail[1] / 200, 935.68, 4 * 2.2);
    ASSERT_NEAR(t.group[1] / 200, 702.72, 4 * 1.9);
    fs_scenario_free(s);
}

/*
 * Job-level failures only while running: rate R = 0.010 + 8 x 0.001 =
 * 0.018 per running hour; each is noticed 1 h later (hung, lost) and costs
 * a 10 h restart, so a renewal cycle lasts 1/R + 1 + 10 = 66.56 h on
 * average and a year of 8,760 h holds 8,760 / 66.56 = 131.6 failures (the
 * renewal correction (sd^2 - mean^2) / (2 mean^2) = -0.15 is below the
 * tolerance). A clock that ran during restarts would give
 * 8,760 x 0.018 = 157.7. Per replicate Var ~ 8,760 x 55.56^2 / 66.56^3 =
 * 91.6 (sd 9.6; 0.68 over 200). Detection: 1 h per failure, the last one
 * possibly cut by the horizon.
 */
TEST(fail_job_level_and_detection)
{
    struct fs_scenario *s = unit_load("tests/unit/data/jobfail.cfg", NULL, 0);
    struct sums t;
    ASSERT(s != NULL);
    /* 0.010 + 8 x 0.001 per hour, no node failures */
    ASSERT_REL(fs_job_failure_rate(&s->clusters[0].fail, 8), 0.018, 1e-12);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT_NEAR(t.job_int / 200, 131.6, 4 * 0.68);
    ASSERT(t.detect_h <= t.job_int + 1e-9 && t.detect_h >= t.job_int - 200);
    ASSERT(t.fail[0] == 0);
    ASSERT(t.lost_h >= t.detect_h * 64);
    ASSERT_REL(t.parts_h, t.alloc_h, 1e-9);
    fs_scenario_free(s);
}

/*
 * Repair pipeline: a node is up for an exponential 100 h, then down 2 h,
 * plus 40 h with probability 0.25: 12 h on average. Failures per node-year
 * 8,760 / 112 = 78.21, 8 nodes: 625.7 per replicate (renewal sd ~
 * sqrt(8 x 8,760 x (100^2 + 300) / 112^3) = 22.5; 2.25 over 100); the
 * manual share 0.25 (sd sqrt(0.25 x 0.75 / 62,570) = 0.0017).
 */
TEST(fail_repair_pipeline)
{
    struct fs_scenario *s = unit_load("tests/unit/data/repair.cfg", NULL, 0);
    struct sums t;
    ASSERT(s != NULL);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT(t.repairs[0] == t.fail[0]);
    ASSERT_NEAR(t.fail[0] / 100, 625.7, 4 * 2.25);
    ASSERT_NEAR(t.manual[0] / t.repairs[0], 0.25, 4 * 0.0017);
    fs_scenario_free(s);
}

/*
 * The same pipeline with half the failures taking the node out: the idle
 * nodes' clock runs at the out share and their restart-only failures are
 * counted at the end (docs/model.md, "Failure clocks"); held or idle, a
 * node fails at 1/100 h while up. A node is up for Exp(1 / (0.5 x 0.01)) =
 * 200 h on average, then in repair 12 h: out failures per node-year 8,760 /
 * 212 = 41.32, 8 nodes: 330.6 per replicate (renewal sd sqrt(8 x 8,760 x
 * (200^2 + 300) / 212^3) = 17.2; 1.72 over 100); all failures 0.01 x
 * 8,760 x 200 / 212 = 82.64 per node-year, 661.1 per replicate (sd about
 * sqrt(8 x (37.1 + 41.3)) = 25.0 with the restart-only ones Poisson given
 * the up time; 2.5 over 100).
 */
TEST(fail_idle_restart_thinned)
{
    static const struct fs_override ov[] = {OV("failures.node_out_fraction", "0.5")};
    struct fs_scenario *s = unit_load("tests/unit/data/repair.cfg", ov, 1);
    struct sums t;
    ASSERT(s != NULL);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT_NEAR(t.repairs[0] / 100, 330.6, 4 * 1.72);
    ASSERT_NEAR(t.fail[0] / 100, 661.1, 4 * 2.5);
    fs_scenario_free(s);
}

/*
 * Planned maintenance saves the work with a complete write: with no
 * failures, every hour of the job is compute, a full write, maintenance
 * or restart, so for each replicate exactly
 *   end - start = W0 + delta x writes + stops x (maintenance_h + restart_h)
 *   checkpoint GPU-hours = writes x delta x G,   useful = W0 x G,
 * with W0 = flop / (3600 x rate) the failure-free compute time. Before the
 * fix a stop mid-write counted the partial write as complete, and a stop
 * mid-compute saved the work without writing it.
 */
TEST(fail_maintenance_complete_write)
{
    struct fs_scenario *s = unit_load("tests/unit/data/maint.cfg", NULL, 0);
    struct fs_job_result jr;
    struct fs_cluster_result cr;
    struct fs_sim *sim;
    double w0, g = 64.0, delta = 0.5;
    unsigned stops = 0;
    ASSERT(s != NULL);
    w0 = s->jobs[0].flop / (3600.0 * fs_job_rate_flops(s, &s->jobs[0]));
    ASSERT_NEAR(w0, 486.9, 0.1); /* 1.4e22 / (64 x 312e12 x 0.4 x 3600) */
    sim = fs_sim_new(s);
    ASSERT(sim != NULL);
    for (uint64_t rep = 0; rep < 50; rep++) {
        ASSERT(fs_sim_run(sim, rep, &jr, &cr) == FS_OK);
        ASSERT(jr.finished);
        stops += jr.interruptions[FS_CAUSE_PLANNED];
        ASSERT_REL(jr.end_h - jr.start_h,
                   w0 + delta * jr.checkpoints +
                       jr.interruptions[FS_CAUSE_PLANNED] * (3.0 + 20.0 / 60.0),
                   1e-12);
        ASSERT_REL(jr.gpu_h_checkpoint, jr.checkpoints * delta * g, 1e-12);
        ASSERT_REL(jr.gpu_h_useful, w0 * g, 1e-12);
    }
    ASSERT(stops > 50 * 20); /* about 2 a day for 25+ days */
    fs_sim_free(sim);
    fs_scenario_free(s);
}

/* Mean restart-only interruptions per replicate of clocks.cfg. */
static double clocks_interruptions(const char *clocks)
{
    const struct fs_override ov[] = {OV("failures.failure_clocks", clocks)};
    struct fs_scenario *s = unit_load("tests/unit/data/clocks.cfg", ov, 1);
    struct fs_job_result jr;
    struct fs_cluster_result cr;
    struct fs_sim *sim = s ? fs_sim_new(s) : NULL;
    double n = 0.0;
    for (uint64_t rep = 0; sim && rep < 200; rep++) {
        if (fs_sim_run(sim, rep, &jr, &cr) != FS_OK)
            return NAN;
        n += jr.interruptions[FS_CAUSE_RESTART];
    }
    fs_sim_free(sim);
    fs_scenario_free(s);
    return n / 200.0;
}

/*
 * failure_clocks: the job's failure rate is R = 8 x 0.00225 = 0.018 per
 * hour. "always": its nodes fail during restarts too, each failure
 * restarting the restart, so every failure counts: 8,760 R = 157.68
 * (Poisson, sd 12.6; 0.89 over 200). "while_computing": failures only
 * while it runs, so a cycle is 1/R + 10 h = 65.56 h and a year holds
 * 8,760 / 65.56 = 133.6 (renewal sd sqrt(8,760 x 55.56^2 / 65.56^3) = 9.8;
 * 0.69 over 200). Tolerance 4 standard errors.
 */
TEST(fail_clocks_switch)
{
    ASSERT_NEAR(clocks_interruptions("always"), 157.68, 4 * 0.89);
    ASSERT_NEAR(clocks_interruptions("while_computing"), 133.6, 4 * 0.69);
}

/*
 * A rack-domain failure: each of the 4 racks is up an exponential 100 h,
 * then down 10 h, so it fails 8,760 / 110 = 79.64 times a year, 318.5 for
 * the cluster (renewal sd sqrt(4 x 8,760 x 100^2 / 110^3) = 16.2; 1.62 over
 * 100 replicates). The job holds every node, so each rack failure
 * interrupts it exactly once (not once per node), and it computes only
 * while all 4 racks are up: P(all up) = (100/110)^4 = 0.683 of the time at
 * most (restarts come on top).
 */
TEST(fail_rack_domain)
{
    struct fs_scenario *s = unit_load("tests/unit/data/domains.cfg", NULL, 0);
    struct fs_job_result jr;
    struct fs_cluster_result cr;
    struct fs_sim *sim;
    double dom = 0.0, useful = 0.0, alloc = 0.0;
    ASSERT(s != NULL);
    sim = fs_sim_new(s);
    ASSERT(sim != NULL);
    for (uint64_t rep = 0; rep < 100; rep++) {
        ASSERT(fs_sim_run(sim, rep, &jr, &cr) == FS_OK);
        ASSERT_INT_EQ(jr.interruptions[FS_CAUSE_DOMAIN], cr.domain_failures);
        ASSERT_INT_EQ(cr.node_failures, 0);
        ASSERT_REL(jr.gpu_h_useful + jr.gpu_h_lost + jr.gpu_h_checkpoint + jr.gpu_h_restart +
                       jr.gpu_h_idle, jr.gpu_h_allocated, 1e-9);
        dom += cr.domain_failures;
        useful += jr.gpu_h_useful + jr.gpu_h_checkpoint + jr.gpu_h_lost;
        alloc += jr.gpu_h_allocated;
    }
    fs_sim_free(sim);
    ASSERT_NEAR(dom / 100, 318.5, 4 * 1.62);
    ASSERT(useful / alloc < 0.683 && useful / alloc > 0.6);
    fs_scenario_free(s);
}

/*
 * A straggler slows the job to half speed for the 2 h until it is found,
 * then the job restarts without it from its last checkpoint. Checkpoints
 * fall every hour, at a uniform offset U after the onset: the compute saved
 * inside the window is U + 1 h at half speed, costing (1 - 1/2)(U + 1) h,
 * 0.75 h x 64 GPUs = 48 GPU-hours per straggler on average (sd 9.2); the
 * last U' < 1 h is rolled back at the removal (lost, not straggler time).
 * 8 nodes x 10 per 1,000 node-days: ~29 a year, ~2,900 over 100
 * replicates, standard error 0.17; tolerance 2 % (4 of them plus the
 * overlap of two windows, probability 8 x 0.01/24 x 2 = 0.7 %).
 */
TEST(fail_straggler)
{
    static const struct fs_override fin[] = {OV("jobs[j].flop", "1.0e21")};
    struct fs_scenario *s = unit_load("tests/unit/data/straggler.cfg", NULL, 0);
    struct fs_scenario *s2 = unit_load("tests/unit/data/straggler.cfg", fin, 1);
    struct fs_job_result jr;
    struct fs_cluster_result cr;
    struct fs_sim *sim;
    double strag_h = 0.0, n = 0.0, removed = 0.0;
    ASSERT(s != NULL && s2 != NULL);
    sim = fs_sim_new(s);
    ASSERT(sim != NULL);
    for (uint64_t rep = 0; rep < 100; rep++) {
        ASSERT(fs_sim_run(sim, rep, &jr, &cr) == FS_OK);
        ASSERT_REL(jr.gpu_h_useful + jr.gpu_h_lost + jr.gpu_h_checkpoint + jr.gpu_h_restart +
                       jr.gpu_h_idle, jr.gpu_h_allocated, 1e-9);
        strag_h += jr.gpu_h_straggler;
        n += cr.stragglers;
        removed += jr.interruptions[FS_CAUSE_STRAGGLER];
    }
    fs_sim_free(sim);
    ASSERT_NEAR(n / 100, 8 * 8760 * 0.01 / 24, 4 * sqrt(29.2 / 100));
    ASSERT(removed <= n && removed >= n - 100); /* the horizon cuts at most one */
    ASSERT_REL(strag_h / n, 48.0, 0.02);
    /* A job that finishes: its useful hours are exactly its work,
     * 1e21 / (64 x 312e12 x 0.4 x 3600) = 34.78 h x 64, slow or not. */
    sim = fs_sim_new(s2);
    ASSERT(sim != NULL);
    n = 0.0;
    for (uint64_t rep = 0; rep < 400; rep++) {
        ASSERT(fs_sim_run(sim, rep, &jr, &cr) == FS_OK);
        ASSERT(jr.finished);
        ASSERT_REL(jr.gpu_h_useful, 1e21 / (64 * 312e12 * 0.4 * 3600) * 64, 1e-9);
        ASSERT_REL(jr.gpu_h_useful + jr.gpu_h_lost + jr.gpu_h_checkpoint + jr.gpu_h_restart +
                       jr.gpu_h_idle, jr.gpu_h_allocated, 1e-9);
        n += jr.gpu_h_straggler > 0.0;
    }
    ASSERT(n > 10); /* some runs did have a straggler */
    fs_sim_free(sim);
    fs_scenario_free(s);
    fs_scenario_free(s2);
}

/* Mean useful / allocated GPU-hours of elastic.cfg, elastic or not. */
static double elastic_goodput(const char *elastic)
{
    const struct fs_override ov[] = {OV("failures.elastic", elastic)};
    struct fs_scenario *s = unit_load("tests/unit/data/elastic.cfg", ov, 1);
    struct fs_job_result jr;
    struct fs_cluster_result cr;
    struct fs_sim *sim = s ? fs_sim_new(s) : NULL;
    double useful = 0.0, alloc = 0.0;
    for (uint64_t rep = 0; sim && rep < 100; rep++) {
        if (fs_sim_run(sim, rep, &jr, &cr) != FS_OK ||
            fabs(jr.gpu_h_useful + jr.gpu_h_lost + jr.gpu_h_checkpoint + jr.gpu_h_restart +
                 jr.gpu_h_idle - jr.gpu_h_allocated) > 1e-6 * jr.gpu_h_allocated)
            return NAN;
        useful += jr.gpu_h_useful;
        alloc += jr.gpu_h_allocated;
    }
    fs_sim_free(sim);
    fs_scenario_free(s);
    return useful / alloc;
}

/*
 * Elastic continuation: each node is up with probability A = 100 / 110 =
 * 0.90909. Elastic, the job computes on the nodes that are up, so its
 * goodput is A less two small costs: the rollback at each failure (failures
 * 8 A / 100 = 0.0727 per hour, each losing half a 0.1 h interval at width
 * ~A: 0.0727 x 0.05 x 0.909 = 0.0033) and a returned node idle until the
 * next checkpoint (0.0727 x 0.05 / 8 = 0.0005): 0.9053. Not elastic, it
 * computes only while all 8 are up: A^8 = 0.4665, less its rollbacks.
 * Tolerance 0.004 (the spread of 800 node-years of availability, ~0.001,
 * and the approximations above).
 */
TEST(fail_elastic_continuation)
{
    double on = elastic_goodput("true"), off = elastic_goodput("false");
    ASSERT_NEAR(on, 0.9053, 0.004);
    ASSERT(off < 0.4665 && off > 0.44);
}

/*
 * A repair that fixes the batch: a node fails first after X ~ Exp(mean
 * 100 h) as a bad node, is repaired (0.001 h) into a normal one and then
 * fails at 1/1,000 h. Over T = 8,760 h, per node E[N] = P(X < T) + (T -
 * E[X]) / 1,000 = 1 + 8,660 / 1,000 = 9.66 (P(X < T) = 1 - e^-87.6), of
 * which exactly one in the group; without the fix 87.6. 8 nodes x 100
 * replicates, Poisson sd per node ~sqrt(8.66): standard error 0.104;
 * tolerance 4 of them.
 */
TEST(fail_repair_fixes_group)
{
    struct fs_scenario *s = unit_load("tests/unit/data/fix.cfg", NULL, 0);
    struct sums t;
    ASSERT(s != NULL);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT_NEAR(t.fail[0] / 800, 9.66, 4 * 0.104);
    ASSERT_NEAR(t.group[0] / 800, 1.0, 1e-12);
    fs_scenario_free(s);
}

/*
 * A loss spike rolling back 3 checkpoints: with hourly checkpoints and free
 * writes, a failure loses the compute since the last checkpoint (uniform on
 * [0, 1) h, mean 0.5) plus 2 more saved hours: 2.5 h x 64 GPUs = 160
 * GPU-hours per failure on average (sd 0.29 h x 64 = 18.5). About 87.6
 * failures a year x 100 replicates: standard error 0.2; tolerance 1 %.
 */
TEST(fail_loss_spike_rollback)
{
    struct fs_scenario *s = unit_load("tests/unit/data/spike.cfg", NULL, 0);
    struct sums t;
    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->clusters[0].fail.job_causes[0].rollback, 3);
    ASSERT(run_sums(s, &t) == 0);
    ASSERT_NEAR(t.job_int / 100, 87.6, 4 * sqrt(87.6 / 100));
    ASSERT_REL(t.lost_h / t.job_int, 160.0, 0.01);
    ASSERT_REL(t.parts_h, t.alloc_h, 1e-9);
    fs_scenario_free(s);
}
