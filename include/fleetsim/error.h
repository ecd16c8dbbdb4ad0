/*
 * error.h - error codes and the diagnostic record every fallible fleetsim
 * function fills.
 *
 * Library functions return int: FS_OK (0) or a negative FS_E* code. Details
 * go into a caller-owned struct fs_diag; only the first error is kept, so the
 * innermost, most specific message wins (as with curl's error buffer).
 */
#ifndef FLEETSIM_ERROR_H
#define FLEETSIM_ERROR_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* XX(NAME, message): the one table behind the enum and fs_strerror(). */
#define FS_ERR_MAP(XX)                                                        \
    XX(NOMEM, "out of memory")                                                \
    XX(IO, "input/output error")                                              \
    XX(SCENARIO, "invalid scenario")                                          \
    XX(RANGE, "value out of range")                                           \
    XX(GSL, "numerical library error")                                        \
    XX(PLOT, "chart rendering failed")                                        \
    XX(USAGE, "invalid usage")

enum fs__err_index {
#define XX(name, msg) FS__ERRIDX_##name,
    FS_ERR_MAP(XX)
#undef XX
    FS__ERR_COUNT
};

enum fs_err {
    FS_OK = 0,
#define XX(name, msg) FS_E##name = -1 - FS__ERRIDX_##name,
    FS_ERR_MAP(XX)
#undef XX
};

/* Returns a static, lower-case description of an FS_E* code. */
const char *fs_strerror(int err);

/*
 * Where and what went wrong. file and setting may be empty; line 0 means
 * unknown. set is non-zero once a message has been recorded.
 */
struct fs_diag {
    char file[256];
    unsigned line;
    char setting[128];
    char msg[512];
    int set;
};

/* Clears a diagnostic record so it can take a new first error. */
void fs_diag_clear(struct fs_diag *d);

/*
 * Records an error (if none is recorded yet) and returns err, so call sites
 * read `return fs_diag_set(d, FS_ESCENARIO, file, line, path, "...", ...)`.
 * file and setting may be NULL.
 */
int fs_diag_set(struct fs_diag *d, int err, const char *file, unsigned line,
                const char *setting, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/*
 * Writes the record as one GNU-style line:
 *   "fleetsim: FILE:LINE: SETTING: MESSAGE\n"
 * Line 0 (a whole file, or a setting given with --set) prints the file
 * alone; an empty file or setting is left out.
 */
void fs_diag_print(const struct fs_diag *d, FILE *out);

/* The same line as a warning: "fleetsim: warning: FILE: ...". */
void fs_diag_warn(const struct fs_diag *d, FILE *out);

/* printf into memory of the string's own size: never truncated. The
 * caller frees it; NULL when out of memory. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
char *fs_xprintf(const char *fmt, ...);

/* An invariant was violated: a bug in fleetsim, never a user error. */
#define FS_BUG(...)                                                           \
    do {                                                                      \
        fprintf(stderr, "fleetsim: BUG at %s:%d: ", __FILE__, __LINE__);      \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)

#endif
