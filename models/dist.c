/*
 * dist.c - draws and means of the distribution type (dist.h).
 *
 * Every draw goes through GSL's gsl_ran_* functions. The calls, their order
 * and their parameters are part of the golden outputs: a change here that
 * consumes one more random number, or computes a parameter in a different
 * order, shifts every seeded result.
 */
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "fleetsim/dist.h"

static const char *const kind_names[FS_DIST_COUNT] = {
#define XX(id, name) name,
    FS_DIST_MAP(XX)
#undef XX
};

const char *fs_dist_name(enum fs_dist_kind kind)
{
    return (unsigned)kind < FS_DIST_COUNT ? kind_names[kind] : "?";
}

/* Lognormal with mean m and coefficient of variation c:
 * sigma^2 = ln(1 + c^2), mu = ln m - sigma^2 / 2. */
static double lognormal(double m, double c, const gsl_rng *r)
{
    double s2 = log1p(c * c);
    return gsl_ran_lognormal(r, log(m) - s2 / 2.0, sqrt(s2));
}

double fs_dist_draw(const struct fs_dist *d, const gsl_rng *r)
{
    switch (d->kind) {
    case FS_DIST_FIXED:
        return d->a;
    case FS_DIST_UNIFORM:
        return d->b > d->a ? gsl_ran_flat(r, d->a, d->b) : d->a;
    case FS_DIST_LOGNORMAL:
        return d->b > 0.0 ? lognormal(d->a, d->b, r) : d->a;
    case FS_DIST_BETA:
        return gsl_ran_beta(r, d->a, d->b);
    case FS_DIST_EXPONENTIAL:
        return isfinite(d->a) ? gsl_ran_exponential(r, d->a) : INFINITY;
    case FS_DIST_WEIBULL:
        /* scale = mean / Gamma(1 + 1/k) keeps the mean whatever the shape */
        return isfinite(d->a) ? gsl_ran_weibull(r, d->a / gsl_sf_gamma(1.0 + 1.0 / d->b), d->b)
                              : INFINITY;
    case FS_DIST_NONE:
    case FS_DIST_COUNT:
        break;
    }
    return INFINITY;
}

double fs_dist_mean(const struct fs_dist *d)
{
    switch (d->kind) {
    case FS_DIST_FIXED:
    case FS_DIST_LOGNORMAL:
    case FS_DIST_EXPONENTIAL:
    case FS_DIST_WEIBULL:
        return d->a;
    case FS_DIST_UNIFORM:
        return d->b > d->a ? 0.5 * (d->a + d->b) : d->a;
    case FS_DIST_BETA:
        return d->a / (d->a + d->b);
    case FS_DIST_NONE:
    case FS_DIST_COUNT:
        break;
    }
    return INFINITY;
}
