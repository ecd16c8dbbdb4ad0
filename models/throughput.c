/*
 * throughput.c - the throughput model (throughput.h): parameters and FLOPs
 * per token, and one step's time and memory for a complete configuration.
 * The search and the explanation are in throughput_search.c. Equations and
 * sources: docs/model.md, "Throughput".
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fleetsim/error.h"
#include "fleetsim/throughput.h"
#include "throughput_internal.h"

static double head_dim(const struct fs_model_shape *m)
{
    return m->head_dim > 0 ? m->head_dim : (double)m->hidden / m->heads;
}

/* Attention projection parameters of one layer. */
static double attn_params(const struct fs_model_shape *m)
{
    double h = m->hidden, a = m->heads;

    if (m->attention == FS_ATTN_MLA) {
        double qk = m->qk_nope_dim + m->qk_rope_dim, q;

        q = m->q_lora_rank > 0 ? h * m->q_lora_rank + (double)m->q_lora_rank * a * qk
                               : h * a * qk;
        return q + h * (m->kv_lora_rank + m->qk_rope_dim) +
               (double)m->kv_lora_rank * a * (m->qk_nope_dim + m->v_head_dim) +
               a * m->v_head_dim * h;
    }
    {
        double d = head_dim(m), g = m->kv_heads > 0 ? m->kv_heads : a;
        return 2.0 * h * a * d + 2.0 * h * g * d;
    }
}

static double ffn_params(const struct fs_model_shape *m, int ffn)
{
    return (m->swiglu ? 3.0 : 2.0) * m->hidden * (double)ffn;
}

/* Number of layers with an MoE FFN (0 for a dense model). */
static int moe_layers(const struct fs_model_shape *m)
{
    return m->arch == FS_ARCH_MOE ? m->layers - m->dense_layers : 0;
}

double fs_tp_expert_params(const struct fs_model_shape *m)
{
    return moe_layers(m) * (double)m->experts * ffn_params(m, m->expert_ffn);
}

/* Parameters of the layers and the embeddings, with `experts` routed experts
 * counted per MoE layer. Embedding and output layer are untied (V h each). */
static double params_with(const struct fs_model_shape *m, double experts)
{
    int lm = moe_layers(m);
    double dense = (double)(m->layers - lm) * ffn_params(m, m->ffn);
    double moe = lm * ((experts + m->shared_experts) * ffn_params(m, m->expert_ffn) +
                       (double)m->hidden * m->experts);

    return m->layers * attn_params(m) + dense + moe + 2.0 * m->vocab * (double)m->hidden;
}

double fs_model_params(const struct fs_model_shape *m)
{
    return params_with(m, m->arch == FS_ARCH_MOE ? m->experts : 0);
}

double fs_model_active_params(const struct fs_model_shape *m)
{
    return params_with(m, m->arch == FS_ARCH_MOE ? m->top_k : 0);
}

/* Attention-score FLOPs per token, forward + backward, non-causal:
 * 3 x (2 s a d_qk + 2 s a d_v) per layer (throughput.md section 1.3). */
double fs_tp_attn_flop(const struct fs_model_shape *m)
{
    double s = m->seq, a = m->heads, dqk, dv;

    if (m->attention == FS_ATTN_MLA) {
        dqk = m->qk_nope_dim + m->qk_rope_dim;
        dv = m->v_head_dim;
    } else {
        dqk = dv = head_dim(m);
    }
    return m->layers * 3.0 * (2.0 * s * a * dqk + 2.0 * s * a * dv);
}

double fs_model_flop_per_token(const struct fs_model_shape *m, enum fs_flop_convention c)
{
    double n6 = 6.0 * fs_model_active_params(m);

    switch (c) {
    case FS_FLOPS_6N:
        return n6;
    case FS_FLOPS_6N_ATTN:
        return n6 + fs_tp_attn_flop(m);
    case FS_FLOPS_MEGATRON:
        /* the input embedding is a lookup, not a matrix product */
        return n6 - 6.0 * m->vocab * (double)m->hidden + fs_tp_attn_flop(m);
    }
    return 0.0;
}

/* The MTP modules' FLOPs per token (one MoE layer, a 2h x h projection and
 * the shared output layer each); executed, not counted in 6N. */
static double mtp_flop(const struct fs_model_shape *m)
{
    double layer, active_moe;

    if (m->mtp_depth <= 0)
        return 0.0;
    active_moe = (m->top_k + m->shared_experts) * ffn_params(m, m->expert_ffn);
    layer = attn_params(m) + (m->arch == FS_ARCH_MOE ? active_moe : ffn_params(m, m->ffn));
    return m->mtp_depth * 6.0 * (layer + 2.0 * m->hidden * (double)m->hidden +
                                 m->vocab * (double)m->hidden);
}

int fs_tp_fail(char *why, size_t why_len, const char *fmt, ...)
{
    va_list ap;

    if (why != NULL && why_len > 0) {
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return FS_ESCENARIO;
}

void fs_tp_links(const struct fs_chip *c, struct fs_tp_links *l)
{
    l->domain = c->scaleup_domain > 0 ? c->scaleup_domain : FS_TP_DEFAULT_DOMAIN;
    l->up_Bps = c->scaleup_gbps / 2.0 * 1e9 *
                (c->scaleup_efficiency > 0 ? c->scaleup_efficiency : FS_TP_DEFAULT_UP_EFF);
    l->out_Bps = (c->scaleout_gbps > 0 ? c->scaleout_gbps : FS_TP_DEFAULT_OUT_GBPS) * 1e9 *
                 (c->scaleout_efficiency > 0 ? c->scaleout_efficiency : FS_TP_DEFAULT_OUT_EFF);
    l->matmul = c->matmul_efficiency > 0 ? c->matmul_efficiency : FS_TP_DEFAULT_MATMUL_EFF;
}

/* The first communication of this layout that runs over the scale-up link
 * (the choices of comms(): TP always; EP when an EP group has more than one
 * rank in a scale-up domain; PP and DP when they stay inside one), or NULL. */
const char *fs_tp_scaleup_user(int gpus, const struct fs_model_shape *m,
                               const struct fs_parallel *p, const struct fs_tp_links *l)
{
    int per_node = l->domain / p->tp > 0 ? l->domain / p->tp : 1;

    if (p->tp > 1)
        return "tensor parallelism (tp > 1)";
    if (m->arch == FS_ARCH_MOE && p->ep > 1 && per_node > 1)
        return "the expert all-to-all inside a scale-up domain (ep > 1)";
    if (p->pp > 1 && (long long)p->tp * p->pp * p->cp <= l->domain)
        return "pipeline stages inside one scale-up domain";
    if (p->dp > 1 && gpus <= l->domain)
        return "data parallelism inside one scale-up domain";
    return NULL;
}

/* Layers of the slowest pipeline stage over the mean (>= 1): stages hold
 * ceil(L / (p v)) layers per chunk when p v does not divide L (Llama 3
 * section 3.3.2 and DeepSeek-V3 put fewer layers on some stages; the step
 * waits for the fullest one). Embedding and logits are spread evenly. */
double fs_tp_stage_factor(const struct fs_model_shape *m, const struct fs_parallel *p)
{
    double chunks = (double)p->pp * (p->schedule == FS_PP_INTERLEAVED && p->vpp > 1 ? p->vpp : 1);

    if (chunks <= 1)
        return 1.0;
    return ceil(m->layers / chunks) * chunks / m->layers;
}

static int check_par(const struct fs_chip *chip, int gpus, const struct fs_model_shape *m,
                     const struct fs_parallel *p, const struct fs_tp_links *l, char *why,
                     size_t why_len)
{
    if (p->tp < 1 || p->pp < 1 || p->dp < 1 || p->cp < 1 || p->micro_batch < 1)
        return fs_tp_fail(why, why_len, "every degree must be at least 1");
    if ((long long)p->tp * p->pp * p->dp * p->cp != gpus)
        return fs_tp_fail(why, why_len, "tp %d x pp %d x dp %d x cp %d is not %d GPUs",
                          p->tp, p->pp, p->dp, p->cp, gpus);
    if (p->tp > l->domain)
        return fs_tp_fail(why, why_len, "tp %d exceeds the scale-up domain of %d %s",
                          p->tp, l->domain, chip->name);
    if (l->up_Bps <= 0) {
        const char *need = fs_tp_scaleup_user(gpus, m, p, l);
        if (need != NULL)
            return fs_tp_fail(why, why_len,
                              "%s has no scale-up bandwidth (scaleup_gbps unknown) for %s",
                              chip->name, need);
    }
    if (p->pp > m->layers)
        return fs_tp_fail(why, why_len, "pp %d exceeds %d layers", p->pp, m->layers);
    if (m->arch == FS_ARCH_MOE && (p->ep < 1 || m->experts % p->ep != 0 ||
                                   (p->dp * p->tp) % p->ep != 0))
        return fs_tp_fail(why, why_len, "ep %d must divide the %d experts and dp x tp",
                          p->ep, m->experts);
    if (m->seq % p->cp != 0)
        return fs_tp_fail(why, why_len, "cp %d does not divide seq %d", p->cp, m->seq);
    return FS_OK;
}

/* In-flight micro-batches held by the first stage, times the interleaving
 * factor 1 + (p-1)/(p v) (Korthikanti 2022 section 4.2.3). */
double fs_tp_inflight(const struct fs_parallel *p, double mb)
{
    double n = mb < p->pp ? mb : p->pp, v = p->vpp > 1 ? p->vpp : 1;

    if (p->schedule == FS_PP_DUALPIPE)
        n = mb < p->pp + 1 ? mb : p->pp + 1;
    if (p->schedule == FS_PP_INTERLEAVED && v > 1)
        n *= 1.0 + (p->pp - 1.0) / (p->pp * v);
    return n;
}

/* Activation bytes per layer per micro-batch (Korthikanti 2022, eqs. 1-6).
 * `scores`: keep the a s^2 attention scores (5 a s / h); fused (flash)
 * attention never stores them, so the model uses scores = 0 and "none" then
 * costs what "selective" does (flash attention recomputes the scores). */
double fs_tp_act_bytes_per_layer(const struct fs_model_shape *m, const struct fs_parallel *p,
                                 int scores)
{
    double s = (double)m->seq / p->cp, b = p->micro_batch, h = m->hidden, t = p->tp;
    double sbh = s * b * h, attn = scores ? 5.0 * m->heads * s / h : 0.0;

    switch (p->recompute) {
    case FS_RECOMPUTE_FULL:
        return p->sequence_parallel ? 2.0 * sbh / t : 2.0 * sbh;
    case FS_RECOMPUTE_SELECTIVE:
        return p->sequence_parallel ? 34.0 * sbh / t : sbh * (10.0 + 24.0 / t);
    case FS_RECOMPUTE_NONE:
        break;
    }
    return p->sequence_parallel ? sbh * (34.0 + attn) / t : sbh * (10.0 + 24.0 / t + attn / t);
}

static void memory(const struct fs_model_shape *m, const struct fs_parallel *p, double mb,
                   double act_bytes, struct fs_step *o)
{
    double expert = fs_tp_expert_params(m), dense = fs_model_params(m) - expert;
    double edp = m->arch == FS_ARCH_MOE ? (double)p->dp * p->tp / p->ep : 1.0;
    double u = fs_tp_stage_factor(m, p);
    double wd = u * dense / ((double)p->tp * p->pp), we = u * expert / ((double)p->ep * p->pp);
    double copies = p->schedule == FS_PP_DUALPIPE ? 2.0 : 1.0;
    double shard_o = p->zero >= 1, shard_g = p->zero >= 2, shard_w = p->zero >= 3;

    o->mem_weights_gb = copies * FS_TP_WEIGHT_BYTES *
                        (wd / (shard_w ? p->dp : 1) + we / (shard_w ? edp : 1)) / 1e9;
    o->mem_grads_gb = copies * FS_TP_GRAD_BYTES *
                      (wd / (shard_g ? p->dp : 1) + we / (shard_g ? edp : 1)) / 1e9;
    o->mem_optimizer_gb = FS_TP_OPT_BYTES *
                          (wd / (shard_o ? p->dp : 1) + we / (shard_o ? edp : 1)) / 1e9;
    /* Korthikanti's constants count 16-bit activations; FP8 training caches
     * the GEMM inputs in 8 bits (DeepSeek-V3 section 3.3): act_bytes / 2 */
    o->mem_activations_gb = fs_tp_act_bytes_per_layer(m, p, 0) * (u * m->layers / p->pp) *
                            fs_tp_inflight(p, mb) * act_bytes / 2.0 / 1e9;
    o->mem_total_gb = o->mem_weights_gb + o->mem_grads_gb + o->mem_optimizer_gb +
                      o->mem_activations_gb;
}

/* Pipeline bubble as a fraction of the ideal per-pipeline time. */
double fs_tp_bubble_fraction(const struct fs_parallel *p, double mb)
{
    double pp = p->pp, v = p->vpp > 1 ? p->vpp : 1;

    if (pp <= 1)
        return 0.0;
    switch (p->schedule) {
    case FS_PP_1F1B:
        return (pp - 1.0) / mb;
    case FS_PP_INTERLEAVED:
        return (pp - 1.0) / (v * mb);
    case FS_PP_ZERO_BUBBLE:
    case FS_PP_DUALPIPE:
        return mb >= pp ? 0.0 : (pp - mb) / mb;
    }
    return 0.0;
}

/* The exposed part of a communication of t seconds of which a fraction
 * `overlap` may run under `compute` seconds of computation: what cannot be
 * overlapped, or what is left once the computation is covered. */
double fs_tp_exposed(double t, double overlap, double compute)
{
    double a = (1.0 - overlap) * t, b = t - compute;

    return a > b ? a : b;
}

/* ZeRO-3's exposed DP time (docs/model.md): each layer's 16-bit weights are
 * all-gathered over DP before its forward, again before its recompute (full
 * recompute: DeepSpeed releases a layer's weights after every forward) and
 * before its backward, whose gradients are reduce-scattered: per layer and
 * micro-batch 3 (4 with full recompute) collectives of g = (d-1)/d of the
 * layer's weights. A layer's collectives are prefetched under the previous
 * layer's compute of the same phase (forward c, recompute c, backward 2c),
 * so each phase exposes what its compute cannot cover, and at least
 * 1 - overlap of it (fs_tp_exposed). At micro-batch 1-2 the compute per
 * layer is shorter than g: the step then stays at the collectives' time
 * while compute per GPU halves with each doubling (Narayanan 2021 Table 2). */
static double zero3_dp(const struct fs_model_shape *m, const struct fs_parallel *p, double mb,
                       double bw, double compute_s)
{
    double lps = fs_tp_stage_factor(m, p) * m->layers / p->pp;
    double full = p->recompute == FS_RECOMPUTE_FULL;
    double w = (fs_model_params(m) - fs_tp_expert_params(m)) * lps / m->layers / p->tp;
    double g = (p->dp - 1.0) / p->dp * w / lps * FS_TP_COMM_GRAD_BYTES / bw;
    double c = compute_s / (mb * lps * (3.0 + full)), o = p->overlap_dp;
    double layer = fs_tp_exposed(g, o, c) + full * fs_tp_exposed(g, o, c) +
                   fs_tp_exposed(2.0 * g, o, 2.0 * c);

    return mb * lps * layer;
}

/* Exposed communication per step, by kind (docs/model.md). */
static void comms(const struct fs_model_shape *m, const struct fs_parallel *p, int gpus,
                  double mb, double act_bytes, const struct fs_tp_links *l, struct fs_step *o)
{
    double s = (double)m->seq / p->cp, b = p->micro_batch, h = m->hidden, t = p->tp;
    double u = fs_tp_stage_factor(m, p), lps = u * m->layers / p->pp;
    double v = p->vpp > 1 ? p->vpp : 1;
    double tp_bytes, pp_bytes, dp_bytes, dp_bw, grad, out_bw = l->out_Bps;
    double rec = p->recompute == FS_RECOMPUTE_FULL ? 1.5 : 1.0;

    /* TP: 4 all-reduces (or AG + RS) per layer per micro-batch, 2(t-1)/t each */
    tp_bytes = rec * 8.0 * s * b * h * (t - 1.0) / t * act_bytes * lps * mb;
    o->tp_s = t > 1 ? fs_tp_exposed(tp_bytes / l->up_Bps, p->overlap_tp, o->compute_s) : 0.0;
    /* EP: dispatch + combine, forward and backward, top_k b s h each */
    o->ep_s = 0.0;
    if (m->arch == FS_ARCH_MOE && p->ep > 1) {
        int per_node = l->domain / p->tp > 0 ? l->domain / p->tp : 1;
        double nodes = (double)p->ep / per_node, k = m->top_k, cross, moe_lps;
        double tok = s * b / t * mb;

        moe_lps = u * (m->layers - m->dense_layers) / p->pp;
        cross = 0.0;
        if (nodes > 1) {
            double reach = m->max_nodes_per_token > 0 && m->max_nodes_per_token < k
                               ? m->max_nodes_per_token : k;
            cross = reach * (nodes - 1.0) / nodes;
        }
        {
            double up = k * tok * h * act_bytes * 4.0 * moe_lps / (l->up_Bps > 0 ? l->up_Bps : 1e30);
            double out = cross * tok * h * act_bytes * 4.0 * moe_lps / out_bw;
            o->ep_s = fs_tp_exposed(up > out ? up : out, p->overlap_ep, o->compute_s);
        }
    }
    /* PP: activations forward and gradients backward, b s h per boundary */
    /* split over the tp ranks (scatter/gather, Narayanan 2021 section 4.1) */
    pp_bytes = 2.0 * s * b * h * act_bytes * mb * v / t;
    o->pp_s = p->pp > 1 ? fs_tp_exposed(pp_bytes / ((long long)t * p->pp * p->cp > l->domain
                                                         ? out_bw : l->up_Bps),
                                        p->overlap_pp, o->compute_s)
                        : 0.0;
    /* DP: ring reduce-scatter + all-gather, 2(d-1)/d of the gradients, once
     * per step (ZeRO-3: per layer and micro-batch, zero3_dp) */
    grad = u * (fs_model_params(m) - fs_tp_expert_params(m)) / (t * p->pp) * FS_TP_COMM_GRAD_BYTES;
    dp_bytes = p->zero >= 3 ? 0.0 : 2.0 * (p->dp - 1.0) / p->dp * grad;
    if (m->arch == FS_ARCH_MOE) {
        double edp = (double)p->dp * t / p->ep;
        dp_bytes += 2.0 * (edp - 1.0) / edp * u * fs_tp_expert_params(m) / (p->ep * (double)p->pp) *
                    FS_TP_COMM_GRAD_BYTES;
    }
    dp_bw = gpus > l->domain ? out_bw : l->up_Bps;
    o->dp_s = 0.0;
    if (p->dp > 1) {
        o->dp_s = fs_tp_exposed(dp_bytes / dp_bw, p->overlap_dp, o->compute_s);
        if (p->zero >= 3)
            o->dp_s += zero3_dp(m, p, mb, dp_bw, o->compute_s);
    }
}

/* Share of the chip's large-GEMM efficiency reached by this configuration's
 * GEMMs: G / (G + G_half), G the GFLOP of one micro-batch's hidden x
 * hidden/tp product, 2 b (s/cp) h (h/tp) (docs/model.md; a smooth form of
 * Calculon's step table by op size; Narayanan 2021 Fig. 7/8 show the gain
 * of larger micro-batches). */
double fs_tp_gemm_size_factor(const struct fs_model_shape *m, const struct fs_parallel *p)
{
    double g = 2.0 * p->micro_batch * ((double)m->seq / p->cp) * m->hidden *
               ((double)m->hidden / p->tp) / 1e9;

    return g / (g + FS_TP_GEMM_HALF_GFLOP);
}

/* The same for the routed experts' GEMMs (MoE): each expert multiplies the
 * tokens routed to it from its EP group, M = b (s/cp)/tp x top_k x ep /
 * experts per micro-batch (balanced routing; the tokens of a TP group are
 * split over its ranks before dispatch), by h x expert_ffn: G = 2 M h f_e.
 * V3 at b 1, EP 64: M = 4,096 x 8 x 64 / 256 = 8,192, G = 240 GFLOP. */
double fs_tp_expert_gemm_factor(const struct fs_model_shape *m, const struct fs_parallel *p)
{
    double tok, g;

    if (m->arch != FS_ARCH_MOE || m->experts < 1 || m->expert_ffn < 1)
        return fs_tp_gemm_size_factor(m, p);
    tok = p->micro_batch * ((double)m->seq / p->cp) / p->tp * m->top_k * p->ep / m->experts;
    g = 2.0 * tok * m->hidden * (double)m->expert_ffn / 1e9;
    return g / (g + FS_TP_GEMM_HALF_GFLOP);
}

/* Routed-expert GEMM FLOPs per token, executed: 6 x top_k experts of every
 * MoE layer and MTP module (a third more with full recompute). */
static double expert_flop(const struct fs_model_shape *m, enum fs_recompute r)
{
    double f;

    if (m->arch != FS_ARCH_MOE)
        return 0.0;
    f = 6.0 * m->top_k * ffn_params(m, m->expert_ffn) *
        (moe_layers(m) + (m->mtp_depth > 0 ? m->mtp_depth : 0));
    return r == FS_RECOMPUTE_FULL ? f * 4.0 / 3.0 : f;
}

static double hw_flop(const struct fs_model_shape *m, enum fs_recompute r)
{
    double f = fs_model_flop_per_token(m, FS_FLOPS_MEGATRON) + mtp_flop(m);
    double attn = fs_tp_attn_flop(m), logits = 6.0 * m->vocab * (double)m->hidden;

    if (r == FS_RECOMPUTE_FULL)
        return f + (f - logits) / 3.0;  /* one more forward of every layer */
    if (r == FS_RECOMPUTE_SELECTIVE)
        return f + attn / 3.0;          /* the attention scores' forward */
    return f;
}

/* Achieved GEMM FLOP/s at `prec` for a GEMM-size factor `f`. FP8 GEMMs run
 * at the FP8 stack's share of the 16-bit efficiency (FS_TP_FP8_STACK_EFF).
 * A format narrower than 16 bits never runs a GEMM slower than the chip's
 * 16-bit format would (a stack slower in FP8 would train in BF16), so a
 * lower-precision job is never predicted slower than the same job in BF16. */
double fs_tp_gemm_rate(const struct fs_chip *chip, enum fs_precision prec, double eff)
{
    double peak = fs_chip_peak_flops(chip, prec), r, r16;

    if (fs_precision_bits(prec) >= 16)
        return peak * eff;
    r = peak * eff * (prec == FS_PREC_FP8 ? FS_TP_FP8_STACK_EFF : 1.0);
    r16 = fs_chip_peak_flops(chip, FS_PREC_BF16);
    if (r16 <= 0)
        r16 = fs_chip_peak_flops(chip, FS_PREC_FP16);
    r16 *= eff;
    return r > r16 ? r : r16;
}

/* Seconds of computation of `tokens` tokens on one GPU: the routed experts'
 * GEMMs at their own size factor, the other GEMMs at the dense one. In
 * training below 16 bits only the GEMMs run in the narrow format; the
 * attention scores run at the 16-bit peak and efficiency (DeepSeek-V3
 * section 3.3.1). */
static double compute_time(const struct fs_chip *chip, enum fs_precision prec,
                           const struct fs_model_shape *m, const struct fs_parallel *par,
                           const struct fs_tp_links *l, double tokens, double hw_flop)
{
    double fd = l->matmul * fs_tp_gemm_size_factor(m, par);
    double fe = l->matmul * fs_tp_expert_gemm_factor(m, par);
    double ex = expert_flop(m, par->recompute), attn = 0.0, t_attn = 0.0;

    if (fs_precision_bits(prec) < 16 && fs_tp_gemm_rate(chip, FS_PREC_BF16, 1.0) > 0) {
        attn = fs_tp_attn_flop(m) * (par->recompute == FS_RECOMPUTE_NONE ? 1.0 : 4.0 / 3.0);
        t_attn = attn / fs_tp_gemm_rate(chip, FS_PREC_BF16, fd);
    }
    return tokens * ((hw_flop - ex - attn) / fs_tp_gemm_rate(chip, prec, fd) +
                     ex / fs_tp_gemm_rate(chip, prec, fe) + t_attn);
}

int fs_step_predict(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                    const struct fs_model_shape *m, const struct fs_parallel *par,
                    struct fs_step *out, char *why, size_t why_len)
{
    struct fs_tp_links l;
    struct fs_step o;
    double peak = fs_chip_peak_flops(chip, prec), mb, seqs, act_bytes, ideal;
    int rc;

    if (why != NULL && why_len > 0)
        why[0] = '\0';
    if (peak <= 0)
        return fs_tp_fail(why, why_len, "%s has no %s throughput", chip->name,
                          fs_precision_name(prec));
    if (m->layers < 1 || m->hidden < 1 || m->heads < 1 || m->seq < 1 || m->global_batch_seq <= 0)
        return fs_tp_fail(why, why_len, "the model shape is incomplete");
    fs_tp_links(chip, &l);
    rc = check_par(chip, gpus, m, par, &l, why, why_len);
    if (rc != FS_OK)
        return rc;
    memset(&o, 0, sizeof o);
    out->mem_total_gb = 0;
    o.par = *par;
    seqs = m->global_batch_seq / par->dp;
    mb = seqs / par->micro_batch;
    if (mb < 1.0)
        return fs_tp_fail(why, why_len,
                          "global batch %.0f gives %.2f micro-batches of %d per pipeline (needs >= 1)",
                          m->global_batch_seq, mb, par->micro_batch);
    o.micro_batches = mb;
    o.tokens_per_step = m->global_batch_seq * m->seq;
    o.flop_per_token = fs_model_flop_per_token(m, FS_FLOPS_6N);
    o.flop_per_token_attn = fs_model_flop_per_token(m, FS_FLOPS_6N_ATTN);
    o.hw_flop_per_token = hw_flop(m, par->recompute);
    act_bytes = prec == FS_PREC_FP8 ? 1.5 : (prec == FS_PREC_FP32 || prec == FS_PREC_TF32 ? 4 : 2);
    o.compute_s = fs_tp_stage_factor(m, par) *
                  compute_time(chip, prec, m, par, &l, o.tokens_per_step / gpus,
                               o.hw_flop_per_token);
    comms(m, par, gpus, mb, act_bytes, &l, &o);
    ideal = o.compute_s + o.tp_s + o.ep_s;
    o.bubble_s = fs_tp_bubble_fraction(par, mb) * ideal;
    o.step_s = ideal + o.bubble_s + o.pp_s + o.dp_s;
    o.tokens_per_gpu_s = o.tokens_per_step / o.step_s / gpus;
    o.mfu = o.tokens_per_gpu_s * o.flop_per_token / peak;
    o.mfu_attn = o.tokens_per_gpu_s * o.flop_per_token_attn / peak;
    o.hfu = o.tokens_per_gpu_s * o.hw_flop_per_token / peak;
    memory(m, par, mb, act_bytes, &o);
    *out = o;
    if (o.mem_total_gb > chip->memory_gb)
        return fs_tp_fail(why, why_len, "needs %.1f GB per GPU, %s has %.0f GB", o.mem_total_gb,
                          chip->name, chip->memory_gb);
    if (mb < par->pp)
        fs_tp_fail(why, why_len, "warning: %.1f micro-batches per pipeline for %d stages",
                   mb, par->pp);
    return FS_OK;
}
