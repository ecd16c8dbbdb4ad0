/*
 * render.c - running gnuplot once per chart (plots/internal.h): finds the
 * program, feeds it "cd DIR; load NAME.gp" on its input, and reports the
 * first chart that failed by name.
 *
 * Workload: one short process per chart, after every script is written.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fleetsim/plot.h"
#include "internal.h"


/* The program to run: a path as given, or the first executable NAME on
 * $PATH (malloc'ed), or NULL. */
static char *find_program(const char *name)
{
    const char *path = getenv("PATH"), *p;
    struct stat st;
    if (strchr(name, '/') != NULL)
        return access(name, X_OK) == 0 && stat(name, &st) == 0 && S_ISREG(st.st_mode)
                   ? fs__xprintf("%s", name)
                   : NULL;
    if (path == NULL)
        path = "/usr/bin:/bin";
    for (p = path;; p += strcspn(p, ":") + 1) {
        size_t n = strcspn(p, ":");
        char *cand = n ? fs__xprintf("%.*s/%s", (int)n, p, name) : fs__xprintf("./%s", name);
        if (cand == NULL)
            return NULL;
        if (access(cand, X_OK) == 0 && stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            return cand;
        free(cand);
        if (p[n] == '\0')
            return NULL;
    }
}

/* The program path quoted for /bin/sh: '...' with ' written as '\''. */
static char *shell_quote(const char *s)
{
    size_t n = 3;
    char *q, *o;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 4 : 1;
    if ((q = malloc(n)) == NULL)
        return NULL;
    o = q;
    *o++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            memcpy(o, "'\\''", 4);
            o += 4;
        } else {
            *o++ = *p;
        }
    }
    *o++ = '\'';
    *o = '\0';
    return q;
}

/*
 * Runs `cmd` (gnuplot) with "cd DIR; load NAME.gp" on its input. Returns
 * 0 when it exited 0, else its exit status (or -1 if it could not run).
 */
static int run_chart(const char *cmd, const char *dir, const char *name)
{
    FILE *p;
    int st = -1, bad = 0;
    char *file = fs__xprintf("%s.gp", name);
    size_t dlen = 2 * strlen(dir) + 3, flen = file ? 2 * strlen(file) + 3 : 0;
    char *qdir = malloc(dlen), *qfile = malloc(flen ? flen : 1);

    if (file == NULL || qdir == NULL || qfile == NULL) {
        free(file);
        free(qdir);
        free(qfile);
        return -1;
    }
    fflush(NULL); /* what we printed comes before gnuplot's messages */
    if ((p = popen(cmd, "w")) != NULL) {
        fprintf(p, "cd %s\nload %s\n", fs_plot_quote(dir, qdir, dlen),
                fs_plot_quote(file, qfile, flen));
        bad = ferror(p);
        st = pclose(p);
    }
    free(file);
    free(qdir);
    free(qfile);
    if (p == NULL || st == -1)
        return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st) != 0 ? WEXITSTATUS(st) : bad ? -1 : 0;
    return -1;
}

/* Removes the images a failed chart may have left half-written. */
static void remove_images(const char *dir, const char *name, unsigned formats)
{
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        char *path;
        if (!(formats & (1u << i)))
            continue;
        if ((path = fs__xprintf("%s/%s.%s", dir, name, ext[i])) != NULL)
            remove(path);
        free(path);
    }
}

int fs__render(struct fs__plot_ctx *c, const struct fs_plot_opts *opts)
{
    char *const *names = c->drawn;
    size_t n = c->ndrawn;
    const char *want = opts->gnuplot ? opts->gnuplot : "gnuplot", *dir = c->dir;
    char *prog, *cmd;
    size_t nfailed = 0;
    char first[64] = "";
    int first_status = 0;
    struct sigaction ign, old;

    if (opts->formats == 0)
        return FS_OK; /* --plots none: scripts and data only */
    for (const char *p = dir; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) /* gnuplot could not cd there */
            return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                               "the output folder's name has control characters; charts not "
                               "drawn (scripts and data are in it)");
    if ((prog = find_program(want)) == NULL)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "%s not found%s; charts not drawn (scripts and data are in %s)",
                           want, strchr(want, '/') ? "" : " on PATH", dir);
    if ((cmd = shell_quote(prog)) == NULL) {
        free(prog);
        return fs__nomem(c);
    }
    /* A gnuplot that dies early must not kill us with SIGPIPE. */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    for (size_t i = 0; i < n; i++) {
        int st;
        if ((st = run_chart(cmd, dir, names[i])) != 0) {
            remove_images(dir, names[i], opts->formats);
            if (nfailed++ == 0) {
                snprintf(first, sizeof(first), "%s", names[i]);
                first_status = st;
            }
        }
    }
    sigaction(SIGPIPE, &old, NULL);
    free(prog);
    free(cmd);
    if (nfailed == 0)
        return FS_OK;
    if (first_status < 0)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "could not run %s for chart '%s'%s (scripts and data are in %s)",
                           want, first, nfailed > 1 ? " and others" : "", dir);
    return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                       "gnuplot failed on chart '%s' (exit status %d)%s; "
                       "%zu of %zu charts drawn (scripts and data are in %s)",
                       first, first_status,
                       nfailed > 1 ? " and others" : "", n - nfailed, n, dir);
}
