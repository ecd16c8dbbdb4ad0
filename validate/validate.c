/*
 * validate.c - `make validate`: runs every published training run of a
 * runs file (default validate/runs.cfg) through the throughput model and
 * compares the prediction with the published figure in the source's own
 * FLOP convention. One row per run; full runs count, partial runs are
 * informational. Exit status 1 if a full run is outside its tolerance.
 *
 *   fleetsim-validate [RUNS.cfg [RUN-ID]]
 *
 * With a RUN-ID, also prints that run's derivation (fs_step_explain).
 *
 * Chips come from the built-in catalog (models/chips.cfg, which holds the
 * fitted efficiencies; validate/calibration.md says which runs fitted each)
 * and the runs file's optional `chips` list for chips outside the catalog.
 */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/error.h"
#include "fleetsim/throughput.h"

/* Allowance on the memory estimate for runs that are known to have run. */
#define MEM_SLACK 1.25

static int geti(const config_setting_t *g, const char *k, int dflt)
{
    int v;
    return g != NULL && config_setting_lookup_int(g, k, &v) ? v : dflt;
}

static double getf(const config_setting_t *g, const char *k, double dflt)
{
    double v;
    int i;
    if (g == NULL)
        return dflt;
    if (config_setting_lookup_float(g, k, &v))
        return v;
    if (config_setting_lookup_int(g, k, &i))
        return i;
    return dflt;
}

static const char *gets_(const config_setting_t *g, const char *k, const char *dflt)
{
    const char *v;
    return g != NULL && config_setting_lookup_string(g, k, &v) ? v : dflt;
}

static int getb(const config_setting_t *g, const char *k, int dflt)
{
    int v;
    return g != NULL && config_setting_lookup_bool(g, k, &v) ? v : dflt;
}

/* A chip of a runs file's `chips` list (the catalog's field names). */
static void read_chip(const config_setting_t *c, struct fs_chip *ch)
{
    memset(ch, 0, sizeof *ch);
    snprintf(ch->name, sizeof ch->name, "%s", gets_(c, "name", "?"));
    ch->peak_tflops[FS_PREC_FP16] = getf(c, "fp16_tflops", 0);
    ch->peak_tflops[FS_PREC_BF16] = getf(c, "bf16_tflops", 0);
    ch->peak_tflops[FS_PREC_FP8] = getf(c, "fp8_tflops", 0);
    ch->peak_tflops[FS_PREC_FP32] = getf(c, "fp32_tflops", 0);
    ch->memory_gb = getf(c, "memory_gb", 0);
    ch->scaleup_gbps = getf(c, "scaleup_gbps", 0);
    ch->scaleup_domain = geti(c, "scaleup_domain", 0);
    ch->scaleout_gbps = getf(c, "scaleout_gbps", 0);
    ch->matmul_efficiency = getf(c, "matmul_efficiency", 0);
    ch->scaleup_efficiency = getf(c, "scaleup_efficiency", 0);
    ch->scaleout_efficiency = getf(c, "scaleout_efficiency", 0);
}

static int find_enum(const char *s, const char *const *names, int n, int dflt)
{
    for (int i = 0; s != NULL && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return dflt;
}

static void read_model(const config_setting_t *g, struct fs_model_shape *m)
{
    static const char *const arch[] = {"dense", "moe"}, *const att[] = {"mha", "mla"};

    memset(m, 0, sizeof *m);
    m->arch = find_enum(gets_(g, "arch", "dense"), arch, 2, 0);
    m->layers = geti(g, "layers", 0);
    m->hidden = geti(g, "hidden", 0);
    m->ffn = geti(g, "ffn", 4 * m->hidden);
    m->swiglu = getb(g, "swiglu", 0);
    m->heads = geti(g, "heads", 0);
    m->kv_heads = geti(g, "kv_heads", m->heads);
    m->head_dim = geti(g, "head_dim", 0);
    m->attention = find_enum(gets_(g, "attention", "mha"), att, 2, 0);
    m->q_lora_rank = geti(g, "q_lora_rank", 0);
    m->kv_lora_rank = geti(g, "kv_lora_rank", 0);
    m->qk_nope_dim = geti(g, "qk_nope_dim", 0);
    m->qk_rope_dim = geti(g, "qk_rope_dim", 0);
    m->v_head_dim = geti(g, "v_head_dim", 0);
    m->vocab = geti(g, "vocab", 0);
    m->seq = geti(g, "seq", 0);
    m->dense_layers = geti(g, "dense_layers", 0);
    m->experts = geti(g, "experts", 0);
    m->top_k = geti(g, "top_k", 0);
    m->shared_experts = geti(g, "shared_experts", 0);
    m->expert_ffn = geti(g, "expert_ffn", 0);
    m->max_nodes_per_token = geti(g, "max_nodes_per_token", 0);
    m->mtp_depth = geti(g, "mtp_depth", 0);
    m->global_batch_seq = getf(g, "global_batch", 0);
    if (m->global_batch_seq <= 0 && m->seq > 0)
        m->global_batch_seq = getf(g, "global_batch_tokens", 0) / m->seq;
}

/* Returns 1 if any degree is left to the search. */
static int read_parallel(const config_setting_t *g, const struct fs_model_shape *m,
                         struct fs_parallel *p)
{
    static const char *const sch[] = {"1f1b", "interleaved", "zero_bubble", "dualpipe"};
    static const char *const rec[] = {"none", "selective", "full"};

    memset(p, 0, sizeof *p);
    p->tp = geti(g, "tp", 0);
    p->pp = geti(g, "pp", 0);
    p->dp = geti(g, "dp", 0);
    p->ep = geti(g, "ep", m->arch == FS_ARCH_MOE ? 0 : 1);
    p->cp = geti(g, "cp", 1);
    p->vpp = geti(g, "vpp", 0);
    p->schedule = find_enum(gets_(g, "schedule", "1f1b"), sch, 4, 0);
    p->zero = geti(g, "zero", 1);  /* absent: distributed optimizer (ZeRO-1) */
    /* absent: on with tp > 1 (Megatron's practice since Korthikanti 2022) */
    p->sequence_parallel = getb(g, "sequence_parallel", p->tp != 1);
    p->micro_batch = geti(g, "micro_batch", 0);
    p->recompute = find_enum(gets_(g, "recompute", "none"), rec, 3, 0);
    if (p->schedule != FS_PP_INTERLEAVED && p->vpp == 0)
        p->vpp = 1;
    fs_parallel_default_overlaps(p);
    p->overlap_tp = getf(g, "overlap_tp", p->overlap_tp);
    p->overlap_ep = getf(g, "overlap_ep", p->overlap_ep);
    p->overlap_pp = getf(g, "overlap_pp", p->overlap_pp);
    p->overlap_dp = getf(g, "overlap_dp", p->overlap_dp);
    return !p->tp || !p->pp || !p->dp || !p->ep || !p->vpp || !p->micro_batch;
}

/* The predicted value of a published metric, in the source's convention. */
static double predicted(const char *metric, const char *conv, const struct fs_model_shape *m,
                        const struct fs_step *st, double peak)
{
    double tps = st->tokens_per_gpu_s, f = st->flop_per_token;
    double meg = fs_model_flop_per_token(m, FS_FLOPS_MEGATRON);
    double logits = 6.0 * m->vocab * (double)m->hidden;

    if (strcmp(metric, "tokens_per_gpu_s") == 0)
        return tps;
    if (strcmp(metric, "step_s") == 0)
        return st->step_s;
    if (strcmp(metric, "gpu_h_per_1e12_tokens") == 0)
        return 1e12 / tps / 3600.0;
    if (strcmp(metric, "hfu") == 0)
        return st->hfu;
    if (strcmp(conv, "6n_attn") == 0)
        f = st->flop_per_token_attn;
    else if (strcmp(conv, "megatron_core") == 0)
        f = meg;
    else if (strcmp(conv, "megatron2021") == 0)
        f = (meg - logits) * 4.0 / 3.0 + logits;  /* eq. 3: recompute counted */
    else if (strcmp(conv, "bigscience_8nd") == 0)
        f = st->flop_per_token * 8.0 / 6.0;
    if (strcmp(metric, "tflops_per_gpu") == 0)
        return tps * f / 1e12;
    return tps * f / peak;  /* mfu */
}

struct tally {
    int within, outside, info;
};

/* Predicts with the settings a source leaves out searched: the degrees by
 * fs_step_search, and here the schedule (1F1B or interleaved) and the
 * recompute policy when absent; the fastest feasible one wins. */
static int predict(const struct fs_chip *chip, int prec, int gpus, const struct fs_model_shape *m,
                   const config_setting_t *g, const char *force_rec, struct fs_step *best,
                   char *why, size_t why_len)
{
    static const char *const sch[] = {"1f1b", "interleaved"};
    static const char *const rec[] = {"none", "selective", "full"};
    const char *gs = gets_(g, "schedule", NULL), *gr = force_rec ? force_rec : gets_(g, "recompute", NULL);
    int found = 0, rc = FS_ESCENARIO;

    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
            struct fs_parallel p;
            struct fs_step st;
            char w[256] = "";
            int free_, r;

            if ((gs != NULL && i > 0) || (gr != NULL && j > 0))
                continue;
            free_ = read_parallel(g, m, &p);
            if (gs == NULL)
                p.schedule = find_enum(sch[i], sch, 2, 0), p.vpp = i == 0 ? 1 : 0;
            if (gr == NULL)
                p.recompute = find_enum(rec[j], rec, 3, 0);
            else if (force_rec != NULL)
                p.recompute = find_enum(force_rec, rec, 3, 0), p.sequence_parallel = 0;
            free_ = free_ || p.vpp == 0;
            memset(&st, 0, sizeof st);
            r = free_ ? fs_step_search(chip, prec, gpus, m, &p, &st, w, sizeof w)
                      : fs_step_predict(chip, prec, gpus, m, &p, &st, w, sizeof w);
            if (r == FS_OK && (!found || st.step_s < best->step_s)) {
                *best = st, found = 1, rc = FS_OK;
                snprintf(why, why_len, "%s", w);
            } else if (!found) {
                if (st.step_s > 0)
                    *best = st;
                snprintf(why, why_len, "%s", w);
            }
        }
    }
    return rc;
}

static void run_one(const config_setting_t *r, const char *pub_name, const char *suffix,
                    const struct fs_catalog *cat, const config_setting_t *stacks,
                    const char *explain, struct tally *t)
{
    const char *stack_name = gets_(r, "stack", NULL);
    const config_setting_t *stack =
        stack_name != NULL && stacks != NULL ? config_setting_get_member(stacks, stack_name)
                                             : NULL;
    const char *id0 = gets_(r, "id", "?"), *chipname = gets_(r, "chip", "?");
    const config_setting_t *pub = config_setting_get_member(r, pub_name);
    const char *metric = gets_(pub, "metric", "mfu"), *conv = gets_(pub, "convention", "6n");
    double value = getf(pub, "value", 0), tol = getf(pub, "tolerance", 0.15), pred, err, hbm;
    int full = getb(r, "full", 0), gpus = geti(r, "gpus", 0), prec, rc, in;
    const struct fs_chip *base = fs_catalog_find(cat, chipname);
    struct fs_chip chip;
    struct fs_model_shape m;
    struct fs_step st;
    char why[256] = "", id[96];

    snprintf(id, sizeof id, "%s%s", id0, suffix);
    memset(&st, 0, sizeof st);
    prec = fs_precision_lookup(gets_(r, "precision", "bf16"));
    if (stack_name != NULL && stack == NULL) {
        printf("%-18s %-4s  unknown stack %s\n", id, full ? "full" : "part", stack_name);
        full ? t->outside++ : t->info++;
        return;
    }
    if (base == NULL || prec < 0) {
        printf("%-18s %-4s  unknown chip %s or precision\n", id, full ? "full" : "part", chipname);
        full ? t->outside++ : t->info++;
        return;
    }
    chip = *base;
    chip.memory_gb = getf(r, "chip_memory_gb", chip.memory_gb);
    if (stack != NULL)  /* a software stack's own efficiency (validate/calibration.md) */
        chip.matmul_efficiency = getf(stack, "matmul_efficiency", chip.matmul_efficiency);
    hbm = chip.memory_gb;
    read_model(config_setting_get_member(r, "model"), &m);
    /* settings the source leaves out are searched among the configurations
     * that fit the HBM; only if none does (the run ran, the memory model's
     * constants are U) within MEM_SLACK of it, and the row flags it */
    rc = predict(&chip, prec, gpus, &m, config_setting_get_member(r, "parallel"),
                 gets_(pub, "recompute", NULL), &st, why, sizeof why);
    if (rc != FS_OK) {
        chip.memory_gb = hbm * MEM_SLACK;
        rc = predict(&chip, prec, gpus, &m, config_setting_get_member(r, "parallel"),
                     gets_(pub, "recompute", NULL), &st, why, sizeof why);
    }
    if (explain != NULL && strcmp(explain, id) == 0 && st.step_s > 0) {
        chip.memory_gb = hbm;
        fs_step_explain(&chip, prec, gpus, &m, &st, stdout);
    }
    if (rc != FS_OK) {
        printf("%-18s %-4s %10.4g  no prediction: %s\n", id, full ? "full" : "part", value, why);
        full ? t->outside++ : t->info++;
        return;
    }
    pred = predicted(metric, conv, &m, &st, fs_chip_peak_flops(&chip, prec));
    err = value != 0 ? (pred - value) / value : 0;
    in = err <= tol && err >= -tol;
    printf("%-18s %-4s %10.4g %10.4g %+7.1f%% %5.0f%%  %-3s %-22s %5.1f%s tp%d pp%d dp%d ep%d "
           "v%d mb%d %s%s%s\n",
           id, full ? "full" : "part", value, pred, 100 * err, 100 * tol,
           full ? (in ? "yes" : "NO") : "-", metric, st.mem_total_gb,
           st.mem_total_gb > hbm ? ">" : " ", st.par.tp, st.par.pp, st.par.dp, st.par.ep,
           st.par.vpp, st.par.micro_batch,
           (const char *[]){"none", "sel", "full"}[st.par.recompute], why[0] ? "  " : "", why);
    if (!full)
        t->info++;
    else if (in)
        t->within++;
    else
        t->outside++;
}

static int add_chips(struct fs_catalog *cat, const config_setting_t *chips)
{
    for (int i = 0; chips != NULL && i < config_setting_length(chips); i++) {
        struct fs_chip ch;
        read_chip(config_setting_get_elem(chips, (unsigned)i), &ch);
        if (fs_catalog_find(cat, ch.name) == NULL && fs_catalog_add(cat, &ch) != FS_OK)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *runs_path = argc > 1 ? argv[1] : "validate/runs.cfg";
    const char *ex = argc > 2 ? argv[2] : NULL;
    config_t runs;
    struct fs_catalog cat = {0};
    struct fs_diag d = {0};
    struct tally t = {0, 0, 0};
    const config_setting_t *list, *stacks;

    config_init(&runs);
    if (!config_read_file(&runs, runs_path)) {
        fprintf(stderr, "validate: %s:%d: %s\n", runs_path, config_error_line(&runs),
                config_error_text(&runs));
        config_destroy(&runs);
        return 2;
    }
    if (fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &d) != FS_OK ||
        add_chips(&cat, config_lookup(&runs, "chips")) != 0) {
        fprintf(stderr, "validate: catalog: %s\n", d.msg);
        return 2;
    }
    list = config_lookup(&runs, "runs");
    stacks = config_lookup(&runs, "stacks");
    printf("%-18s %-4s %10s %10s %8s %6s  %-3s %-22s %6s configuration used\n", "run", "kind",
           "published", "predicted", "error", "tol", "in?", "metric", "mem GB");
    for (int i = 0; list != NULL && i < config_setting_length(list); i++) {
        const config_setting_t *r = config_setting_get_elem(list, (unsigned)i);

        run_one(r, "published", "", &cat, stacks, ex, &t);
        /* a second figure of the same run with another recompute (R4) */
        if (config_setting_get_member(r, "published_full") != NULL)
            run_one(r, "published_full", "-fullrec", &cat, stacks, ex, &t);
    }
    printf("validation: %d within tolerance, %d outside (%d partial runs informational)\n",
           t.within, t.outside, t.info);
    fs_catalog_release(&cat);
    config_destroy(&runs);
    return t.outside > 0 ? 1 : 0;
}
