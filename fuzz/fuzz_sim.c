/*
 * fuzz_sim.c - libFuzzer harness for the loader and the simulation: the
 * input (see harness.h) is loaded as in fuzz_load.c with the replicates
 * forced to 2; a scenario small enough to finish well inside the fuzzer's
 * timeout is then simulated on one thread and summarised.
 */
#include "harness.h"

/* Larger scenarios are skipped, not simulated: they are slow, not wrong. */
#define FZ_MAX_GPUS 4096
#define FZ_MAX_DAYS 730.0
#define FZ_MAX_JOBS 64
#define FZ_MAX_ORDERS 256
#define FZ_MAX_EVENTS 2e5 /* expected failures, maintenance and checkpoints */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

/* 1 when s is small enough to simulate quickly. */
static int small_enough(const struct fs_scenario *s)
{
    double gpus = 0, events = 0, horizon_h = s->horizon_days * 24;

    if (s->replicates > 2 || !(s->horizon_days <= FZ_MAX_DAYS) || s->njobs > FZ_MAX_JOBS ||
        s->norders > FZ_MAX_ORDERS)
        return 0;
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        double nodes = (double)c->max_gpus / (c->gpus_per_node > 0 ? c->gpus_per_node : 1) +
                       c->spare_nodes;

        gpus += (double)c->max_gpus + (double)c->spare_nodes * c->gpus_per_node;
        events += (nodes * c->fail.node_rate_per_h + c->fail.maintenance_per_day / 24) * horizon_h;
    }
    for (size_t j = 0; j < s->njobs; j++)
        if (!s->jobs[j].checkpoint_auto && s->jobs[j].checkpoint_interval_h > 0)
            events += horizon_h / s->jobs[j].checkpoint_interval_h;
    return gpus <= FZ_MAX_GPUS && events <= FZ_MAX_EVENTS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in;
    struct fs_scenario *s = NULL;
    struct fs_diag diag;
    struct fs_mc *mc = NULL;
    struct fs_summary sum;

    if (fz_split(&in, data, size) != 0) {
        fz_input_release(&in);
        return 0;
    }
    /* Last, so it wins over the input's own overrides. */
    in.ov[in.nov++] = (struct fs_override){"scenario.replicates", "2", NULL, 0, NULL};
    fs_diag_clear(&diag);
    if (fs_scenario_load(&s, fz_path, &fz_cat, &fz_rules, in.ov, in.nov, &diag) == FS_OK &&
        small_enough(s) && fs_mc_run(s, 1, NULL, NULL, &mc, &diag) == FS_OK) {
        memset(&sum, 0, sizeof(sum));
        if (fs_summary_compute(mc, &sum) == FS_OK)
            fs_summary_release(&sum);
    }
    fs_mc_free(mc);
    fs_scenario_free(s);
    fz_input_release(&in);
    return 0;
}
