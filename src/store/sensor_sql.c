#include "store/sensor_sql.h"

#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "util/limits.h"
#include "util/text.h"

bool sensor_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > VS_MAX_SENSOR_NAME || strncmp(name, "pg_", 3) == 0 ||
	    strcmp(name, SENSOR_GROUP_ROLE) == 0)
		return false;
	if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* The part every sensor shares: the group role and its grants on the
 * sensor tables, which schema migration 13 makes with their row-level
 * security (store/schema.c). Making a role needs CREATEROLE, which a
 * migration must not need (any owner opening the store runs it): so the
 * role is made here, by whoever grants sensors. The policies read the
 * writer's site from sensor_site, which each role sees only its own row
 * of; the RETURNING of a new sensor_source id needs SELECT on id (a sensor
 * sees only the sources it added itself); store_open reads the schema
 * version (vendorscope_schema), a number. Nothing here names a sensor. */
static const char shared_sql[] =
	"DO $$\n"
	"BEGIN\n"
	"\tIF to_regclass('vendorscope_schema') IS NULL THEN\n"
	"\t\tRAISE EXCEPTION 'no sensor tables here: not a vendorscope store';\n"
	"\tEND IF;\n"
	/* A statement of its own: PL/pgSQL plans it only when reached. */
	"\tIF (SELECT version FROM vendorscope_schema) < 13 THEN\n"
	"\t\tRAISE EXCEPTION 'no sensor tables here: a vendorscope store of schema 13 or later "
	"makes them (any command run on the store by its owner migrates it)';\n"
	"\tEND IF;\n"
	"\tIF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" SENSOR_GROUP_ROLE "') THEN\n"
	"\t\tCREATE ROLE " SENSOR_GROUP_ROLE " NOLOGIN;\n"
	"\tEND IF;\n"
	"\tEXECUTE format('GRANT USAGE ON SCHEMA %I TO " SENSOR_GROUP_ROLE "', current_schema());\n"
	"END\n"
	"$$;\n"
	"GRANT SELECT ON vendorscope_schema, sensor_site TO " SENSOR_GROUP_ROLE ";\n"
	"GRANT SELECT (id), INSERT (site, header) ON sensor_source TO " SENSOR_GROUP_ROLE ";\n"
	"GRANT INSERT (source_id, site, line) ON sensor_observation TO " SENSOR_GROUP_ROLE ";\n";

enum vs_err sensor_site_check(const char *site, struct vs_error *err)
{
	size_t n = strlen(site);
	if (n == 0 || n > VS_MAX_SITE)
		return vs_fail(err, VS_EBADVAL, "site: 1-%d bytes (VS_MAX_SITE)", VS_MAX_SITE);
	if (!utf8_valid((const uint8_t *)site, n, NULL) ||
	    text_needs_escape(site, n, TEXT_KEEP_NONE))
		return vs_fail(err, VS_EBADVAL, "site: UTF-8 text without control characters");
	return VS_OK;
}

/* name and site as sensor_grant_sql takes them, or VS_EBADVAL. */
static enum vs_err check_args(const char *name, const char *site, struct vs_error *err)
{
	if (!sensor_name_ok(name))
		return vs_fail(err, VS_EBADVAL,
			       "sensor name: 1-%d of a-z, 0-9 and _, starting with a letter or _, "
			       "not pg_… nor %s",
			       VS_MAX_SENSOR_NAME, SENSOR_GROUP_ROLE);
	return sensor_site_check(site, err);
}

/* The shared part and the role, up to its site: everything but the
 * sensor_site row. The name passed sensor_name_ok: an identifier and a
 * literal as it stands. */
static void add_role_sql(const char *name, struct strbuf *out)
{
	strbuf_addstr(out, "\n-- Shared by every sensor: the group role and its grants on the sensor\n"
			   "-- tables of schema migration 13.\n");
	strbuf_addstr(out, shared_sql);
	strbuf_addf(out,
		    "\n-- This sensor. An existing role is taken only when it is a sensor\n"
		    "-- already: making the owner or an administrator a sensor would\n"
		    "-- give a sensor's password their rights.\n"
		    "DO $$\n"
		    "DECLARE r pg_roles%%ROWTYPE;\n"
		    "BEGIN\n"
		    "\tSELECT * INTO r FROM pg_roles WHERE rolname = '%s';\n"
		    "\tIF NOT FOUND THEN\n"
		    "\t\tCREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;\n"
		    "\tELSIF r.rolsuper OR r.rolbypassrls OR r.rolcreaterole\n"
		    "\t\tOR NOT pg_has_role('%s', '" SENSOR_GROUP_ROLE "', 'MEMBER') THEN\n"
		    "\t\tRAISE EXCEPTION 'role %% exists and is not a sensor', r.rolname;\n"
		    "\tEND IF;\n"
		    "END\n"
		    "$$;\n"
		    "GRANT " SENSOR_GROUP_ROLE " TO %s;\n",
		    name, name, name, name);
}

enum vs_err sensor_grant_sql(const char *name, const char *site, struct strbuf *out,
			     struct vs_error *err)
{
	if (check_args(name, site, err))
		return err->code;
	strbuf_addf(out,
		    "-- vendorscope db grant-sensor %s: a login role that may only add what\n"
		    "-- the sensor at its site saw (row-level security), nothing else.\n"
		    "-- Run as the store's owner, a role that may create roles (CREATEROLE),\n"
		    "-- on a store of schema 13 or later (it has the sensor tables).\n"
		    "SET standard_conforming_strings = on;\n"
		    "BEGIN;\n",
		    name);
	add_role_sql(name, out);
	/* A printed script cannot take parameters: the site is a literal
	 * with its quotes doubled (standard_conforming_strings is on). */
	strbuf_addf(out, "INSERT INTO sensor_site (role, site) VALUES ('%s', '", name);
	for (const char *p = site; *p; p++) {
		if (*p == '\'')
			strbuf_addch(out, '\'');
		strbuf_addch(out, *p);
	}
	strbuf_addstr(out, "')\n"
			   "\tON CONFLICT (role) DO UPDATE SET site = EXCLUDED.site;\n"
			   "COMMIT;\n");
	strbuf_addf(out,
		    "-- %s has no password: set one (\\password %s) or use a client\n"
		    "-- certificate (pg_hba.conf: hostssl DB %s ADDRESS cert).\n",
		    name, name, name);
	return out->failed ? vs_fail(err, VS_ENOMEM, "writing the sensor's SQL") : VS_OK;
}

enum vs_err sensor_grant(struct store *st, const char *name, const char *site,
			 struct vs_error *err)
{
	if (check_args(name, site, err))
		return err->code;
	struct db *db = store_handle(st);
	if (db_kind(db) != DB_PG)
		return vs_fail(err, VS_EUSAGE,
			       "sensor roles need a PostgreSQL store (postgresql://…), not a SQLite file");
	struct strbuf sql = STRBUF_INIT;
	add_role_sql(name, &sql);
	if (sql.failed) {
		strbuf_release(&sql);
		return vs_fail(err, VS_ENOMEM, "writing the sensor's SQL");
	}
	enum vs_err rc = db_begin_write(db, err);
	if (rc) {
		strbuf_release(&sql);
		return rc;
	}
	rc = db_exec(db, strbuf_str(&sql), err);
	strbuf_release(&sql);
	if (!rc) {
		/* The site from outside goes in as a parameter. */
		struct db_stmt *s = db_prepare(db,
					       "INSERT INTO sensor_site (role, site) VALUES (?1, ?2) "
					       "ON CONFLICT (role) DO UPDATE SET site = EXCLUDED.site",
					       0);
		if (!s) {
			rc = vs_fail(err, VS_EDB, "setting the sensor's site: %s", db_errmsg(db));
		} else {
			db_bind_text(s, 1, name, -1);
			db_bind_text(s, 2, site, -1);
			if (db_step(s) != DB_DONE)
				rc = vs_fail(err, VS_EDB, "setting the sensor's site: %s", db_errmsg(db));
			db_finalize(s);
		}
	}
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}
