/*
 * cfg_ramp.c - a ramped start whose MFU the throughput model predicts
 * (`model`): the job's rate on each node count it can compute on while it
 * grows, per candidate cluster, computed once here and kept in the
 * scenario (fs_job_candidate.ramp_flops); the engine reads the table.
 *
 * At n of its nodes the job keeps its layout with the data-parallel degree
 * scaled (dp = n x gpus_per_node / (tp pp cp), the same global batch, so
 * more micro-batches per pipeline); where that layout cannot be built or
 * does not fit, the layout is searched again with tp, pp, dp and ep free
 * and the other settings kept. The job never computes slower on more
 * nodes: where a smaller count (from the start count up) is faster, its
 * layout serves, and a node count with no feasible layout at all computes
 * as the best smaller count (its other nodes held until the next growth),
 * with a warning; none at the start count is an error. docs/model.md,
 * "Ramped starts".
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "fleetsim/throughput.h"
#include "internal.h"

/* Nodes a ramped start needs free, as sim/jobs.c (start_need) counts them. */
static int start_nodes(double share, int nodes)
{
    int n = (int)ceil(share * nodes - 1e-9);
    return n < 1 ? 1 : n;
}

/* The step of `on` on g GPUs: its layout with dp scaled, else searched
 * again. *searched says which; FS_ESCENARIO with the reason if neither. */
static int step_at(const struct fs_chip *chip, const struct fs_job *on, int g,
                   struct fs_step *st, int *searched, char *why, size_t len)
{
    struct fs_parallel p = on->step.par, free_ = on->par;
    int cells = p.tp * p.pp * (p.cp > 0 ? p.cp : 1);
    *searched = 0;
    if (cells > 0 && g % cells == 0) {
        p.dp = g / cells;
        if (fs_step_predict(chip, on->precision, g, &on->shape, &p, st, why, len) == FS_OK)
            return FS_OK;
    }
    *searched = 1;
    free_.tp = free_.pp = free_.dp = free_.ep = 0;
    return fs_step_search(chip, on->precision, g, &on->shape, &free_, st, why, len);
}

int fs__ramp_rates(const struct fs__ctx *cx, const config_setting_t *g, struct fs_scenario *s,
                   struct fs_job *j, size_t k, const struct fs_job *on)
{
    const struct fs_cluster *c = &s->clusters[j->cand[k].cluster];
    const struct fs_chip *chip = &s->catalog.chips[c->chip];
    int gpn = c->gpus_per_node, nodes = j->gpus / gpn, first, ok = -1, nbad = 0, lo = 0, hi = 0;
    double peak = fs_chip_peak_flops(chip, j->precision), *t;
    char why[256], why_first[256] = "", why_bad[256] = "";

    if (!(j->ramp_start_share < 1.0) || j->mfu_source != FS_MFU_PREDICTED || nodes < 1)
        return FS_OK;
    first = start_nodes(j->ramp_start_share, nodes);
    if ((t = calloc((size_t)nodes + 1, sizeof(*t))) == NULL)
        return FS_ENOMEM;
    j->cand[k].ramp_flops = t;
    t[nodes] = (double)j->gpus * peak * j->cand[k].mfu; /* the job's own rate */
    for (int n = first; n < nodes; n++) {
        struct fs_step st;
        int searched;
        if (step_at(chip, on, n * gpn, &st, &searched, why, sizeof(why)) == FS_OK) {
            t[n] = (double)n * gpn * peak * st.mfu;
            /* never slower on more nodes: a smaller count's layout serves */
            if (n > first && t[n - 1] > t[n])
                t[n] = t[n - 1];
            if (ok < 0)
                ok = n;
            continue;
        }
        if (ok < 0) { /* nothing yet from the start count up */
            if (why_first[0] == '\0')
                snprintf(why_first, sizeof(why_first), "%s", why);
            continue;
        }
        t[n] = t[n - 1];
        if (nbad++ == 0) {
            lo = n;
            snprintf(why_bad, sizeof(why_bad), "%s", why);
        }
        hi = n;
    }
    if (ok < 0)
        ok = nodes;
    if (ok > first) {
        char range[64];
        if (ok - 1 > first)
            snprintf(range, sizeof(range), "%d to %d nodes (at %d", first, ok - 1, first);
        else
            snprintf(range, sizeof(range), "%d node%s (", first, first > 1 ? "s" : "");
        return fs__err_at(cx, config_setting_get_member(g, "ramp_start_share"),
                          "job '%s' would start on %d of its %d nodes of cluster '%s', but the "
                          "throughput model has no layout on %s%s%s); the first count with one "
                          "is %d nodes: set ramp_start_share to at least %d/%d",
                          j->name, first, nodes, c->name, range, ok - 1 > first ? ": " : "",
                          why_first, ok, ok, nodes);
    }
    if (nbad > 0)
        return fs__warn(s, fs_xprintf("job '%s' on cluster '%s': the throughput model has no "
                                      "layout on %d node count%s from %d to %d (at %d: %s); "
                                      "there it computes as the best smaller count",
                                      j->name, c->name, nbad, nbad > 1 ? "s" : "", lo, hi, lo,
                                      why_bad));
    return FS_OK;
}
