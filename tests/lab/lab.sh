#!/usr/bin/env bash
# The scan lab: emulated devices in network namespaces on one bridge, and a
# scanner namespace beside them. Builds the lab, runs COMMAND inside the
# scanner namespace, and tears everything down when it ends, however it
# ends (trap on EXIT, INT, TERM).
#
#   tests/lab/lab.sh [--devices N] -- COMMAND [ARGS...]
#
# Without --devices: the fifteen reference devices (tests/lab/devices.tsv:
# one per vendor profile, each MAC from that vendor's real IEEE block).
# With --devices N: N devices cycling through the profiles (benchmarks).
#
# Safety: every name is vs-lab-<pid>-*, every address is in 10.253.0.0/24
# and exists only inside the namespaces made here; the scanner namespace
# has no route anywhere else, so nothing the COMMAND sends can leave it.
#
# COMMAND sees LAB_NET (the lab's /24), LAB_EXPECT (a TSV: ip, mac, profile,
# vendor, chinese, brand, name, note for every device) and LAB_SCANNER_IP.
# Needs root, iproute2, python3 and openssl.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
n_devices=0
while [[ $# -gt 0 ]]; do
	case $1 in
	--devices) n_devices=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: lab.sh [--devices N] -- COMMAND [ARGS...]" >&2; exit 64 ;;
	esac
done
[[ $# -gt 0 ]] || { echo "lab.sh: no COMMAND" >&2; exit 64; }
if [[ $(id -u) != 0 ]]; then
	echo "lab.sh: needs root (network namespaces)" >&2
	exit 77
fi

prefix="vs-lab-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/vs-lab.XXXXXX")
chmod 755 "$work"
namespaces=()
server_pid=

teardown() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	for ns in "${namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$work"
	exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The device list: name profile mac vendor chinese brand note.
spec=$work/devices.tsv
if [[ $n_devices -eq 0 ]]; then
	grep -v '^#' "$here/devices.tsv" >"$spec"
else
	python3 - "$here/devices.tsv" "$n_devices" >"$spec" <<'EOF'
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if not l.startswith('#')]
n = int(sys.argv[2])
if n > 250:
    sys.exit('lab.sh: at most 250 devices fit the /24 beside the scanner')
for i in range(n):
    r = list(rows[i % len(rows)])
    # Same vendor block, a distinct device part per copy.
    m = r[2].split(':')
    m[3:] = ['%02x' % (i >> 8 & 0xff), '%02x' % (i & 0xff), '%02x' % (0x40 + i // len(rows))]
    r[2] = ':'.join(m)
    print('\t'.join(r))
EOF
fi

br="$prefix-br"
scanner="$prefix-s"
ip netns add "$br"; namespaces+=("$br")
ip -n "$br" link add br0 type bridge
# Snooping off: discovery multicast reaches every port, as on a plain switch.
ip -n "$br" link set br0 type bridge mcast_snooping 0
# LLDP (01:80:c2:00:00:0e) is not forwarded by an 802.1D bridge; the lab's
# bridge passes it so the scanner hears the router's and the phone's LLDP
# as it would plugged into their switch port.
ip -n "$br" link set br0 type bridge group_fwd_mask 0x4000
ip -n "$br" link set br0 up

attach() { # ns ip mac port-name
	ip netns add "$1"; namespaces+=("$1")
	ip -n "$br" link add "$4" type veth peer name eth0 netns "$1"
	ip -n "$br" link set "$4" master br0 up
	[[ -n $3 ]] && ip -n "$1" link set eth0 address "$3"
	ip -n "$1" addr add "$2/24" dev eth0
	ip -n "$1" link set lo up
	ip -n "$1" link set eth0 up
}

attach "$scanner" 10.253.0.2 "" vs0
expect=$work/expect.tsv
servers=$work/servers.tsv
: >"$expect"
: >"$servers"
i=0
while IFS=$'\t' read -r name profile mac vendor chinese brand note; do
	addr="10.253.0.$((i + 3))"
	ns="$prefix-$i"
	attach "$ns" "$addr" "$mac" "v$i"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$addr" "$mac" "$profile" "$vendor" "$chinese" \
		"$brand" "$name" "$note" >>"$expect"
	printf '%s\t%s\t%s\t%s\t%s\n' "$ns" "$profile" "$addr" "$mac" "$i" >>"$servers"
	i=$((i + 1))
done <"$spec"

# A device holds up to a dozen sockets: 250 of them need more than 1024.
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
LAB_TMP=$work python3 "$here/devices.py" "$servers" "$work/ready" &
server_pid=$!
for _ in $(seq 1 600); do
	[[ -e $work/ready ]] && break
	kill -0 "$server_pid" 2>/dev/null || { echo "lab.sh: the device emulator died" >&2; exit 1; }
	sleep 0.1
done
[[ -e $work/ready ]] || { echo "lab.sh: the device emulator did not start in 60 s" >&2; exit 1; }

export LAB_NET=10.253.0.0/24 LAB_EXPECT=$expect LAB_SCANNER_IP=10.253.0.2
# Not exec: the trap must run when COMMAND ends.
ip netns exec "$scanner" "$@"
