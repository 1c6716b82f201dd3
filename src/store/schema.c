/*
 * Versioned migrations. Each entry moves the schema from version i to i+1;
 * PRAGMA user_version records where a store is. Never edit a shipped entry:
 * add the next one.
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const migrations[] = {
	/* 1: surveys, sources, assets, shared evidence lists, vendor snapshot. */
	"CREATE TABLE survey ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  date TEXT,"
	"  scope TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");"
	"CREATE TABLE source ("
	"  id INTEGER PRIMARY KEY,"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('import','capture','scan','manual')),"
	"  format TEXT,"
	"  path TEXT,"
	"  rows INTEGER,"
	"  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");"
	/* Evidence lists are stored once and shared: a million rows imported from
	 * one export carry a few hundred distinct lists ("csv maker: HIKvision",
	 * "kb alias …", "policy …"); the row-specific part is asset.source_line. */
	"CREATE TABLE evidence_set ("
	"  id INTEGER PRIMARY KEY,"
	"  items TEXT NOT NULL UNIQUE"
	");"
	"CREATE TABLE asset ("
	"  id INTEGER PRIMARY KEY,"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	"  source_id INTEGER REFERENCES source(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL DEFAULT 'hardware' CHECK (kind IN ('hardware','software')),"
	"  type TEXT, type_raw TEXT, maker TEXT, vendor TEXT, vendor_name TEXT, brand TEXT,"
	"  model TEXT, firmware TEXT, serial TEXT, mac TEXT, ip TEXT, hostname TEXT,"
	"  department TEXT, site TEXT, zone TEXT, acquired TEXT, lifespan_years INTEGER,"
	"  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),"
	"  count_low INTEGER, count_high INTEGER,"
	"  estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0,1)),"
	"  country TEXT,"
	"  chinese INTEGER CHECK (chinese IN (0,1)),"
	"  critical INTEGER CHECK (critical IN (0,1)),"
	"  confidence REAL,"
	"  source_line TEXT,"
	"  product TEXT, publisher TEXT, owner TEXT, version TEXT, device TEXT,"
	"  data_class TEXT, origin_reported TEXT,"
	"  randomized_mac INTEGER NOT NULL DEFAULT 0,"
	"  evidence_id INTEGER REFERENCES evidence_set(id)"
	");"
	"CREATE INDEX asset_survey ON asset(survey_id, kind);"
	"CREATE TABLE vendor ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  country TEXT,"
	"  parent TEXT,"
	"  source TEXT"
	");",
	/* 2: programs find the machine they run on by host name. Partial, so a
	 * hardware import without host names pays nothing for it. */
	"CREATE INDEX asset_hostname ON asset(survey_id, hostname COLLATE NOCASE) "
	"WHERE hostname IS NOT NULL;",
	/* 3: what a captured device talked to outside the organisation: one row
	 * per external peer (address, the name the device resolved for it,
	 * its country when a geo database said), bytes both ways and when. */
	"CREATE TABLE exposure ("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  peer TEXT NOT NULL,"
	"  name TEXT,"
	"  country TEXT,"
	"  cloud TEXT,"
	"  bytes INTEGER NOT NULL DEFAULT 0,"
	"  first_seen TEXT,"
	"  last_seen TEXT"
	");"
	"CREATE INDEX exposure_asset ON exposure(asset_id);",
	/* 4: an imported row's FILE:LINE as its line number alone when FILE is
	 * its source's path (source_line NULL, the text rebuilt on reading as
	 * source.path || ':' || source_row). A million-row import wrote the
	 * file's path a million times: a sixth of the row's bytes. */
	"ALTER TABLE asset ADD COLUMN source_row INTEGER;",
	/* 5: what a capture or scan saw of a device, fact by fact, with when
	 * each was first and last seen (an auditor's "since when does this
	 * camera answer SADP?"), and the device's own first and last frame.
	 * The asset's evidence list says what decided; these are the facts. */
	"CREATE TABLE observation ("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,"
	"  method TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  confidence REAL NOT NULL,"
	"  first_seen TEXT,"
	"  last_seen TEXT"
	");"
	"CREATE INDEX observation_asset ON observation(asset_id);"
	"CREATE TABLE asset_seen ("
	"  asset_id INTEGER PRIMARY KEY REFERENCES asset(id) ON DELETE CASCADE,"
	"  first_seen TEXT,"
	"  last_seen TEXT,"
	"  packets INTEGER NOT NULL DEFAULT 0"
	");",
	/* 6: what a source is, so importing it again replaces what it gave
	 * (ingest/sources.h): its name (--source NAME, else the file's
	 * canonical path, "interface:IF" or "scan:TARGETS") and the SHA-256 of
	 * its bytes. Sources stored before carry no hash; a name is filled in
	 * only where the path already was unambiguous (absolute, a live
	 * interface, a scan's targets): a relative path depended on a working
	 * directory nobody recorded, and a wrong match would delete data. */
	"ALTER TABLE source ADD COLUMN name TEXT;"
	"ALTER TABLE source ADD COLUMN content_hash TEXT;"
	"UPDATE source SET name = path WHERE path LIKE '/%' OR path LIKE 'interface:%' "
	"OR (kind = 'scan' AND path LIKE 'scan:%');"
	"CREATE INDEX source_name ON source(survey_id, name);",
	/* 7: one register. An asset is one device whichever sources describe
	 * it, so each fact says which source gave it: removing a source takes
	 * its facts and leaves the others' (ingest_forget_source). A register
	 * row fused with a device keeps its statement as `csv` observations.
	 * Facts and exposure stored before came from the asset's own source.
	 * No index on source_id: every capture would maintain it (+35 % of
	 * the observation insert's instructions) for a removal, which scans
	 * the table once. */
	"ALTER TABLE observation ADD COLUMN source_id INTEGER REFERENCES source(id) ON DELETE CASCADE;"
	"UPDATE observation SET source_id = (SELECT source_id FROM asset WHERE asset.id = observation.asset_id);"
	"ALTER TABLE exposure ADD COLUMN source_id INTEGER REFERENCES source(id) ON DELETE CASCADE;"
	"UPDATE exposure SET source_id = (SELECT source_id FROM asset WHERE asset.id = exposure.asset_id);",
	/* 8: how an
	 * exposure row was seen. 'traffic': bytes with the peer; 'query': the
	 * device asked DNS for a vendor cloud's name and no traffic to it was
	 * seen, an attempt (a firewall may have stopped it). An attempt whose
	 * query got no address has peer '' (the column stays NOT NULL:
	 * rebuilding the table would drop columns other migrations add). */
	"ALTER TABLE exposure ADD COLUMN seen TEXT NOT NULL DEFAULT 'traffic' "
	"CHECK (seen IN ('traffic','query'));",
	/* 9: the line of a device file (nmap XML, leases, a switch table …)
	 * that stated an observation: with its source's path, the FILE:LINE an
	 * auditor opens. NULL for what a capture or scan saw. */
	"ALTER TABLE observation ADD COLUMN source_row INTEGER;",
	/* 10: phase-out tracking (track/track.h): each status change of a
	 * hardware asset, or of `units` of an aggregate row, as a row of
	 * history that is never updated. cost in øre (util/money.h), NULL
	 * when not given. The asset's survey, department and verdict are
	 * copied at the time of the change, and a removed asset (its source
	 * imported again, store_source_delete) leaves its history with
	 * asset_id NULL rather than deleting what was spent: plan versus
	 * actual still counts it, replaying it by asset_ref (the id it had;
	 * not a reference, as SQLite may give a deleted id to a new row). A deleted survey takes its history along.
	 * (changed_by, not "user": a reserved word in PostgreSQL.)
	 * Indexes: the current state of one asset is its rows by id (the
	 * last), plan versus actual replays one survey's rows asset by asset. */
	"CREATE TABLE asset_status ("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER REFERENCES asset(id) ON DELETE SET NULL,"
	"  asset_ref INTEGER NOT NULL,"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	"  state TEXT NOT NULL CHECK (state IN "
	"    ('in_service','ordered','replaced','decommissioned','exempt')),"
	"  date TEXT NOT NULL,"
	"  cost INTEGER CHECK (cost IS NULL OR cost >= 0),"
	"  units INTEGER NOT NULL CHECK (units > 0),"
	"  changed_by TEXT,"
	"  note TEXT,"
	"  reason TEXT,"
	"  department TEXT,"
	"  type TEXT,"
	"  chinese INTEGER CHECK (chinese IN (0,1)),"
	"  recorded_at TEXT NOT NULL,"
	"  CHECK (state <> 'exempt' OR (reason IS NOT NULL AND reason <> ''))"
	");"
	"CREATE INDEX asset_status_asset ON asset_status(asset_id, id);"
	"CREATE INDEX asset_status_survey ON asset_status(survey_id, asset_ref, id);",
	/* 11: an asset id is never given twice. Without AUTOINCREMENT SQLite
	 * gives max(id) + 1, so a source imported again got the ids of the
	 * rows it replaced, and a status history kept by asset_ref (10) could
	 * be replayed with another device's. SQLite adds AUTOINCREMENT only
	 * to a new table: the table is rebuilt (store.c runs migrations with
	 * foreign keys off, so dropping the old one cascades nothing; the
	 * other tables' REFERENCES asset(id) then name the new one). Columns
	 * in the old order (1, then 4's source_row), so SELECT * copies them.
	 * PostgreSQL: an identity column never gives a number twice already,
	 * so the rebuild's statements are marked SQLite's only (db_pg_ddl
	 * leaves out a statement that starts with the comment sqlite).
	 *
	 * asset_gone: what a removed asset with status history was (track/
	 * carry.c): when the source that gave it is imported again, or another
	 * source of the survey states the same device, its history moves to
	 * the new asset by these keys; until then it is detached (`status
	 * --detached`), why says why it was not carried. asset_ref is the id
	 * of asset_status.asset_ref. */
	"/*sqlite*/ CREATE TABLE asset_v11 ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	"  source_id INTEGER REFERENCES source(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL DEFAULT 'hardware' CHECK (kind IN ('hardware','software')),"
	"  type TEXT, type_raw TEXT, maker TEXT, vendor TEXT, vendor_name TEXT, brand TEXT,"
	"  model TEXT, firmware TEXT, serial TEXT, mac TEXT, ip TEXT, hostname TEXT,"
	"  department TEXT, site TEXT, zone TEXT, acquired TEXT, lifespan_years INTEGER,"
	"  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),"
	"  count_low INTEGER, count_high INTEGER,"
	"  estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0,1)),"
	"  country TEXT,"
	"  chinese INTEGER CHECK (chinese IN (0,1)),"
	"  critical INTEGER CHECK (critical IN (0,1)),"
	"  confidence REAL,"
	"  source_line TEXT,"
	"  product TEXT, publisher TEXT, owner TEXT, version TEXT, device TEXT,"
	"  data_class TEXT, origin_reported TEXT,"
	"  randomized_mac INTEGER NOT NULL DEFAULT 0,"
	"  evidence_id INTEGER REFERENCES evidence_set(id),"
	"  source_row INTEGER"
	");"
	"/*sqlite*/ INSERT INTO asset_v11 SELECT * FROM asset;"
	/* The highest id ever given, also of rows removed before: history
	 * names them (AUTOINCREMENT starts above the table's max only). */
	"/*sqlite*/ UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(asset_ref) FROM asset_status), 0))"
	" WHERE name = 'asset_v11';"
	"/*sqlite*/ INSERT INTO sqlite_sequence(name, seq) SELECT 'asset_v11', max(asset_ref) FROM asset_status"
	" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'asset_v11')"
	" HAVING max(asset_ref) IS NOT NULL;"
	"/*sqlite*/ DROP TABLE asset;"
	"/*sqlite*/ ALTER TABLE asset_v11 RENAME TO asset;"
	"/*sqlite*/ CREATE INDEX asset_survey ON asset(survey_id, kind);"
	"/*sqlite*/ CREATE INDEX asset_hostname ON asset(survey_id, hostname COLLATE NOCASE) "
	"WHERE hostname IS NOT NULL;"
	"CREATE TABLE asset_gone ("
	"  asset_ref INTEGER PRIMARY KEY,"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	"  source_name TEXT,"
	"  count INTEGER NOT NULL,"
	"  type TEXT, maker TEXT, brand TEXT, model TEXT, department TEXT, site TEXT,"
	"  serial TEXT COLLATE NOCASE, mac TEXT COLLATE NOCASE, hostname TEXT COLLATE NOCASE,"
	"  gone_at TEXT NOT NULL,"
	"  why TEXT"
	");"
	/* Each new asset of an import is looked up by each key while the
	 * survey has detached history (store_status_candidates). */
	"CREATE INDEX asset_gone_serial ON asset_gone(survey_id, serial);"
	"CREATE INDEX asset_gone_mac ON asset_gone(survey_id, mac);"
	"CREATE INDEX asset_gone_host ON asset_gone(survey_id, hostname);"
	"CREATE INDEX asset_gone_row ON asset_gone(survey_id, type, department);",
	/* 12: on PostgreSQL the three references of asset are checked per
	 * statement instead of per row (schema_migration_pg); SQLite keeps
	 * its foreign keys, which cost it little. */
	"",
	/* 13: what sensors saw, waiting for the store's owner to move it into
	 * the register (store/sensor_store.h, ingest/sensor.h). A sensor at a
	 * site adds one sensor_source row per capture or scan, its header the
	 * recovery format's first line (import/recovery.h), and one
	 * sensor_observation row per device, its line the format's device
	 * line; `db import-sensors` stores each source as importing the
	 * recovery file would, then sets imported_at. sensor_site says which
	 * PostgreSQL role is the sensor of which site (role-less on SQLite,
	 * where a laptop is its own sensor). The composite reference keeps an
	 * observation at its source's site; an observation's id keeps the
	 * order the sensor wrote its devices in. On PostgreSQL the part after
	 * this (schema_migration_pg) adds row-level security: a sensor adds
	 * rows of its own site and reads none but its own sources' ids. */
	"CREATE TABLE sensor_site ("
	"  role TEXT PRIMARY KEY,"
	"  site TEXT NOT NULL"
	");"
	"CREATE TABLE sensor_source ("
	"  id INTEGER PRIMARY KEY,"
	"  site TEXT NOT NULL,"
	"  header TEXT NOT NULL,"
	"  added_by TEXT,"
	"  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  imported_at TEXT,"
	"  UNIQUE (id, site)"
	");"
	"CREATE TABLE sensor_observation ("
	"  id INTEGER PRIMARY KEY,"
	"  source_id INTEGER NOT NULL,"
	"  site TEXT NOT NULL,"
	"  line TEXT NOT NULL,"
	"  FOREIGN KEY (source_id, site) REFERENCES sensor_source(id, site) ON DELETE CASCADE"
	");"
	"CREATE INDEX sensor_observation_source ON sensor_observation(source_id, id);"
	/* The importer's work list: the sources not imported yet. */
	"CREATE INDEX sensor_source_pending ON sensor_source(id) WHERE imported_at IS NULL;",
	/* 14: on PostgreSQL the per-statement check of 12 reads the
	 * statement's rows once instead of three times
	 * (schema_migration_pg). */
	"",
	/* 15: on PostgreSQL a shared verdict table and a narrow asset row
	 * partitioned by survey, behind a view named asset
	 * (schema_migration_pg); SQLite keeps its table. */
	"",
};

/*
 * 12 on PostgreSQL. A foreign key is checked by a trigger per inserted
 * row (a SELECT … FOR KEY SHARE per row and key): three per asset were
 * most of the server's time in a COPY of a million rows (docs/
 * benchmarks.md). The same guarantee set-based: after each INSERT or COPY
 * statement into asset, its distinct survey, source and evidence ids are
 * locked as a foreign key's check locks them (a delete of a parent waits
 * for this transaction, or this one fails on a parent deleted first) and
 * counted against what exists; an UPDATE that changes one of them is
 * checked per row as before. What ON DELETE CASCADE did is a statement
 * trigger on survey and source; an evidence list still referenced
 * cannot be deleted; no parent's id changes. A violation is SQLSTATE
 * 23503, as a foreign key's.
 */
static const char migration_12_pg[] =
	/* By what they refer to, not by name: a rebuilt asset table (as an
	 * SQLite-style migration does it) names its keys after the new table. */
	"DO $d$ DECLARE c record; BEGIN\n"
	"  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'asset'::regclass\n"
	"    AND contype = 'f' AND confrelid IN\n"
	"    ('survey'::regclass, 'source'::regclass, 'evidence_set'::regclass) LOOP\n"
	"    EXECUTE format('ALTER TABLE asset DROP CONSTRAINT %I', c.conname);\n"
	"  END LOOP;\n"
	"END $d$;"
	"CREATE FUNCTION vs_asset_refs_inserted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"DECLARE missing bigint;\n"
	"BEGIN\n"
	"  WITH k AS (SELECT DISTINCT survey_id AS id FROM new_rows),\n"
	"       l AS (SELECT id FROM survey WHERE id IN (SELECT id FROM k) FOR KEY SHARE)\n"
	"  SELECT (SELECT count(*) FROM k) - (SELECT count(*) FROM l) INTO missing;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % survey id(s) not in survey', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  WITH k AS (SELECT DISTINCT source_id AS id FROM new_rows WHERE source_id IS NOT NULL),\n"
	"       l AS (SELECT id FROM source WHERE id IN (SELECT id FROM k) FOR KEY SHARE)\n"
	"  SELECT (SELECT count(*) FROM k) - (SELECT count(*) FROM l) INTO missing;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % source id(s) not in source', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  WITH k AS (SELECT DISTINCT evidence_id AS id FROM new_rows WHERE evidence_id IS NOT NULL),\n"
	"       l AS (SELECT id FROM evidence_set WHERE id IN (SELECT id FROM k) FOR KEY SHARE)\n"
	"  SELECT (SELECT count(*) FROM k) - (SELECT count(*) FROM l) INTO missing;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % evidence id(s) not in evidence_set', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;"
	"CREATE TRIGGER asset_refs_inserted AFTER INSERT ON asset"
	"  REFERENCING NEW TABLE AS new_rows"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_asset_refs_inserted();"
	"CREATE FUNCTION vs_asset_refs_updated() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  PERFORM 1 FROM survey WHERE id = NEW.survey_id FOR KEY SHARE;\n"
	"  IF NOT FOUND THEN RAISE EXCEPTION 'asset: survey id % not in survey', NEW.survey_id\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  IF NEW.source_id IS NOT NULL THEN\n"
	"    PERFORM 1 FROM source WHERE id = NEW.source_id FOR KEY SHARE;\n"
	"    IF NOT FOUND THEN RAISE EXCEPTION 'asset: source id % not in source', NEW.source_id\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  END IF;\n"
	"  IF NEW.evidence_id IS NOT NULL THEN\n"
	"    PERFORM 1 FROM evidence_set WHERE id = NEW.evidence_id FOR KEY SHARE;\n"
	"    IF NOT FOUND THEN RAISE EXCEPTION 'asset: evidence id % not in evidence_set',\n"
	"      NEW.evidence_id USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;"
	"CREATE TRIGGER asset_refs_updated AFTER UPDATE ON asset FOR EACH ROW"
	"  WHEN (NEW.survey_id IS DISTINCT FROM OLD.survey_id"
	"    OR NEW.source_id IS DISTINCT FROM OLD.source_id"
	"    OR NEW.evidence_id IS DISTINCT FROM OLD.evidence_id)"
	"  EXECUTE FUNCTION vs_asset_refs_updated();"
	"CREATE FUNCTION vs_survey_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN DELETE FROM asset WHERE survey_id IN (SELECT id FROM old_rows); RETURN NULL; END $f$;"
	"CREATE TRIGGER survey_deleted AFTER DELETE ON survey REFERENCING OLD TABLE AS old_rows"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_survey_deleted();"
	"CREATE FUNCTION vs_source_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN DELETE FROM asset WHERE source_id IN (SELECT id FROM old_rows); RETURN NULL; END $f$;"
	"CREATE TRIGGER source_deleted AFTER DELETE ON source REFERENCING OLD TABLE AS old_rows"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_source_deleted();"
	"CREATE FUNCTION vs_evidence_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  IF EXISTS (SELECT 1 FROM asset WHERE evidence_id IN (SELECT id FROM old_rows)) THEN\n"
	"    RAISE EXCEPTION 'evidence_set: a deleted list is still referenced by asset'\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;"
	"CREATE TRIGGER evidence_deleted AFTER DELETE ON evidence_set REFERENCING OLD TABLE AS old_rows"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_evidence_deleted();"
	"CREATE FUNCTION vs_id_kept() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN RAISE EXCEPTION '%: ids are not changed (asset refers to them)', TG_TABLE_NAME\n"
	"  USING ERRCODE = 'foreign_key_violation'; END $f$;"
	"CREATE TRIGGER survey_id_kept BEFORE UPDATE OF id ON survey FOR EACH ROW"
	"  WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION vs_id_kept();"
	"CREATE TRIGGER source_id_kept BEFORE UPDATE OF id ON source FOR EACH ROW"
	"  WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION vs_id_kept();"
	"CREATE TRIGGER evidence_id_kept BEFORE UPDATE OF id ON evidence_set FOR EACH ROW"
	"  WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION vs_id_kept();";

/*
 * 13 on PostgreSQL, before the shared part: `db grant-sensor` made the
 * sensor tables itself (IF NOT EXISTS) before they were a migration, with
 * other types (role and added_by of type name, times as timestamptz) and
 * no id per observation. Their rows wait in temporary tables while the
 * migration makes the tables anew; the part after puts them back.
 */
static const char migration_13_pg_first[] =
	"DO $d$ BEGIN\n"
	"  IF to_regclass('sensor_source') IS NOT NULL THEN\n"
	"    CREATE TEMP TABLE vs13_site ON COMMIT DROP AS SELECT role::text AS role, site FROM sensor_site;\n"
	"    CREATE TEMP TABLE vs13_source ON COMMIT DROP AS SELECT id, site, header, added_by::text AS added_by,\n"
	"      to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS added_at,\n"
	"      to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS imported_at\n"
	"      FROM sensor_source;\n"
	"    CREATE TEMP TABLE vs13_observation ON COMMIT DROP AS\n"
	"      SELECT row_number() OVER (ORDER BY ctid) AS n, source_id, site, line FROM sensor_observation;\n"
	"    DROP TABLE sensor_observation, sensor_source, sensor_site;\n"
	"  END IF;\n"
	"END $d$;";

/*
 * 13 on PostgreSQL, after the shared part: the sensor tables' row-level
 * security (store/sensor_sql.h). A sensor role is a member of vs_sensor
 * with a row in sensor_site; the policies compare each new row with that
 * row, so they never change as sensors are added. added_by is the role
 * that wrote a source, set by the server (a sensor may not write the
 * column). A sensor reads its own site row and the ids of its own sources
 * (the RETURNING of a new source) and nothing else; it adds observations
 * only to a source of its own. The owner is not subject to the policies
 * (no FORCE), so the importer reads everything.
 *
 * The role vs_sensor is not made here: creating a role needs CREATEROLE,
 * which the owner opening a store (and so migrating it) need not have;
 * `db grant-sensor` makes it and grants what follows. A store migrated
 * with sensors already granted (by grant-sensor before this migration)
 * keeps them working: the same grants again, when the role exists.
 */
static const char migration_13_pg[] =
	"ALTER TABLE sensor_source ALTER COLUMN added_by SET DEFAULT current_user;"
	"DO $d$ BEGIN\n"
	"  IF to_regclass('pg_temp.vs13_source') IS NOT NULL THEN\n"
	"    INSERT INTO sensor_site (role, site) SELECT role, site FROM pg_temp.vs13_site;\n"
	"    INSERT INTO sensor_source (id, site, header, added_by, added_at, imported_at)\n"
	"      SELECT id, site, header, added_by, added_at, imported_at FROM pg_temp.vs13_source;\n"
	"    PERFORM setval(pg_get_serial_sequence('sensor_source', 'id'),\n"
	"      coalesce((SELECT max(id) FROM sensor_source), 0) + 1, false);\n"
	"    INSERT INTO sensor_observation (source_id, site, line)\n"
	"      SELECT source_id, site, line FROM pg_temp.vs13_observation ORDER BY n;\n"
	"  END IF;\n"
	"END $d$;"
	"ALTER TABLE sensor_site ENABLE ROW LEVEL SECURITY;"
	"ALTER TABLE sensor_source ENABLE ROW LEVEL SECURITY;"
	"ALTER TABLE sensor_observation ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY sensor_own_row ON sensor_site FOR SELECT USING (role = current_user);"
	"CREATE POLICY sensor_add ON sensor_source FOR INSERT"
	"  WITH CHECK (added_by = current_user"
	"    AND site = (SELECT s.site FROM sensor_site s WHERE s.role = current_user));"
	"CREATE POLICY sensor_own ON sensor_source FOR SELECT USING (added_by = current_user);"
	/* The sensor sees only its own sources (sensor_own): the source must
	 * be one of them. */
	"CREATE POLICY sensor_add ON sensor_observation FOR INSERT"
	"  WITH CHECK (site = (SELECT s.site FROM sensor_site s WHERE s.role = current_user)"
	"    AND EXISTS (SELECT 1 FROM sensor_source s WHERE s.id = source_id));"
	"DO $d$ BEGIN\n"
	"  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vs_sensor') THEN\n"
	"    GRANT SELECT ON vendorscope_schema, sensor_site TO vs_sensor;\n"
	"    GRANT SELECT (id), INSERT (site, header) ON sensor_source TO vs_sensor;\n"
	"    GRANT INSERT (source_id, site, line) ON sensor_observation TO vs_sensor;\n"
	"  END IF;\n"
	"END $d$;";

/*
 * 14 on PostgreSQL: 12's check, the same locks and errors, with one pass
 * over the transition table (a hash of the distinct survey, source and
 * evidence ids, a few hundred for a million rows) instead of three
 * DISTINCTs over it. The transition table of a million-row COPY is 270 MB
 * spilled to a temporary file; each pass read it again: 0.25 s of the
 * server's CPU (docs/benchmarks.md). A statement that inserts no row
 * finds nothing missing, as before.
 */
static const char migration_14_pg[] =
	"CREATE OR REPLACE FUNCTION vs_asset_refs_inserted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"DECLARE missing bigint; surveys bigint[]; sources bigint[]; lists bigint[];\n"
	"BEGIN\n"
	"  WITH k AS MATERIALIZED (SELECT DISTINCT survey_id, source_id, evidence_id FROM new_rows)\n"
	"  SELECT array_agg(DISTINCT survey_id),\n"
	"         array_agg(DISTINCT source_id) FILTER (WHERE source_id IS NOT NULL),\n"
	"         array_agg(DISTINCT evidence_id) FILTER (WHERE evidence_id IS NOT NULL)\n"
	"    INTO surveys, sources, lists FROM k;\n"
	"  SELECT coalesce(cardinality(surveys), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM survey WHERE id = ANY (surveys) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % survey id(s) not in survey', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  SELECT coalesce(cardinality(sources), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM source WHERE id = ANY (sources) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % source id(s) not in source', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  SELECT coalesce(cardinality(lists), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM evidence_set WHERE id = ANY (lists) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % evidence id(s) not in evidence_set', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;";

/*
 * 15 on PostgreSQL: the asset row narrowed and partitioned by survey, so
 * a million-row import comes near the cost of psql's \copy of its file
 * (issue 14; docs/benchmarks.md, "Toward 2x" and "Migration 15").
 *
 * - What identification decided (the 16 columns of kind, type, maker,
 *   vendor, country, chinese, confidence, evidence list ...) is a row of
 *   `verdict`, stored once and shared: a million imported rows hold a
 *   hundred or so. Its key is a hash of all 16 (NULLs distinct from any
 *   value, the confidence by its bits), computed by the server (a row
 *   trigger: a generated column ran the SQL function through the function
 *   executor, 60 us a verdict), so one verdict is one row whoever stores
 *   it; vs_verdict_id finds or adds it. Deleting an evidence list deletes
 *   its verdicts, refused while an asset has one (as 12 refused it).
 * - What differs per device is `asset_row`, partitioned by survey: the
 *   partition is the survey, so no survey index is kept, and a survey's
 *   first bulk load goes into a table of its own (vs_asset_bulk_begin),
 *   gets its key on id built once and its references checked in one pass
 *   after the COPY, and is attached (vs_asset_bulk_end: ATTACH takes SHARE
 *   UPDATE EXCLUSIVE, so readers go on). Other writes create the
 *   survey's partition first (vs_asset_partition). A partition has a
 *   unique index on id, and one on host name once a row of it has one.
 * - `asset` is a view over the two with today's columns in today's
 *   order, so every reader's SQL stays as it is; INSTEAD OF triggers make
 *   it writable as the table was (kind, count, estimated, randomized_mac
 *   and id keep their defaults). The store's own bulk path writes
 *   asset_row directly.
 * - References: a partitioned table without survey_id in its key cannot
 *   be a foreign key's target, so the foreign keys from observation,
 *   exposure, asset_seen and asset_status to asset(id) become triggers:
 *   a row-level check on the child (measured: as cheap as the foreign
 *   key's), and the cascade (or SET NULL for statuses) per statement on
 *   asset_row. asset_row's own references (survey, source, verdict):
 *   a bulk table's in one pass before it is attached; a bulk load into a
 *   partition that exists per statement, as migrations 12 and 14 did; a
 *   single row (a capture's, a scan's) per row, as the statement check
 *   with its transition table cost 290 us a row. vendorscope.bulk, set by
 *   vs_asset_bulk_begin for the load, says which of the last two runs;
 *   whatever it says, one does. An evidence list is referenced by
 *   verdict's real foreign key (a handful of rows).
 * - Ids never given twice (11): asset_row_id continues the old identity,
 *   past any id history names. Every taker of an id holds the store's
 *   write lock (vs_asset_next_id, the advisory lock of every vendorscope
 *   write transaction), so a bulk load takes one id and gives the rest
 *   itself, setting the sequence past them at its end.
 * - Grants on the old table move to the view. A view someone made on
 *   asset stops the migration (no CASCADE) rather than being dropped.
 */
static const char migration_15_pg[] =
	"CREATE SEQUENCE asset_row_id AS bigint;\n"
	"CREATE FUNCTION vs_asset_next_id() RETURNS bigint LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  PERFORM pg_advisory_xact_lock(1448297295);\n"
	"  RETURN nextval('asset_row_id');\n"
	"END $f$;\n"
	"CREATE FUNCTION vs_verdict_key(kind text, type text, type_raw text, maker text, vendor text,\n"
	"  vendor_name text, brand text, country text, chinese bigint, critical bigint,\n"
	"  confidence double precision, evidence_id bigint, product text, publisher text,\n"
	"  version text, origin_reported text) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
	"SELECT sha256(convert_to(concat_ws(',', quote_nullable(kind), quote_nullable(type),\n"
	"  quote_nullable(type_raw), quote_nullable(maker), quote_nullable(vendor),\n"
	"  quote_nullable(vendor_name), quote_nullable(brand), quote_nullable(country),\n"
	"  quote_nullable(chinese::text), quote_nullable(critical::text),\n"
	"  quote_nullable(encode(float8send(confidence), 'hex')), quote_nullable(evidence_id::text),\n"
	"  quote_nullable(product), quote_nullable(publisher), quote_nullable(version),\n"
	"  quote_nullable(origin_reported)), 'UTF8'))\n"
	"$f$;\n"
	"CREATE TABLE verdict (\n"
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  kind text COLLATE \"C\" NOT NULL DEFAULT 'hardware' CHECK (kind IN ('hardware', 'software')),\n"
	"  type text COLLATE \"C\", type_raw text COLLATE \"C\", maker text COLLATE \"C\",\n"
	"  vendor text COLLATE \"C\", vendor_name text COLLATE \"C\", brand text COLLATE \"C\",\n"
	"  country text COLLATE \"C\",\n"
	"  chinese bigint CHECK (chinese IN (0, 1)),\n"
	"  critical bigint CHECK (critical IN (0, 1)),\n"
	"  confidence double precision,\n"
	"  evidence_id bigint REFERENCES evidence_set(id) ON DELETE CASCADE,\n"
	"  product text COLLATE \"C\", publisher text COLLATE \"C\", version text COLLATE \"C\",\n"
	"  origin_reported text COLLATE \"C\",\n"
	"  key bytea NOT NULL UNIQUE\n"
	");\n"
	"CREATE FUNCTION vs_verdict_keyed() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  NEW.key := vs_verdict_key(NEW.kind, NEW.type, NEW.type_raw, NEW.maker, NEW.vendor,\n"
	"    NEW.vendor_name, NEW.brand, NEW.country, NEW.chinese, NEW.critical, NEW.confidence,\n"
	"    NEW.evidence_id, NEW.product, NEW.publisher, NEW.version, NEW.origin_reported);\n"
	"  RETURN NEW;\n"
	"END $f$;\n"
	"CREATE TRIGGER verdict_keyed BEFORE INSERT OR UPDATE ON verdict FOR EACH ROW\n"
	"  EXECUTE FUNCTION vs_verdict_keyed();\n"
	"CREATE FUNCTION vs_verdict_id(p_kind text, p_type text, p_type_raw text, p_maker text,\n"
	"  p_vendor text, p_vendor_name text, p_brand text, p_country text, p_chinese bigint,\n"
	"  p_critical bigint, p_confidence double precision, p_evidence_id bigint, p_product text,\n"
	"  p_publisher text, p_version text, p_origin_reported text) RETURNS bigint LANGUAGE plpgsql AS $f$\n"
	"DECLARE\n"
	"  k bytea := vs_verdict_key(p_kind, p_type, p_type_raw, p_maker, p_vendor, p_vendor_name,\n"
	"    p_brand, p_country, p_chinese, p_critical, p_confidence, p_evidence_id, p_product,\n"
	"    p_publisher, p_version, p_origin_reported);\n"
	"  v bigint;\n"
	"BEGIN\n"
	"  SELECT id INTO v FROM verdict WHERE key = k;\n"
	"  IF FOUND THEN RETURN v; END IF;\n"
	"  INSERT INTO verdict (kind, type, type_raw, maker, vendor, vendor_name, brand, country,\n"
	"    chinese, critical, confidence, evidence_id, product, publisher, version, origin_reported)\n"
	"  VALUES (p_kind, p_type, p_type_raw, p_maker, p_vendor, p_vendor_name, p_brand, p_country,\n"
	"    p_chinese, p_critical, p_confidence, p_evidence_id, p_product, p_publisher, p_version,\n"
	"    p_origin_reported)\n"
	"  ON CONFLICT (key) DO NOTHING RETURNING id INTO v;\n"
	"  IF v IS NULL THEN SELECT id INTO v FROM verdict WHERE key = k; END IF;\n"
	"  RETURN v;\n"
	"END $f$;\n"
	"CREATE TABLE asset_row (\n"
	"  id bigint NOT NULL DEFAULT vs_asset_next_id(),\n"
	"  survey_id bigint NOT NULL,\n"
	"  source_id bigint,\n"
	"  verdict_id bigint NOT NULL,\n"
	"  model text COLLATE \"C\", firmware text COLLATE \"C\", serial text COLLATE \"C\",\n"
	"  mac text COLLATE \"C\", ip text COLLATE \"C\", hostname text COLLATE \"C\",\n"
	"  department text COLLATE \"C\", site text COLLATE \"C\", zone text COLLATE \"C\",\n"
	"  acquired text COLLATE \"C\",\n"
	"  lifespan_years bigint,\n"
	"  count bigint NOT NULL DEFAULT 1 CHECK (count >= 0),\n"
	"  count_low bigint, count_high bigint,\n"
	"  estimated bigint NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),\n"
	"  source_line text COLLATE \"C\", owner text COLLATE \"C\", device text COLLATE \"C\",\n"
	"  data_class text COLLATE \"C\",\n"
	"  randomized_mac bigint NOT NULL DEFAULT 0,\n"
	"  source_row bigint\n"
	") PARTITION BY LIST (survey_id);\n"
	"ALTER SEQUENCE asset_row_id OWNED BY asset_row.id;\n"
	"CREATE FUNCTION vs_asset_partition(p_survey bigint, p_hostnames boolean) RETURNS void\n"
	"LANGUAGE plpgsql AS $f$\n"
	"DECLARE t text := 'asset_row_s' || p_survey;\n"
	"BEGIN\n"
	"  IF to_regclass(t) IS NULL THEN\n"
	"    PERFORM 1 FROM survey WHERE id = p_survey FOR KEY SHARE;\n"
	"    IF NOT FOUND THEN RAISE EXCEPTION 'asset: survey id % not in survey', p_survey\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"    EXECUTE format('CREATE TABLE %I (LIKE asset_row INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'\n"
	"      ' CHECK (survey_id = %s))', t, p_survey);\n"
	"    EXECUTE format('CREATE UNIQUE INDEX %I ON %I (id)', t || '_id', t);\n"
	"    p_hostnames := true;\n"
	"    EXECUTE format('ALTER TABLE asset_row ATTACH PARTITION %I FOR VALUES IN (%s)', t, p_survey);\n"
	"  END IF;\n"
	"  IF p_hostnames AND to_regclass(t || '_hostname') IS NULL THEN\n"
	"    EXECUTE format('CREATE INDEX %I ON %I (hostname COLLATE nocase) WHERE hostname IS NOT NULL',\n"
	"      t || '_hostname', t);\n"
	"  END IF;\n"
	"END $f$;\n"
	"CREATE FUNCTION vs_asset_bulk_begin(p_survey bigint, OUT target text, OUT first_id bigint)\n"
	"LANGUAGE plpgsql AS $f$\n"
	"DECLARE t text := 'asset_row_s' || p_survey;\n"
	"BEGIN\n"
	"  first_id := vs_asset_next_id();\n"
	"  IF to_regclass(t) IS NOT NULL THEN\n"
	"    PERFORM set_config('vendorscope.bulk', 'on', true);\n"
	"    target := 'asset_row';\n"
	"    RETURN;\n"
	"  END IF;\n"
	"  EXECUTE format('CREATE TABLE %I (LIKE asset_row INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'\n"
	"    ' CHECK (survey_id = %s))', t, p_survey);\n"
	"  target := quote_ident(t);\n"
	"END $f$;\n"
	"CREATE FUNCTION vs_asset_refs_missing(surveys bigint[], sources bigint[], verdicts bigint[])\n"
	"RETURNS void LANGUAGE plpgsql AS $f$\n"
	"DECLARE missing bigint;\n"
	"BEGIN\n"
	"  SELECT coalesce(cardinality(surveys), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM survey WHERE id = ANY (surveys) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % survey id(s) not in survey', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  SELECT coalesce(cardinality(sources), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM source WHERE id = ANY (sources) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % source id(s) not in source', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  SELECT coalesce(cardinality(verdicts), 0) - count(*) INTO missing\n"
	"    FROM (SELECT 1 FROM verdict WHERE id = ANY (verdicts) FOR KEY SHARE) l;\n"
	"  IF missing > 0 THEN RAISE EXCEPTION 'asset: % verdict id(s) not in verdict', missing\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"END $f$;\n"
	"CREATE FUNCTION vs_asset_bulk_end(p_survey bigint, p_hostnames boolean, p_last_id bigint)\n"
	"RETURNS void LANGUAGE plpgsql SET maintenance_work_mem = '256MB' AS $f$\n"
	"DECLARE t text := 'asset_row_s' || p_survey; attached boolean; sources bigint[]; verdicts bigint[];\n"
	"BEGIN\n"
	"  IF p_last_id > 0 THEN PERFORM setval('asset_row_id', p_last_id); END IF;\n"
	"  SELECT relispartition INTO attached FROM pg_class WHERE oid = to_regclass(t);\n"
	"  PERFORM set_config('vendorscope.bulk', 'off', true);\n"
	"  IF attached IS NULL OR attached THEN\n"
	"    PERFORM vs_asset_partition(p_survey, p_hostnames);\n"
	"    RETURN;\n"
	"  END IF;\n"
	"  EXECUTE format('CREATE UNIQUE INDEX %I ON %I (id)', t || '_id', t);\n"
	"  IF p_hostnames THEN\n"
	"    EXECUTE format('CREATE INDEX %I ON %I (hostname COLLATE nocase) WHERE hostname IS NOT NULL',\n"
	"      t || '_hostname', t);\n"
	"  END IF;\n"
	"  EXECUTE format('SELECT array_agg(DISTINCT s) FILTER (WHERE s IS NOT NULL), array_agg(DISTINCT v)'\n"
	"    ' FROM (SELECT DISTINCT source_id AS s, verdict_id AS v FROM %I) d', t) INTO sources, verdicts;\n"
	"  PERFORM vs_asset_refs_missing(ARRAY[p_survey], sources, verdicts);\n"
	"  EXECUTE format('ALTER TABLE asset_row ATTACH PARTITION %I FOR VALUES IN (%s)', t, p_survey);\n"
	"END $f$;\n"
	"INSERT INTO verdict (kind, type, type_raw, maker, vendor, vendor_name, brand, country, chinese,\n"
	"  critical, confidence, evidence_id, product, publisher, version, origin_reported)\n"
	"SELECT DISTINCT kind, type, type_raw, maker, vendor, vendor_name, brand, country, chinese,\n"
	"  critical, confidence, evidence_id, product, publisher, version, origin_reported FROM asset;\n"
	"SELECT vs_asset_partition(s.survey_id, true) FROM (SELECT DISTINCT survey_id FROM asset) s;\n"
	"INSERT INTO asset_row (id, survey_id, source_id, verdict_id, model, firmware, serial, mac, ip,\n"
	"  hostname, department, site, zone, acquired, lifespan_years, count, count_low, count_high,\n"
	"  estimated, source_line, owner, device, data_class, randomized_mac, source_row)\n"
	"SELECT a.id, a.survey_id, a.source_id, v.id, a.model, a.firmware, a.serial, a.mac, a.ip,\n"
	"  a.hostname, a.department, a.site, a.zone, a.acquired, a.lifespan_years, a.count, a.count_low,\n"
	"  a.count_high, a.estimated, a.source_line, a.owner, a.device, a.data_class, a.randomized_mac,\n"
	"  a.source_row\n"
	"FROM asset a JOIN verdict v ON v.key = vs_verdict_key(a.kind, a.type, a.type_raw, a.maker,\n"
	"  a.vendor, a.vendor_name, a.brand, a.country, a.chinese, a.critical, a.confidence,\n"
	"  a.evidence_id, a.product, a.publisher, a.version, a.origin_reported)\n"
	"ORDER BY a.id;\n"
	"DO $d$ DECLARE last bigint; called boolean; v bigint;\n"
	"BEGIN\n"
	"  EXECUTE format('SELECT last_value, is_called FROM %s', pg_get_serial_sequence('asset', 'id'))\n"
	"    INTO last, called;\n"
	"  v := greatest(CASE WHEN called THEN last ELSE 0 END,\n"
	"    (SELECT coalesce(max(id), 0) FROM asset),\n"
	"    (SELECT coalesce(max(asset_ref), 0) FROM asset_status));\n"
	"  IF v > 0 THEN PERFORM setval('asset_row_id', v); END IF;\n"
	"END $d$;\n"
	"CREATE TEMP TABLE vs15_grants ON COMMIT DROP AS\n"
	"  SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_class c,\n"
	"    aclexplode(c.relacl) a WHERE c.oid = 'asset'::regclass AND a.grantee <> c.relowner;\n"
	"DO $d$ DECLARE c record; BEGIN\n"
	"  FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint\n"
	"    WHERE confrelid = 'asset'::regclass AND contype = 'f' LOOP\n"
	"    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname);\n"
	"  END LOOP;\n"
	"END $d$;\n"
	"DROP TABLE asset;\n"
	"DROP TRIGGER evidence_deleted ON evidence_set;\n"
	"DROP FUNCTION vs_evidence_deleted(), vs_asset_refs_updated();\n"
	"CREATE VIEW asset AS\n"
	"SELECT r.id, r.survey_id, r.source_id, v.kind, v.type, v.type_raw, v.maker, v.vendor,\n"
	"  v.vendor_name, v.brand, r.model, r.firmware, r.serial, r.mac, r.ip, r.hostname,\n"
	"  r.department, r.site, r.zone, r.acquired, r.lifespan_years, r.count, r.count_low,\n"
	"  r.count_high, r.estimated, v.country, v.chinese, v.critical, v.confidence, r.source_line,\n"
	"  v.product, v.publisher, r.owner, v.version, r.device, r.data_class, v.origin_reported,\n"
	"  r.randomized_mac, v.evidence_id, r.source_row\n"
	"FROM asset_row r LEFT JOIN verdict v ON v.id = r.verdict_id;\n"
	"DO $d$ DECLARE g record; BEGIN\n"
	"  FOR g IN SELECT * FROM pg_temp.vs15_grants LOOP\n"
	"    EXECUTE format('GRANT %s ON asset TO %s%s', g.privilege_type,\n"
	"      CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(g.grantee::regrole::text) END,\n"
	"      CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);\n"
	"  END LOOP;\n"
	"END $d$;\n"
	"ALTER VIEW asset ALTER COLUMN id SET DEFAULT vs_asset_next_id();\n"
	"ALTER VIEW asset ALTER COLUMN kind SET DEFAULT 'hardware';\n"
	"ALTER VIEW asset ALTER COLUMN count SET DEFAULT 1;\n"
	"ALTER VIEW asset ALTER COLUMN estimated SET DEFAULT 0;\n"
	"ALTER VIEW asset ALTER COLUMN randomized_mac SET DEFAULT 0;\n"
	"CREATE FUNCTION vs_asset_written() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"DECLARE verdict_of bigint;\n"
	"BEGIN\n"
	"  IF TG_OP = 'DELETE' THEN\n"
	"    DELETE FROM asset_row WHERE id = OLD.id;\n"
	"    RETURN OLD;\n"
	"  END IF;\n"
	"  IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN\n"
	"    RAISE EXCEPTION 'asset: ids are not changed (observations and statuses refer to them)'\n"
	"      USING ERRCODE = 'foreign_key_violation';\n"
	"  END IF;\n"
	"  PERFORM vs_asset_partition(NEW.survey_id, false);\n"
	"  verdict_of := vs_verdict_id(NEW.kind, NEW.type, NEW.type_raw, NEW.maker, NEW.vendor,\n"
	"    NEW.vendor_name, NEW.brand, NEW.country, NEW.chinese, NEW.critical, NEW.confidence,\n"
	"    NEW.evidence_id, NEW.product, NEW.publisher, NEW.version, NEW.origin_reported);\n"
	"  IF TG_OP = 'INSERT' THEN\n"
	"    INSERT INTO asset_row (id, survey_id, source_id, verdict_id, model, firmware, serial, mac,\n"
	"      ip, hostname, department, site, zone, acquired, lifespan_years, count, count_low,\n"
	"      count_high, estimated, source_line, owner, device, data_class, randomized_mac, source_row)\n"
	"    VALUES (NEW.id, NEW.survey_id, NEW.source_id, verdict_of, NEW.model, NEW.firmware,\n"
	"      NEW.serial, NEW.mac, NEW.ip, NEW.hostname, NEW.department, NEW.site, NEW.zone,\n"
	"      NEW.acquired, NEW.lifespan_years, NEW.count, NEW.count_low, NEW.count_high,\n"
	"      NEW.estimated, NEW.source_line, NEW.owner, NEW.device, NEW.data_class,\n"
	"      NEW.randomized_mac, NEW.source_row);\n"
	"  ELSE\n"
	"    UPDATE asset_row SET survey_id = NEW.survey_id, source_id = NEW.source_id,\n"
	"      verdict_id = verdict_of, model = NEW.model, firmware = NEW.firmware, serial = NEW.serial,\n"
	"      mac = NEW.mac, ip = NEW.ip, hostname = NEW.hostname, department = NEW.department,\n"
	"      site = NEW.site, zone = NEW.zone, acquired = NEW.acquired,\n"
	"      lifespan_years = NEW.lifespan_years, count = NEW.count, count_low = NEW.count_low,\n"
	"      count_high = NEW.count_high, estimated = NEW.estimated, source_line = NEW.source_line,\n"
	"      owner = NEW.owner, device = NEW.device, data_class = NEW.data_class,\n"
	"      randomized_mac = NEW.randomized_mac, source_row = NEW.source_row\n"
	"    WHERE id = OLD.id;\n"
	"  END IF;\n"
	"  RETURN NEW;\n"
	"END $f$;\n"
	"CREATE TRIGGER asset_written INSTEAD OF INSERT OR UPDATE OR DELETE ON asset\n"
	"  FOR EACH ROW EXECUTE FUNCTION vs_asset_written();\n"
	"CREATE OR REPLACE FUNCTION vs_asset_refs_inserted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"DECLARE surveys bigint[]; sources bigint[]; verdicts bigint[];\n"
	"BEGIN\n"
	"  WITH k AS MATERIALIZED (SELECT DISTINCT survey_id, source_id, verdict_id FROM new_rows)\n"
	"  SELECT array_agg(DISTINCT survey_id),\n"
	"         array_agg(DISTINCT source_id) FILTER (WHERE source_id IS NOT NULL),\n"
	"         array_agg(DISTINCT verdict_id)\n"
	"    INTO surveys, sources, verdicts FROM k;\n"
	"  PERFORM vs_asset_refs_missing(surveys, sources, verdicts);\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE TRIGGER asset_refs_inserted AFTER INSERT ON asset_row\n"
	"  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT\n"
	"  WHEN (current_setting('vendorscope.bulk', true) = 'on')\n"
	"  EXECUTE FUNCTION vs_asset_refs_inserted();\n"
	"CREATE FUNCTION vs_asset_row_refs() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN\n"
	"    RAISE EXCEPTION 'asset: ids are not changed (observations and statuses refer to them)'\n"
	"      USING ERRCODE = 'foreign_key_violation';\n"
	"  END IF;\n"
	"  PERFORM 1 FROM survey WHERE id = NEW.survey_id FOR KEY SHARE;\n"
	"  IF NOT FOUND THEN RAISE EXCEPTION 'asset: survey id % not in survey', NEW.survey_id\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  IF NEW.source_id IS NOT NULL THEN\n"
	"    PERFORM 1 FROM source WHERE id = NEW.source_id FOR KEY SHARE;\n"
	"    IF NOT FOUND THEN RAISE EXCEPTION 'asset: source id % not in source', NEW.source_id\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  END IF;\n"
	"  PERFORM 1 FROM verdict WHERE id = NEW.verdict_id FOR KEY SHARE;\n"
	"  IF NOT FOUND THEN RAISE EXCEPTION 'asset: verdict id % not in verdict', NEW.verdict_id\n"
	"    USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE TRIGGER asset_row_inserted AFTER INSERT ON asset_row FOR EACH ROW\n"
	"  WHEN (current_setting('vendorscope.bulk', true) IS DISTINCT FROM 'on')\n"
	"  EXECUTE FUNCTION vs_asset_row_refs();\n"
	"CREATE TRIGGER asset_row_updated AFTER UPDATE ON asset_row FOR EACH ROW\n"
	"  WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.survey_id IS DISTINCT FROM OLD.survey_id\n"
	"    OR NEW.source_id IS DISTINCT FROM OLD.source_id\n"
	"    OR NEW.verdict_id IS DISTINCT FROM OLD.verdict_id)\n"
	"  EXECUTE FUNCTION vs_asset_row_refs();\n"
	"CREATE FUNCTION vs_asset_row_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  DELETE FROM observation WHERE asset_id IN (SELECT id FROM old_rows);\n"
	"  DELETE FROM exposure WHERE asset_id IN (SELECT id FROM old_rows);\n"
	"  DELETE FROM asset_seen WHERE asset_id IN (SELECT id FROM old_rows);\n"
	"  UPDATE asset_status SET asset_id = NULL WHERE asset_id IN (SELECT id FROM old_rows);\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE TRIGGER asset_row_deleted AFTER DELETE ON asset_row REFERENCING OLD TABLE AS old_rows\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_asset_row_deleted();\n"
	"CREATE FUNCTION vs_verdict_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  IF EXISTS (SELECT 1 FROM asset_row WHERE verdict_id IN (SELECT id FROM old_rows)) THEN\n"
	"    RAISE EXCEPTION 'verdict: a deleted verdict (or its evidence list) is still referenced by asset'\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE TRIGGER verdict_deleted AFTER DELETE ON verdict REFERENCING OLD TABLE AS old_rows\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION vs_verdict_deleted();\n"
	"CREATE FUNCTION vs_asset_referenced() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"  IF NEW.asset_id IS NOT NULL THEN\n"
	"    PERFORM 1 FROM asset_row WHERE id = NEW.asset_id FOR KEY SHARE;\n"
	"    IF NOT FOUND THEN RAISE EXCEPTION '%: asset id % not in asset', TG_TABLE_NAME, NEW.asset_id\n"
	"      USING ERRCODE = 'foreign_key_violation'; END IF;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $f$;\n"
	"CREATE TRIGGER observation_asset AFTER INSERT OR UPDATE OF asset_id ON observation\n"
	"  FOR EACH ROW EXECUTE FUNCTION vs_asset_referenced();\n"
	"CREATE TRIGGER exposure_asset AFTER INSERT OR UPDATE OF asset_id ON exposure\n"
	"  FOR EACH ROW EXECUTE FUNCTION vs_asset_referenced();\n"
	"CREATE TRIGGER asset_seen_asset AFTER INSERT OR UPDATE OF asset_id ON asset_seen\n"
	"  FOR EACH ROW EXECUTE FUNCTION vs_asset_referenced();\n"
	"CREATE TRIGGER asset_status_asset AFTER INSERT OR UPDATE OF asset_id ON asset_status\n"
	"  FOR EACH ROW EXECUTE FUNCTION vs_asset_referenced();\n"
	"CREATE OR REPLACE FUNCTION vs_survey_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN DELETE FROM asset_row WHERE survey_id IN (SELECT id FROM old_rows); RETURN NULL; END $f$;\n"
	"CREATE OR REPLACE FUNCTION vs_source_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN DELETE FROM asset_row WHERE source_id IN (SELECT id FROM old_rows); RETURN NULL; END $f$;\n";

int schema_latest(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= schema_latest())
		return NULL;
	return migrations[from_version];
}

const char *schema_migration_pg(int from_version)
{
	return from_version == 11   ? migration_12_pg
	       : from_version == 12 ? migration_13_pg
	       : from_version == 13 ? migration_14_pg
	       : from_version == 14 ? migration_15_pg
				    : NULL;
}

const char *schema_migration_pg_first(int from_version)
{
	return from_version == 12 ? migration_13_pg_first : NULL;
}
