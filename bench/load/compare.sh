#!/usr/bin/env bash
# Two variants of the full mode loaded at the same time, each by its own `wrk -t1 -c16` as in
# simultaneous.sh, so that a slow minute of a shared host weighs on both alike: two builds (a
# change against main), two configurations, or one build under two environments. Prints, per
# round, the CPU time each server process spent per request, then the median of the rounds'
# differences (b minus a). One run moves by a couple of microseconds from the next: run it three
# or four times and read the spread. With no option, a and b are the same, which measures that spread.
# Run it both ways round too (the variant as b, then as a): in six runs of two equally costly
# variants b came out about 1 us cheaper whichever it was (docs/PERFORMANCE.md, eighth look).
# A change to the library, against this checkout:
#   git worktree add /tmp/change my-branch
#   dotnet build /tmp/change/src/AutoTrader.Cli -c Release -o /tmp/change-build
#   bench/load/compare.sh --b-build /tmp/change-build
# Usage: bench/load/compare.sh [--a-build DIR] [--b-build DIR] [--a-config FILE] [--b-config FILE]
#                              [--a-env NAME=VALUE] [--b-env NAME=VALUE] [--rounds N] [--duration SECONDS] [--warmup SECONDS]
#   --x-build: a folder holding autotrader.dll; default this checkout's build (built first)
#   --x-config: the server's configuration; OTLP_GRPC in it becomes the dashboard's endpoint;
#               default the full mode's (OTLP export to the dashboard, everything else default)
#   --x-env: an environment variable for that server only (repeatable)
set -euo pipefail

rounds=5 duration=8 warmup=30
declare -A build config
envs_a=() envs_b=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --a-build | --b-build) build[${1:2:1}]="$2"; shift 2 ;;
    --a-config | --b-config) config[${1:2:1}]="$2"; shift 2 ;;
    --a-env) envs_a+=("$2"); shift 2 ;;
    --b-env) envs_b+=("$2"); shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
for x in a b; do
  if [[ -n "${build[$x]:-}" && ! -f "${build[$x]}/autotrader.dll" ]]; then echo "--$x-build ${build[$x]}: no autotrader.dll there" >&2; exit 2; fi
  if [[ -n "${config[$x]:-}" && ! -f "${config[$x]}" ]]; then echo "--$x-config ${config[$x]}: no such file" >&2; exit 2; fi
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare_harness false low

declare -A port pid
for x in a b; do
  if [[ -n "${config[$x]:-}" ]]; then with_dashboard "${config[$x]}" "$work/$x.yaml"; else cp "$work/full.yaml" "$work/$x.yaml"; fi
  dll="${build[$x]:-$(dirname "$autotrader_dll")}/autotrader.dll"
  [[ $x == a ]] && envs=("${envs_a[@]}") || envs=("${envs_b[@]}")
  port[$x]=$(free_port)
  env "${envs[@]}" dotnet "$dll" serve --scanner-config "$work/scanner.yaml" --config "$work/$x.yaml" \
    --api-port "${port[$x]}" --metrics-port "$(free_port)" >"$work/$x.log" 2>"$work/$x.err" &
  pids+=($!)
  pid[$x]=$!
done
for x in a b; do wait_for "http://127.0.0.1:${port[$x]}/api/tokens" "$x" "$work/$x.err"; done

load_both "$warmup" a b
diffs=""
for round in $(seq 1 "$rounds"); do
  measured_round "$duration" a b
  diffs+="$(awk -v a="${round_us[a]}" -v b="${round_us[b]}" 'BEGIN { print b - a }') "
  printf 'round %d  a %6.1f us CPU/request  b %6.1f us CPU/request\n' "$round" "${round_us[a]}" "${round_us[b]}"
done
echo
echo "a and b loaded together by wrk -t1 -c16 each, ${duration}s rounds after ${warmup}s of warm-up"
echo "b minus a, median of the rounds: $(median <<<"$diffs") us of server CPU per request"
echo "access-log lines: a $(grep -c '"event":"http_request"' "$work/a.log" || true), b $(grep -c '"event":"http_request"' "$work/b.log" || true)"
