/*
 * t_output_step.c - how a job's derived throughput is shown: the MFU's
 * source in the scenario report, the throughput object of results.json,
 * throughput.csv, and --explain's arithmetic for the given forms.
 *
 * Until the loader and the model fill them, the tests build the scenario
 * by hand: an MFU scenario (tests/e2e/0100-charts.cfg: pretrain on 192
 * A100-80GB at BF16, finetune on 128 H100-SXM at BF16) with the derived
 * fields of its jobs set to known numbers. The step is DeepSeek-V3's shape
 * of numbers (19.9 s = 14.1 + 0.6 + 3.9 + 0.4 + 0.9), chosen so every part
 * differs and the sum is exact in the printed digits.
 */
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fleetsim/compare.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/stats.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"
#include "unit.h"
#include "util.h"

/* The predicted step of the hand-built job: parts in seconds, memory in GB. */
static void fill_step(struct fs_job *j)
{
    struct fs_step *st = &j->step;
    memset(st, 0, sizeof(*st));
    j->mfu_source = FS_MFU_PREDICTED;
    j->has_shape = 1;
    j->mfu = 0.3;
    st->par = (struct fs_parallel){.tp = 8, .pp = 16, .dp = 1, .ep = 64, .cp = 1, .vpp = 1,
                                   .schedule = FS_PP_DUALPIPE, .zero = 1, .micro_batch = 1,
                                   .recompute = FS_RECOMPUTE_SELECTIVE};
    st->step_s = 19.9;
    st->compute_s = 14.1;
    st->bubble_s = 0.6;
    st->ep_s = 3.9;
    st->pp_s = 0.4;
    st->dp_s = 0.9;
    st->tokens_per_gpu_s = 1543.25;
    st->mfu = 0.3;
    st->mfu_attn = 0.33;
    st->mem_weights_gb = 20.5;
    st->mem_grads_gb = 10.25;
    st->mem_optimizer_gb = 15.25;
    st->mem_activations_gb = 25.3;
    st->mem_total_gb = 71.3; /* 20.5 + 10.25 + 15.25 + 25.3 */
}

static struct fs_scenario *load_charts(void)
{
    return unit_load(UNIT_TOP "/tests/e2e/0100-charts.cfg", NULL, 0);
}

/* The text a function writes to a stream, malloc'ed. */
#define CAPTURE(text, len, call)                                                           \
    do {                                                                                   \
        FILE *f_ = open_memstream(&(text), &(len));                                        \
        ASSERT(f_ != NULL);                                                                \
        call;                                                                              \
        fclose(f_);                                                                        \
    } while (0)

/* The longest line of a text, in bytes. */
static size_t longest_line(const char *t)
{
    size_t best = 0;
    while (*t) {
        size_t n = strcspn(t, "\n");
        best = n > best ? n : best;
        t += n + (t[n] == '\n');
    }
    return best;
}

TEST(output_step_report_sources)
{
    struct fs_scenario *s = load_charts();
    char *text = NULL;
    size_t len = 0;
    ASSERT(s != NULL);
    /* Given MFUs only: no source lines, the report reads as before. */
    CAPTURE(text, len, fs_report_scenario(s, f_));
    ASSERT(strstr(text, "(given)") == NULL);
    free(text);
    text = NULL;
    fill_step(&s->jobs[0]);
    s->jobs[1].mfu_source = FS_MFU_THROUGHPUT;
    s->jobs[1].given_tokens_per_gpu_s = 1543.2;
    CAPTURE(text, len, fs_report_scenario(s, f_));
    /* The predicted job: MFU in both conventions, the step and its parts
     * as filled (tp_s = 0 is left out), wrapped within 100 columns. */
    ASSERT(strstr(text, "\n                   mfu 0.3000 6N, 0.3300 with attention "
                        "(predicted:\n                     step 19.9 s = compute 14.1 + "
                        "bubble 0.6 + EP 3.9 + PP 0.4 + DP 0.9;\n") != NULL);
    ASSERT(strstr(text, "\n                     TP8 PP16 EP64 DualPipe; 71.3 GB/GPU of 80)\n")
           != NULL);
    /* 1543.2 tokens/s/GPU printed to the unit; the job's MFU is untouched. */
    ASSERT(strstr(text, "\n                   mfu 0.3500 (from 1,543 tokens/s/GPU)\n") != NULL);
    {
        /* The source lines (the job rows themselves are wider). */
        char *from = strstr(text, "                   mfu 0.3000"), *to = strstr(text, "  finetune");
        ASSERT(from != NULL && to != NULL && from < to);
        *to = '\0';
        ASSERT(longest_line(from) <= 100);
    }
    free(text);
    text = NULL;
    /* A configuration the search picked says so. */
    s->jobs[0].par_auto = 1;
    CAPTURE(text, len, fs_report_scenario(s, f_));
    ASSERT(strstr(text, "TP8 PP16 EP64 DualPipe (searched); 71.3 GB/GPU of 80)\n") != NULL);
    free(text);
    fs_scenario_free(s);
}

TEST(output_step_json_csv)
{
    struct fs_scenario *s = load_charts();
    char *text = NULL;
    size_t len = 0;
    ASSERT(s != NULL);
    fill_step(&s->jobs[0]);
    CAPTURE(text, len, fs_write_throughput_json(s, &s->jobs[0], f_));
    /* Every field as filled by fill_step. */
    ASSERT_STR_EQ(text,
                  "{\"mfu_source\": \"predicted\", \"mfu\": 0.3, \"mfu_convention\": \"6N\", "
                  "\"mfu_with_attention\": 0.33,\n"
                  "       \"step_s\": 19.9, \"compute_s\": 14.1, \"bubble_s\": 0.6, "
                  "\"tp_s\": 0, \"ep_s\": 3.9, \"pp_s\": 0.4, \"dp_s\": 0.9, "
                  "\"tokens_per_gpu_s\": 1543.25,\n"
                  "       \"memory_gb\": {\"weights\": 20.5, \"gradients\": 10.25, "
                  "\"optimizer\": 15.25, \"activations\": 25.3, \"total\": 71.3},\n"
                  "       \"parallel\": {\"tp\": 8, \"pp\": 16, \"dp\": 1, \"ep\": 64, "
                  "\"cp\": 1, \"vpp\": 1, \"schedule\": \"dualpipe\", \"zero\": 1, "
                  "\"micro_batch\": 1, \"recompute\": \"selective\"}}");
    free(text);
    text = NULL;
    /* The given job (finetune, flop given, no active parameters): only
     * its MFU; the rest null. */
    CAPTURE(text, len, fs_write_throughput_json(s, &s->jobs[1], f_));
    ASSERT(strstr(text, "{\"mfu_source\": \"given\", \"mfu\": 0.35, ") == text);
    ASSERT(strstr(text, "\"tokens_per_gpu_s\": null,\n       \"memory_gb\": null, "
                        "\"parallel\": null}") != NULL);
    free(text);
    text = NULL;
    CAPTURE(text, len, fs_write_throughput_csv(s, "=v1", 2.5, "", 0, f_));
    /* Rows in run order; the variant's name guarded against formulas
     * (outfile.c); 80 GB is the A100-80GB's capacity, 80 the H100-SXM's. */
    ASSERT_STR_EQ(text,
                  "'=v1,2.5,,pretrain,a100_owned,A100-80GB,192,bf16,predicted,0.3,6N,0.33,"
                  "19.9,14.1,0.6,0,3.9,0.4,0.9,1543.25,20.5,10.25,15.25,25.3,71.3,80,"
                  "8,16,1,64,1,1,dualpipe,1,1,selective\n"
                  "'=v1,2.5,,finetune,h100_rented,H100-SXM,128,bf16,given,0.35,6N,,"
                  ",,,,,,,,,,,,,80,,,,,,,,,,\n");
    free(text);
    fs_scenario_free(s);
}

/* Runs the scenario (2 replicates) and writes its charts' scripts and data
 * into a fresh folder (dir). FS_OK or the error. */
static int write_charts_as(struct fs_scenario *s, unsigned formats, char *dir, size_t len)
{
    struct fs_plot_opts opts = {formats, 1600, 900, NULL};
    struct fs_summary sum;
    struct fs_mc *mc = NULL;
    struct fs_diag d;
    int rc;
    fs_diag_clear(&d);
    s->replicates = 2;
    snprintf(dir, len, "/tmp/fleetsim-t_output_step-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return FS_EIO;
    if ((rc = fs_mc_run(s, 1, NULL, NULL, &mc, &d)) == FS_OK &&
        (rc = fs_summary_compute(mc, &sum)) == FS_OK) {
        struct fs_plot_input in = {mc, &sum, NULL, 0};
        rc = fs_plot_all(&in, dir, &opts, &d);
        fs_summary_release(&sum);
    }
    if (rc != FS_OK)
        fs_diag_print(&d, stdout);
    fs_mc_free(mc);
    return rc;
}

static int write_charts(struct fs_scenario *s, char *dir, size_t len)
{
    return write_charts_as(s, FS_PLOT_SCRIPTS, dir, len);
}

/* The chart's data and script, compared with golden files read and checked
 * by hand (tests/unit/data/step_breakdown.*): one bar, pretrain, whose
 * segments are fill_step's parts, labelled with its step, MFU and
 * parallelism; finetune (MFU given) has no bar. */
TEST(output_step_chart_golden)
{
    struct fs_scenario *s = load_charts();
    char dir[64], *dat, *gp, *want_dat, *want_gp;
    int same;
    ASSERT(s != NULL);
    fill_step(&s->jobs[0]);
    ASSERT_INT_EQ(write_charts(s, dir, sizeof(dir)), FS_OK);
    dat = unit_slurp(dir, "step_breakdown.dat");
    gp = unit_slurp(dir, "step_breakdown.gp");
    want_dat = unit_slurp("", "tests/unit/data/step_breakdown.dat");
    want_gp = unit_slurp("", "tests/unit/data/step_breakdown.gp");
    same = dat && gp && want_dat && want_gp && strcmp(dat, want_dat) == 0 &&
           strcmp(gp, want_gp) == 0;
    if (!same && getenv("FLEETSIM_REGEN") != NULL) {
        FILE *f;
        if (dat && (f = fopen("tests/unit/data/step_breakdown.dat", "w")) != NULL)
            fputs(dat, f), fclose(f);
        if (gp && (f = fopen("tests/unit/data/step_breakdown.gp", "w")) != NULL)
            fputs(gp, f), fclose(f);
    }
    free(dat);
    free(gp);
    free(want_dat);
    free(want_gp);
    unit_remove_dir(dir);
    fs_scenario_free(s);
    ASSERT(same);
}

/* No predicted job: no step_breakdown files at all. */
TEST(output_step_chart_only_when_predicted)
{
    struct fs_scenario *s = load_charts();
    char dir[64], *dat, *gp;
    int none;
    ASSERT(s != NULL);
    ASSERT_INT_EQ(write_charts(s, dir, sizeof(dir)), FS_OK);
    dat = unit_slurp(dir, "step_breakdown.dat");
    gp = unit_slurp(dir, "step_breakdown.gp");
    none = dat == NULL && gp == NULL;
    free(dat);
    free(gp);
    unit_remove_dir(dir);
    fs_scenario_free(s);
    ASSERT(none);
}

/* The derivation --explain prints for the given forms, on DeepSeek-V3's
 * pre-training (2,048 H800 at BF16, peak 989.5 TFLOP/s; 37e9 active
 * parameters, 14.8e12 tokens; scenarios/deepseek_2025.cfg). VC-01:
 * 180,000 GPU-hours per 1e12 tokens gives 1e12 / (180,000 x 3,600) =
 * 1,543.2 tokens/s/GPU, x 6 x 37e9 = 342.6 TFLOP/s, / 989.5 = 0.3462, and
 * 54.2 days (2.664M GPU-h / 2,048 / 24). */
TEST(output_step_explain_forms)
{
    struct fs_scenario *s = unit_load(UNIT_TOP "/scenarios/deepseek_2025.cfg", NULL, 0);
    struct fs_job *j;
    char *text = NULL;
    size_t len = 0;
    ASSERT(s != NULL);
    j = &s->jobs[0];
    ASSERT_STR_EQ(j->name, "v3_pretrain");
    /* the job as the scenario gave it before its speed was predicted */
    j->precision = FS_PREC_BF16;
    j->mfu = 0.3462;
    j->mfu_source = FS_MFU_THROUGHPUT;
    j->given_gpu_h_per_1e12_tokens = 180000.0;
    CAPTURE(text, len, fs_report_explain(s, j, f_));
    ASSERT(strstr(text, "  tokens per GPU-s   = 1e12 / (180,000 GPU-h x 3,600 s) = 1543.2\n"));
    ASSERT(strstr(text, "  rate per GPU       = 1,543 tokens/s x 2.22e+11 FLOP = 342.6 TFLOP/s\n"));
    ASSERT(strstr(text, "  MFU                = 342.6 / 989.5 TFLOP/s peak = 0.3462\n"));
    ASSERT(strstr(text, "= 54.20 days, 2,664,215 GPU-hours\n"));
    ASSERT(strstr(text, "resolved it to") == NULL); /* 0.34623 rounds to the given 0.3462 */
    free(text);
    text = NULL;
    /* The same run by its accounting: 2,664,000 GPU-hours on 2,048 GPUs
     * gives 3.2856e24 / (2,664,000 x 3,600) = 342.6 TFLOP/s. */
    j->mfu_source = FS_MFU_ACCOUNTING;
    j->given_gpu_h_per_1e12_tokens = 0.0;
    j->given_gpu_hours = 2664000.0;
    CAPTURE(text, len, fs_report_explain(s, j, f_));
    ASSERT(strstr(text, "  rate per GPU       = 3.286e+24 FLOP / (2,664,000 GPU-h x 3,600 s) = "
                        "342.6 TFLOP/s\n"));
    ASSERT(strstr(text, "= 0.3462\n"));
    free(text);
    text = NULL;
    /* And by its duration: 54.2 days x 24 x 2,048 = 2,664,038 GPU-hours. */
    j->given_gpu_hours = 0.0;
    j->given_duration_days = 54.2;
    CAPTURE(text, len, fs_report_explain(s, j, f_));
    ASSERT(strstr(text, "  GPU-hours          = 54.2 days x 24 h x 2,048 GPUs = 2,664,038\n"));
    ASSERT(strstr(text, "= 342.6 TFLOP/s\n"));
    free(text);
    text = NULL;
    /* A TFLOP/s figure: 342.6 / 989.5 = 0.34624. */
    j->given_duration_days = 0.0;
    j->given_tflops_per_gpu = 342.6;
    CAPTURE(text, len, fs_report_explain(s, j, f_));
    ASSERT(strstr(text, "  MFU                = 342.6 / 989.5 TFLOP/s peak = 0.3462\n"));
    free(text);
    text = NULL;
    /* A predicted job: the model's own derivation, then the summary line. */
    j->given_tflops_per_gpu = 0.0;
    fill_step(j);
    CAPTURE(text, len, fs_report_explain(s, j, f_));
    ASSERT(strstr(text, "  MFU source         predicted\n"));
    ASSERT(strstr(text, "  mfu 0.3000 6N, 0.3300 with attention (predicted:\n"));
    free(text);
    fs_scenario_free(s);
}

/* --explain writes nothing: not the output folder, not a trace. */
TEST(output_step_explain_writes_nothing)
{
    char dir[64], out_dir[96];
    char cfg[] = "tests/e2e/0100-charts.cfg";
    char *files[] = {cfg};
    struct fs_run_args a;
    struct stat st;
    FILE *out = fopen("/dev/null", "w");
    int rc;
    ASSERT(out != NULL);
    snprintf(dir, sizeof(dir), "/tmp/fleetsim-t_output_step-XXXXXX");
    ASSERT(mkdtemp(dir) != NULL);
    snprintf(out_dir, sizeof(out_dir), "%s/out", dir);
    memset(&a, 0, sizeof(a));
    a.mode = FS_RUN_EXPLAIN;
    a.explain_job = "finetune";
    a.files = files;
    a.nfiles = 1;
    a.opts.outdir = out_dir;
    rc = fs_run(&a, out, out);
    fclose(out);
    ASSERT_INT_EQ(rc, FS_OK);
    ASSERT(stat(out_dir, &st) != 0); /* no output folder */
    rmdir(dir);
}

/* Hostile names (tests/unit/data/plot_names.cfg: back-quotes, quotes,
 * backslashes) in the bars' tic labels run no command when gnuplot draws
 * the chart, and the chart is drawn. */
TEST(output_step_chart_hostile_names)
{
    struct fs_scenario *s = unit_load(UNIT_TOP "/tests/unit/data/plot_names.cfg", NULL, 0);
    char dir[64], path[128];
    struct stat st;
    int rc, drawn, owned;
    ASSERT(s != NULL);
    for (size_t i = 0; i < s->njobs; i++)
        fill_step(&s->jobs[i]);
    rc = write_charts_as(s, FS_PLOT_SVG, dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/step_breakdown.svg", dir);
    drawn = stat(path, &st) == 0 && st.st_size > 0;
    snprintf(path, sizeof(path), "%s/owned", dir);
    owned = stat(path, &st) == 0;
    unit_remove_dir(dir);
    fs_scenario_free(s);
    if (rc == FS_EPLOT && !drawn) {
        unit_skip("gnuplot not installed or failed");
        return;
    }
    ASSERT_INT_EQ(rc, FS_OK);
    ASSERT(drawn);
    ASSERT(!owned);
}

/* In a comparison of strategies the chart has one bar per variant and
 * predicted job, labelled "variant: job", top to bottom in the study's
 * order (tests/unit/data/strategies.cfg: baseline, same_a, same_b,
 * more_gpus, b200; predicted here: baseline and b200). */
TEST(output_step_chart_variants)
{
    const struct fs_override ov[] = {OV("scenario.replicates", "2")};
    struct fs_plot_opts opts = {FS_PLOT_SCRIPTS, 1600, 900, NULL};
    struct fs_study study;
    struct fs_diag d;
    char dir[64], *dat = NULL, *gp = NULL;
    int rc;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_study_strategies(&study, UNIT_TOP "/tests/unit/data/strategies.cfg",
                                      unit_catalog(), unit_rules(), ov, 1, &d), FS_OK);
    ASSERT_INT_EQ(study.n, 5);
    fill_step(&study.v[0].s->jobs[0]);
    fill_step(&study.v[4].s->jobs[0]);
    study.v[4].s->jobs[0].step.step_s = 12.5; /* B200: a shorter step */
    snprintf(dir, sizeof(dir), "/tmp/fleetsim-t_output_step-XXXXXX");
    ASSERT(mkdtemp(dir) != NULL);
    rc = fs_study_run(&study, 1, NULL, NULL, &d);
    if (rc == FS_OK)
        rc = fs_plot_study(&study, dir, &opts, &d);
    if (rc == FS_OK) {
        dat = unit_slurp(dir, "step_breakdown.dat");
        gp = unit_slurp(dir, "step_breakdown.gp");
    }
    unit_remove_dir(dir);
    fs_study_release(&study);
    ASSERT_INT_EQ(rc, FS_OK);
    rc = dat != NULL && gp != NULL &&
         strstr(dat, "# 1: variant 'baseline' job 'run'\n1 14.1 0.6 0 3.9 0.4 0.9 19.9 ") &&
         strstr(dat, "# 0: variant 'b200' job 'run'\n0 14.1 0.6 0 3.9 0.4 0.9 12.5 ") &&
         strstr(gp, "set ytics ('baseline: run' 1, 'b200: run' 0)\n") &&
         strstr(gp, "set label 201 '12.5 s, MFU 30.0%, TP8 PP16 EP64 DualPipe' at 12.5, 0 ");
    free(dat);
    free(gp);
    ASSERT(rc);
}
