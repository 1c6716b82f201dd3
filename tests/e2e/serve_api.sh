#!/usr/bin/env bash
# JSON API v1 (issue 13, part 2): every endpoint against the CLI's JSON for
# the same query, on the example store: the same objects, so the two can
# never disagree. Paging walks the whole register by its cursor.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.bash"
db=$(vs_db kk)
make_store "$db"
start_server "$db"
python3 - "$VS" "$db" "$base" <<'PY' || fail "the API and the CLI disagree"
import json, subprocess, sys, urllib.request, urllib.error, urllib.parse
vs, db, base = sys.argv[1:]
bad = 0
def cli(*args, ok=(0,)):
    p = subprocess.run([vs, *args], capture_output=True, text=True)
    assert p.returncode in ok, (args, p.returncode, p.stderr)
    return p.stdout
def lines(*args):
    return [json.loads(l) for l in cli(*args).splitlines() if l]
def api(path, status=200):
    try:
        with urllib.request.urlopen(base + path) as r:
            code, body, ctype = r.status, r.read(), r.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        code, body, ctype = e.code, e.read(), e.headers["Content-Type"]
    assert code == status, (path, code, body[:300])
    assert ctype == "application/json", (path, ctype)
    return json.loads(body)
def same(what, a, b):
    global bad
    if a != b:
        bad += 1
        print(f"FAIL {what}:\n api {json.dumps(a)[:600]}\n cli {json.dumps(b)[:600]}", file=sys.stderr)

same("surveys", api("/api/v1/surveys")["surveys"], lines("surveys", db, "--format", "json"))

def walk(query, limit):
    out, after, pages = [], None, 0
    while True:
        q = query + f"&limit={limit}" + (f"&after={after}" if after else "")
        r = api("/api/v1/assets?" + q)
        assert r["paging"]["limit"] == limit, r["paging"]
        out += r["assets"]
        pages += 1
        after = r["paging"]["next"]
        if after is None:
            return out, pages, r["survey"]
cases = [
    ("", []), ("kind=hardware", ["--kind", "hardware"]), ("kind=software", ["--kind", "software"]),
    ("chinese=true", ["--chinese"]), ("critical=true", ["--critical"]),
    ("q=hik", ["--search", "hik"]), ("q=%C3%98KF", ["--search", "ØKF"]),
    ("q=100%25", ["--search", "100%"]),
    ("survey=kk-2022", ["--survey", "kk-2022"]),
    ("survey=kk-2025&chinese=true&kind=hardware&critical=true",
     ["--survey", "kk-2025", "--chinese", "--kind", "hardware", "--critical"]),
]
for q, flags in cases:
    want = lines("assets", db, "--format", "json", *flags)
    got, pages, survey = walk("x=1&" + q, 4)
    same(f"assets?{q}", got, want)
    if len(want) > 4 and pages < 2:
        bad += 1; print(f"FAIL assets?{q}: one page for {len(want)} rows", file=sys.stderr)
    got1, _, _ = walk("x=1&" + q, 1000)
    same(f"assets?{q} (one page)", got1, want)
assert survey == {"name": "kk-2025", "date": "2025"}, survey

for q, flags in [("by=type,department&chinese=true", ["--by", "type,department", "--chinese"]),
                 ("by=vendor&kind=hardware&survey=kk-2022", ["--by", "vendor", "--kind", "hardware", "--survey", "kk-2022"])]:
    r = api("/api/v1/assets?" + q)
    same(f"assets?{q}", r["groups"], lines("assets", db, "--format", "json", *flags))
same("assets?exposed=true", api("/api/v1/assets?exposed=true")["exposed"],
     lines("assets", db, "--exposed", "--format", "json"))

ids = [a["id"] for a in lines("assets", db, "--format", "json")] + \
      [a["id"] for a in lines("assets", db, "--format", "json", "--survey", "kk-2022")]
for i in ids[::3] + ids[-1:]:  # a CLI run each: every third keeps the test short
    same(f"assets/{i}", api(f"/api/v1/assets/{i}"), json.loads(cli("assets", db, "--id", str(i), "--format", "json")))
api("/api/v1/assets/999999", 404)
api("/api/v1/assets/abc", 404)

same("diff", api("/api/v1/diff?from=kk-2022&to=kk-2025")["rows"],
     lines("diff", db, "kk-2022", "kk-2025", "--format", "json"))
same("diff chinese hardware", api("/api/v1/diff?from=kk-2022&to=kk-2025&chinese=true&kind=hardware")["rows"],
     lines("diff", db, "kk-2022", "kk-2025", "--format", "json", "--chinese", "--kind", "hardware"))

for q, flags in [("strategy=immediate", ["--strategy", "immediate"]),
                 ("strategy=years:2&lang=da", ["--strategy", "years:2", "--lang", "da"]),
                 ("compare=immediate,natural&survey=kk-2025", ["--compare", "immediate,natural", "--survey", "kk-2025"]),
                 ("strategy=immediate&types=surveillance_camera&from=2027",
                  ["--strategy", "immediate", "--types", "surveillance_camera", "--from", "2027"])]:
    same(f"plan?{q}", api("/api/v1/plan?" + q), json.loads(cli("plan", db, "--format", "json", *flags)))
plan = api("/api/v1/plan?strategy=immediate")
assert "179.421,6" in json.dumps(plan) or "179421.6" in json.dumps(plan) or "179,421.6" in json.dumps(plan), "Oracle 2 total"

for product in ["Hikvision DS-2CD2143G2", "Axis M3106", "Amcrest IP8M-2496E", "Nobody Knows X1"]:
    same(f"check {product}", api("/api/v1/check?q=" + urllib.parse.quote(product)),
         json.loads(cli("check", product, "--json", ok=(0, 65))))

# Errors: JSON with a status that means something.
for path, status in [("/api/v1/assets?survey=nope", 404), ("/api/v1/assets?kind=x", 400),
                     ("/api/v1/assets?limit=0", 400), ("/api/v1/assets?limit=1001", 400),
                     ("/api/v1/assets?after=-1", 400), ("/api/v1/assets?chinese=yes", 400),
                     ("/api/v1/assets?by=colour", 400), ("/api/v1/assets?by=type&q=x", 400),
                     ("/api/v1/diff?from=kk-2022", 400), ("/api/v1/diff?from=kk-2022&to=nope", 404),
                     ("/api/v1/plan", 400), ("/api/v1/plan?strategy=soon", 400),
                     ("/api/v1/plan?strategy=immediate&prices=../prices/kk-2025-hardware", 404),
                     ("/api/v1/plan?strategy=immediate&prices=%2Fetc%2Fpasswd", 404),
                     ("/api/v1/check", 400), ("/api/v1/nothing", 404)]:
    e = api(path, status)
    assert e["error"]["status"] == status and e["error"]["message"], (path, e)

doc = api("/api/v1/openapi.json")
assert doc["openapi"].startswith("3."), doc["openapi"]
for p in ["/api/v1/surveys", "/api/v1/assets", "/api/v1/assets/{id}", "/api/v1/diff",
          "/api/v1/plan", "/api/v1/check"]:
    assert p in doc["paths"], p
ping = urllib.request.urlopen(base + "/api/v1/ping").read()
assert len(ping) == 1024, len(ping)
sys.exit(1 if bad else 0)
PY
# Aggregates are cached until the store changes: a change by another
# process (the CLI) shows at once.
python3 - "$base" >"$work/before" <<'PY'
import json, sys, urllib.request
for p in ["/api/v1/surveys", "/api/v1/assets?by=type", "/api/v1/surveys"]:
    print(json.dumps(json.load(urllib.request.urlopen(sys.argv[1] + p))))
PY
expect_status 0 "$VS" surveys "$db" rm kk-2022
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2025 --source extra
python3 - "$base" "$work/before" <<'PY' || fail "a cached aggregate outlived a change of the store"
import json, sys, urllib.request
before = open(sys.argv[2]).read().splitlines()
assert before[0] == before[2], "the same query twice differs"
s = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/surveys"))["surveys"]
assert [x["survey"] for x in s] == ["kk-2025"], s
assert json.dumps(json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/assets?by=type"))) != before[1]
PY
expect_status 0 "$VS" surveys "$db" --format json
python3 - "$base" "$work/out" <<'PY' || fail "surveys after the change: API and CLI differ"
import json, sys, urllib.request
api = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/surveys"))["surveys"]
assert api == [json.loads(l) for l in open(sys.argv[2])], api
PY
stop_server
finish
