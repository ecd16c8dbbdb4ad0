/*
 * t_run.c - the run path's limits: lists that grow with the scenario
 * (chart event markers, sensitivity inputs, swept paths) instead of
 * stopping at a fixed count. Scenarios are generated into temporary files.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"
#include "unit.h"
#include "util.h"

#define DATA_STRATEGIES "tests/unit/data/strategies.cfg"

/* A small scenario (one cluster, one job, 2 replicates over 30 days) with
 * norders orders and nsens sensitivity inputs, written to a temporary
 * file whose name is copied into path. 0 or -1. */
static int write_cfg(char *path, size_t len, int norders, int nsens)
{
    FILE *f;
    int fd;
    snprintf(path, len, "/tmp/fleetsim-t_run-XXXXXX");
    if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
        return -1;
    fputs("scenario = { name = \"limits\"; start_date = \"2025-01-01\"; horizon_days = 30.0;"
          " seed = 3; replicates = 2; };\n"
          "regions = ( { name = \"us\"; destination = \"US\"; } );\n"
          "clusters = ( { name = \"c\"; region = \"us\"; chip = \"H100-SXM\"; gpus = 64;"
          " ownership = \"owned\"; capex_usd_per_gpu = 30000.0; amortization_years = 5.0;"
          " rental_usd_per_gpu_hour = 2.0; power_usd_per_kwh = 0.08; } );\n"
          "jobs = ( { name = \"run\"; cluster = \"c\"; gpus = 32; flop = 1.0e21; mfu = 0.4; } );\n",
          f);
    for (int i = 0; i < norders; i++)
        fprintf(f, "%s{ name = \"o%d\"; date = \"2025-01-%02d\"; cluster = \"c\"; count = 8;"
                   " unit_price_usd = 30000.0; lead_time_days = 5.0; }%s\n",
                i == 0 ? "orders = (\n" : "", i, 1 + i % 28, i + 1 < norders ? "," : " );");
    for (int i = 0; i < nsens; i++)
        fprintf(f, "%s{ path = \"jobs[run].mfu\"; low = 0.3; high = 0.5; label = \"in%d\"; }%s\n",
                i == 0 ? "sensitivity = (\n" : "", i, i + 1 < nsens ? "," : " );");
    return fclose(f) == 0 ? 0 : -1;
}

/* 70 orders give 70 order markers on the calendar charts (it stopped at
 * 64 markers in all, rules included). */
TEST(run_events_grow_with_orders)
{
    char path[64];
    struct fs_scenario *s;
    struct fs_dated_event *ev;
    size_t n, orders = 0;
    ASSERT(write_cfg(path, sizeof(path), 70, 0) == 0);
    s = unit_load(path, NULL, 0);
    unlink(path);
    ASSERT(s != NULL);
    ev = fs_dated_events(s, &n);
    ASSERT(ev != NULL);
    for (size_t i = 0; i < n; i++)
        orders += ev[i].label[0] == 'o';
    ASSERT_INT_EQ(orders, 70); /* every order is dated within the 30-day horizon */
    free(ev);
    fs_scenario_free(s);
}

/* 65 sensitivity inputs: the report lists all 65 (it overflowed a
 * 64-entry array and crashed). */
TEST(run_sensitivity_65_inputs)
{
    char path[64], *text = NULL;
    size_t len = 0, rows = 0;
    struct fs_study st;
    struct fs_diag d;
    FILE *out;
    fs_diag_clear(&d);
    ASSERT(write_cfg(path, sizeof(path), 0, 65) == 0);
    ASSERT(fs_study_sensitivity(&st, path, unit_catalog(), unit_rules(), NULL, 0, &d) == FS_OK);
    unlink(path);
    ASSERT_INT_EQ(st.n, 1 + 2 * 65); /* baseline + low and high of each input */
    ASSERT(fs_study_run(&st, 1, NULL, NULL, &d) == FS_OK);
    ASSERT((out = open_memstream(&text, &len)) != NULL);
    fs_report_study(&st, out);
    fclose(out);
    for (int i = 0; i < 65; i++) {
        char label[16], row[80];
        snprintf(label, sizeof(label), "in%d", i);
        /* The row format of fs_report_study: label, low, high; the label
         * column is as wide as the longest label or "input": 5. */
        snprintf(row, sizeof(row), "\n  %-5s %12.6g %12.6g ", label, 0.3, 0.5);
        rows += strstr(text, row) != NULL;
    }
    ASSERT_INT_EQ(rows, 65); /* one tornado row per input */
    free(text);
    fs_study_release(&st);
}

/* A sweep over nine paths applies all nine: a bad ninth path is an error
 * (it was silently dropped after the eighth). */
TEST(run_sweep_nine_paths)
{
    char path[64], spec[512];
    struct fs_study st;
    struct fs_diag d;
    size_t o = 0;
    fs_diag_clear(&d);
    ASSERT(write_cfg(path, sizeof(path), 0, 0) == 0);
    for (int i = 0; i < 8; i++)
        o += (size_t)snprintf(spec + o, sizeof(spec) - o, "jobs[run].gpus,");
    snprintf(spec + o, sizeof(spec) - o, "jobs[run].no_such_setting=16:32:2");
    ASSERT(fs_study_sweep(&st, path, spec, unit_catalog(), unit_rules(), NULL, 0, &d) ==
           FS_ESCENARIO);
    ASSERT(strstr(d.msg, "no_such_setting") != NULL || strstr(d.setting, "no_such_setting"));
    /* Nine good paths load. */
    o = 0;
    for (int i = 0; i < 8; i++)
        o += (size_t)snprintf(spec + o, sizeof(spec) - o, "jobs[run].gpus,");
    snprintf(spec + o, sizeof(spec) - o, "clusters[c].gpus=16:32:2");
    fs_diag_clear(&d);
    ASSERT(fs_study_sweep(&st, path, spec, unit_catalog(), unit_rules(), NULL, 0, &d) == FS_OK);
    unlink(path);
    ASSERT_INT_EQ(st.v[1].s->jobs[0].gpus, 32);
    ASSERT_INT_EQ(st.v[1].s->clusters[0].gpus, 32); /* the ninth path took the value (was 64) */
    fs_study_release(&st);
}

/* ---- output files and folders ------------------------------------------ */

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void rm_rf(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
}

/* A symbolic link planted at the old predictable temporary name
 * (.summary.csv.tmp.PID) is not followed: its target keeps its content,
 * and summary.csv becomes a regular file (it used to be overwritten through
 * the link, and the link renamed into place). */
TEST(run_outfile_ignores_planted_symlink)
{
    char dir[] = "/tmp/fleetsim-t_run-XXXXXX", victim[80], link[120], final[80];
    struct fs_outfile o;
    struct fs_diag d;
    struct stat st;
    char *text;
    FILE *f;
    fs_diag_clear(&d);
    ASSERT(mkdtemp(dir) != NULL);
    snprintf(victim, sizeof(victim), "%s/victim", dir);
    snprintf(link, sizeof(link), "%s/.summary.csv.tmp.%ld", dir, (long)getpid());
    snprintf(final, sizeof(final), "%s/summary.csv", dir);
    ASSERT((f = fopen(victim, "w")) != NULL);
    fputs("precious\n", f);
    fclose(f);
    ASSERT(symlink(victim, link) == 0);
    ASSERT(fs_outfile_open(&o, dir, "summary.csv", &d) == FS_OK);
    ASSERT(strcmp(o.tmp, link) != 0);
    fputs("new\n", o.f);
    ASSERT(fs_outfile_close(&o, &d) == FS_OK);
    ASSERT(fs_outfile_commit(&o, &d) == FS_OK);
    text = unit_slurp("", victim);
    ASSERT_STR_EQ(text, "precious\n");
    free(text);
    text = unit_slurp("", final);
    ASSERT_STR_EQ(text, "new\n");
    free(text);
    ASSERT(lstat(final, &st) == 0 && S_ISREG(st.st_mode));
    ASSERT(lstat(link, &st) == 0 && S_ISLNK(st.st_mode)); /* left alone */
    ASSERT_INT_EQ(count_entries(dir), 3); /* victim, link, summary.csv: no temporary left */
    rm_rf(dir);
}

/* A path longer than the old 1,024/1,100-byte buffers is kept whole: the
 * file lands at exactly that path (it was cut to "summary.cs" and the like). */
TEST(run_outfile_long_path_not_truncated)
{
    char dir[] = "/tmp/fleetsim-t_run-XXXXXX", deep[1200];
    struct fs_outfile o;
    struct fs_diag d;
    size_t n;
    fs_diag_clear(&d);
    ASSERT(mkdtemp(dir) != NULL);
    n = (size_t)snprintf(deep, sizeof(deep), "%s", dir);
    /* Four components of 250 bytes: 1,000 bytes below the temporary folder. */
    for (int k = 0; k < 4; k++) {
        deep[n++] = '/';
        memset(deep + n, 'a' + k, 250);
        n += 250;
        deep[n] = '\0';
    }
    ASSERT(fs_mkdir_p(deep, &d) == FS_OK);
    ASSERT(fs_outfile_open(&o, deep, "summary.csv", &d) == FS_OK);
    ASSERT_INT_EQ(strlen(o.final), n + strlen("/summary.csv"));
    ASSERT(strncmp(o.tmp, deep, n) == 0 && strncmp(o.tmp + n, "/.summary.csv.", 14) == 0);
    fputs("x\n", o.f);
    ASSERT(fs_outfile_close(&o, &d) == FS_OK);
    ASSERT(fs_outfile_commit(&o, &d) == FS_OK);
    strcat(deep, "/summary.csv");
    ASSERT(access(deep, R_OK) == 0);
    /* The same through a whole path (the trace's writer). */
    strcat(deep, "2");
    ASSERT(fs_outfile_open_path(&o, deep, &d) == FS_OK);
    ASSERT(fs_outfile_close(&o, &d) == FS_OK);
    ASSERT(fs_outfile_commit(&o, &d) == FS_OK);
    ASSERT(access(deep, R_OK) == 0);
    rm_rf(dir);
}

/* SIGTERM while a temporary is open removes it, then ends the process by
 * that signal (checked in a child process). */
TEST(run_outfile_removed_on_sigterm)
{
    char dir[] = "/tmp/fleetsim-t_run-XXXXXX";
    int status;
    pid_t pid;
    ASSERT(mkdtemp(dir) != NULL);
    fflush(stdout);
    if ((pid = fork()) == 0) {
        struct fs_outfile o;
        struct fs_diag d;
        fs_diag_clear(&d);
        if (fs_outfile_open(&o, dir, "summary.csv", &d) != FS_OK)
            _exit(3);
        fputs("partial\n", o.f);
        raise(SIGTERM);
        _exit(4);
    }
    ASSERT(pid > 0);
    ASSERT(waitpid(pid, &status, 0) == pid);
    ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    ASSERT_INT_EQ(count_entries(dir), 0);
    rmdir(dir);
}

/* Runs the strategies study (or, alone, its baseline) into dir. */
static int run_into(const char *dir, int alone, const char *trace)
{
    struct fs_plot_opts plot = {0, 1600, 900, NULL};
    struct fs_run_opts o = {dir, 1, trace, 0, &plot, NULL, NULL, 0, 0, 0, 0, 0, NULL};
    struct fs_study st;
    struct fs_diag d;
    FILE *null = fopen("/dev/null", "w");
    int rc;
    fs_diag_clear(&d);
    rc = alone ? fs_study_single(&st, DATA_STRATEGIES, unit_catalog(), unit_rules(), NULL, 0, &d)
               : fs_study_strategies(&st, DATA_STRATEGIES, unit_catalog(), unit_rules(), NULL, 0,
                                     &d);
    if (rc == FS_OK) {
        rc = fs_run_study(&st, !alone, &o, null, null);
        fs_study_release(&st);
    }
    fclose(null);
    return rc;
}

/* One run owns its folder: a run of the baseline alone after a comparison
 * leaves no comparison.csv or compare_* behind; a failed run (its trace
 * cannot be written) leaves the previous run's folder as it was and
 * nothing beside it; a folder fleetsim did not write is refused. */
TEST(run_owns_output_folder)
{
    char dir[] = "/tmp/fleetsim-t_run-XXXXXX", out[80], file[120];
    struct stat st;
    char *text;
    FILE *f;
    ASSERT(mkdtemp(dir) != NULL);
    snprintf(out, sizeof(out), "%s/out", dir);
    ASSERT_INT_EQ(run_into(out, 0, NULL), FS_OK);
    snprintf(file, sizeof(file), "%s/comparison.csv", out);
    ASSERT(access(file, R_OK) == 0);
    ASSERT_INT_EQ(run_into(out, 1, NULL), FS_OK);
    ASSERT(access(file, F_OK) != 0); /* stale comparison gone */
    snprintf(file, sizeof(file), "%s/compare_cost.dat", out);
    ASSERT(access(file, F_OK) != 0);
    snprintf(file, sizeof(file), "%s/%s", out, FS_OUTPUT_MARKER);
    ASSERT(stat(file, &st) == 0 && S_ISREG(st.st_mode));
    /* A failure after the results were written leaves the old folder. */
    snprintf(file, sizeof(file), "%s/summary.csv", out);
    ASSERT((f = fopen(file, "a")) != NULL);
    fputs("old run\n", f);
    fclose(f);
    ASSERT(run_into(out, 0, "/nonexistent-fleetsim-dir/trace.txt") == FS_EIO);
    text = unit_slurp("", file);
    ASSERT(text != NULL && strstr(text, "old run\n") != NULL);
    free(text);
    ASSERT_INT_EQ(count_entries(dir), 1); /* only out: the fresh folder was removed */
    /* Someone else's folder is refused and left alone. */
    snprintf(out, sizeof(out), "%s/theirs", dir);
    ASSERT(mkdir(out, 0777) == 0);
    snprintf(file, sizeof(file), "%s/notes.txt", out);
    ASSERT((f = fopen(file, "w")) != NULL);
    fclose(f);
    ASSERT_INT_EQ(run_into(out, 1, NULL), FS_EUSAGE);
    ASSERT_INT_EQ(count_entries(out), 1);
    rm_rf(dir);
}

/* A sweep keeps tiny values (they were rounded to 0 when |x| < 1e-9) and
 * passes each variant's value to the loader to the last bit. */
TEST(run_sweep_tiny_values_exact)
{
    struct fs_study st;
    struct fs_diag d;
    fs_diag_clear(&d);
    ASSERT(fs_study_sweep(&st, DATA_STRATEGIES,
                          "failures.node_failures_per_1000_node_days=1e-12:3e-12:3",
                          unit_catalog(), unit_rules(), NULL, 0, &d) == FS_OK);
    ASSERT_INT_EQ(st.n, 3);
    ASSERT_STR_EQ(st.v[0].label, "1e-12");
    ASSERT_STR_EQ(st.v[1].label, "2e-12"); /* 1e-12 + (3e-12 - 1e-12) * 0.5 */
    ASSERT_STR_EQ(st.v[2].label, "3e-12");
    ASSERT(st.v[0].x == 1e-12);
    ASSERT(st.v[1].x == 1e-12 + (3e-12 - 1e-12) * 0.5); /* the value, to the last bit */
    /* 1e-12 failures per 1000 node-days = 1e-12 / 1000 / 24 per node-hour. */
    ASSERT_REL(st.v[0].s->clusters[0].fail.node_rate_per_h, 1e-12 / 1000.0 / 24.0, 1e-12);
    fs_study_release(&st);
}

/* Names reach the terminal through fs_term: a clean name as it is (the
 * same pointer, any length); ESC, BEL, newline and DEL shown as '?', so a
 * name cannot clear the screen or break a table line; a long dirty name
 * cut with "..." within FS_TERM_MAX. */
TEST(run_term_names)
{
    static const char clean[] = "v3_pretrain (H800, 2,048 GPUs)";
    char longname[2000];
    const char *t;
    ASSERT(fs_term(clean) == clean);
    ASSERT_STR_EQ(fs_term("a\033[2Jb\a\nc\x7f"), "a?[2Jb??c?"); /* ESC, BEL, LF, DEL */
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    ASSERT(fs_term(longname) == longname);
    longname[0] = '\033';
    t = fs_term(longname);
    ASSERT_INT_EQ(strlen(t), FS_TERM_MAX - 1);
    ASSERT(t[0] == '?' && strcmp(t + FS_TERM_MAX - 4, "...") == 0);
}
