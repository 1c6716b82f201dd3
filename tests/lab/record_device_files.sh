#!/usr/bin/env bash
# Records what real tools write about the lab (tests/lab/), as the device-file
# fixtures (tests/fixtures/devices/): nmap's XML of a service scan with the
# scripts vendorscope reads, arp-scan (default and --plain), and the kernel's
# neighbour table as `ip neigh` and `arp -an` print it after the scan.
#
#   tests/lab/record_device_files.sh OUTDIR
#
# Run by hand (root; nmap, arp-scan, net-tools): the fixtures are kept, tests
# only read them. Packets go only to the lab's namespaces (lab.sh).
set -euo pipefail
out=$(cd "${1:?usage: record_device_files.sh OUTDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cat >"$out/.inside.sh" <<'INNER'
set -u
o=$1
ip=${LAB_NET%.0/24}
nmap -n -sS -sU -sV \
	-p T:80,443,554,8000,37777,49152,U:161,1900 \
	--script 'http-server-header,http-title,ssl-cert,rtsp-methods,snmp-sysdescr,upnp-info' \
	-oX "$o/nmap-sV.xml" "$ip.3-17" >/dev/null
nmap -n -sn -oX "$o/nmap-sn.xml" "$ip.3-17" >/dev/null
arp-scan -I eth0 "$LAB_NET" >"$o/arp-scan.txt"
arp-scan -I eth0 --plain "$LAB_NET" >"$o/arp-scan-plain.txt"
ip neigh show >"$o/ip-neigh.txt"
arp -an >"$o/arp-an.txt"
cp "$LAB_EXPECT" "$o/lab-expect.tsv"
INNER
"$here/lab.sh" -- bash "$out/.inside.sh" "$out"
rm -f "$out/.inside.sh"
