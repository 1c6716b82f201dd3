# Sourced by bench/import's PostgreSQL benches (run_pg.sh, pg_breakdown.sh,
# pg_layout.sh) from the repository's root: the build, the generated
# export, a throwaway cluster and the ways to reach its databases.

# bench_inputs ROWS: vs (VS, else the release build, built when missing),
# out (bench/out) and big (the export of ROWS rows, generated when missing).
bench_inputs() {
	rows=$1
	vs=${VS:-build/release/bin/vendorscope}
	out=bench/out
	mkdir -p "$out"
	[ -x "$vs" ] || nice ./scripts/build release >/dev/null
	big="$out/inventory-$rows.csv"
	[ -s "$big" ] || python3 bench/import/gen.py "$rows" "$big"
}

# bench_cluster NAME: a cluster in a new directory /tmp/vs-pg-NAME.*,
# stopped on exit; sets cluster and url.
bench_cluster() {
	cluster=$(mktemp -d "/tmp/vs-pg-$1.XXXXXX")
	trap 'scripts/pg-cluster stop "$cluster"' EXIT
	url=$(scripts/pg-cluster start "$cluster")
}

# The URL of database NAME of the cluster.
db_url() { echo "${url/\/vendorscope\?/\/$1?}"; }
# psql URL ARGS...: quiet, unaligned, stopping at the first error.
q() { psql "$1" -qAt -v ON_ERROR_STOP=1 "${@:2}"; }

# asset's columns as the store keeps them, but id (schema 11-14).
asset_columns="survey_id, source_id, kind, type, type_raw, maker, vendor, vendor_name, brand,
	model, firmware, serial, mac, ip, hostname, department, site, zone, acquired,
	lifespan_years, count, count_low, count_high, estimated, country, chinese, critical,
	confidence, source_line, product, publisher, owner, version, device, data_class,
	origin_reported, randomized_mac, evidence_id, source_row"
asset_columns=$(echo $asset_columns)
