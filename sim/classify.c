/*
 * classify.c - the export classifier's reports: for a chip, a destination
 * and a day, every rule in force with the metrics it tests and what it
 * decides, then the verdict; and fleetsim --classify, which picks the
 * chips, rules and destinations (a scenario's, or the built-in ones).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/cfg.h"
#include "fleetsim/export.h"
#include "fleetsim/report.h"
#include "fleetsim/run.h"
#include "fleetsim/scenario.h"

static void metrics_text(const struct fs_chip *c, char *buf, size_t len)
{
    double pd = fs_chip_pd(c);
    char pdt[32];
    if (pd >= 0.0)
        snprintf(pdt, sizeof(pdt), "%.2f", pd);
    else
        snprintf(pdt, sizeof(pdt), "unknown");
    snprintf(buf, len, "TPP %.0f, PD %s, scale-up %.0f GB/s, DRAM %.0f GB/s", fs_chip_tpp(c),
             pdt, c->scaleup_gbps, c->memory_bw_tbps * 1000.0);
}

static const char *verdict_text(const struct fs_verdict *v, char *buf, size_t len)
{
    if (v->outcome == FS_OUT_LICENCE)
        snprintf(buf, len, "licence (approval %.0f %%%s)", 100.0 * v->approval_probability,
                 v->delay_days > 0 ? ", review" : "");
    else
        snprintf(buf, len, "%s", fs_outcome_name(v->outcome));
    if (v->outcome == FS_OUT_LICENCE && v->delay_days > 0) {
        size_t l = strlen(buf);
        snprintf(buf + l - 1, len - (l - 1), " %.0f days)", v->delay_days);
    } else if (v->outcome == FS_OUT_NOTIFICATION && v->delay_days > 0) {
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, " (%.0f days)", v->delay_days);
    }
    if (v->outcome == FS_OUT_LICENCE && v->revenue_share > 0.0) {
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, ", %.0f %% revenue share", 100.0 * v->revenue_share);
    }
    return buf;
}

/* The report's lines for one rule in force that reaches the destination. */
static void rule_lines(const struct fs_rule *r, const struct fs_chip *c,
                       const struct fs_party *p, fs_date d, FILE *out)
{
    int t = fs_rule_classify_on(r, c, d);
    char from[16];
    fprintf(out, "  %-22s %s\n  %-22s -> %s%s%s\n", fs_term(r->id), fs_term(r->name), "",
            t >= 0 ? fs_term(r->tests[t].label) : "not caught", t >= 0 ? ": " : "",
            t >= 0 ? fs_outcome_name(r->tests[t].outcome) : "");
    if (t >= 0 && r->tests[t].from != INT32_MIN) {
        fs_date_format(r->tests[t].from, from, sizeof(from));
        fprintf(out, "  %-22s (this test applies from %s)\n", "", from);
    }
    if (t >= 0 && r->tests[t].revenue_share > 0.0)
        fprintf(out, "  %-22s (revenue share %.0f %% added to the price)\n", "",
                100.0 * r->tests[t].revenue_share);
    if (!fs_rule_reaches_vendor(r, c))
        fprintf(out, "  %-22s (does not reach %s parts)\n", "", fs_term(c->vendor));
    if (r->licensed_only)
        fprintf(out, "  %-22s (licence policy: applies only if a licence is already needed)\n",
                "");
    if (r->exports_only)
        fprintf(out, "  %-22s (reaches exports from its country only, not re-exports)\n", "");
    if (r->state_funded_only)
        fprintf(out, "  %-22s (reaches only state-funded clusters%s)\n", "",
                p->state_funded ? ": this one is" : "");
    if (r->listed_buyers_only || r->affiliates)
        fprintf(out, "  %-22s (reaches only %s buyers%s%s%s)\n", "",
                r->affiliates ? "listed parties' affiliated" : "listed",
                p->buyer != NULL ? ": " : "", p->buyer != NULL ? fs_term(p->buyer) : "",
                p->buyer == NULL                             ? ""
                : fs_rule_reaches_party(r, p, INT32_MIN + 1) ? " is one"
                                                             : " is not");
    if (d >= r->suspended_from && d <= r->suspended_until)
        fprintf(out, "  %-22s (suspended on this day)\n", "");
}

void fs_classify_report(const struct fs_rulebook *rb, const struct fs_chip *c,
                        const struct fs_destination *dest, fs_date d, FILE *out)
{
    char date[16], m[160], vt[96];
    struct fs_verdict v;
    int any = 0, any_importer = 0;

    fs_date_format(d, date, sizeof(date));
    metrics_text(c, m, sizeof(m));
    fprintf(out, "%s (%s) to %s", fs_term(c->name), fs_term(c->vendor), fs_term(dest->name));
    if (dest->party.buyer != NULL)
        fprintf(out, " for %s", fs_term(dest->party.buyer));
    fprintf(out, "%s on %s\n  %s\n", dest->party.state_funded ? " (state funded)" : "", date, m);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rb->nrules; i++) {
            const struct fs_rule *r = &rb->rules[i];
            if (r->importer != pass || !fs_rule_in_force(r, d) ||
                !fs_rule_reaches(r, &dest->groups))
                continue;
            if (pass == 1 && !any_importer++)
                fprintf(out, "  the importer's own rules (%s):\n", fs_term(dest->name));
            any = 1;
            rule_lines(r, c, &dest->party, d, out);
        }
    if (!any)
        fprintf(out, "  no rule in force reaches %s\n", fs_term(dest->name));
    fs_verdict_for(rb, c, &dest->groups, &dest->party, d, &v);
    fprintf(out, "  verdict: %s", verdict_text(&v, vt, sizeof(vt)));
    if (v.rule >= 0)
        fprintf(out, " under %s (%s)", fs_term(rb->rules[v.rule].id),
                fs_term(rb->rules[v.rule].tests[v.test].label));
    fputc('\n', out);
}

void fs_classify_table(const struct fs_rulebook *rb, const struct fs_catalog *cat,
                       const struct fs_destination *dest, fs_date d, FILE *out)
{
    char date[16], vt[96];
    fs_date_format(d, date, sizeof(date));
    fprintf(out, "export verdicts for %s on %s (rules in force that reach it, in order)\n\n",
            fs_term(dest->name), date);
    fprintf(out, "%-15s %6s %7s", "chip", "TPP", "PD");
    for (size_t i = 0; i < rb->nrules; i++)
        if (fs_rule_in_force(&rb->rules[i], d) &&
            fs_rule_reaches(&rb->rules[i], &dest->groups))
            fprintf(out, " %-22s", fs_term(rb->rules[i].id));
    fprintf(out, " verdict\n");
    for (size_t c = 0; c < cat->n; c++) {
        const struct fs_chip *chip = &cat->chips[c];
        struct fs_verdict v;
        double pd = fs_chip_pd(chip);
        char pdt[16];
        if (pd >= 0.0)
            snprintf(pdt, sizeof(pdt), "%.2f", pd);
        else
            snprintf(pdt, sizeof(pdt), "unknown");
        fprintf(out, "%-15s %6.0f %7s", fs_term(chip->name), fs_chip_tpp(chip), pdt);
        /* Walk the rules as fs_verdict_of does, to show which ones bite. */
        enum fs_outcome so_far = FS_OUT_ALLOWED;
        for (size_t i = 0; i < rb->nrules; i++) {
            const struct fs_rule *r = &rb->rules[i];
            char cell[FS_NAME_MAX + 4];
            int t;
            if (!fs_rule_in_force(r, d) || !fs_rule_reaches(r, &dest->groups))
                continue;
            t = fs_rule_classify_on(r, chip, d);
            if (!fs_rule_reaches_vendor(r, chip))
                snprintf(cell, sizeof(cell), "n/a (vendor)");
            else if (!fs_rule_reaches_party(r, &dest->party, d))
                snprintf(cell, sizeof(cell), "n/a (buyer)");
            else if (t < 0)
                snprintf(cell, sizeof(cell), "-");
            else if (r->licensed_only && so_far != FS_OUT_LICENCE && so_far != FS_OUT_DENIED)
                snprintf(cell, sizeof(cell), "n/a (no licence)");
            else {
                snprintf(cell, sizeof(cell), "%s", fs_term(r->tests[t].label));
                if (!r->importer) /* importer rules come after all of these */
                    so_far = r->tests[t].outcome;
            }
            fprintf(out, " %-22s", cell);
        }
        fs_verdict_for(rb, chip, &dest->groups, &dest->party, d, &v);
        fprintf(out, " %s\n", verdict_text(&v, vt, sizeof(vt)));
    }
    fprintf(out, "\n'-': the rule does not catch the chip; 'n/a (vendor)': the rule does not "
                 "reach its vendor;\n'n/a (no licence)': a licence policy, and no licence is "
                 "needed; 'n/a (buyer)': the rule reaches only\nlisted buyers, their affiliates "
                 "or state-funded clusters, or is suspended. Details: fleetsim --classify CHIP.\n");
}

int fs_run_classify(const struct fs_catalog *cat, const struct fs_rulebook *rules,
                    const char *scenario, const char *chip, const char *region, fs_date day,
                    const struct fs_override *ov, size_t nov, FILE *out, FILE *err)
{
    const struct fs_catalog *c = cat;
    const struct fs_rulebook *rb = rules;
    struct fs_scenario *s = NULL;
    struct fs_destination dest;
    struct fs_place *places = NULL;
    struct fs_diag diag;
    int rc = FS_OK, found;

    fs_diag_clear(&diag);
    if (scenario != NULL) {
        if ((rc = fs_scenario_load(&s, scenario, cat, rules, ov, nov, &diag)) != FS_OK) {
            fs_diag_print(&diag, err);
            return rc;
        }
        c = &s->catalog;
        rb = &s->rules;
    }
    if (s != NULL && (places = calloc(s->nregions + 1, sizeof(*places))) == NULL) {
        fs_scenario_free(s);
        fputs("fleetsim: out of memory\n", err);
        return FS_ENOMEM;
    }
    for (size_t i = 0; s != NULL && i < s->nregions; i++) {
        const struct fs_region *g = &s->regions[i];
        const struct fs_buyer *b = g->buyer >= 0 ? &s->rules.buyers[g->buyer] : NULL;
        places[i] = (struct fs_place){
            g->name, &g->groups,
            {b ? b->name : NULL, b ? b->listed : 0, b ? b->owner_listed : 0, g->state_funded,
             0}};
    }
    found = fs_destination_lookup(rb, places, s ? s->nregions : 0, region, &dest) == 0;
    free(places);
    if (!found) {
        fprintf(err, "fleetsim: --region: unknown destination '%s' (standard:", fs_term(region));
        for (size_t i = 0; i < rb->ndests; i++)
            fprintf(err, " %s", fs_term(rb->dests[i].name));
        fprintf(err, "%s)\n", s ? "; or a region of the scenario" : "");
        fs_scenario_free(s);
        return FS_EUSAGE;
    }
    if (chip != NULL) {
        const struct fs_chip *x = fs_catalog_find(c, chip);
        if (x == NULL) {
            fprintf(err, "fleetsim: --classify: unknown chip '%s' (see fleetsim --list-gpus)\n",
                    fs_term(chip));
            rc = FS_EUSAGE;
        } else {
            fs_classify_report(rb, x, &dest, day, out);
        }
    } else {
        fs_classify_table(rb, c, &dest, day, out);
    }
    fs_scenario_free(s);
    return rc;
}
