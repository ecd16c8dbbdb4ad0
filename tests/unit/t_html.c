/*
 * t_html.c - report.html: the escaping function, hostile scenario names
 * (no markup from them reaches the page), "chart not drawn" in place of
 * charts that were not drawn, and --no-report.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetsim/compare.h"
#include "fleetsim/html.h"
#include "fleetsim/plot.h"
#include "fleetsim/run.h"
#include "unit.h"
#include "util.h"

#define DATA_HTML_NAMES "tests/unit/data/html_names.cfg"
#define DATA_HOSTILE "tests/e2e/0101-hostile-names.cfg"

/* Known answer: the five characters HTML gives meaning to, each by its
 * character reference (HTML 5, "Escaping a string"); others unchanged. */
TEST(html_escape_known)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ASSERT(f != NULL);
    fs_html_escape(f, "a&b<c>d\"e'f`$(x)");
    fs_html_escape(f, NULL);
    fclose(f);
    ASSERT_STR_EQ(buf, "a&amp;b&lt;c&gt;d&quot;e&#39;f`$(x)");
    free(buf);
}

/* Runs the scenario alone, with no charts, into a fresh dir; returns the
 * report's text (NULL when there is none). */
static char *report_of(const char *cfg, int no_report, char *dir)
{
    struct fs_plot_opts plot = {0, 1600, 900, NULL};
    struct fs_run_opts o = {dir, 1, NULL, 0, &plot, NULL, NULL, 0, 0, 0, no_report, 0, NULL};
    struct fs_study st;
    struct fs_diag d;
    char path[128], *text = NULL;
    FILE *null = fopen("/dev/null", "w"), *f;
    long n;
    fs_diag_clear(&d);
    if (mkdtemp(dir) == NULL || null == NULL)
        return NULL;
    if (fs_study_single(&st, cfg, unit_catalog(), unit_rules(), NULL, 0, &d) != FS_OK)
        return NULL;
    if (fs_run_study(&st, 0, &o, null, null) != FS_OK) {
        fs_study_release(&st);
        return NULL;
    }
    fs_study_release(&st);
    fclose(null);
    snprintf(path, sizeof(path), "%s/%s", dir, FS_HTML_REPORT);
    if ((f = fopen(path, "rb")) == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    text = calloc((size_t)n + 1, 1);
    if (text != NULL && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    fclose(f);
    return text;
}

/* Every '<' in the page opens one of the tags the report writes itself
 * (html.c, html_parts.c), a closing tag or the doctype; 0 if not. */
static int only_own_tags(const char *text)
{
    static const char *const own[] = {
        "html", "head", "meta", "title", "style", "body", "nav", "a", "h1", "h2", "h3",
        "section", "p", "table", "thead", "tbody", "tr", "th", "td", "figure",
        "figcaption", "div", "b", "code", "ul", "li", "footer", "DOCTYPE"};
    for (const char *p = strchr(text, '<'); p != NULL; p = strchr(p + 1, '<')) {
        const char *t = p + 1;
        size_t n = 0, i;
        if (*t == '/' || *t == '!')
            t++;
        while (isalnum((unsigned char)t[n]))
            n++;
        for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
            if (strlen(own[i]) == n && strncmp(own[i], t, n) == 0)
                break;
        if (i == sizeof(own) / sizeof(own[0])) {
            fprintf(stderr, "# foreign tag at: %.40s\n", p);
            return 0;
        }
    }
    return 1;
}

static void remove_dir(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ASSERT_INT_EQ(system(cmd), 0);
}

TEST(html_hostile_names)
{
    char dir[] = "/tmp/fleetsim-t_html-XXXXXX";
    char *text = report_of(DATA_HTML_NAMES, 0, dir);
    ASSERT(text != NULL);
    ASSERT(only_own_tags(text));
    /* The names of tests/unit/data/html_names.cfg, escaped. */
    ASSERT(strstr(text, "s&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&#39;&quot;") != NULL);
    ASSERT(strstr(text, "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;d&quot; &#39;e&#39;")
           != NULL);
    ASSERT(strstr(text, "j2&quot;&#39;&gt;&lt;img src=y onerror=alert(6)&gt;") != NULL);
    ASSERT(strstr(text, "<script") == NULL && strstr(text, "<img") == NULL);
    ASSERT(strstr(text, "evil.example/x.js\"") == NULL);
    free(text);
    remove_dir(dir);
}

TEST(html_shell_names)
{
    char dir[] = "/tmp/fleetsim-t_html-XXXXXX";
    char *text = report_of(DATA_HOSTILE, 0, dir);
    ASSERT(text != NULL);
    ASSERT(only_own_tags(text));
    /* tests/e2e/0101-hostile-names.cfg's scenario name, escaped. */
    ASSERT(strstr(text, "s`touch owned`&#39;; &quot;q&quot; z\\") != NULL);
    free(text);
    remove_dir(dir);
}

/* With --plots none every chart of a single run is "chart not drawn":
 * progress, time_to_train_job1 and _job2 (two jobs), gpu_hours, cost and
 * fleet_capacity = 6 (no step_breakdown: no job's MFU is predicted). */
TEST(html_charts_not_drawn)
{
    char dir[] = "/tmp/fleetsim-t_html-XXXXXX";
    char *text = report_of(DATA_HTML_NAMES, 0, dir);
    int n = 0;
    ASSERT(text != NULL);
    for (const char *p = strstr(text, "chart not drawn"); p != NULL;
         p = strstr(p + 1, "chart not drawn"))
        n++;
    ASSERT_INT_EQ(n, 6);
    ASSERT(strstr(text, "<svg") == NULL);
    ASSERT(strstr(text, "http://") == NULL && strstr(text, "https://") == NULL);
    free(text);
    remove_dir(dir);
}

TEST(html_no_report)
{
    char dir[] = "/tmp/fleetsim-t_html-XXXXXX";
    char *text = report_of(DATA_HTML_NAMES, 1, dir);
    ASSERT(text == NULL);
    remove_dir(dir);
}
