/*
 * sobol.c - the estimators of variance-based global sensitivity: the
 * Saltelli design from GSL's Sobol sequence, the inputs' inverse CDFs, and
 * first-order and total indices with bootstrap intervals (sobol.h).
 *
 * Workload: a study of k <= 20 inputs and N of a few hundred to a few
 * thousand base samples; the bootstrap (N rows resampled, say, 1,000 times)
 * costs O(nboot N k) and is negligible beside the N (k + 2) simulations.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/error.h"
#include "fleetsim/sobol.h"

const char *fs_sobol_dist_name(enum fs_sobol_dist d)
{
    static const char *const names[] = {
#define XX(id, name) name,
        FS_SOBOL_DIST_MAP(XX)
#undef XX
    };
    return (unsigned)d < FS_SOBOL_DIST_COUNT ? names[d] : "?";
}

/* Inverse CDF of a normal or lognormal, truncated to [min, max]. */
static double trunc_pinv(const struct fs_sobol_input *in, double u)
{
    double lo, hi, p;
    if (in->dist == FS_SOBOL_NORMAL) {
        lo = isfinite(in->min) ? gsl_cdf_gaussian_P(in->min - in->mean, in->sd) : 0.0;
        hi = isfinite(in->max) ? gsl_cdf_gaussian_P(in->max - in->mean, in->sd) : 1.0;
        p = lo + u * (hi - lo);
        return in->mean + gsl_cdf_gaussian_Pinv(p, in->sd);
    }
    {
        /* Mean m and coefficient of variation cv, as fs_dist's lognormal:
         * sigma^2 = ln(1 + cv^2), zeta = ln(m) - sigma^2 / 2. */
        double s2 = log1p(in->cv * in->cv), sigma = sqrt(s2), zeta = log(in->mean) - 0.5 * s2;
        lo = isfinite(in->min) && in->min > 0 ? gsl_cdf_lognormal_P(in->min, zeta, sigma) : 0.0;
        hi = isfinite(in->max) ? gsl_cdf_lognormal_P(in->max, zeta, sigma) : 1.0;
        p = lo + u * (hi - lo);
        return gsl_cdf_lognormal_Pinv(p, zeta, sigma);
    }
}

double fs_sobol_quantile(const struct fs_sobol_input *in, double u)
{
    switch (in->dist) {
    case FS_SOBOL_UNIFORM:
        return gsl_cdf_flat_Pinv(u, in->low, in->high);
    case FS_SOBOL_NORMAL:
    case FS_SOBOL_LOGNORMAL:
        return trunc_pinv(in, u);
    case FS_SOBOL_TRIANGULAR: {
        /* F(x) = (x-a)^2 / ((b-a)(c-a)) below the mode c, 1 - (b-x)^2 /
         * ((b-a)(b-c)) above it; inverted in closed form (GSL has no
         * triangular distribution). */
        double a = in->low, b = in->high, c = in->mode, fc = (c - a) / (b - a);
        if (u < fc)
            return a + sqrt(u * (b - a) * (c - a));
        return b - sqrt((1.0 - u) * (b - a) * (b - c));
    }
    case FS_SOBOL_DISCRETE: {
        double cum = 0.0;
        for (size_t i = 0; i + 1 < in->nvalues; i++) {
            cum += in->weights[i];
            if (u <= cum)
                return in->values[i];
        }
        return in->values[in->nvalues - 1];
    }
    case FS_SOBOL_DIST_COUNT:
        break;
    }
    return NAN;
}

int fs_sobol_design(size_t n, size_t k, double *a, double *b)
{
    gsl_qrng *q;
    double x[2 * FS_SOBOL_MAX_INPUTS];
    if (k == 0 || k > FS_SOBOL_MAX_INPUTS)
        return FS_ERANGE;
    if ((q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k))) == NULL)
        return FS_ENOMEM;
    /* GSL's first point is (0.5, ..., 0.5): its A and B rows are equal and
     * add nothing but a zero to every sum, so it is skipped. */
    gsl_qrng_get(q, x);
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, x);
        for (size_t i = 0; i < k; i++) {
            /* GSL's sequence starts after the origin, and no later point
             * has a coordinate at 0; keep every value inside (0, 1) for the
             * inverse CDFs all the same. */
            a[j * k + i] = fmin(fmax(x[i], DBL_EPSILON), 1.0 - DBL_EPSILON);
            b[j * k + i] = fmin(fmax(x[k + i], DBL_EPSILON), 1.0 - DBL_EPSILON);
        }
    }
    gsl_qrng_free(q);
    return FS_OK;
}

void fs_sobol_point(const double *a, const double *b, size_t k, size_t item, double *u)
{
    size_t j = item / (k + 2), c = item % (k + 2);
    memcpy(u, (c == 1 ? b : a) + j * k, k * sizeof(*u));
    if (c >= 2)
        u[c - 2] = b[j * k + (c - 2)];
}

/* f at design column c (0 A, 1 B, 2 + i A_B^(i)) of row j. */
#define F(j, c) y[((j) * (k + 2) + (c)) * stride]

/*
 * The estimators over rows[0..n-1] (a resample, repeats allowed): s1[k]
 * and st[k]. buf holds 2n doubles.
 */
static void estimate(const double *y, size_t stride, size_t k, const size_t *rows, size_t n,
                     double *buf, double *s1, double *st)
{
    double v, m;
    for (size_t r = 0; r < n; r++) {
        buf[r] = F(rows[r], 0);
        buf[n + r] = F(rows[r], 1);
    }
    v = gsl_stats_variance(buf, 1, 2 * n);
    /* Saltelli's first-order sum is not invariant to a shift of f: its
     * terms carry f(B)'s mean, whose square inflates the estimator's
     * variance when the mean is large beside the spread (a 60-day run that
     * varies by 3). Centring f(B) on the sample mean keeps the expectation
     * (E[f(A_B^i) - f(A)] = 0) and removes that noise (Sobol' 2001). */
    m = gsl_stats_mean(buf, 1, 2 * n);
    for (size_t i = 0; i < k; i++) {
        double sf = 0.0, stt = 0.0;
        for (size_t r = 0; r < n; r++) {
            double fa = F(rows[r], 0), fb = F(rows[r], 1), fab = F(rows[r], 2 + i);
            sf += (fb - m) * (fab - fa);    /* Saltelli et al. 2010, Table 2 (b) */
            stt += (fa - fab) * (fa - fab); /* Jansen 1999; Saltelli 2010 Table 2 (f) */
        }
        s1[i] = v > 0 ? sf / (double)n / v : NAN;
        st[i] = v > 0 ? stt / (2.0 * (double)n) / v : NAN;
    }
}

int fs_sobol_indices(const double *y, size_t stride, size_t n, size_t k, size_t nboot,
                     double conf, uint64_t seed, struct fs_sobol_index *out)
{
    size_t *rows = malloc(n * sizeof(*rows));
    double *buf = malloc(2 * n * sizeof(*buf));
    double *s1 = malloc(k * sizeof(*s1)), *st = malloc(k * sizeof(*st));
    double *bs1 = malloc((nboot + 1) * k * sizeof(*bs1));
    double *bst = malloc((nboot + 1) * k * sizeof(*bst));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int finite = 1, rc = FS_OK;

    if (n < 2) {
        for (size_t i = 0; i < k; i++)
            out[i] = (struct fs_sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
        goto done;
    }
    if (rows == NULL || buf == NULL || s1 == NULL || st == NULL || bs1 == NULL || bst == NULL ||
        r == NULL) {
        rc = FS_ENOMEM;
        goto done;
    }
    for (size_t j = 0; j < n * (k + 2); j++)
        finite &= isfinite(y[j * stride]);
    gsl_rng_set(r, (unsigned long)seed);
    for (size_t b = 0; b < nboot; b++) {
        for (size_t j = 0; j < n; j++)
            rows[j] = (size_t)gsl_rng_uniform_int(r, n);
        estimate(y, stride, k, rows, n, buf, s1, st);
        for (size_t i = 0; i < k; i++) {
            bs1[i * nboot + b] = s1[i];
            bst[i * nboot + b] = st[i];
        }
    }
    for (size_t j = 0; j < n; j++)
        rows[j] = j;
    estimate(y, stride, k, rows, n, buf, s1, st);
    for (size_t i = 0; i < k; i++) {
        struct fs_sobol_index *o = &out[i];
        double *x1 = bs1 + i * nboot, *xt = bst + i * nboot;
        size_t m = 0;
        o->s1 = finite ? s1[i] : NAN;
        o->st = finite ? st[i] : NAN;
        o->s1_lo = o->s1_hi = o->st_lo = o->st_hi = NAN;
        /* A resample whose outputs are all equal (V = 0: an output that
         * rarely moves, such as a probability near 0 or 1) has no indices;
         * the interval comes from the others, if they are most. */
        for (size_t b = 0; b < nboot; b++)
            if (isfinite(x1[b]) && isfinite(xt[b]))
                x1[m] = x1[b], xt[m] = xt[b], m++;
        if (!finite || !isfinite(s1[i]) || m == 0 || 2 * m < nboot)
            continue;
        gsl_sort(x1, 1, m);
        gsl_sort(xt, 1, m);
        o->s1_lo = gsl_stats_quantile_from_sorted_data(x1, 1, m, 0.5 * (1.0 - conf));
        o->s1_hi = gsl_stats_quantile_from_sorted_data(x1, 1, m, 0.5 * (1.0 + conf));
        o->st_lo = gsl_stats_quantile_from_sorted_data(xt, 1, m, 0.5 * (1.0 - conf));
        o->st_hi = gsl_stats_quantile_from_sorted_data(xt, 1, m, 0.5 * (1.0 + conf));
    }
done:
    gsl_rng_free(r);
    free(rows);
    free(buf);
    free(s1);
    free(st);
    free(bs1);
    free(bst);
    return rc;
}
