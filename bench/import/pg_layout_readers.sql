-- Readers of layout (c) (bench/import/pg_layout.sh): in a PostgreSQL store
-- holding one import (survey 1), the narrow rows in a partition of their
-- survey plus the shared verdicts, and a view asset_v over them returning
-- exactly what asset returns (checked at the end: 0 rows differ).
-- Run by bench/import/pg_layout_readers.sh.
DROP VIEW IF EXISTS asset_v; DROP TABLE IF EXISTS asset_pm, verdict CASCADE;
CREATE TABLE verdict AS SELECT row_number() OVER (ORDER BY min(id)) AS id, kind, type, type_raw, maker, vendor, vendor_name, brand, country, chinese, critical, confidence, evidence_id, product, publisher, version, origin_reported,
  ROW(kind, type, type_raw, maker, vendor, vendor_name, brand, country, chinese, critical, confidence, evidence_id, product, publisher, version, origin_reported)::text AS k
  FROM asset GROUP BY 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17;
ALTER TABLE verdict ADD PRIMARY KEY (id);
CREATE TABLE asset_pm (
  id bigint NOT NULL, survey_id bigint NOT NULL, source_id bigint, verdict_id bigint NOT NULL REFERENCES verdict(id),
  count bigint NOT NULL DEFAULT 1, count_low bigint, count_high bigint, lifespan_years bigint, source_row bigint,
  estimated bigint NOT NULL DEFAULT 0, randomized_mac bigint NOT NULL DEFAULT 0,
  model text, firmware text, serial text, mac text, ip text, hostname text, department text, site text, zone text,
  acquired text, source_line text, owner text, device text, data_class text,
  PRIMARY KEY (survey_id, id)) PARTITION BY LIST (survey_id);
CREATE INDEX asset_pm_hostname ON asset_pm(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
CREATE TABLE asset_pm_1 PARTITION OF asset_pm FOR VALUES IN (1);
-- the partition's own key on id: a keyset page over all surveys (ORDER BY
-- id) needs it; (survey_id, id) alone makes that page a sort of the table
CREATE UNIQUE INDEX asset_pm_1_id ON asset_pm_1(id);
INSERT INTO asset_pm SELECT a.id, a.survey_id, a.source_id, v.id, a.count, CASE WHEN a.count_low = a.count AND a.count_high = a.count THEN NULL ELSE a.count_low END, CASE WHEN a.count_low = a.count AND a.count_high = a.count THEN NULL ELSE a.count_high END,
  a.lifespan_years, a.source_row, a.estimated, a.randomized_mac, a.model, a.firmware, a.serial, a.mac, a.ip, a.hostname,
  a.department, a.site, a.zone, a.acquired, a.source_line, a.owner, a.device, a.data_class
  FROM asset a JOIN verdict v ON v.k = ROW(a.kind, a.type, a.type_raw, a.maker, a.vendor, a.vendor_name, a.brand, a.country, a.chinese, a.critical, a.confidence, a.evidence_id, a.product, a.publisher, a.version, a.origin_reported)::text;
CREATE VIEW asset_v AS SELECT r.id, r.survey_id, r.source_id, v.kind, v.type, v.type_raw, v.maker, v.vendor, v.vendor_name, v.brand,
  r.model, r.firmware, r.serial, r.mac, r.ip, r.hostname, r.department, r.site, r.zone, r.acquired, r.lifespan_years, r.count,
  coalesce(r.count_low, r.count) AS count_low, CASE WHEN r.count_low IS NULL AND r.count_high IS NULL THEN r.count ELSE r.count_high END AS count_high,
  r.estimated, v.country, v.chinese, v.critical, v.confidence, r.source_line, v.product, v.publisher, r.owner, v.version,
  r.device, r.data_class, v.origin_reported, r.randomized_mac, v.evidence_id, r.source_row
  FROM asset_pm r LEFT JOIN verdict v ON v.id = r.verdict_id;
VACUUM ANALYZE asset; VACUUM ANALYZE asset_pm; ANALYZE verdict;
SELECT (SELECT count(*) FROM (SELECT * FROM asset EXCEPT SELECT * FROM asset_v) d) AS differ;
SELECT pg_size_pretty(pg_total_relation_size('asset')) wide, pg_size_pretty(pg_total_relation_size('asset_pm_1')) narrow;
