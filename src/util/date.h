/* Dates as inventories and the knowledge base write them: "YYYY",
 * "YYYY-MM" or "YYYY-MM-DD" (a partial date stands for its whole period). */
#ifndef VS_UTIL_DATE_H
#define VS_UTIL_DATE_H

#include <stdbool.h>

/* Well-formed, with month 1–12 and a day that exists in that month. */
bool date_valid(const char *s);

#endif
