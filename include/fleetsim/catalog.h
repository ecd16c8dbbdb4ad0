/*
 * catalog.h - accelerator records and the export-control metrics derived
 * from them.
 *
 * A chip record holds published figures only; TPP and performance density
 * are always computed (fs_chip_tpp, fs_chip_pd), never stored, so that a
 * hypothetical part defined in a scenario is measured the same way as a real
 * one. The records are filled by the loader (loader/cfg.c) from the catalog data
 * file models/chips.cfg and from a scenario's `chips` list.
 */
#ifndef FLEETSIM_CATALOG_H
#define FLEETSIM_CATALOG_H

#include <stddef.h>
#include <stdio.h>

#include "fleetsim/date.h"

/*
 * Numeric formats, with their names and bit lengths (the bit length counts
 * in TPP; TF32 is counted at its 32-bit storage width, which never sets the
 * maximum on any catalog chip). XX(ID, name, bits).
 */
#define FS_PRECISION_MAP(XX)                                                  \
    XX(FP4, "fp4", 4)                                                         \
    XX(FP8, "fp8", 8)                                                         \
    XX(INT8, "int8", 8)                                                       \
    XX(FP16, "fp16", 16)                                                      \
    XX(BF16, "bf16", 16)                                                      \
    XX(TF32, "tf32", 32)                                                      \
    XX(FP32, "fp32", 32)

enum fs_precision {
#define XX(id, name, bits) FS_PREC_##id,
    FS_PRECISION_MAP(XX)
#undef XX
    FS_PREC_COUNT
};

/* Lower-case name ("bf16") of a precision. */
const char *fs_precision_name(enum fs_precision p);
/* Bit length of a precision, as TPP counts it. */
int fs_precision_bits(enum fs_precision p);
/* Looks a precision up by name; returns -1 if there is none. */
int fs_precision_lookup(const char *name);

#define FS_NAME_MAX 64
#define FS_TEXT_MAX 256

/* A price that changes with time: points (hours from the scenario start
 * for a cluster, from day 0 of fs_date for a chip; USD) interpolated linearly, held constant outside the first and last
 * point (cost.h, fs_cost_curve_*). n = 0: no curve. */
#define FS_MAX_PRICE_POINTS 64
struct fs_price_curve {
    double t_h[FS_MAX_PRICE_POINTS];
    double usd[FS_MAX_PRICE_POINTS];
    size_t n;
};

struct fs_chip {
    char name[FS_NAME_MAX];         /* catalog key, e.g. "H800" */
    char vendor[FS_NAME_MAX];
    char description[FS_TEXT_MAX];
    double peak_tflops[FS_PREC_COUNT]; /* dense peak, TFLOP/s (TOP/s for
                                          int8); 0 = format not supported */
    double memory_gb;               /* on-package DRAM, GB */
    double memory_bw_tbps;          /* DRAM bandwidth, TB/s */
    double scaleup_gbps;            /* scale-up link, GB/s bidirectional */
    int scaleup_domain;             /* GPUs in one scale-up domain (8 HGX,
                                       72 NVL72, 384 CloudMatrix); 0 = unknown */
    double scaleout_gbps;           /* typical scale-out NIC per GPU, GB/s per
                                       direction (400 Gb/s = 50); 0 = unknown */
    double matmul_efficiency;       /* achievable share of dense peak on large
                                       GEMMs for the vendor's software stack
                                       (calibration, docs/model.md); 0 = unknown */
    double scaleup_efficiency;      /* achieved / nominal scale-up bandwidth */
    double scaleout_efficiency;     /* achieved / nominal scale-out bandwidth */
    double tdp_w;                   /* board power, W */
    double die_area_mm2;            /* applicable die area; 0 = unpublished */
    fs_date release;                /* first availability */
    double list_price_usd;          /* per GPU; 0 = unknown */
    int price_basis;                /* enum fs_price_basis (cost.h): what the
                                       list price covers */
    double server_overhead;         /* server / module price; 0 = the chip
                                       family's default (cost.h) */
    double interconnect_share;      /* networking share of hardware +
                                       networking, if has_interconnect_share
                                       (else 0.19, cost.h) */
    double storage_share;           /* storage, share of hardware, if
                                       has_storage_share (else 0) */
    int has_interconnect_share, has_storage_share;
    struct fs_price_curve price_points; /* dated prices on its basis; t_h
                                       counts from day 0 of fs_date */
    char status[16];                /* reference flag: O, O*, S, E, D, U... */
    char source[FS_TEXT_MAX];       /* where the figures come from */
    char price_source[FS_TEXT_MAX]; /* where the price comes from */
};

/* A growable array of chips; names are unique within it. */
struct fs_catalog {
    struct fs_chip *chips;
    size_t n, cap;
};

/* Total Processing Performance: max over formats of dense TOPS x bits. */
double fs_chip_tpp(const struct fs_chip *c);

/*
 * Performance density: TPP / applicable die area (mm^2). Returns a negative
 * number when the die area is not published.
 */
double fs_chip_pd(const struct fs_chip *c);

/* Peak dense FLOP/s (not TFLOP/s) at a precision; 0 if unsupported. */
double fs_chip_peak_flops(const struct fs_chip *c, enum fs_precision p);

/* Frees the catalog's storage and empties it; safe on a zeroed catalog. */
void fs_catalog_release(struct fs_catalog *cat);

/* Deep-copies src into dst (dst is overwritten, not released). */
int fs_catalog_copy(struct fs_catalog *dst, const struct fs_catalog *src);

/* Finds a chip by exact name; NULL if absent. */
const struct fs_chip *fs_catalog_find(const struct fs_catalog *cat,
                                      const char *name);
/* Index of a chip by name, or -1. */
int fs_catalog_index(const struct fs_catalog *cat, const char *name);

/*
 * Appends a chip (copied). Returns FS_OK or FS_ENOMEM. The caller checks
 * name uniqueness first (the loader does, to name the offending setting).
 */
int fs_catalog_add(struct fs_catalog *cat, const struct fs_chip *chip);


#endif
