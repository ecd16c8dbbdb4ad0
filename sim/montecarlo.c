/*
 * montecarlo.c - runs the replicates of one or several Monte Carlo runs on
 * one pool of worker threads.
 *
 * The work items are (run, replicate) pairs, numbered run after run.
 * Workers take item numbers from a shared atomic counter and write each
 * result into its own slot, so scheduling never changes the numbers. A
 * worker keeps its simulation state while its items stay in one run and
 * makes a new one when it moves to the next run. The worker that finishes
 * a run's last replicate computes that run's statistics, so they overlap
 * the other runs' replicates. The launching thread only waits and reports
 * progress.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fleetsim/error.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/mpi.h"
#include "fleetsim/stats.h"

struct shared {
    struct fs_mc_task *t;
    size_t n;             /* tasks */
    size_t *first;        /* [n + 1]: first item of each task; first[n] = items */
    size_t *items;        /* [nitems]: the items this rank runs, in increasing
                             order (NULL: all of them, one rank) */
    size_t nitems;
    size_t *want;         /* [n]: replicates of each task this rank runs */
    int finish;           /* 1: workers finish each run (mc_finish) */
    atomic_size_t *done;  /* [n]: replicates finished per task */
    atomic_size_t next;
    atomic_int error;
    pthread_mutex_t lock; /* allocating a run's arrays */
};

static int mc_arrays(const struct fs_mc_task *t);
static int mc_finish(const struct fs_mc_task *t);

/* Slices per job when thinning: FS_SAMPLE_SLICES, fewer when the limit is
 * set lower (an eighth of it), so thinning always frees room. */
static size_t sample_slices(const struct fs_mc *mc)
{
    size_t n = mc->sample_limit / 8;
    return n < 1 ? 1 : n < FS_SAMPLE_SLICES ? n : FS_SAMPLE_SLICES;
}

/* Marks in keep[] the points of job j's trajectory to keep: its first and
 * last, both points of every drop, and the lowest and highest of each of
 * sample_slices() slices of its span (the first of equal ones, as the
 * chart picks them). lo and hi hold that many indices each. */
static void mark_job(const struct fs_mc *mc, size_t j, unsigned char *keep, size_t *lo,
                     size_t *hi)
{
    const struct fs_traj_point *p = mc->sample;
    const size_t ns = sample_slices(mc);
    size_t first = SIZE_MAX, last = SIZE_MAX, prev = SIZE_MAX;
    double span;
    for (size_t i = 0; i < mc->nsample; i++)
        if (p[i].job == j) {
            first = first == SIZE_MAX ? i : first;
            last = i;
        }
    if (first == SIZE_MAX)
        return;
    span = p[last].t_h - p[first].t_h;
    for (size_t b = 0; b < ns; b++)
        lo[b] = hi[b] = SIZE_MAX;
    for (size_t i = first; i <= last; i++) {
        double u;
        size_t b;
        if (p[i].job != j)
            continue;
        if (prev != SIZE_MAX && p[i].share < p[prev].share)
            keep[prev] = keep[i] = 1; /* a drop: both its ends */
        prev = i;
        u = span > 0 ? (p[i].t_h - p[first].t_h) / span : 0.0;
        b = (size_t)fmin(fmax(u * (double)ns, 0.0), (double)(ns - 1));
        if (lo[b] == SIZE_MAX || p[i].share < p[lo[b]].share)
            lo[b] = i;
        if (hi[b] == SIZE_MAX || p[i].share > p[hi[b]].share)
            hi[b] = i;
    }
    keep[first] = keep[last] = 1;
    for (size_t b = 0; b < ns; b++)
        if (lo[b] != SIZE_MAX)
            keep[lo[b]] = keep[hi[b]] = 1;
}

/* Thins the sample trajectory in place (FS_SAMPLE_POINTS). Between two
 * kept points of a job its share only rose (every drop keeps both ends),
 * so the chart draws the same failures. Without memory for the marks the
 * trajectory stays whole. */
static void thin_sample(struct fs_mc *mc)
{
    unsigned char *keep = calloc(mc->nsample + 1, 1);
    size_t *lo = malloc(2 * FS_SAMPLE_SLICES * sizeof(*lo)), n = 0;
    if (keep != NULL && lo != NULL) {
        for (size_t j = 0; j < mc->s->njobs; j++)
            mark_job(mc, j, keep, lo, lo + FS_SAMPLE_SLICES);
        for (size_t i = 0; i < mc->nsample; i++)
            if (keep[i])
                mc->sample[n++] = mc->sample[i];
        mc->nsample = n;
    }
    free(keep);
    free(lo);
}

/* Appends a trajectory point. Only the worker running the sample
 * replicate calls it, so growing the buffer is the one allocation of the
 * parallel phase; it doubles, so a replicate allocates O(log n) times.
 * Past the limit the trajectory is thinned; if thinning leaves more than
 * half the limit (many failures), the limit doubles. */
static void keep_point(void *ctx, size_t job, double t_h, double share)
{
    struct fs_mc *mc = ctx;
    if (mc->nsample >= mc->sample_limit) {
        thin_sample(mc);
        if (mc->nsample > mc->sample_limit / 2)
            mc->sample_limit *= 2;
    }
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
 * Runs replicate r of task k into its slots. The sample replicate also
 * records its trajectory, and the traced one its event log into a growing
 * in-memory stream owned by mc: each is run by exactly one worker, so
 * nothing else touches those buffers until the threads are joined.
 */
static int run_one(const struct fs_mc_task *t, struct fs_sim *sim, size_t r)
{
    struct fs_mc *mc = t->mc;
    const struct fs_scenario *s = mc->s;
    int grid = r < mc->ngrid_reps, rc;
    int sample = (t->keep & FS_MC_SAMPLE) && r == mc->sample_rep;
    FILE *trace = NULL;

    fs_sim_set_grid(sim, mc->grid_h, mc->ngrid,
                    grid && mc->grid ? mc->grid + r * s->njobs * mc->ngrid : NULL);
    fs_sim_set_capacity(sim, grid && mc->capacity ? mc->capacity + r * s->nclusters * mc->ngrid
                                                  : NULL);
    if (sample)
        fs_sim_set_recorder(sim, keep_point, mc);
    if (t->trace && r == mc->trace_rep) {
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
    struct fs_sim *sim = NULL;
    size_t i, k = 0, cur = SIZE_MAX;

    while ((i = atomic_fetch_add(&sh->next, 1)) < sh->nitems) {
        int rc;
        if (atomic_load(&sh->error) != FS_OK)
            break;
        if (sh->items != NULL)
            i = sh->items[i];
        while (i >= sh->first[k + 1]) /* items come in increasing order */
            k++;
        if (k != cur) {
            fs_sim_free(sim);
            sim = NULL;
            pthread_mutex_lock(&sh->lock);
            rc = sh->t[k].mc->jobs != NULL ? FS_OK : mc_arrays(&sh->t[k]);
            pthread_mutex_unlock(&sh->lock);
            if (rc != FS_OK || (sim = fs_sim_new(sh->t[k].s)) == NULL) {
                atomic_store(&sh->error, FS_ENOMEM);
                break;
            }
            cur = k;
        }
        if ((rc = run_one(&sh->t[k], sim, i - sh->first[k])) != FS_OK)
            atomic_store(&sh->error, rc);
        /* The last replicate of a run: its statistics, here and now. */
        if (atomic_fetch_add(&sh->done[k], 1) + 1 == sh->want[k] && rc == FS_OK &&
            sh->finish && mc_finish(&sh->t[k]) != FS_OK)
            atomic_store(&sh->error, FS_ENOMEM);
    }
    fs_sim_free(sim);
    return NULL;
}

/* The results of one run, before its arrays (mc_arrays). */
static int mc_new(const struct fs_mc_task *t, struct fs_mc **out, struct fs_diag *diag)
{
    const struct fs_scenario *s = t->s;
    struct fs_mc *mc = calloc(1, sizeof(*mc));

    *out = NULL;
    if (mc == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    mc->s = s;
    mc->nrep = (size_t)s->replicates;
    mc->trace_rep = t->trace_rep;
    mc->sample_limit = t->sample_points > 0 ? t->sample_points : FS_SAMPLE_POINTS;
    mc->ngrid = FS_GRID_POINTS;
    mc->ngrid_reps = mc->nrep < FS_GRID_REPS ? mc->nrep : FS_GRID_REPS;
    if ((mc->grid_h = calloc(mc->ngrid, sizeof(*mc->grid_h))) == NULL) {
        free(mc);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < mc->ngrid; k++)
        mc->grid_h[k] = fs_horizon_h(s) * (double)k / (double)(mc->ngrid - 1);
    *out = mc;
    return FS_OK;
}

/* Allocates the arrays of a run the task keeps or its replicates fill.
 * FS_OK or FS_ENOMEM. */
static int mc_arrays(const struct fs_mc_task *t)
{
    struct fs_mc *mc = t->mc;
    const struct fs_scenario *s = mc->s;
    size_t njobs = s->njobs ? s->njobs : 1;

    mc->jobs = calloc(mc->nrep * njobs, sizeof(*mc->jobs));
    mc->clusters = calloc(mc->nrep * s->nclusters + 1, sizeof(*mc->clusters));
    mc->orders = calloc(mc->nrep * s->norders + 1, sizeof(*mc->orders));
    if (t->keep & (FS_MC_GRID | FS_MC_BANDS))
        mc->grid = calloc(mc->ngrid_reps * njobs * mc->ngrid, sizeof(float));
    if (t->keep & FS_MC_CAPACITY)
        mc->capacity = calloc(mc->ngrid_reps * s->nclusters * mc->ngrid + 1, sizeof(float));
    if (!(t->keep & FS_MC_CLUSTERS))
        mc->fleet_means = calloc(s->nclusters + 1, sizeof(*mc->fleet_means));
    if (mc->jobs == NULL || mc->clusters == NULL || mc->orders == NULL ||
        ((t->keep & (FS_MC_GRID | FS_MC_BANDS)) && mc->grid == NULL) ||
        ((t->keep & FS_MC_CAPACITY) && mc->capacity == NULL) ||
        (!(t->keep & FS_MC_CLUSTERS) && mc->fleet_means == NULL))
        return FS_ENOMEM;
    return FS_OK;
}

/* The progress bands from the grid (FS_MC_BANDS): the quantiles the
 * progress charts draw, by the same function they would use. FS_OK or
 * FS_ENOMEM. */
static int mc_bands(struct fs_mc *mc)
{
    static const double f[] = {0.05, 0.50, 0.95};
    const size_t nj = mc->s->njobs, n = mc->ngrid_reps;
    double *x = malloc((n + 1) * sizeof(*x));
    mc->bands = malloc((nj * mc->ngrid * 3 + 1) * sizeof(*mc->bands));
    if (x == NULL || mc->bands == NULL) {
        free(x);
        return FS_ENOMEM;
    }
    for (size_t j = 0; j < nj; j++)
        for (size_t k = 0; k < mc->ngrid; k++) {
            for (size_t r = 0; r < n; r++)
                x[r] = mc->grid[(r * nj + j) * mc->ngrid + k];
            fs_quantiles(x, n, f, 3, mc->bands + (j * mc->ngrid + k) * 3);
        }
    free(x);
    return FS_OK;
}

/* After a run's last replicate: its statistics and progress bands, and the
 * cluster and order results it does not keep reduced to their means.
 * FS_OK or FS_ENOMEM. */
static int mc_finish(const struct fs_mc_task *t)
{
    struct fs_mc *mc = t->mc;
    if (t->sum != NULL && fs_summary_compute(mc, t->sum) != FS_OK)
        return FS_ENOMEM;
    if (t->keep & FS_MC_BANDS) {
        if (mc_bands(mc) != FS_OK)
            return FS_ENOMEM;
        if (!(t->keep & FS_MC_GRID)) {
            free(mc->grid);
            mc->grid = NULL;
        }
    }
    if (!(t->keep & FS_MC_CLUSTERS)) {
        for (size_t c = 0; c < mc->s->nclusters; c++)
            fs_fleet_mean(mc, c, &mc->fleet_means[c]);
        free(mc->clusters);
        free(mc->orders);
        mc->clusters = NULL;
        mc->orders = NULL;
    }
    return FS_OK;
}

/* Frees every run's results and statistics (after a failure). */
static void drop_all(struct fs_mc_task *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        fs_mc_free(t[k].mc);
        t[k].mc = NULL;
        if (t[k].sum != NULL)
            fs_summary_release(t[k].sum);
    }
}

static int worker_count(int threads, size_t items)
{
    int nt = threads;
    if (nt <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        nt = cores > 0 ? (int)cores : 1;
    }
    if (nt > FS_MAX_THREADS)
        nt = FS_MAX_THREADS;
    if ((size_t)nt > items)
        nt = (int)(items > 0 ? items : 1);
    return nt;
}

/* The first task not finished, from k on (n - 1 when all are). */
static size_t current_task(struct shared *sh, size_t k)
{
    while (k + 1 < sh->n && atomic_load(&sh->done[k]) >= sh->want[k])
        k++;
    return k;
}

/* Starts the workers, reports progress while they run, joins them. */
static void run_pool(struct shared *sh, int nt, fs_tasks_progress_fn *progress, void *ctx)
{
    pthread_t tid[FS_MAX_THREADS];
    int started = 0;
    size_t k = 0;

    for (int i = 0; i < nt; i++) {
        if (pthread_create(&tid[i], NULL, worker, sh) != 0)
            break;
        started++;
    }
    if (started == 0) {
        worker(sh); /* no threads to be had: run here */
    } else {
        while (progress != NULL && atomic_load(&sh->error) == FS_OK &&
               atomic_load(&sh->done[sh->n - 1]) < sh->want[sh->n - 1]) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            k = current_task(sh, k);
            progress(ctx, k, atomic_load(&sh->done[k]), sh->want[k]);
            nanosleep(&ts, NULL);
        }
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
    }
    if (progress != NULL) {
        k = current_task(sh, k);
        progress(ctx, k, atomic_load(&sh->done[k]), sh->want[k]);
    }
}

/* ---- ranks of an MPI job (mpi.h) ----------------------------------------- */

/* The rank that runs replicate r of task t among `size`: round robin,
 * but the sample replicate (0) and the traced one on rank 0, which keeps
 * their recordings. */
static int owner(const struct fs_mc_task *t, size_t r, int size)
{
    if (t->trace && r == t->trace_rep)
        return 0;
    return (int)(r % (size_t)size);
}

/* Bytes of replicate r's results: job, cluster and order results, and its
 * rows of the grids the run keeps. */
static size_t row_bytes(const struct fs_mc *mc, size_t r)
{
    const struct fs_scenario *s = mc->s;
    size_t n = s->njobs * sizeof(*mc->jobs) + s->nclusters * sizeof(*mc->clusters) +
               s->norders * sizeof(*mc->orders);
    if (r < mc->ngrid_reps && mc->grid != NULL)
        n += s->njobs * mc->ngrid * sizeof(float);
    if (r < mc->ngrid_reps && mc->capacity != NULL)
        n += s->nclusters * mc->ngrid * sizeof(float);
    return n;
}

/* Copies replicate r's results to (out) or from (in) the buffer at p;
 * returns the position after them. */
static char *row_copy(struct fs_mc *mc, size_t r, char *p, int out)
{
    const struct fs_scenario *s = mc->s;
    struct { void *at; size_t len; } part[] = {
        {mc->jobs + r * s->njobs, s->njobs * sizeof(*mc->jobs)},
        {mc->clusters + r * s->nclusters, s->nclusters * sizeof(*mc->clusters)},
        {mc->orders + r * s->norders, s->norders * sizeof(*mc->orders)},
        {mc->grid ? mc->grid + r * s->njobs * mc->ngrid : NULL,
         r < mc->ngrid_reps && mc->grid ? s->njobs * mc->ngrid * sizeof(float) : 0},
        {mc->capacity ? mc->capacity + r * s->nclusters * mc->ngrid : NULL,
         r < mc->ngrid_reps && mc->capacity ? s->nclusters * mc->ngrid * sizeof(float) : 0}};
    for (size_t i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
        if (part[i].len == 0)
            continue;
        if (out)
            memcpy(p, part[i].at, part[i].len);
        else
            memcpy(part[i].at, p, part[i].len);
        p += part[i].len;
    }
    return p;
}

/* Brings every rank's replicates of task t to rank 0, into place. The
 * results are the same bytes whoever computed them (each replicate is a
 * pure function of the scenario and its index). */
static int gather_task(const struct fs_mc_task *t, int rank, int size, struct fs_diag *diag)
{
    struct fs_mc *mc = t->mc;
    size_t len = 0, *lens = calloc((size_t)size, sizeof(*lens));
    char *mine = NULL, *all = NULL, *p;
    int rc = FS_OK;

    if (lens == NULL)
        rc = FS_ENOMEM;
    for (size_t r = 0; r < mc->nrep && rank != 0; r++)
        if (owner(t, r, size) == rank)
            len += row_bytes(mc, r);
    if (rc == FS_OK && (mine = malloc(len + 1)) == NULL)
        rc = FS_ENOMEM;
    if (rc != FS_OK)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    if ((rc = fs_mpi_agree(rc, diag)) != FS_OK)
        goto out;
    p = mine;
    for (size_t r = 0; r < mc->nrep && rank != 0; r++)
        if (owner(t, r, size) == rank)
            p = row_copy(mc, r, p, 1);
    if ((rc = fs_mpi_gather(mine, len, (void **)&all, lens, diag)) != FS_OK || rank != 0)
        goto out;
    p = all;
    for (int from = 1; from < size; from++)
        for (size_t r = 0; r < mc->nrep; r++)
            if (owner(t, r, size) == from)
                p = row_copy(mc, r, p, 0);
out:
    free(lens);
    free(mine);
    free(all);
    return rc;
}

/* The items this rank runs and how many of each task; one rank: all. */
static int share_items(struct shared *sh, int rank, int size)
{
    size_t m = 0;
    sh->items = NULL;
    sh->nitems = sh->first[sh->n];
    for (size_t k = 0; k < sh->n; k++)
        sh->want[k] = sh->first[k + 1] - sh->first[k];
    if (size == 1)
        return FS_OK;
    if ((sh->items = malloc((sh->nitems + 1) * sizeof(*sh->items))) == NULL)
        return FS_ENOMEM;
    for (size_t k = 0; k < sh->n; k++) {
        sh->want[k] = 0;
        for (size_t r = 0; r < sh->first[k + 1] - sh->first[k]; r++)
            if (owner(&sh->t[k], r, size) == rank) {
                sh->items[m++] = sh->first[k] + r;
                sh->want[k]++;
            }
    }
    sh->nitems = m;
    return FS_OK;
}

/* ---- the pool --------------------------------------------------------- */

/* On several ranks: every rank's share gathered on rank 0, which finishes
 * each run there. */
static int gather_all(struct fs_mc_task *t, size_t n, int rank, int size, int rc,
                      struct fs_diag *diag)
{
    if ((rc = fs_mpi_agree(rc, diag)) != FS_OK)
        return rc;
    for (size_t k = 0; k < n && rc == FS_OK; k++) {
        rc = gather_task(&t[k], rank, size, diag);
        if (rc == FS_OK && rank == 0 && mc_finish(&t[k]) != FS_OK)
            rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
        rc = fs_mpi_agree(rc, diag); /* rank 0's failure stops every rank here */
    }
    return rc;
}

int fs_mc_run_tasks(struct fs_mc_task *t, size_t n, int threads,
                    fs_tasks_progress_fn *progress, void *ctx, struct fs_diag *diag)
{
    struct shared sh;
    int rc = FS_OK, rank = fs_mpi_rank(), size = fs_mpi_size();

    for (size_t k = 0; k < n; k++) {
        t[k].mc = NULL;
        if (t[k].sum != NULL)
            *t[k].sum = (struct fs_summary){0, NULL};
    }
    for (size_t k = 0; k < n; k++)
        if (t[k].trace && t[k].trace_rep >= (size_t)t[k].s->replicates)
            return fs_diag_set(diag, FS_EUSAGE, NULL, 0, NULL,
                               "cannot trace replicate %zu of %d replicates", t[k].trace_rep,
                               t[k].s->replicates);
    if (n == 0)
        return FS_OK;
    memset(&sh, 0, sizeof(sh));
    sh.t = t;
    sh.n = n;
    sh.finish = size == 1;
    sh.first = malloc((n + 1) * sizeof(*sh.first));
    sh.want = malloc(n * sizeof(*sh.want));
    sh.done = malloc(n * sizeof(*sh.done));
    if (sh.first == NULL || sh.want == NULL || sh.done == NULL)
        rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK) {
        sh.first[0] = 0;
        for (size_t k = 0; k < n && rc == FS_OK; k++) {
            rc = mc_new(&t[k], &t[k].mc, diag);
            sh.first[k + 1] = sh.first[k] + (size_t)t[k].s->replicates;
            atomic_init(&sh.done[k], 0);
        }
    }
    if (rc == FS_OK && share_items(&sh, rank, size) != FS_OK)
        rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK) {
        atomic_init(&sh.next, 0);
        atomic_init(&sh.error, FS_OK);
        pthread_mutex_init(&sh.lock, NULL);
        run_pool(&sh, worker_count(threads, sh.nitems), progress, ctx);
        pthread_mutex_destroy(&sh.lock);
        rc = atomic_load(&sh.error);
        if (rc != FS_OK)
            fs_diag_set(diag, rc, NULL, 0, NULL, "simulation failed: %s%s", fs_strerror(rc),
                        rc == FS_ERANGE ? " (a replicate needed more than 200 million "
                                          "events: check checkpoint intervals and failure "
                                          "rates)" : "");
    }
    if (size > 1)
        rc = gather_all(t, n, rank, size, rc, diag);
    if (rc != FS_OK)
        drop_all(t, n);
    free(sh.first);
    free(sh.want);
    free(sh.items);
    free(sh.done);
    return rc;
}

/* fs_mc_run's progress: the one task's count. */
struct one_progress {
    fs_progress_fn *fn;
    void *ctx;
};

static void one_progress(void *ctx, size_t task, size_t done, size_t total)
{
    struct one_progress *p = ctx;
    (void)task;
    p->fn(p->ctx, done, total);
}

static int mc_run(const struct fs_scenario *s, int threads, int want_trace, size_t trace_rep,
                  fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                  struct fs_diag *diag)
{
    struct fs_mc_task t = {s, FS_MC_KEEP_ALL, want_trace, trace_rep, NULL, NULL, 0};
    struct one_progress p = {progress, ctx};
    int rc = fs_mc_run_tasks(&t, 1, threads, progress ? one_progress : NULL, &p, diag);
    *out = t.mc;
    return rc;
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
    free(mc->fleet_means);
    free(mc->bands);
    free(mc);
}
