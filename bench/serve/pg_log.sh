#!/usr/bin/env bash
# The PostgreSQL server's own time per request of two pages of
# `vendorscope serve` (issue 14, docs/benchmarks.md "Round trips and
# prepared statements"): the cluster logs every message's duration
# (log_min_duration_statement = 0, set for the run and reset after), N
# requests of each page by curl on loopback after one to warm, and the
# log's parse, bind, execute and simple-statement times summed per
# request. The client's time is not measured (curl starts a process per
# request): bench/serve/run.sh is the throughput benchmark.
#
# usage: bench/serve/pg_log.sh VENDORSCOPE URL LOGFILE [N]
#   URL a store on a cluster of scripts/pg-cluster, LOGFILE its server.log
#   (DIR/server.log); the store needs hardware assets (e.g. a capture).
set -euo pipefail
vs=$1; url=$2; log=$3; n=${4:-200}
port=18931
psql "$url" -qAt -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
id=$(psql "$url" -qAt -c "SELECT min(id) FROM asset WHERE kind = 'hardware'")
"$vs" serve "$url" --listen "127.0.0.1:$port" --threads 1 >/dev/null 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; psql "$url" -qAt -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null' EXIT
sleep 1
for page in "/register?chinese=yes&kind=hardware&page=2" "/assets/$id"; do
	curl -s -o /dev/null "http://127.0.0.1:$port$page"
	n0=$(wc -l <"$log")
	for _ in $(seq "$n"); do curl -s -o /dev/null "http://127.0.0.1:$port$page"; done
	tail -n +$((n0 + 1)) "$log" | grep -o "duration: [0-9.]* ms  [a-z]*" |
		awk -v p="$page" -v n="$n" '{c[$4]++; t[$4] += $2; all += $2}
			END {printf "%s: server ms per request %.3f:", p, all / n
			     for (k in c) printf " %s %.2f x, %.3f ms;", k, c[k] / n, t[k] / n; print ""}'
done
