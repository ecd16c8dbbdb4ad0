/*
 * t_catalog.c - the built-in chip catalog and the export metrics derived
 * from it: validation case VC-11 (docs/validation.md), TPP and
 * performance density of each chip. Tolerances as VC-11 states them:
 * TPP +-0.5 %, PD +-0.05.
 */
#include "fleetsim/catalog.h"
#include "fleetsim/cfg.h"
#include "fleetsim/scenario.h"
#include "unit.h"

/* Loaded once, kept for the process (reachable, so not a leak). */
static struct fs_catalog cat;

static const struct fs_chip *chip(const char *name)
{
    struct fs_diag d;
    if (cat.n == 0) {
        fs_diag_clear(&d);
        if (fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &d) != FS_OK)
            return NULL;
    }
    return fs_catalog_find(&cat, name);
}

/* VC-11 table "Expected outputs": TPP and PD per chip. */
TEST(vc11_tpp_pd)
{
    static const struct {
        const char *name;
        double tpp, pd; /* pd < 0: die area not published */
    } want[] = {
        {"A100-40GB", 4992, 6.04},  /* BF16 312 x 16 = INT8 624 x 8 */
        {"A100-80GB", 4992, 6.04},
        {"A800", 4992, 6.04},       /* same compute as A100, NVLink cut to 400 */
        {"H100-SXM", 15832, 19.45}, /* FP8 1,979 x 8; 15,832 / 814 mm^2 */
        {"H800", 15832, 19.45},
        {"H20", 2368, 2.91},        /* FP8 296 x 8; 2,368 / 814 */
        {"H200", 15832, 19.45},
        {"B200", 36000, -1},        /* FP8 4,500 x 8; area not published */
        {"GB200", 40000, -1},       /* export-controls.md C.3 (docs/sources.md): FP8 5,000 x 8 */
        {"MLU370-X8", 2048, -1},    /* C.3: INT8 256 x 8 */
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct fs_chip *c = chip(want[i].name);
        if (c == NULL) {
            unit_fail(__FILE__, __LINE__, "chip %s missing", want[i].name);
            return;
        }
        ASSERT_REL(fs_chip_tpp(c), want[i].tpp, 0.005);
        if (want[i].pd < 0)
            ASSERT(fs_chip_pd(c) < 0);
        else
            ASSERT_NEAR(fs_chip_pd(c), want[i].pd, 0.05);
    }
}

/* The acceptance figures, printed to two decimals: exact. */
TEST(vc11_exact_print_values)
{
    ASSERT_NEAR(fs_chip_tpp(chip("H800")), 15832.0, 1e-9);
    ASSERT_NEAR(fs_chip_pd(chip("H800")), 19.45, 0.005);
    ASSERT_NEAR(fs_chip_tpp(chip("A100-40GB")), 4992.0, 1e-9);
    ASSERT_NEAR(fs_chip_tpp(chip("H20")), 2368.0, 1e-9);
}

/* The required chips are all present. */
TEST(catalog_has_required_chips)
{
    static const char *const names[] = {"A100-40GB", "A100-80GB", "A800", "H100-SXM",
                                        "H800", "H20", "H200", "B200", "GB200",
                                        "Ascend-910B", "Ascend-910C", "MLU370-X8"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const struct fs_chip *c = chip(names[i]);
        if (c == NULL) {
            unit_fail(__FILE__, __LINE__, "chip %s missing", names[i]);
            return;
        }
        ASSERT(c->tdp_w > 0);
        ASSERT(c->source[0] != '\0');
        ASSERT(c->status[0] != '\0');
    }
}

/* TPP of a made-up chip by hand: max(fp8 123.4 x 8 = 987.2,
 * bf16 70.1 x 16 = 1121.6, tf32 30 x 32 = 960) = 1121.6; area 212.5 mm^2
 * gives PD 1121.6 / 212.5 = 5.278. */
TEST(tpp_takes_max_over_formats)
{
    struct fs_chip c = {0};
    c.peak_tflops[FS_PREC_FP8] = 123.4;
    c.peak_tflops[FS_PREC_BF16] = 70.1;
    c.peak_tflops[FS_PREC_TF32] = 30.0;
    ASSERT_REL(fs_chip_tpp(&c), 1121.6, 1e-12);
    ASSERT(fs_chip_pd(&c) < 0);
    c.die_area_mm2 = 212.5;
    ASSERT_REL(fs_chip_pd(&c), 1121.6 / 212.5, 1e-12);
    ASSERT_REL(fs_chip_peak_flops(&c, FS_PREC_FP8), 123.4e12, 1e-12);
    ASSERT_NEAR(fs_chip_peak_flops(&c, FS_PREC_FP4), 0.0, 0.0);
}

TEST(precision_names)
{
    ASSERT_INT_EQ(fs_precision_lookup("bf16"), FS_PREC_BF16);
    ASSERT_INT_EQ(fs_precision_lookup("fp8"), FS_PREC_FP8);
    ASSERT_INT_EQ(fs_precision_lookup("BF16"), -1);
    ASSERT_INT_EQ(fs_precision_bits(FS_PREC_INT8), 8);
    ASSERT_STR_EQ(fs_precision_name(FS_PREC_TF32), "tf32");
}

/* A catalog with a bad setting names its line and path. */
TEST(catalog_bad_text)
{
    struct fs_catalog c = {0};
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT(fs_catalog_load_text(&c, "chips = (\n { name = \"X\";\n tdp_w = -1.0; } );\n",
                                "cat.cfg", &d) == FS_ESCENARIO);
    ASSERT_STR_EQ(d.file, "cat.cfg");
    ASSERT_INT_EQ(d.line, 3);
    ASSERT_STR_EQ(d.setting, "chips[0].tdp_w");
    ASSERT_STR_EQ(d.msg, "must be > 0 and <= 100000 (got -1)");
}
