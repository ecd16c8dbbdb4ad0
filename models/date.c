/*
 * date.c - civil dates <-> day numbers (proleptic Gregorian calendar).
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * algorithms ("chrono-Compatible Low-Level Date Algorithms"), exact for any
 * year in int range; no time zones, no locale.
 */
#include <stdio.h>
#include <string.h>

#include "fleetsim/date.h"

fs_date fs_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;                                 /* [0, 399] */
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void fs_date_to_ymd(fs_date day, int *y, int *m, int *d)
{
    const int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int fs_date_parse(const char *s, fs_date *out)
{
    int y, m, d, yy, mm, dd;
    fs_date day;

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return FS_DATE_EFORMAT;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return FS_DATE_EFORMAT;
    if (y < 1900 || y > 2199)
        return FS_DATE_EYEAR;
    if (m < 1 || m > 12)
        return FS_DATE_EMONTH;
    /* Round-trip to reject days that do not exist (2023-02-29). */
    day = fs_date_from_ymd(y, m, d);
    fs_date_to_ymd(day, &yy, &mm, &dd);
    if (d < 1 || yy != y || mm != m || dd != d)
        return FS_DATE_EDAY;
    *out = day;
    return 0;
}

const char *fs_date_strerror(int err)
{
    switch (err) {
    case FS_DATE_EYEAR:
        return "year must be from 1900 to 2199";
    case FS_DATE_EMONTH:
        return "month must be from 01 to 12";
    case FS_DATE_EDAY:
        return "no such day in that month";
    default:
        return "expected a date \"YYYY-MM-DD\"";
    }
}

char *fs_date_format(fs_date day, char *buf, size_t len)
{
    int y, m, d;
    fs_date_to_ymd(day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
    return buf;
}
