#!/usr/bin/env bash
# End-to-end overhead of the observability stack (issue 7): GET /api/tokens under wrk, on loopback,
# in three modes served side by side and loaded in alternation:
#   off   autotrader serve --observability off (the same build, bare)
#   full  autotrader serve on the default configuration plus OTLP export to a running Aspire
#         Dashboard: API metrics, request spans sampled at 10%, one http_request log line per request
#   peer  bench/AutoTrader.PeerStack: OpenTelemetry ASP.NET Core instrumentation (10% to OTLP),
#         its Prometheus exporter, Serilog request logging as compact JSON
# Standard output of every server goes to a file. Prints, per mode, the median requests/s and the
# median CPU time the server process spent per request, and the ratios full/off and peer/off.
# The dashboard stands in for a tracing backend that would run on another machine: it runs at the
# lowest CPU priority so that its own ingestion (hundreds of microseconds of CPU per span, every span
# written to SQLite) takes as little as it can from the server and wrk; --receiver-priority normal
# leaves it at normal priority. It still cannot keep up with 10% of full speed here, so the
# exporters drop most spans (counted, never waited for): the last lines say how many. Its work
# moves the full and peer modes' rounds; --receiver-priority none exports to a closed port instead
# (every span serialized and offered, nothing ingesting on the box).
# Every mode is warmed up under load first (40 s: measured, the JIT still tiers methods up after
# 15 s of load on this box), so that rounds measure the steady state.
# Usage: bench/load/run.sh [--smoke] [--rounds N] [--duration SECONDS] [--warmup SECONDS]
#                          [--receiver-priority low|normal|none] [--otlp-logs] [--keep-logs]
#                          [--together [--a-config off|full|FILE] [--a-build DIR] [--a-env NAME=VALUE] [--b-...]]
#   --otlp-logs: full also exports its log lines over OTLP (beside stdout) to the same receiver
#   --smoke: 1 round of 2 s, for CI (no timing assertion anywhere)
#   --together: two servers, a and b (by default off and full; the --a-/--b- options are in
#     common.sh), loaded at the same time, each by its own `wrk -t1 -c16`, so that a slow minute of
#     a shared host weighs on both alike (default 5 rounds of 8 s after 30 s of warm-up). Prints,
#     per round, the requests each served and the CPU time each server process spent per request,
#     then the medians and the median of the rounds' differences (b minus a). The two servers share
#     the cores, so the requests are not a throughput figure: the CPU per request is the result.
#     Two builds (a change against this checkout), two configurations, or one build under two
#     environments: b minus a moves by a couple of microseconds from one run to the next, so run it
#     three or four times and read the spread, and both ways round: in six runs of two equally
#     costly variants b came out about 1 us cheaper whichever it was (docs/PERFORMANCE.md).
#       git worktree add /tmp/change my-branch
#       dotnet build /tmp/change/src/AutoTrader.Cli -c Release -o /tmp/change-build
#       bench/load/run.sh --together --a-config full --b-build /tmp/change-build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

rounds="" duration="" warmup="" keep_logs=false receiver_priority=low otlp_logs=false together=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) rounds=1 duration=2 warmup=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --receiver-priority) receiver_priority="$2"; shift 2 ;;
    --keep-logs) keep_logs=true; shift ;;
    --otlp-logs) otlp_logs=true; shift ;;
    --together) together=true; shift ;;
    *) variant_option "$1" "${2:-}" || { echo "unknown argument: $1 (see the top of $0)" >&2; exit 2; }
       shift 2 ;;
  esac
done

[[ "$receiver_priority" =~ ^(low|normal|none)$ ]] || { echo "--receiver-priority takes low, normal or none, not '$receiver_priority'" >&2; exit 2; }
if [[ "$together" == true ]]; then
  check_variants
  : "${rounds:=5}" "${duration:=8}" "${warmup:=30}"
else
  variants_given && { echo "the --a- and --b- options go with --together" >&2; exit 2; }
  : "${rounds:=3}" "${duration:=10}" "${warmup:=40}"
fi

prepare_harness "$keep_logs" "$receiver_priority"
receiver="the Aspire Dashboard at $receiver_priority priority"
[[ "$receiver_priority" == none ]] && receiver="none (OTLP to a closed port)"
declare -A port pid

if [[ "$together" == true ]]; then
  start_variant a
  start_variant b
  for x in a b; do wait_for "http://127.0.0.1:${port[$x]}/api/tokens" "$x" "$work/$x.log"; done
  load_both "$warmup" a b
  declare -A cpu
  diffs=""
  for round in $(seq 1 "$rounds"); do
    measured_round "$duration" a b
    line="round $round"
    for x in a b; do
      cpu[$x]+="${round_us[$x]} "
      line+=$(printf '  %s %8d requests %6.1f us CPU/request' "$x" "${round_requests[$x]}" "${round_us[$x]}")
    done
    diffs+="$(awk -v a="${round_us[a]}" -v b="${round_us[b]}" 'BEGIN { print b - a }') "
    echo "$line"
  done
  echo
  describe_variants
  echo "a and b loaded together by wrk -t1 -c16 each, ${duration}s rounds after ${warmup}s of warm-up, receiver: $receiver"
  awk -v a="$(median <<<"${cpu[a]}")" -v b="$(median <<<"${cpu[b]}")" -v d="$(median <<<"$diffs")" \
    'BEGIN { printf "server CPU per request, medians: a %.1f us, b %.1f us; b minus a, median of the rounds: %.1f us (%.0f%% of a)\n", a, b, d, 100 * d / a }'
  echo "access-log lines: a $(grep -c '"event":"http_request"' "$work/a.log" || true), b $(grep -c '"event":"http_request"' "$work/b.log" || true)"
  exit 0
fi

dotnet build "$root/bench/AutoTrader.PeerStack" -c Release -nologo -v q >/dev/null

start_serve off --observability off
start_serve full --config "$work/full.yaml"
port[peer]=$(free_port)
dotnet "$root/bench/AutoTrader.PeerStack/bin/Release/net10.0/AutoTrader.PeerStack.dll" --port "${port[peer]}" --otlp "http://127.0.0.1:$grpc" >"$work/peer.log" 2>&1 &
pids+=($!) pid[peer]=$!

modes=(off full peer)
for mode in "${modes[@]}"; do
  wait_for "http://127.0.0.1:${port[$mode]}/api/tokens" "$mode" "$work/$mode.log"
  wrk -t2 -c32 -d"${warmup}s" "http://127.0.0.1:${port[$mode]}/api/tokens" >/dev/null
done

# The order of the modes turns each round (off full peer, full peer off, peer off full), so that
# no mode always follows the same one: the receiver's and the kernel's leftovers from a mode's
# round fall on each mode in turn.
ratios_full="" ratios_peer=""
declare -A results cpu per_round
for round in $(seq 1 "$rounds"); do
  for i in 0 1 2; do
    mode=${modes[$(((round - 1 + i) % 3))]}
    workers_before=$(worker_ticks "${pid[$mode]}")
    before=$(cpu_ticks "${pid[$mode]}")
    report=$(wrk -t2 -c32 -d"${duration}s" "http://127.0.0.1:${port[$mode]}/api/tokens")
    after=$(cpu_ticks "${pid[$mode]}")
    workers=$(busy_workers "$workers_before" "$(worker_ticks "${pid[$mode]}")" "$duration")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$report")
    requests=$(awk '/requests in/ { print $1 }' <<<"$report")
    [[ -n "$rps" && -n "$requests" ]] || { echo "wrk gave no Requests/sec for $mode" >&2; exit 1; }
    us=$(us_per_request $((after - before)) "$requests")
    results[$mode]+="$rps " cpu[$mode]+="$us " per_round[$mode]=$rps
    # The same server runs some rounds 30-50% quicker than others, mostly with how much the
    # dashboard ingests beside it (docs/PERFORMANCE.md, tenth look); the busy workers are printed
    # to follow the thread pool's part.
    printf 'round %d  %-4s  %10.0f req/s  %6.1f us CPU/request  %2d busy thread-pool workers\n' "$round" "$mode" "$rps" "$us" "$workers"
  done
  # Each round's own ratios: the modes of one round ran within seconds of each other, so a slow
  # minute of the host weighs on all three.
  ratios_full+="$(awk -v f="${per_round[full]}" -v o="${per_round[off]}" 'BEGIN { print f / o }') "
  ratios_peer+="$(awk -v p="${per_round[peer]}" -v o="${per_round[off]}" 'BEGIN { print p / o }') "
done

declare -A med med_cpu
echo
echo "wrk -t2 -c32 -d${duration}s, $rounds round(s) after ${warmup}s of warm-up per mode, receiver: $receiver, $(nproc) cores"
for mode in "${modes[@]}"; do
  med[$mode]=$(median <<<"${results[$mode]}")
  med_cpu[$mode]=$(median <<<"${cpu[$mode]}")
  printf 'median %-4s  %10.0f req/s\n' "$mode" "${med[$mode]}"
done
for mode in "${modes[@]}"; do
  printf 'server CPU %-4s  %6.1f us/request\n' "$mode" "${med_cpu[$mode]}"
done
awk -v f="${med[full]}" -v p="${med[peer]}" -v o="${med[off]}" 'BEGIN { printf "ratio full/off  %.2f\nratio peer/off  %.2f\n", f / o, p / o }'
printf 'median of the rounds'"'"' own ratios: full/off %.2f, peer/off %.2f\n' "$(median <<<"$ratios_full")" "$(median <<<"$ratios_peer")"
echo "access-log lines written by full: $(grep -c '"event":"http_request"' "$work/full.log" || true)"
# What the receiver took in: an exporter whose backend falls behind drops spans rather than wait,
# and a mode that exports fewer spans does less work (docs/PERFORMANCE.md, tenth look).
echo "span export of full: $(span_export "http://127.0.0.1:${metrics_port[full]}/metrics")"
echo "span export of peer: $(span_export "http://127.0.0.1:${port[peer]}/metrics")"
if [[ "$otlp_logs" == true ]]; then
  echo "log records of full the OTLP exporter lost: $(log_export "http://127.0.0.1:${metrics_port[full]}/metrics")"
fi
