/*
 * timers.c - the replicate's cancellable timers: an indexed binary min-heap
 * of at most one pending event per timer id, ordered by (time, sequence)
 * like the event queue, and updated or cancelled in place, so a timer that
 * is moved or dropped never comes out of a queue stale.
 *
 * The ids are fixed at set-up (internal.h, "timers"): per cluster the
 * failure clock of its idle nodes; per job its phase timer (the end of the
 * current restart, hang, maintenance, checkpoint or the finish) and the
 * failure clock of the nodes it holds. There are a few per job and cluster,
 * so the heap is small next to the event queue, which keeps everything
 * else (node clocks where ages matter, repairs, deliveries, samples).
 *
 * Sequence numbers come from the event queue's counter (fs__seq), so the
 * run loop merges the two by (time, sequence) into one total order, the
 * same on every run and thread count.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

static inline int tm_before(const struct fs__timers *tq, int32_t x, int32_t y)
{
    const struct fs__timer *a = &tq->tm[x], *b = &tq->tm[y];
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void tm_place(struct fs__timers *tq, int32_t i, int32_t id)
{
    tq->heap[i] = id;
    tq->pos[id] = i;
}

static void tm_up(struct fs__timers *tq, int32_t i)
{
    int32_t id = tq->heap[i];
    while (i > 0) {
        int32_t p = (i - 1) / 2;
        if (!tm_before(tq, id, tq->heap[p]))
            break;
        tm_place(tq, i, tq->heap[p]);
        i = p;
    }
    tm_place(tq, i, id);
}

static void tm_down(struct fs__timers *tq, int32_t i)
{
    int32_t id = tq->heap[i];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= tq->n)
            break;
        if (c + 1 < tq->n && tm_before(tq, tq->heap[c + 1], tq->heap[c]))
            c++;
        if (!tm_before(tq, tq->heap[c], id))
            break;
        tm_place(tq, i, tq->heap[c]);
        i = c;
    }
    tm_place(tq, i, id);
}

int fs__timers_init(struct fs__timers *tq, int32_t ids)
{
    size_t n = ids > 0 ? (size_t)ids : 1;
    tq->tm = calloc(n, sizeof(*tq->tm));
    tq->heap = calloc(n, sizeof(*tq->heap));
    tq->pos = calloc(n, sizeof(*tq->pos));
    tq->ids = ids;
    tq->n = 0;
    if (tq->tm == NULL || tq->heap == NULL || tq->pos == NULL)
        return FS_ENOMEM;
    fs__timers_clear(tq);
    return FS_OK;
}

void fs__timers_release(struct fs__timers *tq)
{
    free(tq->tm);
    free(tq->heap);
    free(tq->pos);
    tq->tm = NULL;
    tq->heap = tq->pos = NULL;
}

void fs__timers_clear(struct fs__timers *tq)
{
    tq->n = 0;
    for (int32_t i = 0; i < tq->ids; i++)
        tq->pos[i] = -1;
}

void fs__timer_set(struct fs_sim *sim, int32_t id, double t, enum fs__ev_kind k, uint32_t gen,
                   int32_t a)
{
    struct fs__timers *tq = &sim->tq;
    struct fs__timer *x = &tq->tm[id];
    double old = x->t;
    x->t = t;
    x->seq = fs__seq(sim);
    x->kind = (uint32_t)k;
    x->gen = gen;
    x->a = a;
    if (tq->pos[id] < 0) {
        tm_place(tq, tq->n++, id);
        tm_up(tq, tq->n - 1);
    } else if (t < old) {
        tm_up(tq, tq->pos[id]);
    } else {
        tm_down(tq, tq->pos[id]);
    }
}

void fs__timer_cancel(struct fs__timers *tq, int32_t id)
{
    int32_t i = tq->pos[id], last;
    if (i < 0)
        return;
    tq->pos[id] = -1;
    last = tq->heap[--tq->n];
    if (i == tq->n)
        return;
    tm_place(tq, i, last);
    tm_up(tq, i);
    tm_down(tq, tq->pos[last]);
}

const struct fs__timer *fs__timers_top(const struct fs__timers *tq)
{
    return tq->n > 0 ? &tq->tm[tq->heap[0]] : NULL;
}

void fs__timers_pop(struct fs__timers *tq, struct fs_event *out)
{
    int32_t id = tq->heap[0];
    const struct fs__timer *x = &tq->tm[id];
    *out = (struct fs_event){x->t, x->seq, x->kind, x->gen, x->a, id};
    fs__timer_cancel(tq, id);
}
