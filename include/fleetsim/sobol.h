/*
 * sobol.h - variance-based global sensitivity (Sobol indices): the
 * uncertain inputs of a scenario, the Saltelli design built on GSL's
 * quasi-random Sobol sequence, the inverse-CDF transform of each input,
 * and the first-order and total indices with bootstrap intervals.
 *
 * Pure functions (models/sobol.c); the study that evaluates the scenario
 * at each design point is sim/sobol_study.c. Equations and citations:
 * docs/model.md, "Global sensitivity (Sobol indices)".
 *
 * The design. With k inputs and N base samples, point j (j = 1..N) of gsl_qrng_sobol in
 * dimension 2k gives row j of matrix A (its first k coordinates) and of B
 * (its last k). GSL's sequence starts after the origin, at (0.5, ...,
 * 0.5), whose A and B rows would be equal: that point is skipped too, so
 * row 1 is the sequence's third point. A_B^(i) is A with column i taken from B. The model is
 * evaluated at A, B and every A_B^(i): N (k + 2) evaluations, laid out as
 * items j (k + 2) + c with c = 0 for A, 1 for B and 2 + i for A_B^(i).
 */
#ifndef FLEETSIM_SOBOL_H
#define FLEETSIM_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "fleetsim/scenario.h"

/* gsl_qrng_sobol gives at most 40 dimensions; the A|B design uses 2 per
 * input. */
#define FS_SOBOL_MAX_INPUTS 20
/* Outputs of one study, and values of a discrete input. */
#define FS_SOBOL_MAX_OUTPUTS 8
#define FS_SOBOL_MAX_VALUES 32

/* The distribution of an uncertain input. XX(ID, name) */
#define FS_SOBOL_DIST_MAP(XX)                                                 \
    XX(UNIFORM, "uniform")       /* low, high */                              \
    XX(NORMAL, "normal")         /* mean, sd; optional min, max (truncated) */\
    XX(LOGNORMAL, "lognormal")   /* mean, cv; optional min, max */            \
    XX(TRIANGULAR, "triangular") /* low, mode, high */                        \
    XX(DISCRETE, "discrete")     /* values, weights */

enum fs_sobol_dist {
#define XX(id, name) FS_SOBOL_##id,
    FS_SOBOL_DIST_MAP(XX)
#undef XX
    FS_SOBOL_DIST_COUNT
};

/* "uniform" ... ; "?" out of range. */
const char *fs_sobol_dist_name(enum fs_sobol_dist d);

struct fs_sobol_input {
    char label[FS_NAME_MAX];
    char path[FS_TEXT_MAX];     /* a numeric setting, as for --set */
    char source[FS_TEXT_MAX];
    enum fs_sobol_dist dist;
    double low, mode, high;     /* uniform, triangular */
    double mean, sd, cv;        /* normal (mean, sd), lognormal (mean, cv) */
    double min, max;            /* normal, lognormal: truncation (-inf/+inf: none) */
    double values[FS_SOBOL_MAX_VALUES], weights[FS_SOBOL_MAX_VALUES];
    size_t nvalues;             /* discrete; weights sum to 1 after loading */
    unsigned line;
};

/* What an output of the study measures, per evaluation. */
enum fs_sobol_what {
    FS_SOBOL_METRIC,    /* mean over replicates of a per-job metric */
    FS_SOBOL_FINISHED   /* share of replicates where the job finished by a date */
};

struct fs_sobol_output {
    char label[FS_NAME_MAX];
    size_t job;                 /* index in the scenario's jobs */
    enum fs_sobol_what what;
    int metric;                 /* enum fs_metric (FS_SOBOL_METRIC) */
    double by_h;                /* FS_SOBOL_FINISHED: hours since the start */
    unsigned line;
};

/* The scenario's `sobol` group. */
struct fs_sobol_spec {
    struct fs_sobol_input inputs[FS_SOBOL_MAX_INPUTS];
    size_t k;
    struct fs_sobol_output outputs[FS_SOBOL_MAX_OUTPUTS];
    size_t nout;
    int replicates;             /* Monte Carlo replicates per evaluation */
    int bootstrap;              /* bootstrap resamples for the intervals */
    double confidence;          /* of the intervals, e.g. 0.95 */
    unsigned line;
};

/*
 * The value of input `in` at quantile u in (0, 1), by its inverse CDF
 * (GSL's gsl_cdf_*_Pinv; triangular in closed form; discrete: the first
 * value whose cumulative weight reaches u). Truncated normal and lognormal:
 * Pinv(F(min) + u (F(max) - F(min))).
 */
double fs_sobol_quantile(const struct fs_sobol_input *in, double u);

/*
 * Fills a[n * k] and b[n * k] (row-major) with n points of the
 * gsl_qrng_sobol sequence (from its second) in dimension 2k: a the first k coordinates, b the
 * last k. FS_OK; FS_ERANGE if k is 0 or above FS_SOBOL_MAX_INPUTS;
 * FS_ENOMEM.
 */
int fs_sobol_design(size_t n, size_t k, double *a, double *b);

/* The unit-cube point u[k] of design item `item` (see the header). */
void fs_sobol_point(const double *a, const double *b, size_t k, size_t item, double *u);

/* One input's indices for one output. */
struct fs_sobol_index {
    double s1, s1_lo, s1_hi;    /* first order and its bootstrap interval */
    double st, st_lo, st_hi;    /* total */
};

/*
 * The indices of every input from the outputs y of the n (k + 2) items:
 * y[item * stride] (stride lets the caller keep several outputs side by
 * side). First order by Saltelli et al. (2010), total by Jansen (1999),
 * both divided by the variance V of the 2n values f(A), f(B), with m their
 * mean (centring is Sobol' 2001's variance reduction; it leaves the
 * expectation as it is):
 *   S_i  = (1/n) sum_j (f(B)_j - m) (f(A_B^i)_j - f(A)_j) / V
 *   ST_i = (1/2n) sum_j (f(A)_j - f(A_B^i)_j)^2 / V
 * Intervals: `nboot` bootstrap resamples of the n rows drawn with a
 * gsl_rng (mt19937) seeded with `seed`, and the (1 - conf)/2 and
 * (1 + conf)/2 quantiles of the resampled indices
 * (gsl_stats_quantile_from_sorted_data) over the resamples that have
 * indices (V > 0; none if fewer than half do). A non-finite output or
 * V == 0 gives NaN indices. Fills out[k]. FS_OK or FS_ENOMEM.
 */
int fs_sobol_indices(const double *y, size_t stride, size_t n, size_t k, size_t nboot,
                     double conf, uint64_t seed, struct fs_sobol_index *out);

#endif
