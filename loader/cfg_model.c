/*
 * cfg_model.c - a job's speed: its FLOP budget and the one setting that
 * gives its MFU (`mfu`, an achieved throughput, its accounting, or its
 * `model` and `parallel` groups for the throughput model, throughput.h).
 *
 * Every form resolves to j->mfu in the 6N convention, the convention of
 * the job's budget 6 x N x D, against the chip's dense peak at the job's
 * precision. Equations in docs/scenario-format.md ("A job's speed").
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const arch_choices[] = {"dense", "moe", NULL};
static const char *const attn_choices[] = {"mha", "mla", NULL};
static const char *const schedule_choices[] = {"1f1b", "interleaved", "zero_bubble",
                                               "dualpipe", NULL};
static const char *const recompute_choices[] = {"none", "selective", "full", NULL};

#define SH(f) offsetof(struct fs_model_shape, f)
static const struct fs__field model_fields[] = {
    {"arch", F_ENUM, 0, 0, 0, SH(arch), "", "transformer kind (default \"dense\")", arch_choices},
    {"layers", F_INT, F_REQUIRED, 1, 1e5, SH(layers), "", "transformer layers L", NULL},
    {"hidden", F_INT, F_REQUIRED, 1, 1e7, SH(hidden), "", "hidden size h", NULL},
    {"ffn", F_INT, 0, 1, 1e8, SH(ffn), "",
     "FFN size of a dense layer (required unless every layer is MoE)", NULL},
    {"swiglu", F_BOOL, 0, 0, 0, SH(swiglu), "", "gated FFN, 3 matrices (default false)", NULL},
    {"heads", F_INT, F_REQUIRED, 1, 1e5, SH(heads), "", "query heads", NULL},
    {"kv_heads", F_INT, 0, 1, 1e5, SH(kv_heads), "",
     "key/value heads (grouped-query attention); divides heads (default heads)", NULL},
    {"head_dim", F_INT, 0, 1, 1e5, SH(head_dim), "", "size of a head (default hidden / heads)",
     NULL},
    {"attention", F_ENUM, 0, 0, 0, SH(attention), "",
     "multi-head / grouped-query, or multi-head latent (default \"mha\")", attn_choices},
    {"q_lora_rank", F_INT, 0, 1, 1e6, SH(q_lora_rank), "",
     "MLA: query compression rank (leave out for none)", NULL},
    {"kv_lora_rank", F_INT, 0, 1, 1e6, SH(kv_lora_rank), "", "MLA: key/value compression rank",
     NULL},
    {"qk_nope_dim", F_INT, 0, 1, 1e5, SH(qk_nope_dim), "", "MLA: query/key head size without RoPE",
     NULL},
    {"qk_rope_dim", F_INT, 0, 1, 1e5, SH(qk_rope_dim), "", "MLA: query/key head size with RoPE",
     NULL},
    {"v_head_dim", F_INT, 0, 1, 1e5, SH(v_head_dim), "", "MLA: value head size", NULL},
    {"vocab", F_INT, F_REQUIRED, 1, 1e8, SH(vocab), "tokens", "vocabulary size", NULL},
    {"seq", F_INT, F_REQUIRED, 1, 1e8, SH(seq), "tokens", "sequence length", NULL},
    {"dense_layers", F_INT, 0, 0, 1e5, SH(dense_layers), "",
     "MoE: the first layers with a dense FFN (default 0)", NULL},
    {"experts", F_INT, 0, 1, 1e6, SH(experts), "", "MoE: routed experts per layer", NULL},
    {"top_k", F_INT, 0, 1, 1e6, SH(top_k), "", "MoE: routed experts per token", NULL},
    {"shared_experts", F_INT, 0, 0, 1e4, SH(shared_experts), "",
     "MoE: always-active experts per layer (default 0)", NULL},
    {"expert_ffn", F_INT, 0, 1, 1e8, SH(expert_ffn), "", "MoE: FFN size of one expert", NULL},
    {"max_nodes_per_token", F_INT, 0, 0, 1e6, SH(max_nodes_per_token), "",
     "MoE: nodes a token's experts may span (default 0, no cap)", NULL},
    {"mtp_depth", F_INT, 0, 0, 100, SH(mtp_depth), "",
     "multi-token-prediction modules (default 0)", NULL},
    {"global_batch", F_DOUBLE, F_MIN_EXCL, 0, 1e9, SH(global_batch_seq), "sequences",
     "sequences per optimizer step (or global_batch_tokens)", NULL},
    {"global_batch_tokens", F_SPECIAL, 0, 0, 0, 0, "tokens",
     "tokens per optimizer step, a multiple of seq (or global_batch)", NULL},
};
const struct fs__table fs__model_table = {"jobs[].model", model_fields, NFIELDS(model_fields)};

#define PAR(f) offsetof(struct fs_parallel, f)
static const struct fs__field parallel_fields[] = {
    {"tp", F_INT, 0, 1, 1e6, PAR(tp), "GPUs", "tensor parallel degree (absent: searched)", NULL},
    {"pp", F_INT, 0, 1, 1e6, PAR(pp), "stages", "pipeline stages (absent: searched)", NULL},
    {"dp", F_INT, 0, 1, 1e7, PAR(dp), "", "data parallel degree (absent: searched)", NULL},
    {"ep", F_INT, 0, 1, 1e6, PAR(ep), "",
     "expert parallel degree, MoE only (absent: searched; 1 for a dense model)", NULL},
    {"cp", F_INT, 0, 1, 1e6, PAR(cp), "", "context parallel degree (absent: searched)", NULL},
    {"vpp", F_INT, 0, 1, 1e4, PAR(vpp), "",
     "virtual stages per rank with \"interleaved\" (absent: searched; 1 otherwise)", NULL},
    {"schedule", F_ENUM, 0, 0, 0, PAR(schedule), "", "pipeline schedule (default \"1f1b\")",
     schedule_choices},
    {"zero", F_INT, 0, 0, 3, PAR(zero), "", "ZeRO stage / distributed optimizer (default 0)",
     NULL},
    {"sequence_parallel", F_BOOL, 0, 0, 0, PAR(sequence_parallel), "",
     "Megatron sequence parallelism with TP (default false)", NULL},
    {"micro_batch", F_INT, 0, 1, 1e6, PAR(micro_batch), "sequences",
     "sequences per micro-batch (absent: searched)", NULL},
    {"recompute", F_ENUM, 0, 0, 0, PAR(recompute), "",
     "activation recomputation (default \"none\")", recompute_choices},
    {"overlap_tp", F_DOUBLE, 0, 0, 1, PAR(overlap_tp), "",
     "share of TP communication hidden behind compute (default 0)", NULL},
    {"overlap_ep", F_DOUBLE, 0, 0, 1, PAR(overlap_ep), "",
     "share of EP all-to-all hidden behind compute (default 0; 0.9 with \"dualpipe\")", NULL},
    {"overlap_pp", F_DOUBLE, 0, 0, 1, PAR(overlap_pp), "",
     "share of pipeline send/receive hidden behind compute (default 0.5; 1 with \"dualpipe\")", NULL},
    {"overlap_dp", F_DOUBLE, 0, 0, 1, PAR(overlap_dp), "",
     "share of gradient reduction hidden behind compute (default 0; 0.8 with zero >= 1)", NULL},
};
const struct fs__table fs__parallel_table = {"jobs[].parallel", parallel_fields,
                                             NFIELDS(parallel_fields)};

#define PUB(f) offsetof(struct fs_published, f)
static const struct fs__field published_fields[] = {
    {"gpu_hours_per_1e12_tokens", F_DOUBLE, F_MIN_EXCL, 0, 1e12, PUB(gpu_h_per_1e12_tokens),
     "GPU-h", "published GPU-hours per trillion tokens (or tokens_per_gpu_second)", NULL},
    {"tokens_per_gpu_second", F_DOUBLE, F_MIN_EXCL, 0, 1e9, PUB(tokens_per_gpu_s), "tokens/s",
     "published tokens per second per GPU (or gpu_hours_per_1e12_tokens)", NULL},
    {"source", F_TEXT, F_REQUIRED, 0, 0, PUB(source), "", "where the figure is published",
     NULL},
};
const struct fs__table fs__published_table = {"jobs[].published", published_fields,
                                              NFIELDS(published_fields)};

/* `published`: one figure and its source, printed beside the job's speed. */
static int read_published(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j)
{
    const config_setting_t *pg = config_setting_get_member(g, "published");
    unsigned char seen[NFIELDS(published_fields)] = {0};
    struct fs_published *p = &j->published;
    int rc;

    memset(p, 0, sizeof(*p));
    if (pg == NULL)
        return FS_OK;
    if (!config_setting_is_group(pg))
        return fs__err_at(cx, pg, "expected a group { gpu_hours_per_1e12_tokens = ...; "
                                  "source = \"...\"; }");
    if ((rc = fs__read_group(cx, pg, published_fields, NFIELDS(published_fields), p, seen)) !=
        FS_OK)
        return rc;
    if ((p->gpu_h_per_1e12_tokens > 0) == (p->tokens_per_gpu_s > 0))
        return fs__err_at(cx, pg, "job '%s': give exactly one of 'gpu_hours_per_1e12_tokens' "
                                  "and 'tokens_per_gpu_second'", j->name);
    if (p->gpu_h_per_1e12_tokens > 0)
        p->tokens_per_gpu_s = 1e12 / (3600.0 * p->gpu_h_per_1e12_tokens);
    return FS_OK;
}

/* The settings that give a job's speed; exactly one per job. */
static const char *const speed_forms[] = {"mfu", "tokens_per_gpu_second", "tflops_per_gpu",
                                          "gpu_hours_per_1e12_tokens", "gpu_hours",
                                          "duration_days", "model"};
enum { FORM_MFU, FORM_TOKENS, FORM_TFLOPS, FORM_GPUH_PER_T, FORM_GPUH, FORM_DAYS, FORM_MODEL,
       NFORMS };

/* An error at the setting of `name` in g, or at g when it is absent. */
static const config_setting_t *at(const config_setting_t *g, const char *name)
{
    const config_setting_t *m = config_setting_get_member(g, name);
    return m != NULL ? m : g;
}

/* The MoE and MLA settings that go together, and the batch. */
static int check_shape(const struct fs__ctx *cx, const config_setting_t *mg,
                       struct fs_model_shape *m)
{
    const config_setting_t *bt = config_setting_get_member(mg, "global_batch_tokens");
    const config_setting_t *bs = config_setting_get_member(mg, "global_batch");

    if (m->kv_heads == 0)
        m->kv_heads = m->heads;
    if (m->kv_heads > m->heads || m->heads % m->kv_heads != 0)
        return fs__err_at(cx, at(mg, "kv_heads"), "kv_heads must divide heads = %d (got %d)",
                          m->heads, m->kv_heads);
    if (m->attention == FS_ATTN_MLA &&
        !(m->kv_lora_rank > 0 && m->qk_nope_dim > 0 && m->qk_rope_dim > 0 && m->v_head_dim > 0))
        return fs__err_at(cx, mg, "attention = \"mla\" needs kv_lora_rank, qk_nope_dim, "
                                  "qk_rope_dim and v_head_dim");
    if (m->arch == FS_ARCH_MOE) {
        if (!(m->experts > 0 && m->top_k > 0 && m->expert_ffn > 0))
            return fs__err_at(cx, mg, "arch = \"moe\" needs experts, top_k and expert_ffn");
        if (m->top_k > m->experts)
            return fs__err_at(cx, at(mg, "top_k"), "top_k must be at most experts = %d (got %d)",
                              m->experts, m->top_k);
        if (m->dense_layers > m->layers)
            return fs__err_at(cx, at(mg, "dense_layers"),
                              "dense_layers must be at most layers = %d (got %d)", m->layers,
                              m->dense_layers);
    } else {
        static const char *const moe_only[] = {"dense_layers", "experts", "top_k",
                                               "shared_experts", "expert_ffn",
                                               "max_nodes_per_token"};
        for (size_t k = 0; k < NFIELDS(moe_only); k++)
            if (config_setting_get_member(mg, moe_only[k]) != NULL)
                return fs__err_at(cx, config_setting_get_member(mg, moe_only[k]),
                                  "'%s' is for arch = \"moe\"", moe_only[k]);
    }
    if ((m->arch == FS_ARCH_DENSE || m->dense_layers > 0) && m->ffn == 0)
        return fs__err_at(cx, mg, "missing required setting 'ffn' (the dense layers' FFN size)");
    if ((bs != NULL) == (bt != NULL))
        return fs__err_at(cx, bs != NULL ? bt : mg,
                          "give exactly one of 'global_batch' (sequences) and "
                          "'global_batch_tokens'");
    if (bt != NULL) {
        double t = fs__number_of(bt);
        char got[96];
        fs__describe(bt, got, sizeof(got));
        if (!fs__is_number(bt) || !(t > 0.0) || t > 1e13)
            return fs__err_at(cx, bt, "must be > 0 and <= 1e+13 (got %s)", got);
        if (fmod(t, (double)m->seq) != 0.0)
            return fs__err_at(cx, bt, "must be a whole number of %d-token sequences (got %s)",
                              m->seq, got);
        m->global_batch_seq = t / m->seq;
    }
    return FS_OK;
}

/* Overlap shares the group leaves out take the model's defaults for its
 * schedule and ZeRO stage (fs_parallel_default_overlaps, docs/model.md), as
 * make validate does; a share that is written wins. */
static void default_overlaps(struct fs_parallel *p, const unsigned char *seen)
{
    struct fs_parallel d = *p;

    fs_parallel_default_overlaps(&d);
    for (size_t i = 0; i < NFIELDS(parallel_fields); i++)
        if (!seen[i] && strncmp(parallel_fields[i].name, "overlap_", 8) == 0)
            memcpy((char *)p + parallel_fields[i].offset, (const char *)&d +
                   parallel_fields[i].offset, sizeof(double));
}

/* `parallel` pg: a group, or "auto"; absent (NULL) means "auto" too. */
static int read_parallel(const struct fs__ctx *cx, const config_setting_t *pg, struct fs_job *j)
{
    unsigned char seen[NFIELDS(parallel_fields)] = {0};
    struct fs_parallel *p = &j->par;
    int rc;

    memset(p, 0, sizeof(*p));
    if (pg != NULL && config_setting_type(pg) == CONFIG_TYPE_STRING) {
        if (strcmp(config_setting_get_string(pg), "auto") != 0)
            return fs__err_at(cx, pg, "expected a group { tp = ...; } or \"auto\" (got \"%s\")",
                              config_setting_get_string(pg));
        pg = NULL;
    }
    if (pg != NULL &&
        (rc = fs__read_group(cx, pg, parallel_fields, NFIELDS(parallel_fields), p, seen)) != FS_OK)
        return rc;
    default_overlaps(p, seen);
    if (j->shape.arch == FS_ARCH_DENSE) {
        if (p->ep > 1)
            return fs__err_at(cx, at(pg, "ep"), "ep must be 1 for a dense model (got %d)", p->ep);
        p->ep = 1;
    }
    if (p->schedule != FS_PP_INTERLEAVED) {
        if (p->vpp > 1)
            return fs__err_at(cx, at(pg, "vpp"),
                              "vpp > 1 needs schedule = \"interleaved\" (got %d)", p->vpp);
        p->vpp = 1;
    }
    if (p->tp && p->pp && p->dp && p->cp &&
        (double)p->tp * p->pp * p->dp * p->cp != (double)j->gpus)
        return fs__err_at(cx, pg, "tp x pp x cp x dp = %d x %d x %d x %d = %.15g, but job '%s' "
                                  "has %d GPUs",
                          p->tp, p->pp, p->cp, p->dp, (double)p->tp * p->pp * p->dp * p->cp,
                          j->name, j->gpus);
    j->par_auto = !(p->tp && p->pp && p->dp && p->ep && p->cp && p->vpp && p->micro_batch);
    return FS_OK;
}

/*
 * `model = "JOB"`: the job g of the same list named by the string *mg
 * lends its model group, and its parallel group unless g gives its own.
 * On return *mg is that group and *pg the parallel group to read.
 */
static int model_of_job(const struct fs__ctx *cx, const config_setting_t *g,
                        const config_setting_t **mg, const config_setting_t **pg)
{
    const config_setting_t *list = config_setting_parent(g), *ref = NULL;
    const char *want = config_setting_get_string(*mg), *nm;
    struct fs__near nr;

    fs__near_init(&nr, want);
    for (unsigned i = 0; list != NULL && ref == NULL && i < (unsigned)config_setting_length(list);
         i++) {
        const config_setting_t *e = config_setting_get_elem(list, i);
        if (!config_setting_lookup_string(e, "name", &nm))
            continue;
        if (strcmp(nm, want) == 0)
            ref = e;
        else
            fs__near_try(&nr, nm);
    }
    if (ref == NULL)
        return nr.best != NULL
                   ? fs__err_at(cx, *mg, "unknown job '%s' (did you mean '%s'?)", want, nr.best)
                   : fs__err_at(cx, *mg, "unknown job '%s' (a job's model is a group, or the "
                                         "name of another job with one)", want);
    if (ref == g)
        return fs__err_at(cx, *mg, "a job cannot take its model from itself ('%s')", want);
    if (!config_setting_is_group(config_setting_get_member(ref, "model")))
        return fs__err_at(cx, *mg, "job '%s' has no model group to lend", want);
    if (*pg == NULL)
        *pg = config_setting_get_member(ref, "parallel");
    *mg = config_setting_get_member(ref, "model");
    return FS_OK;
}

/* `model` and `parallel` of job g into j. */
static int read_shape(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j)
{
    const config_setting_t *mg = config_setting_get_member(g, "model");
    const config_setting_t *pg = config_setting_get_member(g, "parallel");
    unsigned char seen[NFIELDS(model_fields)] = {0};
    int rc;

    memset(&j->shape, 0, sizeof(j->shape));
    if (mg == NULL) {
        if (pg != NULL)
            return fs__err_at(cx, pg, "'parallel' needs the job's 'model'");
        return FS_OK;
    }
    if (config_setting_type(mg) == CONFIG_TYPE_STRING &&
        (rc = model_of_job(cx, g, &mg, &pg)) != FS_OK)
        return rc;
    if (!config_setting_is_group(mg))
        return fs__err_at(cx, mg, "expected a group { arch = ...; } or the name of another job");
    if ((rc = fs__read_group(cx, mg, model_fields, NFIELDS(model_fields), &j->shape, seen)) !=
            FS_OK ||
        (rc = check_shape(cx, mg, &j->shape)) != FS_OK)
        return rc;
    j->has_shape = 1;
    return read_parallel(cx, pg, j);
}

/*
 * The FLOP budget: `flop`, or 6 x N x tokens with N the active parameters
 * (given, or counted from the model). Sets *n to N, 0 when unknown.
 */
static int read_budget(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j,
                       double *n)
{
    double counted = j->has_shape ? fs_model_active_params(&j->shape) : 0.0;

    *n = j->active_params > 0.0 ? j->active_params : counted;
    /* The model's count is the check of a given one: 2 % covers rounding
     * of a published "37B" against the exact count. */
    if (j->active_params > 0.0 && counted > 0.0 && fabs(j->active_params / counted - 1.0) > 0.02)
        return fs__err_at(cx, at(g, "active_params"),
                          "job '%s': active_params = %.4g, but its model counts %.4g active "
                          "parameters per token (more than 2 %% apart)",
                          j->name, j->active_params, counted);
    if (config_setting_get_member(g, "flop") != NULL) {
        if (config_setting_get_member(g, "tokens") != NULL)
            return fs__err_at(cx, config_setting_get_member(g, "flop"),
                              "give either 'flop' or 'active_params' and 'tokens', not both");
        return FS_OK;
    }
    if (*n > 0.0 && j->tokens > 0.0) {
        j->flop = 6.0 * *n * j->tokens;
        return FS_OK;
    }
    return fs__err_at(cx, g, "missing FLOP budget: set 'flop', or 'active_params' and 'tokens'");
}

/* Which form job g gives; an error unless exactly one. */
static int which_form(const struct fs__ctx *cx, const config_setting_t *g, const struct fs_job *j,
                      int *form)
{
    char list[256], got[160];
    size_t o = 0, og = 0;
    int count = 0;

    for (int f = 0; f < NFORMS; f++) {
        o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", f ? ", " : "", speed_forms[f]);
        if (config_setting_get_member(g, speed_forms[f]) == NULL)
            continue;
        if (count++ == 0)
            *form = f;
        og += (size_t)snprintf(got + og, sizeof(got) - og, "%s'%s'", og ? " and " : "",
                               speed_forms[f]);
    }
    if (count == 1)
        return FS_OK;
    if (count == 0)
        return fs__err_at(cx, g, "job '%s' gives no speed: set exactly one of %s", j->name, list);
    return fs__err_at(cx, config_setting_get_member(g, speed_forms[*form]),
                      "job '%s' gives its speed %d ways (%s): set exactly one of %s", j->name,
                      count, got, list);
}

/* The model's prediction (or search) for job j on its chip. */
static int predict(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j,
                   const struct fs_chip *chip)
{
    char why[256] = "";
    int rc = j->par_auto ? fs_step_search(chip, j->precision, j->gpus, &j->shape, &j->par,
                                          &j->step, why, sizeof(why))
                         : fs_step_predict(chip, j->precision, j->gpus, &j->shape, &j->par,
                                           &j->step, why, sizeof(why));
    if (rc != FS_OK)
        return fs__err_at(cx, config_setting_get_member(g, "model"),
                          "job '%s' cannot run as given on %d %s at %s: %s", j->name, j->gpus,
                          chip->name, fs_precision_name(j->precision),
                          why[0] ? why : "no reason given");
    j->mfu = j->step.mfu;
    return FS_OK;
}

int fs__read_job_speed(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j,
                       const struct fs_chip *chip)
{
    double peak = fs_chip_peak_flops(chip, j->precision), n, rate = 0.0;
    const config_setting_t *fs;
    int form = FORM_MFU, rc;

    if ((rc = which_form(cx, g, j, &form)) != FS_OK || (rc = read_shape(cx, g, j)) != FS_OK ||
        (rc = read_budget(cx, g, j, &n)) != FS_OK || (rc = read_published(cx, g, j)) != FS_OK)
        return rc;
    fs = config_setting_get_member(g, speed_forms[form]);
    switch (form) {
    case FORM_MFU:
        j->mfu_source = FS_MFU_GIVEN;
        return FS_OK;
    case FORM_MODEL:
        j->mfu_source = FS_MFU_PREDICTED;
        if ((rc = predict(cx, g, j, chip)) != FS_OK)
            return rc;
        break;
    case FORM_TFLOPS:
        j->mfu_source = FS_MFU_THROUGHPUT;
        rate = j->given_tflops_per_gpu * 1e12;
        break;
    case FORM_GPUH:
        j->mfu_source = FS_MFU_ACCOUNTING;
        rate = j->flop / (j->given_gpu_hours * 3600.0);
        break;
    case FORM_DAYS:
        j->mfu_source = FS_MFU_ACCOUNTING;
        rate = j->flop / (j->gpus * j->given_duration_days * 86400.0);
        break;
    default: { /* tokens per GPU-second, given or from GPU-hours per 1e12 tokens */
        double t = form == FORM_TOKENS ? j->given_tokens_per_gpu_s
                                       : 1e12 / (j->given_gpu_h_per_1e12_tokens * 3600.0);
        j->mfu_source = form == FORM_TOKENS ? FS_MFU_THROUGHPUT : FS_MFU_ACCOUNTING;
        if (!(n > 0.0))
            return fs__err_at(cx, fs,
                              "job '%s': '%s' counts tokens; converting it to FLOP/s needs the "
                              "active parameters per token: set 'active_params' or 'model'",
                              j->name, speed_forms[form]);
        rate = 6.0 * n * t;
        break;
    }
    }
    if (form != FORM_MODEL)
        j->mfu = rate / peak;
    if (!(j->mfu >= 1e-4 && j->mfu <= 1.0))
        return fs__err_at(cx, fs,
                          "job '%s': this gives %.4g TFLOP/s per GPU, an MFU of %.4g of the %s "
                          "%s peak (%.4g TFLOP/s); it must be from 1e-4 to 1",
                          j->name, j->mfu * peak / 1e12, j->mfu, chip->name,
                          fs_precision_name(j->precision), peak / 1e12);
    return FS_OK;
}
