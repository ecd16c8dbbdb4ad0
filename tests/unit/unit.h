/*
 * unit.h - a small TAP unit-test framework.
 *
 * TEST(name) defines a test; register it in list.h. A failed assertion
 * prints the expression and both values, marks the test failed and returns
 * from it. ASSERT_REL handles NaN and Inf the way gsl_test_rel does.
 */
#ifndef FLEETSIM_UNIT_H
#define FLEETSIM_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TEST(name)                                                            \
    void test_##name(void);                                                   \
    void test_##name(void)

/* Records a failure of the current test (runner.c). */
void unit_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Marks the current test skipped with a reason (runner.c). */
void unit_skip(const char *why);

/* Path of the source tree's top (tests run from there). */
#define UNIT_TOP "."

#define ASSERT(cond)                                                          \
    do {                                                                      \
        if (!(cond)) {                                                        \
            unit_fail(__FILE__, __LINE__, "ASSERT(%s)", #cond);               \
            return;                                                           \
        }                                                                     \
    } while (0)

#define ASSERT_INT_EQ(got, want)                                              \
    do {                                                                      \
        long long g_ = (long long)(got), w_ = (long long)(want);              \
        if (g_ != w_) {                                                       \
            unit_fail(__FILE__, __LINE__, "%s == %s: got %lld, want %lld",    \
                      #got, #want, g_, w_);                                   \
            return;                                                           \
        }                                                                     \
    } while (0)

#define ASSERT_STR_EQ(got, want)                                              \
    do {                                                                      \
        const char *g_ = (got), *w_ = (want);                                 \
        if (g_ == NULL || strcmp(g_, w_) != 0) {                              \
            unit_fail(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"",      \
                      #got, g_ ? g_ : "(null)", w_);                          \
            return;                                                           \
        }                                                                     \
    } while (0)

/* |got - want| <= tol * |want| (tol relative); both NaN or equal Inf pass. */
#define ASSERT_REL(got, want, tol)                                            \
    do {                                                                      \
        double g_ = (got), w_ = (want), t_ = (tol);                           \
        int ok_ = (isnan(g_) && isnan(w_)) || (isinf(g_) && g_ == w_) ||      \
                  (isfinite(g_) && isfinite(w_) &&                            \
                   fabs(g_ - w_) <= t_ * fabs(w_));                           \
        if (!ok_) {                                                           \
            unit_fail(__FILE__, __LINE__,                                     \
                      "%s ~ %s: got %.10g, want %.10g (rel. tol %g, off %.3g)", \
                      #got, #want, g_, w_, t_,                                \
                      w_ != 0 ? fabs(g_ - w_) / fabs(w_) : fabs(g_));         \
            return;                                                           \
        }                                                                     \
    } while (0)

/* |got - want| <= tol (absolute). */
#define ASSERT_NEAR(got, want, tol)                                           \
    do {                                                                      \
        double g_ = (got), w_ = (want), t_ = (tol);                           \
        if (!(fabs(g_ - w_) <= t_)) {                                         \
            unit_fail(__FILE__, __LINE__,                                     \
                      "%s ~ %s: got %.10g, want %.10g (abs. tol %g)", #got,   \
                      #want, g_, w_, t_);                                     \
            return;                                                           \
        }                                                                     \
    } while (0)

#endif
