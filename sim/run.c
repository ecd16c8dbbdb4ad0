/*
 * run.c - the run sequence of one fleetsim invocation once its study is
 * built: lint, Monte Carlo, result and comparison files, trace, charts,
 * reports. main.c only parses the command line and calls fs_run_study.
 *
 * One run owns its output folder. Everything is written into a fresh
 * folder beside the target (same parent, made by mkdtemp), which is swapped
 * in at the end: the old folder is renamed aside, the new one renamed in,
 * the old one removed. The folder thus always holds exactly one run's
 * complete outputs, and a run that fails or is killed part-way leaves the
 * old folder as it was (and, if killed, a hidden .NAME.XXXXXX beside it).
 * A folder is only ever replaced if it is empty or carries the marker file
 * FS_OUTPUT_MARKER that every run writes, so a mistyped -o never deletes
 * anybody's data.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fleetsim/workmap.h"
#include "fleetsim/catalog.h"
#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/export.h"
#include "fleetsim/mpi.h"
#include "fleetsim/output.h"
#include "fleetsim/html.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"
#include "fleetsim/sobol.h"
#include "fleetsim/sobol_study.h"
#include "fleetsim/term.h"
#include "fleetsim/version.h"

/* Prints the reports of a finished run to out. */
static void print_reports(const struct fs_study *st, int compare, const char *dir,
                          const struct fs_run_opts *o, int plot_rc, FILE *out)
{
    const struct fs_scenario *s = st->v[0].s;
    fs_report_scenario(s, out);
    fs_report_results(st->v[0].mc, &st->v[0].sum, out);
    for (size_t k = 0; o->by_date_set && k < (compare ? st->n : 1); k++)
        fs_report_finish_by(st->v[k].mc, compare ? st->v[k].label : NULL, o->by_date, out);
    if (o->sobol != NULL) {
        fs_sobol_report(o->sobol, out);
        fprintf(out, "\nresults: %s/\n         summary.csv, replicates.csv, results.json "
                     "(the scenario as written), sobol.csv, sobol_evaluations.csv\n",
                fs_term(dir));
    } else if (compare) {
        fs_report_study(st, out);
        fprintf(out, "\nresults: %s/\n         summary.csv, replicates.csv, results.json (baseline), %s\n",
                fs_term(dir),
                st->kind == FS_STUDY_SWEEP         ? "sweep.csv"
                : st->kind == FS_STUDY_SENSITIVITY ? "sensitivity.csv"
                                                   : "comparison.csv");
    } else {
        fprintf(out, "\nresults: %s/\n         summary.csv, replicates.csv, results.json\n",
                fs_term(dir));
    }
    if (plot_rc == FS_OK && o->plot->formats != 0)
        fprintf(out, "charts:  %s/ (gnuplot scripts *.gp and data *.dat beside them)\n",
                fs_term(dir));
}

/* Draws the charts into dir. FS_OK, FS_EPLOT or another error in diag. */
static int draw_charts(const struct fs_study *st, int compare, const char *dir,
                       const struct fs_run_opts *o, struct fs_diag *diag)
{
    const struct fs_scenario *s = st->v[0].s;
    struct fs_plot_input pin;
    struct fs_dated_event *events;
    size_t nevents;
    int plot_rc;

    if ((events = fs_dated_events(s, &nevents)) == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    pin = (struct fs_plot_input){st->v[0].mc, &st->v[0].sum, events, nevents};
    plot_rc = fs_plot_all(&pin, dir, o->plot, diag);
    free(events);
    /* The comparison's scripts and data are written even when gnuplot is
     * missing or a baseline chart failed; the first problem is reported. */
    if (compare && (plot_rc == FS_OK || plot_rc == FS_EPLOT)) {
        int rc2 = fs_plot_study(st, dir, o->plot, diag);
        if (plot_rc == FS_OK)
            plot_rc = rc2;
    }
    if (o->sobol != NULL && (plot_rc == FS_OK || plot_rc == FS_EPLOT)) {
        int rc2 = fs_plot_sobol(o->sobol, dir, o->plot, diag);
        if (plot_rc == FS_OK)
            plot_rc = rc2;
    }
    return plot_rc;
}

/* a, sep and b in one string of its own size; NULL when out of memory. */
static char *join(const char *a, const char *sep, const char *b)
{
    return fs_xprintf("%s%s%s", a, sep, b);
}

/* Removes a folder fleetsim wrote and everything in it, without following
 * symbolic links. Best effort: what cannot be removed stays. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d != NULL) {
        while ((e = readdir(d)) != NULL) {
            struct stat st;
            char *p;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if ((p = join(dir, "/", e->d_name)) == NULL)
                continue;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* The output folder split into parent and last component. */
struct outdir {
    char *dir;     /* as given, without trailing slashes */
    char *parent;  /* "." when dir has no slash */
    const char *base;
    char *work;    /* the fresh folder being written, NULL until made */
    int exists;    /* dir exists (an empty folder or a marked one) */
    int empty;     /* ... and is empty */
};

static void outdir_release(struct outdir *od)
{
    if (od->work != NULL)
        remove_tree(od->work);
    free(od->work);
    free(od->dir);
    free(od->parent);
    memset(od, 0, sizeof(*od));
}

/* Is the folder empty? 1, 0, or -1 when it cannot be read. */
static int folder_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = 1;
    if (d == NULL)
        return -1;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

/*
 * Checks, before anything runs or is written, that the output folder can
 * be used: a name of a length every file in it can have, and either no such
 * folder yet, an empty one, or one a fleetsim run wrote.
 */
static int outdir_check(struct outdir *od, const char *given, FILE *err)
{
    size_t len = strlen(given);
    struct stat st;
    char *slash;
    memset(od, 0, sizeof(*od));
    while (len > 1 && given[len - 1] == '/')
        len--;
    if ((od->dir = malloc(len + 1)) == NULL)
        return FS_ENOMEM;
    memcpy(od->dir, given, len);
    od->dir[len] = '\0';
    slash = strrchr(od->dir, '/');
    od->base = slash ? slash + 1 : od->dir;
    od->parent = slash == NULL      ? join(".", "", "")
                 : slash == od->dir ? join("/", "", "")
                                    : join("", "", "");
    if (od->parent == NULL)
        return FS_ENOMEM;
    if (slash != NULL && slash != od->dir) {
        free(od->parent);
        od->parent = malloc((size_t)(slash - od->dir) + 1);
        if (od->parent == NULL)
            return FS_ENOMEM;
        memcpy(od->parent, od->dir, (size_t)(slash - od->dir));
        od->parent[slash - od->dir] = '\0';
    }
    if (od->base[0] == '\0' || strcmp(od->base, ".") == 0 || strcmp(od->base, "..") == 0) {
        fprintf(err, "fleetsim: output folder '%s': name a folder of its own (it is replaced "
                     "whole by each run)\n", fs_term(given));
        return FS_EUSAGE;
    }
    /* The fresh folder's name is the last component plus 8 bytes (".", and
     * "." and six random characters), and any file in it may be NAME_MAX. */
    if (strlen(od->base) + 8 > NAME_MAX || len + 8 + 1 + NAME_MAX >= PATH_MAX) {
        fprintf(err, "fleetsim: output folder name too long (at most %d bytes, and %d for "
                     "its last component): '%s'\n", PATH_MAX - 10 - NAME_MAX, NAME_MAX - 8,
                fs_term(given));
        return FS_EUSAGE;
    }
    if (lstat(od->dir, &st) != 0) {
        if (errno == ENOENT)
            return FS_OK;
        fprintf(err, "fleetsim: %s: cannot use as output folder (%s)\n", fs_term(od->dir),
                strerror(errno));
        return FS_EIO;
    }
    od->exists = 1;
    if (S_ISLNK(st.st_mode)) {
        fprintf(err, "fleetsim: %s: output folder is a symbolic link; give the folder itself "
                     "(it is replaced whole by each run)\n", fs_term(od->dir));
        return FS_EUSAGE;
    }
    if (S_ISDIR(st.st_mode) && (od->empty = folder_empty(od->dir)) == 1)
        return FS_OK;
    {
        char *marker = join(od->dir, "/", FS_OUTPUT_MARKER);
        int marked = marker != NULL && S_ISDIR(st.st_mode) && lstat(marker, &st) == 0 &&
                     S_ISREG(st.st_mode);
        free(marker);
        if (!marked) {
            fprintf(err, "fleetsim: %s: refusing to replace a folder fleetsim did not write "
                         "(no %s in it); remove it or choose another output folder\n",
                    fs_term(od->dir), FS_OUTPUT_MARKER);
            return FS_EUSAGE;
        }
    }
    return FS_OK;
}

/* A trace file must be a name of a length its temporary can have too. */
static int trace_check(const char *path, FILE *err)
{
    const char *slash = strrchr(path, '/');
    size_t base = strlen(slash ? slash + 1 : path);
    if (strcmp(path, "-") == 0)
        return FS_OK;
    if (base + 8 > NAME_MAX || strlen(path) + 8 >= PATH_MAX) {
        fprintf(err, "fleetsim: --trace: file name too long (at most %d bytes, and %d for "
                     "its last component): '%s'\n", PATH_MAX - 9, NAME_MAX - 8, fs_term(path));
        return FS_EUSAGE;
    }
    return FS_OK;
}

/* Makes the fresh folder beside the target and marks it as fleetsim's. */
static int outdir_start(struct outdir *od, struct fs_diag *diag)
{
    struct fs_outfile o;
    char *tmpl;
    int rc;
    if ((rc = fs_mkdir_p(od->parent, diag)) != FS_OK)
        return rc;
    if ((tmpl = malloc(strlen(od->parent) + strlen(od->base) + 10)) == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    snprintf(tmpl, strlen(od->parent) + strlen(od->base) + 10, "%s/.%s.XXXXXX", od->parent,
             od->base);
    if (mkdtemp(tmpl) == NULL) {
        free(tmpl);
        return fs_diag_set(diag, FS_EIO, od->dir, 0, NULL, "cannot create folder (%s)",
                           strerror(errno));
    }
    {
        /* mkdtemp makes it 0700; the output folder gets what mkdir gives. */
        mode_t mask = umask(022);
        umask(mask);
        chmod(tmpl, 0777 & ~mask);
    }
    od->work = tmpl;
    if ((rc = fs_outfile_open(&o, od->work, FS_OUTPUT_MARKER, diag)) != FS_OK)
        return rc;
    fprintf(o.f, "This folder is the output of one fleetsim %s run; the next run into it "
                 "replaces it whole.\n", FS_VERSION);
    if ((rc = fs_outfile_close(&o, diag)) == FS_OK)
        rc = fs_outfile_commit(&o, diag);
    fs_outfile_discard(&o);
    return rc;
}

/* Swaps the fresh folder in for the target. */
static int outdir_finish(struct outdir *od, struct fs_diag *diag)
{
    char *old = NULL;
    int rc = FS_OK;
    if (od->exists && !od->empty) {
        if ((old = join(od->work, ".old", "")) == NULL)
            return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
        if (rename(od->dir, old) != 0) {
            rc = fs_diag_set(diag, FS_EIO, od->dir, 0, NULL, "cannot move the old results "
                             "aside (%s)", strerror(errno));
            free(old);
            return rc;
        }
    }
    if (rename(od->work, od->dir) != 0) {
        rc = fs_diag_set(diag, FS_EIO, od->dir, 0, NULL, "cannot move the new results into "
                         "place (%s)", strerror(errno));
        if (old != NULL)
            rename(old, od->dir);
    } else {
        free(od->work);
        od->work = NULL;
        if (old != NULL)
            remove_tree(old);
    }
    free(old);
    return rc;
}

/* Where the trace goes: into the fresh folder when the target is inside the
 * output folder (it would be swapped away otherwise). An allocated path. */
static char *trace_target(const struct outdir *od, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *pdir, *real_pdir, *real_out;
    char *res = NULL;
    size_t n = strlen(od->dir);
    if (strncmp(path, od->dir, n) == 0 && path[n] == '/')
        return join(od->work, "", path + n);
    if (strcmp(path, "-") == 0 || !od->exists)
        return join(path, "", "");
    pdir = slash == NULL ? join(".", "", "") : slash == path ? join("/", "", "") : NULL;
    if (slash != NULL && slash != path && (pdir = malloc((size_t)(slash - path) + 1)) != NULL) {
        memcpy(pdir, path, (size_t)(slash - path));
        pdir[slash - path] = '\0';
    }
    real_pdir = pdir ? realpath(pdir, NULL) : NULL;
    real_out = realpath(od->dir, NULL);
    if (real_pdir != NULL && real_out != NULL) {
        size_t m = strlen(real_out);
        if (strncmp(real_pdir, real_out, m) == 0 && (real_pdir[m] == '\0' || real_pdir[m] == '/')) {
            char *sub = join(od->work, real_pdir + m, "/");
            res = sub ? join(sub, "", slash ? slash + 1 : path) : NULL;
            free(sub);
        }
    }
    if (res == NULL)
        res = join(path, "", "");
    free(pdir);
    free(real_pdir);
    free(real_out);
    return res;
}

/* Chart messages name the folder the charts were drawn in: the fresh one,
 * which is the output folder once swapped in. */
static void rename_in_diag(struct fs_diag *diag, const char *from, const char *to)
{
    char *at = strstr(diag->msg, from);
    if (at != NULL) {
        char *tail = join(at + strlen(from), "", "");
        if (tail != NULL) {
            snprintf(at, sizeof(diag->msg) - (size_t)(at - diag->msg), "%s%s", to, tail);
            free(tail);
        }
    }
}

/* Writes every output into the fresh folder. FS_OK or an error in diag;
 * *plot_rc gets the charts' status. */
static int write_all(struct fs_study *st, int compare, struct outdir *od,
                     const struct fs_run_opts *o, int *plot_rc, struct fs_diag *diag,
                     struct fs_diag *pdiag)
{
    int rc = outdir_start(od, diag);
    if (rc == FS_OK)
        rc = fs_write_study_results(st, compare, od->work, diag);
    if (rc == FS_OK && compare)
        rc = fs_write_study(st, od->work, diag);
    if (rc == FS_OK && compare)
        rc = fs_write_throughput_study(st, od->work, diag);
    if (rc == FS_OK && o->sobol != NULL)
        rc = fs_sobol_write(o->sobol, od->work, diag);
    if (rc == FS_OK && o->all_replicates)
        rc = fs_write_all_replicates(st, od->work, diag);
    if (rc == FS_OK && o->trace_path != NULL) {
        char *trace = trace_target(od, o->trace_path);
        rc = trace == NULL ? fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory")
                           : fs_write_trace(st->v[0].mc, trace, diag);
        if (rc != FS_OK && trace != NULL && strcmp(trace, o->trace_path) != 0)
            rename_in_diag(diag, od->work, od->dir);
        free(trace);
    }
    if (rc != FS_OK)
        return rc;
    /* Charts come last: their failure leaves the results in place. */
    *plot_rc = draw_charts(st, compare, od->work, o, pdiag);
    rename_in_diag(pdiag, od->work, od->dir);
    /* The report reads the charts' SVGs, so it comes after them. */
    if (!o->no_report && (rc = fs_html_report(st, compare, od->work, diag)) != FS_OK)
        rename_in_diag(diag, od->work, od->dir);
    return rc;
}

/* The loader's warnings of one scenario. */
/* One warning, folded to the terminal's width like the tables (COLUMNS,
 * else 100 characters; term.h). */
static void print_warning(const char *variant, const char *text, FILE *err)
{
    char *line = fs_xprintf("fleetsim: warning: %s%s%s%s\n", variant ? "in '" : "",
                            variant ? fs_term(variant) : "", variant ? "': " : "",
                            fs_term(text));
    if (line == NULL || fs_term_fold(line, strlen(line), fs_term_width(), err) != 0)
        fprintf(err, "fleetsim: warning: %s\n", fs_term(text));
    free(line);
}

static void print_warnings_of(const struct fs_scenario *s, FILE *err)
{
    for (size_t i = 0; i < s->nwarnings; i++)
        print_warning(NULL, s->warnings[i], err);
}

/* The loader's warnings of every variant, each naming its variant. */
static void print_warnings(const struct fs_study *st, FILE *err)
{
    for (size_t k = 0; k < st->n; k++)
        for (size_t i = 0; i < st->v[k].s->nwarnings; i++)
            print_warning(k > 0 ? st->v[k].label : NULL, st->v[k].s->warnings[i], err);
}

int fs_run_study(struct fs_study *st, int compare, const struct fs_run_opts *o, FILE *out,
                 FILE *err)
{
    const struct fs_scenario *s = st->v[0].s;
    struct fs_diag diag, pdiag;
    struct outdir od;
    char *dflt = NULL;
    int rc, rc2, plot_rc = FS_OK;

    print_warnings(st, err);
    st->cost_view = o->cost_view;
    if (o->trace_path != NULL && o->trace_rep >= (unsigned long)s->replicates) {
        fprintf(err, "fleetsim: --trace-replicate: %lu is not below the %d replicates\n",
                o->trace_rep, s->replicates);
        return FS_EUSAGE;
    }
    if (o->outdir == NULL && (dflt = fs_default_outdir(s)) == NULL) {
        fputs("fleetsim: out of memory\n", err);
        return FS_ENOMEM;
    }
    rc = outdir_check(&od, o->outdir ? o->outdir : dflt, err);
    free(dflt);
    if (rc == FS_OK && o->trace_path != NULL)
        rc = trace_check(o->trace_path, err);
    if (rc == FS_ENOMEM)
        fputs("fleetsim: out of memory\n", err);
    /* Under MPI every rank checks its folder; one that cannot use it stops
     * them all before the first collective step (mpi.h). */
    fs_diag_clear(&diag);
    fs_diag_clear(&pdiag);
    if (rc != FS_OK)
        fs_diag_set(&diag, rc, NULL, 0, NULL, "cannot use the output folder or the trace file");
    if ((rc2 = fs_mpi_agree(rc, &diag)) != FS_OK) {
        if (rc == FS_OK) /* another rank failed: its message */
            fs_diag_print(&diag, err);
        outdir_release(&od);
        return rc2;
    }
    fs_diag_clear(&diag);
    st->trace = o->trace_path != NULL;
    st->trace_rep = o->trace_rep;
    if (o->sobol != NULL &&
        (rc = fs_mpi_agree(fs_sobol_study_run(o->sobol, o->threads, o->progress,
                                              o->progress_ctx, &diag), &diag)) != FS_OK) {
        /* A design point the scenario rejects is a scenario error (3),
         * not a failure to write; nothing has been written yet. */
        fs_diag_print(&diag, err);
        outdir_release(&od);
        return rc;
    }
    rc = fs_study_run(st, o->threads, o->progress, o->progress_ctx, &diag);
    if (rc == FS_OK && !fs_workmap_root()) { /* an MPI rank other than 0: */
        outdir_release(&od);                 /* rank 0 writes everything */
        return FS_OK;
    }
    if (rc == FS_OK)
        rc = write_all(st, compare, &od, o, &plot_rc, &diag, &pdiag);
    if (rc == FS_OK)
        rc = outdir_finish(&od, &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, err);
        outdir_release(&od);
        return rc == FS_EUSAGE || rc == FS_ESCENARIO || rc == FS_EPLOT ? FS_EIO : rc;
    }
    print_reports(st, compare, od.dir, o, plot_rc, out);
    if (plot_rc != FS_OK)
        fs_diag_warn(&pdiag, err);
    if (o->trace_path != NULL && strcmp(o->trace_path, "-") != 0)
        fprintf(out, "trace of replicate %lu: %s\n", o->trace_rep,
                fs_term(o->trace_path));
    outdir_release(&od);
    return plot_rc;
}

/* Validates the scenario, the --compare routes, every strategy's variant
 * of it, the low and high variants of every sensitivity input, and the
 * scenario with every sobol input at the lowest and at the highest value a
 * design of 1,024 base samples gives it. */
static int check(const struct fs_run_args *a, const struct fs_catalog *cat,
                 const struct fs_rulebook *rules, FILE *out, FILE *err)
{
    const char *path = a->files[0];
    const struct fs_override *ov = a->ov;
    size_t nov = a->nov;
    const struct fs_scenario *s;
    struct fs_study st, sens;
    struct fs_diag diag;
    int rc;
    fs_diag_clear(&diag);
    /* --compare routes are checked with the scenario. */
    if (a->nroutes > 0) {
        rc = fs_study_routes(&st, path, a->routes, a->nroutes, cat, rules, ov, nov, &diag);
        if (rc != FS_OK) {
            fs_diag_print(&diag, err);
            return rc;
        }
        fs_study_release(&st);
    }
    rc = fs_study_strategies(&st, path, cat, rules, ov, nov, &diag);
    if (rc == FS_OK && st.v[0].s->nsens > 0) {
        if ((rc = fs_study_sensitivity(&sens, path, cat, rules, ov, nov, &diag)) == FS_OK)
            fs_study_release(&sens);
        else
            fs_study_release(&st);
    }
    if (rc == FS_OK && st.v[0].s->sobol != NULL) {
        struct fs_sobol_study ss;
        if ((rc = fs_sobol_study_init(&ss, path, cat, rules, ov, nov, st.v[0].s, 1024,
                                      &diag)) == FS_OK)
            fs_sobol_study_release(&ss);
        else
            fs_study_release(&st);
    }
    if (rc != FS_OK) {
        fs_diag_print(&diag, err);
        return rc;
    }
    s = st.v[0].s;
    print_warnings(&st, err);
    fprintf(out, "%s: ok (%zu clusters, %zu jobs", path, s->nclusters, s->njobs);
    if (s->nstrategies > 0)
        fprintf(out, ", %zu strategies", s->nstrategies);
    if (s->nsens > 0)
        fprintf(out, ", %zu sensitivity inputs", s->nsens);
    if (s->sobol != NULL)
        fprintf(out, ", %zu sobol inputs", s->sobol->k);
    if (a->nroutes > 0)
        fprintf(out, ", %zu --compare route%s", a->nroutes, a->nroutes > 1 ? "s" : "");
    fprintf(out, ")\n");
    fs_study_release(&st);
    return FS_OK;
}

/* --explain JOB: loads the scenario (with the overrides) and prints how
 * the job's MFU is derived. An unknown job is a usage error listing the
 * scenario's jobs. Writes no file. */
static int explain(const char *path, const char *job, const struct fs_catalog *cat,
                   const struct fs_rulebook *rules, const struct fs_override *ov, size_t nov,
                   FILE *out, FILE *err)
{
    struct fs_scenario *s = NULL;
    struct fs_diag diag;
    int rc;
    fs_diag_clear(&diag);
    if ((rc = fs_scenario_load(&s, path, cat, rules, ov, nov, &diag)) != FS_OK) {
        fs_diag_print(&diag, err);
        return rc;
    }
    for (size_t i = 0; i < s->njobs; i++)
        if (strcmp(s->jobs[i].name, job) == 0) {
            print_warnings_of(s, err);
            fs_report_explain(s, &s->jobs[i], out);
            fs_scenario_free(s);
            return FS_OK;
        }
    fprintf(err, "fleetsim: --explain: no job '%s' in %s; its jobs:", fs_term(job),
            fs_term(path));
    for (size_t k = 0; k < s->njobs; k++)
        fprintf(err, "%s '%s'", k ? "," : "", fs_term(s->jobs[s->job_order[k]].name));
    fputs(s->njobs ? "\n" : " none\n", err);
    fs_scenario_free(s);
    return FS_EUSAGE;
}

/* Builds the study the arguments ask for and runs it. */
static int simulate(const struct fs_run_args *a, const struct fs_catalog *cat,
                    const struct fs_rulebook *rules, FILE *out, FILE *err)
{
    struct fs_study st;
    struct fs_diag diag;
    int rc, rc2;
    fs_diag_clear(&diag);
    if (a->sweep)
        rc = fs_study_sweep(&st, a->files[0], a->sweep, cat, rules, a->ov, a->nov, &diag);
    else if (a->sensitivity)
        rc = fs_study_sensitivity(&st, a->files[0], cat, rules, a->ov, a->nov, &diag);
    else if (a->nroutes > 0)
        rc = fs_study_routes(&st, a->files[0], a->routes, a->nroutes, cat, rules, a->ov, a->nov,
                             &diag);
    else if (a->nfiles > 1)
        rc = fs_study_files(&st, a->files, a->nfiles, cat, rules, a->ov, a->nov, &diag);
    else if (a->no_strategies || a->sobol_n > 0)
        rc = fs_study_single(&st, a->files[0], cat, rules, a->ov, a->nov, &diag);
    else
        rc = fs_study_strategies(&st, a->files[0], cat, rules, a->ov, a->nov, &diag);
    /* Under MPI every rank loads the scenario: a rank that cannot (a file
     * missing on its node) stops them all, with its message, before the
     * first collective step. */
    if ((rc2 = fs_mpi_agree(rc, &diag)) != FS_OK) {
        fs_diag_print(&diag, err);
        if (rc == FS_OK)
            fs_study_release(&st);
        return rc2;
    }
    if (a->sobol_n > 0) {
        struct fs_run_opts o = a->opts;
        struct fs_sobol_study ss;
        rc = fs_sobol_study_init(&ss, a->files[0], cat, rules, a->ov, a->nov, st.v[0].s,
                                 a->sobol_n, &diag);
        if ((rc2 = fs_mpi_agree(rc, &diag)) != FS_OK) {
            fs_diag_print(&diag, err);
            if (rc == FS_OK)
                fs_sobol_study_release(&ss);
            fs_study_release(&st);
            return rc2;
        }
        o.sobol = &ss;
        rc = fs_run_study(&st, 0, &o, out, err);
        fs_sobol_study_release(&ss);
        fs_study_release(&st);
        return rc;
    }
    rc = fs_run_study(&st, st.n > 1 || a->sweep || a->sensitivity, &a->opts, out, err);
    fs_study_release(&st);
    return rc;
}

int fs_run(const struct fs_run_args *a, FILE *out, FILE *err)
{
    struct fs_rulebook rules;
    struct fs_catalog cat;
    struct fs_diag diag;
    int rc;

    fs_diag_clear(&diag);
    rc = a->catalog_path
             ? fs_catalog_load_file(&cat, a->catalog_path, &diag)
             : fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, err);
        return rc;
    }
    if (a->mode == FS_RUN_LIST_GPUS) {
        fs_report_catalog(&cat, out);
        fs_catalog_release(&cat);
        return FS_OK;
    }
    rc = fs_rulebook_load_text(&rules, fs_builtin_rules, "models/export_rules.cfg", &cat, &diag);
    if (rc != FS_OK) {
        fs_diag_print(&diag, err);
        fs_catalog_release(&cat);
        return FS_ESCENARIO;
    }
    if (a->mode == FS_RUN_CLASSIFY)
        rc = fs_run_classify(&cat, &rules, a->nfiles ? a->files[0] : NULL, a->chip, a->region,
                             a->day, a->ov, a->nov, out, err);
    else if (a->mode == FS_RUN_EXPLAIN)
        rc = explain(a->files[0], a->explain_job, &cat, &rules, a->ov, a->nov, out, err);
    else if (a->mode == FS_RUN_CHECK)
        rc = check(a, &cat, &rules, out, err);
    else
        rc = simulate(a, &cat, &rules, out, err);
    fs_rulebook_release(&rules);
    fs_catalog_release(&cat);
    return rc;
}
