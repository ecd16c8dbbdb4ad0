/*
 * failure.c - job failure rates and the Young/Daly optimum checkpoint
 * interval.
 *
 * A node's time between failures (fail.ttf_h) is exponential with mean
 * 1/rate, lognormal with that mean (cv fail.ttf_h.b), or Weibull with
 * shape k and the same mean, so changing the shape changes the spread and
 * the hazard's trend, not the long-run rate; repair times (fail.repair_h) are fixed, exponential, or lognormal with a mean and
 * a coefficient of variation. Both are drawn with fs_dist_draw (dist.c).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "fleetsim/failure.h"

/*
 * Time to the next failure of a node of age `age` h (minimal repair: the
 * clock goes on from that age). Survival S(t); the residual life T solves
 * S(age + T) = S(age) U with U uniform on (0, 1]:
 *  - exponential: memoryless, the plain draw;
 *  - Weibull, scale lambda = mean / Gamma(1 + 1/k), E = -ln U:
 *    T = lambda ((age/lambda)^k + E)^(1/k) - age;
 *  - lognormal: T = Qinv(Q(age) U) - age with GSL's lognormal Q.
 * At age 0 (or below: not yet in service) it is the plain fs_dist_draw.
 */
double fs_failure_draw(const struct fs_dist *ttf, double age, const gsl_rng *r)
{
    if (ttf->kind != FS_DIST_NONE && !isfinite(ttf->a))
        return INFINITY; /* a rate of 0 */
    if (!(age > 0.0) || ttf->kind == FS_DIST_EXPONENTIAL)
        return fs_dist_draw(ttf, r);
    if (ttf->kind == FS_DIST_WEIBULL) {
        double k = ttf->b, lambda = ttf->a / gsl_sf_gamma(1.0 + 1.0 / k);
        double e = -log(gsl_rng_uniform_pos(r));
        return lambda * pow(pow(age / lambda, k) + e, 1.0 / k) - age;
    }
    if (ttf->kind == FS_DIST_LOGNORMAL && ttf->b > 0.0) {
        double s2 = log1p(ttf->b * ttf->b), mu = log(ttf->a) - s2 / 2.0, sigma = sqrt(s2);
        double q = gsl_cdf_lognormal_Q(age, mu, sigma) * gsl_rng_uniform_pos(r);
        return q > 0.0 ? fmax(0.0, gsl_cdf_lognormal_Qinv(q, mu, sigma) - age) : INFINITY;
    }
    return fs_dist_draw(ttf, r);
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
    double mix = 1.0, rate = 0.0;
    for (size_t k = 0; k < f->njob_causes; k++)
        rate += f->job_causes[k].per_h + f->job_causes[k].per_node_h * nodes;
    if (f->ttf_h.kind == FS_DIST_NONE)
        return rate;
    /* node groups: the long-run mix of rates (a dated group counted whole) */
    for (size_t g = 0; g < f->ngroups; g++)
        mix += f->groups[g].share * (f->groups[g].rate_multiplier - 1.0);
    return rate + nodes * f->node_rate_per_h * mix;
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
