#!/usr/bin/env bash
# Where the PostgreSQL server's time in a vendorscope import goes (issue
# 14): the asset rows vendorscope stored for the generated export, written
# out in COPY's binary format (what the import sends), loaded back with
# psql \copy into fresh stores that lack one part of the asset table at a
# time: the reference trigger, the secondary indexes, the primary key, the
# CHECKs. No client work is left, so the differences are the server's.
# Each load alternates with the floor (psql \copy of the export into one
# table of text columns), ROUNDS times (default 3); the server's CPU is
# the backend's own (/proc/PID/stat), which other load disturbs less
# than wall time. Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/import/pg_breakdown.sh [ROWS]   (default 1000000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/import/pg_lib.bash
rounds=${ROUNDS:-3}
bench_inputs "${1:-1000000}"
bench_cluster breakdown
cols=$asset_columns

# The rows of one import, and the parents they refer to.
q "$url" -c "CREATE DATABASE vsrows"
"$vs" init "$(db_url vsrows)" >/dev/null
"$vs" import "$(db_url vsrows)" "$big" --survey bench >/dev/null
for t in survey source evidence_set; do
	q "$(db_url vsrows)" -c "\\copy $t TO '$out/pg-$t.copy' (FORMAT binary)"
done
q "$(db_url vsrows)" -c "\\copy (SELECT $cols FROM asset ORDER BY id) TO '$out/pg-asset.copy' (FORMAT binary)"
q "$url" -c "DROP DATABASE vsrows"

# What each variant takes away from a fresh store (as vendorscope init leaves it).
declare -A strip
order=(full no_ref_trigger no_secondary_indexes no_ref_trigger_no_indexes bare bare_no_checks)
strip[full]=""
strip[no_ref_trigger]="DROP TRIGGER asset_refs_inserted ON asset"
strip[no_secondary_indexes]="DROP INDEX asset_survey; DROP INDEX asset_hostname"
strip[no_ref_trigger_no_indexes]="${strip[no_ref_trigger]}; ${strip[no_secondary_indexes]}"
strip[bare]="${strip[no_ref_trigger_no_indexes]}; ALTER TABLE asset DROP CONSTRAINT asset_pkey CASCADE"
strip[bare_no_checks]="${strip[bare]}; DO \$\$ DECLARE c record; BEGIN
	FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'asset'::regclass AND contype = 'c' LOOP
	EXECUTE format('ALTER TABLE asset DROP CONSTRAINT %I', c.conname); END LOOP; END \$\$"
declare -A what
what[full]="asset as the migrations leave it"
what[no_ref_trigger]="without the reference trigger (migrations 12, 14)"
what[no_secondary_indexes]="without asset_survey and asset_hostname"
what[no_ref_trigger_no_indexes]="without the trigger and both indexes"
what[bare]="... and without the primary key (identity id stays)"
what[bare_no_checks]="... and without the CHECKs"

load_one() { # URL TABLE FILE OPTIONS → "cpu wall"
	local t0 t1 pid cpu
	t0=$(date +%s.%N)
	cpu=$(printf '%s\n' "SELECT pg_backend_pid() AS pid \\gset" "\\setenv BPID :pid" "BEGIN;" \
		"\\copy $2 FROM '$3' $4" "COMMIT;" \
		"\\! awk '{printf \"%.2f\", (\$14 + \$15) / '\"\$(getconf CLK_TCK)\"'}' /proc/\$BPID/stat" |
		psql "$1" -qAt -v ON_ERROR_STOP=1)
	t1=$(date +%s.%N)
	echo "$cpu $(echo "$t1 - $t0" | bc)"
}

results="$out/pg-breakdown.txt"
: >"$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$rounds"); do
	for v in "${order[@]}"; do
		q "$url" -c "DROP TABLE IF EXISTS floor" -c "CREATE TABLE floor (type text, producent text,
			model text, serienummer text, forvaltning text, lokation text, mac text, ip text,
			anskaffet text, antal text)" -c CHECKPOINT
		echo "floor $(load_one "$url" floor "$big" "WITH (FORMAT csv, DELIMITER ';', HEADER true)")" >>"$results"
		q "$url" -c "DROP DATABASE IF EXISTS vsb" -c "CREATE DATABASE vsb" 2>/dev/null
		"$vs" init "$(db_url vsb)" >/dev/null
		for t in survey source evidence_set; do
			q "$(db_url vsb)" -c "\\copy $t FROM '$out/pg-$t.copy' (FORMAT binary)"
		done
		[ -z "${strip[$v]}" ] || q "$(db_url vsb)" -c "${strip[$v]}" 2>/dev/null
		q "$(db_url vsb)" -c CHECKPOINT
		echo "$v $(load_one "$(db_url vsb)" "asset($cols)" "$out/pg-asset.copy" "(FORMAT binary)")" >>"$results"
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "$rows rows, $rounds rounds, each load after a floor run; load average $load_before before, $load_after after."
echo
python3 - "$results" "${order[@]}" <<PY
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
what = {$(for v in "${order[@]}"; do printf '"%s": "%s", ' "$v" "${what[$v]}"; done)}
med = lambda name, i: statistics.median(float(r[i]) for r in rows if r[0] == name)
print("| \\\\copy of vendorscope's asset rows (binary) into | server CPU s (median) | wall s (median) |")
print("| --- | ---: | ---: |")
print("| the floor: the export into one table of text columns | %.2f | %.2f |" % (med("floor", 1), med("floor", 2)))
for v in sys.argv[2:]:
    print("| %s | %.2f | %.2f |" % (what[v], med(v, 1), med(v, 2)))
PY
