/*
 * cfg_catalog.c - reads chip entries: the catalog files (built-in and
 * --catalog) and a scenario's `chips` section.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cost.h"
#include "internal.h"

#define CHIP(f) offsetof(struct fs_chip, f)

static const char *const basis_choices[] = {"module", "server_per_gpu", "rack_per_gpu", NULL};
_Static_assert(FS_BASIS_RACK_PER_GPU == 2, "basis_choices follows enum fs_price_basis");
#define PEAK(p) (offsetof(struct fs_chip, peak_tflops) + (p) * sizeof(double))

static const struct fs__field chip_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, CHIP(name), "", "catalog key", NULL},
    {"base", F_SPECIAL, 0, 0, 0, 0, "",
     "scenario only: catalog chip to copy before applying the other fields", NULL},
    {"vendor", F_NAME, 0, 0, 0, CHIP(vendor), "", "manufacturer", NULL},
    {"description", F_TEXT, 0, 0, 0, CHIP(description), "", "one line", NULL},
    {"fp4_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP4), "TFLOP/s", "dense FP4 peak", NULL},
    {"fp8_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP8), "TFLOP/s", "dense FP8 peak", NULL},
    {"int8_tops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_INT8), "TOP/s", "dense INT8 peak", NULL},
    {"fp16_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP16), "TFLOP/s", "dense FP16 peak", NULL},
    {"bf16_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_BF16), "TFLOP/s", "dense BF16 peak", NULL},
    {"tf32_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_TF32), "TFLOP/s", "dense TF32 peak", NULL},
    {"fp32_tflops", F_DOUBLE, 0, 0, 1e6, PEAK(FS_PREC_FP32), "TFLOP/s", "dense FP32 peak", NULL},
    {"memory_gb", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(memory_gb), "GB", "on-package DRAM", NULL},
    {"memory_bw_tbps", F_DOUBLE, F_MIN_EXCL, 0, 1e3, CHIP(memory_bw_tbps), "TB/s", "DRAM bandwidth", NULL},
    {"scaleup_gbps", F_DOUBLE, F_MIN_EXCL, 0, 1e6, CHIP(scaleup_gbps), "GB/s",
     "scale-up interconnect, bidirectional", NULL},
    {"scaleup_domain", F_INT, 0, 1, 1e6, CHIP(scaleup_domain), "GPUs",
     "GPUs in one scale-up domain (8 for an HGX board, 72 for NVL72, 384 for CloudMatrix); "
     "leave out when unknown", NULL},
    {"scaleout_gbps", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(scaleout_gbps), "GB/s",
     "typical scale-out NIC per GPU, per direction (400 Gb/s = 50); leave out when unknown",
     NULL},
    {"matmul_efficiency", F_DOUBLE, F_MIN_EXCL, 0, 1, CHIP(matmul_efficiency), "",
     "achievable share of dense peak on large matrix products (throughput model calibration)",
     NULL},
    {"scaleup_efficiency", F_DOUBLE, F_MIN_EXCL, 0, 1, CHIP(scaleup_efficiency), "",
     "achieved / nominal scale-up bandwidth", NULL},
    {"scaleout_efficiency", F_DOUBLE, F_MIN_EXCL, 0, 1, CHIP(scaleout_efficiency), "",
     "achieved / nominal scale-out bandwidth", NULL},
    {"tdp_w", F_DOUBLE, F_MIN_EXCL, 0, 1e5, CHIP(tdp_w), "W", "board power", NULL},
    {"die_area_mm2", F_DOUBLE, 0, 1, 1e5, CHIP(die_area_mm2), "mm^2",
     "applicable die area (leave out when unpublished); at least 1, since density divides by it",
     NULL},
    {"release_date", F_DATE, 0, 0, 0, CHIP(release), "", "first availability", NULL},
    {"list_price_usd", F_DOUBLE, F_MIN_EXCL, 0, 1e8, CHIP(list_price_usd), "USD",
     "price per GPU on its price_basis", NULL},
    {"price_basis", F_ENUM, 0, 0, 0, CHIP(price_basis), "",
     "what list_price_usd covers: the GPU `module`, an 8-GPU server's price / 8 "
     "(`server_per_gpu`) or a rack's price / its GPUs (`rack_per_gpu`); default module",
     basis_choices},
    {"server_overhead", F_DOUBLE, 0, 1, 10, CHIP(server_overhead), "",
     "server / module price, applied to module prices only (default by family, Epoch: A100 "
     "1.66, V100 1.69, P100 1.54, other 1.64)", NULL},
    {"interconnect_share", F_DOUBLE, 0, 0, 0.9, CHIP(interconnect_share), "",
     "cluster networking as a share of hardware + networking (default 0.19, Epoch)", NULL},
    {"storage_share", F_DOUBLE, 0, 0, 10, CHIP(storage_share), "",
     "storage as a share of hardware (default 0: no figure found)", NULL},
    {"price_points", F_SPECIAL, 0, 0, 0, 0, "",
     "dated prices on the price_basis (see clusters[].price_points[]); an owned cluster "
     "without capex_usd_per_gpu or its own price_points uses them", NULL},
    {"status", F_STATUS, 0, 0, 0, CHIP(status), "",
     "reference flag of the figures: O, O*, S, E, D, U", NULL},
    {"source", F_TEXT, 0, 0, 0, CHIP(source), "", "where the figures come from", NULL},
    {"price_source", F_TEXT, 0, 0, 0, CHIP(price_source), "", "where the price comes from", NULL},
};
const struct fs__table fs__chip_table = {"chips[]", chip_fields, NFIELDS(chip_fields)};

/* ---- chips ------------------------------------------------------------- */

static int chip_has_peak(const struct fs_chip *c)
{
    for (int p = 0; p < FS_PREC_COUNT; p++)
        if (c->peak_tflops[p] > 0.0)
            return 1;
    return 0;
}

/*
 * Reads one chip entry into cat. In a scenario (scenario != 0) an entry may
 * name a `base` to copy, or reuse a catalog name to override its fields.
 */
static int read_chip(const struct fs__ctx *cx, const config_setting_t *g,
                     struct fs_catalog *cat, int scenario)
{
    struct fs_chip chip;
    unsigned char seen[NFIELDS(chip_fields)] = {0};
    const char *name = NULL, *base;
    int rc, existing = -1;

    memset(&chip, 0, sizeof(chip));
    if (!config_setting_is_group(g))
        return fs__read_group(cx, g, chip_fields, NFIELDS(chip_fields), &chip, seen);
    base = fs__get_string(cx, g, "base", &rc);
    if (rc != FS_OK)
        return rc;
    if (base != NULL && !scenario)
        return fs__err_at(cx, config_setting_get_member(g, "base"),
                          "'base' is only allowed in a scenario's chips");
    config_setting_lookup_string(g, "name", &name);
    if (base != NULL) {
        int b = FS__FIND(cx, config_setting_get_member(g, "base"), "chip", base, cat->chips,
                         cat->n, struct fs_chip, NULL);
        if (b < 0)
            return b;
        chip = cat->chips[b];
        chip.source[0] = chip.price_source[0] = '\0';
        snprintf(chip.status, sizeof(chip.status), "hypo");
        snprintf(chip.source, sizeof(chip.source),
                 "scenario-defined, based on %s", base);
    } else if (scenario && name != NULL &&
               (existing = fs_catalog_index(cat, name)) >= 0) {
        chip = cat->chips[existing];
        snprintf(chip.status, sizeof(chip.status), "hypo");
        size_t l = strlen(chip.source);
        snprintf(chip.source + l, sizeof(chip.source) - l, "%s",
                 " (fields overridden by the scenario)");
    }
    if ((rc = fs__read_group(cx, g, chip_fields, NFIELDS(chip_fields), &chip, seen)) != FS_OK)
        return rc;
    if ((rc = fs__read_price_points(cx, 0, g, "price_points", 0, &chip.price_points)) != FS_OK)
        return rc;
    if (config_setting_get_member(g, "interconnect_share") != NULL)
        chip.has_interconnect_share = 1;
    if (config_setting_get_member(g, "storage_share") != NULL)
        chip.has_storage_share = 1;
    if (existing < 0 && fs_catalog_index(cat, chip.name) >= 0)
        return fs__err_at(cx, config_setting_get_member(g, "name"),
                          base != NULL ? "chip '%s' already exists; a chip with a "
                                     "'base' needs a new name"
                                   : "duplicate chip name '%s'",
                      chip.name);
    if (!chip_has_peak(&chip))
        return fs__err_at(cx, g, "chip '%s' needs at least one peak throughput "
                             "(e.g. bf16_tflops)", chip.name);
    if (!(chip.tdp_w > 0.0))
        return fs__err_at(cx, g, "missing required setting 'tdp_w'");
    if (existing >= 0) {
        cat->chips[existing] = chip;
        return FS_OK;
    }
    return fs_catalog_add(cat, &chip);
}

int fs__read_chip_list(const struct fs__ctx *cx, const config_setting_t *parent,
                       struct fs_catalog *cat, int scenario)
{
    const config_setting_t *list;
    size_t n;
    int rc;
    /* The catalog must have chips; a scenario's own are optional. */
    if ((rc = fs__read_list(cx, parent, "chips", scenario ? 0 : FS__LIST_REQUIRED, SIZE_MAX,
                            &list, &n)) != FS_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        rc = read_chip(cx, config_setting_get_elem(list, (unsigned)i), cat, scenario);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

static int catalog_from_config(struct fs_catalog *cat, const config_t *cfg,
                               const char *name, struct fs_diag *diag)
{
    static const char *const allowed[] = {"chips"};
    struct fs__ctx cx = {name, diag, NULL, 0};
    int rc;

    memset(cat, 0, sizeof(*cat));
    if ((rc = fs__check_sections(&cx, cfg, allowed, 1)) != FS_OK ||
        (rc = fs__check_values(&cx, config_root_setting(cfg))) != FS_OK)
        return rc;
    rc = fs__read_chip_list(&cx, config_root_setting(cfg), cat, 0);
    if (rc != FS_OK)
        fs_catalog_release(cat);
    return rc;
}

int fs_catalog_load_text(struct fs_catalog *cat, const char *text,
                         const char *name, struct fs_diag *diag)
{
    config_t cfg;
    int rc;

    config_init(&cfg);
    if (config_read_string(&cfg, text) != CONFIG_TRUE)
        rc = fs_diag_set(diag, FS_ESCENARIO, name,
                         (unsigned)config_error_line(&cfg), NULL, "%s",
                         config_error_text(&cfg));
    else
        rc = catalog_from_config(cat, &cfg, name, diag);
    config_destroy(&cfg);
    return rc;
}

int fs_catalog_load_file(struct fs_catalog *cat, const char *path,
                         struct fs_diag *diag)
{
    config_t cfg;
    int rc;

    config_init(&cfg);
    errno = 0;
    if (config_read_file(&cfg, path) != CONFIG_TRUE)
        rc = fs__read_error(&cfg, path, diag);
    else
        rc = catalog_from_config(cat, &cfg, path, diag);
    config_destroy(&cfg);
    return rc;
}
