/*
 * t_stats.c - statistics over replicates (sim/stats.c): the metric table,
 * summaries and GSL quantiles, fleet and cause means, paired differences
 * and their t-intervals, on small hand-built results whose expected values
 * are derived by hand in the comments.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/montecarlo.h"
#include "fleetsim/stats.h"
#include "unit.h"

/*
 * A hand-built Monte Carlo result: njobs jobs and nclusters clusters over
 * nrep replicates, all zero; the tests fill in the fields they need.
 */
struct fake {
    struct fs_scenario *s;
    struct fs_mc mc;
};

static int fake_init(struct fake *f, size_t njobs, size_t nclusters, size_t nrep)
{
    memset(f, 0, sizeof(*f));
    f->s = calloc(1, sizeof(*f->s));
    f->mc.jobs = calloc(njobs * nrep, sizeof(*f->mc.jobs));
    f->mc.clusters = calloc(nclusters * nrep + 1, sizeof(*f->mc.clusters));
    if (f->s == NULL || f->mc.jobs == NULL || f->mc.clusters == NULL)
        return -1;
    f->s->njobs = njobs;
    f->s->nclusters = nclusters;
    f->s->replicates = (int)nrep;
    f->mc.s = f->s;
    f->mc.nrep = nrep;
    return 0;
}

static void fake_release(struct fake *f)
{
    free(f->mc.jobs);
    free(f->mc.clusters);
    free(f->s);
}

/* Student's t quantile t(0.975, 1) in closed form: df = 1 is the Cauchy
 * distribution, F(t) = 1/2 + atan(t)/pi, so t = tan(0.475 pi). */
#define T975_DF1 12.706204736174698

/*
 * Summary of {3.7, 1.2, 9.8, 4.4, 2.5}: sorted 1.2 2.5 3.7 4.4 9.8.
 * mean = 21.6 / 5 = 4.32; squared deviations 9.7344 + 3.3124 + 0.3844 +
 * 0.0064 + 30.0304 = 43.468, sample sd = sqrt(43.468 / 4) = 3.29651331.
 * GSL's quantile (gsl_stats_quantile_from_sorted_data): delta = f (n - 1),
 * i = floor(delta), q = (1 - (delta - i)) x[i] + (delta - i) x[i+1]:
 * p5: delta 0.2 -> 0.8 * 1.2 + 0.2 * 2.5 = 1.46; p50: delta 2 -> 3.7;
 * p95: delta 3.8 -> 0.2 * 4.4 + 0.8 * 9.8 = 8.72.
 */
TEST(stats_summary_quantiles)
{
    double x[] = {3.7, 1.2, 9.8, 4.4, 2.5};
    struct fs_stat st;
    fs_stat_compute(x, 5, &st);
    ASSERT_INT_EQ(st.n, 5);
    ASSERT_REL(st.mean, 4.32, 1e-14);
    ASSERT_REL(st.sd, sqrt(43.468 / 4.0), 1e-12);
    ASSERT_REL(st.p5, 1.46, 1e-14);
    ASSERT_REL(st.p50, 3.7, 1e-15);
    ASSERT_REL(st.p95, 8.72, 1e-14);
    ASSERT(st.min == 1.2 && st.max == 9.8);
    /* sorted in place (documented) */
    ASSERT(x[0] == 1.2 && x[1] == 2.5 && x[2] == 3.7 && x[3] == 4.4 && x[4] == 9.8);
}

/* One value: every quantile is that value and sd is 0 by convention; no
 * value: NaN everywhere (so a job that never finished prints "-"). */
TEST(stats_summary_small_n)
{
    double one[] = {2.385};
    struct fs_stat st;
    fs_stat_compute(one, 1, &st);
    ASSERT_INT_EQ(st.n, 1);
    ASSERT(st.mean == 2.385 && st.sd == 0.0);
    ASSERT(st.p5 == 2.385 && st.p50 == 2.385 && st.p95 == 2.385);
    fs_stat_compute(one, 0, &st);
    ASSERT_INT_EQ(st.n, 0);
    ASSERT(isnan(st.mean) && isnan(st.sd) && isnan(st.p5) && isnan(st.p50) && isnan(st.p95));
    ASSERT(isnan(st.min) && isnan(st.max));
}

/* The metric table: names are the CSV column stems; values follow the
 * definitions in stats.h from one hand-made job result. */
TEST(stats_metric_values)
{
    struct fs_job_result r;
    memset(&r, 0, sizeof(r));
    r.started = 1;
    r.finished = 1;
    r.ready_h = 12.0;
    r.start_h = 30.0;
    r.end_h = 12.0 + 24.0 * 3.25;
    r.gpu_h_allocated = 8000.0;
    r.gpu_h_useful = 6100.0;
    r.interruptions[FS_CAUSE_NODE_OUT] = 3;
    r.interruptions[FS_CAUSE_RESTART] = 4;
    r.interruptions[FS_CAUSE_PLANNED] = 2;
    r.tco_lost_usd = 17.5;
    ASSERT_STR_EQ(fs_metric_name(FS_M_TTT), "time_to_train_days");
    ASSERT_STR_EQ(fs_metric_name(FS_M_TCO_LOST), "tco_lost_work_usd");
    ASSERT_STR_EQ(fs_metric_name(FS_M_COUNT), "?");
    ASSERT_STR_EQ(fs_metric_name(FS_M_RESULT), "time_to_result_days");
    ASSERT_REL(fs_metric_value(&r, FS_M_TTT), 2.5, 1e-15);           /* (end - start) / 24 */
    ASSERT_REL(fs_metric_value(&r, FS_M_RESULT), 3.25, 1e-15);       /* (end - ready) / 24 */
    ASSERT_REL(fs_metric_value(&r, FS_M_END), 90.0 / 24.0, 1e-15);   /* end / 24 */
    ASSERT_REL(fs_metric_value(&r, FS_M_WAIT), 18.0 / 24.0, 1e-15);  /* (start - ready) / 24 */
    ASSERT(isnan(fs_metric_bound(&r, FS_M_TTT)));                    /* finished: not censored */
    ASSERT_REL(fs_metric_value(&r, FS_M_GOODPUT), 6100.0 / 8000.0, 1e-15);
    ASSERT_REL(fs_metric_value(&r, FS_M_INTERRUPTS), 9.0, 0);        /* 3 + 4 + 2 */
    ASSERT_REL(fs_metric_value(&r, FS_M_INT_RESTART), 4.0, 0);
    ASSERT_REL(fs_metric_value(&r, FS_M_TCO_LOST), 17.5, 0);
    ASSERT(isnan(fs_metric_value(&r, FS_M_COUNT)));
    /* Unfinished, started: times censored at the horizon (end_h), each at
     * the value it had reached: compute 60 h, from ready 78 h, end 90 h. */
    r.finished = 0;
    ASSERT(isnan(fs_metric_value(&r, FS_M_TTT)));
    ASSERT_REL(fs_metric_bound(&r, FS_M_TTT), 2.5, 1e-15);
    ASSERT_REL(fs_metric_bound(&r, FS_M_RESULT), 3.25, 1e-15);
    ASSERT_REL(fs_metric_bound(&r, FS_M_END), 3.75, 1e-15);
    ASSERT_REL(fs_metric_value(&r, FS_M_WAIT), 0.75, 1e-15);         /* it did start */
    ASSERT(isnan(fs_metric_bound(&r, FS_M_TCO_LOST)));               /* not a censored metric */
    /* Never started: no compute (bound 0), the wait censored at the
     * horizon: (end - ready) / 24. */
    r.started = 0;
    r.start_h = NAN;
    ASSERT(isnan(fs_metric_value(&r, FS_M_TTT)));
    ASSERT(isnan(fs_metric_value(&r, FS_M_END)));
    ASSERT(isnan(fs_metric_value(&r, FS_M_WAIT)));
    ASSERT_REL(fs_metric_bound(&r, FS_M_TTT), 0.0, 0);
    ASSERT_REL(fs_metric_bound(&r, FS_M_WAIT), 3.25, 1e-15);
    r.gpu_h_allocated = 0.0;
    ASSERT(isnan(fs_metric_value(&r, FS_M_GOODPUT)));
}

/*
 * fs_summary_compute over 3 replicates of 2 jobs: job 1's time to train
 * (start 0) is 2, 5 days and unfinished at 9 days -> n 2, 1 censored at 9.
 * Mean over all three, the censored one at its bound: 16/3. Quantiles over
 * N = 3 sorted 2, 5, +inf: P50 at position 1 -> 5; P5 at 0.1 -> 0.9 x 2 +
 * 0.1 x 5 = 2.3; P95 at 1.9 interpolates into the censored value:
 * censored, bounded below by 0.1 x 5 + 0.9 x 9 = 8.6 (the same over the
 * lower bounds 2, 5, 9). Its TCO exists in every replicate: 10, 40, 25 ->
 * mean 25, P50 25. Job 0 stays separate (all zeros: mean 0).
 */
TEST(stats_summary_compute)
{
    struct fake f;
    struct fs_summary sum;
    const double days[] = {2.0, 5.0, 9.0}, tco[] = {10.0, 40.0, 25.0};
    ASSERT(fake_init(&f, 2, 1, 3) == 0);
    for (size_t r = 0; r < 3; r++) {
        struct fs_job_result *x = &f.mc.jobs[r * 2 + 1];
        x->started = 1;
        x->finished = r < 2;
        x->end_h = 24.0 * days[r];
        x->tco_usd = tco[r];
        f.mc.jobs[r * 2].finished = 1;
    }
    ASSERT(fs_summary_compute(&f.mc, &sum) == FS_OK);
    ASSERT_INT_EQ(sum.njobs, 2);
    ASSERT_INT_EQ(fs_summary_stat(&sum, 1, FS_M_TTT)->n, 2);
    ASSERT_INT_EQ(fs_summary_stat(&sum, 1, FS_M_TTT)->ncens, 1);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TTT)->mean, 16.0 / 3.0, 1e-15);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TTT)->p50, 5.0, 1e-15);
    ASSERT(!fs_summary_stat(&sum, 1, FS_M_TTT)->p50_cens);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TTT)->p5, 2.3, 1e-15);
    ASSERT(fs_summary_stat(&sum, 1, FS_M_TTT)->p95_cens);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TTT)->p95, 8.6, 1e-15);
    ASSERT_INT_EQ(fs_summary_stat(&sum, 1, FS_M_TCO)->n, 3);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TCO)->mean, 25.0, 1e-15);
    ASSERT_REL(fs_summary_stat(&sum, 1, FS_M_TCO)->p50, 25.0, 1e-15);
    ASSERT(fs_summary_stat(&sum, 0, FS_M_TCO)->mean == 0.0);
    fs_summary_release(&sum);
    ASSERT(sum.stats == NULL);
    fake_release(&f);
}

/* Fleet and cause means are plain means over replicates: capex 3.0, 4.5,
 * 6.0 -> 4.5; GPUs 1024, 1016, 1020 -> 1020; job 0's cause-1
 * interruptions 2, 0, 7 -> 3. */
TEST(stats_fleet_and_cause_means)
{
    struct fake f;
    struct fs_cluster_result m;
    const double capex[] = {3.0, 4.5, 6.0}, gpus[] = {1024, 1016, 1020};
    const unsigned cause[] = {2, 0, 7};
    ASSERT(fake_init(&f, 1, 2, 3) == 0);
    for (size_t r = 0; r < 3; r++) {
        f.mc.clusters[r * 2 + 1].fleet_capex_usd = capex[r];
        f.mc.clusters[r * 2 + 1].gpus_end = gpus[r];
        f.mc.clusters[r * 2].fleet_capex_usd = 1e9; /* cluster 0: not mixed in */
        f.mc.jobs[r].by_cause[1] = cause[r];
    }
    fs_fleet_mean(&f.mc, 1, &m);
    ASSERT_REL(m.fleet_capex_usd, 4.5, 1e-15);
    ASSERT_REL(m.gpus_end, 1020.0, 1e-15);
    ASSERT(m.fleet_energy_usd == 0.0);
    ASSERT_REL(fs_cause_mean(&f.mc, 0, 1), 3.0, 1e-15);
    ASSERT(fs_cause_mean(&f.mc, 0, 0) == 0.0);
    fake_release(&f);
}

/*
 * The t-interval of d = {1.5, -0.5, 2.0, 1.0}: mean 1, sample variance
 * (0.25 + 2.25 + 1 + 0) / 3 = 3.5/3, half-width t(0.975, 3) sd / sqrt(4)
 * with t(0.975, 3) = 3.182446 (Student's t table, 3 degrees of freedom).
 * Two values {4.0, 1.0}: mean 2.5, sd = 3/sqrt(2), half-width
 * t(0.975, 1) * 1.5. One value: the mean only; none: NaN.
 */
TEST(stats_diff_t_interval)
{
    const double d[] = {1.5, -0.5, 2.0, 1.0}, two[] = {4.0, 1.0};
    struct fs_diff x;
    double half = 3.182446 * sqrt(3.5 / 3.0) / 2.0;
    fs_diff_compute(d, 4, &x);
    ASSERT_INT_EQ(x.n, 4);
    ASSERT_REL(x.mean, 1.0, 1e-15);
    ASSERT_REL(x.lo, 1.0 - half, 1e-6);
    ASSERT_REL(x.hi, 1.0 + half, 1e-6);
    fs_diff_compute(two, 2, &x);
    ASSERT_REL(x.mean, 2.5, 1e-15);
    ASSERT_REL(x.hi - x.mean, T975_DF1 * 1.5, 1e-9);
    ASSERT_REL(x.mean - x.lo, T975_DF1 * 1.5, 1e-9);
    fs_diff_compute(two, 1, &x);
    ASSERT(x.n == 1 && x.mean == 4.0 && isnan(x.lo) && isnan(x.hi));
    fs_diff_compute(two, 0, &x);
    ASSERT(x.n == 0 && isnan(x.mean) && isnan(x.lo) && isnan(x.hi));
}

/*
 * Paired differences between two runs, replicate by replicate, over every
 * replicate, finished or not (costs counted to the horizon). TCO of b:
 * 10, 12, 11.5, 9; of a: 9, 12.5, 9.5, 8, with a's replicate 2
 * unfinished -> d = 1, -0.5, 2, 1; mean 0.875, squared deviations
 * 0.015625 + 1.890625 + 1.265625 + 0.015625 = 3.1875, sample variance
 * 1.0625, half-width t(0.975, 3) sqrt(1.0625) / 2 with t(0.975, 3) =
 * 3.182446 (Student's t table). Finished shares: b 1, a 3/4. (Before,
 * a's unfinished replicate was dropped: n 3, mean 0.5.) b's job is its
 * second (index 1), a's its first: jobs are matched by the caller.
 */
TEST(stats_paired_diff)
{
    struct fake a, b;
    struct fs_diff x;
    const double tb[] = {10.0, 12.0, 11.5, 9.0}, ta[] = {9.0, 12.5, 9.5, 8.0};
    ASSERT(fake_init(&a, 1, 1, 4) == 0);
    ASSERT(fake_init(&b, 2, 1, 4) == 0);
    for (size_t r = 0; r < 4; r++) {
        b.mc.jobs[r * 2 + 1] = (struct fs_job_result){.finished = 1, .tco_usd = tb[r]};
        b.mc.jobs[r * 2] = (struct fs_job_result){.finished = 1, .tco_usd = 1e6};
        a.mc.jobs[r] = (struct fs_job_result){.finished = r != 2, .tco_usd = ta[r]};
    }
    ASSERT(fs_paired_diff(&b.mc, 1, &a.mc, 0, FS_M_TCO, &x) == FS_OK);
    ASSERT_INT_EQ(x.n, 4);
    ASSERT_REL(x.mean, 0.875, 1e-15);
    ASSERT_REL(x.lo, 0.875 - 3.182446 * sqrt(1.0625) / 2.0, 1e-6);
    ASSERT_REL(x.hi, 0.875 + 3.182446 * sqrt(1.0625) / 2.0, 1e-6);
    ASSERT_REL(x.fin_b, 1.0, 0);
    ASSERT_REL(x.fin_a, 0.75, 0);
    ASSERT(!x.censored);
    /* Fewer replicates in one run: only the common ones pair up. */
    a.mc.nrep = 2;
    ASSERT(fs_paired_diff(&b.mc, 1, &a.mc, 0, FS_M_TCO, &x) == FS_OK);
    ASSERT_INT_EQ(x.n, 2);
    ASSERT_REL(x.mean, 0.25, 1e-15); /* (1 - 0.5) / 2 */
    ASSERT_REL(x.fin_a, 1.0, 0);     /* replicates 0 and 1 both finished */
    fake_release(&a);
    fake_release(&b);
}

/*
 * Order fates: order 1 over 4 replicates is delivered (1000 GPUs at
 * 100 h), blocked by rule 2 (nothing arrives), delivered (1000 at 300 h),
 * delayed (500 at 200 h): counts 2/1/1, mean delivered
 * (1000 + 0 + 1000 + 500) / 4 = 625, arrival over the 3 replicates where
 * something came: sorted 100 200 300, P50 200; the deciding rule is 2.
 */
TEST(stats_order_fates)
{
    struct fake f;
    struct fs_order_stat os;
    double scratch[4];
    const int fate[] = {FS_FATE_DELIVERED, FS_FATE_BLOCKED, FS_FATE_DELIVERED, FS_FATE_DELAYED};
    const double got[] = {1000, 0, 1000, 500}, arr[] = {100, NAN, 300, 200};
    ASSERT(fake_init(&f, 1, 1, 4) == 0);
    f.s->norders = 2;
    f.mc.orders = calloc(8, sizeof(*f.mc.orders));
    ASSERT(f.mc.orders != NULL);
    for (size_t r = 0; r < 4; r++) {
        f.mc.orders[r * 2] = (struct fs_order_result){FS_FATE_LATE, 5, 0, 1.0, 1e9, 0};
        f.mc.orders[r * 2 + 1] = (struct fs_order_result){fate[r], r == 1 ? 2 : -1, 0, arr[r],
                                                          got[r], 0};
    }
    fs_order_stat(&f.mc, 1, scratch, &os);
    ASSERT_INT_EQ(os.count[FS_FATE_DELIVERED], 2);
    ASSERT_INT_EQ(os.count[FS_FATE_BLOCKED], 1);
    ASSERT_INT_EQ(os.count[FS_FATE_DELAYED], 1);
    ASSERT_INT_EQ(os.count[FS_FATE_LATE], 0);
    ASSERT_REL(os.gpus_delivered, 625.0, 1e-15);
    ASSERT_INT_EQ(os.arrival_h.n, 3);
    ASSERT_REL(os.arrival_h.p50, 200.0, 1e-15);
    ASSERT_INT_EQ(os.rule, 2);
    fs_order_stat(&f.mc, 1, NULL, &os); /* no scratch: no arrival statistics */
    ASSERT(os.arrival_h.n == 0 && isnan(os.arrival_h.p50));
    ASSERT_REL(os.gpus_delivered, 625.0, 1e-15);
    free(f.mc.orders);
    fake_release(&f);
}

/*
 * The progress grid keeps the first ngrid_reps = 3 of 4 replicates, 3
 * grid times. GPUs in service at k = 1: cluster 0 (chip 5) 100, 96, 104;
 * cluster 1 (chip 7) 8, 8, 16. Chip 5: sorted 96 100 104, mean 100, P5
 * delta 0.1 -> 0.9 * 96 + 0.1 * 100 = 96.4, P95 delta 1.9 ->
 * 0.1 * 100 + 0.9 * 104 = 103.6. All clusters: 108, 104, 120 -> mean
 * 332 / 3, P50 108. Job 0's progress at k = 2: 0.25, 1, 0.5 -> P50 0.5,
 * mean 1.75 / 3.
 */
TEST(stats_grid_quantiles)
{
    struct fake f;
    struct fs_cluster cl[2];
    struct fs_stat st;
    double scratch[3];
    const float c0[] = {100, 96, 104}, c1[] = {8, 8, 16}, pr[] = {0.25f, 1.0f, 0.5f};
    ASSERT(fake_init(&f, 1, 2, 4) == 0);
    memset(cl, 0, sizeof(cl));
    cl[0].chip = 5;
    cl[1].chip = 7;
    f.s->clusters = cl;
    f.mc.ngrid = 3;
    f.mc.ngrid_reps = 3;
    f.mc.capacity = calloc(3 * 2 * 3, sizeof(float));
    f.mc.grid = calloc(3 * 1 * 3, sizeof(float));
    ASSERT(f.mc.capacity != NULL && f.mc.grid != NULL);
    for (size_t r = 0; r < 3; r++) {
        f.mc.capacity[(r * 2 + 0) * 3 + 1] = c0[r];
        f.mc.capacity[(r * 2 + 1) * 3 + 1] = c1[r];
        f.mc.capacity[(r * 2 + 0) * 3 + 2] = 1e6f; /* another grid time */
        f.mc.grid[(r * 1 + 0) * 3 + 2] = pr[r];
    }
    fs_grid_capacity_stat(&f.mc, 5, 1, scratch, &st);
    ASSERT_INT_EQ(st.n, 3);
    ASSERT_REL(st.mean, 100.0, 1e-15);
    ASSERT_REL(st.p5, 96.4, 1e-14);
    ASSERT_REL(st.p95, 103.6, 1e-14);
    fs_grid_capacity_stat(&f.mc, SIZE_MAX, 1, scratch, &st);
    ASSERT_REL(st.mean, 332.0 / 3.0, 1e-15);
    ASSERT_REL(st.p50, 108.0, 1e-15);
    fs_grid_progress_stat(&f.mc, 0, 2, scratch, &st);
    ASSERT_REL(st.p50, 0.5, 1e-15);
    ASSERT_REL(st.mean, 1.75 / 3.0, 1e-15);
    free(f.mc.capacity);
    free(f.mc.grid);
    fake_release(&f);
}

/*
 * fs_quantiles by selection gives, bit for bit, what sorting and
 * gsl_stats_quantile_from_sorted_data give: by hand on 5 values (P5 of
 * {7.25, 1.5, 3, 3, 10}: index 0.05 x 4 = 0.2 between 1.5 and 3, so
 * 0.8 x 1.5 + 0.2 x 3 = 1.8; P50 the middle value 3; P95: index 3.8,
 * 0.2 x 7.25 + 0.8 x 10 = 9.45), then on 200 seeded random samples of 1
 * to 1,000 values with ties (rounded to 0.25), at P5, P50, P95 and P100.
 */
TEST(stats_quantiles_by_selection)
{
    double x[] = {7.25, 1.5, 3.0, 3.0, 10.0}, q[4];
    static const double f[] = {0.05, 0.50, 0.95, 1.0};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double *a = malloc(1000 * sizeof(*a)), *b = malloc(1000 * sizeof(*b));
    ASSERT(rng != NULL && a != NULL && b != NULL);
    fs_quantiles(x, 5, f, 3, q);
    ASSERT_REL(q[0], 0.8 * 1.5 + 0.2 * 3.0, 1e-15);
    ASSERT_REL(q[1], 3.0, 0.0);
    ASSERT_REL(q[2], 0.2 * 7.25 + 0.8 * 10.0, 1e-15);
    gsl_rng_set(rng, 20261128);
    for (int t = 0; t < 200; t++) {
        size_t n = 1 + gsl_rng_uniform_int(rng, 1000);
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = floor(gsl_rng_uniform(rng) * 400.0) / 4.0;
        fs_quantiles(a, n, f, 4, q);
        gsl_sort(b, 1, n);
        for (size_t k = 0; k < 4; k++) {
            double want = gsl_stats_quantile_from_sorted_data(b, 1, n, f[k]);
            if (memcmp(&q[k], &want, sizeof(want)) != 0) {
                unit_fail(__FILE__, __LINE__, "n %zu, f %g: %.17g, sorted %.17g", n, f[k],
                          q[k], want);
                t = 200;
                break;
            }
        }
    }
    gsl_rng_free(rng);
    free(a);
    free(b);
}
