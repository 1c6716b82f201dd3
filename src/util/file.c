#include "util/file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum vs_err file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len,
			 struct vs_error *err)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		return vs_fail(err, e == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path, strerror(e));
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return vs_fail(err, VS_EIO, "%s: not a regular file", path);
	}
	if ((unsigned long long)sb.st_size > max) {
		fclose(f);
		return vs_fail(err, VS_ETOOBIG, "%s: larger than %zu bytes", path, max);
	}
	size_t n = (size_t)sb.st_size;
	uint8_t *p = malloc(n ? n : 1);
	if (!p) {
		fclose(f);
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
	}
	size_t got = fread(p, 1, n, f);
	bool failed = got != n || ferror(f);
	fclose(f);
	if (failed) {
		free(p);
		return vs_fail(err, VS_EIO, "%s: read failed", path);
	}
	*buf = p;
	*len = n;
	return VS_OK;
}
