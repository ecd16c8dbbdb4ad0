/*
 * t_forms.c - a job's speed given in each of its forms (loader/cfg_model.c):
 * mfu, tokens_per_gpu_second, tflops_per_gpu, gpu_hours_per_1e12_tokens,
 * gpu_hours, duration_days (model is refused by the placeholder model).
 *
 * The expected values are hand-derived from DeepSeek-V3 (docs/validation.md
 * VC-01, docs/sources.md#S-DSV3): 37e9 active parameters, 14.8e12 tokens,
 * 2,048 H800, 180,000 GPU-hours per 1e12 tokens, 2,664K GPU-hours in all;
 * the catalog's H800 dense peaks are BF16 989.5 and FP8 1,979 TFLOP/s
 * (models/chips.cfg).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetsim/cfg.h"
#include "fleetsim/compute.h"
#include "fleetsim/scenario.h"
#include "unit.h"
#include "util.h"

/* One 2,048-GPU H800 cluster without failures, and the given jobs. */
static int load_jobs(const char *jobs, struct fs_scenario **out, struct fs_diag *d)
{
    char path[64];
    FILE *f;
    int fd, rc;

    *out = NULL;
    fs_diag_clear(d);
    snprintf(path, sizeof(path), "/tmp/fleetsim-t_forms-XXXXXX");
    if (unit_catalog() == NULL || (fd = mkstemp(path)) < 0)
        return -1;
    if ((f = fdopen(fd, "w")) == NULL) {
        close(fd);
        unlink(path);
        return -1;
    }
    fprintf(f,
            "scenario = { name = \"forms\"; start_date = \"2025-01-01\"; horizon_days = 90.0;"
            " seed = 1; replicates = 1; };\n"
            "regions = ( { name = \"cn\"; } );\n"
            "clusters = ( { name = \"h800\"; region = \"cn\"; chip = \"H800\"; gpus = 2048;"
            " gpus_per_node = 8; ownership = \"rented\"; rental_usd_per_gpu_hour = 2.0; } );\n"
            "jobs = ( %s );\n",
            jobs);
    fclose(f);
    rc = fs_scenario_load(out, path, unit_catalog(), unit_rules(), NULL, 0, d);
    unlink(path);
    return rc;
}

#define V3 "name = \"v3\"; cluster = \"h800\"; gpus = 2048; "

/* VC-01: 180,000 GPU-h per 1e12 tokens -> T = 1e12 / (180,000 x 3,600) =
 * 1,543.21 tokens/s/GPU; x 6 x 37e9 = 342.59 TFLOP/s; / 989.5 = 0.34623;
 * 14.8e12 tokens / (1,543.21 x 2,048) s = 54.2 days (VC-01). */
TEST(forms_vc01_gpu_hours_per_tokens)
{
    struct fs_scenario *s;
    struct fs_diag d;
    struct fs_ideal id;
    const struct fs_job *j;

    ASSERT_INT_EQ(load_jobs("{ " V3 "active_params = 37.0e9; tokens = 14.8e12; "
                            "precision = \"bf16\"; gpu_hours_per_1e12_tokens = 180000.0; }",
                            &s, &d),
                  FS_OK);
    j = &s->jobs[0];
    ASSERT_INT_EQ(j->mfu_source, FS_MFU_ACCOUNTING);
    ASSERT_REL(j->given_gpu_h_per_1e12_tokens, 180000.0, 1e-12);
    /* 6 x 37e9 x 1e12 / 648e6 / 989.5e12, exact arithmetic */
    ASSERT_REL(j->mfu, 6.0 * 37e9 * (1e12 / 6.48e8) / 989.5e12, 1e-12);
    ASSERT_REL(j->mfu, 0.34623, 1e-4);
    fs_job_ideal(s, j, &id);
    ASSERT_REL(id.rate_flops / j->gpus / 1e12, 342.59, 1e-4);
    ASSERT_REL(id.hours / 24.0, 54.2, 1e-3);
    /* 14.8 x 180,000 = 2,664,000 GPU-hours (VC-01, Table 1) */
    ASSERT_REL(id.gpu_hours, 2.664e6, 1e-9);
    fs_scenario_free(s);
}

/* 342.6 TFLOP/s per GPU at FP8: 342.6 / 1,979 = 0.17312. */
TEST(forms_tflops_fp8)
{
    struct fs_scenario *s;
    struct fs_diag d;

    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 3.2856e24; precision = \"fp8\"; "
                            "tflops_per_gpu = 342.6; }",
                            &s, &d),
                  FS_OK);
    ASSERT_INT_EQ(s->jobs[0].mfu_source, FS_MFU_THROUGHPUT);
    ASSERT_REL(s->jobs[0].mfu, 342.6 / 1979.0, 1e-12);
    ASSERT_REL(s->jobs[0].mfu, 0.1731, 1e-3);
    fs_scenario_free(s);
}

/* 1,543.2 tokens/s/GPU x 6 x 37e9 = 342.59 TFLOP/s -> 0.34623 of BF16;
 * with `flop` given, the tokens form needs active_params to convert. */
TEST(forms_tokens_per_gpu_second)
{
    struct fs_scenario *s;
    struct fs_diag d;

    ASSERT_INT_EQ(load_jobs("{ " V3 "active_params = 37.0e9; tokens = 14.8e12; "
                            "tokens_per_gpu_second = 1543.2; }",
                            &s, &d),
                  FS_OK);
    ASSERT_INT_EQ(s->jobs[0].mfu_source, FS_MFU_THROUGHPUT);
    ASSERT_REL(s->jobs[0].mfu, 6.0 * 37e9 * 1543.2 / 989.5e12, 1e-12);
    ASSERT_REL(s->jobs[0].mfu, 0.34623, 1e-4);
    fs_scenario_free(s);
    /* flop and active_params (no tokens): the budget stays 3.2856e24 */
    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 3.2856e24; active_params = 37.0e9; "
                            "tokens_per_gpu_second = 1543.2; }",
                            &s, &d),
                  FS_OK);
    ASSERT_REL(s->jobs[0].flop, 3.2856e24, 1e-12);
    ASSERT_REL(s->jobs[0].mfu, 6.0 * 37e9 * 1543.2 / 989.5e12, 1e-12);
    fs_scenario_free(s);
    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 3.2856e24; tokens_per_gpu_second = 1543.2; }", &s,
                            &d),
                  FS_ESCENARIO);
    ASSERT(s == NULL);
    ASSERT(strstr(d.msg, "job 'v3'") != NULL);
    ASSERT(strstr(d.msg, "set 'active_params' or 'model'") != NULL);
}

/* The run's accounting: 2,664,000 GPU-hours for 3.2856e24 FLOP (6 x 37e9 x
 * 14.8e12) is 3.2856e24 / (2.664e6 x 3,600) = 342.59 TFLOP/s per GPU; 54.2
 * days on 2,048 GPUs is 3.2856e24 / (2,048 x 54.2 x 86,400) = 342.59. The
 * ideal run then takes back exactly what was given. */
TEST(forms_gpu_hours_and_duration)
{
    struct fs_scenario *s;
    struct fs_diag d;
    struct fs_ideal id;

    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 3.2856e24; gpu_hours = 2.664e6; }", &s, &d), FS_OK);
    ASSERT_INT_EQ(s->jobs[0].mfu_source, FS_MFU_ACCOUNTING);
    ASSERT_REL(s->jobs[0].mfu, 3.2856e24 / (2.664e6 * 3600.0) / 989.5e12, 1e-12);
    ASSERT_REL(s->jobs[0].mfu, 0.34623, 1e-4);
    fs_job_ideal(s, &s->jobs[0], &id);
    ASSERT_REL(id.gpu_hours, 2.664e6, 1e-12);
    fs_scenario_free(s);

    ASSERT_INT_EQ(load_jobs("{ " V3 "active_params = 37.0e9; tokens = 14.8e12; "
                            "duration_days = 54.2; }",
                            &s, &d),
                  FS_OK);
    ASSERT_INT_EQ(s->jobs[0].mfu_source, FS_MFU_ACCOUNTING);
    ASSERT_REL(s->jobs[0].mfu, 3.2856e24 / (2048.0 * 54.2 * 86400.0) / 989.5e12, 1e-12);
    ASSERT_REL(s->jobs[0].mfu, 0.34623, 1e-3);
    fs_job_ideal(s, &s->jobs[0], &id);
    ASSERT_REL(id.hours, 54.2 * 24.0, 1e-12);
    fs_scenario_free(s);

    /* 1 GPU-hour for 3.2856e24 FLOP is far above the peak: an error */
    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 3.2856e24; gpu_hours = 1.0; }", &s, &d),
                  FS_ESCENARIO);
    ASSERT(strstr(d.msg, "it must be from 1e-4 to 1") != NULL);
}

/* Exactly one speed setting: none, or two, is an error naming the job and
 * the settings. */
TEST(forms_exactly_one)
{
    struct fs_scenario *s;
    struct fs_diag d;

    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 1e24; }", &s, &d), FS_ESCENARIO);
    ASSERT(strstr(d.msg, "job 'v3' gives no speed: set exactly one of mfu, "
                         "tokens_per_gpu_second, tflops_per_gpu, gpu_hours_per_1e12_tokens, "
                         "gpu_hours, duration_days, model") != NULL);
    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 1e24; mfu = 0.4; gpu_hours = 1e6; }", &s, &d),
                  FS_ESCENARIO);
    ASSERT(strstr(d.msg, "job 'v3' gives its speed 2 ways ('mfu' and 'gpu_hours')") != NULL);
    ASSERT_STR_EQ(d.setting, "jobs[0].mfu");
    ASSERT_INT_EQ(load_jobs("{ " V3 "flop = 1e24; mfu = 0.4; model = { layers = 2; hidden = 64;"
                            " ffn = 256; heads = 4; vocab = 1000; seq = 128; global_batch = 8;"
                            " }; }",
                            &s, &d),
                  FS_ESCENARIO);
    ASSERT(strstr(d.msg, "('mfu' and 'model')") != NULL);
}

/* Every shipped scenario loads: its jobs give `mfu`, taken as written
 * (source FS_MFU_GIVEN), except deepseek_2025.cfg, whose V3 pre-training
 * is predicted from its model, and the two later stages from the same
 * model (the scenario's comments). */
TEST(forms_mfu_scenarios_unchanged)
{
    DIR *dir = opendir(UNIT_TOP "/scenarios");
    struct dirent *e;
    int n = 0;

    ASSERT(dir != NULL);
    while ((e = readdir(dir)) != NULL) {
        char path[512];
        struct fs_scenario *s;
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".cfg") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/scenarios/%s", UNIT_TOP, e->d_name);
        s = unit_load(path, NULL, 0);
        if (s == NULL)
            closedir(dir);
        ASSERT(s != NULL);
        if (strcmp(e->d_name, "deepseek_2025.cfg") == 0) {
            ASSERT_INT_EQ(s->jobs[0].mfu_source, FS_MFU_PREDICTED);
            ASSERT_INT_EQ(s->jobs[0].has_shape, 1);
            /* The later stages borrow pre-training's model (model =
             * "v3_pretrain") and so its predicted MFU. */
            for (size_t i = 1; i < 3; i++) {
                ASSERT_INT_EQ(s->jobs[i].mfu_source, FS_MFU_PREDICTED);
                ASSERT_INT_EQ(s->jobs[i].has_shape, 1);
                ASSERT_REL(s->jobs[i].mfu, s->jobs[0].mfu, 1e-12);
            }
        } else {
            for (size_t i = 0; i < s->njobs; i++) {
                ASSERT_INT_EQ(s->jobs[i].mfu_source, FS_MFU_GIVEN);
                ASSERT_INT_EQ(s->jobs[i].has_shape, 0);
            }
        }
        fs_scenario_free(s);
        n++;
    }
    closedir(dir);
    ASSERT_INT_EQ(n, 2);
}
