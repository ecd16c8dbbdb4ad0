/*
 * report.c - terminal tables: the chip catalog and the resolved scenario.
 *
 * Output is deterministic (fixed formats, no wall-clock), because the
 * end-to-end tests compare it byte for byte with golden files.
 */
#include <math.h>
#include <stdarg.h>
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

/* ---- where a job's MFU comes from ---------------------------------------- */

/* Text appended to an indented line, wrapped before FS_REPORT_COLS. */
#define FS_REPORT_COLS 100
struct wrap {
    FILE *out;
    int col;          /* columns written on the current line */
    int indent;       /* columns of the continuation lines' indent */
};

/* Writes the piece, starting a continuation line first if it would pass
 * the right margin (a piece is never split). */
static void wrap_put(struct wrap *w, const char *piece)
{
    int n = (int)strlen(piece);
    if (w->col > w->indent && w->col + n > FS_REPORT_COLS) {
        fprintf(w->out, "\n%*s", w->indent, "");
        w->col = w->indent;
        while (*piece == ' ') {
            piece++;
            n--;
        }
    }
    fputs(piece, w->out);
    w->col += n;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void wrap_putf(struct wrap *w, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    wrap_put(w, buf);
}

const char *fs_schedule_label(enum fs_pp_schedule sch)
{
    switch (sch) {
    case FS_PP_1F1B:
        return "1F1B";
    case FS_PP_INTERLEAVED:
        return "interleaved";
    case FS_PP_ZERO_BUBBLE:
        return "zero-bubble";
    case FS_PP_DUALPIPE:
        return "DualPipe";
    }
    return "?";
}

const char *fs_mfu_source_name(enum fs_mfu_source src)
{
    switch (src) {
    case FS_MFU_GIVEN:
        return "given";
    case FS_MFU_THROUGHPUT:
        return "throughput";
    case FS_MFU_ACCOUNTING:
        return "accounting";
    case FS_MFU_PREDICTED:
        return "predicted";
    }
    return "?";
}

char *fs_fmt_parallel(const struct fs_parallel *p, char *buf, size_t len)
{
    size_t o = 0;
    const struct {
        const char *tag;
        int v;
    } deg[] = {{"TP", p->tp}, {"PP", p->pp}, {"DP", p->dp}, {"EP", p->ep}, {"CP", p->cp}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(deg) / sizeof(deg[0]); i++)
        if (deg[i].v > 1 && o < len)
            o += (size_t)snprintf(buf + o, len - o, "%s%s%d", o ? " " : "", deg[i].tag,
                                  deg[i].v);
    if (p->pp > 1 && o < len) {
        if (p->schedule == FS_PP_INTERLEAVED && p->vpp > 1)
            o += (size_t)snprintf(buf + o, len - o, " interleaved v%d", p->vpp);
        else
            o += (size_t)snprintf(buf + o, len - o, " %s", fs_schedule_label(p->schedule));
    }
    if (o == 0)
        snprintf(buf, len, "one GPU");
    return buf;
}

/* "(from ...)": the figure a throughput or accounting form gave. */
static void given_text(const struct fs_job *j, char *buf, size_t len)
{
    char a[32], b[32];
    if (j->given_tokens_per_gpu_s > 0)
        snprintf(buf, len, "from %s tokens/s/GPU",
                 fs_fmt_thousands(j->given_tokens_per_gpu_s, a, sizeof(a)));
    else if (j->given_tflops_per_gpu > 0)
        snprintf(buf, len, "from %.4g TFLOP/s/GPU, 6N", j->given_tflops_per_gpu);
    else if (j->given_gpu_h_per_1e12_tokens > 0)
        snprintf(buf, len, "from %s GPU-h per 1e12 tokens",
                 fs_fmt_thousands(j->given_gpu_h_per_1e12_tokens, a, sizeof(a)));
    else if (j->given_gpu_hours > 0)
        snprintf(buf, len, "from %s GPU-h on %s GPUs",
                 fs_fmt_thousands(j->given_gpu_hours, a, sizeof(a)),
                 fs_fmt_thousands(j->gpus, b, sizeof(b)));
    else if (j->given_duration_days > 0)
        snprintf(buf, len, "from %.4g days on %s GPUs", j->given_duration_days,
                 fs_fmt_thousands(j->gpus, b, sizeof(b)));
    else
        snprintf(buf, len, "%s", fs_mfu_source_name(j->mfu_source));
}

double fs_job_tokens_per_gpu_s(const struct fs_scenario *s, const struct fs_job *j)
{
    if (j->mfu_source == FS_MFU_PREDICTED)
        return j->step.tokens_per_gpu_s;
    if (j->given_tokens_per_gpu_s > 0)
        return j->given_tokens_per_gpu_s;
    if (j->active_params > 0)
        return fs_job_rate_flops(s, j) / j->gpus / (6.0 * j->active_params);
    return NAN;
}

/* "published ... (source); this job ..., error": the job's published speed
 * beside its own, when the scenario gives one. */
static void report_published(const struct fs_scenario *s, const struct fs_job *j, int indent,
                             FILE *out)
{
    const struct fs_published *p = &j->published;
    struct wrap w = {out, indent, indent + 2};
    double own = fs_job_tokens_per_gpu_s(s, j);
    char a[32], b[32], word[FS_TEXT_MAX];
    const char *src = fs_term(p->source);

    fprintf(out, "%*s", indent, "");
    if (p->gpu_h_per_1e12_tokens > 0)
        wrap_putf(&w, "published %s GPU-h per 1e12 tokens = %s tokens/s/GPU",
                  fs_fmt_thousands(p->gpu_h_per_1e12_tokens, a, sizeof(a)),
                  fs_fmt_thousands(p->tokens_per_gpu_s, b, sizeof(b)));
    else
        wrap_putf(&w, "published %s tokens/s/GPU",
                  fs_fmt_thousands(p->tokens_per_gpu_s, b, sizeof(b)));
    /* The source word by word, so that a long one wraps. */
    for (int first = 1; *src;) {
        size_t n = strcspn(src, " ");
        snprintf(word, sizeof(word), "%s%.*s", first ? " (" : " ", (int)n, src);
        wrap_put(&w, word);
        src += n + strspn(src + n, " ");
        first = 0;
    }
    wrap_put(&w, ");");
    if (isfinite(own))
        wrap_putf(&w, " this job %s tokens/s/GPU (%+.1f %%)",
                  fs_fmt_thousands(own, a, sizeof(a)),
                  100.0 * (own - p->tokens_per_gpu_s) / p->tokens_per_gpu_s);
    fputc('\n', out);
}

void fs_report_mfu_source(const struct fs_scenario *s, const struct fs_job *j, int indent,
                          FILE *out)
{
    struct wrap w = {out, indent, indent + 2};
    char buf[160];
    fprintf(out, "%*s", indent, "");
    if (j->mfu_source != FS_MFU_PREDICTED) {
        if (j->mfu_source == FS_MFU_GIVEN)
            snprintf(buf, sizeof(buf), "given");
        else
            given_text(j, buf, sizeof(buf));
        wrap_putf(&w, "mfu %.4f (%s)", j->mfu, buf);
    } else {
        const struct fs_step *st = &j->step;
        const struct fs_chip *chip = fs_cluster_chip(s, &s->clusters[j->cluster]);
        const struct {
            const char *tag;
            double v;
        } comm[] = {{"TP", st->tp_s}, {"EP", st->ep_s}, {"PP", st->pp_s}, {"DP", st->dp_s}};
        wrap_putf(&w, "mfu %.4f 6N, %.4f with attention (predicted:", j->mfu, st->mfu_attn);
        /* The breakdown on a line of its own. */
        fprintf(out, "\n%*s", w.indent, "");
        w.col = w.indent;
        wrap_putf(&w, "step %.3g s = compute %.3g + bubble %.3g", st->step_s, st->compute_s,
                  st->bubble_s);
        for (size_t i = 0; i < sizeof(comm) / sizeof(comm[0]); i++)
            if (comm[i].v > 0)
                wrap_putf(&w, " + %s %.3g", comm[i].tag, comm[i].v);
        wrap_putf(&w, ";");
        wrap_putf(&w, " %s%s;", fs_fmt_parallel(&st->par, buf, sizeof(buf)),
                  j->par_auto ? " (searched)" : "");
        if (chip->memory_gb > 0)
            wrap_putf(&w, " %.1f GB/GPU of %g)", st->mem_total_gb, chip->memory_gb);
        else
            wrap_putf(&w, " %.1f GB/GPU)", st->mem_total_gb);
    }
    fputc('\n', out);
    if (j->published.tokens_per_gpu_s > 0)
        report_published(s, j, indent, out);
}

/* ---- --explain: how a job's MFU was derived ------------------------------ */

/* A FLOP/s figure in TFLOP/s with four significant digits. */
static double tflops(double flops)
{
    return flops / 1e12;
}

/* Tokens per GPU-second to MFU: over 6N FLOPs a token and the peak. */
static double explain_tokens(const struct fs_job *j, double tok, double peak, FILE *out)
{
    char a[32];
    double fpt = 6.0 * j->active_params, rate = tok * fpt;
    if (!(j->active_params > 0)) {
        fprintf(out, "  (the job gives no active_params: tokens cannot be turned into FLOPs)\n");
        return NAN;
    }
    fprintf(out, "  FLOP per token     = 6 x %.4g active parameters = %.4g (6N convention)\n",
            j->active_params, fpt);
    fprintf(out, "  rate per GPU       = %s tokens/s x %.4g FLOP = %.4g TFLOP/s\n",
            fs_fmt_thousands(tok, a, sizeof(a)), fpt, tflops(rate));
    fprintf(out, "  MFU                = %.4g / %.4g TFLOP/s peak = %.4f\n", tflops(rate),
            tflops(peak), rate / peak);
    return rate / peak;
}

/* GPU-hours of the whole run to MFU: the FLOP budget over the GPU-seconds. */
static double explain_gpu_hours(const struct fs_job *j, double gpu_h, double peak, FILE *out)
{
    char a[32];
    double rate = j->flop / (gpu_h * 3600.0);
    fprintf(out, "  rate per GPU       = %.4g FLOP / (%s GPU-h x 3,600 s) = %.4g TFLOP/s\n",
            j->flop, fs_fmt_thousands(gpu_h, a, sizeof(a)), tflops(rate));
    fprintf(out, "  MFU                = %.4g / %.4g TFLOP/s peak = %.4f\n", tflops(rate),
            tflops(peak), rate / peak);
    return rate / peak;
}

/* The arithmetic from the job's given figure to its MFU; the MFU it gives. */
static double explain_given(const struct fs_job *j, double peak, FILE *out)
{
    char a[32], b[32];
    if (j->mfu_source == FS_MFU_GIVEN) {
        fprintf(out, "  MFU given          = %.4f (6N convention, of the dense peak)\n", j->mfu);
        return j->mfu;
    }
    if (j->given_tokens_per_gpu_s > 0) {
        fprintf(out, "  given              %s tokens per GPU-second\n",
                fs_fmt_thousands(j->given_tokens_per_gpu_s, a, sizeof(a)));
        return explain_tokens(j, j->given_tokens_per_gpu_s, peak, out);
    }
    if (j->given_tflops_per_gpu > 0) {
        fprintf(out, "  given              %.4g TFLOP/s per GPU (6N convention)\n",
                j->given_tflops_per_gpu);
        fprintf(out, "  MFU                = %.4g / %.4g TFLOP/s peak = %.4f\n",
                j->given_tflops_per_gpu, tflops(peak), j->given_tflops_per_gpu * 1e12 / peak);
        return j->given_tflops_per_gpu * 1e12 / peak;
    }
    if (j->given_gpu_h_per_1e12_tokens > 0) {
        double tok = 1e12 / (j->given_gpu_h_per_1e12_tokens * 3600.0);
        fprintf(out, "  given              %s GPU-hours per 1e12 tokens\n",
                fs_fmt_thousands(j->given_gpu_h_per_1e12_tokens, a, sizeof(a)));
        fprintf(out, "  tokens per GPU-s   = 1e12 / (%s GPU-h x 3,600 s) = %.5g\n",
                fs_fmt_thousands(j->given_gpu_h_per_1e12_tokens, a, sizeof(a)), tok);
        return explain_tokens(j, tok, peak, out);
    }
    if (j->given_gpu_hours > 0) {
        fprintf(out, "  given              %s GPU-hours for the whole run on %s GPUs\n",
                fs_fmt_thousands(j->given_gpu_hours, a, sizeof(a)),
                fs_fmt_thousands(j->gpus, b, sizeof(b)));
        return explain_gpu_hours(j, j->given_gpu_hours, peak, out);
    }
    if (j->given_duration_days > 0) {
        double gpu_h = j->given_duration_days * FS_HOURS_PER_DAY * j->gpus;
        fprintf(out, "  given              %.4g days for the whole run on %s GPUs\n",
                j->given_duration_days, fs_fmt_thousands(j->gpus, b, sizeof(b)));
        fprintf(out, "  GPU-hours          = %.4g days x 24 h x %s GPUs = %s\n",
                j->given_duration_days, fs_fmt_thousands(j->gpus, b, sizeof(b)),
                fs_fmt_thousands(gpu_h, a, sizeof(a)));
        return explain_gpu_hours(j, gpu_h, peak, out);
    }
    fprintf(out, "  (no given figure recorded for this job)\n");
    return NAN;
}

void fs_report_explain(const struct fs_scenario *s, const struct fs_job *j, FILE *out)
{
    const struct fs_cluster *c = &s->clusters[j->cluster];
    const struct fs_chip *chip = fs_cluster_chip(s, c);
    double peak = fs_chip_peak_flops(chip, j->precision);
    struct fs_ideal id;
    char a[32], b[32];

    fprintf(out, "job %s of scenario %s (%s)\n", fs_term(j->name), fs_term(s->name),
            fs_term(s->file));
    fprintf(out, "  cluster            %s: %s GPUs of %s at %s, dense peak %.4g TFLOP/s per "
                 "GPU\n", fs_term(c->name), fs_fmt_thousands(j->gpus, a, sizeof(a)),
            fs_term(chip->name), fs_precision_name(j->precision), tflops(peak));
    fprintf(out, "  FLOP budget        %.4e", j->flop);
    if (j->active_params > 0 && j->tokens > 0)
        fprintf(out, " = 6 x %.4g active parameters x %.4g tokens", j->active_params,
                j->tokens);
    fprintf(out, "\n  MFU source         %s\n", fs_mfu_source_name(j->mfu_source));
    if (j->mfu_source == FS_MFU_PREDICTED) {
        fputc('\n', out);
        fs_step_explain(chip, j->precision, j->gpus, &j->shape, &j->step, out);
        fputc('\n', out);
        fs_report_mfu_source(s, j, 2, out);
    } else {
        double m = explain_given(j, peak, out);
        if (isfinite(m) && fabs(m - j->mfu) > 5e-5)
            fprintf(out, "  (the scenario resolved it to %.4f)\n", j->mfu);
        if (j->published.tokens_per_gpu_s > 0)
            report_published(s, j, 2, out);
    }
    fs_job_ideal(s, j, &id);
    fprintf(out, "  sustained rate     = %s GPUs x %.4g TFLOP/s x %.4f = %.4g PFLOP/s\n",
            fs_fmt_thousands(j->gpus, a, sizeof(a)), tflops(peak), j->mfu,
            id.rate_flops / 1e15);
    fprintf(out, "  ideal time         = %.4e FLOP / %.4g PFLOP/s = %.2f days, %s GPU-hours\n"
                 "                       (no failures, checkpoints or queueing)\n",
            j->flop, id.rate_flops / 1e15, id.hours / FS_HOURS_PER_DAY,
            fs_fmt_thousands(id.gpu_hours, b, sizeof(b)));
}

void fs_report_scenario(const struct fs_scenario *s, FILE *out)
{
    char d0[16], d1[16], a[32], b[32], c3[32];
    double total_gpuh = 0.0, total_usd = 0.0;
    int wn = 5, wc = 7; /* "total", "cluster" */
    int derived = 0;

    /* Where each MFU comes from, under its job, once any job derives its
     * MFU (a scenario of given MFUs reads as before). */
    for (size_t k = 0; k < s->njobs; k++)
        derived |= s->jobs[k].mfu_source != FS_MFU_GIVEN;

    fs_date_format(s->start, d0, sizeof(d0));
    fs_date_format(s->start + (fs_date)floor(s->horizon_days), d1, sizeof(d1));
    fprintf(out, "scenario   %s\n", fs_term(s->name));
    if (s->description[0])
        fprintf(out, "           %s\n", fs_term(s->description));
    fprintf(out, "period     %s to %s (%g days)\n", d0, d1, s->horizon_days);
    fprintf(out, "monte      %d replicates, seed %llu\n\n", s->replicates,
            (unsigned long long)s->seed);

    fprintf(out, "clusters\n");
    fprintf(out, "  %-16s %-15s %-10s %8s %6s %10s %12s %s\n", "name", "chip", "region", "GPUs",
            "nodes", "online", "peak_PFLOP/s", "ownership");
    for (size_t i = 0; i < s->nclusters; i++) {
        const struct fs_cluster *c = &s->clusters[i];
        const struct fs_chip *chip = fs_cluster_chip(s, c);
        /* Peak at the chip's fastest 16-bit format, the usual headline. */
        enum fs_precision hp = chip->peak_tflops[FS_PREC_BF16] > 0 ? FS_PREC_BF16 : FS_PREC_FP16;
        char price[96];
        if (c->ownership == FS_OWNED)
            snprintf(price, sizeof(price),
                     "capex %s/GPU all-in%s over %g y; rental-equiv $%.4g/GPU-h",
                     fs_fmt_usd(c->capex_usd_per_gpu, a, sizeof(a)),
                     c->capex_from_catalog ? " (from list price)" : "", c->amortization_years,
                     c->rental_usd_per_gpu_h);
        else
            snprintf(price, sizeof(price), "$%.4g/GPU-h", c->rental_usd_per_gpu_h);
        fs_date_format(c->online, d0, sizeof(d0));
        fprintf(out, "  %-16s %-15s %-10s %8s %6d %10s %12.1f %s\n  %-16s %s\n", fs_term(c->name),
                fs_term(chip->name), fs_term(s->regions[c->region].name), fs_fmt_thousands(c->gpus, b, sizeof(b)),
                c->gpus / c->gpus_per_node, d0,
                fs_cluster_peak_flops(s, c, hp) / 1e15,
                c->ownership == FS_OWNED ? "owned" : "rented", "", price);
        if (c->max_gpus > c->gpus)
            fprintf(out, "  %-16s + %s GPUs ordered (%.1f PFLOP/s more if all arrive)\n", "",
                    fs_fmt_thousands(c->max_gpus - c->gpus, b, sizeof(b)),
                    (c->max_gpus - c->gpus) * fs_chip_peak_flops(chip, hp) / 1e15);
        if (c->fail.ttf_h.kind != FS_DIST_NONE)
            fprintf(out, "  %-16s failures %s, %.3g per 1k node-days (node MTBF %.0f h), "
                         "repair mean %.3g h\n", "", fs_dist_name(c->fail.ttf_h.kind),
                    c->fail.node_rate_per_h * 24000.0, 1.0 / c->fail.node_rate_per_h,
                    fs_dist_mean(&c->fail.repair_h));
        else
            fprintf(out, "  %-16s failures none\n", "");
    }

    fprintf(out, "\njobs (ideal: no failures, no checkpoints, no queueing; PFLOP/s sustained)\n");
    for (size_t k = 0; k < s->njobs; k++) { /* name columns as wide as the longest name */
        int n = (int)strlen(fs_term(s->jobs[k].name));
        int m = (int)strlen(fs_term(s->clusters[s->jobs[k].cluster].name));
        wn = n > wn ? n : wn;
        wc = m > wc ? m : wc;
    }
    fprintf(out, "  %-*s %-*s %6s %-5s %6s %10s %9s %8s %11s %9s\n", wn, "name", wc,
            "cluster", "GPUs", "prec", "MFU", "FLOP", "PFLOP/s", "days", "GPU-hours", "rental");
    for (size_t k = 0; k < s->njobs; k++) {
        const struct fs_job *j = &s->jobs[s->job_order[k]];
        struct fs_ideal id;
        fs_job_ideal(s, j, &id);
        total_gpuh += id.gpu_hours;
        total_usd += id.rental_usd;
        fprintf(out, "  %-*s %-*s %6d %-5s %6.4f %10.4e %9.2f %8.2f %11s %9s\n", wn,
                fs_term(j->name), wc, fs_term(s->clusters[j->cluster].name), j->gpus, fs_precision_name(j->precision), j->mfu,
                j->flop, id.rate_flops / 1e15, id.hours / FS_HOURS_PER_DAY,
                fs_fmt_thousands(id.gpu_hours, a, sizeof(a)),
                fs_fmt_usd(id.rental_usd, b, sizeof(b)));
        if (derived)
            fs_report_mfu_source(s, j, 19, out);
        if (j->ndeps > 0) {
            fprintf(out, "  %-16s after", "");
            for (size_t d = 0; d < j->ndeps; d++)
                fprintf(out, "%s %s", d ? "," : "", fs_term(s->jobs[j->deps[d]].name));
            fputc('\n', out);
        }
    }
    fprintf(out, "  %-*s %-*s %6s %-5s %6s %10s %9s %8s %11s %9s\n", wn, "total", wc, "", "",
            "", "", "", "", "", fs_fmt_thousands(total_gpuh, a, sizeof(a)),
            fs_fmt_usd(total_usd, c3, sizeof(c3)));
}
