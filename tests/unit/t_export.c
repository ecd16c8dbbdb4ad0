/*
 * t_export.c - validation case VC-11 through the real rule file
 * (models/export_rules.cfg) and the classifier: each chip's class under the
 * Oct 2022, Oct 2023 and Jan 2026 rules, and the verdict for China.
 * Expected values: docs/validation.md VC-11 (87 FR 62186;
 * 88 FR 73458 Technical Notes; 91 FR 1684). Classifications are exact.
 */
#include <math.h>
#include <string.h>

#include "fleetsim/export.h"
#include "unit.h"
#include "util.h"

static const struct fs_rule *rule(const char *id)
{
    const struct fs_rulebook *rb = unit_rules();
    for (size_t i = 0; rb && i < rb->nrules; i++)
        if (strcmp(rb->rules[i].id, id) == 0)
            return &rb->rules[i];
    return NULL;
}

/* The label a rule gives a chip, or "" when the chip is outside it. */
static const char *label(const char *rule_id, const char *chip)
{
    const struct fs_rule *r = rule(rule_id);
    const struct fs_chip *c = fs_catalog_find(unit_catalog(), chip);
    int t;
    if (r == NULL || c == NULL)
        return "(missing)";
    t = fs_rule_classify(r, c);
    return t < 0 ? "" : r->tests[t].label;
}

static const struct fs_destination *dest(const char *name)
{
    const struct fs_rulebook *rb = unit_rules();
    for (size_t i = 0; rb && i < rb->ndests; i++)
        if (strcmp(rb->dests[i].name, name) == 0)
            return &rb->dests[i];
    return NULL;
}

static enum fs_outcome verdict(const char *chip, const char *date, const char *to)
{
    struct fs_verdict v;
    fs_date d;
    fs_date_parse(date, &d);
    fs_verdict_of(unit_rules(), fs_catalog_find(unit_catalog(), chip), &dest(to)->groups, d, &v);
    return v.outcome;
}

/* VC-11, the 2022 column: controlled iff I/O >= 600 GB/s and TPP >= 4,800. */
TEST(vc11_rule_2022)
{
    ASSERT_STR_EQ(label("us-2022-10", "A100-40GB"), "3A090.a (2022)");
    ASSERT_STR_EQ(label("us-2022-10", "A800"), "");     /* NVLink 400: not controlled */
    ASSERT_STR_EQ(label("us-2022-10", "H100-SXM"), "3A090.a (2022)");
    ASSERT_STR_EQ(label("us-2022-10", "H800"), "");     /* NVLink 400: not controlled */
    ASSERT_STR_EQ(label("us-2022-10", "H20"), "");      /* TPP 2,368 < 4,800 */
    ASSERT_STR_EQ(label("us-2022-10", "H200"), "3A090.a (2022)");
    ASSERT_STR_EQ(label("us-2022-10", "B200"), "3A090.a (2022)");
    /* Fire-Flyer II's PCIe A100s, with their 600 GB/s NVLink bridge. */
    ASSERT_STR_EQ(label("us-2022-10", "A100-PCIe-40GB"), "3A090.a (2022)");
}

/* VC-11, the 2023 column: A800 and H800 now fail; H20 is not 3A090. */
TEST(vc11_rule_2023)
{
    static const char *const a[] = {"A100-40GB", "A800", "H100-SXM", "H800", "H200", "B200"};
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
        ASSERT_STR_EQ(label("us-2023-10", a[i]), "3A090.a");
    ASSERT_STR_EQ(label("us-2023-10", "H20"), "");      /* TPP < 2,400 and PD 2.91 < 3.2 */
}

/* VC-11, the Jan 2026 column: case-by-case below TPP 21,000 and 6,500 GB/s. */
TEST(vc11_rule_2026)
{
    static const char *const cbc[] = {"A100-40GB", "A800", "H100-SXM", "H800", "H20", "H200"};
    for (size_t i = 0; i < sizeof(cbc) / sizeof(cbc[0]); i++)
        ASSERT_STR_EQ(label("us-2026-01", cbc[i]), "case-by-case");
    ASSERT_STR_EQ(label("us-2026-01", "B200"), "presumption of denial"); /* TPP 36,000; 8,000 GB/s */
}

/* The verdicts for China over time: A800/H800 pass in 2023 and are denied
 * after 17 Nov 2023; the H20 needs a licence from April 2025; in 2026 the
 * case-by-case policy reaches licensed chips only. */
TEST(vc11_verdicts_china)
{
    ASSERT_INT_EQ(verdict("H800", "2023-06-01", "CN"), FS_OUT_ALLOWED);
    ASSERT_INT_EQ(verdict("A800", "2023-06-01", "CN"), FS_OUT_ALLOWED);
    ASSERT_INT_EQ(verdict("A100-80GB", "2023-06-01", "CN"), FS_OUT_DENIED);
    /* The 23 Oct 2023 acceleration (updates-2026-11.md 0 row 2), not the
     * rule's 17 Nov 2023 effective date, ends H800 sales. */
    ASSERT_INT_EQ(verdict("H800", "2023-10-22", "CN"), FS_OUT_ALLOWED);  /* day before */
    ASSERT_INT_EQ(verdict("H800", "2023-10-23", "CN"), FS_OUT_DENIED);   /* the notice */
    ASSERT_INT_EQ(verdict("H800", "2023-11-17", "CN"), FS_OUT_DENIED);
    ASSERT_INT_EQ(verdict("H20", "2024-06-01", "CN"), FS_OUT_ALLOWED);
    ASSERT_INT_EQ(verdict("H20", "2025-05-01", "CN"), FS_OUT_LICENCE);
    ASSERT_INT_EQ(verdict("H200", "2026-02-01", "CN"), FS_OUT_LICENCE);
    ASSERT_INT_EQ(verdict("B200", "2026-02-01", "CN"), FS_OUT_DENIED);
    /* US rules do not reach Huawei parts. */
    ASSERT_INT_EQ(verdict("Ascend-910B", "2026-02-01", "CN"), FS_OUT_ALLOWED);
    /* And none of them reach Japan. */
    ASSERT_INT_EQ(verdict("B200", "2026-02-01", "JP"), FS_OUT_ALLOWED);
    /* The diffusion rule was rescinded before it took effect. */
    ASSERT_INT_EQ(rule("us-2025-01-diffusion")->in_force, 0);
}

static void verdict_v(const char *chip, const char *date, const char *to,
                      const struct fs_party *p, struct fs_verdict *v)
{
    static const struct fs_party nobody;
    fs_date d;
    fs_date_parse(date, &d);
    fs_verdict_for(unit_rules(), fs_catalog_find(unit_catalog(), chip), &dest(to)->groups,
                   p ? p : &nobody, d, v);
}

static const char *deciding(const struct fs_verdict *v)
{
    return v->rule < 0 ? "" : unit_rules()->rules[v->rule].id;
}

/* Per-chip dates inside a rule: the 23 Oct 2023 acceleration names A100,
 * A800, H100, H800 (updates-2026-11.md 0 row 2); from 17 Nov 2023 the
 * rule's own 3A090.a test decides. The H20 stays outside. */
TEST(export_acceleration_23_oct_2023)
{
    struct fs_verdict v;
    verdict_v("A800", "2023-10-22", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
    verdict_v("A800", "2023-10-23", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "us-2023-10");
    ASSERT_STR_EQ(unit_rules()->rules[v.rule].tests[v.test].label, "23 Oct 2023 acceleration");
    verdict_v("H800", "2023-11-17", "CN", NULL, &v);
    ASSERT_STR_EQ(unit_rules()->rules[v.rule].tests[v.test].label, "3A090.a");
    verdict_v("H20", "2023-10-23", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
}

/* The 26 Aug 2022 letter: A100/H100 to China and Russia (0 row 3). */
TEST(export_letter_26_aug_2022)
{
    struct fs_verdict v;
    ASSERT_INT_EQ(verdict("A100-80GB", "2022-08-25", "CN"), FS_OUT_ALLOWED);
    verdict_v("A100-80GB", "2022-08-26", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "us-2022-08-letter");
    ASSERT_INT_EQ(verdict("H100-SXM", "2022-08-26", "RU"), FS_OUT_DENIED);
    ASSERT_INT_EQ(verdict("H800", "2022-08-26", "CN"), FS_OUT_ALLOWED);
}

/* China's own guidance against the H20 (reported 12 Aug 2025) closes the
 * route the US licence opened; the 15 % share rides on licences from
 * 11 Aug 2025 and the 25 % share on the Jan 2026 case-by-case licences. */
TEST(export_importer_and_revenue_share)
{
    struct fs_verdict v;
    verdict_v("H20", "2025-08-10", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_REL(v.revenue_share + 1.0, 1.0, 1e-12);
    verdict_v("H20", "2025-08-11", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_REL(v.revenue_share, 0.15, 1e-12);
    verdict_v("H20", "2025-08-12", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "cn-2025-08-h20");
    ASSERT_INT_EQ(verdict("H20", "2025-08-12", "JP"), FS_OUT_ALLOWED);
    verdict_v("H200", "2026-02-01", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_REL(v.revenue_share, 0.25, 1e-12);
    /* A state-funded cluster takes no foreign chip from 5 Nov 2025. */
    const struct fs_party state = {NULL, 0, 0, 1, 0};
    verdict_v("H200", "2026-02-01", "CN", &state, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "cn-2025-11-state-funded");
    verdict_v("H200", "2026-02-01", "CN", &state, &v);
    verdict_v("MLU370-X8", "2026-02-01", "CN", &state, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
}

/* Buyer rules: the Entity List names Huawei; a buyer marked listed is
 * caught too; the Affiliates rule reaches >= 50 %-owned buyers from
 * 29 Sep 2025, not from 10 Nov 2025 to 9 Nov 2026 (suspension). */
TEST(export_buyer_rules)
{
    const struct fs_party huawei = {"Huawei", 0, 0, 0, 0}, listed = {"X", 1, 0, 0, 0},
                          lab = {"DeepSeek", 0, 0, 0, 0}, aff = {"Y", 0, 1, 0, 0};
    struct fs_verdict v;
    verdict_v("H20", "2024-06-01", "CN", &huawei, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "us-entity-list");
    verdict_v("H20", "2024-06-01", "CN", &listed, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    verdict_v("H20", "2024-06-01", "CN", &lab, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
    verdict_v("H20", "2025-09-28", "SG", &aff, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
    verdict_v("H20", "2025-09-29", "SG", &aff, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "us-2025-09-affiliates");
    verdict_v("H20", "2025-11-10", "SG", &aff, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
    verdict_v("H20", "2026-11-09", "SG", &aff, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_ALLOWED);
    verdict_v("H20", "2026-11-10", "SG", &aff, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
}

/* VC-11's conversions: 49,901 H100-e x 15,832 = 790.0M TPP (the diffusion
 * cap in the rule file); 1,699 x 15,832 = 26.9M TPP. +-0.5 %. */
TEST(vc11_diffusion_conversions)
{
    double h100 = fs_chip_tpp(fs_catalog_find(unit_catalog(), "H100-SXM"));
    ASSERT_REL(49901 * h100, 790.0e6, 0.005);
    ASSERT_REL(rule("us-2025-01-diffusion")->cap_tpp, 49901 * h100, 0.005);
    ASSERT_REL(1699 * h100, 26.9e6, 0.005);
}

/* A hypothetical chip is judged by its numbers: an H800 with H100's NVLink
 * is caught by the 2022 rule; a chip with unknown die area fails PD tests
 * (TPP 2,000 alone is below every 2023 threshold that needs no PD). */
TEST(export_hypothetical_chips)
{
    struct fs_chip c = *fs_catalog_find(unit_catalog(), "H800");
    c.scaleup_gbps = 900.0;
    ASSERT(fs_rule_classify(rule("us-2022-10"), &c) == 0);
    memset(&c, 0, sizeof(c));
    c.peak_tflops[FS_PREC_BF16] = 125.0; /* TPP 2,000 */
    ASSERT(fs_rule_classify(rule("us-2023-10"), &c) < 0);
    c.die_area_mm2 = 500.0;              /* PD 4.0: 3A090.b, second clause */
    ASSERT_INT_EQ(fs_rule_classify(rule("us-2023-10"), &c), 1);
}

/*
 * The chips of the catalog refresh under the Oct 2022 and Oct 2023 rules
 * (3A090 bounds as in models/export_rules.cfg; TPP/PD from t_catalog.c):
 *   L40S   2022: no NVLink (I/O term unmet) -> ""; 2023: TPP 5,864 >= 4,800
 *          -> 3A090.a, and named in the 23 Oct 2023 acceleration
 *   MI300X 2022: Infinity Fabric 896 >= 600 and TPP 20,919 -> 3A090.a (2022)
 *   MI308  TPP 2,368 < 2,400 (.b's first clause) and PD unknown -> ""
 *   RTX-Pro-6000D  TPP 4,792 < 4,800, PD unknown -> ""
 */
TEST(export_refresh_chips_3a090)
{
    ASSERT_STR_EQ(label("us-2022-10", "L40S"), "");
    ASSERT_STR_EQ(label("us-2022-10", "MI300X"), "3A090.a (2022)");
    ASSERT_STR_EQ(label("us-2022-10", "H100-PCIe"), "3A090.a (2022)");
    ASSERT_STR_EQ(label("us-2023-10", "L40S"), "3A090.a");
    ASSERT_STR_EQ(label("us-2023-10", "MI300X"), "3A090.a");
    ASSERT_STR_EQ(label("us-2023-10", "H100-PCIe"), "3A090.a");
    ASSERT_STR_EQ(label("us-2023-10", "MI308"), "");
    ASSERT_STR_EQ(label("us-2023-10", "RTX-Pro-6000D"), "");
    ASSERT_STR_EQ(label("us-2023-10", "V100-SXM2"), "");     /* TPP 2,000, PD 2.45 < 3.2 */
    /* The acceleration names the L40S: denied from 23 Oct 2023, not the day before. */
    ASSERT_INT_EQ(verdict("L40S", "2023-10-22", "CN"), FS_OUT_ALLOWED);
    ASSERT_INT_EQ(verdict("L40S", "2023-10-23", "CN"), FS_OUT_DENIED);
    ASSERT_INT_EQ(verdict("H100-PCIe", "2022-08-26", "CN"), FS_OUT_DENIED);
}

/* MI308 with the H20: licence from 9 Apr 2025 (none granted), the 15 %
 * share from 11 Aug 2025 (updates-2026-11.md 0 row 7); the RTX Pro 6000D
 * closed by China's own ban from 17 Sep 2025 (B). */
TEST(export_refresh_chips_events)
{
    struct fs_verdict v;
    ASSERT_INT_EQ(verdict("MI308", "2025-04-08", "CN"), FS_OUT_ALLOWED);
    verdict_v("MI308", "2025-04-09", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_NEAR(v.approval_probability, 0.0, 0.0);
    verdict_v("MI308", "2025-08-10", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_REL(v.revenue_share + 1.0, 1.0, 1e-12);
    verdict_v("MI308", "2025-08-11", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_LICENCE);
    ASSERT_REL(v.revenue_share, 0.15, 1e-12);
    ASSERT_INT_EQ(verdict("RTX-Pro-6000D", "2025-09-16", "CN"), FS_OUT_ALLOWED);
    verdict_v("RTX-Pro-6000D", "2025-09-17", "CN", NULL, &v);
    ASSERT_INT_EQ(v.outcome, FS_OUT_DENIED);
    ASSERT_STR_EQ(deciding(&v), "cn-2025-09-6000d");
    ASSERT_INT_EQ(verdict("RTX-Pro-6000D", "2025-09-17", "JP"), FS_OUT_ALLOWED);
}
