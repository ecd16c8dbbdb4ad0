/*
 * evq.h - the future-event set: a binary min-heap of timed events ordered by
 * (time, sequence number), so simultaneous events fire in the order they
 * were scheduled, identically on every run, compiler and thread count.
 *
 * The queue knows nothing of GPUs or jobs: an event is a time, a kind and
 * three integers of payload whose meaning belongs to the caller. Events are
 * never removed early; callers cancel lazily by storing a generation number
 * in the payload and ignoring stale events when they fire.
 *
 * Workload: 10^3 to 10^5 pending events, a "hold" pattern (pop the earliest,
 * push one or two new ones). fs_evq_pop leaves the root slot pending; a push
 * that follows overwrites it and sifts down once instead of the usual
 * remove-then-insert (git's prio-queue get_pending idea).
 *
 * Memory: fs_evq_init preallocates `cap` slots. fs_evq_push grows the array
 * only when full (amortised doubling); callers that size `cap` for their
 * peak never allocate after init.
 */
#ifndef FLEETSIM_EVQ_H
#define FLEETSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

#include "fleetsim/date.h"

struct fs_event {
    fs_time t;     /* when it fires, h */
    uint64_t seq;  /* scheduling order; breaks ties in t */
    uint32_t kind; /* caller's event kind */
    uint32_t gen;  /* caller's generation number, for lazy cancellation */
    int32_t a, b;  /* caller's payload (e.g. job and node indices) */
};

struct fs_evq {
    struct fs_event *heap; /* heap[0] is the earliest */
    size_t n;              /* events in the heap, including a pending root */
    size_t cap;
    uint64_t next_seq;
    int root_pending;      /* heap[0] was popped but not yet replaced */
};

/* Prepares an empty queue with room for cap events. FS_OK or FS_ENOMEM. */
int fs_evq_init(struct fs_evq *q, size_t cap);

/* Frees the queue's storage; the struct may be re-initialised. */
void fs_evq_release(struct fs_evq *q);

/* Empties the queue and restarts the sequence at 0, keeping the storage. */
void fs_evq_clear(struct fs_evq *q);

/* Schedules an event. FS_OK, or FS_ENOMEM if growing failed. */
int fs_evq_push(struct fs_evq *q, fs_time t, uint32_t kind, uint32_t gen,
                int32_t a, int32_t b);

/* Removes the earliest event into *out. Returns 1, or 0 if empty. */
int fs_evq_pop(struct fs_evq *q, struct fs_event *out);

/* Number of events waiting. */
size_t fs_evq_size(const struct fs_evq *q);

/* Time of the earliest event; +inf if empty. */
fs_time fs_evq_peek_time(const struct fs_evq *q);

#endif
