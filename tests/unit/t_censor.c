/*
 * t_censor.c - statistics that do not hide unfinished runs: censored
 * quantiles, P(finished) with its Wilson interval, and differences between
 * runs that never condition on finishing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/montecarlo.h"
#include "fleetsim/stats.h"
#include "unit.h"

/* A hand-built Monte Carlo result of one job over nrep replicates. */
struct hand {
    struct fs_scenario s;
    struct fs_mc mc;
};

static int hand_init(struct hand *h, size_t nrep)
{
    memset(h, 0, sizeof(*h));
    h->s.njobs = 1;
    h->s.replicates = (int)nrep;
    h->mc.s = &h->s;
    h->mc.nrep = nrep;
    h->mc.jobs = calloc(nrep + 1, sizeof(*h->mc.jobs));
    return h->mc.jobs != NULL ? 0 : -1;
}

/* Replicate r: ready at 0, starts at `start` days, and either finishes
 * `compute` days later or is still running at the horizon `horizon`. */
static void hand_set(struct hand *h, size_t r, double start, double compute, double horizon)
{
    struct fs_job_result *x = &h->mc.jobs[r];
    x->started = 1;
    x->ready_h = 0.0;
    x->start_h = start * 24.0;
    x->finished = start + compute <= horizon;
    x->end_h = (x->finished ? start + compute : horizon) * 24.0;
}

/*
 * Exactly 30 % unfinished. Ten replicates, horizon 30 days, no wait;
 * seven finish after 12, 3, 7, 10, 5, 8, 4 days (sorted 3 4 5 7 8 10 12),
 * three are still running at day 30. Over all ten with the unfinished at
 * +infinity (positions f x 9, GSL's interpolation):
 *   P(finish) 7/10 = 0.70; Wilson 95 % interval for 7 of 10 with
 *   z = 1.959964: centre (0.7 + z^2/20) / (1 + z^2/10) = 0.644493,
 *   half-width z sqrt(0.021 + z^2/400) / (1 + z^2/10) = 0.247715, so
 *   [0.396778, 0.892209] (the textbook values 0.397-0.892);
 *   P5 at 0.45: 0.55 x 3 + 0.45 x 4 = 3.45; P50 at 4.5: (8 + 10) / 2 = 9;
 *   P60 at 5.4: 0.6 x 10 + 0.4 x 12 = 10.8; P90 at 8.1 and P95 at 8.55:
 *   among the unfinished, censored, printed ">30.00" (the lower bounds
 *   sorted 3 4 5 7 8 10 12 30 30 30 interpolate to 30 there);
 *   mean counted to the horizon: (49 + 3 x 30) / 10 = 13.9.
 * The old statistics, over the finished seven only, gave P50 7 and P95
 * 0.7 x 10 + 0.3 x 12 = 11.4: a median conditional on success.
 */
TEST(censor_known_answer_30_percent)
{
    const double done[] = {12, 3, 7, 10, 5, 8, 4};
    struct hand h;
    struct fs_summary sum;
    struct fs_share p;
    const struct fs_stat *t;
    char buf[64];
    int cens;
    ASSERT(hand_init(&h, 10) == 0);
    for (size_t r = 0; r < 10; r++)
        hand_set(&h, r, 0.0, r < 7 ? done[r] : 100.0, 30.0);
    ASSERT(fs_summary_compute(&h.mc, &sum) == FS_OK);
    t = fs_summary_stat(&sum, 0, FS_M_TTT);
    ASSERT_INT_EQ(t->n, 7);
    ASSERT_INT_EQ(t->ncens, 3);
    ASSERT_REL(t->p5, 3.45, 1e-15);
    ASSERT_REL(t->p50, 9.0, 1e-15);
    ASSERT(!t->p5_cens && !t->p50_cens && t->p95_cens);
    ASSERT_REL(t->p95, 30.0, 1e-15);
    ASSERT_REL(t->mean, 13.9, 1e-15);
    ASSERT_REL(t->cens_min, 30.0, 0);
    ASSERT_STR_EQ(fs_fmt_stat_range(t, buf, sizeof(buf)), "9.00 [3.45->30.00]");
    /* Quantiles the summary does not keep, from the same sorted sample. */
    {
        double x[] = {3, 4, 5, 7, 8, 10, 12};
        ASSERT_REL(fs_censored_quantile(x, 7, 3, 0.6, &cens), 10.8, 1e-14);
        ASSERT(!cens);
        ASSERT(isnan(fs_censored_quantile(x, 7, 3, 0.9, &cens)) && cens);
        ASSERT_STR_EQ(fs_fmt_quantile(t->p95, 1, buf, sizeof(buf)), ">30.00");
    }
    /* Time to result from ready = compute here (no wait); the day it
     * finished is censored at the horizon, 30. */
    ASSERT_REL(fs_summary_stat(&sum, 0, FS_M_RESULT)->p50, 9.0, 1e-15);
    ASSERT_REL(fs_summary_stat(&sum, 0, FS_M_END)->p95, 30.0, 0);
    ASSERT(fs_summary_stat(&sum, 0, FS_M_END)->p95_cens);
    fs_finish_share(&h.mc, 0, INFINITY, &p);
    ASSERT(p.k == 7 && p.n == 10);
    ASSERT_REL(p.p, 0.70, 1e-15);
    ASSERT_NEAR(p.lo, 0.396778, 1e-6);
    ASSERT_NEAR(p.hi, 0.892209, 1e-6);
    /* P(finished by day 7.5): 3, 4, 5, 7 -> 4 of 10. */
    fs_finish_share(&h.mc, 0, 7.5 * 24.0, &p);
    ASSERT(p.k == 4 && p.n == 10);
    fs_summary_release(&sum);
    free(h.mc.jobs);
}

/*
 * The time split: a replicate that waits 600 days for hardware and then
 * computes 100 days reads as 100 days of training (compute), 600 of
 * waiting, 700 to the result from ready and day 700 from the start.
 */
TEST(censor_time_split)
{
    struct hand h;
    ASSERT(hand_init(&h, 1) == 0);
    hand_set(&h, 0, 600.0, 100.0, 1095.0);
    ASSERT_REL(fs_metric_value(&h.mc.jobs[0], FS_M_TTT), 100.0, 1e-15);
    ASSERT_REL(fs_metric_value(&h.mc.jobs[0], FS_M_WAIT), 600.0, 1e-15);
    ASSERT_REL(fs_metric_value(&h.mc.jobs[0], FS_M_RESULT), 700.0, 1e-15);
    ASSERT_REL(fs_metric_value(&h.mc.jobs[0], FS_M_END), 700.0, 1e-15);
    free(h.mc.jobs);
}

/*
 * Differences never condition on finishing. Run a: ten replicates all
 * finished after 10 days. Run b: six finish after 5 days, four are still
 * running at the horizon (30 days). Over finished-in-both pairs, b was
 * "5 days faster"; with censoring b's P50 (position 4.5 of 5 5 5 5 5 5 inf
 * inf inf inf) is 5, so the P50 difference is -5 with b's share 0.6 beside
 * it; with eight of ten unfinished b's P50 is censored and the difference
 * unknown. Costs (TCO 1 per day held): b's unfinished runs are charged to
 * the horizon: d = 5 - 10 (six) and 30 - 10 (four): mean (-30 + 80)/10 = 5,
 * b costs more, not less.
 */
TEST(censor_paired_differences)
{
    struct hand a, b;
    struct fs_diff d;
    ASSERT(hand_init(&a, 10) == 0 && hand_init(&b, 10) == 0);
    for (size_t r = 0; r < 10; r++) {
        hand_set(&a, r, 0.0, 10.0, 30.0);
        hand_set(&b, r, 0.0, r < 6 ? 5.0 : 50.0, 30.0);
        a.mc.jobs[r].tco_usd = a.mc.jobs[r].end_h / 24.0;
        b.mc.jobs[r].tco_usd = b.mc.jobs[r].end_h / 24.0;
    }
    ASSERT(fs_paired_diff(&b.mc, 0, &a.mc, 0, FS_M_TTT, &d) == FS_OK);
    ASSERT(!d.censored);
    ASSERT_REL(d.mean, -5.0, 1e-15);
    ASSERT_REL(d.fin_b, 0.6, 1e-15);
    ASSERT_REL(d.fin_a, 1.0, 0);
    ASSERT(fs_paired_diff(&b.mc, 0, &a.mc, 0, FS_M_TCO, &d) == FS_OK);
    ASSERT_INT_EQ(d.n, 10);
    ASSERT_REL(d.mean, 5.0, 1e-15);
    for (size_t r = 6; r < 8; r++) {
        b.mc.jobs[r - 2].finished = 0; /* replicates 4, 5: unfinished too */
        b.mc.jobs[r - 2].end_h = 30.0 * 24.0;
    }
    ASSERT(fs_paired_diff(&b.mc, 0, &a.mc, 0, FS_M_TTT, &d) == FS_OK);
    ASSERT(d.censored && isnan(d.mean));
    ASSERT_REL(d.fin_b, 0.4, 1e-15);
    free(a.mc.jobs);
    free(b.mc.jobs);
}

/*
 * Over many seeds: compute times exponential with mean 10 days, horizon
 * 12 days, 500 replicates per seed, 200 seeds (mt19937 seeded 1..200).
 * True P(finish) = 1 - exp(-1.2) = 0.698806, true median 10 ln 2 =
 * 6.931472, true P90 10 ln 10 = 23.03 > 12 (always censored here).
 * Each estimate of P(finish) lies within 4 sigma, sigma =
 * sqrt(p (1-p) / 500) = 0.020516; each P50 within 4 x 0.4472 days (the
 * median's asymptotic sd 1 / (2 f(m) sqrt(n)), f(m) = 0.05 per day); the
 * Wilson 95 % interval covers the true p in at least 180 of 200 seeds
 * (expected 190, binomial sd 3.1).
 */
TEST(censor_statistical_many_seeds)
{
    const double p_true = 1.0 - exp(-1.2), med = 10.0 * log(2.0);
    const double sig_p = sqrt(p_true * (1.0 - p_true) / 500.0), sig_m = 1.0 / (0.1 * sqrt(500.0));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct hand h;
    size_t covered = 0;
    ASSERT(rng != NULL && hand_init(&h, 500) == 0);
    for (unsigned long seed = 1; seed <= 200; seed++) {
        struct fs_summary sum;
        struct fs_share p;
        const struct fs_stat *t;
        gsl_rng_set(rng, seed);
        for (size_t r = 0; r < 500; r++)
            hand_set(&h, r, 0.0, gsl_ran_exponential(rng, 10.0), 12.0);
        ASSERT(fs_summary_compute(&h.mc, &sum) == FS_OK);
        t = fs_summary_stat(&sum, 0, FS_M_TTT);
        fs_finish_share(&h.mc, 0, INFINITY, &p);
        ASSERT_NEAR(p.p, p_true, 4.0 * sig_p);
        ASSERT(!t->p50_cens && t->p95_cens);
        ASSERT_NEAR(t->p50, med, 4.0 * sig_m);
        covered += p.lo <= p_true && p_true <= p.hi;
        fs_summary_release(&sum);
    }
    ASSERT(covered >= 180);
    gsl_rng_free(rng);
    free(h.mc.jobs);
}
