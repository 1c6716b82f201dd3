#!/usr/bin/env bash
# Candidate asset layouts toward 2x psql \copy (issue 14), measured as a
# prototype in SQL only: the asset rows vendorscope stored for the generated
# export, written out in COPY's binary format (what the import sends), are
# loaded back with psql \copy into fresh databases holding one candidate
# layout each, alternating with the floor (psql \copy of the export into one
# table of ten text columns) in the same rounds. Every load is one
# transaction, durable (logged tables, COMMIT), all or nothing.
#
#   full         asset as the migrations leave it (identity, primary key,
#                asset_survey, asset_hostname, CHECKs, reference trigger)
#   narrow       (a) what is a function of the identification moved into a
#                shared table `verdict` (kind, type, type_raw, maker, vendor,
#                vendor_name, brand, country, chinese, critical, confidence,
#                evidence_id, product, publisher, version, origin_reported),
#                the row keeps verdict_id and what differs per device; keys,
#                indexes, CHECKs and a reference trigger (survey, source,
#                verdict) maintained row by row as today
#   part_wide    (b) today's row into a fresh partition created in the
#                load's transaction; primary key and indexes built after the
#                COPY, then ATTACH PARTITION to a parent partitioned by
#                survey_id that declares real foreign keys (validated at
#                ATTACH in one set-based query, no trigger)
#   part_narrow  (c) both
#   part_narrow_freeze  (c) with COPY FREEZE (the table is new in the
#                transaction, so its rows are written frozen)
#   part_min     (c) + FREEZE, integers first (no alignment padding), the
#                count range NULL where both equal count, randomized_mac
#                left to its DEFAULT 0 (not in the COPY; 0 in every row here)
#   part_min_noidx       part_min under a parent without the survey index
#                (the partition is the survey; kind is the verdict's)
#   part_min_const       ... survey_id and source_id the partition's DEFAULT
#   part_min_noidx_text  part_min_noidx from text COPY of the same rows
#   part_lean    ... a parent without foreign keys: the import checks its
#                references once after the COPY (survey and source as the
#                partition's CHECKs, the distinct verdict ids in one pass,
#                locked FOR KEY SHARE); no host-name index (no row has one)
#   part_lean_ids        ... and the ids in the COPY (given by the client)
#
# The server's CPU is the backend's own (/proc/PID/stat; parallel index
# builds are off so it stays there), read after every statement of the
# load. Prints two Markdown tables: each variant against the floor, and
# the CPU of each statement (the partition variants: SET, CREATE TABLE
# [, ALTER defaults], COPY, primary key, [indexes,] [check,] ATTACH, COMMIT).
#
# usage: bench/import/pg_layout.sh [ROWS]   (default 1000000; needs a release build)
#   ROUNDS=3 (default), VS=path/to/vendorscope, ONLY="floor full ..." (variants),
#   WAL_LEVEL=minimal (the cluster without replication: no WAL for a table
#   created in the load's transaction)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/import/pg_lib.bash
rounds=${ROUNDS:-3}
bench_inputs "${1:-1000000}"
bench_cluster layout
if [ "${WAL_LEVEL:-}" = minimal ]; then
	# WAL_LEVEL=minimal: a table created in the load's transaction is then
	# written without WAL and synced at COMMIT (still durable, all or
	# nothing); it needs a server without replication or archiving.
	psql "$url" -qAt -c "ALTER SYSTEM SET wal_level = minimal" -c "ALTER SYSTEM SET max_wal_senders = 0"
	owner=postgres; getent passwd postgres >/dev/null || owner=nobody
	pgctl=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/pg_ctl
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups -- "$pgctl" -D "$cluster/data" -m fast -w stop >/dev/null
	else
		"$pgctl" -D "$cluster/data" -m fast -w stop >/dev/null
	fi
	url=$(scripts/pg-cluster start "$cluster")
fi
export PGOPTIONS="-c client_min_messages=warning"
wide=$asset_columns
# The verdict: what one identification decides, the same for every row it covers.
vcols="kind, type, type_raw, maker, vendor, vendor_name, brand, country, chinese, critical,
	confidence, evidence_id, product, publisher, version, origin_reported"
vcols=$(echo $vcols)
vkey="ROW($(echo "$vcols" | sed 's/\([a-z_][a-z_]*\)/a.\1/g'))::text"
narrow="survey_id, source_id, verdict_id, model, firmware, serial, mac, ip, hostname, department,
	site, zone, acquired, lifespan_years, count, count_low, count_high, estimated, source_line,
	owner, device, data_class, randomized_mac, source_row"
narrow=$(echo $narrow)
minc="survey_id, source_id, verdict_id, count, count_low, count_high, lifespan_years, source_row, estimated,
	model, firmware, serial, mac, ip, hostname, department, site, zone, acquired, source_line,
	owner, device, data_class"
minc=$(echo $minc)

# The rows of one import, and the parents they refer to.
q "$url" -c "CREATE DATABASE vsrows"
"$vs" init "$(db_url vsrows)" >/dev/null
"$vs" import "$(db_url vsrows)" "$big" --survey bench >/dev/null
R=$(db_url vsrows)
for t in survey source evidence_set; do
	q "$R" -c "\\copy $t TO '$out/pg-$t.copy' (FORMAT binary)"
done
q "$R" -c "CREATE TABLE verdict AS SELECT row_number() OVER (ORDER BY min(id)) AS id, $vcols,
	ROW($vcols)::text AS k FROM asset GROUP BY $vcols, ROW($vcols)::text"
verdicts=$(q "$R" -c "SELECT count(*) FROM verdict")
q "$R" -c "\\copy (SELECT id, $vcols FROM verdict ORDER BY id) TO '$out/pg-verdict.copy' (FORMAT binary)"
q "$R" -c "\\copy (SELECT $wide FROM asset ORDER BY id) TO '$out/pg-asset.copy' (FORMAT binary)"
nsel=$(echo "$narrow" | sed 's/\([a-z_][a-z_]*\)/a.\1/g; s/a\.verdict_id/v.id/')
q "$R" -c "\\copy (SELECT $nsel FROM asset a JOIN verdict v ON v.k = $vkey ORDER BY a.id)
	TO '$out/pg-narrow.copy' (FORMAT binary)"
minsel="SELECT a.survey_id, a.source_id, v.id, a.count,
	CASE WHEN a.count_low = a.count AND a.count_high = a.count THEN NULL ELSE a.count_low END,
	CASE WHEN a.count_low = a.count AND a.count_high = a.count THEN NULL ELSE a.count_high END, a.lifespan_years, a.source_row, a.estimated,
	a.model, a.firmware, a.serial, a.mac, a.ip, a.hostname, a.department, a.site, a.zone, a.acquired,
	a.source_line, a.owner, a.device, a.data_class
	FROM asset a JOIN verdict v ON v.k = $vkey ORDER BY a.id"
q "$R" -c "\\copy ($minsel) TO '$out/pg-min.copy' (FORMAT binary)"
q "$R" -c "\\copy ($minsel) TO '$out/pg-min.txt' (FORMAT text)"
q "$R" -c "\\copy (${minsel/SELECT a.survey_id, a.source_id, /SELECT }) TO '$out/pg-min-const.copy' (FORMAT binary)"
q "$R" -c "\\copy (${minsel/SELECT a.survey_id, a.source_id, /SELECT a.id, }) TO '$out/pg-min-ids.copy' (FORMAT binary)"

[ "$(q "$R" -c "SELECT count(*) FROM asset WHERE randomized_mac <> 0")" = 0 ] ||
	echo "note: some rows have randomized_mac set; part_min loads them as 0" >&2
q "$url" -c "DROP DATABASE vsrows"

# The template every load starts from: a store as vendorscope init leaves
# it with the import's parents, plus the candidate tables (empty).
q "$url" -c "CREATE DATABASE vstpl"
T=$(db_url vstpl)
"$vs" init "$T" >/dev/null
for t in survey source evidence_set; do
	q "$T" -c "\\copy $t FROM '$out/pg-$t.copy' (FORMAT binary)"
done
q "$T" <<SQL
CREATE TABLE verdict (
  id bigint PRIMARY KEY,
  kind text NOT NULL DEFAULT 'hardware' CHECK (kind IN ('hardware','software')),
  type text, type_raw text, maker text, vendor text, vendor_name text, brand text,
  country text, chinese bigint CHECK (chinese IN (0,1)), critical bigint CHECK (critical IN (0,1)),
  confidence double precision, evidence_id bigint REFERENCES evidence_set(id),
  product text, publisher text, version text, origin_reported text,
  UNIQUE NULLS NOT DISTINCT ($vcols));
\\copy verdict FROM '$out/pg-verdict.copy' (FORMAT binary)
-- (a) the narrow row, maintained row by row as asset is today
CREATE TABLE asset_n (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  survey_id bigint NOT NULL, source_id bigint, verdict_id bigint NOT NULL,
  model text, firmware text, serial text, mac text, ip text, hostname text,
  department text, site text, zone text, acquired text, lifespan_years bigint,
  count bigint NOT NULL DEFAULT 1 CHECK (count >= 0), count_low bigint, count_high bigint,
  estimated bigint NOT NULL DEFAULT 0 CHECK (estimated IN (0,1)),
  source_line text, owner text, device text, data_class text,
  randomized_mac bigint NOT NULL DEFAULT 0, source_row bigint);
CREATE INDEX asset_n_survey ON asset_n(survey_id, verdict_id);
CREATE INDEX asset_n_hostname ON asset_n(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
CREATE FUNCTION vs_asset_n_refs() RETURNS trigger LANGUAGE plpgsql AS \$\$
DECLARE missing bigint; surveys bigint[]; sources bigint[]; verdicts bigint[];
BEGIN
  SELECT array_agg(DISTINCT survey_id), array_agg(DISTINCT source_id) FILTER (WHERE source_id IS NOT NULL),
         array_agg(DISTINCT verdict_id)
    INTO surveys, sources, verdicts
    FROM (SELECT DISTINCT survey_id, source_id, verdict_id FROM new_rows) k;
  SELECT coalesce(cardinality(surveys), 0) - count(*) INTO missing
    FROM (SELECT 1 FROM survey WHERE id = ANY (surveys) FOR KEY SHARE) l;
  IF missing > 0 THEN RAISE EXCEPTION 'survey' USING ERRCODE = 'foreign_key_violation'; END IF;
  SELECT coalesce(cardinality(sources), 0) - count(*) INTO missing
    FROM (SELECT 1 FROM source WHERE id = ANY (sources) FOR KEY SHARE) l;
  IF missing > 0 THEN RAISE EXCEPTION 'source' USING ERRCODE = 'foreign_key_violation'; END IF;
  SELECT coalesce(cardinality(verdicts), 0) - count(*) INTO missing
    FROM (SELECT 1 FROM verdict WHERE id = ANY (verdicts) FOR KEY SHARE) l;
  IF missing > 0 THEN RAISE EXCEPTION 'verdict' USING ERRCODE = 'foreign_key_violation'; END IF;
  RETURN NULL;
END \$\$;
CREATE TRIGGER asset_n_refs AFTER INSERT ON asset_n REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vs_asset_n_refs();
-- (b) today's row, partitioned by survey, real foreign keys on the parent
CREATE SEQUENCE asset_p_id;
CREATE TABLE asset_pw (LIKE asset INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (survey_id);
ALTER TABLE asset_pw ALTER id SET DEFAULT nextval('asset_p_id'),
  ADD PRIMARY KEY (survey_id, id),
  ADD FOREIGN KEY (survey_id) REFERENCES survey(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (source_id) REFERENCES source(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (evidence_id) REFERENCES evidence_set(id);
CREATE INDEX asset_pw_survey ON asset_pw(survey_id, kind);
CREATE INDEX asset_pw_hostname ON asset_pw(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
-- (c) the narrow row, partitioned
CREATE TABLE asset_pn (LIKE asset_n INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (survey_id);
ALTER TABLE asset_pn ALTER id SET DEFAULT nextval('asset_p_id'),
  ADD PRIMARY KEY (survey_id, id),
  ADD FOREIGN KEY (survey_id) REFERENCES survey(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (source_id) REFERENCES source(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (verdict_id) REFERENCES verdict(id);
CREATE INDEX asset_pn_survey ON asset_pn(survey_id, verdict_id);
CREATE INDEX asset_pn_hostname ON asset_pn(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
-- (c) + integers first, the count range NULL when it is count, flags by default
CREATE TABLE asset_pm (
  id bigint NOT NULL DEFAULT nextval('asset_p_id'),
  survey_id bigint NOT NULL, source_id bigint, verdict_id bigint NOT NULL,
  count bigint NOT NULL DEFAULT 1 CHECK (count >= 0), count_low bigint, count_high bigint,
  lifespan_years bigint, source_row bigint,
  estimated bigint NOT NULL DEFAULT 0 CHECK (estimated IN (0,1)),
  randomized_mac bigint NOT NULL DEFAULT 0,
  model text, firmware text, serial text, mac text, ip text, hostname text,
  department text, site text, zone text, acquired text,
  source_line text, owner text, device text, data_class text,
  PRIMARY KEY (survey_id, id),
  FOREIGN KEY (survey_id) REFERENCES survey(id) ON DELETE CASCADE,
  FOREIGN KEY (source_id) REFERENCES source(id) ON DELETE CASCADE,
  FOREIGN KEY (verdict_id) REFERENCES verdict(id)) PARTITION BY LIST (survey_id);
CREATE INDEX asset_pm_survey ON asset_pm(survey_id, verdict_id);
CREATE INDEX asset_pm_hostname ON asset_pm(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
-- the same without the survey index: the partition is the survey, and kind
-- is the verdict's
CREATE TABLE asset_pq (LIKE asset_pm INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (survey_id);
ALTER TABLE asset_pq ADD PRIMARY KEY (survey_id, id),
  ADD FOREIGN KEY (survey_id) REFERENCES survey(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (source_id) REFERENCES source(id) ON DELETE CASCADE,
  ADD FOREIGN KEY (verdict_id) REFERENCES verdict(id);
CREATE INDEX asset_pq_hostname ON asset_pq(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
-- lean: no foreign keys on the parent (a statement trigger as migration 14's
-- would guard rows inserted later; ATTACH fires none), the host-name index
-- per partition where a source has host names (none here)
CREATE TABLE asset_pl (LIKE asset_pm INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (survey_id);
ALTER TABLE asset_pl ADD PRIMARY KEY (survey_id, id);
SQL
survey=$(q "$T" -c "SELECT min(id) FROM survey")
source=$(q "$T" -c "SELECT min(id) FROM source")

# What each variant runs in its one transaction (COPY_FILE and COPY_OPTS
# below; BEFORE and AFTER around the \copy).
declare -A before after target file opts fmt
order=(floor full narrow part_wide part_narrow part_narrow_freeze part_min part_min_noidx part_min_const part_min_noidx_text part_lean part_lean_ids)
[ -z "${ONLY:-}" ] || read -ra order <<<"$ONLY"
target[full]="asset($wide)";             file[full]=pg-asset.copy
target[narrow]="asset_n($narrow)";       file[narrow]=pg-narrow.copy
part() { # PARENT → the statements around a fresh partition's COPY
	before[$2]="SET max_parallel_maintenance_workers = 0;
		CREATE TABLE $1_new (LIKE $1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (survey_id = $survey));"
	after[$2]="ALTER TABLE $1_new ADD PRIMARY KEY (survey_id, id);
		${3:+CREATE INDEX ON $1_new(survey_id, $3);}
		CREATE INDEX ON $1_new(survey_id, hostname COLLATE nocase) WHERE hostname IS NOT NULL;
		ALTER TABLE $1 ATTACH PARTITION $1_new FOR VALUES IN ($survey);"
}
part asset_pw part_wide kind;            target[part_wide]="asset_pw_new($wide)";          file[part_wide]=pg-asset.copy
part asset_pn part_narrow verdict_id;    target[part_narrow]="asset_pn_new($narrow)";      file[part_narrow]=pg-narrow.copy
part asset_pn part_narrow_freeze verdict_id; target[part_narrow_freeze]="asset_pn_new($narrow)"; file[part_narrow_freeze]=pg-narrow.copy
opts[part_narrow_freeze]=", FREEZE"
part asset_pm part_min verdict_id;       target[part_min]="asset_pm_new($minc)";           file[part_min]=pg-min.copy
opts[part_min]=", FREEZE"
part asset_pq part_min_noidx "";         target[part_min_noidx]="asset_pq_new($minc)";     file[part_min_noidx]=pg-min.copy
opts[part_min_noidx]=", FREEZE"
part asset_pq part_min_const ""
before[part_min_const]="${before[part_min_const]}
		ALTER TABLE asset_pq_new ALTER survey_id SET DEFAULT $survey, ALTER source_id SET DEFAULT $source;"
target[part_min_const]="asset_pq_new(${minc#survey_id, source_id, })"; file[part_min_const]=pg-min-const.copy
opts[part_min_const]=", FREEZE"
# lean: the import checks its own references once after the COPY, in one
# pass (the survey and source are constants the partition's CHECKs hold),
# locking the parents FOR KEY SHARE as the trigger does; no FK validation
# at ATTACH, and the partition constraint is implied by the CHECK
lean_check="DO \$\$ DECLARE ids bigint[]; n bigint; BEGIN PERFORM 1 FROM survey WHERE id = $survey FOR KEY SHARE; IF NOT FOUND THEN RAISE EXCEPTION 'survey' USING ERRCODE = 'foreign_key_violation'; END IF; PERFORM 1 FROM source WHERE id = $source FOR KEY SHARE; IF NOT FOUND THEN RAISE EXCEPTION 'source' USING ERRCODE = 'foreign_key_violation'; END IF; SELECT array_agg(DISTINCT verdict_id) INTO ids FROM asset_pl_new; SELECT cardinality(ids) - count(*) INTO n FROM (SELECT 1 FROM verdict WHERE id = ANY (ids) FOR KEY SHARE) l; IF n > 0 THEN RAISE EXCEPTION 'verdict' USING ERRCODE = 'foreign_key_violation'; END IF; END \$\$;"
for v in part_lean part_lean_ids; do
	before[$v]="SET max_parallel_maintenance_workers = 0;
		CREATE TABLE asset_pl_new (LIKE asset_pl INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (survey_id = $survey), CHECK (source_id = $source));
		ALTER TABLE asset_pl_new ALTER survey_id SET DEFAULT $survey, ALTER source_id SET DEFAULT $source;"
	after[$v]="ALTER TABLE asset_pl_new ADD PRIMARY KEY (survey_id, id);
		$lean_check
		ALTER TABLE asset_pl ATTACH PARTITION asset_pl_new FOR VALUES IN ($survey);"
	opts[$v]=", FREEZE"
done
target[part_lean]="asset_pl_new(${minc#survey_id, source_id, })"; file[part_lean]=pg-min-const.copy
target[part_lean_ids]="asset_pl_new(id, ${minc#survey_id, source_id, })"; file[part_lean_ids]=pg-min-ids.copy
before[part_min_noidx_text]=${before[part_min_noidx]}; after[part_min_noidx_text]=${after[part_min_noidx]}
target[part_min_noidx_text]="asset_pq_new($minc)"; file[part_min_noidx_text]=pg-min.txt
fmt[part_min_noidx_text]=text; opts[part_min_noidx_text]=", FREEZE"
declare -A what
what[full]="asset as the migrations leave it (39 columns, maintained row by row)"
what[narrow]="(a) narrow row + verdict id, maintained row by row"
what[part_wide]="(b) today's row, fresh partition, keys and indexes after, ATTACH"
what[part_narrow]="(c) narrow row, fresh partition, keys and indexes after, ATTACH"
what[part_narrow_freeze]="(c) + COPY FREEZE"
what[part_min]="(c) + FREEZE, integers first, count range NULL when = count, randomized_mac by default"
what[part_min_noidx]="... without the survey index (the partition is the survey; kind is the verdict's)"
what[part_min_noidx_text]="... the same rows as text COPY"
what[part_lean]="... survey and source by DEFAULT, no host-name index (none given), references checked by the import in one pass, no FK at ATTACH"
what[part_lean_ids]="... and the ids given by the client (no nextval per row)"
what[part_min_const]="... without the survey index, survey_id and source_id the partition's DEFAULT (not in the COPY)"

load_one() { # URL BEFORE COPY AFTER → "cpu wall steps": steps is the backend's
	# CPU (cumulative, s) after each line of BEFORE, the COPY and AFTER, and the COMMIT
	local t0 t1 cpu line stat
	stat="\\! awk '{printf \"%.2f \", (\$14 + \$15) / '\"\$(getconf CLK_TCK)\"'}' /proc/\$BPID/stat"
	t0=$(date +%s.%N)
	cpu=$({
		printf '%s\n' "SELECT pg_backend_pid() AS pid \\gset" "\\setenv BPID :pid" "BEGIN;"
		while IFS= read -r line; do
			[ -z "${line//[[:space:]]/}" ] || printf '%s\n%s\n' "$line" "$stat"
		done <<<"$2
$3
$4
COMMIT;"
	} | psql "$1" -qAt -v ON_ERROR_STOP=1)
	t1=$(date +%s.%N)
	read -ra c <<<"$cpu"
	echo "${c[-1]} $(echo "$t1 - $t0" | bc) $(IFS=,; echo "${c[*]}")"
}

results="$out/pg-layout.txt"
: >"$results"
B=$(db_url vsb)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$rounds"); do
	for v in "${order[@]}"; do
		if [ "$v" = floor ]; then
			q "$url" -c "DROP TABLE IF EXISTS floor" -c "CREATE TABLE floor (type text, producent text,
				model text, serienummer text, forvaltning text, lokation text, mac text, ip text,
				anskaffet text, antal text)" -c CHECKPOINT
			echo "floor $(load_one "$url" "" "\\copy floor FROM '$big' WITH (FORMAT csv, DELIMITER ';', HEADER true)" "")" >>"$results"
			continue
		fi
		q "$url" -c "DROP DATABASE IF EXISTS vsb" -c "CREATE DATABASE vsb TEMPLATE vstpl"
		q "$B" -c CHECKPOINT
		echo "$v $(load_one "$B" "${before[$v]:-}" "\\copy ${target[$v]} FROM '$out/${file[$v]}' (FORMAT ${fmt[$v]:-binary}${opts[$v]:-})" "${after[$v]:-}")" >>"$results"
		n=$(q "$B" -c "SELECT (SELECT count(*) FROM asset) + (SELECT count(*) FROM asset_n)
			+ (SELECT count(*) FROM asset_pw) + (SELECT count(*) FROM asset_pn) + (SELECT count(*) FROM asset_pm) + (SELECT count(*) FROM asset_pq) + (SELECT count(*) FROM asset_pl)")
		[ "$n" = "$rows" ] || { echo "$v: $n rows loaded, not $rows" >&2; exit 1; }
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "$rows rows, $rounds rounds, $verdicts distinct verdicts, wal_level $(q "$url" -c "SHOW wal_level"); load average $load_before before, $load_after after."
echo
python3 - "$results" "${order[@]}" <<PY
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
what = {$(for v in "${order[@]}"; do [ "$v" = floor ] || printf '"%s": "%s", ' "$v" "${what[$v]}"; done)}
get = lambda name, i: [float(r[i]) for r in rows if r[0] == name]
med = lambda name, i: statistics.median(get(name, i))
f = med("floor", 1) if get("floor", 1) else None
print("| \\\\copy of vendorscope's asset rows (binary) into | server CPU s (each round) | median | x floor | wall s (median) |")
print("| --- | --- | ---: | ---: | ---: |")
if f:
    print("| the floor: the export into one table of text columns | %s | %.2f | 1.0 | %.2f |" % (", ".join("%.2f" % x for x in get("floor", 1)), f, med("floor", 2)))
for v in sys.argv[1:][1:]:
    if v == "floor": continue
    print("| %s | %s | %.2f | %s | %.2f |" % (what[v], ", ".join("%.2f" % x for x in get(v, 1)), med(v, 1),
          ("%.1f" % (med(v, 1) / f)) if f else "-", med(v, 2)))
print()
print("| the same loads, statement by statement | server CPU s per statement (median) |")
print("| --- | --- |")
for v in sys.argv[1:][1:]:
    if v == "floor": continue
    runs = [[float(x) for x in r[3].split(",")] for r in rows if r[0] == v]
    d = [statistics.median(run[i] - (run[i - 1] if i else 0) for run in runs) for i in range(len(runs[0]))]
    print("| %s | %s |" % (v, " / ".join("%.2f" % x for x in d)))
PY
