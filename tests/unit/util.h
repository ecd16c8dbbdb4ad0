/* util.h - helpers shared by the unit tests. */
#ifndef FLEETSIM_TEST_UTIL_H
#define FLEETSIM_TEST_UTIL_H

#include "fleetsim/cfg.h"
#include "fleetsim/scenario.h"

/* A command-line style override {path, value}. */
#define OV(path, value) {(path), (value), NULL, 0, NULL}

/* Loads a scenario with the built-in catalog and rules; prints the
 * diagnostic and returns NULL on failure. */
struct fs_scenario *unit_load(const char *path, const struct fs_override *ov, size_t n);

/* The built-in catalog and rulebook, loaded once per process. */
const struct fs_catalog *unit_catalog(void);
const struct fs_rulebook *unit_rules(void);

/* The whole file DIR/NAME (NAME alone when dir is ""), malloc'ed and
 * NUL-terminated; NULL if it cannot be read. */
char *unit_slurp(const char *dir, const char *name);

/* Removes the files in dir, then dir (one level, as the tests' output
 * folders are). */
void unit_remove_dir(const char *dir);

#endif
