/*
 * cfg.c - the loader's table-driven settings layer: the reading context,
 * scenario errors (file:line: path: message), value descriptions, the
 * generic field reader and group reader, lists, names and distributions.
 *
 * This and the loader/cfg_*.c section loaders are the only files that include
 * <libconfig.h>. Each section's settings are rows of a table (name, type,
 * bounds, unit, doc); one generic reader checks type, range and unknown
 * names and produces one uniform message, `FILE:LINE: path.to.setting: what
 * is wrong (got X)`. The same tables print the settings reference
 * (--list-params, loader/cfg_params.c).
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

static const char *const dist_kind_choices[] = {"fixed", "uniform", "lognormal", "beta", NULL};

/* A distribution as written: { distribution = "uniform"; low = 0.2; high = 0.5; } */
struct dist_raw {
    int kind;
    double value, low, high, mean, cv, a, b;
};

#define DR(f) offsetof(struct dist_raw, f)
static const struct fs__field dist_fields[] = {
    {"distribution", F_ENUM, F_REQUIRED, 0, 0, DR(kind), "", "the family", dist_kind_choices},
    {"value", F_DOUBLE, 0, -1e12, 1e12, DR(value), "", "fixed: the value", NULL},
    {"low", F_DOUBLE, 0, -1e12, 1e12, DR(low), "", "uniform: lower end", NULL},
    {"high", F_DOUBLE, 0, -1e12, 1e12, DR(high), "", "uniform: upper end", NULL},
    {"mean", F_DOUBLE, F_MIN_EXCL, 0, 1e12, DR(mean), "", "lognormal: mean", NULL},
    {"cv", F_DOUBLE, 0, 0, 100, DR(cv), "", "lognormal: coefficient of variation", NULL},
    {"a", F_DOUBLE, F_MIN_EXCL, 0, 1e6, DR(a), "", "beta: first shape (mean a / (a + b))", NULL},
    {"b", F_DOUBLE, F_MIN_EXCL, 0, 1e6, DR(b), "", "beta: second shape", NULL},
};
const struct fs__table fs__dist_table = {"distributions (a number, or a group)", dist_fields, NFIELDS(dist_fields)};

void fs__path_of(const config_setting_t *s, char *buf, size_t len)
{
    enum { DEPTH = 32 }; /* the innermost levels named; deeper ones show as "..." */
    const config_setting_t *chain[DEPTH];
    size_t n = 0, used = 0;

    buf[0] = '\0';
    for (; s != NULL && config_setting_parent(s) != NULL && n < DEPTH;
         s = config_setting_parent(s))
        chain[n++] = s;
    /* "..", then the first name's "." separator: "...a.b" */
    if (s != NULL && config_setting_parent(s) != NULL && len > 2) {
        memcpy(buf, "..", 3);
        used = 2;
    }
    while (n-- > 0) {
        const config_setting_t *c = chain[n];
        const char *nm = config_setting_name(c);
        int w;
        if (nm != NULL)
            w = snprintf(buf + used, len - used, "%s%s", used ? "." : "", nm);
        else
            w = snprintf(buf + used, len - used, "[%d]", config_setting_index(c));
        if (w < 0 || (size_t)w >= len - used)
            return;
        used += (size_t)w;
    }
}

static const char *file_of(const struct fs__ctx *cx, const config_setting_t *s)
{
    const char *f = config_setting_source_file(s);
    if (f != NULL)
        return f;
    /* Settings added by --set carry neither file nor line. */
    return config_setting_source_line(s) > 0 ? cx->name : "--set";
}

/* The override that created setting s (hook = its index + 1), if any. */
static const struct fs_override *override_of(const struct fs__ctx *cx, const config_setting_t *s)
{
    uintptr_t h = (uintptr_t)config_setting_get_hook(s);
    if (config_setting_source_line(s) > 0 || h == 0 || h > cx->nov)
        return NULL;
    return &cx->ov[h - 1];
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int fs__err_at(const struct fs__ctx *cx, const config_setting_t *s,
                  const char *fmt, ...)
{
    char path[128], msg[512], where[160];
    const struct fs_override *o = override_of(cx, s);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fs__path_of(s, path, sizeof(path));
    /* A value set by a strategy: point at the strategy's line. */
    if (o != NULL && o->origin_file != NULL) {
        snprintf(where, sizeof(where), "%s (%s)", o->origin_setting, path);
        return fs_diag_set(cx->diag, FS_ESCENARIO, o->origin_file, o->origin_line, where, "%s",
                           msg);
    }
    /* A value --set wrote: name it as typed (export_rules[us-2023-10].
     * effective_date, not the index the element has in the tree). */
    if (o != NULL && o->path != NULL && fs__printable(o->path) && strlen(o->path) < sizeof(path) &&
        config_setting_get_hook(s) != NULL && !config_setting_is_aggregate(s))
        snprintf(path, sizeof(path), "%s", o->path);
    return fs_diag_set(cx->diag, FS_ESCENARIO, file_of(cx, s),
                       config_setting_source_line(s), path, "%s", msg);
}

size_t fs__utf8_seq(const unsigned char *p)
{
    unsigned char c = p[0];
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    /* RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if (p[k] < 0x80 || p[k] > 0xbf)
            return 0;
    return n;
}

/* A byte a string setting may not hold: a control byte. */
static int is_control(unsigned char ch)
{
    return ch < 0x20 || ch == 0x7f;
}

/*
 * A quoted string within buf[len]: control bytes and bytes that are not
 * UTF-8 written as \xNN, whole UTF-8 sequences only, and `...` when it is
 * cut. Every write is checked against the room left for `..."` and the NUL.
 */
void fs__quote(const char *v, char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)v;
    const size_t tail = 5; /* `..."` and the NUL */
    size_t o = 0;

    if (len < tail + 2) {
        if (len > 0)
            buf[0] = '\0';
        return;
    }
    buf[o++] = '"';
    while (*p) {
        size_t n = is_control(*p) ? 0 : fs__utf8_seq(p);
        size_t need = n == 0 ? 4 : n;
        if (o + need + tail > len)
            break;
        if (n == 0) {
            snprintf(buf + o, len - o, "\\x%02x", *p);
            n = 1;
        } else {
            memcpy(buf + o, p, n);
        }
        o += need;
        p += n;
    }
    if (*p) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '"';
    buf[o] = '\0';
}

size_t fs__first_unprintable(const char *v)
{
    const unsigned char *p = (const unsigned char *)v;
    size_t i = 0;
    while (p[i] != '\0') {
        size_t n = is_control(p[i]) ? 0 : fs__utf8_seq(p + i);
        if (n == 0)
            return i;
        i += n;
    }
    return i;
}

int fs__printable(const char *v)
{
    return v[fs__first_unprintable(v)] == '\0';
}

int fs__check_values(const struct fs__ctx *cx, const config_setting_t *s)
{
    char got[96];
    int rc;

    if (config_setting_is_aggregate(s)) {
        for (int i = 0; i < config_setting_length(s); i++)
            if ((rc = fs__check_values(cx, config_setting_get_elem(s, (unsigned)i))) != FS_OK)
                return rc;
        return FS_OK;
    }
    if (config_setting_type(s) == CONFIG_TYPE_FLOAT && !isfinite(config_setting_get_float(s))) {
        fs__describe(s, got, sizeof(got));
        return fs__err_at(cx, s, "expected a finite number (got %s)", got);
    }
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        size_t i = fs__first_unprintable(v);
        unsigned char ch = (unsigned char)v[i];
        if (ch != '\0') {
            fs__describe(s, got, sizeof(got));
            return fs__err_at(cx, s, "%s byte \\x%02x at offset %zu: strings must be "
                              "printable UTF-8 (got %s)",
                              is_control(ch) ? "control" : "invalid UTF-8", ch, i, got);
        }
    }
    return FS_OK;
}

/* Describes a setting's value for "(got X)". */
void fs__describe(const config_setting_t *s, char *buf, size_t len)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        snprintf(buf, len, "%lld", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT: {
        /* The shortest form that reads back as the same double. */
        double v = config_setting_get_float(s);
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        break;
    }
    case CONFIG_TYPE_BOOL:
        snprintf(buf, len, "%s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_STRING:
        fs__quote(config_setting_get_string(s), buf, len);
        break;
    case CONFIG_TYPE_GROUP:
        snprintf(buf, len, "a group");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, len, "a list");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, len, "an array");
        break;
    default:
        snprintf(buf, len, "nothing");
    }
}

int fs__is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

double fs__number_of(const config_setting_t *s)
{
    return config_setting_type(s) == CONFIG_TYPE_FLOAT
               ? config_setting_get_float(s)
               : (double)config_setting_get_int64(s);
}

/* Levenshtein distance of two short names, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

void fs__near_init(struct fs__near *nr, const char *name)
{
    nr->name = name;
    nr->best = NULL;
    nr->d = 3; /* suggest only close matches */
}

void fs__near_try(struct fs__near *nr, const char *candidate)
{
    size_t d = edit_distance(nr->name, candidate);
    /* A distance as long as either name is no resemblance ("XX" -> "CN"). */
    if (d < nr->d && d < strlen(nr->name) && d < strlen(candidate)) {
        nr->d = d;
        nr->best = candidate;
    }
}

const char *fs__closest(const char *name, const struct fs__field *f, size_t n)
{
    struct fs__near nr;
    fs__near_init(&nr, name);
    for (size_t i = 0; i < n; i++)
        fs__near_try(&nr, f[i].name);
    return nr.best;
}

int fs__find_name(const struct fs__ctx *cx, const config_setting_t *s, const char *what,
                  const char *name, const void *base, size_t n, size_t stride, size_t off,
                  const char *hint)
{
    struct fs__near nr;
    fs__near_init(&nr, name);
    for (size_t i = 0; i < n; i++) {
        const char *cand = (const char *)base + i * stride + off;
        if (strcmp(cand, name) == 0)
            return (int)i;
        fs__near_try(&nr, cand);
    }
    if (nr.best != NULL)
        return fs__err_at(cx, s, "unknown %s '%s' (did you mean '%s'?)", what, name, nr.best);
    return fs__err_at(cx, s, "unknown %s '%s'%s", what, name, hint ? hint : "");
}

static void range_text(const struct fs__field *f, char *buf, size_t len)
{
    if (f->flags & F_MIN_EXCL)
        snprintf(buf, len, "must be > %.15g and <= %.15g", f->min, f->max);
    else
        snprintf(buf, len, "must be between %.15g and %.15g", f->min, f->max);
}

/* ---- the generic reader ---------------------------------------------- */

/*
 * Reads one field's value into target. Type and range are checked here;
 * F_SPECIAL fields are left to the caller.
 */
static int read_field(const struct fs__ctx *cx, const config_setting_t *s,
                      const struct fs__field *f, void *target)
{
    char got[96], rng[96];
    char *dst = (char *)target + f->offset;

    fs__describe(s, got, sizeof(got));
    switch (f->type) {
    case F_DOUBLE: {
        double v;
        if (!fs__is_number(s))
            return fs__err_at(cx, s, "expected a number (got %s)", got);
        v = fs__number_of(s);
        if (!isfinite(v) || v < f->min || v > f->max ||
            ((f->flags & F_MIN_EXCL) && !(v > f->min))) {
            range_text(f, rng, sizeof(rng));
            return fs__err_at(cx, s, "%s (got %s)", rng, got);
        }
        memcpy(dst, &v, sizeof(v));
        return FS_OK;
    }
    case F_INT: {
        long long v;
        int iv;
        if (config_setting_type(s) != CONFIG_TYPE_INT &&
            config_setting_type(s) != CONFIG_TYPE_INT64)
            return fs__err_at(cx, s, "expected an integer (got %s)", got);
        v = config_setting_get_int64(s);
        if ((double)v < f->min || (double)v > f->max ||
            ((f->flags & F_MIN_EXCL) && !((double)v > f->min))) {
            range_text(f, rng, sizeof(rng));
            return fs__err_at(cx, s, "%s (got %s)", rng, got);
        }
        iv = (int)v;
        memcpy(dst, &iv, sizeof(iv));
        return FS_OK;
    }
    case F_NAME:
    case F_TEXT:
    case F_STATUS: {
        size_t cap = f->type == F_NAME ? FS_NAME_MAX
                     : f->type == F_TEXT ? FS_TEXT_MAX
                                         : 16;
        const char *v;
        if (config_setting_type(s) != CONFIG_TYPE_STRING)
            return fs__err_at(cx, s, "expected a string (got %s)", got);
        v = config_setting_get_string(s);
        if (f->type == F_NAME && v[0] == '\0')
            return fs__err_at(cx, s, "must not be empty");
        if (strlen(v) >= cap)
            return fs__err_at(cx, s, "too long: at most %zu bytes (got %zu)",
                              cap - 1, strlen(v));
        memcpy(dst, v, strlen(v) + 1);
        return FS_OK;
    }
    case F_DATE: {
        fs_date d;
        int e = FS_DATE_EFORMAT;
        if (config_setting_type(s) != CONFIG_TYPE_STRING ||
            (e = fs_date_parse(config_setting_get_string(s), &d)) != 0)
            return fs__err_at(cx, s, "%s (got %s)", fs_date_strerror(e), got);
        memcpy(dst, &d, sizeof(d));
        return FS_OK;
    }
    case F_ENUM: {
        char list[160];
        size_t o = 0;
        if (config_setting_type(s) == CONFIG_TYPE_STRING) {
            const char *v = config_setting_get_string(s);
            for (int i = 0; f->choices[i] != NULL; i++) {
                if (strcmp(v, f->choices[i]) == 0) {
                    memcpy(dst, &i, sizeof(i));
                    return FS_OK;
                }
            }
        }
        list[0] = '\0';
        for (int i = 0; f->choices[i] != NULL && o < sizeof(list); i++)
            o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\"%s\"",
                                  i ? ", " : "", f->choices[i]);
        return fs__err_at(cx, s, "expected one of %s (got %s)", list, got);
    }
    case F_BOOL: {
        int v;
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return fs__err_at(cx, s, "expected true or false (got %s)", got);
        v = config_setting_get_bool(s);
        memcpy(dst, &v, sizeof(v));
        return FS_OK;
    }
    case F_SPECIAL:
        return FS_OK;
    }
    return FS_OK;
}

/*
 * Reads every member of group g against the table: unknown names and bad
 * values are errors; required fields must be present. seen[i] (may be NULL)
 * is set for each field found.
 */
int fs__read_group(const struct fs__ctx *cx, const config_setting_t *g,
                      const struct fs__field *fields, size_t nf, void *target,
                      unsigned char *seen)
{
    unsigned char local[32] = {0};
    char got[96];

    if (seen == NULL)
        seen = local;
    if (!config_setting_is_group(g)) {
        fs__describe(g, got, sizeof(got));
        return fs__err_at(cx, g, "expected a group { ... } (got %s)", got);
    }
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *nm = config_setting_name(m);
        size_t k;
        int rc;
        for (k = 0; k < nf; k++)
            if (strcmp(fields[k].name, nm) == 0)
                break;
        if (k == nf) {
            const char *near = fs__closest(nm, fields, nf);
            if (near != NULL)
                return fs__err_at(cx, m, "unknown setting (did you mean '%s'?)", near);
            return fs__err_at(cx, m, "unknown setting");
        }
        if ((rc = read_field(cx, m, &fields[k], target)) != FS_OK)
            return rc;
        seen[k] = 1;
    }
    for (size_t k = 0; k < nf; k++)
        if ((fields[k].flags & F_REQUIRED) && !seen[k])
            return fs__err_at(cx, g, "missing required setting '%s'", fields[k].name);
    return FS_OK;
}

size_t fs__field_index(const struct fs__field *f, size_t nf, const char *name)
{
    for (size_t i = 0; i < nf; i++)
        if (strcmp(f[i].name, name) == 0)
            return i;
    FS_BUG("no field '%s' in table", name);
}

/* A string-valued special field; NULL with an error if it is not a string. */
const char *fs__get_string(const struct fs__ctx *cx, const config_setting_t *g,
                              const char *name, int *rc)
{
    const config_setting_t *s = config_setting_get_member(g, name);
    char got[96];
    *rc = FS_OK;
    if (s == NULL)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        fs__describe(s, got, sizeof(got));
        *rc = fs__err_at(cx, s, "expected a string (got %s)", got);
        return NULL;
    }
    return config_setting_get_string(s);
}

/* A list of groups, or an error naming what was there instead. */
int fs__expect_list(const struct fs__ctx *cx, const config_setting_t *s)
{
    char got[96];
    if (config_setting_is_list(s))
        return FS_OK;
    if (config_setting_is_array(s) && config_setting_length(s) == 0)
        return FS_OK; /* `[]` is an empty list too */
    fs__describe(s, got, sizeof(got));
    return fs__err_at(cx, s, "expected a list ( {...}, ... ) (got %s)", got);
}

int fs__read_list(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                  unsigned flags, size_t max, const config_setting_t **list, size_t *n)
{
    return fs__read_array(cx, parent, name, flags, max, list, n, 0, NULL);
}

int fs__read_array(const struct fs__ctx *cx, const config_setting_t *parent, const char *name,
                   unsigned flags, size_t max, const config_setting_t **list, size_t *n,
                   size_t elem_size, void **array)
{
    const config_setting_t *l = config_setting_get_member(parent, name);
    char got[96];
    int rc;

    *list = NULL;
    *n = 0;
    if (array != NULL)
        *array = NULL;
    if (l == NULL) {
        if (flags & FS__LIST_REQUIRED)
            return fs_diag_set(cx->diag, FS_ESCENARIO, cx->name, 0, name,
                               "missing required list");
        return FS_OK;
    }
    if ((rc = fs__expect_list(cx, l)) != FS_OK)
        return rc;
    if ((size_t)config_setting_length(l) > max)
        return fs__err_at(cx, l, "at most %zu %s (got %d)", max, name,
                          config_setting_length(l));
    for (int i = 0; i < config_setting_length(l); i++) {
        const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        if (!config_setting_is_group(e)) {
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected a group { ... } (got %s)", got);
        }
    }
    *list = l;
    *n = (size_t)config_setting_length(l);
    /* One spare zeroed record, so an empty list still has an array. */
    if (array != NULL && (*array = calloc(*n + 1, elem_size)) == NULL)
        return FS_ENOMEM;
    return FS_OK;
}

int fs__chip_setting(const struct fs__ctx *cx, const config_setting_t *g,
                     const struct fs_catalog *cat, size_t *out)
{
    const char *v;
    int rc, idx;
    if ((v = fs__get_string(cx, g, "chip", &rc)) == NULL)
        return rc;
    if ((idx = FS__FIND(cx, config_setting_get_member(g, "chip"), "chip", v, cat->chips, cat->n,
                        struct fs_chip, " (see fleetsim --list-gpus)")) < 0)
        return idx;
    *out = (size_t)idx;
    return FS_OK;
}

/* Finds a named element in a list of groups, ignoring element `skip`. */
int fs__duplicate_name(const struct fs__ctx *cx, const config_setting_t *list,
                          int idx, const char *what)
{
    const config_setting_t *me = config_setting_get_elem(list, (unsigned)idx);
    const char *name = NULL;
    config_setting_lookup_string(me, "name", &name);
    for (int i = 0; i < idx; i++) {
        const char *other = NULL;
        config_setting_lookup_string(config_setting_get_elem(list, (unsigned)i),
                                     "name", &other);
        if (other != NULL && name != NULL && strcmp(other, name) == 0)
            return fs__err_at(cx, config_setting_get_member(me, "name"),
                              "duplicate %s name '%s' (first defined at %s[%d], line %d)",
                              what, name, config_setting_name(list), i,
                              config_setting_source_line(config_setting_get_elem(list, (unsigned)i)));
    }
    return FS_OK;
}


int fs__read_error(const config_t *cfg, const char *name, struct fs_diag *d)
{
    const char *f = config_error_file(cfg);
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
        return fs_diag_set(d, FS_EIO, name, 0, NULL, "cannot read file (%s)",
                           errno ? strerror(errno) : "I/O error");
    return fs_diag_set(d, FS_ESCENARIO, f ? f : name,
                       (unsigned)config_error_line(cfg), NULL, "%s",
                       config_error_text(cfg));
}

int fs__check_sections(const struct fs__ctx *cx, const config_t *cfg,
                          const char *const *allowed, size_t nallowed)
{
    const config_setting_t *root = config_root_setting(cfg);
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *m = config_setting_get_elem(root, (unsigned)i);
        const char *nm = config_setting_name(m);
        size_t k;
        for (k = 0; k < nallowed; k++)
            if (strcmp(allowed[k], nm) == 0)
                break;
        if (k == nallowed)
            return fs__err_at(cx, m, "unknown section");
    }
    return FS_OK;
}

/*
 * Reads an array (or list) of non-empty names into dst[max]. Absent: *n
 * is left alone. Returns FS_OK or an error naming the element.
 */
int fs__read_names(const struct fs__ctx *cx, const config_setting_t *a,
                      char dst[][FS_NAME_MAX], size_t max, size_t *n)
{
    char got[96];
    if (a == NULL)
        return FS_OK;
    if (!config_setting_is_array(a) && !config_setting_is_list(a)) {
        fs__describe(a, got, sizeof(got));
        return fs__err_at(cx, a, "expected an array of strings [\"...\"] (got %s)", got);
    }
    if ((size_t)config_setting_length(a) > max)
        return fs__err_at(cx, a, "at most %zu entries (got %d)", max, config_setting_length(a));
    for (int k = 0; k < config_setting_length(a); k++) {
        const config_setting_t *e = config_setting_get_elem(a, (unsigned)k);
        const char *v = config_setting_get_string(e);
        if (v == NULL || v[0] == '\0' || strlen(v) >= FS_NAME_MAX) {
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected a non-empty string of at most %d bytes (got %s)",
                              FS_NAME_MAX - 1, got);
        }
        snprintf(dst[k], FS_NAME_MAX, "%s", v);
    }
    *n = (size_t)config_setting_length(a);
    return FS_OK;
}


/*
 * A number (a fixed value) or a distribution group. The support must lie in
 * [lo, hi]: a probability cannot be lognormal, a delay cannot go negative.
 */
int fs__read_dist(const struct fs__ctx *cx, const config_setting_t *m, struct fs_dist *d,
                     double lo, double hi)
{
    struct dist_raw r;
    unsigned char seen[NFIELDS(dist_fields)] = {0};
    char got[96];
    int rc;

    if (fs__is_number(m)) {
        double v = fs__number_of(m);
        fs__describe(m, got, sizeof(got));
        if (!(v >= lo && v <= hi))
            return fs__err_at(cx, m, "must be between %.15g and %.15g (got %s)", lo, hi, got);
        *d = (struct fs_dist){FS_DIST_FIXED, v, 0.0};
        return FS_OK;
    }
    if (!config_setting_is_group(m)) {
        fs__describe(m, got, sizeof(got));
        return fs__err_at(cx, m, "expected a number or a distribution { distribution = ...; } (got %s)",
                          got);
    }
    memset(&r, 0, sizeof(r));
    if ((rc = fs__read_group(cx, m, dist_fields, NFIELDS(dist_fields), &r, seen)) != FS_OK)
        return rc;
    /* Which parameters each family takes. */
    static const char *const need[][3] = {{"value", NULL, NULL}, {"low", "high", NULL},
                                          {"mean", "cv", NULL}, {"a", "b", NULL}};
    for (size_t k = 1; k < NFIELDS(dist_fields); k++) {
        int wanted = 0;
        for (int q = 0; q < 3 && need[r.kind][q]; q++)
            wanted |= strcmp(need[r.kind][q], dist_fields[k].name) == 0;
        if (wanted && !seen[k])
            return fs__err_at(cx, m, "missing required setting '%s' (distribution \"%s\")",
                              dist_fields[k].name, dist_kind_choices[r.kind]);
        if (!wanted && seen[k])
            return fs__err_at(cx, config_setting_get_member(m, dist_fields[k].name),
                              "not a parameter of distribution \"%s\"", dist_kind_choices[r.kind]);
    }
    switch (r.kind) {
    case FS_DIST_FIXED:
        if (!(r.value >= lo && r.value <= hi))
            return fs__err_at(cx, config_setting_get_member(m, "value"),
                              "must be between %.15g and %.15g (got %.15g)", lo, hi, r.value);
        *d = (struct fs_dist){FS_DIST_FIXED, r.value, 0.0};
        break;
    case FS_DIST_UNIFORM:
        if (!(r.low >= lo && r.high <= hi && r.low <= r.high)) {
            if (isfinite(hi))
                return fs__err_at(cx, m, "needs %.15g <= low <= high <= %.15g (got low %.15g, "
                                     "high %.15g)", lo, hi, r.low, r.high);
            return fs__err_at(cx, m, "needs %.15g <= low <= high (got low %.15g, high %.15g)", lo,
                              r.low, r.high);
        }
        *d = (struct fs_dist){FS_DIST_UNIFORM, r.low, r.high};
        break;
    case FS_DIST_LOGNORMAL:
        if (lo > 0.0 || isfinite(hi))
            return fs__err_at(cx, m, "a lognormal is unbounded above; this setting must stay "
                                 "between %.15g and %.15g", lo, hi);
        *d = (struct fs_dist){FS_DIST_LOGNORMAL, r.mean, r.cv};
        break;
    case FS_DIST_BETA:
        if (lo > 0.0 || hi < 1.0)
            return fs__err_at(cx, m, "a beta lies on [0, 1]; this setting must stay between "
                                 "%.15g and %.15g", lo, hi);
        *d = (struct fs_dist){FS_DIST_BETA, r.a, r.b};
        break;
    }
    return FS_OK;
}

