#!/usr/bin/env bash
# Writes through the API (issue 13, parts 3 and 5): POST
# /api/v1/assets/{id}/status is refused without a login or token (401, on
# loopback too), for a viewer (403), for a session without its CSRF token
# (403); an editor's token and an editor's session with the token record
# the change, as the caller; GET and the CLI's `status --format json`
# agree, and the plan shows it as plan versus actual.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.bash"
db=$(vs_db kk)
make_store "$db"
users=$work/users
echo 'editor pass' | "$VS" serve --users "$users" --add-user ann --role editor 2>/dev/null
echo 'viewer pass' | "$VS" serve --users "$users" --add-user vic --role viewer 2>/dev/null
etok=$("$VS" serve --users "$users" --add-token ci --role editor 2>/dev/null)
vtok=$("$VS" serve --users "$users" --add-token dash --role viewer 2>/dev/null)
# The BUF cameras: an aggregate row of 300 (Oracle 1).
id=$("$VS" assets "$db" --format json --search BUF --kind hardware |
	python3 -c 'import json,sys; print([r for r in map(json.loads, sys.stdin) if r["type"] == "surveillance_camera"][0]["id"])')
sw=$("$VS" assets "$db" --format json --kind software | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().splitlines()[0])["id"])')
start_server "$db" --users "$users"
python3 - "$base" "$id" "$sw" "$etok" "$vtok" <<'PY' || fail "write checks"
import http.client, json, sys, urllib.parse
base, aid, sw, etok, vtok = sys.argv[1:]
u = urllib.parse.urlsplit(base)
bad = 0
def req(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    d = r.read()
    c.close()
    return r.status, r.headers, d
def expect(what, got, want):
    global bad
    if got != want:
        bad += 1
        print(f"FAIL {what}: {got}, expected {want}", file=sys.stderr)
path = f"/api/v1/assets/{aid}/status"
J = {"Content-Type": "application/json"}
change = json.dumps({"state": "ordered", "units": 100, "cost": 812.4, "date": "2025-11-01",
                     "note": "<b>PO 17</b>"})
_, _, plan_before = req("GET", "/api/v1/plan?strategy=immediate")
st, _, _ = req("POST", path, change, J)
expect("anonymous write on loopback", st, 401)
st, _, _ = req("POST", path, "state=ordered", {"Content-Type": "application/x-www-form-urlencoded"})
expect("anonymous form write", st, 401)
st, _, _ = req("POST", path, change, {**J, "Authorization": "Bearer " + vtok})
expect("viewer token write", st, 403)
st, _, _ = req("POST", path, change, {**J, "Authorization": "Bearer vs_" + "0" * 64})
expect("unknown token write", st, 401)
# A viewer's session: logged in, still not allowed.
def login(user, pw):
    st, hd, _ = req("POST", "/login", urllib.parse.urlencode({"user": user, "password": pw}),
                    {"Content-Type": "application/x-www-form-urlencoded"})
    cookie = hd.get("Set-Cookie", "").split(";")[0]
    _, _, d = req("GET", "/api/v1/session", headers={"Cookie": cookie})
    return cookie, json.loads(d)["csrf"]
vc, vcsrf = login("vic", "viewer pass")
st, _, _ = req("POST", path, change, {**J, "Cookie": vc, "X-CSRF-Token": vcsrf})
expect("viewer session write", st, 403)
# The editor's token: recorded as ci.
st, _, d = req("POST", path, change, {**J, "Authorization": "Bearer " + etok})
expect("editor token write", st, 201)
h = json.loads(d)
expect("units ordered", h["units"]["ordered"], 100)
expect("recorded as", h["history"][-1]["user"], "ci")
expect("cost", h["history"][-1]["cost"], 812.4)
# The editor's session: refused without the CSRF token, recorded with it.
ec, ecsrf = login("ann", "editor pass")
form = urllib.parse.urlencode({"state": "replaced", "units": "40", "cost": "300", "date": "2025-12-01"})
F = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": ec}
st, _, _ = req("POST", path, form, F)
expect("session write without CSRF", st, 403)
st, _, _ = req("POST", path, form + "&csrf=" + "a" * 64, F)
expect("session write with a wrong CSRF", st, 403)
st, _, _ = req("POST", path, form, {**F, "X-CSRF-Token": vcsrf})
expect("session write with another session's CSRF", st, 403)
st, _, d = req("POST", path, form + "&csrf=" + ecsrf, F)
expect("session write with CSRF", st, 201)
expect("recorded as ann", json.loads(d)["history"][-1]["user"], "ann")
st, _, d = req("POST", path, json.dumps({"state": "replaced"}), {**J, "Cookie": ec, "X-CSRF-Token": ecsrf})
expect("JSON session write with X-CSRF-Token", st, 201)
# Refused changes say why, and change nothing.
for body, want in [('{"state":"sold"}', 400), ('{"state":"ordered","date":"2999-01-01"}', 400),
                   ('{"state":"exempt"}', 400), ('{"state":"ordered","units":-1}', 400),
                   ('{"state":"ordered","cost":"1,5"}', 400), ('{"state":"ordered","user":"x"}', 400),
                   ('[1]', 400), ('{"state":', 400)]:
    st, _, d = req("POST", path, body, {**J, "Authorization": "Bearer " + etok})
    expect(f"bad change {body}", st, want)
    expect(f"bad change {body} message", json.loads(d)["error"]["status"], want)
st, _, _ = req("POST", f"/api/v1/assets/{sw}/status", '{"state":"replaced"}', {**J, "Authorization": "Bearer " + etok})
expect("software status", st, 400)
st, _, _ = req("POST", "/api/v1/assets/999999/status", '{"state":"replaced"}', {**J, "Authorization": "Bearer " + etok})
expect("unknown asset", st, 404)
st, _, d = req("GET", path)
h = json.loads(d)
expect("history length", len(h["history"]), 3)
# The plan (cached until the store changes) shows what was done.
_, _, plan_after = req("GET", "/api/v1/plan?strategy=immediate")
expect("plan changed by the status changes", plan_after != plan_before, True)
expect("note kept as text", h["history"][0]["note"], "<b>PO 17</b>")
sys.exit(1 if bad else 0)
PY
# GET, the asset's detail and the CLI agree.
curl_json() { python3 -c 'import json,sys,urllib.request; print(json.dumps(json.load(urllib.request.urlopen(sys.argv[1]))))' "$1"; }
expect_status 0 "$VS" status "$db" "$id" --format json
python3 - "$work/out" "$(curl_json "$base/api/v1/assets/$id/status")" "$(curl_json "$base/api/v1/assets/$id")" <<'PY' || fail "status: API and CLI differ"
import json, sys
cli = json.load(open(sys.argv[1]))
assert cli == json.loads(sys.argv[2]), (cli, sys.argv[2])
assert cli == json.loads(sys.argv[3])["status"], sys.argv[3]
# 100 ordered, 40 of them replaced, then "replaced" without units: all 300.
assert cli["units"]["replaced"] == 300 and cli["units"]["ordered"] == 0, cli["units"]
PY
stop_server
finish
