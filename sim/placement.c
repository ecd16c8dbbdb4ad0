/*
 * placement.c - where a job with candidate clusters runs (docs/model.md,
 * "Placement").
 *
 * A ready job is queued on one candidate, its target. The choice uses only
 * what a planner knows at that moment: the GPUs each cluster has, the
 * orders for it whose loss (a block by an export rule, a seizure, a cap
 * cut) is not yet known, at their mean lead time, and retirements that
 * happened; never the replicate's later draws. The target is chosen again,
 * while the job still waits, whenever that knowledge changes: a delivery,
 * an order's loss becoming known (at its shipping time), a retirement. A
 * started job stays where it started.
 *
 * "first": the first candidate, in order of preference, that can host the
 * job: not retired, and its GPUs plus the orders not known to be lost give
 * the job's nodes. "earliest_finish": among those, the one with the
 * earliest expected finish: when the GPUs are expected (now if it has them;
 * else when the expected orders, in order of expected arrival, add up to
 * the job's nodes) plus the failure-free run time on that cluster's chip
 * (ties: preference order). Waiting behind other jobs is not foreseen.
 * If no candidate can host it, the job stays where it is.
 */
#include <math.h>

#include "fleetsim/compute.h"
#include "fleetsim/failure.h"
#include "internal.h"

int fs__order_lost(const struct fs_order_result *o)
{
    return o->fate == FS_FATE_BLOCKED || o->fate == FS_FATE_INTERDICTED ||
           o->fate == FS_FATE_PARTIAL;
}

/* FLOP/s of job j on its candidate k (fs_job_rate_flops on that chip). */
static double rate_on(const struct fs_scenario *s, const struct fs_job *j, size_t k)
{
    const struct fs_chip *chip = fs_cluster_chip(s, &s->clusters[j->cand[k].cluster]);
    return j->gpus * fs_chip_peak_flops(chip, j->precision) * j->cand[k].mfu;
}

/* Puts job j (not started) on its candidate k: its nodes, speed, checkpoint
 * interval and job-level failure rate are those of that cluster. */
void fs__place_job(struct fs_sim *sim, size_t j, int k)
{
    const struct fs_scenario *s = sim->s;
    const struct fs_job *job = &s->jobs[j];
    struct fs__jsim *js = &sim->jb[j];
    const struct fs_cluster *c = &s->clusters[job->cand[k].cluster];
    struct fs_job on = *job; /* the job as if it named this cluster */

    on.cluster = job->cand[k].cluster;
    on.mfu = job->cand[k].mfu;
    js->cand = k;
    js->cluster = (int32_t)job->cand[k].cluster;
    js->nslots = job->gpus / c->gpus_per_node;
    js->rate_h = (k == 0 ? fs_job_rate_flops(s, job) : rate_on(s, job, (size_t)k)) * 3600.0;
    js->rate_full = js->rate_h;
    js->rate_all = js->rate_h;
    js->fullslots = js->nslots;
    js->tau = fs_checkpoint_interval_h(s, &on);
    /* the superposed clock of its held nodes runs at the placed cluster's
     * rate, or not at all where that cluster's nodes keep their own */
    sim->clk[fs__tm_held(sim, j)].rate =
        sim->cl[js->cluster].pooled ? 1.0 / c->fail.ttf_h.a : 0.0;
    js->jobfail_rate = 0.0;
    for (size_t q = 0; q < c->fail.njob_causes; q++)
        js->jobfail_rate += c->fail.job_causes[q].per_h + c->fail.job_causes[q].per_node_h *
                                                             js->nslots;
    sim->res[j].checkpoint_interval_h = js->tau;
}

/* GPUs the planner expects order o to bring at sim->now. */
static double expected_gpus(const struct fs_sim *sim, size_t o)
{
    const struct fs_order_result *r = &sim->orders[o];
    if (fs__order_lost(r) && sim->now >= r->ship_h)
        return r->gpus_delivered;
    return sim->s->orders[o].count;
}

/* GPUs of order o (or, o == norders, of every order) delivered to cluster c
 * by sim->now, from the replicate's delivery list. */
static double delivered(const struct fs_sim *sim, size_t c, size_t o)
{
    double g = 0.0;
    for (size_t d = 0; d < sim->ndeliveries; d++) {
        const struct fs_delivery *dv = &sim->deliveries[d];
        if (dv->cluster == c && dv->t_h <= sim->now && (o == sim->s->norders || dv->order == o))
            g += dv->gpus;
    }
    return g;
}

/* Nodes of cluster c from g GPUs (at most the nodes it has room for). */
static int32_t nodes_of(const struct fs_sim *sim, size_t c, double g)
{
    double n = floor(g / sim->s->clusters[c].gpus_per_node);
    return n > sim->cl[c].nnodes ? sim->cl[c].nnodes : (int32_t)n;
}

/*
 * When the planner expects cluster c to have `need` nodes (INFINITY: not
 * with what it knows). Orders not yet delivered arrive at their placement
 * date plus the mean lead time (and a channel's mean extra delay), or now
 * if that is past.
 */
static double expected_ready_h(const struct fs_sim *sim, size_t c, int32_t need)
{
    const struct fs_scenario *s = sim->s;
    double g = fs_cluster_initial_gpus(&s->clusters[c]) + delivered(sim, c, s->norders);
    double t = fmax(sim->now, fs_date_h(s, s->clusters[c].online)), last_t = -INFINITY;
    size_t last_o = 0;
    if (sim->cl[c].retired)
        return INFINITY;
    /* Orders in order of expected arrival (ties: file order), one at a
     * time, until the GPUs are enough. */
    while (nodes_of(sim, c, g) < need) {
        double best_t = INFINITY, best_g = 0.0;
        size_t best_o = 0;
        for (size_t o = 0; o < s->norders; o++) {
            const struct fs_order *od = &s->orders[o];
            double left, at;
            if (od->cluster != c)
                continue;
            left = expected_gpus(sim, o) - delivered(sim, c, o);
            at = fs_date_h(s, od->date) + fs_dist_mean(&od->lead_days) * FS_HOURS_PER_DAY;
            if (od->channel >= 0)
                at += fs_dist_mean(&s->channels[od->channel].extra_delay_d) * FS_HOURS_PER_DAY;
            at = fmax(at, sim->now);
            if (!(left > 0.0) || at < last_t || (at == last_t && o <= last_o))
                continue; /* nothing to come, or counted already */
            if (at < best_t) {
                best_t = at;
                best_g = left;
                best_o = o;
            }
        }
        if (!isfinite(best_t))
            return INFINITY;
        g += best_g;
        last_t = best_t;
        last_o = best_o;
        t = fmax(t, best_t);
    }
    return t;
}

/* The candidate job j should wait for now, or its current one if none can
 * host it. */
static int choose(const struct fs_sim *sim, size_t j)
{
    const struct fs_scenario *s = sim->s;
    const struct fs_job *job = &s->jobs[j];
    double best = INFINITY;
    int pick = sim->jb[j].cand;
    for (size_t k = 0; k < job->ncand; k++) {
        size_t c = job->cand[k].cluster;
        int32_t need = job->gpus / s->clusters[c].gpus_per_node;
        double t = expected_ready_h(sim, c, need), fin;
        if (!isfinite(t))
            continue;
        if (job->placement == FS_PLACE_FIRST)
            return (int)k;
        fin = t + job->flop / rate_on(s, job, k) / 3600.0;
        if (fin < best) {
            best = fin;
            pick = (int)k;
        }
    }
    return pick;
}

/* Moves queued job j to candidate k and tries to start it there. */
static int move(struct fs_sim *sim, size_t j, int k)
{
    if (k == sim->jb[j].cand)
        return FS_OK;
    fs__place_job(sim, j, k);
    fs__check_hardware(sim, j);
    if (sim->trace != NULL) {
        char extra[96];
        snprintf(extra, sizeof(extra), "placed_on=%s",
                 sim->s->clusters[sim->jb[j].cluster].name);
        fs__trace(sim, FS__EV_PLACED, (int32_t)j, -1, extra);
    }
    return fs__try_schedule(sim, (size_t)sim->jb[j].cluster);
}

/* A job with candidates became ready: its first target. */
int fs__place_new(struct fs_sim *sim, size_t j)
{
    int rc = move(sim, j, choose(sim, j));
    if (rc != FS_OK || sim->jb[j].state != FS__J_QUEUED)
        return rc;
    return fs__try_schedule(sim, (size_t)sim->jb[j].cluster);
}

/* What the planner knows changed: every waiting job with candidates
 * chooses again. */
int fs__replan(struct fs_sim *sim)
{
    int rc;
    if (!sim->replan)
        return FS_OK;
    for (size_t j = 0; j < sim->s->njobs; j++)
        if (sim->s->jobs[j].ncand > 1 && sim->jb[j].state == FS__J_QUEUED &&
            (rc = move(sim, j, choose(sim, j))) != FS_OK)
            return rc;
    return FS_OK;
}
