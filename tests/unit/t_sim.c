/*
 * t_sim.c - the simulator against published validation cases
 * (docs/validation.md) and against hand derivations, plus its
 * invariants: GPU-hour conservation, determinism across thread counts,
 * queueing, the horizon, and no allocation in the run loop.
 */
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/cost.h"
#include "fleetsim/failure.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/compute.h"
#include "fleetsim/output.h"
#include "fleetsim/scenario.h"
#include "fleetsim/replicate.h"
#include "unit.h"
#include "util.h"

static struct fs_scenario *load(const char *path, const struct fs_override *ov, size_t n)
{
    return unit_load(path, ov, n);
}

static struct fs_mc *run(const struct fs_scenario *s, int threads)
{
    struct fs_mc *mc = NULL;
    struct fs_diag d;
    fs_diag_clear(&d);
    if (fs_mc_run(s, threads, NULL, NULL, &mc, &d) != FS_OK)
        fs_diag_print(&d, stdout);
    return mc;
}

static size_t job_index(const struct fs_scenario *s, const char *name)
{
    for (size_t j = 0; j < s->njobs; j++)
        if (strcmp(s->jobs[j].name, name) == 0)
            return j;
    return (size_t)-1;
}

/* Mean of a metric of job j over replicates (skipping NaN). */
static double mean_of(const struct fs_mc *mc, size_t j, enum fs_metric m)
{
    double sum = 0.0;
    size_t n = 0;
    for (size_t r = 0; r < mc->nrep; r++) {
        double v = fs_metric_value(&mc->jobs[r * mc->s->njobs + j], m);
        if (!isnan(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / (double)n : NAN;
}

/*
 * VC-01 through the simulator, failures off, at DeepSeek's published speed
 * (tests/unit/data/vc01.cfg: 180,000 GPU-h per 1e12 tokens, then 119K and
 * 5K GPU-h): 14.8 x 180,000 = 2,664,000 GPU-hours, 2,664,000 / 2,048 / 24 =
 * 54.199 days, $5.328M at $2/GPU-h; all three stages 2,788,000 GPU-hours
 * and $5.576M (docs/validation.md#VC-01, Table 1). Exact up to rounding.
 */
TEST(sim_vc01_published)
{
    static const struct fs_override ov[] = {OV("scenario.replicates", "2")};
    struct fs_scenario *s = load("tests/unit/data/vc01.cfg", ov, 1);
    struct fs_mc *mc;
    size_t j;
    double gpuh = 0, usd = 0;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    j = job_index(s, "v3_pretrain");
    ASSERT_REL(mean_of(mc, j, FS_M_ALLOC), 2.664e6, 1e-9);
    ASSERT_REL(mean_of(mc, j, FS_M_TTT), 2.664e6 / 2048.0 / 24.0, 1e-9);
    ASSERT_REL(mean_of(mc, j, FS_M_RENTAL), 5.328e6, 1e-9);
    for (size_t k = 0; k < s->njobs; k++) {
        gpuh += mean_of(mc, k, FS_M_ALLOC);
        usd += mean_of(mc, k, FS_M_RENTAL);
    }
    ASSERT_REL(gpuh, 2.788e6, 1e-9);
    ASSERT_REL(usd, 5.576e6, 1e-9);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/*
 * The shipped scenario predicts V3's speed from its shape and layout
 * (docs/model.md, Throughput): 2,524,972 GPU-hours, 5.2 % under the
 * published 2.664M. That gap is the model's error on the run its FP8 stack
 * factor was fitted on, held at the BF16 floor (validate/calibration.md,
 * R18 -3.8 %, plus the budget's 37e9 against the model's 37.55e9 active
 * parameters). The first assertion pins the prediction (a change to the
 * model shows here); the 6 % band says how far from published it may go.
 */
TEST(sim_vc01_failures_off)
{
    static const struct fs_override ov[] = {OV("failures.distribution", "none"),
                                            OV("scenario.replicates", "4")};
    struct fs_scenario *s = load("scenarios/deepseek_2025.cfg", ov, 2);
    struct fs_mc *mc;
    size_t j;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    j = job_index(s, "v3_pretrain");
    ASSERT_REL(mean_of(mc, j, FS_M_ALLOC), 2524972.0, 1e-5);
    ASSERT_REL(mean_of(mc, j, FS_M_ALLOC), 2.664e6, 0.06);
    ASSERT_REL(mean_of(mc, j, FS_M_TTT), 54.2, 0.06);
    ASSERT_REL(mean_of(mc, j, FS_M_RENTAL), 5.328e6, 0.06);
    ASSERT_NEAR(mean_of(mc, j, FS_M_GOODPUT), 1.0, 1e-12);
    ASSERT_NEAR(mean_of(mc, j, FS_M_CHECKPOINTS), 0.0, 0.0); /* cannot fail: none needed */
    /* The three stages run back to back, all at the predicted speed (the
     * later two take pre-training's model): 2,524,972 + 112,815 + 4,739 =
     * 2.643M GPU-hours (2.788M published), $5.285M ($5.576M; the hours of
     * tests/unit/t_vc01.c vc01_total). */
    double gpuh = 0, usd = 0;
    for (size_t k = 0; k < s->njobs; k++) {
        gpuh += mean_of(mc, k, FS_M_ALLOC);
        usd += mean_of(mc, k, FS_M_RENTAL);
    }
    ASSERT_REL(gpuh, 2642526.4, 1e-5);
    ASSERT_REL(gpuh, 2.788e6, 0.06);
    ASSERT_REL(usd, 5.576e6, 0.06);
    /* Context extension starts the hour pre-training ends. */
    ASSERT_NEAR(mc->jobs[job_index(s, "v3_context_ext")].start_h, mc->jobs[j].end_h, 1e-9);
    fs_mc_free(mc);
    fs_scenario_free(s);
}


/*
 * VC-03: Llama 3 405B, 2,048 nodes, 54 days, 3.79 unexpected interruptions
 * per 1,000 node-days: a Poisson count of mean 2,048 x 54 x 3.7887e-3 =
 * 419 (sd 20.5). Means over 200 seeds within +-2 % (docs/validation.md); the
 * planned count (mean 47, standard error sqrt(47/200) = 0.48) within three
 * standard errors; every single seed within 419 +- 61 (3 sigma).
 */
TEST(sim_vc03_llama3_interruptions)
{
    struct fs_scenario *s = load("tests/unit/data/vc03.cfg", NULL, 0);
    struct fs_mc *mc;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    double unexpected = mean_of(mc, 0, FS_M_INT_RESTART) + mean_of(mc, 0, FS_M_INT_OUT);
    ASSERT_REL(unexpected, 419.0, 0.02);
    ASSERT_NEAR(mean_of(mc, 0, FS_M_INT_PLANNED), 47.0, 3 * 0.485);
    ASSERT_REL(mean_of(mc, 0, FS_M_INTERRUPTS), 466.0, 0.02);
    /* Job MTBF (unexpected) = 54 x 24 / 419 = 3.09 h. */
    ASSERT_REL(54.0 * 24.0 / unexpected, 3.09, 0.02);
    /* Per replicate a Poisson count, sd sqrt(419) = 20.5: every one of the
     * 200 within 4.6 sd (two-sided 5e-6 each, 0.1 % for all 200), and the
     * spread across replicates is that sd (+-15 %: the sd estimate of 200
     * draws has a 5 % standard error). */
    {
        double sum2 = 0.0;
        for (size_t r = 0; r < mc->nrep; r++) {
            double d = mc->jobs[r].interruptions[FS_CAUSE_RESTART] - 419.0;
            ASSERT_NEAR(mc->jobs[r].interruptions[FS_CAUSE_RESTART], 419.0, 4.6 * 20.47);
            sum2 += d * d;
        }
        ASSERT_REL(sqrt(sum2 / (double)mc->nrep), 20.47, 0.15);
    }
    /* Cause mix by counts: GPU category 268/419 = 64.0 %, faulty GPU
     * 148/419 = 35.3 % (docs/validation.md: +-3 percentage points). */
    {
        const struct fs_failure_cfg *f = &s->clusters[0].fail;
        double gpu = 0, faulty = 0, all = 0;
        ASSERT_INT_EQ(f->ncauses, 18);
        for (size_t r = 0; r < mc->nrep; r++)
            for (size_t k = 0; k < f->ncauses; k++) {
                double n = mc->jobs[r].by_cause[k];
                all += n;
                gpu += strcmp(f->causes[k].category, "GPU") == 0 ? n : 0;
                faulty += k == 0 ? n : 0;
            }
        ASSERT_STR_EQ(f->causes[0].name, "Faulty GPU");
        ASSERT_NEAR(all / (double)mc->nrep, unexpected, 1e-9); /* every failure has a cause */
        ASSERT_NEAR(gpu / all, 0.640, 0.03);
        ASSERT_NEAR(faulty / all, 0.353, 0.03);
    }
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/*
 * Expected ETTR of a job with exponential failures at rate lam, checkpoint
 * interval tau (free writes) and restarts of u that must themselves survive:
 * a segment of tau takes E[T] = (e^(lam tau) - 1) e^(lam u) / lam, so
 * ETTR = tau / E[T] (renewal argument; derivation in docs/model.md).
 */
static double ettr_exact(double lam, double tau, double u)
{
    return tau * lam / (expm1(lam * tau) * exp(lam * u));
}

/*
 * VC-05: Meta RSC-1, 2,048 nodes at 6.5 / 1,000 node-days (lam = 0.5547/h),
 * restart 5 min. Paper E[ETTR]: 0.70 at 60-min checkpoints, 0.93 at 5-min
 * (Kokolis et al. 2025), tolerance +-0.05 and +-0.03. The exact renewal
 * value is 0.7143 and 0.9329; the mean of 100 seeds must match it within
 * 0.005 (the per-seed sd is about 0.01 at 60 min).
 */
TEST(sim_vc05_ettr)
{
    static const struct fs_override ov5[] = {OV("jobs[0].checkpoint_interval_minutes", "5.0")};
    const double lam = 2048 * 6.5e-3 / 24.0;
    struct fs_scenario *s60 = load("tests/unit/data/vc05.cfg", NULL, 0);
    struct fs_scenario *s5 = load("tests/unit/data/vc05.cfg", ov5, 1);
    struct fs_mc *mc60, *mc5;
    ASSERT(s60 != NULL && s5 != NULL);
    mc60 = run(s60, 2);
    mc5 = run(s5, 2);
    ASSERT(mc60 != NULL && mc5 != NULL);
    double e60 = mean_of(mc60, 0, FS_M_GOODPUT), e5 = mean_of(mc5, 0, FS_M_GOODPUT);
    ASSERT_NEAR(e60, 0.70, 0.05);
    ASSERT_NEAR(e5, 0.93, 0.03);
    ASSERT_NEAR(e60, ettr_exact(lam, 1.0, 5.0 / 60), 0.005);
    ASSERT_NEAR(e5, ettr_exact(lam, 5.0 / 60, 5.0 / 60), 0.005);
    fs_mc_free(mc60);
    fs_mc_free(mc5);
    fs_scenario_free(s60);
    fs_scenario_free(s5);
}

/*
 * VC-06: Daly's optimum for delta = 5 min: M = 24 h -> 117 min, 6 h ->
 * 57 min, 15 min -> 9.1 min (Daly 2006, figure captions); the formula
 * gives 116.7 / 56.7 / 9.14. Young sqrt(2 delta M): 120.0 / 60.0 / 12.2.
 */
TEST(sim_vc06_daly_young)
{
    ASSERT_NEAR(fs_daly_interval(5.0, 24 * 60.0), 117.0, 1.0);
    ASSERT_NEAR(fs_daly_interval(5.0, 6 * 60.0), 57.0, 1.0);
    ASSERT_NEAR(fs_daly_interval(5.0, 15.0), 9.1, 0.2);
    ASSERT_NEAR(fs_daly_interval(5.0, 24 * 60.0), 116.7, 0.05);
    ASSERT_NEAR(fs_daly_interval(5.0, 6 * 60.0), 56.7, 0.05);
    ASSERT_NEAR(fs_daly_interval(5.0, 15.0), 9.14, 0.005);
    ASSERT_NEAR(fs_young_interval(5.0, 24 * 60.0), 120.0, 0.05);
    ASSERT_NEAR(fs_young_interval(5.0, 6 * 60.0), 60.0, 0.05);
    ASSERT_NEAR(fs_young_interval(5.0, 15.0), 12.2, 0.05);
    ASSERT_NEAR(fs_daly_interval(40.0, 15.0), 15.0, 0.0); /* delta >= 2M: tau = M */
}

/*
 * "auto" picks Daly's interval from the job's failure rate: V3 on 256 nodes
 * at 3.79 / 1,000 node-days has MTBF 24 / (256 x 3.79e-3) = 24.74 h; with a
 * 5-minute write Daly gives sqrt(2 x 5 x 1484.2) [1 + sqrt(5/2968.4)/3 +
 * (5/2968.4)/9] - 5 = 118.5 min.
 */
TEST(sim_auto_checkpoint_interval)
{
    struct fs_scenario *s = load("scenarios/deepseek_2025.cfg", NULL, 0);
    ASSERT(s != NULL);
    const struct fs_job *j = &s->jobs[job_index(s, "v3_pretrain")];
    ASSERT(j->checkpoint_auto);
    ASSERT_NEAR(fs_checkpoint_interval_h(s, j) * 60.0, 118.5, 0.05);
    fs_scenario_free(s);
}

/* Every allocated GPU-hour is in exactly one bucket, in every state mix. */
TEST(sim_conservation)
{
    struct fs_scenario *s = load("tests/unit/data/churn.cfg", NULL, 0);
    struct fs_mc *mc;
    unsigned waited = 0, maint = 0;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    for (size_t r = 0; r < mc->nrep; r++) {
        for (size_t j = 0; j < s->njobs; j++) {
            const struct fs_job_result *x = &mc->jobs[r * s->njobs + j];
            double sum = x->gpu_h_useful + x->gpu_h_lost + x->gpu_h_checkpoint +
                         x->gpu_h_restart + x->gpu_h_idle;
            ASSERT_REL(sum, x->gpu_h_allocated, 1e-9);
            ASSERT_REL(x->tco_usd, x->tco_capex_usd + x->tco_energy_usd + x->tco_lost_usd +
                                       x->tco_idle_capacity_usd, 1e-12);
            /* Useful hours are exactly the FLOP done at the job's rate. */
            ASSERT_REL(x->gpu_h_useful,
                       x->progress * s->jobs[j].flop /
                           (fs_job_rate_flops(s, &s->jobs[j]) * 3600.0) * s->jobs[j].gpus,
                       1e-9);
            waited += x->gpu_h_idle > 0;
            maint += x->interruptions[FS_CAUSE_PLANNED] > 0;
        }
    }
    /* The scenario really exercised the states it was built for. */
    ASSERT(waited > 0);
    ASSERT(maint > 0);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/* Spare nodes shorten the wait for replacements: "tight" has none. */
TEST(sim_spares_reduce_waiting)
{
    struct fs_scenario *s = load("tests/unit/data/churn.cfg", NULL, 0);
    struct fs_mc *mc;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    double idle_tight = mean_of(mc, job_index(s, "t1"), FS_M_IDLE);
    double idle_roomy = mean_of(mc, job_index(s, "r1"), FS_M_IDLE);
    ASSERT(idle_tight > 2.0 * idle_roomy);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/* Same seed, same numbers, whatever the thread count. */
TEST(sim_deterministic_across_threads)
{
    struct fs_scenario *s = load("tests/unit/data/churn.cfg", NULL, 0);
    struct fs_mc *a, *b, *c;
    ASSERT(s != NULL);
    a = run(s, 1);
    b = run(s, 2);
    c = run(s, 7);
    ASSERT(a && b && c);
    ASSERT(memcmp(a->jobs, b->jobs, a->nrep * s->njobs * sizeof(*a->jobs)) == 0);
    ASSERT(memcmp(a->jobs, c->jobs, a->nrep * s->njobs * sizeof(*a->jobs)) == 0);
    ASSERT(memcmp(a->clusters, c->clusters, a->nrep * s->nclusters * sizeof(*a->clusters)) == 0);
    /* ...and different replicates really differ. */
    ASSERT(a->jobs[0].end_h != a->jobs[s->njobs].end_h);
    fs_mc_free(a);
    fs_mc_free(b);
    fs_mc_free(c);
    fs_scenario_free(s);
}

/*
 * Queueing, dependencies and the horizon, without failures (times exact;
 * derivations in tests/unit/data/queue.cfg).
 */
TEST(sim_queue_deps_horizon)
{
    struct fs_scenario *s = load("tests/unit/data/queue.cfg", NULL, 0);
    struct fs_mc *mc;
    const double ta = 6.4e21 / (64 * 989.4e12 * 0.5) / 3600; /* 56.151 h */
    const double tc = 1.0e21 / (8 * 989.4e12 * 0.5) / 3600;  /* 70.188 h */
    ASSERT(s != NULL);
    mc = run(s, 1);
    ASSERT(mc != NULL);
    const struct fs_job_result *a = &mc->jobs[job_index(s, "a")], *b = &mc->jobs[job_index(s, "b")],
                               *c = &mc->jobs[job_index(s, "c")], *d = &mc->jobs[job_index(s, "d")];
    ASSERT_REL(a->end_h, ta, 1e-12);
    ASSERT_REL(b->start_h, ta, 1e-12);   /* FIFO: waits for a */
    ASSERT_REL(b->end_h, 2 * ta, 1e-12);
    ASSERT_NEAR(b->ready_h, 0.0, 0.0);
    ASSERT_REL(fs_metric_value(b, FS_M_WAIT), ta / 24, 1e-12);
    ASSERT_REL(fs_metric_value(b, FS_M_RESULT), 2 * ta / 24, 1e-12); /* from ready */
    ASSERT_REL(c->ready_h, ta, 1e-12);   /* after a */
    ASSERT_REL(c->end_h, ta + tc, 1e-12);
    ASSERT(!d->finished);                 /* 70,188 h of work, 240 h horizon */
    ASSERT_NEAR(d->end_h, 240.0, 0.0);
    ASSERT_REL(d->progress, 240.0 / (1.0e24 / (8 * 989.4e12 * 0.5) / 3600), 1e-9);
    ASSERT(isnan(fs_metric_value(d, FS_M_TTT)));
    ASSERT_REL(fs_metric_bound(d, FS_M_END), 10.0, 0); /* censored at the 240 h horizon */
    /* Costs by hand. a, owned: capex 64 x $30,000 / 43,800 h x 56.151 h =
     * $2,461.4; energy 0.7 kW x 1.82 x 0.75 x 1.25 = 1.194375 kWh per GPU-h,
     * x 64 x 56.151 h x $0.08 = $343.39; rental 64 x 56.151 x $2.5 = $8,984.1;
     * the cluster is fully held, so no idle capacity. d, rented: 8 x 240 h
     * x $3 = $5,760, all of it TCO. */
    ASSERT_REL(a->tco_capex_usd, 64 * 30000.0 / 43800.0 * ta, 1e-12);
    ASSERT_REL(a->tco_energy_usd, 1.194375 * 64 * ta * 0.08, 1e-12);
    ASSERT_REL(a->rental_usd, 64 * ta * 2.5, 1e-12);
    ASSERT_NEAR(a->tco_idle_capacity_usd, 0.0, 1e-9);
    ASSERT_REL(d->rental_usd, 5760.0, 1e-12);
    ASSERT_REL(d->tco_usd, 5760.0, 1e-12);
    ASSERT_REL(a->energy_mwh, 1.194375 * 64 * ta / 1000, 1e-12);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/*
 * Idle capacity: V3 holds 2,048 of the 10,000 H800s, failures off, so the
 * other 7,952 are charged to it: 7,952 x $68,434.57 / (5 x 8,760 h) x
 * 1,232.9 h = $15.32M, beside its own capex 2,048 x $68,434.57 / 43,800 h x
 * 1,232.9 h ($68,434.57: the all-in H800 price of deepseek_2025.cfg,
 * 33,800 x 1.64 / 0.81; 1,232.9 h: 3.2856e24 FLOP at the predicted MFU
 * 0.18265 of the FP8 peak).
 */
TEST(sim_idle_capacity)
{
    static const struct fs_override ov[] = {OV("failures.distribution", "none"),
                                            OV("scenario.replicates", "1")};
    struct fs_scenario *s = load("scenarios/deepseek_2025.cfg", ov, 2);
    struct fs_mc *mc;
    ASSERT(s != NULL);
    mc = run(s, 1);
    ASSERT(mc != NULL);
    size_t j = job_index(s, "v3_pretrain");
    const struct fs_job_result *r = &mc->jobs[j];
    double h = r->end_h - r->start_h;
    ASSERT_REL(s->jobs[j].mfu, 0.18265, 1e-4);
    ASSERT_REL(h, 3.2856e24 / (2048 * 1979e12 * s->jobs[j].mfu) / 3600, 1e-9);
    ASSERT_REL(r->tco_idle_capacity_usd, 7952 * 68434.57 / 43800.0 * h, 1e-9);
    ASSERT_REL(r->tco_capex_usd, 2048 * 68434.57 / 43800.0 * h, 1e-9);
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/* A replicate allocates nothing: the heap's in-use bytes do not move. */
TEST(sim_no_allocation_in_run)
{
    struct fs_scenario *s = load("tests/unit/data/churn.cfg", NULL, 0);
    struct fs_sim *sim;
    struct fs_job_result jobs[3];
    struct fs_cluster_result cl[2];
    ASSERT(s != NULL);
    sim = fs_sim_new(s);
    ASSERT(sim != NULL);
    ASSERT(fs_sim_run(sim, 0, jobs, cl) == FS_OK); /* warm: stdio, GSL */
    struct mallinfo2 before = mallinfo2();
    for (uint64_t r = 1; r < 20; r++)
        ASSERT(fs_sim_run(sim, r, jobs, cl) == FS_OK);
    struct mallinfo2 after = mallinfo2();
    ASSERT_INT_EQ(after.uordblks, before.uordblks);
    ASSERT_INT_EQ(after.hblkhd, before.hblkhd);
    /* it did run: failures, repairs, restarts and maintenance of 3 jobs
     * over 60 days (checkpoints are computed, not queued: ~100 events) */
    ASSERT(fs_sim_events(sim) > 50);
    fs_sim_free(sim);
    fs_scenario_free(s);
}

/* Stream seeds: distinct per replicate, stream and scenario seed, stable,
 * and never GSL's "use the default" 0. */
TEST(sim_stream_seeds)
{
    /* Streams differ by replicate and by stream id, and never select GSL's
     * default seed 0. */
    ASSERT(fs_stream_seed(1, 0, 0) != fs_stream_seed(1, 1, 0));
    ASSERT(fs_stream_seed(1, 0, 0) != fs_stream_seed(1, 0, 1));
    ASSERT(fs_stream_seed(1, 0, 0) != fs_stream_seed(2, 0, 0));
    ASSERT(fs_stream_seed(1, 0, 0) == fs_stream_seed(1, 0, 0));
    for (uint64_t i = 0; i < 1000; i++)
        ASSERT(fs_stream_seed(i, i, i) != 0);
}

/*
 * Progress on the grid: job a of queue.cfg runs alone from t = 0 at a
 * constant rate and finishes at ta = 56.151 h, so its share at grid time t
 * is t / ta, then 1; b, queued behind it, shows 0 until ta. The grid spans
 * the 240-h horizon in 400 steps of 0.6 h.
 */
TEST(sim_progress_grid)
{
    struct fs_scenario *s = load("tests/unit/data/queue.cfg", NULL, 0);
    struct fs_mc *mc;
    const double ta = 6.4e21 / (64 * 989.4e12 * 0.5) / 3600;
    ASSERT(s != NULL);
    mc = run(s, 1);
    ASSERT(mc != NULL);
    ASSERT_INT_EQ(mc->ngrid, FS_GRID_POINTS);
    ASSERT_NEAR(mc->grid_h[1], 0.6, 1e-12);
    ASSERT_NEAR(mc->grid_h[mc->ngrid - 1], 240.0, 1e-9);
    const float *a = mc->grid + 0 * mc->ngrid, *b = mc->grid + 1 * mc->ngrid;
    ASSERT_NEAR(a[0], 0.0, 0.0);
    ASSERT_NEAR(a[50], 30.0 / ta, 1e-6); /* t = 30 h */
    ASSERT_NEAR(a[93], 55.8 / ta, 1e-6);
    ASSERT_NEAR(a[94], 1.0, 0.0);        /* t = 56.4 h > ta */
    ASSERT_NEAR(b[93], 0.0, 0.0);
    ASSERT_NEAR(b[100], (60.0 - ta) / ta, 1e-6);
    ASSERT_NEAR(mc->grid[3 * mc->ngrid + 400], mc->jobs[3].progress, 1e-6); /* d at the end */
    fs_mc_free(mc);
    fs_scenario_free(s);
}

/*
 * The sample trajectory rises while computing, drops only at
 * interruptions, and ends at the replicate's final progress; it belongs to
 * replicate 0.
 */
TEST(sim_sample_trajectory)
{
    struct fs_scenario *s = load("tests/unit/data/churn.cfg", NULL, 0);
    struct fs_mc *mc;
    ASSERT(s != NULL);
    mc = run(s, 2);
    ASSERT(mc != NULL);
    ASSERT(mc->nsample > 10);
    for (size_t j = 0; j < s->njobs; j++) {
        double last_t = -1, last = 0;
        size_t drops = 0, n = 0;
        for (size_t i = 0; i < mc->nsample; i++) {
            const struct fs_traj_point *p = &mc->sample[i];
            if (p->job != j)
                continue;
            ASSERT(p->t_h >= last_t);
            drops += p->share < last - 1e-12;
            last_t = p->t_h;
            last = p->share;
            n++;
        }
        ASSERT(n > 0);
        ASSERT_NEAR(last, mc->jobs[j].progress, 1e-9);
        /* Drops are at most the unexpected interruptions of replicate 0. */
        ASSERT(drops <= mc->jobs[j].interruptions[FS_CAUSE_NODE_OUT] +
                            mc->jobs[j].interruptions[FS_CAUSE_RESTART]);
        if (j == 0)
            ASSERT(drops > 0);
    }
    fs_mc_free(mc);
    fs_scenario_free(s);
}
