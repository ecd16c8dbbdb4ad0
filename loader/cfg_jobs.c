/*
 * cfg_jobs.c - reads `jobs` and orders them by their dependencies.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const placement_names[] = {"first", "earliest_finish", NULL};

#define JOB(f) offsetof(struct fs_job, f)
static const struct fs__field job_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, JOB(name), "", "job key", NULL},
    {"cluster", F_SPECIAL, 0, 0, 0, 0, "",
     "a cluster name (or give candidates or candidates_chips)", NULL},
    {"candidates", F_SPECIAL, 0, 0, 0, 0, "",
     "array of cluster names the job may run on, in order of preference; one that the job "
     "does not fit is left out with a warning", NULL},
    {"candidates_chips", F_SPECIAL, 0, 0, 0, 0, "",
     "array of chip names: the job may run on any cluster with one of them (chips in this "
     "order, clusters in file order)", NULL},
    {"placement", F_ENUM, 0, 0, 0, JOB(placement), "",
     "with candidates: \"first\" (default), the first that can host it, or "
     "\"earliest_finish\", the one expected to finish it first (see docs/model.md, "
     "\"Placement\")", placement_names},
    {"gpus", F_INT, F_REQUIRED, 1, 1e7, JOB(gpus), "GPUs", "a whole number of nodes", NULL},
    {"flop", F_DOUBLE, F_MIN_EXCL, 0, 1e35, JOB(flop), "FLOP",
     "training compute (or give active_params and tokens)", NULL},
    {"active_params", F_DOUBLE, F_MIN_EXCL, 0, 1e16, JOB(active_params), "parameters",
     "active parameters per token; FLOP = 6 x active_params x tokens (with flop: only to "
     "convert a speed given in tokens)", NULL},
    {"tokens", F_DOUBLE, F_MIN_EXCL, 0, 1e18, JOB(tokens), "tokens", "training tokens", NULL},
    {"precision", F_SPECIAL, 0, 0, 0, 0, "", "fp4, fp8, int8, fp16, bf16 (default), tf32 or fp32", NULL},
    {"mfu", F_DOUBLE, 0, 1e-4, 1, JOB(mfu), "",
     "model FLOPs utilisation against the dense peak at `precision`; at least 1e-4, since "
     "run time divides by it (give exactly one of the speed settings, see \"A job's speed\")",
     NULL},
    {"tokens_per_gpu_second", F_DOUBLE, F_MIN_EXCL, 0, 1e9, JOB(given_tokens_per_gpu_s),
     "tokens/s", "achieved training tokens per second per GPU; needs active_params or model",
     NULL},
    {"tflops_per_gpu", F_DOUBLE, F_MIN_EXCL, 0, 1e6, JOB(given_tflops_per_gpu), "TFLOP/s",
     "achieved model TFLOP/s per GPU, 6N convention (6 x active params x tokens/s)", NULL},
    {"gpu_hours_per_1e12_tokens", F_DOUBLE, F_MIN_EXCL, 0, 1e12,
     JOB(given_gpu_h_per_1e12_tokens), "GPU-h",
     "GPU-hours per trillion training tokens (DeepSeek-V3: 180,000); needs active_params or "
     "model", NULL},
    {"gpu_hours", F_DOUBLE, F_MIN_EXCL, 0, 1e12, JOB(given_gpu_hours), "GPU-h",
     "GPU-hours of the whole run on the job's GPUs, failure-free", NULL},
    {"duration_days", F_DOUBLE, F_MIN_EXCL, 0, 1e5, JOB(given_duration_days), "d",
     "wall-clock days of the whole run on the job's GPUs, failure-free", NULL},
    {"model", F_SPECIAL, 0, 0, 0, 0, "",
     "the model's shape, a group (jobs[].model below), or the name of another job whose model "
     "(and parallel, unless given) it uses: the throughput model predicts the MFU",
     NULL},
    {"parallel", F_SPECIAL, 0, 0, 0, 0, "",
     "with model: the parallelism, a group (jobs[].parallel below) or \"auto\" (default)",
     NULL},
    {"published", F_SPECIAL, 0, 0, 0, 0, "",
     "a published speed to print beside the job's own, a group (jobs[].published below); "
     "informational", NULL},
    {"earliest_start_date", F_DATE, 0, 0, 0, JOB(earliest_start), "",
     "not before this date (default start_date)", NULL},
    {"after", F_SPECIAL, 0, 0, 0, 0, "", "array of job names that must finish first", NULL},
    {"checkpoint_interval_minutes", F_SPECIAL, 0, 0, 0, 0, "min",
     "a number, or \"auto\" for the Young/Daly optimum (default \"auto\")", NULL},
    {"checkpoint_write_minutes", F_DOUBLE, 0, 0, 1e4, JOB(checkpoint_write_h), "min",
     "time one checkpoint stalls training (default 0)", NULL},
    {"restart_minutes", F_DOUBLE, 0, 0, 1e5, JOB(restart_h), "min",
     "time to restart after an interruption (default 0)", NULL},
    {"deadline", F_DATE, 0, 0, 0, JOB(deadline), "",
     "finish by the end of this day: outputs give P(finished by it) and the cost to meet it "
     "(docs/model.md, \"Deadlines\"); not before the start or earliest_start_date", NULL},
    {"ramp_start_share", F_DOUBLE, F_MIN_EXCL, 0, 1, JOB(ramp_start_share), "",
     "start when this share of the job's GPUs (whole nodes, at least one) is free, and grow as "
     "more come, throughput in proportion, or the throughput model's at each node count with "
     "'model' (default 1: wait for all; docs/model.md, \"Ramped starts\")", NULL},
    {"priority", F_INT, 0, -1e6, 1e6, JOB(priority), "", "higher runs first on a shared cluster (default 0)", NULL},
};
const struct fs__table fs__job_table = {"jobs[]", job_fields, NFIELDS(job_fields)};

/* checkpoint_interval_minutes: a positive number or "auto" */
static int read_checkpoint(const struct fs__ctx *cx, const config_setting_t *g,
                           struct fs_job *j)
{
    const config_setting_t *m = config_setting_get_member(g, "checkpoint_interval_minutes");
    char got[96];

    j->checkpoint_auto = 1;
    if (m == NULL)
        return FS_OK;
    if (config_setting_type(m) == CONFIG_TYPE_STRING &&
        strcmp(config_setting_get_string(m), "auto") == 0)
        return FS_OK;
    fs__describe(m, got, sizeof(got));
    /* Shorter than 6 s would flood the simulation with checkpoint events. */
    if (!fs__is_number(m) || !(fs__number_of(m) >= 0.1) || fs__number_of(m) > 1e7)
        return fs__err_at(cx, m, "expected a number of minutes from 0.1 to 1e+07, or \"auto\" "
                             "(got %s)", got);
    j->checkpoint_auto = 0;
    j->checkpoint_interval_h = fs__number_of(m) / 60.0;
    return FS_OK;
}

/* `after` of job i: the jobs that must finish first. */
static int read_after(const struct fs__ctx *cx, const config_setting_t *g,
                      struct fs_scenario *s, size_t i)
{
    const config_setting_t *after = config_setting_get_member(g, "after");
    struct fs_job *j = &s->jobs[i];
    if (after == NULL)
        return FS_OK;
    if (config_setting_type(after) == CONFIG_TYPE_STRING)
        return fs__err_at(cx, after, "expected an array of job names [\"...\"] (got a string)");
    if (!config_setting_is_array(after) && !config_setting_is_list(after))
        return fs__err_at(cx, after, "expected an array of job names [\"...\"]");
    if (config_setting_length(after) > FS_MAX_DEPS)
        return fs__err_at(cx, after, "at most %d dependencies (got %d)", FS_MAX_DEPS,
                          config_setting_length(after));
    for (int k = 0; k < config_setting_length(after); k++) {
        const config_setting_t *e = config_setting_get_elem(after, (unsigned)k);
        const char *v = config_setting_get_string(e);
        int d;
        if (v == NULL) {
            char got[96];
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected a job name (got %s)", got);
        }
        if ((d = FS__FIND(cx, e, "job", v, s->jobs, s->njobs, struct fs_job, NULL)) < 0)
            return d;
        if ((size_t)d == i)
            return fs__err_at(cx, e, "job '%s' cannot depend on itself", v);
        j->deps[j->ndeps++] = (size_t)d;
    }
    return FS_OK;
}

int fs__read_jobs(const struct fs__ctx *cx, const config_t *cfg,
                     struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;

    if ((rc = fs__read_array(cx, config_root_setting(cfg), "jobs", FS__LIST_REQUIRED, SIZE_MAX,
                             &list, &s->njobs, sizeof(*s->jobs), &array)) != FS_OK)
        return rc;
    s->jobs = array;
    /* First pass: each job on its own; names must be known for `after`. */
    for (size_t i = 0; i < s->njobs; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_job *j = &s->jobs[i];
        const struct fs_cluster *c;
        const struct fs_chip *chip;
        unsigned char seen[NFIELDS(job_fields)] = {0};
        const char *v;
        int p;

        j->earliest_start = s->start;
        j->precision = FS_PREC_BF16;
        j->ramp_start_share = 1.0;
        j->deadline = INT32_MAX;
        if ((rc = fs__read_group(cx, g, job_fields, NFIELDS(job_fields), j, seen)) != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, (int)i, "job")) != FS_OK)
            return rc;
        if (config_setting_get_member(g, "precision") != NULL) {
            if ((v = fs__get_string(cx, g, "precision", &rc)) == NULL)
                return rc;
            if ((p = fs_precision_lookup(v)) < 0)
                return fs__err_at(cx, config_setting_get_member(g, "precision"),
                                  "expected one of \"fp4\", \"fp8\", \"int8\", \"fp16\", "
                                  "\"bf16\", \"tf32\", \"fp32\" (got \"%s\")", v);
            j->precision = (enum fs_precision)p;
        }
        if ((rc = fs__read_job_place(cx, g, s, j)) != FS_OK)
            return rc;
        c = &s->clusters[j->cluster];
        chip = &s->catalog.chips[c->chip];
        /* After the GPU checks: the throughput model predicts for j->gpus. */
        if ((rc = fs__read_job_speed(cx, g, j, chip)) != FS_OK ||
            (rc = fs__resolve_candidates(cx, g, s, j)) != FS_OK)
            return rc;
        if (j->deadline != INT32_MAX && (j->deadline < s->start || j->deadline < j->earliest_start)) {
            char d[16], e[16];
            fs_date_format(j->deadline, d, sizeof(d));
            fs_date_format(j->deadline < s->start ? s->start : j->earliest_start, e, sizeof(e));
            return fs__err_at(cx, config_setting_get_member(g, "deadline"),
                              "deadline %s is before the %s %s", d,
                              j->deadline < s->start ? "scenario's start_date"
                                                     : "job's earliest_start_date", e);
        }
        if ((rc = read_checkpoint(cx, g, j)) != FS_OK)
            return rc;
        j->checkpoint_write_h /= 60.0; /* read in minutes */
        j->restart_h /= 60.0;
        /* Young/Daly with a free checkpoint says "checkpoint continuously":
         * an interval of 0, which cannot be simulated. */
        for (size_t k = 0; k < j->ncand; k++) {
            c = &s->clusters[j->cand[k].cluster];
            if (j->checkpoint_auto && !(j->checkpoint_write_h > 0.0) &&
                c->fail.ttf_h.kind != FS_DIST_NONE && c->fail.node_rate_per_h > 0.0)
                break;
            c = NULL;
        }
        if (c != NULL)
            return fs__err_at(cx, config_setting_get_member(g, "checkpoint_interval_minutes")
                                  ? config_setting_get_member(g, "checkpoint_interval_minutes")
                                  : g,
                          "checkpoint interval \"auto\" needs checkpoint_write_minutes > 0 on a "
                          "cluster with failures (the optimum of a free checkpoint is 0); set "
                          "a write time or a fixed interval");
    }
    /* Second pass: dependencies. */
    for (size_t i = 0; i < s->njobs; i++)
        if ((rc = read_after(cx, config_setting_get_elem(list, (unsigned)i), s, i)) != FS_OK)
            return rc;
    return FS_OK;
}

/*
 * Orders jobs so that every job follows its dependencies (Kahn). A job left
 * over sits on a cycle; the error walks the cycle from it and names it.
 */
int fs__order_jobs(const struct fs__ctx *cx, const config_t *cfg,
                      struct fs_scenario *s)
{
    size_t n = s->njobs, done = 0;
    unsigned char *placed = calloc(n ? n : 1, 1);

    s->job_order = calloc(n ? n : 1, sizeof(size_t));
    if (placed == NULL || s->job_order == NULL) {
        free(placed);
        return FS_ENOMEM;
    }
    while (done < n) {
        int progress = 0;
        for (size_t i = 0; i < n; i++) {
            int ready = !placed[i];
            for (size_t k = 0; ready && k < s->jobs[i].ndeps; k++)
                ready = placed[s->jobs[i].deps[k]];
            if (ready) {
                placed[i] = 1;
                s->job_order[done++] = i;
                progress = 1;
            }
        }
        if (!progress)
            break;
    }
    if (done < n) {
        char cycle[256];
        size_t start = 0, cur, o = 0, steps = 0;
        const config_setting_t *after;
        /* Walk unplaced deps until a job repeats: that job is on a cycle. */
        while (placed[start])
            start++;
        cur = start;
        for (steps = 0; steps < n; steps++) {
            for (size_t k = 0; k < s->jobs[cur].ndeps; k++)
                if (!placed[s->jobs[cur].deps[k]]) {
                    cur = s->jobs[cur].deps[k];
                    break;
                }
        }
        start = cur;
        do {
            o += (size_t)snprintf(cycle + o, sizeof(cycle) - (o < sizeof(cycle) ? o : sizeof(cycle)),
                                  "'%s' -> ", s->jobs[cur].name);
            if (o >= sizeof(cycle))
                o = sizeof(cycle) - 1;
            for (size_t k = 0; k < s->jobs[cur].ndeps; k++)
                if (!placed[s->jobs[cur].deps[k]]) {
                    cur = s->jobs[cur].deps[k];
                    break;
                }
        } while (cur != start);
        snprintf(cycle + o, sizeof(cycle) - o, "'%s'", s->jobs[start].name);
        free(placed);
        after = config_setting_get_member(
            config_setting_get_elem(config_lookup(cfg, "jobs"), (unsigned)start), "after");
        return fs__err_at(cx, after, "dependency cycle: %s", cycle);
    }
    free(placed);
    return FS_OK;
}
