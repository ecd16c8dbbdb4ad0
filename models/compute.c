/*
 * compute.c - training throughput and ideal time-to-train.
 *
 * A job's work is its FLOP budget; it proceeds at gpus x peak x MFU FLOP/s
 * whenever it runs. Everything here is deterministic; failures, checkpoints
 * and queueing belong to the simulator.
 */
#include "fleetsim/compute.h"

double fs_job_rate_flops(const struct fs_scenario *s, const struct fs_job *j)
{
    const struct fs_chip *chip = fs_cluster_chip(s, &s->clusters[j->cluster]);
    return j->gpus * fs_chip_peak_flops(chip, j->precision) * j->mfu;
}

void fs_job_ideal(const struct fs_scenario *s, const struct fs_job *j,
                  struct fs_ideal *out)
{
    out->rate_flops = fs_job_rate_flops(s, j);
    out->hours = j->flop / out->rate_flops / 3600.0;
    out->gpu_hours = j->gpus * out->hours;
    out->rental_usd = out->gpu_hours * s->clusters[j->cluster].rental_usd_per_gpu_h;
}

double fs_cluster_peak_flops(const struct fs_scenario *s,
                             const struct fs_cluster *c, enum fs_precision p)
{
    return c->gpus * fs_chip_peak_flops(fs_cluster_chip(s, c), p);
}
