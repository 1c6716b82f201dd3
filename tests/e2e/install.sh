#!/usr/bin/env bash
# Packaging: `cmake --install` puts the program, its data, a manual page per
# command and the bash completion under a prefix; the installed program runs
# from there; `vendorscope help CMD`, -V/--version; completion offers every
# command of the table and a command's options.
. "$(dirname "$0")/lib.sh"
prefix=$work/prefix
cmake --install "$VS_BUILD" --prefix "$prefix" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "cmake --install failed"; finish; }
ivs=$prefix/bin/vendorscope
[ -x "$ivs" ] || fail "no bin/vendorscope under the prefix"

# The installed program finds its installed data (not the build's).
unset VENDORSCOPE_DATA
expect_status 0 "$ivs" --version
expect_contains "$work/out" "vendorscope "
expect_status 0 "$ivs" -V
expect_contains "$work/out" "vendorscope "
expect_status 0 "$ivs" kb lookup HIKVISION
expect_contains "$work/out" "Hikvision"
expect_status 0 "$ivs" init "$work/i.db"
expect_status 0 "$ivs" import "$work/i.db" "$VS_SRC/examples/kk-2025/inventory-2025.csv" --survey kk-2025 --date 2025
expect_status 0 "$ivs" plan "$work/i.db" --strategy immediate
expect_contains "$work/out" "179,421.6"

# help CMD is CMD --help, for every command the program lists.
cmds=$("$ivs" --help | awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }')
[ "$(wc -w <<<"$cmds")" -ge 10 ] || fail "too few commands listed: $cmds"
for c in $cmds; do
	expect_status 0 "$ivs" help "$c"
	cp "$work/out" "$work/help.$c"
	expect_status 0 "$ivs" "$c" --help
	cmp -s "$work/out" "$work/help.$c" || fail "help $c differs from $c --help"
	# A manual page per command, found by man(1) under the prefix.
	[ -f "$prefix/share/man/man1/vendorscope-$c.1" ] || fail "no manual page vendorscope-$c.1"
done
expect_status 64 "$ivs" help nosuch
if command -v man >/dev/null; then
	MANPATH=$prefix/share/man expect_status 0 man -w vendorscope-import
	expect_contains "$work/out" "$prefix/share/man/man1/vendorscope-import.1"
	MANPATH=$prefix/share/man MANWIDTH=80 expect_status 0 man vendorscope-import
	expect_contains "$work/out" "vendorscope-import - read an inventory export into a survey"
	expect_contains "$work/out" "--survey NAME"
	MANPATH=$prefix/share/man MANWIDTH=250 expect_status 0 man vendorscope
	expect_contains "$work/out" "SOURCE_DATE_EPOCH"
	expect_contains "$work/out" "vendorscope-report(1)"
fi

# Bash completion, as bash would call it.
comp=$prefix/share/bash-completion/completions/vendorscope
[ -f "$comp" ] || fail "no bash completion installed"
complete_words() { # WORDS...: the completions for the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _vendorscope; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$comp" "$@"
}
got=$(complete_words "$ivs" "" | sort | tr '\n' ' ')
for c in $cmds help; do
	grep -qw -- "$c" <<<"$got" || fail "completion lacks command $c: $got"
done
# offers WORD WORDS...: WORD is among the completions. Not "complete_words
# | grep -q": grep exits at its match, bash's printf writes a line per
# write(2), and a write after grep is gone kills the completion with
# SIGPIPE, which pipefail makes a failed check; it happened only when the
# machine was loaded enough to run grep between two writes.
offers() {
	local want=$1 got
	shift
	got=$(complete_words "$@")
	grep -qx -- "$want" <<<"$got"
}
offers --chinese "$ivs" diff --ch || fail "completion: diff --ch"
offers xlsx "$ivs" report --format "" || fail "completion: report --format"
offers assets "$ivs" help as || fail "completion: help as"
offers replaced "$ivs" status kk.db 4 --set "" || fail "completion: status --set"
finish
