/*
 * date.h - calendar dates as day numbers, and simulated time.
 *
 * Dates are proleptic Gregorian days since 1970-01-01 (negative before), so
 * differences are plain subtraction. Simulated time (fs_time) is in hours
 * since the scenario's start date at 00:00 UTC.
 */
#ifndef FLEETSIM_DATE_H
#define FLEETSIM_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t fs_date; /* days since 1970-01-01 */
typedef double fs_time;  /* hours since the scenario start */

#define FS_HOURS_PER_DAY 24.0

/* Day number of a civil date; no range check (see fs_date_parse). */
fs_date fs_date_from_ymd(int y, int m, int d);

/* Civil date of a day number. */
void fs_date_to_ymd(fs_date day, int *y, int *m, int *d);

/* Why fs_date_parse refused a text. */
enum { FS_DATE_EFORMAT = -1, FS_DATE_EYEAR = -2, FS_DATE_EMONTH = -3, FS_DATE_EDAY = -4 };

/*
 * Parses exactly "YYYY-MM-DD" (years 1900-2199, a real calendar day).
 * Returns 0 and sets *out, or a negative FS_DATE_E* code.
 */
int fs_date_parse(const char *s, fs_date *out);

/* What a FS_DATE_E* code means, for error messages. */
const char *fs_date_strerror(int err);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *fs_date_format(fs_date day, char *buf, size_t len);

#endif
