/*
 * cfg_params.c - the settings reference (--list-params, docs/) printed from
 * the loader's field tables.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "internal.h"

/* ---- settings reference ------------------------------------------------ */

static void print_table(FILE *out, const char *title, const struct fs__field *f, size_t n)
{
    fprintf(out, "\n### `%s`\n\n| setting | type | unit | range | meaning |\n"
                 "|---|---|---|---|---|\n", title);
    for (size_t i = 0; i < n; i++) {
        static const char *const tn[] = {"number", "integer", "string", "string",
                                         "string", "date", "string", "boolean",
                                         "see meaning"};
        char rng[64] = "";
        if (f[i].type == F_DOUBLE || f[i].type == F_INT)
            snprintf(rng, sizeof(rng), "%s %g .. %g", f[i].flags & F_MIN_EXCL ? ">" : ">=",
                     f[i].min, f[i].max);
        else if (f[i].type == F_ENUM) {
            size_t o = 0;
            for (int k = 0; f[i].choices[k] && o < sizeof(rng); k++)
                o += (size_t)snprintf(rng + o, sizeof(rng) - o, "%s`%s`", k ? ", " : "",
                                      f[i].choices[k]);
        }
        fprintf(out, "| `%s`%s | %s | %s | %s | %s |\n", f[i].name,
                f[i].flags & F_REQUIRED ? " (required)" : "", tn[f[i].type],
                f[i].unit, rng, f[i].doc);
    }
}

void fs_scenario_print_params(FILE *out)
{
    static const struct fs__table *const tables[] = {
        &fs__scenario_table, &fs__region_table,  &fs__chip_table,    &fs__rule_table,
        &fs__test_table,     &fs__clause_table,  &fs__failure_table, &fs__cause_table,
        &fs__group_table,    &fs__job_cause_table,
        &fs__cluster_table,  &fs__job_table,     &fs__model_table,   &fs__parallel_table,
        &fs__published_table,
        &fs__order_table,    &fs__channel_table,
        &fs__supply_table,   &fs__dist_table,    &fs__strategy_table, &fs__sens_table,
        &fs__sobol_table,    &fs__sobol_input_table, &fs__sobol_output_table,
        &fs__price_point_table, &fs__rental_point_table,
    };
    for (size_t i = 0; i < NFIELDS(tables); i++)
        print_table(out, tables[i]->title, tables[i]->fields, tables[i]->n);
}
