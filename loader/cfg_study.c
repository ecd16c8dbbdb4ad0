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
#include "internal.h"

#define STRAT(f) offsetof(struct fs_strategy, f)
static const struct fs__field strategy_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, STRAT(name), "", "strategy key, shown in comparisons", NULL},
    {"description", F_TEXT, 0, 0, 0, STRAT(description), "", "one line", NULL},
    {"set", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "an array of \"path=value\" overrides of the base scenario, as for --set", NULL},
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

/*
 * strategies: each a name and "path=value" overrides. The overrides are
 * checked when the strategy's variant is loaded (fs_scenario_load with
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
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i), *set;
        struct fs_strategy *st = &s->strategies[i];
        if ((rc = fs__read_group(cx, g, strategy_fields, NFIELDS(strategy_fields), st, NULL)) != FS_OK ||
            (rc = fs__duplicate_name(cx, list, (int)i, "strategy")) != FS_OK)
            return rc;
        if (strcmp(st->name, "baseline") == 0)
            return fs__err_at(cx, config_setting_get_member(g, "name"),
                              "'baseline' is the scenario as written; choose another name");
        set = config_setting_get_member(g, "set");
        if (!config_setting_is_array(set) && !config_setting_is_list(set))
            return fs__err_at(cx, set, "expected an array of \"path=value\" strings");
        if (config_setting_length(set) > FS_MAX_SETS)
            return fs__err_at(cx, set, "at most %d overrides (got %d)", FS_MAX_SETS,
                              config_setting_length(set));
        for (int k = 0; k < config_setting_length(set); k++) {
            const config_setting_t *e = config_setting_get_elem(set, (unsigned)k);
            const char *v = config_setting_get_string(e);
            char got[96];
            if (v == NULL || strchr(v, '=') == NULL || v[0] == '=') {
                fs__describe(e, got, sizeof(got));
                return fs__err_at(cx, e, "expected \"path=value\" (got %s)", got);
            }
            if (strlen(v) >= FS_TEXT_MAX)
                return fs__err_at(cx, e, "too long: at most %d bytes (got %zu)", FS_TEXT_MAX - 1,
                                  strlen(v));
            snprintf(st->sets[k], FS_TEXT_MAX, "%s", v);
            fs__path_of(e, st->paths[k], FS_TEXT_MAX);
            st->lines[k] = config_setting_source_line(e);
        }
        st->nsets = (size_t)config_setting_length(set);
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

