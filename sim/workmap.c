/*
 * workmap.c - fs_workmap (workmap.h). With one rank the items run in
 * order in this process. In an MPI job (mpi.h) rank k runs items k, k + P,
 * k + 2P, ... of P ranks, and rank 0 gathers the results into item order;
 * an item that fails on any rank fails the map on every rank, with that
 * rank's message.
 */
#include <stdlib.h>
#include <string.h>

#include "fleetsim/mpi.h"
#include "fleetsim/workmap.h"

/* Runs this rank's items (every `size`-th from `rank`) into buf, packed
 * one after another. FS_OK or the first error. */
static int run_share(size_t nitems, size_t out_size, fs_work_fn *fn, void *ctx,
                     fs_work_progress_fn *progress, void *pctx, char *buf, int rank, int size,
                     struct fs_diag *diag)
{
    size_t mine = 0, total = 0;
    for (size_t i = (size_t)rank; i < nitems; i += (size_t)size)
        total++;
    for (size_t i = (size_t)rank; i < nitems; i += (size_t)size) {
        int rc;
        fs_mpi_local(1); /* an item is this rank's alone (mpi.h) */
        rc = fn(ctx, i, buf + mine * out_size, diag);
        fs_mpi_local(0);
        if (rc != FS_OK)
            return rc;
        mine++;
        if (progress != NULL)
            progress(pctx, mine, total);
    }
    return FS_OK;
}

int fs_workmap(size_t nitems, size_t out_size, fs_work_fn *fn, void *ctx,
               fs_work_progress_fn *progress, void *pctx, void *out,
               struct fs_diag *diag)
{
    int rank = fs_mpi_rank(), size = fs_mpi_size(), rc = FS_OK;
    size_t mine = 0, *lens = NULL;
    char *buf = NULL, *all = NULL;

    if (size == 1)
        return run_share(nitems, out_size, fn, ctx, progress, pctx, out, 0, 1, diag);
    for (size_t i = (size_t)rank; i < nitems; i += (size_t)size)
        mine++;
    buf = malloc(mine * out_size + 1);
    lens = calloc((size_t)size, sizeof(*lens));
    if (buf == NULL || lens == NULL)
        rc = fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == FS_OK)
        rc = run_share(nitems, out_size, fn, ctx, progress, pctx, buf, rank, size, diag);
    if ((rc = fs_mpi_agree(rc, diag)) == FS_OK &&
        (rc = fs_mpi_gather(buf, mine * out_size, (void **)&all, lens, diag)) == FS_OK &&
        rank == 0) {
        /* Rank r's k-th result is item r + k P. */
        const char *p = all;
        for (int r = 0; r < size; r++)
            for (size_t i = (size_t)r; i < nitems; i += (size_t)size) {
                memcpy((char *)out + i * out_size, p, out_size);
                p += out_size;
            }
    }
    free(buf);
    free(lens);
    free(all);
    return rc;
}

int fs_workmap_root(void)
{
    return fs_mpi_rank() == 0;
}
