/*
 * report.c - terminal tables: the chip catalog and the resolved scenario.
 *
 * Output is deterministic (fixed formats, no wall-clock), because the
 * end-to-end tests compare it byte for byte with golden files.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fleetsim/compute.h"
#include "fleetsim/report.h"

char *fs_fmt_thousands(double v, char *buf, size_t len)
{
    char digits[64];
    size_t n, o = 0;
    int neg = v < 0;

    snprintf(digits, sizeof(digits), "%.0f", fabs(v));
    n = strlen(digits);
    if (neg && o + 1 < len)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 1 < len; i++) {
        if (i > 0 && (n - i) % 3 == 0 && o + 1 < len)
            buf[o++] = ',';
        if (o + 1 < len)
            buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

char *fs_fmt_usd(double usd, char *buf, size_t len)
{
    double a = fabs(usd);
    if (a >= 1e9)
        snprintf(buf, len, "$%.3gB", usd / 1e9);
    else if (a >= 1e6)
        snprintf(buf, len, "$%.4gM", usd / 1e6);
    else if (a >= 1e3)
        snprintf(buf, len, "$%.4gK", usd / 1e3);
    else
        snprintf(buf, len, "$%.2f", usd);
    return buf;
}

char *fs_fmt_gpuh(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else if (v >= 1e6)
        snprintf(buf, len, "%.3fM", v / 1e6);
    else if (v >= 1e3)
        snprintf(buf, len, "%.1fK", v / 1e3);
    else
        snprintf(buf, len, "%.0f", v);
    return buf;
}

static void precisions_text(const struct fs_chip *c, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int p = 0; p < FS_PREC_COUNT && o < len; p++) {
        if (!(c->peak_tflops[p] > 0.0))
            continue;
        o += (size_t)snprintf(buf + o, len - o, "%s%s:%g", o ? " " : "",
                              fs_precision_name((enum fs_precision)p), c->peak_tflops[p]);
    }
}

/* A figure with `prec` significant digits, or "-" when unpublished (0). */
static void opt_num(char *buf, size_t len, double v, int prec)
{
    if (v > 0.0)
        snprintf(buf, len, "%.*g", prec, v);
    else
        snprintf(buf, len, "-");
}

void fs_report_catalog(const struct fs_catalog *cat, FILE *out)
{
    fprintf(out, "%-15s %-9s %-60s %6s %6s %6s %5s %6s %7s %-6s\n", "chip", "vendor",
            "dense peak by precision (TFLOP/s; int8 TOP/s)", "mem_GB", "mem_TB/s",
            "link_GB/s", "TDP_W", "TPP", "PD", "status");
    for (size_t i = 0; i < cat->n; i++) {
        const struct fs_chip *c = &cat->chips[i];
        char prec[256], mem[16], bw[16], link[16], tdp[16], pd[16];
        double pdv = fs_chip_pd(c);
        precisions_text(c, prec, sizeof(prec));
        opt_num(mem, sizeof(mem), c->memory_gb, 6);
        opt_num(bw, sizeof(bw), c->memory_bw_tbps, 4);
        opt_num(link, sizeof(link), c->scaleup_gbps, 6);
        opt_num(tdp, sizeof(tdp), c->tdp_w, 6);
        if (pdv >= 0.0)
            snprintf(pd, sizeof(pd), "%.2f", pdv);
        else
            snprintf(pd, sizeof(pd), "unknown");
        fprintf(out, "%-15s %-9s %-60s %6s %8s %9s %5s %6.0f %7s %-6s\n", fs_term(c->name),
                fs_term(c->vendor), prec, mem, bw, link, tdp, fs_chip_tpp(c), pd, c->status);
    }
    fprintf(out, "\nTPP = max over formats of dense TOPS x bit length; PD = TPP / die area "
                 "(mm^2), \"unknown\" where the area is unpublished.\n"
                 "Status: O official, O* official via copy, S secondary, E estimate, "
                 "D derived, U unverified.\n\nSources:\n");
    for (size_t i = 0; i < cat->n; i++)
        fprintf(out, "  %-15s %s\n", fs_term(cat->chips[i].name),
                fs_term(cat->chips[i].source));
}

const char *fs_term(const char *name)
{
    static char ring[FS_TERM_SLOTS][FS_TERM_MAX];
    static unsigned next;
    char *buf;
    size_t i;
    const unsigned char *p = (const unsigned char *)name;
    while (*p >= 0x20 && *p != 0x7f)
        p++;
    if (*p == '\0')
        return name;
    buf = ring[next++ % FS_TERM_SLOTS];
    for (i = 0; name[i] != '\0' && i + 1 < FS_TERM_MAX; i++) {
        unsigned char ch = (unsigned char)name[i];
        buf[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    buf[i] = '\0';
    if (name[i] != '\0')
        memcpy(buf + FS_TERM_MAX - 4, "...", 4);
    return buf;
}

void fs_report_scenario(const struct fs_scenario *s, FILE *out)
{
    char d0[16], d1[16], a[32], b[32], c3[32];
    double total_gpuh = 0.0, total_usd = 0.0;

    fs_date_format(s->start, d0, sizeof(d0));
    fs_date_format(s->start + (fs_date)floor(s->horizon_days), d1, sizeof(d1));
    fprintf(out, "scenario   %s\n", fs_term(s->name));
    if (s->description[0])
        fprintf(out, "           %s\n", fs_term(s->description));
    fprintf(out, "period     %s to %s (%g days)\n", d0, d1, s->horizon_days);
    fprintf(out, "monte      %d replicates, seed %llu\n\n", s->replicates,
            (unsigned long long)s->seed);

    fprintf(out, "clusters\n");
    fprintf(out, "  %-16s %-15s %-10s %8s %6s %10s %12s %-10s %s\n", "name", "chip",
            "region", "GPUs", "nodes", "online", "peak_PFLOP/s", "ownership", "price");
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        const struct fs_chip *chip = fs_cluster_chip(s, c);
        /* Peak at the chip's fastest 16-bit format, the usual headline. */
        enum fs_precision hp = chip->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16 : FS_PREC_FP16;
        char price[96];
        if (c->ownership == FS_OWNED)
            snprintf(price, sizeof(price), "capex %s/GPU%s over %g y; rental-equiv $%.4g/GPU-h",
                     fs_fmt_usd(c->capex_usd_per_gpu, a, sizeof(a)),
                     c->capex_from_catalog ? " (list price)" : "", c->amortization_years,
                     c->rental_usd_per_gpu_h);
        else
            snprintf(price, sizeof(price), "$%.4g/GPU-h", c->rental_usd_per_gpu_h);
        fs_date_format(c->online, d0, sizeof(d0));
        fprintf(out, "  %-16s %-15s %-10s %8s %6d %10s %12.1f %-10s %s\n", fs_term(c->name),
                fs_term(chip->name), fs_term(s->regions[c->region].name), fs_fmt_thousands(c->gpus, b, sizeof(b)),
                c->gpus / c->gpus_per_node, d0,
                fs_cluster_peak_flops(s, c, hp) / 1e15,
                c->ownership == FS_OWNED ? "owned" : "rented", price);
        if (c->max_gpus > c->gpus)
            fprintf(out, "  %-16s + %s GPUs ordered (%.1f PFLOP/s more if all arrive)\n", "",
                    fs_fmt_thousands(c->max_gpus - c->gpus, b, sizeof(b)),
                    (c->max_gpus - c->gpus) * fs_chip_peak_flops(chip, hp) / 1e15);
        if (c->fail.ttf_h.kind != FS_DIST_NONE)
            fprintf(out, "  %-16s failures %s, %.3g per 1,000 node-days (node MTBF %.0f h), "
                         "repair mean %.3g h\n", "", fs_dist_name(c->fail.ttf_h.kind),
                    c->fail.node_rate_per_h * 24000.0, 1.0 / c->fail.node_rate_per_h,
                    fs_dist_mean(&c->fail.repair_h));
        else
            fprintf(out, "  %-16s failures none\n", "");
    }

    fprintf(out, "\njobs (ideal: no failures, no checkpoints, no queueing)\n");
    fprintf(out, "  %-16s %-16s %6s %-5s %6s %11s %13s %9s %13s %11s\n", "name", "cluster",
            "GPUs", "prec", "MFU", "FLOP", "PFLOP/s_sust", "days", "GPU-hours", "rental_USD");
    for (size_t k = 0; k < s->njobs; k++) {
        const struct fs_job *j = &s->jobs[s->job_order[k]];
        struct fs_ideal id;
        fs_job_ideal(s, j, &id);
        total_gpuh += id.gpu_hours;
        total_usd += id.rental_usd;
        fprintf(out, "  %-16s %-16s %6d %-5s %6.4f %11.4e %13.2f %9.2f %13s %11s\n", fs_term(j->name),
                fs_term(s->clusters[j->cluster].name), j->gpus, fs_precision_name(j->precision), j->mfu,
                j->flop, id.rate_flops / 1e15, id.hours / FS_HOURS_PER_DAY,
                fs_fmt_thousands(id.gpu_hours, a, sizeof(a)),
                fs_fmt_usd(id.rental_usd, b, sizeof(b)));
        if (j->ndeps > 0) {
            fprintf(out, "  %-16s after", "");
            for (size_t d = 0; d < j->ndeps; d++)
                fprintf(out, "%s %s", d ? "," : "", fs_term(s->jobs[j->deps[d]].name));
            fputc('\n', out);
        }
    }
    fprintf(out, "  %-16s %-16s %6s %-5s %6s %11s %13s %9s %13s %11s\n", "total", "", "", "",
            "", "", "", "", fs_fmt_thousands(total_gpuh, a, sizeof(a)),
            fs_fmt_usd(total_usd, c3, sizeof(c3)));
}
