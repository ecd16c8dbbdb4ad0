/* study.c - comparison charts (to come): writes nothing yet. */
#include "fleetsim/plot.h"

int fs_plot_study(const struct fs_study *st, const char *dir, const struct fs_plot_opts *opts,
                  struct fs_diag *diag)
{
    (void)st;
    (void)dir;
    (void)opts;
    (void)diag;
    return FS_OK;
}
