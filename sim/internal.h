/*
 * internal.h - declarations shared between fleetsim's own source files and
 * not part of the public headers.
 */
#ifndef FLEETSIM_INTERNAL_H
#define FLEETSIM_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>

/* An invariant was violated: a bug in fleetsim, never a user error. */
#define FS_BUG(...)                                                           \
    do {                                                                      \
        fprintf(stderr, "fleetsim: BUG at %s:%d: ", __FILE__, __LINE__);      \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)

#endif
