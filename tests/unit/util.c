/* util.c - helpers shared by the unit tests. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Loaded once and kept for the process (reachable, so not a leak). */
static struct fs_catalog cat;
static struct fs_rulebook rules;
static int loaded;

static int load_builtins(void)
{
    struct fs_diag d;
    if (loaded)
        return 0;
    fs_diag_clear(&d);
    if (fs_catalog_load_text(&cat, fs_builtin_catalog, "models/chips.cfg", &d) != FS_OK ||
        fs_rulebook_load_text(&rules, fs_builtin_rules, "models/export_rules.cfg", &cat, &d) !=
            FS_OK) {
        fs_diag_print(&d, stdout);
        return -1;
    }
    loaded = 1;
    return 0;
}

const struct fs_catalog *unit_catalog(void)
{
    return load_builtins() == 0 ? &cat : NULL;
}

const struct fs_rulebook *unit_rules(void)
{
    return load_builtins() == 0 ? &rules : NULL;
}

struct fs_scenario *unit_load(const char *path, const struct fs_override *ov, size_t n)
{
    struct fs_scenario *s = NULL;
    struct fs_diag d;
    if (load_builtins() != 0)
        return NULL;
    fs_diag_clear(&d);
    if (fs_scenario_load(&s, path, &cat, &rules, ov, n, &d) != FS_OK)
        fs_diag_print(&d, stdout);
    return s;
}

char *unit_slurp(const char *dir, const char *name)
{
    char path[1024];
    FILE *f;
    char *buf = NULL;
    long n;
    if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] ? "/" : "", name) >=
        sizeof(path))
        return NULL;
    if ((f = fopen(path, "rb")) == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL)
        buf[fread(buf, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return buf;
}

void unit_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < sizeof(path))
            remove(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}
