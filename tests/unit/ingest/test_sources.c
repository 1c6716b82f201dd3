/*
 * Source identity and re-import (ingest/sources.h): what names an input,
 * that importing it again replaces what it gave (and only in its own
 * survey), and that a re-import which fails leaves the earlier one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "ingest/ingest.h"
#include "ingest/sources.h"
#include "store/db.h"
#include "store/query_surveys.h"

static struct kb *kb;
static struct policy *pol;
static char dir[64], db[96], csv[96];

static int setup(void **state)
{
	(void)state;
	struct vs_error err = {0};
	if (kb_load(VS_TEST_DATADIR, &kb, &err) || policy_load(VS_TEST_DATADIR, &pol, &err)) {
		fprintf(stderr, "loading %s: %s\n", VS_TEST_DATADIR, err.msg);
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/vs-test-sources-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(db, sizeof(db), "%s/s.db", dir);
	snprintf(csv, sizeof(csv), "%s/inv.csv", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	policy_free(pol);
	kb_free(kb);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void identifies_files_labels_and_names(void **state)
{
	(void)state;
	struct source_ident id;
	struct vs_error err = {0};
	write_file(csv, "abc");
	/* FIPS 180-2's example: SHA-256("abc"). */
	assert_int_equal(ingest_source_ident(csv, NULL, SOURCE_FILE_HASHED, &id, &err), VS_OK);
	assert_string_equal(id.hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(id.name, csv); /* /tmp/… is already canonical */
	/* A path through ".." names the same file. */
	char indirect[160];
	snprintf(indirect, sizeof(indirect), "%s/../%s/inv.csv", dir, strrchr(dir, '/') + 1);
	assert_int_equal(ingest_source_ident(indirect, NULL, SOURCE_FILE, &id, &err), VS_OK);
	assert_string_equal(id.name, csv);
	assert_string_equal(id.hash, "");
	/* --source names it; the hash is still taken. */
	assert_int_equal(ingest_source_ident(csv, "vms", SOURCE_FILE_HASHED, &id, &err), VS_OK);
	assert_string_equal(id.name, "vms");
	assert_int_equal(strlen(id.hash), 64);
	/* Standard input: nothing unless named. */
	assert_int_equal(ingest_source_ident("-", NULL, SOURCE_FILE_HASHED, &id, &err), VS_OK);
	assert_string_equal(id.name, "");
	assert_string_equal(id.hash, "");
	assert_int_equal(ingest_source_ident("-", "nightly", SOURCE_FILE_HASHED, &id, &err), VS_OK);
	assert_string_equal(id.name, "nightly");
	/* A FIFO is not read (its bytes are the importer's) and has no name. */
	char fifo[128];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(ingest_source_ident(fifo, NULL, SOURCE_FILE_HASHED, &id, &err), VS_OK);
	assert_string_equal(id.name, "");
	assert_string_equal(id.hash, "");
	/* Labels are their own names. */
	assert_int_equal(ingest_source_ident("interface:eth1", NULL, SOURCE_LABEL, &id, &err), VS_OK);
	assert_string_equal(id.name, "interface:eth1");
	/* A missing file keeps its path; the importer reports it. */
	assert_int_equal(ingest_source_ident("no/such.csv", NULL, SOURCE_FILE_HASHED, &id, &err),
			 VS_OK);
	assert_string_equal(id.name, "no/such.csv");
	/* Empty and over-long names are refused. */
	assert_int_equal(ingest_source_ident(csv, "", SOURCE_FILE, &id, &err), VS_EUSAGE);
	char *longname = malloc(VS_MAX_SOURCE_NAME + 2);
	assert_non_null(longname);
	memset(longname, 'x', VS_MAX_SOURCE_NAME + 1);
	longname[VS_MAX_SOURCE_NAME + 1] = '\0';
	struct vs_error err2 = {0};
	assert_int_equal(ingest_source_ident(csv, longname, SOURCE_FILE, &id, &err2), VS_ETOOBIG);
	free(longname);
}

static const char inv_v1[] = "Type;Producent;Forvaltning;Antal\n"
			     "Overvågningskamera;Hikvision;ØKF;100\n"
			     "Overvågningskamera;Axis;ØKF;20\n";
static const char inv_v2[] = "Type;Producent;Forvaltning;Antal\n"
			     "Overvågningskamera;Dahua;SOF;7\n";
static const char inv_bad[] = "Type;Producent;Forvaltning;Antal\n"
			      "Overvågningskamera;Dahua;SOF;7\n"
			      "Overvågningskamera;Dahua;SOF;minus tre\n";

static struct ingest_stats stats;

static enum vs_err import(struct store *st, const char *path, const char *survey,
			  const char *source, struct vs_error *err)
{
	struct ingest_opts o = {.survey = survey, .date = "2025", .source = source};
	return ingest_file(st, kb, pol, path, &o, &stats, err);
}

static struct survey_summary summary(struct store *st, const char *name)
{
	struct survey_info si;
	struct vs_error err = {0};
	assert_int_equal(store_survey_get(st, name, NULL, false, &si, &err), VS_OK);
	struct db_stmt *s;
	assert_non_null(s = db_prepare(store_handle(st),
					    "SELECT count(*), coalesce(sum(count), 0), "
					    "(SELECT count(*) FROM source WHERE survey_id = ?1) "
					    "FROM asset WHERE survey_id = ?1", 0));
	db_bind_int64(s, 1, si.id);
	assert_int_equal(db_step(s), DB_ROW);
	struct survey_summary r = {.id = si.id};
	r.programs = db_column_int64(s, 0); /* asset rows */
	r.units = db_column_int64(s, 1);
	r.sources = db_column_int64(s, 2);
	db_finalize(s);
	return r;
}

static void reimport_replaces_and_a_failure_keeps_the_old(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(db, STORE_CREATE, &st, &err), VS_OK);
	write_file(csv, inv_v1);
	assert_int_equal(import(st, csv, "kk", NULL, &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 0);
	struct survey_summary once = summary(st, "kk");
	assert_int_equal(once.units, 120);

	/* The same file again: the same units, one source. */
	assert_int_equal(import(st, csv, "kk", NULL, &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 1);
	assert_int_equal(stats.replaced.total.rows, 2);
	assert_string_equal(stats.replaced.first.name, csv);
	struct survey_summary twice = summary(st, "kk");
	assert_int_equal(twice.units, 120);
	assert_int_equal(twice.programs, 2);
	assert_int_equal(twice.sources, 1);

	/* A copy under another name: the same bytes, the same source. */
	char copy[128];
	snprintf(copy, sizeof(copy), "%s/copy.csv", dir);
	write_file(copy, inv_v1);
	assert_int_equal(import(st, copy, "kk", NULL, &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 1);
	assert_int_equal(summary(st, "kk").units, 120);

	/* Into another survey it is another source. */
	assert_int_equal(import(st, csv, "other", NULL, &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 0);
	assert_int_equal(summary(st, "kk").units, 120);
	assert_int_equal(summary(st, "other").units, 120);
	/* Into a survey with no source before, the hash is taken while the
	 * rows are read and recorded after them: a copy still matches. */
	assert_int_equal(import(st, csv, "third", NULL, &err), VS_OK);
	assert_int_equal(import(st, copy, "third", NULL, &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 1);
	assert_int_equal(summary(st, "third").units, 120);

	/* Named with --source, then a changed export under that name. */
	assert_int_equal(import(st, csv, "named", "vms", &err), VS_OK);
	write_file(csv, inv_v2);
	assert_int_equal(import(st, csv, "named", "vms", &err), VS_OK);
	assert_int_equal(stats.replaced.total.sources, 1);
	assert_string_equal(stats.replaced.first.name, "vms");
	assert_int_equal(summary(st, "named").units, 7);
	assert_int_equal(summary(st, "named").sources, 1);

	/* A bad row in the new version: nothing changes. */
	write_file(csv, inv_bad);
	struct vs_error bad = {0};
	assert_int_equal(import(st, csv, "named", "vms", &bad), VS_EBADVAL);
	assert_non_null(strstr(bad.msg, ":3:"));
	assert_int_equal(summary(st, "named").units, 7);
	assert_int_equal(summary(st, "named").sources, 1);

	/* Removed by name through the one removal. */
	struct ingest_removed r;
	assert_int_equal(ingest_source_remove_named(st, kb, pol, "named", "vms", &r, &err), VS_OK);
	assert_int_equal(r.total.sources, 1);
	assert_int_equal(r.total.units, 7);
	assert_int_equal(summary(st, "named").sources, 0);
	struct vs_error nf = {0};
	assert_int_equal(ingest_source_remove_named(st, kb, pol, "named", "vms", &r, &nf),
			 VS_ENOTFOUND);
	assert_int_equal(ingest_source_remove_named(st, kb, pol, "nope", "1", &r, &nf),
			 VS_ENOTFOUND);

	/* And by id. */
	struct survey_summary o = summary(st, "other");
	struct source_info src;
	assert_int_equal(store_source_by_name(st, o.id, csv, &src, &err), VS_OK);
	char idtext[24];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)src.id);
	assert_int_equal(ingest_source_remove_named(st, kb, pol, "other", idtext, &r, &err), VS_OK);
	assert_int_equal(r.first.id, src.id);
	assert_int_equal(summary(st, "other").units, 0);

	/* A whole survey. */
	assert_int_equal(ingest_survey_remove(st, "kk", &r, &err), VS_OK);
	assert_int_equal(r.total.sources, 1);
	assert_int_equal(r.total.units, 120);
	assert_int_equal(ingest_survey_remove(st, "kk", &r, &nf), VS_ENOTFOUND);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identifies_files_labels_and_names),
		cmocka_unit_test(reimport_replaces_and_a_failure_keeps_the_old),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
