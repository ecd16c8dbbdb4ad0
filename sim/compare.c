/*
 * compare.c - strategies, several files, sweeps and sensitivity: variants
 * of a scenario simulated with common random numbers, and their paired
 * differences to a baseline.
 *
 * Each variant is the scenario file loaded again with more overrides (the
 * same machinery as --set), so a variant is checked exactly like the file.
 * Every variant runs with the baseline's seed and replicate count:
 * replicate r draws the same streams in all of them, so a difference of
 * means is mostly the effect of the change, not noise, and its confidence
 * interval comes from the per-replicate differences.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/term.h"
#include "fleetsim/cfg.h"
#include "fleetsim/compare.h"
#include "fleetsim/date.h"
#include "fleetsim/costview.h"
#include "fleetsim/report.h"

/* ---- building ------------------------------------------------------------ */

static int add_variant(struct fs_study *st, const char *label, struct fs_scenario *s, double x,
                       int input, int high)
{
    struct fs_variant *v = realloc(st->v, (st->n + 1) * sizeof(*v));
    if (v == NULL)
        return FS_ENOMEM;
    st->v = v;
    v = &st->v[st->n++];
    memset(v, 0, sizeof(*v));
    snprintf(v->label, sizeof(v->label), "%s", label);
    v->s = s;
    v->x = x;
    v->input = input;
    v->high = high;
    return FS_OK;
}

/* Abandons a study being built: frees the variant that failed and the
 * study, and makes sure the diagnostic says something. Returns rc. */
static int give_up(struct fs_study *st, struct fs_scenario *s, int rc, struct fs_diag *diag)
{
    fs_scenario_free(s);
    fs_study_release(st);
    if (rc == FS_ENOMEM)
        fs_diag_set(diag, rc, NULL, 0, NULL, "out of memory");
    return rc;
}

/* Loads `path` with the command-line overrides plus `extra`, then forces
 * the baseline's seed and replicates (base NULL: this is the baseline). */
static int load_variant(struct fs_scenario **out, const char *path, const struct fs_catalog *cat,
                        const struct fs_rulebook *rules, const struct fs_override *ov,
                        size_t nov, const struct fs_override *extra, size_t nextra,
                        const struct fs_scenario *base, struct fs_diag *diag)
{
    struct fs_override *all = calloc(nov + nextra + 3, sizeof(*all));
    char seed[32], reps[32];
    size_t n = nov + nextra;
    int rc;
    if (all == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (nov > 0)
        memcpy(all, ov, nov * sizeof(*ov));
    if (nextra > 0)
        memcpy(all + nov, extra, nextra * sizeof(*extra));
    if (base != NULL) {
        /* Common random numbers: the baseline's seed and replicate count
         * for every variant, applied last like any other override. */
        snprintf(seed, sizeof(seed), "%llu", (unsigned long long)base->seed);
        snprintf(reps, sizeof(reps), "%d", base->replicates);
        all[n++] = (struct fs_override){"scenario.seed", seed, NULL, 0, NULL};
        all[n++] = (struct fs_override){"scenario.replicates", reps, NULL, 0, NULL};
    }
    rc = fs_scenario_load(out, path, cat, rules, all, n, diag);
    free(all);
    return rc;
}

int fs_study_add(struct fs_study *st, const char *path, const char *label,
                 const struct fs_catalog *cat, const struct fs_rulebook *rules,
                 const struct fs_override *ov, size_t nov, const struct fs_override *extra,
                 size_t nextra, struct fs_diag *diag)
{
    struct fs_scenario *s = NULL;
    int rc = load_variant(&s, path, cat, rules, ov, nov, extra, nextra, st->v[0].s, diag);
    if (rc == FS_OK)
        rc = add_variant(st, label, s, 0, -1, 0);
    return rc == FS_OK ? FS_OK : give_up(st, s, rc, diag);
}

/* A strategy's change k as an override: "path=value" split, or a path. */
static void split_set(const struct fs_strategy *strat, size_t k, const char *file, char *buf,
                      size_t len, struct fs_override *o)
{
    char *eq;
    snprintf(buf, len, "%s", strat->sets[k]);
    eq = strat->ops[k] == FS_OV_SET ? strchr(buf, '=') : NULL;
    if (eq != NULL)
        *eq = '\0';
    *o = (struct fs_override){buf,
                              eq                               ? eq + 1
                              : strat->ops[k] == FS_OV_REMOVE ? fs_override_remove
                                                               : fs_override_add,
                              file, strat->lines[k], strat->paths[k]};
}

int fs_study_single(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                    const struct fs_rulebook *rules, const struct fs_override *ov, size_t nov,
                    struct fs_diag *diag)
{
    struct fs_scenario *base = NULL;
    int rc;

    memset(st, 0, sizeof(*st));
    st->kind = FS_STUDY_STRATEGIES;
    if ((rc = load_variant(&base, path, cat, rules, ov, nov, NULL, 0, NULL, diag)) != FS_OK)
        return rc;
    if ((rc = add_variant(st, "baseline", base, 0, -1, 0)) != FS_OK)
        return give_up(st, base, rc, diag);
    return FS_OK;
}

int fs_study_strategies(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                        const struct fs_rulebook *rules, const struct fs_override *ov,
                        size_t nov, struct fs_diag *diag)
{
    const struct fs_scenario *base;
    int rc;

    if ((rc = fs_study_single(st, path, cat, rules, ov, nov, diag)) != FS_OK)
        return rc;
    base = st->v[0].s;
    for (size_t i = 0; i < base->nstrategies; i++) {
        const struct fs_strategy *strat = &base->strategies[i];
        struct fs_override extra[FS_MAX_SETS];
        char bufs[FS_MAX_SETS][FS_TEXT_MAX];
        struct fs_scenario *s = NULL;
        for (size_t k = 0; k < strat->nsets; k++)
            split_set(strat, k, base->file, bufs[k], sizeof(bufs[k]), &extra[k]);
        if ((rc = load_variant(&s, path, cat, rules, ov, nov, extra, strat->nsets, base,
                               diag)) != FS_OK ||
            (rc = add_variant(st, strat->name, s, 0, -1, 0)) != FS_OK) {
            /* An error only this variant has (a setting of the file or a
             * --set that the strategy's changes make invalid): say which. */
            if (diag->set && strncmp(diag->setting, "strategies[", 11) != 0) {
                size_t l = strlen(diag->msg);
                /* Appended in place; truncated if the message is long. */
                if (l + 1 < sizeof(diag->msg))
                    snprintf(diag->msg + l, sizeof(diag->msg) - l, " (in strategy '%.64s')",
                             strat->name);
            }
            return give_up(st, s, rc, diag);
        }
    }
    return FS_OK;
}

int fs_study_files(struct fs_study *st, char **paths, size_t npaths, const struct fs_catalog *cat,
                   const struct fs_rulebook *rules, const struct fs_override *ov, size_t nov,
                   struct fs_diag *diag)
{
    memset(st, 0, sizeof(*st));
    st->kind = FS_STUDY_FILES;
    for (size_t i = 0; i < npaths; i++) {
        struct fs_scenario *s = NULL;
        int rc = load_variant(&s, paths[i], cat, rules, ov, nov, NULL, 0,
                              i ? st->v[0].s : NULL, diag);
        char label[FS_TEXT_MAX];
        if (rc == FS_OK) {
            snprintf(label, sizeof(label), "%s", s->name);
            for (size_t k = 0; k < st->n; k++)
                if (strcmp(st->v[k].label, label) == 0)
                    snprintf(label, sizeof(label), "%s (%s)", s->name, paths[i]);
            rc = add_variant(st, label, s, 0, -1, 0);
        }
        if (rc != FS_OK)
            return give_up(st, s, rc, diag);
    }
    return FS_OK;
}

/* x in the shortest of %.15g, %.16g, %.17g that reads back as x: every
 * double survives the trip through --set text unchanged. */
static void fmt_exact(char *buf, size_t len, double x)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

int fs_study_sweep(struct fs_study *st, const char *path, const char *spec,
                   const struct fs_catalog *cat, const struct fs_rulebook *rules,
                   const struct fs_override *ov, size_t nov, struct fs_diag *diag)
{
    struct fs_override *extra;
    size_t npaths = 1;
    double from, to;
    int steps, lg, rc;
    memset(st, 0, sizeof(*st));
    st->kind = FS_STUDY_SWEEP;
    if (strrchr(spec, '=') != NULL &&
        (size_t)(strrchr(spec, '=') - spec) >= sizeof(st->sweep_paths))
        return fs_diag_set(diag, FS_EUSAGE, "--sweep", 0, NULL,
                           "the setting paths are %zu bytes long; at most %zu",
                           (size_t)(strrchr(spec, '=') - spec), sizeof(st->sweep_paths) - 1);
    if (fs_sweep_parse(spec, st->sweep_paths, sizeof(st->sweep_paths), &from, &to, &steps, &lg,
                    &st->sweep_dates) != 0)
        return fs_diag_set(diag, FS_EUSAGE, "--sweep", 0, NULL,
                           "expected PATH[,PATH...]=FROM:TO:STEPS[:log] with 2 to 100 steps "
                           "(and FROM, TO > 0 for log); FROM and TO may be dates YYYY-MM-DD "
                           "(linear, at least STEPS-1 days apart) (got '%s')", spec);
    st->sweep_log = lg;
    /* One override per swept path: as many paths as the spec lists. */
    for (const char *c = st->sweep_paths; *c; c++)
        npaths += *c == ',';
    if ((extra = malloc(npaths * sizeof(*extra))) == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < steps; i++) {
        double f = (double)i / (steps - 1);
        double x = lg ? from * pow(to / from, f) : from + (to - from) * f;
        char value[64], paths[FS_TEXT_MAX], label[FS_TEXT_MAX], *save = NULL, *p;
        size_t n = 0;
        struct fs_scenario *s = NULL;
        /* Whole numbers (up to rounding in pow) print as integers, so integer
         * settings accept them; the tolerance is relative, so tiny values
         * such as 1e-12 keep their value. */
        if (fabs(x - nearbyint(x)) < 1e-9 * fabs(x) || st->sweep_dates)
            x = nearbyint(x); /* dates: whole days, rounded to the nearest */
        if (st->sweep_dates)
            fs_date_format((fs_date)x, value, sizeof(value));
        else
            fmt_exact(value, sizeof(value), x);
        snprintf(paths, sizeof(paths), "%s", st->sweep_paths);
        for (p = strtok_r(paths, ",", &save); p != NULL && n < npaths; p = strtok_r(NULL, ",", &save))
            extra[n++] = (struct fs_override){p, value, NULL, 0, NULL};
        /* The label is for reading: 15 digits hide the last bit of rounding. */
        if (st->sweep_dates)
            snprintf(label, sizeof(label), "%s", value);
        else
            snprintf(label, sizeof(label), "%.15g", x);
        rc = load_variant(&s, path, cat, rules, ov, nov, extra, n, st->n ? st->v[0].s : NULL,
                          diag);
        if (rc == FS_OK)
            rc = add_variant(st, label, s, x, -1, 0);
        if (rc != FS_OK) {
            free(extra);
            return give_up(st, s, rc, diag);
        }
    }
    free(extra);
    return FS_OK;
}

int fs_study_sensitivity(struct fs_study *st, const char *path, const struct fs_catalog *cat,
                         const struct fs_rulebook *rules, const struct fs_override *ov,
                         size_t nov, struct fs_diag *diag)
{
    const struct fs_scenario *base;
    int rc;
    if ((rc = fs_study_single(st, path, cat, rules, ov, nov, diag)) != FS_OK)
        return rc;
    st->kind = FS_STUDY_SENSITIVITY;
    st->v[0].x = NAN;
    base = st->v[0].s;
    if (base->nsens == 0) {
        fs_study_release(st);
        return fs_diag_set(diag, FS_EUSAGE, path, 0, "sensitivity",
                           "--sensitivity needs a non-empty 'sensitivity' list in the scenario");
    }
    for (size_t i = 0; i < base->nsens; i++) {
        const struct fs_sens_input *in = &base->sens[i];
        for (int high = 0; high < 2; high++) {
            char value[64], label[FS_TEXT_MAX], setting[FS_TEXT_MAX];
            struct fs_scenario *s = NULL;
            double x = high ? in->high : in->low;
            struct fs_override o;
            fmt_exact(value, sizeof(value), x);
            snprintf(setting, sizeof(setting), "sensitivity[%zu]", i);
            o = (struct fs_override){in->path, value, base->file, in->line, setting};
            snprintf(label, sizeof(label), "%s %s", in->label, high ? "high" : "low");
            rc = load_variant(&s, path, cat, rules, ov, nov, &o, 1, base, diag);
            if (rc == FS_OK)
                rc = add_variant(st, label, s, x, (int)i, high);
            if (rc != FS_OK)
                return give_up(st, s, rc, diag);
        }
    }
    return FS_OK;
}

void fs_study_release(struct fs_study *st)
{
    for (size_t i = 0; i < st->n; i++) {
        fs_summary_release(&st->v[i].sum);
        fs_mc_free(st->v[i].mc);
        fs_scenario_free(st->v[i].s);
    }
    free(st->v);
    st->v = NULL;
    st->n = 0;
}

/* ---- statistics ---------------------------------------------------------- */

int fs_study_job(const struct fs_variant *v, const char *name)
{
    for (size_t j = 0; j < v->s->njobs; j++)
        if (strcmp(v->s->jobs[j].name, name) == 0)
            return (int)j;
    return -1;
}

void fs_study_diff(const struct fs_study *st, size_t k, const char *job, enum fs_metric m,
                   struct fs_diff *out)
{
    int jb = fs_study_job(&st->v[0], job), jv = fs_study_job(&st->v[k], job);
    *out = (struct fs_diff){0, NAN, NAN, NAN, 0, NAN, NAN};
    if (jb >= 0 && jv >= 0)
        fs_paired_diff(st->v[k].mc, (size_t)jv, st->v[0].mc, (size_t)jb, m, out);
}

size_t fs_study_focus_job(const struct fs_study *st)
{
    const struct fs_scenario *s = st->v[0].s;
    size_t best = 0;
    for (size_t j = 1; j < s->njobs; j++)
        if (s->jobs[j].flop > s->jobs[best].flop)
            best = j;
    return best;
}

/* ---- report -------------------------------------------------------------- */

static const struct fs_stat *stat_of(const struct fs_variant *v, size_t j, enum fs_metric m)
{
    return fs_summary_stat(&v->sum, j, m);
}

/* A censored P50 is unknown: NAN (the sensitivity table prints "n/f"). */
static double p50_known(const struct fs_stat *t)
{
    return t->p50_cens ? NAN : t->p50;
}

static void diff_text(const struct fs_diff *d, double scale, const char *unit, char *buf,
                      size_t len)
{
    if (d->censored)
        snprintf(buf, len, "unknown (P50 >horizon)");
    else if (isnan(d->mean))
        snprintf(buf, len, "-");
    else if (isnan(d->lo))
        snprintf(buf, len, "%+.4g%s", d->mean / scale, unit);
    else
        snprintf(buf, len, "%+.4g [%+.4g, %+.4g]%s", d->mean / scale, d->lo / scale,
                 d->hi / scale, unit);
}

/* s, then spaces to w characters (UTF-8 names count by character). */
static void cell(FILE *out, const char *s, size_t w)
{
    size_t n = fs_term_cols(s, strlen(s));
    fputs(s, out);
    for (; n < w; n++)
        fputc(' ', out);
}

/* The widths of the variant and job columns: the longest names, never cut. */
static void name_widths(const struct fs_study *st, size_t *wv, size_t *wj)
{
    *wv = strlen("variant");
    *wj = strlen("job");
    for (size_t k = 0; k < st->n; k++) {
        const char *l = fs_term(st->v[k].label);
        size_t n = fs_term_cols(l, strlen(l));
        *wv = n > *wv ? n : *wv;
        for (size_t j = 0; j < st->v[k].s->njobs; j++) {
            const char *jn = fs_term(st->v[k].s->jobs[j].name);
            n = fs_term_cols(jn, strlen(jn));
            *wj = n > *wj ? n : *wj;
        }
    }
}

/* Starts a row: two spaces, the variant (on a variant's first job) and job. */
static void row_names(FILE *out, const struct fs_variant *v, size_t jj, size_t j, size_t wv,
                      size_t wj)
{
    fputs("  ", out);
    cell(out, jj == 0 ? fs_term(v->label) : "", wv);
    fputc(' ', out);
    cell(out, fs_term(v->s->jobs[j].name), wj);
}

/* The differences to the baseline of one row, as text. */
static void row_diffs(const struct fs_study *st, size_t k, size_t j, char *dd, char *dc,
                      size_t len)
{
    const struct fs_variant *v = &st->v[k];
    struct fs_diff d1, d2;
    if (k == 0) {
        snprintf(dd, len, "(baseline)");
        snprintf(dc, len, "(baseline)");
        return;
    }
    fs_study_diff(st, k, v->s->jobs[j].name, FS_M_TTT, &d1);
    fs_study_diff(st, k, v->s->jobs[j].name, FS_M_TCO, &d2);
    diff_text(&d1, 1.0, "", dd, len);
    diff_text(&d2, 1e6, "", dc, len);
    if (d2.fin_b != d2.fin_a) {
        size_t used = strlen(dc);
        snprintf(dc + used, len - used, " fin. %.0f%% vs %.0f%%", 100.0 * d2.fin_b,
                 100.0 * d2.fin_a);
    }
}

/* The comparison in two blocks, each narrow enough for a terminal: the
 * outcomes per variant and job, then the differences to the baseline. */
static void report_variants(const struct fs_study *st, FILE *out)
{
    size_t wv, wj;
    name_widths(st, &wv, &wj);
    fprintf(out, "  outcomes (P(fin.): share of replicates finished within the horizon; train "
                 "days: compute\n  time, first start to finish, unfinished runs censored at "
                 "the horizon, '>x' a quantile\n  among them; GPU-h, costs, MWh: means over "
                 "all replicates, unfinished runs counted to the\n  horizon; TCO: the dedicated "
                 "view, the cluster while held; MWh in the next block)\n");
    fputs("  ", out);
    cell(out, "variant", wv);
    fputc(' ', out);
    cell(out, "job", wj);
    fprintf(out, " %7s %23s %8s %9s %9s\n", "P(fin.)", "train days P50 [P5-P95]", "GPU-h",
            "rental", "TCO");
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        for (size_t jj = 0; jj < v->s->njobs; jj++) {
            size_t j = v->s->job_order[jj];
            const struct fs_stat *t = stat_of(v, j, FS_M_TTT);
            char days[64], r[32], c[32];
            fs_fmt_stat_range(t, days, sizeof(days));
            fs_fmt_usd(stat_of(v, j, FS_M_RENTAL)->mean, r, sizeof(r));
            fs_fmt_usd(stat_of(v, j, FS_M_TCO)->mean, c, sizeof(c));
            row_names(out, v, jj, j, wv, wj);
            fprintf(out, " %6.1f%% %23s %7.3fM %9s %9s\n",
                    100.0 * (double)t->n / (double)v->mc->nrep, days,
                    stat_of(v, j, FS_M_ALLOC)->mean / 1e6, r, c);
        }
    }
    fprintf(out, "\n  differences to the baseline (train days: difference of the P50s; dedicated "
                 "TCO: paired over\n  all replicates, both runs charged to the same horizon; "
                 "the fleet-inclusive views follow)\n");
    fputs("  ", out);
    cell(out, "variant", wv);
    fputc(' ', out);
    cell(out, "job", wj);
    fprintf(out, " %7s  %-22s %s\n", "MWh", "train days P50 vs base",
            "dedicated TCO vs base, $M (95% CI)");
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        for (size_t jj = 0; jj < v->s->njobs; jj++) {
            size_t j = v->s->job_order[jj];
            char dd[64], dc[64];
            row_diffs(st, k, j, dd, dc, sizeof(dd));
            row_names(out, v, jj, j, wv, wj);
            fprintf(out, " %7.0f  %-22s %s\n", stat_of(v, j, FS_M_ENERGY)->mean, dd, dc);
        }
    }
}

/* The job costs in the three named views, the change in the view the
 * comparison ranks by, and the fleet's cost over the horizon with its
 * change: a variant that buys more GPUs shows them here, whatever a job's
 * dedicated TCO says. */
static void report_views(const struct fs_study *st, FILE *out)
{
    enum fs_cost_view view = (enum fs_cost_view)st->cost_view;
    enum fs_metric vm = fs_view_metric(view);
    char m[32], a[32], d[32], dv[64];
    fprintf(out, "\n  job costs by view, ranked by %s;\n  (--cost-view to change)\n",
            fs_view_title(view));
    size_t wv, wj;
    name_widths(st, &wv, &wj);
    fputs("  ", out);
    cell(out, "variant", wv);
    fputc(' ', out);
    cell(out, "job", wj);
    fprintf(out, " %9s %10s %9s  %s\n", "marginal", "absorption", "dedicated",
            "ranked view vs base, $M (95% CI)");
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        for (size_t jj = 0; jj < v->s->njobs; jj++) {
            size_t j = v->s->job_order[jj];
            struct fs_diff df;
            snprintf(dv, sizeof(dv), "(baseline)");
            if (k > 0) {
                fs_study_diff(st, k, v->s->jobs[j].name, vm, &df);
                diff_text(&df, 1e6, "", dv, sizeof(dv));
            }
            row_names(out, v, jj, j, wv, wj);
            fprintf(out, " %9s %10s %9s  %s\n", fs_fmt_usd(stat_of(v, j, FS_M_RENTAL)->mean, m, sizeof(m)),
                    fs_fmt_usd(stat_of(v, j, FS_M_ABSORB)->mean, a, sizeof(a)),
                    fs_fmt_usd(stat_of(v, j, FS_M_TCO)->mean, d, sizeof(d)), dv);
        }
    }
    fprintf(out, "\n  fleet cost over the horizon (all clusters: capex, energy, rent, datacentre)\n");
    fputs("  ", out);
    cell(out, "variant", wv);
    fprintf(out, " %12s  %s\n", "fleet cost", "vs baseline, $M (95% CI)");
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        struct fs_diff df;
        if (v->s->njobs == 0)
            continue;
        snprintf(dv, sizeof(dv), "(baseline)");
        if (k > 0) {
            /* Every job carries the replicate's fleet cost: pair on the first. */
            fs_study_diff(st, k, v->s->jobs[v->s->job_order[0]].name, FS_M_FLEET, &df);
            diff_text(&df, 1e6, "", dv, sizeof(dv));
        }
        fputs("  ", out);
        cell(out, fs_term(v->label), wv);
        fprintf(out, " %12s  %s\n",
                fs_fmt_usd(stat_of(v, v->s->job_order[0], FS_M_FLEET)->mean, m, sizeof(m)), dv);
    }
}

/* Sensitivity: swing of the focus job's time-to-train (P50) and TCO (mean)
 * from each input's low to its high, largest first. */
struct swing {
    size_t input;
    double ttt_lo, ttt_hi, tco_lo, tco_hi;
    double ttt_base, tco_base;
};

/* Relative swing: the larger of the time and cost swings over their
 * baseline values; a run that did not finish swings without bound. */
static double rel_swing(const struct swing *w)
{
    double t = fabs(w->ttt_hi - w->ttt_lo) / w->ttt_base;
    double c = fabs(w->tco_hi - w->tco_lo) / w->tco_base;
    if (isnan(w->ttt_lo) || isnan(w->ttt_hi))
        return INFINITY;
    return fmax(t, isnan(c) ? 0.0 : c);
}

static int by_swing(const void *a, const void *b)
{
    const struct swing *x = a, *y = b;
    double sx = rel_swing(x), sy = rel_swing(y);
    return sx < sy ? 1 : sx > sy ? -1 : (x->input > y->input) - (x->input < y->input);
}

static size_t swings(const struct fs_study *st, struct swing *w)
{
    const struct fs_scenario *s = st->v[0].s;
    size_t j = fs_study_focus_job(st), n = 0;
    for (size_t i = 0; i < s->nsens; i++) {
        const struct fs_variant *lo = NULL, *hi = NULL;
        for (size_t k = 1; k < st->n; k++)
            if (st->v[k].input == (int)i) {
                if (st->v[k].high)
                    hi = &st->v[k];
                else
                    lo = &st->v[k];
            }
        if (lo == NULL || hi == NULL)
            continue;
        w[n++] = (struct swing){i,
                                p50_known(stat_of(lo, j, FS_M_TTT)),
                                p50_known(stat_of(hi, j, FS_M_TTT)),
                                stat_of(lo, j, FS_M_TCO)->mean,
                                stat_of(hi, j, FS_M_TCO)->mean,
                                p50_known(stat_of(&st->v[0], j, FS_M_TTT)),
                                stat_of(&st->v[0], j, FS_M_TCO)->mean};
    }
    qsort(w, n, sizeof(*w), by_swing);
    return n;
}

void fs_report_study(const struct fs_study *st, FILE *out)
{
    const struct fs_scenario *s = st->v[0].s;
    static const char *const what[] = {"strategies", "scenario files", "sweep", "sensitivity"};
    fprintf(out, "\ncomparison of %s: %zu variants, %d replicates each, seed %llu, common random "
                 "numbers;\ndifferences to the baseline (first variant): costs are means of "
                 "paired replicate differences\nover all replicates with 95%% confidence "
                 "intervals, times the difference of the censored P50s\n\n",
            st->routes ? "routes" : what[st->kind], st->n, s->replicates, (unsigned long long)s->seed);
    if (st->kind == FS_STUDY_SENSITIVITY) {
        /* One swing per declared input: as many as the scenario lists. */
        struct swing *w = malloc((s->nsens + 1) * sizeof(*w));
        size_t n = w != NULL ? swings(st, w) : 0, j = fs_study_focus_job(st);
        const struct fs_variant *b = &st->v[0];
        char bt[32];
        fs_fmt_quantile(stat_of(b, j, FS_M_TTT)->p50, stat_of(b, j, FS_M_TTT)->p50_cens, bt,
                        sizeof(bt));
        fprintf(out, "  sensitivity of '%s' (baseline: %s days of compute P50, TCO %.4g $M)\n",
                fs_term(s->jobs[j].name), bt, stat_of(b, j, FS_M_TCO)->mean / 1e6);
        size_t wl = strlen("input");
        for (size_t i = 0; i < n; i++) {
            const char *l = fs_term(s->sens[w[i].input].label);
            size_t c = fs_term_cols(l, strlen(l));
            wl = c > wl ? c : wl;
        }
        fputs("  ", out);
        cell(out, "input", wl);
        fprintf(out, " %12s %12s %18s %18s\n", "low", "high", "days low/high", "TCO $M low/high");
        if (w == NULL)
            fprintf(out, "  (out of memory: no sensitivity table)\n");
        for (size_t i = 0; i < n; i++) {
            const struct fs_sens_input *in = &s->sens[w[i].input];
            char tl[16], th[16];
            snprintf(tl, sizeof(tl), isnan(w[i].ttt_lo) ? "n/f" : "%.2f", w[i].ttt_lo);
            snprintf(th, sizeof(th), isnan(w[i].ttt_hi) ? "n/f" : "%.2f", w[i].ttt_hi);
            fputs("  ", out);
            cell(out, fs_term(in->label), wl);
            fprintf(out, " %12.6g %12.6g %8s /%8s %8.4g /%8.4g\n", in->low, in->high, tl, th,
                    w[i].tco_lo / 1e6, w[i].tco_hi / 1e6);
        }
        fprintf(out, "  (days: compute time P50; ordered by the larger relative swing of time "
                     "or cost; n/f: P50 not known,\n   fewer than half the replicates finished)\n");
        free(w);
        fputc('\n', out);
    }
    report_variants(st, out);
    report_views(st, out);
}

/*
 * comparison.csv columns of metric m: mean, p5, p50, p95 (a censored metric
 * adds p5_censored, p50_censored, p95_censored: 1 and the value empty when
 * that quantile falls among the unfinished runs), then the difference to
 * the baseline: diff_mean and its 95 % interval, or for a censored metric
 * diff_p50 (empty when either P50 is censored) with diff_censored.
 */
static void write_study_header(FILE *f, enum fs_metric m)
{
    const char *n = fs_metric_name(m);
    fprintf(f, ",%s_mean,%s_p5,%s_p50,%s_p95", n, n, n, n);
    if (fs_metric_censored(m))
        fprintf(f, ",%s_p5_censored,%s_p50_censored,%s_p95_censored,%s_diff_p50,"
                   "%s_diff_censored", n, n, n, n, n);
    else
        fprintf(f, ",%s_diff_mean,%s_diff_ci95_low,%s_diff_ci95_high", n, n, n);
}

static void write_study_cells(FILE *f, const struct fs_stat *x, enum fs_metric m,
                              const struct fs_diff *d)
{
    const double q[] = {x->mean, x->p5_cens ? NAN : x->p5, x->p50_cens ? NAN : x->p50,
                        x->p95_cens ? NAN : x->p95};
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
        fputc(',', f);
        fs_csv_num(f, q[i]);
    }
    if (fs_metric_censored(m)) {
        fprintf(f, ",%d,%d,%d,", x->p5_cens, x->p50_cens, x->p95_cens);
        fs_csv_num(f, d->mean);
        fprintf(f, ",%d", d->censored);
        return;
    }
    fputc(',', f);
    fs_csv_num(f, d->mean);
    fputc(',', f);
    fs_csv_num(f, d->lo);
    fputc(',', f);
    fs_csv_num(f, d->hi);
}

/* The input, setting, low and high cells of variant k: a sweep's variants
 * name the swept setting paths (input and setting alike; the range is the
 * sweep's first and last value; every variant is a sweep point); a
 * sensitivity run names its input, the setting path and the input's low and
 * high, and its baseline leaves them empty, as do strategies and files. */
/* A sweep value: a date when the sweep is over dates. */
static void write_x(FILE *f, const struct fs_study *st, double x)
{
    char day[16];
    if (st->kind == FS_STUDY_SWEEP && st->sweep_dates && isfinite(x))
        fputs(fs_date_format((fs_date)x, day, sizeof(day)), f);
    else
        fs_csv_num(f, x);
}

static void write_study_input(FILE *f, const struct fs_study *st, const struct fs_variant *v)
{
    const struct fs_sens_input *in;

    if (st->kind == FS_STUDY_SWEEP) {
        fs_csv_str(f, st->sweep_paths);
        fputc(',', f);
        fs_csv_str(f, st->sweep_paths);
        fputc(',', f);
        write_x(f, st, st->v[0].x);
        fputc(',', f);
        write_x(f, st, st->v[st->n - 1].x);
        return;
    }
    if (st->kind != FS_STUDY_SENSITIVITY || v->input < 0) {
        fputs(",,,", f);
        return;
    }
    in = &st->v[0].s->sens[v->input];
    fs_csv_str(f, in->label);
    fputc(',', f);
    fs_csv_str(f, in->path);
    fputc(',', f);
    fs_csv_num(f, in->low);
    fputc(',', f);
    fs_csv_num(f, in->high);
}

int fs_write_study(const struct fs_study *st, const char *dir, struct fs_diag *diag)
{
    static const char *const names[] = {"comparison.csv", "comparison.csv", "sweep.csv",
                                        "sensitivity.csv"};
    static const enum fs_metric ms[] = {FS_M_TTT, FS_M_RESULT, FS_M_WAIT, FS_M_WAIT_HW,
                                        FS_M_ALLOC, FS_M_GOODPUT, FS_M_RENTAL, FS_M_TCO,
                                        FS_M_ENERGY, FS_M_ABSORB, FS_M_FLEET};
    struct fs_outfile o;
    FILE *f;
    int rc;

    memset(&o, 0, sizeof(o));
    if ((rc = fs_mkdir_p(dir, diag)) != FS_OK ||
        (rc = fs_outfile_open(&o, dir, names[st->kind], diag)) != FS_OK)
        return rc;
    f = o.f;
    fputs("variant,value,input,setting,low,high,job,replicates,finished_share", f);
    for (size_t m = 0; m < sizeof(ms) / sizeof(ms[0]); m++)
        write_study_header(f, ms[m]);
    fputc('\n', f);
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        for (size_t jj = 0; jj < v->s->njobs; jj++) {
            size_t j = v->s->job_order[jj];
            fs_csv_str(f, v->label);
            fputc(',', f);
            write_x(f, st, st->kind == FS_STUDY_SWEEP || st->kind == FS_STUDY_SENSITIVITY ? v->x
                                                                                         : NAN);
            fputc(',', f);
            write_study_input(f, st, v);
            fputc(',', f);
            fs_csv_str(f, v->s->jobs[j].name);
            fprintf(f, ",%zu,%.10g", v->mc->nrep,
                    (double)stat_of(v, j, FS_M_TTT)->n / (double)v->mc->nrep);
            for (size_t m = 0; m < sizeof(ms) / sizeof(ms[0]); m++) {
                struct fs_diff d = {0, NAN, NAN, NAN, 0, NAN, NAN};
                if (k > 0)
                    fs_study_diff(st, k, v->s->jobs[j].name, ms[m], &d);
                else if (fs_metric_censored(ms[m]) && stat_of(v, j, ms[m])->p50_cens)
                    d.censored = 1;
                else
                    d = (struct fs_diff){v->mc->nrep, 0.0, 0.0, 0.0, 0, NAN, NAN};
                write_study_cells(f, stat_of(v, j, ms[m]), ms[m], &d);
            }
            fputc('\n', f);
        }
    }
    if ((rc = fs_outfile_close(&o, diag)) != FS_OK || (rc = fs_outfile_commit(&o, diag)) != FS_OK)
        fs_outfile_discard(&o);
    return rc;
}
