#!/usr/bin/env bash
# Where the CPU of the observed service goes under load, sampled by perf (Debian package linux-perf).
# The JIT writes /tmp/perf-<pid>.map so perf can name the methods.
#   default: `autotrader serve` in the harness's full mode, warmed up under `wrk -t2 -c32`, then
#     sampled while wrk keeps running. Prints the share of the server's samples spent in each part
#     of the stack, then the hottest functions.
#   --diff: where the extra CPU per request of b over a goes (by default a is off, b full; the
#     --a-/--b- options are in common.sh), with the host's noise cancelled: both are loaded at the
#     same time, each by its own `wrk -t1 -c16`, while perf samples the whole machine; each
#     server's samples are divided by the requests it served and split by part of the stack. Code
#     both run alike (Kestrel, the endpoint's JSON serialization) costing more per request in b
#     means the process as a whole runs slower, not that it does more work there.
#     --alone: load one server at a time by `wrk -t2 -c32`, a then b in every round, as run.sh does
#     (the host's noise is no longer cancelled; run.sh's conditions are what it shows).
# Usage: bench/load/profile.sh [--warmup SECONDS] [--seconds SECONDS] [--keep]
#                              [--diff [--rounds N] [--alone] [--a-config off|full|FILE] [--a-build DIR] [--a-env NAME=VALUE] [--b-...]]
#   --seconds: the length of a sampled round (default 10); --rounds: sampled rounds of --diff (default 3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

warmup="" seconds=10 rounds=3 keep=false diff=false alone=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    --diff) diff=true; shift ;;
    --alone) alone=true; shift ;;
    *) variant_option "$1" "${2:-}" || { echo "unknown argument: $1 (see the top of $0)" >&2; exit 2; }
       shift 2 ;;
  esac
done
if [[ "$diff" == true ]]; then
  check_variants
  : "${warmup:=30}"
else
  { variants_given || [[ "$alone" == true ]]; } && { echo "--alone and the --a- and --b- options go with --diff" >&2; exit 2; }
  : "${warmup:=45}"
fi

require_perf
prepare_harness "$keep" low
# Without W^X the JIT's code lives in anonymous memory that perf resolves through the perf map.
perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
declare -A port pid

load_alone() { wrk -t2 -c32 -d"$1s" "http://127.0.0.1:${port[$2]}/api/tokens" >"$work/$2.wrk"; } # seconds server

sampled() { # round name, perf's target (-a, or -pPID), seconds to wait before sampling, then the load command: perf samples for --seconds while it runs
  local name=$1 target=$2 lead=$3
  shift 3
  "$@" &
  local load=$!
  sleep "$lead"
  perf record "$target" -F 999 -g -o "$work/$name.data" -- sleep "$seconds" >/dev/null 2>&1
  wait "$load"
  perf script -F comm,pid,tid,ip,sym,dso -i "$work/$name.data" 2>/dev/null >"$work/$name.txt"
  rm "$work/$name.data"
}

# The samples of $work/round*.txt split by part of the stack, for the servers given as pid=name: with
# one, the share of its samples in each part and its hottest functions; with two, the microseconds
# of samples per request ($work/requests.txt: the requests each served, a line per round).
parts() {
  /usr/bin/python3 - "$work" "$@" <<'PY'
import collections, glob, re, sys
work = sys.argv[1]
pids = dict(arg.split("=") for arg in sys.argv[2:])
names = list(pids.values())
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
    ("API metrics", r"LabeledInstrument|LabeledUpDownGauge|AggregatorStore|ActiveRequestTracker"),
    ("request span (own work)", r"PreDecidedSampler|RequestSpanMiddleware::(CallerContext|AddBaggage|Describe)|Activity::(Create|Start|Stop|SetCurrent)|ActivityTraceId"),
    ("span export (exporter thread)", r"BatchExportProcessor|OtlpExporter|OtlpTraceExporter"),
    ("JIT (warm-up not over if large)", r"libclrjit"),
]
counts = {name: collections.Counter() for name in names}
hottest = {name: collections.Counter() for name in names}
for path in sorted(glob.glob(f"{work}/round*.txt")):
    name, frames = None, None
    def count():
        if name is None or not frames:
            return
        c = counts[name]
        c["all samples"] += 1
        dso = frames[0][frames[0].rfind("(") + 1:-1]
        c["kernel (leaf)" if "kernel" in dso else "runtime: libcoreclr (leaf)" if "coreclr" in dso else "jitted code (leaf)" if "perf-" in dso else "other (leaf)"] += 1
        hottest[name][re.sub(r"\(.*", "", frames[0])[-110:]] += 1
        for part, pattern, *exclusion in parts:
            if any(re.search(pattern, f) for f in frames) and not (exclusion and any(re.search(exclusion[0], f) for f in frames)):
                c[part] += 1
    for line in open(path):
        if not line.strip():
            count()
            name, frames = None, None
        elif not line[0].isspace():
            m = re.search(r"\s(\d+)/\d+\s", " " + line)
            name, frames = (pids.get(m.group(1)) if m else None), []
        elif frames is not None:
            frames.append(line.strip().split(" ", 1)[-1])
    count()
rows = ["all samples", "kernel (leaf)", "runtime: libcoreclr (leaf)", "jitted code (leaf)", "other (leaf)"] + [part[0] for part in parts]
if len(names) == 1:
    c = counts[names[0]]
    total = max(c["all samples"], 1)
    print(f"{c['all samples']} samples")
    for row in rows[1:]:
        print(f"{100 * c[row] / total:6.2f}%  {row}")
    print("hottest functions (self):")
    for function, n in hottest[names[0]].most_common(15):
        print(f"{100 * n / total:6.2f}%  {function}")
    sys.exit(0)
requests = dict.fromkeys(names, 0)
for line in open(f"{work}/requests.txt"):
    for name, served in zip(names, line.split()):
        requests[name] += int(served)
a, b = names
print(f"requests: a {requests[a]}, b {requests[b]}")
print(f"{'us of samples per request':56s} {'a':>7s} {'b':>7s} {'b - a':>7s}")
for row in rows:
    per_a = counts[a][row] * 1001 / requests[a]
    per_b = counts[b][row] * 1001 / requests[b]
    print(f"{row:56s} {per_a:7.2f} {per_b:7.2f} {per_b - per_a:+7.2f}")
PY
}

if [[ "$diff" == false ]]; then
  serve_env=("${perf_env[@]}")
  start_serve full --config "$work/full.yaml"
  wait_for "http://127.0.0.1:${port[full]}/api/tokens" "autotrader serve" "$work/full.log"
  load_alone "$warmup" full
  sampled round1 "-p${pid[full]}" 2 load_alone $((seconds + 4)) full
  echo "full mode under wrk -t2 -c32: $(awk '/^Requests\/sec:/ { print $2 }' "$work/full.wrk") req/s; perf samples of the server over ${seconds}s after ${warmup}s of warm-up"
  parts "${pid[full]}=full"
  exit 0
fi

for x in a b; do start_variant "$x" "${perf_env[@]}"; done
for x in a b; do wait_for "http://127.0.0.1:${port[$x]}/api/tokens" "$x" "$work/$x.log"; done
if [[ "$alone" == true ]]; then
  for x in a b; do load_alone "$warmup" "$x"; done
else
  load_both "$warmup" a b
fi
: >"$work/requests.txt"
for round in $(seq 1 "$rounds"); do
  if [[ "$alone" == true ]]; then
    for x in a b; do sampled "round$round-$x" -a 0 load_alone "$seconds" "$x"; done
  else
    sampled "round$round" -a 0 load_both "$seconds" a b
  fi
  echo "$(awk '/requests in/ { print $1 }' "$work/a.wrk") $(awk '/requests in/ { print $1 }' "$work/b.wrk")" >>"$work/requests.txt"
done

describe_variants
if [[ "$alone" == true ]]; then
  echo "a and b loaded one at a time by wrk -t2 -c32, $rounds x ${seconds}s sampled each after ${warmup}s of warm-up each; perf -F 999 over the whole machine"
else
  echo "a and b loaded together by wrk -t1 -c16 each, $rounds x ${seconds}s sampled after ${warmup}s of warm-up; perf -F 999 over the whole machine"
fi
parts "${pid[a]}=a" "${pid[b]}=b"
