/*
 * fuzz_load.c - libFuzzer harness for the scenario loader: a scenario text
 * and `--set` overrides (see harness.h for the input format), loaded with
 * the built-in catalog and rules; when it loads, its strategies and its
 * sensitivity inputs are loaded too, as `fleetsim` and `--sensitivity` do,
 * through the public study API. Nothing is simulated.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in;
    struct fs_scenario *s = NULL;
    struct fs_diag diag;
    struct fs_study st;

    if (fz_split(&in, data, size) != 0) {
        fz_input_release(&in);
        return 0;
    }
    fs_diag_clear(&diag);
    if (fs_scenario_load(&s, fz_path, &fz_cat, &fz_rules, in.ov, in.nov, &diag) == FS_OK) {
        if (s->nstrategies > 0) {
            memset(&st, 0, sizeof(st));
            fs_diag_clear(&diag);
            fs_study_strategies(&st, fz_path, &fz_cat, &fz_rules, in.ov, in.nov, &diag);
            fs_study_release(&st);
        }
        if (s->nsens > 0) {
            memset(&st, 0, sizeof(st));
            fs_diag_clear(&diag);
            fs_study_sensitivity(&st, fz_path, &fz_cat, &fz_rules, in.ov, in.nov, &diag);
            fs_study_release(&st);
        }
    }
    fs_scenario_free(s);
    fz_input_release(&in);
    return 0;
}
