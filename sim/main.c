/*
 * main.c - the fleetsim command line. Parses options, loads the catalog and
 * the scenario, and decides the exit status; everything else lives in the
 * library.
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

#include "fleetsim/catalog.h"
#include "fleetsim/compare.h"
#include "fleetsim/mc.h"
#include "fleetsim/output.h"
#include "fleetsim/plot.h"
#include "fleetsim/error.h"
#include "fleetsim/export.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"
#include "fleetsim/scenario.h"
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

#define MAX_OVERRIDES 64
#define STR(x) #x
#define XSTR(x) STR(x)

static void usage(FILE *out)
{
    fputs("usage: fleetsim [options] SCENARIO.cfg\n"
          "       fleetsim --classify [CHIP] --region R --date YYYY-MM-DD [SCENARIO.cfg]\n"
          "       fleetsim --list-gpus | --list-params | --help | --version\n"
          "\n"
          "Simulates GPU fleets and training runs described by a scenario file and\n"
          "reports time-to-train, GPU-hours, energy and cost.\n"
          "\n"
          "options:\n"
          "  -h, --help            show this help and exit\n"
          "  -V, --version         show the version and exit\n"
          "  -c, --check           validate the scenario and exit\n"
          "  -l, --list-gpus       print the chip catalog with TPP and performance density\n"
          "      --list-params     print every scenario setting (Markdown tables)\n"
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
          "\n"
          "comparisons (every variant runs with the same seeds; differences come with\n"
          "95% confidence intervals):\n"
          "  a scenario with `strategies` compares the scenario as written (baseline)\n"
          "  with each strategy; several SCENARIO files compare with the first;\n"
          "      --sweep PATH[,PATH...]=FROM:TO:STEPS[:log]\n"
          "                        run the scenario for each value of the setting(s)\n"
          "      --sensitivity     run each input of the scenario's `sensitivity` list at\n"
          "                        its low and high value (tornado chart)\n"
          "      --no-strategies   simulate the scenario alone, ignoring its strategies\n"
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
    struct timespec t0;
    int shown;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* A progress bar on stderr, only once a run has lasted half a second. */
static void show_progress(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    int width = 40, filled = (int)((double)width * (double)done / (double)total);
    if (!p->shown && (done == total || seconds_since(&p->t0) < 0.5))
        return;
    p->shown = 1;
    fprintf(stderr, "\rfleetsim: simulating [%.*s%*s] %zu/%zu replicates", filled,
            "########################################", width - filled, "", done, total);
    if (done == total)
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
 * --classify [CHIP] --region R --date D [SCENARIO.cfg]: the verdicts of the
 * export rules. With a scenario, its chips, rules and regions are used.
 */
static int run_classify(const struct fs_catalog *cat, const struct fs_rulebook *rules, int nargs,
                        char **args, const char *region, const char *date,
                        const struct fs_override *ov, size_t nov)
{
    const char *chip = NULL, *scenario = NULL;
    const struct fs_catalog *c = cat;
    const struct fs_rulebook *rb = rules;
    struct fs_scenario *s = NULL;
    struct fs_destination dest;
    struct fs_place *places = NULL;
    struct fs_diag diag;
    fs_date day;
    int rc = EXIT_OK, found;

    fs_diag_clear(&diag);
    for (int i = 0; i < nargs; i++) {
        if (looks_like_scenario(args[i]) && scenario == NULL)
            scenario = args[i];
        else if (chip == NULL && !looks_like_scenario(args[i]))
            chip = args[i];
        else
            return fail_usage("--classify: unexpected argument '%s'", args[i]);
    }
    if (region == NULL || date == NULL)
        return fail_usage("--classify needs --region R and --date YYYY-MM-DD");
    if (fs_date_parse(date, &day) != 0)
        return fail_usage("--date: %s (got '%s')", fs_date_strerror(fs_date_parse(date, &day)),
                          date);
    if (scenario != NULL) {
        if ((rc = fs_scenario_load(&s, scenario, cat, rules, ov, nov, &diag)) != FS_OK) {
            fs_diag_print(&diag, stderr);
            return exit_for(rc);
        }
        c = &s->catalog;
        rb = &s->rules;
    }
    if (s != NULL && (places = calloc(s->nregions + 1, sizeof(*places))) == NULL) {
        fs_scenario_free(s);
        fputs("fleetsim: out of memory\n", stderr);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; s != NULL && i < s->nregions; i++)
        places[i] = (struct fs_place){s->regions[i].name, &s->regions[i].groups};
    found = fs_destination_lookup(rb, places, s ? s->nregions : 0, region, &dest) == 0;
    free(places);
    if (!found) {
        fprintf(stderr, "fleetsim: --region: unknown destination '%s' (standard:",
                fs_term(region));
        for (size_t i = 0; i < rb->ndests; i++)
            fprintf(stderr, " %s", fs_term(rb->dests[i].name));
        fprintf(stderr, "%s)\n", s ? "; or a region of the scenario" : "");
        fs_scenario_free(s);
        return EXIT_USAGE;
    }
    if (chip != NULL) {
        const struct fs_chip *x = fs_catalog_find(c, chip);
        if (x == NULL) {
            fprintf(stderr, "fleetsim: --classify: unknown chip '%s' (see fleetsim --list-gpus)\n",
                    fs_term(chip));
            rc = EXIT_USAGE;
        } else {
            fs_classify_report(rb, x, &dest, day, stdout);
        }
    } else {
        fs_classify_table(rb, c, &dest, day, stdout);
    }
    fs_scenario_free(s);
    return rc;
}

int main(int argc, char **argv)
{
    enum { OPT_SET = 256, OPT_CATALOG, OPT_LIST_PARAMS, OPT_TRACE, OPT_TRACE_REP, OPT_PLOTS,
           OPT_PLOT_SIZE, OPT_CLASSIFY, OPT_REGION, OPT_DATE, OPT_SWEEP, OPT_SENS,
           OPT_NO_STRAT };
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
        {"no-strategies", no_argument, NULL, OPT_NO_STRAT},
        {"region", required_argument, NULL, OPT_REGION},
        {"date", required_argument, NULL, OPT_DATE},
        {"plot-size", required_argument, NULL, OPT_PLOT_SIZE},
        {NULL, 0, NULL, 0},
    };
    struct fs_override ov[MAX_OVERRIDES + 2];
    size_t nov = 0;
    const char *catalog_path = NULL, *outdir = NULL;
    const char *seed_arg = NULL, *reps_arg = NULL, *trace_path = NULL;
    int check = 0, list_gpus = 0, list_params = 0, quiet = 0, threads = 0, opt, rc;
    unsigned long trace_rep = 0;
    struct fs_plot_opts plot = {FS_PLOT_PNG | FS_PLOT_SVG, 1600, 900, NULL};
    int classify = 0, sensitivity = 0, no_strategies = 0;
    const char *sweep = NULL;
    const char *region_arg = NULL, *date_arg = NULL;
    struct fs_rulebook rules;
    struct fs_catalog cat;
    struct fs_scenario *s = NULL;
    struct fs_diag diag;
    long long v;

    gsl_set_error_handler_off();
    fs_diag_clear(&diag);
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hVclo:s:n:j:q", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case 'V':
            printf("fleetsim %s\n", FS_VERSION);
            return EXIT_OK;
        case 'c':
            check = 1;
            break;
        case 'l':
            list_gpus = 1;
            break;
        case OPT_LIST_PARAMS:
            list_params = 1;
            break;
        case 'o':
            outdir = optarg;
            break;
        case 's':
            if (parse_count(optarg, 0, INT64_MAX, &v) != 0)
                return fail_usage("--seed: expected an integer >= 0 (got '%s')", optarg);
            seed_arg = optarg;
            break;
        case 'n':
            if (parse_count(optarg, 1, 1000000, &v) != 0)
                return fail_usage("--replicates: expected an integer from 1 to 1000000 (got '%s')",
                                  optarg);
            reps_arg = optarg;
            break;
        case OPT_SET: {
            char *eq = strchr(optarg, '=');
            if (eq == NULL || eq == optarg)
                return fail_usage("--set: expected PATH=VALUE (got '%s')", optarg);
            if (nov == MAX_OVERRIDES)
                return fail_usage("--set: too many overrides (at most %d)", MAX_OVERRIDES);
            *eq = '\0';
            ov[nov].path = optarg;
            ov[nov].value = eq + 1;
            ov[nov].origin_file = ov[nov].origin_setting = NULL;
            ov[nov].origin_line = 0;
            nov++;
            break;
        }
        case OPT_CATALOG:
            catalog_path = optarg;
            break;
        case 'j':
            if (parse_count(optarg, 1, FS_MAX_THREADS, &v) != 0)
                return fail_usage("--threads: expected an integer from 1 to %d (got '%s')",
                                  FS_MAX_THREADS, optarg);
            threads = (int)v;
            break;
        case 'q':
            quiet = 1;
            break;
        case OPT_CLASSIFY:
            classify = 1;
            break;
        case OPT_SWEEP:
            sweep = optarg;
            break;
        case OPT_SENS:
            sensitivity = 1;
            break;
        case OPT_NO_STRAT:
            no_strategies = 1;
            break;
        case OPT_REGION:
            region_arg = optarg;
            break;
        case OPT_DATE:
            date_arg = optarg;
            break;
        case OPT_PLOTS:
            if (fs_plot_parse_formats(optarg, &plot.formats) != 0)
                return fail_usage("--plots: expected png, svg, pdf (comma-separated) or none "
                                  "(got '%s')", optarg);
            break;
        case OPT_PLOT_SIZE:
            if (fs_plot_parse_size(optarg, &plot.width, &plot.height) != 0)
                return fail_usage("--plot-size: expected WIDTHxHEIGHT, each 200 to 10000 "
                                  "(got '%s')", optarg);
            break;
        case OPT_TRACE:
            trace_path = optarg;
            break;
        case OPT_TRACE_REP:
            if (parse_count(optarg, 0, 999999, &v) != 0)
                return fail_usage("--trace-replicate: expected an integer >= 0 (got '%s')", optarg);
            trace_rep = (unsigned long)v;
            break;
        case ':':
            return fail_usage("option '%s' needs an argument", argv[optind - 1]);
        default:
            return fail_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    /* -n and --seed are overrides like --set, applied last. */
    if (seed_arg != NULL)
        ov[nov++] = (struct fs_override){"scenario.seed", seed_arg, NULL, 0, NULL};
    if (reps_arg != NULL)
        ov[nov++] = (struct fs_override){"scenario.replicates", reps_arg, NULL, 0, NULL};

    if (list_params) {
        fs_scenario_print_params(stdout);
        return EXIT_OK;
    }
    rc = catalog_path ? fs_catalog_load_file(&cat, catalog_path, &diag)
                      : fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, stderr);
        return exit_for(rc);
    }
    if (list_gpus) {
        fs_report_catalog(&cat, stdout);
        fs_catalog_release(&cat);
        return EXIT_OK;
    }
    rc = fs_rulebook_load_text(&rules, fs_builtin_rules, "models/export_rules.cfg", &cat, &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, stderr);
        fs_catalog_release(&cat);
        return EXIT_SCENARIO;
    }
    if (classify) {
        rc = run_classify(&cat, &rules, argc - optind, argv + optind, region_arg, date_arg, ov,
                          nov);
        fs_rulebook_release(&rules);
        fs_catalog_release(&cat);
        return rc;
    }
    if (optind == argc || ((sweep || sensitivity || check) && optind != argc - 1) ||
        (sweep && sensitivity)) {
        fs_catalog_release(&cat);
        fs_rulebook_release(&rules);
        if (optind == argc)
            return fail_usage("missing SCENARIO.cfg");
        if (sweep && sensitivity)
            return fail_usage("--sweep and --sensitivity are separate runs; choose one");
        return fail_usage("%s takes one scenario (got also '%s')",
                          check ? "--check" : sweep ? "--sweep" : "--sensitivity", argv[optind + 1]);
    }
    if (!check) {
        struct fs_study st;
        struct fs_run_opts run;
        struct progress prog = {{0, 0}, 0};
        int compare;
        if (sweep)
            rc = fs_study_sweep(&st, argv[optind], sweep, &cat, &rules, ov, nov, &diag);
        else if (sensitivity)
            rc = fs_study_sensitivity(&st, argv[optind], &cat, &rules, ov, nov, &diag);
        else if (optind < argc - 1)
            rc = fs_study_files(&st, argv + optind, (size_t)(argc - optind), &cat, &rules, ov, nov,
                                &diag);
        else if (no_strategies)
            rc = fs_study_single(&st, argv[optind], &cat, &rules, ov, nov, &diag);
        else
            rc = fs_study_strategies(&st, argv[optind], &cat, &rules, ov, nov, &diag);
        fs_catalog_release(&cat);
        fs_rulebook_release(&rules);
        if (rc != FS_OK) {
            fs_diag_print(&diag, stderr);
            return exit_for(rc);
        }
        compare = st.n > 1 || sweep || sensitivity;
        run.outdir = outdir;
        run.threads = threads;
        run.trace_path = trace_path;
        run.trace_rep = trace_rep;
        run.plot = &plot;
        run.progress = quiet || !isatty(STDERR_FILENO) ? NULL : show_progress;
        run.progress_ctx = &prog;
        clock_gettime(CLOCK_MONOTONIC, &prog.t0);
        rc = exit_for(fs_run_study(&st, compare, &run, stdout, stderr));
        fs_study_release(&st);
        return rc;
    }
    {
        /* Validate the scenario, every strategy's variant of it, and the
         * low and high variants of every sensitivity input. */
        struct fs_study st, sens;
        rc = fs_study_strategies(&st, argv[optind], &cat, &rules, ov, nov, &diag);
        if (rc == FS_OK && st.v[0].s->nsens > 0) {
            if ((rc = fs_study_sensitivity(&sens, argv[optind], &cat, &rules, ov, nov,
                                           &diag)) == FS_OK)
                fs_study_release(&sens);
            else
                fs_study_release(&st);
        }
        fs_catalog_release(&cat);
        fs_rulebook_release(&rules);
        if (rc != FS_OK) {
            fs_diag_print(&diag, stderr);
            return exit_for(rc);
        }
        s = st.v[0].s;
        printf("%s: ok (%zu clusters, %zu jobs", argv[optind], s->nclusters, s->njobs);
        if (s->nstrategies > 0)
            printf(", %zu strategies", s->nstrategies);
        if (s->nsens > 0)
            printf(", %zu sensitivity inputs", s->nsens);
        printf(")\n");
        fs_study_release(&st);
        return EXIT_OK;
    }
}
