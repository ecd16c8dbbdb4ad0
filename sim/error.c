/*
 * error.c - error strings and the first-error diagnostic record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/error.h"

const char *fs_strerror(int err)
{
    switch (err) {
    case FS_OK:
        return "success";
#define XX(name, msg)                                                         \
    case FS_E##name:                                                          \
        return msg;
        FS_ERR_MAP(XX)
#undef XX
    }
    return "unknown error";
}

void fs_diag_clear(struct fs_diag *d)
{
    memset(d, 0, sizeof(*d));
}

int fs_diag_set(struct fs_diag *d, int err, const char *file, unsigned line,
                const char *setting, const char *fmt, ...)
{
    va_list ap;

    if (d == NULL || d->set)
        return err;
    d->set = 1;
    snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
    d->line = line;
    snprintf(d->setting, sizeof(d->setting), "%s", setting ? setting : "");
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
    va_end(ap);
    return err;
}

static void print_as(const struct fs_diag *d, FILE *out, const char *kind)
{
    fprintf(out, "fleetsim: %s", kind);
    if (d->file[0] != '\0') {
        /* No line (a whole file, or a setting given with --set): file alone. */
        if (d->line > 0)
            fprintf(out, "%s:%u: ", d->file, d->line);
        else
            fprintf(out, "%s: ", d->file);
    }
    if (d->setting[0] != '\0')
        fprintf(out, "%s: ", d->setting);
    fprintf(out, "%s\n", d->msg[0] ? d->msg : "unknown error");
}

void fs_diag_print(const struct fs_diag *d, FILE *out)
{
    print_as(d, out, "");
}

void fs_diag_warn(const struct fs_diag *d, FILE *out)
{
    print_as(d, out, "warning: ");
}

char *fs_xprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (p = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
