/*
 * lint.c - warnings about valid scenarios that will mostly wait. Runs once
 * per loaded scenario or variant; cost is linear in jobs and causes.
 */
#include "fleetsim/lint.h"
#include "fleetsim/report.h"
#include "fleetsim/scenario.h"

int fs_scenario_lint(const struct fs_scenario *s, FILE *out)
{
    return fs_scenario_lint_variant(s, NULL, out);
}

/*
 * Warns about jobs that will mostly wait: a job on every GPU a cluster will
 * own, with no spare nodes, stops at each failure that takes a node out
 * until the repair, and cannot start while any node is down.
 */
int fs_scenario_lint_variant(const struct fs_scenario *s, const char *variant, FILE *out)
{
    int n = 0;
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        const struct fs_cluster *c = &s->clusters[job->cluster];
        int can_go_out = c->fail.ncauses == 0 ? c->fail.node_out_fraction > 0.0 : 0;
        for (size_t k = 0; k < c->fail.ncauses; k++)
            can_go_out |= c->fail.causes[k].node_out;
        if (job->gpus == c->max_gpus && c->spare_nodes == 0 && c->fail.ttf_h.kind != FS_DIST_NONE &&
            can_go_out) {
            fprintf(out, "fleetsim: warning: %s%s%sjob '%s' needs every GPU cluster '%s' "
                         "will own and it has no spare nodes: it cannot start while a node "
                         "is down and stalls at each repair (add spare_nodes or leave "
                         "headroom)\n",
                    variant ? "in '" : "", variant ? fs_term(variant) : "",
                    variant ? "': " : "", fs_term(job->name), fs_term(c->name));
            n++;
        }
    }
    return n;
}
