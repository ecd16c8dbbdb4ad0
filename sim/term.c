/*
 * term.c - terminal width and line folding (see fleetsim/term.h). The
 * tables are laid out for wide terminals; folding keeps every line within
 * the width without cutting a label: a long row continues on the next
 * line, broken between columns where it can be.
 */
#include "fleetsim/term.h"

#include <stdlib.h>
#include <string.h>

int fs_term_width(void)
{
    const char *s = getenv("COLUMNS");
    char *end;
    long v;
    if (s == NULL || *s == '\0')
        return FS_TERM_WIDTH;
    v = strtol(s, &end, 10);
    return *end == '\0' && v >= 40 && v <= 1000 ? (int)v : FS_TERM_WIDTH;
}

size_t fs_term_cols(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80; /* not a continuation byte */
    return c;
}

/* Byte offset of the character at column col of s[0..n) (n if beyond). */
static size_t byte_at(const char *s, size_t n, size_t col)
{
    size_t c = 0, i = 0;
    for (; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == col)
                return i;
            c++;
        }
    }
    return n;
}

/* Where to break s[from..n) so the head fits in room characters: the start
 * of the last gap (two spaces, if gaps) or space; 0 if none. */
static size_t break_at(const char *s, size_t from, size_t n, size_t room, int gaps)
{
    size_t lim = from + byte_at(s + from, n - from, room); /* first byte past the room */
    for (size_t i = lim < n ? lim : n; i > from + 1; i--) {
        if (s[i - 1] != ' ' || s[i - 2] == ' ')
            continue; /* i - 1 must start a run of spaces */
        if (!gaps || (i < n && s[i] == ' '))
            return i - 1;
    }
    return 0;
}

/* Has s[from..n) a gap of two spaces between words? */
static int has_gap(const char *s, size_t from, size_t n)
{
    for (size_t i = from; i + 2 < n; i++)
        if (s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] != '\n')
            return 1;
    return 0;
}

/* Folds one line (no newline) to out. */
static int fold_line(const char *s, size_t n, size_t width, FILE *out)
{
    size_t indent = 0, cont, pos, room;
    while (indent < n && s[indent] == ' ')
        indent++;
    cont = has_gap(s, indent, n) ? indent + 2 : indent;
    if (cont > width / 2)
        cont = width / 2;
    pos = 0;
    room = width;
    for (;;) {
        size_t brk, next;
        if (fs_term_cols(s + pos, n - pos) <= room) {
            fwrite(s + pos, 1, n - pos, out);
            return fputc('\n', out) == EOF ? -1 : 0;
        }
        if ((brk = break_at(s, pos, n, room, 1)) == 0)
            brk = break_at(s, pos, n, room, 0);
        if (brk == 0) { /* one long word (a path?): never cut, let it overflow */
            brk = pos;
            while (brk < n && s[brk] == ' ')
                brk++;
            while (brk < n && s[brk] != ' ')
                brk++;
            if (brk >= n) {
                fwrite(s + pos, 1, n - pos, out);
                return fputc('\n', out) == EOF ? -1 : 0;
            }
        }
        next = brk;
        while (brk > pos && s[brk - 1] == ' ')
            brk--;
        fwrite(s + pos, 1, brk - pos, out);
        fputc('\n', out);
        while (next < n && s[next] == ' ')
            next++;
        if (next >= n)
            return 0;
        fprintf(out, "%*s", (int)cont, "");
        pos = next;
        room = width - cont;
    }
}

int fs_term_fold(const char *buf, size_t len, int width, FILE *out)
{
    size_t w = width < 20 ? 20 : (size_t)width;
    while (len > 0) {
        const char *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) : len;
        if (nl == NULL) {
            fwrite(buf, 1, n, out); /* a last line without newline stays as it is */
            break;
        }
        if (fold_line(buf, n, w, out) != 0)
            return -1;
        buf += n + 1;
        len -= n + 1;
    }
    return ferror(out) ? -1 : 0;
}
