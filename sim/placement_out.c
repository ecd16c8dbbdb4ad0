/*
 * placement_out.c - where jobs with candidate clusters ran, across
 * replicates: the share of replicates per placement (Wilson interval), and
 * per placement the finish day and mean costs over the replicates that
 * started there (terminal, placement.csv, results.json; docs/outputs.md,
 * "Placement"). Written only when some job has candidates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/output.h"
#include "fleetsim/outfile.h"
#include "fleetsim/stats.h"
#include "fleetsim/report.h"

int fs_has_candidates(const struct fs_scenario *s)
{
    for (size_t j = 0; j < s->njobs; j++)
        if (s->jobs[j].ncand > 1)
            return 1;
    return 0;
}

void fs_place_stat(const struct fs_mc *mc, size_t j, int k, double *scratch,
                   struct fs_place_stat *out)
{
    const struct fs_scenario *s = mc->s;
    size_t n = 0, nc = 0, m = 0;
    double *x = scratch, *b = scratch + mc->nrep;
    memset(out, 0, sizeof(*out));
    for (size_t r = 0; r < mc->nrep; r++) {
        const struct fs_job_result *jr = &mc->jobs[r * s->njobs + j];
        double v;
        if (jr->placement != k)
            continue;
        m++;
        out->finished += (size_t)jr->finished;
        out->tco_usd += jr->tco_usd;
        out->rental_usd += jr->rental_usd;
        if (!isnan(v = fs_metric_value(jr, FS_M_END)))
            x[n++] = v;
        else
            b[nc++] = fs_metric_bound(jr, FS_M_END);
    }
    fs_share_compute(m, mc->nrep, &out->share);
    out->tco_usd = m ? out->tco_usd / (double)m : NAN;
    out->rental_usd = m ? out->rental_usd / (double)m : NAN;
    if (m > 0)
        fs_stat_compute_censored(x, n, b, nc, &out->end_day);
    else
        out->end_day.p50 = NAN;
}

static const char *place_name(const struct fs_scenario *s, size_t j, int k)
{
    return k < 0 ? "(not started)" : s->clusters[s->jobs[j].cand[k].cluster].name;
}

static void money(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else if (fabs(v) >= 1e9)
        snprintf(buf, len, "$%.2fB", v / 1e9);
    else if (fabs(v) >= 1e6)
        snprintf(buf, len, "$%.2fM", v / 1e6);
    else
        snprintf(buf, len, "$%.1fK", v / 1e3);
}

/* The P50 finish of a placement as a date ('>date' when censored). */
static void finish(const struct fs_scenario *s, const struct fs_place_stat *p, char *buf,
                   size_t len)
{
    char d[16];
    if (p->share.k == 0 || isnan(p->end_day.p50)) {
        snprintf(buf, len, "-");
        return;
    }
    fs_date_format(fs_h_date(s, p->end_day.p50 * FS_HOURS_PER_DAY), d, sizeof(d));
    snprintf(buf, len, "%s%s", p->end_day.p50_cens ? ">" : "", d);
}

void fs_report_placement(const struct fs_mc *mc, FILE *out)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc((2 * mc->nrep + 1) * sizeof(double));
    int wj = 3, wc = 13; /* "job", "(not started)" */
    if (x == NULL || !fs_has_candidates(s)) {
        free(x);
        return;
    }
    for (size_t j = 0; j < s->njobs; j++) {
        int n = (int)strlen(fs_term(s->jobs[j].name));
        wj = s->jobs[j].ncand > 1 && n > wj ? n : wj;
        for (size_t k = 0; s->jobs[j].ncand > 1 && k < s->jobs[j].ncand; k++) {
            n = (int)strlen(fs_term(place_name(s, j, (int)k)));
            wc = n > wc ? n : wc;
        }
    }
    fprintf(out, "\nplacement (jobs with candidates: share of replicates started on each, "
                 "and over those the P50 finish and mean costs)\n");
    fprintf(out, "  %-*s %-*s %21s %8s %12s %10s %10s\n", wj, "job", wc, "cluster",
            "share [95% CI]", "P(fin.)", "finish P50", "TCO", "rental");
    for (size_t j = 0; j < s->njobs; j++) {
        const struct fs_job *job = &s->jobs[j];
        if (job->ncand < 2)
            continue;
        for (int k = 0; k <= (int)job->ncand; k++) {
            int kk = k < (int)job->ncand ? k : -1; /* the last row: never started */
            struct fs_place_stat p;
            char ci[40], fin[24], t[16], r[16], pf[16];
            fs_place_stat(mc, j, kk, x, &p);
            if (kk < 0 && p.share.k == 0)
                continue;
            snprintf(ci, sizeof(ci), "%5.1f%% [%.1f-%.1f]", 100.0 * p.share.p,
                     100.0 * p.share.lo, 100.0 * p.share.hi);
            snprintf(pf, sizeof(pf), p.share.k ? "%.1f%%" : "-",
                     p.share.k ? 100.0 * (double)p.finished / (double)p.share.k : 0.0);
            finish(s, &p, fin, sizeof(fin));
            money(p.tco_usd, t, sizeof(t));
            money(p.rental_usd, r, sizeof(r));
            fprintf(out, "  %-*s %-*s %21s %8s %12s %10s %10s\n", wj,
                    k == 0 ? fs_term(job->name) : "", wc, fs_term(place_name(s, j, kk)), ci, pf,
                    fin, kk < 0 ? "-" : t, kk < 0 ? "-" : r);
        }
    }
    fprintf(out, "  (P(fin.): of the replicates started there, the share that finished; "
                 "finish, TCO, rental: over those replicates; 95%% CI: Wilson)\n");
    free(x);
}

void fs_write_placement_csv(const struct fs_mc *mc, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    double *x = malloc((2 * mc->nrep + 1) * sizeof(double));
    if (x == NULL)
        return;
    fputs("scenario,job,cluster,preference,replicates,started_there,share,share_ci95_low,"
          "share_ci95_high,finished,end_day_p50,end_day_p50_censored,tco_usd_mean,"
          "rental_usd_mean\n", f);
    for (size_t j = 0; j < s->njobs; j++) {
        for (int k = 0; s->jobs[j].ncand > 1 && k <= (int)s->jobs[j].ncand; k++) {
            int kk = k < (int)s->jobs[j].ncand ? k : -1;
            struct fs_place_stat p;
            fs_place_stat(mc, j, kk, x, &p);
            fs_csv_str(f, s->name);
            fputc(',', f);
            fs_csv_str(f, s->jobs[j].name);
            fputc(',', f);
            if (kk >= 0)
                fs_csv_str(f, place_name(s, j, kk));
            fprintf(f, ",%d,%zu,%zu,%.10g,%.10g,%.10g,%zu,", kk + 1, mc->nrep, p.share.k,
                    p.share.p, p.share.lo, p.share.hi, p.finished);
            fs_csv_num(f, p.share.k ? p.end_day.p50 : NAN);
            fprintf(f, ",%d,", p.share.k ? p.end_day.p50_cens : 0);
            fs_csv_num(f, p.tco_usd);
            fputc(',', f);
            fs_csv_num(f, p.rental_usd);
            fputc('\n', f);
        }
    }
    free(x);
}

void fs_write_placement_json(const struct fs_mc *mc, size_t j, FILE *f)
{
    const struct fs_scenario *s = mc->s;
    double *x;
    if (s->jobs[j].ncand < 2 || (x = malloc((2 * mc->nrep + 1) * sizeof(double))) == NULL)
        return;
    fprintf(f, ",\n     \"placement\": {\"policy\": \"%s\", \"candidates\": [",
            s->jobs[j].placement == FS_PLACE_FIRST ? "first" : "earliest_finish");
    for (int k = 0; k <= (int)s->jobs[j].ncand; k++) {
        int kk = k < (int)s->jobs[j].ncand ? k : -1;
        struct fs_place_stat p;
        fs_place_stat(mc, j, kk, x, &p);
        fputs(k ? ",\n       {\"cluster\": " : "\n       {\"cluster\": ", f);
        if (kk >= 0)
            fs_json_str(f, place_name(s, j, kk));
        else
            fputs("null", f);
        fprintf(f, ", \"started_there\": %zu, \"share\": %.10g, \"share_ci95\": [%.10g, %.10g], "
                   "\"finished\": %zu, \"end_day_p50\": ",
                p.share.k, p.share.p, p.share.lo, p.share.hi, p.finished);
        fs_json_num(f, p.share.k ? p.end_day.p50 : NAN);
        fprintf(f, ", \"end_day_p50_censored\": %s, \"tco_usd_mean\": ",
                p.share.k && p.end_day.p50_cens ? "true" : "false");
        fs_json_num(f, p.tco_usd);
        fputs(", \"rental_usd_mean\": ", f);
        fs_json_num(f, p.rental_usd);
        fputc('}', f);
    }
    fputs("]}", f);
    free(x);
}
