/* Whole files, for inputs small enough to hold (data files, JSON documents). */
#ifndef VS_UTIL_FILE_H
#define VS_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Read a regular file whole, refusing one larger than max (VS_ETOOBIG);
 * VS_ENOTFOUND when missing. The caller frees *buf. */
enum vs_err file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len,
			  struct vs_error *err);

#endif
