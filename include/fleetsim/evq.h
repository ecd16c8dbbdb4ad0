/*
 * evq.h - the future-event set: an indexed binary min-heap of timed events
 * ordered by (time, sequence number), so simultaneous events fire in the
 * order they were scheduled, identically on every run, compiler and thread
 * count.
 *
 * The queue knows nothing of GPUs or jobs: an event is a time, a kind and
 * three integers of payload whose meaning belongs to the caller.
 *
 * Layout: the heap holds 32-byte entries (time, 32-bit tie-order key,
 * 32-bit handle, payload), two to a cache line; pos[handle] is the entry's
 * place in the heap, so an event can be cancelled or moved in place (no
 * stale events left to pop).
 *
 * Handles (a queue made by fs_evq_init_indexed): fs_evq_push_h returns the
 * event's handle. It is valid until the
 * event is popped or cancelled (or the queue cleared); after that the
 * number may be given to a later event, so callers must forget it then
 * (e.g. clear the node's stored handle when its event fires).
 * fs_evq_cancel and fs_evq_update on a handle that is not pending do
 * nothing and return 0.
 *
 * Workload: 10^3 to 10^6 pending events, a "hold" pattern (pop the earliest,
 * push one or two new ones). fs_evq_pop leaves the root slot pending; a push
 * that follows overwrites it and sifts down once instead of the usual
 * remove-then-insert (git's prio-queue get_pending idea).
 *
 * Memory: fs_evq_init preallocates `cap` slots (32 bytes each; 40 when
 * indexed). fs_evq_push
 * grows the arrays only when full (amortised doubling); callers that size
 * `cap` for their peak never allocate after init.
 */
#ifndef FLEETSIM_EVQ_H
#define FLEETSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

#include "fleetsim/date.h"
#include "fleetsim/error.h"

/* An event as the caller sees it (fs_evq_pop's output). */
struct fs_event {
    fs_time t;     /* when it fires, h */
    uint64_t seq;  /* scheduling order; breaks ties in t: the push count
                      since init/clear (renumbered to the pending events'
                      ranks, in the same order, if it reaches 2^32) */
    uint32_t kind; /* caller's event kind */
    uint32_t gen;  /* caller's generation number (free for the caller) */
    int32_t a, b;  /* caller's payload (e.g. job and node indices) */
};

/* A handle naming one pending event (see the header comment). */
typedef uint32_t fs_evh;
#define FS_EVH_NONE UINT32_MAX

/* One heap entry: 32 bytes, two to a cache line. key orders events of
 * equal t (fs_event.seq); h is the event's handle. */
struct fs_evq_entry {
    fs_time t;
    uint32_t key;
    uint32_t h;
    uint32_t kind, gen;
    int32_t a, b;
};

struct fs_evq {
    struct fs_evq_entry *heap; /* heap[0] is the earliest */
    uint32_t *pos;             /* heap index by handle (FS_EVH_NONE if free);
                                  NULL unless indexed */
    uint32_t *free_h;          /* stack of free handles */
    void *mem;                 /* the heap's allocation (heap is aligned in it) */
    size_t n;                  /* events in the heap, including a pending root */
    size_t cap;
    size_t nfree;
    size_t nslot;              /* handles ever given out since init/clear */
    uint32_t next_key;         /* renumbered when it would wrap */
    int root_pending;          /* heap[0] was popped but not yet replaced */
    int indexed;               /* made by fs_evq_init_indexed */
};

/* Prepares an empty queue with room for cap events. FS_OK or FS_ENOMEM.
 * Its events have no handles (fs_evq_push_h gives FS_EVH_NONE; cancel and
 * update return 0): it skips the index's upkeep. */
int fs_evq_init(struct fs_evq *q, size_t cap);

/* The same, for a queue whose events have handles (fs_evq_push_h,
 * fs_evq_cancel, fs_evq_update); each move in the heap also updates the
 * handle index. */
int fs_evq_init_indexed(struct fs_evq *q, size_t cap);

/* Frees the queue's storage; the struct may be re-initialised. */
void fs_evq_release(struct fs_evq *q);

/* Empties the queue and restarts the sequence at 0, keeping the storage.
 * Every handle becomes free. */
void fs_evq_clear(struct fs_evq *q);

/* Schedules an event. FS_OK, or FS_ENOMEM if growing failed. */
int fs_evq_push(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                int32_t a, int32_t b);

/* The same, and stores the event's handle in *h (h may be NULL). */
int fs_evq_push_h(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                  int32_t a, int32_t b, fs_evh *h);

/* Removes the earliest event into *out. Returns 1, or 0 if empty. */
int fs_evq_pop(struct fs_evq *q, struct fs_event *out);

/* Removes the pending event h without firing it. Returns 1, or 0 if h is
 * not pending. */
int fs_evq_cancel(struct fs_evq *q, fs_evh h);

/* Moves the pending event h to time t, keeping its payload and handle. It
 * takes a new sequence number, so it orders exactly as a cancel followed by
 * a push would. Returns 1, or 0 if h is not pending, or FS_ENOMEM (event
 * unchanged) if the sequence numbers needed renumbering and memory ran out,
 * which can happen only once in 2^32 pushes. */
int fs_evq_update(struct fs_evq *q, fs_evh h, fs_time t);

/* The earliest pending event's time and sequence number, without removing
 * it: 1, or 0 if the queue is empty. Inline: the engine asks it once per
 * event. A popped root is spent: the earliest is then the earlier of its
 * children by (t, key). */
static inline int fs_evq_peek(const struct fs_evq *q, fs_time *t, uint64_t *seq)
{
    const struct fs_evq_entry *h = q->heap, *e;
    if (!q->root_pending)
        e = q->n > 0 ? &h[0] : NULL;
    else if (q->n <= 1)
        e = NULL;
    else if (q->n == 2)
        e = &h[1];
    else
        e = h[2].t < h[1].t || (h[2].t == h[1].t && h[2].key < h[1].key) ? &h[2] : &h[1];
    if (e == NULL)
        return 0;
    *t = e->t;
    *seq = e->key;
    return 1;
}

/* Takes the next sequence number as a push would, for an event kept
 * outside the queue (the engine's timers) and merged with it by (t, seq).
 * FS_OK, or FS_ERANGE once 2^32 - 1 numbers have been taken since init or
 * clear (a push would then renumber the pending events, which numbers held
 * outside cannot follow). Inline: every timer set takes one. */
static inline int fs_evq_take_seq(struct fs_evq *q, uint64_t *seq)
{
    if (q->next_key == UINT32_MAX)
        return FS_ERANGE;
    *seq = q->next_key++;
    return FS_OK;
}

/* Number of events waiting. */
size_t fs_evq_size(const struct fs_evq *q);

/* Time of the earliest event; +inf if empty. */
fs_time fs_evq_peek_time(const struct fs_evq *q);

#endif
