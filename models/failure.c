/*
 * failure.c - node failure and repair times, and the Young/Daly optimum
 * checkpoint interval.
 *
 * A node's time between failures is exponential with mean 1/rate, or
 * Weibull with shape k and the same mean (scale = mean / Gamma(1 + 1/k)),
 * so changing the shape changes the spread and the hazard's trend, not the
 * long-run rate. Repair times are fixed, exponential, or lognormal with the
 * given mean and coefficient of variation:
 * sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
 */
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "fleetsim/failure.h"
#include "fleetsim/procure.h"

double fs_fail_draw_ttf(const struct fs_failure_cfg *f, const gsl_rng *r)
{
    double mean;
    if (f->dist == FS_FAIL_NONE || !(f->node_rate_per_h > 0.0))
        return INFINITY;
    mean = 1.0 / f->node_rate_per_h;
    if (f->dist == FS_FAIL_WEIBULL) {
        double scale = mean / gsl_sf_gamma(1.0 + 1.0 / f->weibull_shape);
        return gsl_ran_weibull(r, scale, f->weibull_shape);
    }
    return gsl_ran_exponential(r, mean);
}

double fs_fail_draw_repair(const struct fs_failure_cfg *f, const gsl_rng *r)
{
    switch (f->repair_dist) {
    case FS_REPAIR_FIXED:
        return f->repair_mean_h;
    case FS_REPAIR_EXPONENTIAL:
        return gsl_ran_exponential(r, f->repair_mean_h);
    case FS_REPAIR_LOGNORMAL: {
        const struct fs_dist d = {FS_DIST_LOGNORMAL, f->repair_mean_h, f->repair_cv};
        return fs_dist_draw(&d, r);
    }
    }
    return f->repair_mean_h;
}

double fs_young_interval(double delta, double mtbf)
{
    return sqrt(2.0 * delta * mtbf);
}

double fs_daly_interval(double delta, double mtbf)
{
    double x;
    if (delta >= 2.0 * mtbf)
        return mtbf;
    x = delta / (2.0 * mtbf);
    return sqrt(2.0 * delta * mtbf) * (1.0 + sqrt(x) / 3.0 + x / 9.0) - delta;
}

double fs_job_failure_rate(const struct fs_failure_cfg *f, int nodes)
{
    if (f->dist == FS_FAIL_NONE)
        return 0.0;
    return nodes * f->node_rate_per_h;
}

double fs_checkpoint_interval_h(const struct fs_scenario *s, const struct fs_job *j)
{
    const struct fs_cluster *c = &s->clusters[j->cluster];
    double rate;
    if (!j->checkpoint_auto)
        return j->checkpoint_interval_h;
    rate = fs_job_failure_rate(&c->fail, j->gpus / c->gpus_per_node);
    if (!(rate > 0.0))
        return INFINITY;
    return fs_daly_interval(j->checkpoint_write_h, 1.0 / rate);
}
