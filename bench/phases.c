/*
 * phases.c - linked into build/release/bench/fleetsim-phases: fleetsim
 * itself (sim/main.o and the library, unchanged) with fs_mc_run_tasks,
 * fs_mc_run and fs_mc_run_traced wrapped by the linker (-Wl,--wrap), so the
 * process's CPU time (all threads, getrusage RUSAGE_SELF) is read before
 * and after each parallel replicate phase. (A call made inside
 * sim/montecarlo.c itself, fs_mc_run's own call of fs_mc_run_tasks, is not
 * wrapped, so no phase is counted twice.) At exit it prints to stderr
 *
 *   phases: parallel 0.812 s CPU in 4 runs, total 0.905 s, serial 0.093 s (10.3 %)
 *
 * "serial" is everything outside the replicate phases: loading, the
 * statistics, the comparison, writing the outputs, and process start-up.
 * bench/b_scenarios.sh uses it for the serial-share row; fleetsim's own
 * code knows nothing of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "fleetsim/montecarlo.h"

int __real_fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress,
                     void *ctx, struct fs_mc **out, struct fs_diag *diag);
int __real_fs_mc_run_traced(const struct fs_scenario *s, int threads, size_t trace_rep,
                            fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                            struct fs_diag *diag);
int __wrap_fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress,
                     void *ctx, struct fs_mc **out, struct fs_diag *diag);
int __real_fs_mc_run_tasks(struct fs_mc_task *t, size_t n, int threads,
                           fs_tasks_progress_fn *progress, void *ctx, struct fs_diag *diag);
int __wrap_fs_mc_run_tasks(struct fs_mc_task *t, size_t n, int threads,
                           fs_tasks_progress_fn *progress, void *ctx, struct fs_diag *diag);
int __wrap_fs_mc_run_traced(const struct fs_scenario *s, int threads, size_t trace_rep,
                            fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                            struct fs_diag *diag);

static double parallel_s;
static int runs;

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static void report(void)
{
    double total = cpu_s();
    fprintf(stderr, "phases: parallel %.3f s CPU in %d runs, total %.3f s, serial %.3f s (%.1f %%)\n",
            parallel_s, runs, total, total - parallel_s,
            total > 0 ? 100 * (total - parallel_s) / total : 0.0);
}

static void start(double *t0)
{
    if (runs++ == 0)
        atexit(report);
    *t0 = cpu_s();
}

int __wrap_fs_mc_run(const struct fs_scenario *s, int threads, fs_progress_fn *progress,
                     void *ctx, struct fs_mc **out, struct fs_diag *diag)
{
    double t0;
    int rc;

    start(&t0);
    rc = __real_fs_mc_run(s, threads, progress, ctx, out, diag);
    parallel_s += cpu_s() - t0;
    return rc;
}

int __wrap_fs_mc_run_traced(const struct fs_scenario *s, int threads, size_t trace_rep,
                            fs_progress_fn *progress, void *ctx, struct fs_mc **out,
                            struct fs_diag *diag)
{
    double t0;
    int rc;

    start(&t0);
    rc = __real_fs_mc_run_traced(s, threads, trace_rep, progress, ctx, out, diag);
    parallel_s += cpu_s() - t0;
    return rc;
}

int __wrap_fs_mc_run_tasks(struct fs_mc_task *t, size_t n, int threads,
                           fs_tasks_progress_fn *progress, void *ctx, struct fs_diag *diag)
{
    double t0;
    int rc;

    start(&t0);
    rc = __real_fs_mc_run_tasks(t, n, threads, progress, ctx, diag);
    parallel_s += cpu_s() - t0;
    return rc;
}
