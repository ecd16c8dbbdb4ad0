/*
 * compute.h - the compute model: how fast a job trains, and what an ideal
 * (failure-free) run costs. Pure functions of the scenario.
 */
#ifndef FLEETSIM_COMPUTE_H
#define FLEETSIM_COMPUTE_H

#include "fleetsim/scenario.h"
#include "fleetsim/scenario.h"

/* Sustained FLOP/s of a job: gpus x dense peak(precision) x mfu. */
double fs_job_rate_flops(const struct fs_scenario *s, const struct fs_job *j);

/* A failure-free run of one job on its allocated GPUs. */
struct fs_ideal {
    double rate_flops;   /* sustained cluster FLOP/s */
    double hours;        /* wall-clock, h = flop / rate / 3600 */
    double gpu_hours;    /* gpus x hours */
    double rental_usd;   /* gpu_hours x the cluster's $/GPU-h */
};

/* Fills *out for job j. */
void fs_job_ideal(const struct fs_scenario *s, const struct fs_job *j,
                  struct fs_ideal *out);

/* Peak FLOP/s of a whole cluster at a precision (gpus x peak). */
double fs_cluster_peak_flops(const struct fs_scenario *s,
                             const struct fs_cluster *c, enum fs_precision p);

#endif
