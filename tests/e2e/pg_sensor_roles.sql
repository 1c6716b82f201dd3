-- What a sensor role may do (issue 14, part 4), run by psql connected AS
-- the sensor role cam_north (site north) after `vendorscope db
-- grant-sensor` made it and cam_south (site south), over a register with
-- a survey, a source, an asset and a status in it (a store made by
-- `vendorscope init`, whose schema migration 13 made the sensor tables).
-- cam_south has already added one source of its own. Every refusal is
-- checked by its SQLSTATE and message; psql stops at the first failure
-- (ON_ERROR_STOP), so the script's exit status is the test's.
\set ON_ERROR_STOP 1

CREATE FUNCTION pg_temp.refused(stmt text, want text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RAISE EXCEPTION 'ALLOWED, must be refused: %', stmt USING ERRCODE = 'VSALL';
EXCEPTION WHEN OTHERS THEN
	IF SQLSTATE = '42501' AND SQLERRM LIKE want THEN
		RETURN 'refused: ' || stmt;
	END IF;
	RAISE;
END
$$;

CREATE FUNCTION pg_temp.expect(what text, ok boolean) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	IF ok IS NOT TRUE THEN
		RAISE EXCEPTION 'FAILED: %', what;
	END IF;
	RETURN 'ok: ' || what;
END
$$;

-- Allowed: a source and a device line of its own site, the source's id
-- back through RETURNING (as vendorscope's sensor writes them: the line
-- after the source, in a statement of its own, as a line may only go to
-- a source the sensor sees, its own).
INSERT INTO sensor_source (site, header)
VALUES ('north', '{"vendorscope_recovery":1,"kind":"capture","format":"live","path":"interface:eth1","survey":"capture-eth1","source":"north","devices":1}')
RETURNING id AS north_source \gset
INSERT INTO sensor_observation (source_id, site, line)
VALUES (:north_source, 'north', '{"mac":"44:19:b6:00:00:01","addrs":["10.0.0.7"],"first_us":1,"last_us":2,"packets":1,"dropped":0,"obs":[["sadp","model","DS-2CD2143G0-I",0.95,1,2]]}');

-- The register: no table but the three sensor tables grants it anything
-- (and the schema version, one number, which opening a store reads: read
-- only).
SELECT pg_temp.expect('no privilege on any register table: ' || coalesce(string_agg(c.relname, ', '), ''),
	count(*) = 0)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND c.relname NOT IN ('sensor_site', 'sensor_source', 'sensor_observation')
  AND (c.relname <> 'vendorscope_schema' AND has_any_column_privilege(c.oid, 'SELECT')
       OR has_any_column_privilege(c.oid, 'INSERT')
       OR has_any_column_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
       OR has_table_privilege(c.oid, 'TRUNCATE'));
SELECT pg_temp.refused('SELECT count(*) FROM asset', 'permission denied%');
SELECT pg_temp.refused('SELECT count(*) FROM observation', 'permission denied%');
SELECT pg_temp.refused('SELECT count(*) FROM source', 'permission denied%');
SELECT pg_temp.refused('SELECT count(*) FROM survey', 'permission denied%');
-- Statuses: the history of migration 10, and the asset's own columns.
SELECT pg_temp.refused('SELECT count(*) FROM asset_status', 'permission denied%');
SELECT pg_temp.refused($q$INSERT INTO asset_status (asset_ref, survey_id, state, date, units)
	VALUES (1, 1, 'replaced', '2026-03-03', 1)$q$, 'permission denied%');
SELECT pg_temp.refused($q$UPDATE asset_status SET state = 'replaced'$q$, 'permission denied%');
SELECT pg_temp.refused('UPDATE asset SET critical = 0', 'permission denied%');
SELECT pg_temp.refused('DELETE FROM asset', 'permission denied%');
SELECT pg_temp.refused($q$INSERT INTO observation (asset_id, method, field, value, confidence)
	VALUES (1, 'sadp', 'model', 'x', 1)$q$, 'permission denied%');
SELECT pg_temp.refused($q$INSERT INTO source (survey_id, kind) VALUES (1, 'capture')$q$,
	'permission denied%');

-- Another site's rows: refused by the policies.
SELECT pg_temp.refused($q$INSERT INTO sensor_source (site, header) VALUES ('south', '{}')$q$,
	'new row violates row-level security policy%');
SELECT pg_temp.refused(format($q$INSERT INTO sensor_observation (source_id, site, line) VALUES (%s, 'south', '{}')$q$,
	:north_source), 'new row violates row-level security policy%');
-- Nor lines of another sensor's source (cam_south's, added just before
-- its own, which it cannot see).
SELECT pg_temp.refused(format($q$INSERT INTO sensor_observation (source_id, site, line) VALUES (%s, 'north', '{}')$q$,
	:north_source - 1), 'new row violates row-level security policy%');
SELECT pg_temp.refused('UPDATE vendorscope_schema SET version = 99', 'permission denied%');
-- Nor by claiming another writer or changing its own site.
SELECT pg_temp.refused($q$INSERT INTO sensor_source (site, header, added_by) VALUES ('north', '{}', 'cam_south')$q$,
	'permission denied%');
SELECT pg_temp.refused($q$UPDATE sensor_site SET site = 'south'$q$, 'permission denied%');
SELECT pg_temp.refused($q$INSERT INTO sensor_site (role, site) VALUES ('cam_x', 'south')$q$, 'permission denied%');
-- What it added stays as it was: no update, no delete, no reading back.
SELECT pg_temp.refused('UPDATE sensor_source SET imported_at = now()', 'permission denied%');
SELECT pg_temp.refused('DELETE FROM sensor_observation', 'permission denied%');
SELECT pg_temp.refused('SELECT header FROM sensor_source', 'permission denied%');
SELECT pg_temp.refused('SELECT line FROM sensor_observation', 'permission denied%');

-- It sees its own site row and its own sources' ids, nobody else's.
SELECT pg_temp.expect('sees only its own site', array_agg(site) = ARRAY['north']) FROM sensor_site;
SELECT pg_temp.expect('sees only its own source ids', array_agg(id) = ARRAY[:north_source::bigint])
FROM sensor_source;
