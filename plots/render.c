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
#include <time.h>
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
                   ? fs_xprintf("%s", name)
                   : NULL;
    if (path == NULL)
        path = "/usr/bin:/bin";
    for (p = path;; p += strcspn(p, ":") + 1) {
        size_t n = strcspn(p, ":");
        char *cand = n ? fs_xprintf("%.*s/%s", (int)n, p, name) : fs_xprintf("./%s", name);
        if (cand == NULL)
            return NULL;
        if (access(cand, X_OK) == 0 && stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            return cand;
        free(cand);
        if (p[n] == '\0')
            return NULL;
    }
}

/* How one chart's run ended, beside gnuplot's own exit status (> 0). */
enum { RUN_OK = 0, RUN_NOEXEC = -1, RUN_TIMEOUT = -2, RUN_NOIMAGE = -3 };

/* The run's time limit in seconds: FLEETSIM_GNUPLOT_TIMEOUT, else 120. */
#define DEFAULT_TIMEOUT_S 120.0

static int read_timeout(struct fs__plot_ctx *c, double *secs)
{
    const char *v = getenv("FLEETSIM_GNUPLOT_TIMEOUT");
    char *end;
    *secs = DEFAULT_TIMEOUT_S;
    if (v == NULL || *v == '\0')
        return FS_OK;
    errno = 0;
    *secs = strtod(v, &end);
    if (errno != 0 || *end != '\0' || !(*secs > 0.0) || !(*secs <= 86400.0))
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "FLEETSIM_GNUPLOT_TIMEOUT: expected seconds in (0, 86400] (got '%s'); "
                           "charts not drawn (scripts and data are in %s)",
                           v, c->dir);
    return FS_OK;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits for pid until `secs` have passed; then kills its process group
 * (gnuplot and anything it started). RUN_TIMEOUT, or its wait status. */
static int wait_deadline(pid_t pid, double secs, int *status)
{
    double deadline = now_s() + secs;
    long nap_ns = 1000000; /* 1 ms, doubling to 50 ms */
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid)
            return RUN_OK;
        if (w < 0 && errno != EINTR)
            return RUN_NOEXEC;
        if (now_s() >= deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
            return RUN_TIMEOUT;
        }
        nanosleep(&(struct timespec){0, nap_ns}, NULL);
        if (nap_ns < 50000000)
            nap_ns *= 2;
    }
}

/* Whether every image the chart should have drawn is there, not empty. */
static int images_drawn(const char *dir, const char *name, unsigned formats)
{
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        struct stat st;
        char *path;
        int ok;
        if (!(formats & (1u << i)))
            continue;
        if ((path = fs_xprintf("%s/%s.%s", dir, name, ext[i])) == NULL)
            return 0;
        ok = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        free(path);
        if (!ok)
            return 0;
    }
    return 1;
}

/*
 * Runs prog (gnuplot) in a process group of its own with "cd DIR; load
 * NAME.gp" on its input, at most `secs` seconds, and checks that it drew
 * the chart's images. RUN_OK, gnuplot's exit status (> 0), or RUN_*.
 */
static int run_chart(const char *prog, const char *dir, const char *name, unsigned formats,
                     double secs)
{
    char *const argv[] = {(char *)prog, NULL};
    char *file = fs_xprintf("%s.gp", name);
    size_t dlen = 2 * strlen(dir) + 3, flen = file ? 2 * strlen(file) + 3 : 0;
    char *qdir = malloc(dlen), *qfile = malloc(flen ? flen : 1), *script = NULL;
    int fd[2] = {-1, -1}, st = 0, rc = RUN_NOEXEC;
    pid_t pid = -1;

    if (file != NULL && qdir != NULL && qfile != NULL)
        script = fs_xprintf("cd %s\nload %s\n", fs_plot_quote(dir, qdir, dlen),
                             fs_plot_quote(file, qfile, flen));
    fflush(NULL); /* what we printed comes before gnuplot's messages */
    if (script != NULL && pipe(fd) == 0 && (pid = fork()) == 0) {
        setpgid(0, 0);
        if (dup2(fd[0], STDIN_FILENO) < 0)
            _exit(127);
        close(fd[0]);
        close(fd[1]);
        execv(prog, argv);
        _exit(127);
    }
    if (pid > 0) {
        size_t len = strlen(script), off = 0;
        int bad = 0;
        setpgid(pid, pid); /* either side may get there first */
        close(fd[0]);
        fd[0] = -1;
        while (off < len) { /* a few hundred bytes: never blocks on the pipe */
            ssize_t w = write(fd[1], script + off, len - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                bad = 1;
                break;
            }
            off += (size_t)w;
        }
        close(fd[1]);
        fd[1] = -1;
        rc = wait_deadline(pid, secs, &st);
        if (rc == RUN_OK)
            rc = !WIFEXITED(st)                 ? RUN_NOEXEC
                 : WEXITSTATUS(st) != 0         ? WEXITSTATUS(st)
                 : bad                          ? RUN_NOEXEC
                 : !images_drawn(dir, name, formats) ? RUN_NOIMAGE
                                                : RUN_OK;
    }
    for (int i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
    free(script);
    free(file);
    free(qdir);
    free(qfile);
    return rc;
}

/* Removes the images a failed chart may have left half-written. */
static void remove_images(const char *dir, const char *name, unsigned formats)
{
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        char *path;
        if (!(formats & (1u << i)))
            continue;
        if ((path = fs_xprintf("%s/%s.%s", dir, name, ext[i])) != NULL)
            remove(path);
        free(path);
    }
}

/* The warning for the first failed chart: what went wrong, by how it ended. */
static int render_failed(struct fs__plot_ctx *c, const char *want, const char *first,
                         int status, size_t nfailed, size_t n, double secs)
{
    const char *more = nfailed > 1 ? " and others" : "";
    if (status == RUN_NOEXEC)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "could not run %s for chart '%s'%s (scripts and data are in %s)",
                           want, first, more, c->dir);
    if (status == RUN_TIMEOUT)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "gnuplot took more than %g s on chart '%s' and was stopped%s; "
                           "%zu of %zu charts drawn (FLEETSIM_GNUPLOT_TIMEOUT sets the limit; "
                           "scripts and data are in %s)",
                           secs, first, more, n - nfailed, n, c->dir);
    if (status == RUN_NOIMAGE)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "gnuplot drew no image for chart '%s' (it exited 0)%s; "
                           "%zu of %zu charts drawn (scripts and data are in %s)",
                           first, more, n - nfailed, n, c->dir);
    return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                       "gnuplot failed on chart '%s' (exit status %d)%s; "
                       "%zu of %zu charts drawn (scripts and data are in %s)",
                       first, status, more, n - nfailed, n, c->dir);
}

int fs__render(struct fs__plot_ctx *c, const struct fs_plot_opts *opts)
{
    const char *want = opts->gnuplot ? opts->gnuplot : "gnuplot", *dir = c->dir;
    unsigned formats = opts->formats & FS__PLOT_IMAGES;
    size_t nfailed = 0, first = 0;
    int first_status = 0;
    double secs;
    char *prog;
    struct sigaction ign, old;

    if (formats == 0)
        return FS_OK; /* scripts and data only */
    for (const char *p = dir; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) /* gnuplot could not cd there */
            return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                               "the output folder's name has control characters; charts not "
                               "drawn (scripts and data are in it)");
    if (read_timeout(c, &secs) != FS_OK)
        return FS_EPLOT;
    if ((prog = find_program(want)) == NULL)
        return fs_diag_set(c->diag, FS_EPLOT, NULL, 0, NULL,
                           "%s not found%s; charts not drawn (scripts and data are in %s)",
                           want, strchr(want, '/') ? "" : " on PATH", dir);
    /* A gnuplot that dies early must not kill us with SIGPIPE. */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    for (size_t i = 0; i < c->ndrawn; i++) {
        int st = run_chart(prog, dir, c->drawn[i], formats, secs);
        if (st != RUN_OK) {
            remove_images(dir, c->drawn[i], formats);
            if (nfailed++ == 0) {
                first = i;
                first_status = st;
            }
        }
    }
    sigaction(SIGPIPE, &old, NULL);
    free(prog);
    if (nfailed == 0)
        return FS_OK;
    return render_failed(c, want, c->drawn[first], first_status, nfailed, c->ndrawn, secs);
}
