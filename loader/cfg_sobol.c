/*
 * cfg_sobol.c - reads the `sobol` group: the uncertain inputs of a global
 * sensitivity study (a setting path and a distribution, or a low/high
 * range), the outputs it measures, and its settings (replicates per
 * evaluation, bootstrap resamples, confidence). `fleetsim --sobol N` runs it
 * (sim/sobol_study.c); the estimators are in models/sobol.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/costview.h"
#include "fleetsim/date.h"
#include "fleetsim/sobol.h"
#include "fleetsim/stats.h"
#include "internal.h"

/* What an input group is read into before it is checked. */
struct input_raw {
    char label[FS_NAME_MAX];
    char path[FS_TEXT_MAX];
    char source[FS_TEXT_MAX];
    int dist;
    double low, mode, high, mean, sd, cv, min, max;
};

static const char *const dist_choices[] = {
#define XX(id, name) name,
    FS_SOBOL_DIST_MAP(XX)
#undef XX
    NULL};

#define IN(f) offsetof(struct input_raw, f)
static const struct fs__field input_fields[] = {
    {"path", F_TEXT, F_REQUIRED, 0, 0, IN(path), "", "a numeric setting, as for --set", NULL},
    {"label", F_NAME, 0, 0, 0, IN(label), "",
     "name in sobol.csv and the chart (default: the path, if it fits in 63 bytes)", NULL},
    {"distribution", F_ENUM, 0, 0, 0, IN(dist), "",
     "the input's distribution (default uniform: a low/high range)", dist_choices},
    {"low", F_DOUBLE, 0, -1e30, 1e30, IN(low), "", "uniform, triangular: lowest value", NULL},
    {"high", F_DOUBLE, 0, -1e30, 1e30, IN(high), "", "uniform, triangular: highest value", NULL},
    {"mode", F_DOUBLE, 0, -1e30, 1e30, IN(mode), "", "triangular: most likely value", NULL},
    {"mean", F_DOUBLE, 0, -1e30, 1e30, IN(mean), "", "normal, lognormal: mean", NULL},
    {"sd", F_DOUBLE, F_MIN_EXCL, 0, 1e30, IN(sd), "", "normal: standard deviation", NULL},
    {"cv", F_DOUBLE, F_MIN_EXCL, 0, 100, IN(cv), "", "lognormal: coefficient of variation", NULL},
    {"min", F_DOUBLE, 0, -1e30, 1e30, IN(min), "", "normal, lognormal: truncated below here",
     NULL},
    {"max", F_DOUBLE, 0, -1e30, 1e30, IN(max), "", "normal, lognormal: truncated above here",
     NULL},
    {"values", F_SPECIAL, 0, 0, 0, 0, "", "discrete: an array of numbers (at most 32)", NULL},
    {"weights", F_SPECIAL, 0, 0, 0, 0, "",
     "discrete: their relative weights, >= 0 (default: equal)", NULL},
    {"source", F_TEXT, 0, 0, 0, IN(source), "", "where the distribution comes from", NULL},
};
const struct fs__table fs__sobol_input_table = {"sobol.inputs[]", input_fields,
                                                NFIELDS(input_fields)};

/* Which parameters each distribution takes (required; min and max are
 * optional for normal and lognormal; weights optional for discrete). */
static const char *const need[FS_SOBOL_DIST_COUNT][4] = {
    {"low", "high", NULL, NULL},         {"mean", "sd", NULL, NULL},
    {"mean", "cv", NULL, NULL},          {"low", "mode", "high", NULL},
    {"values", NULL, NULL, NULL},
};
static const char *const optional[FS_SOBOL_DIST_COUNT][3] = {
    {NULL}, {"min", "max", NULL}, {"min", "max", NULL}, {NULL}, {"weights", NULL}};

static int listed(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n && names[i] != NULL; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* An array of numbers into dst[max]; *n its length. */
static int read_numbers(const struct fs__ctx *cx, const config_setting_t *a, double *dst,
                        size_t max, size_t *n)
{
    char got[96];
    if (!config_setting_is_array(a) && !config_setting_is_list(a)) {
        fs__describe(a, got, sizeof(got));
        return fs__err_at(cx, a, "expected an array of numbers [ ... ] (got %s)", got);
    }
    if (config_setting_length(a) < 1 || (size_t)config_setting_length(a) > max)
        return fs__err_at(cx, a, "expected 1 to %zu numbers (got %d)", max,
                          config_setting_length(a));
    for (int i = 0; i < config_setting_length(a); i++) {
        const config_setting_t *e = config_setting_get_elem(a, (unsigned)i);
        if (!fs__is_number(e)) {
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected a number (got %s)", got);
        }
        dst[i] = fs__number_of(e);
    }
    *n = (size_t)config_setting_length(a);
    return FS_OK;
}

/* A discrete input's values and weights (normalised to sum 1). */
static int read_discrete(const struct fs__ctx *cx, const config_setting_t *g,
                         struct fs_sobol_input *in)
{
    const config_setting_t *w = config_setting_get_member(g, "weights");
    size_t nw = 0;
    double sum = 0;
    int rc;
    if ((rc = read_numbers(cx, config_setting_get_member(g, "values"), in->values,
                           FS_SOBOL_MAX_VALUES, &in->nvalues)) != FS_OK)
        return rc;
    if (w == NULL) {
        for (size_t i = 0; i < in->nvalues; i++)
            in->weights[i] = 1.0;
    } else {
        if ((rc = read_numbers(cx, w, in->weights, FS_SOBOL_MAX_VALUES, &nw)) != FS_OK)
            return rc;
        if (nw != in->nvalues)
            return fs__err_at(cx, w, "expected one weight per value (%zu values, %zu weights)",
                              in->nvalues, nw);
    }
    for (size_t i = 0; i < in->nvalues; i++) {
        if (!(in->weights[i] >= 0))
            return fs__err_at(cx, w, "weights must be >= 0 (got %.15g)", in->weights[i]);
        sum += in->weights[i];
    }
    if (!(sum > 0))
        return fs__err_at(cx, w, "weights must not all be 0");
    for (size_t i = 0; i < in->nvalues; i++)
        in->weights[i] /= sum;
    return FS_OK;
}

/* The checks of one distribution's parameters. */
static int check_params(const struct fs__ctx *cx, const config_setting_t *g,
                        const struct fs_sobol_input *in)
{
    switch (in->dist) {
    case FS_SOBOL_UNIFORM:
        if (!(in->low < in->high))
            return fs__err_at(cx, config_setting_get_member(g, "high"),
                              "must be above low (got low %.15g, high %.15g)", in->low, in->high);
        break;
    case FS_SOBOL_TRIANGULAR:
        if (!(in->low < in->high && in->low <= in->mode && in->mode <= in->high))
            return fs__err_at(cx, g, "needs low <= mode <= high and low < high (got low %.15g, "
                                     "mode %.15g, high %.15g)", in->low, in->mode, in->high);
        break;
    case FS_SOBOL_LOGNORMAL:
    case FS_SOBOL_NORMAL:
        if (in->dist == FS_SOBOL_LOGNORMAL && !(in->mean > 0))
            return fs__err_at(cx, config_setting_get_member(g, "mean"),
                              "a lognormal's mean must be > 0 (got %.15g)", in->mean);
        if (!(in->min < in->max))
            return fs__err_at(cx, config_setting_get_member(g, "max"),
                              "must be above min (got min %.15g, max %.15g)", in->min, in->max);
        {
            /* The truncated range must hold some probability, or the
             * inverse CDF has nothing to map onto. */
            double lo = fs_sobol_quantile(in, 1e-12), hi = fs_sobol_quantile(in, 1 - 1e-12);
            if (!(isfinite(lo) && isfinite(hi) && lo < hi))
                return fs__err_at(cx, g, "min and max leave (almost) no probability to the "
                                         "distribution (mean %.15g)", in->mean);
        }
        break;
    case FS_SOBOL_DISCRETE:
    case FS_SOBOL_DIST_COUNT:
        break;
    }
    return FS_OK;
}

static int read_input(const struct fs__ctx *cx, const config_setting_t *g,
                      struct fs_sobol_input *in)
{
    struct input_raw r;
    unsigned char seen[NFIELDS(input_fields)] = {0};
    int rc;
    memset(&r, 0, sizeof(r));
    r.min = -INFINITY;
    r.max = INFINITY;
    if ((rc = fs__read_group(cx, g, input_fields, NFIELDS(input_fields), &r, seen)) != FS_OK)
        return rc;
    for (size_t f = 3; f < NFIELDS(input_fields) - 1; f++) {
        const char *nm = input_fields[f].name;
        int req = listed(need[r.dist], 4, nm), opt = listed(optional[r.dist], 3, nm);
        if (req && !seen[f])
            return fs__err_at(cx, g, "missing required setting '%s' (distribution \"%s\")", nm,
                              dist_choices[r.dist]);
        if (!req && !opt && seen[f])
            return fs__err_at(cx, config_setting_get_member(g, nm),
                              "not a parameter of distribution \"%s\"", dist_choices[r.dist]);
    }
    memset(in, 0, sizeof(*in));
    if (r.label[0] == '\0' && strlen(r.path) >= sizeof(in->label))
        return fs__err_at(cx, g, "missing setting 'label': the path (%zu bytes) is too long to "
                                 "serve as one (at most %d bytes)", strlen(r.path), FS_NAME_MAX - 1);
    memcpy(in->label, r.label[0] ? r.label : r.path, strlen(r.label[0] ? r.label : r.path) + 1);
    memcpy(in->path, r.path, sizeof(in->path));
    memcpy(in->source, r.source, sizeof(in->source));
    in->dist = (enum fs_sobol_dist)r.dist;
    in->low = r.low, in->mode = r.mode, in->high = r.high;
    in->mean = r.mean, in->sd = r.sd, in->cv = r.cv, in->min = r.min, in->max = r.max;
    in->line = (unsigned)config_setting_source_line(g);
    if (in->dist == FS_SOBOL_DISCRETE && (rc = read_discrete(cx, g, in)) != FS_OK)
        return rc;
    return check_params(cx, g, in);
}

/* ---- outputs --------------------------------------------------------------- */

struct output_raw {
    char label[FS_NAME_MAX];
    char job[FS_NAME_MAX];
    char metric[FS_TEXT_MAX];
    int view;
    fs_date date;
};

static const char *const view_choices[] = {
#define XX(id, name, m) name,
    FS_VIEW_MAP(XX)
#undef XX
    NULL};

#define OUT(f) offsetof(struct output_raw, f)
static const struct fs__field output_fields[] = {
    {"job", F_NAME, F_REQUIRED, 0, 0, OUT(job), "", "the job measured", NULL},
    {"metric", F_TEXT, F_REQUIRED, 0, 0, OUT(metric), "",
     "\"cost\" (in `view`), \"finished_by\" (by `date`), or a column stem of summary.csv "
     "(time_to_train_days, gpu_hours_allocated, tco_usd...): its mean over the replicates", NULL},
    {"view", F_ENUM, 0, 0, 0, OUT(view), "", "cost: the job cost view (default absorption)",
     view_choices},
    {"date", F_DATE, 0, 0, 0, OUT(date), "",
     "finished_by: P(the job finished by the end of this day)", NULL},
    {"label", F_NAME, 0, 0, 0, OUT(label), "", "name in sobol.csv and the chart", NULL},
};
const struct fs__table fs__sobol_output_table = {"sobol.outputs[]", output_fields,
                                                 NFIELDS(output_fields)};

/* The metric named `name` (a column stem), or an error with a near name. */
static int find_metric(const struct fs__ctx *cx, const config_setting_t *s, const char *name,
                       int *out)
{
    struct fs__near nr;
    fs__near_init(&nr, name);
    for (int m = 0; m < FS_M_COUNT; m++) {
        if (strcmp(fs_metric_name((enum fs_metric)m), name) == 0) {
            *out = m;
            return FS_OK;
        }
        fs__near_try(&nr, fs_metric_name((enum fs_metric)m));
    }
    fs__near_try(&nr, "cost");
    fs__near_try(&nr, "finished_by");
    if (nr.best != NULL)
        return fs__err_at(cx, s, "unknown metric '%s' (did you mean '%s'?)", name, nr.best);
    return fs__err_at(cx, s, "unknown metric '%s': expected \"cost\", \"finished_by\" or a "
                             "column stem of summary.csv such as time_to_train_days", name);
}

static int read_output(const struct fs__ctx *cx, const config_setting_t *g,
                       const struct fs_scenario *s, struct fs_sobol_output *o)
{
    struct output_raw r;
    unsigned char seen[NFIELDS(output_fields)] = {0};
    const config_setting_t *ms;
    int rc, job, finished, cost;
    memset(&r, 0, sizeof(r));
    if ((rc = fs__read_group(cx, g, output_fields, NFIELDS(output_fields), &r, seen)) != FS_OK)
        return rc;
    memset(o, 0, sizeof(*o));
    job = FS__FIND(cx, config_setting_get_member(g, "job"), "job", r.job, s->jobs, s->njobs,
                   struct fs_job, NULL);
    if (job < 0)
        return FS_ESCENARIO;
    o->job = (size_t)job;
    ms = config_setting_get_member(g, "metric");
    finished = strcmp(r.metric, "finished_by") == 0;
    cost = strcmp(r.metric, "cost") == 0;
    if (seen[2] && !cost)
        return fs__err_at(cx, config_setting_get_member(g, "view"),
                          "only with metric \"cost\"");
    if (seen[3] != finished)
        return fs__err_at(cx, finished ? g : config_setting_get_member(g, "date"),
                          finished ? "missing required setting 'date' (metric \"finished_by\")"
                                   : "only with metric \"finished_by\"");
    if (finished) {
        o->what = FS_SOBOL_FINISHED;
        o->by_h = fs_date_h(s, r.date) + FS_HOURS_PER_DAY;
    } else if (cost) {
        o->what = FS_SOBOL_METRIC;
        o->metric = (int)fs_view_metric((enum fs_cost_view)r.view);
    } else if ((rc = find_metric(cx, ms, r.metric, &o->metric)) != FS_OK) {
        return rc;
    }
    if (r.label[0] != '\0')
        memcpy(o->label, r.label, sizeof(o->label));
    else if (cost)
        snprintf(o->label, sizeof(o->label), "%.20s cost %s", r.job,
                 fs_view_name((enum fs_cost_view)r.view));
    else if (finished) {
        char day[16];
        snprintf(o->label, sizeof(o->label), "%.20s P(finished by %s)", r.job,
                 fs_date_format(r.date, day, sizeof(day)));
    }
    else
        snprintf(o->label, sizeof(o->label), "%.20s %.40s", r.job, r.metric);
    o->line = (unsigned)config_setting_source_line(g);
    return FS_OK;
}

/* ---- the group --------------------------------------------------------------- */

#define SB(f) offsetof(struct fs_sobol_spec, f)
static const struct fs__field sobol_fields[] = {
    {"inputs", F_SPECIAL, F_REQUIRED, 0, 0, 0, "",
     "the uncertain inputs (1 to 20), each a setting and its distribution", NULL},
    {"outputs", F_SPECIAL, F_REQUIRED, 0, 0, 0, "", "what is measured (1 to 8)", NULL},
    {"replicates", F_INT, 0, 1, 1e6, SB(replicates), "",
     "Monte Carlo replicates of each evaluation (default 16; the scenario's seed)", NULL},
    {"bootstrap", F_INT, 0, 0, 1e5, SB(bootstrap), "",
     "bootstrap resamples for the confidence intervals (default 1000; 0: none)", NULL},
    {"confidence", F_DOUBLE, F_MIN_EXCL, 0, 0.999, SB(confidence), "",
     "level of the bootstrap intervals (default 0.95)", NULL},
};
const struct fs__table fs__sobol_table = {"sobol", sobol_fields, NFIELDS(sobol_fields)};

static int read_inputs(const struct fs__ctx *cx, const config_setting_t *g,
                       struct fs_sobol_spec *sp)
{
    const config_setting_t *list = config_setting_get_member(g, "inputs");
    int rc;
    if ((rc = fs__expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) < 1 || config_setting_length(list) > FS_SOBOL_MAX_INPUTS)
        return fs__err_at(cx, list, "expected 1 to %d inputs (got %d): the design takes 2 "
                                    "dimensions per input of GSL's Sobol sequence, which has 40",
                          FS_SOBOL_MAX_INPUTS, config_setting_length(list));
    sp->k = (size_t)config_setting_length(list);
    for (size_t i = 0; i < sp->k; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if ((rc = read_input(cx, e, &sp->inputs[i])) != FS_OK)
            return rc;
        /* every design point runs with the scenario's seed and
         * sobol.replicates, so these would be inputs without effect */
        if (strcmp(sp->inputs[i].path, "scenario.seed") == 0 ||
            strcmp(sp->inputs[i].path, "scenario.replicates") == 0)
            return fs__err_at(cx, config_setting_get_member(e, "path"),
                              "'%s' cannot be an input: every design point runs with the "
                              "scenario's seed and sobol.replicates replicates",
                              sp->inputs[i].path);
        for (size_t p = 0; p < i; p++) {
            if (strcmp(sp->inputs[p].path, sp->inputs[i].path) == 0)
                return fs__err_at(cx, config_setting_get_member(e, "path"),
                                  "'%s' is already input %zu (line %u)", sp->inputs[i].path, p,
                                  sp->inputs[p].line);
            if (strcmp(sp->inputs[p].label, sp->inputs[i].label) == 0)
                return fs__err_at(cx, e, "label '%s' is already input %zu's (line %u)",
                                  sp->inputs[i].label, p, sp->inputs[p].line);
        }
    }
    return FS_OK;
}

int fs__read_sobol(const struct fs__ctx *cx, const config_t *cfg, struct fs_scenario *s)
{
    const config_setting_t *g = config_lookup(cfg, "sobol"), *list;
    struct fs_sobol_spec *sp;
    int rc;
    if (g == NULL)
        return FS_OK;
    if ((sp = calloc(1, sizeof(*sp))) == NULL)
        return FS_ENOMEM;
    s->sobol = sp;
    sp->replicates = 16;
    sp->bootstrap = 1000;
    sp->confidence = 0.95;
    sp->line = (unsigned)config_setting_source_line(g);
    if ((rc = fs__read_group(cx, g, sobol_fields, NFIELDS(sobol_fields), sp, NULL)) != FS_OK ||
        (rc = read_inputs(cx, g, sp)) != FS_OK)
        return rc;
    list = config_setting_get_member(g, "outputs");
    if ((rc = fs__expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) < 1 || config_setting_length(list) > FS_SOBOL_MAX_OUTPUTS)
        return fs__err_at(cx, list, "expected 1 to %d outputs (got %d)", FS_SOBOL_MAX_OUTPUTS,
                          config_setting_length(list));
    sp->nout = (size_t)config_setting_length(list);
    for (size_t i = 0; i < sp->nout; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if ((rc = read_output(cx, e, s, &sp->outputs[i])) != FS_OK)
            return rc;
        for (size_t p = 0; p < i; p++)
            if (strcmp(sp->outputs[p].label, sp->outputs[i].label) == 0)
                return fs__err_at(cx, e, "label '%s' is already output %zu's (line %u); give "
                                         "each output its own label",
                                  sp->outputs[i].label, p, sp->outputs[p].line);
    }
    return FS_OK;
}
