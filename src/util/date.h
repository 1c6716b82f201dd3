/* Dates as inventories and the knowledge base write them: "YYYY",
 * "YYYY-MM" or "YYYY-MM-DD" (a partial date stands for its whole period). */
#ifndef VS_UTIL_DATE_H
#define VS_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Well-formed, with month 1–12 and a day that exists in that month. */
bool date_valid(const char *s);

/*
 * The number YYYYMMDD of the first day of the period the n bytes at s name
 * ("2018" -> 20180101, "2018-06" -> 20180601), so dates of any precision
 * compare as numbers. False when malformed (month 13, 30 February, year
 * outside 1000..9999).
 */
bool date_parse_day(const char *s, size_t n, uint32_t *day);

/*
 * An acquisition date as exports write it -> ISO: "2020-04-04", "2020-04",
 * "2020", Danish "04-04-2020" / "4.4.2020" / "04/04/2020" (day first).
 * out gets at most 10 characters and a NUL. False when not a valid date.
 */
bool date_normalize(const char *in, char out[11]);
/* date_normalize, and date_parse_day of what it wrote in *day. */
bool date_normalize_day(const char *in, char out[11], uint32_t *day);

/* t, seconds since 1970, as UTC "YYYY-MM-DDTHH:MM:SSZ", the store's time
 * stamps. False (out empty) before 1970 or past the year 9999. */
bool date_utc_stamp(int64_t t, char out[21]);

#endif
