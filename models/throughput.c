/*
 * throughput.c - the throughput model (throughput.h). Placeholder until the
 * model lands: every prediction is refused.
 */
#include <stdio.h>

#include "fleetsim/error.h"
#include "fleetsim/throughput.h"

double fs_model_params(const struct fs_model_shape *m)
{
    (void)m;
    return 0.0;
}

double fs_model_active_params(const struct fs_model_shape *m)
{
    (void)m;
    return 0.0;
}

double fs_model_flop_per_token(const struct fs_model_shape *m, enum fs_flop_convention c)
{
    (void)m;
    (void)c;
    return 0.0;
}

int fs_step_predict(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                    const struct fs_model_shape *m, const struct fs_parallel *par,
                    struct fs_step *out, char *why, size_t why_len)
{
    (void)chip, (void)prec, (void)gpus, (void)m, (void)par, (void)out;
    if (why != NULL && why_len > 0)
        snprintf(why, why_len, "the throughput model is not implemented yet");
    return FS_ESCENARIO;
}

int fs_step_search(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                   const struct fs_model_shape *m, const struct fs_parallel *fixed,
                   struct fs_step *out, char *why, size_t why_len)
{
    return fs_step_predict(chip, prec, gpus, m, fixed, out, why, why_len);
}

void fs_step_explain(const struct fs_chip *chip, enum fs_precision prec, int gpus,
                     const struct fs_model_shape *m, const struct fs_step *step, FILE *out)
{
    (void)chip, (void)prec, (void)gpus, (void)m, (void)step;
    fputs("(the throughput model is not implemented yet)\n", out);
}
