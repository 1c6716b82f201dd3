/*
 * Package lists from Linux machines, one package per line, fields separated
 * by TAB, as these commands write them:
 *
 *   dpkg-query -W                                   NAME TAB VERSION
 *   dpkg-query -W -f='${Package}\t${Version}\t${Maintainer}\n'
 *                                                   NAME TAB VERSION TAB MAINTAINER
 *   rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n'
 *                                                   NAME TAB VERSION TAB VENDOR
 *
 * dpkg-query(1) prints an empty VERSION for a package it knows but that is
 * not installed; rpm prints "(none)" for a tag the package lacks. A
 * Maintainer is "Name <address>" (deb-control(5)); its name is the
 * publisher. NAME never holds a space in either system.
 *
 * Lines end in LF; a CR before it (a list that passed through Windows) is
 * dropped and empty lines are skipped. Every line of a file has the same
 * number of fields as its first: a change means two outputs were joined.
 * Text must be UTF-8 (both tools write it) without control bytes other than
 * TAB: anything else is not their output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/software_int.h"
#include "util/cur.h"
#include "util/limits.h"
#include "util/text.h"

static const char *command_for(enum software_format f)
{
	return f == SW_FORMAT_RPM ? "rpm -qa --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\n'"
				  : "dpkg-query -W -f='${Package}\\t${Version}\\t${Maintainer}\\n'";
}

static enum vs_err check_bytes(const struct sw_sink *s, long line, struct slice l, struct vs_error *err)
{
	for (size_t i = 0; i < l.len; i++) {
		uint8_t ch = l.p[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: control byte 0x%02X at column %zu: not %s output", s->name,
				       line, ch, i + 1, software_format_name(s->fmt));
	}
	size_t bad;
	if (!utf8_valid(l.p, l.len, &bad))
		return vs_fail(err, VS_EBADVAL, "%s:%ld: not UTF-8 (byte 0x%02X at column %zu)", s->name, line,
			       l.p[bad], bad + 1);
	return VS_OK;
}

enum vs_err sw_lines_import(const struct sw_sink *s, const uint8_t *data, size_t len, struct vs_error *err)
{
	char a[128];
	struct cur c = cur_make(data, len);
	if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
		return vs_fail(err, VS_EBADVAL, "%s:1: UTF-16 text; save it as UTF-8", s->name);
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&c, 3);
	size_t want = 0; /* fields per line, from the first */
	long want_line = 0;
	enum vs_err e = VS_OK;
	for (long line = 1; e == VS_OK && !cur_eof(&c); line++) {
		bool nl;
		struct slice l = cur_until(&c, '\n', &nl);
		if (l.len > VS_MAX_SOFTWARE_LINE)
			return vs_fail(err, VS_ETOOBIG, "%s:%ld: line longer than %d bytes (VS_MAX_SOFTWARE_LINE)",
				       s->name, line, VS_MAX_SOFTWARE_LINE);
		if (l.len > 0 && l.p[l.len - 1] == '\r')
			l.len--;
		if (l.len == 0)
			continue;
		if ((e = check_bytes(s, line, l, err)) != VS_OK)
			break;
		struct cur lc = cur_make(l.p, l.len);
		struct slice f[4];
		size_t n = 0;
		bool tab = true;
		while (n < 4 && tab)
			f[n++] = cur_until(&lc, '\t', &tab);
		if (n < 2)
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: no TAB: expected NAME<TAB>VERSION[<TAB>%s], as %s writes it",
				       s->name, line, s->fmt == SW_FORMAT_RPM ? "VENDOR" : "MAINTAINER",
				       command_for(s->fmt));
		if (n > 3)
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: more than 3 TAB-separated fields: expected NAME<TAB>VERSION[<TAB>%s]",
				       s->name, line, s->fmt == SW_FORMAT_RPM ? "VENDOR" : "MAINTAINER");
		if (!want) {
			want = n;
			want_line = line;
		} else if (n != want) {
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: %zu fields, but line %ld has %zu (two different outputs joined?)",
				       s->name, line, n, want_line, want);
		}
		char *name = str_trim_dup((const char *)f[0].p, f[0].len);
		if (!name)
			return vs_fail(err, VS_ENOMEM, "%s:%ld: out of memory", s->name, line);
		bool empty = !name[0], space = strchr(name, ' ') != NULL;
		free(name);
		if (empty)
			return vs_fail(err, VS_EBADVAL, "%s:%ld: no package name before the first TAB", s->name,
				       line);
		if (space)
			return vs_fail(err, VS_EBADVAL,
				       "%s:%ld: package name \"%s\" has a space; %s names have none (is this "
				       "`dpkg -l` or `rpm -qi` output? use %s)",
				       s->name, line, sw_shown(a, sizeof(a), f[0].p, f[0].len),
				       software_format_name(s->fmt), command_for(s->fmt));
		struct slice who = {NULL, 0};
		if (n == 3) {
			who = f[2];
			if (s->fmt == SW_FORMAT_RPM) {
				/* rpm's text for a tag the package does not have. */
				if (slice_eq(who, "(none)"))
					who.p = NULL, who.len = 0;
			} else {
				who = sw_publisher_name(who);
			}
		}
		e = sw_emit(s, line, f[0], who, f[1], err);
	}
	return e;
}
