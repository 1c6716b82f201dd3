# Shared by the e2e scripts: CTest passes VS (the binary), VS_SRC, VS_BUILD.
set -euo pipefail
: "${VS:?run through ctest}" "${VS_SRC:?}" "${VS_BUILD:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/vs-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { printf 'FAIL: %s\n' "$*" >&2; fails=$((fails + 1)); }
# expect_status WANT CMD...: run CMD, keep stdout in $work/out and stderr in $work/err.
expect_status() {
	local want=$1; shift
	local got=0
	"$@" >"$work/out" 2>"$work/err" || got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(head -c 400 "$work/err")"
}
expect_contains() { # FILE TEXT
	grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 600 "$1")"
}
finish() {
	if [ "$fails" -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
	echo "all checks passed"
}
