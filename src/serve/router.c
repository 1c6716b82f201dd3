#include <stdlib.h>
#include <string.h>

#include "serve/serve_int.h"
#include "util/text.h"

void serve_params_release(struct serve_params *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->p[i].value);
	ps->n = 0;
}

const char *serve_params_get(const struct serve_params *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].name, name) == 0)
			return ps->p[i].value;
	return NULL;
}

bool serve_params_add(struct serve_params *ps, const char *name, size_t name_len,
		      const char *value, size_t value_len)
{
	if (ps->n == SERVE_MAX_PARAMS || name_len >= SERVE_MAX_PARAM_NAME)
		return false;
	char *v = str_ndup(value, value_len);
	if (!v)
		return false;
	struct serve_param *p = &ps->p[ps->n++];
	memcpy(p->name, name, name_len);
	p->name[name_len] = 0;
	p->value = v;
	return true;
}

/* Does path match pattern, segment by segment? A "{name}" segment matches
 * any one non-empty segment and is captured; everything else is literal. */
static bool match(const char *pattern, const char *path, struct serve_params *caps)
{
	size_t first = caps->n;
	const char *p = pattern, *q = path;
	while (*p && *q) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg_end = strchr(q, '/');
			size_t seg = seg_end ? (size_t)(seg_end - q) : strlen(q);
			if (!close || seg == 0 ||
			    !serve_params_add(caps, p + 1, (size_t)(close - p - 1), q, seg))
				goto no;
			p = close + 1;
			q += seg;
			continue;
		}
		if (*p != *q)
			goto no;
		p++, q++;
	}
	if (*p == 0 && *q == 0)
		return true;
no:
	while (caps->n > first) {
		caps->n--;
		free(caps->p[caps->n].value);
	}
	return false;
}

const struct serve_route *serve_route_find(const struct serve_route *const *tables,
					   const char *method, const char *path,
					   struct serve_params *caps, bool *path_known)
{
	*path_known = false;
	for (size_t t = 0; tables[t]; t++) {
		for (const struct serve_route *r = tables[t]; r->pattern; r++) {
			if (!match(r->pattern, path, caps))
				continue;
			/* HEAD is answered as GET (libmicrohttpd drops the body). */
			if (strcmp(r->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				return r;
			*path_known = true;
			serve_params_release(caps);
		}
	}
	return NULL;
}
