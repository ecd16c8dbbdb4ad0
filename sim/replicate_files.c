/*
 * replicate_files.c - --all-replicates: replicates.csv of every variant of
 * a study, as replicates_NAME.csv, NAME the variant's label made safe for a
 * file name on any system and distinct from the other variants' names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "fleetsim/compare.h"
#include "fleetsim/outfile.h"
#include "fleetsim/output.h"

#define LABEL_CHARS 80 /* of the label kept in a file name */
#define BASE_LEN (LABEL_CHARS + 16) /* "replicates_" + 80 + NUL */
#define NAME_LEN 128   /* base + "_" + a number (20) + ".csv" + NUL */

typedef char file_name[NAME_LEN];

static int safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_';
}

/* "replicates_" + the label's first LABEL_CHARS characters, unsafe ones as
 * '_' (an empty label gives "variant"); without ".csv". */
static void base_name(const char *label, char *out)
{
    size_t n = 0;
    n = (size_t)snprintf(out, BASE_LEN, "replicates_");
    if (label[0] == '\0')
        label = "variant";
    for (size_t i = 0; label[i] != '\0' && i < LABEL_CHARS; i++)
        out[n++] = safe_char(label[i]) ? label[i] : '_';
    out[n] = '\0';
}

/* The names of the n variants, malloc'ed; NULL when out of memory. A name
 * equal (ignoring case, for case-insensitive file systems) to an earlier
 * one gets "_2", "_3"... until it is not. */
static file_name *all_names(const struct fs_study *st)
{
    file_name *names = malloc((st->n ? st->n : 1) * sizeof(*names));
    if (names == NULL)
        return NULL;
    for (size_t k = 0; k < st->n; k++) {
        char base[BASE_LEN];
        size_t j = 0;
        base_name(st->v[k].label, base);
        snprintf(names[k], NAME_LEN, "%s.csv", base);
        for (unsigned long try = 2; j < k; try++) {
            for (j = 0; j < k && strcasecmp(names[j], names[k]) != 0; j++)
                ;
            if (j < k)
                snprintf(names[k], NAME_LEN, "%s_%lu.csv", base, try);
        }
    }
    return names;
}

void fs_replicates_file_name(const struct fs_study *st, size_t k, char *out, size_t len)
{
    file_name *names = all_names(st);
    snprintf(out, len, "%s", names != NULL && k < st->n ? names[k] : "");
    free(names);
}

int fs_write_all_replicates(const struct fs_study *st, const char *dir, struct fs_diag *diag)
{
    file_name *names = all_names(st);
    struct fs_outfile *o = calloc(st->n ? st->n : 1, sizeof(*o));
    int rc = FS_OK;
    size_t k;

    if (names == NULL || o == NULL) {
        free(names);
        free(o);
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (k = 0; k < st->n && rc == FS_OK; k++) {
        if ((rc = fs_outfile_open(&o[k], dir, names[k], diag)) != FS_OK)
            break;
        fs_write_replicates_csv(st->v[k].mc, o[k].f);
        rc = fs_outfile_close(&o[k], diag);
    }
    for (k = 0; k < st->n && rc == FS_OK; k++)
        rc = fs_outfile_commit(&o[k], diag);
    if (rc != FS_OK)
        for (k = 0; k < st->n; k++)
            fs_outfile_discard(&o[k]);
    free(names);
    free(o);
    return rc;
}
