#!/usr/bin/env bash
# The cost of the observability stack per request, measured with the host's noise cancelled: the
# off mode and the full mode (as in run.sh) are loaded at the same time, each by its own
# `wrk -t1 -c16`, so that a slow minute of a shared host weighs on both alike. Prints, per round,
# the requests each served and the CPU time each server process spent per request, then the
# medians. The two servers share the cores, so the requests are not a throughput figure: the
# CPU per request is the result.
# Usage: bench/load/simultaneous.sh [--rounds N] [--duration SECONDS] [--warmup SECONDS] [--without-tracing]
#   --without-tracing: the full mode with tracing.enabled false (API metrics and access log only)
set -euo pipefail

rounds=5 duration=8 warmup=30 tracing=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --without-tracing) tracing=false; shift ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare_harness false low
if [[ "$tracing" == false ]]; then
  printf 'observability:\n  tracing: { enabled: false }\n' >"$work/full.yaml"
fi

declare -A port pid
start_serve off --observability off
start_serve full --config "$work/full.yaml"
for mode in off full; do wait_for "http://127.0.0.1:${port[$mode]}/api/tokens" "$mode" "$work/$mode.log"; done

load_both "$warmup"
declare -A cpu
diffs=""
for round in $(seq 1 "$rounds"); do
  measured_round "$duration" off full
  line="round $round"
  for mode in off full; do
    cpu[$mode]+="${round_us[$mode]} "
    line+=$(printf '  %-4s %8d requests %6.1f us CPU/request' "$mode" "${round_requests[$mode]}" "${round_us[$mode]}")
  done
  diffs+="$(awk -v f="${round_us[full]}" -v o="${round_us[off]}" 'BEGIN { print f - o }') "
  echo "$line"
done

off=$(median <<<"${cpu[off]}") full=$(median <<<"${cpu[full]}") diff=$(median <<<"$diffs")
echo
echo "off and full (tracing $tracing) loaded together by wrk -t1 -c16 each, ${duration}s rounds after ${warmup}s of warm-up"
awk -v o="$off" -v f="$full" -v d="$diff" 'BEGIN { printf "server CPU per request, medians: off %.1f us, full %.1f us; full minus off, median of the rounds: %.1f us (%.0f%% of off)\n", o, f, d, 100 * d / o }'
