/*
 * throughput.h - a training job's speed predicted from the hardware, the
 * model's shape and the parallelism: step time, tokens/s, MFU and HFU, with
 * the breakdown (compute, pipeline bubble, exposed communication by kind)
 * and the memory per GPU. Pure functions (models/throughput.c); equations
 * and sources in docs/model.md ("Throughput").
 *
 * The simulator still runs a job at gpus x peak x mfu; this module is how
 * the loader resolves `mfu` when a job gives its shape and parallelism, an
 * achieved throughput, or its accounting instead of an MFU.
 */
#ifndef FLEETSIM_THROUGHPUT_H
#define FLEETSIM_THROUGHPUT_H

#include <stddef.h>
#include <stdio.h>

#include "fleetsim/catalog.h"

enum fs_arch { FS_ARCH_DENSE, FS_ARCH_MOE };

/* Attention: multi-head / grouped-query (kv_heads <= heads), or DeepSeek's
 * multi-head latent attention (MLA). */
enum fs_attention { FS_ATTN_MHA, FS_ATTN_MLA };

/* The model's shape. Sizes are counts (not bytes). */
struct fs_model_shape {
    enum fs_arch arch;
    int layers;                 /* L */
    int hidden;                 /* h */
    int ffn;                    /* dense FFN size f (per dense layer) */
    int swiglu;                 /* 1: gated FFN, 3 matrices of h x f */
    int heads;                  /* a (query heads) */
    int kv_heads;               /* g; = heads for MHA */
    int head_dim;               /* d_head; 0 means hidden / heads */
    enum fs_attention attention;
    /* MLA only (DeepSeek-V2/V3): */
    int q_lora_rank, kv_lora_rank, qk_nope_dim, qk_rope_dim, v_head_dim;
    int vocab;                  /* V */
    int seq;                    /* s, tokens per sequence */
    /* MoE only: */
    int dense_layers;           /* the first layers with a dense FFN */
    int experts;                /* routed experts per MoE layer */
    int top_k;                  /* routed experts per token */
    int shared_experts;         /* always-active experts per MoE layer */
    int expert_ffn;             /* FFN size of one expert */
    int max_nodes_per_token;    /* routing cap on nodes a token reaches; 0 = none */
    int mtp_depth;              /* multi-token-prediction modules (DeepSeek-V3: 1) */
    /* The step: */
    double global_batch_seq;    /* sequences per optimizer step */
};

enum fs_pp_schedule {
    FS_PP_1F1B,                 /* bubble (p-1)/m of ideal time */
    FS_PP_INTERLEAVED,          /* (p-1)/(v m) with v virtual stages */
    FS_PP_ZERO_BUBBLE,          /* backward split: bubble ~ 0 at m >= p */
    FS_PP_DUALPIPE              /* DeepSeek-V3: zero bubble, 2x weights */
};

enum fs_recompute { FS_RECOMPUTE_NONE, FS_RECOMPUTE_SELECTIVE, FS_RECOMPUTE_FULL };

/* How a job is split over its GPUs. A degree of 0 in a search means "any". */
struct fs_parallel {
    int tp;                     /* tensor parallel (within the scale-up domain) */
    int pp;                     /* pipeline stages */
    int dp;                     /* data parallel = gpus / (tp pp cp) */
    int ep;                     /* expert parallel (MoE; divides dp x tp) */
    int cp;                     /* context parallel */
    int vpp;                    /* virtual stages per rank (interleaved) */
    enum fs_pp_schedule schedule;
    int zero;                   /* ZeRO stage / distributed optimizer: 0-3 */
    int sequence_parallel;      /* Megatron SP with TP */
    int micro_batch;            /* sequences per micro-batch */
    enum fs_recompute recompute;
    /* Fraction of each communication hidden behind compute, [0, 1]. */
    double overlap_tp, overlap_ep, overlap_pp, overlap_dp;
};

/* FLOP counting conventions (they differ by 5-30 %); every MFU says which. */
enum fs_flop_convention {
    FS_FLOPS_6N,                /* 6 x active params per token */
    FS_FLOPS_6N_ATTN,           /* 6N + attention scores (non-causal), PaLM style */
    FS_FLOPS_MEGATRON           /* Megatron-Core formula, non-causal attention */
};

/* The predicted step and its parts. Times in seconds, memory in GB (1e9). */
struct fs_step {
    struct fs_parallel par;     /* the configuration used (auto: the one picked) */
    double micro_batches;       /* m, per pipeline per step */
    double tokens_per_step;
    double flop_per_token;      /* model FLOPs per token, 6N convention */
    double flop_per_token_attn; /* with attention, non-causal */
    double hw_flop_per_token;   /* executed, recompute included (for HFU) */
    double step_s;
    double compute_s;           /* at the chip's achievable efficiency */
    double bubble_s;
    double tp_s, ep_s, pp_s, dp_s; /* exposed communication by kind */
    double tokens_per_gpu_s;
    double mfu;                 /* 6N convention, of dense peak at the precision */
    double mfu_attn;            /* 6N + attention convention */
    double hfu;
    double mem_weights_gb, mem_grads_gb, mem_optimizer_gb, mem_activations_gb;
    double mem_total_gb;        /* compared with the chip's memory_gb */
};

/* Sets the four overlap fractions to the documented defaults
 * (docs/model.md, "Throughput"); call after setting p->zero. */
void fs_parallel_default_overlaps(struct fs_parallel *p);

/* Parameters: total and active per token (MoE), embeddings included. */
double fs_model_params(const struct fs_model_shape *m);
double fs_model_active_params(const struct fs_model_shape *m);

/* FLOPs per token (forward + backward) in a convention. */
double fs_model_flop_per_token(const struct fs_model_shape *m, enum fs_flop_convention c);

/*
 * Predicts one step of a job of `gpus` GPUs of `chip` at precision `prec`.
 * par must be complete (every degree set). Returns FS_OK and fills *out, or
 * FS_ESCENARIO with a one-line reason in why (a configuration that cannot
 * be built, or does not fit in memory: "needs 91.2 GB per GPU, H800 has
 * 80 GB"). why may be NULL. On FS_OK, a non-empty why is a warning (fewer
 * micro-batches than pipeline stages). A configuration refused for memory
 * still fills *out, so the caller can show the breakdown.
 */
int fs_step_predict(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                    const struct fs_model_shape *m, const struct fs_parallel *par,
                    struct fs_step *out, char *why, size_t why_len);

/*
 * Searches the feasible configurations (degrees left 0 in `fixed` are free;
 * set ones are kept) for the fastest step, as Calculon's optimal-execution
 * search does. FS_OK with the best in *out, or FS_ESCENARIO with the reason
 * the closest candidate failed.
 */
int fs_step_search(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                   const struct fs_model_shape *m, const struct fs_parallel *fixed,
                   struct fs_step *out, char *why, size_t why_len);

/*
 * Writes the derivation of a step, step by step with the numbers (the
 * inputs, FLOPs per token, compute time, bubble, each communication and
 * its link, memory per GPU), for `fleetsim --explain JOB`.
 */
void fs_step_explain(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                     const struct fs_model_shape *m, const struct fs_step *step, FILE *out);

#endif
