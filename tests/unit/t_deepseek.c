/*
 * t_deepseek.c - scenarios/deepseek_2025.cfg on the throughput model: the
 * V3 pre-training predicted from its shape and parallelism (throughput.md
 * R18, docs/sources.md#S-run-DSV3), its published speed beside the
 * prediction, the overlap defaults a scenario's `parallel` group takes, and
 * the 10x-GPU strategy's loss of MFU to the pipeline bubble.
 *
 * Hand derivations use the step the model prints for V3 on 2,048 H800
 * (`fleetsim --explain v3_pretrain scenarios/deepseek_2025.cfg`; docs/
 * model.md "Throughput"): compute 18.563 s, EP all-to-all 5.628 s and DP
 * reduction 0.116 s before overlap, 15,360 sequences of 4,096 tokens a step,
 * 6N = 2.253e11 FLOP a token, FP8 peak 1,979 TFLOP/s (models/chips.cfg).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compute.h"
#include "fleetsim/report.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

#define DEEPSEEK UNIT_TOP "/scenarios/deepseek_2025.cfg"

/* The overlaps the scenario leaves out take the model's defaults for
 * DualPipe and ZeRO-1 (docs/model.md: EP 0.9, PP 1, DP 0.8, TP 0), as make
 * validate's R18 does: exposed EP = 0.1 x 5.628 = 0.563 s and DP = 0.2 x
 * 0.116 = 0.023 s. Before the loader applied them every share was 0 and
 * the whole all-to-all was exposed. A share the file or --set writes
 * wins: overlap_ep = 0.5 exposes 2.814 s. */
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
 * 1,604.28 is (1,604.28 - 1,543.21) / 1,543.21 = +4.0 % above it. The
 * later stages publish no speed and print no such line. */
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

/* model = "v3_pretrain": the later stages borrow pre-training's model and
 * parallel groups, so they run at its predicted step (1,604.3 tokens/s/GPU
 * on 2,048 H800) and follow any change to them: on the Ascend 910B at fp16
 * with full recompute (the v3_on_ascend_910b strategy) all three jobs
 * predict the same 80.682 s step, 380.8 tokens/s/GPU (`fleetsim --explain
 * v3_context_ext` with the strategy's settings). Their budgets (the
 * published hours at the published 342.593 TFLOP/s, 1.468e23 and
 * 6.167e21 FLOP) then take budget / (MFU x peak): on the H800 1.468e23 /
 * (0.18265 x 1,979e12 x 3,600) = 112,815 GPU-h, 5.2 % under the published
 * 119,000, and on the 910B 475,336 GPU-h. */
TEST(deepseek_later_stages_follow_model)
{
    static const struct fs_override asc[] = {
        OV("clusters[h800].chip", "Ascend-910B"), OV("jobs[v3_pretrain].precision", "fp16"),
        OV("jobs[v3_pretrain].parallel.recompute", "full"),
        OV("jobs[v3_context_ext].precision", "fp16"), OV("jobs[v3_posttrain].precision", "fp16")};
    static const struct fs_override typo[] = {OV("jobs[v3_context_ext].model", "v3_pretrian")};
    static const struct fs_override self[] = {OV("jobs[v3_posttrain].model", "v3_posttrain")};
    static const struct fs_override chain[] = {OV("jobs[v3_posttrain].model", "v3_context_ext")};
    struct fs_scenario *s = unit_load(DEEPSEEK, NULL, 0);
    struct fs_ideal id;

    ASSERT(s != NULL);
    for (size_t i = 1; i < 3; i++) {
        ASSERT_INT_EQ(s->jobs[i].has_shape, 1);
        ASSERT_REL(s->jobs[i].step.step_s, s->jobs[0].step.step_s, 1e-12);
        ASSERT_REL(s->jobs[i].step.tokens_per_gpu_s, 1604.3, 1e-4);
    }
    fs_job_ideal(s, &s->jobs[1], &id);
    ASSERT_REL(id.gpu_hours, 112815.0, 1e-5);
    fs_scenario_free(s);

    s = unit_load(DEEPSEEK, asc, 5);
    ASSERT(s != NULL);
    for (size_t i = 0; i < 3; i++) {
        ASSERT_INT_EQ(s->jobs[i].step.par.recompute, s->jobs[0].step.par.recompute);
        ASSERT_REL(s->jobs[i].step.step_s, 80.682, 1e-4);
        ASSERT_REL(s->jobs[i].step.tokens_per_gpu_s, 380.8, 1e-3);
    }
    fs_job_ideal(s, &s->jobs[1], &id);
    ASSERT_REL(id.gpu_hours, 475336.0, 1e-5);
    fs_scenario_free(s);

    /* a misspelt, self or second-hand reference is refused */
    ASSERT(unit_load(DEEPSEEK, typo, 1) == NULL);
    ASSERT(unit_load(DEEPSEEK, self, 1) == NULL);
    ASSERT(unit_load(DEEPSEEK, chain, 1) == NULL);
}
