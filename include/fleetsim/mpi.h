/*
 * mpi.h - running as one rank of an MPI job (a build with `make MPI=1`).
 *
 * Every rank runs the same command: it loads the scenario, computes its
 * share of the work items (montecarlo.c, workmap.c) on its own threads,
 * and sends the results to rank 0, which computes the statistics and
 * writes every output. Other ranks print nothing: fs_mpi_init sends their
 * stdout and stderr to /dev/null, so an error in the input is reported
 * once, by rank 0. Without MPI (the default build) there is one rank, 0,
 * and every function here is a no-op.
 */
#ifndef FLEETSIM_MPI_H
#define FLEETSIM_MPI_H

#include <stddef.h>

#include "fleetsim/error.h"

/* Joins the MPI job (MPI_Init_thread); on ranks other than 0, points
 * stdout and stderr at /dev/null. 0, or -1 when MPI cannot start (a
 * message on stderr). */
int fs_mpi_init(int *argc, char ***argv);

/* Leaves the MPI job (MPI_Finalize), if fs_mpi_init joined one. */
void fs_mpi_finalize(void);

/* This process's rank and the job's size: 0 and 1 without MPI, or in a
 * program that did not call fs_mpi_init (the unit tests). */
int fs_mpi_rank(void);
int fs_mpi_size(void);

/* fs_mpi_local(1) ... fs_mpi_local(0) brackets work this rank does alone
 * (one fs_workmap item): inside, fs_mpi_rank() is 0, fs_mpi_size() 1, and
 * agreeing and gathering involve no other rank, so a Monte Carlo run inside
 * an item runs all its replicates here. Brackets nest. */
void fs_mpi_local(int on);

/*
 * Every rank calls it with its own status; all return the same: FS_OK
 * when every rank succeeded, else the status of the lowest failing rank,
 * whose diag is copied into every rank's diag with "rank N: " before its
 * message when N > 0.
 */
int fs_mpi_agree(int rc, struct fs_diag *diag);

/*
 * Gathers len bytes of buf from every rank on rank 0: there *all (caller
 * frees) holds them one rank after another and lens[rank] each one's
 * length (lens has fs_mpi_size() slots); elsewhere *all is NULL. Every
 * rank must call it. FS_OK, or FS_ENOMEM / FS_ERANGE (more than 2 GiB
 * from one rank), agreed among the ranks, with diag filled.
 */
int fs_mpi_gather(const void *buf, size_t len, void **all, size_t *lens, struct fs_diag *diag);

#endif
