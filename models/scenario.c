/*
 * scenario.c - helpers over a resolved scenario (see scenario.h).
 *
 * Every conversion from a date to simulated hours goes through fs_date_h,
 * so the convention (days since start x 24, 00:00 UTC) is written once.
 */
#include <math.h>
#include <stdint.h>

#include "fleetsim/scenario.h"

const struct fs_chip *fs_cluster_chip(const struct fs_scenario *s,
                                      const struct fs_cluster *c)
{
    return &s->catalog.chips[c->chip];
}

double fs_cluster_initial_gpus(const struct fs_cluster *c)
{
    return (double)c->gpus + (double)c->spare_nodes * c->gpus_per_node;
}

double fs_date_days(const struct fs_scenario *s, fs_date d)
{
    /* Both values are exact in a double and so is their difference, which
     * equals the int difference wherever that one does not overflow. */
    return (double)d - (double)s->start;
}

double fs_date_h(const struct fs_scenario *s, fs_date d)
{
    return fs_date_days(s, d) * FS_HOURS_PER_DAY;
}

fs_date fs_h_date(const struct fs_scenario *s, double t_h)
{
    return s->start + (fs_date)floor(t_h / FS_HOURS_PER_DAY);
}

double fs_horizon_h(const struct fs_scenario *s)
{
    return s->horizon_days * FS_HOURS_PER_DAY;
}

double fs_cluster_retire_h(const struct fs_scenario *s, const struct fs_cluster *c)
{
    return c->retire == INT32_MAX ? INFINITY : fs_date_h(s, c->retire);
}
