/*
 * Sensors with least privilege on a shared PostgreSQL store (issue 14,
 * part 4): the SQL that makes a login role for one sensor host and keys
 * what it may write to its site by row-level security.
 *
 * A sensor runs `capture --interface` or `scan` at one site. It may add
 * what it saw and nothing else: it cannot read the register (assets,
 * observations, exposure, statuses), change a status, or write another
 * site's rows. It therefore does not write the register's tables either:
 * putting a device into the register means finding its asset among the
 * survey's assets (ingest/), which is reading the register. It writes
 *
 *   sensor_source       one row per capture or scan: its site and the
 *                       header line of the recovery format
 *                       (import/recovery.h: kind, format, path, survey,
 *                       source name);
 *   sensor_observation  one row per device heard: its site and the
 *                       recovery format's device line (MAC, addresses,
 *                       observations, names, peers);
 *
 * and the store's owner moves those into the register exactly as `import`
 * moves a recovery file in (`db import-sensors`, ingest/sensor.h). Which
 * site a role belongs to is a row of sensor_site (role, site) that only
 * the store's owner writes; the policies compare each new row's site
 * with the writer's row there, so the policies never change as sensors
 * are added.
 *
 * The tables and their policies are schema migration 13 (store/schema.c).
 * The script here makes the group role (CREATEROLE, which a migration
 * must not need), its grants, the sensor's login role and its site row;
 * it is one transaction and may be run again (it creates what is missing
 * and sets the role's site).
 */
#ifndef VS_STORE_SENSOR_SQL_H
#define VS_STORE_SENSOR_SQL_H

#include <stdbool.h>

#include "util/err.h"
#include "util/strbuf.h"

/* The group role every sensor role is a member of. */
#define SENSOR_GROUP_ROLE "vs_sensor"

/*
 * Is name a sensor role name vendorscope will create: 1..VS_MAX_SENSOR_NAME
 * bytes of [a-z0-9_], starting with a letter or '_', not starting with
 * "pg_" (PostgreSQL's own) and not the group role itself. Kept this narrow
 * so the name is the same identifier quoted or not, in any shell.
 */
bool sensor_name_ok(const char *name);

/* Is site a sensor's site: 1..VS_MAX_SITE bytes of UTF-8 without control
 * characters; VS_EBADVAL with err saying what is wrong otherwise. */
enum vs_err sensor_site_check(const char *site, struct vs_error *err);

/*
 * Append to out the SQL that creates (or updates) sensor role `name` for
 * site `site`, for psql or one simple-query round trip. site: 1..VS_MAX_SITE
 * bytes of UTF-8 without control characters, written as a standard string
 * literal (quotes doubled; backslashes are plain with
 * standard_conforming_strings, which the script sets). VS_EBADVAL with err
 * naming what is wrong with name or site; out untouched then.
 */
enum vs_err sensor_grant_sql(const char *name, const char *site, struct strbuf *out,
			     struct vs_error *err);

/*
 * The same on the store itself, which must be a PostgreSQL one (VS_EUSAGE
 * for a SQLite file): the script's statements in one transaction, the
 * site bound as a parameter. The store's connection must be allowed to
 * create roles. VS_EBADVAL for name or site as above; VS_EDB with the
 * server's word otherwise (a role that exists and is not a sensor).
 */
struct store;
enum vs_err sensor_grant(struct store *st, const char *name, const char *site,
			 struct vs_error *err);

#endif
