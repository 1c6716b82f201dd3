#!/usr/bin/env bash
# vendorscope kb lookup IP|HOST: countries from a GeoIP database given with
# --geoip (the generated tests/fixtures/geo/tiny.mmdb, never the downloaded
# one), "private" without a lookup, vendor clouds from clouds.tsv.
. "$VS_SRC/tests/e2e/lib.sh"
tiny="$VS_SRC/tests/fixtures/geo/tiny.mmdb"

expect_status 0 "$VS" kb lookup 47.96.0.10 --geoip "$tiny"
expect_contains "$work/out" "47.96.0.10: country CN (GeoIP database $tiny)"
expect_status 0 "$VS" kb lookup 2a00:1450::5 --geoip "$tiny"
expect_contains "$work/out" "country IE"
expect_status 0 "$VS" kb lookup ::ffff:8.8.8.8 --geoip "$tiny"
expect_contains "$work/out" "country US"
expect_status 1 "$VS" kb lookup 9.9.9.9 --geoip "$tiny"
expect_contains "$work/out" "9.9.9.9: country not known to $tiny"
# tiny.mmdb maps 10/8 to "XX": private ranges are answered before any lookup.
expect_status 0 "$VS" kb lookup 10.20.0.11 --geoip "$tiny"
expect_contains "$work/out" "10.20.0.11: private (RFC 1918): not on the internet, no country"
expect_status 0 "$VS" kb lookup 100.64.0.7 --geoip "$tiny"
expect_contains "$work/out" "CGNAT (RFC 6598)"
expect_status 0 "$VS" kb lookup fe80::1 --geoip /nonexistent.mmdb
expect_contains "$work/out" "link-local"

expect_status 66 "$VS" kb lookup 8.8.8.8 --geoip "$work/absent.mmdb"
expect_contains "$work/err" "absent.mmdb: No such file or directory"
printf 'not a database\n' >"$work/bad.mmdb"
expect_status 65 "$VS" kb lookup 8.8.8.8 --geoip "$work/bad.mmdb"
expect_contains "$work/err" "bad.mmdb: not a usable MaxMind DB file"

expect_status 0 "$VS" kb lookup dev.hik-connect.com
expect_contains "$work/out" "dev.hik-connect.com: vendor cloud hik-connect.com of Hikvision (hikvision), CN"
expect_contains "$work/out" "source: clouds.tsv:"
expect_status 0 "$VS" kb lookup DE.OT.IO.MI.COM.
expect_contains "$work/out" "vendor cloud io.mi.com of Xiaomi"
# Not a label boundary: falls through to the name lookup, which knows nothing.
expect_status 1 "$VS" kb lookup nothik-connect.com
expect_contains "$work/out" "not known: nothik-connect.com"
# A MAC written with dots is still a MAC.
expect_status 0 "$VS" kb lookup 4419.b600.0001
expect_contains "$work/out" "MAC address: 44:19:b6:00:00:01"
finish
