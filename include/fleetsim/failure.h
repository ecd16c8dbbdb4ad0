/*
 * failure.h - failure and repair time distributions, and the optimal
 * checkpoint interval. Pure functions; randomness comes from the caller's
 * GSL generator.
 */
#ifndef FLEETSIM_FAILURE_H
#define FLEETSIM_FAILURE_H

#include <gsl/gsl_rng.h>

#include "fleetsim/scenario.h"

/* Time to the next failure of one node, h (INFINITY if failures are off). */
double fs_fail_draw_ttf(const struct fs_failure_cfg *f, const gsl_rng *r);

/* Time to repair a node, h. */
double fs_fail_draw_repair(const struct fs_failure_cfg *f, const gsl_rng *r);

/*
 * Young (1974): tau = sqrt(2 delta M). delta = checkpoint write time,
 * M = mean time between interruptions of the job (same unit).
 */
double fs_young_interval(double delta, double mtbf);

/*
 * Daly (2006), higher-order: tau = sqrt(2 delta M) [1 + sqrt(delta/2M)/3 +
 * (delta/2M)/9] - delta for delta < 2M, else M.
 */
double fs_daly_interval(double delta, double mtbf);

/* Failures per hour that interrupt a job holding `nodes` nodes. */
double fs_job_failure_rate(const struct fs_failure_cfg *f, int nodes);

/*
 * The checkpoint interval a job uses, h: the fixed setting, or for "auto"
 * Daly's optimum from the job's failure rate (INFINITY when the job cannot
 * fail: no checkpoints are needed).
 */
double fs_checkpoint_interval_h(const struct fs_scenario *s, const struct fs_job *j);

#endif
