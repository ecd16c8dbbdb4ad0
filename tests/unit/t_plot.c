/*
 * t_plot.c - the chart module: quoting of scenario strings for gnuplot,
 * the --plots and --plot-size parsers, the structure of every generated
 * script (scenario strings only ever inside single-quoted strings), and the
 * ways rendering can fail (gnuplot missing, a chart failing, a gnuplot that
 * dies without reading its input). With gnuplot installed, the hostile
 * names are drawn for real and no command may run. The same for the
 * comparison charts of a study (strategies, sensitivity, a sweep) whose
 * strategy names, input labels and swept path are hostile
 * (tests/e2e/0105-hostile-study.cfg).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "../../plots/internal.h"
#include "unit.h"
#include "util.h"

static const char *quote(const char *s, size_t len)
{
    static char buf[256];
    return fs_plot_quote(s, buf, len);
}

TEST(plot_quote_escapes)
{
    ASSERT_STR_EQ(quote("v3_pretrain", 256), "'v3_pretrain'");
    ASSERT_STR_EQ(quote("", 256), "''");
    ASSERT_STR_EQ(quote(NULL, 256), "''");
    /* A quote is doubled: gnuplot reads '' inside '...' as one quote. */
    ASSERT_STR_EQ(quote("it's", 256), "'it''s'");
    ASSERT_STR_EQ(quote("''", 256), "''''''");
    /* Back-quotes, double quotes, semicolons, @ and backslashes have no
     * meaning inside single quotes: kept as they are. */
    ASSERT_STR_EQ(quote("x`touch owned`y", 256), "'x`touch owned`y'");
    ASSERT_STR_EQ(quote("a; \"b\" @c \\", 256), "'a; \"b\" @c \\'");
    /* Control characters would end the command line: spaces instead. */
    ASSERT_STR_EQ(quote("a\nb\tc\rd\x7f" "e", 256), "'a b c d e'");
    /* UTF-8 passes; bytes that are not UTF-8 become '?'. */
    ASSERT_STR_EQ(quote("H\xc3\xa9 \xe6\x98\x87\xe8\x85\xbe", 256),
                  "'H\xc3\xa9 \xe6\x98\x87\xe8\x85\xbe'");
    ASSERT_STR_EQ(quote("a\xff" "b\xc3", 256), "'a?b?'");
}

TEST(plot_quote_truncates_closed)
{
    char buf[8];
    /* len 6 holds 'abc' and the NUL. */
    ASSERT_STR_EQ(quote("abcdef", 6), "'abc'");
    ASSERT_STR_EQ(quote("abc", 6), "'abc'");
    /* A doubled quote is never cut in half: the result stays closed. */
    ASSERT_STR_EQ(quote("ab'cd", 6), "'ab'");
    ASSERT_STR_EQ(quote("ab'cd", 7), "'ab'''");
    /* Nor is a multi-byte character. */
    ASSERT_STR_EQ(quote("a\xc3\xa9", 5), "'a'");
    ASSERT_STR_EQ(quote("xyz", 3), "''");
    ASSERT_STR_EQ(quote("xyz", 2), "");
    memset(buf, 'Z', sizeof(buf));
    fs_plot_quote("abc", buf, 0); /* writes nothing */
    ASSERT(buf[0] == 'Z');
    /* Every prefix length gives a closed string with whole quotes. */
    for (size_t len = 3; len < 40; len++) {
        const char *q = quote("it's `a` 'b''c' \n end", len);
        size_t n = strlen(q), quotes = 0;
        ASSERT(n < len);
        ASSERT(q[0] == '\'' && q[n - 1] == '\'');
        for (size_t i = 0; i < n; i++)
            quotes += q[i] == '\'';
        ASSERT(quotes % 2 == 0);
    }
}

TEST(plot_parse_formats)
{
    unsigned f = 99;
    ASSERT_INT_EQ(fs_plot_parse_formats("png", &f), 0);
    ASSERT_INT_EQ(f, FS_PLOT_PNG);
    ASSERT_INT_EQ(fs_plot_parse_formats("svg,png", &f), 0);
    ASSERT_INT_EQ(f, FS_PLOT_PNG | FS_PLOT_SVG);
    ASSERT_INT_EQ(fs_plot_parse_formats("png,svg,pdf", &f), 0);
    ASSERT_INT_EQ(f, FS_PLOT_PNG | FS_PLOT_SVG | FS_PLOT_PDF);
    ASSERT_INT_EQ(fs_plot_parse_formats("pdf,pdf", &f), 0);
    ASSERT_INT_EQ(f, FS_PLOT_PDF);
    ASSERT_INT_EQ(fs_plot_parse_formats("none", &f), 0);
    ASSERT_INT_EQ(f, 0);
    ASSERT_INT_EQ(fs_plot_parse_formats("scripts", &f), 0);
    ASSERT_INT_EQ(f, FS_PLOT_SCRIPTS);
    f = 99;
    static const char *const bad[] = {"", ",", "png,", ",png", "png,,svg", "gif", "PNG",
                                      "png svg", "none,png", "png,none", " png", "none ",
                                      "scripts,png", "png,scripts"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (fs_plot_parse_formats(bad[i], &f) != -1) {
            unit_fail(__FILE__, __LINE__, "accepted --plots '%s'", bad[i]);
            return;
        }
    }
    ASSERT_INT_EQ(f, 99); /* untouched on error */
}

TEST(plot_parse_size)
{
    int w = 1, h = 1;
    ASSERT_INT_EQ(fs_plot_parse_size("1600x900", &w, &h), 0);
    ASSERT_INT_EQ(w, 1600);
    ASSERT_INT_EQ(h, 900);
    ASSERT_INT_EQ(fs_plot_parse_size("200x10000", &w, &h), 0);
    ASSERT_INT_EQ(w, 200);
    ASSERT_INT_EQ(h, 10000);
    w = h = 1;
    static const char *const bad[] = {"", "1600", "1600x", "x900", "199x900", "1600x10001",
                                      "1600X900", "1600*900", "-1600x900", "+1600x900",
                                      " 1600x900", "1600x900 ", "1600x900x2", "16e2x900",
                                      "99999999999999999999x900", "1600.5x900"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (fs_plot_parse_size(bad[i], &w, &h) != -1) {
            unit_fail(__FILE__, __LINE__, "accepted --plot-size '%s'", bad[i]);
            return;
        }
    }
    ASSERT(w == 1 && h == 1);
}

/* ---- scripts and rendering ---------------------------------------------- */

/* A scenario whose every name is hostile, simulated; events too. */
struct run {
    struct fs_scenario *s;
    struct fs_mc *mc;
    struct fs_summary sum;
    struct fs_dated_event ev[2];
    struct fs_plot_input in;
    char dir[64];
};

static int run_open(struct run *r)
{
    struct fs_diag d;
    memset(r, 0, sizeof(*r));
    fs_diag_clear(&d);
    if ((r->s = unit_load("tests/unit/data/plot_names.cfg", NULL, 0)) == NULL)
        return -1;
    if (fs_mc_run(r->s, 2, NULL, NULL, &r->mc, &d) != FS_OK) {
        fs_diag_print(&d, stdout);
        return -1;
    }
    if (fs_summary_compute(r->mc, &r->sum) != FS_OK)
        return -1;
    r->ev[0] = (struct fs_dated_event){48.0, "rule `touch owned`'\n; \"q\" @x"};
    r->ev[1] = (struct fs_dated_event){-240.0, "order\\"};
    r->in = (struct fs_plot_input){r->mc, &r->sum, r->ev, 2};
    snprintf(r->dir, sizeof(r->dir), "/tmp/fleetsim-t_plot-XXXXXX");
    return mkdtemp(r->dir) != NULL ? 0 : -1;
}

static void run_close(struct run *r)
{
    DIR *d = r->dir[0] ? opendir(r->dir) : NULL;
    struct dirent *e;
    char path[512];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", r->dir, e->d_name);
        remove(path);
    }
    if (d != NULL)
        closedir(d);
    if (r->dir[0])
        rmdir(r->dir);
    fs_summary_release(&r->sum);
    fs_mc_free(r->mc);
    fs_scenario_free(r->s);
}

static int exists_in(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static long file_size(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static const char *const charts[] = {"progress", "time_to_train_job1", "time_to_train_job2",
                                     "gpu_hours", "cost", "fleet_capacity"};
#define NCHARTS (sizeof(charts) / sizeof(charts[0]))

/*
 * Reads a script the way gnuplot splits it and checks that every piece of
 * scenario text (all contain "touch") sits inside a single-quoted string
 * that closes on its line; that no back-quote or @ appears anywhere else;
 * and that double-quoted strings and comments hold only our own text.
 * Returns the number of quoted occurrences of "touch", or -1 (printed).
 */
static int check_script(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    int found = 0, lineno = 0;
    if (f == NULL) {
        printf("# cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        enum { NORMAL, SQ, DQ } st = NORMAL;
        lineno++;
        for (char *p = line; *p && *p != '\n'; p++) {
            if (st == NORMAL) {
                if (*p == '#') {
                    if (strstr(p, "touch") != NULL || strchr(p, '`') != NULL) {
                        printf("# %s:%d: scenario text in a comment\n", path, lineno);
                        fclose(f);
                        return -1;
                    }
                    break;
                }
                if (*p == '`' || *p == '@' || strncmp(p, "touch", 5) == 0) {
                    printf("# %s:%d: unquoted '%c' at column %d\n", path, lineno, *p,
                           (int)(p - line) + 1);
                    fclose(f);
                    return -1;
                }
                if (*p == '\'')
                    st = SQ;
                else if (*p == '"')
                    st = DQ;
            } else if (st == SQ) {
                if (strncmp(p, "touch", 5) == 0)
                    found++;
                if (*p == '\'' && p[1] == '\'')
                    p++; /* a doubled quote stays inside */
                else if (*p == '\'')
                    st = NORMAL;
            } else {
                if (*p == '`' || *p == '@' || strncmp(p, "touch", 5) == 0) {
                    printf("# %s:%d: scenario text in a double-quoted string\n", path, lineno);
                    fclose(f);
                    return -1;
                }
                if (*p == '\\' && p[1] != '\0')
                    p++;
                else if (*p == '"')
                    st = NORMAL;
            }
        }
        if (st != NORMAL) {
            printf("# %s:%d: string not closed on its line\n", path, lineno);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return found;
}

TEST(plot_scripts_quote_every_name)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_SCRIPTS, 1600, 900, NULL};
    struct fs_diag d;
    char path[512];
    int total = 0;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    fs_diag_clear(&d);
    /* --plots none: every script and data file, nothing drawn. */
    if (fs_plot_all(&r.in, r.dir, &opts, &d) != FS_OK) {
        fs_diag_print(&d, stdout);
        run_close(&r);
        ASSERT(!"fs_plot_all failed");
    }
    for (size_t i = 0; i < NCHARTS; i++) {
        int n;
        snprintf(path, sizeof(path), "%s/%s.gp", r.dir, charts[i]);
        n = check_script(path);
        if (n < 0 || file_size(r.dir, charts[i]) >= 0) {
            run_close(&r);
            ASSERT(!"bad script, or an image was drawn with --plots none");
        }
        total += n;
    }
    /* Titles, key entries, tic labels and event labels all carry names. */
    ASSERT(total >= 10);
    ASSERT(file_size(r.dir, "progress.dat") > 0 && file_size(r.dir, "progress_sample.dat") > 0);
    ASSERT(!exists_in(r.dir, "time_to_train_job3.gp"));
    ASSERT(!exists_in(r.dir, "owned") && !exists_in(".", "owned"));
    run_close(&r);
}

/* The first executable gnuplot on PATH, or NULL. */
static const char *gnuplot_path(void)
{
    static char found[1024];
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(found, sizeof(found), "%.*s/gnuplot", (int)n, p);
        if (n > 0 && access(found, X_OK) == 0)
            return found;
        p += n + (p[n] == ':');
    }
    return NULL;
}

/* PNG signature and IHDR size. */
static int png_size(const char *dir, const char *name, unsigned *w, unsigned *h)
{
    char path[512];
    unsigned char b[24];
    FILE *f;
    size_t n;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "rb")) == NULL)
        return -1;
    n = fread(b, 1, sizeof(b), f);
    fclose(f);
    if (n != sizeof(b) || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(b + 12, "IHDR", 4))
        return -1;
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    return 0;
}

TEST(plot_render_hostile_names)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG | FS_PLOT_SVG, 800, 450, NULL};
    struct fs_diag d;
    char name[64];
    unsigned w, h;
    if (gnuplot_path() == NULL) {
        unit_skip("gnuplot not installed");
        return;
    }
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    fs_diag_clear(&d);
    if (fs_plot_all(&r.in, r.dir, &opts, &d) != FS_OK) {
        fs_diag_print(&d, stdout);
        run_close(&r);
        ASSERT(!"charts failed");
    }
    /* No back-quoted command ran: not in the output folder (gnuplot's
     * folder), not in ours. */
    if (exists_in(r.dir, "owned") || exists_in(".", "owned")) {
        run_close(&r);
        ASSERT(!"a command in a scenario name ran");
    }
    for (size_t i = 0; i < NCHARTS; i++) {
        snprintf(name, sizeof(name), "%s.png", charts[i]);
        if (png_size(r.dir, name, &w, &h) != 0 || w != 800 || h != 450 ||
            (snprintf(name, sizeof(name), "%s.svg", charts[i]), file_size(r.dir, name) <= 0)) {
            printf("# %s: missing, not PNG/SVG, or not 800x450\n", charts[i]);
            run_close(&r);
            ASSERT(0);
        }
    }
    ASSERT(!exists_in(r.dir, "progress.pdf"));
    run_close(&r);
}

TEST(plot_gnuplot_missing)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, "/nonexistent/fleetsim/gnuplot"};
    struct fs_diag d;
    int rc;
    char want[256];
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "/nonexistent/fleetsim/gnuplot not found; charts not drawn "
                                 "(scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    /* The scripts and data are there all the same, no image. */
    for (size_t i = 0; i < NCHARTS; i++) {
        char name[64];
        snprintf(name, sizeof(name), "%s.gp", charts[i]);
        if (file_size(r.dir, name) <= 0) {
            run_close(&r);
            ASSERT(!"a script is missing");
        }
    }
    ASSERT(!exists_in(r.dir, "progress.png"));
    run_close(&r);
}

/* Shell lines for a fake gnuplot that draws NAME.png (not empty) beside
 * itself for the chart it is asked to load, as gnuplot would. */
#define FAKE_DRAW                                                                          \
    "n=${in##*\"load '\"}; n=${n%%\".gp'\"*}\n"                                               \
    "echo drawn > \"$(dirname \"$0\")/$n.png\""

/* Writes an executable shell script into dir; returns its path. */
static const char *fake_gnuplot(const char *dir, const char *body, char *path, size_t len)
{
    FILE *f;
    snprintf(path, len, "%s/fake-gnuplot", dir);
    if ((f = fopen(path, "w")) == NULL)
        return NULL;
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0755);
    return path;
}

TEST(plot_chart_failure_named)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, NULL};
    struct fs_diag d;
    char prog[256], want[512];
    FILE *old;
    int rc;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    /* Fails on the cost chart only (exit 3). A cost.png from an earlier
     * run must not stay beside the failed chart's scripts. */
    opts.gnuplot = fake_gnuplot(r.dir,
                                "in=$(cat)\n"
                                "case \"$in\" in *\"load 'cost.gp'\"*) exit 3;; esac\n" FAKE_DRAW,
                                prog, sizeof(prog));
    ASSERT(opts.gnuplot != NULL);
    snprintf(want, sizeof(want), "%s/cost.png", r.dir);
    if ((old = fopen(want, "w")) != NULL)
        fclose(old);
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "gnuplot failed on chart 'cost' (exit status 3); 5 of 6 charts "
                                 "drawn (scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    ASSERT(file_size(r.dir, "cost.gp") > 0 && file_size(r.dir, "cost.dat") > 0);
    ASSERT(!exists_in(r.dir, "cost.png"));
    run_close(&r);
}

/* Whether process pid is gone (or a zombie waiting for init), within 2 s. */
static int process_gone(long pid)
{
    for (int i = 0; i < 200; i++) {
        char path[64], state = '?';
        FILE *f;
        snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
        if ((f = fopen(path, "r")) == NULL)
            return 1;
        if (fscanf(f, "%*d %*s %c", &state) != 1)
            state = '?';
        fclose(f);
        if (state == 'Z')
            return 1;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return 0;
}

/* Defect 10a: a gnuplot that hangs (here on the cost chart only, in a
 * child it started) is stopped after FLEETSIM_GNUPLOT_TIMEOUT seconds with
 * its whole process group, and the chart is named; the others are drawn. */
TEST(plot_gnuplot_timeout)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, NULL};
    struct fs_diag d;
    char prog[256], want[512];
    struct timespec t0, t1;
    long sleeper = 0;
    double took;
    FILE *f;
    int rc;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    opts.gnuplot = fake_gnuplot(r.dir,
                                "in=$(cat)\n"
                                "case \"$in\" in *\"load 'cost.gp'\"*)\n"
                                "  sleep 60 & echo $! > \"$(dirname \"$0\")/sleeper\"\n"
                                "  wait; exit 0;;\n"
                                "esac\n" FAKE_DRAW,
                                prog, sizeof(prog));
    ASSERT(opts.gnuplot != NULL);
    /* A limit that is not a number of seconds is refused, nothing drawn. */
    setenv("FLEETSIM_GNUPLOT_TIMEOUT", "2s", 1);
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    if (rc != FS_EPLOT || strstr(d.msg, "FLEETSIM_GNUPLOT_TIMEOUT: expected seconds") == NULL ||
        exists_in(r.dir, "progress.png")) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        unsetenv("FLEETSIM_GNUPLOT_TIMEOUT");
        run_close(&r);
        ASSERT(0);
    }
    setenv("FLEETSIM_GNUPLOT_TIMEOUT", "0.5", 1);
    fs_diag_clear(&d);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsetenv("FLEETSIM_GNUPLOT_TIMEOUT");
    took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* The message: the limit as set, the chart, 5 of the 6 charts drawn. */
    snprintf(want, sizeof(want), "gnuplot took more than 0.5 s on chart 'cost' and was stopped; "
                                 "5 of 6 charts drawn (FLEETSIM_GNUPLOT_TIMEOUT sets the limit; "
                                 "scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0 || !(took >= 0.5 && took < 10.0)) {
        printf("# rc %d, %.2f s, message '%s'\n", rc, took, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    ASSERT(exists_in(r.dir, "progress.png") && !exists_in(r.dir, "cost.png"));
    /* The hanging chart's own child was stopped too. */
    snprintf(want, sizeof(want), "%s/sleeper", r.dir);
    if ((f = fopen(want, "r")) != NULL) {
        if (fscanf(f, "%ld", &sleeper) != 1)
            sleeper = 0;
        fclose(f);
    }
    ASSERT(sleeper > 0);
    ASSERT(process_gone(sleeper));
    run_close(&r);
}

/* Defect 10b: a gnuplot that exits 0 without drawing is a chart failure,
 * named, and so is one that draws an empty image. */
TEST(plot_gnuplot_draws_nothing)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, NULL};
    struct fs_diag d;
    char prog[256], want[512];
    int rc;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    opts.gnuplot = fake_gnuplot(r.dir, "cat > /dev/null; exit 0", prog, sizeof(prog));
    ASSERT(opts.gnuplot != NULL);
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "gnuplot drew no image for chart 'progress' (it exited 0) and "
                                 "others; 0 of 6 charts drawn (scripts and data are in %s)",
             r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    /* An empty gpu_hours.png, the others drawn: only gpu_hours fails. */
    opts.gnuplot = fake_gnuplot(r.dir,
                                "in=$(cat)\n" FAKE_DRAW "\n"
                                "case \"$in\" in *\"load 'gpu_hours.gp'\"*)\n"
                                "  : > \"$(dirname \"$0\")/gpu_hours.png\";; esac",
                                prog, sizeof(prog));
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "gnuplot drew no image for chart 'gpu_hours' (it exited 0); "
                                 "5 of 6 charts drawn (scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    ASSERT(!exists_in(r.dir, "gpu_hours.png") && file_size(r.dir, "cost.png") > 0);
    run_close(&r);
}

/* Defect 10d: --plots none writes no chart file at all (it used to write
 * every .gp and .dat); a comparison's charts neither. */
TEST(plot_none_writes_nothing)
{
    struct run r;
    struct fs_plot_opts opts = {0, 1600, 900, "/nonexistent/fleetsim/gnuplot"};
    struct fs_diag d;
    DIR *dir;
    struct dirent *e;
    size_t n = 0;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_plot_all(&r.in, r.dir, &opts, &d), FS_OK);
    ASSERT((dir = opendir(r.dir)) != NULL);
    while ((e = readdir(dir)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(dir);
    run_close(&r);
    ASSERT_INT_EQ((long)n, 0);
}

/* Counts the data lines of block `index` of a gnuplot data file (blocks
 * are separated by two blank lines), or -1. */
static long block_lines(const char *dir, const char *name, int index)
{
    char path[512], line[512];
    FILE *f;
    long n = 0;
    int block = 0, blank = 0;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "r")) == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '\n') {
            if (++blank == 2)
                block++;
            continue;
        }
        blank = 0;
        if (line[0] != '#' && block == index)
            n++;
    }
    fclose(f);
    return n;
}

/* Whether a file holds a text. */
static int file_has(const char *dir, const char *name, const char *text)
{
    char path[512], line[4096];
    FILE *f;
    int found = 0;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "r")) == NULL)
        return 0;
    while (!found && fgets(line, sizeof(line), f) != NULL)
        found = strstr(line, text) != NULL;
    fclose(f);
    return found;
}

/*
 * Defect 10c: the sample trajectory is thinned to chart resolution. A
 * trajectory of 200,000 points for the first job (a saw-tooth: 50 steps
 * up by 1e-5, then a drop of 2e-5, i.e. 3,999 failures after the first
 * tooth) keeps at most 2 x 2,000 slices + 2 points. Its 3,999 failures
 * are more than FAIL_READABLE (150) markers, so they are drawn as counts
 * per time bin instead: at most FAIL_BINS_MAX + 1 (151) lines, none with a
 * count above the 3,999 failures; the legend says how many failures there
 * were and that they are counted per bin (chart_progress.c).
 */
TEST(plot_sample_thinned)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_SCRIPTS, 1600, 900, NULL};
    struct fs_diag d;
    struct fs_traj_point *saved, *big;
    size_t nsaved, n = 200000, job;
    long pts, marks;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    ASSERT((big = malloc(n * sizeof(*big))) != NULL);
    job = r.s->job_order[0];
    for (size_t i = 0; i < n; i++) {
        size_t tooth = i / 50, step = i % 50;
        big[i] = (struct fs_traj_point){(double)i * 0.01,
                                        (double)tooth * 3e-5 + (double)step * 1e-5, job};
    }
    saved = r.mc->sample;
    nsaved = r.mc->nsample;
    r.mc->sample = big;
    r.mc->nsample = n;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_plot_all(&r.in, r.dir, &opts, &d), FS_OK);
    r.mc->sample = saved;
    r.mc->nsample = nsaved;
    free(big);
    pts = block_lines(r.dir, "progress_sample.dat", 0);
    marks = block_lines(r.dir, "progress_sample.dat", 1);
    if (!(pts > 2000 && pts <= 4002) || !(marks > 0 && marks <= 151) ||
        file_size(r.dir, "progress_sample.dat") > 400000 ||
        !file_has(r.dir, "progress.gp", "its 3999 failures, count per ") ||
        !file_has(r.dir, "progress.gp", "with boxxyerror") ||
        !file_has(r.dir, "progress_sample.dat", "failures of all jobs, counted per ") ||
        !file_has(r.dir, "progress.gp", "traced in full (thinned to chart resolution)") ||
        !file_has(r.dir, "progress_sample.dat", "# thinned to chart resolution: ")) {
        printf("# %ld points, %ld markers, %ld bytes\n", pts, marks,
               file_size(r.dir, "progress_sample.dat"));
        run_close(&r);
        ASSERT(0);
    }
    run_close(&r);
}

/*
 * Defect 1 (chart side): any number of dated events. 5,000 events a day
 * apart from 100 days before the start: the time axis spans them all
 * (5,000 days in 1,280 px, so 0.26 px apart). Lines closer than 2 px merge
 * (about 640 lines), then at most 400 are drawn, one per slice
 * (MAX_EVENT_LINES in chart_fleet.c); every arrow id is distinct; runs
 * of close events form groups, tagged above the plot ('A' at the first
 * line) and listed below it ("A 5000 events, from to", the bottom margin
 * made room for the list); the key says how many events there were and
 * how many lines show them.
 */
TEST(plot_many_events)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_SCRIPTS, 1600, 900, NULL};
    struct fs_diag d;
    struct fs_dated_event *ev;
    size_t n = 5000, narrows = 0;
    static char seen[10000];
    char path[512], line[1024], want[128];
    FILE *f;
    int dup = 0;
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    ASSERT((ev = malloc(n * sizeof(*ev))) != NULL);
    for (size_t e = 0; e < n; e++)
        ev[e] = (struct fs_dated_event){(double)e * 24.0 - 2400.0, "delivery"};
    r.in.events = ev;
    r.in.nevents = n;
    fs_diag_clear(&d);
    ASSERT_INT_EQ(fs_plot_all(&r.in, r.dir, &opts, &d), FS_OK);
    free(ev);
    snprintf(path, sizeof(path), "%s/fleet_capacity.gp", r.dir);
    ASSERT((f = fopen(path, "r")) != NULL);
    memset(seen, 0, sizeof(seen));
    while (fgets(line, sizeof(line), f) != NULL) {
        unsigned id;
        if (sscanf(line, "    set arrow %u ", &id) == 1 && id < sizeof(seen)) {
            dup |= seen[id]++;
            narrows++;
        }
    }
    fclose(f);
    snprintf(want, sizeof(want), "'%zu events in ", n);
    if (dup || narrows > 2 * 400 + 1 || narrows < 100 ||
        !file_has(r.dir, "fleet_capacity.gp", want) ||
        !file_has(r.dir, "fleet_capacity.gp", "set label 1000 'A' at ") ||
        !file_has(r.dir, "fleet_capacity.gp", "'A 5000 events, ") ||
        !file_has(r.dir, "fleet_capacity.gp", "set bmargin at screen ")) {
        printf("# %zu arrows, duplicate ids: %d\n", narrows, dup);
        run_close(&r);
        ASSERT(0);
    }
    run_close(&r);
}

/*
 * Issue 14: two strategies shared a colour in compare_progress and
 * compare_time_cost past five variants (fs__vcolor cycled five colours).
 * The baseline and the next 13 variants get 14 distinct colours (black,
 * five Okabe-Ito, eight of Paul Tol's muted scheme; plots/variants.c), and
 * none is vermillion (#D55E00, kept for failures).
 */
TEST(plot_variant_colours_distinct)
{
    for (size_t a = 0; a < 14; a++) {
        ASSERT(strcmp(fs__vcolor(a), "#D55E00") != 0);
        for (size_t b = a + 1; b < 14; b++)
            if (strcmp(fs__vcolor(a), fs__vcolor(b)) == 0) {
                printf("# variants %zu and %zu share %s\n", a, b, fs__vcolor(a));
                ASSERT(0);
            }
    }
    ASSERT_STR_EQ(fs__vcolor(0), "#000000");
    ASSERT_STR_EQ(fs__vcolor(14), fs__vcolor(1)); /* then they repeat */
}

TEST(plot_gnuplot_dies_without_reading)
{
    struct run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, "/bin/false"};
    struct fs_diag d;
    int rc;
    if (access("/bin/false", X_OK) != 0) {
        unit_skip("no /bin/false");
        return;
    }
    if (run_open(&r) != 0) {
        run_close(&r);
        ASSERT(!"scenario did not load or run");
    }
    /* We must survive the closed pipe (no SIGPIPE) and name the first chart. */
    fs_diag_clear(&d);
    rc = fs_plot_all(&r.in, r.dir, &opts, &d);
    if (rc != FS_EPLOT || strstr(d.msg, "chart 'progress' (exit status 1) and others") == NULL) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        run_close(&r);
        ASSERT(0);
    }
    run_close(&r);
}

/* ---- comparison charts -------------------------------------------------- */

#define STUDY_CFG "tests/e2e/0105-hostile-study.cfg"

/* The swept path names the hostile job. */
#define STUDY_SWEEP "jobs[x`touch owned`y'; \"z\" w].gpus=16:64:3:log"

struct study_run {
    struct fs_study st;
    char dir[64];
};

/* kind: 0 strategies, 1 sensitivity, 2 sweep. */
static int study_open(struct study_run *r, int kind)
{
    struct fs_diag d;
    int rc;
    memset(r, 0, sizeof(*r));
    fs_diag_clear(&d);
    if (kind == 0)
        rc = fs_study_strategies(&r->st, STUDY_CFG, unit_catalog(), unit_rules(), NULL, 0, &d);
    else if (kind == 1)
        rc = fs_study_sensitivity(&r->st, STUDY_CFG, unit_catalog(), unit_rules(), NULL, 0, &d);
    else
        rc = fs_study_sweep(&r->st, STUDY_CFG, STUDY_SWEEP, unit_catalog(), unit_rules(), NULL,
                            0, &d);
    if (rc == FS_OK)
        rc = fs_study_run(&r->st, 2, NULL, NULL, &d);
    if (rc != FS_OK) {
        fs_diag_print(&d, stdout);
        return -1;
    }
    snprintf(r->dir, sizeof(r->dir), "/tmp/fleetsim-t_plot-XXXXXX");
    return mkdtemp(r->dir) != NULL ? 0 : -1;
}

static void study_close(struct study_run *r)
{
    DIR *d = r->dir[0] ? opendir(r->dir) : NULL;
    struct dirent *e;
    char path[512];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", r->dir, e->d_name);
        remove(path);
    }
    if (d != NULL)
        closedir(d);
    if (r->dir[0])
        rmdir(r->dir);
    fs_study_release(&r->st);
}

static const char *const study_charts[3][4] = {
    {"compare_time_cost", "compare_cost", "compare_progress", NULL},
    {"tornado", NULL},
    {"sweep", NULL}};

TEST(plot_study_scripts_quote_every_name)
{
    struct fs_plot_opts opts = {FS_PLOT_SCRIPTS, 1600, 900, NULL};
    for (int kind = 0; kind < 3; kind++) {
        struct study_run r;
        struct fs_diag d;
        char path[512];
        int total = 0;
        if (study_open(&r, kind) != 0) {
            study_close(&r);
            ASSERT(!"study did not load or run");
        }
        fs_diag_clear(&d);
        /* --plots none: every script and data file, nothing drawn. */
        if (fs_plot_study(&r.st, r.dir, &opts, &d) != FS_OK) {
            fs_diag_print(&d, stdout);
            study_close(&r);
            ASSERT(!"fs_plot_study failed");
        }
        for (const char *const *c = study_charts[kind]; *c != NULL; c++) {
            char name[64];
            int n;
            snprintf(path, sizeof(path), "%s/%s.gp", r.dir, *c);
            n = check_script(path);
            snprintf(name, sizeof(name), "%s.dat", *c);
            if (n < 0 || file_size(r.dir, name) <= 0 ||
                (snprintf(name, sizeof(name), "%s.png", *c), exists_in(r.dir, name))) {
                printf("# %s: bad script, no data, or an image drawn with --plots none\n", *c);
                study_close(&r);
                ASSERT(0);
            }
            total += n;
        }
        /* Titles, legends, tic labels, point labels, notes: all quoted. */
        if (total < (kind == 0 ? 10 : 3)) {
            printf("# kind %d: only %d quoted names\n", kind, total);
            study_close(&r);
            ASSERT(0);
        }
        if (exists_in(r.dir, "owned") || exists_in(".", "owned")) {
            study_close(&r);
            ASSERT(!"a command in a scenario name ran");
        }
        study_close(&r);
    }
}

TEST(plot_study_render_hostile_names)
{
    struct fs_plot_opts opts = {FS_PLOT_PNG | FS_PLOT_SVG, 800, 450, NULL};
    unsigned w, h;
    if (gnuplot_path() == NULL) {
        unit_skip("gnuplot not installed");
        return;
    }
    for (int kind = 0; kind < 3; kind++) {
        struct study_run r;
        struct fs_diag d;
        if (study_open(&r, kind) != 0) {
            study_close(&r);
            ASSERT(!"study did not load or run");
        }
        fs_diag_clear(&d);
        if (fs_plot_study(&r.st, r.dir, &opts, &d) != FS_OK) {
            fs_diag_print(&d, stdout);
            study_close(&r);
            ASSERT(!"comparison charts failed");
        }
        if (exists_in(r.dir, "owned") || exists_in(".", "owned")) {
            study_close(&r);
            ASSERT(!"a command in a scenario name ran");
        }
        for (const char *const *c = study_charts[kind]; *c != NULL; c++) {
            char name[64];
            snprintf(name, sizeof(name), "%s.png", *c);
            if (png_size(r.dir, name, &w, &h) != 0 || w != 800 || h != 450 ||
                (snprintf(name, sizeof(name), "%s.svg", *c), file_size(r.dir, name) <= 0)) {
                printf("# %s: missing, not PNG/SVG, or not 800x450\n", *c);
                study_close(&r);
                ASSERT(0);
            }
        }
        study_close(&r);
    }
}

TEST(plot_study_failures_named)
{
    struct study_run r;
    struct fs_plot_opts opts = {FS_PLOT_PNG, 1600, 900, "/nonexistent/fleetsim/gnuplot"};
    struct fs_diag d;
    char prog[256], want[512];
    int rc;
    if (study_open(&r, 0) != 0) {
        study_close(&r);
        ASSERT(!"study did not load or run");
    }
    /* gnuplot missing: named, scripts and data written all the same. */
    fs_diag_clear(&d);
    rc = fs_plot_study(&r.st, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "/nonexistent/fleetsim/gnuplot not found; charts not drawn "
                                 "(scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0 ||
        file_size(r.dir, "compare_cost.gp") <= 0 || exists_in(r.dir, "compare_cost.png")) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        study_close(&r);
        ASSERT(0);
    }
    /* One chart failing: named, the others drawn. */
    opts.gnuplot = fake_gnuplot(r.dir,
                                "in=$(cat)\n"
                                "case \"$in\" in *\"load 'compare_cost.gp'\"*) exit 3;; esac\n"
                                FAKE_DRAW,
                                prog, sizeof(prog));
    ASSERT(opts.gnuplot != NULL);
    fs_diag_clear(&d);
    rc = fs_plot_study(&r.st, r.dir, &opts, &d);
    snprintf(want, sizeof(want), "gnuplot failed on chart 'compare_cost' (exit status 3); 2 of 3 "
                                 "charts drawn (scripts and data are in %s)", r.dir);
    if (rc != FS_EPLOT || strcmp(d.msg, want) != 0) {
        printf("# rc %d, message '%s'\n", rc, d.msg);
        study_close(&r);
        ASSERT(0);
    }
    study_close(&r);
}
