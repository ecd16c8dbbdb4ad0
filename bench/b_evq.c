/*
 * b_evq.c - the event queue under the classic "hold" model.
 *
 * The queue is filled with N events at t ~ Exp(1); then each step pops the
 * earliest event and pushes one at popped.t + Exp(1) (GSL mt19937), so the
 * queue stays at N pending, as in a simulator whose every handler schedules
 * one follow-up. One pop + push is one event. Each N is timed over enough
 * steps for about 0.6 s, after N untimed warm-up steps that let the time
 * distribution in the heap settle. The same loop with the RNG draw alone is
 * timed too, so the queue's own cost is the difference.
 *
 * Usage: b_evq [N...]   (default 1000 100000 1000000)
 * Prints: hold N=1000: 12.3 M events/s (81 ns/event; rng alone 25 ns, ...)
 * Recorded results are in bench/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/error.h"
#include "fleetsim/evq.h"

#define TARGET_S 0.6
#define SEED 20240917UL

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* n hold steps; returns how many popped times went backwards (must be 0). */
static long hold(struct fs_evq *q, gsl_rng *r, long n, int check)
{
    struct fs_event ev;
    fs_time last = 0;
    long bad = 0;

    for (long i = 0; i < n; i++) {
        fs_evq_pop(q, &ev);
        if (check) {
            bad += ev.t < last;
            last = ev.t;
        }
        fs_evq_push(q, ev.t + gsl_ran_exponential(r, 1.0), ev.kind, ev.gen + 1,
                    ev.a, ev.b);
    }
    return bad;
}

/* The RNG part of the same loop: a dependent chain of draws. */
static double rng_only(gsl_rng *r, long n)
{
    double t = 0;
    for (long i = 0; i < n; i++)
        t += gsl_ran_exponential(r, 1.0);
    return t;
}

static int bench(size_t n)
{
    struct fs_evq q;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    long iters, bad;
    double t0, hold_ns, rng_ns, sink;

    if (r == NULL || fs_evq_init(&q, n) != FS_OK) {
        fprintf(stderr, "b_evq: out of memory\n");
        gsl_rng_free(r);
        return 1;
    }
    gsl_rng_set(r, SEED);
    for (size_t i = 0; i < n; i++)
        fs_evq_push(&q, gsl_ran_exponential(r, 1.0), 0, 0, (int32_t)i, 0);

    /* Warm-up (checked), then a short run to size the timed one. */
    bad = hold(&q, r, (long)n, 1);
    t0 = now_s();
    hold(&q, r, 200000, 0);
    iters = (long)(TARGET_S / ((now_s() - t0) / 200000));
    if (iters < 1000000)
        iters = 1000000;

    t0 = now_s();
    hold(&q, r, iters, 0);
    hold_ns = (now_s() - t0) / (double)iters * 1e9;

    t0 = now_s();
    sink = rng_only(r, iters);
    rng_ns = (now_s() - t0) / (double)iters * 1e9;

    printf("hold N=%zu: %.1f M events/s (%.0f ns/event; rng alone %.0f ns, "
           "queue ~%.0f ns) [%ld events%s]\n",
           n, 1e3 / hold_ns, hold_ns, rng_ns, hold_ns - rng_ns, iters,
           sink > 0 ? "" : ", sink"); /* sink keeps the RNG loop alive */
    if (bad != 0 || fs_evq_size(&q) != n)
        printf("hold N=%zu: BROKEN: %ld pops out of order, size %zu\n", n,
               bad, fs_evq_size(&q));
    fs_evq_release(&q);
    gsl_rng_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    static const size_t def[] = {1000, 100000, 1000000};
    int rc = 0;

    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            char *end;
            unsigned long v = strtoul(argv[i], &end, 10);
            if (*end != '\0' || v == 0) {
                fprintf(stderr, "usage: b_evq [N...]\n");
                return 2;
            }
            rc |= bench((size_t)v);
        }
    } else {
        for (size_t i = 0; i < sizeof(def) / sizeof(def[0]); i++)
            rc |= bench(def[i]);
    }
    return rc;
}
