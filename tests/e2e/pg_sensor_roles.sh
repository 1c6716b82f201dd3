#!/usr/bin/env bash
# Sensors with least privilege (issue 14, part 4): on a throwaway PostgreSQL
# cluster (initdb in a temporary directory, Unix socket only), a store made
# by `vendorscope init` (the sensor tables are its schema migration 13)
# with Copenhagen's register and a status change in it; `vendorscope db
# grant-sensor NAME --site SITE` (printed for psql, and run itself) makes
# two sensor roles; connected as one of them,
# tests/e2e/pg_sensor_roles.sql proves it cannot read the register
# (assets, observations, sources, surveys), change a status, or write
# another site's rows, and can add its own. The printed script refuses a
# database without the sensor tables. Without PostgreSQL installed this
# fails (issue 14: PostgreSQL tests are not skipped). The commands that
# use the roles (capture/scan --site, db import-sensors): e2e/sensors.
source "$(dirname "$0")/lib.sh"
pgbin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$pgbin/initdb" ] || pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ ! -x "$pgbin/initdb" ]; then
	echo "FAIL: no PostgreSQL server (initdb): scripts/setup installs it" >&2
	exit 1
fi
# initdb refuses root: the cluster then belongs to postgres.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$work"
	as_pg=(runuser -u postgres --)
fi
data=$work/pg
"${as_pg[@]}" "$pgbin/initdb" -D "$data" -A trust -E UTF8 --no-locale >/dev/null
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
unix_socket_permissions = 0700
EOF
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -l "$work/pg.log" -w start >/dev/null
trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1; rm -rf "$work"' EXIT
owner=$("${as_pg[@]}" id -un)
export PGOPTIONS="-c client_min_messages=warning"
psql_as() { # ROLE ARGS...: psql on the throwaway cluster as ROLE
	local role=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 "host=$work dbname=postgres user=$role" "$@"
}

# The command's usage errors.
expect_status 66 "$VS" db grant-sensor "$work/none.db" cam_north --site north
expect_status 0 "$VS" init "$work/lite.db"
expect_status 64 "$VS" db grant-sensor "$work/lite.db" cam_north --site north
expect_contains "$work/err" "need a PostgreSQL store"
expect_status 64 "$VS" db grant-sensor "$work/lite.db" cam_north --site north --print
expect_status 64 "$VS" db grant-sensor cam_north --print
expect_status 64 "$VS" db grant-sensor 'cam"north' --site north --print
expect_status 64 "$VS" db grant-sensor pg_cam --site north --print
expect_status 64 "$VS" db grant-sensor cam_north --site "$(printf 'no\033rth')" --print

# The sensor tables are schema migration 13: the printed script refuses a
# database without them (here the measured schema, bench/scale/schema.sql)
# and leaves it as it was.
expect_status 0 psql_as "$owner" -v first_day=2026-03-02 -v days_after=0 -f "$VS_SRC/bench/scale/schema.sql"
expect_status 0 "$VS" db grant-sensor cam_north --site north --print
cp "$work/out" "$work/grant.sql"
expect_status 3 psql_as "$owner" -f "$work/grant.sql"
expect_contains "$work/err" "no sensor tables here"
expect_status 0 psql_as "$owner" -At -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('cam_north', 'vs_sensor')"
expect_contains "$work/out" "0"

# A store made by `vendorscope init` on this server with Copenhagen's
# register and a status change in it.
expect_status 0 psql_as "$owner" -c "CREATE DATABASE vs_real"
url="postgresql://$owner@/vs_real?host=$work"
expect_status 0 "$VS" init "$url"
expect_status 0 "$VS" import "$url" "$VS_SRC/examples/kk-2025/inventory-2025.csv" --survey kk-2025 --date 2025
real_as() { local role=$1; shift; psql -X -q -v ON_ERROR_STOP=1 "host=$work dbname=vs_real user=$role" "$@"; }
# A store's ids depend on what was imported before (the README's example
# changes name the README store's), so the change names an id read back.
expect_status 0 real_as "$owner" -At -c "SELECT min(id) FROM asset WHERE kind = 'hardware'"
hw_id=$(cat "$work/out")
expect_status 0 "$VS" status "$url" "$hw_id" --set ordered --date 2025-12-01 --units 1
expect_status 0 real_as "$owner" -At -c "SELECT count(*) > 0 FROM asset_status"
expect_contains "$work/out" "t"
# The printed script, run by the owner with psql: twice is the same
# (idempotent), a site with a quote is a literal, and an existing role that
# is not a sensor (here the owner) is refused.
for site in north north "south'; DROP TABLE asset; --"; do
	role=cam_north
	[ "$site" = north ] || role=cam_south
	expect_status 0 "$VS" db grant-sensor "$role" --site "$site" --print
	cp "$work/out" "$work/grant.sql"
	expect_status 0 real_as "$owner" -f "$work/grant.sql"
done
expect_status 0 real_as "$owner" -At -c "SELECT site FROM sensor_site WHERE role = 'cam_south'"
expect_contains "$work/out" "south'; DROP TABLE asset; --"
expect_status 0 "$VS" db grant-sensor "$owner" --site north --print
cp "$work/out" "$work/grant.sql"
expect_status 3 real_as "$owner" -f "$work/grant.sql"
expect_contains "$work/err" "exists and is not a sensor"
# Made by the command itself this time (DB as operand, then from the
# environment), twice (the same), and refused for a role that is no sensor.
expect_status 0 "$VS" db grant-sensor "$url" cam_north --site north
expect_contains "$work/out" "sensor cam_north: site set"
expect_status 0 "$VS" db grant-sensor "$url" cam_north --site north
VENDORSCOPE_DB=$url expect_status 0 "$VS" db grant-sensor cam_south --site "south'x"
VENDORSCOPE_DB=$url expect_status 0 "$VS" db grant-sensor cam_south --site south
expect_status 74 "$VS" db grant-sensor "$url" "$owner" --site north
expect_contains "$work/err" "exists and is not a sensor"
expect_status 0 real_as "$owner" -At -c "SELECT role || ':' || site FROM sensor_site ORDER BY role"
[ "$(tr '\n' ' ' <"$work/out")" = "cam_north:north cam_south:south " ] ||
	fail "sensor_site holds $(tr '\n' ' ' <"$work/out")"
expect_status 0 real_as cam_south -c "INSERT INTO sensor_source (site, header) VALUES ('south', '{}')"
expect_status 0 real_as cam_north -f "$VS_SRC/tests/e2e/pg_sensor_roles.sql"
# The owner sees both sites' rows, each with its writer, and the register whole.
expect_status 0 real_as "$owner" -At -c "SELECT site || ':' || added_by FROM sensor_source ORDER BY id"
[ "$(tr '\n' ' ' <"$work/out")" = "south:cam_south north:cam_north " ] ||
	fail "sensor_source holds $(tr '\n' ' ' <"$work/out")"
expect_status 0 real_as "$owner" -At -c "SELECT count(*) FROM sensor_observation WHERE site = 'north'"
expect_contains "$work/out" "1"
finish
