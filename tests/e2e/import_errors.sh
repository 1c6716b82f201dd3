#!/usr/bin/env bash
# A bad row stops the import with FILE:LINE: reason, exit 65, and nothing of
# that file reaches the store.
. "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/import-errors
db=$(vs_db e)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$VS_SRC/examples/kk-2025/inventory-2025.csv" --survey s --date 2025
rows_before=$(vs_sql "$db" 'SELECT count(*) FROM asset')
sources_before=$(vs_sql "$db" 'SELECT count(*) FROM source')

check_refused() { # FILE EXPECTED-MESSAGE
	expect_status 65 "$VS" import "$db" "$fx/$1" --survey s
	expect_contains "$work/err" "$2"
	[ "$(vs_sql "$db" 'SELECT count(*) FROM asset')" = "$rows_before" ] || fail "$1: rows were stored"
	[ "$(vs_sql "$db" 'SELECT count(*) FROM source')" = "$sources_before" ] || fail "$1: a source was recorded"
}
check_refused bad-count.csv "$fx/bad-count.csv:3: "
expect_contains "$work/err" "tolv"
check_refused wrong-delimiter.csv "$fx/wrong-delimiter.csv:1: "
expect_contains "$work/err" "delimiter"
check_refused short-row.csv "$fx/short-row.csv:3: "
check_refused invalid-utf8.csv "$fx/invalid-utf8.csv:3: "
expect_contains "$work/err" "UTF-8"
check_refused bad-date.csv "$fx/bad-date.csv:3: acquisition date '31-31-2020' is not a date"
check_refused unknown-column.csv "$fx/unknown-column.csv:1: "
expect_contains "$work/err" "Farve"
expect_contains "$work/err" "--map"

# The same unknown column mapped away imports.
expect_status 0 "$VS" import "$db" "$fx/unknown-column.csv" --survey s --map 'Farve=-'
expect_contains "$work/out" "1 rows into survey 's'"

# Windows-1252 is converted: the Danish letters survive.
expect_status 0 "$VS" import "$db" "$fx/cp1252.csv" --survey w
expect_status 0 "$VS" assets "$db" --survey w --format json
expect_contains "$work/out" '"type":"surveillance_camera"'
expect_contains "$work/out" '"department":"SØF"'

# Usage and missing input.
expect_status 64 "$VS" import
expect_status 66 "$VS" import "$db" "$work/nosuch.csv"
expect_status 66 "$VS" import "$work/nosuch.db" "$fx/bad-count.csv"
expect_contains "$work/err" "no such store"
expect_status 64 "$VS" import "$db" "$fx/cp1252.csv" --date 2025-13
finish
