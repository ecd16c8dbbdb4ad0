/*
 * term.h - fitting terminal output to a width: the width to use (COLUMNS,
 * else 100) and a folder that breaks long lines at column gaps or spaces.
 */
#ifndef FLEETSIM_TERM_H
#define FLEETSIM_TERM_H

#include <stddef.h>
#include <stdio.h>

/* The default width of terminal output, in characters. */
#define FS_TERM_WIDTH 100

/* COLUMNS when it is a number from 40 to 1000, else FS_TERM_WIDTH. */
int fs_term_width(void);

/* Characters (UTF-8 code points) in the first n bytes of s. */
size_t fs_term_cols(const char *s, size_t n);

/*
 * Writes the len bytes of buf to out with every line of more than width
 * characters folded: broken at the last gap of two or more spaces that
 * fits (a column boundary), else at the last space, else after the
 * first word (a word, such as a path, is never cut); the
 * rest goes on following lines, indented two past the line's own indent
 * (prose lines, without column gaps, keep their indent). Returns 0, or -1
 * on a write error.
 */
int fs_term_fold(const char *buf, size_t len, int width, FILE *out);

/*
 * What a progress bar shows beside the count: the variant being simulated.
 * A progress context given to fs_study_run begins with this struct, which
 * fs_study_run fills before each variant (label: the variant's name; index
 * of count variants).
 */
struct fs_progress_label {
    const char *label;
    size_t index, count;
};

#endif
