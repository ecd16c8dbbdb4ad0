/*
 * replicate.c - one replicate of the fleet: jobs queue for nodes, run,
 * checkpoint, fail, restart and finish, while nodes fail and get repaired.
 *
 * The model (docs/model.md, "Simulation"):
 *  - The nodes of a cluster that has jobs fail: exponential nodes through
 *    one superposed clock per group of identical nodes (the idle ones, the
 *    ones each job holds; events.c), Weibull or lognormal ones and nodes of
 *    node groups through a clock each, drawn at their age. A failure either
 *    takes the node out for repair (probability node_out_fraction) or only
 *    restarts the job on it.
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
 * Workload: a few to a few hundred jobs; up to ~10^5-10^6 nodes. Pending
 * events: the event queue holds a failure clock per node only where clocks
 * are per node, plus repairs, deliveries and samples; the timers (timers.c)
 * hold each job's phase and the superposed clocks, cancelled in place.
 * Costs grow with events, never with GPUs x time. Nothing is allocated in
 * fs_sim_run: all state is sized in fs_sim_new.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/cost.h"
#include "fleetsim/costview.h"
#include "fleetsim/evq.h"
#include "fleetsim/failure.h"
#include "fleetsim/compute.h"
#include "fleetsim/procure.h"
#include "fleetsim/replicate.h"
#include "internal.h"

static const char *const ev_names[] = {
#define XX(id, name) name,
    FS__EVENT_MAP(XX)
#undef XX
};

/* ---- seeds ------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t x)
{
    return fs__mix64(x + 0x9E3779B97F4A7C15ull);
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

#define STREAM_PROCURE ((uint64_t)1 << 33)

/* FNV-1a of a name: the stream key of a cluster or job, so its draws do
 * not depend on its position in the scenario or on the other elements. */
static uint64_t name_key(const char *name)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 0x100000001B3ull;
    return h;
}

/*
 * Seeds stream k of node n into sim->r_node: keyed by replicate, cluster
 * name and the node's index in its cluster only, so a node keeps its draws
 * whatever other nodes or clusters exist. Each stream is a GSL taus2
 * generator (24 bytes of state) seeded from a hash of that key and the
 * stream's salt; taus2 takes 32 bits of its seed, so two of the streams of
 * a very large run can coincide, as for mt19937 (docs/model.md,
 * "Reproducibility"). A stream is seeded on its first draw only (the
 * node's `seeded` bits): most nodes draw failure times and never a repair
 * or an outcome, and a seed depends on nothing drawn before.
 */
void fs__node_stream_seed(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    static const uint64_t salt[FS__RS_COUNT] = {0xD1B54A32D192ED03ull, 0x5BC98388FB8FAC03ull,
                                                0x8CB92BA72F3D8DD7ull, 0x31357AEA2E62A9C5ull,
                                                0xE545F4914F6CDD1Dull};
    const struct fs__csim *cs = &sim->cl[sim->nodes[n].cluster];
    uint64_t base = splitmix64(cs->rep_key ^ (uint64_t)(n - cs->first));
    uint64_t x = splitmix64(base ^ salt[k]);
    gsl_rng_set(sim->r_node, (unsigned long)((x >> 32) ^ (x & 0xFFFFFFFFull)));
    sim->nodes[n].seeded = (int8_t)(sim->nodes[n].seeded | (1 << k));
}

/* ---- set-up ------------------------------------------------------------ */

/* The timers, and a superposed failure clock with its generator for the
 * idle nodes of each pooled cluster and the nodes each of its jobs holds. */
static int alloc_clocks(struct fs_sim *sim)
{
    const struct fs_scenario *s = sim->s;
    int32_t ids = (int32_t)(s->nclusters + 2 * s->njobs);
    if (fs__timers_init(&sim->tq, ids) != FS_OK)
        return FS_ENOMEM;
    sim->clk = calloc((size_t)ids, sizeof(*sim->clk));
    sim->dirty = calloc((size_t)ids, sizeof(*sim->dirty));
    if (sim->clk == NULL || sim->dirty == NULL)
        return FS_ENOMEM;
    for (int32_t id = 0; id < ids; id++) {
        int pooled = 0;
        sim->clk[id].out_share = 1.0;
        if ((size_t)id < s->nclusters) {
            const struct fs_failure_cfg *f = &s->clusters[id].fail;
            pooled = sim->cl[id].active && sim->cl[id].pooled;
            if (pooled)
                sim->clk[id].rate = 1.0 / f->ttf_h.a;
            /* An idle node's failure that only restarts changes nothing
             * but a count where no cause or straggler reads it: the idle
             * clock runs at the node-out share (events.c) */
            if (pooled && f->ncauses == 0 && !(f->straggler_rate_per_h > 0.0) &&
                f->node_out_fraction < 1.0)
                sim->clk[id].out_share = f->node_out_fraction > 0.0 ? f->node_out_fraction : 0.0;
        } else if ((id - (int32_t)s->nclusters) % 2 == 1) {
            /* a job's held nodes: its rate is set where the job is placed
             * (fs__place_job), for any candidate cluster that pools */
            const struct fs_job *job = &s->jobs[((size_t)id - s->nclusters) / 2];
            for (size_t k = 0; k < job->ncand; k++)
                pooled |= sim->cl[job->cand[k].cluster].active &&
                          sim->cl[job->cand[k].cluster].pooled;
        }
        if (pooled && (sim->clk[id].r = gsl_rng_alloc(gsl_rng_taus2)) == NULL)
            return FS_ENOMEM;
    }
    return FS_OK;
}

struct fs_sim *fs_sim_new(const struct fs_scenario *s)
{
    struct fs_sim *sim = calloc(1, sizeof(*sim));
    size_t nslots = 0, nfree = 0, ndom = 0, nstrag = 0;
    int extra = 0;
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
        for (size_t k = 0; k < s->jobs[j].ncand; k++)
            sim->cl[s->jobs[j].cand[k].cluster].active = 1;
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        struct fs__csim *cs = &sim->cl[c];
        if (!cs->active)
            continue;
        cs->first = n;
        cs->nnodes = cl->max_gpus / cl->gpus_per_node + cl->spare_nodes;
        n += cs->nnodes;
        nfree += (size_t)cs->nnodes;
        cs->key = name_key(cl->name);
        extra |= cl->fail.ngroups > 0 || cl->fail.straggler_rate_per_h > 0.0;
        if (cl->fail.straggler_rate_per_h > 0.0)
            nstrag += 2 * (size_t)cs->nnodes; /* onsets and removals */
        if (cl->fail.domain_nodes > 0) {
            cs->ndomains = (cs->nnodes + cl->fail.domain_nodes - 1) / cl->fail.domain_nodes;
            cs->dom_rs = calloc((size_t)cs->ndomains + 1, gsl_rng_taus2->size);
            cs->dom_down = calloc((size_t)cs->ndomains + 1, 1);
            if (cs->dom_rs == NULL || cs->dom_down == NULL)
                goto fail;
            ndom += (size_t)cs->ndomains;
        }
        cs->pooled = cl->fail.ttf_h.kind == FS_DIST_EXPONENTIAL && cl->fail.ngroups == 0 &&
                     cl->fail.ttf_h.a > 0.0 && isfinite(cl->fail.ttf_h.a);
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
        for (size_t k = 0; k < job->ncand; k++) {
            int32_t w = job->gpus / s->clusters[job->cand[k].cluster].gpus_per_node;
            if (w > sim->jb[j].maxslots)
                sim->jb[j].maxslots = w;
        }
        sim->replan |= job->ncand > 1;
        nslots += (size_t)sim->jb[j].maxslots;
        sim->jb[j].r_maint = gsl_rng_alloc(gsl_rng_mt19937);
        sim->jb[j].r_jobfail = gsl_rng_alloc(gsl_rng_mt19937);
        if (sim->jb[j].r_maint == NULL || sim->jb[j].r_jobfail == NULL)
            goto fail;
    }
    if (alloc_clocks(sim) != FS_OK)
        goto fail;
    sim->nnodes = n;
    /* aligned_alloc wants a size that is a multiple of the alignment */
    sim->nodes = aligned_alloc(64, ((n ? (size_t)n : 1) * sizeof(*sim->nodes) + 63) / 64 * 64);
    sim->r_node = gsl_rng_alloc(gsl_rng_taus2);
    if (sim->nodes == NULL || sim->r_node == NULL)
        goto fail;
    sim->rs_size = gsl_rng_size(sim->r_node);
    if (sim->rs_size != FS__RS_SIZE)
        FS_BUG("taus2 state of %zu bytes, expected %zu", sim->rs_size, (size_t)FS__RS_SIZE);
    sim->rs_streams = extra ? FS__RS_COUNT : FS__RS_BASIC;
    sim->rs_state = aligned_alloc(64, ((size_t)n + 1) * FS__RS_STRIDE);
    if (sim->rs_state == NULL)
        goto fail;
    memset(sim->rs_state, 0, ((size_t)n + 1) * FS__RS_STRIDE);
    memset(sim->nodes, 0, (n ? (size_t)n : 1) * sizeof(*sim->nodes));
    sim->slot_pool = calloc(nslots ? nslots : 1, sizeof(int32_t));
    sim->hole_pool = calloc(nslots ? nslots : 1, sizeof(int32_t));
    sim->free_pool = calloc(nfree ? nfree : 1, sizeof(int32_t));
    if (!sim->nodes || !sim->slot_pool || !sim->hole_pool || !sim->free_pool)
        goto fail;
    nslots = nfree = 0;
    for (size_t j = 0; j < s->njobs; j++) {
        sim->jb[j].slots = sim->slot_pool + nslots;
        sim->jb[j].holes = sim->hole_pool + nslots;
        nslots += (size_t)sim->jb[j].maxslots;
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
     * cluster, every delivery (and, with candidates, every order's loss
     * becoming known); sized so the run loop never grows the queue. */
    if (fs_evq_init(&sim->q, (size_t)n + nstrag + ndom + 6 * s->njobs + (2 + FS_MAX_GROUPS) * s->nclusters +
                                 16 + fs_procure_max_deliveries(s) +
                                 (sim->replan ? s->norders : 0)) != FS_OK)
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
            if (sim->cl[c].causes != NULL)
                gsl_ran_discrete_free(sim->cl[c].causes);
            free(sim->cl[c].dom_rs);
            free(sim->cl[c].dom_down);
        }
    if (sim->jb != NULL)
        for (size_t j = 0; j < sim->s->njobs; j++) {
            gsl_rng_free(sim->jb[j].r_maint);
            gsl_rng_free(sim->jb[j].r_jobfail);
        }
    fs_evq_release(&sim->q);
    if (sim->clk != NULL)
        for (int32_t id = 0; id < sim->tq.ids; id++)
            if (sim->clk[id].r != NULL)
                gsl_rng_free(sim->clk[id].r);
    fs__timers_release(&sim->tq);
    free(sim->clk);
    free(sim->dirty);
    gsl_rng_free(sim->r_procure);
    if (sim->r_node != NULL)
        gsl_rng_free(sim->r_node);
    fs_procure_work_release(&sim->pw);
    free(sim->orders);
    free(sim->deliveries);
    free(sim->nodes);
    free(sim->rs_state);
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

void fs__trace_event(struct fs_sim *sim, enum fs__ev_kind k, int32_t job, int32_t node,
                     const char *extra)
{
    char date[16];
    const struct fs_scenario *s = sim->s;
    fs_date_format(fs_h_date(s, sim->now), date, sizeof(date));
    /* Names padded for alignment only when something follows them. */
    fprintf(sim->trace, "[t=%14.6f h] %s %-*s", sim->now, date,
            job >= 0 || node >= 0 || (extra && extra[0]) ? 18 : 0, ev_names[k]);
    if (job >= 0)
        fprintf(sim->trace, " job=%s", s->jobs[job].name);
    if (node >= 0) {
        const struct fs__node *nd = &sim->nodes[node];
        fprintf(sim->trace, " cluster=%s node=%d", s->clusters[nd->cluster].name,
                node - sim->cl[nd->cluster].first);
    }
    if (extra != NULL && extra[0])
        fprintf(sim->trace, " %s", extra);
    fputc('\n', sim->trace);
}

/* ---- the run ----------------------------------------------------------- */

/* Clocks idle and their generators keyed by replicate and cluster or job
 * name (salted apart from the nodes' streams). */
static void reset_clocks(struct fs_sim *sim)
{
    const struct fs_scenario *s = sim->s;
    fs__timers_clear(&sim->tq);
    sim->ndirty = 0;
    for (int32_t id = 0; id < sim->tq.ids; id++) {
        struct fs__clock *k = &sim->clk[id];
        uint64_t x;
        k->n_sched = 0;
        k->dirty = 0;
        k->area = k->area_t = 0.0;
        k->n_area = 0;
        if (k->r == NULL)
            continue;
        if ((size_t)id < s->nclusters)
            x = splitmix64(sim->cl[id].rep_key ^ 0xA0761D6478BD642Full);
        else
            x = splitmix64(sim->rep_key ^ name_key(s->jobs[((size_t)id - s->nclusters) / 2].name) ^
                           0xE7037ED1A0B428DBull);
        gsl_rng_set(k->r, (unsigned long)((x >> 32) ^ (x & 0xFFFFFFFFull)));
    }
}

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
        sim->nodes[n] = (struct fs__node){.cluster = c, .job = -1, .slot = -1, .free_pos = -1,
                                          .state = FS__NODE_OFFLINE, .group = -1};
    }
    gsl_rng_set(sim->r_procure, fs_stream_seed(s->seed, rep, STREAM_PROCURE));
    sim->ndeliveries = fs_procure(s, sim->r_procure, &sim->pw, sim->orders, sim->deliveries);
    for (size_t c = 0; c < s->nclusters; c++) {
        struct fs__csim *cs = &sim->cl[c];
        cs->online = 0;
        cs->retired = 0;
        cs->nactive = 0;
        cs->gpus_owned = fs_cluster_initial_gpus(&s->clusters[c]);
        cs->nfree = 0;
        cs->held_gpus = 0.0;
        cs->last_t = 0.0;
        for (size_t g = 0; g < s->clusters[c].fail.ngroups; g++) {
            fs_date from = s->clusters[c].fail.groups[g].from;
            cs->group_from[g] = from == INT32_MIN ? -INFINITY : fs_date_h(s, from);
        }
    }
    sim->rep_key = splitmix64(splitmix64(s->seed) ^ splitmix64(rep + 0x632BE59BD9B4E019ull));
    for (size_t c = 0; c < s->nclusters; c++)
        sim->cl[c].rep_key = splitmix64(sim->rep_key ^ sim->cl[c].key);
    reset_clocks(sim);
    for (size_t c = 0; c < s->nclusters; c++)
        if (sim->cl[c].ndomains > 0)
            fs__domains_reset(sim, c);
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        struct fs__jsim *js = &sim->jb[j];
        struct fs_job_result *r = &sim->res[j];
        int32_t maxslots = js->maxslots;
        int32_t *slots = js->slots, *holes = js->holes;
        gsl_rng *rm = js->r_maint, *rj = js->r_jobfail;
        memset(js, 0, sizeof(*js));
        js->maxslots = maxslots;
        js->slots = slots;
        js->holes = holes;
        js->r_maint = rm;
        js->r_jobfail = rj;
        js->slow_from = js->slow_until = -INFINITY;
        /* seeding an mt19937 is not free: only where maintenance draws */
        for (size_t k = 0; k < job->ncand; k++)
            if (s->clusters[job->cand[k].cluster].fail.maintenance_per_day > 0.0) {
                gsl_rng_set(js->r_maint, fs_stream_seed(s->seed, rep, name_key(job->name) >> 1));
                break;
            }
        js->state = FS__J_PENDING;
        js->deps_left = (int)job->ndeps;
        js->width = 1.0;
        js->delta = job->checkpoint_write_h;
        memset(r, 0, sizeof(*r));
        fs__place_job(sim, j, 0); /* nslots, rates, tau, job failures */
        if (js->jobfail_rate > 0.0 || job->ncand > 1) /* seeding an mt19937 is not free */
            gsl_rng_set(js->r_jobfail, fs_stream_seed(s->seed, rep, ~name_key(job->name)));
        r->placement = -1;
        r->start_h = NAN;
        r->ready_h = NAN;
        r->end_h = sim->horizon_h;
        r->checkpoint_interval_h = js->tau;
    }
    for (size_t c = 0; c < s->nclusters; c++)
        memset(&sim->cres[c], 0, sizeof(sim->cres[c]));
}

/* Takes the earliest event of the queue and the timers by (t, seq). */
static int next_event(struct fs_sim *sim, struct fs_event *ev)
{
    const struct fs__timer *x = fs__timers_top(&sim->tq);
    fs_time t;
    uint64_t seq;
    if (x != NULL && (!fs_evq_peek(&sim->q, &t, &seq) || x->t < t || (x->t == t && x->seq < seq))) {
        fs__timers_pop(&sim->tq, ev);
        return 1;
    }
    return fs_evq_pop(&sim->q, ev);
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
            rc = fs__push(sim, t > 0.0 ? t : 0.0, FS__EV_CLUSTER_ONLINE, 0, (int32_t)c, 0);
    }
    for (size_t c = 0; c < s->nclusters && rc == FS_OK; c++)
        if (sim->cl[c].active && s->clusters[c].retire != INT32_MAX)
            rc = fs__push(sim, fmax(0.0, fs_date_h(s, s->clusters[c].retire)), FS__EV_RETIRE,
                          0, (int32_t)c, 0);
    for (size_t c = 0; c < s->nclusters && rc == FS_OK; c++)
        for (size_t g = 0; g < s->clusters[c].fail.ngroups && sim->cl[c].active; g++)
            if (sim->cl[c].group_from[g] > 0.0 && rc == FS_OK)
                rc = fs__push(sim, sim->cl[c].group_from[g], FS__EV_GROUP_START, 0, (int32_t)c,
                              (int32_t)g);
    for (size_t d = 0; d < sim->ndeliveries && rc == FS_OK; d++)
        if (sim->cl[sim->deliveries[d].cluster].active)
            rc = fs__push(sim, fmax(0.0, sim->deliveries[d].t_h), FS__EV_DELIVERY, 0,
                          (int32_t)d, 0);
    if (sim->replan) /* when the loss of an order becomes known */
        for (size_t o = 0; o < s->norders && rc == FS_OK; o++)
            if (fs__order_lost(&sim->orders[o]))
                rc = fs__push(sim, fmax(0.0, sim->orders[o].ship_h), FS__EV_RULE_CHANGE, 0,
                              (int32_t)o, 0);
    for (size_t j = 0; j < s->njobs && rc == FS_OK; j++) {
        double t = fs_date_h(s, s->jobs[j].earliest_start);
        rc = fs__push(sim, t > 0.0 ? t : 0.0, FS__EV_JOB_READY, 0, (int32_t)j, 0);
    }
    sim->next_grid = 0;
    if (rc == FS_OK && sim->ngrid > 0)
        rc = fs__push(sim, sim->grid_h[0], FS__EV_SAMPLE, 0, 0, 0);
    while (rc == FS_OK && sim->jobs_left > 0 && next_event(sim, &ev)) {
        if (ev.t > sim->horizon_h)
            break;
        sim->now = ev.t;
        /* A last guard: a scenario that needs this many events per
         * replicate is mis-specified (e.g. a checkpoint every few seconds
         * for years), and would otherwise look like a hang. */
        if (++sim->events > FS_MAX_EVENTS)
            return FS_ERANGE;
        rc = fs__dispatch(sim, &ev);
        fs__clocks_settle(sim);
    }
    if (rc != FS_OK)
        return rc;
    if (sim->jobs_left > 0) {
        sim->now = sim->horizon_h;
        fs__horizon(sim);
    }
    /* Grid points after the end: every job keeps its final progress. */
    for (; sim->next_grid < sim->ngrid; sim->next_grid++)
        fs__sample_grid(sim, sim->next_grid);
    for (size_t j = 0; j < s->njobs; j++) {
        if (s->jobs[j].ramp_start_share < 1.0 && jobs[j].started) {
            double now = sim->now;
            sim->now = jobs[j].end_h; /* its GPUs short to its end */
            fs__ramp_account(sim, j);
            sim->now = now;
        }
        jobs[j].progress = sim->jb[j].saved / s->jobs[j].flop;
        /* Never had the hardware: waited for it to the end. */
        if (!sim->jb[j].hw_ok && !isnan(jobs[j].ready_h))
            jobs[j].wait_hardware_h = fmin(sim->now, sim->horizon_h) - jobs[j].ready_h;
    }
    fs__clocks_close(sim);
    fs_job_costs(s, jobs);
    fs_cluster_costs(s, jobs, sim->deliveries, sim->ndeliveries, clusters);
    fs_cost_views_fill(s, sim->deliveries, sim->ndeliveries, jobs, clusters);
    if (sim->capacity_out != NULL)
        fs_capacity_grid(s, sim->deliveries, sim->ndeliveries, sim->grid_h, sim->ngrid_all,
                         sim->capacity_out);
    return FS_OK;
}
