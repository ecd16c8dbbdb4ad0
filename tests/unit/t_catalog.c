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
                                        "Ascend-910B", "Ascend-910C", "MLU370-X8",
                                        /* issue 12, catalog refresh */
                                        "V100-SXM2", "H100-PCIe", "L40S", "MI300X", "MI308",
                                        "RTX-Pro-6000D", "B30A"};
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

/*
 * The chips added in the catalog refresh (issue 12), by hand from the dense
 * figures in models/chips.cfg (vendor datasheets, sparse / 2; U figures as
 * the file flags them). TPP = max over formats of TOPS x bits:
 *   L40S      max(fp8 733 x 8 = 5,864, int8 733 x 8 = 5,864,
 *                 fp16 362.05 x 16 = 5,792.8, tf32 183 x 32 = 5,856,
 *                 fp32 91.6 x 32 = 2,931.2) = 5,864; PD 5,864 / 608.5 = 9.637
 *   MI300X    max(fp8 2,614.9 x 8 = 20,919.2, fp16 1,307.4 x 16 = 20,918.4,
 *                 tf32 653.7 x 32 = 20,918.4) = 20,919.2; chiplets, PD unknown
 *   H100-PCIe max(fp8 1,513 x 8 = 12,104, fp16 756.5 x 16 = 12,104,
 *                 tf32 378 x 32 = 12,096) = 12,104; PD 12,104 / 814 = 14.870
 *   V100-SXM2 max(fp16 125 x 16 = 2,000, fp32 15.7 x 32 = 502.4) = 2,000;
 *                 PD 2,000 / 815 = 2.454
 *   MI308     fp8 296 x 8 = 2,368 (U, the H20's envelope); PD unknown
 *   RTX-Pro-6000D fp8 599 x 8 = 4,792 (U); B30A max(fp4 7,500 x 4 = 30,000,
 *                 fp8 2,250 x 8 = 18,000) = 30,000 (U)
 *   Ascend-910C   fp16/bf16 752 x 16 = 12,032 (updates-2026-11.md 0 row 17)
 */
TEST(catalog_refresh_tpp_pd)
{
    static const struct {
        const char *name;
        double tpp, pd; /* pd < 0: die area not published */
    } want[] = {
        {"L40S", 5864.0, 5864.0 / 608.5},
        {"MI300X", 20919.2, -1},
        {"H100-PCIe", 12104.0, 12104.0 / 814.0},
        {"V100-SXM2", 2000.0, 2000.0 / 815.0},
        {"MI308", 2368.0, -1},
        {"RTX-Pro-6000D", 4792.0, -1},
        {"B30A", 30000.0, -1},
        {"Ascend-910C", 12032.0, -1},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct fs_chip *c = chip(want[i].name);
        if (c == NULL) {
            unit_fail(__FILE__, __LINE__, "chip %s missing", want[i].name);
            return;
        }
        ASSERT_REL(fs_chip_tpp(c), want[i].tpp, 1e-12);
        if (want[i].pd < 0)
            ASSERT(fs_chip_pd(c) < 0);
        else
            ASSERT_REL(fs_chip_pd(c), want[i].pd, 1e-12);
    }
    ASSERT_NEAR(fs_chip_pd(chip("L40S")), 9.64, 0.005);      /* as --list-gpus prints it */
    ASSERT_NEAR(fs_chip_pd(chip("H100-PCIe")), 14.87, 0.005);
}

/* Ascend 910C: per-chip TDP kept (310 W, U) beside the CloudMatrix 384
 * system price per chip, $8.2M / 384 = $21,354 (rack basis; A.1); 910B at
 * the top of its 310-400 W band (updates-2026-11.md 0 rows 17-18). */
TEST(catalog_ascend_power_and_price)
{
    const struct fs_chip *c = chip("Ascend-910C");
    ASSERT(c != NULL);
    ASSERT_NEAR(c->tdp_w, 310.0, 0.0);
    ASSERT_NEAR(c->list_price_usd, 21354.0, 0.0);
    ASSERT_NEAR(8.2e6 / 384.0, 21354.0, 0.5);
    ASSERT_INT_EQ(c->price_basis, 2);                        /* rack_per_gpu */
    ASSERT_NEAR(c->peak_tflops[FS_PREC_BF16], 752.0, 0.0);
    ASSERT_NEAR(chip("Ascend-910B")->tdp_w, 400.0, 0.0);
    ASSERT_NEAR(chip("H20")->list_price_usd, 12000.0, 0.0);  /* Epoch point value, row 15 */
}
