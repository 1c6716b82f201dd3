/*
 * Vendor-cloud DNS suffixes (see clouds.h). The table is small (dozens of
 * rows) but a capture asks it once per DNS name and SNI, so rows are sorted
 * and each label boundary of a name costs one binary search.
 */
#include "geo/clouds.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"
#include "util/limits.h"
#include "util/file.h"
#include "util/text.h"
#include "util/tsv.h"

/* A lower-case host name of two or more labels (RFC 1123 2.1): labels of
 * 1-63 characters [a-z0-9-], not starting or ending with '-'. One label
 * ("com") would claim a whole top-level domain. */
static const char *bad_suffix(const char *s)
{
	size_t len = strlen(s);
	if (len > VS_MAX_DNS_NAME)
		return "longer than 253 characters";
	size_t labels = 0, run = 0;
	for (size_t i = 0; i <= len; i++) {
		char ch = s[i];
		if (ch == '.' || ch == '\0') {
			if (run == 0)
				return "has an empty label (leading, trailing or double dot)";
			if (s[i - 1] == '-')
				return "has a label ending in '-'";
			labels++;
			run = 0;
			continue;
		}
		if (ch >= 'A' && ch <= 'Z')
			return "is not lower case";
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
			return "has a character other than a-z, 0-9, '-' and '.'";
		if (ch == '-' && run == 0)
			return "has a label starting with '-'";
		if (++run > 63)
			return "has a label longer than 63 characters";
	}
	if (labels < 2)
		return "is a single label (a whole top-level domain)";
	return NULL;
}

static bool is_id(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct cloud *)a)->suffix, ((const struct cloud *)b)->suffix);
}

void clouds_free(struct clouds *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].suffix);
		free(c->v[i].vendor);
		free(c->v[i].service);
		free(c->v[i].source);
	}
	free(c->v);
	free(c);
}

static enum vs_err add_row(struct clouds *c, size_t *alloc, const struct tsv *t,
			   struct vs_error *err)
{
	const struct slice *cell = t->cell;
	const char *what = NULL;
	if (c->n == VS_MAX_CLOUD_SUFFIXES)
		return vs_fail(err, VS_ETOOBIG, "%s:%zu: more than %d rows", t->name, t->line,
			       VS_MAX_CLOUD_SUFFIXES);
	if (c->n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		struct cloud *nv = realloc(c->v, na * sizeof(*nv));
		if (!nv)
			return vs_fail(err, VS_ENOMEM, "out of memory loading %s", t->name);
		c->v = nv;
		*alloc = na;
	}
	struct cloud *r = &c->v[c->n];
	r->suffix = str_ndup(cell[0].p, cell[0].len);
	r->vendor = str_ndup(cell[1].p, cell[1].len);
	r->service = str_ndup(cell[2].p, cell[2].len);
	r->source = str_ndup(cell[3].p, cell[3].len);
	r->line = (long)t->line;
	c->n++; /* counted before the checks, so clouds_free frees what was copied */
	if (!r->suffix || !r->vendor || !r->service || !r->source)
		return vs_fail(err, VS_ENOMEM, "out of memory loading %s", t->name);
	if (!*r->suffix)
		what = "empty suffix";
	else if (!*r->vendor || !is_id(r->vendor))
		what = "vendor is not a knowledge-base id ([a-z0-9_]+)";
	else if (!*r->service)
		what = "empty service";
	else if (!*r->source)
		what = "empty source (every row says where the name is seen)";
	if (what)
		return vs_fail(err, VS_EBADVAL, "%s:%zu: %s", t->name, t->line, what);
	const char *why = bad_suffix(r->suffix);
	if (why)
		return vs_fail(err, VS_EBADVAL, "%s:%zu: suffix '%s' %s", t->name, t->line,
			       r->suffix, why);
	return VS_OK;
}

enum vs_err clouds_load(const char *path, struct clouds **out, struct vs_error *err)
{
	*out = NULL;
	char found[PATH_MAX];
	if (!path) {
		char dir[PATH_MAX - 16];
		if (!kb_data_dir(dir, sizeof(dir)))
			return vs_fail(err, VS_ENOTFOUND,
				       "no data directory (set VENDORSCOPE_DATA to share/vendorscope)");
		snprintf(found, sizeof(found), "%s/clouds.tsv", dir);
		path = found;
	}
	static const char *const cols[] = {"suffix", "vendor", "service", "source"};
	uint8_t *data;
	size_t len;
	enum vs_err rc = file_read_all(path, VS_MAX_KB_FILE, &data, &len, err);
	if (rc)
		return rc;
	struct tsv t;
	rc = tsv_open(&t, "clouds.tsv", data, len, cols, 4, err);
	struct clouds *c = rc ? NULL : calloc(1, sizeof(*c));
	if (!rc && !c)
		rc = vs_fail(err, VS_ENOMEM, "out of memory loading clouds.tsv");
	size_t alloc = 0;
	int got = 0;
	while (!rc && (got = tsv_next(&t, err)) == 1)
		rc = add_row(c, &alloc, &t, err);
	if (!rc && got < 0)
		rc = err->code;
	if (!rc && c->n) {
		qsort(c->v, c->n, sizeof(*c->v), cmp_row);
		for (size_t i = 1; i < c->n; i++)
			if (strcmp(c->v[i - 1].suffix, c->v[i].suffix) == 0) {
				long a = c->v[i - 1].line, b = c->v[i].line;
				rc = vs_fail(err, VS_EBADVAL, "%s:%ld: suffix '%s' already on line %ld",
					     t.name, a > b ? a : b, c->v[i].suffix, a < b ? a : b);
				break;
			}
	}
	free(data);
	if (rc) {
		clouds_free(c);
		return rc;
	}
	*out = c;
	return VS_OK;
}

static int cmp_key(const void *key, const void *row)
{
	return strcmp(key, ((const struct cloud *)row)->suffix);
}

const struct cloud *cloud_match(const struct clouds *c, const char *dns_name)
{
	if (!c || !c->n || !dns_name)
		return NULL;
	size_t len = strlen(dns_name);
	if (len && dns_name[len - 1] == '.')
		len--; /* the root label: "hik-connect.com." is the same name */
	if (len == 0 || len > VS_MAX_DNS_NAME)
		return NULL;
	char name[VS_MAX_DNS_NAME + 1];
	for (size_t i = 0; i < len; i++) {
		char ch = dns_name[i];
		name[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	name[len] = '\0';
	/* Left to right over label starts: the first hit is the longest suffix. */
	for (size_t start = 0; start < len;) {
		const struct cloud *r = bsearch(name + start, c->v, c->n, sizeof(*c->v), cmp_key);
		if (r)
			return r;
		const char *dot = memchr(name + start, '.', len - start);
		if (!dot)
			break;
		start = (size_t)(dot - name) + 1;
	}
	return NULL;
}
