/*
 * throughput_search.c - the configuration search (fs_step_search), the
 * default overlap fractions and the step-by-step explanation.
 */
#include <stdio.h>
#include <string.h>

#include "fleetsim/error.h"
#include "fleetsim/throughput.h"
#include "throughput_internal.h"

void fs_parallel_default_overlaps(struct fs_parallel *p)
{
    p->overlap_tp = FS_TP_OVERLAP_TP;
    p->overlap_ep = FS_TP_OVERLAP_EP;
    p->overlap_pp = FS_TP_OVERLAP_PP;
    p->overlap_dp = p->zero >= 1 ? FS_TP_OVERLAP_DP_SHARDED : FS_TP_OVERLAP_DP;
    if (p->schedule == FS_PP_DUALPIPE) {
        /* DualPipe pairs a forward and a backward chunk so that each one's
         * all-to-all and P2P run under the other's compute (V3 section 3.2.1) */
        p->overlap_ep = FS_TP_OVERLAP_EP_DUALPIPE;
        p->overlap_pp = 1.0;
    }
}

struct search {
    const struct fs_chip *chip;
    enum fs_precision prec;
    int gpus;
    const struct fs_model_shape *m;
    struct fs_step best, closest;
    int found, have_closest;
    char why[256];
};

/* Tries one complete configuration; keeps it if strictly faster (the
 * enumeration order makes the tie-break deterministic: smaller tp, then
 * smaller pp, ep, micro-batch and vpp win). */
static void try_one(struct search *s, const struct fs_parallel *p)
{
    struct fs_step st;
    char why[256];

    st.mem_total_gb = 0;
    if (fs_step_predict(s->chip, s->prec, s->gpus, s->m, p, &st, why, sizeof why) != FS_OK) {
        /* the reason of the candidate that came closest to fitting */
        if (st.mem_total_gb > 0 &&
            (!s->have_closest || st.mem_total_gb < s->closest.mem_total_gb)) {
            s->closest = st;
            s->have_closest = 1;
            snprintf(s->why, sizeof s->why, "%s", why);
        } else if (!s->have_closest) {
            snprintf(s->why, sizeof s->why, "%s", why);
        }
        return;
    }
    if (!s->found || st.step_s < s->best.step_s) {
        s->best = st;
        s->found = 1;
    }
}

static void try_inner(struct search *s, const struct fs_parallel *fixed, struct fs_parallel p)
{
    static const int mbs[] = {1, 2, 4, 8};
    static const int vs[] = {1, 2, 3, 4, 5, 6, 7, 8}; /* 5, 7: 80 or 112 layers per 8 or 16 stages */
    size_t i, j;

    for (i = 0; i < sizeof mbs / sizeof mbs[0]; i++) {
        if (fixed->micro_batch > 0 && mbs[i] != fixed->micro_batch)
            continue;
        p.micro_batch = fixed->micro_batch > 0 ? fixed->micro_batch : mbs[i];
        for (j = 0; j < sizeof vs / sizeof vs[0]; j++) {
            int v = fixed->vpp > 0 ? fixed->vpp : vs[j];
            if (fixed->vpp > 0 && j > 0)
                break;
            if (p.schedule != FS_PP_INTERLEAVED && v > 1)
                break;
            /* an interleaved schedule has at least two chunks per stage */
            if (p.schedule == FS_PP_INTERLEAVED && v == 1 && fixed->vpp == 0 && p.pp > 1)
                continue;
            /* uneven stages allowed (Llama 3 section 3.3.2), at least one layer each */
            if (v > 1 && p.pp * v > s->m->layers)
                continue;
            p.vpp = v;
            try_one(s, &p);
        }
        if (fixed->micro_batch > 0)
            break;
    }
}

int fs_step_search(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                   const struct fs_model_shape *m, const struct fs_parallel *fixed,
                   struct fs_step *out, char *why, size_t why_len)
{
    struct search s;
    struct fs_tp_links l;
    struct fs_parallel p = *fixed;
    int cp = fixed->cp > 0 ? fixed->cp : 1;

    memset(&s, 0, sizeof s);
    s.chip = chip, s.prec = prec, s.gpus = gpus, s.m = m;
    snprintf(s.why, sizeof s.why, "no configuration of %d GPUs", gpus);
    fs_tp_links(chip, &l);
    for (int tp = 1; tp <= l.domain && tp <= m->heads; tp++) {
        /* (fs_step_predict refuses layouts that need an unknown link) */
        if ((fixed->tp > 0 && tp != fixed->tp) || m->heads % tp != 0 || gpus % (tp * cp) != 0)
            continue;
        for (int pp = 1; pp <= m->layers; pp++) {
            if ((fixed->pp > 0 && pp != fixed->pp) || (gpus / (tp * cp)) % pp != 0)
                continue;
            /* pp need not divide the layers: the fullest stage sets the step
             * (fs_tp_stage_factor) */
            p.tp = tp, p.pp = pp, p.cp = cp;
            p.dp = gpus / (tp * cp * pp);
            if (fixed->dp > 0 && p.dp != fixed->dp)
                continue;
            if (m->arch != FS_ARCH_MOE) {
                p.ep = 1;
                try_inner(&s, fixed, p);
                continue;
            }
            for (int ep = 1; ep <= m->experts; ep++) {
                if ((fixed->ep > 0 && ep != fixed->ep) || m->experts % ep != 0 ||
                    (p.dp * tp) % ep != 0)
                    continue;
                p.ep = ep;
                try_inner(&s, fixed, p);
            }
        }
    }
    if (!s.found) {
        if (s.have_closest)
            *out = s.closest;  /* for the explanation; the caller sees the error */
        return fs_tp_fail(why, why_len, "%s", s.why);
    }
    *out = s.best;
    /* re-run the winner for its warning, if any */
    return fs_step_predict(chip, prec, gpus, m, &s.best.par, out, why, why_len);
}

static const char *sched_name(enum fs_pp_schedule s)
{
    static const char *const n[] = {"1f1b", "interleaved", "zero_bubble", "dualpipe"};
    return n[s];
}

static const char *rec_name(enum fs_recompute r)
{
    static const char *const n[] = {"none", "selective", "full"};
    return n[r];
}

void fs_step_explain(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                     const struct fs_model_shape *m, const struct fs_step *st, FILE *out)
{
    const struct fs_parallel *p = &st->par;
    struct fs_tp_links l;
    double peak = fs_chip_peak_flops(chip, prec);

    fs_tp_links(chip, &l);
    fprintf(out, "model: %s, %d layers, hidden %d, %d heads, seq %d, vocab %d\n",
            m->arch == FS_ARCH_MOE ? "MoE" : "dense", m->layers, m->hidden, m->heads, m->seq,
            m->vocab);
    fprintf(out, "  parameters %.4g total, %.4g active per token\n", fs_model_params(m),
            fs_model_active_params(m));
    fprintf(out, "parallel: tp %d pp %d dp %d ep %d cp %d vpp %d, %s, zero %d, sp %d, "
                 "micro-batch %d, recompute %s\n",
            p->tp, p->pp, p->dp, p->ep, p->cp, p->vpp, sched_name(p->schedule), p->zero,
            p->sequence_parallel, p->micro_batch, rec_name(p->recompute));
    fprintf(out, "step: %.0f sequences = %.4g tokens; m = batch / (dp x micro-batch) = %.2f\n",
            m->global_batch_seq, st->tokens_per_step, st->micro_batches);
    fprintf(out, "FLOPs per token: 6N %.4g; 6N + attention %.4g; executed %.4g (recompute %s)\n",
            st->flop_per_token, st->flop_per_token_attn, st->hw_flop_per_token,
            rec_name(p->recompute));
    fprintf(out, "compute: %.4g tokens x %.4g FLOP / %d GPUs / (%.4g TFLOP/s %s x %.2f x "
                 "GEMM-size factor %.3f) = %.3f s\n",
            st->tokens_per_step, st->hw_flop_per_token, gpus, peak / 1e12,
            fs_precision_name(prec), l.matmul, fs_tp_gemm_size_factor(m, p), st->compute_s);
    if (m->arch == FS_ARCH_MOE)
        fprintf(out, "  (routed experts' GEMMs at their own size factor %.3f, x %.4f for the "
                     "fullest pipeline stage)\n", fs_tp_expert_gemm_factor(m, p),
                fs_tp_stage_factor(m, p));
    else if (fs_tp_stage_factor(m, p) > 1.0)
        fprintf(out, "  (x %.4f for the fullest pipeline stage)\n", fs_tp_stage_factor(m, p));
    if (prec == FS_PREC_FP8 && fs_chip_peak_flops(chip, FS_PREC_BF16) > 0)
        fprintf(out, "  (FP8 GEMMs at %.2f of that efficiency, the FP8 stack share, never below "
                     "the bf16 rate; attention scores at the bf16 peak)\n", FS_TP_FP8_STACK_EFF);
    fprintf(out, "bubble: fraction %.4f of (compute + tp + ep) = %.3f s\n",
            fs_tp_bubble_fraction(p, st->micro_batches), st->bubble_s);
    fprintf(out, "links: scale-up %.0f GB/s per direction achieved (domain %d), "
                 "scale-out %.1f GB/s per GPU achieved\n",
            l.up_Bps / 1e9, l.domain, l.out_Bps / 1e9);
    {
        struct fs_parallel raw = *p;
        struct fs_step r;
        raw.overlap_tp = raw.overlap_ep = raw.overlap_pp = raw.overlap_dp = 0.0;
        if (fs_step_predict(chip, prec, gpus, m, &raw, &r, NULL, 0) == FS_OK || r.step_s > 0)
            fprintf(out, "communication before overlap: tp %.3f s, ep %.3f s, pp %.3f s, "
                         "dp %.3f s\n", r.tp_s, r.ep_s, r.pp_s, r.dp_s);
    }
    fprintf(out, "exposed communication: tp %.3f s (overlap %.2f), ep %.3f s (%.2f), "
                 "pp %.3f s (%.2f), dp %.3f s (%.2f)\n",
            st->tp_s, p->overlap_tp, st->ep_s, p->overlap_ep, st->pp_s, p->overlap_pp,
            st->dp_s, p->overlap_dp);
    fprintf(out, "step time: %.3f s; %.1f tokens/s per GPU; MFU %.1f %% (6N), %.1f %% "
                 "(6N + attention), HFU %.1f %%\n",
            st->step_s, st->tokens_per_gpu_s, 100 * st->mfu, 100 * st->mfu_attn, 100 * st->hfu);
    fprintf(out, "memory per GPU: weights %.1f + gradients %.1f + optimizer %.1f + "
                 "activations %.1f = %.1f GB (%s has %.0f GB)\n",
            st->mem_weights_gb, st->mem_grads_gb, st->mem_optimizer_gb, st->mem_activations_gb,
            st->mem_total_gb, chip->name, chip->memory_gb);
}
