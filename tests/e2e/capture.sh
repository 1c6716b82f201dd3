#!/usr/bin/env bash
# capture: the fixture captures into a store through the CLI; --json against
# the golden file for pcap and pcapng; what the store keeps; clean errors
# that leave the store as it was; a live capture on a veth pair inside a
# network namespace this test creates, and beside it the same as a site's
# sensor (--site), imported by the owner (skipped, exit 77, without the
# rights).
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/pcap
golden=$VS_SRC/tests/golden/capture/site.json
db=$(vs_db c)
expect_status 0 "$VS" init "$db"

# The generated tiny.mmdb places 47.96.0.0/11 in CN, whatever this machine has installed.
geo=(--geoip "$VS_SRC/tests/fixtures/geo/tiny.mmdb")
expect_status 0 "$VS" capture "$db" --read "$fx/site.pcap" --json "${geo[@]}"
cmp -s "$work/out" "$golden" || fail "site.pcap --json differs from $golden: $(diff "$work/out" "$golden" | head -5)"
expect_contains "$work/err" "19 packets, 11 devices into survey 'site': 7 Chinese, 2 of unknown origin"
expect_status 0 "$VS" capture "$db" --read "$fx/site.pcapng" --survey site-ng --json "${geo[@]}"
cmp -s "$work/out" "$golden" || fail "site.pcapng --json differs from $golden"

# Without --json the summary goes to stdout and nothing else.
expect_status 0 "$VS" capture "$db" --read "$fx/lts.pcap" --survey lts
expect_contains "$work/out" "1 devices into survey 'lts': 1 Chinese"

# The store: one source of kind 'capture', 11 hardware assets with evidence.
expect_status 0 "$VS" assets "$db" --survey site --format json
python3 - "$work/out" <<'PY' || fail "stored capture assets are not as expected"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 11, len(rows)
by_mac = {r['mac']: r for r in rows}
lts = by_mac['bc:ad:28:11:22:33']
assert lts['vendor'] == 'Hikvision' and lts['brand'] == 'LTS (LT Security)' and lts['chinese'] is True
assert any(e.startswith('sadp oem: LTS') for e in lts['evidence'])
amc = by_mac['90:02:a9:77:88:99']
assert amc['vendor'] == 'Dahua Technology' and amc['brand'] == 'Amcrest'
assert by_mac['da:a1:19:5e:6f:70']['chinese'] is None
assert by_mac['ac:cc:8e:01:02:03']['chinese'] is False
assert sum(1 for r in rows if r['chinese'] is True) == 7
PY

# Exposure: the Hikvision camera's Hik-Connect traffic to an address in CN.
expect_status 0 "$VS" assets "$db" --survey site --exposed
expect_contains "$work/out" "#1 c0:56:e3:3a:4b:5c Hikvision DS-2CD2143G2-I"
expect_contains "$work/out" "-> 47.96.0.10 (dev.hik-connect.com) CN, cloud hikvision: Hik-Connect"
expect_contains "$work/out" "1 device talked to China or a Chinese vendor's cloud"
# The facts behind it, with when each was seen (stored per device, schema 5).
expect_contains "$work/out" "  on the network 2026-01-01T00:00:01Z .. 2026-01-01T00:00:04Z, 4 packets"
expect_contains "$work/out" "     seen sadp model: DS-2CD2143G2-I, 2026-01-01T00:00:01Z .. 2026-01-01T00:00:01Z"
expect_contains "$work/out" "     seen tls sni: dev.hik-connect.com, 2026-01-01T00:00:04Z .. 2026-01-01T00:00:04Z"
expect_status 0 "$VS" assets "$db" --survey site --exposed --format json
[ "$(wc -l <"$work/out")" -eq 1 ] || fail "--exposed --format json: expected one device"
expect_contains "$work/out" '"peers":[{"peer":"47.96.0.10","name":"dev.hik-connect.com","country":"CN"'
expect_contains "$work/out" '"observations":[{"method":"sadp","field":"model","value":"DS-2CD2143G2-I","confidence":0.95,"first_seen":"2026-01-01T00:00:01Z","last_seen":"2026-01-01T00:00:01Z"}'
expect_contains "$work/out" '"first_seen":"2026-01-01T00:00:01Z","last_seen":"2026-01-01T00:00:04Z","packets":4'
expect_contains "$work/out" '"bytes":'
expect_contains "$work/out" '"seen":"traffic"}'
expect_status 0 "$VS" assets "$db" --survey lts --exposed
expect_contains "$work/out" "0 devices talked to China"

# Exposure attempts: a camera asking DNS for its maker's cloud behind a
# firewall (no answer, NXDOMAIN) is listed with no traffic seen; in JSON the
# entry is told apart from traffic by "seen".
expect_status 0 "$VS" capture "$db" --read "$fx/attempts.pcap" --json "${geo[@]}"
expect_contains "$work/out" '{"peer":null,"country":null,"name":"dev.hik-connect.com","cloud":"hikvision: Hik-Connect P2P and device cloud (dev., litedev., api*. hosts)","bytes":0,"seen":"query"}'
expect_contains "$work/out" '"name":"www.easy4ipcloud.com","cloud":"dahua: Dahua P2P cloud","bytes":40,"seen":"traffic"}'
expect_status 0 "$VS" assets "$db" --survey attempts --exposed
expect_contains "$work/out" "  -> queried dev.hik-connect.com (Hikvision cloud: Hik-Connect P2P and device cloud (dev., litedev., api*. hosts)): no traffic seen, 2026-01-01T00:00:01Z .. 2026-01-01T00:00:02Z"
expect_contains "$work/out" "  -> queried litedev.ezvizlife.com (EZVIZ cloud: EZVIZ device and app cloud): no traffic seen"
expect_contains "$work/out" "  -> queried p2p.easy4ip.com, answered 47.96.0.21 (Dahua Technology cloud: "
expect_contains "$work/out" "  -> 47.96.0.20 (www.easy4ipcloud.com) CN, cloud dahua: Dahua P2P cloud, 40 bytes"
expect_contains "$work/out" "2 devices talked to China or a Chinese vendor's cloud (or asked DNS for one)"
expect_status 0 "$VS" assets "$db" --survey attempts --exposed --format json
expect_contains "$work/out" '"peers":[{"peer":null,"name":"dev.hik-connect.com","country":null,"cloud":"hikvision: Hik-Connect P2P and device cloud (dev., litedev., api*. hosts)","bytes":0,"first_seen":"2026-01-01T00:00:01Z","last_seen":"2026-01-01T00:00:02Z","seen":"query"}'
expect_contains "$work/out" '"peer":"47.96.0.20","name":"www.easy4ipcloud.com","country":"CN","cloud":"dahua: Dahua P2P cloud","bytes":40,"first_seen":"2026-01-01T00:00:05Z","last_seen":"2026-01-01T00:00:05Z","seen":"traffic"}'
vs_sql "$db" "select x.peer, x.name, x.seen from exposure x join asset a on a.id = x.asset_id
	join survey s on s.id = a.survey_id where s.name = 'attempts' order by x.id" >"$work/rows"
python3 - "$work/rows" <<'PY2' || fail "stored exposure rows are not as expected"
import sys
rows = [tuple(l.split('|')) for l in open(sys.argv[1]).read().splitlines()]
assert ('', 'dev.hik-connect.com', 'query') in rows, rows
assert ('47.96.0.21', 'p2p.easy4ip.com', 'query') in rows, rows
assert ('47.96.0.20', 'www.easy4ipcloud.com', 'traffic') in rows, rows
assert not any(r[1] == 'pool.ntp.org' for r in rows), rows
PY2
expect_status 64 "$VS" assets "$db" --exposed --by type

# Errors: nothing is stored, and the exit status says what went wrong.
before=$("$VS" assets "$db" --format json | wc -l)
expect_status 66 "$VS" capture "$db" --read "$work/missing.pcap"
expect_status 65 "$VS" capture "$db" --read "$fx/../../golden/capture/site.json"
expect_contains "$work/err" "not a readable pcap or pcapng file"
head -c 20 "$fx/site.pcap" >"$work/short.pcap"
expect_status 65 "$VS" capture "$db" --read "$work/short.pcap"
expect_status 64 "$VS" capture "$db"
expect_status 64 "$VS" capture "$db" --read "$fx/site.pcap" --interface lo
expect_status 64 "$VS" capture "$db" --read "$fx/site.pcap" --duration 5
expect_status 64 "$VS" capture "$db" --interface lo --duration 0
expect_status 66 "$VS" capture "$work/nostore.db" --read "$fx/site.pcap"
after=$("$VS" assets "$db" --format json | wc -l)
[ "$before" -eq "$after" ] || fail "a failed capture changed the store ($before -> $after rows)"

# A file cut inside its last record: the packets before it count, and it says so.
size=$(stat -c %s "$fx/site.pcap")
head -c $((size - 7)) "$fx/site.pcap" >"$work/cut.pcap"
expect_status 0 "$VS" capture "$db" --read "$work/cut.pcap" --survey cut
expect_contains "$work/err" "ends inside a packet record"

# More devices than a capture starts its identification thread for
# (IDENTIFY_THREAD_MIN in ingest/capture.c): decided on a second thread
# while the ones before are stored, then again into the same survey, where
# every device fuses; the ThreadSanitizer run of this test watches both.
python3 "$VS_SRC/bench/capture/gen.py" "$work/many.pcap" --size-mb 1 --devices 100 --no-bulk \
	>/dev/null 2>&1 || fail "bench/capture/gen.py could not write a capture"
expect_status 0 "$VS" capture "$db" --read "$work/many.pcap" --survey many
expect_contains "$work/out" "103 devices into survey 'many': 28 Chinese, 46 of unknown origin"
expect_status 0 "$VS" capture "$db" --read "$work/many.pcap" --survey many --source again
expect_contains "$work/out" "103 devices into survey 'many': 28 Chinese, 46 of unknown origin; 103 of them already in the survey"

# Live: a veth pair in a namespace of our own; a SIP REGISTER sent from one
# end to the other is heard on the first. Nothing leaves the namespace.
live() {
	local ns=vs-cap-$$ peer=vs-cap-$$-b
	if [ "$(id -u)" -ne 0 ] || ! ip netns add "$ns" 2>/dev/null; then
		return 77
	fi
	trap 'ip netns del '"$ns"' 2>/dev/null; ip netns del '"$peer"' 2>/dev/null; rm -rf "$work"' EXIT
	ip netns add "$peer" &&
		ip -n "$ns" link add v0 type veth peer name v1 netns "$peer" &&
		ip -n "$peer" link set v1 address 80:5e:c0:00:00:01 &&
		ip -n "$ns" addr add 10.99.0.1/24 dev v0 && ip -n "$peer" addr add 10.99.0.2/24 dev v1 &&
		ip -n "$ns" link set v0 up && ip -n "$peer" link set v1 up || return 1
	# Root without sudo drops to 'nobody' once the interface is open: the
	# store must be one nobody can write.
	chmod 711 "$work"
	mkdir "$work/live" && "$VS" init "$work/live/l.db" >/dev/null &&
		chown -R nobody "$work/live" || return 1
	ip netns exec "$ns" "$VS" capture "$work/live/l.db" --interface v0 --duration 6 --survey live --json \
		>"$work/live.out" 2>"$work/live.err" &
	local pid=$!
	# At the same time as the site's sensor (e2e/sensors): into the sensor
	# tables, then imported by the owner.
	ip netns exec "$ns" "$VS" capture "$work/live/l.db" --interface v0 --duration 6 \
		--survey live-sensor --site north >"$work/sensor.out" 2>"$work/sensor.err" &
	local sensor_pid=$!
	# The sender repeats for 4 s: a sanitizer build may take a while to open
	# the interface.
	sleep 0.5
	ip netns exec "$peer" python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('10.99.0.2', 5060))
msg = (b'REGISTER sip:10.99.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.99.0.2:5060;branch=z9hG4bK7\r\n'
       b'From: <sip:7@10.99.0.1>;tag=7\r\nTo: <sip:7@10.99.0.1>\r\nCall-ID: 7@10.99.0.2\r\n'
       b'CSeq: 1 REGISTER\r\nUser-Agent: Yealink SIP-T54W 96.86.0.100\r\nContent-Length: 0\r\n\r\n')
import time
for _ in range(16):
    s.sendto(msg, ('10.99.0.1', 5060))
    time.sleep(0.25)
PY
	wait "$sensor_pid" || fail "live capture as a sensor failed: $(cat "$work/sensor.err")"
	expect_contains "$work/sensor.out" "v0: "
	expect_contains "$work/sensor.out" "for survey 'live-sensor' kept as sensor source 1 of site 'north'"
	expect_status 0 "$VS" db import-sensors "$work/live/l.db"
	expect_contains "$work/out" "devices of interface:v0 into survey 'live-sensor'"
	expect_status 0 "$VS" assets "$work/live/l.db" --survey live-sensor --format json
	expect_contains "$work/out" "80:5e:c0:00:00:01"
	expect_contains "$work/out" "Yealink"
	wait "$pid" || { fail "live capture failed: $(cat "$work/live.err")"; return 0; }
	expect_contains "$work/live.out" '"mac":"80:5e:c0:00:00:01"'
	expect_contains "$work/live.out" '"vendor":"Yealink","brand":null,"model":"SIP-T54W"'
	expect_contains "$work/live.err" "as nobody"
	return 0
}
rc=0
live || rc=$?
if [ "$rc" -eq 77 ]; then
	finish >/dev/null || exit 1
	echo "skipped the live part: needs root and 'ip netns' to make a namespace of its own"
	exit 77
fi
[ "$rc" -eq 0 ] || fail "could not set up the veth pair in the test's namespace"
finish
