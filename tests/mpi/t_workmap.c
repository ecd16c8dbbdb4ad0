/*
 * t_workmap.c - fs_workmap across the ranks of an MPI job (tests/mpi/run.sh).
 *
 *   t_workmap N [FAIL]   maps items 0 .. N-1 through item(i) below and, on
 *                        rank 0, prints each result, one per line; with
 *                        FAIL, item FAIL fails (FS_ERANGE, "item FAIL
 *                        failed") and rank 0 prints the error instead.
 *
 * Item i's result is a pure function of i (a 64-bit mix of i and the sum
 * of 1/k for k = 1 .. i), so every rank count must print the same lines;
 * run.sh compares -np 1, 2 and 3 with the serial build.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "fleetsim/error.h"
#include "fleetsim/mpi.h"
#include "fleetsim/workmap.h"

struct result {
    uint64_t mix;
    double harmonic;
};

static int item(void *ctx, size_t i, void *out, struct fs_diag *diag)
{
    long fail = *(const long *)ctx;
    struct result *r = out;
    uint64_t z = (uint64_t)i + 0x9e3779b97f4a7c15ull; /* SplitMix64 finaliser */
    if (fail >= 0 && (size_t)fail == i)
        return fs_diag_set(diag, FS_ERANGE, NULL, 0, NULL, "item %zu failed", i);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    r->mix = z ^ (z >> 31);
    r->harmonic = 0.0;
    for (size_t k = 1; k <= i; k++)
        r->harmonic += 1.0 / (double)k;
    return FS_OK;
}

int main(int argc, char **argv)
{
    long n, fail = -1;
    struct result *out;
    struct fs_diag diag;
    int rc;

    if (fs_mpi_init(&argc, &argv) != 0)
        return 1;
    if (argc < 2 || (n = strtol(argv[1], NULL, 10)) < 0) {
        fputs("usage: t_workmap N [FAIL]\n", stderr);
        fs_mpi_finalize();
        return 2;
    }
    if (argc > 2)
        fail = strtol(argv[2], NULL, 10);
    out = calloc((size_t)n + 1, sizeof(*out));
    fs_diag_clear(&diag);
    rc = out == NULL ? FS_ENOMEM
                     : fs_workmap((size_t)n, sizeof(*out), item, &fail, NULL, NULL,
                                  fs_workmap_root() ? out : NULL, &diag);
    if (rc != FS_OK)
        fs_diag_print(&diag, stderr);
    else if (fs_workmap_root())
        for (long i = 0; i < n; i++)
            printf("%ld %016" PRIx64 " %.17g\n", i, out[i].mix, out[i].harmonic);
    free(out);
    fs_mpi_finalize();
    return rc == FS_OK ? 0 : 1;
}
