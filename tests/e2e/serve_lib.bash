# Shared by the serve e2e scripts (sourced after lib.sh): the example store
# and a server on 127.0.0.1 with an ephemeral port.
ex=$VS_SRC/examples/kk-2025
# The goldens' generation time: the CLI and the server state the same one.
export SOURCE_DATE_EPOCH=1767225600
make_store() { # DB
	"$VS" init "$1" >/dev/null
	"$VS" import "$1" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12 >/dev/null
	"$VS" import "$1" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025 >/dev/null
	"$VS" import "$1" "$ex/software-2025.csv" --survey kk-2025 --format software >/dev/null
}
serve_pid=
# start_server ARGS...: sets $base (http://127.0.0.1:PORT) and $serve_pid.
start_server() {
	rm -f "$work/serve.out"
	"$VS" serve "$@" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
	serve_pid=$!
	for _ in $(seq 100); do
		grep -q 'listening on' "$work/serve.out" 2>/dev/null && break
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	base=$(sed -n 's|.*listening on \(https\?://[^ ]*\)/$|\1|p' "$work/serve.out")
	[ -n "$base" ] || { echo "server did not start: $(cat "$work/serve.err")" >&2; exit 1; }
}
# stop_server: SIGTERM, and the server must be gone within 10 s with status 0.
stop_server() {
	kill -TERM "$serve_pid"
	local st=0
	for _ in $(seq 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$serve_pid" 2>/dev/null; then
		fail "server still running 10 s after SIGTERM"
		kill -KILL "$serve_pid"
	fi
	wait "$serve_pid" || st=$?
	[ "$st" -eq 0 ] || fail "server exited $st after SIGTERM: $(cat "$work/serve.err")"
	grep -q 'stopped (SIGTERM)' "$work/serve.err" || fail "no 'stopped (SIGTERM)' on stderr"
	serve_pid=
}
trap '[ -n "$serve_pid" ] && kill -KILL "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT
