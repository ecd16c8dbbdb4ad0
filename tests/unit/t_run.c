/*
 * t_run.c - the run path's limits: lists that grow with the scenario
 * (chart event markers, sensitivity inputs, swept paths) instead of
 * stopping at a fixed count. Scenarios are generated into temporary files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetsim/compare.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "unit.h"
#include "util.h"

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
        /* The row format of fs_report_study: label, low, high. */
        snprintf(row, sizeof(row), "\n  %-24s %12.6g %12.6g ", label, 0.3, 0.5);
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
