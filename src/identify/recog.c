#include "identify/recog.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <expat.h>
#include <pcre2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/limits.h"
#include "util/text.h"

/* The databases a passive capture has banners for. */
static const char *const wanted[] = {
	"http_header.server", "http_header.wwwauth", "html_title", "rtsp_header.server",
	"sip_header.user_agent", "sip_header.server", "snmp.sys_description",
	"snmp.sys_object_id", "dhcp_vendor_class", "x509.subject", "x509.issuer",
};

struct fp_param {
	int pos;
	char *name, *value; /* value NULL for pos > 0 (a capture group) */
};

struct fingerprint {
	const char *matches; /* the database's key, shared */
	pcre2_code *re;
	char *description;
	char where[96];
	struct fp_param params[RECOG_MAX_PARAMS];
	size_t n_params;
};

struct recog {
	struct fingerprint *fp;
	size_t n, alloc;
	char *keys[sizeof(wanted) / sizeof(wanted[0])]; /* interned `matches` values */
	pcre2_match_data *md;
};

void recog_free(struct recog *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct fingerprint *f = &r->fp[i];
		pcre2_code_free(f->re);
		free(f->description);
		for (size_t k = 0; k < f->n_params; k++) {
			free(f->params[k].name);
			free(f->params[k].value);
		}
	}
	free(r->fp);
	for (size_t i = 0; i < sizeof(r->keys) / sizeof(r->keys[0]); i++)
		free(r->keys[i]);
	pcre2_match_data_free(r->md);
	free(r);
}

/* ---- one XML file ---- */

struct load {
	struct recog *r;
	struct recog_stats *stats;
	XML_Parser xp;
	const char *file; /* base name, for messages */
	const char *key;  /* this file's database key; NULL: not wanted, skip it all */
	struct fingerprint cur;
	bool in_fp, in_descr, bad_pattern;
	struct strbuf descr;
	enum vs_err rc;
	struct vs_error *err;
};

static const char *attr(const XML_Char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

static void stop(struct load *l, enum vs_err code, const char *what)
{
	if (!l->rc)
		l->rc = vs_fail(l->err, code, "%s:%lu: %s", l->file,
				(unsigned long)XML_GetCurrentLineNumber(l->xp), what);
	XML_StopParser(l->xp, XML_FALSE);
}

static uint32_t pcre_flags(const char *flags)
{
	uint32_t f = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	if (flags && strstr(flags, "REG_ICASE"))
		f |= PCRE2_CASELESS;
	if (flags && strstr(flags, "REG_MULTILINE"))
		f |= PCRE2_MULTILINE;
	if (flags && strstr(flags, "REG_DOT_NEWLINE"))
		f |= PCRE2_DOTALL;
	return f;
}

static void release_cur(struct fingerprint *f)
{
	pcre2_code_free(f->re);
	free(f->description);
	for (size_t k = 0; k < f->n_params; k++) {
		free(f->params[k].name);
		free(f->params[k].value);
	}
	memset(f, 0, sizeof(*f));
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct load *l = ud;
	if (strcmp(name, "fingerprints") == 0) {
		const char *m = attr(a, "matches");
		for (size_t i = 0; m && i < sizeof(wanted) / sizeof(wanted[0]); i++)
			if (strcmp(m, wanted[i]) == 0) {
				if (!l->r->keys[i] && !(l->r->keys[i] = str_dup_or_null(m)))
					return stop(l, VS_ENOMEM, "out of memory");
				l->key = l->r->keys[i];
			}
		if (!l->key)
			XML_StopParser(l->xp, XML_FALSE); /* a database for banners we never see */
		return;
	}
	if (!l->key)
		return;
	if (strcmp(name, "fingerprint") == 0) {
		const char *pat = attr(a, "pattern");
		if (!pat)
			return stop(l, VS_EBADVAL, "fingerprint without a pattern");
		memset(&l->cur, 0, sizeof(l->cur));
		l->in_fp = true;
		l->bad_pattern = false;
		int code;
		PCRE2_SIZE at;
		l->cur.re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
					  pcre_flags(attr(a, "flags")), &code, &at, NULL);
		if (!l->cur.re)
			l->bad_pattern = true;
		l->cur.matches = l->key;
		snprintf(l->cur.where, sizeof(l->cur.where), "%s:%lu", l->file,
			 (unsigned long)XML_GetCurrentLineNumber(l->xp));
	} else if (l->in_fp && strcmp(name, "description") == 0) {
		l->in_descr = true;
		strbuf_reset(&l->descr);
	} else if (l->in_fp && strcmp(name, "param") == 0) {
		const char *pos = attr(a, "pos"), *pname = attr(a, "name"), *val = attr(a, "value");
		if (!pos || !pname)
			return stop(l, VS_EBADVAL, "param without pos or name");
		if (l->cur.n_params >= RECOG_MAX_PARAMS)
			return; /* the facts past the limit are not kept */
		struct fp_param *p = &l->cur.params[l->cur.n_params];
		p->pos = atoi(pos);
		if (p->pos < 0 || p->pos > 32)
			return stop(l, VS_EBADVAL, "param pos out of range");
		p->name = str_dup_or_null(pname);
		p->value = p->pos == 0 ? str_dup_or_null(val ? val : "") : NULL;
		l->cur.n_params++;
		if (!p->name || (p->pos == 0 && !p->value))
			return stop(l, VS_ENOMEM, "out of memory");
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct load *l = ud;
	if (!l->key)
		return;
	if (strcmp(name, "description") == 0 && l->in_descr) {
		l->in_descr = false;
		free(l->cur.description);
		l->cur.description = str_trim_dup(strbuf_str(&l->descr), l->descr.len);
		if (!l->cur.description)
			stop(l, VS_ENOMEM, "out of memory");
	} else if (strcmp(name, "fingerprint") == 0 && l->in_fp) {
		l->in_fp = false;
		struct recog *r = l->r;
		if (l->bad_pattern) {
			l->stats->skipped++;
			release_cur(&l->cur);
			return;
		}
		if (r->n == r->alloc) {
			size_t n = r->alloc ? r->alloc * 2 : 256;
			struct fingerprint *p = realloc(r->fp, n * sizeof(*p));
			if (!p) {
				release_cur(&l->cur);
				return stop(l, VS_ENOMEM, "out of memory");
			}
			r->fp = p;
			r->alloc = n;
		}
		r->fp[r->n++] = l->cur;
		memset(&l->cur, 0, sizeof(l->cur));
		l->stats->fingerprints++;
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct load *l = ud;
	if (l->in_descr && len > 0 && l->descr.len < 1024)
		strbuf_add(&l->descr, s, (size_t)len);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	stop(ud, VS_EBADVAL, "a DOCTYPE is not accepted in a Recog file");
}

static enum vs_err load_file(struct recog *r, const char *path, const char *base,
			     struct recog_stats *stats, struct vs_error *err)
{
	uint8_t *data;
	size_t n;
	enum vs_err rc = file_read_all(path, VS_MAX_KB_FILE, &data, &n, err);
	if (rc)
		return rc;
	if (n > INT_MAX) { /* XML_Parse takes an int length */
		free(data);
		return vs_fail(err, VS_ETOOBIG, "%s: over %d bytes", path, INT_MAX);
	}
	char *buf = (char *)data;
	struct load l = {.r = r, .stats = stats, .file = base, .err = err};
	l.xp = XML_ParserCreate("UTF-8");
	if (!l.xp) {
		free(buf);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	XML_SetUserData(l.xp, &l);
	XML_SetElementHandler(l.xp, on_start, on_end);
	XML_SetCharacterDataHandler(l.xp, on_text);
	XML_SetStartDoctypeDeclHandler(l.xp, on_doctype);
	enum XML_Status st = XML_Parse(l.xp, buf, (int)n, XML_TRUE);
	if (st == XML_STATUS_ERROR && !l.rc && XML_GetErrorCode(l.xp) != XML_ERROR_ABORTED)
		l.rc = vs_fail(err, VS_EBADVAL, "%s:%lu: %s", base,
			       (unsigned long)XML_GetCurrentLineNumber(l.xp),
			       XML_ErrorString(XML_GetErrorCode(l.xp)));
	if (l.key)
		stats->files++;
	release_cur(&l.cur);
	strbuf_release(&l.descr);
	XML_ParserFree(l.xp);
	free(buf);
	return l.rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum vs_err recog_load(const char *dir, struct recog **out, struct recog_stats *stats,
		       struct vs_error *err)
{
	*out = NULL;
	memset(stats, 0, sizeof(*stats));
	DIR *d = opendir(dir);
	if (!d)
		return vs_fail(err, VS_ENOTFOUND, "%s: no such directory of Recog XML files", dir);
	char **names = NULL;
	size_t n = 0, alloc = 0;
	enum vs_err rc = VS_OK;
	struct dirent *e;
	while (!rc && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			char **p = realloc(names, alloc * sizeof(*p));
			if (!p) {
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
				break;
			}
			names = p;
		}
		if (!(names[n] = str_dup_or_null(e->d_name)))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
		else
			n++;
	}
	closedir(d);
	struct recog *r = rc ? NULL : calloc(1, sizeof(*r));
	if (!rc && !r)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc) {
		/* Name order: the first matching fingerprint wins, so the order is fixed. */
		qsort(names, n, sizeof(*names), name_cmp);
		for (size_t i = 0; !rc && i < n; i++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			rc = load_file(r, path, names[i], stats, err);
		}
	}
	if (!rc && !(r->md = pcre2_match_data_create(33, NULL)))
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc && stats->files == 0)
		rc = vs_fail(err, VS_ENOTFOUND, "%s: no Recog database for the banners a capture sees "
						"(http_servers.xml, rtsp_servers.xml, …)", dir);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc) {
		recog_free(r);
		return rc;
	}
	*out = r;
	return VS_OK;
}

bool recog_match(const struct recog *r, const char *matches, const char *text,
		 struct recog_match *m)
{
	if (!r)
		return false;
	size_t len = strlen(text);
	for (size_t i = 0; i < r->n; i++) {
		const struct fingerprint *f = &r->fp[i];
		if (strcmp(f->matches, matches) != 0)
			continue;
		int rc = pcre2_match(f->re, (PCRE2_SPTR)text, len, 0, 0, r->md, NULL);
		if (rc < 0)
			continue;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
		memset(m, 0, sizeof(*m));
		m->description = f->description ? f->description : "";
		m->where = f->where;
		for (size_t k = 0; k < f->n_params; k++) {
			const struct fp_param *p = &f->params[k];
			struct recog_param *q = &m->params[m->n_params];
			if (p->pos == 0) {
				snprintf(q->value, sizeof(q->value), "%s", p->value);
			} else if (p->pos < rc && ov[2 * p->pos] != PCRE2_UNSET) {
				size_t s = ov[2 * p->pos], e = ov[2 * p->pos + 1];
				size_t n = e - s < sizeof(q->value) - 1 ? e - s : sizeof(q->value) - 1;
				memcpy(q->value, text + s, n);
				q->value[n] = '\0';
			} else {
				continue;
			}
			if (!q->value[0])
				continue;
			q->name = p->name;
			m->n_params++;
		}
		return true;
	}
	return false;
}

const char *recog_param(const struct recog_match *m, const char *name)
{
	for (size_t i = 0; i < m->n_params; i++)
		if (strcmp(m->params[i].name, name) == 0)
			return m->params[i].value;
	return NULL;
}
