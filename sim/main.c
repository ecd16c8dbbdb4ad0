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

#include "fleetsim/catalog.h"
#include "fleetsim/error.h"
#include "fleetsim/report.h"
#include "fleetsim/scenario.h"
#include "fleetsim/version.h"

enum exit_code { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SCENARIO = 3 };

#define MAX_OVERRIDES 64

static void usage(FILE *out)
{
    fputs("usage: fleetsim [options] SCENARIO.cfg\n"
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
          "  -o, --output DIR      output folder (default out/<scenario name>/)\n"
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
          "  2  usage error (bad option or argument)\n"
          "  3  invalid scenario or catalog (the message names file, line and setting)\n",
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

int main(int argc, char **argv)
{
    enum { OPT_SET = 256, OPT_CATALOG, OPT_LIST_PARAMS };
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
        {NULL, 0, NULL, 0},
    };
    struct fs_override ov[MAX_OVERRIDES + 2];
    size_t nov = 0;
    const char *catalog_path = NULL, *outdir = NULL;
    const char *seed_arg = NULL, *reps_arg = NULL;
    int check = 0, list_gpus = 0, list_params = 0, opt, rc;
    struct fs_catalog cat;
    struct fs_scenario *s = NULL;
    struct fs_diag diag;
    long long v;

    gsl_set_error_handler_off();
    fs_diag_clear(&diag);
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":hVclo:s:n:", longopts, NULL)) != -1) {
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
            nov++;
            break;
        }
        case OPT_CATALOG:
            catalog_path = optarg;
            break;
        case ':':
            return fail_usage("option '%s' needs an argument", argv[optind - 1]);
        default:
            return fail_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    /* -n and --seed are overrides like --set, applied last. */
    if (seed_arg != NULL)
        ov[nov++] = (struct fs_override){"scenario.seed", seed_arg};
    if (reps_arg != NULL)
        ov[nov++] = (struct fs_override){"scenario.replicates", reps_arg};

    if (list_params) {
        fs_scenario_print_params(stdout);
        return EXIT_OK;
    }
    rc = catalog_path ? fs_catalog_load_file(&cat, catalog_path, &diag)
                      : fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, stderr);
        return rc == FS_EIO ? EXIT_RUNTIME : EXIT_SCENARIO;
    }
    if (list_gpus) {
        fs_report_catalog(&cat, stdout);
        fs_catalog_release(&cat);
        return EXIT_OK;
    }
    if (optind != argc - 1) {
        fs_catalog_release(&cat);
        if (optind == argc)
            return fail_usage("missing SCENARIO.cfg");
        return fail_usage("more than one scenario given ('%s')", argv[optind + 1]);
    }
    rc = fs_scenario_load(&s, argv[optind], &cat, ov, nov, &diag);
    fs_catalog_release(&cat);
    if (rc != FS_OK) {
        fs_diag_print(&diag, stderr);
        return rc == FS_EIO || rc == FS_ENOMEM ? EXIT_RUNTIME
               : rc == FS_EUSAGE               ? EXIT_USAGE
                                               : EXIT_SCENARIO;
    }
    if (check) {
        printf("%s: ok (%zu clusters, %zu jobs)\n", argv[optind], s->nclusters, s->njobs);
    } else {
        (void)outdir; /* results are written once the simulator runs */
        fs_report_scenario(s, stdout);
    }
    fs_scenario_free(s);
    return EXIT_OK;
}
