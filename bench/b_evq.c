/*
 * b_evq.c - the event queue against a bare (time, seq) binary heap under the
 * classic "hold" model, side by side in one run.
 *
 * The queue is filled with N events at t ~ Exp(1); then each step pops the
 * earliest event and pushes one at popped.t + Exp(1) (GSL mt19937, the same
 * seed for both), so the queue stays at N pending, as in a simulator whose
 * every handler schedules one follow-up. One pop + push is one event. Both
 * see exactly the same draws in the same order, because they pop the same
 * events in the same order.
 *
 * The peer is the textbook heap with nothing but what ordering needs:
 * 16-byte (t, seq) entries, no payload, no index, the earlier child chosen
 * by a branch, run two ways: a hold step as the textbook pop (last entry to
 * the root, sift down) then push (sift up), and as one replace-top
 * sift-down (Python's heapreplace), which is what fs_evq's pending root
 * does. fs_evq carries the payload on top, and is run both plain
 * (fs_evq_init) and indexed (fs_evq_init_indexed, which also keeps each
 * event's heap position for cancel and update).
 *
 * Each N runs N untimed warm-up steps (checked for time order), then each
 * structure is timed over the same number of steps (about 0.6 s each), in
 * alternating rounds (queue, indexed queue, bare, bare pop + push, three
 * times: the median of three each), so drift on a shared machine hits all
 * alike. Times are the thread's CPU time (the machine may be shared). The RNG
 * alone is timed too, so each structure's own cost is the difference.
 *
 * Usage: b_evq [N...]   (default 1000 100000 1000000)
 * Prints per N a line, then "ROW|..." lines that bench/run.sh gathers into
 * the table. Recorded results are in bench/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/error.h"
#include "fleetsim/evq.h"

#define TARGET_S 0.6
#define SEED 20240917UL
#define ROUNDS 3

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the peer: a bare (time, seq) binary heap ---------------------------- */

struct bare_ev {
    double t;
    uint64_t seq;
};

struct bare {
    struct bare_ev *h;
    size_t n;
    uint64_t next_seq;
};

static int bare_before(const struct bare_ev *x, const struct bare_ev *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void bare_push(struct bare *b, double t)
{
    struct bare_ev ev = {t, b->next_seq++};
    size_t i = b->n++;

    while (i > 0 && bare_before(&ev, &b->h[(i - 1) / 2])) {
        b->h[i] = b->h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    b->h[i] = ev;
}

/* The root leaves and an event at t takes its place: one sift-down. */
static double bare_replace(struct bare *b, double t)
{
    struct bare_ev ev = {t, b->next_seq++};
    double top = b->h[0].t;
    size_t i = 0, c;

    while ((c = 2 * i + 1) < b->n) {
        if (c + 1 < b->n && bare_before(&b->h[c + 1], &b->h[c]))
            c++;
        if (!bare_before(&b->h[c], &ev))
            break;
        b->h[i] = b->h[c];
        i = c;
    }
    b->h[i] = ev;
    return top;
}

/* Textbook pop: the last entry fills the root and sinks. */
static double bare_pop(struct bare *b)
{
    double top = b->h[0].t;
    struct bare_ev ev = b->h[--b->n];
    size_t i = 0, c;

    while ((c = 2 * i + 1) < b->n) {
        if (c + 1 < b->n && bare_before(&b->h[c + 1], &b->h[c]))
            c++;
        if (!bare_before(&b->h[c], &ev))
            break;
        b->h[i] = b->h[c];
        i = c;
    }
    b->h[i] = ev;
    return top;
}

/* ---- the hold loops -------------------------------------------------------- */

/* n hold steps on fs_evq; returns how many popped times went backwards. */
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

/* The same on the bare heap. The new time depends on the popped one, as in
 * fs_evq's loop, so the draw cannot run ahead of the pop in either. */
static long bare_hold(struct bare *b, gsl_rng *r, long n, int check)
{
    double last = 0;
    long bad = 0;

    for (long i = 0; i < n; i++) {
        double t = b->h[0].t;
        if (check) {
            bad += t < last;
            last = t;
        }
        bare_replace(b, t + gsl_ran_exponential(r, 1.0));
    }
    return bad;
}

/* The same with the textbook pop then push: two passes per event. */
static long bare2_hold(struct bare *b, gsl_rng *r, long n)
{
    for (long i = 0; i < n; i++) {
        double t = bare_pop(b);
        bare_push(b, t + gsl_ran_exponential(r, 1.0));
    }
    return 0;
}

/* The RNG part of the same loop: a dependent chain of draws. */
static double rng_only(gsl_rng *r, long n)
{
    double t = 0;
    for (long i = 0; i < n; i++)
        t += gsl_ran_exponential(r, 1.0);
    return t;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median3(double *v)
{
    qsort(v, ROUNDS, sizeof(*v), cmp_double);
    return v[ROUNDS / 2];
}

static int bench(size_t n, int rows)
{
    struct fs_evq q, qi;
    struct bare b = {malloc(n * sizeof(struct bare_ev)), 0, 0};
    struct bare b2 = {malloc(n * sizeof(struct bare_ev)), 0, 0};
    gsl_rng *rq = gsl_rng_alloc(gsl_rng_mt19937), *rb = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng *rb2 = gsl_rng_alloc(gsl_rng_mt19937), *ri = gsl_rng_alloc(gsl_rng_mt19937);
    long iters, bad;
    double t0, q_ns[ROUNDS], i_ns[ROUNDS], b_ns[ROUNDS], b2_ns[ROUNDS], rng_ns, sink, qm, im,
        bm, b2m;

    if (rq == NULL || rb == NULL || rb2 == NULL || ri == NULL || b.h == NULL || b2.h == NULL ||
        fs_evq_init(&q, n) != FS_OK || fs_evq_init_indexed(&qi, n) != FS_OK) {
        fprintf(stderr, "b_evq: out of memory\n");
        gsl_rng_free(rq);
        gsl_rng_free(rb);
        gsl_rng_free(rb2);
        gsl_rng_free(ri);
        free(b.h);
        free(b2.h);
        return 1;
    }
    gsl_rng_set(rq, SEED);
    gsl_rng_set(rb, SEED);
    gsl_rng_set(rb2, SEED);
    gsl_rng_set(ri, SEED);
    for (size_t i = 0; i < n; i++) {
        fs_evq_push(&q, gsl_ran_exponential(rq, 1.0), 0, 0, (int32_t)i, 0);
        fs_evq_push(&qi, gsl_ran_exponential(ri, 1.0), 0, 0, (int32_t)i, 0);
        bare_push(&b, gsl_ran_exponential(rb, 1.0));
        bare_push(&b2, gsl_ran_exponential(rb2, 1.0));
    }
    bare2_hold(&b2, rb2, (long)n);

    /* Warm-up (checked), then a short run to size the timed ones. */
    bad = hold(&q, rq, (long)n, 1) + hold(&qi, ri, (long)n, 1) + bare_hold(&b, rb, (long)n, 1);
    t0 = now_s();
    hold(&q, rq, 200000, 0);
    hold(&qi, ri, 200000, 0);
    bare_hold(&b, rb, 200000, 0);
    bare2_hold(&b2, rb2, 200000);
    iters = (long)(TARGET_S / ((now_s() - t0) / 800000));
    if (iters < 1000000)
        iters = 1000000;

    for (int k = 0; k < ROUNDS; k++) {
        t0 = now_s();
        hold(&q, rq, iters, 0);
        q_ns[k] = (now_s() - t0) / (double)iters * 1e9;
        t0 = now_s();
        hold(&qi, ri, iters, 0);
        i_ns[k] = (now_s() - t0) / (double)iters * 1e9;
        t0 = now_s();
        bare_hold(&b, rb, iters, 0);
        b_ns[k] = (now_s() - t0) / (double)iters * 1e9;
        t0 = now_s();
        bare2_hold(&b2, rb2, iters);
        b2_ns[k] = (now_s() - t0) / (double)iters * 1e9;
    }
    /* Both popped the same events: the heads must agree. */
    if (fs_evq_peek_time(&q) != b.h[0].t || b.h[0].t != b2.h[0].t ||
        fs_evq_peek_time(&qi) != b.h[0].t)
        printf("hold N=%zu: BROKEN: fs_evq and the bare heap disagree\n", n);

    t0 = now_s();
    sink = rng_only(rq, iters);
    rng_ns = (now_s() - t0) / (double)iters * 1e9;
    qm = median3(q_ns);
    im = median3(i_ns);
    bm = median3(b_ns);
    b2m = median3(b2_ns);

    printf("hold N=%zu: fs_evq %.1f M events/s (%.0f ns/event; indexed %.0f ns/event); "
           "bare heap, pop + push %.0f ns/event, replace-top %.0f ns/event; rng alone %.0f ns; "
           "ratio %.2fx / %.2fx time (indexed %.2fx / %.2fx) [%ld events x %d rounds%s]\n",
           n, 1e3 / qm, qm, im, b2m, bm, rng_ns, qm / b2m, qm / bm, im / b2m, im / bm, iters,
           ROUNDS,
           sink > 0 ? "" : ", sink"); /* sink keeps the RNG loop alive */
    if (bad != 0 || fs_evq_size(&q) != n)
        printf("hold N=%zu: BROKEN: %ld pops out of order, size %zu\n", n,
               bad, fs_evq_size(&q));
    if (rows)
        printf("ROW|event queue vs bare heap, %zu pending|%.2fx time vs pop + push, "
               "%.2fx vs replace-top (indexed %.2fx, %.2fx)|%s|<= 1.0x\n",
               n, qm / b2m, qm / bm, im / b2m, im / bm,
               n == 1000 ? "0.86x" : n == 100000 ? "0.95x" : n == 1000000 ? "1.26x" : "-");
    fs_evq_release(&q);
    fs_evq_release(&qi);
    free(b.h);
    free(b2.h);
    gsl_rng_free(ri);
    gsl_rng_free(rq);
    gsl_rng_free(rb);
    gsl_rng_free(rb2);
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
            rc |= bench((size_t)v, 0);
        }
    } else {
        for (size_t i = 0; i < sizeof(def) / sizeof(def[0]); i++)
            rc |= bench(def[i], 1);
    }
    return rc;
}
