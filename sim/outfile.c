/*
 * outfile.c - files written whole or not at all, output folders, and the
 * text of CSV and JSON fields. A run opens a handful of files at a time;
 * each is written to a temporary beside its final name and renamed into
 * place when complete. Paths are allocated, never truncated.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fleetsim/outfile.h"
#include "fleetsim/scenario.h"

/*
 * Temporaries still to be removed if SIGINT or SIGTERM ends the process.
 * The handler only reads this table (a slot's path is set before the slot
 * is marked used, and unmarked before it is freed) and calls unlink, which
 * is async-signal-safe. A run has at most a handful of files open at once;
 * when the table is full, opening one more temporary is an error.
 */
#define TMP_SLOTS 64
static char *volatile tmp_path[TMP_SLOTS];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];
static volatile sig_atomic_t tmp_handlers;

static void on_signal(int sig)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (tmp_used[i])
            unlink(tmp_path[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Installs on_signal for SIGINT and SIGTERM, unless they are ignored. */
static void install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM};
    if (tmp_handlers)
        return;
    tmp_handlers = 1;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static int tmp_register(char *path)
{
    install_handlers();
    for (int i = 0; i < TMP_SLOTS; i++)
        if (!tmp_used[i]) {
            tmp_path[i] = path;
            tmp_used[i] = 1;
            return i + 1;
        }
    return 0;
}

/* slot: the index plus one; 0 (a zeroed fs_outfile) is no slot. */
static void tmp_unregister(int slot)
{
    if (slot > 0 && slot <= TMP_SLOTS) {
        tmp_used[slot - 1] = 0;
        tmp_path[slot - 1] = NULL;
    }
}

/* The permissions fopen would give a new file: 0666 less the umask. */
static mode_t file_mode(void)
{
    static mode_t mode;
    static int known;
    if (!known) {
        mode_t mask = umask(022);
        umask(mask);
        mode = 0666 & ~mask;
        known = 1;
    }
    return mode;
}

static void outfile_free(struct fs_outfile *o)
{
    tmp_unregister(o->slot);
    o->slot = 0;
    free(o->final);
    free(o->tmp);
    o->final = o->tmp = NULL;
}

/*
 * Opens a temporary for final (taken over) in the folder dir ("" for the
 * current one), named after base: created by mkstemp, so with an
 * unpredictable name, exclusively, and never through a symbolic link.
 */
static int outfile_create(struct fs_outfile *o, char *final, const char *dir, const char *base,
                          struct fs_diag *d)
{
    int fd;
    memset(o, 0, sizeof(*o));
    o->final = final;
    o->tmp = fs_xprintf("%s%s.%s.XXXXXX", dir, dir[0] && dir[strlen(dir) - 1] != '/' ? "/" : "",
                     base);
    if (o->final == NULL || o->tmp == NULL) {
        outfile_free(o);
        return fs_diag_set(d, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    if ((o->slot = tmp_register(o->tmp)) == 0) {
        int rc = fs_diag_set(d, FS_EIO, o->final, 0, NULL,
                             "too many files open for writing (at most %d)", TMP_SLOTS);
        outfile_free(o);
        return rc;
    }
    if ((fd = mkstemp(o->tmp)) < 0) {
        int rc = fs_diag_set(d, FS_EIO, o->final, 0, NULL, "cannot create (%s)",
                             strerror(errno));
        outfile_free(o);
        return rc;
    }
    if (fchmod(fd, file_mode()) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        int rc = fs_diag_set(d, FS_EIO, o->final, 0, NULL, "cannot create (%s)",
                             strerror(errno));
        close(fd);
        unlink(o->tmp);
        outfile_free(o);
        return rc;
    }
    return FS_OK;
}

int fs_outfile_open(struct fs_outfile *o, const char *dir, const char *name, struct fs_diag *d)
{
    return outfile_create(o, fs_xprintf("%s/%s", dir, name), dir, name, d);
}

int fs_outfile_open_path(struct fs_outfile *o, const char *path, struct fs_diag *d)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int rc;
    if (slash == NULL)
        return outfile_create(o, fs_xprintf("%s", path), "", path, d);
    /* "/name" lives in the root folder. */
    dir = fs_xprintf("%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (dir == NULL)
        return fs_diag_set(d, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    rc = outfile_create(o, fs_xprintf("%s", path), dir, slash + 1, d);
    free(dir);
    return rc;
}

int fs_outfile_close(struct fs_outfile *o, struct fs_diag *d)
{
    int bad = ferror(o->f);
    if (fclose(o->f) != 0)
        bad = 1;
    o->f = NULL;
    if (bad)
        return fs_diag_set(d, FS_EIO, o->final, 0, NULL, "write failed (%s)", strerror(errno));
    return FS_OK;
}

int fs_outfile_commit(struct fs_outfile *o, struct fs_diag *d)
{
    if (rename(o->tmp, o->final) != 0)
        return fs_diag_set(d, FS_EIO, o->final, 0, NULL, "cannot rename into place (%s)",
                           strerror(errno));
    outfile_free(o);
    return FS_OK;
}

void fs_outfile_discard(struct fs_outfile *o)
{
    if (o->f != NULL)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp != NULL)
        unlink(o->tmp);
    outfile_free(o);
}

/*
 * Would a spreadsheet read this field as a formula? Fields starting with
 * = + - @ TAB or CR can be (CSV injection, OWASP); a plain number such as
 * -0.5 or +3e-9 cannot, so numbers are left as they are.
 */
static int csv_formula_risk(const char *v)
{
    char *end;
    if (v[0] == '\0' || strchr("=+-@\t\r", v[0]) == NULL)
        return 0;
    strtod(v, &end);
    return !(end != v && *end == '\0');
}

void fs_csv_str(FILE *f, const char *v)
{
    int risk = csv_formula_risk(v);
    if (strpbrk(v, ",\"\r\n") == NULL) {
        if (risk)
            fputc('\'', f);
        fputs(v, f);
        return;
    }
    fputc('"', f);
    if (risk)
        fputc('\'', f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', f);
        fputc(*v, f);
    }
    fputc('"', f);
}

void fs_json_str(FILE *f, const char *v)
{
    fputc('"', f);
    for (; *v; v++) {
        unsigned char ch = (unsigned char)*v;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* "%.10g" of v. An integer below 1e10 in magnitude is written as its
 * digits without printf, the same text ("%.10g" writes such a value as its
 * digits, and minus zero as "-0"); about half the numbers of replicates.csv
 * and orders.csv are such integers, and printf's floating-point path costs
 * several times more. */
static void put_g10(FILE *f, double v)
{
    if (v > -1e10 && v < 1e10 && v == (double)(long long)v) {
        char buf[16]; /* sign, 10 digits, NUL */
        char *p = buf + sizeof(buf);
        unsigned long long u = (unsigned long long)fabs(v);
        *--p = '\0';
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (signbit(v))
            *--p = '-';
        fputs(p, f);
    } else {
        fprintf(f, "%.10g", v);
    }
}

void fs_csv_num(FILE *f, double v)
{
    if (!isnan(v))
        put_g10(f, v);
}

void fs_json_num(FILE *f, double v)
{
    if (isfinite(v))
        put_g10(f, v);
    else
        fputs("null", f);
}

int fs_mkdir_p(const char *dir, struct fs_diag *diag)
{
    char *buf;
    int rc = FS_OK;
    if (dir[0] == '\0')
        return fs_diag_set(diag, FS_EIO, dir, 0, NULL, "bad output folder name");
    if ((buf = fs_xprintf("%s", dir)) == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                rc = fs_diag_set(diag, FS_EIO, buf, 0, NULL, "cannot create folder (%s)",
                                 strerror(errno));
                break;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    free(buf);
    return rc;
}

char *fs_default_outdir(const struct fs_scenario *s)
{
    char *buf;
    if (strcmp(s->name, "") == 0 || strcmp(s->name, ".") == 0 || strcmp(s->name, "..") == 0)
        return fs_xprintf("out/_");
    if ((buf = fs_xprintf("out/%s", s->name)) == NULL)
        return NULL;
    for (char *p = buf + 4; *p; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        *p = ok ? ch : '_';
    }
    return buf;
}
