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

#include "cfg_internal.h"
#include "internal.h"

/* Adds or replaces member `name` of group parent with the typed value. */
/* An error in applying an override: a usage error on the command line, a
 * scenario error (naming its line) in a strategy. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int ov_err(struct fs_diag *d, const struct fs_override *o, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (o->origin_file != NULL)
        return fs_diag_set(d, FS_ESCENARIO, o->origin_file, o->origin_line, o->origin_setting,
                           "'%s': %s", o->path, msg);
    return fs_diag_set(d, FS_EUSAGE, "--set", 0, o->path, "%s", msg);
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

    if (old != NULL) {
        if (config_setting_is_aggregate(old)) {
            ov_err(d, o, "cannot replace a group or list with a value");
            return NULL;
        }
        config_setting_remove(parent, name);
    }
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
        char buf[FS_TEXT_MAX];
        snprintf(buf, sizeof(buf), "%.*s", (int)(vl - 2), value + 1);
        return config_setting_set_string(s, buf) ? s : NULL;
    }
    return config_setting_set_string(s, value) ? s : NULL;
}

static int set_value(config_setting_t *parent, const char *name, const struct fs_override *o,
                     uintptr_t hook, struct fs_diag *d)
{
    config_setting_t *s = set_typed(parent, name, o, d);
    if (s == NULL)
        return d->set ? (o->origin_file ? FS_ESCENARIO : FS_EUSAGE) : FS_ENOMEM;
    config_setting_set_hook(s, (void *)hook);
    return FS_OK;
}


/*
 * Applies `path=value`. A path is names joined by dots; a list element is
 * `[N]` or `[name]` after the list's name: jobs[v3_pretrain].mfu.
 */
int fs__apply_override(config_t *cfg, const struct fs_override *o, uintptr_t hook,
                          struct fs_diag *d)
{
    char buf[256], *p, *seg;
    config_setting_t *cur = config_root_setting(cfg);

    if (strlen(o->path) >= sizeof(buf) || o->path[0] == '\0')
        return ov_err(d, o, "bad setting path");
    memcpy(buf, o->path, strlen(o->path) + 1);
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
        if (seg[0] == '\0')
            return ov_err(d, o, "bad setting path");
        if (last && br == NULL) {
            if (!config_setting_is_group(cur))
                return ov_err(d, o, "'%s' is not inside a group", seg);
            return set_value(cur, seg, o, hook, d);
        }
        cur = config_setting_get_member(cur, seg);
        if (cur == NULL)
            return ov_err(d, o, "no setting '%s' in the scenario", seg);
        while (br != NULL) {
            char *close = strchr(br + 1, ']'), *key = br + 1, *end;
            config_setting_t *next = NULL;
            long idx;
            if (close == NULL || !config_setting_is_aggregate(cur))
                return ov_err(d, o, "bad setting path");
            *close = '\0';
            idx = strtol(key, &end, 10);
            if (*key != '\0' && *end == '\0') {
                if (idx >= 0)
                    next = config_setting_get_elem(cur, (unsigned)idx);
            } else {
                for (int i = 0; i < config_setting_length(cur) && !next; i++) {
                    config_setting_t *e = config_setting_get_elem(cur, (unsigned)i);
                    const char *nm = NULL;
                    if (config_setting_is_group(e) &&
                        config_setting_lookup_string(e, "name", &nm) &&
                        strcmp(nm, key) == 0)
                        next = e;
                }
            }
            if (next == NULL)
                return ov_err(d, o, "no element [%s] in '%s'", key, seg);
            cur = next;
            br = close[1] == '[' ? close + 1 : NULL;
            if (br == NULL && close[1] != '\0')
                return ov_err(d, o, "bad setting path");
        }
        if (last)
            return ov_err(d, o, "path must end with a setting name");
    }
    return FS_OK;
}
