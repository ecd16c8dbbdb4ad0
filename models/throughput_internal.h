/*
 * throughput_internal.h - shared between throughput.c and
 * throughput_search.c: the documented defaults and the per-chip link rates.
 */
#ifndef FLEETSIM_THROUGHPUT_INTERNAL_H
#define FLEETSIM_THROUGHPUT_INTERNAL_H

#include <stddef.h>

#include "fleetsim/throughput.h"

/* Used when a chip record leaves a field at 0 (docs/model.md, "Throughput"):
 * an HGX node, a 200 Gb/s NIC per GPU, Calculon's link efficiencies (0.65
 * NVLink, 0.9 InfiniBand) and llm-analysis's "up to 0.5" compute efficiency. */
#define FS_TP_DEFAULT_DOMAIN 8
#define FS_TP_DEFAULT_OUT_GBPS 25.0
#define FS_TP_DEFAULT_UP_EFF 0.65
#define FS_TP_DEFAULT_OUT_EFF 0.9
#define FS_TP_DEFAULT_MATMUL_EFF 0.5

/* Bytes per parameter in mixed-precision Adam training: 16-bit weights,
 * 16-bit gradients, fp32 master weights + two moments (12). */
#define FS_TP_WEIGHT_BYTES 2.0
#define FS_TP_GRAD_BYTES 2.0
#define FS_TP_OPT_BYTES 12.0
#define FS_TP_COMM_GRAD_BYTES 2.0

/* Default overlap fractions (fs_parallel_default_overlaps; docs/model.md). */
#define FS_TP_OVERLAP_TP 0.0
#define FS_TP_OVERLAP_EP 0.0
#define FS_TP_OVERLAP_EP_DUALPIPE 0.9
#define FS_TP_OVERLAP_PP 0.5
#define FS_TP_OVERLAP_DP 0.0
#define FS_TP_OVERLAP_DP_SHARDED 0.8

/* GEMM size (GFLOP) at which a GEMM reaches half the large-GEMM efficiency
 * (fitted, validate/calibration.md). */
#ifndef FS_TP_GEMM_HALF_GFLOP
#define FS_TP_GEMM_HALF_GFLOP 20.0
#endif

/* FP8 software stack: the share of the chip's 16-bit matmul efficiency that
 * its FP8 GEMMs reach on the FP8 peak (fine-grained 1x128 / 128x128 scaling
 * with promotion to FP32 every 128 products, DeepSeek-V3 section 3.3). R18,
 * the only published FP8 run with a configuration, alone gives 0.474; held
 * at 0.5, the bound below which FP8 GEMMs (2 x the BF16 peak on every
 * NVIDIA chip) would run slower than BF16 ones, which fs_tp_gemm_rate
 * forbids anyway (validate/calibration.md). Applies to every chip. */
#ifndef FS_TP_FP8_STACK_EFF
#define FS_TP_FP8_STACK_EFF 0.5
#endif

struct fs_tp_links {
    int domain;         /* GPUs per scale-up domain */
    double up_Bps;      /* achieved scale-up bytes/s per direction per GPU */
    double out_Bps;     /* achieved scale-out bytes/s per direction per GPU */
    double matmul;      /* achieved share of dense peak */
};

void fs_tp_links(const struct fs_chip *c, struct fs_tp_links *l);
double fs_tp_expert_params(const struct fs_model_shape *m);
double fs_tp_attn_flop(const struct fs_model_shape *m);
double fs_tp_bubble_fraction(const struct fs_parallel *p, double micro_batches);
double fs_tp_act_bytes_per_layer(const struct fs_model_shape *m, const struct fs_parallel *p,
                                 int scores);
double fs_tp_gemm_size_factor(const struct fs_model_shape *m, const struct fs_parallel *p);
double fs_tp_expert_gemm_factor(const struct fs_model_shape *m, const struct fs_parallel *p);
double fs_tp_gemm_rate(const struct fs_chip *chip, enum fs_precision prec, double eff);
double fs_tp_stage_factor(const struct fs_model_shape *m, const struct fs_parallel *p);
const char *fs_tp_scaleup_user(int gpus, const struct fs_model_shape *m,
                               const struct fs_parallel *p, const struct fs_tp_links *l);
double fs_tp_exposed(double t, double overlap, double compute);
double fs_tp_inflight(const struct fs_parallel *p, double micro_batches);
int fs_tp_fail(char *why, size_t why_len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
