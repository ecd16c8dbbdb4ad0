/*
 * evq.c - the future-event set: an indexed binary min-heap ordered by
 * (t, seq), with a handle index for cancelling and moving events in place.
 *
 * seq is a counter stamped at push time, so events with equal t leave in the
 * order they were scheduled (libuv timer_less_than, git prio-queue compare).
 * The order is therefore total and identical on every run and compiler,
 * provided no event is pushed with a NaN time (NaN compares false both ways
 * and would break the heap property; callers must not schedule one).
 *
 * Entries. Each 32-byte entry holds the time, a 32-bit key that is the
 * event's seq, the 32-bit handle and the payload. Keys are handed out in
 * push order; when the 32-bit counter would wrap, the pending events are
 * renumbered 0..n-1 in key order (an O(n log n) sort once every 4 billion
 * pushes), so the order they encode never changes. The array is aligned so
 * that two siblings (2i+1, 2i+2) share one cache line. (A 16-byte entry
 * with the payload beside the heap was tried: faster at 10^6 pending, but
 * the payload's cache miss at every pop made the engine's 100k-GPU run
 * 15-40 % slower; bench/README.md.)
 *
 * Index (queues made by fs_evq_init_indexed). pos[h] is the heap index of
 * handle h, written wherever an entry moves (a plain queue has no pos array
 * and skips those writes: one predictable branch per level), so fs_evq_cancel and fs_evq_update find the event in O(1) and
 * repair the heap in O(log n): nothing stale is ever popped. Handles come
 * from a stack of free ones, else from a high-water mark.
 *
 * Hold. The run loop pops the earliest event and its handler pushes one or
 * two new ones. fs_evq_pop copies the root out and leaves its place
 * "pending" (git's prio-queue get_pending); a push that follows writes its
 * entry into the root and sifts down once. Anything else that needs the heap
 * whole (a second pop, a cancel, an update) first finishes the removal.
 * fs_evq_size and fs_evq_peek_time are const and read around a pending
 * root: the earliest remaining event is then the smaller of its children.
 *
 * Sifting moves a hole rather than swapping: the moving entry is held in a
 * local and each step copies one entry, written once at the end.
 *
 * Memory: the arrays are allocated in fs_evq_init and grow (by doubling)
 * only when a push finds them full; nothing else allocates, except the
 * renumbering's scratch array once every 4 billion pushes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/error.h"
#include "fleetsim/evq.h"

#define LINE 64
#define HEAP_OFFSET 1 /* entries before heap[0]: &heap[1] is line-aligned */

typedef struct fs_evq_entry entry;

/* Does x fire before y? Time first, then scheduling order. */
static inline int before(const entry *x, const entry *y)
{
    return x->t < y->t || (x->t == y->t && x->key < y->key);
}

/* Places ev at hole i, moving it up past later parents. */
static void sift_up(struct fs_evq *q, size_t i, const entry *ev)
{
    entry *heap = q->heap;
    uint32_t *pos = q->pos;

    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(ev, &heap[p]))
            break;
        heap[i] = heap[p];
        if (pos != NULL)
            pos[heap[i].h] = (uint32_t)i;
        i = p;
    }
    heap[i] = *ev;
    if (pos != NULL)
        pos[ev->h] = (uint32_t)i;
}

/*
 * Places ev at hole i of a heap of n entries, moving it down past earlier
 * children.
 *
 * Which child is earlier is a coin toss in the hold workload, so it is
 * computed without a branch (the index advances by the comparison's 0 or
 * 1): a mispredicted branch per level cost more than the comparison. Each
 * level's address then waits on the loads of the level above, so each step
 * prefetches the eight great-grandchildren, heap[8i+7..8i+14]: 256 bytes,
 * adjacent, four aligned lines. bench/README.md has the measurements.
 */
static void sift_down(struct fs_evq *q, size_t n, size_t i, const entry *ev)
{
    entry *heap = q->heap;
    uint32_t *pos = q->pos;
    size_t c;

    for (c = 2 * i + 1; c + 1 < n; c = 2 * i + 1) {
        const entry *l = &heap[c], *r = &heap[c + 1];
#if defined(__GNUC__)
        if (8 * i + 14 < n) { /* 256 bytes: four aligned lines */
            __builtin_prefetch(&heap[8 * i + 7]);
            __builtin_prefetch(&heap[8 * i + 9]);
            __builtin_prefetch(&heap[8 * i + 11]);
            __builtin_prefetch(&heap[8 * i + 13]);
        }
#endif
        c += (size_t)((r->t < l->t) | ((r->t == l->t) & (r->key < l->key)));
        if (!before(&heap[c], ev))
            goto place;
        heap[i] = heap[c];
        if (pos != NULL)
            pos[heap[i].h] = (uint32_t)i;
        i = c;
    }
    if (c < n && before(&heap[c], ev)) { /* a last, only child */
        heap[i] = heap[c];
        if (pos != NULL)
            pos[heap[i].h] = (uint32_t)i;
        i = c;
    }
place:
    heap[i] = *ev;
    if (pos != NULL)
        pos[ev->h] = (uint32_t)i;
}

/* Puts ev at hole i of a whole heap of n entries, up or down. */
static void place_at(struct fs_evq *q, size_t n, size_t i, const entry *ev)
{
    if (i > 0 && before(ev, &q->heap[(i - 1) / 2]))
        sift_up(q, i, ev);
    else
        sift_down(q, n, i, ev);
}

/* Completes a pop that left the root pending: the last entry fills the root
 * and sinks to its place. */
static void finish_pop(struct fs_evq *q)
{
    q->root_pending = 0;
    q->n--;
    if (q->n > 0) {
        entry last = q->heap[q->n];
        sift_down(q, q->n, 0, &last);
    }
}

static void free_handle(struct fs_evq *q, uint32_t h)
{
    if (q->pos == NULL)
        return;
    q->pos[h] = FS_EVH_NONE;
    q->free_h[q->nfree++] = h;
}

static uint32_t take_handle(struct fs_evq *q)
{
    if (q->pos == NULL)
        return FS_EVH_NONE;
    return q->nfree > 0 ? q->free_h[--q->nfree] : (uint32_t)q->nslot++;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Renumbers the pending events' keys 0..n-1 in their present order. The
 * heap must be whole. */
static int renumber(struct fs_evq *q)
{
    uint64_t *k = malloc((q->n ? q->n : 1) * sizeof(*k));

    if (k == NULL)
        return FS_ENOMEM;
    for (size_t i = 0; i < q->n; i++)
        k[i] = (uint64_t)q->heap[i].key << 32 | (uint64_t)i;
    qsort(k, q->n, sizeof(*k), cmp_u64);
    for (size_t r = 0; r < q->n; r++)
        q->heap[(uint32_t)k[r]].key = (uint32_t)r;
    free(k);
    q->next_key = (uint32_t)q->n;
    return FS_OK;
}

/* The next tie-order key; renumbers first when the counter would wrap. */
static int take_key(struct fs_evq *q, uint32_t *key)
{
    if (q->next_key == UINT32_MAX) {
        int err;
        if (q->root_pending)
            finish_pop(q);
        if ((err = renumber(q)) != FS_OK)
            return err;
    }
    *key = q->next_key++;
    return FS_OK;
}

static void zero(struct fs_evq *q)
{
    memset(q, 0, sizeof(*q));
}

/* Grows every array to cap entries; on failure the queue is unchanged. */
static int resize(struct fs_evq *q, size_t cap)
{
    void *mem = NULL;
    uint32_t *pos, *free_h;

    if (cap >= UINT32_MAX || cap > SIZE_MAX / sizeof(entry) - HEAP_OFFSET)
        return FS_ENOMEM;
    if (posix_memalign(&mem, LINE, (cap + HEAP_OFFSET) * sizeof(entry)) != 0)
        return FS_ENOMEM;
    if (q->indexed) {
        if ((pos = realloc(q->pos, cap * sizeof(*pos))) == NULL) {
            free(mem);
            return FS_ENOMEM;
        }
        q->pos = pos;
        if ((free_h = realloc(q->free_h, cap * sizeof(*free_h))) == NULL) {
            free(mem);
            return FS_ENOMEM;
        }
        q->free_h = free_h;
    }
    if (q->n > 0)
        memcpy((entry *)mem + HEAP_OFFSET, q->heap, q->n * sizeof(entry));
    free(q->mem);
    q->mem = mem;
    q->heap = (entry *)mem + HEAP_OFFSET;
    q->cap = cap;
    return FS_OK;
}

static int init(struct fs_evq *q, size_t cap, int indexed)
{
    zero(q);
    q->indexed = indexed;
    if (cap == 0)
        return FS_OK; /* the first push allocates */
    return resize(q, cap);
}

int fs_evq_init(struct fs_evq *q, size_t cap)
{
    return init(q, cap, 0);
}

int fs_evq_init_indexed(struct fs_evq *q, size_t cap)
{
    return init(q, cap, 1);
}

void fs_evq_release(struct fs_evq *q)
{
    free(q->mem);
    free(q->pos);
    free(q->free_h);
    zero(q);
}

void fs_evq_clear(struct fs_evq *q)
{
    q->n = 0;
    q->nfree = 0;
    q->nslot = 0;
    q->next_key = 0;
    q->root_pending = 0;
}

int fs_evq_push_h(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                  int32_t a, int32_t b, fs_evh *hout)
{
    entry ev;
    int err;

    if ((err = take_key(q, &ev.key)) != FS_OK)
        return err;
    if (!q->root_pending && q->n == q->cap &&
        (err = resize(q, q->cap ? 2 * q->cap : 1)) != FS_OK)
        return err;
    ev.t = t;
    ev.h = take_handle(q);
    ev.kind = kind;
    ev.gen = gen;
    ev.a = a;
    ev.b = b;
    if (hout != NULL)
        *hout = ev.h;
    if (q->root_pending) {
        /* Hold: the popped root's slot takes the new event, one pass. */
        q->root_pending = 0;
        sift_down(q, q->n, 0, &ev);
    } else {
        sift_up(q, q->n, &ev);
        q->n++;
    }
    return FS_OK;
}

int fs_evq_push(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                int32_t a, int32_t b)
{
    return fs_evq_push_h(q, t, kind, gen, a, b, NULL);
}

int fs_evq_pop(struct fs_evq *q, struct fs_event *out)
{
    const entry *e;

    if (q->root_pending)
        finish_pop(q);
    if (q->n == 0)
        return 0;
    e = &q->heap[0];
    out->t = e->t;
    out->seq = e->key;
    out->kind = e->kind;
    out->gen = e->gen;
    out->a = e->a;
    out->b = e->b;
    free_handle(q, e->h);
    q->root_pending = 1;
    return 1;
}

/* Is h a pending event's handle? Finishes a pending pop first. */
static int pending(struct fs_evq *q, fs_evh h)
{
    if (q->pos == NULL || h >= q->nslot || q->pos[h] == FS_EVH_NONE)
        return 0;
    if (q->root_pending)
        finish_pop(q);
    return 1;
}

int fs_evq_cancel(struct fs_evq *q, fs_evh h)
{
    size_t i;

    if (!pending(q, h))
        return 0;
    i = q->pos[h];
    free_handle(q, h);
    q->n--;
    if (i < q->n) { /* the last entry fills the hole */
        entry last = q->heap[q->n];
        place_at(q, q->n, i, &last);
    }
    return 1;
}

int fs_evq_update(struct fs_evq *q, fs_evh h, fs_time t)
{
    entry ev;
    uint32_t key;
    int err;

    if (!pending(q, h))
        return 0;
    if ((err = take_key(q, &key)) != FS_OK)
        return err; /* renumbering had no memory; the event is unchanged */
    ev = q->heap[q->pos[h]];
    ev.t = t;
    ev.key = key;
    place_at(q, q->n, q->pos[h], &ev);
    return 1;
}

size_t fs_evq_size(const struct fs_evq *q)
{
    return q->n - (q->root_pending ? 1 : 0);
}

fs_time fs_evq_peek_time(const struct fs_evq *q)
{
    fs_time t;
    uint64_t seq;
    return fs_evq_peek(q, &t, &seq) ? t : INFINITY;
}
