#!/usr/bin/env bash
# Where the CPU of the fully observed service goes under load: `autotrader serve` in the harness's
# full mode, warmed up under wrk, then sampled by perf (Debian package linux-perf) while wrk keeps
# running. Prints the share of the server's CPU samples spent in each part of the observability
# stack, then the hottest functions. The JIT writes /tmp/perf-<pid>.map so perf can name them.
# Usage: bench/load/profile.sh [--warmup SECONDS] [--seconds SECONDS] [--keep]
set -euo pipefail

warmup=45 seconds=10 keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown argument: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_perf
prepare_harness "$keep" low
api=$(free_port)
# Without W^X the JIT's code lives in anonymous memory that perf resolves through the perf map.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$autotrader_dll" serve \
  --scanner-config "$work/scanner.yaml" --config "$work/full.yaml" --api-port "$api" --metrics-port "$(free_port)" >"$work/serve.log" 2>&1 &
server=$!
pids+=($server)
wait_for "http://127.0.0.1:$api/api/tokens" "autotrader serve" "$work/serve.log"

wrk -t2 -c32 -d"${warmup}s" "http://127.0.0.1:$api/api/tokens" >/dev/null
wrk -t2 -c32 -d"$((seconds + 4))s" "http://127.0.0.1:$api/api/tokens" >"$work/wrk.txt" &
load=$!
sleep 2
perf record -F 999 -g -p "$server" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1
wait "$load"
echo "full mode under wrk -t2 -c32: $(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt") req/s; perf samples of the server over ${seconds}s after ${warmup}s of warm-up"
perf script -i "$work/perf.data" 2>/dev/null | /usr/bin/python3 -c '
import collections, re, sys
stacks, frames = [], None
for line in sys.stdin:
    if not line.strip():
        if frames is not None: stacks.append(frames)
        frames = None
    elif not line[0].isspace():
        frames = []
    elif frames is not None:
        frames.append(line.strip().split(" ", 1)[-1])
if frames is not None: stacks.append(frames)
parts = [
    ("access log: formatting the line", r"AutoTraderLogger::Log"),
    ("access log: the writer thread (write(2))", r"LogLineWriter::Run"),
    ("request span: sampling, activity start and stop", r"PreDecidedSampler|RequestSpanMiddleware::CallerContext|RequestSpanMiddleware::AddBaggage|Activity::(Create|Start|Stop|SetCurrent)"),
    ("span export (exporter thread)", r"BatchExportProcessor|OtlpExporter|OtlpTraceExporter"),
    ("request span: attributes (sampled only)", r"RequestSpanMiddleware::Describe"),
    ("API metrics: guard and OpenTelemetry aggregation", r"LabeledInstrument|LabeledUpDownCounter|AggregatorStore|ActiveRequestTracker"),
    ("JIT (warm-up not over if large)", r"libclrjit"),
]
total = len(stacks)
print(f"{total} samples")
for name, pattern in parts:
    hits = sum(1 for s in stacks if any(re.search(pattern, f) for f in s))
    print(f"{100 * hits / total:6.2f}%  {name}")
leaf = collections.Counter(re.sub(r"\(.*", "", s[0])[-110:] for s in stacks if s)
print("hottest functions (self):")
for name, n in leaf.most_common(15):
    print(f"{100 * n / total:6.2f}%  {name}")
'
