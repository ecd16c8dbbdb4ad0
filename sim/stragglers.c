/*
 * stragglers.c - slow nodes. A node turns slow at straggler_per_1000_node_days
 * (exponential, from its own stream). If a running job holds it, the whole
 * job computes straggler_slowdown times slower until the node is found,
 * straggler_detection_minutes later, and removed: it goes for repair and
 * the job restarts without it from its last checkpoint (docs/model.md,
 * "Stragglers"). The compute the slowness cost in work that was saved is
 * gpu_h_straggler (part of gpu_h_lost).
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "internal.h"

/* The node's next slowdown; one pending per node, never cancelled. */
int fs__straggler_arm(struct fs_sim *sim, int32_t n)
{
    const struct fs_failure_cfg *f = &sim->s->clusters[sim->nodes[n].cluster].fail;
    double dt;
    if (!(f->straggler_rate_per_h > 0.0))
        return FS_OK;
    dt = gsl_ran_exponential(fs__node_rng(sim, n, FS__RS_STRAG), 1.0 / f->straggler_rate_per_h);
    fs__node_rng_save(sim, n, FS__RS_STRAG);
    return fs__push(sim, sim->now + dt, FS__EV_STRAG, 0, n, 0);
}

/* Node n turns slow: only a running job holding it notices. */
int fs__straggler(struct fs_sim *sim, int32_t n)
{
    struct fs__node *nd = &sim->nodes[n];
    const struct fs_failure_cfg *f = &sim->s->clusters[nd->cluster].fail;
    struct fs__jsim *js;
    double until;
    int rc = fs__straggler_arm(sim, n);
    if (rc != FS_OK || nd->state != FS__NODE_UP || nd->job < 0 || nd->strag ||
        sim->jb[nd->job].state != FS__J_RUNNING)
        return rc;
    js = &sim->jb[nd->job];
    fs__advance(sim, (size_t)nd->job);
    nd->strag = 1;
    sim->cres[nd->cluster].stragglers++;
    fs__trace(sim, FS__EV_STRAG, nd->job, n, NULL);
    until = sim->now + f->straggler_detect_h;
    if (js->slow_until < sim->now) {
        /* a new window: bank what an earlier one cost this cycle */
        js->slow_banked = fs__slow_loss(js, sim->now);
        js->slow_from = sim->now;
        js->slow_cut = 1.0 - 1.0 / f->straggler_slowdown;
    }
    if (until > js->slow_until)
        js->slow_until = until;
    /* A cycle that ends in the finish ends later now; and while the
     * window lasts, checkpoints are events (jobs.c). */
    if ((rc = fs__schedule_cycle(sim, (size_t)nd->job)) != FS_OK)
        return rc;
    /* gen: the node's failure-clock generation, which moves when it fails
     * (and the straggler is found with it) */
    return fs__push(sim, until, FS__EV_STRAG_OUT, nd->gen, n, nd->job);
}

/* The slow node is found: out for repair, and its job restarts without it. */
int fs__straggler_out(struct fs_sim *sim, int32_t n, int32_t j, uint32_t gen)
{
    struct fs__node *nd = &sim->nodes[n];
    int rc;
    if (!nd->strag || gen != nd->gen)
        return FS_OK;
    nd->strag = 0;
    if (nd->state != FS__NODE_UP || nd->job != j)
        return FS_OK;
    fs__trace(sim, FS__EV_STRAG_OUT, j, n, NULL);
    if ((rc = fs__node_out(sim, n)) != FS_OK)
        return rc;
    return fs__interrupt(sim, (size_t)j, n, FS_CAUSE_STRAGGLER, 0.0);
}
