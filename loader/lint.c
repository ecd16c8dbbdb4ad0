/*
 * lint.c - the loader's warnings: findings about a scenario that is valid
 * but probably not what its author meant. They are kept in the scenario
 * (warnings, nwarnings) for the caller to print; the loader prints nothing.
 * Cost is linear in jobs and failure causes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Appends one warning, taking ownership of text (NULL: out of memory). */
int fs__warn(struct fs_scenario *s, char *text)
{
    char **w = text ? realloc(s->warnings, (s->nwarnings + 1) * sizeof(*w)) : NULL;
    if (w == NULL) {
        free(text);
        return FS_ENOMEM;
    }
    s->warnings = w;
    w[s->nwarnings++] = text;
    return FS_OK;
}

/*
 * A job on every GPU a cluster will own, with no spare nodes, stops at each
 * failure that takes a node out until the repair, and cannot start while
 * any node is down: it will mostly wait.
 */
int fs__lint(struct fs_scenario *s)
{
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        const struct fs_cluster *c = &s->clusters[job->cluster];
        int can_go_out = c->fail.ncauses == 0 ? c->fail.node_out_fraction > 0.0 : 0;
        for (size_t k = 0; k < c->fail.ncauses; k++)
            can_go_out |= c->fail.causes[k].node_out;
        if (job->gpus == c->max_gpus && c->spare_nodes == 0 &&
            c->fail.ttf_h.kind != FS_DIST_NONE && can_go_out &&
            fs__warn(s, fs_xprintf("job '%s' needs every GPU cluster '%s' will own and it has "
                               "no spare nodes: it cannot start while a node is down and "
                               "stalls at each repair (add spare_nodes or leave headroom)",
                               job->name, c->name)) != FS_OK)
            return FS_ENOMEM;
        /* The model's own warning (throughput.h): fewer micro-batches per
         * pipeline than stages, so the bubble is a large share of the step. */
        if (job->mfu_source == FS_MFU_PREDICTED && job->step.par.pp > 1 &&
            job->step.micro_batches < job->step.par.pp &&
            fs__warn(s, fs_xprintf("job '%s': %.4g micro-batches per pipeline for %d stages: "
                               "the pipeline bubble is %.0f %% of the step (a larger global "
                               "batch or fewer data-parallel replicas shrink it)",
                               job->name, job->step.micro_batches, job->step.par.pp,
                               100.0 * job->step.bubble_s / job->step.step_s)) != FS_OK)
            return FS_ENOMEM;
    }
    return FS_OK;
}
