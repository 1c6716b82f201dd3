#!/usr/bin/env bash
# Nothing lost (issue 15, points 1, 2, 4, 7): a store that cannot be written
# fails before the capture or scan, not after; a root-owned store is written
# by a capture or scan that dropped to the sudo user (simulated with
# SUDO_UID) or nobody; a store that fills up at the end keeps the devices
# in a recovery file that import stores again; a live capture on a silent
# link stops on time (--duration, SIGINT, SIGTERM); empty imports and
# files that are not our store are refused and left as they were.
# The root parts (mount and network namespaces of the test's own) are
# skipped, exit 77, without root.
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/pcap
db=$work/n.db
expect_status 0 "$VS" init "$db"

# Empty and header-only imports: exit 65 and no survey.
: >"$work/empty.csv"
printf 'Type;Producent;Antal\r\n\r\n' >"$work/header.csv"
expect_status 65 "$VS" import "$db" "$work/empty.csv"
expect_contains "$work/err" "empty.csv: empty: no rows to import"
expect_status 65 "$VS" import "$db" "$work/header.csv" --survey h
expect_contains "$work/err" "a header alone"
: >"$work/empty.json"
expect_status 65 "$VS" import "$db" "$work/empty.json" --format software
python3 - "$db" <<'PY' || fail "a refused import left a survey behind"
import sqlite3, sys
n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM survey").fetchone()[0]
assert n == 0, n
PY

# A SQLite file of another program, an empty file, a file that is no
# database: refused, byte for byte as they were.
python3 - "$work/other.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE notes (t TEXT)")
c.execute("INSERT INTO notes VALUES ('mine')")
c.commit()
PY
cp "$work/other.db" "$work/other.orig"
for cmd in "assets" "init"; do
	expect_status 65 "$VS" $cmd "$work/other.db"
	expect_contains "$work/err" "not a vendorscope store"
done
cmp -s "$work/other.db" "$work/other.orig" || fail "a foreign SQLite file was changed"
[ -e "$work/other.db-wal" ] && fail "a foreign SQLite file got a WAL"
python3 - "$work/app.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA application_id = 1234")
c.execute("PRAGMA user_version = 3")
c.execute("CREATE TABLE survey (id)"); c.execute("CREATE TABLE asset (id)"); c.execute("CREATE TABLE source (id)")
c.commit()
PY
expect_status 65 "$VS" assets "$work/app.db"
expect_contains "$work/err" "application id 0x000004d2"
: >"$work/zero.db"
expect_status 65 "$VS" assets "$work/zero.db"
expect_contains "$work/err" "an empty file, not a store"
expect_status 65 "$VS" capture "$work/zero.db" --read "$fx/site.pcap"
[ -s "$work/zero.db" ] && fail "an empty file became a store"
printf 'just text, no database\n%.0s' {1..300} >"$work/text.db"
expect_status 65 "$VS" assets "$work/text.db"
# Our own stores say whose they are.
python3 - "$db" <<'PY' || fail "a new store lacks the application id"
import sqlite3, sys
assert sqlite3.connect(sys.argv[1]).execute("PRAGMA application_id").fetchone()[0] == 0x5653434F
PY

if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	finish >/dev/null || exit 1
	echo "skipped the root parts: need root and unshare -m"
	exit 77
fi

# A store this account cannot write: the capture fails at once, before
# reading a packet (here: a read-only mount, which root cannot write either).
mkdir "$work/ro"
"$VS" init "$work/ro/r.db" >/dev/null
VS="$VS" work="$work" fx="$fx" unshare -m --propagation private bash -c '
	mount --bind "$work/ro" "$work/ro" && mount -o remount,bind,ro "$work/ro" || exit 1
	st=0; "$VS" capture "$work/ro/r.db" --read "$fx/site.pcap" >"$work/ro.out" 2>"$work/ro.err" || st=$?
	echo "$st" >"$work/ro.status"
' || fail "could not make a read-only bind mount"
[ "$(cat "$work/ro.status")" = 74 ] || fail "capture into a read-only store exited $(cat "$work/ro.status"), expected 74"
expect_contains "$work/ro.err" "nothing was done"
grep -q packets "$work/ro.out" && fail "capture read the file before finding the store read-only"

# The same for an unprivileged user and a root-owned store (runuser).
mkdir -m 755 "$work/rootown"
"$VS" init "$work/rootown/s.db" >/dev/null
chmod 755 "$work"
st=0
runuser -u nobody -- "$VS" capture "$work/rootown/s.db" --read "$fx/site.pcap" >"$work/u.out" 2>"$work/u.err" || st=$?
[ "$st" -eq 74 ] || fail "capture by nobody into root's store exited $st, expected 74: $(cat "$work/u.err")"
expect_contains "$work/u.err" "uid 65534"
grep -q packets "$work/u.out" && fail "capture read the file before finding the store not writable"

# A full disk when the devices are stored: they go to a recovery file
# (beside the store when there is room, else $TMPDIR), which import reads back.
expect_status 0 "$VS" init "$work/direct.db"
expect_status 0 "$VS" capture "$work/direct.db" --read "$fx/site.pcap" --survey site
"$VS" assets "$work/direct.db" --format json | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l); print(r["mac"], r["vendor"], r["model"], r["chinese"], len(r["evidence"]))
' | sort >"$work/direct.txt"
mkdir "$work/full" "$work/spill"
VS="$VS" work="$work" fx="$fx" TMPDIR="$work/spill" unshare -m --propagation private bash -c '
	mount -t tmpfs -o size=320k tmpfs "$work/full" || exit 1
	"$VS" init "$work/full/f.db" >/dev/null || exit 2
	# Room for the WAL index and header, not for the devices.
	dd if=/dev/zero of="$work/full/gap" bs=8k count=6 2>/dev/null
	dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null
	rm "$work/full/gap"
	# A relative path: the recovery file keeps the source it names.
	st=0; (cd "$fx" && "$VS" capture "$work/full/f.db" --read site.pcap --survey site) >"$work/full.out" 2>"$work/full.err" || st=$?
	echo "$st" >"$work/full.status"
	ls "$work/full" >"$work/full.ls"
' || fail "could not fill a tmpfs"
[ "$(cat "$work/full.status")" = 74 ] || fail "capture on a full disk exited $(cat "$work/full.status"), expected 74: $(cat "$work/full.err")"
expect_contains "$work/full.err" "the 11 devices seen are kept in $work/spill/f.db.recovered-"
rec=$(ls "$work"/spill/f.db.recovered-*.jsonl 2>/dev/null | head -1 || true)
if [ -z "$rec" ]; then
	fail "no recovery file in $work/spill: $(cat "$work/full.err")"
else
	expect_status 0 "$VS" init "$work/again.db"
	expect_status 0 "$VS" import "$work/again.db" "$rec"
	expect_contains "$work/out" "11 devices of site.pcap into survey 'site'"
	"$VS" assets "$work/again.db" --format json | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l); print(r["mac"], r["vendor"], r["model"], r["chinese"], len(r["evidence"]))
' | sort >"$work/again.txt"
	cmp -s "$work/direct.txt" "$work/again.txt" ||
		fail "the recovered devices differ from a direct capture: $(diff "$work/direct.txt" "$work/again.txt" | head -5)"
	expect_status 0 "$VS" assets "$work/again.db" --survey site --exposed
	expect_contains "$work/out" "1 device talked to China"
	# Stored as the capture's own source: capturing the file again replaces it.
	expect_status 0 "$VS" capture "$work/again.db" --read "$fx/site.pcap" --survey site
	expect_contains "$work/out" "replaced source '$(realpath "$fx/site.pcap")'"
	# A recovery file cut short is refused, naming it.
	head -c 2000 "$rec" >"$work/cut.jsonl"
	expect_status 65 "$VS" import "$work/again.db" "$work/cut.jsonl" --survey cut
fi

# A scan by root into a root-owned store in a directory only root may
# enter, dropping to the "sudo" user (SUDO_UID=65534): stored.
mkdir -m 700 "$work/private"
"$VS" init "$work/private/s.db" >/dev/null
SUDO_UID=65534 SUDO_GID=65534 expect_status 0 "$VS" scan "$work/private/s.db" 127.0.0.1 --timeout 100 --probes http
expect_contains "$work/err" "running as SUDO_UID (uid 65534)"
expect_contains "$work/out" "into survey 'scan-127.0.0.1'"
left=$(find "$work/private" -user nobody)
[ -z "$left" ] || fail "files owned by nobody left beside the store: $left"

# Live capture on a silent link in a namespace of our own: --duration and
# signals end it within a second, storing what was seen; a root-owned store
# is written after dropping to the "sudo" user.
ns=vs-lost-$$ peer=vs-lost-$$-b
if ! ip netns add "$ns" 2>/dev/null; then
	finish >/dev/null || exit 1
	echo "skipped the live part: 'ip netns add' failed"
	exit 77
fi
trap 'ip netns del '"$ns"' 2>/dev/null; ip netns del '"$peer"' 2>/dev/null; rm -rf "$work"' EXIT
ip netns add "$peer"
ip -n "$ns" link add v0 type veth peer name v1 netns "$peer"
ip -n "$peer" link set v1 address 80:5e:c0:00:00:01
ip -n "$ns" addr add 10.98.0.1/24 dev v0 && ip -n "$peer" addr add 10.98.0.2/24 dev v1
ip -n "$ns" link set v0 up && ip -n "$peer" link set v1 up
# IPv6 would send router solicitations now and then: a silent link is silent.
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
ip netns exec "$peer" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
"$VS" init "$work/private/live.db" >/dev/null
elapsed() { python3 -c 'import sys, time; print(int((time.time() - float(sys.argv[1])) * 1000))' "$1"; }
# Until process $1 holds its packet socket (it listens; a sanitizer build
# under load may take seconds to get there). The bounds below are no
# measurement: the old loop waited for the next frame, minutes on a quiet
# link, so seconds tell the two apart.
listening() {
	for _ in $(seq 300); do
		ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'socket:' && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
# A SIP REGISTER from the peer five times over a second, then silence.
sip_register() {
	ip netns exec "$peer" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.98.0.2", 5060))
for _ in range(5):
  time.sleep(0.2)
  s.sendto(b"REGISTER sip:10.98.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.98.0.2:5060;branch=z9hG4bK7\r\nFrom: <sip:7@10.98.0.1>;tag=7\r\nTo: <sip:7@10.98.0.1>\r\nCall-ID: 7@10.98.0.2\r\nCSeq: 1 REGISTER\r\nUser-Agent: Yealink SIP-T54W 96.86.0.100\r\nContent-Length: 0\r\n\r\n", ("10.98.0.1", 5060))
'
}
SUDO_UID=65534 SUDO_GID=65534 ip netns exec "$ns" "$VS" capture "$work/private/live.db" \
	--interface v0 --duration 2 --survey quiet >"$work/d.out" 2>"$work/d.err" &
pid=$!
listening "$pid" || fail "the capture did not start listening: $(cat "$work/d.err")"
t0=$(date +%s.%N)
for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
ms=$(elapsed "$t0")
kill -0 "$pid" 2>/dev/null && { fail "--duration 2 on a silent link: still running 20 s later"; kill -KILL "$pid"; }
st=0
wait "$pid" || st=$?
[ "$st" -eq 0 ] || fail "--duration 2 on a silent link exited $st: $(cat "$work/d.err")"
[ "$ms" -lt 5000 ] || fail "--duration 2 on a silent link ended $ms ms after it began listening"
expect_contains "$work/d.err" "as SUDO_UID (uid 65534)"
expect_contains "$work/d.out" "0 devices into survey 'quiet'"

for sig in INT TERM; do
	ip netns exec "$ns" "$VS" capture "$work/private/live.db" --interface v0 --survey "sig$sig" \
		>"$work/s.out" 2>"$work/s.err" &
	pid=$!
	listening "$pid" || fail "SIG$sig: the capture did not start listening: $(cat "$work/s.err")"
	sip_register
	# Stopped right after: the frame still in the ring's open block counts.
	sleep 0.05
	t0=$(date +%s.%N)
	kill -"$sig" "$pid"
	st=0
	# Bounded: on the old code the wait lasted until the next frame.
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	ms=$(elapsed "$t0")
	if kill -0 "$pid" 2>/dev/null; then
		fail "SIG$sig: the capture still ran 5 s later"
		kill -KILL "$pid"
	fi
	wait "$pid" || st=$?
	[ "$st" -eq 0 ] || fail "SIG$sig: exit $st: $(cat "$work/s.err")"
	[ "$ms" -lt 3000 ] || fail "SIG$sig: stopping took $ms ms"
	expect_contains "$work/s.out" "devices into survey 'sig$sig'"
	expect_status 0 "$VS" assets "$work/private/live.db" --survey "sig$sig" --format json
	expect_contains "$work/out" '"mac":"80:5e:c0:00:00:01"'
done

# The interface disappears mid-capture: what was seen is stored, exit 74.
ip netns exec "$ns" "$VS" capture "$work/private/live.db" --interface v0 --duration 20 --survey gone \
	>"$work/g.out" 2>"$work/g.err" &
pid=$!
listening "$pid" || fail "the capture did not start listening: $(cat "$work/g.err")"
sip_register
sleep 0.5 # the ring hands frames over a block at a time, within the 200 ms read timeout
ip -n "$ns" link del v0
st=0
wait "$pid" || st=$?
[ "$st" -eq 74 ] || fail "capture on a vanished interface exited $st, expected 74: $(cat "$work/g.err")"
expect_contains "$work/g.err" "storing what the"
expect_contains "$work/g.out" "devices into survey 'gone'"
finish
