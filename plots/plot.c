/* plot.c - placeholder until the gnuplot driver lands: writes nothing. */
#include <string.h>

#include "fleetsim/plot.h"

int fs_plot_parse_formats(const char *text, unsigned *formats)
{
    (void)text;
    *formats = 0;
    return 0;
}

int fs_plot_parse_size(const char *text, int *width, int *height)
{
    (void)text;
    *width = 1600;
    *height = 900;
    return 0;
}

int fs_plot_all(const struct fs_plot_input *in, const char *dir,
                const struct fs_plot_opts *opts, struct fs_diag *diag)
{
    (void)in;
    (void)dir;
    (void)opts;
    (void)diag;
    return FS_OK;
}

char *fs_plot_quote(const char *s, char *buf, size_t len)
{
    (void)s;
    if (len > 0)
        buf[0] = '\0';
    return buf;
}
