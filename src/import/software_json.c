/*
 * Software lists in JSON, through jansson (RFC 8259; its parser bounds
 * nesting at JSON_PARSER_MAX_DEPTH, duplicate keys are refused so a document
 * cannot say two things about one field):
 *
 *  winget export (schema https://aka.ms/winget-packages.schema.2.0.json):
 *    { "$schema": …, "Sources": [ { "Packages": [ { "PackageIdentifier":
 *      "Tencent.WeChat", "Version": "3.9.12" }, … ], "SourceDetails": {…} } ] }
 *  CycloneDX 1.2-1.6 JSON (https://cyclonedx.org/docs/1.6/json/):
 *    { "bomFormat": "CycloneDX", "specVersion": "1.6", "components": [ { "type",
 *      "name", "version", "group", "publisher", "author", "authors": [{name}],
 *      "supplier": {name}, "manufacturer": {name}, "components": [ … ] } ] }
 *  SPDX 2.2/2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/):
 *    { "spdxVersion": "SPDX-2.3", "packages": [ { "name", "versionInfo",
 *      "supplier": "Organization: X", "originator": "Person: Y (y@x)" } ] }
 *
 * What becomes of each member is in software.h. Members we read must have the
 * type the spec gives them (null counts as absent); members we do not read
 * are not looked at, so extensions and newer spec versions pass.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "import/software_int.h"
#include "util/limits.h"
#include "util/strbuf.h"

struct walk {
	struct sw_sink sink; /* fmt: the format found */
	struct strbuf path;  /* "$.components[3]" of the element being read */
	long ordinal;        /* elements read so far: the record's line */
	struct vs_error *err;
};

static enum vs_err wfail(struct walk *w, enum vs_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "FILE: $.path: reason" */
static enum vs_err wfail(struct walk *w, enum vs_err code, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (w->path.failed)
		return vs_fail(w->err, VS_ENOMEM, "%s: out of memory", w->sink.name);
	return vs_fail(w->err, code, "%s: %s: %s", w->sink.name, strbuf_str(&w->path), why);
}

/* Extend the path; the returned length puts it back (pop). */
static size_t push(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t push(struct walk *w, const char *fmt, ...)
{
	size_t at = w->path.len;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&w->path, fmt, ap);
	va_end(ap);
	return at;
}

static void pop(struct walk *w, size_t at)
{
	if (!w->path.failed && at <= w->path.len) {
		w->path.len = at;
		w->path.buf[at] = '\0';
	}
}

static bool blank(struct slice s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\r' && s.p[i] != '\n')
			return false;
	return true;
}

/* obj[key] as a string slice: {NULL,0} when absent or null; an error when
 * another type or longer than VS_MAX_SOFTWARE_FIELD. */
static enum vs_err get_str(struct walk *w, const json_t *obj, const char *key, struct slice *out)
{
	out->p = NULL;
	out->len = 0;
	const json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return VS_OK;
	size_t at = push(w, ".%s", key);
	enum vs_err e = VS_OK;
	if (!json_is_string(v))
		e = wfail(w, VS_EBADVAL, "not a string");
	else if (json_string_length(v) > VS_MAX_SOFTWARE_FIELD)
		e = wfail(w, VS_ETOOBIG, "%zu bytes, longer than %d (VS_MAX_SOFTWARE_FIELD)",
			  json_string_length(v), VS_MAX_SOFTWARE_FIELD);
	else
		out->p = (const uint8_t *)json_string_value(v), out->len = json_string_length(v);
	pop(w, at);
	return e;
}

/* obj[key] that must be a non-blank string. */
static enum vs_err get_required(struct walk *w, const json_t *obj, const char *key, struct slice *out)
{
	enum vs_err e = get_str(w, obj, key, out);
	if (e == VS_OK && (!out->p || blank(*out))) {
		size_t at = push(w, ".%s", key);
		e = wfail(w, VS_EBADVAL, out->p ? "empty" : "missing");
		pop(w, at);
	}
	return e;
}

/* obj[key] as an object (NULL when absent or null), an error for another type. */
static enum vs_err get_obj(struct walk *w, const json_t *obj, const char *key, const json_t **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return VS_OK;
	if (json_is_object(v)) {
		*out = v;
		return VS_OK;
	}
	size_t at = push(w, ".%s", key);
	enum vs_err e = wfail(w, VS_EBADVAL, "not an object");
	pop(w, at);
	return e;
}

/* obj[key] as an array (NULL when absent or null, unless required). */
static enum vs_err get_arr(struct walk *w, const json_t *obj, const char *key, bool required,
			   const json_t **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	enum vs_err e = VS_OK;
	size_t at = push(w, ".%s", key);
	if (!v || json_is_null(v)) {
		if (required)
			e = wfail(w, VS_EBADVAL, "missing");
	} else if (!json_is_array(v)) {
		e = wfail(w, VS_EBADVAL, "not an array");
	} else {
		*out = v;
	}
	pop(w, at);
	return e;
}

static enum vs_err need_object(struct walk *w, const json_t *v)
{
	return json_is_object(v) ? VS_OK : wfail(w, VS_EBADVAL, "not an object");
}

static enum vs_err emit(struct walk *w, struct slice product, struct slice publisher, struct slice version)
{
	return sw_emit(&w->sink, w->ordinal, product, publisher, version, w->err);
}

/* --- winget --- */

static enum vs_err winget_package(struct walk *w, const json_t *pkg)
{
	char a[128];
	struct slice id, version;
	enum vs_err e = need_object(w, pkg);
	if (e == VS_OK)
		e = get_required(w, pkg, "PackageIdentifier", &id);
	if (e == VS_OK)
		e = get_str(w, pkg, "Version", &version);
	if (e != VS_OK)
		return e;
	/* Publisher.Package[.More]: winget's identifier convention; a Store id
	 * ("9NKSQGP7F2NH") has no publisher part. */
	const uint8_t *dot = memchr(id.p, '.', id.len);
	struct slice publisher = {NULL, 0}, product = id;
	if (dot) {
		publisher.p = id.p;
		publisher.len = (size_t)(dot - id.p);
		product.p = dot + 1;
		product.len = id.len - publisher.len - 1;
		if (blank(publisher) || blank(product)) {
			size_t at = push(w, ".PackageIdentifier");
			e = wfail(w, VS_EBADVAL, "\"%s\" is not Publisher.Package",
				  sw_shown(a, sizeof(a), id.p, id.len));
			pop(w, at);
			return e;
		}
	}
	return emit(w, product, publisher, version);
}

static enum vs_err winget(struct walk *w, const json_t *root)
{
	const json_t *sources, *packages;
	enum vs_err e = get_arr(w, root, "Sources", true, &sources);
	for (size_t i = 0; e == VS_OK && i < json_array_size(sources); i++) {
		const json_t *src = json_array_get(sources, i);
		size_t at = push(w, ".Sources[%zu]", i);
		e = need_object(w, src);
		if (e == VS_OK)
			e = get_arr(w, src, "Packages", true, &packages);
		for (size_t j = 0; e == VS_OK && j < json_array_size(packages); j++) {
			size_t at2 = push(w, ".Packages[%zu]", j);
			w->ordinal++;
			e = winget_package(w, json_array_get(packages, j));
			pop(w, at2);
		}
		pop(w, at);
	}
	return e;
}

/* --- CycloneDX --- */

/* The name member of an organizational entity / contact (supplier,
 * manufacturer, authors[i]). */
static enum vs_err entity_name(struct walk *w, const json_t *obj, const char *key, struct slice *out)
{
	const json_t *ent;
	out->p = NULL;
	out->len = 0;
	enum vs_err e = get_obj(w, obj, key, &ent);
	if (e == VS_OK && ent) {
		size_t at = push(w, ".%s", key);
		e = get_str(w, ent, "name", out);
		pop(w, at);
	}
	return e;
}

static enum vs_err cdx_components(struct walk *w, const json_t *list, int depth);

static enum vs_err cdx_component(struct walk *w, const json_t *comp, int depth)
{
	/* Publisher candidates, most specific first (software.h). */
	struct slice type, name, version, cand[6];
	const json_t *authors, *nested;
	enum vs_err e = need_object(w, comp);
	if (e == VS_OK)
		e = get_str(w, comp, "type", &type);
	if (e == VS_OK)
		e = get_required(w, comp, "name", &name);
	if (e == VS_OK)
		e = get_str(w, comp, "version", &version);
	if (e == VS_OK)
		e = get_str(w, comp, "publisher", &cand[0]);
	if (e == VS_OK)
		e = entity_name(w, comp, "supplier", &cand[1]);
	if (e == VS_OK)
		e = entity_name(w, comp, "manufacturer", &cand[2]);
	if (e == VS_OK)
		e = get_str(w, comp, "author", &cand[3]);
	if (e == VS_OK)
		e = get_arr(w, comp, "authors", false, &authors);
	cand[4].p = NULL, cand[4].len = 0;
	if (e == VS_OK && json_array_size(authors) > 0) {
		size_t at = push(w, ".authors[0]");
		const json_t *first = json_array_get(authors, 0);
		e = need_object(w, first);
		if (e == VS_OK)
			e = get_str(w, first, "name", &cand[4]);
		pop(w, at);
	}
	if (e == VS_OK)
		e = get_str(w, comp, "group", &cand[5]);
	if (e == VS_OK)
		e = get_arr(w, comp, "components", false, &nested);
	if (e != VS_OK)
		return e;
	struct slice publisher = {NULL, 0};
	for (size_t i = 0; i < 6 && !publisher.p; i++)
		if (cand[i].p && !blank(cand[i]))
			publisher = cand[i];
	/* A file is part of a program, not one (syft lists every file it saw). */
	if (!slice_eq(type, "file"))
		e = emit(w, name, publisher, version);
	if (e == VS_OK && nested) {
		size_t at = push(w, ".components");
		e = cdx_components(w, nested, depth + 1);
		pop(w, at);
	}
	return e;
}

static enum vs_err cdx_components(struct walk *w, const json_t *list, int depth)
{
	if (depth > VS_MAX_SBOM_DEPTH)
		return wfail(w, VS_ETOOBIG, "components nested more than %d deep (VS_MAX_SBOM_DEPTH)",
			     VS_MAX_SBOM_DEPTH);
	enum vs_err e = VS_OK;
	for (size_t i = 0; e == VS_OK && i < json_array_size(list); i++) {
		size_t at = push(w, "[%zu]", i);
		w->ordinal++;
		e = cdx_component(w, json_array_get(list, i), depth);
		pop(w, at);
	}
	return e;
}

static enum vs_err cyclonedx(struct walk *w, const json_t *root)
{
	char a[128];
	struct slice fmt;
	const json_t *list;
	enum vs_err e = get_str(w, root, "bomFormat", &fmt);
	if (e == VS_OK && !slice_eq(fmt, "CycloneDX")) {
		size_t at = push(w, ".bomFormat");
		e = fmt.p ? wfail(w, VS_EBADVAL, "\"%s\", not \"CycloneDX\"", sw_shown(a, sizeof(a), fmt.p, fmt.len))
			  : wfail(w, VS_EBADVAL, "missing; a CycloneDX JSON BOM says \"bomFormat\": \"CycloneDX\"");
		pop(w, at);
	}
	if (e == VS_OK)
		e = get_arr(w, root, "components", false, &list);
	if (e == VS_OK && list) {
		size_t at = push(w, ".components");
		e = cdx_components(w, list, 1);
		pop(w, at);
	}
	return e;
}

/* --- SPDX 2 --- */

/* "Organization: X" / "Person: Y (y@x)" / "NOASSERTION" -> the name. */
static struct slice spdx_party(struct slice s)
{
	static const char *const prefixes[] = {"Organization:", "Person:", "Tool:"};
	struct slice none = {NULL, 0};
	if (!s.p || slice_eq(s, "NOASSERTION") || slice_eq(s, "NONE"))
		return none;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t k = strlen(prefixes[i]);
		if (s.len >= k && memcmp(s.p, prefixes[i], k) == 0) {
			s.p += k;
			s.len -= k;
			break;
		}
	}
	while (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t'))
		s.p++, s.len--;
	return sw_publisher_name(s);
}

static enum vs_err spdx(struct walk *w, const json_t *root)
{
	char a[128];
	struct slice ver;
	const json_t *list;
	enum vs_err e = get_str(w, root, "spdxVersion", &ver);
	if (e == VS_OK && !(ver.p && ver.len >= 7 && memcmp(ver.p, "SPDX-2.", 7) == 0)) {
		size_t at = push(w, ".spdxVersion");
		e = ver.p ? wfail(w, VS_EBADVAL, "\"%s\": only SPDX 2.x JSON is read",
				  sw_shown(a, sizeof(a), ver.p, ver.len))
			  : wfail(w, VS_EBADVAL, "missing; an SPDX 2 JSON document has \"spdxVersion\": \"SPDX-2.3\"");
		pop(w, at);
	}
	if (e == VS_OK)
		e = get_arr(w, root, "packages", false, &list);
	for (size_t i = 0; e == VS_OK && i < json_array_size(list); i++) {
		const json_t *pkg = json_array_get(list, i);
		struct slice name, version, supplier, originator;
		size_t at = push(w, ".packages[%zu]", i);
		w->ordinal++;
		e = need_object(w, pkg);
		if (e == VS_OK)
			e = get_required(w, pkg, "name", &name);
		if (e == VS_OK)
			e = get_str(w, pkg, "versionInfo", &version);
		if (e == VS_OK)
			e = get_str(w, pkg, "supplier", &supplier);
		if (e == VS_OK)
			e = get_str(w, pkg, "originator", &originator);
		if (e == VS_OK) {
			/* The supplier is who distributes it (as a Windows publisher
			 * is); the originator, who made it, when no supplier is known. */
			struct slice publisher = spdx_party(supplier);
			if (!publisher.p || blank(publisher))
				publisher = spdx_party(originator);
			e = emit(w, name, publisher, version);
		}
		pop(w, at);
	}
	return e;
}

/* --- the document --- */

static enum software_format which(const json_t *root)
{
	const json_t *bf = json_object_get(root, "bomFormat");
	if (json_is_string(bf) && strcmp(json_string_value(bf), "CycloneDX") == 0)
		return SW_FORMAT_CYCLONEDX;
	if (json_object_get(root, "spdxVersion"))
		return SW_FORMAT_SPDX;
	const json_t *schema = json_object_get(root, "$schema");
	if (json_object_get(root, "Sources") ||
	    (json_is_string(schema) && strstr(json_string_value(schema), "winget")))
		return SW_FORMAT_WINGET;
	return SW_FORMAT_AUTO;
}

enum vs_err sw_json_import(const struct sw_sink *s, const uint8_t *data, size_t len, struct vs_error *err)
{
	if (len > VS_MAX_SOFTWARE_JSON)
		return vs_fail(err, VS_ETOOBIG, "%s: %zu bytes, larger than %d bytes, the limit for JSON "
				"(VS_MAX_SOFTWARE_JSON)", s->name, len, VS_MAX_SOFTWARE_JSON);
	if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
		return vs_fail(err, VS_EBADVAL, "%s: UTF-16 text; save it as UTF-8", s->name);
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		data += 3, len -= 3; /* PowerShell's Out-File writes one; JSON forbids it */
	json_error_t je;
	/* JSON_ALLOW_NUL is left off: "\u0000" inside a name is refused. */
	json_t *root = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return vs_fail(err, VS_EBADVAL, "%s:%d:%d: not valid JSON: %s", s->name, je.line, je.column,
			       je.text);
	struct walk w = {.sink = *s, .path = STRBUF_INIT, .err = err};
	strbuf_addstr(&w.path, "$");
	enum vs_err e = VS_OK;
	if (!json_is_object(root)) {
		e = wfail(&w, VS_EBADVAL, "not an object; expected a winget export, CycloneDX or SPDX document");
	} else {
		if (w.sink.fmt == SW_FORMAT_AUTO)
			w.sink.fmt = which(root);
		switch (w.sink.fmt) {
		case SW_FORMAT_WINGET:
			e = winget(&w, root);
			break;
		case SW_FORMAT_CYCLONEDX:
			e = cyclonedx(&w, root);
			break;
		case SW_FORMAT_SPDX:
			e = spdx(&w, root);
			break;
		default:
			e = wfail(&w, VS_EBADVAL,
				  "JSON, but not a CycloneDX BOM (\"bomFormat\": \"CycloneDX\"), an SPDX 2 document "
				  "(\"spdxVersion\") or a winget export (\"Sources\"); give the format");
			break;
		}
	}
	strbuf_release(&w.path);
	json_decref(root);
	return e;
}
