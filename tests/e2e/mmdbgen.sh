#!/usr/bin/env bash
# tests/fixtures/geo/tiny.mmdb is what tests/tools/mmdbgen/mmdbgen.py writes:
# the committed database and the generator its networks are documented in
# cannot drift apart.
. "$VS_SRC/tests/e2e/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: no python3 (scripts/setup installs it)"; exit 77; }
python3 "$VS_SRC/tests/tools/mmdbgen/mmdbgen.py" "$work/tiny.mmdb" ||
	fail "mmdbgen.py failed"
cmp -s "$work/tiny.mmdb" "$VS_SRC/tests/fixtures/geo/tiny.mmdb" ||
	fail "tests/fixtures/geo/tiny.mmdb differs from mmdbgen.py's output: regenerate it"
finish
