/*
 * replicate.c - one replicate of the fleet: jobs queue for nodes, run,
 * checkpoint, fail, restart and finish, while nodes fail and get repaired.
 *
 * The model (docs/model.md, "Simulation"):
 *  - Every node of a cluster that has jobs carries its own failure clock
 *    (exponential or Weibull time to failure, renewed after each failure or
 *    repair). A failure either takes the node out for repair (probability
 *    node_out_fraction) or only restarts the job on it.
 *  - A job holds a fixed set of node slots. While running it alternates
 *    tau hours of compute and delta hours of checkpoint write; a completed
 *    write saves the tau hours. An interruption rolls back to the last saved
 *    point, replaces a lost node from the cluster's idle healthy nodes (or
 *    waits for one), then restarts for restart_h.
 *  - Planned maintenance stops a running job without losing work (the stop
 *    is announced), idles it maintenance_h, then restarts it.
 *  - Each hour of a job's allocation falls into exactly one bucket: useful,
 *    lost, checkpoint, restart or idle, so allocated GPU-hours are conserved.
 *
 * Workload: a few to a few hundred jobs; up to ~10^4-10^5 nodes, each with
 * one pending failure event. Costs grow with events, never with GPUs x time.
 * Nothing is allocated in fs_sim_run: all state is sized in fs_sim_new.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/cost.h"
#include "fleetsim/evq.h"
#include "fleetsim/failure.h"
#include "fleetsim/compute.h"
#include "fleetsim/procure.h"
#include "fleetsim/replicate.h"
#include "internal.h"

/* Event kinds; delivery and rule_change are hooks for procurement and
 * export controls. XX(ID, name) */
#define EVENT_MAP(XX)                                                         \
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
    XX(HORIZON, "horizon")

enum ev_kind {
#define XX(id, name) EV_##id,
    EVENT_MAP(XX)
#undef XX
};

static const char *const ev_names[] = {
#define XX(id, name) name,
    EVENT_MAP(XX)
#undef XX
};

enum node_state { NODE_OFFLINE, NODE_UP, NODE_DOWN };

struct node {
    int32_t cluster;
    int32_t job;      /* holding job, or -1 */
    int32_t slot;     /* index in the job's slots */
    int32_t free_pos; /* index in the cluster's free stack, or -1 */
    uint32_t gen;     /* failure-clock generation */
    int32_t state;
};

struct csim {
    int active;          /* has jobs: its nodes are simulated */
    int online, retired;
    int32_t first, nnodes; /* node range: room for every GPU ordered */
    int32_t nactive;     /* nodes delivered and in service */
    double gpus_owned;   /* GPUs delivered so far, spares included */
    int32_t *free_stack; /* idle healthy nodes */
    int32_t nfree;
    double held_gpus;    /* GPUs held by jobs */
    double last_t;       /* idle capacity accrued up to here */
    gsl_rng *r_fail, *r_repair, *r_coin;
    gsl_ran_discrete_t *causes; /* Walker table of failure causes, or NULL */
};

enum job_state { J_PENDING, J_QUEUED, J_RUNNING, J_RESTARTING, J_WAIT_NODES, J_MAINT, J_DONE };

struct jsim {
    int state;
    uint32_t gen;        /* bumped on every interruption */
    uint32_t maint_gen;  /* planned-maintenance process */
    int32_t nslots, missing;
    int hw_ok;           /* the cluster has had enough nodes since ready */
    int32_t *slots;      /* node of each slot, -1 while empty */
    int32_t *holes;      /* stack of empty slot indices; `missing` deep */
    int deps_left;
    int time_ok;         /* earliest start reached */
    uint64_t queue_seq;
    double rate_h;       /* FLOP per hour while computing */
    double saved;        /* FLOP checkpointed */
    double cycle_start;  /* start of the current compute phase */
    double tau, delta;   /* checkpoint interval and write time, h */
    double state_since;
    gsl_rng *r_maint;
};

struct fs_sim {
    const struct fs_scenario *s;
    struct fs_evq q;
    struct node *nodes;
    int32_t nnodes;
    struct csim *cl;
    struct jsim *jb;
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
    gsl_rng *r_procure;               /* orders: lead times, approvals, seizures */
    struct fs_procure_work pw;
    struct fs_order_result *orders;   /* [norders] */
    struct fs_delivery *deliveries;   /* [max deliveries] */
    size_t ndeliveries;
    float *capacity_out;              /* GPUs in service per cluster on the grid */
};

/* ---- seeds ------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

unsigned long fs_stream_seed(uint64_t seed, uint64_t rep, uint64_t stream)
{
    uint64_t x = splitmix64(seed);
    x = splitmix64(x ^ splitmix64(rep + 0x632BE59BD9B4E019ull));
    x = splitmix64(x ^ splitmix64(stream + 0x8CB92BA72F3D8DD7ull));
    /* mt19937 uses 32 bits of its seed; 0 would select GSL's default. */
    x &= 0xFFFFFFFFull;
    return (unsigned long)(x ? x : 1);
}

#define STREAM_CLUSTER(c, k) ((uint64_t)(c) * 16u + (k))
#define STREAM_JOB(j) ((uint64_t)1 << 32 | (uint64_t)(j))
#define STREAM_PROCURE ((uint64_t)1 << 33)

/* ---- set-up ------------------------------------------------------------ */

struct fs_sim *fs_sim_new(const struct fs_scenario *s)
{
    struct fs_sim *sim = calloc(1, sizeof(*sim));
    size_t nslots = 0, nfree = 0;
    int32_t n = 0;

    if (sim == NULL)
        return NULL;
    sim->s = s;
    sim->horizon_h = fs_horizon_h(s);
    sim->cl = calloc(s->nclusters, sizeof(*sim->cl));
    sim->jb = calloc(s->njobs ? s->njobs : 1, sizeof(*sim->jb));
    if (sim->cl == NULL || sim->jb == NULL)
        goto fail;
    for (size_t j = 0; j < s->njobs; j++)
        sim->cl[s->jobs[j].cluster].active = 1;
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        struct csim *cs = &sim->cl[c];
        if (!cs->active)
            continue;
        cs->first = n;
        cs->nnodes = cl->max_gpus / cl->gpus_per_node + cl->spare_nodes;
        n += cs->nnodes;
        nfree += (size_t)cs->nnodes;
        cs->r_fail = gsl_rng_alloc(gsl_rng_mt19937);
        cs->r_repair = gsl_rng_alloc(gsl_rng_mt19937);
        cs->r_coin = gsl_rng_alloc(gsl_rng_mt19937);
        if (!cs->r_fail || !cs->r_repair || !cs->r_coin)
            goto fail;
        if (cl->fail.ncauses > 0) {
            double w[FS_MAX_CAUSES];
            for (size_t k = 0; k < cl->fail.ncauses; k++)
                w[k] = cl->fail.causes[k].weight;
            if ((cs->causes = gsl_ran_discrete_preproc(cl->fail.ncauses, w)) == NULL)
                goto fail;
        }
    }
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        sim->jb[j].nslots = job->gpus / s->clusters[job->cluster].gpus_per_node;
        nslots += (size_t)sim->jb[j].nslots;
        sim->jb[j].r_maint = gsl_rng_alloc(gsl_rng_mt19937);
        if (sim->jb[j].r_maint == NULL)
            goto fail;
    }
    sim->nnodes = n;
    sim->nodes = calloc(n ? (size_t)n : 1, sizeof(*sim->nodes));
    sim->slot_pool = calloc(nslots ? nslots : 1, sizeof(int32_t));
    sim->hole_pool = calloc(nslots ? nslots : 1, sizeof(int32_t));
    sim->free_pool = calloc(nfree ? nfree : 1, sizeof(int32_t));
    if (!sim->nodes || !sim->slot_pool || !sim->hole_pool || !sim->free_pool)
        goto fail;
    nslots = nfree = 0;
    for (size_t j = 0; j < s->njobs; j++) {
        sim->jb[j].slots = sim->slot_pool + nslots;
        sim->jb[j].holes = sim->hole_pool + nslots;
        nslots += (size_t)sim->jb[j].nslots;
    }
    for (size_t c = 0; c < s->nclusters; c++) {
        if (!sim->cl[c].active)
            continue;
        sim->cl[c].free_stack = sim->free_pool + nfree;
        nfree += (size_t)sim->cl[c].nnodes;
        for (int32_t i = 0; i < sim->cl[c].nnodes; i++)
            sim->nodes[sim->cl[c].first + i].cluster = (int32_t)c;
    }
    sim->r_procure = gsl_rng_alloc(gsl_rng_mt19937);
    sim->orders = calloc(s->norders + 1, sizeof(*sim->orders));
    sim->deliveries = calloc(fs_procure_max_deliveries(s) + 1, sizeof(*sim->deliveries));
    if (!sim->r_procure || !sim->orders || !sim->deliveries || fs_procure_work_init(&sim->pw, s))
        goto fail;
    /* Peak pending events: one failure clock per node, a few per job and
     * cluster, every delivery; sized so the run loop never grows the queue. */
    if (fs_evq_init(&sim->q, (size_t)n + 4 * s->njobs + 2 * s->nclusters + 16 +
                                 fs_procure_max_deliveries(s)) != FS_OK)
        goto fail;
    return sim;
fail:
    fs_sim_free(sim);
    return NULL;
}

void fs_sim_free(struct fs_sim *sim)
{
    if (sim == NULL)
        return;
    if (sim->cl != NULL)
        for (size_t c = 0; c < sim->s->nclusters; c++) {
            gsl_rng_free(sim->cl[c].r_fail);
            gsl_rng_free(sim->cl[c].r_repair);
            gsl_rng_free(sim->cl[c].r_coin);
            if (sim->cl[c].causes != NULL)
                gsl_ran_discrete_free(sim->cl[c].causes);
        }
    if (sim->jb != NULL)
        for (size_t j = 0; j < sim->s->njobs; j++)
            gsl_rng_free(sim->jb[j].r_maint);
    fs_evq_release(&sim->q);
    gsl_rng_free(sim->r_procure);
    fs_procure_work_release(&sim->pw);
    free(sim->orders);
    free(sim->deliveries);
    free(sim->nodes);
    free(sim->slot_pool);
    free(sim->hole_pool);
    free(sim->free_pool);
    free(sim->cl);
    free(sim->jb);
    free(sim);
}

void fs_sim_set_trace(struct fs_sim *sim, FILE *trace)
{
    sim->trace = trace;
}

void fs_sim_set_grid(struct fs_sim *sim, const double *grid_h, size_t n, float *out)
{
    sim->grid_h = grid_h;
    sim->ngrid_all = n;
    sim->ngrid = out ? n : 0;
    sim->grid_out = out;
}

void fs_sim_set_recorder(struct fs_sim *sim, fs_traj_fn *fn, void *ctx)
{
    sim->rec = fn;
    sim->rec_ctx = ctx;
}

void fs_sim_set_capacity(struct fs_sim *sim, float *out)
{
    sim->capacity_out = out;
}

const struct fs_order_result *fs_sim_orders(const struct fs_sim *sim)
{
    return sim->orders;
}

uint64_t fs_sim_events(const struct fs_sim *sim)
{
    return sim->events;
}

/* ---- trace ------------------------------------------------------------- */

static void trace(struct fs_sim *sim, enum ev_kind k, int32_t job, int32_t node,
                  const char *extra)
{
    char date[16];
    const struct fs_scenario *s = sim->s;
    if (sim->trace == NULL)
        return;
    fs_date_format(fs_h_date(s, sim->now), date, sizeof(date));
    /* Names padded for alignment only when something follows them. */
    fprintf(sim->trace, "[t=%14.6f h] %s %-*s", sim->now, date,
            job >= 0 || node >= 0 || (extra && extra[0]) ? 18 : 0, ev_names[k]);
    if (job >= 0)
        fprintf(sim->trace, " job=%s", s->jobs[job].name);
    if (node >= 0) {
        const struct node *nd = &sim->nodes[node];
        fprintf(sim->trace, " cluster=%s node=%d", s->clusters[nd->cluster].name,
                node - sim->cl[nd->cluster].first);
    }
    if (extra != NULL && extra[0])
        fprintf(sim->trace, " %s", extra);
    fputc('\n', sim->trace);
}

/* ---- helpers ----------------------------------------------------------- */

static int push(struct fs_sim *sim, double t, enum ev_kind k, uint32_t gen,
                int32_t a, int32_t b)
{
    return fs_evq_push(&sim->q, t, (uint32_t)k, gen, a, b);
}

static double job_gpus(const struct fs_sim *sim, size_t j)
{
    return (double)sim->s->jobs[j].gpus;
}

static void free_push(struct fs_sim *sim, int32_t n)
{
    struct csim *c = &sim->cl[sim->nodes[n].cluster];
    sim->nodes[n].free_pos = c->nfree;
    c->free_stack[c->nfree++] = n;
}

static void free_remove(struct fs_sim *sim, int32_t n)
{
    struct csim *c = &sim->cl[sim->nodes[n].cluster];
    int32_t pos = sim->nodes[n].free_pos, last = c->free_stack[--c->nfree];
    c->free_stack[pos] = last;
    sim->nodes[last].free_pos = pos;
    sim->nodes[n].free_pos = -1;
}

static int32_t free_pop(struct fs_sim *sim, size_t c)
{
    struct csim *cs = &sim->cl[c];
    int32_t n = cs->free_stack[--cs->nfree];
    sim->nodes[n].free_pos = -1;
    return n;
}

/* The cluster's capex over [t0, t1]: its initial GPUs and every batch
 * delivered by t0 (accruals happen at each delivery, so none lands inside). */
static double capex_flow(const struct fs_sim *sim, size_t c, double t0, double t1)
{
    const struct fs_scenario *s = sim->s;
    const struct fs_cluster *cl = &s->clusters[c];
    double usd = fs_cost_capex_usd(s, cl, t0, t1, fs_cluster_initial_gpus(cl));
    for (size_t d = 0; d < sim->ndeliveries; d++) {
        const struct fs_delivery *dv = &sim->deliveries[d];
        if (dv->cluster == c && dv->t_h <= t0)
            usd += fs_cost_batch_capex(s, cl, dv->gpus, dv->unit_price_usd, dv->t_h, t0, t1);
    }
    return usd;
}

/*
 * Capex while jobs hold the cluster: each holding job pays its share of the
 * cluster's capex (GPUs held / GPUs owned), and the share of the unused
 * GPUs (idle capacity) is split among the holding jobs by GPUs held. Called
 * before every change of held or owned GPUs.
 */
static void accrue(struct fs_sim *sim, size_t c)
{
    struct csim *cs = &sim->cl[c];
    double t0 = cs->last_t, t1 = sim->now, usd, owned = cs->gpus_owned;
    cs->last_t = t1;
    if (!(t1 > t0) || !(cs->held_gpus > 0.0) || !(owned > 0.0))
        return;
    usd = capex_flow(sim, c, t0, t1);
    if (!(usd > 0.0))
        return;
    for (size_t j = 0; j < sim->s->njobs; j++) {
        int st = sim->jb[j].state;
        double g = job_gpus(sim, j);
        if (sim->s->jobs[j].cluster != c || st == J_PENDING || st == J_QUEUED || st == J_DONE)
            continue;
        sim->res[j].capex_share_usd += usd * g / owned;
        sim->res[j].tco_idle_capacity_usd +=
            usd * (owned - cs->held_gpus) / owned * g / cs->held_gpus;
    }
}

/* Share of job j's budget done at sim->now, counting in-flight compute. */
static double progress(const struct fs_sim *sim, size_t j)
{
    const struct jsim *js = &sim->jb[j];
    double done = js->saved;
    if (js->state == J_DONE)
        return 1.0;
    if (js->state == J_RUNNING) {
        double e = sim->now - js->cycle_start;
        done += (e < js->tau ? e : js->tau) * js->rate_h;
    }
    return done / sim->s->jobs[j].flop;
}

/* One point of the trajectory, at time t (default sim->now). */
static void record_at(struct fs_sim *sim, size_t j, double t, double share)
{
    if (sim->rec != NULL)
        sim->rec(sim->rec_ctx, j, t, share);
}

static void record(struct fs_sim *sim, size_t j)
{
    if (sim->rec != NULL)
        sim->rec(sim->rec_ctx, j, sim->now, progress(sim, j));
}

/* Writes every job's progress at grid point k. */
static void sample_grid(struct fs_sim *sim, size_t k)
{
    for (size_t j = 0; j < sim->s->njobs; j++)
        sim->grid_out[j * sim->ngrid + k] = (float)progress(sim, j);
}

/* ---- job life cycle ---------------------------------------------------- */

static int schedule_cycle(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    double remaining = (sim->s->jobs[j].flop - js->saved) / js->rate_h;
    if (remaining <= js->tau)
        return push(sim, js->cycle_start + remaining, EV_JOB_FINISH, js->gen, (int32_t)j, 0);
    return push(sim, js->cycle_start + js->tau + js->delta, EV_CKPT_DONE, js->gen, (int32_t)j, 0);
}

static int begin_running(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    js->state = J_RUNNING;
    js->cycle_start = sim->now;
    js->state_since = sim->now;
    return schedule_cycle(sim, j);
}

static int begin_restart(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    js->state = J_RESTARTING;
    js->state_since = sim->now;
    return push(sim, sim->now + sim->s->jobs[j].restart_h, EV_RESTART_DONE, js->gen,
                (int32_t)j, 0);
}

/*
 * Closes the accounting of the job's current state at sim->now. For a
 * running job, `keep` decides whether the compute since the last checkpoint
 * counts (planned stop, horizon) or is rolled back (failure).
 */
static void close_state(struct fs_sim *sim, size_t j, int keep)
{
    struct jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    double g = job_gpus(sim, j), dt = sim->now - js->state_since;

    switch (js->state) {
    case J_RUNNING: {
        double e = sim->now - js->cycle_start;
        double compute = e < js->tau ? e : js->tau, write = e - compute;
        if (keep) {
            r->gpu_h_useful += compute * g;
            js->saved += compute * js->rate_h;
            r->gpu_h_checkpoint += write * g;
            if (write > 0.0)
                r->checkpoints++; /* the write completes as the job stops */
        } else {
            r->gpu_h_lost += e * g;
        }
        break;
    }
    case J_RESTARTING:
        r->gpu_h_restart += dt * g;
        break;
    case J_WAIT_NODES:
    case J_MAINT:
        r->gpu_h_idle += dt * g;
        break;
    default:
        break;
    }
    js->state_since = sim->now;
}

/* Gives the job idle healthy nodes for its empty slots, O(1) per node. */
static void fill_slots(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    size_t c = sim->s->jobs[j].cluster;
    while (js->missing > 0 && sim->cl[c].nfree > 0) {
        int32_t k = js->holes[--js->missing];
        int32_t n = free_pop(sim, c);
        js->slots[k] = n;
        sim->nodes[n].job = (int32_t)j;
        sim->nodes[n].slot = k;
    }
}

/* Empties slot k of job j (its node failed and went for repair). */
static void open_slot(struct fs_sim *sim, size_t j, int32_t k)
{
    struct jsim *js = &sim->jb[j];
    sim->nodes[js->slots[k]].job = -1;
    js->slots[k] = -1;
    js->holes[js->missing++] = k;
}

static int start_job(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    size_t c = sim->s->jobs[j].cluster;
    const struct fs_failure_cfg *f = &sim->s->clusters[c].fail;

    accrue(sim, c);
    /* Holes popped from the top fill slots 0, 1, 2... in order. */
    for (int32_t k = 0; k < js->nslots; k++) {
        js->slots[k] = -1;
        js->holes[k] = js->nslots - 1 - k;
    }
    js->missing = js->nslots;
    fill_slots(sim, j);
    sim->cl[c].held_gpus += job_gpus(sim, j);
    sim->res[j].started = 1;
    sim->res[j].start_h = sim->now;
    trace(sim, EV_JOB_START, (int32_t)j, -1, NULL);
    record(sim, j);
    if (f->maintenance_per_day > 0.0) {
        double dt = gsl_ran_exponential(js->r_maint, FS_HOURS_PER_DAY / f->maintenance_per_day);
        if (push(sim, sim->now + dt, EV_MAINT, js->maint_gen, (int32_t)j, 0) != FS_OK)
            return FS_ENOMEM;
    }
    return begin_running(sim, j);
}

/* Best queued job of cluster c: priority, then ready time, then FIFO. */
static long next_queued(const struct fs_sim *sim, size_t c)
{
    long best = -1;
    for (size_t j = 0; j < sim->s->njobs; j++) {
        const struct fs_job *jb = &sim->s->jobs[j];
        if (jb->cluster != c || sim->jb[j].state != J_QUEUED)
            continue;
        if (best < 0 || jb->priority > sim->s->jobs[best].priority ||
            (jb->priority == sim->s->jobs[best].priority &&
             sim->jb[j].queue_seq < sim->jb[best].queue_seq))
            best = (long)j;
    }
    return best;
}

/*
 * Hands free nodes out: first to interrupted jobs waiting for replacements,
 * then to queued jobs in order. The queue is strict FIFO within a priority:
 * a job that does not fit blocks the ones behind it.
 */
static int try_schedule(struct fs_sim *sim, size_t c)
{
    struct csim *cs = &sim->cl[c];
    int rc;
    if (!cs->online || cs->retired)
        return FS_OK;
    for (size_t j = 0; j < sim->s->njobs && cs->nfree > 0; j++) {
        if (sim->s->jobs[j].cluster != c || sim->jb[j].state != J_WAIT_NODES)
            continue;
        fill_slots(sim, j);
        if (sim->jb[j].missing == 0) {
            close_state(sim, j, 0);
            if ((rc = begin_restart(sim, j)) != FS_OK)
                return rc;
        }
    }
    for (;;) {
        long j = next_queued(sim, c);
        if (j < 0 || cs->nfree < sim->jb[j].nslots)
            return FS_OK;
        if ((rc = start_job(sim, (size_t)j)) != FS_OK)
            return rc;
    }
}

/*
 * Waiting for hardware: a queued job whose cluster does not yet own enough
 * nodes (delivered, spares included) is waiting for deliveries; from the
 * moment it does, any further wait is for other jobs or repairs.
 */
static void check_hardware(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    const struct csim *cs = &sim->cl[sim->s->jobs[j].cluster];
    if (js->hw_ok || js->state != J_QUEUED)
        return;
    if (cs->online && cs->nactive >= js->nslots) {
        js->hw_ok = 1;
        sim->res[j].wait_hardware_h = sim->now - sim->res[j].ready_h;
    }
}

static int enqueue(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    js->state = J_QUEUED;
    js->queue_seq = sim->queue_counter++;
    sim->res[j].ready_h = sim->now;
    check_hardware(sim, j);
    trace(sim, EV_JOB_READY, (int32_t)j, -1, NULL);
    return try_schedule(sim, sim->s->jobs[j].cluster);
}

static int finish_job(struct fs_sim *sim, size_t j)
{
    const struct fs_scenario *s = sim->s;
    struct jsim *js = &sim->jb[j];
    size_t c = s->jobs[j].cluster;
    int rc;

    accrue(sim, c);
    js->state = J_DONE;
    js->saved = s->jobs[j].flop;
    sim->res[j].finished = 1;
    sim->res[j].end_h = sim->now;
    sim->cl[c].held_gpus -= job_gpus(sim, j);
    for (int32_t k = 0; k < js->nslots; k++) {
        int32_t n = js->slots[k];
        if (n < 0)
            continue;
        sim->nodes[n].job = -1;
        free_push(sim, n);
    }
    trace(sim, EV_JOB_FINISH, (int32_t)j, -1, NULL);
    record(sim, j);
    sim->jobs_left--;
    if ((rc = try_schedule(sim, c)) != FS_OK)
        return rc;
    for (size_t d = 0; d < s->njobs; d++) {
        for (size_t k = 0; k < s->jobs[d].ndeps; k++) {
            if (s->jobs[d].deps[k] != j)
                continue;
            if (--sim->jb[d].deps_left == 0 && sim->jb[d].time_ok &&
                (rc = enqueue(sim, d)) != FS_OK)
                return rc;
        }
    }
    return FS_OK;
}

/* A node of job j failed (node index n), or maintenance stopped it. */
static int interrupt(struct fs_sim *sim, size_t j, int32_t n, enum fs_cause cause)
{
    struct jsim *js = &sim->jb[j];
    sim->res[j].interruptions[cause]++;
    if (cause == FS_CAUSE_NODE_OUT)
        open_slot(sim, j, sim->nodes[n].slot);
    if (js->state == J_MAINT)
        return FS_OK; /* already stopped; the slot is refilled after */
    record(sim, j);
    close_state(sim, j, 0);
    js->gen++;
    fill_slots(sim, j);
    js->state = js->missing > 0 ? J_WAIT_NODES : J_RESTARTING;
    record(sim, j); /* rolled back to the last checkpoint */
    if (js->missing > 0)
        return FS_OK;
    return begin_restart(sim, j);
}

/* ---- event handlers ---------------------------------------------------- */

static int node_fail(struct fs_sim *sim, int32_t n)
{
    struct node *nd = &sim->nodes[n];
    struct csim *cs = &sim->cl[nd->cluster];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    int out, rc;

    sim->cres[nd->cluster].node_failures++;
    if (cs->causes != NULL) {
        size_t k = gsl_ran_discrete(cs->r_coin, cs->causes);
        out = f->causes[k].node_out;
        sim->cres[nd->cluster].by_cause[k]++;
        if (nd->job >= 0)
            sim->res[nd->job].by_cause[k]++;
    } else {
        out = f->node_out_fraction >= 1.0 ? 1
              : f->node_out_fraction <= 0.0 ? 0
                                            : gsl_rng_uniform(cs->r_coin) < f->node_out_fraction;
    }
    trace(sim, EV_NODE_FAIL, nd->job, n, out ? "outcome=repair" : "outcome=restart");
    if (out) {
        sim->cres[nd->cluster].repairs++;
        nd->state = NODE_DOWN;
        if (nd->free_pos >= 0)
            free_remove(sim, n);
        rc = push(sim, sim->now + fs_dist_draw(&f->repair_h, cs->r_repair), EV_NODE_REPAIRED,
                  0, n, 0);
    } else {
        rc = push(sim, sim->now + fs_dist_draw(&f->ttf_h, cs->r_fail), EV_NODE_FAIL, ++nd->gen,
                  n, 0);
    }
    if (rc != FS_OK)
        return rc;
    if (nd->job >= 0)
        return interrupt(sim, (size_t)nd->job, n, out ? FS_CAUSE_NODE_OUT : FS_CAUSE_RESTART);
    return FS_OK;
}

static int node_repaired(struct fs_sim *sim, int32_t n)
{
    struct node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    int rc;
    trace(sim, EV_NODE_REPAIRED, -1, n, NULL);
    nd->state = NODE_UP;
    free_push(sim, n);
    rc = push(sim, sim->now + fs_dist_draw(&f->ttf_h, sim->cl[nd->cluster].r_fail), EV_NODE_FAIL,
              ++nd->gen, n, 0);
    return rc != FS_OK ? rc : try_schedule(sim, (size_t)nd->cluster);
}

/* Brings delivered nodes into service, each with a fresh failure clock. */
static int activate_nodes(struct fs_sim *sim, size_t c)
{
    struct csim *cs = &sim->cl[c];
    const struct fs_cluster *cl = &sim->s->clusters[c];
    const struct fs_failure_cfg *f = &cl->fail;
    int32_t want = (int32_t)(cs->gpus_owned / cl->gpus_per_node);
    if (want > cs->nnodes)
        want = cs->nnodes;
    for (; cs->nactive < want; cs->nactive++) {
        int32_t n = cs->first + cs->nactive;
        double ttf = fs_dist_draw(&f->ttf_h, cs->r_fail);
        sim->nodes[n].state = NODE_UP;
        free_push(sim, n);
        if (isfinite(ttf) && push(sim, sim->now + ttf, EV_NODE_FAIL, sim->nodes[n].gen, n, 0) != FS_OK)
            return FS_ENOMEM;
    }
    for (size_t j = 0; j < sim->s->njobs; j++)
        if (sim->s->jobs[j].cluster == c)
            check_hardware(sim, j);
    return try_schedule(sim, c);
}

static int cluster_online(struct fs_sim *sim, size_t c)
{
    struct csim *cs = &sim->cl[c];
    cs->online = 1;
    cs->last_t = sim->now;
    if (sim->trace) {
        char extra[128];
        snprintf(extra, sizeof(extra), "cluster=%s nodes=%d", sim->s->clusters[c].name,
                 (int)(cs->gpus_owned / sim->s->clusters[c].gpus_per_node));
        trace(sim, EV_CLUSTER_ONLINE, -1, -1, extra);
    }
    return activate_nodes(sim, c);
}

/* GPUs of an order reach a cluster. */
static int delivery(struct fs_sim *sim, size_t d)
{
    const struct fs_delivery *dv = &sim->deliveries[d];
    struct csim *cs = &sim->cl[dv->cluster];
    accrue(sim, dv->cluster);
    cs->gpus_owned += dv->gpus;
    if (sim->trace) {
        char extra[160];
        snprintf(extra, sizeof(extra), "cluster=%s order=%s gpus=%.0f",
                 sim->s->clusters[dv->cluster].name, sim->s->orders[dv->order].name, dv->gpus);
        trace(sim, EV_DELIVERY, -1, -1, extra);
    }
    return cs->online ? activate_nodes(sim, dv->cluster) : FS_OK;
}

static int ckpt_done(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    double g = job_gpus(sim, j);
    record_at(sim, j, sim->now - js->delta, (js->saved + js->tau * js->rate_h) / sim->s->jobs[j].flop);
    r->gpu_h_useful += js->tau * g;
    r->gpu_h_checkpoint += js->delta * g;
    r->checkpoints++;
    js->saved += js->tau * js->rate_h;
    js->cycle_start = sim->now;
    js->state_since = sim->now;
    trace(sim, EV_CKPT_DONE, (int32_t)j, -1, NULL);
    return schedule_cycle(sim, j);
}

static int job_finish(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    sim->res[j].gpu_h_useful += (sim->now - js->cycle_start) * job_gpus(sim, j);
    return finish_job(sim, j);
}

static int maintenance(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->s->jobs[j].cluster].fail;
    double dt = gsl_ran_exponential(js->r_maint, FS_HOURS_PER_DAY / f->maintenance_per_day);
    int rc = push(sim, sim->now + dt, EV_MAINT, js->maint_gen, (int32_t)j, 0);
    if (rc != FS_OK || js->state != J_RUNNING)
        return rc; /* a job not running at that moment is not disturbed */
    trace(sim, EV_MAINT, (int32_t)j, -1, NULL);
    sim->res[j].interruptions[FS_CAUSE_PLANNED]++;
    record(sim, j);
    close_state(sim, j, 1);
    js->gen++;
    js->state = J_MAINT;
    js->state_since = sim->now;
    return push(sim, sim->now + f->maintenance_h, EV_MAINT_DONE, js->gen, (int32_t)j, 0);
}

static int maintenance_done(struct fs_sim *sim, size_t j)
{
    struct jsim *js = &sim->jb[j];
    trace(sim, EV_MAINT_DONE, (int32_t)j, -1, NULL);
    close_state(sim, j, 0);
    fill_slots(sim, j);
    if (js->missing > 0) {
        js->state = J_WAIT_NODES;
        return FS_OK;
    }
    return begin_restart(sim, j);
}

/* Closes every job at the horizon; unfinished work in progress counts. */
static void horizon(struct fs_sim *sim)
{
    trace(sim, EV_HORIZON, -1, -1, NULL);
    for (size_t j = 0; j < sim->s->njobs; j++) {
        struct jsim *js = &sim->jb[j];
        if (js->state == J_DONE || js->state == J_PENDING || js->state == J_QUEUED)
            continue;
        accrue(sim, sim->s->jobs[j].cluster);
        record(sim, j);
        close_state(sim, j, 1);
        sim->res[j].end_h = sim->now;
    }
}

/* ---- the run ----------------------------------------------------------- */

static void reset(struct fs_sim *sim, uint64_t rep)
{
    const struct fs_scenario *s = sim->s;
    fs_evq_clear(&sim->q);
    sim->events = 0;
    sim->queue_counter = 0;
    sim->now = 0.0;
    sim->jobs_left = s->njobs;
    for (int32_t n = 0; n < sim->nnodes; n++) {
        int32_t c = sim->nodes[n].cluster;
        sim->nodes[n] = (struct node){c, -1, -1, -1, 0, NODE_OFFLINE};
    }
    gsl_rng_set(sim->r_procure, fs_stream_seed(s->seed, rep, STREAM_PROCURE));
    sim->ndeliveries = fs_procure(s, sim->r_procure, &sim->pw, sim->orders, sim->deliveries);
    for (size_t c = 0; c < s->nclusters; c++) {
        struct csim *cs = &sim->cl[c];
        cs->online = 0;
        cs->retired = 0;
        cs->nactive = 0;
        cs->gpus_owned = fs_cluster_initial_gpus(&s->clusters[c]);
        cs->nfree = 0;
        cs->held_gpus = 0.0;
        cs->last_t = 0.0;
        if (!cs->active)
            continue;
        gsl_rng_set(cs->r_fail, fs_stream_seed(s->seed, rep, STREAM_CLUSTER(c, 0)));
        gsl_rng_set(cs->r_repair, fs_stream_seed(s->seed, rep, STREAM_CLUSTER(c, 1)));
        gsl_rng_set(cs->r_coin, fs_stream_seed(s->seed, rep, STREAM_CLUSTER(c, 2)));
    }
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        struct jsim *js = &sim->jb[j];
        struct fs_job_result *r = &sim->res[j];
        int32_t nslots = js->nslots;
        int32_t *slots = js->slots, *holes = js->holes;
        gsl_rng *rm = js->r_maint;
        memset(js, 0, sizeof(*js));
        js->nslots = nslots;
        js->slots = slots;
        js->holes = holes;
        js->r_maint = rm;
        gsl_rng_set(js->r_maint, fs_stream_seed(s->seed, rep, STREAM_JOB(j)));
        js->state = J_PENDING;
        js->deps_left = (int)job->ndeps;
        js->rate_h = fs_job_rate_flops(s, job) * 3600.0;
        js->delta = job->checkpoint_write_h;
        js->tau = fs_checkpoint_interval_h(s, job);
        memset(r, 0, sizeof(*r));
        r->start_h = NAN;
        r->ready_h = NAN;
        r->end_h = sim->horizon_h;
        r->checkpoint_interval_h = js->tau;
    }
    for (size_t c = 0; c < s->nclusters; c++)
        memset(&sim->cres[c], 0, sizeof(sim->cres[c]));
}

static int dispatch(struct fs_sim *sim, const struct fs_event *ev)
{
    size_t a = (size_t)ev->a;
    switch ((enum ev_kind)ev->kind) {
    case EV_CLUSTER_ONLINE:
        return cluster_online(sim, a);
    case EV_JOB_READY:
        sim->jb[a].time_ok = 1;
        return sim->jb[a].deps_left == 0 ? enqueue(sim, a) : FS_OK;
    case EV_NODE_FAIL:
        return ev->gen == sim->nodes[a].gen && sim->nodes[a].state == NODE_UP
                   ? node_fail(sim, ev->a) : FS_OK;
    case EV_NODE_REPAIRED:
        return node_repaired(sim, ev->a);
    case EV_CKPT_DONE:
        return ev->gen == sim->jb[a].gen ? ckpt_done(sim, a) : FS_OK;
    case EV_JOB_FINISH:
        return ev->gen == sim->jb[a].gen ? job_finish(sim, a) : FS_OK;
    case EV_RESTART_DONE:
        if (ev->gen != sim->jb[a].gen)
            return FS_OK;
        trace(sim, EV_RESTART_DONE, ev->a, -1, NULL);
        close_state(sim, a, 0);
        record(sim, a);
        return begin_running(sim, a);
    case EV_MAINT:
        return ev->gen == sim->jb[a].maint_gen && sim->jb[a].state != J_DONE
                   ? maintenance(sim, a) : FS_OK;
    case EV_MAINT_DONE:
        return ev->gen == sim->jb[a].gen ? maintenance_done(sim, a) : FS_OK;
    case EV_SAMPLE:
        sample_grid(sim, a);
        sim->next_grid = a + 1;
        return sim->next_grid < sim->ngrid
                   ? push(sim, sim->grid_h[sim->next_grid], EV_SAMPLE, 0, (int32_t)sim->next_grid, 0)
                   : FS_OK;
    case EV_DELIVERY:
        return delivery(sim, a);
    case EV_RETIRE:
        accrue(sim, a);
        sim->cl[a].retired = 1;
        trace(sim, EV_RETIRE, -1, -1, sim->s->clusters[a].name);
        return FS_OK;
    case EV_JOB_START:
    case EV_RULE_CHANGE:
    case EV_HORIZON:
        return FS_OK;
    }
    FS_BUG("unknown event kind %u", ev->kind);
}

int fs_sim_run(struct fs_sim *sim, uint64_t rep, struct fs_job_result *jobs,
               struct fs_cluster_result *clusters)
{
    const struct fs_scenario *s = sim->s;
    struct fs_event ev;
    int rc = FS_OK;

    sim->res = jobs;
    sim->cres = clusters;
    reset(sim, rep);
    for (size_t c = 0; c < s->nclusters && rc == FS_OK; c++) {
        double t = fs_date_h(s, s->clusters[c].online);
        if (sim->cl[c].active)
            rc = push(sim, t > 0.0 ? t : 0.0, EV_CLUSTER_ONLINE, 0, (int32_t)c, 0);
    }
    for (size_t c = 0; c < s->nclusters && rc == FS_OK; c++)
        if (sim->cl[c].active && s->clusters[c].retire != INT32_MAX)
            rc = push(sim, fmax(0.0, fs_date_h(s, s->clusters[c].retire)), EV_RETIRE, 0,
                      (int32_t)c, 0);
    for (size_t d = 0; d < sim->ndeliveries && rc == FS_OK; d++)
        if (sim->cl[sim->deliveries[d].cluster].active)
            rc = push(sim, fmax(0.0, sim->deliveries[d].t_h), EV_DELIVERY, 0, (int32_t)d, 0);
    for (size_t j = 0; j < s->njobs && rc == FS_OK; j++) {
        double t = fs_date_h(s, s->jobs[j].earliest_start);
        rc = push(sim, t > 0.0 ? t : 0.0, EV_JOB_READY, 0, (int32_t)j, 0);
    }
    sim->next_grid = 0;
    if (rc == FS_OK && sim->ngrid > 0)
        rc = push(sim, sim->grid_h[0], EV_SAMPLE, 0, 0, 0);
    while (rc == FS_OK && sim->jobs_left > 0 && fs_evq_pop(&sim->q, &ev)) {
        if (ev.t > sim->horizon_h)
            break;
        sim->now = ev.t;
        /* A last guard: a scenario that needs this many events per
         * replicate is mis-specified (e.g. a checkpoint every few seconds
         * for years), and would otherwise look like a hang. */
        if (++sim->events > FS_MAX_EVENTS)
            return FS_ERANGE;
        rc = dispatch(sim, &ev);
    }
    if (rc != FS_OK)
        return rc;
    if (sim->jobs_left > 0) {
        sim->now = sim->horizon_h;
        horizon(sim);
    }
    /* Grid points after the end: every job keeps its final progress. */
    for (; sim->next_grid < sim->ngrid; sim->next_grid++)
        sample_grid(sim, sim->next_grid);
    for (size_t j = 0; j < s->njobs; j++) {
        jobs[j].progress = sim->jb[j].saved / s->jobs[j].flop;
        /* Never had the hardware: waited for it to the end. */
        if (!sim->jb[j].hw_ok && !isnan(jobs[j].ready_h))
            jobs[j].wait_hardware_h = fmin(sim->now, sim->horizon_h) - jobs[j].ready_h;
    }
    fs_job_costs(s, jobs);
    fs_cluster_costs(s, jobs, sim->deliveries, sim->ndeliveries, clusters);
    if (sim->capacity_out != NULL)
        fs_capacity_grid(s, sim->deliveries, sim->ndeliveries, sim->grid_h, sim->ngrid_all,
                         sim->capacity_out);
    return FS_OK;
}
