#!/usr/bin/env bash
# Capture benchmark (issue 4): one generated pcap (bench/capture/gen.py,
# >= 2 GB, thousands of devices) read by
#   cat FILE >/dev/null                 the floor: reading the bytes at all
#   bench/capture/pcapwalk.c FILE       the floor for libpcap: every record, nothing done
#   p0f -r FILE                         passive fingerprinting (SYNs, HTTP)
#   tshark -r FILE -T fields -e ...     the fields vendorscope extracts
#   vendorscope capture DB --read FILE  parse, identify, store
# all on the same file, in the page cache, one after another. Wall time
# and peak RSS from /usr/bin/time; MB/s is file size (10^6 bytes) / wall.
# Prints the machine and a Markdown table for docs/benchmarks.md.
#
# usage: [PROFILE=chatter] bench/capture/run.sh [SIZE_MB]   (default 2300; needs VS_SETUP_BENCH=1
#        scripts/setup for tshark and p0f, and builds a release vendorscope)
# RUNS=N repeats each measurement N times and reports the fastest.
# Reads files only: nothing here opens an interface or sends a packet.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-2300}
# PROFILE=chatter: no bulk flows, every frame one a dissector reads (gen.py --no-bulk).
profile=${PROFILE:-mixed}
runs=${RUNS:-1}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null
for tool in tshark p0f /usr/bin/time; do
	command -v "$tool" >/dev/null || {
		echo "run.sh: $tool missing: VS_SETUP_BENCH=1 scripts/setup" >&2
		exit 69
	}
done

case "$profile" in
	mixed) pcap="$out/capture-${size_mb}mb.pcap" gen_args=() ;;
	chatter) pcap="$out/capture-chatter-${size_mb}mb.pcap" gen_args=(--no-bulk) ;;
	*) echo "run.sh: PROFILE is mixed or chatter" >&2; exit 64 ;;
esac
[ -s "$pcap" ] || python3 bench/capture/gen.py "$pcap" --size-mb "$size_mb" "${gen_args[@]}"
bytes=$(stat -c %s "$pcap")
frames=$(capinfos -M -c "$pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
warm=$pcap

# p0f reads its signatures from the path compiled in, or -f.
p0f_fp=()
for f in /etc/p0f/p0f.fp /usr/share/p0f/p0f.fp; do
	[ -f "$f" ] && { p0f_fp=(-f "$f"); break; }
done

# The fields vendorscope's capture extracts, as tshark names them.
tshark_fields=(-e frame.time_epoch -e eth.src -e ip.src -e ipv6.src -e arp.src.hw_mac
	-e dhcp.option.hostname -e dhcp.option.vendor_class_id -e dns.qry.name -e dns.a
	-e dns.ptr.domain_name -e http.server -e http.www_authenticate
	-e tls.handshake.extensions_server_name)

# The page cache here holds little more than one of the files (2-3 GB seen):
# each run reads $warm first, so no run pays for a disk read another left.
measure() { # LABEL CMD... -> "label|seconds|max RSS KiB" (fastest of $runs)
	local label=$1 best='' t
	shift
	for _ in $(seq "$runs"); do
		cat "$warm" >/dev/null
		/usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
			echo "run.sh: '$label' failed:" >&2
			tail -n 5 "$out/stderr.txt" >&2
			return 1
		}
		t=$(tail -n 1 "$out/time.txt")
		if [ -z "$best" ] || awk -v a="${t% *}" -v b="${best% *}" 'BEGIN {exit !(a < b)}'; then
			best=$t
		fi
	done
	printf '%s|%s|%s\n' "$label" "${best% *}" "${best#* }"
}

# The floor for a libpcap reader: every record fetched, nothing done.
walk=$out/pcapwalk
cc -O2 -Wall -Wextra -Werror -o "$walk" bench/capture/pcapwalk.c -lpcap

rows=()
rows+=("$(measure "cat (floor)" cat "$pcap")")
rows+=("$(measure "libpcap record walk (floor)" "$walk" "$pcap")")
rows+=("$(measure "p0f -r" p0f "${p0f_fp[@]}" -r "$pcap")")
rows+=("$(measure "tshark -T fields (13 fields)" tshark -n -r "$pcap" -T fields "${tshark_fields[@]}")")

vs_db="$out/capture.db"
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }
run_vs() { # FILE: init is part of each run but takes milliseconds
	fresh "$vs_db" && "$vs" init "$vs_db" >/dev/null &&
		"$vs" capture "$vs_db" --read "$1" >"$out/vs-summary.txt"
}
export -f run_vs fresh
export vs vs_db out
rows+=("$(measure "vendorscope capture --read" bash -c 'run_vs "$0"' "$pcap")")

# The same frames as pcapng (editcap writes it once), for the two tools
# that read both formats through libpcap.
pcapng=${pcap%.pcap}.pcapng
[ -s "$pcapng" ] || editcap -F pcapng "$pcap" "$pcapng"
warm=$pcapng
rows+=("$(measure "p0f -r (pcapng)" p0f "${p0f_fp[@]}" -r "$pcapng")")
rows+=("$(measure "vendorscope capture --read (pcapng)" bash -c 'run_vs "$0"' "$pcapng")")

echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg);" \
	"$(tshark --version | head -n 1); p0f $(dpkg-query -W -f='${Version}' p0f 2>/dev/null)"
echo "File: $pcap, $((bytes / 1000000)) MB, ${frames:-?} frames"
echo
echo "| run | wall s | MB/s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
	IFS='|' read -r label secs rss <<<"$row"
	if [ "$secs" = "not yet measured" ]; then
		echo "| $label | not yet measured | | |"
		continue
	fi
	awk -v l="$label" -v s="$secs" -v r="$rss" -v b="$bytes" \
		'BEGIN {printf "| %s | %.2f | %.0f | %.0f |\n", l, s, (s > 0 ? b / 1e6 / s : 0), r / 1024}'
done
if [ -s "$out/vs-summary.txt" ]; then
	echo
	echo "vendorscope: $(tail -n 1 "$out/vs-summary.txt")"
	"$vs" assets "$vs_db" --by type | sed 's/^/    /'
fi
