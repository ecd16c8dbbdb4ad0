/*
 * catalog.c - chip records and the export-control metrics derived from them.
 *
 * TPP follows the US rule text (88 FR 73458, 3A090 Technical Note): the
 * highest, over the formats a chip supports, of dense TOPS x bit length.
 * Performance density is TPP over the applicable die area. Both are
 * computed on demand so a hypothetical chip is treated like a real one.
 */
#include <stdlib.h>
#include <string.h>

#include "fleetsim/catalog.h"
#include "fleetsim/error.h"

static const struct {
    const char *name;
    int bits;
} precisions[FS_PREC_COUNT] = {
#define XX(id, name, bits) {name, bits},
    FS_PRECISION_MAP(XX)
#undef XX
};

const char *fs_precision_name(enum fs_precision p)
{
    return (unsigned)p < FS_PREC_COUNT ? precisions[p].name : "?";
}

int fs_precision_bits(enum fs_precision p)
{
    return (unsigned)p < FS_PREC_COUNT ? precisions[p].bits : 0;
}

int fs_precision_lookup(const char *name)
{
    for (int p = 0; p < FS_PREC_COUNT; p++)
        if (strcmp(precisions[p].name, name) == 0)
            return p;
    return -1;
}

double fs_chip_tpp(const struct fs_chip *c)
{
    double tpp = 0.0;
    for (int p = 0; p < FS_PREC_COUNT; p++) {
        double v = c->peak_tflops[p] * precisions[p].bits;
        if (v > tpp)
            tpp = v;
    }
    return tpp;
}

double fs_chip_pd(const struct fs_chip *c)
{
    if (!(c->die_area_mm2 > 0.0))
        return -1.0;
    return fs_chip_tpp(c) / c->die_area_mm2;
}

double fs_chip_peak_flops(const struct fs_chip *c, enum fs_precision p)
{
    if ((unsigned)p >= FS_PREC_COUNT)
        return 0.0;
    return c->peak_tflops[p] * 1e12;
}

void fs_catalog_release(struct fs_catalog *cat)
{
    free(cat->chips);
    cat->chips = NULL;
    cat->n = cat->cap = 0;
}

int fs_catalog_add(struct fs_catalog *cat, const struct fs_chip *chip)
{
    if (cat->n == cat->cap) {
        size_t cap = cat->cap ? 2 * cat->cap : 16;
        struct fs_chip *p = realloc(cat->chips, cap * sizeof(*p));
        if (p == NULL)
            return FS_ENOMEM;
        cat->chips = p;
        cat->cap = cap;
    }
    cat->chips[cat->n++] = *chip;
    return FS_OK;
}

int fs_catalog_copy(struct fs_catalog *dst, const struct fs_catalog *src)
{
    memset(dst, 0, sizeof(*dst));
    for (size_t i = 0; i < src->n; i++) {
        if (fs_catalog_add(dst, &src->chips[i]) != FS_OK) {
            fs_catalog_release(dst);
            return FS_ENOMEM;
        }
    }
    return FS_OK;
}

int fs_catalog_index(const struct fs_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->n; i++)
        if (strcmp(cat->chips[i].name, name) == 0)
            return (int)i;
    return -1;
}

const struct fs_chip *fs_catalog_find(const struct fs_catalog *cat,
                                      const char *name)
{
    int i = fs_catalog_index(cat, name);
    return i < 0 ? NULL : &cat->chips[i];
}
