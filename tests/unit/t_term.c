/*
 * t_term.c - fitting the terminal report to a width (fleetsim/term.h):
 * COLUMNS, counting UTF-8 characters, folding at column gaps, never
 * cutting a word.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/outfile.h"
#include "fleetsim/term.h"
#include "unit.h"

/* fold text at width into a fresh string (the caller frees it). */
static char *folded(const char *text, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    if (fs_term_fold(text, strlen(text), width, f) != 0) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

/* COLUMNS is honoured from 40 to 1000; anything else gives 100. */
TEST(term_width_columns)
{
    const char *old = getenv("COLUMNS");
    char *keep = old ? strdup(old) : NULL;
    unsetenv("COLUMNS");
    ASSERT_INT_EQ(fs_term_width(), 100);
    setenv("COLUMNS", "160", 1);
    ASSERT_INT_EQ(fs_term_width(), 160);
    setenv("COLUMNS", "12", 1); /* too narrow for any table */
    ASSERT_INT_EQ(fs_term_width(), 100);
    setenv("COLUMNS", "80x", 1);
    ASSERT_INT_EQ(fs_term_width(), 100);
    if (keep) {
        setenv("COLUMNS", keep, 1);
        free(keep);
    } else {
        unsetenv("COLUMNS");
    }
}

/* Characters, not bytes: "é" is 2 bytes, "€" 3, each one character. */
TEST(term_cols_utf8)
{
    static const char s[] = "a\xc3\xa9\xe2\x82\xac";
    ASSERT_INT_EQ(strlen(s), 6);
    ASSERT_INT_EQ(fs_term_cols(s, strlen(s)), 3);
}

/* A table row of 50 characters at width 40 breaks at the last two-space
 * gap that fits (before "cc", column 24), not inside "bb b" (one space);
 * the rest continues indented two past the row's indent of 2 (so 4). A
 * short line and a prose line without gaps: the prose keeps its indent. */
TEST(term_fold_at_gaps)
{
    char *t = folded("  aaaaaaaaaa  bb b bb bb  cccccccccc  ddddddddd\nshort\n", 40);
    ASSERT(t != NULL);
    ASSERT_STR_EQ(t, "  aaaaaaaaaa  bb b bb bb  cccccccccc\n    ddddddddd\nshort\n");
    free(t);
    t = folded("  one two three four five six seven eight nine ten\n", 40);
    ASSERT(t != NULL);
    ASSERT_STR_EQ(t, "  one two three four five six seven\n  eight nine ten\n");
    free(t);
}

/* A word longer than the width (a path) stays whole, on its own line. */
TEST(term_fold_never_cuts_a_word)
{
    char line[200], want[220];
    char path[81];
    char *t;
    memset(path, 'p', 80);
    path[80] = '\0';
    snprintf(line, sizeof(line), "results: /%s/ summary.csv\n", path);
    /* prose (no two-space gap): the continuation keeps the indent, 0 */
    snprintf(want, sizeof(want), "results:\n/%s/\nsummary.csv\n", path);
    t = folded(line, 40);
    ASSERT(t != NULL);
    ASSERT_STR_EQ(t, want);
    free(t);
}

/* UTF-8 names fold by characters: 30 two-byte letters and a word fit 40. */
TEST(term_fold_counts_characters)
{
    char line[128] = "";
    char *t;
    for (int i = 0; i < 30; i++)
        strcat(line, "\xc3\xa9");
    strcat(line, " abcdefgh\n"); /* 39 characters, 69 bytes */
    t = folded(line, 40);
    ASSERT(t != NULL);
    ASSERT_STR_EQ(t, line);
    free(t);
}

/* fs_csv_num and fs_json_num write "%.10g" (docs/outputs.md); integers
 * below 1e10 take a path of their own, so its edges are compared with
 * printf's own text: zero and minus zero, 10 digits (still fixed) and
 * 1e10 (exponent form), negatives, fractions, large values, and NaN and
 * infinities (CSV: empty for NaN; JSON: null for both). */
TEST(outfile_number_text)
{
    static const double v[] = {0.0, -0.0, 1.0, -1.0, 7.0, 42.0, 10000.0, -412.0,
                               1e9, 9999999999.0, -9999999999.0, 1e10, -1e10,
                               12345678901.0, 0.5, -0.25, 1e-7, 68434.57, 2.5e15,
                               4503599627370497.0, 56.05833885, 1.0 / 3.0};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char want[64], *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        ASSERT(f != NULL);
        fs_csv_num(f, v[i]);
        fputc('|', f);
        fs_json_num(f, v[i]);
        fclose(f);
        snprintf(want, sizeof(want), "%.10g|%.10g", v[i], v[i]);
        ASSERT_STR_EQ(got, want);
        free(got);
    }
    {
        char *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        ASSERT(f != NULL);
        fs_csv_num(f, NAN);
        fputc('|', f);
        fs_json_num(f, NAN);
        fputc('|', f);
        fs_json_num(f, -INFINITY);
        fputc('|', f);
        fs_csv_num(f, INFINITY);
        fclose(f);
        ASSERT_STR_EQ(got, "|null|null|inf");
        free(got);
    }
}
