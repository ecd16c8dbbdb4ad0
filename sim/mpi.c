/*
 * mpi.c - the MPI job (mpi.h): joining it, agreeing on failure, gathering
 * results on rank 0. Built with MPI when FS_MPI is defined (make MPI=1);
 * otherwise one rank and no-ops.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetsim/mpi.h"

#ifdef FS_MPI
#include <limits.h>
#include <mpi.h>

static int joined, rank, size = 1;
static int local; /* fs_mpi_local depth: this rank alone */

int fs_mpi_init(int *argc, char ***argv)
{
    int provided, fd;
    /* Worker threads never call MPI: only the main thread does. */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fputs("fleetsim: cannot start MPI\n", stderr);
        return -1;
    }
    joined = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank != 0 && (fd = open("/dev/null", O_WRONLY)) >= 0) {
        fflush(stdout);
        fflush(stderr);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    return 0;
}

void fs_mpi_finalize(void)
{
    if (joined) {
        fflush(stdout);
        MPI_Finalize();
        joined = 0;
    }
}

int fs_mpi_rank(void)
{
    return joined && local == 0 ? rank : 0;
}

int fs_mpi_size(void)
{
    return joined && local == 0 ? size : 1;
}

void fs_mpi_local(int on)
{
    local += on ? 1 : -1;
}

int fs_mpi_agree(int rc, struct fs_diag *diag)
{
    int mine, first;
    if (!joined || size == 1 || local > 0)
        return rc;
    mine = rc != FS_OK ? rank : size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size)
        return FS_OK;
    MPI_Bcast(diag, (int)sizeof(*diag), MPI_BYTE, first, MPI_COMM_WORLD);
    MPI_Bcast(&rc, 1, MPI_INT, first, MPI_COMM_WORLD);
    if (first > 0) {
        char msg[sizeof(diag->msg)], head[24];
        size_t h;
        memcpy(msg, diag->msg, sizeof(msg));
        msg[sizeof(msg) - 1] = '\0';
        h = (size_t)snprintf(head, sizeof(head), "rank %d: ", first);
        memcpy(diag->msg, head, h);
        snprintf(diag->msg + h, sizeof(diag->msg) - h, "%.*s", (int)(sizeof(diag->msg) - h - 1),
                 msg);
    }
    return rc;
}

/* A failure that leaves the ranks unable to agree: the job stops here. */
static void abort_job(const char *what)
{
    fprintf(stderr, "fleetsim: rank %d: %s: stopping the MPI job\n", rank, what);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

int fs_mpi_gather(const void *buf, size_t len, void **all, size_t *lens, struct fs_diag *diag)
{
    int n = len > (size_t)INT_MAX ? -1 : (int)len, *counts = NULL, *displs = NULL, rc = FS_OK;
    char *out = NULL;
    size_t total = 0;

    *all = NULL;
    if (local > 0) { /* this rank alone: its own bytes */
        if ((out = malloc(len + 1)) == NULL)
            return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory gathering results");
        memcpy(out, buf, len);
        lens[0] = len;
        *all = out;
        return FS_OK;
    }
    if (rank == 0) {
        counts = calloc((size_t)size, sizeof(*counts));
        displs = calloc((size_t)size, sizeof(*displs));
        if (counts == NULL || displs == NULL)
            abort_job("out of memory");
    }
    MPI_Gather(&n, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (int i = 0; i < size && rc == FS_OK; i++) {
            if (counts[i] < 0 || total + (size_t)counts[i] > (size_t)INT_MAX) {
                rc = FS_ERANGE;
            } else {
                displs[i] = (int)total;
                total += (size_t)counts[i];
                lens[i] = (size_t)counts[i];
            }
        }
        if (rc == FS_OK && (out = malloc(total + 1)) == NULL)
            rc = FS_ENOMEM;
    }
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rc == FS_OK) {
        MPI_Gatherv(buf, n, MPI_BYTE, out, counts, displs, MPI_BYTE, 0, MPI_COMM_WORLD);
        *all = out;
    } else {
        free(out);
        fs_diag_set(diag, rc, NULL, 0, NULL,
                    rc == FS_ERANGE ? "results too large to gather (over 2 GiB)"
                                    : "out of memory gathering results");
    }
    free(counts);
    free(displs);
    return rc;
}

#else /* one process, no MPI */

void fs_mpi_local(int on)
{
    (void)on;
}

int fs_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void fs_mpi_finalize(void)
{
}

int fs_mpi_rank(void)
{
    return 0;
}

int fs_mpi_size(void)
{
    return 1;
}

int fs_mpi_agree(int rc, struct fs_diag *diag)
{
    (void)diag;
    return rc;
}

int fs_mpi_gather(const void *buf, size_t len, void **all, size_t *lens, struct fs_diag *diag)
{
    *all = malloc(len + 1);
    if (*all == NULL)
        return fs_diag_set(diag, FS_ENOMEM, NULL, 0, NULL, "out of memory");
    memcpy(*all, buf, len);
    lens[0] = len;
    return FS_OK;
}

#endif
