/*
 * t_deepseek.c - scenarios/deepseek_2025.cfg on the throughput model: the
 * V3 pre-training predicted from its shape and parallelism (throughput.md
 * R18, docs/sources.md#S-run-DSV3), its published speed beside the
 * prediction, the overlap defaults a scenario's `parallel` group takes, and
 * the 10x-GPU strategy's loss of MFU to the pipeline bubble.
 *
 * Hand derivations use the step the model prints for V3 on 2,048 H800
 * (`fleetsim --explain v3_pretrain scenarios/deepseek_2025.cfg`; docs/
 * model.md "Throughput"): compute 19.209 s, EP all-to-all 5.364 s and DP
 * reduction 0.110 s before overlap, 15,360 sequences of 4,096 tokens a step,
 * 6N = 2.253e11 FLOP a token, FP8 peak 1,979 TFLOP/s (models/chips.cfg).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/report.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

#define DEEPSEEK UNIT_TOP "/scenarios/deepseek_2025.cfg"

/* The overlaps the scenario leaves out take the model's defaults for
 * DualPipe and ZeRO-1 (docs/model.md: EP 0.9, PP 1, DP 0.8, TP 0), as make
 * validate's R18 does: exposed EP = 0.1 x 5.364 = 0.536 s and DP = 0.2 x
 * 0.110 = 0.022 s. Before the loader applied them every share was 0 and
 * the whole 5.364 s of all-to-all was exposed (a 24.9 s step, MFU 0.1405).
 * A share the file or --set writes wins: overlap_ep = 0.5 exposes 2.682 s. */
TEST(deepseek_overlap_defaults)
{
    static const struct fs_override half[] = {OV("jobs[v3_pretrain].parallel.overlap_ep", "0.5")};
    struct fs_scenario *s = unit_load(DEEPSEEK, NULL, 0);
    const struct fs_job *j;

    ASSERT(s != NULL);
    j = &s->jobs[0];
    ASSERT_STR_EQ(j->name, "v3_pretrain");
    ASSERT_INT_EQ(j->mfu_source, FS_MFU_PREDICTED);
    ASSERT_REL(j->par.overlap_ep, 0.9, 0.0);
    ASSERT_REL(j->par.overlap_pp, 1.0, 0.0);
    ASSERT_REL(j->par.overlap_dp, 0.8, 0.0);
    ASSERT_NEAR(j->par.overlap_tp, 0.0, 0.0);
    ASSERT_REL(j->step.ep_s, 0.5628, 1e-3);
    ASSERT_REL(j->step.dp_s, 0.0232, 1e-2);
    ASSERT_REL(j->step.step_s, 19.149, 1e-4);
    /* MFU = 15,360 x 4,096 / 19.149 s / 2,048 GPUs x 2.253e11 / 1,979e12 */
    ASSERT_REL(j->mfu, 0.18265, 1e-4);
    fs_scenario_free(s);

    s = unit_load(DEEPSEEK, half, 1);
    ASSERT(s != NULL);
    ASSERT_REL(s->jobs[0].par.overlap_ep, 0.5, 0.0);
    ASSERT_REL(s->jobs[0].step.ep_s, 2.814, 1e-3); /* half of 5.628 s */
    ASSERT_REL(s->jobs[0].par.overlap_pp, 1.0, 0.0); /* the others keep their defaults */
    fs_scenario_free(s);
}

/* The published speed beside the prediction: 180,000 GPU-h per 1e12 tokens
 * is 1e12 / (180,000 x 3,600) = 1,543.21 tokens/s/GPU; the model's
 * 1,554.07 is (1,554.07 - 1,543.21) / 1,543.21 = +0.70 % above it. The
 * accounting jobs print no such line. */
TEST(deepseek_published_beside_prediction)
{
    struct fs_scenario *s = unit_load(DEEPSEEK, NULL, 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    ASSERT(s != NULL);
    ASSERT_REL(s->jobs[0].published.gpu_h_per_1e12_tokens, 180000.0, 0.0);
    ASSERT_REL(s->jobs[0].published.tokens_per_gpu_s, 1543.2099, 1e-6);
    ASSERT(strstr(s->jobs[0].published.source, "DeepSeek-V3") != NULL);
    ASSERT_REL(fs_job_tokens_per_gpu_s(s, &s->jobs[0]), 1604.278, 1e-5);
    ASSERT_NEAR(s->jobs[1].published.tokens_per_gpu_s, 0.0, 0.0);
    f = open_memstream(&text, &len);
    ASSERT(f != NULL);
    fs_report_mfu_source(s, &s->jobs[0], 2, f);
    fs_report_mfu_source(s, &s->jobs[1], 2, f);
    fclose(f);
    ASSERT(strstr(text, "published 180,000 GPU-h per 1e12 tokens = 1,543 tokens/s/GPU") != NULL);
    ASSERT(strstr(text, "this job 1,604 tokens/s/GPU (+4.0 %)") != NULL);
    ASSERT(strstr(strstr(text, "(+4.0 %)"), "published") == NULL); /* once, for job 0 only */
    free(text);
    fs_scenario_free(s);
}

/* The 10x strategy (20,480 H800, the same 15,360-sequence batch): DP 1,280
 * leaves 15,360 / 1,280 = 12 micro-batches per pipeline for 16 stages.
 * Compute and all-to-all fall tenfold (1.8563 s, EP 0.0563 s exposed); the
 * DualPipe bubble is (16 - 12) / 12 = 1/3 of them, 0.6375 s; with DP 0.0281 s
 * the step is 2.5782 s, 15,360 x 4,096 / 2.5782 / 20,480 = 1,191.5
 * tokens/s/GPU and MFU 1,191.5 x 2.253e11 / 1,979e12 = 0.1357 against the
 * baseline's 0.1826, the bubble 24.7 % of the step against 0. */
TEST(deepseek_10x_bubble)
{
    static const struct fs_override tenx[] = {OV("orders[h800_2023].count", "20880"),
                                              OV("jobs[v3_pretrain].gpus", "20480")};
    struct fs_scenario *base = unit_load(DEEPSEEK, NULL, 0), *s = unit_load(DEEPSEEK, tenx, 2);
    const struct fs_step *b, *t;
    int warned = 0;

    ASSERT(base != NULL && s != NULL);
    b = &base->jobs[0].step;
    t = &s->jobs[0].step;
    ASSERT_INT_EQ(t->par.dp, 1280);
    ASSERT_REL(t->micro_batches, 12.0, 0.0);
    ASSERT_REL(t->compute_s, b->compute_s / 10.0, 1e-9);
    ASSERT_REL(t->bubble_s, (t->compute_s + t->tp_s + t->ep_s) / 3.0, 1e-9);
    ASSERT_REL(t->bubble_s, 0.6375, 1e-3);
    ASSERT_REL(t->step_s, 2.5782, 1e-4);
    ASSERT_REL(t->tokens_per_gpu_s, 1191.5, 1e-4);
    ASSERT_REL(s->jobs[0].mfu, 0.1357, 1e-3);
    ASSERT(s->jobs[0].mfu < base->jobs[0].mfu);
    ASSERT_NEAR(b->bubble_s, 0.0, 0.0);
    ASSERT(t->bubble_s / t->step_s > 0.24 && t->bubble_s / t->step_s < 0.25);
    /* the loader states why: fewer micro-batches than stages */
    for (size_t i = 0; i < s->nwarnings; i++)
        warned |= strstr(s->warnings[i], "job 'v3_pretrain': 12 micro-batches per pipeline "
                                         "for 16 stages: the pipeline bubble is 25 %") != NULL;
    ASSERT(warned);
    ASSERT_INT_EQ(base->nwarnings, 0);
    fs_scenario_free(base);
    fs_scenario_free(s);
}
