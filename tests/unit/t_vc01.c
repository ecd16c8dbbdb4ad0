/*
 * t_vc01.c - validation case VC-01, arithmetic part (docs/
 * validation.md): DeepSeek-V3 GPU-hours, wall-clock and cost, computed by
 * the compute model from scenarios/deepseek_2025.cfg with failures off.
 *
 * Published (DeepSeek-V3 report, Table 1 and section 1, status O):
 *   pre-training 2,664K H800 GPU-hours, $5.328M at $2/GPU-h;
 *   context extension 119K, post-training 5K; total 2,788K, $5.576M;
 *   180K GPU-hours per trillion tokens = 3.7 days on 2,048 GPUs, so
 *   14.8T tokens take 14.8 x 180,000 / 2,048 / 24 = 54.2 days.
 * Tolerance: +-1 % (pure arithmetic on published inputs).
 */
#include "fleetsim/cfg.h"
#include "fleetsim/compute.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

static struct fs_scenario *load_deepseek(void)
{
    static const struct fs_override off[] = {OV("failures.distribution", "none")};
    return unit_load(UNIT_TOP "/scenarios/deepseek_2025.cfg", off, 1);
}

static const struct fs_job *job(const struct fs_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->njobs; i++)
        if (strcmp(s->jobs[i].name, name) == 0)
            return &s->jobs[i];
    return NULL;
}

TEST(vc01_pretrain)
{
    struct fs_scenario *s = load_deepseek();
    const struct fs_job *j;
    struct fs_ideal id;

    ASSERT(s != NULL);
    j = job(s, "v3_pretrain");
    ASSERT(j != NULL);
    /* 6 x 37e9 active params x 14.8e12 tokens = 3.2856e24 FLOP */
    ASSERT_REL(j->flop, 3.2856e24, 0.01);
    fs_job_ideal(s, j, &id);
    ASSERT_REL(id.gpu_hours, 2.664e6, 0.01);
    ASSERT_REL(id.hours / 24.0, 54.2, 0.01);
    ASSERT_REL(id.rental_usd, 5.328e6, 0.01);
    /* Sustained per GPU: 3.2856e24 / (2.664e6 h x 3600) = 342.6 TFLOP/s,
     * 34.6 % of the BF16 dense peak. */
    ASSERT_REL(id.rate_flops / j->gpus / 1e12, 342.6, 0.01);
    ASSERT_INT_EQ(j->gpus, 2048);
    fs_scenario_free(s);
}

TEST(vc01_total)
{
    struct fs_scenario *s = load_deepseek();
    double gpuh = 0, usd = 0;
    struct fs_ideal id;

    ASSERT(s != NULL);
    ASSERT_INT_EQ(s->njobs, 3);
    for (size_t i = 0; i < s->njobs; i++) {
        fs_job_ideal(s, &s->jobs[i], &id);
        gpuh += id.gpu_hours;
        usd += id.rental_usd;
    }
    ASSERT_REL(gpuh, 2.788e6, 0.01);
    ASSERT_REL(usd, 5.576e6, 0.01);
    fs_job_ideal(s, job(s, "v3_context_ext"), &id);
    ASSERT_REL(id.gpu_hours, 119e3, 0.01);
    fs_job_ideal(s, job(s, "v3_posttrain"), &id);
    ASSERT_REL(id.gpu_hours, 5e3, 0.01);
    fs_scenario_free(s);
}

/* Dependencies resolve into an order where each job follows its parents. */
TEST(vc01_job_order)
{
    struct fs_scenario *s = load_deepseek();
    ASSERT(s != NULL);
    ASSERT_STR_EQ(s->jobs[s->job_order[0]].name, "v3_pretrain");
    ASSERT_STR_EQ(s->jobs[s->job_order[1]].name, "v3_context_ext");
    ASSERT_STR_EQ(s->jobs[s->job_order[2]].name, "v3_posttrain");
    ASSERT(s->clusters[0].fail.ttf_h.kind == FS_DIST_NONE);
    fs_scenario_free(s);
}
