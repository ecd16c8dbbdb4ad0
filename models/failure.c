/*
 * failure.c - job failure rates and the Young/Daly optimum checkpoint
 * interval.
 *
 * A node's time between failures (fail.ttf_h) is exponential with mean
 * 1/rate, or Weibull with shape k and the same mean, so changing the shape
 * changes the spread and the hazard's trend, not the long-run rate; repair
 * times (fail.repair_h) are fixed, exponential, or lognormal with a mean and
 * a coefficient of variation. Both are drawn with fs_dist_draw (dist.c).
 */
#include <math.h>

#include "fleetsim/failure.h"

double fs_young_interval(double delta, double mtbf)
{
    return sqrt(2.0 * delta * mtbf);
}

double fs_daly_interval(double delta, double mtbf)
{
    double x;
    if (delta >= 2.0 * mtbf)
        return mtbf;
    x = delta / (2.0 * mtbf);
    return sqrt(2.0 * delta * mtbf) * (1.0 + sqrt(x) / 3.0 + x / 9.0) - delta;
}

double fs_job_failure_rate(const struct fs_failure_cfg *f, int nodes)
{
    if (f->ttf_h.kind == FS_DIST_NONE)
        return 0.0;
    return nodes * f->node_rate_per_h;
}

double fs_checkpoint_interval_h(const struct fs_scenario *s, const struct fs_job *j)
{
    const struct fs_cluster *c = &s->clusters[j->cluster];
    double rate;
    if (!j->checkpoint_auto)
        return j->checkpoint_interval_h;
    rate = fs_job_failure_rate(&c->fail, j->gpus / c->gpus_per_node);
    if (!(rate > 0.0))
        return INFINITY;
    return fs_daly_interval(j->checkpoint_write_h, 1.0 / rate);
}
