/*
 * domains.c - failure domains: a switch, rack or power domain of
 * failures.domain_nodes consecutive nodes of a cluster fails as one, with
 * its own exponential rate and repair, taking every node in service in it
 * out at once (docs/model.md, "Failure domains").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fleetsim/failure.h"
#include "internal.h"

/* Each domain's stream: GSL's taus2 keyed by replicate, cluster name and
 * the domain's index (salted apart from the nodes' streams). */
void fs__domains_reset(struct fs_sim *sim, size_t c)
{
    struct fs__csim *cs = &sim->cl[c];
    for (int32_t d = 0; d < cs->ndomains; d++) {
        uint64_t x = (sim->rep_key ^ cs->key) + 0x9E3779B97F4A7C15ull * (uint64_t)(d + 1);
        x = fs__mix64(x ^ 0x5851F42D4C957F2Dull); /* salted apart from nodes */
        gsl_rng_set(sim->r_node, (unsigned long)((x >> 32) ^ (x & 0xFFFFFFFFull)));
        memcpy(cs->dom_rs + (size_t)d * sim->rs_size, sim->r_node->state, sim->rs_size);
        cs->dom_down[d] = 0;
    }
}

static double domain_draw(struct fs_sim *sim, size_t c, int32_t d, const struct fs_dist *dist)
{
    struct fs__csim *cs = &sim->cl[c];
    unsigned char *st = cs->dom_rs + (size_t)d * sim->rs_size;
    double t;
    memcpy(sim->r_node->state, st, sim->rs_size);
    t = fs_dist_draw(dist, sim->r_node);
    memcpy(st, sim->r_node->state, sim->rs_size);
    return t;
}

static int arm_domain(struct fs_sim *sim, size_t c, int32_t d)
{
    double t = domain_draw(sim, c, d, &sim->s->clusters[c].fail.domain_ttf_h);
    return isfinite(t) ? fs__push(sim, sim->now + t, FS__EV_DOMAIN_FAIL, 0, (int32_t)c, d)
                       : FS_OK;
}

/* The cluster comes online: every domain's clock starts. */
int fs__domains_start(struct fs_sim *sim, size_t c)
{
    int rc = FS_OK;
    for (int32_t d = 0; d < sim->cl[c].ndomains && rc == FS_OK; d++)
        rc = arm_domain(sim, c, d);
    return rc;
}

/* Domain d fails: its nodes in service go out together; each job that held
 * some of them is interrupted once. Nodes in their own repair stay there
 * and come back into a domain that is down (node_repaired). */
int fs__domain_fail(struct fs_sim *sim, size_t c, int32_t d)
{
    struct fs__csim *cs = &sim->cl[c];
    const struct fs_failure_cfg *f = &sim->s->clusters[c].fail;
    int32_t k = f->domain_nodes, lo = cs->first + d * k, hi = lo + k;
    int rc;
    if (hi > cs->first + cs->nnodes)
        hi = cs->first + cs->nnodes;
    cs->dom_down[d] = 1;
    sim->cres[c].domain_failures++;
    if (sim->trace) {
        char extra[64];
        snprintf(extra, sizeof(extra), "domain=%d", (int)d);
        fs__trace(sim, FS__EV_DOMAIN_FAIL, -1, -1, extra);
    }
    for (int32_t n = lo; n < hi; n++) {
        struct fs__node *nd = &sim->nodes[n];
        if (nd->state != FS__NODE_UP)
            continue;
        nd->state = FS__NODE_DOMAIN_DOWN;
        nd->gen++; /* its failure clock stops */
        if (nd->free_pos >= 0)
            fs__free_remove(sim, n);
        if (nd->job >= 0) {
            sim->jb[nd->job].dom_hit = 1;
            fs__lose_node(sim, (size_t)nd->job, n);
        }
    }
    rc = fs__push(sim, sim->now + domain_draw(sim, c, d, &f->domain_repair_h),
                  FS__EV_DOMAIN_REPAIRED, 0, (int32_t)c, d);
    for (size_t j = 0; j < sim->s->njobs && rc == FS_OK; j++) {
        if (!sim->jb[j].dom_hit)
            continue;
        sim->jb[j].dom_hit = 0;
        rc = fs__interrupt(sim, j, -1, FS_CAUSE_DOMAIN, 0.0);
    }
    return rc;
}

/* Domain d is back: its nodes return at the age they had (the domain's
 * fault was not theirs) and its clock restarts. */
int fs__domain_repaired(struct fs_sim *sim, size_t c, int32_t d)
{
    struct fs__csim *cs = &sim->cl[c];
    int32_t k = sim->s->clusters[c].fail.domain_nodes, lo = cs->first + d * k, hi = lo + k;
    int rc;
    if (hi > cs->first + cs->nnodes)
        hi = cs->first + cs->nnodes;
    cs->dom_down[d] = 0;
    if (sim->trace) {
        char extra[64];
        snprintf(extra, sizeof(extra), "domain=%d", (int)d);
        fs__trace(sim, FS__EV_DOMAIN_REPAIRED, -1, -1, extra);
    }
    for (int32_t n = lo; n < hi; n++) {
        if (sim->nodes[n].state != FS__NODE_DOMAIN_DOWN)
            continue;
        sim->nodes[n].state = FS__NODE_UP;
        fs__free_push(sim, n);
        if ((rc = fs__node_arm(sim, n)) != FS_OK)
            return rc;
    }
    if ((rc = arm_domain(sim, c, d)) != FS_OK)
        return rc;
    return fs__try_schedule(sim, c);
}
