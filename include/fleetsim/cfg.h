/*
 * cfg.h - the loader: reads libconfig scenario, catalog and rule files,
 * validates every setting and resolves names, giving the immutable
 * scenario of scenario.h. Implemented in loader/ (the only code that
 * includes <libconfig.h>).
 */
#ifndef FLEETSIM_CFG_H
#define FLEETSIM_CFG_H

#include <stddef.h>
#include <stdio.h>

#include "fleetsim/catalog.h"
#include "fleetsim/error.h"
#include "fleetsim/export.h"
#include "fleetsim/scenario.h"

/*
 * One `--set path=value` override, applied before validation. A path is
 * names joined by dots, a list element `[N]` (N below the list's length) or
 * `[name]` (an element's `name`, or an export rule's `id`). At most 255
 * bytes of printable UTF-8.
 */
struct fs_override {
    const char *path;           /* e.g. "jobs[v3_pretrain].mfu" */
    const char *value;          /* text; typed as libconfig would type it */
    /* Where it was written, when not on the command line (a strategy's
     * `set`): errors then name this file, line and setting. */
    const char *origin_file;
    unsigned origin_line;
    const char *origin_setting;
};

/*
 * Overrides that change the shape of a scenario carry one of these as
 * their value (compared by address, so no text typed on the command line
 * can mean them). fs_override_remove: remove the element or setting at
 * path; a built-in export rule is put out of force; an element still named
 * by another is an error naming both. fs_override_add: path names a list
 * of groups in the file (a strategy's `add`), each holding lists (clusters,
 * orders, jobs, ...) whose elements are appended to the scenario's lists of
 * the same name, and read as if written there.
 */
extern const char fs_override_remove[], fs_override_add[];

/* A strategy's kinds of change (struct fs_strategy). */
enum fs_override_op { FS_OV_SET = 0, FS_OV_REMOVE, FS_OV_ADD };

/*
 * Loads the chip catalog from libconfig text (the built-in catalog, or a
 * file given with --catalog). `name` is used in error messages. Fills cat,
 * which the caller releases. Returns FS_OK or FS_ESCENARIO/FS_ENOMEM (and
 * FS_EIO for a file that cannot be read) with the error in diag.
 */
int fs_catalog_load_text(struct fs_catalog *cat, const char *text,
                         const char *name, struct fs_diag *diag);
int fs_catalog_load_file(struct fs_catalog *cat, const char *path,
                         struct fs_diag *diag);

/* The catalog data compiled into the binary (models/chips.cfg). */
extern const char fs_builtin_catalog[];

/*
 * Loads export rules and standard destinations from libconfig text (the
 * built-in models/export_rules.cfg). Chips named in rules must be in cat.
 */
int fs_rulebook_load_text(struct fs_rulebook *rb, const char *text, const char *name,
                          const struct fs_catalog *cat, struct fs_diag *diag);

/* Deep-copies a rulebook. FS_OK or FS_ENOMEM. */
int fs_rulebook_copy(struct fs_rulebook *dst, const struct fs_rulebook *src);

/*
 * Loads and validates a scenario. base is the chip catalog and rules the
 * export rulebook to start from (both copied). overrides (may be NULL when
 * n == 0) are applied in order. On success *out owns a new scenario, freed
 * with fs_scenario_free. On failure *out is NULL, diag names the file, line
 * and setting, and the return value gives the class of error: FS_EIO (the
 * file cannot be read), FS_ENOMEM, FS_EUSAGE (a command-line override whose
 * path does not parse) or FS_ESCENARIO (anything else: a bad value, an
 * unknown setting or name, in the file or in an override).
 */
int fs_scenario_load(struct fs_scenario **out, const char *path,
                     const struct fs_catalog *base, const struct fs_rulebook *rules,
                     const struct fs_override *overrides, size_t n,
                     struct fs_diag *diag);

/* Frees a scenario; NULL is a no-op. */
void fs_scenario_free(struct fs_scenario *s);

/* Writes the settings reference (name, type, unit, range, doc) as Markdown
 * tables, one per section; used to keep docs/scenario-format.md true. */
void fs_scenario_print_params(FILE *out);

#endif
