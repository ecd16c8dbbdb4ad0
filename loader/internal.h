/*
 * internal.h - what the loader's files share (loader/cfg*.c): the field
 * tables, the reading context and the generic reader.
 *
 * Only files that include <libconfig.h> include this header. loader/cfg.c is
 * the table-driven settings layer; each loader/cfg_<section>.c reads one part
 * of a scenario with it and exports its tables (fs__*_table) for the
 * settings reference (loader/cfg_params.c).
 */
#ifndef FLEETSIM_CFG_INTERNAL_H
#define FLEETSIM_CFG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libconfig.h>

#include "fleetsim/cfg.h"
#include "fleetsim/error.h"
#include "fleetsim/export.h"
#include "fleetsim/scenario.h"

/* ---- field tables ---------------------------------------------------- */

enum fs__ftype {
    F_DOUBLE,  /* number (int or float in the file) into double */
    F_INT,     /* integer into int */
    F_NAME,    /* non-empty string into char[FS_NAME_MAX] */
    F_TEXT,    /* string into char[FS_TEXT_MAX] */
    F_STATUS,  /* string into char[16] */
    F_DATE,    /* "YYYY-MM-DD" into fs_date */
    F_ENUM,    /* one of `choices` into int */
    F_BOOL,    /* true/false into int */
    F_SPECIAL  /* read by the section's own code */
};

#define F_REQUIRED 1u /* must be present */
#define F_MIN_EXCL 2u /* value must be > min rather than >= min */

struct fs__field {
    const char *name;
    enum fs__ftype type;
    unsigned flags;
    double min, max;
    size_t offset;
    const char *unit;
    const char *doc;
    const char *const *choices; /* F_ENUM: NULL-terminated, value = index */
};

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

struct fs__ctx {
    const char *name; /* file name for settings read from a string */
    struct fs_diag *diag;
    const struct fs_override *ov; /* overrides applied, for error origins */
    size_t nov;
};

/* A titled table of fields, for the settings reference. */
struct fs__table {
    const char *title;
    const struct fs__field *fields;
    size_t n;
};

extern const struct fs__table fs__scenario_table, fs__region_table, fs__chip_table,
    fs__rule_table, fs__test_table, fs__clause_table, fs__failure_table, fs__cause_table,
    fs__cluster_table, fs__job_table, fs__order_table, fs__channel_table, fs__supply_table,
    fs__dist_table, fs__strategy_table, fs__sens_table, fs__model_table, fs__parallel_table,
    fs__price_point_table, fs__rental_point_table, fs__group_table, fs__job_cause_table,
    fs__published_table, fs__sobol_table, fs__sobol_input_table, fs__sobol_output_table;

/* ---- lists of a failures group (cfg_failures.c) ------------------------ */

int fs__read_node_groups(const struct fs__ctx *cx, const config_setting_t *list,
                         struct fs_node_group *out, size_t *n);
int fs__read_job_causes(const struct fs__ctx *cx, const config_setting_t *list,
                        struct fs_job_cause *out, size_t *n);
void fs__resolve_groups(struct fs_failure_cfg *f);

/* ---- a cluster's cost settings (cfg_cost.c) ---------------------------- */

/* Cost defaults of c, and the cost_method preset named in group g; call
 * before reading g, whose own settings then override the preset. */
void fs__cluster_cost_defaults(const config_setting_t *g, struct fs_cluster *c);
/* Price and rental points, and the checks of how the settings combine. */
int fs__cluster_cost(const struct fs__ctx *cx, const config_setting_t *g,
                     const struct fs_scenario *s, struct fs_cluster *c);
/* capex_usd_per_gpu from the chip's price (or the cluster's price points
 * at online_date) on its basis, made all-in (cost.h). */
void fs__cluster_capex(const struct fs_scenario *s, struct fs_cluster *c);
/* List `name` of g ({ date; usd_per_gpu; } or, if rent, { date;
 * usd_per_gpu_hour; }) into cv, hours counted from day `origin`; cv is left
 * as it was when g has no such list. */
int fs__read_price_points(const struct fs__ctx *cx, fs_date origin, const config_setting_t *g,
                          const char *name, int rent, struct fs_price_curve *cv);
/* The all-in price of the cluster's price_points on day d (orders). */
double fs__cluster_price_at(const struct fs_scenario *s, const struct fs_cluster *c, fs_date d);

/* ---- the generic layer (cfg.c) --------------------------------------- */

/* Writes the dotted path of s into buf[len]: clusters[1].failures.repair_cv */
void fs__path_of(const config_setting_t *s, char *buf, size_t len);

/* Records a scenario error at setting s (file, line, path); returns FS_ESCENARIO. */
int fs__err_at(const struct fs__ctx *cx, const config_setting_t *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Length of the valid UTF-8 sequence (RFC 3629) starting at p, 1 to 4, or
 * 0 if the bytes there are not one. Reads no further than a NUL.
 */
size_t fs__utf8_seq(const unsigned char *p);

/*
 * Writes v quoted into buf[len], control bytes and bytes that are not UTF-8
 * as \xNN, cut with `...` when it does not fit; never writes past len.
 */
void fs__quote(const char *v, char *buf, size_t len);

/*
 * Offset of the first byte of v that is a control byte (0x00-0x1f, 0x7f)
 * or not part of a valid UTF-8 sequence; strlen(v) if there is none.
 */
size_t fs__first_unprintable(const char *v);

/* Non-zero if v is printable UTF-8: no control bytes, valid sequences. */
int fs__printable(const char *v);

/*
 * Checks every value under s: strings must be printable UTF-8 (no control
 * bytes 0x00-0x1f or 0x7f), numbers finite. This makes every name safe to
 * print in a terminal, a CSV or JSON file.
 */
int fs__check_values(const struct fs__ctx *cx, const config_setting_t *s);

/* Describes a setting's value for "(got X)", within buf[len]. */
void fs__describe(const config_setting_t *s, char *buf, size_t len);

int fs__is_number(const config_setting_t *s);
double fs__number_of(const config_setting_t *s);

/* The field name closest to name (a typo's likely meaning), or NULL. */
const char *fs__closest(const char *name, const struct fs__field *f, size_t n);

/* The closest of several candidates to a name: init, try each, read best. */
struct fs__near {
    const char *name; /* the name looked up */
    const char *best; /* the closest candidate so far, or NULL */
    size_t d;         /* its edit distance (only distances < 3 count) */
};
void fs__near_init(struct fs__near *nr, const char *name);
void fs__near_try(struct fs__near *nr, const char *candidate);

/*
 * Finds name in a table of n records, each stride bytes, whose name (a
 * char array) sits at offset off. Returns its index, or an error at s:
 * "unknown WHAT 'NAME' (did you mean 'X'?)" when a name is close, else
 * "unknown WHAT 'NAME'" followed by hint (may be NULL).
 */
int fs__find_name(const struct fs__ctx *cx, const config_setting_t *s, const char *what,
                  const char *name, const void *base, size_t n, size_t stride, size_t off,
                  const char *hint);
/* The same over an array of `type` records with a `name` member. */
#define FS__FIND(cx, s, what, key, arr, n, type, hint)                                    \
    fs__find_name(cx, s, what, key, arr, n, sizeof(type), offsetof(type, name), hint)

/*
 * Reads every member of group g against the table: unknown names and bad
 * values are errors; required fields must be present. seen[i] (may be NULL)
 * is set for each field found.
 */
int fs__read_group(const struct fs__ctx *cx, const config_setting_t *g,
                   const struct fs__field *fields, size_t nf, void *target, unsigned char *seen);

/* Index of a field known to be in the table (a bug otherwise). */
size_t fs__field_index(const struct fs__field *f, size_t nf, const char *name);

/* A string-valued special field; NULL with *rc set if it is not a string. */
const char *fs__get_string(const struct fs__ctx *cx, const config_setting_t *g,
                           const char *name, int *rc);

/* A list of groups, or an error naming what was there instead. */
int fs__expect_list(const struct fs__ctx *cx, const config_setting_t *s);

/* The required string setting `chip` of g, resolved in cat, into *out. */
int fs__chip_setting(const struct fs__ctx *cx, const config_setting_t *g,
                     const struct fs_catalog *cat, size_t *out);

#define FS__LIST_REQUIRED 1u /* absent is an error */
/*
 * Opens list `name` under parent (a group, or the root setting): it must be
 * a list of groups with at most max elements. *list and *n give it, or NULL
 * and 0 when it is absent (an error if flags has FS__LIST_REQUIRED).
 */
int fs__read_list(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                  unsigned flags, size_t max, const config_setting_t **list, size_t *n);

/*
 * The same, and *array gets a zeroed array of *n + 1 records of elem_size
 * bytes for it (NULL when the list is absent), which the caller frees.
 * FS_ENOMEM if it cannot be allocated.
 */
int fs__read_array(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                   unsigned flags, size_t max, const config_setting_t **list, size_t *n,
                   size_t elem_size, void **array);

/* An error if element idx of list repeats the name of an earlier one. */
int fs__duplicate_name(const struct fs__ctx *cx, const config_setting_t *list, int idx,
                       const char *what);

/* A libconfig read error (I/O or syntax) as a diagnostic. */
int fs__read_error(const config_t *cfg, const char *name, struct fs_diag *d);

/* An error for a top-level section not in allowed[]. */
int fs__check_sections(const struct fs__ctx *cx, const config_t *cfg,
                       const char *const *allowed, size_t nallowed);

/* Reads an array of non-empty names into dst[max]; absent leaves *n alone. */
int fs__read_names(const struct fs__ctx *cx, const config_setting_t *a,
                   char dst[][FS_NAME_MAX], size_t max, size_t *n);

/* A number or a distribution group whose support lies in [lo, hi]. */
int fs__read_dist(const struct fs__ctx *cx, const config_setting_t *m, struct fs_dist *d,
                  double lo, double hi);

/* ---- the sections ---------------------------------------------------- */

/* ---- overrides (cfg_override.c: paths and values; cfg_edit.c: add, remove) */

/* Room for a --set path; a longer one is an error, never cut. */
#define FS__PATH_MAX 256

/* The built-in chips and rules a scenario starts from: paths may name them
 * (export_rules[us-2023-10], chips[H800]) as if the file had them. */
struct fs__builtins {
    const struct fs_catalog *cat;
    const struct fs_rulebook *rules;
};

/* An element an override removed, for the check that nothing uses it. */
struct fs__removed {
    char list[16];
    char name[FS_NAME_MAX];
    size_t ov; /* index of the removing override */
};

/* A setting copied from a strategy's `add`: errors name its line there. */
struct fs__origin {
    char setting[FS_TEXT_MAX];
    const char *file;
    unsigned line;
};

/* What applying a scenario's overrides records. */
struct fs__edits {
    const struct fs__builtins *bi;
    size_t nov;                 /* the caller's overrides; origins hook after them */
    struct fs__removed *rm;
    size_t nrm;
    struct fs__origin *org;
    size_t norg;
};

/* Settings that apply only to owned clusters (cfg_cost.c). */
extern const char *const fs__owned_only[];

int fs__apply_override(config_t *cfg, const struct fs_override *o, uintptr_t hook,
                       struct fs__edits *ed, struct fs_diag *d);
int fs__walk(config_t *cfg, const struct fs_override *o, const struct fs__edits *ed,
             uintptr_t hook, char *buf, size_t len, config_setting_t **cur, char **leaf,
             struct fs_diag *d);
int fs__ov_error(struct fs_diag *d, const struct fs_override *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int fs__remove(config_t *cfg, const struct fs_override *o, uintptr_t hook, struct fs__edits *ed,
               struct fs_diag *d);
int fs__add(config_t *cfg, const struct fs_override *o, uintptr_t hook, struct fs__edits *ed,
            struct fs_diag *d);
/* After every override: an error if a removed element is still named. */
int fs__check_removed(const config_t *cfg, const struct fs_override *ov, const struct fs__edits *ed,
                      struct fs_diag *d);
void fs__edits_release(struct fs__edits *ed);
/* Reads the list `chips` of parent into cat (required unless in a scenario). */
int fs__read_chip_list(const struct fs__ctx *cx, const config_setting_t *parent,
                       struct fs_catalog *cat, int scenario);
/* Reads the optional rule list `name` of parent into rb. */
int fs__read_rules(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                   struct fs_rulebook *rb, const struct fs_catalog *cat);
int fs__read_regions(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_clusters(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_channels(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_supply(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_orders(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_jobs(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
/*
 * Job g's FLOP budget and speed (cfg_model.c): `flop` or 6 x N x tokens,
 * and exactly one of the speed settings resolved to j->mfu on chip.
 */
/* cfg_place.c: `cluster` or the candidates of job j (after its precision
 * and gpus are read), then its MFU on each candidate (after its speed). */
int fs__read_job_place(const struct fs__ctx *cx, const config_setting_t *g,
                       struct fs_scenario *s, struct fs_job *j);
int fs__resolve_candidates(const struct fs__ctx *cx, const config_setting_t *g,
                           struct fs_scenario *s, struct fs_job *j);
/* lint.c: appends a loader warning, taking ownership of text (NULL: out of
 * memory, FS_ENOMEM). */
int fs__warn(struct fs_scenario *s, char *text);
/* A ramped start with a predicted MFU: the table of the job's rate on each
 * node count of candidate k (cfg_ramp.c); `on` is the job resolved on that
 * candidate's chip. Nothing to do for other jobs. */
int fs__ramp_rates(const struct fs__ctx *cx, const config_setting_t *g, struct fs_scenario *s,
                   struct fs_job *j, size_t k, const struct fs_job *on);

int fs__read_job_speed(const struct fs__ctx *cx, const config_setting_t *g, struct fs_job *j,
                       const struct fs_chip *chip);
int fs__order_jobs(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_strategies(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
int fs__read_sensitivity(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);
/* The optional `sobol` group (cfg_sobol.c) into s->sobol. */
int fs__read_sobol(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s);

/* Adds the loader's warnings to s->warnings (lint.c). FS_OK or FS_ENOMEM. */
int fs__lint(struct fs_scenario *s);

#endif
