/*
 * t_cfg.c - the loader's settings layer (loader/cfg.c): value descriptions
 * stay inside their buffer, and strings are checked at load time.
 */
#include <string.h>

#include <libconfig.h>

#include "../../loader/internal.h"
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

/*
 * UTF-8 sequence lengths, known answers from RFC 3629 section 4 (the
 * syntax of UTF-8 byte sequences): valid 1- to 4-byte forms, and the
 * ill-formed ones a lenient decoder lets through.
 */
TEST(cfg_utf8_sequences)
{
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"a"), 1);
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xc3\xa9"), 2);         /* U+00E9 */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xe2\x82\xac"), 3);     /* U+20AC */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xf0\x9d\x84\x9e"), 4); /* U+1D11E */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xff"), 0);
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\x80"), 0);         /* lone continuation */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xc0\xaf"), 0);     /* overlong '/' */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xe0\x80\xaf"), 0); /* overlong '/' */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xed\xa0\x80"), 0); /* surrogate D800 */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xf4\x90\x80\x80"), 0); /* > U+10FFFF */
    ASSERT_INT_EQ(fs__utf8_seq((const unsigned char *)"\xc3"), 0);         /* cut by the NUL */
    ASSERT_INT_EQ(fs__printable("Z\xc3\xbcrich"), 1);
    ASSERT_INT_EQ(fs__printable("a\tb"), 0);
    ASSERT_INT_EQ(fs__printable("a\x7f"), 0);
}
