#include "ingest/sensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/recovered.h"
#include "util/limits.h"
#include "util/strbuf.h"

/* sb without its last '\n' (recovery_add_* end each line with one). */
static size_t line_len(const struct strbuf *sb)
{
	return sb->len && sb->buf[sb->len - 1] == '\n' ? sb->len - 1 : sb->len;
}

enum vs_err ingest_sensor_add(struct store *st, const char *site, const struct recovery_header *h,
			      const struct sighting *devs, size_t n, int64_t *source_id,
			      struct vs_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	recovery_add_header(&sb, h, n);
	if (sb.failed) {
		strbuf_release(&sb);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	enum vs_err rc = store_begin(st, err);
	if (!rc)
		rc = store_sensor_source_add(st, site, sb.buf, line_len(&sb), source_id, err);
	for (size_t i = 0; !rc && i < n; i++) {
		strbuf_reset(&sb);
		recovery_add_device(&sb, &devs[i]);
		rc = sb.failed ? vs_fail(err, VS_ENOMEM, "out of memory")
			       : store_sensor_line_add(st, *source_id, site, sb.buf, line_len(&sb), err);
	}
	strbuf_release(&sb);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	return rc;
}

/* A refusal for what the source holds, as against the store failing. */
static bool store_failed(enum vs_err rc)
{
	return rc == VS_EDB || rc == VS_EIO || rc == VS_ENOMEM;
}

struct one_source {
	struct sensor_source_info src;
	struct strbuf header, text;
	struct recovery_header h;
	char name[64];
	char source[VS_MAX_SOURCE_NAME + 1];
};

/*
 * src's devices into the register, in the transaction open: parsed as a
 * recovery file (header and lines), stored through ingest_recovered under
 * the name "sensor:SITE:NAME", marked imported. *stored false (and VS_OK)
 * when another importer marked it first.
 */
static enum vs_err import_one(struct store *st, const struct kb *kb, const struct policy *pol,
			      const struct ingest_sensor_opts *o, struct one_source *s,
			      struct capture_result *res, bool *stored, struct vs_error *err)
{
	*stored = false;
	strbuf_reset(&s->text);
	strbuf_add(&s->text, s->header.buf, s->header.len);
	strbuf_addch(&s->text, '\n');
	enum vs_err rc = s->text.failed ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
	if (!rc)
		rc = store_sensor_lines(st, s->src.id, VS_MAX_RECOVERY_LINE, VS_MAX_RECOVERY_FILE,
					&s->text, err);
	if (rc) {
		/* Say which source: the store's words name no source. */
		struct vs_error inner = *err;
		vs_error_clear(err);
		return vs_fail(err, inner.code, "%s: %s", s->name, inner.msg);
	}
	struct sighting *devs = NULL;
	size_t n = 0;
	rc = recovery_parse(s->name, (const uint8_t *)s->text.buf, s->text.len, &s->h, &devs, &n, err);
	if (rc)
		return rc;
	/* The sensor's own name for its run, under its site: what it may
	 * replace is its own site's runs, nothing else (sensor.h). */
	size_t need = (size_t)snprintf(s->source, sizeof(s->source), "sensor:%s:%s", s->src.site,
				       s->h.source[0] ? s->h.source : s->h.path);
	if (need >= sizeof(s->source)) {
		for (size_t i = 0; i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
		return vs_fail(err, VS_ETOOBIG, "%s: its source's name passes %d bytes "
				"(VS_MAX_SOURCE_NAME)", s->name, VS_MAX_SOURCE_NAME);
	}
	struct ingest_capture_opts over = {
		.source = s->source, .geo = o->geo, .clouds = o->clouds, .recog = o->recog,
	};
	rc = ingest_recovered(st, kb, pol, &s->h, devs, n, &over, res, err);
	if (!rc)
		rc = store_sensor_mark_imported(st, s->src.id, stored, err);
	return rc;
}

enum vs_err ingest_sensor_import(struct store *st, const struct kb *kb, const struct policy *pol,
				 const struct ingest_sensor_opts *o, struct ingest_sensor_stats *stats,
				 struct vs_error *err)
{
	memset(stats, 0, sizeof(*stats));
	struct one_source *s = calloc(1, sizeof(*s));
	if (!s)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	strbuf_init(&s->header);
	strbuf_init(&s->text);
	enum vs_err rc = VS_OK;
	int64_t after = 0;
	for (;;) {
		/* Each source in a transaction of its own, found under the
		 * store's write lock: another importer's work is committed or
		 * not begun. */
		rc = store_begin(st, err);
		bool found = false;
		while (!rc) {
			rc = store_sensor_next(st, o->site, after, VS_MAX_RECOVERY_LINE, &s->src,
					       &s->header, &found, err);
			if (rc || !found)
				break;
			after = s->src.id;
			snprintf(s->name, sizeof(s->name), "sensor source %lld", (long long)s->src.id);
			struct vs_error herr = {0};
			bool header_ok = s->src.header_len <= VS_MAX_RECOVERY_LINE &&
					 s->header.len == (size_t)s->src.header_len &&
					 !recovery_parse_header(s->name, (const uint8_t *)s->header.buf,
								s->header.len, &s->h, &herr);
			if (header_ok && o->survey && strcmp(s->h.survey, o->survey) != 0)
				continue; /* another survey's: left waiting */
			if (!header_ok) {
				if (!herr.code)
					vs_fail(&herr, VS_ETOOBIG, "%s:1: longer than %d bytes "
						"(VS_MAX_RECOVERY_LINE)", s->name, VS_MAX_RECOVERY_LINE);
				stats->refused++;
				if (o->each)
					o->each(&(struct sensor_import_event){&s->src, NULL, herr.code,
									       NULL, &herr},
						o->ctx);
				continue;
			}
			break;
		}
		if (rc || !found) {
			store_rollback(st);
			break;
		}
		struct capture_result res;
		memset(&res, 0, sizeof(res));
		struct vs_error serr = {0};
		bool stored = false;
		enum vs_err one = import_one(st, kb, pol, o, s, &res, &stored, &serr);
		if (!one && stored)
			one = store_commit(st, &serr);
		if (one || !stored)
			store_rollback(st);
		if (one && store_failed(one)) {
			*err = serr;
			rc = one;
			capture_result_release(&res);
			break;
		}
		if (one)
			stats->refused++;
		else if (stored) {
			stats->imported++;
			stats->devices += res.n;
		}
		if (o->each && (one || stored))
			o->each(&(struct sensor_import_event){&s->src, one ? NULL : &s->h, one,
							       one ? NULL : &res, &serr},
				o->ctx);
		capture_result_release(&res);
	}
	strbuf_release(&s->header);
	strbuf_release(&s->text);
	free(s);
	return rc;
}
