/*
 * lint.h - warnings about scenarios that are valid but probably not what
 * their author meant.
 */
#ifndef FLEETSIM_LINT_H
#define FLEETSIM_LINT_H

#include <stdio.h>

struct fs_scenario;

/* Prints one "fleetsim: warning: ..." line per finding to out and returns
 * their number. */
int fs_scenario_lint(const struct fs_scenario *s, FILE *out);

/* The same, each warning naming the variant it is about (NULL: none). */
int fs_scenario_lint_variant(const struct fs_scenario *s, const char *variant, FILE *out);

#endif
