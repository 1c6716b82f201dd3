-- vendorscope's growing tables as PostgreSQL types, for the national plan
-- (docs/scale.md). Columns are those of src/store/schema.c after migration 9,
-- in its order, plus what national scale adds:
--   organisation  every row's municipality (its code, 101 = København): the
--                 Citus distribution column, first in every key;
--   survey_date   on observation, its survey's date: the partition key
--                 (a survey's rows are added and dropped together);
--   source.site   the sensor site a capture came from (row-level security
--                 for sensor roles keys on it; proposed migration 11).
-- Types: INTEGER ids -> bigint; TEXT times -> timestamptz, dates -> date;
-- REAL -> real; 0/1 flags stay smallint (the CHECKs of schema.c).
-- Used by bench/scale/run.sh; psql variables first_day and days_after
-- bound the daily partitions.

CREATE TABLE survey (
	id bigint NOT NULL,
	organisation int NOT NULL,
	name text NOT NULL,
	date date,
	scope text,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (organisation, id),
	UNIQUE (organisation, name)
);

CREATE TABLE source (
	id bigint NOT NULL,
	organisation int NOT NULL,
	survey_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('import','capture','scan','manual')),
	format text,
	path text,
	rows bigint,
	added_at timestamptz NOT NULL DEFAULT now(),
	name text,
	content_hash text,
	site text,
	PRIMARY KEY (organisation, id),
	FOREIGN KEY (organisation, survey_id) REFERENCES survey ON DELETE CASCADE
);
CREATE INDEX source_name ON source(organisation, survey_id, name);

CREATE TABLE asset (
	id bigint NOT NULL,
	organisation int NOT NULL,
	survey_id bigint NOT NULL,
	source_id bigint,
	kind text NOT NULL DEFAULT 'hardware' CHECK (kind IN ('hardware','software')),
	type text, type_raw text, maker text, vendor text, vendor_name text, brand text,
	model text, firmware text, serial text, mac text, ip text, hostname text,
	department text, site text, zone text, acquired text, lifespan_years int,
	count bigint NOT NULL DEFAULT 1 CHECK (count >= 0),
	count_low bigint, count_high bigint,
	estimated smallint NOT NULL DEFAULT 0 CHECK (estimated IN (0,1)),
	country text,
	chinese smallint CHECK (chinese IN (0,1)),
	critical smallint CHECK (critical IN (0,1)),
	confidence real,
	source_line text,
	product text, publisher text, owner text, version text, device text,
	data_class text, origin_reported text,
	randomized_mac smallint NOT NULL DEFAULT 0,
	evidence_id bigint,
	source_row bigint,
	PRIMARY KEY (organisation, id),
	FOREIGN KEY (organisation, survey_id) REFERENCES survey ON DELETE CASCADE,
	FOREIGN KEY (organisation, source_id) REFERENCES source ON DELETE CASCADE
);
CREATE INDEX asset_survey ON asset(organisation, survey_id, kind);

-- The table that grows: one row per distinct fact a device showed in a
-- day's capture. Partitioned by its survey's date, one partition a day, so
-- retention is DROP TABLE of a partition, not a DELETE of millions of rows.
CREATE TABLE observation (
	id bigint NOT NULL,
	organisation int NOT NULL,
	survey_date date NOT NULL,
	asset_id bigint NOT NULL,
	source_id bigint,
	method text NOT NULL,
	field text NOT NULL,
	value text NOT NULL,
	confidence real NOT NULL,
	first_seen timestamptz,
	last_seen timestamptz,
	source_row bigint,
	PRIMARY KEY (organisation, survey_date, id),
	FOREIGN KEY (organisation, asset_id) REFERENCES asset ON DELETE CASCADE,
	FOREIGN KEY (organisation, source_id) REFERENCES source ON DELETE CASCADE
) PARTITION BY RANGE (survey_date);
CREATE INDEX observation_asset ON observation(organisation, asset_id);

SELECT format('CREATE TABLE %I PARTITION OF observation FOR VALUES FROM (%L) TO (%L)',
	      'observation_' || to_char(d, 'YYYYMMDD'), d, d + 1)
FROM generate_series(:'first_day'::date, :'first_day'::date + :days_after, '1 day') AS g(t),
     LATERAL (SELECT t::date AS d) AS x
\gexec
