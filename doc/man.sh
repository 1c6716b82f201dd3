#!/usr/bin/env bash
# Manual pages from the one source there is: the --help texts of the built
# program. vendorscope(1) from `vendorscope --help`, vendorscope-CMD(1) from
# `vendorscope help CMD` for every command the program lists, so a command
# added to the table in src/cli/main.c gets its page with no edit here.
#
#   doc/man.sh VENDORSCOPE OUTDIR
#
# The help texts are laid out for a terminal; they go into the page as
# preformatted blocks (.nf), so their columns stay aligned. The page date is
# SOURCE_DATE_EPOCH's when set (reproducible builds), else left out.
set -euo pipefail
vs=${1:?usage: man.sh VENDORSCOPE OUTDIR}
out=${2:?usage: man.sh VENDORSCOPE OUTDIR}
mkdir -p "$out"
version=$("$vs" --version)
date=
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
fi

# roff-escape text for a preformatted block: backslashes, and a line that
# starts with . or ' would be read as a request.
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

# page NAME SUMMARY HELP-FILE [SEE-ALSO]
page() {
	local name=$1 summary=$2 help=$3 see=$4 upper
	upper=$(tr '[:lower:]' '[:upper:]' <<<"$name")
	{
		printf '.TH %s 1 "%s" "%s" "vendorscope manual"\n' "$upper" "$date" "$version"
		printf '.SH NAME\n%s \\- %s\n' "$name" "$(esc <<<"$summary")"
		# SYNOPSIS: the usage lines (up to the first blank line), without "usage: ".
		printf '.SH SYNOPSIS\n.nf\n'
		awk 'NF == 0 { exit } { sub(/^usage: /, ""); sub(/^       /, ""); print }' "$help" | esc
		printf '.fi\n.SH DESCRIPTION\n.nf\n'
		awk 'f { print } NF == 0 { f = 1 }' "$help" | esc
		printf '.fi\n.SH SEE ALSO\n%s\n' "$see"
	} >"$out/$name.1"
}

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.cmd"' EXIT
"$vs" --help >"$tmp"
# The command list: the indented lines between "commands:" and the next blank.
mapfile -t cmds < <(awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print }' "$tmp")
see=
for line in "${cmds[@]}"; do
	c=$(awk '{ print $1 }' <<<"$line")
	# One a line: a filled paragraph would hyphenate "vendorscope-report".
	see+="${see:+
.br
}.BR vendorscope-$c (1)"
done
page vendorscope "find Chinese hardware and software, its exposure and the cost of phasing it out" "$tmp" "$see"
for line in "${cmds[@]}"; do
	c=$(awk '{ print $1 }' <<<"$line")
	summary=$(sed -E 's/^ *[a-z]+ +//' <<<"$line")
	"$vs" help "$c" >"$tmp.cmd"
	page "vendorscope-$c" "$summary" "$tmp.cmd" ".BR vendorscope (1)"
done
