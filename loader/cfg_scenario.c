/*
 * cfg_scenario.c - loads a scenario: parses the file, applies overrides,
 * reads the `scenario` group and then every section in dependency order.
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

#include "internal.h"

#define SCN(f) offsetof(struct fs_scenario, f)
static const struct fs__field scenario_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, SCN(name), "", "scenario name; names the output folder", NULL},
    {"description", F_TEXT, 0, 0, 0, SCN(description), "", "one line", NULL},
    {"start_date", F_DATE, F_REQUIRED, 0, 0, SCN(start), "", "time zero of the simulation", NULL},
    {"horizon_days", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 36525, SCN(horizon_days), "days",
     "simulated span from start_date", NULL},
    {"seed", F_SPECIAL, 0, 0, 0, 0, "", "integer >= 0; the only source of randomness (default 1)", NULL},
    {"replicates", F_INT, 0, 1, 1e6, SCN(replicates), "", "Monte Carlo replicates (default 100)", NULL},
};
const struct fs__table fs__scenario_table = {"scenario", scenario_fields, NFIELDS(scenario_fields)};

/* Top-level sections of a scenario file. */
static const char *const sections[] = {
    "scenario", "regions", "chips",    "export_rules", "failures",  "clusters",
    "channels", "supply",  "orders",   "jobs",         "strategies", "sensitivity",
    "sobol",
};

static int read_scenario_meta(const struct fs__ctx *cx, const config_t *cfg,
                              struct fs_scenario *s)
{
    const config_setting_t *g = config_lookup(cfg, "scenario"), *seed;
    char got[96];
    int rc;

    if (g == NULL)
        return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, "scenario",
                           "missing required group");
    s->seed = 1;
    s->replicates = 100;
    if ((rc = fs__read_group(cx, g, scenario_fields, NFIELDS(scenario_fields), s, NULL)) != FS_OK)
        return rc;
    seed = config_setting_get_member(g, "seed");
    if (seed != NULL) {
        int t = config_setting_type(seed);
        fs__describe(seed, got, sizeof(got));
        if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) ||
            config_setting_get_int64(seed) < 0)
            return fs__err_at(cx, seed, "expected an integer >= 0 (got %s)", got);
        s->seed = (uint64_t)config_setting_get_int64(seed);
    }
    return FS_OK;
}

static int scenario_from_config(struct fs_scenario *s, const config_t *cfg,
                                const struct fs__ctx *cx)
{
    int rc;

    if ((rc = fs__check_sections(cx, cfg, sections, NFIELDS(sections))) != FS_OK ||
        (rc = fs__check_values(cx, config_root_setting(cfg))) != FS_OK)
        return rc;
    if ((rc = read_scenario_meta(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = fs__read_chip_list(cx, config_root_setting(cfg), &s->catalog, 1)) != FS_OK)
        return rc;
    if ((rc = fs__read_rules(cx, config_root_setting(cfg), "export_rules", &s->rules,
                             &s->catalog)) != FS_OK)
        return rc;
    if ((rc = fs__read_regions(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = fs__read_clusters(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = fs__read_channels(cx, cfg, s)) != FS_OK || (rc = fs__read_supply(cx, cfg, s)) != FS_OK ||
        (rc = fs__read_orders(cx, cfg, s)) != FS_OK)
        return rc;
    for (size_t i = 0; i < s->nclusters; i++)
        if (s->clusters[i].max_gpus == 0)
            return fs__err_at(cx, config_setting_get_elem(config_lookup(cfg, "clusters"), (unsigned)i),
                              "cluster '%s' has no GPUs: set 'gpus' or order some",
                              s->clusters[i].name);
    if ((rc = fs__read_jobs(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = fs__order_jobs(cx, cfg, s)) != FS_OK)
        return rc;
    if ((rc = fs__read_strategies(cx, cfg, s)) != FS_OK || (rc = fs__read_sensitivity(cx, cfg, s)) != FS_OK ||
        (rc = fs__read_sobol(cx, cfg, s)) != FS_OK)
        return rc;
    return fs__lint(s);
}

/*
 * The caller's overrides, then one per setting an `add` copied (its origin
 * in the file), as the reading context's overrides: a setting's hook is
 * its index here + 1. NULL when out of memory.
 */
static struct fs_override *all_overrides(const struct fs_override *ov, size_t n,
                                         const struct fs__edits *ed)
{
    struct fs_override *all = calloc(n + ed->norg + 1, sizeof(*all));
    if (all == NULL)
        return NULL;
    if (n > 0)
        memcpy(all, ov, n * sizeof(*ov));
    for (size_t i = 0; i < ed->norg; i++) {
        const struct fs__origin *g = &ed->org[i];
        all[n + i] = (struct fs_override){g->setting, "", g->file ? g->file : "--set", g->line,
                                          g->setting};
    }
    return all;
}

int fs_scenario_load(struct fs_scenario **out, const char *path,
                     const struct fs_catalog *base, const struct fs_rulebook *rules,
                     const struct fs_override *overrides, size_t n,
                     struct fs_diag *diag)
{
    struct fs_scenario *s;
    struct fs__builtins bi = {base, rules};
    struct fs__edits ed = {&bi, n, NULL, 0, NULL, 0};
    struct fs_override *all = NULL;
    struct fs__ctx cx = {path, diag, overrides, n};
    config_t cfg;
    int rc = FS_OK;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    snprintf(s->file, sizeof(s->file), "%s", path);
    config_init(&cfg);
    errno = 0;
    if (config_read_file(&cfg, path) != CONFIG_TRUE)
        rc = fs__read_error(&cfg, path, diag);
    for (size_t i = 0; rc == FS_OK && i < n; i++)
        rc = fs__apply_override(&cfg, &overrides[i], (uintptr_t)(i + 1), &ed, diag);
    if (rc == FS_OK)
        rc = fs__check_removed(&cfg, overrides, &ed, diag);
    if (rc == FS_OK && ed.norg > 0) {
        if ((all = all_overrides(overrides, n, &ed)) == NULL)
            rc = FS_ENOMEM;
        cx.ov = all;
        cx.nov = n + ed.norg;
    }
    if (rc == FS_OK && (rc = fs_catalog_copy(&s->catalog, base)) != FS_OK)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK && (rc = fs_rulebook_copy(&s->rules, rules)) != FS_OK)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK)
        rc = scenario_from_config(s, &cfg, &cx);
    if (rc == FS_ENOMEM)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    config_destroy(&cfg);
    fs__edits_release(&ed);
    free(all);
    if (rc != FS_OK) {
        fs_scenario_free(s);
        return rc;
    }
    *out = s;
    return FS_OK;
}

void fs_scenario_free(struct fs_scenario *s)
{
    if (s == NULL)
        return;
    fs_catalog_release(&s->catalog);
    fs_rulebook_release(&s->rules);
    free(s->regions);
    free(s->clusters);
    for (size_t j = 0; s->jobs != NULL && j < s->njobs; j++)
        for (size_t k = 0; k < s->jobs[j].ncand; k++)
            free(s->jobs[j].cand[k].ramp_flops);
    free(s->jobs);
    free(s->job_order);
    free(s->channels);
    free(s->supplies);
    free(s->orders);
    free(s->strategies);
    free(s->sens);
    free(s->sobol);
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i]);
    free(s->warnings);
    free(s);
}
