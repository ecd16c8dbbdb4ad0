/*
 * workmap.c - fs_workmap (workmap.h): the items run in order in this
 * process.
 */
#include "fleetsim/workmap.h"

int fs_workmap(size_t nitems, size_t out_size, fs_work_fn *fn, void *ctx,
               fs_work_progress_fn *progress, void *pctx, void *out,
               struct fs_diag *diag)
{
    for (size_t i = 0; i < nitems; i++) {
        int rc = fn(ctx, i, (char *)out + i * out_size, diag);
        if (rc != FS_OK)
            return rc;
        if (progress != NULL)
            progress(pctx, i + 1, nitems);
    }
    return FS_OK;
}

int fs_workmap_root(void)
{
    return 1;
}
