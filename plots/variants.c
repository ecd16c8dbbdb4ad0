/*
 * variants.c - what the comparison charts share (plots/internal.h): a
 * variant's statistics, colour and focus job, time units and tic steps,
 * titles fitted to the picture, and notes naming variants.
 *
 * Workload: a few calls per chart.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fleetsim/compare.h"
#include "fleetsim/plot.h"
#include "fleetsim/report.h"
#include "fleetsim/version.h"
#include "internal.h"

const struct fs_stat *fs__vstat(const struct fs_variant *v, int j, enum fs_metric m)
{
    return &v->sum.stats[(size_t)j * FS_M_COUNT + m];
}

/*
 * Variants' colours: the baseline black, the others the Okabe-Ito palette
 * in order (blue, orange, green, pink, sky blue), without vermillion (kept
 * for failures) and yellow (too faint as a line on white), then eight more
 * of Paul Tol's muted scheme (dark enough on white, apart from the first
 * five), so that 14 variants get 14 colours. Past that the colours repeat;
 * the charts change the dash or point type.
 */
#define NEXTRA 8
static const char *const extra[NEXTRA] = {"#332288", "#882255", "#117733", "#999933",
                                          "#AA4499", "#661100", "#44AA99", "#6699CC"};

const char *fs__vcolor(size_t k)
{
    size_t i;
    if (k == 0)
        return fs__palette[5];
    i = (k - 1) % (5 + NEXTRA);
    return i < 5 ? fs__palette[i] : extra[i - 5];
}

/* "strategy" or "scenario file", for titles. */
const char *fs__kind_word(const struct fs_study *st)
{
    return st->kind == FS_STUDY_FILES ? "scenario file" : "strategy";
}

struct fs__tunit fs__time_unit(double max_days)
{
    if (max_days < 2.0)
        return (struct fs__tunit){24.0, "hours", "h"};
    return (struct fs__tunit){1.0, "days", "d"};
}

/* Decimals for values of an axis spanning `span`. */
int fs__decimals(double span)
{
    return span >= 100 ? 0 : span >= 10 ? 1 : span >= 1 ? 2 : 3;
}

/* The focus job's index in variant k, or -1. */
int fs__vjob(const struct fs_study *st, size_t k)
{
    return fs_study_job(&st->v[k], st->v[0].s->jobs[fs_study_focus_job(st)].name);
}

/* A label cut to fit `px` pixels at `font` ("..." appended), at a whole
 * UTF-8 character. Returns buf. */
const char *fs__fit_text(const char *s, double px, int font, char *buf, size_t len)
{
    size_t n;
    snprintf(buf, len, "%s", s);
    if (fs__text_px(buf, font) <= px)
        return buf;
    for (n = strlen(buf); n > 0; n--) {
        if (((unsigned char)buf[n] & 0xC0) == 0x80)
            continue; /* inside a character */
        buf[n] = '\0';
        if (n + 4 <= len) {
            memcpy(buf + n, "...", 4);
            if (fs__text_px(buf, font) <= px)
                return buf;
            buf[n] = '\0';
        }
    }
    return buf;
}

/* A footnote on the left, under the panels (label 101), left out when it
 * would run into the one on the right (small pictures). */
void fs__gp_note(struct fs__plot_ctx *c, FILE *f, const char *text)
{
    char right[128];
    snprintf(right, sizeof(right), "fleetsim %s, seed %llu, %zu replicates per variant",
             FS_VERSION, (unsigned long long)c->s->seed, c->mc->nrep);
    if (fs__text_px(text, fs__small_font(c)) + fs__text_px(right, fs__small_font(c)) +
            2.0 * c->font >
        0.98 * c->width)
        return;
    fputs("    set label 101 ", f);
    fs__put_q(c, f, text);
    fprintf(f, " at screen 0.01, screen 0.015 left font ',%d' tc rgb '%s'\n", fs__small_font(c),
            COL_NOTE);
}

/* A tic step giving about `want` tics over span: the nearest of 1, 2, 2.5
 * or 5 x 10^k. */
double fs__nice_step(double span, double want)
{
    double raw = span / (want > 1.0 ? want : 1.0), p, m;
    if (!(raw > 0) || !isfinite(raw))
        return 1.0;
    p = pow(10.0, floor(log10(raw)));
    m = raw / p;
    return (m < 1.5 ? 1.0 : m < 2.25 ? 2.0 : m < 3.5 ? 2.5 : m < 7.5 ? 5.0 : 10.0) * p;
}

/* Lists in a label the variants of `which` (a boolean per variant) after
 * `what`, quoted as one string; nothing when none. A list wider than half
 * the picture (the narrowest panel it goes in) wraps onto more labels, one
 * line below the other (ids 3000 + 10 x id + line), so it never runs off
 * the edge; at most NOTE_LINES lines, the last one saying how many more. */
#define NOTE_LINES 6
static void note_line(struct fs__plot_ctx *c, FILE *f, int id, size_t line, const char *text,
                      const char *where)
{
    if (line == 0)
        fprintf(f, "    set label %d ", id);
    else
        fprintf(f, "    set label %zu ", 3000 + 10 * (size_t)id + line);
    fs__put_q(c, f, text);
    fprintf(f, " at %s", where);
    if (line > 0)
        fprintf(f, " offset 0,%.1f", -1.1 * (double)line);
    fprintf(f, " front font ',%d' tc rgb '%s'\n", fs__bar_font(c), COL_LOST);
}

void fs__gp_variant_note_clear(FILE *f, int id)
{
    for (size_t line = 1; line < NOTE_LINES; line++)
        fprintf(f, "    unset label %zu\n", 3000 + 10 * (size_t)id + line);
}

void fs__gp_variant_note(struct fs__plot_ctx *c, FILE *f, const struct fs_study *st,
                            const int *which, int id, const char *what, const char *where)
{
    size_t len = strlen(what) + 1, n = 0, o = 0, line = 0, left;
    double maxpx = 0.5 * c->width;
    char *text;
    for (size_t k = 0; k < st->n; k++)
        if (which[k]) {
            len += strlen(st->v[k].label) + 2;
            n++;
        }
    if (n == 0)
        return;
    if ((text = malloc(len + 32)) == NULL) {
        fs__nomem(c);
        return;
    }
    left = n;
    o = (size_t)snprintf(text, len, "%s", what);
    for (size_t k = 0, first = 1; k < st->n; k++) {
        if (!which[k])
            continue;
        /* The next name would not fit: this line is done. */
        if (!first && fs__text_px(text, fs__bar_font(c)) +
                              fs__text_px(st->v[k].label, fs__bar_font(c)) >
                          maxpx) {
            if (line + 1 == NOTE_LINES) {
                snprintf(text + o, len + 32 - o, ", and %zu more", left);
                break;
            }
            snprintf(text + o, len + 32 - o, ",");
            note_line(c, f, id, line++, text, where);
            o = 0;
            text[0] = 0;
            first = 1;
        }
        o += (size_t)snprintf(text + o, len + 32 - o, "%s%s", first ? "" : ", ", st->v[k].label);
        first = 0;
        left--;
    }
    note_line(c, f, id, line, text, where);
    free(text);
}

/*
 * Writes a chart's title (scenario text, quoted) as `set title` or, for a
 * multiplot, `set multiplot title`, with its font: smaller when it is too
 * wide for the picture, and cut (at a whole character) if even that fails.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void fs__gp_title(struct fs__plot_ctx *c, FILE *f, int multiplot, const char *fmt, ...)
{
    va_list ap;
    char *text, *cut;
    int n, font = c->font + 4;
    double room = 0.96 * c->width;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (text = malloc((size_t)n + 1)) == NULL || (cut = malloc((size_t)n + 4)) == NULL) {
        if (n >= 0)
            free(text);
        fs__nomem(c);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    while (font > c->font && fs__text_px(text, font) > room)
        font--;
    fputs(multiplot ? "    set multiplot title " : "    set title ", f);
    fs__put_q(c, f, fs__fit_text(text, room, font, cut, (size_t)n + 4));
    fprintf(f, " font ',%d'\n", font);
    free(text);
    free(cut);
}

/* Whether any of n flags is set. */
int fs__flag_any(const int *flag, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (flag[k])
            return 1;
    return 0;
}

/* A swept value for a tic label: whole numbers with thousands separators,
 * and so are values of 1,000 or more, rounded ("68,248", not "68248.3"
 * beside "21,354" in the tornado). */
char *fs__fmt_value(double v, char *buf, size_t len)
{
    if (fabs(v - nearbyint(v)) < 1e-9 * fmax(1.0, fabs(v)) && fabs(v) < 1e15)
        return fs_fmt_thousands(v, buf, len);
    if (fabs(v) >= 1000.0 && fabs(v) < 1e15)
        return fs_fmt_thousands(nearbyint(v), buf, len);
    snprintf(buf, len, "%g", v);
    return buf;
}
