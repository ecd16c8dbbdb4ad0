/*
 * cfg_override.c - applies `path=value` overrides (--set, strategies'
 * set, sensitivity inputs) to a parsed scenario before it is read.
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

#define PATH_MAX_BYTES FS__PATH_MAX

/*
 * Errors in applying an override come in two classes. A path that cannot
 * be parsed is a usage error on the command line (exit 2); a path that
 * names nothing in the scenario is a scenario error (exit 3), as an unknown
 * setting in the file is. In a strategy both are scenario errors naming its
 * line.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static int ov_vfail(struct fs_diag *d, const struct fs_override *o, int cls, const char *fmt,
                    va_list ap)
{
    char msg[400], path[PATH_MAX_BYTES + 16];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    /* The path as typed may hold anything: unless it is printable, quote it
     * with its bytes escaped. */
    if (fs__printable(o->path) && strlen(o->path) < sizeof(path))
        snprintf(path, sizeof(path), "%s", o->path);
    else
        fs__quote(o->path, path, sizeof(path));
    /* A strategy's line: a scenario error; --compare (no line): as --set. */
    if (o->origin_file != NULL)
        return fs_diag_set(d, o->origin_line > 0 ? FS_ESCENARIO : cls, o->origin_file,
                           o->origin_line, o->origin_setting, "'%s': %s", path, msg);
    return fs_diag_set(d, cls, "--set", 0, path, "%s", msg);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int ov_err(struct fs_diag *d, const struct fs_override *o, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = ov_vfail(d, o, FS_EUSAGE, fmt, ap);
    va_end(ap);
    return rc;
}

/* A scenario error about override o (also for cfg_edit.c). */
int fs__ov_error(struct fs_diag *d, const struct fs_override *o, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = ov_vfail(d, o, FS_ESCENARIO, fmt, ap);
    va_end(ap);
    return rc;
}

/* libconfig's setting names: [A-Za-z*][-A-Za-z0-9_*]* */
static int valid_name(const char *s)
{
    if (!isalpha((unsigned char)s[0]) && s[0] != '*')
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '*')
            return 0;
    return 1;
}

/* The kind of scalar text v is: 'i' integer, 'f' other number, 'b'
 * boolean, 's' string (quoted or bare). */
static int scalar_kind(const char *v)
{
    char *end;
    size_t vl = strlen(v);
    errno = 0;
    (void)strtoll(v, &end, 10);
    if (vl > 0 && *end == '\0' && errno == 0)
        return 'i';
    if (vl > 0 && isfinite(strtod(v, &end)) && *end == '\0' && !isalpha((unsigned char)v[0]))
        return 'f';
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return 'b';
    return 's';
}

/* Element k (0-based) of the array text "[a, b, ...]" into buf (quotes
 * kept, blanks trimmed); its length, or -1 past the last. Quoted elements
 * may hold commas. */
static int array_elem(const char *v, int k, char *buf, size_t len)
{
    const char *p = v + 1, *end = v + strlen(v) - 1; /* inside the brackets */
    for (int i = 0;; i++) {
        const char *a, *b;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p >= end)
            return -1;
        a = p;
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++)
                ;
            if (p < end)
                p++;
        }
        while (p < end && *p != ',')
            p++;
        b = p;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        if (p < end)
            p++; /* the comma */
        if (i == k) {
            if ((size_t)(b - a) >= len)
                return -2;
            memcpy(buf, a, (size_t)(b - a));
            buf[b - a] = '\0';
            return (int)(b - a);
        }
    }
}

/* Adds array member `name` from the text "[v, ...]" of o->value (all
 * integers, all numbers, all booleans or all strings); NULL on error. */
static config_setting_t *set_array(config_setting_t *parent, const char *name,
                                   const struct fs_override *o, struct fs_diag *d)
{
    char el[FS_TEXT_MAX];
    int kind = 0, n, k;
    config_setting_t *s;
    for (k = 0; (n = array_elem(o->value, k, el, sizeof(el))) >= 0; k++) {
        int ek = scalar_kind(el);
        if (n == 0) {
            fs__ov_error(d, o, "element %d of the list is empty", k);
            return NULL;
        }
        if (kind == 0 || (kind == 'i' && ek == 'f'))
            kind = ek;
        else if (!(ek == kind || (kind == 'f' && ek == 'i'))) {
            fs__ov_error(d, o, "expected a list of numbers, of booleans or of strings, "
                              "not a mix (element %d)", k);
            return NULL;
        }
    }
    if (n == -2) {
        fs__ov_error(d, o, "element %d of the list is longer than %d bytes", k, FS_TEXT_MAX - 1);
        return NULL;
    }
    if ((s = config_setting_add(parent, name, CONFIG_TYPE_ARRAY)) == NULL)
        return NULL;
    for (k = 0; array_elem(o->value, k, el, sizeof(el)) > 0; k++) {
        size_t l = strlen(el);
        config_setting_t *e;
        if (kind == 'i')
            e = config_setting_set_int64_elem(s, -1, strtoll(el, NULL, 10));
        else if (kind == 'f')
            e = config_setting_set_float_elem(s, -1, strtod(el, NULL));
        else if (kind == 'b')
            e = config_setting_set_bool_elem(s, -1, el[0] == 't');
        else {
            if (l >= 2 && el[0] == '"' && el[l - 1] == '"') {
                memmove(el, el + 1, l - 2);
                el[l - 2] = '\0';
            }
            e = config_setting_set_string_elem(s, -1, el);
        }
        if (e == NULL)
            return NULL;
    }
    return s;
}

/* Adds member `name` typed from the text of o->value; NULL on error. */
static config_setting_t *set_typed(config_setting_t *parent, const char *name,
                                   const struct fs_override *o, struct fs_diag *d)
{
    const char *value = o->value;
    config_setting_t *s;
    config_setting_t *old = config_setting_get_member(parent, name);
    char *end;
    long long iv;
    double dv;
    size_t vl = strlen(value);

    int is_array = vl >= 2 && value[0] == '[' && value[vl - 1] == ']';

    if (old != NULL) {
        if (config_setting_is_aggregate(old) &&
            !(is_array && config_setting_type(old) == CONFIG_TYPE_ARRAY)) {
            fs__ov_error(d, o, is_array ? "cannot replace a group or a list of groups with a "
                                         "list of values"
                                       : "cannot replace a group or list with a value (a list "
                                         "of values is written [a, b])");
            return NULL;
        }
        config_setting_remove(parent, name);
    }
    if (is_array)
        return set_array(parent, name, o, d);
    errno = 0;
    iv = strtoll(value, &end, 10);
    if (vl > 0 && *end == '\0' && errno == 0) {
        s = config_setting_add(parent, name, CONFIG_TYPE_INT64);
        return s && config_setting_set_int64(s, iv) ? s : NULL;
    }
    dv = strtod(value, &end);
    if (vl > 0 && *end == '\0' && isfinite(dv) && !isalpha((unsigned char)value[0])) {
        s = config_setting_add(parent, name, CONFIG_TYPE_FLOAT);
        return s && config_setting_set_float(s, dv) ? s : NULL;
    }
    if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
        s = config_setting_add(parent, name, CONFIG_TYPE_BOOL);
        return s && config_setting_set_bool(s, value[0] == 't') ? s : NULL;
    }
    s = config_setting_add(parent, name, CONFIG_TYPE_STRING);
    if (s == NULL)
        return NULL;
    if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
        /* Quotes off, nothing cut: the field's own limit judges the length,
         * as it does for the same text unquoted. */
        char *inner = malloc(vl - 1);
        int ok;
        if (inner == NULL)
            return NULL;
        memcpy(inner, value + 1, vl - 2);
        inner[vl - 2] = '\0';
        ok = config_setting_set_string(s, inner);
        free(inner);
        return ok ? s : NULL;
    }
    return config_setting_set_string(s, value) ? s : NULL;
}

static int set_value(config_setting_t *parent, const char *name, const struct fs_override *o,
                     uintptr_t hook, struct fs_diag *d)
{
    config_setting_t *s = set_typed(parent, name, o, d);
    if (s == NULL)
        return d->set ? FS_ESCENARIO : FS_ENOMEM;
    config_setting_set_hook(s, (void *)hook);
    return FS_OK;
}

/* Member seg of group *cur into *cur, or a scenario error suggesting a close name. */
static int member(config_setting_t **cur, const char *seg, const struct fs_override *o,
                  struct fs_diag *d)
{
    config_setting_t *g = *cur;
    config_setting_t *m = config_setting_is_group(g) ? config_setting_get_member(g, seg) : NULL;
    struct fs__near nr;
    if (m != NULL) {
        *cur = m;
        return FS_OK;
    }
    fs__near_init(&nr, seg);
    for (int i = 0; config_setting_is_group(g) && i < config_setting_length(g); i++)
        fs__near_try(&nr, config_setting_name(config_setting_get_elem(g, (unsigned)i)));
    if (nr.best != NULL)
        return fs__ov_error(d, o, "no setting '%s' in the scenario (did you mean '%s'?)", seg,
                          nr.best);
    return fs__ov_error(d, o, "no setting '%s' in the scenario", seg);
}

/* The built-in element `key` of root list `seg` (export_rules by id, chips
 * by name), or NULL: such elements may be named as if written in the file.
 * key NULL: any element (does the list have built-ins?). */
static const char *builtin_key(const struct fs__edits *ed, const char *seg, const char *key)
{
    if (ed == NULL || ed->bi == NULL)
        return NULL;
    if (strcmp(seg, "export_rules") == 0 && ed->bi->rules != NULL) {
        for (size_t i = 0; i < ed->bi->rules->nrules; i++)
            if (key == NULL || strcmp(ed->bi->rules->rules[i].id, key) == 0)
                return ed->bi->rules->rules[i].id;
    } else if (strcmp(seg, "chips") == 0 && ed->bi->cat != NULL && ed->bi->cat->n > 0) {
        int i = key == NULL ? 0 : fs_catalog_index(ed->bi->cat, key);
        if (i >= 0)
            return ed->bi->cat->chips[i].name;
    }
    return NULL;
}

/* Tries every built-in name of root list seg as a near match of nr. */
static void near_builtins(const struct fs__edits *ed, const char *seg, struct fs__near *nr)
{
    if (ed == NULL || ed->bi == NULL)
        return;
    if (strcmp(seg, "export_rules") == 0 && ed->bi->rules != NULL)
        for (size_t i = 0; i < ed->bi->rules->nrules; i++)
            fs__near_try(nr, ed->bi->rules->rules[i].id);
    if (strcmp(seg, "chips") == 0 && ed->bi->cat != NULL)
        for (size_t i = 0; i < ed->bi->cat->n; i++)
            fs__near_try(nr, ed->bi->cat->chips[i].name);
}

/*
 * Appends to list l (root list seg) the group { id = key; } (export_rules)
 * or { name = key; } (chips): an override of the built-in element, read as
 * if the file had it, every setting of the built-in kept unless set.
 */
static config_setting_t *materialise(config_setting_t *l, const char *seg, const char *key,
                                     uintptr_t hook)
{
    config_setting_t *g = config_setting_add(l, NULL, CONFIG_TYPE_GROUP), *k;
    if (g == NULL)
        return NULL;
    k = config_setting_add(g, strcmp(seg, "chips") == 0 ? "name" : "id", CONFIG_TYPE_STRING);
    if (k == NULL || !config_setting_set_string(k, key))
        return NULL;
    config_setting_set_hook(g, (void *)hook);
    config_setting_set_hook(k, (void *)hook);
    return g;
}

/*
 * Element [key] of list *cur (named seg) into *cur: a decimal index below
 * its length, or the value of an element's `name` (or `id`). At the root,
 * a built-in export rule or chip not in the file is added as an override
 * of itself. An error otherwise.
 */
static int element(config_setting_t **cur, const char *seg, const char *key,
                   const struct fs_override *o, const struct fs__edits *ed, uintptr_t hook,
                   struct fs_diag *d)
{
    config_setting_t *l = *cur;
    int n = config_setting_length(l);
    int root = config_setting_parent(l) != NULL && config_setting_is_root(config_setting_parent(l));
    struct fs__near nr;

    if (key[0] >= '0' && key[0] <= '9') {
        char *end;
        unsigned long long idx;
        errno = 0;
        idx = strtoull(key, &end, 10);
        if (*end != '\0')
            return ov_err(d, o, "bad index [%s]: expected a number or a name", key);
        if (errno != 0 || idx >= (unsigned long long)n)
            return fs__ov_error(d, o, "no element [%s] in '%s' (it has %d, from [0])", key, seg,
                              n);
        *cur = config_setting_get_elem(l, (unsigned)idx);
        return FS_OK;
    }
    fs__near_init(&nr, key);
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        const char *nm = NULL;
        /* Elements are keyed by `name`; export rules by `id`. */
        if (!config_setting_is_group(e) || (!config_setting_lookup_string(e, "name", &nm) &&
                                            !config_setting_lookup_string(e, "id", &nm)))
            continue;
        if (strcmp(nm, key) == 0) {
            *cur = e;
            return FS_OK;
        }
        fs__near_try(&nr, nm);
    }
    if (root && builtin_key(ed, seg, key) != NULL) {
        if ((*cur = materialise(l, seg, key, hook)) == NULL)
            return FS_ENOMEM;
        return FS_OK;
    }
    if (root)
        near_builtins(ed, seg, &nr);
    if (nr.best != NULL)
        return fs__ov_error(d, o, "no element [%s] in '%s' (did you mean [%s]?)", key, seg,
                          nr.best);
    return fs__ov_error(d, o, "no element [%s] in '%s'", key, seg);
}

/* Checks that the path holds printable UTF-8 and fits; copies it to buf. */
static int copy_path(const struct fs_override *o, char *buf, size_t len, struct fs_diag *d)
{
    size_t pl = strlen(o->path), bad = fs__first_unprintable(o->path);

    if (pl == 0)
        return ov_err(d, o, "empty setting path: expected PATH=VALUE, e.g. jobs[0].mfu=0.4");
    if (pl >= len)
        return ov_err(d, o, "setting path too long: at most %zu bytes (got %zu)", len - 1, pl);
    if (bad < pl)
        return ov_err(d, o, "bad setting path: byte \\x%02x at offset %zu is not printable UTF-8",
                      (unsigned char)o->path[bad], bad);
    memcpy(buf, o->path, pl + 1);
    return FS_OK;
}

/*
 * Walks path o->path (copied into buf). A path is names joined by dots; a
 * list element is `[N]` or `[name]` after the list's name:
 * jobs[v3_pretrain].mfu. On success either *leaf is the last name and *cur
 * the group that holds (or will hold) it, or the path ends in ']', *leaf is
 * NULL and *cur is that element. A root list `export_rules` or `chips`
 * absent from the file is created when a built-in element is named.
 */
int fs__walk(config_t *cfg, const struct fs_override *o, const struct fs__edits *ed,
             uintptr_t hook, char *buf, size_t len, config_setting_t **cur, char **leaf,
             struct fs_diag *d)
{
    char *p, *seg;
    int rc;

    *cur = config_root_setting(cfg);
    *leaf = NULL;
    if ((rc = copy_path(o, buf, len, d)) != FS_OK)
        return rc;
    for (p = buf; (seg = p) != NULL;) {
        char *dot = strchr(p, '.'), *br;
        int last;
        if (dot != NULL)
            *dot = '\0';
        p = dot ? dot + 1 : NULL;
        last = p == NULL;
        br = strchr(seg, '[');
        if (br != NULL)
            *br = '\0';
        if (!valid_name(seg))
            return ov_err(d, o, "bad setting path: '%s' is not a setting name (a letter, then "
                                "letters, digits, '-' or '_'); expected e.g. jobs[0].mfu", seg);
        if (last && br == NULL) {
            if (!config_setting_is_group(*cur))
                return fs__ov_error(d, o, "'%s' is not inside a group", seg);
            *leaf = seg;
            return FS_OK;
        }
        if (br != NULL && config_setting_is_root(*cur) &&
            config_setting_get_member(*cur, seg) == NULL && builtin_key(ed, seg, NULL) != NULL &&
            config_setting_add(*cur, seg, CONFIG_TYPE_LIST) == NULL)
            return FS_ENOMEM;
        if ((rc = member(cur, seg, o, d)) != FS_OK)
            return rc;
        while (br != NULL) {
            char *close = strchr(br + 1, ']'), *key = br + 1;
            if (close == NULL)
                return ov_err(d, o, "bad setting path: '[' without ']'");
            if (!config_setting_is_aggregate(*cur))
                return fs__ov_error(d, o, "'%s' is not a list: it has no [%.*s]", seg,
                                  (int)(close - key), key);
            *close = '\0';
            if (key[0] == '\0')
                return ov_err(d, o, "bad setting path: empty []");
            if ((rc = element(cur, seg, key, o, ed, hook, d)) != FS_OK)
                return rc;
            br = close[1] == '[' ? close + 1 : NULL;
            if (br == NULL && close[1] != '\0')
                return ov_err(d, o, "bad setting path: expected '.' or '[' after ']'");
        }
        if (last)
            return FS_OK;
    }
    return FS_OK;
}

/*
 * Settings that apply to one ownership only are dropped from cluster g when
 * an override switches it to the other: a strategy can then rent what the
 * file owns (and the other way round) with one setting, and the loader
 * checks what the new ownership needs as it does for the file.
 */
static void switch_ownership(config_setting_t *g, const char *was)
{
    static const char *const owned[] = {"capex_usd_per_gpu", "amortization_years", NULL};
    config_setting_t *l = config_setting_parent(g);
    const char *to = NULL;
    /* `to` is the value as stored: "rented" written with quotes or
     * without is the same string here. */
    if (l == NULL || config_setting_name(l) == NULL ||
        strcmp(config_setting_name(l), "clusters") != 0 ||
        !config_setting_is_root(config_setting_parent(l)) || was[0] == '\0' ||
        !config_setting_lookup_string(g, "ownership", &to) || strcmp(was, to) == 0 ||
        strcmp(to, "rented") != 0)
        return;
    for (size_t i = 0; owned[i] != NULL; i++)
        if (config_setting_get_member(g, owned[i]) != NULL)
            config_setting_remove(g, owned[i]);
    for (size_t i = 0; fs__owned_only[i] != NULL; i++)
        if (config_setting_get_member(g, fs__owned_only[i]) != NULL)
            config_setting_remove(g, fs__owned_only[i]);
}

/* Applies one override: path=value, a removal or an addition. */
int fs__apply_override(config_t *cfg, const struct fs_override *o, uintptr_t hook,
                       struct fs__edits *ed, struct fs_diag *d)
{
    char buf[PATH_MAX_BYTES], *leaf;
    config_setting_t *cur;
    int rc;

    if (o->value == fs_override_remove)
        return fs__remove(cfg, o, hook, ed, d);
    if (o->value == fs_override_add)
        return fs__add(cfg, o, hook, ed, d);
    if ((rc = fs__walk(cfg, o, ed, hook, buf, sizeof(buf), &cur, &leaf, d)) != FS_OK)
        return rc;
    if (leaf == NULL)
        return fs__ov_error(d, o, "path must end with a setting name, not a group or list");
    if (strcmp(leaf, "ownership") == 0) {
        /* The old value, copied: setting the new one replaces the member. */
        const char *was = NULL;
        char old[32] = "";
        if (config_setting_is_group(cur) && config_setting_lookup_string(cur, leaf, &was))
            snprintf(old, sizeof(old), "%s", was);
        if ((rc = set_value(cur, leaf, o, hook, d)) == FS_OK)
            switch_ownership(cur, old);
        return rc;
    }
    return set_value(cur, leaf, o, hook, d);
}

const char fs_override_remove[] = "(remove)", fs_override_add[] = "(add)";
