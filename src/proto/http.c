/*
 * RFC 9112 section 2-5: message head.
 *   request-line = method SP request-target SP HTTP-version CRLF
 *   status-line  = HTTP-version SP status-code SP [ reason-phrase ] CRLF
 *   field-line   = field-name ":" OWS field-value OWS CRLF
 *   empty line ends the head.
 * Bare LF is accepted as a line end (section 2.2); an obs-fold continuation
 * line (leading SP/HTAB) extends the previous value, which stays one
 * contiguous slice because it is contiguous in the packet.
 * RFC 9110 section 11.6.1: WWW-Authenticate = scheme auth-params, realm is
 * a quoted-string or token. Version names: RTSP/1.0 (RFC 2326), SIP/2.0.
 */
#include "proto/http.h"
#include "proto/pcur.h"

#include <string.h>

static bool lower_eq(uint8_t a, uint8_t b)
{
	if (a >= 'A' && a <= 'Z')
		a = (uint8_t)(a + 32);
	if (b >= 'A' && b <= 'Z')
		b = (uint8_t)(b + 32);
	return a == b;
}

bool proto_slice_ieq(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!lower_eq(s.p[i], (uint8_t)lit[i]))
			return false;
	return true;
}

static struct slice trim(struct slice s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t' || s.p[s.len - 1] == '\r'))
		s.len--;
	return s;
}

/* One line without its CR LF; found is false when no LF ended it. */
static struct slice line(struct cur *c, bool *found)
{
	struct slice s = cur_until(c, '\n', found);
	if (s.len && s.p[s.len - 1] == '\r')
		s.len--;
	return s;
}

static bool is_version(struct slice s)
{
	/* "HTTP/", "RTSP/", "SIP/" followed by digit.digit */
	const char *names[] = {"HTTP/", "RTSP/", "SIP/"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(names[i]);
		if (s.len == k + 3 && memcmp(s.p, names[i], k) == 0 && s.p[k] >= '0' &&
		    s.p[k] <= '9' && s.p[k + 1] == '.' && s.p[k + 2] >= '0' && s.p[k + 2] <= '9')
			return true;
	}
	return false;
}

static struct slice word(struct cur *c)
{
	bool found;
	return cur_until(c, ' ', &found);
}

static enum vs_err start_line(struct slice l, struct proto_http *out)
{
	struct cur c = cur_make(l.p, l.len);
	struct slice a = word(&c);
	if (is_version(a)) {
		out->response = true;
		out->version = a;
		struct slice code = word(&c);
		if (code.len != 3)
			return VS_EBADVAL;
		int v = 0;
		for (size_t i = 0; i < 3; i++) {
			if (code.p[i] < '0' || code.p[i] > '9')
				return VS_EBADVAL;
			v = v * 10 + (code.p[i] - '0');
		}
		if (v < 100)
			return VS_EBADVAL;
		out->status = v;
		out->reason = cur_rest(&c);
		return VS_OK;
	}
	if (a.len == 0)
		return VS_EBADVAL;
	for (size_t i = 0; i < a.len; i++)
		if (a.p[i] < 'A' || a.p[i] > 'Z') {
			if (a.p[i] != '-' && a.p[i] != '_')
				return VS_EBADVAL; /* methods are tokens; real ones are upper case */
		}
	out->method = a;
	out->target = word(&c);
	out->version = cur_rest(&c);
	if (out->target.len == 0 || !is_version(out->version))
		return VS_EBADVAL;
	return VS_OK;
}

enum vs_err proto_http_parse(const uint8_t *p, size_t n, struct proto_http *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	bool found;
	struct slice l = line(&c, &found);
	if (!found && l.len < 8)
		return VS_ETRUNC;
	enum vs_err e = start_line(l, out);
	if (e != VS_OK)
		return e;
	if (!found)
		return VS_ETRUNC;
	while (!cur_eof(&c)) {
		if (c.off > PROTO_HTTP_MAX_HEAD)
			return VS_ETOOBIG;
		size_t at = c.off;
		l = line(&c, &found);
		if (!found)
			return VS_ETRUNC; /* a header cut by the segment end is not kept */
		if (l.len == 0) {
			out->complete = true;
			out->body = cur_rest(&c);
			return VS_OK;
		}
		if (l.p[0] == ' ' || l.p[0] == '\t') {
			if (out->n_headers == 0)
				return VS_EBADVAL;
			struct proto_http_header *h = &out->h[out->n_headers - 1];
			if (h->value.p == NULL)
				h->value.p = p + at;
			h->value.len = (size_t)(l.p + l.len - h->value.p);
			h->value = trim(h->value);
			continue;
		}
		const uint8_t *colon = memchr(l.p, ':', l.len);
		if (colon == NULL || colon == l.p)
			return VS_EBADVAL;
		if (out->n_headers == PROTO_HTTP_MAX_HEADERS) {
			out->dropped++;
			continue;
		}
		struct proto_http_header *h = &out->h[out->n_headers++];
		h->name.p = l.p;
		h->name.len = (size_t)(colon - l.p);
		h->name = trim(h->name);
		h->value.p = colon + 1;
		h->value.len = (size_t)(l.p + l.len - (colon + 1));
		h->value = trim(h->value);
	}
	return VS_ETRUNC;
}

struct slice proto_http_header(const struct proto_http *m, const char *name)
{
	for (unsigned i = 0; i < m->n_headers; i++)
		if (proto_slice_ieq(m->h[i].name, name))
			return m->h[i].value;
	return (struct slice){NULL, 0};
}

/* Case-insensitive search for a literal in a slice; offset or SIZE_MAX. */
static size_t ifind(struct slice s, size_t from, const char *lit)
{
	size_t k = strlen(lit);
	if (k == 0 || s.len < k)
		return SIZE_MAX;
	for (size_t i = from; i + k <= s.len; i++) {
		size_t j = 0;
		while (j < k && lower_eq(s.p[i + j], (uint8_t)lit[j]))
			j++;
		if (j == k)
			return i;
	}
	return SIZE_MAX;
}

struct slice proto_http_auth_realm(struct slice v)
{
	struct slice none = {NULL, 0};
	size_t at = ifind(v, 0, "realm=");
	/* "realm" must start a parameter, not end another one (e.g. "xrealm="). */
	while (at != SIZE_MAX && at > 0 && v.p[at - 1] != ' ' && v.p[at - 1] != ',' && v.p[at - 1] != '\t')
		at = ifind(v, at + 1, "realm=");
	if (at == SIZE_MAX)
		return none;
	struct cur c = cur_make(v.p, v.len);
	cur_skip(&c, at + 6);
	bool found;
	if (cur_peek(&c) == '"') {
		cur_skip(&c, 1);
		struct slice r = cur_until(&c, '"', &found);
		return found ? r : none;
	}
	struct slice r = cur_until(&c, ',', &found);
	return trim(r);
}

struct slice proto_http_title(struct slice body)
{
	struct slice none = {NULL, 0};
	if (body.len > PROTO_HTTP_TITLE_WINDOW)
		body.len = PROTO_HTTP_TITLE_WINDOW;
	size_t at = ifind(body, 0, "<title");
	if (at == SIZE_MAX)
		return none;
	const uint8_t *gt = memchr(body.p + at, '>', body.len - at);
	if (gt == NULL)
		return none;
	size_t start = (size_t)(gt - body.p) + 1;
	size_t end = ifind(body, start, "</title");
	if (end == SIZE_MAX)
		return none;
	struct slice t = {body.p + start, end - start};
	while (t.len && (t.p[0] == ' ' || t.p[0] == '\t' || t.p[0] == '\r' || t.p[0] == '\n')) {
		t.p++;
		t.len--;
	}
	while (t.len && (t.p[t.len - 1] == ' ' || t.p[t.len - 1] == '\t' || t.p[t.len - 1] == '\r' ||
			 t.p[t.len - 1] == '\n'))
		t.len--;
	return t;
}
