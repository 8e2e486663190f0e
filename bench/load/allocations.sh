#!/usr/bin/env bash
# Bytes the server allocates per request, off and full mode (as in run.sh): unlike time, this does
# not move with the host's load, so it shows what a change to the request path costs or saves from
# a single short run. Each server is warmed up under wrk, then loaded again while the runtime's own
# counter of allocated bytes (dotnet_gc_heap_total_allocated_bytes on /metrics) is read before and
# after; the difference is divided by the requests wrk completed.
# Usage: bench/load/allocations.sh [--duration SECONDS] [--warmup SECONDS]
set -euo pipefail

duration=10 warmup=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare_harness false low
declare -A port pid
start_serve off --observability off
start_serve full --config "$work/full.yaml"
for mode in off full; do wait_for "http://127.0.0.1:${port[$mode]}/api/tokens" "$mode" "$work/$mode.log"; done

allocated() { curl -sf "http://127.0.0.1:${metrics_port[$1]}/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes/ { print $2 }'; }

declare -A per_request
for mode in off full; do
  url="http://127.0.0.1:${port[$mode]}/api/tokens"
  wrk -t1 -c16 -d"${warmup}s" "$url" >/dev/null
  before=$(allocated "$mode")
  requests=$(wrk -t1 -c16 -d"${duration}s" "$url" | awk '/requests in/ { print $1 }')
  after=$(allocated "$mode")
  [[ -n "$before" && -n "$after" ]] || { echo "no dotnet_gc_heap_total_allocated_bytes on the $mode server's /metrics" >&2; exit 1; }
  per_request[$mode]=$(awk -v b="$before" -v a="$after" -v n="$requests" 'BEGIN { printf "%.0f", (a - b) / n }')
  printf '%-4s %9d requests %7d bytes allocated/request\n' "$mode" "$requests" "${per_request[$mode]}"
done
echo "full minus off: $((per_request[full] - per_request[off])) bytes/request (GET /api/tokens, wrk -t1 -c16 -d${duration}s after ${warmup}s)"
