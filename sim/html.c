/*
 * html.c - report.html, the run's self-contained report (html.h). Every
 * number comes from the functions the terminal and results.json use
 * (fs_summary, fs_finish_share, fs_paired_diff, fs_fleet_mean,
 * fs_order_stat); every scenario string goes through fs_html_escape.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/costview.h"
#include "fleetsim/date.h"
#include "fleetsim/html.h"
#include "fleetsim/montecarlo.h"
#include "fleetsim/report.h"
#include "fleetsim/scenario.h"
#include "fleetsim/stats.h"
#include "fleetsim/version.h"
#include "html_internal.h"

void fs_html_escape(FILE *f, const char *text)
{
    if (text == NULL)
        return;
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*p, f); break;
        }
    }
}

/* A table cell holding escaped text. */
static void td(FILE *f, const char *text)
{
    fputs("<td>", f);
    fs_html_escape(f, text);
    fputs("</td>", f);
}

/* A right-aligned numeric cell holding text (made by us, escaped anyway). */
static void tdn(FILE *f, const char *text)
{
    fputs("<td class=\"n\">", f);
    fs_html_escape(f, text);
    fputs("</td>", f);
}

/* A number with `digits` decimals, "-" when not finite. */
static void tdf(FILE *f, int digits, double v)
{
    char buf[64];
    if (isfinite(v))
        snprintf(buf, sizeof(buf), "%.*f", digits, v);
    else
        snprintf(buf, sizeof(buf), "-");
    tdn(f, buf);
}

static void th_row(FILE *f, const char *const *heads, size_t n)
{
    fputs("<thead><tr>", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "<th>%s</th>", heads[i]);
    fputs("</tr></thead>\n<tbody>\n", f);
}

static const char *date_text(fs_date d, char *buf, size_t len)
{
    if (fs_date_format(d, buf, len) == NULL)
        snprintf(buf, len, "-");
    return buf;
}

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;color:#222;max-width:1100px;"
    "margin:0 auto;padding:1em 2em;background:#fff}\n"
    "h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #246;"
    "padding-bottom:.15em;margin-top:1.8em;color:#246}h3{margin-bottom:.3em}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#eef2f7}td.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#f8f9fb}\n"
    "figure{margin:1em 0 2em;page-break-inside:avoid;break-inside:avoid}\n"
    "figure svg{width:100%;height:auto;border:1px solid #ddd}\n"
    "figcaption{font-size:.9em;color:#444;margin-top:.3em}\n"
    ".missing{padding:2em;border:1px dashed #999;color:#666;text-align:center}\n"
    ".meta td:first-child{font-weight:600;background:#f4f6f9}\n"
    ".note{color:#555;font-size:.9em}\n"
    "nav a{margin-right:1em}\n"
    "@media print{body{max-width:none;padding:0;font-size:11pt}nav{display:none}"
    "h2{page-break-after:avoid;break-after:avoid}"
    "table{page-break-inside:auto}tr{page-break-inside:avoid}"
    "a{color:#000;text-decoration:none}}\n";

static void write_head(FILE *f, const struct fs_scenario *s)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>fleetsim report: ", f);
    fs_html_escape(f, s->name);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fputs("<nav><a href=\"#question\">Question</a><a href=\"#headline\">Headline</a>"
          "<a href=\"#comparisons\">Comparisons</a><a href=\"#fleet\">Fleet</a>"
          "<a href=\"#rules\">Export rules</a><a href=\"#charts\">Charts</a>"
          "<a href=\"#inputs\">Inputs</a><a href=\"#files\">Files</a></nav>\n", f);
}

/* The question: what was simulated, from when, with what seed. */
static void write_question(FILE *f, const struct fs_study *st)
{
    const struct fs_scenario *s = st->v[0].s;
    char a[32], b[32];
    fputs("<h1>", f);
    fs_html_escape(f, s->name);
    fputs("</h1>\n<section id=\"question\"><h2>The question</h2>\n<p>", f);
    fs_html_escape(f, s->description);
    fputs("</p>\n<table class=\"meta\"><tbody>\n<tr><td>Scenario file</td>", f);
    td(f, s->file);
    fprintf(f, "</tr>\n<tr><td>Dates</td><td>%s to %s (%g days)</td></tr>\n",
            date_text(s->start, a, sizeof(a)),
            date_text(fs_h_date(s, fs_horizon_h(s)), b, sizeof(b)), s->horizon_days);
    fprintf(f, "<tr><td>Seed</td><td>%llu</td></tr>\n", (unsigned long long)s->seed);
    fprintf(f, "<tr><td>Replicates</td><td>%d</td></tr>\n", s->replicates);
    fprintf(f, "<tr><td>Variants</td><td>%zu</td></tr>\n", st->n);
    fprintf(f, "<tr><td>fleetsim version</td><td>%s</td></tr>\n", FS_VERSION);
    fputs("</tbody></table>\n</section>\n", f);
}

/* The headline per job of variant v: time to train, P(finish), GPU-hours
 * and the three cost views, as the terminal's tables give them. */
static void write_headline(FILE *f, const struct fs_variant *v)
{
    static const char *const heads[] = {
        "Job", "Cluster", "GPUs", "Time to train, days P50 [P5-P95]",
        "P(finish) [95 % CI]", "GPU-hours allocated (mean)", "Marginal (rental)",
        "Full absorption", "Dedicated (TCO)"};
    const struct fs_scenario *s = v->s;
    fputs("<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        char buf[96], n[32];
        struct fs_share p;
        fputs("<tr>", f);
        td(f, job->name);
        if (job->ncand > 1) { /* where it ran: the placement section */
            fputs("<td>", f);
            fs_html_escape(f, s->clusters[job->cluster].name);
            fprintf(f, " or %zu other candidate%s (<a href=\"#placement\">where it ran</a>)</td>",
                    job->ncand - 1, job->ncand > 2 ? "s" : "");
        } else {
            td(f, s->clusters[job->cluster].name);
        }
        snprintf(n, sizeof(n), "%d", job->gpus);
        tdn(f, n);
        tdn(f, fs_fmt_stat_range(fs_summary_stat(&v->sum, j, FS_M_TTT), buf, sizeof(buf)));
        fs_finish_share(v->mc, j, INFINITY, &p);
        if (isfinite(p.p))
            snprintf(buf, sizeof(buf), "%.2f [%.2f-%.2f]", p.p, p.lo, p.hi);
        else
            snprintf(buf, sizeof(buf), "-");
        tdn(f, buf);
        tdn(f, fs_fmt_gpuh(fs_summary_stat(&v->sum, j, FS_M_ALLOC)->mean, buf, sizeof(buf)));
        for (int k = 0; k < 3; k++) {
            static const enum fs_metric ms[3] = {FS_M_RENTAL, FS_M_ABSORB, FS_M_TCO};
            tdn(f, fs_fmt_usd(fs_summary_stat(&v->sum, j, ms[k])->mean, buf, sizeof(buf)));
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n<p class=\"note\">Costs are means over the replicates in "
          "the three attribution views (docs/model.md, \"Costs\"): marginal is the "
          "job's GPU-hours at the rental price; full absorption shares the fleet's "
          "cost over the horizon by allocated GPU-hours; dedicated is the job's "
          "total cost of ownership. P(finish) is the share of replicates finishing "
          "within the horizon with its Wilson interval. A \"&gt;\" marks a censored "
          "quantile (runs that did not finish).</p>\n", f);
}

/* A signed number: days with 2 decimals, or USD as the tables write it
 * (fs_fmt_usd) after its sign. */
static void signed_num(char *buf, size_t len, double v, int usd)
{
    char u[40];
    if (usd)
        snprintf(buf, len, "%s%s", v < 0 ? "-" : "+", fs_fmt_usd(fabs(v), u, sizeof(u)));
    else
        snprintf(buf, len, "%+.2f", v);
}

/* "mean [lo, hi]" of a paired difference, or its censored P50 form. */
static void diff_cell(FILE *f, const struct fs_diff *d, int usd)
{
    char buf[128], a[40], b[40], c[40];
    if (d->n == 0 || !isfinite(d->mean)) {
        tdn(f, d->censored ? "unknown (censored)" : "-");
        return;
    }
    signed_num(a, sizeof(a), d->mean, usd);
    if (isfinite(d->lo) && isfinite(d->hi)) {
        signed_num(b, sizeof(b), d->lo, usd);
        signed_num(c, sizeof(c), d->hi, usd);
        snprintf(buf, sizeof(buf), "%s [%s, %s]", a, b, c);
    } else {
        snprintf(buf, sizeof(buf), "%s", a);
    }
    tdn(f, buf);
}

/* The job of variant b that matches job j of the baseline, by name. */
static size_t match_job(const struct fs_scenario *a, size_t j, const struct fs_scenario *b)
{
    for (size_t k = 0; k < b->njobs; k++)
        if (strcmp(a->jobs[j].name, b->jobs[k].name) == 0)
            return k;
    return SIZE_MAX;
}

static void write_comparisons(FILE *f, const struct fs_study *st, int compare)
{
    static const char *const heads[] = {
        "Variant", "Job", "Time to train, days P50 [P5-P95]", "P(finish)",
        "Δ time to train vs baseline, days [95 % CI]", "Δ cost vs baseline [95 % CI]"};
    enum fs_cost_view view = (enum fs_cost_view)st->cost_view;
    const struct fs_scenario *s0 = st->v[0].s;
    fputs("<section id=\"comparisons\"><h2>Comparisons</h2>\n", f);
    if (!compare || st->n < 2) {
        fputs("<p>This run has no variants to compare.</p>\n</section>\n", f);
        return;
    }
    fputs("<p>Every variant runs with the same seed and replicates (common random "
          "numbers); differences are paired by replicate, with 95 % t-intervals. "
          "Cost view: ", f);
    fs_html_escape(f, fs_view_title(view));
    fputs(".</p>\n<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t k = 0; k < st->n; k++) {
        const struct fs_variant *v = &st->v[k];
        for (size_t j = 0; j < s0->njobs; j++) {
            size_t jb = match_job(s0, j, v->s);
            struct fs_diff d;
            struct fs_share p;
            char buf[96];
            if (jb == SIZE_MAX)
                continue;
            fputs("<tr>", f);
            td(f, v->label);
            td(f, v->s->jobs[jb].name);
            tdn(f, fs_fmt_stat_range(fs_summary_stat(&v->sum, jb, FS_M_TTT), buf, sizeof(buf)));
            fs_finish_share(v->mc, jb, INFINITY, &p);
            tdf(f, 2, p.p);
            if (k == 0) {
                tdn(f, "baseline");
                tdn(f, "baseline");
            } else {
                fs_paired_diff(v->mc, jb, st->v[0].mc, j, FS_M_TTT, &d);
                diff_cell(f, &d, 0);
                fs_paired_diff(v->mc, jb, st->v[0].mc, j, fs_view_metric(view), &d);
                diff_cell(f, &d, 1);
            }
            fputs("</tr>\n", f);
        }
    }
    fputs("</tbody></table>\n<p class=\"note\">All figures: <a href=\"comparison.csv\">"
          "comparison.csv</a>.</p>\n</section>\n", f);
}

static void write_clusters(FILE *f, const struct fs_variant *v)
{
    static const char *const heads[] = {
        "Cluster", "Region", "Chip", "GPUs", "Online", "Ownership",
        "GPUs at horizon (mean)", "GPU-hours in service (mean)", "Fleet cost (mean)"};
    const struct fs_scenario *s = v->s;
    fputs("<h3>Clusters</h3>\n<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t c = 0; c < s->nclusters; c++) {
        const struct fs_cluster *cl = &s->clusters[c];
        struct fs_cluster_costs_mean cm;
        char buf[64];
        fs_cost_cluster_means(v->mc, c, &cm);
        fputs("<tr>", f);
        td(f, cl->name);
        td(f, s->regions[cl->region].name);
        td(f, fs_cluster_chip(s, cl)->name);
        snprintf(buf, sizeof(buf), "%d", cl->gpus);
        tdn(f, buf);
        tdn(f, date_text(cl->online, buf, sizeof(buf)));
        td(f, cl->ownership == FS_OWNED ? "owned" : "rented");
        fs__html_fleet_cells(f, v->mc, c);
        tdn(f, fs_fmt_usd(cm.fleet_usd, buf, sizeof(buf)));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void write_orders(FILE *f, const struct fs_variant *v)
{
    static const char *const heads[] = {
        "Order", "Placed", "Chip", "GPUs", "Cluster", "Delivered GPUs (mean)",
        "Outcome over replicates", "Source"};
    const struct fs_scenario *s = v->s;
    double *scratch;
    fputs("<h3>Orders</h3>\n", f);
    if (s->norders == 0) {
        fputs("<p>The scenario places no orders.</p>\n", f);
        return;
    }
    scratch = malloc((v->mc->nrep > 0 ? v->mc->nrep : 1) * sizeof(*scratch));
    fputs("<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t o = 0; o < s->norders; o++) {
        const struct fs_order *od = &s->orders[o];
        struct fs_order_stat os;
        char buf[64];
        fs_order_stat(v->mc, o, scratch, &os);
        fputs("<tr>", f);
        td(f, od->name);
        tdn(f, date_text(od->date, buf, sizeof(buf)));
        td(f, s->catalog.chips[od->chip].name);
        snprintf(buf, sizeof(buf), "%d", od->count);
        tdn(f, buf);
        td(f, s->clusters[od->cluster].name);
        tdf(f, 0, os.gpus_delivered);
        fputs("<td>", f);
        for (int k = 0, first = 1; k < FS_FATE_COUNT; k++) {
            if (os.count[k] == 0)
                continue;
            fprintf(f, "%s%s %u", first ? "" : ", ", fs_fate_name((enum fs_fate)k),
                    os.count[k]);
            first = 0;
        }
        fputs("</td>", f);
        td(f, od->source);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n<p class=\"note\">Per replicate: <a href=\"orders.csv\">"
          "orders.csv</a>; capacity over time: <a href=\"fleet_timeline.csv\">"
          "fleet_timeline.csv</a>.</p>\n", f);
    free(scratch);
}

/* Where jobs with candidate clusters started (placement_out.c's figures). */
static void write_placement(FILE *f, const struct fs_variant *v)
{
    static const char *const heads[] = {
        "Job", "Cluster", "Share of replicates", "95% CI (Wilson)", "Finished there",
        "Finish P50", "TCO (mean)", "Rental (mean)"};
    const struct fs_scenario *s = v->s;
    double *x;
    if (!fs_has_candidates(s) ||
        (x = malloc((2 * v->mc->nrep + 1) * sizeof(*x))) == NULL)
        return;
    fputs("<section id=\"placement\"><h2>Where jobs with candidates ran</h2>\n<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t j = 0; j < s->njobs; j++) {
        for (int k = 0; s->jobs[j].ncand > 1 && k <= (int)s->jobs[j].ncand; k++) {
            int kk = k < (int)s->jobs[j].ncand ? k : -1;
            struct fs_place_stat p;
            char buf[64];
            fs_place_stat(v->mc, j, kk, x, &p);
            if (kk < 0 && p.share.k == 0)
                continue;
            fputs("<tr>", f);
            td(f, s->jobs[j].name);
            td(f, kk < 0 ? "(not started)" : s->clusters[s->jobs[j].cand[kk].cluster].name);
            tdf(f, 1, 100.0 * p.share.p);
            snprintf(buf, sizeof(buf), "%.1f-%.1f %%", 100.0 * p.share.lo, 100.0 * p.share.hi);
            tdn(f, buf);
            snprintf(buf, sizeof(buf), "%zu of %zu", p.finished, p.share.k);
            tdn(f, buf);
            if (p.share.k > 0 && !isnan(p.end_day.p50)) {
                char d[16];
                fs_date_format(fs_h_date(s, p.end_day.p50 * FS_HOURS_PER_DAY), d, sizeof(d));
                snprintf(buf, sizeof(buf), "%s%s", p.end_day.p50_cens ? "&gt;" : "", d);
                fprintf(f, "<td class=\"n\">%s</td>", buf);
            } else {
                tdn(f, "-");
            }
            if (kk < 0 || p.share.k == 0) {
                tdn(f, "-");
                tdn(f, "-");
            } else {
                tdn(f, fs_fmt_usd(p.tco_usd, buf, sizeof(buf)));
                tdn(f, fs_fmt_usd(p.rental_usd, buf, sizeof(buf)));
            }
            fputs("</tr>\n", f);
        }
    }
    fputs("</tbody></table>\n<p class=\"note\">Share: replicates in which the job started on "
          "that cluster; the other columns are over those replicates only. Per replicate: the "
          "<code>cluster</code> column of <a href=\"replicates.csv\">replicates.csv</a>; "
          "summary: <a href=\"placement.csv\">placement.csv</a>.</p>\n</section>\n", f);
    free(x);
}

/* Jobs with deadlines (deadline.c's figures). */
static void write_deadlines(FILE *f, const struct fs_variant *v)
{
    static const char *const heads[] = {
        "Job", "Deadline", "P(finished by it)", "95% CI (Wilson)", "GPUs to meet it",
        "Extra GPUs' rent over the window"};
    const struct fs_scenario *s = v->s;
    if (!fs_has_deadlines(s))
        return;
    fputs("<section id=\"deadlines\"><h2>Deadlines</h2>\n<table>\n", f);
    th_row(f, heads, sizeof(heads) / sizeof(heads[0]));
    for (size_t j = 0; j < s->njobs; j++) {
        struct fs_deadline_stat d;
        char buf[64];
        if (s->jobs[j].deadline == INT32_MAX || fs_deadline_stat(v->mc, &v->sum, j, &d) != FS_OK)
            continue;
        fputs("<tr>", f);
        td(f, s->jobs[j].name);
        tdn(f, date_text(s->jobs[j].deadline, buf, sizeof(buf)));
        tdf(f, 1, 100.0 * d.share.p);
        snprintf(buf, sizeof(buf), "%.1f-%.1f %%", 100.0 * d.share.lo, 100.0 * d.share.hi);
        tdn(f, buf);
        tdf(f, 0, d.gpus_needed);
        tdf(f, 0, d.cost_usd);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n<p class=\"note\">Finished by the end of the deadline day, over "
          "all replicates. To meet it: the GPUs that finish the budget between the P50 start "
          "and the deadline at the observed goodput, and the rent of those beyond the job's "
          "own over that window (docs/model.md, \"Deadlines\"); per job: "
          "<a href=\"deadlines.csv\">deadlines.csv</a>.</p>\n</section>\n", f);
}

static void write_files(FILE *f, int compare)
{
    static const char *const files[] = {
        "results.json", "summary.csv", "replicates.csv", "orders.csv",
        "fleet_timeline.csv", "rules.csv", "throughput.csv"};
    fputs("<section id=\"files\"><h2>Files beside this report</h2>\n<ul>\n", f);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        fprintf(f, "<li><a href=\"%s\">%s</a></li>\n", files[i], files[i]);
    if (compare)
        fputs("<li><a href=\"comparison.csv\">comparison.csv</a></li>\n", f);
    fputs("</ul>\n<p class=\"note\">Charts: the .svg, .png and .pdf files beside "
          "this report, with their gnuplot scripts (*.gp) and data (*.dat).</p>\n"
          "</section>\n", f);
}

static int write_report(FILE *f, const struct fs_study *st, int compare, const char *dir)
{
    const struct fs_variant *v = &st->v[0];
    write_head(f, v->s);
    write_question(f, st);
    fputs("<section id=\"headline\"><h2>Headline per job</h2>\n", f);
    if (compare && st->n > 1) {
        fputs("<p>Baseline variant: ", f);
        fs_html_escape(f, v->label);
        fputs(".</p>\n", f);
    }
    write_headline(f, v);
    fputs("</section>\n", f);
    write_placement(f, v);
    write_deadlines(f, v);
    write_comparisons(f, st, compare);
    fputs("<section id=\"fleet\"><h2>The fleet and its orders</h2>\n", f);
    write_clusters(f, v);
    write_orders(f, v);
    fputs("</section>\n", f);
    fs__html_rules(f, dir);
    fs__html_charts(f, st, compare, dir);
    fs__html_inputs(f, v->s);
    write_files(f, compare);
    fputs("<footer class=\"note\"><p>Written by fleetsim " FS_VERSION
          ".</p></footer>\n</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}

int fs_html_report(const struct fs_study *st, int compare, const char *dir,
                   struct fs_diag *diag)
{
    size_t len = strlen(dir) + sizeof("/" FS_HTML_REPORT);
    char *path = malloc(len);
    FILE *f;
    int bad;
    if (path == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    snprintf(path, len, "%s/%s", dir, FS_HTML_REPORT);
    f = fopen(path, "w");
    if (f == NULL) {
        int rc = fs_diag_set(diag, FS_EIO, NULL, 0, NULL, "cannot write '%s': %s", path,
                             strerror(errno));
        free(path);
        return rc;
    }
    bad = write_report(f, st, compare, dir);
    if (fclose(f) != 0)
        bad = -1;
    if (bad) {
        int rc = fs_diag_set(diag, FS_EIO, NULL, 0, NULL, "cannot write '%s'", path);
        free(path);
        return rc;
    }
    free(path);
    return FS_OK;
}
