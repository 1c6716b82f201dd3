/*
 * Library errors: a code for programs and a message for people.
 *
 * Library code never prints and never exits; it fills a `struct vs_error` and
 * returns the code. Only cli/ decides what the user sees and the exit status.
 */
#ifndef VS_UTIL_ERR_H
#define VS_UTIL_ERR_H

#include <stdarg.h>

enum vs_err {
	VS_OK = 0,
	VS_ETRUNC,    /* input ended inside a field */
	VS_EBADVAL,   /* a value is malformed or out of range */
	VS_ETOOBIG,   /* a limit in util/limits.h was exceeded */
	VS_ENOMEM,
	VS_EIO,       /* reading or writing a file failed */
	VS_EDB,       /* the store refused */
	VS_ENOTFOUND, /* a named thing (survey, file, vendor) does not exist */
	VS_EUSAGE,    /* the caller asked for something that makes no sense */
	VS_EPERM,     /* not allowed: a scan target outside scope, no privilege */
};

struct vs_error {
	enum vs_err code;
	char msg[1024];
};

/* Record the first error (later ones keep the earlier, more specific text). */
enum vs_err vs_fail(struct vs_error *e, enum vs_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum vs_err vs_vfail(struct vs_error *e, enum vs_err code, const char *fmt, va_list ap);

/* Forget a recorded error (after a caller handled it). */
void vs_error_clear(struct vs_error *e);

/* sysexits(3) status for an error code: 65 bad data, 66 no input, 74 I/O … */
int vs_exit_status(enum vs_err code);

const char *vs_strerror(enum vs_err code);

#endif
