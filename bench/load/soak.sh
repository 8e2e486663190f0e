#!/usr/bin/env bash
# Sustained load on the fully observed service (issue 7): `autotrader serve` in the harness's full
# mode (API metrics, request spans at 10% over OTLP to an Aspire Dashboard at low CPU priority, one
# http_request line per request on stdout redirected to a file) under wrk at full speed for a
# number of minutes, while:
#   - the server's resident memory is sampled every 10 s            -> it must stay flat
#   - /metrics is scraped every second and timed                     -> p99 below 100 ms
#   - afterwards every line of stdout is parsed as JSON, and the access-log lines written during
#     the run are counted against the requests wrk completed         -> no line lost or torn
# Prints the samples and one verdict per check; exits 1 when a check fails.
# Usage: bench/load/soak.sh [--minutes N] [--keep-logs]
set -euo pipefail

minutes=10 keep_logs=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --keep-logs) keep_logs=true; shift ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare_harness "$keep_logs" low
access_lines() { grep -c '"event":"http_request"' "$work/serve.log" || true; }
api=$(free_port) metrics=$(free_port)
dotnet "$autotrader_dll" serve --scanner-config "$work/scanner.yaml" --config "$work/full.yaml" \
  --api-port "$api" --metrics-port "$metrics" >"$work/serve.log" 2>"$work/serve.err" &
server=$!
pids+=($server)
wait_for "http://127.0.0.1:$api/api/tokens" "autotrader serve" "$work/serve.err"
wrk -t2 -c32 -d15s "http://127.0.0.1:$api/api/tokens" >/dev/null
sleep 2 # the writer drains the warm-up's lines
lines_before=$(access_lines)

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
(
  while kill -0 "$server" 2>/dev/null; do echo "$(date +%s) $(rss_kb)"; sleep 10; done
) >"$work/rss.txt" &
pids+=($!)
(
  while true; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$metrics/metrics" || echo "000 999"
    sleep 1
  done
) >"$work/scrapes.txt" &
scraper=$!
pids+=($scraper)

echo "soak: wrk -t2 -c32 -d${minutes}m on GET /api/tokens (full observability), $(nproc) cores"
wrk -t2 -c32 -d"${minutes}m" "http://127.0.0.1:$api/api/tokens" | tee "$work/wrk.txt"
kill "$scraper" 2>/dev/null || true
sleep 3
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
lines_during=$(( $(access_lines) - lines_before ))

status=0
echo
echo "resident memory (MB) every 10 s:"
awk '{ printf "%d ", $2 / 1024 } END { print "" }' "$work/rss.txt"
# Flat: the last minute's median is within 20% (and 50 MB) of the median of the second minute,
# after start-up and the JIT have settled.
if ! awk -v per_minute=6 '
  { v[NR] = $2 / 1024 }
  function median(from, to,   n, i, j, a, t) { n = 0; for (i = from; i <= to; i++) a[++n] = v[i];
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)] }
  END {
    if (NR < 3 * per_minute) { print "RSS: too few samples for a verdict"; exit 1 }
    early = median(per_minute + 1, 2 * per_minute); late = median(NR - per_minute + 1, NR)
    printf "RSS: second minute %.0f MB, last minute %.0f MB -> %s\n", early, late, (late <= early * 1.2 || late - early <= 50) ? "flat" : "GROWING"
    exit !(late <= early * 1.2 || late - early <= 50)
  }' "$work/rss.txt"; then status=1; fi

if ! awk '
  { n++; code[n] = $1; t[n] = $2 * 1000; if ($1 != 200) bad++ }
  END {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
    p99 = t[int(n * 0.99 + 0.999)]; p50 = t[int(n * 0.5 + 0.5)]
    printf "/metrics during the load: %d scrapes, %d not 200, p50 %.1f ms, p99 %.1f ms, max %.1f ms -> %s\n", n, bad, p50, p99, t[n], (bad == 0 && p99 < 100) ? "ok" : "FAILED"
    exit !(bad == 0 && p99 < 100)
  }' "$work/scrapes.txt"; then status=1; fi

# Every request wrk completed has its line; a request cut off when wrk stopped may add one more
# per connection.
verdict=$([[ "$lines_during" -ge "$requests" && "$lines_during" -le $((requests + 32)) ]] && echo ok || echo FAILED)
echo "access-log lines during the run: $lines_during for $requests completed requests (non-2xx: ${non2xx:-0}) -> $verdict"
[[ "$verdict" == ok ]] || status=1

if ! /usr/bin/python3 - "$work/serve.log" <<'PY'; then status=1; fi
import json, sys
torn = dropped = 0
total = 0
with open(sys.argv[1], "rb") as log:
    for raw in log:
        total += 1
        try:
            line = json.loads(raw)
        except ValueError:
            torn += 1
            continue
        if line.get("event") == "log_lines_dropped":
            dropped += 1
print(f"stdout: {total} lines, {torn} not valid JSON, {dropped} log_lines_dropped warnings -> {'ok' if torn == 0 and dropped == 0 else 'FAILED'}")
sys.exit(1 if torn or dropped else 0)
PY

[[ -s "$work/serve.err" ]] && { echo "stderr of serve:"; head -20 "$work/serve.err"; }
exit "$status"
