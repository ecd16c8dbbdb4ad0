/*
 * dist.h - one distribution type for every random quantity of a scenario:
 * node failure times, repair times, lead times and the uncertain inputs of
 * procurement channels.
 *
 * A distribution is a kind plus two parameters, drawn with GSL's gsl_ran_*
 * functions from the caller's generator. Each kind consumes a fixed number
 * of random numbers per draw (none for fixed, none, or a degenerate case
 * such as a uniform with low == high), so a scenario's random streams do
 * not depend on parameter values. Equations: docs/model.md.
 */
#ifndef FLEETSIM_DIST_H
#define FLEETSIM_DIST_H

#include <gsl/gsl_rng.h>

/*
 * XX(ID, name, parameters). The first four are the families of the
 * loader's `distribution = "..."` groups, in its order (loader/cfg.c reads
 * that setting as an index into its list of names).
 */
#define FS_DIST_MAP(XX)                                                       \
    XX(FIXED, "fixed")             /* a */                                    \
    XX(UNIFORM, "uniform")         /* on [a, b] */                            \
    XX(LOGNORMAL, "lognormal")     /* mean a, coefficient of variation b */   \
    XX(BETA, "beta")               /* shapes a, b; on [0, 1] */               \
    XX(EXPONENTIAL, "exponential") /* mean a */                               \
    XX(WEIBULL, "weibull")         /* mean a, shape b */                      \
    XX(NONE, "none")               /* never happens: +inf */

enum fs_dist_kind {
#define XX(id, name) FS_DIST_##id,
    FS_DIST_MAP(XX)
#undef XX
    FS_DIST_COUNT
};

struct fs_dist {
    enum fs_dist_kind kind;
    double a, b; /* parameters, as listed in FS_DIST_MAP */
};

/* Name of a kind ("weibull"), "?" if out of range. */
const char *fs_dist_name(enum fs_dist_kind kind);

/*
 * Draws one value. Random numbers used:
 * - fixed: none, returns a; none: none, returns +inf;
 * - uniform: gsl_ran_flat(a, b), or a without a draw when b <= a;
 * - lognormal with mean a and cv b > 0: gsl_ran_lognormal(mu, sigma) with
 *   sigma^2 = ln(1 + b^2), mu = ln(a) - sigma^2 / 2; a without a draw when
 *   b <= 0;
 * - beta: gsl_ran_beta(a, b);
 * - exponential: gsl_ran_exponential(a);
 * - weibull: gsl_ran_weibull(a / Gamma(1 + 1/b), b), which has mean a;
 * - exponential and weibull with an infinite mean (a rate of 0): +inf
 *   without a draw.
 */
double fs_dist_draw(const struct fs_dist *d, const gsl_rng *r);

/* The mean of the distribution (+inf for none). */
double fs_dist_mean(const struct fs_dist *d);

#endif
