/*
 * internal.h - declarations shared between fleetsim's own source files and
 * not part of the public headers.
 */
#ifndef FLEETSIM_INTERNAL_H
#define FLEETSIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/error.h" /* FS_BUG */
#include "fleetsim/evq.h"
#include "fleetsim/procure.h"
#include "fleetsim/replicate.h"

/*
 * ---- the replicate engine ----------------------------------------------
 * One replicate is run by three files: replicate.c (set-up, seeds, reset,
 * the run loop and the public setters), jobs.c (the job life cycle: queue,
 * start, checkpoint accounting, interruption, finish) and events.c (the
 * event handlers and their dispatch). They share the state below.
 */

/* Event kinds; delivery and rule_change are hooks for procurement and
 * export controls. XX(ID, name) */
#define FS__EVENT_MAP(XX)                                                     \
    XX(CLUSTER_ONLINE, "cluster_online")                                      \
    XX(JOB_READY, "job_ready")                                                \
    XX(JOB_START, "job_start")                                                \
    XX(NODE_FAIL, "node_failure")                                             \
    XX(NODE_REPAIRED, "node_repaired")                                        \
    XX(CKPT_DONE, "checkpoint_done")                                          \
    XX(RESTART_DONE, "restart_done")                                          \
    XX(MAINT, "maintenance")                                                  \
    XX(MAINT_DONE, "maintenance_done")                                        \
    XX(JOB_FINISH, "job_finished")                                            \
    XX(DELIVERY, "delivery")                                                  \
    XX(RULE_CHANGE, "rule_change")                                            \
    XX(SAMPLE, "sample")                                                      \
    XX(RETIRE, "cluster_retired")                                             \
    XX(HORIZON, "horizon")                                                    \
    XX(GROUP_START, "node_group_start")                                       \
    XX(DETECTED, "failure_detected")                                          \
    XX(JOB_FAIL, "job_failure")                                               \
    XX(DOMAIN_FAIL, "domain_failure")                                         \
    XX(DOMAIN_REPAIRED, "domain_repaired")                                    \
    XX(STRAG, "straggler")                                                    \
    XX(STRAG_OUT, "straggler_removed")                                        \
    XX(CLOCK, "failure_clock")                                                \
    XX(PLACED, "job_placed")

enum fs__ev_kind {
#define XX(id, name) FS__EV_##id,
    FS__EVENT_MAP(XX)
#undef XX
};

enum fs__node_state {
    FS__NODE_OFFLINE, FS__NODE_UP,
    FS__NODE_DOWN,       /* in its own repair */
    FS__NODE_DOMAIN_DOWN /* out with its failure domain */
};

/* A node's own random streams (common random numbers): its failure
 * times, repair times and failure outcomes each come from a stream keyed by
 * (seed, replicate, cluster name, node index), so a node keeps its draws
 * whatever other nodes or clusters a variant has. */
enum fs__node_stream {
    FS__RS_FAIL, FS__RS_REPAIR, FS__RS_COIN, /* every node */
    FS__RS_GROUP, FS__RS_STRAG,             /* only when a cluster uses them */
    FS__RS_COUNT
};
#define FS__RS_BASIC 3

struct fs__node {
    double born;      /* age origin, h since start: online date, delivery
                         or last repair (may be negative) */
    int32_t cluster;
    int32_t job;      /* holding job, or -1 */
    int32_t slot;     /* index in the job's slots */
    int32_t free_pos; /* index in the cluster's free stack, or -1 */
    uint32_t gen;     /* failure-clock generation */
    int8_t state;     /* enum fs__node_state */
    int8_t strag;     /* slow (a straggler) until removed */
    int8_t group;     /* node group it belongs to (failures.groups, at most
                         FS_MAX_GROUPS), or -1; it behaves as one from the
                         group's from date */
    int8_t seeded;    /* bit k: its stream k is seeded (on first use) */
};
/* 32 bytes: two nodes to a cache line, none across two (the array is
 * 64-byte aligned), so the run loop's random accesses to nodes miss half
 * as often at 10^5-10^6 nodes; the streams' states live in
 * fs_sim.rs_state. */
_Static_assert(sizeof(struct fs__node) == 32, "two nodes to a cache line");
_Static_assert(FS_MAX_GROUPS < 128, "a node's group fits its int8_t");
_Static_assert(FS__RS_COUNT <= 7, "a bit of a node's seeded per stream");

struct fs__csim {
    int active;          /* has jobs: its nodes are simulated */
    int online, retired;
    int32_t first, nnodes; /* node range: room for every GPU ordered */
    int32_t nactive;     /* nodes delivered and in service */
    double gpus_owned;   /* GPUs delivered so far, spares included */
    int32_t *free_stack; /* idle healthy nodes */
    int32_t nfree;
    double held_gpus;    /* GPUs held by jobs */
    double last_t;       /* idle capacity accrued up to here */
    uint64_t key;        /* stream key of the cluster (its name) */
    uint64_t rep_key;    /* ... mixed with the replicate's */
    double group_from[FS_MAX_GROUPS]; /* h since start each group applies */
    int32_t ndomains;    /* failure domains (failures.domain_nodes) */
    unsigned char *dom_rs; /* each domain's stream state (fs_sim.rs_size bytes) */
    unsigned char *dom_down;
    gsl_ran_discrete_t *causes; /* Walker table of failure causes, or NULL */
    int pooled;          /* exponential, no node groups: superposed clocks
                            (docs/model.md, "Failure clocks") */
};

/*
 * ---- timers (timers.c) ---------------------------------------------------
 * At most one pending event per id, moved or cancelled in place. Ids: the
 * failure clock of cluster c's idle nodes is c; job j's phase timer is
 * nclusters + 2j and the failure clock of the nodes it holds the next one.
 */
struct fs__timer {
    double t;
    uint64_t seq;
    uint32_t kind, gen;
    int32_t a;
};

struct fs__timers {
    struct fs__timer *tm; /* by id */
    int32_t *heap;        /* ids, a binary min-heap by (t, seq) */
    int32_t *pos;         /* each id's index in heap, or -1 */
    int32_t ids, n;
};

/* A superposed failure clock of a group of identical exponential nodes:
 * the group fails at n x rate; the node is drawn uniformly (events.c). */
struct fs__clock {
    double rate;       /* failures per node-hour; 0: not pooled */
    double out_share;  /* a cluster's idle clock thinned to the failures
                          that take a node out: their share
                          (node_out_fraction, may be 0); else 1 */
    double area;       /* thinned idle clock: idle node-hours to area_t, */
    double area_t;     /* for the count of the restart-only failures */
    int32_t n_area;    /* ... and its idle nodes since area_t */
    int32_t n_sched;   /* group size the pending time was drawn or scaled for */
    int32_t dirty;     /* on the settle list */
    gsl_rng *r;        /* times and picks (taus2, keyed by cluster or job) */
};

enum fs__job_state {
    FS__J_PENDING, FS__J_QUEUED, FS__J_RUNNING, FS__J_RESTARTING, FS__J_WAIT_NODES, FS__J_MAINT,
    FS__J_DETECTING, /* failed, not yet noticed: hung, time lost */
    FS__J_DONE
};

struct fs__jsim {
    int state;
    int32_t cluster;     /* where it is placed (queued or running): one of
                            the job's candidates */
    int cand;            /* ... its index in the job's cand[] */
    int32_t maxslots;    /* slots allocated: nodes on its widest candidate */
    int32_t fullslots;   /* nodes of the whole job on its cluster; nslots is
                            fewer while a ramped start grows */
    double rate_all;     /* FLOP per hour on all fullslots nodes */
    double ramp_since;   /* a ramped job's GPU-hours short counted to here */
    uint32_t gen;        /* bumped on every interruption */
    uint32_t maint_gen;  /* planned-maintenance process */
    int32_t nslots, missing;
    int hw_ok;           /* the cluster has had enough nodes since ready */
    int32_t *slots;      /* node of each slot, -1 while empty */
    int32_t *holes;      /* stack of empty slot indices; `missing` deep */
    int deps_left;
    int time_ok;         /* earliest start reached */
    uint64_t queue_seq;
    double rate_h;       /* FLOP per hour while computing, at its width */
    double rate_full;    /* ... on all its nodes */
    double width;        /* share of its nodes it computes on (elastic) */
    double saved;        /* FLOP checkpointed */
    double cycle_start;  /* start of the current compute phase */
    double tau, delta;   /* checkpoint interval and write time, h */
    double ctau;         /* compute length of the current cycle: tau, or
                            +inf for the last one (no write) */
    double state_since;
    double jobfail_rate; /* job-level failures per running hour */
    int jobfail_armed;   /* a JOB_FAIL event is pending */
    int dom_hit;         /* lost nodes to the domain failing now */
    double slow_from, slow_until; /* a straggler slows it in this window */
    double slow_cut;     /* 1 - 1/slowdown: share of compute lost then */
    double slow_banked;  /* loss of an earlier window in this cycle, h */
    gsl_rng *r_maint;
    gsl_rng *r_jobfail;  /* job-level failures: times and causes */
};

struct fs_sim {
    const struct fs_scenario *s;
    struct fs_evq q;
    struct fs__timers tq;
    struct fs__clock *clk;    /* [tq.ids], by timer id */
    int32_t *dirty, ndirty;   /* clocks whose group size may have changed */
    struct fs__node *nodes;
    int32_t nnodes;
    struct fs__csim *cl;
    struct fs__jsim *jb;
    int32_t *slot_pool, *hole_pool, *free_pool;
    size_t ndependents;
    FILE *trace;
    const double *grid_h;  /* progress grid (optional) */
    size_t ngrid, next_grid;  /* ngrid is 0 when progress is not kept */
    size_t ngrid_all;         /* grid times, for the capacity grid */
    float *grid_out;
    fs_traj_fn *rec;       /* trajectory recorder (optional) */
    void *rec_ctx;
    uint64_t events, queue_counter;
    double now, horizon_h;
    size_t jobs_left;
    struct fs_job_result *res;
    struct fs_cluster_result *cres;
    int fire_out;                     /* the node failing now is out for
                                         repair: a thinned idle clock fired */
    gsl_rng *r_fire;                  /* the superposed clock firing now, whose
                                         generator draws its node's outcome and
                                         repair; NULL otherwise */
    gsl_rng *r_node;                  /* per-node draws (GSL's taus2): loaded
                                         from and saved to a node's stream
                                         around each draw */
    uint64_t rep_key;                 /* stream key of the replicate */
    unsigned char *rs_state;          /* [node] its streams' generator states,
                                         FS__RS_STRIDE bytes each */
    size_t rs_size;                   /* bytes of one state (taus2: 24) */
    int rs_streams;                   /* FS__RS_BASIC, or FS__RS_COUNT when a
                                         cluster uses groups or stragglers */
    gsl_rng *r_procure;               /* orders: lead times, approvals, seizures */
    struct fs_procure_work pw;
    struct fs_order_result *orders;   /* [norders] */
    struct fs_delivery *deliveries;   /* [max deliveries] */
    size_t ndeliveries;
    float *capacity_out;              /* GPUs in service per cluster on the grid */
    int replan;                       /* some job has several candidates */
};

/* ---- small helpers, inline: they sit on the per-event path ------------- */

static inline int fs__push(struct fs_sim *sim, double t, enum fs__ev_kind k, uint32_t gen,
                           int32_t a, int32_t b)
{
    return fs_evq_push(&sim->q, t, (uint32_t)k, gen, a, b);
}

static inline double fs__job_gpus(const struct fs_sim *sim, size_t j)
{
    if (sim->s->jobs[j].ramp_start_share < 1.0) /* the nodes it has grown to */
        return (double)sim->jb[j].nslots *
               sim->s->clusters[sim->jb[j].cluster].gpus_per_node;
    return (double)sim->s->jobs[j].gpus;
}

/* Timer ids (see "timers" above). */
static inline int32_t fs__tm_idle(size_t c)
{
    return (int32_t)c;
}

static inline int32_t fs__tm_phase(const struct fs_sim *sim, size_t j)
{
    return (int32_t)(sim->s->nclusters + 2 * j);
}

static inline int32_t fs__tm_held(const struct fs_sim *sim, size_t j)
{
    return (int32_t)(sim->s->nclusters + 2 * j + 1);
}

/* The next sequence number of the event queue: timers share its counter,
 * so the run loop merges both by (t, seq). */
static inline uint64_t fs__seq(struct fs_sim *sim)
{
    uint64_t seq;
    if (fs_evq_take_seq(&sim->q, &seq) != FS_OK)
        FS_BUG("more than 2^32 events in one replicate");
    return seq;
}

/* A superposed clock's group may have changed size: settled (rescaled or
 * drawn) once the current event is handled, fs__clocks_settle. */
static inline void fs__clock_touch(struct fs_sim *sim, int32_t id)
{
    struct fs__clock *k = &sim->clk[id];
    if (k->rate > 0.0 && !k->dirty) {
        k->dirty = 1;
        sim->dirty[sim->ndirty++] = id;
    }
}

static inline void fs__free_push(struct fs_sim *sim, int32_t n)
{
    struct fs__csim *c = &sim->cl[sim->nodes[n].cluster];
    fs__clock_touch(sim, fs__tm_idle((size_t)sim->nodes[n].cluster));
    sim->nodes[n].free_pos = c->nfree;
    c->free_stack[c->nfree++] = n;
}

static inline void fs__free_remove(struct fs_sim *sim, int32_t n)
{
    struct fs__csim *c = &sim->cl[sim->nodes[n].cluster];
    fs__clock_touch(sim, fs__tm_idle((size_t)sim->nodes[n].cluster));
    int32_t pos = sim->nodes[n].free_pos, last = c->free_stack[--c->nfree];
    c->free_stack[pos] = last;
    sim->nodes[last].free_pos = pos;
    sim->nodes[n].free_pos = -1;
}

static inline int32_t fs__free_pop(struct fs_sim *sim, size_t c)
{
    struct fs__csim *cs = &sim->cl[c];
    int32_t n = cs->free_stack[--cs->nfree];
    fs__clock_touch(sim, fs__tm_idle(c));
    sim->nodes[n].free_pos = -1;
    return n;
}

/* Compute hours of the current cycle lost to stragglers up to time t: an
 * earlier window's, plus (1 - 1/slowdown) x the overlap of the window with
 * the compute phase [cycle_start, cycle_start + tau] up to t. */
static inline double fs__slow_loss(const struct fs__jsim *js, double t)
{
    double a = js->slow_from > js->cycle_start ? js->slow_from : js->cycle_start;
    double b = t < js->slow_until ? t : js->slow_until;
    if (b > js->cycle_start + js->ctau)
        b = js->cycle_start + js->ctau;
    return js->slow_banked + (b > a ? (b - a) * js->slow_cut : 0.0);
}

/* Share of job j's budget done at sim->now, counting in-flight compute. */
static inline double fs__progress(const struct fs_sim *sim, size_t j)
{
    const struct fs__jsim *js = &sim->jb[j];
    double done = js->saved;
    if (js->state == FS__J_DONE)
        return 1.0;
    if (js->state == FS__J_RUNNING) {
        double e = sim->now - js->cycle_start;
        done += ((e < js->ctau ? e : js->ctau) - fs__slow_loss(js, sim->now)) * js->rate_h;
    }
    return done / sim->s->jobs[j].flop;
}

/* One point of the trajectory, at time t (default sim->now). */
static inline void fs__record_at(struct fs_sim *sim, size_t j, double t, double share)
{
    if (sim->rec != NULL)
        sim->rec(sim->rec_ctx, j, t, share);
}

static inline void fs__record(struct fs_sim *sim, size_t j)
{
    if (sim->rec != NULL)
        sim->rec(sim->rec_ctx, j, sim->now, fs__progress(sim, j));
}

/*
 * Draws through a node's stream: fs__node_rng loads stream k of node n into
 * sim->r_node and returns it; fs__node_rng_save stores the state back. Use
 * the generator only between the two calls.
 */
/* SplitMix64's finaliser (Steele, Lea and Flood 2014): hashes a 64-bit key
 * into a seed; the streams' keys (replicate.c, domains.c) go through it. */
static inline uint64_t fs__mix64(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* Bytes of a taus2 state (three unsigned longs on LP64; fs_sim_new checks
 * gsl_rng_size): a constant, so the copies below are inlined. */
#define FS__RS_SIZE (3 * sizeof(unsigned long))

/*
 * A node's streams are kept in 64 bytes of fs_sim.rs_state, one cache line
 * (the array is 64-byte aligned): each stream's taus2 state as three 32-bit
 * words, 12 bytes, up to FS__RS_COUNT = 5 of them. taus2 keeps its three
 * words below 2^32 (GSL masks every step and the seeding with 0xffffffff),
 * so the narrowing loses nothing and the draws are GSL's own; a draw then
 * misses one line for the node's streams, not two of its 72-120 bytes.
 */
#define FS__RS_STRIDE 64
_Static_assert(FS__RS_COUNT * 3 * sizeof(uint32_t) <= FS__RS_STRIDE, "a node's streams in a line");

static inline uint32_t *fs__node_rs(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    return (uint32_t *)(void *)(sim->rs_state + (size_t)n * FS__RS_STRIDE) + 3 * (size_t)k;
}

void fs__node_stream_seed(struct fs_sim *sim, int32_t n, enum fs__node_stream k);

/* A stream is seeded on its first draw (replicate.c): with superposed
 * clocks most idle nodes never draw, and most nodes never draw some. */
static inline gsl_rng *fs__node_rng(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    if (!(sim->nodes[n].seeded & (1 << k))) {
        fs__node_stream_seed(sim, n, k);
    } else {
        const uint32_t *w = fs__node_rs(sim, n, k);
        unsigned long *st = (unsigned long *)sim->r_node->state;
        st[0] = w[0];
        st[1] = w[1];
        st[2] = w[2];
    }
    return sim->r_node;
}

static inline void fs__node_rng_save(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    uint32_t *w = fs__node_rs(sim, n, k);
    const unsigned long *st = (const unsigned long *)sim->r_node->state;
    w[0] = (uint32_t)st[0];
    w[1] = (uint32_t)st[1];
    w[2] = (uint32_t)st[2];
}

void fs__trace_event(struct fs_sim *sim, enum fs__ev_kind k, int32_t job, int32_t node,
                     const char *extra);

/* One trace line for event k, when a trace is being written. */
static inline void fs__trace(struct fs_sim *sim, enum fs__ev_kind k, int32_t job, int32_t node,
                             const char *extra)
{
    if (sim->trace != NULL)
        fs__trace_event(sim, k, job, node, extra);
}

/* timers.c */
int fs__timers_init(struct fs__timers *tq, int32_t ids);
void fs__timers_release(struct fs__timers *tq);
void fs__timers_clear(struct fs__timers *tq);
void fs__timer_set(struct fs_sim *sim, int32_t id, double t, enum fs__ev_kind k, uint32_t gen,
                   int32_t a);
void fs__timer_cancel(struct fs__timers *tq, int32_t id);
const struct fs__timer *fs__timers_top(const struct fs__timers *tq);
void fs__timers_pop(struct fs__timers *tq, struct fs_event *out);

/* Job j's phase timer: the end of its current state (kind k). */
static inline void fs__phase_set(struct fs_sim *sim, size_t j, double t, enum fs__ev_kind k)
{
    fs__timer_set(sim, fs__tm_phase(sim, j), t, k, sim->jb[j].gen, (int32_t)j);
}

/* Job j leaves its state early: its pending phase event is dropped. */
static inline void fs__phase_drop(struct fs_sim *sim, size_t j)
{
    sim->jb[j].gen++;
    fs__timer_cancel(&sim->tq, fs__tm_phase(sim, j));
}

/* jobs.c: the job life cycle */
void fs__advance(struct fs_sim *sim, size_t j);
int fs__ckpt_due(struct fs_sim *sim, size_t j);
int fs__job_finish(struct fs_sim *sim, size_t j);
void fs__accrue(struct fs_sim *sim, size_t c);
int fs__schedule_cycle(struct fs_sim *sim, size_t j);
int fs__begin_running(struct fs_sim *sim, size_t j);
int fs__begin_restart(struct fs_sim *sim, size_t j);
void fs__close_state(struct fs_sim *sim, size_t j, int keep);
void fs__fill_slots(struct fs_sim *sim, size_t j);
int fs__try_schedule(struct fs_sim *sim, size_t c);
void fs__check_hardware(struct fs_sim *sim, size_t j);
int fs__enqueue(struct fs_sim *sim, size_t j);
int fs__finish_job(struct fs_sim *sim, size_t j);
int fs__interrupt(struct fs_sim *sim, size_t j, int32_t n, enum fs_cause cause, double detect_h);
int fs__resume(struct fs_sim *sim, size_t j);
int fs__regrow(struct fs_sim *sim, size_t j);
void fs__ramp_account(struct fs_sim *sim, size_t j);

/* Compute of h GPU-hours at the job's width: useful, and the share of
 * nodes it is short of idle (exact for width 1). */
static inline void fs__count_compute(struct fs_job_result *r, double h, double width)
{
    r->gpu_h_useful += h * width;
    r->gpu_h_idle += h * (1.0 - width);
}

/* placement.c: where a job with candidate clusters runs */
void fs__place_job(struct fs_sim *sim, size_t j, int k);
int fs__place_new(struct fs_sim *sim, size_t j);
int fs__replan(struct fs_sim *sim);
int fs__order_lost(const struct fs_order_result *o);

/* domains.c: failure domains */
void fs__domains_reset(struct fs_sim *sim, size_t c);
int fs__domains_start(struct fs_sim *sim, size_t c);
int fs__domain_fail(struct fs_sim *sim, size_t c, int32_t d);
int fs__domain_repaired(struct fs_sim *sim, size_t c, int32_t d);
int fs__node_arm(struct fs_sim *sim, int32_t n);
int fs__clock_fire(struct fs_sim *sim, int32_t id);
void fs__clocks_settle(struct fs_sim *sim);
void fs__clocks_close(struct fs_sim *sim);
double fs__finish_time(const struct fs__jsim *js, double rem);
int fs__node_out(struct fs_sim *sim, int32_t n);

/* stragglers.c: slow nodes */
int fs__straggler_arm(struct fs_sim *sim, int32_t n);
int fs__straggler(struct fs_sim *sim, int32_t n);
int fs__straggler_out(struct fs_sim *sim, int32_t n, int32_t j, uint32_t gen);
void fs__lose_node(struct fs_sim *sim, size_t j, int32_t n);

/* events.c: the event handlers */
int fs__dispatch(struct fs_sim *sim, const struct fs_event *ev);
void fs__horizon(struct fs_sim *sim);
void fs__sample_grid(struct fs_sim *sim, size_t k);

#endif
