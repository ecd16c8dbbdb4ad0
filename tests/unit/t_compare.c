/*
 * t_compare.c - comparisons: common random numbers, paired differences
 * with confidence intervals, sweeps and sensitivity
 * (tests/unit/data/strategies.cfg).
 */
#include <math.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "unit.h"
#include "util.h"

#define DATA "tests/unit/data/strategies.cfg"

static int run_study(struct fs_study *st, int kind, const char *spec)
{
    struct fs_diag d;
    int rc;
    fs_diag_clear(&d);
    if (kind == 0)
        rc = fs_study_strategies(st, DATA, unit_catalog(), unit_rules(), NULL, 0, &d);
    else if (kind == 1)
        rc = fs_study_sweep(st, DATA, spec, unit_catalog(), unit_rules(), NULL, 0, &d);
    else
        rc = fs_study_sensitivity(st, DATA, unit_catalog(), unit_rules(), NULL, 0, &d);
    if (rc == FS_OK)
        rc = fs_study_run(st, 2, NULL, NULL, &d);
    if (rc != FS_OK)
        fs_diag_print(&d, stdout);
    return rc;
}

static size_t variant(const struct fs_study *st, const char *label)
{
    for (size_t k = 0; k < st->n; k++)
        if (strcmp(st->v[k].label, label) == 0)
            return k;
    return (size_t)-1;
}

/* Two strategies identical to the baseline differ from it by exactly
 * zero: every replicate draws the same streams (common random numbers). */
TEST(compare_crn_identical_is_zero)
{
    struct fs_study st;
    struct fs_diff d;
    ASSERT(run_study(&st, 0, NULL) == FS_OK);
    ASSERT_INT_EQ(st.n, 5);
    ASSERT_STR_EQ(st.v[0].label, "baseline");
    for (size_t k = variant(&st, "same_a"); k <= variant(&st, "same_b"); k++) {
        /* times: the difference of the censored P50s, no interval */
        fs_study_diff(&st, k, "run", FS_M_TTT, &d);
        ASSERT_INT_EQ(d.n, 200);
        ASSERT_NEAR(d.mean, 0.0, 0.0);
        ASSERT(isnan(d.lo) && isnan(d.hi) && !d.censored);
        fs_study_diff(&st, k, "run", FS_M_TCO, &d);
        ASSERT_NEAR(d.mean, 0.0, 0.0);
        ASSERT_NEAR(d.lo, 0.0, 0.0);
        ASSERT_NEAR(d.hi, 0.0, 0.0);
    }
    /* A real change is not zero: twice the GPUs train faster (P50 lower),
     * and hold their GPUs for fewer hours in every replicate. */
    fs_study_diff(&st, variant(&st, "more_gpus"), "run", FS_M_TTT, &d);
    ASSERT(d.mean < 0.0);
    fs_study_release(&st);
}

/*
 * The interval is mean +- t(0.975, n - 1) s / sqrt(n) of the paired
 * differences; t(0.975, 199) = 1.97196 (Student's t table). Recomputed here
 * from the replicates.
 */
TEST(compare_diff_interval)
{
    struct fs_study st;
    struct fs_diff d;
    double sum = 0, sum2 = 0, x[200];
    size_t k;
    ASSERT(run_study(&st, 0, NULL) == FS_OK);
    k = variant(&st, "b200");
    for (size_t r = 0; r < 200; r++) {
        x[r] = fs_metric_value(&st.v[k].mc->jobs[r], FS_M_TCO) -
               fs_metric_value(&st.v[0].mc->jobs[r], FS_M_TCO);
        sum += x[r];
    }
    double mean = sum / 200;
    for (size_t r = 0; r < 200; r++)
        sum2 += (x[r] - mean) * (x[r] - mean);
    double half = 1.97196 * sqrt(sum2 / 199) / sqrt(200.0);
    fs_study_diff(&st, k, "run", FS_M_TCO, &d);
    ASSERT_REL(d.mean, mean, 1e-9);
    ASSERT_REL(d.hi - d.mean, half, 1e-5);
    ASSERT_REL(d.mean - d.lo, half, 1e-5);
    fs_study_release(&st);
}

/* A log sweep 512:2048:3 runs 512, 1024, 2048 GPUs on both paths. */
TEST(compare_sweep_log)
{
    struct fs_study st;
    ASSERT(run_study(&st, 1, "clusters[c].gpus,jobs[run].gpus=512:2048:3:log") == FS_OK);
    ASSERT_INT_EQ(st.n, 3);
    ASSERT_STR_EQ(st.v[0].label, "512");
    ASSERT_STR_EQ(st.v[1].label, "1024");
    ASSERT_STR_EQ(st.v[2].label, "2048");
    ASSERT_INT_EQ(st.v[1].s->jobs[0].gpus, 1024);
    ASSERT_INT_EQ(st.v[2].s->clusters[0].gpus, 2048);
    /* More GPUs, shorter run: medians fall along the sweep. */
    ASSERT(st.v[1].sum.stats[FS_M_TTT].p50 < st.v[0].sum.stats[FS_M_TTT].p50);
    ASSERT(st.v[2].sum.stats[FS_M_TTT].p50 < st.v[1].sum.stats[FS_M_TTT].p50);
    fs_study_release(&st);
    /* Bad specs are usage errors. */
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_study_sweep(&st, DATA, "jobs[run].gpus=512:2048", unit_catalog(),
                                 unit_rules(), NULL, 0, &d), FS_EUSAGE);
}

/* Sensitivity: a baseline plus low and high runs of each input; MFU moves
 * the time-to-train more than the failure rate (0.3 -> 0.5 changes the rate
 * by 67 %, the failure range costs a few per cent of goodput). */
TEST(compare_sensitivity_runs)
{
    struct fs_study st;
    ASSERT(run_study(&st, 2, NULL) == FS_OK);
    ASSERT_INT_EQ(st.n, 5);
    ASSERT_STR_EQ(st.v[1].label, "MFU low");
    ASSERT_NEAR(st.v[1].x, 0.3, 0.0);
    ASSERT_NEAR(st.v[2].x, 0.5, 0.0);
    ASSERT_NEAR(st.v[1].s->jobs[0].mfu, 0.3, 0.0);
    double mfu_swing = st.v[1].sum.stats[FS_M_TTT].p50 - st.v[2].sum.stats[FS_M_TTT].p50;
    double fail_swing = st.v[4].sum.stats[FS_M_TTT].p50 - st.v[3].sum.stats[FS_M_TTT].p50;
    ASSERT(mfu_swing > 0.0 && fail_swing > 0.0);
    ASSERT(mfu_swing > fail_swing);
    fs_study_release(&st);
}

/*
 * VC-06, the optimum found by simulation: sweep the checkpoint interval
 * from 30 to 90 minutes (13 steps of 5) on Daly's case (delta 5 min,
 * R 10 min, M 6 h, T_s 500 h; tests/unit/data/vc06.cfg) with common random
 * numbers. The interval with the least mean wall-clock must be within
 * +-10 % of Daly's 56.7 min, and that wall-clock within +-2 % of Daly's
 * model, T(tau) = M e^(R/M) (e^((tau + delta)/M) - 1) T_s / tau
 * (Daly 2006, FGCS 22(3); docs/validation.md VC-06).
 */
TEST(compare_vc06_simulated_optimum)
{
    struct fs_study st;
    struct fs_diag d;
    size_t best = 0;
    fs_diag_clear(&d);
    ASSERT(fs_study_sweep(&st, "tests/unit/data/vc06.cfg",
                          "jobs[run].checkpoint_interval_minutes=30:90:13", unit_catalog(),
                          unit_rules(), NULL, 0, &d) == FS_OK);
    ASSERT(fs_study_run(&st, 2, NULL, NULL, &d) == FS_OK);
    for (size_t k = 1; k < st.n; k++)
        if (st.v[k].sum.stats[FS_M_TTT].mean < st.v[best].sum.stats[FS_M_TTT].mean)
            best = k;
    ASSERT_NEAR(st.v[best].x, 56.7, 5.67);
    {
        const double M = 6.0, R = 10.0 / 60, delta = 5.0 / 60, Ts = 500.0, tau = st.v[best].x / 60;
        double model_h = M * exp(R / M) * expm1((tau + delta) / M) * Ts / tau;
        ASSERT_REL(st.v[best].sum.stats[FS_M_TTT].mean * 24.0, model_h, 0.02);
    }
    fs_study_release(&st);
}
