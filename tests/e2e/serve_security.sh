#!/usr/bin/env bash
# vendorscope serve's security (issue 13, parts 1, 5, 6): refusing a public
# address without TLS and users; the users file (hashes only); security
# headers; login, session cookie, CSRF, logout; API tokens; escaped
# output; a body over the limit (413), a head over the limit; slow clients
# cut off; HTTPS with a Secure cookie; SIGTERM stops cleanly with a slow
# client connected. Writes are in serve_status.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.bash"
db=$(vs_db kk)
make_store "$db"
users=$work/users

# A public address needs TLS and users: refused before anything is opened.
expect_status 64 "$VS" serve "$db" --listen 0.0.0.0:0
expect_contains "$work/err" "not a loopback address"
expect_status 64 "$VS" serve "$db" --listen 0.0.0.0:0 --users "$users"
expect_status 64 "$VS" serve "$db" --listen 127.0.0.1:0 --tls-cert /nonexistent
expect_status 64 "$VS" serve "$db" --listen localhost:8080

# The users file: passwords from stdin, hashed; tokens shown once, hashed.
echo 'correct horse' | expect_status 0 "$VS" serve --users "$users" --add-user ann --role editor
echo 'viewer pass' | expect_status 0 "$VS" serve --users "$users" --add-user vic --role viewer
expect_status 0 "$VS" serve --users "$users" --add-token ci --role editor
token=$(cat "$work/out")
expect_status 64 "$VS" serve --users "$users" --add-user 'a b' --role editor </dev/null
expect_status 64 "$VS" serve --users "$users" --add-user bob --role root </dev/null
grep -q 'correct horse' "$users" && fail "the users file holds a password"
grep -q "${token#vs_}" "$users" && fail "the users file holds a token"
[ "$(stat -c %a "$users")" = 600 ] || fail "users file mode $(stat -c %a "$users"), expected 600"

start_server "$db" --users "$users"
python3 "$VS_SRC/tests/e2e/serve_client.py" security "$base" "$token" || fail "security checks"
stop_server

# HTTPS: a self-signed certificate made here; the cookie is Secure.
if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1; then
	start_server "$db" --users "$users" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
	case $base in https://*) ;; *) fail "TLS server says $base" ;; esac
	python3 "$VS_SRC/tests/e2e/serve_client.py" tls "$base" "$work/cert.pem" || fail "TLS checks"
	stop_server
else
	fail "openssl could not make a test certificate"
fi

# Slow clients, and SIGTERM with one of them connected.
start_server "$db" --threads 2
python3 "$VS_SRC/tests/e2e/serve_client.py" slow "$base" || fail "slow-client checks"
python3 "$VS_SRC/tests/e2e/serve_client.py" hold "$base" &
holder=$!
sleep 1
stop_server
wait "$holder" || true
finish
