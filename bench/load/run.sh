#!/usr/bin/env bash
# End-to-end overhead of the observability stack (issue 7): GET /api/tokens under wrk, on loopback,
# in three modes served side by side and loaded in alternation:
#   off   autotrader serve --observability off (the same build, bare)
#   full  autotrader serve on the default configuration plus OTLP export to a running Aspire
#         Dashboard: API metrics, request spans sampled at 10%, one http_request log line per request
#   peer  bench/AutoTrader.PeerStack: OpenTelemetry ASP.NET Core instrumentation (10% to OTLP),
#         its Prometheus exporter, Serilog request logging as compact JSON
# Standard output of every server goes to a file. Prints the median requests/s of each mode and
# the ratios full/off and peer/off.
# Usage: bench/load/run.sh [--smoke] [--rounds N] [--duration SECONDS] [--keep-logs]
#   --smoke: 1 round of 2 s, for CI (no timing assertion anywhere)
set -euo pipefail

rounds=3 duration=10 warmup=5 keep_logs=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) rounds=1 duration=2 warmup=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --keep-logs) keep_logs=true; shift ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dashboard_bin="${ASPIRE_DASHBOARD:-$HOME/.nuget/packages/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 3; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 3; }
[[ -x "$dashboard_bin" ]] || { echo "the Aspire Dashboard is not at $dashboard_bin: dotnet restore tests/AutoTrader.Observability.Tests restores it (linux-x64)" >&2; exit 3; }

dotnet build "$root/src/AutoTrader.Cli" -c Release -nologo -v q >/dev/null
dotnet build "$root/bench/AutoTrader.PeerStack" -c Release -nologo -v q >/dev/null

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "$keep_logs" == true ]]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # url, what, log: bounded to 60 s
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "$2 did not answer $1 within 60 s; its log:" >&2; tail -20 "$3" >&2; exit 1
}

ui=$(free_port) grpc=$(free_port) otlp_http=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$grpc" \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$otlp_http" ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  "$dashboard_bin" >"$work/dashboard.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ui" "the Aspire Dashboard" "$work/dashboard.log"

cat >"$work/full.yaml" <<YAML
observability:
  tracing:
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc" }
YAML

declare -A port
autotrader=("dotnet" "$root/src/AutoTrader.Cli/bin/Release/net10.0/autotrader.dll" "serve")
port[off]=$(free_port)
"${autotrader[@]}" --api-port "${port[off]}" --metrics-port "$(free_port)" --observability off >"$work/off.log" 2>&1 &
pids+=($!)
port[full]=$(free_port)
"${autotrader[@]}" --config "$work/full.yaml" --api-port "${port[full]}" --metrics-port "$(free_port)" >"$work/full.log" 2>&1 &
pids+=($!)
port[peer]=$(free_port)
dotnet "$root/bench/AutoTrader.PeerStack/bin/Release/net10.0/AutoTrader.PeerStack.dll" --port "${port[peer]}" --otlp "http://127.0.0.1:$grpc" >"$work/peer.log" 2>&1 &
pids+=($!)

modes=(off full peer)
for mode in "${modes[@]}"; do
  wait_for "http://127.0.0.1:${port[$mode]}/api/tokens" "$mode" "$work/$mode.log"
  wrk -t2 -c32 -d"${warmup}s" "http://127.0.0.1:${port[$mode]}/api/tokens" >/dev/null
done

declare -A results
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do
    rps=$(wrk -t2 -c32 -d"${duration}s" "http://127.0.0.1:${port[$mode]}/api/tokens" | awk '/^Requests\/sec:/ { print $2 }')
    [[ -n "$rps" ]] || { echo "wrk gave no Requests/sec for $mode" >&2; exit 1; }
    results[$mode]+="$rps "
    printf 'round %d  %-4s  %10.0f req/s\n' "$round" "$mode" "$rps"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A med
echo
echo "wrk -t2 -c32 -d${duration}s, $rounds round(s), $(nproc) cores"
for mode in "${modes[@]}"; do
  med[$mode]=$(median <<<"${results[$mode]}")
  printf 'median %-4s  %10.0f req/s\n' "$mode" "${med[$mode]}"
done
awk -v f="${med[full]}" -v p="${med[peer]}" -v o="${med[off]}" 'BEGIN { printf "ratio full/off  %.2f\nratio peer/off  %.2f\n", f / o, p / o }'
echo "access-log lines written by full: $(grep -c '"event":"http_request"' "$work/full.log" || true)"
