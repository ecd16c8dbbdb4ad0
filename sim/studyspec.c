/*
 * studyspec.c - the command line's study specs: a --sweep's range (numbers
 * or dates) and --compare's ad-hoc routes, with the study they build.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/date.h"

/* FROM or TO of a sweep: a number, or a date (YYYY-MM-DD, as a day
 * number) when *dates is set; the text ends at ':'. -1 if neither. */
static int sweep_end(const char *p, double *x, int *dates, char **end)
{
    char day[11];
    fs_date d;
    if (strlen(p) >= 10 && (p[10] == ':' || p[10] == '\0')) {
        memcpy(day, p, 10);
        day[10] = '\0';
        if (fs_date_parse(day, &d) == 0) {
            *x = (double)d;
            *dates = 1;
            *end = (char *)p + 10;
            return 0;
        }
    }
    *x = strtod(p, end);
    *dates = 0;
    return *end == p ? -1 : 0;
}

/* Parses PATHS=FROM:TO:STEPS[:log]; FROM and TO both dates, or numbers. */
int fs_sweep_parse(const char *spec, char *paths, size_t len, double *from, double *to,
                       int *steps, int *log_scale, int *dates)
{
    const char *eq = strrchr(spec, '='), *tail;
    char *end;
    int d2;
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= len)
        return -1;
    snprintf(paths, len, "%.*s", (int)(eq - spec), spec);
    tail = eq + 1;
    if (sweep_end(tail, from, dates, &end) != 0 || *end != ':')
        return -1;
    if (sweep_end(end + 1, to, &d2, &end) != 0 || *end != ':' || d2 != *dates)
        return -1;
    {
        /* Checked before narrowing: 4294967298 must not become 2. */
        const char *p = end + 1;
        long n = strtol(p, &end, 10);
        if (end == p || n < 2 || n > 100)
            return -1;
        *steps = (int)n;
    }
    *log_scale = 0;
    if (strcmp(end, ":log") == 0)
        *log_scale = 1;
    else if (strcmp(end, ":linear") != 0 && *end != '\0')
        return -1;
    if (*steps < 2 || *steps > 100 || !isfinite(*from) || !isfinite(*to) || *from == *to)
        return -1;
    if (*log_scale && (*dates || !(*from > 0.0 && *to > 0.0)))
        return -1;
    /* Whole days, so the first and last date are exactly as given. */
    if (*dates && fabs(*to - *from) < (double)(*steps - 1))
        return -1;
    return 0;
}

/* s without leading and trailing spaces, in place. */
static char *trim(char *s)
{
    size_t n;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

#define ROUTE_SYNTAX "expected 'LABEL: set PATH=VALUE; remove PATH; ...'"

/* One clause of a route: "set PATH=VALUE" or "remove PATH". */
static int route_clause(char *c, struct fs_route *r, const char *spec, struct fs_diag *diag)
{
    char *p, *eq;
    int remove;
    c = trim(c);
    if (c[0] == '\0')
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "route '%s': empty clause between ';'s: " ROUTE_SYNTAX, r->label);
    remove = strncmp(c, "remove", 6) == 0 && isspace((unsigned char)c[6]);
    if (!remove && !(strncmp(c, "set", 3) == 0 && isspace((unsigned char)c[3])))
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "route '%s': a clause is 'set PATH=VALUE' or 'remove PATH' "
                           "(got '%s' in '%s')", r->label, c, spec);
    p = trim(c + (remove ? 6 : 3));
    eq = strchr(p, '=');
    if (remove ? (p[0] == '\0' || eq != NULL) : (eq == NULL || eq == p))
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "route '%s': expected '%s' (got '%s')", r->label,
                           remove ? "remove PATH" : "set PATH=VALUE", c);
    if (r->n >= FS_MAX_SETS)
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "route '%s': at most %d clauses", r->label, FS_MAX_SETS);
    if (eq != NULL) {
        *eq = '\0';
        r->ov[r->n] = (struct fs_override){trim(p), trim(eq + 1), NULL, 0, NULL};
    } else {
        r->ov[r->n] = (struct fs_override){p, fs_override_remove, NULL, 0, NULL};
    }
    r->n++;
    return FS_OK;
}

int fs_route_parse(const char *spec, struct fs_route *r, struct fs_diag *diag)
{
    const char *colon = strchr(spec, ':');
    char label[FS_TEXT_MAX], *p, *c, *next;
    int rc;

    memset(r, 0, sizeof(*r));
    if (strlen(spec) >= sizeof(r->text))
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "a route is at most %zu bytes (got %zu)", sizeof(r->text) - 1,
                           strlen(spec));
    if (colon == NULL)
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           ROUTE_SYNTAX " (no ':' after the label in '%s')", spec);
    snprintf(label, sizeof(label), "%.*s", (int)(colon - spec), spec);
    p = trim(label);
    if (p[0] == '\0' || strlen(p) >= sizeof(r->label) || strcmp(p, "baseline") == 0)
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           ROUTE_SYNTAX ": LABEL is 1 to %zu bytes and not 'baseline' "
                           "(got '%s')", sizeof(r->label) - 1, p);
    snprintf(r->label, sizeof(r->label), "%s", p);
    snprintf(r->where, sizeof(r->where), "route '%s'", p);
    snprintf(r->text, sizeof(r->text), "%s", colon + 1);
    if (trim(r->text)[0] == '\0')
        return fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                           "route '%s' changes nothing: " ROUTE_SYNTAX, r->label);
    /* A ';' closing the last clause is allowed. */
    p = r->text + strlen(r->text);
    while (p > r->text && isspace((unsigned char)p[-1]))
        p--;
    if (p > r->text && p[-1] == ';')
        p[-1] = '\0';
    for (c = r->text; c != NULL; c = next) {
        char *semi = strchr(c, ';');
        next = semi != NULL ? semi + 1 : NULL;
        if (semi != NULL)
            *semi = '\0';
        if ((rc = route_clause(c, r, spec, diag)) != FS_OK)
            return rc;
    }
    return FS_OK;
}

int fs_study_routes(struct fs_study *st, const char *path, const char *const *specs, size_t nspecs,
                    const struct fs_catalog *cat, const struct fs_rulebook *rules,
                    const struct fs_override *ov, size_t nov, struct fs_diag *diag)
{
    struct fs_route *r = calloc(nspecs + 1, sizeof(*r));
    int rc = FS_OK;

    memset(st, 0, sizeof(*st));
    if (r == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    /* Every spec is read before anything is loaded: a typo costs nothing. */
    for (size_t i = 0; rc == FS_OK && i < nspecs; i++) {
        rc = fs_route_parse(specs[i], &r[i], diag);
        for (size_t k = 0; rc == FS_OK && k < i; k++)
            if (strcmp(r[k].label, r[i].label) == 0)
                rc = fs_diag_set(diag, FS_EUSAGE, "--compare", 0, NULL,
                                 "two routes are labelled '%s'; labels name the variants",
                                 r[i].label);
    }
    for (size_t i = 0; rc == FS_OK && i < nspecs; i++)
        for (size_t k = 0; k < r[i].n; k++) {
            r[i].ov[k].origin_file = "--compare";
            r[i].ov[k].origin_setting = r[i].where;
        }
    if (rc == FS_OK)
        rc = fs_study_single(st, path, cat, rules, ov, nov, diag);
    st->routes = 1;
    for (size_t i = 0; rc == FS_OK && i < nspecs; i++) {
        rc = fs_study_add(st, path, r[i].label, cat, rules, ov, nov, r[i].ov, r[i].n, diag);
        /* An error of the file that only this route has: say which route. */
        if (rc != FS_OK && diag->set && strcmp(diag->file, "--compare") != 0 &&
            strlen(diag->msg) + 1 < sizeof(diag->msg))
            snprintf(diag->msg + strlen(diag->msg), sizeof(diag->msg) - strlen(diag->msg),
                     " (in route '%.64s')", r[i].label);
    }
    free(r);
    return rc;
}
