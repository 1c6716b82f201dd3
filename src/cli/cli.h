/*
 * The command line: argument handling only. Each verb lives in
 * cmd_<verb>.c and is listed once in the table in main.c. A command turns
 * its arguments into a call into the library and the library's error into a
 * message and a sysexits status; it decides nothing else.
 */
#ifndef VS_CLI_CLI_H
#define VS_CLI_CLI_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "identify/recog.h"
#include "import/recovery.h"
#include "ingest/capture.h"
#include "kb/kb.h"
#include "policy/policy.h"
#include "report/diff.h"
#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the verb */
	const char *summary;
};

/* Print "vendorscope: <msg>" to stderr and return the error's exit status. */
int cli_report(const struct vs_error *err);
/* Output (output.c). Every write error is exit 74 naming the file. */
struct strbuf;
struct rdoc;
/* Write a text report to stdout, control bytes but LF and TAB shown
 * escaped (util/text.h); 0, or 74 when stdout cannot be written. */
int cli_put_text(const struct strbuf *sb);
/* Say stdout could not be written (errno) and return 74. */
int cli_stdout_failed(void);
/* sb to -o path, whole or not at all (util/afile.h: a temporary file
 * renamed; a failure leaves an old file as it was), or to stdout when path
 * is NULL. 0 or the exit status, said on stderr. */
int cli_write_out(const char *path, const struct strbuf *sb);
/* The same for a text report: control bytes shown escaped first. */
int cli_write_text(const char *path, const struct strbuf *sb);
/* A workbook to -o path the same way; libxlsxwriter's own stderr lines are
 * caught and become part of err's message. */
enum vs_err cli_write_xlsx(const struct rdoc *doc, const char *path, struct vs_error *err);
/* Print a usage complaint for verb and return 64. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The store: the first operand, else $VENDORSCOPE_DB, else ./vendorscope.db.
 * A file path (SQLite) or a postgresql:// / postgres:// URL. */
const char *cli_db_path(const char *operand);

/* What most commands need: the knowledge base, the policy and (when db is
 * not NULL) an existing store. */
struct cli_env {
	struct kb *kb;
	struct policy *policy;
	struct store *store;
};
enum vs_err cli_env_open(struct cli_env *env, const char *db, struct vs_error *err);
void cli_env_close(struct cli_env *env);

/* What every source command (capture, scan) identifies with, loaded one
 * way for all of them: cli_env, the Recog fingerprints --recog DIR names
 * (none without it), the GeoIP database --geoip FILE names (else the one
 * scripts/setup installs, when present) and the vendor clouds. */
struct cli_sources {
	struct cli_env env;
	struct recog *recog;
	struct geo *geo;
	struct clouds *clouds;
};
/* verb prefixes the line saying how many Recog fingerprints were loaded. */
enum vs_err cli_sources_open(struct cli_sources *s, const char *verb, const char *db,
			     const char *recog_dir, const char *geoip, struct vs_error *err);
void cli_sources_close(struct cli_sources *s);
/*
 * cli_sources_open (and, with check_writable, store_check_writable) on a
 * thread of its own, while the caller reads a capture file on this one:
 * the knowledge base, the IEEE registry and the store are ready when the
 * frames are. cli_sources_join waits for it and hands over the sources,
 * or the first failure (then *s is empty). on_fail (may be NULL) is
 * called on the loading thread as soon as a load fails, so the caller can
 * stop its reading. The strings must outlive the job. Capture reading
 * shares nothing with the loads (capture/ uses no kb, store or geo).
 */
struct cli_sources_job {
	pthread_t thread;
	bool threaded;
	const char *verb, *db, *recog_dir, *geoip;
	bool check_writable;
	void (*on_fail)(void *arg);
	void *on_fail_arg;
	struct cli_sources s;
	struct recog_stats rs;
	enum vs_err rc;
	struct vs_error err;
};
void cli_sources_start(struct cli_sources_job *j, const char *verb, const char *db,
		       const char *recog_dir, const char *geoip, bool check_writable,
		       void (*on_fail)(void *arg), void *on_fail_arg);
enum vs_err cli_sources_join(struct cli_sources_job *j, struct cli_sources *s,
			     struct vs_error *err);
/* Point o's geo, clouds and recog at the loaded inputs. */
void cli_sources_ingest_opts(const struct cli_sources *s, struct ingest_capture_opts *o);
/* The help of --recog DIR and --geoip FILE, descriptions from column `col`. */
void cli_sources_usage(FILE *out, int col);
/* --survey NAME, or the default survey (store_survey_latest) when name is NULL. */
enum vs_err cli_survey(struct store *st, const char *name, struct survey_info *out,
		       struct vs_error *err);
/* --lang da|en (NULL keeps the default); false for anything else. */
bool cli_lang(const char *arg, bool *danish);
/* --format text|csv|json (NULL keeps the default); false for anything else. */
bool cli_format(const char *arg, enum report_format *fmt);
/* A whole decimal number within [lo, hi] (no sign, no trailing text). */
bool cli_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out);
/* "; 3 of them already in the survey" for the capture/scan summary, or "". */
const char *cli_fused_note(const struct capture_result *res);
/* When a report is generated: SOURCE_DATE_EPOCH when set (reproducible
 * output, https://reproducible-builds.org/specs/source-date-epoch/), else now. */
int64_t cli_generated_time(void);
/* "replaced source 'X' (N rows) imported T" on out when a re-import,
 * capture or scan replaced an earlier one (cmd_surveys.c). */
void cli_print_replaced(const struct ingest_removed *r, FILE *out);
/* capture/scan --json: one line per device on stdout. */
void cli_print_devices_json(const struct capture_result *res);
/* --kind hardware|software into an asset_filter kind; false for anything else. */
bool cli_kind(const char *arg, int *kind);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_assets(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_surveys(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_db(int argc, char **argv);

/* A capture or scan the store refused at the end: say why (store_err), keep
 * the devices in a recovery file beside db (or in $TMPDIR, /tmp) and say
 * where. Returns store_err's exit status. */
int cli_keep_results(const char *db, const struct ingest_capture_opts *o,
		     const struct capture_result *res, const struct vs_error *store_err);
/* A capture's or scan's devs (n, taken) into the register as o says, src
 * closed: on a refusal the devices go to a recovery file (cli_keep_results)
 * and its status is returned, else 0 with *res filled (the caller prints
 * its summary and releases it), the devices printed first as JSON when
 * json, and what a re-run replaced said. */
int cli_store_run(const char *db, struct cli_sources *src, struct ingest_capture_opts *o,
		  struct sighting *devs, size_t n, bool json, struct capture_result *res);
/* The same for sightings a run kept (h says which run: a sensor's, whose
 * store refused the sensor rows; VS_EPERM too). */
int cli_keep_sightings(const char *db, const struct recovery_header *h,
		       const struct sighting *devs, size_t n, const struct vs_error *store_err);

/* capture/scan --site SITE (sensor.c, ingest/sensor.h). cli_sensor_site:
 * 0 when site is one, else the usage error's status (said). */
int cli_sensor_site(const char *verb, const char *site);
/* Open only the store into s (no knowledge base: a sensor identifies
 * nothing); cli_sources_close closes it. */
enum vs_err cli_sensor_open(struct cli_sources *s, const char *db, struct vs_error *err);
/* What went into the sensor tables. */
struct cli_sensor_added {
	struct recovery_header h;
	int64_t source_id;
	size_t devices;
};
/* devs (freed here) as one sensor source of site for the run o describes;
 * src is closed. When the store refuses, the devices go to a recovery
 * file (cli_keep_sightings). 0 or the exit status (said). */
int cli_sensor_add(const char *db, struct cli_sources *src, const char *site,
		   const struct ingest_capture_opts *o, struct sighting *devs, size_t n,
		   struct cli_sensor_added *out);

/* Say on stderr how many devices hit a per-device cap (sighting.dropped). */
void cli_note_sighting_caps(const char *verb, const struct capture_result *res);
/* import DB FILE where FILE is a recovery file. survey, date, source NULL:
 * the file's (source: its run's --source or capture file, else the path). */
struct cli_import_opts {
	const char *survey, *date, *source;
	const char *recog_dir, *geoip;
};
int cli_import_recovery(const char *db, const char *file, const struct cli_import_opts *io);

/* plan and report share their options (cmd_plan.c); report adds html, xlsx. */
int cli_plan_run(const char *verb, int argc, char **argv, bool report);

#endif
