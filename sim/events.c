/*
 * events.c - the event handlers of one replicate and their dispatch: node
 * failures and repairs, clusters coming online, deliveries, checkpoints,
 * planned maintenance, progress samples and the horizon. The model is in
 * replicate.c and docs/model.md ("Simulation").
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fleetsim/failure.h"
#include "fleetsim/replicate.h"
#include "internal.h"

/* Writes every job's progress at grid point k. */
void fs__sample_grid(struct fs_sim *sim, size_t k)
{
    for (size_t j = 0; j < sim->s->njobs; j++) {
        fs__advance(sim, j);
        sim->grid_out[j * sim->ngrid + k] = (float)fs__progress(sim, j);
    }
}

/* ---- event handlers ---------------------------------------------------- */

/* The node's failure distribution now: its group's once the group
 * applies, else the cluster's. */
static const struct fs_dist *node_ttf(const struct fs_sim *sim, int32_t n, int *in_group)
{
    const struct fs__node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    *in_group = nd->group >= 0 && sim->now >= sim->cl[nd->cluster].group_from[nd->group];
    return *in_group ? &f->groups[nd->group].ttf_h : &f->ttf_h;
}

/* Next failure of node n from now: its own stream, at its age (minimal
 * repair: a failure that only restarts the job does not renew the node). */
int fs__node_arm(struct fs_sim *sim, int32_t n)
{
    struct fs__node *nd = &sim->nodes[n];
    int in_group;
    const struct fs_dist *ttf;
    double t;
    if (sim->cl[nd->cluster].pooled) {
        nd->gen++; /* as a new clock would (stragglers.c reads it) */
        return FS_OK; /* its group's superposed clock covers it */
    }
    ttf = node_ttf(sim, n, &in_group);
    t = fs_failure_draw(ttf, sim->now - nd->born, fs__node_rng(sim, n, FS__RS_FAIL));
    fs__node_rng_save(sim, n, FS__RS_FAIL);
    if (!isfinite(t))
        return FS_OK;
    return fs__push(sim, sim->now + t, FS__EV_NODE_FAIL, ++nd->gen, n, 0);
}

/* The generator for a draw of node n's stream k: the superposed clock's
 * that fired, for a node of a pooled group (its streams are never
 * touched), else the node's own; fs__node_rng_done after the draw. */
static gsl_rng *draw_rng(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    return sim->r_fire != NULL ? sim->r_fire : fs__node_rng(sim, n, k);
}

static void draw_done(struct fs_sim *sim, int32_t n, enum fs__node_stream k)
{
    if (sim->r_fire == NULL)
        fs__node_rng_save(sim, n, k);
}

/* Does this failure take the node out? Draws the cause, if causes are set,
 * and gives its detection time in *detect_h. */
static int failure_outcome(struct fs_sim *sim, int32_t n, double *detect_h)
{
    struct fs__node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    const gsl_ran_discrete_t *causes = sim->cl[nd->cluster].causes;
    int out;
    *detect_h = f->detect_h;
    if (sim->fire_out) {
        out = 1; /* a thinned idle clock: only failures that take a node out */
    } else if (causes != NULL) {
        size_t k = gsl_ran_discrete(draw_rng(sim, n, FS__RS_COIN), causes);
        draw_done(sim, n, FS__RS_COIN);
        out = f->causes[k].node_out;
        *detect_h = f->causes[k].detect_h;
        sim->cres[nd->cluster].by_cause[k]++;
        if (nd->job >= 0)
            sim->res[nd->job].by_cause[k]++;
    } else if (f->node_out_fraction >= 1.0 || f->node_out_fraction <= 0.0) {
        out = f->node_out_fraction >= 1.0;
    } else {
        out = gsl_rng_uniform(draw_rng(sim, n, FS__RS_COIN)) < f->node_out_fraction;
        draw_done(sim, n, FS__RS_COIN);
    }
    return out;
}

/* Repair time: the automatic stage, then with manual_probability a manual
 * one, all from the node's repair stream. */
static double repair_time(struct fs_sim *sim, int32_t n)
{
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->nodes[n].cluster].fail;
    gsl_rng *r = draw_rng(sim, n, FS__RS_REPAIR);
    double dt = fs_dist_draw(&f->repair_h, r);
    if (f->manual_probability > 0.0 && gsl_rng_uniform(r) < f->manual_probability) {
        dt += fs_dist_draw(&f->manual_h, r);
        sim->cres[sim->nodes[n].cluster].manual_repairs++;
    }
    draw_done(sim, n, FS__RS_REPAIR);
    return dt;
}

/* Node n goes out for repair. */
int fs__node_out(struct fs_sim *sim, int32_t n)
{
    struct fs__node *nd = &sim->nodes[n];
    double dt = repair_time(sim, n);
    sim->cres[nd->cluster].repairs++;
    nd->state = FS__NODE_DOWN;
    if (nd->free_pos >= 0)
        fs__free_remove(sim, n);
    return fs__push(sim, sim->now + dt, FS__EV_NODE_REPAIRED, 0, n, 0);
}

static int node_fail(struct fs_sim *sim, int32_t n)
{
    struct fs__node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    double detect_h;
    int out, rc, in_group;

    /* failure_clocks = "while_computing": a failure that falls while the
     * node is not computing for a job is dropped (thinning the failure
     * process to the computing time), and the next one drawn from now. */
    if (f->while_computing && (nd->job < 0 || sim->jb[nd->job].state != FS__J_RUNNING))
        return fs__node_arm(sim, n);
    sim->cres[nd->cluster].node_failures++;
    node_ttf(sim, n, &in_group);
    sim->cres[nd->cluster].group_failures += (unsigned)in_group;
    out = failure_outcome(sim, n, &detect_h);
    fs__trace(sim, FS__EV_NODE_FAIL, nd->job, n, out ? "outcome=repair" : "outcome=restart");
    nd->strag = 0; /* whatever was slow is found now */
    if (out) {
        rc = fs__node_out(sim, n);
    } else {
        rc = fs__node_arm(sim, n);
    }
    if (rc != FS_OK)
        return rc;
    if (nd->job >= 0)
        return fs__interrupt(sim, (size_t)nd->job, n, out ? FS_CAUSE_NODE_OUT : FS_CAUSE_RESTART,
                             detect_h);
    return FS_OK;
}

/* A repaired node is as good as new: its age starts again; a node of a
 * group becomes a normal one with the group's fix_probability. */
static int node_repaired(struct fs_sim *sim, int32_t n)
{
    struct fs__node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    int rc;
    fs__trace(sim, FS__EV_NODE_REPAIRED, -1, n, NULL);
    if (nd->group >= 0 && f->groups[nd->group].fix_probability > 0.0) {
        if (gsl_rng_uniform(fs__node_rng(sim, n, FS__RS_GROUP)) <
            f->groups[nd->group].fix_probability)
            nd->group = -1;
        fs__node_rng_save(sim, n, FS__RS_GROUP);
    }
    nd->born = sim->now;
    if (f->domain_nodes > 0 &&
        sim->cl[nd->cluster].dom_down[(n - sim->cl[nd->cluster].first) / f->domain_nodes]) {
        nd->state = FS__NODE_DOMAIN_DOWN; /* back with its domain */
        return FS_OK;
    }
    nd->state = FS__NODE_UP;
    fs__free_push(sim, n);
    rc = fs__node_arm(sim, n);
    return rc != FS_OK ? rc : fs__try_schedule(sim, (size_t)nd->cluster);
}

/* ---- superposed failure clocks (docs/model.md, "Failure clocks") ------ */

/* Nodes in the group of clock id now: cluster c's idle healthy nodes, or
 * the nodes job j holds; none for a group that cannot fail now
 * (failure_clocks = "while_computing": idle nodes, a job not running). */
static int32_t idle_size(const struct fs_sim *sim, int32_t id)
{
    return sim->s->clusters[id].fail.while_computing ? 0 : sim->cl[id].nfree;
}

static int32_t clock_size(const struct fs_sim *sim, int32_t id)
{
    const struct fs_scenario *s = sim->s;
    const struct fs__jsim *js;
    size_t j;
    if ((size_t)id < s->nclusters) /* none when no idle failure takes a node out */
        return sim->clk[id].out_share > 0.0 ? idle_size(sim, id) : 0;
    j = ((size_t)id - s->nclusters) / 2;
    js = &sim->jb[j];
    if (js->state == FS__J_PENDING || js->state == FS__J_QUEUED || js->state == FS__J_DONE)
        return 0;
    if (s->clusters[js->cluster].fail.while_computing && js->state != FS__J_RUNNING)
        return 0;
    return js->nslots - js->missing;
}

/* A thinned idle clock's idle node-hours up to sim->now. */
static void idle_area(struct fs_sim *sim, int32_t id)
{
    struct fs__clock *k = &sim->clk[id];
    k->area += k->n_area * (sim->now - k->area_t);
    k->area_t = sim->now;
    k->n_area = idle_size(sim, id);
}

/*
 * Brings each touched clock in line with its group's size at sim->now. A
 * group of n exponential nodes fails at n x rate; the residual time of the
 * pending failure is Exp(n x rate) whatever has passed (memorylessness),
 * so when the group becomes n' nodes it is scaled by n / n' (an Exp(n'
 * rate) again, exactly), cancelled at n' = 0, and drawn afresh from 0.
 *
 * The idle nodes' clock of a cluster whose failures are either out or
 * restart only (no causes, no stragglers) runs at rate x out_share: an
 * idle node's restart-only failure changes nothing but the cluster's
 * failure count, and the failures of a Poisson process kept with a fixed
 * probability, independently, are a Poisson process at that share of the
 * rate, independent of the others (thinning). Those others are counted at
 * the end (fs__clocks_close) from the idle node-hours.
 */
void fs__clocks_settle(struct fs_sim *sim)
{
    while (sim->ndirty > 0) {
        int32_t id = sim->dirty[--sim->ndirty], n;
        struct fs__clock *k = &sim->clk[id];
        k->dirty = 0;
        if (k->out_share < 1.0)
            idle_area(sim, id);
        n = clock_size(sim, id);
        if (n == k->n_sched)
            continue;
        if (n == 0) {
            fs__timer_cancel(&sim->tq, id);
        } else if (k->n_sched > 0 && sim->tq.pos[id] >= 0) {
            double t = sim->tq.tm[id].t;
            fs__timer_set(sim, id, sim->now + (t - sim->now) * k->n_sched / n, FS__EV_CLOCK, 0, id);
        } else {
            double dt = gsl_ran_exponential(k->r, 1.0 / (k->rate * k->out_share * n));
            fs__timer_set(sim, id, sim->now + dt, FS__EV_CLOCK, 0, id);
        }
        k->n_sched = n;
    }
}

/* The end of the run: the restart-only failures of the idle nodes of
 * thinned clocks, Poisson with mean rate x (1 - out_share) x idle
 * node-hours, join the clusters' failure counts. */
void fs__clocks_close(struct fs_sim *sim)
{
    for (size_t c = 0; c < sim->s->nclusters; c++) {
        struct fs__clock *k = &sim->clk[c];
        double mu;
        if (!(k->rate > 0.0) || !(k->out_share < 1.0))
            continue;
        idle_area(sim, (int32_t)c);
        mu = k->rate * (1.0 - k->out_share) * k->area;
        if (mu > 0.0)
            sim->cres[c].node_failures += gsl_ran_poisson(k->r, mu);
    }
}

static int node_fail(struct fs_sim *sim, int32_t n);

/* Clock id fired: one node of its group, drawn uniformly, fails; the
 * clock is drawn afresh when the event is settled. */
int fs__clock_fire(struct fs_sim *sim, int32_t id)
{
    struct fs__clock *k = &sim->clk[id];
    int32_t n = clock_size(sim, id), node;
    int rc;
    if (n != k->n_sched || n <= 0)
        FS_BUG("failure clock %d fired for %d nodes, set for %d", (int)id, (int)n, (int)k->n_sched);
    k->n_sched = 0;
    fs__clock_touch(sim, id);
    if ((size_t)id < sim->s->nclusters) {
        const struct fs__csim *cs = &sim->cl[id];
        node = cs->free_stack[gsl_rng_uniform_int(k->r, (unsigned long)cs->nfree)];
    } else {
        const struct fs__jsim *js = &sim->jb[((size_t)id - sim->s->nclusters) / 2];
        do /* the held slots; the empty ones are few (elastic) */
            node = js->slots[gsl_rng_uniform_int(k->r, (unsigned long)js->nslots)];
        while (node < 0);
    }
    sim->r_fire = k->r; /* its outcome and repair too */
    sim->fire_out = k->out_share < 1.0;
    rc = node_fail(sim, node);
    sim->r_fire = NULL;
    sim->fire_out = 0;
    return rc;
}

/* Group g of cluster c applies from now: its nodes in service take its
 * failure model (their pending failure is re-drawn at their age). */
static int group_start(struct fs_sim *sim, size_t c, size_t g)
{
    const struct fs__csim *cs = &sim->cl[c];
    fs__trace(sim, FS__EV_GROUP_START, -1, -1, sim->s->clusters[c].fail.groups[g].name);
    for (int32_t i = 0; i < cs->nactive; i++) {
        int32_t n = cs->first + i;
        int rc;
        if (sim->nodes[n].group == (int32_t)g && sim->nodes[n].state == FS__NODE_UP &&
            (rc = fs__node_arm(sim, n)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* Which group a new node belongs to: one uniform against the shares. */
static int32_t draw_group(struct fs_sim *sim, int32_t n, const struct fs_failure_cfg *f)
{
    double u, cum = 0.0;
    if (f->ngroups == 0)
        return -1;
    u = gsl_rng_uniform(fs__node_rng(sim, n, FS__RS_GROUP));
    fs__node_rng_save(sim, n, FS__RS_GROUP);
    for (size_t g = 0; g < f->ngroups; g++) {
        cum += f->groups[g].share;
        if (u < cum)
            return (int32_t)g;
    }
    return -1;
}

/* A failure of the job itself, drawn while it runs (fs__begin_running arms
 * it; one pending at a time). Exponential, so a failure time that falls
 * while the job is not running is dropped and the next run draws anew:
 * failures arrive at jobfail_rate per running hour. */
static int job_fail(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->jb[j].cluster].fail;
    double u, cum = 0.0;
    size_t k = 0;
    js->jobfail_armed = 0;
    if (js->state != FS__J_RUNNING)
        return FS_OK;
    fs__advance(sim, j);
    u = gsl_rng_uniform(js->r_jobfail) * js->jobfail_rate;
    for (k = 0; k + 1 < f->njob_causes; k++) {
        cum += f->job_causes[k].per_h + f->job_causes[k].per_node_h * js->nslots;
        if (u < cum)
            break;
    }
    fs__trace(sim, FS__EV_JOB_FAIL, (int32_t)j, -1, f->job_causes[k].name);
    if (f->job_causes[k].rollback > 1 && isfinite(js->tau)) {
        /* a deeper rollback: the work of that many more intervals is lost */
        double h = fmin((f->job_causes[k].rollback - 1) * js->tau, js->saved / js->rate_full);
        js->saved -= h * js->rate_full;
        sim->res[j].gpu_h_useful -= h * fs__job_gpus(sim, j);
        sim->res[j].gpu_h_lost += h * fs__job_gpus(sim, j);
    }
    return fs__interrupt(sim, j, -1, FS_CAUSE_JOB, f->job_causes[k].detect_h);
}

/*
 * Brings delivered nodes into service, each with its own streams and a
 * failure clock at its age: nodes there at the cluster's online date are
 * as old as that date (`born`, possibly before the start), later ones are
 * new on delivery.
 */
static int activate_nodes(struct fs_sim *sim, size_t c, double born)
{
    struct fs__csim *cs = &sim->cl[c];
    const struct fs_cluster *cl = &sim->s->clusters[c];
    int32_t want = (int32_t)(cs->gpus_owned / cl->gpus_per_node);
    if (want > cs->nnodes)
        want = cs->nnodes;
    if (cs->pooled && cl->fail.ngroups == 0 && !(cl->fail.straggler_rate_per_h > 0.0) &&
        cs->nactive < want) {
        /* the loop below with nothing to draw: no group, the pooled clock
         * covers the node (fs__node_arm only bumps gen), no straggler */
        fs__clock_touch(sim, fs__tm_idle(c));
        for (; cs->nactive < want; cs->nactive++) {
            int32_t n = cs->first + cs->nactive;
            struct fs__node *nd = &sim->nodes[n];
            nd->group = -1;
            nd->state = FS__NODE_UP;
            nd->born = born;
            nd->gen++;
            nd->free_pos = cs->nfree;
            cs->free_stack[cs->nfree++] = n;
        }
    }
    for (; cs->nactive < want; cs->nactive++) {
        int32_t n = cs->first + cs->nactive;
        sim->nodes[n].group = draw_group(sim, n, &cl->fail);
        sim->nodes[n].state = FS__NODE_UP;
        sim->nodes[n].born = born;
        fs__free_push(sim, n);
        if (fs__node_arm(sim, n) != FS_OK ||
            (cl->fail.straggler_rate_per_h > 0.0 && fs__straggler_arm(sim, n) != FS_OK))
            return FS_ENOMEM;
    }
    for (size_t j = 0; j < sim->s->njobs; j++)
        if ((size_t)sim->jb[j].cluster == c)
            fs__check_hardware(sim, j);
    return fs__try_schedule(sim, c);
}

static int cluster_online(struct fs_sim *sim, size_t c)
{
    struct fs__csim *cs = &sim->cl[c];
    cs->online = 1;
    cs->last_t = sim->now;
    if (sim->trace) {
        char extra[128];
        snprintf(extra, sizeof(extra), "cluster=%s nodes=%d", sim->s->clusters[c].name,
                 (int)(cs->gpus_owned / sim->s->clusters[c].gpus_per_node));
        fs__trace(sim, FS__EV_CLUSTER_ONLINE, -1, -1, extra);
    }
    if (cs->ndomains > 0 && fs__domains_start(sim, c) != FS_OK)
        return FS_ENOMEM;
    return activate_nodes(sim, c, fmin(sim->now, fs_date_h(sim->s, sim->s->clusters[c].online)));
}

/* GPUs of an order reach a cluster. */
static int delivery(struct fs_sim *sim, size_t d)
{
    const struct fs_delivery *dv = &sim->deliveries[d];
    struct fs__csim *cs = &sim->cl[dv->cluster];
    fs__accrue(sim, dv->cluster);
    cs->gpus_owned += dv->gpus;
    if (sim->trace) {
        char extra[160];
        snprintf(extra, sizeof(extra), "cluster=%s order=%s gpus=%.0f",
                 sim->s->clusters[dv->cluster].name, sim->s->orders[dv->order].name, dv->gpus);
        fs__trace(sim, FS__EV_DELIVERY, -1, -1, extra);
    }
    int rc = cs->online ? activate_nodes(sim, dv->cluster, sim->now) : FS_OK;
    return rc != FS_OK ? rc : fs__replan(sim);
}

int fs__job_finish(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    double g = fs__job_gpus(sim, j), slow = fs__slow_loss(js, sim->now);
    fs__count_compute(&sim->res[j], (sim->now - js->cycle_start - slow) * g, js->width);
    sim->res[j].gpu_h_lost += slow * g;
    sim->res[j].gpu_h_straggler += slow * g;
    return fs__finish_job(sim, j);
}

/*
 * A planned stop is announced, so the job saves its work with a complete
 * checkpoint write before it stops: in the compute phase it writes the
 * compute since the last checkpoint (delta hours from now); in a write, it
 * finishes that write. Returns the write time still to spend; the hours
 * are counted as checkpoint hours here.
 */
static double final_write(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    struct fs_job_result *r = &sim->res[j];
    double g = fs__job_gpus(sim, j), e = sim->now - js->cycle_start;
    double compute = e < js->ctau ? e : js->ctau, slow = fs__slow_loss(js, sim->now);
    double w = e < js->ctau ? (e > 0.0 ? js->delta : 0.0) : js->ctau + js->delta - e;
    fs__count_compute(r, (compute - slow) * g, js->width);
    r->gpu_h_lost += slow * g;
    r->gpu_h_straggler += slow * g;
    js->saved += (compute - slow) * js->rate_h;
    r->gpu_h_checkpoint += (e - compute + w) * g;
    if (e - compute + w > 0.0)
        r->checkpoints++;
    return w;
}

static int maintenance(struct fs_sim *sim, size_t j)
{
    struct fs__jsim *js = &sim->jb[j];
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->jb[j].cluster].fail;
    double dt = gsl_ran_exponential(js->r_maint, FS_HOURS_PER_DAY / f->maintenance_per_day), w;
    int rc = fs__push(sim, sim->now + dt, FS__EV_MAINT, js->maint_gen, (int32_t)j, 0);
    if (rc != FS_OK || js->state != FS__J_RUNNING)
        return rc; /* a job not running at that moment is not disturbed */
    fs__advance(sim, j);
    fs__trace(sim, FS__EV_MAINT, (int32_t)j, -1, NULL);
    sim->res[j].interruptions[FS_CAUSE_PLANNED]++;
    fs__record(sim, j);
    w = final_write(sim, j);
    fs__phase_drop(sim, j);
    fs__clock_touch(sim, fs__tm_held(sim, j));
    js->state = FS__J_MAINT;
    js->state_since = sim->now + w; /* idle from the end of the write */
    fs__phase_set(sim, j, sim->now + w + f->maintenance_h, FS__EV_MAINT_DONE);
    return FS_OK;
}

static int maintenance_done(struct fs_sim *sim, size_t j)
{
    fs__trace(sim, FS__EV_MAINT_DONE, (int32_t)j, -1, NULL);
    return fs__resume(sim, j);
}

/* Closes every job at the horizon; unfinished work in progress counts. */
void fs__horizon(struct fs_sim *sim)
{
    fs__trace(sim, FS__EV_HORIZON, -1, -1, NULL);
    for (size_t j = 0; j < sim->s->njobs; j++) {
        struct fs__jsim *js = &sim->jb[j];
        if (js->state == FS__J_DONE || js->state == FS__J_PENDING || js->state == FS__J_QUEUED)
            continue;
        fs__accrue(sim, (size_t)js->cluster);
        fs__advance(sim, j);
        fs__record(sim, j);
        fs__close_state(sim, j, 1);
        sim->res[j].end_h = sim->now;
    }
}

int fs__dispatch(struct fs_sim *sim, const struct fs_event *ev)
{
    size_t a = (size_t)ev->a;
    switch ((enum fs__ev_kind)ev->kind) {
    case FS__EV_CLUSTER_ONLINE:
        return cluster_online(sim, a);
    case FS__EV_JOB_READY:
        sim->jb[a].time_ok = 1;
        return sim->jb[a].deps_left == 0 ? fs__enqueue(sim, a) : FS_OK;
    case FS__EV_NODE_FAIL:
        return ev->gen == sim->nodes[a].gen && sim->nodes[a].state == FS__NODE_UP
                   ? node_fail(sim, ev->a) : FS_OK;
    case FS__EV_NODE_REPAIRED:
        return node_repaired(sim, ev->a);
    case FS__EV_CKPT_DONE:
        return ev->gen == sim->jb[a].gen ? fs__ckpt_due(sim, a) : FS_OK;
    case FS__EV_JOB_FINISH:
        return ev->gen == sim->jb[a].gen ? fs__job_finish(sim, a) : FS_OK;
    case FS__EV_CLOCK:
        return fs__clock_fire(sim, ev->a);
    case FS__EV_RESTART_DONE:
        if (ev->gen != sim->jb[a].gen)
            return FS_OK;
        fs__trace(sim, FS__EV_RESTART_DONE, ev->a, -1, NULL);
        fs__close_state(sim, a, 0);
        fs__record(sim, a);
        return fs__begin_running(sim, a);
    case FS__EV_MAINT:
        return ev->gen == sim->jb[a].maint_gen && sim->jb[a].state != FS__J_DONE
                   ? maintenance(sim, a) : FS_OK;
    case FS__EV_MAINT_DONE:
        return ev->gen == sim->jb[a].gen ? maintenance_done(sim, a) : FS_OK;
    case FS__EV_SAMPLE:
        fs__sample_grid(sim, a);
        sim->next_grid = a + 1;
        return sim->next_grid < sim->ngrid
                   ? fs__push(sim, sim->grid_h[sim->next_grid], FS__EV_SAMPLE, 0,
                              (int32_t)sim->next_grid, 0)
                   : FS_OK;
    case FS__EV_DELIVERY:
        return delivery(sim, a);
    case FS__EV_RETIRE:
        fs__accrue(sim, a);
        sim->cl[a].retired = 1;
        fs__trace(sim, FS__EV_RETIRE, -1, -1, sim->s->clusters[a].name);
        return fs__replan(sim);
    case FS__EV_GROUP_START:
        return group_start(sim, a, (size_t)ev->b);
    case FS__EV_DETECTED:
        if (ev->gen != sim->jb[a].gen)
            return FS_OK;
        fs__trace(sim, FS__EV_DETECTED, ev->a, -1, NULL);
        return fs__resume(sim, a);
    case FS__EV_JOB_FAIL:
        return job_fail(sim, a);
    case FS__EV_STRAG:
        return fs__straggler(sim, ev->a);
    case FS__EV_STRAG_OUT:
        return fs__straggler_out(sim, ev->a, ev->b, ev->gen);
    case FS__EV_DOMAIN_FAIL:
        return fs__domain_fail(sim, a, ev->b);
    case FS__EV_DOMAIN_REPAIRED:
        return fs__domain_repaired(sim, a, ev->b);
    case FS__EV_RULE_CHANGE: /* an order's loss becomes known (placement.c) */
        return fs__replan(sim);
    case FS__EV_JOB_START:
    case FS__EV_PLACED:
    case FS__EV_HORIZON:
        return FS_OK;
    }
    FS_BUG("unknown event kind %u", ev->kind);
}
