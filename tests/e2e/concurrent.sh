#!/usr/bin/env bash
# Eight writers on one store at once (issue 14): six imports of different
# files, the first file imported a second time (it replaces itself: counted
# once), and a capture. Each writer must succeed (one that finds the store
# held waits or starts its transaction again, and says so), and every unit
# must be there exactly once. Runs on SQLite and, as e2e-pg/concurrent,
# on PostgreSQL.
. "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures
db=$(vs_db conc)
expect_status 0 "$VS" init "$db"

# Six files of 30,000 rows: long enough that the last writer waits for the
# others longer than SQLite's 5 s busy timeout on a slow (debug, ASan) build.
rows=30000
python3 - "$work" "$rows" <<'PY'
import sys
work, rows = sys.argv[1], int(sys.argv[2])
for f in range(1, 7):
    with open(f"{work}/f{f}.csv", "w") as o:
        o.write("Type;Producent;Model;Serienummer;Forvaltning;Antal\n")
        for i in range(rows):
            o.write(f"Kamera;Hikvision;DS-2CD{f};SN{f}-{i};AF{i % 7};{i % 5 + 1}\n")
PY
units_per_file=$((rows / 5 * (1 + 2 + 3 + 4 + 5)))

pids=()
for f in 1 2 3 4 5 6; do
	"$VS" import "$db" "$work/f$f.csv" --survey conc >"$work/w$f.out" 2>"$work/w$f.err" &
	pids+=($!)
done
"$VS" import "$db" "$work/f1.csv" --survey conc >"$work/w7.out" 2>"$work/w7.err" &
pids+=($!)
"$VS" capture "$db" --read "$fx/pcap/site.pcap" --survey cap --geoip "$fx/geo/tiny.mmdb" \
	>"$work/w8.out" 2>"$work/w8.err" &
pids+=($!)
w=0
for pid in "${pids[@]}"; do
	w=$((w + 1))
	wait "$pid" || fail "writer $w exited $?: $(head -c 600 "$work/w$w.err")"
done
cat "$work"/w*.err | grep -F "starting the transaction again" | head -3 || true

# The first file once, whichever of its two imports came last.
got=$(vs_sql "$db" "SELECT count(*), sum(a.count) FROM asset a JOIN survey s ON s.id = a.survey_id
	WHERE s.name = 'conc'")
[ "$got" = "$((6 * rows))|$((6 * units_per_file))" ] ||
	fail "survey conc holds rows|units $got, expected $((6 * rows))|$((6 * units_per_file))"
got=$(vs_sql "$db" "SELECT count(*), sum(r.rows) FROM source r JOIN survey s ON s.id = r.survey_id
	WHERE s.name = 'conc'")
[ "$got" = "6|$((6 * rows))" ] || fail "survey conc has sources|rows $got, expected 6|$((6 * rows))"
# Every row of every file, by its serial number, exactly once.
got=$(vs_sql "$db" "SELECT count(DISTINCT serial), count(*) FROM asset WHERE serial LIKE 'SN%'")
[ "$got" = "$((6 * rows))|$((6 * rows))" ] || fail "serial numbers distinct|all: $got"
expect_status 0 "$VS" assets "$db" --survey conc --by model --format csv
for f in 1 2 3 4 5 6; do
	expect_contains "$work/out" "DS-2CD$f,$units_per_file"
done

# The capture as it is alone.
expect_status 0 "$VS" capture "$db" --read "$fx/pcap/site.pcap" --survey cap-alone --geoip "$fx/geo/tiny.mmdb"
a=$(vs_sql "$db" "SELECT count(*) FROM asset a JOIN survey s ON s.id = a.survey_id WHERE s.name = 'cap'")
b=$(vs_sql "$db" "SELECT count(*) FROM asset a JOIN survey s ON s.id = a.survey_id WHERE s.name = 'cap-alone'")
[ "$a" -gt 0 ] && [ "$a" = "$b" ] || fail "the capture among the writers kept $a devices, alone $b"
finish
