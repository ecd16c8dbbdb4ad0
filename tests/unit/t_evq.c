/* t_evq.c - the event queue: tie order, empty and pending-root behaviour,
 * growth, and a differential test against a naive sorted array (SQLite
 * bitvec.c's sqlite3BitvecBuiltinTest, git's u-prio-queue.c), including a
 * deliberate fault that proves the comparison can fail. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "fleetsim/error.h"
#include "fleetsim/evq.h"
#include "unit.h"

TEST(evq_tie_order)
{
    /* As libuv's timer_order: equal times fire in scheduling order, however
     * they are interleaved with other times. a is the push index. */
    static const double t[] = {2.385, 0.75, 2.385, 1.5, 0.75, 2.385,
                               1.5,   0.75, 1.5,   2.385, 0.75, 1.5};
    static const int32_t want[] = {1, 4, 7, 10, 3, 6, 8, 11, 0, 2, 5, 9};
    const size_t n = sizeof(t) / sizeof(t[0]);
    struct fs_evq q;
    struct fs_event ev;

    ASSERT_INT_EQ(fs_evq_init(&q, 4), FS_OK);
    for (size_t i = 0; i < n; i++)
        ASSERT_INT_EQ(fs_evq_push(&q, t[i], 7, 0, (int32_t)i, -1), FS_OK);
    for (size_t i = 0; i < n; i++) {
        ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
        ASSERT_INT_EQ(ev.a, want[i]);
        ASSERT_INT_EQ(ev.seq, want[i]); /* seq is the push index */
        ASSERT(ev.t == t[want[i]]);
        ASSERT_INT_EQ(ev.kind, 7);
        ASSERT_INT_EQ(ev.b, -1);
    }
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);

    /* The hold path keeps FIFO too: events pushed at the popped time go
     * after the ones already waiting at that time, in push order. */
    fs_evq_clear(&q);
    ASSERT_INT_EQ(fs_evq_push(&q, 3.25, 0, 0, 0, 0), FS_OK); /* seq 0 */
    ASSERT_INT_EQ(fs_evq_push(&q, 3.25, 0, 0, 1, 0), FS_OK); /* seq 1 */
    ASSERT_INT_EQ(fs_evq_push(&q, 4.5, 0, 0, 2, 0), FS_OK);  /* seq 2 */
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 0);
    ASSERT_INT_EQ(fs_evq_push(&q, 3.25, 0, 0, 3, 0), FS_OK); /* root replace */
    ASSERT_INT_EQ(fs_evq_push(&q, 3.25, 0, 0, 4, 0), FS_OK); /* plain push */
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 1);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 3);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 4);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 2);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);
    fs_evq_release(&q);
}

TEST(evq_empty_and_pending_root)
{
    struct fs_evq q;
    struct fs_event ev;

    ASSERT_INT_EQ(fs_evq_init(&q, 2), FS_OK);
    ASSERT_INT_EQ(fs_evq_size(&q), 0);
    ASSERT(isinf(fs_evq_peek_time(&q)) && fs_evq_peek_time(&q) > 0);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);

    /* One event: popping it leaves a pending root and an empty queue. */
    ASSERT_INT_EQ(fs_evq_push(&q, 1.875, 1, 2, 3, 4), FS_OK);
    ASSERT_INT_EQ(fs_evq_size(&q), 1);
    ASSERT(fs_evq_peek_time(&q) == 1.875);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT(ev.t == 1.875);
    ASSERT_INT_EQ(ev.seq, 0);
    ASSERT_INT_EQ(ev.kind, 1);
    ASSERT_INT_EQ(ev.gen, 2);
    ASSERT_INT_EQ(ev.a, 3);
    ASSERT_INT_EQ(ev.b, 4);
    ASSERT_INT_EQ(q.root_pending, 1);
    ASSERT_INT_EQ(fs_evq_size(&q), 0);
    ASSERT(isinf(fs_evq_peek_time(&q)));
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0); /* finishes the removal */
    ASSERT_INT_EQ(q.root_pending, 0);
    ASSERT_INT_EQ(fs_evq_size(&q), 0);

    /* Two and three events: peek looks past the pending root at one or
     * both children. */
    ASSERT_INT_EQ(fs_evq_push(&q, 5.5, 0, 0, 0, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_push(&q, 2.25, 0, 0, 1, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT(ev.t == 2.25);
    ASSERT_INT_EQ(fs_evq_size(&q), 1);
    ASSERT(fs_evq_peek_time(&q) == 5.5);
    ASSERT_INT_EQ(fs_evq_push(&q, 3.125, 0, 0, 2, 0), FS_OK); /* grows to 4 */
    ASSERT_INT_EQ(fs_evq_size(&q), 2);
    ASSERT(fs_evq_peek_time(&q) == 3.125);
    ASSERT_INT_EQ(fs_evq_push(&q, 4.0, 0, 0, 3, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT(ev.t == 3.125);
    ASSERT_INT_EQ(fs_evq_size(&q), 2);
    ASSERT(fs_evq_peek_time(&q) == 4.0);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT(ev.t == 4.0);
    ASSERT_INT_EQ(fs_evq_size(&q), 1);
    ASSERT(fs_evq_peek_time(&q) == 5.5);

    /* Clearing with a root pending empties the queue and restarts seq. */
    fs_evq_clear(&q);
    ASSERT_INT_EQ(fs_evq_size(&q), 0);
    ASSERT(isinf(fs_evq_peek_time(&q)));
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);
    ASSERT_INT_EQ(fs_evq_push(&q, 0.5, 0, 0, 0, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.seq, 0);
    fs_evq_release(&q);
    ASSERT(q.heap == NULL);

    /* A zero-capacity queue allocates on its first push; a capacity whose
     * byte size overflows is refused without calling malloc. */
    ASSERT_INT_EQ(fs_evq_init(&q, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_push(&q, 1.0, 0, 0, 0, 0), FS_OK);
    ASSERT_INT_EQ(fs_evq_size(&q), 1);
    fs_evq_release(&q);
    ASSERT_INT_EQ(fs_evq_init(&q, SIZE_MAX / 16), FS_ENOMEM);
    fs_evq_release(&q);
}

TEST(evq_growth)
{
    /* From capacity 1 to 10,000 events by doubling, then all out in
     * (t, seq) order. Times repeat: 997 distinct values, each ~10 times. */
    const int32_t n = 10000;
    struct fs_evq q;
    struct fs_event ev, prev;
    int32_t count = 0;
    long long sum = 0;

    ASSERT_INT_EQ(fs_evq_init(&q, 1), FS_OK);
    for (int32_t i = 0; i < n; i++) {
        fs_time t = (double)((i * 7919) % 997) * 0.125;
        ASSERT_INT_EQ(fs_evq_push(&q, t, 0, 0, i, n - i), FS_OK);
    }
    ASSERT_INT_EQ(fs_evq_size(&q), n);
    ASSERT_INT_EQ(q.cap, 16384);
    while (fs_evq_pop(&q, &ev)) {
        ASSERT_INT_EQ(ev.a, ev.seq); /* payload travelled with its event */
        ASSERT_INT_EQ(ev.b, n - ev.a);
        ASSERT(ev.t == (double)((ev.a * 7919) % 997) * 0.125);
        if (count > 0)
            ASSERT(prev.t < ev.t || (prev.t == ev.t && prev.seq < ev.seq));
        prev = ev;
        sum += ev.a;
        count++;
    }
    ASSERT_INT_EQ(count, n);
    ASSERT_INT_EQ(sum, (long long)n * (n - 1) / 2); /* each exactly once */
    ASSERT_INT_EQ(fs_evq_size(&q), 0);
    fs_evq_release(&q);
}

/* ---- differential test ------------------------------------------------ */

/* The reference: a sorted array with insertion after every event of equal
 * or earlier time, so ties stay in push order; pops take the front. */
struct ref {
    struct fs_event *ev;
    size_t n, cap;
    uint64_t next_seq;
};

static int ref_push(struct ref *r, fs_time t, uint32_t kind, uint32_t gen,
                    int32_t a, int32_t b)
{
    size_t i;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct fs_event *p = realloc(r->ev, cap * sizeof(*p));
        if (p == NULL)
            return -1;
        r->ev = p;
        r->cap = cap;
    }
    i = r->n;
    while (i > 0 && r->ev[i - 1].t > t)
        i--;
    memmove(&r->ev[i + 1], &r->ev[i], (r->n - i) * sizeof(*r->ev));
    r->ev[i].t = t;
    r->ev[i].seq = r->next_seq++;
    r->ev[i].kind = kind;
    r->ev[i].gen = gen;
    r->ev[i].a = a;
    r->ev[i].b = b;
    r->n++;
    return 0;
}

static int ref_pop(struct ref *r, struct fs_event *out)
{
    if (r->n == 0)
        return 0;
    *out = r->ev[0];
    memmove(&r->ev[0], &r->ev[1], (r->n - 1) * sizeof(*r->ev));
    r->n--;
    return 1;
}

static fs_time ref_peek(const struct ref *r)
{
    return r->n > 0 ? r->ev[0].t : INFINITY;
}

static int same_event(const struct fs_event *x, const struct fs_event *y)
{
    return x->t == y->t && x->seq == y->seq && x->kind == y->kind &&
           x->gen == y->gen && x->a == y->a && x->b == y->b;
}

enum { FAULT_NONE, FAULT_TIE, FAULT_ORDER };
enum { OP_PUSH, OP_POP, OP_HOLD, OP_CLEAR, OP_PEEK, OP_SIZE };
#define DIFF_OPS 200000

/*
 * Runs the seeded script against fs_evq and the reference. Returns -1 if
 * they agreed throughout, else the index of the first op where they
 * differed, with a description in msg. fault corrupts the reference once,
 * after op 1000: FAULT_TIE swaps two adjacent events of equal time (a FIFO
 * violation), FAULT_ORDER swaps the front with the back. *injected_at gets
 * the op of the corruption (-1 if none). *ops counts each kind of op run.
 */
static long run_script(int fault, long *injected_at, long ops[6], char *msg,
                       size_t msglen)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct fs_evq q;
    struct ref r = {NULL, 0, 0, 0};
    struct fs_event got, want;
    long bad = -1;

    *injected_at = -1;
    memset(ops, 0, 6 * sizeof(*ops));
    snprintf(msg, msglen, "setup failed");
    if (rng == NULL || fs_evq_init(&q, 4) != FS_OK) {
        gsl_rng_free(rng);
        return 0;
    }
    gsl_rng_set(rng, 20240917);

    for (long i = 0; i < DIFF_OPS && bad < 0; i++) {
        double u = gsl_rng_uniform(rng);
        /* Pushes slightly outnumber pops, so the queue drifts up to
         * hundreds of events before a clear (about every 5,000 ops) empties
         * it; pops and holds also meet an empty queue now and then. */
        int op = u < 0.36    ? OP_PUSH
                 : u < 0.66  ? OP_POP
                 : u < 0.86  ? OP_HOLD
                 : u < 0.9302 ? OP_PEEK
                 : u < 0.9998 ? OP_SIZE
                              : OP_CLEAR;
        ops[op]++;

        if (op == OP_PUSH) {
            /* Times from a set of 50, so ties are everywhere. */
            fs_time t = floor(gsl_rng_uniform(rng) * 50);
            uint32_t kind = (uint32_t)gsl_rng_uniform_int(rng, 16);
            uint32_t gen = (uint32_t)gsl_rng_get(rng);
            int32_t a = (int32_t)gsl_rng_uniform_int(rng, 100000) - 50000;
            int32_t b = (int32_t)i;
            if (fs_evq_push(&q, t, kind, gen, a, b) != FS_OK ||
                ref_push(&r, t, kind, gen, a, b) != 0) {
                snprintf(msg, msglen, "op %ld: push failed", i);
                bad = i;
            }
        } else if (op == OP_POP || op == OP_HOLD) {
            int g = fs_evq_pop(&q, &got), w = ref_pop(&r, &want);
            if (g != w) {
                snprintf(msg, msglen, "op %ld: pop returned %d, want %d", i,
                         g, w);
                bad = i;
            } else if (g && !same_event(&got, &want)) {
                snprintf(msg, msglen,
                         "op %ld: popped (t %g, seq %llu, kind %u, gen %u, "
                         "a %d, b %d), want (t %g, seq %llu, kind %u, gen %u, "
                         "a %d, b %d)",
                         i, got.t, (unsigned long long)got.seq, got.kind,
                         got.gen, got.a, got.b, want.t,
                         (unsigned long long)want.seq, want.kind, want.gen,
                         want.a, want.b);
                bad = i;
            } else if (op == OP_HOLD && g) {
                /* The handler schedules a follow-up at or after now, often
                 * at exactly now. */
                fs_time t = got.t + floor(gsl_rng_uniform(rng) * 4);
                int32_t b = (int32_t)i;
                if (fs_evq_push(&q, t, got.kind, got.gen + 1, got.a, b) !=
                        FS_OK ||
                    ref_push(&r, t, got.kind, got.gen + 1, got.a, b) != 0) {
                    snprintf(msg, msglen, "op %ld: hold push failed", i);
                    bad = i;
                }
            }
        } else if (op == OP_CLEAR) {
            fs_evq_clear(&q);
            r.n = 0;
            r.next_seq = 0;
        }
        /* OP_PEEK and OP_SIZE do nothing here beyond the checks below, which
         * run after every op, so they also see every pending root. */
        if (bad < 0 && fs_evq_size(&q) != r.n) {
            snprintf(msg, msglen, "op %ld: size %zu, want %zu", i,
                     fs_evq_size(&q), r.n);
            bad = i;
        }
        if (bad < 0 && !(fs_evq_peek_time(&q) == ref_peek(&r))) {
            snprintf(msg, msglen, "op %ld: peek %g, want %g", i,
                     fs_evq_peek_time(&q), ref_peek(&r));
            bad = i;
        }

        if (fault != FAULT_NONE && *injected_at < 0 && i >= 1000 && r.n >= 2) {
            if (fault == FAULT_TIE) {
                for (size_t k = 0; k + 1 < r.n; k++) {
                    if (r.ev[k].t == r.ev[k + 1].t) {
                        struct fs_event tmp = r.ev[k];
                        r.ev[k] = r.ev[k + 1];
                        r.ev[k + 1] = tmp;
                        *injected_at = i;
                        break;
                    }
                }
            } else if (r.ev[0].t != r.ev[r.n - 1].t) {
                struct fs_event tmp = r.ev[0];
                r.ev[0] = r.ev[r.n - 1];
                r.ev[r.n - 1] = tmp;
                *injected_at = i;
            }
        }
    }
    fs_evq_release(&q);
    free(r.ev);
    gsl_rng_free(rng);
    return bad;
}

TEST(evq_differential)
{
    char msg[512];
    long injected, ops[6];
    long bad = run_script(FAULT_NONE, &injected, ops, msg, sizeof(msg));

    if (bad >= 0) {
        unit_fail(__FILE__, __LINE__, "fs_evq and reference differ: %s", msg);
        return;
    }
    /* The script really mixed every kind of op. */
    ASSERT(ops[OP_PUSH] > 60000 && ops[OP_POP] > 50000);
    ASSERT(ops[OP_HOLD] > 30000 && ops[OP_PEEK] > 10000);
    ASSERT(ops[OP_SIZE] > 10000 && ops[OP_CLEAR] >= 10);
    ASSERT_INT_EQ(injected, -1);
}

TEST(evq_differential_detects_fault)
{
    /* The same script with the reference corrupted once must report a
     * mismatch, at or after the corruption: the comparison can fail. */
    char msg[512];
    long injected, ops[6], bad;

    bad = run_script(FAULT_TIE, &injected, ops, msg, sizeof(msg));
    ASSERT(injected >= 1000);
    ASSERT(bad >= injected);
    ASSERT(strstr(msg, "popped") != NULL); /* seen as a wrong seq at a pop */

    bad = run_script(FAULT_ORDER, &injected, ops, msg, sizeof(msg));
    ASSERT(injected >= 1000);
    ASSERT_INT_EQ(bad, injected + 1); /* the next peek sees it */
}

/* ---- handles: cancel and update in place ------------------------------ */

TEST(evq_cancel_update)
{
    /* Five events at hand-picked times; a is the push index. Cancelling
     * the one at 2.0 and moving the one at 4.0 to 1.0 must give the order
     * 1.0 (a=3, moved), 1.5 (a=1), 3.0 (a=2), 5.0 (a=4): the moved event
     * took a new seq (5), so it pops with it. */
    static const double t[] = {2.0, 1.5, 3.0, 4.0, 5.0};
    static const int32_t want_a[] = {3, 1, 2, 4};
    static const uint64_t want_seq[] = {5, 1, 2, 4};
    struct fs_evq q;
    struct fs_event ev;
    fs_evh h[5];

    ASSERT_INT_EQ(fs_evq_init_indexed(&q, 2), FS_OK);
    for (int i = 0; i < 5; i++)
        ASSERT_INT_EQ(fs_evq_push_h(&q, t[i], 9, 0, i, -i, &h[i]), FS_OK);
    ASSERT_INT_EQ(fs_evq_cancel(&q, h[0]), 1);
    ASSERT_INT_EQ(fs_evq_cancel(&q, h[0]), 0); /* no longer pending */
    ASSERT_INT_EQ(fs_evq_size(&q), 4);
    ASSERT_INT_EQ(fs_evq_update(&q, h[3], 1.0), 1);
    ASSERT(fs_evq_peek_time(&q) == 1.0);
    for (int i = 0; i < 4; i++) {
        ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
        ASSERT_INT_EQ(ev.a, want_a[i]);
        ASSERT_INT_EQ(ev.b, -want_a[i]);
        ASSERT_INT_EQ(ev.seq, want_seq[i]);
    }
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);
    ASSERT_INT_EQ(fs_evq_update(&q, h[4], 0.0), 0); /* popped: refused */
    ASSERT_INT_EQ(fs_evq_cancel(&q, FS_EVH_NONE), 0);

    /* An update to the same time goes behind the events already waiting at
     * that time (cancel + push semantics). */
    fs_evq_clear(&q);
    ASSERT_INT_EQ(fs_evq_push_h(&q, 7.0, 0, 0, 0, 0, &h[0]), FS_OK);
    ASSERT_INT_EQ(fs_evq_push_h(&q, 7.0, 0, 0, 1, 0, &h[1]), FS_OK);
    ASSERT_INT_EQ(fs_evq_update(&q, h[0], 7.0), 1);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 1);
    /* With the root pending, cancel and update still find their event. */
    ASSERT_INT_EQ(fs_evq_push_h(&q, 8.0, 0, 0, 2, 0, &h[2]), FS_OK);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
    ASSERT_INT_EQ(ev.a, 0);
    ASSERT_INT_EQ(fs_evq_cancel(&q, h[2]), 1);
    ASSERT_INT_EQ(fs_evq_size(&q), 0);
    ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 0);
    fs_evq_release(&q);

    /* A plain queue gives no handles and refuses cancel and update. */
    ASSERT_INT_EQ(fs_evq_init(&q, 2), FS_OK);
    ASSERT_INT_EQ(fs_evq_push_h(&q, 1.0, 0, 0, 0, 0, &h[0]), FS_OK);
    ASSERT_INT_EQ(h[0], FS_EVH_NONE);
    ASSERT_INT_EQ(fs_evq_cancel(&q, 0), 0);
    ASSERT_INT_EQ(fs_evq_update(&q, 0, 0.5), 0);
    ASSERT_INT_EQ(fs_evq_size(&q), 1);
    fs_evq_release(&q);
}

TEST(evq_key_wrap)
{
    /* The 32-bit tie key starts 3 short of wrapping: the fourth push
     * renumbers the pending events, and ties must still leave in push
     * order across it (as in evq_tie_order). */
    struct fs_evq q;
    struct fs_event ev;

    for (int indexed = 0; indexed < 2; indexed++) {
        ASSERT_INT_EQ(indexed ? fs_evq_init_indexed(&q, 4) : fs_evq_init(&q, 4), FS_OK);
        q.next_key = UINT32_MAX - 3;
        for (int32_t i = 0; i < 8; i++)
            ASSERT_INT_EQ(fs_evq_push(&q, i % 2 ? 1.0 : 2.0, 0, 0, i, 0), FS_OK);
        ASSERT(q.next_key < 16); /* renumbered */
        for (int32_t i = 0; i < 8; i++) {
            ASSERT_INT_EQ(fs_evq_pop(&q, &ev), 1);
            /* times 1.0 first (a = 1, 3, 5, 7), then 2.0 (a = 0, 2, 4, 6) */
            ASSERT_INT_EQ(ev.a, i < 4 ? 2 * i + 1 : 2 * (i - 4));
            /* keys MAX-3..MAX-1 went to a = 0..2, renumbered 0..2 at the
             * fourth push, which took 3: seq equals a throughout */
            ASSERT_INT_EQ(ev.seq, ev.a);
        }
        fs_evq_release(&q);
    }
}

/* Removes the reference's event of sequence seq; 1 if it was there. */
static int ref_remove(struct ref *r, uint64_t seq, struct fs_event *out)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->ev[i].seq == seq) {
            *out = r->ev[i];
            memmove(&r->ev[i], &r->ev[i + 1], (r->n - i - 1) * sizeof(*r->ev));
            r->n--;
            return 1;
        }
    }
    return 0;
}

TEST(evq_differential_cancel_update)
{
    /* Pushes with handles, pops, cancels and updates of random pending
     * events, against the sorted-array reference (a cancel there removes
     * the event by seq; an update is a remove and a push). Each pending
     * event's handle is kept by the seq it was pushed under. */
    enum { OPS = 100000, MAXP = 4096 };
    static fs_evh hs[MAXP];
    static uint64_t seqs[MAXP];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct fs_evq q;
    struct ref r = {NULL, 0, 0, 0};
    struct fs_event got, want;
    size_t np = 0;
    long ncancel = 0, nupdate = 0, npop = 0;

    ASSERT(rng != NULL);
    ASSERT_INT_EQ(fs_evq_init_indexed(&q, 1), FS_OK);
    gsl_rng_set(rng, 16);
    for (long i = 0; i < OPS; i++) {
        double u = gsl_rng_uniform(rng);
        if (u < 0.4 && np < MAXP) {
            fs_time t = floor(gsl_rng_uniform(rng) * 40);
            ASSERT_INT_EQ(fs_evq_push_h(&q, t, 1, 0, (int32_t)i, 0, &hs[np]), FS_OK);
            ASSERT_INT_EQ(ref_push(&r, t, 1, 0, (int32_t)i, 0), 0);
            seqs[np++] = r.next_seq - 1;
        } else if (u < 0.7) {
            int g = fs_evq_pop(&q, &got), w = ref_pop(&r, &want);
            ASSERT_INT_EQ(g, w);
            if (g) {
                ASSERT(same_event(&got, &want));
                for (size_t k = 0; k < np; k++) /* forget its handle */
                    if (seqs[k] == got.seq) {
                        hs[k] = hs[--np];
                        seqs[k] = seqs[np];
                        break;
                    }
                npop++;
            }
        } else if (np > 0) {
            size_t k = gsl_rng_uniform_int(rng, np);
            ASSERT_INT_EQ(ref_remove(&r, seqs[k], &want), 1);
            if (u < 0.85) {
                ASSERT_INT_EQ(fs_evq_cancel(&q, hs[k]), 1);
                hs[k] = hs[--np];
                seqs[k] = seqs[np];
                ncancel++;
            } else {
                fs_time t = floor(gsl_rng_uniform(rng) * 40);
                ASSERT_INT_EQ(fs_evq_update(&q, hs[k], t), 1);
                ASSERT_INT_EQ(ref_push(&r, t, want.kind, want.gen, want.a, want.b), 0);
                seqs[k] = r.next_seq - 1;
                nupdate++;
            }
        }
        ASSERT_INT_EQ(fs_evq_size(&q), r.n);
        ASSERT(fs_evq_peek_time(&q) == ref_peek(&r));
    }
    ASSERT(ncancel > 10000 && nupdate > 10000 && npop > 20000);
    fs_evq_release(&q);
    free(r.ev);
    gsl_rng_free(rng);
}

/* fs_evq_peek and fs_evq_take_seq, which the engine uses to merge its
 * timers with the queue: peek sees the earliest event by (t, seq), also
 * around a pending root, and a taken number is skipped by the next push.
 * Expected values by hand: pushes get 0, 1, 2 in order; taking one gives 3,
 * so the next push is 4. */
TEST(evq_peek_and_take_seq)
{
    struct fs_evq q;
    struct fs_event ev;
    fs_time t;
    uint64_t seq;
    ASSERT(fs_evq_init(&q, 4) == FS_OK);
    ASSERT(fs_evq_peek(&q, &t, &seq) == 0);
    ASSERT(fs_evq_push(&q, 2.0, 0, 0, 0, 0) == FS_OK); /* seq 0 */
    ASSERT(fs_evq_push(&q, 1.0, 0, 0, 1, 0) == FS_OK); /* seq 1 */
    ASSERT(fs_evq_push(&q, 1.0, 0, 0, 2, 0) == FS_OK); /* seq 2 */
    ASSERT(fs_evq_peek(&q, &t, &seq) == 1);
    ASSERT(t == 1.0 && seq == 1);
    ASSERT(fs_evq_pop(&q, &ev) == 1 && ev.a == 1);
    /* root pending: the earliest left is (1.0, 2), not (2.0, 0) */
    ASSERT(fs_evq_peek(&q, &t, &seq) == 1);
    ASSERT(t == 1.0 && seq == 2);
    ASSERT(fs_evq_take_seq(&q, &seq) == FS_OK && seq == 3);
    ASSERT(fs_evq_push(&q, 1.0, 0, 0, 3, 0) == FS_OK); /* seq 4 */
    ASSERT(fs_evq_pop(&q, &ev) == 1 && ev.a == 2 && ev.seq == 2);
    ASSERT(fs_evq_pop(&q, &ev) == 1 && ev.a == 3 && ev.seq == 4);
    ASSERT(fs_evq_pop(&q, &ev) == 1 && ev.a == 0 && ev.seq == 0);
    ASSERT(fs_evq_peek(&q, &t, &seq) == 0);
    fs_evq_release(&q);
}
