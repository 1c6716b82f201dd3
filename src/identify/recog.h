/*
 * Rapid7 Recog fingerprints (https://github.com/rapid7/recog, BSD-2-Clause):
 * XML files of regular expressions over banners, each with the facts a
 * match implies (hw.vendor, hw.product, os.vendor, service.product …).
 * vendorscope ships none of them: the user names a directory holding a
 * Recog checkout's xml/ files (`capture --recog DIR`).
 *
 * Only the databases for banners a passive capture sees are loaded (their
 * root's `matches` attribute): http_header.server, http_header.wwwauth,
 * html_title, rtsp_header.server, sip_header.user_agent, sip_header.server,
 * snmp.sys_description, snmp.sys_object_id, dhcp_vendor_class,
 * x509.subject, x509.issuer. Patterns are compiled with PCRE2 (Recog's are
 * Ruby regular expressions; the few PCRE2 refuses are counted and skipped,
 * not fatal). A file that is not well-formed XML fails the load with
 * FILE:LINE; a DOCTYPE is refused (no entity expansion).
 */
#ifndef VS_IDENTIFY_RECOG_H
#define VS_IDENTIFY_RECOG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define RECOG_MAX_PARAMS 16
#define RECOG_VALUE 128

struct recog;

struct recog_stats {
	size_t files, fingerprints, skipped; /* skipped: patterns PCRE2 would not compile */
};

/* Load every *.xml in dir (in name order). VS_ENOTFOUND: no such directory;
 * VS_EBADVAL: malformed XML (FILE:LINE); VS_ETOOBIG: a file over
 * VS_MAX_KB_FILE. */
enum vs_err recog_load(const char *dir, struct recog **out, struct recog_stats *stats,
		       struct vs_error *err);
void recog_free(struct recog *r);

struct recog_param {
	const char *name;        /* "hw.vendor" (points into the database) */
	char value[RECOG_VALUE]; /* a fixed value or the capture group's text, cut to fit */
};

struct recog_match {
	const char *description; /* points into the database */
	const char *where;       /* "http_servers.xml:3067" */
	size_t n_params;
	struct recog_param params[RECOG_MAX_PARAMS];
};

/* The first fingerprint of database `matches` (e.g. "http_header.server")
 * whose pattern matches text; false when none does (or r is NULL). */
bool recog_match(const struct recog *r, const char *matches, const char *text,
		 struct recog_match *m);

/* Value of a parameter of a match; NULL when the match has none. */
const char *recog_param(const struct recog_match *m, const char *name);

#endif
