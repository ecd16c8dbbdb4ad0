/*
 * montecarlo.c - runs the replicates on worker threads and computes summary
 * statistics with GSL.
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

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "fleetsim/error.h"
#include "fleetsim/mc.h"

struct shared {
    struct fs_mc *mc;
    atomic_size_t next, done;
    atomic_int error;
};

static void *worker(void *arg)
{
    struct shared *sh = arg;
    const struct fs_scenario *s = sh->mc->s;
    struct fs_sim *sim = fs_sim_new(s);
    size_t r;

    if (sim == NULL) {
        atomic_store(&sh->error, FS_ENOMEM);
        return NULL;
    }
    while ((r = atomic_fetch_add(&sh->next, 1)) < sh->mc->nrep) {
        if (atomic_load(&sh->error) != FS_OK)
            break;
        fs_sim_set_grid(sim, sh->mc->grid_h, sh->mc->ngrid,
                        r < sh->mc->ngrid_reps
                            ? sh->mc->grid + r * s->njobs * sh->mc->ngrid : NULL);
        fs_sim_set_capacity(sim, r < sh->mc->ngrid_reps
                                     ? sh->mc->capacity + r * s->nclusters * sh->mc->ngrid : NULL);
        int rc = fs_sim_run(sim, r, sh->mc->jobs + r * s->njobs,
                            sh->mc->clusters + r * s->nclusters);
        if (rc == FS_OK && s->norders > 0)
            memcpy(sh->mc->orders + r * s->norders, fs_sim_orders(sim),
                   s->norders * sizeof(*sh->mc->orders));
        if (rc != FS_OK)
            atomic_store(&sh->error, rc);
        atomic_fetch_add(&sh->done, 1);
    }
    fs_sim_free(sim);
    return NULL;
}

/* Appends a trajectory point (the sample run is outside the hot loop). */
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

/* Runs the sample replicate again with its trajectory recorded. */
static int record_sample(struct fs_mc *mc)
{
    const struct fs_scenario *s = mc->s;
    struct fs_sim *sim = fs_sim_new(s);
    struct fs_job_result *jobs = calloc(s->njobs + 1, sizeof(*jobs));
    struct fs_cluster_result *cl = calloc(s->nclusters, sizeof(*cl));
    int rc = FS_ENOMEM;
    if (sim != NULL && jobs != NULL && cl != NULL) {
        fs_sim_set_recorder(sim, keep_point, mc);
        rc = fs_sim_run(sim, mc->sample_rep, jobs, cl);
    }
    fs_sim_free(sim);
    free(jobs);
    free(cl);
    return rc;
}

int fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress,
              void *ctx, struct fs_mc **out, struct fs_diag *diag)
{
    struct fs_mc *mc = calloc(1, sizeof(*mc));
    struct shared sh;
    pthread_t tid[FS_MAX_THREADS];
    int nt = threads, started = 0, rc;

    *out = NULL;
    if (mc == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    mc->s = s;
    mc->nrep = (size_t)s->replicates;
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
        mc->grid_h[k] = s->horizon_days * FS_HOURS_PER_DAY * (double)k / (double)(mc->ngrid - 1);
    if (nt <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        nt = cores > 0 ? (int)cores : 1;
    }
    if (nt > FS_MAX_THREADS)
        nt = FS_MAX_THREADS;
    if ((size_t)nt > mc->nrep)
        nt = (int)mc->nrep;
    sh.mc = mc;
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
    if (rc == FS_OK)
        rc = record_sample(mc);
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
    free(mc);
}

void fs_stat_compute(double *x, size_t n, struct fs_stat *out)
{
    out->n = n;
    if (n == 0) {
        out->mean = out->sd = out->p5 = out->p50 = out->p95 = NAN;
        out->min = out->max = NAN;
        return;
    }
    gsl_sort(x, 1, n);
    out->mean = gsl_stats_mean(x, 1, n);
    out->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, out->mean) : 0.0;
    out->p5 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
    out->min = x[0];
    out->max = x[n - 1];
}
