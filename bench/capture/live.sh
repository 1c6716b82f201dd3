#!/usr/bin/env bash
# Live capture benchmark (issue 16): the bulk-mix capture replayed with
# tcpreplay into a veth pair between two network namespaces this script
# makes (and deletes on exit), while `vendorscope capture --interface`
# listens on the far end. Nothing is sent anywhere else: the sending end
# is in a namespace of its own, the frames go only over the pair, and the
# listening end has no address (it answers nothing).
#
# For each rate (Mbit/s, or "top" for tcpreplay --topspeed) it reports the
# rate tcpreplay reached, the packets it sent, what libpcap's pcap_stats
# says the capture socket received and the kernel dropped (its ring full),
# and the packets vendorscope dissected. Frames lost before the socket (the
# veth's receive backlog) show as sent minus received.
#
# usage: sudo [BUFFERS="2 16 64"] [RATES="1000 2000 5000 top"] bench/capture/live.sh [SIZE_MB]
#        (default 300: the bulk-mix file of run.sh's PROFILE=bulk; needs
#        tcpreplay from VS_SETUP_BENCH=1 scripts/setup and root for ip netns)
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-300}
rates=${RATES:-"1000 2000 5000 top"}
buffers=${BUFFERS:-"2 16 64"}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ "$(id -u)" -eq 0 ] || { echo "live.sh: needs root (ip netns, a capture socket)" >&2; exit 77; }
command -v tcpreplay >/dev/null || { echo "live.sh: tcpreplay missing: VS_SETUP_BENCH=1 scripts/setup" >&2; exit 69; }
[ -x "$vs" ] || ./scripts/build release >/dev/null
pcap="$out/capture-bulk-${size_mb}mb.pcap"
[ -s "$pcap" ] || python3 bench/capture/gen.py "$pcap" --size-mb "$size_mb" --devices 5000 --bulk-mix

tx=vs-bench-tx-$$ rx=vs-bench-rx-$$
work=$(mktemp -d)
cleanup() {
	ip netns del "$tx" 2>/dev/null || true
	ip netns del "$rx" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$tx"
ip netns add "$rx"
for ns in "$tx" "$rx"; do
	# No IPv6 autoconfiguration chatter of our own on the pair.
	ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$tx" link add vtx type veth peer name vrx netns "$rx"
# Full-size frames of the file (1,514 bytes) fit the default MTU.
ip -n "$tx" link set vtx up
ip -n "$rx" link set vrx up
chmod 711 "$work"

frames=$(capinfos -M -c "$pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(tcpreplay --version 2>&1 | head -n 1)"
echo "File: $pcap, $(($(stat -c %s "$pcap") / 1000000)) MB, $frames frames"
echo
echo "| buffer MiB | asked | reached Mbit/s | sent | received | dropped (kernel) | dropped (interface) | dissected |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for buf in $buffers; do
	for rate in $rates; do
		db="$work/live-$buf-$rate.db"
		"$vs" init "$db" >/dev/null
		chown nobody "$work" "$db"
		ip netns exec "$rx" "$vs" capture "$db" --interface vrx --buffer "$buf" --survey "live-$rate" \
			>"$work/vs.out" 2>"$work/vs.err" &
		pid=$!
		sleep 1 # the capture opens the interface before the first frame
		if [ "$rate" = top ]; then
			speed=(--topspeed)
		else
			speed=(--mbps="$rate")
		fi
		ip netns exec "$tx" tcpreplay -q --preload-pcap -i vtx "${speed[@]}" "$pcap" >"$work/replay.out" 2>&1
		sleep 2 # the last blocks of the ring reach the capture (its read timeout is 1 s)
		kill -INT "$pid"
		wait "$pid" || { echo "live.sh: capture failed: $(cat "$work/vs.err")" >&2; exit 1; }
		sent=$(awk '/Actual:/ {print $2; exit}' "$work/replay.out")
		reached=$(grep -o 'Rated: [0-9.]* Bps, [0-9.]* Mbps' "$work/replay.out" | awk '{print $4}')
		read -r recv drop ifdrop < <(sed -n 's/^capture: \([0-9]*\) packets received by the capture, \([0-9]*\) dropped by the kernel, \([0-9]*\) by the interface$/\1 \2 \3/p' "$work/vs.err")
		dissected=$(sed -n 's/^interface:vrx: \([0-9]*\) packets.*/\1/p; s/^vrx: \([0-9]*\) packets.*/\1/p' "$work/vs.out")
		echo "| $buf | $rate | ${reached:-?} | ${sent:-?} | ${recv:-?} | ${drop:-?} | ${ifdrop:-?} | ${dissected:-?} |"
	done
done
