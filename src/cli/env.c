#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "report/devices.h"
#include "util/strbuf.h"

enum vs_err cli_env_open(struct cli_env *env, const char *db, struct vs_error *err)
{
	env->store = NULL;
	env->kb = NULL;
	env->policy = NULL;
	enum vs_err rc = kb_load(NULL, &env->kb, err);
	if (!rc)
		rc = policy_load(NULL, &env->policy, err);
	if (!rc && db)
		rc = store_open(db, STORE_OPEN_EXISTING, &env->store, err);
	if (rc)
		cli_env_close(env);
	return rc;
}

void cli_env_close(struct cli_env *env)
{
	store_close(env->store);
	policy_free(env->policy);
	kb_free(env->kb);
	env->store = NULL;
	env->policy = NULL;
	env->kb = NULL;
}

/* The loads without a word; *rs says what Recog gave. */
static enum vs_err sources_load(struct cli_sources *s, const char *db, const char *recog_dir,
				const char *geoip, struct recog_stats *rs, struct vs_error *err)
{
	memset(s, 0, sizeof(*s));
	char geo_path[4096];
	if (!geoip && geo_default_path(geo_path, sizeof(geo_path)))
		geoip = geo_path;
	enum vs_err rc = cli_env_open(&s->env, db, err);
	if (!rc && recog_dir)
		rc = recog_load(recog_dir, &s->recog, rs, err);
	if (!rc && geoip)
		rc = geo_open(geoip, &s->geo, err);
	if (!rc)
		rc = clouds_load(NULL, &s->clouds, err);
	if (rc)
		cli_sources_close(s);
	return rc;
}

static void say_recog(const struct cli_sources *s, const char *verb, const struct recog_stats *rs)
{
	if (s->recog)
		fprintf(stderr, "%s: %zu Recog fingerprints from %zu files (%zu patterns PCRE2 does "
				"not compile were skipped)\n", verb, rs->fingerprints, rs->files, rs->skipped);
}

enum vs_err cli_sources_open(struct cli_sources *s, const char *verb, const char *db,
			     const char *recog_dir, const char *geoip, struct vs_error *err)
{
	struct recog_stats rs;
	enum vs_err rc = sources_load(s, db, recog_dir, geoip, &rs, err);
	if (!rc)
		say_recog(s, verb, &rs);
	return rc;
}

static void *sources_thread(void *arg)
{
	struct cli_sources_job *j = arg;
	j->rc = sources_load(&j->s, j->db, j->recog_dir, j->geoip, &j->rs, &j->err);
	if (!j->rc && j->check_writable &&
	    (j->rc = store_check_writable(j->s.env.store, j->db, &j->err)) != VS_OK)
		cli_sources_close(&j->s);
	if (j->rc && j->on_fail)
		j->on_fail(j->on_fail_arg);
	return NULL;
}

void cli_sources_start(struct cli_sources_job *j, const char *verb, const char *db,
		       const char *recog_dir, const char *geoip, bool check_writable,
		       void (*on_fail)(void *arg), void *on_fail_arg)
{
	memset(j, 0, sizeof(*j));
	j->verb = verb;
	j->db = db;
	j->recog_dir = recog_dir;
	j->geoip = geoip;
	j->check_writable = check_writable;
	j->on_fail = on_fail;
	j->on_fail_arg = on_fail_arg;
	/* Without a thread the loads run now, on this one. */
	j->threaded = pthread_create(&j->thread, NULL, sources_thread, j) == 0;
	if (!j->threaded)
		sources_thread(j);
}

enum vs_err cli_sources_join(struct cli_sources_job *j, struct cli_sources *s,
			     struct vs_error *err)
{
	if (j->threaded)
		pthread_join(j->thread, NULL);
	j->threaded = false;
	if (j->rc) {
		*err = j->err;
		memset(s, 0, sizeof(*s));
		return j->rc;
	}
	*s = j->s;
	say_recog(s, j->verb, &j->rs);
	return VS_OK;
}

void cli_sources_close(struct cli_sources *s)
{
	cli_env_close(&s->env);
	recog_free(s->recog);
	geo_close(s->geo);
	clouds_free(s->clouds);
	memset(s, 0, sizeof(*s));
}

void cli_sources_ingest_opts(const struct cli_sources *s, struct ingest_capture_opts *o)
{
	o->recog = s->recog;
	o->geo = s->geo;
	o->clouds = s->clouds;
}

void cli_sources_usage(FILE *out, int col)
{
	static const char *const lines[] = {
		"--recog DIR", "match banners (HTTP Server, WWW-Authenticate, title, RTSP",
		"", "server, SIP user agent, SNMP sysDescr/sysObjectID, DHCP",
		"", "vendor class, certificates) against the Rapid7 Recog XML",
		"", "fingerprints in DIR (a recog checkout's xml/ directory),",
		"", "besides the built-in ones",
		"--geoip FILE", "MaxMind DB for the external peers' countries (default: the",
		"", "one scripts/setup installs; without one, countries are",
		"", "unknown). Peers' names are matched against the vendor",
		"", "clouds in the data directory's clouds.tsv.",
	};
	for (size_t i = 0; i + 1 < sizeof(lines) / sizeof(lines[0]); i += 2)
		fprintf(out, "  %-*s%s\n", col - 2, lines[i], lines[i + 1]);
}

enum vs_err cli_survey(struct store *st, const char *name, struct survey_info *out,
		       struct vs_error *err)
{
	if (name)
		return store_survey_get(st, name, NULL, false, out, err);
	return store_survey_latest(st, out, err);
}

bool cli_lang(const char *arg, bool *danish)
{
	if (!arg)
		return true;
	if (strcmp(arg, "da") == 0 || strcmp(arg, "en") == 0) {
		*danish = arg[0] == 'd';
		return true;
	}
	return false;
}

bool cli_format(const char *arg, enum report_format *fmt)
{
	if (!arg)
		return true;
	static const char *const names[] = {"text", "csv", "json"};
	for (int i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			*fmt = (enum report_format)i;
			return true;
		}
	return false;
}

bool cli_kind(const char *arg, int *kind)
{
	if (strcmp(arg, "hardware") == 0)
		*kind = ASSET_HARDWARE;
	else if (strcmp(arg, "software") == 0)
		*kind = ASSET_SOFTWARE;
	else
		return false;
	return true;
}

const char *cli_fused_note(const struct capture_result *res)
{
	static _Thread_local char note[96];
	if (!res->fused)
		return "";
	snprintf(note, sizeof(note), "; %zu of them already in the survey, each still one asset",
		 res->fused);
	return note;
}

void cli_print_devices_json(const struct capture_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->n; i++) {
		strbuf_reset(&sb);
		report_device_json(&res->dev[i].asset, &res->dev[i].seen, &sb);
		fputs(strbuf_str(&sb), stdout);
	}
	strbuf_release(&sb);
}

bool cli_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	if (s[0] < '0' || s[0] > '9')
		return false;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = (unsigned)v;
	return true;
}

int64_t cli_generated_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!*end && errno == 0 && v >= 0 && e[0] >= '0' && e[0] <= '9')
			return (int64_t)v;
		/* The spec asks to fail on a malformed value; a report is not a
		 * build, so say so and use the clock. */
		fprintf(stderr, "vendorscope: SOURCE_DATE_EPOCH '%s' is not a number of seconds; "
				"using the current time\n", e);
	}
	return (int64_t)time(NULL);
}
