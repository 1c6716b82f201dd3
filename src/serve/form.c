/*
 * application/x-www-form-urlencoded (HTML 5.2, 4.10.21.6; the WHATWG URL
 * standard's application/x-www-form-urlencoded parser) and the Cookie
 * header (RFC 6265 5.4: "name=value" pairs joined by "; "). Both come from
 * the client: read through the byte cursor, every escape checked.
 */
#include <string.h>

#include "serve/serve_int.h"
#include "util/cur.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Decode one name or value (the bytes up to '&', '=' or the end) into out. */
static bool decode(struct cur *c, bool stop_at_eq, struct strbuf *out)
{
	strbuf_reset(out);
	while (!cur_eof(c)) {
		uint8_t b = c->p[c->off];
		if (b == '&' || (stop_at_eq && b == '='))
			break;
		c->off++;
		if (b == '+') {
			b = ' ';
		} else if (b == '%') {
			int hi = cur_left(c) >= 2 ? text_hex_value(c->p[c->off]) : -1;
			int lo = hi >= 0 ? text_hex_value(c->p[c->off + 1]) : -1;
			if (lo < 0)
				return false;
			c->off += 2;
			b = (uint8_t)(hi << 4 | lo);
		}
		if (b == 0)
			return false;
		strbuf_addch(out, (char)b);
	}
	return !out->failed && utf8_valid((const uint8_t *)strbuf_str(out), out->len, NULL);
}

enum vs_err serve_form_parse(const char *body, size_t len, struct serve_params *ps,
			     struct vs_error *err)
{
	struct cur c = cur_make(body, len);
	struct strbuf name = STRBUF_INIT, value = STRBUF_INIT;
	enum vs_err rc = VS_OK;
	while (!cur_eof(&c)) {
		if (!decode(&c, true, &name)) {
			rc = vs_fail(err, VS_EBADVAL, "form: a bad %%-escape or byte in a name");
			break;
		}
		strbuf_reset(&value);
		if (!cur_eof(&c) && c.p[c.off] == '=') {
			c.off++;
			if (!decode(&c, false, &value)) {
				rc = vs_fail(err, VS_EBADVAL, "form: a bad %%-escape or byte in a value");
				break;
			}
		}
		if (!cur_eof(&c))
			c.off++; /* the '&' */
		if (name.len == 0)
			continue; /* "a=1&&b=2" */
		if (!serve_params_add(ps, strbuf_str(&name), name.len, strbuf_str(&value), value.len)) {
			rc = vs_fail(err, VS_ETOOBIG, "form: more than %d fields or a name over %d bytes",
				     SERVE_MAX_PARAMS, SERVE_MAX_PARAM_NAME - 1);
			break;
		}
	}
	strbuf_release(&name);
	strbuf_release(&value);
	return rc;
}

bool serve_cookie_get(const char *header, const char *name, char *out, size_t out_size)
{
	if (!header || out_size == 0)
		return false;
	size_t name_len = strlen(name);
	struct cur c = cur_make(header, strlen(header));
	while (!cur_eof(&c)) {
		while (!cur_eof(&c) && (c.p[c.off] == ' ' || c.p[c.off] == ';'))
			c.off++;
		size_t start = c.off;
		while (!cur_eof(&c) && c.p[c.off] != ';')
			c.off++;
		size_t pair = c.off - start;
		const char *s = (const char *)c.p + start;
		if (pair > name_len && memcmp(s, name, name_len) == 0 && s[name_len] == '=') {
			size_t vlen = pair - name_len - 1;
			while (vlen && s[name_len + vlen] == ' ')
				vlen--; /* trailing spaces before the next ';' */
			if (vlen >= out_size)
				return false;
			memcpy(out, s + name_len + 1, vlen);
			out[vlen] = 0;
			return true;
		}
	}
	return false;
}
