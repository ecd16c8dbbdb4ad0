/*
 * t_models.c - the resolved-scenario helpers, the distribution type and the
 * cost model, on hand-built scenarios whose expected values are derived in
 * the comments.
 */
#include <stdint.h>
#include <string.h>

#include "fleetsim/resolved.h"
#include "unit.h"

TEST(resolved_date_hours)
{
    struct fs_scenario s;
    memset(&s, 0, sizeof(s));
    s.start = fs_date_from_ymd(2024, 1, 1);
    s.horizon_days = 366.0;
    /* 2024-03-01 is 31 + 29 = 60 days after 2024-01-01: 60 x 24 = 1440 h. */
    ASSERT_REL(fs_date_days(&s, fs_date_from_ymd(2024, 3, 1)), 60.0, 0.0);
    ASSERT_REL(fs_date_h(&s, fs_date_from_ymd(2024, 3, 1)), 1440.0, 0.0);
    /* 2023-12-31 is one day before: -24 h. */
    ASSERT_REL(fs_date_h(&s, fs_date_from_ymd(2023, 12, 31)), -24.0, 0.0);
    /* 1439.5 h falls on 2024-02-29 (day 59), 1440 h starts 2024-03-01. */
    ASSERT_INT_EQ(fs_h_date(&s, 1439.5), fs_date_from_ymd(2024, 2, 29));
    ASSERT_INT_EQ(fs_h_date(&s, 1440.0), fs_date_from_ymd(2024, 3, 1));
    ASSERT_INT_EQ(fs_h_date(&s, -0.5), fs_date_from_ymd(2023, 12, 31));
    ASSERT_REL(fs_horizon_h(&s), 366.0 * 24.0, 0.0);
    /* A start in 1900 (day -25567) and a far date: INT32_MAX - start
     * overflows an int, the helper does not. */
    s.start = fs_date_from_ymd(1900, 1, 1);
    ASSERT_REL(fs_date_days(&s, INT32_MAX), 2147483647.0 + 25567.0, 0.0);
}
