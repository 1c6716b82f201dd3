#!/usr/bin/env bash
# Procurement check: the verdict and the evidence behind it.
. "$(dirname "$0")/lib.sh"
expect_status 0 "$VS" check "Amcrest IP8M-2496E"
expect_contains "$work/out" "Chinese hardware: yes (producer Dahua"
expect_contains "$work/out" "kb oem: Amcrest"
expect_status 0 "$VS" check "LTS CMIP3C42W-28"
expect_contains "$work/out" "Chinese hardware: yes (producer Hikvision"
expect_status 0 "$VS" check "Axis M3106-L"
expect_contains "$work/out" "Chinese hardware: no"
expect_status 0 "$VS" check "Motorola Solutions APX 8000"
expect_contains "$work/out" "Chinese hardware: no"
expect_status 0 "$VS" check "ThinkPad T14"
expect_contains "$work/out" "Chinese hardware: yes (producer Lenovo, CN"
expect_status 0 "$VS" check "DS-2CD2143G2-I"
expect_contains "$work/out" "Chinese hardware: yes (producer Hikvision"
expect_contains "$work/out" "model prefix"
# Ownership as of a date: Lorex was Dahua's, then was sold.
expect_status 0 "$VS" check "Lorex E893AB" --date 2020-06-01
expect_contains "$work/out" "Chinese hardware: yes"
expect_status 0 "$VS" check "Lorex E893AB" --date 2025-01-01
expect_contains "$work/out" "Chinese hardware: no"
# Taiwan is not China.
expect_status 0 "$VS" check "Vivotek IB9387"
expect_contains "$work/out" "Chinese hardware: no"
# A maker nobody knows is unknown, never "not Chinese".
expect_status 65 "$VS" check "Zyrgotron X1"
expect_contains "$work/out" "Chinese hardware: unknown"
expect_contains "$work/out" "no company known as 'Zyrgotron X1'"
expect_status 0 "$VS" check "Amcrest IP8M-2496E" --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["chinese"] is True and r["vendor_id"]=="dahua" and r["brand"]=="Amcrest", r' "$work/out" || fail "check --json"
expect_status 64 "$VS" check
expect_status 64 "$VS" check "Lorex E893AB" --date 2020-13-01
expect_contains "$work/err" "is not a date"
finish
