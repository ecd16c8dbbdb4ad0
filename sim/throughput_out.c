/*
 * throughput_out.c - a job's throughput in the output files: the
 * `throughput` and `published` objects of results.json and throughput.csv
 * (docs/outputs.md). Reads the step the loader resolved; derives nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/compute.h"
#include "fleetsim/output.h"
#include "fleetsim/report.h"

/* ---- a job's throughput (results.json, throughput.csv) ------------------- */

/* The figures of a job's throughput; NAN where they do not exist (the step
 * and memory of a job not predicted). */
struct tput {
    double mfu, mfu_attn, tokens_per_gpu_s;
    double part[7];           /* step, compute, bubble, tp, ep, pp, dp (s) */
    double mem[5];            /* weights, gradients, optimizer, activations, total (GB) */
    const struct fs_parallel *par; /* NULL when not predicted */
};

static const char *const part_names[7] = {"step_s", "compute_s", "bubble_s", "tp_s",
                                          "ep_s",   "pp_s",      "dp_s"};
static const char *const mem_names[5] = {"weights", "gradients", "optimizer", "activations",
                                         "total"};

/* The scenario format's names (parallel.schedule, parallel.recompute). */
static const char *schedule_name(enum fs_pp_schedule sch)
{
    static const char *const names[] = {"1f1b", "interleaved", "zero_bubble", "dualpipe"};
    return (unsigned)sch < 4 ? names[sch] : "?";
}

static const char *recompute_name(enum fs_recompute r)
{
    return r == FS_RECOMPUTE_FULL ? "full" : r == FS_RECOMPUTE_SELECTIVE ? "selective" : "none";
}

static void tput_of(const struct fs_scenario *s, const struct fs_job *j, struct tput *t)
{
    const struct fs_step *st = &j->step;
    t->mfu = j->mfu;
    t->mfu_attn = NAN;
    t->par = NULL;
    for (int i = 0; i < 7; i++)
        t->part[i] = NAN;
    for (int i = 0; i < 5; i++)
        t->mem[i] = NAN;
    /* Tokens per GPU-second: as given, or the rate over 6N FLOPs a token
     * (the MFU's convention) when the job gave its active parameters. */
    if (j->given_tokens_per_gpu_s > 0)
        t->tokens_per_gpu_s = j->given_tokens_per_gpu_s;
    else if (j->active_params > 0)
        t->tokens_per_gpu_s = fs_job_rate_flops(s, j) / j->gpus / (6.0 * j->active_params);
    else
        t->tokens_per_gpu_s = NAN;
    if (j->mfu_source != FS_MFU_PREDICTED)
        return;
    t->mfu_attn = st->mfu_attn;
    t->tokens_per_gpu_s = st->tokens_per_gpu_s;
    {
        const double part[7] = {st->step_s, st->compute_s, st->bubble_s, st->tp_s,
                                st->ep_s,   st->pp_s,      st->dp_s};
        const double mem[5] = {st->mem_weights_gb, st->mem_grads_gb, st->mem_optimizer_gb,
                               st->mem_activations_gb, st->mem_total_gb};
        memcpy(t->part, part, sizeof(part));
        memcpy(t->mem, mem, sizeof(mem));
    }
    t->par = &st->par;
}

void fs_write_throughput_json(const struct fs_scenario *s, const struct fs_job *j, FILE *f)
{
    struct tput t;
    tput_of(s, j, &t);
    fprintf(f, "{\"mfu_source\": \"%s\", \"mfu\": %.10g, \"mfu_convention\": \"6N\", "
               "\"mfu_with_attention\": ", fs_mfu_source_name(j->mfu_source), t.mfu);
    fs_json_num(f, t.mfu_attn);
    fputs(",\n       ", f);
    for (int i = 0; i < 7; i++) {
        fprintf(f, "\"%s\": ", part_names[i]);
        fs_json_num(f, t.part[i]);
        fputs(", ", f);
    }
    fputs("\"tokens_per_gpu_s\": ", f);
    fs_json_num(f, t.tokens_per_gpu_s);
    fputs(",\n       \"memory_gb\": ", f);
    if (t.par == NULL) {
        fputs("null, \"parallel\": null}", f);
        return;
    }
    for (int i = 0; i < 5; i++) {
        fprintf(f, "%s\"%s\": ", i ? ", " : "{", mem_names[i]);
        fs_json_num(f, t.mem[i]);
    }
    fprintf(f, "},\n       \"parallel\": {\"tp\": %d, \"pp\": %d, \"dp\": %d, \"ep\": %d, "
               "\"cp\": %d, \"vpp\": %d, \"schedule\": \"%s\", \"zero\": %d, "
               "\"micro_batch\": %d, \"recompute\": \"%s\"}}",
            t.par->tp, t.par->pp, t.par->dp, t.par->ep, t.par->cp, t.par->vpp,
            schedule_name(t.par->schedule), t.par->zero, t.par->micro_batch,
            recompute_name(t.par->recompute));
}

/* ",\n "published": {...}": a job's published speed beside its own, and the
 * difference as a fraction of the published figure; nothing without one. */
void fs_write_published_json(const struct fs_scenario *s, const struct fs_job *j, FILE *f)
{
    const struct fs_published *p = &j->published;
    double own = fs_job_tokens_per_gpu_s(s, j);
    if (!(p->tokens_per_gpu_s > 0))
        return;
    fputs(",\n     \"published\": {\"gpu_h_per_1e12_tokens\": ", f);
    fs_json_num(f, p->gpu_h_per_1e12_tokens > 0 ? p->gpu_h_per_1e12_tokens : NAN);
    fprintf(f, ", \"tokens_per_gpu_s\": %.10g, \"job_tokens_per_gpu_s\": ",
            p->tokens_per_gpu_s);
    fs_json_num(f, own);
    fputs(", \"difference\": ", f);
    fs_json_num(f, (own - p->tokens_per_gpu_s) / p->tokens_per_gpu_s);
    fputs(", \"source\": ", f);
    fs_json_str(f, p->source);
    fputc('}', f);
}

void fs_write_throughput_csv(const struct fs_scenario *s, const char *variant, double value,
                             const char *input, int header, FILE *f)
{
    if (header) {
        fputs("variant,value,input,job,cluster,chip,gpus,precision,mfu_source,mfu,"
              "mfu_convention,mfu_with_attention", f);
        for (int i = 0; i < 7; i++)
            fprintf(f, ",%s", part_names[i]);
        fputs(",tokens_per_gpu_s", f);
        for (int i = 0; i < 5; i++)
            fprintf(f, ",memory_%s_gb", mem_names[i]);
        fputs(",memory_capacity_gb,tp,pp,dp,ep,cp,vpp,schedule,zero,micro_batch,recompute\n", f);
    }
    for (size_t k = 0; k < s->njobs; k++) {
        const struct fs_job *j = &s->jobs[s->job_order[k]];
        const struct fs_chip *chip = fs_cluster_chip(s, &s->clusters[j->cluster]);
        struct tput t;
        tput_of(s, j, &t);
        fs_csv_str(f, variant);
        fputc(',', f);
        fs_csv_num(f, value);
        fputc(',', f);
        fs_csv_str(f, input);
        fputc(',', f);
        fs_csv_str(f, j->name);
        fputc(',', f);
        fs_csv_str(f, s->clusters[j->cluster].name);
        fputc(',', f);
        fs_csv_str(f, chip->name);
        fprintf(f, ",%d,%s,%s,%.10g,6N,", j->gpus, fs_precision_name(j->precision),
                fs_mfu_source_name(j->mfu_source), t.mfu);
        fs_csv_num(f, t.mfu_attn);
        for (int i = 0; i < 7; i++) {
            fputc(',', f);
            fs_csv_num(f, t.part[i]);
        }
        fputc(',', f);
        fs_csv_num(f, t.tokens_per_gpu_s);
        for (int i = 0; i < 5; i++) {
            fputc(',', f);
            fs_csv_num(f, t.mem[i]);
        }
        fputc(',', f);
        fs_csv_num(f, chip->memory_gb > 0 ? chip->memory_gb : NAN);
        if (t.par != NULL)
            fprintf(f, ",%d,%d,%d,%d,%d,%d,%s,%d,%d,%s\n", t.par->tp, t.par->pp, t.par->dp,
                    t.par->ep, t.par->cp, t.par->vpp, schedule_name(t.par->schedule),
                    t.par->zero, t.par->micro_batch, recompute_name(t.par->recompute));
        else
            fputs(",,,,,,,,,,\n", f);
    }
}

int fs_write_throughput_study(const struct fs_study *st, const char *dir, struct fs_diag *diag)
{
    struct fs_outfile o;
    int rc;
    memset(&o, 0, sizeof(o));
    if ((rc = fs_outfile_open(&o, dir, "throughput.csv", diag)) != FS_OK)
        return rc;
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        /* A sweep over dates: the label is the date, the value left empty. */
        int valued = (st->kind == FS_STUDY_SWEEP && !st->sweep_dates) ||
                     st->kind == FS_STUDY_SENSITIVITY;
        fs_write_throughput_csv(v->s, v->label, valued ? v->x : NAN,
                                v->input >= 0 ? st->v[0].s->sens[v->input].label : "", k == 0,
                                o.f);
    }
    if ((rc = fs_outfile_close(&o, diag)) != FS_OK || (rc = fs_outfile_commit(&o, diag)) != FS_OK)
        fs_outfile_discard(&o);
    return rc;
}
