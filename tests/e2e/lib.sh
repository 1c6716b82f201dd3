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
# vs_db NAME: a new, empty store for this test. A file in $work; or, when
# VS_TEST_DB is a PostgreSQL URL (the second run of each e2e test, against
# the cluster scripts/pg-cluster started), a new database on that server,
# dropped when the test ends.
vs_db() {
	case "${VS_TEST_DB:-}" in
	postgresql://* | postgres://*)
		# Called in $(…): the names go to a file the clean-up reads.
		local n=0
		[ ! -f "$work/.pg-dbs" ] || n=$(wc -l <"$work/.pg-dbs")
		local name="vs_${1//[^a-zA-Z0-9_]/_}_$$_$n"
		psql "$VS_TEST_DB" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >/dev/null ||
			{ echo "cannot create database $name on $VS_TEST_DB" >&2; exit 1; }
		echo "$name" >>"$work/.pg-dbs"
		# The same URL with the new database's name as its path.
		local base=${VS_TEST_DB%%\?*} query=
		[ "$base" = "$VS_TEST_DB" ] || query="?${VS_TEST_DB#*\?}"
		printf '%s/%s%s\n' "${base%/*}" "$name" "$query"
		;;
	*) printf '%s/%s.db\n' "$work" "$1" ;;
	esac
}
vs_pg_cleanup() {
	local name
	if [ -f "$work/.pg-dbs" ]; then
		while read -r name; do
			psql "$VS_TEST_DB" -qAt -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
		done <"$work/.pg-dbs"
	fi
	rm -rf "$work"
}
trap vs_pg_cleanup EXIT
# vs_sql DB SQL: the rows of a query, columns joined by |, NULL empty (the
# sqlite3 shell's default and psql -At's), on either kind of store.
vs_sql() {
	case "$1" in
	postgresql://* | postgres://*) psql "$1" -qAt -v ON_ERROR_STOP=1 -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}
