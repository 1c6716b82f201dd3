#!/usr/bin/env bash
# vendorscope scan against the lab (tests/lab/): fifteen emulated devices in
# network namespaces, scanned from a scanner namespace, once as root (ARP
# sweep, privileges dropped after the raw sockets) and once as an ordinary
# user (no ARP, says so), and once as the lab's sensor (scan --site,
# imported by the owner: the root scan's verdicts). Every device's vendor
# and `chinese` must be right;
# the store must hold the devices under a source of kind 'scan'; TARGETS
# outside private space are refused; Ctrl-C keeps what was found.
#
# Skips (77, with the reason) only when not root or network namespaces are
# unavailable. Packets go only to 10.253.0.0/24 inside namespaces made here.
set -uo pipefail
: "${VS:?run through ctest}" "${VS_SRC:?}" "${VS_BUILD:?}"
if [[ $(id -u) != 0 ]]; then
	echo "skip: the scan lab needs root for network namespaces (uid $(id -u))"
	exit 77
fi
probe="vs-lab-$$-probe"
if ! ip netns add "$probe" 2>/dev/null; then
	echo "skip: network namespaces are not available here (ip netns add failed)"
	exit 77
fi
ip netns del "$probe"
for tool in python3 openssl setpriv; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/setup installs it)"; exit 1; }
done

# $work, fail, and vs_db: a store file, or with VS_TEST_DB a database on
# the test cluster (whose socket the namespaces reach: it is a file).
source "$VS_SRC/tests/e2e/lib.sh"
set +e # each command's status is checked by hand below
# The scan drops root to nobody: the store's directory must be its to write.
chmod 777 "$work"
db0=$(vs_db scan0)
db=$(vs_db scan)

# Refusals need no lab: a public target, a huge scope, a malformed one.
"$VS" init "$db0" >/dev/null
"$VS" scan "$db0" 8.8.8.0/30 >"$work/o" 2>"$work/e"; rc=$?
[[ $rc == 77 ]] && grep -q -- '--allow-public' "$work/e" || fail "public target: exit $rc, $(cat "$work/e")"
"$VS" scan "$db0" 10.0.0.0/8 >"$work/o" 2>"$work/e"; rc=$?
[[ $rc == 65 ]] && grep -q 'VS_MAX_SCAN_TARGETS' "$work/e" || fail "huge scope: exit $rc, $(cat "$work/e")"
"$VS" scan "$db0" 10.0.0.300 >"$work/o" 2>"$work/e"; rc=$?
[[ $rc == 65 ]] || fail "bad target: exit $rc, $(cat "$work/e")"
"$VS" scan "$db0" 10.253.0.1 --probes sadp,nosuch >"$work/o" 2>"$work/e"; rc=$?
[[ $rc == 64 ]] || fail "bad --probes: exit $rc"

cat >"$work/inside.sh" <<'INNER'
# Runs in the scanner namespace (tests/lab/lab.sh sets LAB_*).
set -u
w=$1 db=$2
cp "$LAB_EXPECT" "$w/expect.tsv"
"$VS" init "$db" >/dev/null
case $db in postgresql://* | postgres://*) ;; *) chmod 666 "$db" ;; esac
"$VS" scan "$db" "$LAB_NET" --rate 3000 --timeout 800 --survey lab --json \
	>"$w/root.json" 2>"$w/root.err"
echo $? >"$w/root.rc"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$VS" scan "$db" "$LAB_NET" --rate 3000 --timeout 800 --survey lab-user --json \
	>"$w/user.json" 2>"$w/user.err"
echo $? >"$w/user.rc"
# As the lab's sensor (scan --site): what it found goes to the sensor
# tables, connected on PostgreSQL as a sensor role; the owner imports it
# below.
sensor=$db
case $db in
postgresql://* | postgres://*)
	"$VS" db grant-sensor "$db" "lab_sensor_$$" --site lab >/dev/null
	sensor=${db/:\/\/postgres@/:\/\/lab_sensor_$$@}
	;;
esac
"$VS" scan "$sensor" "$LAB_NET" --rate 3000 --timeout 800 --survey lab-sensor --site lab \
	>"$w/sensor.out" 2>"$w/sensor.err"
echo $? >"$w/sensor.rc"
# Ctrl-C: slowly, then SIGINT; what was found is stored.
"$VS" scan "$db" "$LAB_NET" --rate 40 --survey lab-int >"$w/int.out" 2>"$w/int.err" &
pid=$!
sleep 3
kill -INT $pid
wait $pid
echo $? >"$w/int.rc"
INNER
VS="$VS" "$VS_SRC/tests/lab/lab.sh" -- bash "$work/inside.sh" "$work" "$db" || fail "the lab failed (exit $?)"

[[ $(cat "$work/root.rc" 2>/dev/null) == 0 ]] || fail "root scan: exit $(cat "$work/root.rc" 2>/dev/null): $(cat "$work/root.err" 2>/dev/null)"
grep -q 'running as nobody' "$work/root.err" || fail "root scan did not drop privileges: $(cat "$work/root.err")"
echo "--- as root"
python3 "$VS_SRC/tests/lab/check.py" "$work/expect.tsv" "$work/root.json" || fail "root scan: devices wrong"

[[ $(cat "$work/user.rc" 2>/dev/null) == 0 ]] || fail "user scan: exit $(cat "$work/user.rc" 2>/dev/null): $(cat "$work/user.err" 2>/dev/null)"
grep -q 'skipped: arp: the ARP sweep needs a raw socket' "$work/user.err" || fail "user scan did not say it skipped ARP: $(cat "$work/user.err")"
echo "--- as an ordinary user (the phone answers only ARP and ping)"
python3 "$VS_SRC/tests/lab/check.py" "$work/expect.tsv" "$work/user.json" --without phone || fail "user scan: devices wrong"

[[ $(cat "$work/int.rc" 2>/dev/null) == 0 ]] || fail "interrupted scan: exit $(cat "$work/int.rc" 2>/dev/null)"
grep -q 'interrupted; storing what was found' "$work/int.err" || fail "no interruption message: $(cat "$work/int.err")"
# It stopped early: far fewer probes left than in the full scan.
sent_int=$(sed -n 's/.*: \([0-9]*\) sent,.*/\1/p' "$work/int.out")
sent_all=$(sed -n 's/.*: \([0-9]*\) sent,.*/\1/p' "$work/root.err")
[[ -n $sent_int && -n $sent_all && $sent_int -lt $((sent_all / 2)) ]] ||
	fail "interrupted scan sent ${sent_int:-?} of ${sent_all:-?}"

# The sensor's scan: nothing in the register until the owner imports it;
# then the same devices, vendors and verdicts as the root scan's.
[[ $(cat "$work/sensor.rc" 2>/dev/null) == 0 ]] || fail "sensor scan: exit $(cat "$work/sensor.rc" 2>/dev/null): $(cat "$work/sensor.err" 2>/dev/null)"
grep -q "kept as sensor source 1 of site 'lab'" "$work/sensor.out" || fail "sensor scan: $(cat "$work/sensor.out")"
[[ $(vs_sql "$db" "SELECT count(*) FROM survey WHERE name = 'lab-sensor'") == 0 ]] ||
	fail "the sensor's scan wrote the register"
"$VS" db import-sensors "$db" >"$work/imp.out" 2>"$work/imp.err" || fail "import-sensors: $(cat "$work/imp.err")"
grep -q "1 sensor source imported" "$work/imp.out" || fail "import-sensors: $(cat "$work/imp.out")"
verdicts() {
	vs_sql "$db" "SELECT a.mac || ' ' || coalesce(a.vendor, '-') || ' ' || coalesce(a.chinese, -1) FROM asset a JOIN survey s ON s.id = a.survey_id WHERE s.name = '$1' ORDER BY a.mac"
}
[[ "$(verdicts lab-sensor)" == "$(verdicts lab)" ]] ||
	fail "the sensor's scan differs from the root scan: $(diff <(verdicts lab) <(verdicts lab-sensor) | head -5)"

# The store: every survey's devices under one source of kind 'scan'.
rows=$(vs_sql "$db" "SELECT s.name || '=' || count(a.id) FROM survey s JOIN asset a ON a.survey_id = s.id GROUP BY s.name ORDER BY s.name" | tr '\n' ' ')
echo "store: $rows"
[[ " $rows" == *" lab=15 "* && " $rows" == *" lab-user=14 "* ]] || fail "store: scanned devices $rows"
n_int=$(sed -n 's/.*lab-int=\([0-9]*\).*/\1/p' <<<"$rows")
[[ -n $n_int && $n_int -ge 1 && $n_int -le 15 ]] || fail "store: the interrupted scan kept ${n_int:-none}"
kinds=$(vs_sql "$db" "SELECT DISTINCT kind FROM source" | tr '\n' ' ')
[[ $kinds == "scan " ]] || fail "store: source kinds $kinds"
[[ $(vs_sql "$db" "SELECT count(*) FROM asset WHERE evidence_id IS NOT NULL") -gt 0 ]] ||
	fail "store: no asset has evidence"

if [[ $fails -ne 0 ]]; then echo "$fails check(s) failed"; exit 1; fi
echo "all checks passed"
