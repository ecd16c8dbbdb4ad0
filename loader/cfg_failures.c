/*
 * cfg_failures.c - the parts of a `failures` group that are lists: node
 * groups (failures.groups[]) and job-level causes (failures.job_causes[]),
 * and the resolution of each group's failure distribution from the
 * cluster's.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* Shared with cfg_clusters.c, in its order. */
static const char *const group_dist_choices[] = {"none", "exponential", "weibull", "lognormal",
                                                 NULL};
static const enum fs_dist_kind group_kinds[] = {FS_DIST_NONE, FS_DIST_EXPONENTIAL,
                                                FS_DIST_WEIBULL, FS_DIST_LOGNORMAL};

struct group_raw {
    char name[FS_NAME_MAX];
    double share, multiplier, shape, cv, fix;
    int dist;
    fs_date from;
};

#define GR(f) offsetof(struct group_raw, f)
static const struct fs__field group_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, GR(name), "", "group, e.g. \"bad_batch\"", NULL},
    {"share", F_DOUBLE, F_REQUIRED | F_MIN_EXCL, 0, 1, GR(share), "",
     "probability that a node belongs (drawn per node)", NULL},
    {"rate_multiplier", F_DOUBLE, F_MIN_EXCL, 0, 1e6, GR(multiplier), "",
     "its nodes' failure rate / the cluster's (default 1): the mean time to failure is divided "
     "by it", NULL},
    {"distribution", F_ENUM, 0, 0, 0, GR(dist), "",
     "time between failures of its nodes (default: the cluster's)", group_dist_choices},
    {"weibull_shape", F_DOUBLE, 0, 0.05, 20, GR(shape), "", "Weibull shape (default: the cluster's)",
     NULL},
    {"failure_cv", F_DOUBLE, F_MIN_EXCL, 0, 100, GR(cv), "",
     "lognormal coefficient of variation (default: the cluster's)", NULL},
    {"fix_probability", F_DOUBLE, 0, 0, 1, GR(fix), "",
     "probability that a repair makes a node of the group a normal one", NULL},
    {"from_date", F_DATE, 0, 0, 0, GR(from), "",
     "its nodes turn bad on this date (default: from the start)", NULL},
};
const struct fs__table fs__group_table = {"failures.groups[]", group_fields, NFIELDS(group_fields)};

#define JC(f) offsetof(struct fs_job_cause, f)
static const struct fs__field job_cause_fields[] = {
    {"name", F_NAME, F_REQUIRED, 0, 0, JC(name), "", "cause, e.g. \"NCCL watchdog\"", NULL},
    {"per_1000_job_hours", F_DOUBLE, 0, 0, 1e6, JC(per_h), "1/(1000 h)",
     "failures per 1,000 running hours of the job", NULL},
    {"per_1000_node_hours", F_DOUBLE, 0, 0, 1e6, JC(per_node_h), "1/(1000 node-h)",
     "plus this many per 1,000 running hours per node of the job (grows with its size)", NULL},
    {"detection_minutes", F_DOUBLE, 0, 0, 1e6, JC(detect_h), "min",
     "time before the failure is noticed (a hang), lost", NULL},
    {"rollback_checkpoints", F_INT, 0, 1, 1e6, JC(rollback), "",
     "checkpoints it rolls back: 1 (default) the last one; more for a loss spike that needs an "
     "older one", NULL},
};
const struct fs__table fs__job_cause_table = {"failures.job_causes[]", job_cause_fields,
                                              NFIELDS(job_cause_fields)};

int fs__read_node_groups(const struct fs__ctx *cx, const config_setting_t *list,
                         struct fs_node_group *out, size_t *n)
{
    double total = 0.0;
    int rc;
    if ((rc = fs__expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) > FS_MAX_GROUPS)
        return fs__err_at(cx, list, "at most %d groups (got %d)", FS_MAX_GROUPS,
                          config_setting_length(list));
    *n = 0;
    for (int i = 0; i < config_setting_length(list); i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        unsigned char seen[NFIELDS(group_fields)] = {0};
        struct group_raw r = {.multiplier = 1.0, .shape = -1.0, .cv = -1.0, .from = INT32_MIN};
        struct fs_node_group *o = &out[*n];
        if ((rc = fs__read_group(cx, g, group_fields, NFIELDS(group_fields), &r, seen)) != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, i, "group")) != FS_OK)
            return rc;
        total += r.share;
        if (total > 1.0 + 1e-12)
            return fs__err_at(cx, g, "the groups' shares add up to more than 1");
        memset(o, 0, sizeof(*o));
        memcpy(o->name, r.name, sizeof(o->name));
        o->share = r.share;
        o->rate_multiplier = r.multiplier;
        o->fix_probability = r.fix;
        o->from = r.from;
        /* Resolved by fs__resolve_groups: FS_DIST_COUNT inherits the kind,
         * b < 0 the shape or cv. */
        o->ttf_h.kind = seen[fs__field_index(group_fields, NFIELDS(group_fields), "distribution")]
                            ? group_kinds[r.dist]
                            : FS_DIST_COUNT;
        o->ttf_h.b = o->ttf_h.kind == FS_DIST_LOGNORMAL ? r.cv : r.shape;
        if (o->ttf_h.kind == FS_DIST_COUNT)
            o->ttf_h.b = r.shape > 0.0 ? r.shape : r.cv;
        (*n)++;
    }
    return FS_OK;
}

int fs__read_job_causes(const struct fs__ctx *cx, const config_setting_t *list,
                        struct fs_job_cause *out, size_t *n)
{
    int rc;
    if ((rc = fs__expect_list(cx, list)) != FS_OK)
        return rc;
    if (config_setting_length(list) > FS_MAX_JOB_CAUSES)
        return fs__err_at(cx, list, "at most %d job causes (got %d)", FS_MAX_JOB_CAUSES,
                          config_setting_length(list));
    *n = 0;
    for (int i = 0; i < config_setting_length(list); i++) {
        struct fs_job_cause c;
        memset(&c, 0, sizeof(c));
        c.rollback = 1;
        rc = fs__read_group(cx, config_setting_get_elem(list, (unsigned)i), job_cause_fields,
                            NFIELDS(job_cause_fields), &c, NULL);
        if (rc != FS_OK)
            return rc;
        if ((rc = fs__duplicate_name(cx, list, i, "job cause")) != FS_OK)
            return rc;
        /* as written: per 1,000 hours and minutes */
        c.per_h /= 1000.0;
        c.per_node_h /= 1000.0;
        c.detect_h /= 60.0;
        out[(*n)++] = c;
    }
    return FS_OK;
}

/* Each group's distribution from the cluster's resolved f->ttf_h: its own
 * kind or the cluster's, its own shape or cv or the cluster's, and the
 * cluster's mean divided by its rate multiplier. */
void fs__resolve_groups(struct fs_failure_cfg *f)
{
    for (size_t g = 0; g < f->ngroups; g++) {
        struct fs_dist *d = &f->groups[g].ttf_h;
        if (f->ttf_h.kind == FS_DIST_NONE) { /* failures off: no rate to scale */
            *d = (struct fs_dist){FS_DIST_NONE, INFINITY, 0.0};
            continue;
        }
        if (d->kind == FS_DIST_COUNT)
            d->kind = f->ttf_h.kind;
        if (!(d->b > 0.0))
            d->b = d->kind == f->ttf_h.kind ? f->ttf_h.b : 1.0;
        if (d->kind == FS_DIST_EXPONENTIAL || d->kind == FS_DIST_NONE)
            d->b = 0.0;
        d->a = f->ttf_h.a / f->groups[g].rate_multiplier;
    }
}
