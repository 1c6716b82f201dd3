#!/usr/bin/env bash
# vendorscope kb: lookup / check / update exit codes and output, against the
# fixture data directory and the build's real one.
# Environment (from CTest): VS = the binary, VS_SRC, VS_BUILD.
set -uo pipefail
: "${VS:?VS must name the vendorscope binary}" "${VS_SRC:?}" "${VS_BUILD:?}"
[ -x "$VS" ] || { echo "skip: $VS is not executable"; exit 77; }
FX="$VS_SRC/tests/fixtures/kb/good"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect STATUS DESCRIPTION -- command...: run, keep stdout+stderr in $tmp/out
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >"$tmp/out" 2>&1
	local got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: exit $got, want $want"
		sed 's/^/  | /' "$tmp/out"
		fails=$((fails + 1))
	fi
}
# contains TEXT: the last command's output contains TEXT
contains() {
	if ! grep -qF -- "$1" "$tmp/out"; then
		echo "FAIL: output lacks '$1'"
		sed 's/^/  | /' "$tmp/out"
		fails=$((fails + 1))
	fi
}

expect 0 "kb --help" -- "$VS" kb --help
contains "vendorscope kb lookup MAC|NAME"
for sub in lookup update check; do
	expect 0 "kb $sub --help" -- "$VS" kb "$sub" --help
	contains "usage: vendorscope kb $sub"
done
expect 64 "kb without a subcommand" -- "$VS" kb
expect 64 "kb frobnicate" -- "$VS" kb frobnicate
expect 64 "lookup without a query" -- "$VS" kb lookup --data "$FX"
expect 64 "lookup with a bad date" -- "$VS" kb lookup --data "$FX" --date 2020-13 Lorex
contains "--date 2020-13 is not YYYY"
expect 64 "update without --oui" -- "$VS" kb update --data "$tmp"
expect 64 "check with an operand" -- "$VS" kb check extra

# lookup on the fixture
expect 0 "lookup a MAC" -- "$VS" kb lookup --data "$FX" 44-19-B6-00-00-01
contains "IEEE block:  MA-L 4419B6/24, Hangzhou Hikvision Digital Technology Co.,Ltd."
contains "vendor:      Hikvision (hikvision)"
expect 0 "lookup several words" -- "$VS" kb lookup --data "$FX" --date 2020 Lorex Technology Inc
contains "owners as of 2020:"
contains "1. Dahua Technology (dahua)"
expect 0 "lookup at a date the brand was independent" -- "$VS" kb lookup --data "$FX" --date 2024 Lorex
contains "owners as of 2024: none known"
expect 1 "lookup an unknown name" -- "$VS" kb lookup --data "$FX" "Nobody Ltd"
contains "not known: Nobody Ltd"
expect 1 "lookup a randomised MAC" -- "$VS" kb lookup --data "$FX" 02:00:00:00:00:01
contains "locally administered"
expect 66 "lookup in a missing data directory" -- "$VS" kb lookup --data "$tmp/none" Lorex

# check
expect 0 "check the good fixture" -- "$VS" kb check --data "$FX"
contains "0 problems (12 vendors"
expect 65 "check the fixture with gaps" -- "$VS" kb check --data "$VS_SRC/tests/fixtures/kb/check"
contains "9 problems"
contains "kb/vendors.tsv:3: vendor mystery has no country and no note why"
# A file that does not load: 65 and FILE:LINE.
cp -r "$FX" "$tmp/broken"
printf 'Hikvison\thikvison\tshort\ttypo\n' >>"$tmp/broken/kb/aliases.tsv"
expect 65 "check a data directory with a bad line" -- "$VS" kb check --data "$tmp/broken"
contains "kb/aliases.tsv:17: vendor \"hikvison\" is not a vendor id"

# update: writes the registry, prints the count, leaves nothing on error
mkdir -p "$tmp/data"
printf 'Registry,Assignment,Organization Name,Organization Address\r\nMA-L,4419B6,"Hangzhou Hikvision Digital Technology Co.,Ltd.","No.469,Jianghui Road"\r\nMA-S,70B3D5F2F,TELEPLATFORMS,"Polbina st., 3/1 Moscow  RU 109388 "\r\n' >"$tmp/oui.csv"
expect 0 "update" -- "$VS" kb update --oui "$tmp/oui.csv" --data "$tmp/data"
contains "2 entries written to $tmp/data/oui/registry.tsv"
grep -q "^70B3D5F2F	MA-S	TELEPLATFORMS	RU$" "$tmp/data/oui/registry.tsv" ||
	{ echo "FAIL: registry lacks the MA-S line"; fails=$((fails + 1)); }
cp "$tmp/data/oui/registry.tsv" "$tmp/before"
printf 'Registry,Assignment,Organization Name,Organization Address\r\nMA-L,4419B,short,x\r\n' >"$tmp/bad.csv"
expect 65 "update from a malformed CSV" -- "$VS" kb update --oui "$tmp/oui.csv" --oui "$tmp/bad.csv" --data "$tmp/data"
contains "bad.csv:2: assignment \"4419B\" is not 6 hex digits (MA-L)"
cmp -s "$tmp/before" "$tmp/data/oui/registry.tsv" ||
	{ echo "FAIL: a failed update changed the registry"; fails=$((fails + 1)); }
[ "$(ls "$tmp/data/oui" | wc -l)" = 1 ] ||
	{ echo "FAIL: a failed update left files behind: $(ls "$tmp/data/oui")"; fails=$((fails + 1)); }
expect 66 "update from a missing CSV" -- "$VS" kb update --oui "$tmp/none.csv" --data "$tmp/data"

# The build's own data: it loads, checks clean, and has the generated registry.
expect 0 "check the build's data" -- "$VS" kb check
contains "0 problems"
expect 0 "lookup a Hikvision MAC in the build's registry" -- "$VS" kb lookup 44:19:b6:00:00:01
contains "Hangzhou Hikvision Digital Technology Co.,Ltd."
contains "registrant's address: CN; an address is not an owner"

if [ "$fails" -gt 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "kb_cli: all passed"
