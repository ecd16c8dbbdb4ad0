/*
 * html_parts.c - the larger sections of report.html (html.h): export-rule
 * events, inline charts with captions, resolved inputs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/catalog.h"
#include "fleetsim/compare.h"
#include "fleetsim/date.h"
#include "fleetsim/html.h"
#include "fleetsim/report.h"
#include "fleetsim/result.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"
#include "html_internal.h"

/* Reads a whole file; NULL when it cannot (missing, empty, no memory). */
static char *slurp(const char *dir, const char *name, size_t *len)
{
    size_t plen = strlen(dir) + strlen(name) + 2, cap = 0, n = 0;
    char *path = malloc(plen), *buf = NULL;
    FILE *f;
    if (path == NULL)
        return NULL;
    snprintf(path, plen, "%s/%s", dir, name);
    f = fopen(path, "rb");
    free(path);
    if (f == NULL)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            char *nb = realloc(buf, cap = cap * 2 + 8192);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    if (buf == NULL || n == 0) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void fs__html_fleet_cells(FILE *f, const struct fs_mc *mc, size_t c)
{
    struct fs_cluster_result r;
    char buf[64];
    fs_fleet_mean(mc, c, &r);
    fprintf(f, "<td class=\"n\">%s</td>", fs_fmt_thousands(r.gpus_end, buf, sizeof(buf)));
    fprintf(f, "<td class=\"n\">%s</td>", fs_fmt_gpuh(r.gpu_h_in_service, buf, sizeof(buf)));
}

/* One CSV field from *p (RFC 4180 quotes), escaped into a cell; advances *p
 * past the field and its comma. Returns the character that ended it. */
static char csv_cell(FILE *f, const char **p, const char *tag)
{
    const char *s = *p;
    fprintf(f, "<%s>", tag);
    if (*s == '"') {
        for (s++; *s != '\0'; s++) {
            if (*s == '"' && s[1] == '"') {
                fputs("&quot;", f);
                s++;
            } else if (*s == '"') {
                s++;
                break;
            } else {
                char one[2] = {*s, '\0'};
                fs_html_escape(f, one);
            }
        }
    } else {
        for (; *s != '\0' && *s != ',' && *s != '\n' && *s != '\r'; s++) {
            char one[2] = {*s, '\0'};
            fs_html_escape(f, one);
        }
    }
    fprintf(f, "</%s>", tag);
    char end = *s;
    if (end == ',')
        s++;
    *p = s;
    return end;
}

void fs__html_rules(FILE *f, const char *dir)
{
    size_t len;
    char *csv = slurp(dir, "rules.csv", &len);
    fputs("<section id=\"rules\"><h2>Export-rule events</h2>\n", f);
    if (csv == NULL) {
        fputs("<p>No export-rule events were written.</p>\n</section>\n", f);
        return;
    }
    fputs("<p class=\"note\">The export rules the scenario's regions meet, with the "
          "dates they take effect (data: <a href=\"rules.csv\">rules.csv</a>).</p>\n"
          "<table>\n", f);
    const char *p = csv;
    for (int row = 0; *p != '\0'; row++) {
        if (row == 1)
            fputs("<tbody>\n", f);
        fputs(row == 0 ? "<thead><tr>" : "<tr>", f);
        char end;
        do
            end = csv_cell(f, &p, row == 0 ? "th" : "td");
        while (end == ',');
        while (*p == '\r' || *p == '\n')
            p++;
        fputs(row == 0 ? "</tr></thead>\n" : "</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
    free(csv);
}

struct chart {
    const char *name;    /* file stem; NULL: one per job */
    int kind;            /* 0 every run, 1 comparisons, 2 sweep, 3 sensitivity */
    const char *title, *caption;
};

/* Captions after docs/charts.md. */
static const struct chart charts[] = {
    {"progress", 0, "Training progress",
     "The share of each job's FLOP budget done against the calendar date. The thick "
     "line is the median over replicates, the shaded band P5 to P95."},
    {NULL, 0, "Time to train",
     "A histogram of the job's time to train over the replicates (about sqrt(n) equal "
     "bins), with its P5, P50 and P95 marked."},
    {"gpu_hours", 0, "GPU-hours breakdown",
     "Each job's allocated GPU-hours as a stacked bar of useful work, work lost to "
     "failures (rolled back), checkpoint writes, restarts, and GPUs held idle (means "
     "over replicates)."},
    {"cost", 0, "Cost",
     "Per job (means over replicates): the rental-equivalent cost beside the total "
     "cost of ownership stacked by component; and the fleet's cost over the horizon."},
    {"fleet_capacity", 0, "Fleet capacity",
     "GPUs in service (spares included) stacked by chip, and the fleet's peak dense "
     "16-bit compute on the right axis, from the earliest online date to the end of "
     "the horizon."},
    {"step_breakdown", 0, "Step time by part",
     "The predicted training step split into its parts (compute, communication, "
     "pipeline bubble...), for jobs whose MFU the throughput model predicts."},
    {"compare_time_cost", 1, "Time to train against the job's cost",
     "One point per variant for the focus job: x is the job's cost in the view the "
     "comparison ranks by, y its time to train (P50 with P5-P95)."},
    {"compare_cost", 1, "Cost by component",
     "As the cost chart, per variant: the focus job's rental-equivalent bar beside its "
     "TCO stacked by component, and the fleet's cost."},
    {"compare_progress", 1, "Progress on one calendar",
     "As the progress chart, for the focus job of every variant: the median share of "
     "its FLOP budget done against the calendar date, with the P5-P95 band."},
    {"sweep", 2, "Sweep",
     "The focus job's time to train and cost against the swept value."},
    {"tornado", 3, "Sensitivity",
     "Each sensitivity input run at its low and at its high value, the others at base: "
     "one bar per input for the focus job's time to train (P50) and TCO (mean)."},
    {"sobol", 0, "Sobol indices",
     "With --sobol: for each output, the share of its variance each uncertain input "
     "explains alone (first order) and with its interactions (total), with bootstrap "
     "intervals; the numbers are in sobol.csv."},
};

static int chart_applies(int kind, const struct fs_study *st, int compare)
{
    switch (kind) {
    case 0: return 1;
    case 1: return compare && st->n > 1;
    case 2: return compare && st->kind == FS_STUDY_SWEEP;
    default: return compare && st->kind == FS_STUDY_SENSITIVITY;
    }
}

/* The figure of chart `stem`, its SVG inline (from its <svg tag on, so no
 * XML prolog), or a "chart not drawn" box. */
static void figure(FILE *f, const char *dir, const char *stem, const char *title,
                   const char *caption, const char *job)
{
    char name[160];
    size_t len = 0;
    char *svg, *at;
    snprintf(name, sizeof(name), "%s.svg", stem);
    svg = slurp(dir, name, &len);
    at = svg != NULL ? strstr(svg, "<svg") : NULL;
    fprintf(f, "<figure id=\"chart-%s\">\n", stem);
    if (at != NULL)
        fputs(at, f);
    else
        fprintf(f, "<div class=\"missing\">chart not drawn (no %s: the run's --plots "
                   "excluded svg, or gnuplot is missing or failed)</div>\n", name);
    fprintf(f, "<figcaption><b>%s", title);
    if (job != NULL) {
        fputs(", ", f);
        fs_html_escape(f, job);
    }
    fprintf(f, "</b> (<code>%s</code>). %s</figcaption>\n</figure>\n", stem, caption);
    free(svg);
}

void fs__html_charts(FILE *f, const struct fs_study *st, int compare, const char *dir)
{
    const struct fs_scenario *s = st->v[0].s;
    fputs("<section id=\"charts\"><h2>Charts</h2>\n", f);
    for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
        const struct chart *c = &charts[i];
        if (!chart_applies(c->kind, st, compare))
            continue;
        if (c->name == NULL) {
            for (size_t j = 0; j < s->njobs; j++) {
                char stem[64];
                snprintf(stem, sizeof(stem), "time_to_train_job%zu", j + 1);
                figure(f, dir, stem, c->title, c->caption, s->jobs[j].name);
            }
            continue;
        }
        if (strcmp(c->name, "step_breakdown") == 0 || strcmp(c->name, "sobol") == 0) {
            size_t len;
            char gpn[32], svgn[32];
            char *gp, *svg;
            int have;
            snprintf(gpn, sizeof(gpn), "%s.gp", c->name);
            snprintf(svgn, sizeof(svgn), "%s.svg", c->name);
            gp = slurp(dir, gpn, &len);
            svg = slurp(dir, svgn, &len);
            have = gp != NULL || svg != NULL;
            free(gp);
            free(svg);
            if (!have)   /* no predicted MFU, or no Sobol study: no such chart */
                continue;
        }
        figure(f, dir, c->name, c->title, c->caption, NULL);
    }
    fputs("</section>\n", f);
}

static void cell(FILE *f, const char *text)
{
    fputs("<td>", f);
    fs_html_escape(f, text);
    fputs("</td>", f);
}

static void write_chips(FILE *f, const struct fs_scenario *s)
{
    fputs("<h3>Chips used</h3>\n<table>\n<thead><tr><th>Chip</th><th>Vendor</th>"
          "<th>Dense 16-bit TFLOP/s (BF16, else FP16)</th><th>TDP, W</th><th>List price, USD</th>"
          "<th>Status</th><th>Source</th><th>Price source</th></tr></thead>\n<tbody>\n", f);
    for (size_t k = 0; k < s->catalog.n; k++) {
        const struct fs_chip *ch = &s->catalog.chips[k];
        int used = 0;
        for (size_t c = 0; c < s->nclusters && !used; c++)
            used = s->clusters[c].chip == k;
        for (size_t o = 0; o < s->norders && !used; o++)
            used = s->orders[o].chip == k;
        if (!used)
            continue;
        fputs("<tr>", f);
        cell(f, ch->name);
        cell(f, ch->vendor);
        fprintf(f, "<td class=\"n\">%g</td><td class=\"n\">%g</td><td class=\"n\">%g</td>",
                ch->peak_tflops[FS_PREC_BF16] > 0 ? ch->peak_tflops[FS_PREC_BF16]
                                                   : ch->peak_tflops[FS_PREC_FP16],
                ch->tdp_w, ch->list_price_usd);
        cell(f, ch->status);
        cell(f, ch->source);
        cell(f, ch->price_source);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n<p class=\"note\">Status flags as in the catalog: O "
          "official, O* official as quoted, S secondary, E estimate, D derived, U "
          "unverified (docs/catalog.md).</p>\n", f);
}

static void write_cluster_inputs(FILE *f, const struct fs_scenario *s)
{
    fputs("<h3>Clusters</h3>\n<table>\n<thead><tr><th>Cluster</th><th>Chip</th>"
          "<th>GPUs</th><th>GPUs per node</th><th>Spare nodes</th><th>Capex, USD/GPU</th>"
          "<th>Capex from catalog</th><th>Amortisation, years</th>"
          "<th>Rental, USD/GPU-h</th><th>Power, USD/kWh</th><th>PUE</th></tr></thead>\n"
          "<tbody>\n", f);
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        fputs("<tr>", f);
        cell(f, cl->name);
        cell(f, fs_cluster_chip(s, cl)->name);
        fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                   "<td class=\"n\">%g</td><td>%s</td><td class=\"n\">%g</td>"
                   "<td class=\"n\">%g</td><td class=\"n\">%g</td><td class=\"n\">%g</td>",
                cl->gpus, cl->gpus_per_node, cl->spare_nodes, cl->capex_usd_per_gpu,
                cl->capex_from_catalog ? "yes" : "no", cl->amortization_years,
                cl->rental_usd_per_gpu_h, cl->power_usd_per_kwh, cl->pue);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void write_job_inputs(FILE *f, const struct fs_scenario *s)
{
    fputs("<h3>Jobs</h3>\n<table>\n<thead><tr><th>Job</th><th>Cluster</th><th>GPUs</th>"
          "<th>FLOP budget</th><th>Active parameters</th><th>Tokens</th>"
          "<th>Precision</th><th>MFU</th><th>MFU source</th><th>Earliest start</th>"
          "<th>After</th></tr></thead>\n<tbody>\n", f);
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        char d[32];
        fputs("<tr>", f);
        cell(f, job->name);
        cell(f, s->clusters[job->cluster].name);
        fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%.4g</td><td class=\"n\">%.4g</td>"
                   "<td class=\"n\">%.4g</td><td>%s</td><td class=\"n\">%.4f</td><td>%s</td>",
                job->gpus, job->flop, job->active_params, job->tokens,
                fs_precision_name(job->precision), job->mfu,
                fs_mfu_source_name(job->mfu_source));
        if (fs_date_format(job->earliest_start, d, sizeof(d)) == NULL)
            snprintf(d, sizeof(d), "-");
        fprintf(f, "<td class=\"n\">%s</td><td>", d);
        for (size_t k = 0; k < job->ndeps; k++) {
            if (k > 0)
                fputs(", ", f);
            fs_html_escape(f, s->jobs[job->deps[k]].name);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n<p class=\"note\">MFU source: given (the scenario's "
          "<code>mfu</code>), throughput (an achieved throughput), accounting (GPU-hours "
          "or duration), predicted (the throughput model; see "
          "<code>fleetsim --explain JOB</code>). 0 parameters or tokens: the FLOP "
          "budget was given directly.</p>\n", f);
}

void fs__html_inputs(FILE *f, const struct fs_scenario *s)
{
    fputs("<section id=\"inputs\"><h2>Resolved inputs and assumptions</h2>\n"
          "<p class=\"note\">The inputs after the loader resolved defaults, catalog "
          "figures and MFU forms; all of them, with the failure model, are in "
          "<a href=\"results.json\">results.json</a>.</p>\n", f);
    write_chips(f, s);
    write_cluster_inputs(f, s);
    write_job_inputs(f, s);
    fputs("</section>\n", f);
}
