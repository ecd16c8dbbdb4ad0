/*
 * resolved.h - helpers over a resolved scenario: the chip a cluster runs,
 * its initial GPUs, and conversions between calendar dates and simulated
 * hours.
 *
 * Pure functions of struct fs_scenario (scenario.h) with no dependency on
 * the loader or on libconfig, so models and the engine can use them and
 * link without sim/cfg*.c. Simulated time is hours since the scenario's
 * start date at 00:00 UTC (date.h).
 */
#ifndef FLEETSIM_RESOLVED_H
#define FLEETSIM_RESOLVED_H

#include "fleetsim/date.h"
#include "fleetsim/scenario.h"

/* The chip a cluster runs (an entry of the scenario's catalog). */
const struct fs_chip *fs_cluster_chip(const struct fs_scenario *s,
                                      const struct fs_cluster *c);

/* GPUs a cluster owns at its online date: gpus plus spare nodes. */
double fs_cluster_initial_gpus(const struct fs_cluster *c);

/* Days from the scenario start to day d (negative before the start). Exact:
 * computed in double, so no int overflow even for far dates. */
double fs_date_days(const struct fs_scenario *s, fs_date d);

/* Simulated time of 00:00 UTC on day d, hours since the scenario start:
 * fs_date_days(s, d) x 24 (exact for any fs_date). */
double fs_date_h(const struct fs_scenario *s, fs_date d);

/* The calendar day that contains simulated time t_h (hours since start). */
fs_date fs_h_date(const struct fs_scenario *s, double t_h);

/* The scenario's horizon in simulated hours: horizon_days x 24. */
double fs_horizon_h(const struct fs_scenario *s);

/* Simulated hour a cluster retires, INFINITY if it never does. */
double fs_cluster_retire_h(const struct fs_scenario *s, const struct fs_cluster *c);

#endif
