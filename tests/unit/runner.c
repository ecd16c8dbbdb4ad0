/*
 * runner.c - runs every test in list.h and prints TAP:
 *   ok 1 - name / not ok 2 - name / ok 3 - name # SKIP reason
 * then "# unit: N passed, M failed, K skipped". Exit status 1 if any failed.
 * `unit NAME...` runs only the named tests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "unit.h"

#define XX(name) void test_##name(void);
#include "list.h"
#undef XX

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
#define XX(name) {#name, test_##name},
#include "list.h"
#undef XX
};

static int failed_now, skipped_now;
static char skip_reason[256];

void unit_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    failed_now = 1;
    fprintf(stdout, "# %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

void unit_skip(const char *why)
{
    skipped_now = 1;
    snprintf(skip_reason, sizeof(skip_reason), "%s", why);
}

static int selected(const char *name, int argc, char **argv)
{
    if (argc <= 1)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int n = 0, pass = 0, fail = 0, skip = 0;
    size_t count = sizeof(tests) / sizeof(tests[0]);

    gsl_set_error_handler_off();
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < count; i++)
        n += selected(tests[i].name, argc, argv);
    printf("1..%d\n", n);
    n = 0;
    for (size_t i = 0; i < count; i++) {
        if (!selected(tests[i].name, argc, argv))
            continue;
        failed_now = skipped_now = 0;
        tests[i].fn();
        n++;
        if (failed_now) {
            fail++;
            printf("not ok %d - %s\n", n, tests[i].name);
        } else if (skipped_now) {
            skip++;
            printf("ok %d - %s # SKIP %s\n", n, tests[i].name, skip_reason);
        } else {
            pass++;
            printf("ok %d - %s\n", n, tests[i].name);
        }
    }
    printf("# unit: %d passed, %d failed, %d skipped\n", pass, fail, skip);
    return fail ? 1 : 0;
}
