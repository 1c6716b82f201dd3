#include "util/err.h"

#include <stdio.h>
#include <string.h>

enum vs_err vs_vfail(struct vs_error *e, enum vs_err code, const char *fmt, va_list ap)
{
	if (!e)
		return code;
	if (e->code == VS_OK) {
		e->code = code;
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	}
	return code;
}

enum vs_err vs_fail(struct vs_error *e, enum vs_err code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vs_vfail(e, code, fmt, ap);
	va_end(ap);
	return code;
}

void vs_error_clear(struct vs_error *e)
{
	e->code = VS_OK;
	e->msg[0] = '\0';
}

int vs_exit_status(enum vs_err code)
{
	switch (code) {
	case VS_OK:
		return 0;
	case VS_ETRUNC:
	case VS_EBADVAL:
	case VS_ETOOBIG:
		return 65; /* EX_DATAERR */
	case VS_ENOTFOUND:
		return 66; /* EX_NOINPUT */
	case VS_EUSAGE:
		return 64; /* EX_USAGE */
	case VS_EPERM:
		return 77; /* EX_NOPERM */
	case VS_ENOMEM:
		return 71; /* EX_OSERR */
	case VS_EDB:
	case VS_EIO:
		return 74; /* EX_IOERR */
	}
	return 70; /* EX_SOFTWARE */
}

const char *vs_strerror(enum vs_err code)
{
	switch (code) {
	case VS_OK: return "success";
	case VS_ETRUNC: return "truncated input";
	case VS_EBADVAL: return "bad value";
	case VS_ETOOBIG: return "limit exceeded";
	case VS_ENOMEM: return "out of memory";
	case VS_EIO: return "I/O error";
	case VS_EDB: return "database error";
	case VS_ENOTFOUND: return "not found";
	case VS_EUSAGE: return "usage error";
	case VS_EPERM: return "not permitted";
	}
	return "unknown error";
}
