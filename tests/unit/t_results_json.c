/*
 * t_results_json.c - results.json's "inputs" and "comparisons" members, for
 * a sensitivity study of tests/unit/data/strategies.cfg (20 replicates):
 * the keys are there and their values equal the study's own figures.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetsim/compare.h"
#include "fleetsim/output.h"
#include "unit.h"
#include "util.h"

#define DATA "tests/unit/data/strategies.cfg"

/* The number after `"key": ` at the first occurrence of key from `from`
 * on; NAN when missing (or null). */
static double num_after(const char *from, const char *key)
{
    char pat[64];
    const char *at;
    snprintf(pat, sizeof(pat), "\"%s\": ", key);
    if (from == NULL || (at = strstr(from, pat)) == NULL)
        return NAN;
    return strtod(at + strlen(pat), NULL);
}

TEST(results_json_inputs_and_comparisons)
{
    struct fs_override ov[] = {OV("scenario.replicates", "20")};
    struct fs_study st;
    struct fs_diag d;
    struct fs_diff diff;
    char dir[] = "/tmp/fleetsim-t_results_json-XXXXXX";
    char *text;
    const char *inputs, *low, *ttt;
    size_t j;

    fs_diag_clear(&d);
    ASSERT(mkdtemp(dir) != NULL);
    ASSERT(fs_study_sensitivity(&st, DATA, unit_catalog(), unit_rules(), ov, 1, &d) == FS_OK);
    ASSERT(fs_study_run(&st, 1, NULL, NULL, &d) == FS_OK);
    ASSERT(fs_write_study_results(&st, 1, dir, &d) == FS_OK);
    text = unit_slurp(dir, "results.json");
    unit_remove_dir(dir);
    ASSERT(text != NULL);

    /* inputs: the scenario's own settings (strategies.cfg: seed 5, start
     * 2025-01-01, cluster c of 2,048 H100-SXM, job run with mfu 0.4 given) */
    inputs = strstr(text, "\"inputs\": {");
    ASSERT(inputs != NULL);
    ASSERT(strstr(inputs, "\"start_date\": \"2025-01-01\"") != NULL);
    ASSERT_NEAR(num_after(inputs, "seed"), 5, 0);
    ASSERT(strstr(inputs, "\"chips\": [\n      {\"name\": \"H100-SXM\"") != NULL);
    ASSERT(strstr(inputs, "\"status\": ") != NULL && strstr(inputs, "\"rules\": [") != NULL);
    ASSERT_NEAR(num_after(strstr(inputs, "\"clusters\""), "gpus"), 2048, 0);
    ASSERT(strstr(inputs, "\"mfu_source\": \"given\", \"mfu\": 0.4}") != NULL);

    /* comparisons: the "MFU low" variant (the sensitivity list of
     * strategies.cfg: jobs[run].mfu from 0.3 to 0.5) */
    ASSERT(strstr(text, "\"comparisons\": {\"kind\": \"sensitivity\"") != NULL);
    low = strstr(text, "{\"label\": \"MFU low\"");
    ASSERT(low != NULL);
    ASSERT(strstr(low, "\"setting\": \"jobs[run].mfu\"") != NULL);
    ASSERT_NEAR(num_after(low, "low"), 0.3, 0);
    ASSERT_NEAR(num_after(low, "high"), 0.5, 0);

    /* its time to train: the summary's mean and the paired difference of
     * the P50s (fs_study_diff), both written with 10 significant digits */
    j = (size_t)fs_study_job(&st.v[1], "run");
    ASSERT_STR_EQ(st.v[1].label, "MFU low");
    ttt = strstr(low, "\"time_to_train_days\": {");
    ASSERT(ttt != NULL);
    ASSERT_REL(num_after(ttt, "mean"), fs_summary_stat(&st.v[1].sum, j, FS_M_TTT)->mean, 1e-9);
    fs_study_diff(&st, 1, "run", FS_M_TTT, &diff);
    ASSERT(diff.mean > 0); /* lower MFU, longer run */
    ASSERT_REL(num_after(strstr(ttt, "\"difference\""), "value"), diff.mean, 1e-9);
    free(text);
    fs_study_release(&st);
}

/* --all-replicates file names: unsafe characters become '_', an empty
 * label reads "variant", labels are cut at 80 characters, and names that
 * would meet (ignoring case) get "_2", "_3"..., also past a label that
 * already ends so. Expected names worked out by hand from those rules. */
TEST(results_json_replicate_file_names)
{
    static const char *const labels[] = {"MFU low", "MFU/low", "mfu_LOW", "", "MFU_low_2",
                                         "x\"; rm -rf /"};
    static const char *const want[] = {"replicates_MFU_low.csv",   "replicates_MFU_low_2.csv",
                                       "replicates_mfu_LOW_3.csv", "replicates_variant.csv",
                                       "replicates_MFU_low_2_2.csv", "replicates_x___rm_-rf__.csv"};
    struct fs_variant v[7];
    struct fs_study st;
    char name[160];

    memset(&st, 0, sizeof(st));
    memset(v, 0, sizeof(v));
    st.v = v;
    st.n = 7;
    for (size_t k = 0; k < 6; k++)
        snprintf(v[k].label, sizeof(v[k].label), "%s", labels[k]);
    memset(v[6].label, 'a', 100); /* 100 characters: 80 kept */
    for (size_t k = 0; k < 6; k++) {
        fs_replicates_file_name(&st, k, name, sizeof(name));
        ASSERT_STR_EQ(name, want[k]);
    }
    fs_replicates_file_name(&st, 6, name, sizeof(name));
    ASSERT_INT_EQ(strlen(name), strlen("replicates_") + 80 + strlen(".csv"));
}
