/*
 * outfile.h - files written whole or not at all, output folders, and the
 * text of CSV and JSON fields (sim/outfile.c).
 */
#ifndef FLEETSIM_OUTFILE_H
#define FLEETSIM_OUTFILE_H

#include <stdio.h>

#include "fleetsim/error.h"

struct fs_scenario;

/*
 * A file written whole or not at all. open creates a temporary beside the
 * final name, DIR/.NAME.XXXXXX, with mkstemp: an unpredictable name,
 * created exclusively, never through a symbolic link; it is removed if
 * SIGINT or SIGTERM ends the process before commit. close flushes and
 * reports write errors; commit renames the temporary to DIR/NAME; discard
 * removes it (safe after commit, after a failed open and on a zeroed
 * struct: it then does nothing). Paths are allocated, never truncated;
 * commit and discard free them.
 */
struct fs_outfile {
    char *final;   /* DIR/NAME */
    char *tmp;     /* the temporary, NULL once committed or discarded */
    FILE *f;
    int slot;      /* place in the signal handler's table, 0 for none */
};
int fs_outfile_open(struct fs_outfile *o, const char *dir, const char *name, struct fs_diag *d);
/* The same for a whole path, its temporary in the same folder. */
int fs_outfile_open_path(struct fs_outfile *o, const char *path, struct fs_diag *d);
int fs_outfile_close(struct fs_outfile *o, struct fs_diag *d);
int fs_outfile_commit(struct fs_outfile *o, struct fs_diag *d);
void fs_outfile_discard(struct fs_outfile *o);

/* CSV and JSON fields: a string quoted as needed (CSV: when it holds a
 * comma, quote or line break); a number as %.10g, empty (CSV) or null
 * (JSON) when it does not exist. A CSV string that a spreadsheet could take
 * for a formula (it starts with = + - @ TAB or CR and is not a number) gets
 * a single quote in front (docs/outputs.md). JSON strings escape quotes,
 * backslashes and every byte below 0x20. */
void fs_csv_str(FILE *f, const char *v);
void fs_csv_num(FILE *f, double v);
void fs_json_str(FILE *f, const char *v);
void fs_json_num(FILE *f, double v);


/* Creates dir and its parents (mkdir -p). FS_OK or FS_EIO. */
int fs_mkdir_p(const char *dir, struct fs_diag *diag);

/* The default output folder for a scenario: out/<name>, with characters
 * other than [A-Za-z0-9._-] replaced by '_'. The caller frees it; NULL
 * when out of memory. */
char *fs_default_outdir(const struct fs_scenario *s);

#endif
