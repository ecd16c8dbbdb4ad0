/*
 * harness.h - what the two libFuzzer harnesses share: the built-in catalog
 * and rules (loaded once), the input split into a scenario text and its
 * `--set` overrides, and the one file per process the scenario is written
 * to (fs_scenario_load takes a path).
 *
 * Input format: the scenario text, then optionally a line that is exactly
 *   #--set
 * (a libconfig comment, so every scenario is a valid input as it is) and
 * one `PATH=VALUE` override per line after it, at most FZ_MAX_SETS.
 *
 * Header-only (static functions) so each harness is one translation unit;
 * only the public API of the library is used. Nothing is printed: errors
 * stay in struct fs_diag.
 */
#ifndef FLEETSIM_FUZZ_HARNESS_H
#define FLEETSIM_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "fleetsim/catalog.h"
#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/error.h"
#include "fleetsim/export.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/scenario.h"

#define FZ_SEPARATOR "\n#--set\n"
#define FZ_MAX_SETS 8

struct fz_input {
    char *buf;                          /* owns the override strings */
    struct fs_override ov[FZ_MAX_SETS + 1]; /* one spare for the harness */
    size_t nov;
};

static struct fs_catalog fz_cat;
static struct fs_rulebook fz_rules;
static char fz_path[64];

/*
 * The scenario file, reused by every input: created with mkstemp and
 * unlinked at once, then read through /proc/self/fd/N, so it is private to
 * this process and nothing is left behind however the process ends.
 */
static int fz_fd = -1;

static void fz_init(void)
{
    struct fs_diag diag;
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];

    gsl_set_error_handler_off();
    fs_diag_clear(&diag);
    if (fs_catalog_load_text(&fz_cat, fs_builtin_catalog, "models/chips.cfg", &diag) != FS_OK ||
        fs_rulebook_load_text(&fz_rules, fs_builtin_rules, "models/export_rules.cfg", &fz_cat,
                              &diag) != FS_OK) {
        fs_diag_print(&diag, stderr);
        abort();
    }
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    if (snprintf(tmpl, sizeof(tmpl), "%s/fleetsim-fuzz-XXXXXX", dir) >= (int)sizeof(tmpl) ||
        (fz_fd = mkstemp(tmpl)) < 0 || unlink(tmpl) != 0 ||
        snprintf(fz_path, sizeof(fz_path), "/proc/self/fd/%d", fz_fd) >= (int)sizeof(fz_path)) {
        perror("fleetsim-fuzz: scratch file");
        abort();
    }
}

/* Replaces the scratch file's contents with the n bytes at p. */
static int fz_write(const char *p, size_t n)
{
    size_t done = 0;

    if (ftruncate(fz_fd, 0) != 0)
        return -1;
    while (done < n) {
        ssize_t w = pwrite(fz_fd, p + done, n - done, (off_t)done);

        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* First occurrence of pat in the size bytes at p (which may hold NULs). */
static char *fz_find(char *p, size_t size, const char *pat)
{
    size_t n = strlen(pat);

    for (size_t i = 0; n <= size && i <= size - n; i++)
        if (memcmp(p + i, pat, n) == 0)
            return p + i;
    return NULL;
}

/*
 * Splits data into the scenario (written to fz_path) and the overrides.
 * Returns 0, or -1 when the input cannot be used (the file write failed).
 */
static int fz_split(struct fz_input *in, const uint8_t *data, size_t size)
{
    char *sep, *line, *next;
    size_t text_len;

    memset(in, 0, sizeof(*in));
    if ((in->buf = malloc(size + 1)) == NULL)
        return -1;
    memcpy(in->buf, data, size);
    in->buf[size] = '\0';
    sep = fz_find(in->buf, size, FZ_SEPARATOR);
    text_len = sep ? (size_t)(sep - in->buf) + 1 : size;
    if (fz_write(in->buf, text_len) != 0)
        return -1;
    if (sep == NULL)
        return 0;
    for (line = sep + sizeof(FZ_SEPARATOR) - 1; line != NULL && in->nov < FZ_MAX_SETS;
         line = next) {
        char *eq;

        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        if ((eq = strchr(line, '=')) == NULL)
            continue;
        *eq = '\0';
        in->ov[in->nov++] = (struct fs_override){line, eq + 1, NULL, 0, NULL};
    }
    return 0;
}

static void fz_input_release(struct fz_input *in)
{
    free(in->buf);
    in->buf = NULL;
}

#endif
