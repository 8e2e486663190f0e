#!/usr/bin/env bash
# Where the full mode's extra CPU per request goes, with the host's noise cancelled: the off and
# full modes (as in run.sh) are loaded at the same time, each by its own `wrk -t1 -c16`, while perf
# (Debian package linux-perf) samples the whole machine; each server's samples are then divided by
# the requests it served and split by part of the stack. Code both modes run alike (Kestrel, the
# endpoint's JSON serialization) costing more per request in full mode means the process as a whole
# runs slower, not that it does more work there.
# Usage: bench/load/diffprofile.sh [--rounds N] [--warmup SECONDS] [--full-config FILE] [--off-config FILE] [--alone] [--keep]
#   --full-config: the full mode's observability YAML instead of the harness's (for variants);
#                  OTLP_GRPC in it becomes the dashboard's OTLP/gRPC endpoint (http://127.0.0.1:port)
#   --off-config: the first column's server runs this configuration (OTLP_GRPC as above) instead of
#                 --observability off, to compare two configurations in the same run (sampling at
#                 0.1 against 0, say); the rows keep their names
#   --alone: load one mode at a time by `wrk -t2 -c32`, off then full in every round, as run.sh
#            does, instead of both at once (the host's noise is no longer cancelled; run.sh's
#            conditions are what it shows)
set -euo pipefail

rounds=3 warmup=30 full_config="" off_config="" keep=false alone=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --full-config) full_config="$2"; shift 2 ;;
    --off-config) off_config="$2"; shift 2 ;;
    --alone) alone=true; shift ;;
    --keep) keep=true; shift ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_perf
prepare_harness "$keep" low
[[ -n "$full_config" ]] && with_dashboard "$full_config" "$work/full.yaml"
[[ -n "$off_config" ]] && with_dashboard "$off_config" "$work/off.yaml"

declare -A port pid
for mode in off full; do
  port[$mode]=$(free_port)
  args=(--config "$work/full.yaml")
  [[ "$mode" == off ]] && args=(--observability off)
  [[ "$mode" == off && -n "$off_config" ]] && args=(--config "$work/off.yaml")
  # Without W^X the JIT's code lives in anonymous memory that perf resolves through the perf map.
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$autotrader_dll" serve --scanner-config "$work/scanner.yaml" \
    "${args[@]}" --api-port "${port[$mode]}" --metrics-port "$(free_port)" >"$work/$mode.log" 2>&1 &
  pids+=($!) pid[$mode]=$!
done
for mode in off full; do wait_for "http://127.0.0.1:${port[$mode]}/api/tokens" "$mode" "$work/$mode.log"; done

load_alone() { wrk -t2 -c32 -d"$1s" "http://127.0.0.1:${port[$2]}/api/tokens" >"$work/$2.wrk"; } # seconds mode

sampled() { # round name, then the load command: perf over the whole machine while it runs
  local name=$1
  shift
  "$@" &
  local load=$!
  perf record -a -F 999 -g -o "$work/$name.data" -- sleep 10 >/dev/null 2>&1
  wait "$load"
  perf script -F comm,pid,tid,ip,sym,dso -i "$work/$name.data" 2>/dev/null >"$work/$name.txt"
  rm "$work/$name.data"
}

if [[ "$alone" == true ]]; then
  for mode in off full; do load_alone "$warmup" "$mode"; done
else
  load_both "$warmup"
fi
: >"$work/requests.txt"
for round in $(seq 1 "$rounds"); do
  if [[ "$alone" == true ]]; then
    for mode in off full; do sampled "round$round-$mode" load_alone 10 "$mode"; done
  else
    sampled "round$round" load_both 10
  fi
  echo "$(awk '/requests in/ { print $1 }' "$work/off.wrk") $(awk '/requests in/ { print $1 }' "$work/full.wrk")" >>"$work/requests.txt"
done

if [[ "$alone" == true ]]; then
  echo "off and full loaded one at a time by wrk -t2 -c32, $rounds x 10 s each after ${warmup}s of warm-up each; perf -F 999 over the whole machine"
else
  echo "off and full loaded together by wrk -t1 -c16 each, $rounds x 10 s after ${warmup}s of warm-up; perf -F 999 over the whole machine"
fi
[[ -n "$off_config" ]] && echo "the off column is the full mode with $off_config, not --observability off"
/usr/bin/python3 - "$work" "${pid[off]}" "${pid[full]}" <<'PY'
import collections, glob, re, sys
work, pids = sys.argv[1], {sys.argv[2]: "off", sys.argv[3]: "full"}
requests = {"off": 0, "full": 0}
for line in open(f"{work}/requests.txt"):
    off, full = line.split()
    requests["off"] += int(off)
    requests["full"] += int(full)
# A sample counts in every part one of its frames matches and none matches the part's exclusion
# (the parts overlap: JSON runs inside Kestrel, the access log inside the middlewares).
parts = [
    ("Kestrel and everything it calls", r"Kestrel"),
    ("our middlewares (routing, endpoint excluded)", r"RequestSpanMiddleware|ApiMetricsMiddleware|RequestLoggingMiddleware",
     r"EndpointMiddleware::Invoke|DfaMatcher|EndpointRoutingMiddleware"),
    # The owner of a frame's method, not its parameter types: the log provider's own frames take
    # System.Text.Json types too.
    ("the endpoint's JSON serialization (same code in both)", r"\[System\.Text\.Json\] System\.Text\.Json"),
    ("access log: formatting the line", r"AutoTraderLogger::Log"),
    ("access log: the writer thread", r"LogLineWriter::Run"),
    ("API metrics", r"LabeledInstrument|LabeledUpDownCounter|AggregatorStore|ActiveRequestTracker"),
    ("request span (own work)", r"PreDecidedSampler|RequestSpanMiddleware::(CallerContext|AddBaggage|Describe)|Activity::(Create|Start|Stop|SetCurrent)|ActivityTraceId"),
    ("span export (exporter thread)", r"BatchExportProcessor|OtlpExporter|OtlpTraceExporter"),
]
counts = {mode: collections.Counter() for mode in requests}
for path in sorted(glob.glob(f"{work}/round*.txt")):
    mode, frames = None, None
    def count():
        if mode is None or not frames:
            return
        c = counts[mode]
        c["all samples"] += 1
        dso = frames[0][frames[0].rfind("(") + 1:-1]
        c["kernel (leaf)" if "kernel" in dso else "runtime: libcoreclr (leaf)" if "coreclr" in dso else "jitted code (leaf)" if "perf-" in dso else "other (leaf)"] += 1
        for name, pattern, *exclusion in parts:
            if any(re.search(pattern, f) for f in frames) and not (exclusion and any(re.search(exclusion[0], f) for f in frames)):
                c[name] += 1
    for line in open(path):
        if not line.strip():
            count()
            mode, frames = None, None
        elif not line[0].isspace():
            m = re.search(r"\s(\d+)/\d+\s", " " + line)
            mode, frames = (pids.get(m.group(1)) if m else None), []
        elif frames is not None:
            frames.append(line.strip().split(" ", 1)[-1])
    count()
print(f"requests: off {requests['off']}, full {requests['full']}")
print(f"{'us of samples per request':56s} {'off':>7s} {'full':>7s} {'diff':>7s}")
names = ["all samples", "kernel (leaf)", "runtime: libcoreclr (leaf)", "jitted code (leaf)", "other (leaf)"] + [part[0] for part in parts]
for name in names:
    off = counts["off"][name] * 1001 / requests["off"]
    full = counts["full"][name] * 1001 / requests["full"]
    print(f"{name:56s} {off:7.2f} {full:7.2f} {full - off:+7.2f}")
PY
