#!/usr/bin/env bash
# Regenerates the real-tool fixtures of tests/fixtures/devices/ (not run by
# ctest: the tests read the stored files). A "switch" namespace holds a
# Linux bridge with real dnsmasq serving DHCP on it, real snmpd with
# net-snmp's snmp-bridge-mib (BRIDGE-MIB of the bridge) and lldpd's AgentX
# subagent (LLDP-MIB); five lab devices (MACs from tests/lab/devices.tsv)
# ask for leases with busybox udhcpc (host name, vendor class), two of
# them also speak LLDP (lldpd in their own UTS namespace). Writes
# dnsmasq.leases, snmpwalk-lldp.txt, versions.txt and lab.log into OUTDIR.
#
#   tests/lab/device_fixtures.sh OUTDIR
#
# Needs root, iproute2, dnsmasq-base, snmpd, snmp, libsnmp-perl, lldpd,
# busybox. Safety: every address is 10.253.1.0/24 inside namespaces made
# here; snmpd listens on the switch namespace's loopback only.
set -euo pipefail
out=$(realpath "${1:?usage: device_fixtures.sh OUTDIR}")
here=$(cd "$(dirname "$0")" && pwd)
[[ $(id -u) == 0 ]] || { echo "device_fixtures.sh: needs root" >&2; exit 77; }
prefix="vs-fix-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/vs-fix.XXXXXX")
chmod 755 "$work"
namespaces=()
pids=()
teardown() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	sleep 0.5
	for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	rm -rf "$work"
}
trap teardown EXIT

sw="$prefix-sw"
ip netns add "$sw"; namespaces+=("$sw")
ip -n "$sw" link set lo up
ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 type bridge group_fwd_mask 0x4000
ip -n "$sw" link set br0 address 02:00:5e:10:00:01
ip -n "$sw" addr add 10.253.1.1/24 dev br0
ip -n "$sw" link set br0 up

# name vendor-class mac (from devices.tsv) lldp-description
clients=(
	"hik-cam|udhcp 1.19.4|$(awk -F'\t' '$1=="hik-cam"{print $3}' "$here/devices.tsv")|"
	"dahua-cam|udhcp 1.22.1|$(awk -F'\t' '$1=="dahua-cam"{print $3}' "$here/devices.tsv")|"
	"huawei-ar|HUAWEI AR1220|$(awk -F'\t' '$1=="huawei-ar"{print $3}' "$here/devices.tsv")|Huawei Versatile Routing Platform Software VRP (R) software, Version 5.160 (AR1220 V200R010C10SPC700)"
	"yealink-vc|yealink|$(awk -F'\t' '$1=="yealink-vc"{print $3}' "$here/devices.tsv")|Yealink VC500 63.345.0.10"
	"win-pc|MSFT 5.0|$(awk -F'\t' '$1=="win-pc"{print $3}' "$here/devices.tsv")|"
)
i=0
for c in "${clients[@]}"; do
	IFS='|' read -r name vclass mac descr <<<"$c"
	ns="$prefix-$i"
	ip netns add "$ns"; namespaces+=("$ns")
	ip -n "$sw" link add "p$((i + 1))" type veth peer name eth0 netns "$ns"
	ip -n "$sw" link set "p$((i + 1))" master br0 up
	ip -n "$ns" link set eth0 address "$mac"
	ip -n "$ns" link set lo up
	ip -n "$ns" link set eth0 up
	i=$((i + 1))
done

# snmpd: loopback of the switch namespace, AgentX master on a socket here
# and on the default one (/var/agentx/master) for snmp-bridge-mib.
cat >"$work/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:16161
rocommunity public 127.0.0.1
sysName sw-lab-1
sysDescr Linux bridge (vendorscope lab)
master agentx
agentXSocket $work/agentx,/var/agentx/master
agentXPerms 0777 0777
EOF
ip netns exec "$sw" snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" &
pids+=($!)
for _ in $(seq 50); do [[ -S $work/agentx ]] && break; sleep 0.1; done
# snmp-bridge-mib (NetSNMP::agent) connects to the default AgentX socket.
ip netns exec "$sw" perl /usr/bin/snmp-bridge-mib br0 \
	>"$work/bridge-mib.log" 2>&1 &
pids+=($!)
mkdir -p "$work/lldpd"
ip netns exec "$sw" unshare --uts sh -c "hostname sw-lab-1; exec lldpd -d -r -x -X $work/agentx -u $work/lldpd/sw.sock" \
	>"$work/lldpd-sw.log" 2>&1 &
pids+=($!)

# dnsmasq: DHCP only (port 0: no DNS), its lease file in work.
ip netns exec "$sw" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=br0 \
	--bind-interfaces --dhcp-range=10.253.1.100,10.253.1.150,12h \
	--dhcp-leasefile="$work/dnsmasq.leases" --pid-file="$work/dnsmasq.pid" \
	>"$work/dnsmasq.log" 2>&1 &
pids+=($!)
sleep 1

i=0
for c in "${clients[@]}"; do
	IFS='|' read -r name vclass mac descr <<<"$c"
	ns="$prefix-$i"
	if [[ -n $descr ]]; then
		ip netns exec "$ns" unshare --uts sh -c "hostname $name; exec lldpd -d -S '$descr' -m 10.253.1.$((20 + i)) -u $work/lldpd/$i.sock" \
			>"$work/lldpd-$i.log" 2>&1 &
		pids+=($!)
	fi
	ip netns exec "$ns" busybox udhcpc -i eth0 -n -q -f -t 5 -T 1 -s /bin/true \
		-x "hostname:$name" -V "$vclass" >"$work/udhcpc-$i.log" 2>&1 || true
	i=$((i + 1))
done
sleep 4 # LLDP frames from the devices reach the switch's lldpd

mkdir -p "$out"
cp "$work/dnsmasq.leases" "$out/dnsmasq.leases"
walk() { ip netns exec "$sw" snmpwalk -v2c -c public "${@:1:$#-1}" 127.0.0.1:16161 "${@: -1}"; }
# snmp-bridge-mib (net-snmp 5.9.3) serves BRIDGE-MIB here, but wrongly:
# dot1dTpFdbPort is missing ("No Such Instance") and dot1dTpFdbStatus says
# self(4) for the learnt MACs. snmpwalk-bridge.txt is therefore written by
# hand in net-snmp's output format (see the fixtures' README); this walk is
# kept beside the others for whoever fixes that.
{
	walk -On 1.3.6.1.2.1.1.5
	walk -On 1.3.6.1.2.1.17.1.4
	walk -On 1.3.6.1.2.1.17.4.3.1.1
	walk -On 1.3.6.1.2.1.17.4.3.1.2
	walk -On 1.3.6.1.2.1.17.4.3.1.3
} >"$work/snmpwalk-bridge-mib.txt" 2>>"$work/snmpwalk.log"
{
	walk 1.3.6.1.2.1.1.5
	walk 1.0.8802.1.1.2.1.4
} >"$out/snmpwalk-lldp.txt" 2>>"$work/snmpwalk.log"
cp "$work/snmpwalk-bridge-mib.txt" "$out/"
{
	dnsmasq --version | head -1
	snmpwalk -V 2>&1
	lldpd -v
	busybox 2>&1 | sed -n 1p
} >"$out/versions.txt" 2>&1 || true
for f in "$work"/*.log; do echo "== $f"; cat "$f"; done >"$out/lab.log" 2>&1 || true
