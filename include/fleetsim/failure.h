/*
 * failure.h - failure rates and the optimal checkpoint interval. Pure
 * functions. Failure and repair times are drawn with fs_dist_draw (dist.h)
 * from a cluster's fail.ttf_h and fail.repair_h.
 */
#ifndef FLEETSIM_FAILURE_H
#define FLEETSIM_FAILURE_H

#include <gsl/gsl_rng.h>

#include "fleetsim/scenario.h"

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

/*
 * Time to the next failure of a node aged `age` hours under the failure
 * distribution ttf (exponential, Weibull or lognormal), given it has not
 * failed by that age: the residual life, as minimal repair wants it. Age 0
 * or less gives fs_dist_draw(ttf, r); at a positive age, Weibull and
 * lognormal take one uniform per draw; an infinite mean gives +inf, no draw.
 */
double fs_failure_draw(const struct fs_dist *ttf, double age, const gsl_rng *r);

/* Failures per hour that interrupt a job holding `nodes` nodes: its nodes
 * at the mix of the node groups' rates, plus its job-level causes. */
double fs_job_failure_rate(const struct fs_failure_cfg *f, int nodes);

/*
 * The checkpoint interval a job uses, h: the fixed setting, or for "auto"
 * Daly's optimum from the job's failure rate (INFINITY when the job cannot
 * fail: no checkpoints are needed).
 */
double fs_checkpoint_interval_h(const struct fs_scenario *s, const struct fs_job *j);

#endif
