#!/usr/bin/env bash
# Capture benchmark (issues 4 and 16): generated captures (bench/capture/gen.py)
# read by
#   cat FILE >/dev/null                 the floor: reading the bytes at all
#   bench/capture/pcapwalk.c FILE       the floor for libpcap: every record, nothing done
#   p0f -r FILE                         passive fingerprinting (SYNs, HTTP)
#   tshark -r FILE -T fields -e ...     the fields vendorscope extracts
#   vendorscope capture DB --read FILE  parse, identify, store
#   bench/capture/capphase.c FILE       vendorscope's capture phase alone (no store)
# all on the same file, in the page cache. Each round runs every tool once,
# one after another, so the tools share the machine's moments of load; the
# table gives each tool's median over the rounds, and the load average
# before and after. Wall time, CPU time (user + system: on a shared
# machine the steadier of the two) and peak RSS from /usr/bin/time; MB/s is
# file size (10^6 bytes) / wall.
#
# Profiles (PROFILES, space-separated, each with its pcapng twin):
#   bulk     a mirror port: ~90% of the frames long file-server flows (gen.py --bulk-mix),
#            5,000 devices; SIZE_MB (default 1074, 1 GiB)
#   chatter  discovery, name and handshake traffic only (gen.py --no-bulk); 300 MB
#   mixed    issue 4's file: bulk flows carry ~90% of the bytes; 2300 MB
#
# usage: [PROFILES="bulk chatter"] [RUNS=5] [TSHARK_RUNS=1] bench/capture/run.sh [SIZE_MB]
#        (needs VS_SETUP_BENCH=1 scripts/setup for tshark and p0f; builds a
#        release vendorscope). SIZE_MB applies to the bulk and mixed profiles.
# Reads files only: nothing here opens an interface or sends a packet
# (bench/capture/live.sh is the live benchmark).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${1:-}
profiles=${PROFILES:-${PROFILE:-bulk chatter}}
runs=${RUNS:-5}
tshark_runs=${TSHARK_RUNS:-1}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] && [ -f build/release/libvscore.a ] || ./scripts/build release >/dev/null
for tool in tshark p0f /usr/bin/time capinfos editcap; do
	command -v "$tool" >/dev/null || {
		echo "run.sh: $tool missing: VS_SETUP_BENCH=1 scripts/setup" >&2
		exit 69
	}
done

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

# The floors and the capture phase, built once.
walk=$out/pcapwalk
cc -O2 -Wall -Wextra -Werror -o "$walk" bench/capture/pcapwalk.c -lpcap
phase=$out/capphase
cc -O2 -Wall -Wextra -Werror -I src -o "$phase" bench/capture/capphase.c build/release/libvscore.a \
	$(pkg-config --libs libpcap sqlite3 jansson expat libpcre2-8 libmaxminddb zlib) -lpthread -lm

vs_db="$out/capture.db"
run_vs() { # FILE: init is part of each run but takes milliseconds
	rm -f "$vs_db" "$vs_db-wal" "$vs_db-shm"
	"$vs" init "$vs_db" >/dev/null && "$vs" capture "$vs_db" --read "$1" >"$out/vs-summary.txt"
}
export -f run_vs
export vs vs_db out

once() { # FILE LABEL CMD... -> appends "label seconds rss_kib" to $out/times.txt
	local file=$1 label=$2
	shift 2
	cat "$file" >/dev/null # the page cache holds little more than one file: warm it
	/usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
		echo "run.sh: '$label' failed:" >&2
		tail -n 5 "$out/stderr.txt" >&2
		return 1
	}
	# label, wall seconds, peak RSS KiB, CPU seconds (user + system)
	echo "$label $(tail -n 1 "$out/time.txt" | awk '{printf "%s %s %.2f", $1, $2, $3 + $4}')" >>"$out/times.txt"
}

median() { # LABEL -> "seconds rss rounds cpu" (median wall and CPU seconds, the largest RSS)
	local cpu
	cpu=$(awk -v l="$1" '$1 == l {print $4}' "$out/times.txt" | sort -n |
		awk '{t[NR] = $1} END {if (NR) printf "%.2f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2}')
	awk -v l="$1" '$1 == l {print $2, $3}' "$out/times.txt" | sort -n |
		awk -v cpu="$cpu" '{t[NR] = $1; if ($2 > r) r = $2} END {
			if (NR == 0) exit
			m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			printf "%s %d %d %s\n", m, r, NR, cpu}'
}

bench_profile() { # PROFILE
	local profile=$1 pcap gen_args mb
	case "$profile" in
		bulk) mb=${size_mb:-1074} gen_args=(--bulk-mix --devices 5000) pcap="$out/capture-bulk-${mb}mb.pcap" ;;
		chatter) mb=300 gen_args=(--no-bulk) pcap="$out/capture-chatter-${mb}mb.pcap" ;;
		mixed) mb=${size_mb:-2300} gen_args=() pcap="$out/capture-${mb}mb.pcap" ;;
		*) echo "run.sh: a profile is bulk, chatter or mixed, not '$profile'" >&2; exit 64 ;;
	esac
	[ -s "$pcap" ] || python3 bench/capture/gen.py "$pcap" --size-mb "$mb" "${gen_args[@]}"
	local pcapng=${pcap%.pcap}.pcapng
	[ -s "$pcapng" ] || editcap -F pcapng "$pcap" "$pcapng"
	local bytes frames load0
	bytes=$(stat -c %s "$pcap")
	frames=$(capinfos -M -c "$pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
	: >"$out/times.txt"
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	for r in $(seq "$runs"); do
		for f in "$pcap" "$pcapng"; do
			local tag=''
			[ "$f" = "$pcapng" ] && tag='-ng'
			if [ "$f" = "$pcap" ]; then
				once "$f" "cat" cat "$f"
				once "$f" "walk" "$walk" "$f"
			fi
			once "$f" "p0f$tag" p0f "${p0f_fp[@]}" -r "$f"
			once "$f" "vs$tag" bash -c 'run_vs "$0"' "$f"
			once "$f" "phase$tag" "$phase" "$f"
			if [ "$r" -le "$tshark_runs" ] && [ "$f" = "$pcap" ]; then
				once "$f" "tshark" tshark -n -r "$f" -T fields "${tshark_fields[@]}"
			fi
		done
	done
	echo "### Profile $profile: $pcap, $((bytes / 1000000)) MB, ${frames:-?} frames"
	echo "Load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after; median of $runs rounds (tshark: $tshark_runs)."
	echo
	echo "| run | wall s | CPU s | frames/s | MB/s | peak RSS MiB |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	local key label
	for key in cat walk p0f tshark vs phase p0f-ng vs-ng phase-ng; do
		case "$key" in
			cat) label="cat (floor)" ;;
			walk) label="libpcap record walk (floor)" ;;
			p0f) label="p0f -r" ;;
			tshark) label="tshark -T fields (13 fields)" ;;
			vs) label="vendorscope capture --read" ;;
			phase) label="vendorscope capture phase alone (capphase)" ;;
			p0f-ng) label="p0f -r (pcapng)" ;;
			vs-ng) label="vendorscope capture --read (pcapng)" ;;
			phase-ng) label="vendorscope capture phase alone (pcapng)" ;;
		esac
		local m
		m=$(median "$key")
		[ -n "$m" ] || continue
		awk -v l="$label" -v m="$m" -v b="$bytes" -v fr="${frames:-0}" 'BEGIN {
			split(m, a, " "); s = a[1]
			printf "| %s | %.2f | %.2f | %s | %.0f | %.0f |\n", l, s, a[4],
				(s > 0 && fr > 0 ? sprintf("%.0f k", fr / s / 1000) : ""),
				(s > 0 ? b / 1e6 / s : 0), a[2] / 1024}'
	done
	echo
	echo "Each round, wall s (CPU s):"
	awk '{t[$1] = t[$1] " " $2 " (" $4 ")"}
		END {for (k in t) print "    " k ":" t[k]}' "$out/times.txt" | sort
	echo
	if [ -s "$out/vs-summary.txt" ]; then
		echo "vendorscope: $(tail -n 1 "$out/vs-summary.txt")"
	fi
	echo
}

echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM;" \
	"$(tshark --version | head -n 1); p0f $(dpkg-query -W -f='${Version}' p0f 2>/dev/null);" \
	"vendorscope $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
for p in $profiles; do
	bench_profile "$p"
done
