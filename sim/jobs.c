/*
 * jobs.c - the job life cycle of one replicate: a job queues for nodes of
 * its cluster, starts, alternates compute and checkpoint writes, is
 * interrupted (failure or maintenance), waits for replacement nodes,
 * restarts and finishes; capex is accrued to the jobs holding a cluster.
 * The model is in replicate.c and docs/model.md ("Simulation").
 */
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/cost.h"
#include "fleetsim/failure.h"
#include "fleetsim/replicate.h"
#include "internal.h"

/* ---- capex accrual ----------------------------------------------------- */

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
void fs__accrue(struct fs_sim *sim, size_t c)
{
    struct fs__csim *cs = &sim->cl[c];
    double t0 = cs->last_t, t1 = sim->now, usd, owned = cs->gpus_owned;
    cs->last_t = t1;
    if (!(t1 > t0) || !(cs->held_gpus > 0.0) || !(owned > 0.0))
        return;
    usd = capex_flow(sim, c, t0, t1);
    if (!(usd > 0.0))
        return;
    for (size_t j = 0; j < sim->s->njobs; j++) {
        int st = sim->jb[j].state;
        double g = fs__job_gpus(sim, j);
        if ((size_t)sim->jb[j].cluster != c || st == FS__J_PENDING || st == FS__J_QUEUED ||
            st == FS__J_DONE)
            continue;
        sim->res[j].capex_share_usd += usd * g / owned;
        sim->res[j].tco_idle_capacity_usd +=
            usd * (owned - cs->held_gpus) / owned * g / cs->held_gpus;
    }
}

/* ---- job life cycle ---------------------------------------------------- */

/*
 * When the cycle's compute reaches rem hours of work: at full speed from
 * cycle_start, at 1/slowdown inside a straggler window, counting a loss
 * already banked in this cycle. Without a window, cycle_start + rem.
 */
double fs__finish_time(const struct fs__jsim *js, double rem)
{
    double a = js->slow_from > js->cycle_start ? js->slow_from : js->cycle_start;
    double b = js->slow_until > a ? js->slow_until : a;
    double need = rem + js->slow_banked, seg;
    if (need <= a - js->cycle_start)
        return js->cycle_start + need;
    need -= a - js->cycle_start;
    seg = (b - a) * (1.0 - js->slow_cut);
    if (need <= seg)
        return a + need / (1.0 - js->slow_cut);
    return b + (need - seg);
}

/*
 * Checkpoint completions are computed, not queued, where nothing observes
 * them: a running job's phase timer is set at its finish, and fs__advance
 * applies the checkpoints that completed up to sim->now, in order and with
 * the same arithmetic as one event each, before anything reads or changes
 * the job (an interruption, maintenance, a straggler, a progress sample,
 * the horizon). They stay events (one phase timer each) where they are
 * observed or act: in the trace, for an elastic job short of nodes (it
 * regrows at a checkpoint) and while a straggler's window may reach a later
 * cycle (the finish estimate below assumes full speed).
 */

/* The checkpoint write ending at t completes: the cycle's compute is
 * saved (less what a straggler cost), and the next cycle starts at t. */
static void ckpt_step(struct fs_sim *sim, size_t j, double t)
{
    struct fs__jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    double g = fs__job_gpus(sim, j), flop = sim->s->jobs[j].flop;
    double slow = fs__slow_loss(js, t);
    fs__record_at(sim, j, t - js->delta, (js->saved + (js->tau - slow) * js->rate_h) / flop);
    fs__count_compute(r, (js->tau - slow) * g, js->width);
    r->gpu_h_lost += slow * g;
    r->gpu_h_straggler += slow * g;
    r->gpu_h_checkpoint += js->delta * g;
    r->checkpoints++;
    js->saved += (js->tau - slow) * js->rate_h;
    js->slow_banked = 0.0;
    js->cycle_start = t;
    js->state_since = t;
    if (sim->trace != NULL && t == sim->now)
        fs__trace(sim, FS__EV_CKPT_DONE, (int32_t)j, -1, NULL);
    /* The cycle computes tau hours, then writes; the last one computes to
     * the finish (which a straggler may push past tau) and writes nothing. */
    js->ctau = (flop - js->saved) / js->rate_h <= js->tau ? INFINITY : js->tau;
}

/*
 * The checkpoints of running job j completing by sim->now where nothing
 * observes them one by one (no trajectory recorder, no trace) and no
 * straggler window reaches them: ckpt_step's arithmetic, operation for
 * operation (so the sums are the same to the bit), with the job's state in
 * registers; the products that do not change from cycle to cycle are taken
 * once. slow_loss is 0.0 in each of these cycles (nothing banked, the
 * window ended before the cycle), so ckpt_step adds +0.0 to the lost and
 * straggler hours, and to the idle hours at full width: left out, as x +
 * 0.0 is x for these sums (they start at +0.0 and only add terms >= 0, so
 * none is -0.0). `wide` (a constant where inlined) drops the idle sum.
 */
static inline void ckpt_loop(struct fs_sim *sim, size_t j, const int wide)
{
    struct fs__jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    const double g = fs__job_gpus(sim, j), flop = sim->s->jobs[j].flop;
    const double tau = js->tau, delta = js->delta, rate = js->rate_h, now = sim->now;
    const double useful = tau * g * js->width, idle = tau * g * (1.0 - js->width);
    const double ckpt = delta * g, gain = tau * rate;
    double u = r->gpu_h_useful, i = r->gpu_h_idle, c = r->gpu_h_checkpoint;
    double saved = js->saved, start = js->cycle_start, ctau = js->ctau;
    /* Below lim, (flop - saved) / rate is above 2 tau less a few
     * roundings, so the test that ends the cycles is false: skipped. */
    const double lim = flop - 2.0 * tau * rate;
    unsigned n = 0;
    while (isfinite(ctau)) {
        double t = start + tau + delta;
        if (t > now)
            break;
        u += useful;
        if (!wide)
            i += idle;
        c += ckpt;
        n++;
        saved += gain;
        start = t;
        if (saved >= lim)
            ctau = (flop - saved) / rate <= tau ? INFINITY : tau;
    }
    r->gpu_h_useful = u;
    r->gpu_h_idle = i;
    r->gpu_h_checkpoint = c;
    r->checkpoints += n;
    js->saved = saved;
    js->slow_banked = 0.0;
    js->cycle_start = start;
    js->state_since = start;
    js->ctau = ctau;
}

static void ckpt_run(struct fs_sim *sim, size_t j)
{
    if (sim->jb[j].width == 1.0)
        ckpt_loop(sim, j, 1);
    else
        ckpt_loop(sim, j, 0);
}

/* Applies the checkpoints of running job j that completed by sim->now. */
void fs__advance(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    /* mostly called with no checkpoint due: settled from the job alone */
    if (js->state != FS__J_RUNNING || !isfinite(js->ctau) ||
        js->cycle_start + js->tau + js->delta > sim->now)
        return;
    if (sim->rec == NULL && sim->trace == NULL && js->slow_banked == 0.0 &&
        js->slow_until <= js->cycle_start) {
        ckpt_run(sim, j);
        return;
    }
    while (js->state == FS__J_RUNNING && isfinite(js->ctau)) {
        double t = js->cycle_start + js->tau + js->delta;
        if (t > sim->now)
            break;
        ckpt_step(sim, j, t);
    }
}

/* Sets the running job's phase timer: its finish in the last cycle; else
 * the next checkpoint where checkpoints are events, or the finish as
 * full cycles of tau + delta give it (fs__ckpt_due corrects a rounding
 * that leaves one more cycle). */
int fs__schedule_cycle(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    double remaining = (sim->s->jobs[j].flop - js->saved) / js->rate_h, m;
    js->ctau = remaining <= js->tau ? INFINITY : js->tau;
    if (remaining <= js->tau) {
        fs__phase_set(sim, j, fs__finish_time(js, remaining), FS__EV_JOB_FINISH);
    } else if (sim->trace != NULL || js->missing > 0 || js->slow_until > js->cycle_start) {
        fs__phase_set(sim, j, js->cycle_start + js->tau + js->delta, FS__EV_CKPT_DONE);
    } else {
        m = ceil(remaining / js->tau) - 1.0; /* full cycles left, >= 1 */
        fs__phase_set(sim, j,
                      js->cycle_start + m * (js->tau + js->delta) + (remaining - m * js->tau),
                      FS__EV_CKPT_DONE);
    }
    return FS_OK;
}

/* The phase timer of a running job fired (kind CKPT_DONE): the checkpoints
 * due are applied, then the job finishes, regrows or goes on. */
int fs__ckpt_due(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    fs__advance(sim, j);
    if (isinf(js->ctau)) {
        double fin = fs__finish_time(js, (sim->s->jobs[j].flop - js->saved) / js->rate_h);
        if (fin > sim->now) {
            fs__phase_set(sim, j, fin, FS__EV_JOB_FINISH);
            return FS_OK;
        }
        /* The estimate is past the finish by a rounding: the job finishes
         * when the same arithmetic as a finish event gives, not later. */
        sim->now = fin;
        return fs__job_finish(sim, j);
    }
    if (js->cycle_start < sim->now) {
        /* the finish estimate fell short of the last cycle by a rounding:
         * one more cycle, as an event */
        fs__phase_set(sim, j, js->cycle_start + js->tau + js->delta, FS__EV_CKPT_DONE);
        return FS_OK;
    }
    if (js->missing > 0 && sim->cl[sim->jb[j].cluster].nfree > 0)
        return fs__regrow(sim, j); /* nodes came back: regrow now, nothing to lose */
    return fs__schedule_cycle(sim, j);
}

int fs__begin_running(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    js->state = FS__J_RUNNING;
    js->cycle_start = sim->now;
    js->state_since = sim->now;
    js->slow_banked = 0.0;
    fs__clock_touch(sim, fs__tm_held(sim, j));
    if (js->jobfail_rate > 0.0 && !js->jobfail_armed) {
        double dt = gsl_ran_exponential(js->r_jobfail, 1.0 / js->jobfail_rate);
        js->jobfail_armed = 1;
        if (fs__push(sim, sim->now + dt, FS__EV_JOB_FAIL, 0, (int32_t)j, 0) != FS_OK)
            return FS_ENOMEM;
    }
    return fs__schedule_cycle(sim, j);
}

int fs__begin_restart(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    js->state = FS__J_RESTARTING;
    js->state_since = sim->now;
    fs__phase_set(sim, j, sim->now + sim->s->jobs[j].restart_h, FS__EV_RESTART_DONE);
    return FS_OK;
}

/*
 * Closes the accounting of the job's current state at sim->now. For a
 * running job, `keep` decides whether the compute since the last checkpoint
 * counts (planned stop, horizon) or is rolled back (failure).
 */
void fs__close_state(struct fs_sim *sim, size_t j, int keep)
{
    struct fs__jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    double g, dt;

    fs__advance(sim, j);
    fs__clock_touch(sim, fs__tm_held(sim, j));
    g = fs__job_gpus(sim, j);
    dt = sim->now - js->state_since;
    switch (js->state) {
    case FS__J_RUNNING: {
        double e = sim->now - js->cycle_start;
        double compute = e < js->ctau ? e : js->ctau, write = e - compute;
        double slow = fs__slow_loss(js, sim->now);
        if (keep) {
            fs__count_compute(r, (compute - slow) * g, js->width);
            r->gpu_h_lost += slow * g;
            r->gpu_h_straggler += slow * g;
            js->saved += (compute - slow) * js->rate_h;
            r->gpu_h_checkpoint += write * g;
            if (write > 0.0)
                r->checkpoints++; /* the write completes as the job stops */
        } else {
            r->gpu_h_lost += e * g;
        }
        break;
    }
    case FS__J_RESTARTING:
        r->gpu_h_restart += dt * g;
        break;
    case FS__J_MAINT:
        /* Stopped inside the final write before maintenance (the horizon):
         * the part of the write not spent is not checkpoint time. */
        if (dt < 0.0)
            r->gpu_h_checkpoint += dt * g;
        else
            r->gpu_h_idle += dt * g;
        break;
    case FS__J_WAIT_NODES:
        r->gpu_h_idle += dt * g;
        break;
    case FS__J_DETECTING:
        r->gpu_h_lost += dt * g;
        r->gpu_h_detect += dt * g;
        break;
    default:
        break;
    }
    js->state_since = sim->now;
}

/* Gives the job idle healthy nodes for its empty slots, O(1) per node. */
void fs__fill_slots(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    size_t c = (size_t)sim->jb[j].cluster;
    struct fs__csim *cs = &sim->cl[c];
    if (js->missing == 0 || cs->nfree == 0)
        return;
    /* the clocks touched once, in the order fs__free_pop and the loop would */
    fs__clock_touch(sim, fs__tm_idle(c));
    fs__clock_touch(sim, fs__tm_held(sim, j));
    while (js->missing > 0 && cs->nfree > 0) {
        int32_t k = js->holes[--js->missing];
        int32_t n = cs->free_stack[--cs->nfree];
        struct fs__node *nd = &sim->nodes[n];
        nd->free_pos = -1;
        js->slots[k] = n;
        nd->job = (int32_t)j;
        nd->slot = k;
    }
}

/* Empties slot k of job j (its node failed and went for repair). */
static void open_slot(struct fs_sim *sim, size_t j, int32_t k)
{
    struct fs__jsim *js = &sim->jb[j];
    fs__clock_touch(sim, fs__tm_held(sim, j));
    sim->nodes[js->slots[k]].job = -1;
    js->slots[k] = -1;
    js->holes[js->missing++] = k;
}

/* Node n of job j went out with its failure domain. */
void fs__lose_node(struct fs_sim *sim, size_t j, int32_t n)
{
    open_slot(sim, j, sim->nodes[n].slot);
}

static int start_job(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    size_t c = (size_t)sim->jb[j].cluster;
    const struct fs_failure_cfg *f = &sim->s->clusters[c].fail;

    fs__accrue(sim, c);
    /* Holes popped from the top fill slots 0, 1, 2... in order. */
    for (int32_t k = 0; k < js->nslots; k++) {
        js->slots[k] = -1;
        js->holes[k] = js->nslots - 1 - k;
    }
    js->missing = js->nslots;
    fs__fill_slots(sim, j);
    sim->cl[c].held_gpus += fs__job_gpus(sim, j);
    sim->res[j].started = 1;
    sim->res[j].placement = js->cand;
    js->ramp_since = sim->now;
    sim->res[j].start_h = sim->now;
    fs__trace(sim, FS__EV_JOB_START, (int32_t)j, -1, NULL);
    fs__record(sim, j);
    if (f->maintenance_per_day > 0.0) {
        double dt = gsl_ran_exponential(js->r_maint, FS_HOURS_PER_DAY / f->maintenance_per_day);
        if (fs__push(sim, sim->now + dt, FS__EV_MAINT, js->maint_gen, (int32_t)j, 0) != FS_OK)
            return FS_ENOMEM;
    }
    return fs__begin_running(sim, j);
}

/* The job's width from the nodes it holds (elastic continuation). */
static void set_width(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    js->width = js->missing == 0 ? 1.0 : (double)(js->nslots - js->missing) / js->nslots;
    js->rate_h = js->missing == 0 ? js->rate_full : js->rate_full * js->width;
}

/* Short of nodes, may the job go on with the ones it has? */
static int can_shrink(const struct fs_sim *sim, size_t j)
{
    const struct fs__jsim *js = &sim->jb[j];
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->jb[j].cluster].fail;
    int32_t have = js->nslots - js->missing;
    return f->elastic && have >= 1 && have >= (int32_t)ceil(f->elastic_min_share * js->nslots);
}

/* Its empty slots filled from the free nodes: restart on all of them, on
 * fewer (elastic), or wait for replacements. */
static int restart_or_wait(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    if (js->missing > 0 && !can_shrink(sim, j)) {
        js->state = FS__J_WAIT_NODES;
        return FS_OK;
    }
    set_width(sim, j);
    return fs__begin_restart(sim, j);
}

/* An elastic job at a checkpoint with nodes free again: it takes them and
 * restarts at the wider width (nothing to roll back). */
int fs__regrow(struct fs_sim *sim, size_t j)
{
    fs__fill_slots(sim, j);
    fs__phase_drop(sim, j);
    fs__close_state(sim, j, 1);
    set_width(sim, j);
    return fs__begin_restart(sim, j);
}

/* ---- ramped starts ----------------------------------------------------- */

/* Nodes job j needs free to start: all, or for a ramped start its share
 * (whole nodes, at least one). */
static int32_t start_need(const struct fs_sim *sim, size_t j)
{
    const struct fs__jsim *js = &sim->jb[j];
    double share = sim->s->jobs[j].ramp_start_share;
    int32_t n;
    if (share >= 1.0)
        return js->fullslots;
    n = (int32_t)ceil(share * js->fullslots - 1e-9);
    return n < 1 ? 1 : n;
}

/* Sets a ramped job to n of its nodes; its rate is in proportion, or the
 * loader's table of the throughput model's rate on n nodes. */
static void ramp_to(struct fs_sim *sim, size_t j, int32_t n)
{
    struct fs__jsim *js = &sim->jb[j];
    const double *t = sim->s->jobs[j].cand[js->cand].ramp_flops;
    js->nslots = n;
    js->rate_full = n == js->fullslots ? js->rate_all
                    : t != NULL       ? t[n] * 3600.0
                                      : js->rate_all * n / js->fullslots;
    js->rate_h = js->rate_full * js->width;
}

/* GPU-hours of a ramped job's GPUs it did not hold, to sim->now. */
void fs__ramp_account(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    int gpn = sim->s->clusters[js->cluster].gpus_per_node;
    sim->res[j].gpu_h_ramp_short += (double)(js->fullslots - js->nslots) * gpn *
                                    (sim->now - js->ramp_since);
    js->ramp_since = sim->now;
}

/*
 * A ramped job computing on fewer nodes than its own, with nodes free: it
 * takes them (up to all its nodes) and restarts on the wider layout,
 * keeping the work done so far (a planned re-shard: it costs a restart,
 * restart_minutes, and loses nothing).
 */
static int grow(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    size_t c = (size_t)js->cluster;
    struct fs__csim *cs = &sim->cl[c];
    int32_t n = js->nslots + cs->nfree;
    if (n > js->fullslots)
        n = js->fullslots;
    fs__accrue(sim, c);
    fs__ramp_account(sim, j);
    fs__record(sim, j);
    js->gen++;
    fs__close_state(sim, j, 1);
    cs->held_gpus -= fs__job_gpus(sim, j);
    for (int32_t k = js->nslots; k < n; k++) {
        js->slots[k] = -1;
        js->holes[js->missing++] = k;
    }
    ramp_to(sim, j, n);
    fs__fill_slots(sim, j);
    cs->held_gpus += fs__job_gpus(sim, j);
    if (sim->trace != NULL) {
        char extra[64];
        snprintf(extra, sizeof(extra), "ramp nodes=%d of %d", (int)n, (int)js->fullslots);
        fs__trace(sim, FS__EV_PLACED, (int32_t)j, -1, extra);
    }
    set_width(sim, j);
    return fs__begin_restart(sim, j);
}

/* Best queued job of cluster c: priority, then ready time, then FIFO. */
static long next_queued(const struct fs_sim *sim, size_t c)
{
    long best = -1;
    for (size_t j = 0; j < sim->s->njobs; j++) {
        const struct fs_job *jb = &sim->s->jobs[j];
        if ((size_t)sim->jb[j].cluster != c || sim->jb[j].state != FS__J_QUEUED)
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
int fs__try_schedule(struct fs_sim *sim, size_t c)
{
    struct fs__csim *cs = &sim->cl[c];
    int rc;
    if (!cs->online || cs->retired)
        return FS_OK;
    for (size_t j = 0; j < sim->s->njobs && cs->nfree > 0; j++) {
        if ((size_t)sim->jb[j].cluster != c || sim->jb[j].state != FS__J_WAIT_NODES)
            continue;
        fs__fill_slots(sim, j);
        if (sim->jb[j].missing == 0 || can_shrink(sim, j)) {
            fs__close_state(sim, j, 0);
            if ((rc = restart_or_wait(sim, j)) != FS_OK)
                return rc;
        }
    }
    for (size_t j = 0; j < sim->s->njobs && cs->nfree > 0; j++) {
        const struct fs__jsim *js = &sim->jb[j];
        if ((size_t)js->cluster == c && js->state == FS__J_RUNNING &&
            js->nslots < js->fullslots && js->missing == 0 && (rc = grow(sim, j)) != FS_OK)
            return rc;
    }
    for (;;) {
        long j = next_queued(sim, c);
        if (j < 0 || cs->nfree < start_need(sim, (size_t)j))
            return FS_OK;
        if (sim->s->jobs[j].ramp_start_share < 1.0)
            ramp_to(sim, (size_t)j, cs->nfree < sim->jb[j].fullslots ? cs->nfree
                                                                   : sim->jb[j].fullslots);
        if ((rc = start_job(sim, (size_t)j)) != FS_OK)
            return rc;
    }
}

/*
 * Waiting for hardware: a queued job whose cluster does not yet own enough
 * nodes (delivered, spares included) is waiting for deliveries; from the
 * moment it does, any further wait is for other jobs or repairs.
 */
void fs__check_hardware(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    const struct fs__csim *cs = &sim->cl[js->cluster];
    if (js->hw_ok || js->state != FS__J_QUEUED)
        return;
    if (cs->online && cs->nactive >= start_need(sim, j)) {
        js->hw_ok = 1;
        sim->res[j].wait_hardware_h = sim->now - sim->res[j].ready_h;
    }
}

int fs__enqueue(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    js->state = FS__J_QUEUED;
    js->queue_seq = sim->queue_counter++;
    sim->res[j].ready_h = sim->now;
    fs__check_hardware(sim, j);
    fs__trace(sim, FS__EV_JOB_READY, (int32_t)j, -1, NULL);
    if (sim->s->jobs[j].ncand > 1)
        return fs__place_new(sim, j);
    return fs__try_schedule(sim, (size_t)js->cluster);
}

int fs__finish_job(struct fs_sim *sim, size_t j)
{
    const struct fs_scenario *s = sim->s;
    struct fs__jsim *js = &sim->jb[j];
    size_t c = (size_t)js->cluster;
    int rc;

    fs__accrue(sim, c);
    fs__clock_touch(sim, fs__tm_held(sim, j));
    js->state = FS__J_DONE;
    js->saved = s->jobs[j].flop;
    sim->res[j].finished = 1;
    sim->res[j].end_h = sim->now;
    sim->cl[c].held_gpus -= fs__job_gpus(sim, j);
    {
        /* fs__free_push for each held node, its clock touched once */
        struct fs__csim *cs = &sim->cl[c];
        int touched = 0;
        for (int32_t k = 0; k < js->nslots; k++) {
            int32_t n = js->slots[k];
            if (n < 0)
                continue;
            if (!touched) {
                fs__clock_touch(sim, fs__tm_idle(c));
                touched = 1;
            }
            sim->nodes[n].job = -1;
            sim->nodes[n].free_pos = cs->nfree;
            cs->free_stack[cs->nfree++] = n;
        }
    }
    fs__trace(sim, FS__EV_JOB_FINISH, (int32_t)j, -1, NULL);
    fs__record(sim, j);
    sim->jobs_left--;
    if ((rc = fs__try_schedule(sim, c)) != FS_OK)
        return rc;
    for (size_t d = 0; d < s->njobs; d++) {
        for (size_t k = 0; k < s->jobs[d].ndeps; k++) {
            if (s->jobs[d].deps[k] != j)
                continue;
            if (--sim->jb[d].deps_left == 0 && sim->jb[d].time_ok &&
                (rc = fs__enqueue(sim, d)) != FS_OK)
                return rc;
        }
    }
    return FS_OK;
}

/*
 * Job j failed: node n failed (n < 0: a job-level failure). The work since
 * the last checkpoint is lost. A failure noticed only after detect_h hours
 * leaves the job hung that long (lost time); then, or at once, the job gets
 * replacements for nodes taken out (fs__resume).
 */
int fs__interrupt(struct fs_sim *sim, size_t j, int32_t n, enum fs_cause cause, double detect_h)
{
    struct fs__jsim *js = &sim->jb[j];
    int hung = js->state == FS__J_RUNNING || js->state == FS__J_RESTARTING;
    sim->res[j].interruptions[cause]++;
    if (cause == FS_CAUSE_NODE_OUT || cause == FS_CAUSE_STRAGGLER)
        open_slot(sim, j, sim->nodes[n].slot);
    if (js->state == FS__J_MAINT || js->state == FS__J_DETECTING)
        return FS_OK; /* already stopped; the slot is refilled after */
    fs__advance(sim, j);
    fs__record(sim, j);
    fs__close_state(sim, j, 0);
    fs__phase_drop(sim, j);
    if (hung && detect_h > 0.0) {
        js->state = FS__J_DETECTING;
        fs__record(sim, j); /* rolled back to the last checkpoint */
        fs__phase_set(sim, j, sim->now + detect_h, FS__EV_DETECTED);
        return FS_OK;
    }
    fs__fill_slots(sim, j);
    js->state = FS__J_WAIT_NODES; /* until restart_or_wait decides */
    fs__record(sim, j); /* rolled back to the last checkpoint */
    return restart_or_wait(sim, j);
}

/* After a planned stop or a detected failure: replacements, then restart. */
int fs__resume(struct fs_sim *sim, size_t j)
{
    fs__close_state(sim, j, 0);
    fs__fill_slots(sim, j);
    return restart_or_wait(sim, j);
}
