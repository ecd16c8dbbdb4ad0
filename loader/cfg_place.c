/*
 * cfg_place.c - where a job may run: `cluster`, or candidate clusters in
 * order of preference (`candidates`, or `candidates_chips`: every cluster
 * with one of those chips, chips in the order given, clusters in file
 * order), and the job's speed resolved on each candidate's chip.
 *
 * A listed cluster the job does not fit (its chip lacks the precision, too
 * few GPUs ever, not a whole number of nodes) is left out with a warning;
 * if none fits, the first one's reason is the error. docs/model.md,
 * "Placement".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Why job j cannot run on cluster c (into why), or 0 if it can. */
static int misfit(const struct fs_scenario *s, const struct fs_job *j, const struct fs_cluster *c,
                  char *why, size_t len)
{
    const struct fs_chip *chip = &s->catalog.chips[c->chip];
    if (!(chip->peak_tflops[j->precision] > 0.0))
        snprintf(why, len, "chip '%s' of cluster '%s' has no %s throughput", chip->name,
                 c->name, fs_precision_name(j->precision));
    else if (j->gpus > c->max_gpus)
        snprintf(why, len,
                 c->max_gpus == c->gpus ? "more than the %d GPUs of cluster '%s' (got %d)"
                                        : "more than the %d GPUs cluster '%s' will ever have, "
                                          "orders included (got %d)",
                 c->max_gpus, c->name, j->gpus);
    else if (j->gpus % c->gpus_per_node != 0)
        snprintf(why, len, "must be a whole number of %d-GPU nodes of cluster '%s' (got %d)",
                 c->gpus_per_node, c->name, j->gpus);
    else
        return 0;
    return 1;
}

/* Adds cluster p to the job's candidates if it fits, else warns. */
static int add_candidate(const struct fs__ctx *cx, const config_setting_t *e,
                         struct fs_scenario *s, struct fs_job *j, size_t p, char *first_why,
                         size_t len)
{
    char why[256];
    for (size_t k = 0; k < j->ncand; k++)
        if (j->cand[k].cluster == p)
            return fs__err_at(cx, e, "cluster '%s' is listed twice", s->clusters[p].name);
    if (misfit(s, j, &s->clusters[p], why, sizeof(why))) {
        if (first_why[0] == '\0')
            snprintf(first_why, len, "%s", why);
        return fs__warn(s, fs_xprintf("job '%s': candidate cluster '%s' left out: %s", j->name,
                                      s->clusters[p].name, why));
    }
    if (j->ncand >= FS_MAX_CANDIDATES)
        return fs__err_at(cx, e, "at most %d candidate clusters", FS_MAX_CANDIDATES);
    j->cand[j->ncand++].cluster = p;
    return FS_OK;
}

/* The elements of array a, each a name: strings, at least one. */
static int string_array(const struct fs__ctx *cx, const config_setting_t *a, const char *what)
{
    if (!config_setting_is_array(a) && !config_setting_is_list(a))
        return fs__err_at(cx, a, "expected an array of %s names [\"...\"]", what);
    if (config_setting_length(a) < 1)
        return fs__err_at(cx, a, "expected at least one %s name", what);
    for (int k = 0; k < config_setting_length(a); k++) {
        const config_setting_t *e = config_setting_get_elem(a, (unsigned)k);
        if (config_setting_get_string(e) == NULL) {
            char got[96];
            fs__describe(e, got, sizeof(got));
            return fs__err_at(cx, e, "expected a %s name (got %s)", what, got);
        }
    }
    return FS_OK;
}

/* candidates = [ "a", "b" ] or candidates_chips = [ "H800", "H20" ]. */
static int read_list(const struct fs__ctx *cx, const config_setting_t *g, struct fs_scenario *s,
                     struct fs_job *j)
{
    const config_setting_t *byname = config_setting_get_member(g, "candidates");
    const config_setting_t *bychip = config_setting_get_member(g, "candidates_chips");
    const config_setting_t *a = byname ? byname : bychip;
    char first_why[256] = "";
    int rc;

    if (byname && bychip)
        return fs__err_at(cx, bychip, "give 'candidates' or 'candidates_chips', not both");
    if ((rc = string_array(cx, a, byname ? "cluster" : "chip")) != FS_OK)
        return rc;
    for (int k = 0; k < config_setting_length(a); k++) {
        const config_setting_t *e = config_setting_get_elem(a, (unsigned)k);
        const char *v = config_setting_get_string(e);
        int p, any = 0;
        if (byname) {
            if ((p = FS__FIND(cx, e, "cluster", v, s->clusters, s->nclusters, struct fs_cluster,
                              NULL)) < 0)
                return p;
            if ((rc = add_candidate(cx, e, s, j, (size_t)p, first_why, sizeof(first_why))) != FS_OK)
                return rc;
            continue;
        }
        if ((p = FS__FIND(cx, e, "chip", v, s->catalog.chips, s->catalog.n, struct fs_chip,
                          NULL)) < 0)
            return p;
        for (int q = 0; q < k; q++)
            if (strcmp(config_setting_get_string(config_setting_get_elem(a, (unsigned)q)), v) == 0)
                return fs__err_at(cx, e, "chip '%s' is listed twice", v);
        for (size_t c = 0; c < s->nclusters; c++) {
            if (s->clusters[c].chip != (size_t)p)
                continue;
            any = 1;
            if ((rc = add_candidate(cx, e, s, j, c, first_why, sizeof(first_why))) != FS_OK)
                return rc;
        }
        if (!any && (rc = fs__warn(s, fs_xprintf("job '%s': no cluster has chip '%s'", j->name,
                                                 v))) != FS_OK)
            return rc;
    }
    if (j->ncand == 0)
        return fs__err_at(cx, a, first_why[0] ? "no candidate cluster fits the job: %s"
                                              : "no cluster has %s of these chips",
                          first_why[0] ? first_why : "any");
    return FS_OK;
}

int fs__read_job_place(const struct fs__ctx *cx, const config_setting_t *g,
                       struct fs_scenario *s, struct fs_job *j)
{
    const config_setting_t *one = config_setting_get_member(g, "cluster");
    const config_setting_t *many = config_setting_get_member(g, "candidates");
    const config_setting_t *chips = config_setting_get_member(g, "candidates_chips");
    const char *v;
    char why[256];
    int p, rc;

    if (one != NULL && (many != NULL || chips != NULL))
        return fs__err_at(cx, many ? many : chips,
                          "give 'cluster' (one) or candidates, not both");
    if (one == NULL && many == NULL && chips == NULL)
        return fs__err_at(cx, g, "job '%s' needs 'cluster' (or 'candidates' or "
                                 "'candidates_chips')", j->name);
    if (one == NULL) {
        if ((rc = read_list(cx, g, s, j)) != FS_OK)
            return rc;
        j->cluster = j->cand[0].cluster;
        return FS_OK;
    }
    if (config_setting_get_member(g, "placement") != NULL)
        return fs__err_at(cx, config_setting_get_member(g, "placement"),
                          "'placement' chooses among candidates; this job has one 'cluster'");
    if ((v = fs__get_string(cx, g, "cluster", &rc)) == NULL)
        return rc;
    if ((p = FS__FIND(cx, one, "cluster", v, s->clusters, s->nclusters, struct fs_cluster,
                      NULL)) < 0)
        return p;
    j->cluster = (size_t)p;
    j->ncand = 1;
    j->cand[0].cluster = (size_t)p;
    /* One cluster: a misfit is an error at the setting that causes it. */
    if (misfit(s, j, &s->clusters[p], why, sizeof(why))) {
        const struct fs_chip *chip = &s->catalog.chips[s->clusters[p].chip];
        const config_setting_t *at = config_setting_get_member(g, "gpus");
        if (!(chip->peak_tflops[j->precision] > 0.0))
            at = config_setting_get_member(g, "precision") ? config_setting_get_member(g, "precision")
                                                           : g;
        return fs__err_at(cx, at, "%s", why);
    }
    return FS_OK;
}

/*
 * The job's MFU on each candidate (after fs__read_job_speed resolved it on
 * the first): a given MFU holds on every chip; a measured speed (throughput
 * or accounting) was measured on one chip, so its MFU is carried to the
 * others (the same share of a different peak); a predicted one is predicted
 * again for each chip.
 */
int fs__resolve_candidates(const struct fs__ctx *cx, const config_setting_t *g,
                           struct fs_scenario *s, struct fs_job *j)
{
    int rc;
    j->cand[0].mfu = j->mfu;
    if ((rc = fs__ramp_rates(cx, g, s, j, 0, j)) != FS_OK)
        return rc;
    for (size_t k = 1; k < j->ncand; k++) {
        const struct fs_cluster *c = &s->clusters[j->cand[k].cluster];
        struct fs_job *copy;
        j->cand[k].mfu = j->mfu;
        if (j->mfu_source != FS_MFU_PREDICTED)
            continue;
        if ((copy = malloc(sizeof(*copy))) == NULL)
            return FS_ENOMEM;
        *copy = *j;
        copy->cluster = j->cand[k].cluster;
        rc = fs__read_job_speed(cx, g, copy, &s->catalog.chips[c->chip]);
        j->cand[k].mfu = copy->mfu;
        if (rc == FS_OK)
            rc = fs__ramp_rates(cx, g, s, j, k, copy);
        free(copy);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}
