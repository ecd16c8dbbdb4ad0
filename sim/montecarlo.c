/*
 * montecarlo.c - runs the replicates on worker threads.
 *
 * Workers take replicate indices from a shared atomic counter and write
 * each result into its own slot, so scheduling never changes the numbers.
 * Each worker allocates its simulation state once. The launching thread
 * only waits and reports progress.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"

struct shared {
    struct fs_mc *mc;
    int want_trace;   /* record mc->trace_rep's event trace */
    atomic_size_t next, done;
    atomic_int error;
};

/* Appends a trajectory point. Only the worker running the sample
 * replicate calls it, so growing the buffer is the one allocation of the
 * parallel phase; it doubles, so a replicate allocates O(log n) times. */
static void keep_point(void *ctx, size_t job, double t_h, double share)
{
    struct fs_mc *mc = ctx;
    if (mc->nsample == mc->sample_cap) {
        size_t cap = mc->sample_cap ? 2 * mc->sample_cap : 1024;
        struct fs_traj_point *p = realloc(mc->sample, cap * sizeof(*p));
        if (p == NULL)
            return; /* the chart loses detail, nothing else */
        mc->sample = p;
        mc->sample_cap = cap;
    }
    mc->sample[mc->nsample++] = (struct fs_traj_point){t_h, share, job};
}

/*
 * Runs replicate r into its slots. The sample replicate also records its
 * trajectory, and the traced one its event log into a growing in-memory
 * stream owned by mc: each is run by exactly one worker, so nothing else
 * touches those buffers until the threads are joined.
 */
static int run_one(struct shared *sh, struct fs_sim *sim, size_t r)
{
    struct fs_mc *mc = sh->mc;
    const struct fs_scenario *s = mc->s;
    int sample = r == mc->sample_rep, rc;
    FILE *trace = NULL;

    fs_sim_set_grid(sim, mc->grid_h, mc->ngrid,
                    r < mc->ngrid_reps ? mc->grid + r * s->njobs * mc->ngrid : NULL);
    fs_sim_set_capacity(sim, r < mc->ngrid_reps ? mc->capacity + r * s->nclusters * mc->ngrid
                                                : NULL);
    if (sample)
        fs_sim_set_recorder(sim, keep_point, mc);
    if (sh->want_trace && r == mc->trace_rep) {
        if ((trace = open_memstream(&mc->trace, &mc->trace_len)) == NULL)
            return FS_ENOMEM;
        fs_sim_set_trace(sim, trace);
    }
    rc = fs_sim_run(sim, r, mc->jobs + r * s->njobs, mc->clusters + r * s->nclusters);
    if (sample)
        fs_sim_set_recorder(sim, NULL, NULL);
    if (trace != NULL) {
        fs_sim_set_trace(sim, NULL);
        if ((ferror(trace) | fclose(trace)) != 0 && rc == FS_OK)
            rc = FS_ENOMEM; /* a memory stream fails only for want of memory */
        mc->traced = rc == FS_OK;
    }
    if (rc == FS_OK && s->norders > 0)
        memcpy(mc->orders + r * s->norders, fs_sim_orders(sim),
               s->norders * sizeof(*mc->orders));
    return rc;
}

static void *worker(void *arg)
{
    struct shared *sh = arg;
    struct fs_sim *sim = fs_sim_new(sh->mc->s);
    size_t r;

    if (sim == NULL) {
        atomic_store(&sh->error, FS_ENOMEM);
        return NULL;
    }
    while ((r = atomic_fetch_add(&sh->next, 1)) < sh->mc->nrep) {
        int rc;
        if (atomic_load(&sh->error) != FS_OK)
            break;
        if ((rc = run_one(sh, sim, r)) != FS_OK)
            atomic_store(&sh->error, rc);
        atomic_fetch_add(&sh->done, 1);
    }
    fs_sim_free(sim);
    return NULL;
}

static int mc_run(const struct fs_scenario *s, int threads, int want_trace, size_t trace_rep,
                  fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                  struct fs_diag *diag)
{
    struct fs_mc *mc = calloc(1, sizeof(*mc));
    struct shared sh;
    pthread_t tid[FS_MAX_THREADS];
    int nt = threads, started = 0, rc;

    *out = NULL;
    if (want_trace && trace_rep >= (size_t)s->replicates) {
        free(mc);
        return fs_diag_set(diag, FS_EUSAGE, NULL, 0, NULL,
                           "cannot trace replicate %zu of %d replicates", trace_rep,
                           s->replicates);
    }
    if (mc == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    mc->s = s;
    mc->nrep = (size_t)s->replicates;
    mc->trace_rep = trace_rep;
    mc->jobs = calloc(mc->nrep * (s->njobs ? s->njobs : 1), sizeof(*mc->jobs));
    mc->clusters = calloc(mc->nrep * s->nclusters, sizeof(*mc->clusters));
    if (mc->jobs == NULL || mc->clusters == NULL) {
        fs_mc_free(mc);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL,
                           "out of memory for %d replicates", s->replicates);
    }
    mc->ngrid = FS_GRID_POINTS;
    mc->ngrid_reps = mc->nrep < FS_GRID_REPS ? mc->nrep : FS_GRID_REPS;
    mc->grid_h = calloc(mc->ngrid, sizeof(*mc->grid_h));
    mc->grid = calloc(mc->ngrid_reps * (s->njobs ? s->njobs : 1) * mc->ngrid, sizeof(float));
    mc->capacity = calloc(mc->ngrid_reps * s->nclusters * mc->ngrid, sizeof(float));
    mc->orders = calloc(mc->nrep * s->norders + 1, sizeof(*mc->orders));
    if (mc->grid_h == NULL || mc->grid == NULL || mc->capacity == NULL || mc->orders == NULL) {
        fs_mc_free(mc);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory for progress grid");
    }
    for (size_t k = 0; k < mc->ngrid; k++)
        mc->grid_h[k] = fs_horizon_h(s) * (double)k / (double)(mc->ngrid - 1);
    if (nt <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        nt = cores > 0 ? (int)cores : 1;
    }
    if (nt > FS_MAX_THREADS)
        nt = FS_MAX_THREADS;
    if ((size_t)nt > mc->nrep)
        nt = (int)mc->nrep;
    sh.mc = mc;
    sh.want_trace = want_trace;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.error, FS_OK);
    for (int i = 0; i < nt; i++) {
        if (pthread_create(&tid[i], NULL, worker, &sh) != 0)
            break;
        started++;
    }
    if (started == 0) {
        worker(&sh); /* no threads to be had: run here */
    } else {
        while (progress != NULL && atomic_load(&sh.done) < mc->nrep &&
               atomic_load(&sh.error) == FS_OK) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            progress(ctx, atomic_load(&sh.done), mc->nrep);
            nanosleep(&ts, NULL);
        }
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
    }
    if (progress != NULL)
        progress(ctx, atomic_load(&sh.done), mc->nrep);
    rc = atomic_load(&sh.error);
    if (rc != FS_OK) {
        fs_mc_free(mc);
        return fs_diag_set(diag, rc, NULL, 0, NULL, "simulation failed: %s%s", fs_strerror(rc),
                           rc == FS_ERANGE ? " (a replicate needed more than 200 million "
                                             "events: check checkpoint intervals and failure "
                                             "rates)" : "");
    }
    *out = mc;
    return FS_OK;
}

int fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress, void *ctx,
              struct fs_mc **out, struct fs_diag *diag)
{
    return mc_run(s, threads, 0, 0, progress, ctx, out, diag);
}

int fs_mc_run_traced(const struct fs_scenario *s, int threads, size_t trace_rep,
                     fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                     struct fs_diag *diag)
{
    return mc_run(s, threads, 1, trace_rep, progress, ctx, out, diag);
}

void fs_mc_free(struct fs_mc *mc)
{
    if (mc == NULL)
        return;
    free(mc->jobs);
    free(mc->clusters);
    free(mc->grid_h);
    free(mc->grid);
    free(mc->capacity);
    free(mc->orders);
    free(mc->sample);
    free(mc->trace);
    free(mc);
}
