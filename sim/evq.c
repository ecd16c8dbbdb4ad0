/*
 * evq.c - the future-event set: an array binary min-heap of struct fs_event
 * ordered by (t, seq).
 *
 * seq is a counter stamped at push time, so events with equal t leave in the
 * order they were scheduled (libuv timer_less_than, git prio-queue compare).
 * The order is therefore total and identical on every run and compiler,
 * provided no event is pushed with a NaN time (NaN compares false both ways
 * and would break the heap property; callers must not schedule one).
 *
 * Workload: 10^3 to 10^5 pending events in a "hold" pattern: the run loop
 * pops the earliest event and its handler pushes one or two new ones. A
 * plain pop would move the last leaf to the root and sift it down, and the
 * following push would add a leaf and sift it up: two passes. Instead
 * fs_evq_pop copies the root out and leaves the slot "pending" (git's
 * prio-queue get_pending); a push that follows writes its event into the
 * root and sifts down once. Anything else that needs the heap whole (a
 * second pop) first finishes the removal. fs_evq_size and fs_evq_peek_time
 * are const and read around a pending root without touching it: the earliest
 * remaining event is then the smaller of the root's two children.
 *
 * Sifting moves a hole rather than swapping: the moving event is held in a
 * local and each step copies one 32-byte element, written once at the end.
 * A pop followed by a push at a time the heap has not reached yet costs
 * one root-to-leaf pass, log2(n) levels.
 *
 * Memory: the array is allocated in fs_evq_init and grows (by doubling,
 * with realloc) only when a push finds it full; nothing else allocates.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fleetsim/error.h"
#include "fleetsim/evq.h"

/* Does x fire before y? Time first, then scheduling order. */
static inline int before(const struct fs_event *x, const struct fs_event *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

/* Places ev at hole i, moving it up past later parents. */
static void sift_up(struct fs_event *heap, size_t i, const struct fs_event *ev)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(ev, &heap[p]))
            break;
        heap[i] = heap[p];
        i = p;
    }
    heap[i] = *ev;
}

/*
 * Places ev at hole i of a heap of n slots, moving it down past earlier
 * children.
 *
 * Which child is earlier is a coin toss in the hold workload, so it is
 * computed without a branch (the index advances by the comparison's 0 or
 * 1): a mispredicted branch per level cost more than the comparison. The
 * price is that each level's address now waits on the loads of the level
 * above, which the branchy loop had hidden by running ahead speculatively
 * (at 10^6 events the branchless loop alone was twice as slow). So each
 * step prefetches the eight great-grandchildren, heap[8i+7..8i+14], which
 * are adjacent in the array: two levels of lookahead, whichever way the
 * comparisons go. bench/README.md has the figures for each step.
 */
static void sift_down(struct fs_event *heap, size_t n, size_t i,
                      const struct fs_event *ev)
{
    size_t c;

    for (c = 2 * i + 1; c + 1 < n; c = 2 * i + 1) {
        const struct fs_event *l = &heap[c], *r = &heap[c + 1];
#if defined(__GNUC__)
        if (8 * i + 14 < n) { /* 256 bytes: four or five lines */
            __builtin_prefetch(&heap[8 * i + 7]);
            __builtin_prefetch(&heap[8 * i + 9]);
            __builtin_prefetch(&heap[8 * i + 11]);
            __builtin_prefetch(&heap[8 * i + 13]);
            __builtin_prefetch(&heap[8 * i + 14]);
        }
#endif
        c += (size_t)((r->t < l->t) | ((r->t == l->t) & (r->seq < l->seq)));
        if (!before(&heap[c], ev))
            goto place;
        heap[i] = heap[c];
        i = c;
    }
    if (c < n && before(&heap[c], ev)) { /* a last, only child */
        heap[i] = heap[c];
        i = c;
    }
place:
    heap[i] = *ev;
}

/* Completes a pop that left the root pending: the last event fills the root
 * and sinks to its place. */
static void finish_pop(struct fs_evq *q)
{
    q->root_pending = 0;
    q->n--;
    if (q->n > 0) {
        struct fs_event last = q->heap[q->n];
        sift_down(q->heap, q->n, 0, &last);
    }
}

int fs_evq_init(struct fs_evq *q, size_t cap)
{
    q->heap = NULL;
    q->n = 0;
    q->cap = 0;
    q->next_seq = 0;
    q->root_pending = 0;
    if (cap == 0)
        return FS_OK; /* the first push allocates */
    if (cap > SIZE_MAX / sizeof(*q->heap))
        return FS_ENOMEM;
    q->heap = malloc(cap * sizeof(*q->heap));
    if (q->heap == NULL)
        return FS_ENOMEM;
    q->cap = cap;
    return FS_OK;
}

void fs_evq_release(struct fs_evq *q)
{
    free(q->heap);
    q->heap = NULL;
    q->n = 0;
    q->cap = 0;
    q->next_seq = 0;
    q->root_pending = 0;
}

void fs_evq_clear(struct fs_evq *q)
{
    q->n = 0;
    q->next_seq = 0;
    q->root_pending = 0;
}

/* Doubles the array; on failure the queue is left as it was. */
static int grow(struct fs_evq *q)
{
    size_t cap = q->cap ? q->cap : 1;
    struct fs_event *heap;

    if (q->cap > 0) {
        if (cap > SIZE_MAX / 2 / sizeof(*heap))
            return FS_ENOMEM;
        cap *= 2;
    }
    heap = realloc(q->heap, cap * sizeof(*heap));
    if (heap == NULL)
        return FS_ENOMEM;
    q->heap = heap;
    q->cap = cap;
    return FS_OK;
}

int fs_evq_push(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                int32_t a, int32_t b)
{
    struct fs_event ev;

    ev.t = t;
    ev.seq = q->next_seq;
    ev.kind = kind;
    ev.gen = gen;
    ev.a = a;
    ev.b = b;

    if (q->root_pending) {
        /* Hold: the popped root's slot takes the new event, one pass. */
        q->root_pending = 0;
        q->next_seq++;
        sift_down(q->heap, q->n, 0, &ev);
        return FS_OK;
    }
    if (q->n == q->cap) {
        int err = grow(q);
        if (err != FS_OK)
            return err;
    }
    q->next_seq++;
    sift_up(q->heap, q->n, &ev);
    q->n++;
    return FS_OK;
}

int fs_evq_pop(struct fs_evq *q, struct fs_event *out)
{
    if (q->root_pending)
        finish_pop(q);
    if (q->n == 0)
        return 0;
    *out = q->heap[0];
    q->root_pending = 1;
    return 1;
}

size_t fs_evq_size(const struct fs_evq *q)
{
    return q->n - (q->root_pending ? 1 : 0);
}

fs_time fs_evq_peek_time(const struct fs_evq *q)
{
    const struct fs_event *h = q->heap;

    if (!q->root_pending)
        return q->n > 0 ? h[0].t : INFINITY;
    /* The root is spent; every other event descends from heap[1] or
     * heap[2], so the earlier of those two is the earliest left. */
    if (q->n <= 1)
        return INFINITY;
    if (q->n == 2)
        return h[1].t;
    return h[2].t < h[1].t ? h[2].t : h[1].t;
}
