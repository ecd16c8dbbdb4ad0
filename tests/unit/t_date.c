/* t_date.c - calendar conversions. Expected day numbers are
 * (date - 1970-01-01).days from Python's datetime, an independent
 * implementation of the proleptic Gregorian calendar. */
#include "fleetsim/date.h"
#include "unit.h"

TEST(date_known_days)
{
    ASSERT_INT_EQ(fs_date_from_ymd(1970, 1, 1), 0);
    ASSERT_INT_EQ(fs_date_from_ymd(2000, 1, 1), 10957);
    ASSERT_INT_EQ(fs_date_from_ymd(2024, 12, 26), 20083); /* DeepSeek-V3 release */
    ASSERT_INT_EQ(fs_date_from_ymd(2024, 2, 29), 19782);
    ASSERT_INT_EQ(fs_date_from_ymd(1900, 1, 1), -25567);
    ASSERT_INT_EQ(fs_date_from_ymd(2199, 12, 31), 84005);
}

TEST(date_round_trip)
{
    /* Every day from 1900 to 2199 converts back to itself. */
    for (fs_date d = -25567; d <= 84005; d++) {
        int y, m, dd;
        char buf[16];
        fs_date back;
        fs_date_to_ymd(d, &y, &m, &dd);
        ASSERT_INT_EQ(fs_date_from_ymd(y, m, dd), d);
        fs_date_format(d, buf, sizeof(buf));
        ASSERT(fs_date_parse(buf, &back) == 0);
        ASSERT_INT_EQ(back, d);
    }
}

TEST(date_parse_rejects)
{
    fs_date d;
    static const char *const bad[] = {
        "2023-02-29", /* not a leap year */
        "1900-02-29", /* century, not divisible by 400 */
        "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "24-01-01",
        "2024/01/01", "2024-01-01 ", "", "1899-12-31", "2200-01-01", "20x4-01-01",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (fs_date_parse(bad[i], &d) == 0) {
            unit_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
            return;
        }
    }
    /* The reason is told apart, for the error message. */
    ASSERT_INT_EQ(fs_date_parse("2024/01/01", &d), FS_DATE_EFORMAT);
    ASSERT_INT_EQ(fs_date_parse("1899-12-31", &d), FS_DATE_EYEAR);
    ASSERT_INT_EQ(fs_date_parse("2024-13-01", &d), FS_DATE_EMONTH);
    ASSERT_INT_EQ(fs_date_parse("2023-02-29", &d), FS_DATE_EDAY);
    ASSERT_INT_EQ(fs_date_parse("2024-04-00", &d), FS_DATE_EDAY);
    ASSERT(fs_date_parse("2000-02-29", &d) == 0); /* divisible by 400 */
    ASSERT_INT_EQ(d, 11016);
}
