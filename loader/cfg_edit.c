/*
 * cfg_edit.c - overrides that change the shape of a scenario: removing an
 * element or a setting (a strategy's `remove`, `remove X` of --compare),
 * adding elements (a strategy's `add`), and the check that nothing left
 * still names what was removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Root lists an `add` may extend; the reader validates what is added. */
static const char *const addable[] = {"regions", "chips",  "export_rules", "clusters",
                                      "channels", "supply", "orders",       "jobs",
                                      NULL};

static int is_addable(const char *name)
{
    for (size_t i = 0; addable[i] != NULL; i++)
        if (strcmp(addable[i], name) == 0)
            return 1;
    return 0;
}

/* The key of element e of a root list: its name, or an export rule's id. */
static const char *key_of(const config_setting_t *e)
{
    const char *k = NULL;
    if (config_setting_is_group(e) && !config_setting_lookup_string(e, "name", &k))
        config_setting_lookup_string(e, "id", &k);
    return k;
}

/* The root list holding element e, or NULL when e sits elsewhere. */
static const char *root_list_of(const config_setting_t *e)
{
    const config_setting_t *l = config_setting_parent(e);
    if (l == NULL || config_setting_parent(l) == NULL ||
        !config_setting_is_root(config_setting_parent(l)) || !config_setting_is_list(l))
        return NULL;
    return config_setting_name(l);
}

static int record_removed(struct fs__edits *ed, const char *list, const char *name, uintptr_t hook)
{
    struct fs__removed *p = realloc(ed->rm, (ed->nrm + 1) * sizeof(*p));
    if (p == NULL)
        return FS_ENOMEM;
    ed->rm = p;
    snprintf(p[ed->nrm].list, sizeof(p[ed->nrm].list), "%s", list);
    snprintf(p[ed->nrm].name, sizeof(p[ed->nrm].name), "%s", name);
    p[ed->nrm].ov = (size_t)hook - 1;
    ed->nrm++;
    return FS_OK;
}

/*
 * Removes the element or setting at o->path. A built-in export rule is put
 * out of force (in_force = false), since the built-in would otherwise come
 * back; a built-in chip cannot be removed.
 */
int fs__remove(config_t *cfg, const struct fs_override *o, uintptr_t hook, struct fs__edits *ed,
               struct fs_diag *d)
{
    char buf[FS__PATH_MAX], *leaf;
    config_setting_t *cur, *f;
    const char *list, *key;
    int rc;

    if ((rc = fs__walk(cfg, o, ed, hook, buf, sizeof(buf), &cur, &leaf, d)) != FS_OK)
        return rc;
    if (leaf != NULL) {
        if (config_setting_get_member(cur, leaf) == NULL)
            return fs__ov_error(d, o, "nothing to remove: no setting '%s' there", leaf);
        config_setting_remove(cur, leaf);
        return FS_OK;
    }
    list = root_list_of(cur);
    key = key_of(cur);
    if (list != NULL && key != NULL && strcmp(list, "chips") == 0 && ed->bi != NULL &&
        ed->bi->cat != NULL && fs_catalog_index(ed->bi->cat, key) >= 0)
        return fs__ov_error(d, o, "'%s' is a built-in chip: it cannot be removed", key);
    if (list != NULL && key != NULL && strcmp(list, "export_rules") == 0 && ed->bi != NULL &&
        ed->bi->rules != NULL) {
        for (size_t i = 0; i < ed->bi->rules->nrules; i++) {
            if (strcmp(ed->bi->rules->rules[i].id, key) != 0)
                continue;
            if (config_setting_get_member(cur, "in_force") != NULL)
                config_setting_remove(cur, "in_force");
            f = config_setting_add(cur, "in_force", CONFIG_TYPE_BOOL);
            if (f == NULL || !config_setting_set_bool(f, 0))
                return FS_ENOMEM;
            config_setting_set_hook(f, (void *)hook);
            return FS_OK;
        }
    }
    if (list != NULL && key != NULL && (rc = record_removed(ed, list, key, hook)) != FS_OK)
        return rc;
    if (config_setting_remove_elem(config_setting_parent(cur),
                                   (unsigned)config_setting_index(cur)) != CONFIG_TRUE)
        return fs__ov_error(d, o, "cannot remove this element");
    return FS_OK;
}

/* Records where copied setting src came from; returns its hook. */
static uintptr_t add_origin(struct fs__edits *ed, const config_setting_t *src, const char *file)
{
    struct fs__origin *p = realloc(ed->org, (ed->norg + 1) * sizeof(*p));
    if (p == NULL)
        return 0;
    ed->org = p;
    fs__path_of(src, p[ed->norg].setting, sizeof(p[ed->norg].setting));
    p[ed->norg].file = file;
    p[ed->norg].line = (unsigned)config_setting_source_line(src);
    ed->norg++;
    return (uintptr_t)(ed->nov + ed->norg);
}

/* Appends a deep copy of src to dst (as member `name`, or an element when
 * name is NULL); every copied setting points back at its line in the file. */
static int copy_setting(config_setting_t *dst, const config_setting_t *src, const char *name,
                        struct fs__edits *ed, const char *file)
{
    int t = config_setting_type(src), ok = 1;
    config_setting_t *c = config_setting_add(dst, name, t);
    uintptr_t hook;
    if (c == NULL || (hook = add_origin(ed, src, file)) == 0)
        return FS_ENOMEM;
    config_setting_set_hook(c, (void *)hook);
    switch (t) {
    case CONFIG_TYPE_INT:
        ok = config_setting_set_int(c, config_setting_get_int(src));
        break;
    case CONFIG_TYPE_INT64:
        ok = config_setting_set_int64(c, config_setting_get_int64(src));
        break;
    case CONFIG_TYPE_FLOAT:
        ok = config_setting_set_float(c, config_setting_get_float(src));
        break;
    case CONFIG_TYPE_BOOL:
        ok = config_setting_set_bool(c, config_setting_get_bool(src));
        break;
    case CONFIG_TYPE_STRING:
        ok = config_setting_set_string(c, config_setting_get_string(src));
        break;
    default:
        for (int i = 0; i < config_setting_length(src); i++) {
            const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
            int rc = copy_setting(c, e, t == CONFIG_TYPE_GROUP ? config_setting_name(e) : NULL,
                                  ed, file);
            if (rc != FS_OK)
                return rc;
        }
    }
    return ok ? FS_OK : FS_ENOMEM;
}

/* An error at setting s of the file (an `add` is read where it is written). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int err_in_file(struct fs_diag *d, const struct fs_override *o, const config_setting_t *s,
                       const char *fmt, ...)
{
    char path[FS_TEXT_MAX], msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fs__path_of(s, path, sizeof(path));
    return fs_diag_set(d, FS_ESCENARIO, o->origin_file ? o->origin_file : "--set",
                       (unsigned)config_setting_source_line(s), path, "%s", msg);
}

/* Appends the elements of list m (named like a root list) to that list. */
static int add_list(config_t *cfg, const struct fs_override *o, const config_setting_t *m,
                    struct fs__edits *ed, struct fs_diag *d)
{
    const char *name = config_setting_name(m);
    config_setting_t *root = config_root_setting(cfg), *dst;
    int rc;

    if (name == NULL || !is_addable(name) || !config_setting_is_list(m)) {
        struct fs__near nr;
        fs__near_init(&nr, name ? name : "");
        for (size_t i = 0; name != NULL && addable[i] != NULL; i++)
            fs__near_try(&nr, addable[i]);
        if (nr.best != NULL && strcmp(nr.best, name) != 0)
            return err_in_file(d, o, m, "'%s' cannot be added (did you mean '%s'?)", name,
                               nr.best);
        return err_in_file(d, o, m,
                           "'%s' cannot be added: expected lists ( ... ) of regions, chips, "
                           "export_rules, clusters, channels, supply, orders or jobs",
                           name ? name : "(element)");
    }
    dst = config_setting_get_member(root, name);
    if (dst == NULL && (dst = config_setting_add(root, name, CONFIG_TYPE_LIST)) == NULL)
        return FS_ENOMEM;
    for (int i = 0; i < config_setting_length(m); i++) {
        const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
        const char *k = key_of(e);
        for (int j = 0; k != NULL && j < config_setting_length(dst); j++) {
            const char *other = key_of(config_setting_get_elem(dst, (unsigned)j));
            if (other != NULL && strcmp(other, k) == 0)
                return err_in_file(d, o, e, "'%s' is already in the scenario: change it with "
                                            "`set` instead of adding it", k);
        }
        if (k != NULL && strcmp(name, "export_rules") == 0 && ed->bi && ed->bi->rules)
            for (size_t j = 0; j < ed->bi->rules->nrules; j++)
                if (strcmp(ed->bi->rules->rules[j].id, k) == 0)
                    return err_in_file(d, o, e, "'%s' is a built-in rule: change it with `set` "
                                                "instead of adding it", k);
        if ((rc = copy_setting(dst, e, NULL, ed, o->origin_file)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* Adds the elements listed at o->path: a group of lists, or a list of them. */
int fs__add(config_t *cfg, const struct fs_override *o, uintptr_t hook, struct fs__edits *ed,
            struct fs_diag *d)
{
    char buf[FS__PATH_MAX], *leaf;
    config_setting_t *cur, *a;
    int rc, n;

    if ((rc = fs__walk(cfg, o, ed, hook, buf, sizeof(buf), &cur, &leaf, d)) != FS_OK)
        return rc;
    a = leaf != NULL ? config_setting_get_member(cur, leaf) : cur;
    if (a == NULL || !config_setting_is_aggregate(a))
        return fs__ov_error(d, o, "expected a group of lists to add");
    n = config_setting_is_group(a) ? 1 : config_setting_length(a);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g =
            config_setting_is_group(a) ? a : config_setting_get_elem(a, (unsigned)i);
        if (!config_setting_is_group(g))
            return err_in_file(d, o, g, "expected a group { clusters = (...); ... }");
        for (int k = 0; k < config_setting_length(g); k++)
            if ((rc = add_list(cfg, o, config_setting_get_elem(g, (unsigned)k), ed, d)) != FS_OK)
                return rc;
    }
    return FS_OK;
}

/* What names elements of each list: the lists and the setting there. */
static const struct {
    const char *removed, *by, *setting;
} refs[] = {
    {"clusters", "orders", "cluster"}, {"clusters", "jobs", "cluster"},
    {"clusters", "jobs", "candidates"},
    {"jobs", "jobs", "after"},         {"channels", "orders", "channel"},
    {"regions", "clusters", "region"}, {"chips", "clusters", "chip"},
    {"chips", "orders", "chip"},       {"chips", "supply", "chip"},
};

/* Non-zero if setting m (a string or an array of them) holds name. */
static int names(const config_setting_t *m, const char *name)
{
    const char *v;
    if (m == NULL)
        return 0;
    if ((v = config_setting_get_string(m)) != NULL)
        return strcmp(v, name) == 0;
    for (int i = 0; config_setting_is_aggregate(m) && i < config_setting_length(m); i++)
        if (names(config_setting_get_elem(m, (unsigned)i), name))
            return 1;
    return 0;
}

int fs__check_removed(const config_t *cfg, const struct fs_override *ov, const struct fs__edits *ed,
                      struct fs_diag *d)
{
    for (size_t r = 0; r < ed->nrm; r++) {
        const struct fs__removed *rm = &ed->rm[r];
        for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
            const config_setting_t *l = config_lookup(cfg, refs[k].by);
            if (strcmp(refs[k].removed, rm->list) != 0 || l == NULL)
                continue;
            for (int i = 0; i < config_setting_length(l); i++) {
                const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
                const char *who = key_of(e);
                unsigned line = (unsigned)config_setting_source_line(e);
                char at[32] = "";
                if (!config_setting_is_group(e) ||
                    !names(config_setting_get_member(e, refs[k].setting), rm->name))
                    continue;
                if (line > 0)
                    snprintf(at, sizeof(at), " (line %u)", line);
                if (who != NULL)
                    return fs__ov_error(d, &ov[rm->ov], "cannot remove %s[%s]: %s[%s]%s still "
                                        "names it in '%s'; remove or change that too",
                                        rm->list, rm->name, refs[k].by, who, at, refs[k].setting);
                return fs__ov_error(d, &ov[rm->ov], "cannot remove %s[%s]: %s[%d]%s still names "
                                    "it in '%s'; remove or change that too",
                                    rm->list, rm->name, refs[k].by, i, at, refs[k].setting);
            }
        }
    }
    return FS_OK;
}

void fs__edits_release(struct fs__edits *ed)
{
    free(ed->rm);
    free(ed->org);
    ed->rm = NULL;
    ed->org = NULL;
    ed->nrm = ed->norg = 0;
}
