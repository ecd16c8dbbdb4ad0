/*
 * cfg_study.c - reads the study sections: `strategies` (named sets of
 * overrides) and `sensitivity` inputs.
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

#define STRAT(f) offsetof(struct fs_strategy, f)
static const struct fs__field strategy_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, STRAT(name), "", "strategy key, shown in comparisons", NULL},
    {"description", F_TEXT, 0, 0, 0, STRAT(description), "", "one line", NULL},
    {"set", F_SPECIAL, 0, 0, 0, 0, "",
     "an array of \"path=value\" overrides of the base scenario, as for --set", NULL},
    {"add", F_SPECIAL, 0, 0, 0, 0, "",
     "a list of groups of lists ({ clusters = (...); orders = (...); }) whose elements are "
     "added to the scenario's (clusters, orders, jobs, export_rules, regions, chips, channels, "
     "supply)", NULL},
    {"remove", F_SPECIAL, 0, 0, 0, 0, "",
     "an array of paths (\"orders[name]\") of elements or settings to remove; a built-in rule "
     "is put out of force", NULL},
};
const struct fs__table fs__strategy_table = {"strategies[]", strategy_fields, NFIELDS(strategy_fields)};

#define SENS(f) offsetof(struct fs_sens_input, f)
static const struct fs__field sens_fields[] = {
    {"path", F_TEXT, F_REQUIRED, 0, 0, SENS(path), "", "a numeric setting, as for --set", NULL},
    {"low", F_DOUBLE, F_REQUIRED, -1e30, 1e30, SENS(low), "", "low value of the input", NULL},
    {"high", F_DOUBLE, F_REQUIRED, -1e30, 1e30, SENS(high), "", "high value of the input", NULL},
    {"label", F_NAME, 0, 0, 0, SENS(label), "",
     "name in the tornado chart (default: the path, if it fits in 63 bytes)", NULL},
    {"source", F_TEXT, 0, 0, 0, SENS(source), "", "where the range comes from", NULL},
};
const struct fs__table fs__sens_table = {"sensitivity[]", sens_fields, NFIELDS(sens_fields)};

/* One change of a strategy: text (a path, or path=value) of setting e. */
static int add_change(const struct fs__ctx *cx, struct fs_strategy *st, const config_setting_t *e,
                      const char *v, int op)
{
    if (st->nsets >= FS_MAX_SETS)
        return fs__err_at(cx, e, "at most %d changes in a strategy (add, remove and set)",
                          FS_MAX_SETS);
    if (strlen(v) >= FS_TEXT_MAX)
        return fs__err_at(cx, e, "too long: at most %d bytes (got %zu)", FS_TEXT_MAX - 1,
                          strlen(v));
    snprintf(st->sets[st->nsets], FS_TEXT_MAX, "%s", v);
    fs__path_of(e, st->paths[st->nsets], FS_TEXT_MAX);
    st->lines[st->nsets] = (unsigned)config_setting_source_line(e);
    st->ops[st->nsets++] = op;
    return FS_OK;
}

/* `set` (op FS_OV_SET: "path=value") or `remove` (paths) of strategy g. */
static int read_changes(const struct fs__ctx *cx, const config_setting_t *g, const char *name,
                        int op, struct fs_strategy *st)
{
    const config_setting_t *set = config_setting_get_member(g, name);
    int rc;
    if (set == NULL)
        return FS_OK;
    if (!config_setting_is_array(set) && !config_setting_is_list(set))
        return fs__err_at(cx, set, op == FS_OV_SET
                                       ? "expected an array of \"path=value\" strings"
                                       : "expected an array of paths [\"orders[name]\"]");
    if (st->nsets + (size_t)config_setting_length(set) > FS_MAX_SETS)
        return fs__err_at(cx, set, "at most %d changes in a strategy, add, remove and set "
                                   "together (got %zu)",
                          FS_MAX_SETS, st->nsets + (size_t)config_setting_length(set));
    for (int k = 0; k < config_setting_length(set); k++) {
        const config_setting_t *e = config_setting_get_elem(set, (unsigned)k);
        const char *v = config_setting_get_string(e);
        char got[96];
        if (op == FS_OV_SET && (v == NULL || strchr(v, '=') == NULL || v[0] == '=')) {
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected \"path=value\" (got %s)", got);
        }
        if (op == FS_OV_REMOVE && (v == NULL || v[0] == '\0' || strchr(v, '=') != NULL)) {
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected the path of an element, e.g. \"orders[name]\" "
                                     "(got %s)", got);
        }
        if ((rc = add_change(cx, st, e, v, op)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

/*
 * strategies: each a name and its changes (add, remove, set). The changes
 * are checked when the strategy's variant is loaded (fs_scenario_load with
 * them), and their errors name the line here.
 */
int fs__read_strategies(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, config_root_setting(cfg), "strategies", 0, SIZE_MAX, &list,
                             &s->nstrategies, sizeof(*s->strategies), &array)) != FS_OK ||
        list == NULL)
        return rc;
    s->strategies = array;
    for (size_t i = 0; i < s->nstrategies; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i), *add;
        struct fs_strategy *st = &s->strategies[i];
        char path[FS_TEXT_MAX];
        if ((rc = fs__read_group(cx, g, strategy_fields, NFIELDS(strategy_fields), st, NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "strategy")) != FS_OK)
            return rc;
        if (strcmp(st->name, "baseline") == 0)
            return fs__err_at(cx, config_setting_get_member(g, "name"),
                              "'baseline' is the scenario as written; choose another name");
        if ((add = config_setting_get_member(g, "add")) != NULL) {
            if (!config_setting_is_list(add) && !config_setting_is_group(add))
                return fs__err_at(cx, add, "expected a list of groups ( { clusters = (...); } )");
            snprintf(path, sizeof(path), "strategies[%zu].add", i);
            if ((rc = add_change(cx, st, add, path, FS_OV_ADD)) != FS_OK)
                return rc;
        }
        if ((rc = read_changes(cx, g, "remove", FS_OV_REMOVE, st)) != FS_OK ||
            (rc = read_changes(cx, g, "set", FS_OV_SET, st)) != FS_OK)
            return rc;
        if (st->nsets == 0)
            return fs__err_at(cx, g, "strategy '%s' changes nothing: give 'set', 'add' or "
                                     "'remove'", st->name);
    }
    return FS_OK;
}

int fs__read_sensitivity(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *list;
    void *array;
    int rc;
    if ((rc = fs__read_array(cx, config_root_setting(cfg), "sensitivity", 0, SIZE_MAX, &list,
                             &s->nsens, sizeof(*s->sens), &array)) != FS_OK ||
        list == NULL)
        return rc;
    s->sens = array;
    for (size_t i = 0; i < s->nsens; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct fs_sens_input *in = &s->sens[i];
        if ((rc = fs__read_group(cx, g, sens_fields, NFIELDS(sens_fields), in, NULL)) != FS_OK)
            return rc;
        /* The path is the default label; one too long for a label is never cut. */
        if (in->label[0] == '\0' && strlen(in->path) >= sizeof(in->label))
            return fs__err_at(cx, g, "missing setting 'label': the path (%zu bytes) is too long "
                                     "to serve as one (at most %d bytes)",
                              strlen(in->path), FS_NAME_MAX - 1);
        if (in->label[0] == '\0')
            memcpy(in->label, in->path, strlen(in->path) + 1);
        if (!(in->low < in->high))
            return fs__err_at(cx, config_setting_get_member(g, "high"),
                              "must be above low (got low %.15g, high %.15g)", in->low, in->high);
        in->line = config_setting_source_line(g);
    }
    return FS_OK;
}

