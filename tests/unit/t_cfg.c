/*
 * t_cfg.c - the loader's settings layer (sim/cfg.c): value descriptions
 * stay inside their buffer, and strings are checked at load time.
 */
#include <string.h>

#include <libconfig.h>

#include "cfg_internal.h"
#include "fleetsim/scenario.h"
#include "unit.h"

/*
 * describe() into a 96-byte buffer followed by canary bytes: 88 printable
 * bytes and three control bytes (each written as 4 bytes, "\x01") used to
 * run past the end (issue 9, defect 2). The expected text is the opening
 * quote, as many 'a' as fit with room for `..."` and the NUL (96 - 1 - 5 =
 * 90 bytes: 88 'a' then no whole "\x01"), then `..."`.
 */
TEST(cfg_describe_stays_in_bounds)
{
    char text[200], buf[96 + 16], want[100];
    config_t cfg;
    const config_setting_t *s;
    size_t o = 0;

    o += (size_t)snprintf(text + o, sizeof(text) - o, "v = \"");
    for (int i = 0; i < 88; i++)
        text[o++] = 'a';
    o += (size_t)snprintf(text + o, sizeof(text) - o, "\\x01\\x01\\x01\";");
    config_init(&cfg);
    ASSERT(config_read_string(&cfg, text) == CONFIG_TRUE);
    s = config_lookup(&cfg, "v");
    ASSERT(s != NULL);
    memset(buf, 'Z', sizeof(buf));
    fs__describe(s, buf, 96);
    for (size_t i = 96; i < sizeof(buf); i++)
        ASSERT_INT_EQ(buf[i], 'Z');
    want[0] = '"';
    memset(want + 1, 'a', 88);
    memcpy(want + 89, "...\"", 5);
    ASSERT_STR_EQ(buf, want);
    config_destroy(&cfg);
}
