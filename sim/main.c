/*
 * main.c - the fleetsim command line. Parses options into a struct
 * fs_run_args, draws the progress bar, and decides the exit status; loading,
 * running and writing live in the library (sim/run.c, fs_run).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include <time.h>
#include <unistd.h>

#include "fleetsim/mpi.h"
#include "fleetsim/cfg.h"
#include "fleetsim/costview.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/plot.h"
#include "fleetsim/error.h"
#include "fleetsim/run.h"
#include "fleetsim/scenario.h"
#include "fleetsim/sobol_study.h"
#include "fleetsim/term.h"
#include "fleetsim/version.h"

enum exit_code { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SCENARIO = 3, EXIT_PLOT = 4 };

/* The exit status for a library error code (see --help). */
static int exit_for(int rc)
{
    switch (rc) {
    case FS_OK:
        return EXIT_OK;
    case FS_EUSAGE:
        return EXIT_USAGE;
    case FS_ESCENARIO:
        return EXIT_SCENARIO;
    case FS_EPLOT:
        return EXIT_PLOT;
    default: /* I/O, memory, numerical, range */
        return EXIT_RUNTIME;
    }
}

#define STR(x) #x
#define XSTR(x) STR(x)

static void usage(FILE *out)
{
    fputs("usage: fleetsim [options] SCENARIO.cfg\n"
          "       fleetsim --classify [CHIP] --region R --date YYYY-MM-DD [SCENARIO.cfg]\n"
          "       fleetsim --explain JOB [--set PATH=VALUE ...] SCENARIO.cfg\n"
          "       fleetsim --list-gpus | --list-params | --help | --version\n"
          "\n"
          "Simulates GPU fleets and training runs described by a scenario file and\n"
          "reports time-to-train, GPU-hours, energy and cost.\n"
          "\n",
          out);
    fputs("options:\n"
          "  -h, --help            show this help and exit\n"
          "  -V, --version         show the version and exit\n"
          "  -c, --check           validate the scenario and exit\n"
          "  -l, --list-gpus       print the chip catalog with TPP and performance density\n"
          "      --list-params     print every scenario setting (Markdown tables)\n"
          "      --explain JOB     print how JOB's MFU is derived, step by step with the\n"
          "                        numbers (the throughput model's derivation for a\n"
          "                        predicted job), and exit; writes no file\n"
          "      --classify [CHIP] apply the export rules to CHIP (every chip if omitted)\n"
          "                        shipped to --region on --date; R is a standard\n"
          "                        destination (CN, MO, US, JP, SG, AE, IN) or, with a\n"
          "                        SCENARIO.cfg, one of its regions (its chips and rules too)\n"
          "      --region R        destination for --classify\n"
          "      --date D          day for --classify (YYYY-MM-DD)\n"
          "  -o, --output DIR      output folder (default out/<scenario name>/), replaced\n"
          "                        whole by each run; a non-empty folder fleetsim did not\n"
          "                        write (no .fleetsim-output in it) is refused\n"
          "  -j, --threads N       worker threads, 1 to " XSTR(FS_MAX_THREADS) " (default: one per\n"
          "                        core, at most " XSTR(FS_MAX_THREADS) "); results do not depend on it\n"
          "      --trace FILE      write the event log of one replicate to FILE (- for stdout)\n"
          "      --trace-replicate N  which replicate to trace (default 0)\n"
          "  -q, --quiet           no progress bar\n"
          "      --plots LIST      chart formats: png, svg, pdf, comma-separated, or none\n"
          "                        (default png,svg)\n"
          "      --plot-size WxH   chart size in pixels (default 1600x900)\n"
          "      --no-report       do not write report.html into the output folder\n"
          "      --by-date D       also report each job's P(finished by the end of day D)\n"
          "                        (YYYY-MM-DD), with its 95% interval\n"
          "\n",
          out);
    fputs("comparisons (every variant runs with the same seeds; differences come with\n"
          "95% confidence intervals):\n"
          "  a scenario with `strategies` compares the scenario as written (baseline)\n"
          "  with each strategy; several SCENARIO files compare with the first;\n"
          "      --sweep PATH[,PATH...]=FROM:TO:STEPS[:log]\n"
          "                        run the scenario for each value of the setting(s);\n"
          "                        FROM and TO may be dates (YYYY-MM-DD): evenly spaced\n"
          "                        whole days, both ends included\n"
          "      --compare 'LABEL: set PATH=VALUE; remove PATH; ...'\n"
          "                        compare the scenario as written (baseline) with this\n"
          "                        route, clauses separated by ';' (repeatable; the\n"
          "                        scenario's strategies are not run)\n"
          "      --sensitivity     run each input of the scenario's `sensitivity` list at\n"
          "                        its low and high value (tornado chart)\n"
          "      --sobol N         Sobol indices of the scenario's `sobol` inputs for its\n"
          "                        outputs: N base samples, N x (inputs + 2) evaluations\n"
          "                        of sobol.replicates replicates each (sobol.csv, chart)\n"
          "      --no-strategies   simulate the scenario alone, ignoring its strategies\n"
          "      --cost-view V     the job cost a comparison ranks by: absorption (default;\n"
          "                        fleet cost per delivered GPU-hour x GPU-hours), marginal\n"
          "                        (rental-equivalent) or dedicated (cluster TCO while held)\n"
          "      --all-replicates  also write replicates_VARIANT.csv for every variant\n"
          "      --wide            print tables at full width; by default lines fit the\n"
          "                        terminal (COLUMNS, else 100 characters)\n"
          "  -s, --seed N          override scenario.seed (integer >= 0)\n"
          "  -n, --replicates N    override scenario.replicates (integer >= 1)\n"
          "      --set PATH=VALUE  override one setting, checked like the file;\n"
          "                        PATH as in error messages, e.g. jobs[0].mfu or\n"
          "                        jobs[v3_pretrain].mfu (repeatable)\n"
          "      --catalog FILE    use this chip catalog instead of the built-in one\n"
          "\n"
          "exit status:\n"
          "  0  success\n"
          "  1  runtime or I/O failure (e.g. the scenario file cannot be read)\n"
          "  2  usage error (bad option or argument, an output folder fleetsim did\n"
          "     not write, a path too long)\n"
          "  3  invalid scenario or catalog (the message names file, line and setting)\n"
          "  4  results written, but charts could not be drawn (gnuplot missing or a\n"
          "     chart failed; the .gp and .dat files are in the output folder)\n",
          out);
}

/* Parses a non-negative decimal integer in [min, max]. */
static int parse_count(const char *s, long long min, long long max, long long *out)
{
    char *end;
    long long v;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int fail_usage(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fleetsim: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'fleetsim --help'.\n");
    return EXIT_USAGE;
}

struct progress {
    struct fs_progress_label v; /* first: filled by the study (fleetsim/term.h) */
    struct timespec t0;         /* when the first replicate started */
    int started, shown;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* "ETA 1h02m", "ETA 3m05s", "ETA 12s" into buf; empty while unknown. */
static void format_eta(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (!(s >= 0) || s > 1e7)
        snprintf(buf, size, "%s", "");
    else if (t >= 3600)
        snprintf(buf, size, " ETA %ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60)
        snprintf(buf, size, " ETA %ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, size, " ETA %lds", t);
}

/* A progress bar on stderr, only once a run has lasted half a second: the
 * variant (when a study runs several), its replicates, and the time left
 * for the whole run, from the pace so far. */
static void show_progress(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    int width = 30, filled = (int)((double)width * (double)done / (double)total);
    size_t nv = p->v.count > 0 ? p->v.count : 1;
    double frac = ((double)p->v.index + (double)done / (double)total) / (double)nv, el;
    char eta[32], name[96] = "";
    if (!p->started) {
        clock_gettime(CLOCK_MONOTONIC, &p->t0);
        p->started = 1;
    }
    el = seconds_since(&p->t0);
    if (!p->shown && ((done == total && p->v.index + 1 >= nv) || el < 0.5))
        return;
    p->shown = 1;
    format_eta(eta, sizeof(eta), frac > 0 ? el * (1 - frac) / frac : -1);
    if (p->v.label != NULL && nv > 1) /* at most 24 characters of the name, the rest as "..." */
        snprintf(name, sizeof(name), " %zu/%zu %.24s%s", p->v.index + 1, nv, p->v.label,
                 strlen(p->v.label) > 24 ? "..." : "");
    fprintf(stderr, "\r\033[Kfleetsim:%s [%.*s%*s] %zu/%zu replicates%s", name, filled,
            "##############################", width - filled, "", done, total, eta);
    if (done == total && p->v.index + 1 >= nv)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* Does the argument name a scenario file rather than a chip? */
static int looks_like_scenario(const char *arg)
{
    size_t n = strlen(arg);
    return n > 4 && strcmp(arg + n - 4, ".cfg") == 0;
}

/*
 * --classify [CHIP] --region R --date D [SCENARIO.cfg]: sorts the
 * arguments into chip and scenario and checks the day. An exit code.
 */
static int classify_args(int nargs, char **args, const char *region, const char *date,
                         struct fs_run_args *a)
{
    for (int i = 0; i < nargs; i++) {
        if (looks_like_scenario(args[i]) && a->nfiles == 0) {
            a->files = &args[i];
            a->nfiles = 1;
        } else if (a->chip == NULL && !looks_like_scenario(args[i])) {
            a->chip = args[i];
        } else {
            return fail_usage("--classify: unexpected argument '%s'", args[i]);
        }
    }
    if (region == NULL || date == NULL)
        return fail_usage("--classify needs --region R and --date YYYY-MM-DD");
    if (fs_date_parse(date, &a->day) != 0)
        return fail_usage("--date: %s (got '%s')", fs_date_strerror(fs_date_parse(date, &a->day)),
                          date);
    a->region = region;
    return EXIT_OK;
}

enum { OPT_SET = 256, OPT_CATALOG, OPT_LIST_PARAMS, OPT_TRACE, OPT_TRACE_REP, OPT_PLOTS,
       OPT_PLOT_SIZE, OPT_CLASSIFY, OPT_REGION, OPT_DATE, OPT_SWEEP, OPT_SENS,
       OPT_NO_STRAT, OPT_EXPLAIN, OPT_BY_DATE, OPT_COST_VIEW, OPT_NO_REPORT,
       OPT_ALL_REPS, OPT_WIDE, OPT_COMPARE, OPT_SOBOL };
static const struct option longopts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"check", no_argument, NULL, 'c'},
    {"list-gpus", no_argument, NULL, 'l'},
    {"list-params", no_argument, NULL, OPT_LIST_PARAMS},
    {"output", required_argument, NULL, 'o'},
    {"seed", required_argument, NULL, 's'},
    {"replicates", required_argument, NULL, 'n'},
    {"set", required_argument, NULL, OPT_SET},
    {"catalog", required_argument, NULL, OPT_CATALOG},
    {"threads", required_argument, NULL, 'j'},
    {"trace", required_argument, NULL, OPT_TRACE},
    {"trace-replicate", required_argument, NULL, OPT_TRACE_REP},
    {"quiet", no_argument, NULL, 'q'},
    {"plots", required_argument, NULL, OPT_PLOTS},
    {"classify", no_argument, NULL, OPT_CLASSIFY},
    {"sweep", required_argument, NULL, OPT_SWEEP},
    {"sensitivity", no_argument, NULL, OPT_SENS},
    {"sobol", required_argument, NULL, OPT_SOBOL},
    {"no-strategies", no_argument, NULL, OPT_NO_STRAT},
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"region", required_argument, NULL, OPT_REGION},
    {"date", required_argument, NULL, OPT_DATE},
    {"plot-size", required_argument, NULL, OPT_PLOT_SIZE},
    {"by-date", required_argument, NULL, OPT_BY_DATE},
    {"cost-view", required_argument, NULL, OPT_COST_VIEW},
    {"no-report", no_argument, NULL, OPT_NO_REPORT},
    {"all-replicates", no_argument, NULL, OPT_ALL_REPS},
    {"wide", no_argument, NULL, OPT_WIDE},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {NULL, 0, NULL, 0},
};

/* Everything the command line says. */
struct cli {
    struct fs_override *ov; /* --set, then --seed and -n: at most argc + 2 */
    size_t nov;
    const char *catalog_path, *outdir, *seed_arg, *reps_arg, *trace_path, *sweep;
    const char *region, *date, *explain;
    int check, list_gpus, list_params, quiet, threads, classify, sensitivity, no_strategies;
    int wide; /* --wide: no folding to the terminal width */
    char **routes; /* --compare specs: at most argc */
    size_t nroutes;
    unsigned long trace_rep;
    struct fs_plot_opts plot;
    int by_date_set;
    fs_date by_date;
    enum fs_cost_view cost_view;
    int no_report;
    int all_replicates;
    size_t sobol; /* --sobol N: base samples (0: none) */
};

/* Takes one option. -1 to go on, or an exit code (help, version, a usage
 * error). */
static int one_option(int opt, char *arg, char **argv, struct cli *c)
{
    long long v;
    switch (opt) {
    case 'h':
        usage(stdout);
        return EXIT_OK;
    case 'V':
        printf("fleetsim %s\n", FS_VERSION);
        return EXIT_OK;
    case 'c':
        c->check = 1;
        return -1;
    case 'l':
        c->list_gpus = 1;
        return -1;
    case OPT_LIST_PARAMS:
        c->list_params = 1;
        return -1;
    case 'o':
        c->outdir = arg;
        return -1;
    case 's':
        if (parse_count(arg, 0, INT64_MAX, &v) != 0)
            return fail_usage("--seed: expected an integer >= 0 (got '%s')", arg);
        c->seed_arg = arg;
        return -1;
    case 'n':
        if (parse_count(arg, 1, 1000000, &v) != 0)
            return fail_usage("--replicates: expected an integer from 1 to 1000000 (got '%s')",
                              arg);
        c->reps_arg = arg;
        return -1;
    case OPT_SET: {
        char *eq = strchr(arg, '=');
        if (eq == NULL || eq == arg)
            return fail_usage("--set: expected PATH=VALUE (got '%s')", arg);
        *eq = '\0';
        c->ov[c->nov].path = arg;
        c->ov[c->nov].value = eq + 1;
        c->ov[c->nov].origin_file = c->ov[c->nov].origin_setting = NULL;
        c->ov[c->nov].origin_line = 0;
        c->nov++;
        return -1;
    }
    case OPT_CATALOG:
        c->catalog_path = arg;
        return -1;
    case 'j':
        if (parse_count(arg, 1, FS_MAX_THREADS, &v) != 0)
            return fail_usage("--threads: expected an integer from 1 to %d (got '%s')",
                              FS_MAX_THREADS, arg);
        c->threads = (int)v;
        return -1;
    case 'q':
        c->quiet = 1;
        return -1;
    case OPT_CLASSIFY:
        c->classify = 1;
        return -1;
    case OPT_SWEEP:
        c->sweep = arg;
        return -1;
    case OPT_SENS:
        c->sensitivity = 1;
        return -1;
    case OPT_NO_STRAT:
        c->no_strategies = 1;
        return -1;
    case OPT_SOBOL:
        if (parse_count(arg, 2, FS_SOBOL_MAX_N, &v) != 0)
            return fail_usage("--sobol: expected a number of base samples from 2 to %d "
                              "(got '%s')", FS_SOBOL_MAX_N, arg);
        c->sobol = (size_t)v;
        return -1;
    case OPT_ALL_REPS:
        c->all_replicates = 1;
        return -1;
    case OPT_WIDE:
        c->wide = 1;
        return -1;
    case OPT_COMPARE:
        c->routes[c->nroutes++] = arg;
        return -1;
    case OPT_COST_VIEW:
        if (fs_view_parse(arg, &c->cost_view) != FS_OK)
            return fail_usage("--cost-view: expected absorption, marginal or dedicated "
                              "(got '%s')", arg);
        return -1;
    case OPT_EXPLAIN:
        c->explain = arg;
        return -1;
    case OPT_REGION:
        c->region = arg;
        return -1;
    case OPT_DATE:
        c->date = arg;
        return -1;
    case OPT_NO_REPORT:
        c->no_report = 1;
        return -1;
    case OPT_PLOTS:
        if (fs_plot_parse_formats(arg, &c->plot.formats) != 0)
            return fail_usage("--plots: expected png, svg, pdf (comma-separated) or none "
                              "(got '%s')", arg);
        return -1;
    case OPT_PLOT_SIZE:
        if (fs_plot_parse_size(arg, &c->plot.width, &c->plot.height) != 0)
            return fail_usage("--plot-size: expected WIDTHxHEIGHT, each 200 to 10000 "
                              "(got '%s')", arg);
        return -1;
    case OPT_TRACE:
        c->trace_path = arg;
        return -1;
    case OPT_BY_DATE:
        if (fs_date_parse(arg, &c->by_date) != 0)
            return fail_usage("--by-date: %s (got '%s')",
                              fs_date_strerror(fs_date_parse(arg, &c->by_date)), arg);
        c->by_date_set = 1;
        return -1;
    case OPT_TRACE_REP:
        if (parse_count(arg, 0, 999999, &v) != 0)
            return fail_usage("--trace-replicate: expected an integer >= 0 (got '%s')", arg);
        c->trace_rep = (unsigned long)v;
        return -1;
    case ':':
        return fail_usage("option '%s' needs an argument", argv[optind - 1]);
    default:
        return fail_usage("unknown option '%s'", argv[optind - 1]);
    }
    return -1;
}

/* The arguments after the options, as the library's run arguments. -1 to
 * run, or an exit code. */
static int run_args(struct cli *c, int nargs, char **args, struct progress *prog,
                    struct fs_run_args *a)
{
    memset(a, 0, sizeof(*a));
    a->catalog_path = c->catalog_path;
    a->ov = c->ov;
    a->nov = c->nov;
    if (c->list_gpus) {
        a->mode = FS_RUN_LIST_GPUS;
        return -1;
    }
    if (c->classify) {
        int rc;
        a->mode = FS_RUN_CLASSIFY;
        return (rc = classify_args(nargs, args, c->region, c->date, a)) != EXIT_OK ? rc : -1;
    }
    if (nargs == 0)
        return fail_usage("missing SCENARIO.cfg");
    if (c->explain) {
        if (nargs != 1)
            return fail_usage("--explain takes one scenario (got also '%s')", args[1]);
        if (c->check || c->sweep || c->sensitivity || c->trace_path)
            return fail_usage("--explain prints and exits; it does not combine with %s",
                              c->check ? "--check" : c->sweep ? "--sweep"
                              : c->sensitivity ? "--sensitivity" : "--trace");
        a->mode = FS_RUN_EXPLAIN;
        a->explain_job = c->explain;
        a->files = args;
        a->nfiles = 1;
        return -1;
    }
    if (!!c->sweep + c->sensitivity + (c->sobol > 0) > 1)
        return fail_usage("--sweep, --sensitivity and --sobol are separate runs; choose one");
    if (c->nroutes > 0 && (c->sweep || c->sensitivity || c->sobol || c->no_strategies || nargs != 1))
        return fail_usage("--compare compares routes of one scenario; it does not combine with "
                          "%s", c->sweep ? "--sweep" : c->sensitivity ? "--sensitivity"
                                : c->sobol ? "--sobol" : c->no_strategies ? "--no-strategies"
                                : "several scenarios");
    if ((c->sweep || c->sensitivity || c->sobol || c->check) && nargs != 1)
        return fail_usage("%s takes one scenario (got also '%s')",
                          c->check ? "--check" : c->sweep ? "--sweep"
                          : c->sobol ? "--sobol" : "--sensitivity", args[1]);
    a->mode = c->check ? FS_RUN_CHECK : FS_RUN_SIMULATE;
    a->files = args;
    a->nfiles = (size_t)nargs;
    a->sweep = c->sweep;
    a->sensitivity = c->sensitivity;
    a->sobol_n = c->sobol;
    a->no_strategies = c->no_strategies;
    a->routes = (const char *const *)c->routes;
    a->nroutes = c->nroutes;
    a->opts = (struct fs_run_opts){c->outdir, c->threads, c->trace_path, c->trace_rep, &c->plot,
                                   c->quiet || !isatty(STDERR_FILENO) ? NULL : show_progress,
                                   prog, c->by_date_set, c->by_date, c->cost_view,
                                   c->no_report, c->all_replicates, NULL};
    return -1;
}

/*
 * Runs with the report written to memory, then folds it to stdout at the
 * terminal width (COLUMNS, else 100); as it is with --wide, or when the
 * trace shares stdout. A library error code.
 */
static int run_fitted(const struct fs_run_args *a, int wide)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;
    if (wide || (mem = open_memstream(&buf, &len)) == NULL)
        return fs_run(a, stdout, stderr);
    rc = fs_run(a, mem, stderr);
    if (fclose(mem) != 0) {
        free(buf);
        fputs("fleetsim: out of memory for the report\n", stderr);
        return FS_ENOMEM;
    }
    if (fs_term_fold(buf, len, fs_term_width(), stdout) != 0 || fflush(stdout) != 0) {
        free(buf);
        fprintf(stderr, "fleetsim: writing the report: %s\n", strerror(errno));
        return rc != FS_OK ? rc : FS_EIO;
    }
    free(buf);
    return rc;
}

static int run_main(int argc, char **argv)
{
    static struct cli c;
    struct progress prog = {{NULL, 0, 0}, {0, 0}, 0, 0};
    struct fs_run_args args;
    int opt, rc;

    gsl_set_error_handler_off();
    c.plot = (struct fs_plot_opts){FS_PLOT_PNG | FS_PLOT_SVG, 1600, 900, NULL};
    /* Each --set takes at least one argument: argc bounds their number. */
    if ((c.ov = calloc((size_t)argc + 2, sizeof(*c.ov))) == NULL ||
        (c.routes = calloc((size_t)argc + 1, sizeof(*c.routes))) == NULL) {
        fputs("fleetsim: out of memory\n", stderr);
        return EXIT_RUNTIME;
    }
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hVclo:s:n:j:q", longopts, NULL)) != -1)
        if ((rc = one_option(opt, optarg, argv, &c)) >= 0)
            return rc;
    /* -n and --seed are overrides like --set, applied last. */
    if (c.seed_arg != NULL)
        c.ov[c.nov++] = (struct fs_override){"scenario.seed", c.seed_arg, NULL, 0, NULL};
    if (c.reps_arg != NULL)
        c.ov[c.nov++] = (struct fs_override){"scenario.replicates", c.reps_arg, NULL, 0, NULL};
    if (c.list_params) {
        fs_scenario_print_params(stdout);
        return EXIT_OK;
    }
    if ((rc = run_args(&c, argc - optind, argv + optind, &prog, &args)) >= 0)
        return rc;
    /* The chip list is a catalogue dump, wider than any terminal, and
     * folding would break its rows: it prints as it is. */
    return exit_for(run_fitted(&args, c.wide || args.mode == FS_RUN_LIST_GPUS ||
                                          (c.trace_path && strcmp(c.trace_path, "-") == 0)));
}

/* In an MPI job (make MPI=1, mpi.h) every rank runs the same command;
 * rank 0 alone prints and writes. */
int main(int argc, char **argv)
{
    int rc;
    if (fs_mpi_init(&argc, &argv) != 0)
        return EXIT_RUNTIME;
    rc = run_main(argc, argv);
    fs_mpi_finalize();
    return rc;
}
