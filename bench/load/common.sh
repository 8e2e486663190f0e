# Shared by the load scripts: tool checks, a work folder whose processes are stopped on exit, free
# loopback ports, readiness waits, the Aspire Dashboard as the OTLP receiver of the full mode,
# starting `autotrader serve` (the modes, or the two variants a and b of run.sh --together and
# profile.sh --diff), loading two servers at once and measuring such a round, CPU time per request
# and medians. Source it; it sets root, work and pids.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dashboard_bin="${ASPIRE_DASHBOARD:-$HOME/.nuget/packages/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard}"
autotrader_dll="$root/src/AutoTrader.Cli/bin/Release/net10.0/autotrader.dll"

require_tools() { # exits 3 naming the Debian packages when a tool is missing
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install $*" | sed 's|/usr/bin/||g' >&2; exit 3; }
  done
  [[ -x "$dashboard_bin" ]] || { echo "the Aspire Dashboard is not at $dashboard_bin: dotnet restore tests/AutoTrader.Observability.Tests restores it (linux-x64)" >&2; exit 3; }
}

require_perf() { command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 3; }; }

prepare_harness() { # keep_work (true|false), receiver (low|normal: the dashboard at that priority; none: a closed port): checks the tools, builds autotrader, starts the work folder and the receiver
  require_tools wrk curl /usr/bin/python3
  dotnet build "$root/src/AutoTrader.Cli" -c Release -nologo -v q >/dev/null
  start_work "$1"
  if [[ "$2" == none ]]; then refuse_otlp; else start_dashboard "$2"; fi
}

start_work() { # a temporary folder; every pid in pids is stopped on exit, the folder kept when $1 is true
  keep_work="$1"
  work="$(mktemp -d)"
  pids=()
  trap stop_work EXIT
  # Every server replays the same prices: the cost of serializing a double depends on its digits
  # (a few need the slow exact algorithm), so servers whose scans ran at different instants would
  # serve the same endpoint at different costs.
  printf 'scanner:\n  replay_prices_at: "2026-01-01T00:00:00Z"\n' >"$work/scanner.yaml"
}

stop_work() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ "$keep_work" == true ]]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # url, what, log: bounded to 60 s
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "$2 did not answer $1 within 60 s; its log:" >&2; tail -20 "$3" >&2; exit 1
}

start_dashboard() { # priority (low|normal); sets grpc and writes $work/full.yaml, the full mode's OTLP export to it
  local ui otlp_http
  ui=$(free_port) grpc=$(free_port) otlp_http=$(free_port)
  ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$grpc" \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$otlp_http" ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    "$dashboard_bin" >"$work/dashboard.log" 2>&1 &
  pids+=($!)
  # The dashboard stands in for a backend on another machine: at the lowest priority it takes as
  # little of the cores as it can, though its ingestion still moves the rounds and cannot keep up
  # (docs/PERFORMANCE.md, tenth look).
  [[ "$1" == low ]] && renice -n 19 -p $! >/dev/null
  wait_for "http://127.0.0.1:$ui" "the Aspire Dashboard" "$work/dashboard.log"
  write_full_config
}

# No receiver: the OTLP endpoint is a loopback port nobody listens on. Every span is still batched,
# serialized and offered to it, so the server does all of its export work, and nothing on the box
# ingests spans, as with a backend on another machine; each refused export is counted, not waited for.
refuse_otlp() { grpc=$(free_port); write_full_config; } # sets grpc and writes $work/full.yaml

write_full_config() { # $work/full.yaml: the full mode's OTLP export to port $grpc (its log lines too when otlp_logs=true)
  cat >"$work/full.yaml" <<YAML
observability:
  tracing:
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc" }
YAML
  if [[ "${otlp_logs:-false}" == true ]]; then
    cat >>"$work/full.yaml" <<YAML
  logging:
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc" }
YAML
  fi
}

with_dashboard() { sed "s|OTLP_GRPC|http://127.0.0.1:$grpc|g" "$1" >"$2"; } # config, destination: OTLP_GRPC in it becomes the dashboard's OTLP/gRPC endpoint

declare -A metrics_port
start_serve() { # mode, then arguments of `autotrader serve`: on free ports, output to $work/<mode>.log; sets port[mode], metrics_port[mode] and pid[mode]
  # A caller may set serve_dll (another build's autotrader.dll) and serve_env (NAME=VALUE entries for this server only).
  local mode=$1
  shift
  port[$mode]=$(free_port) metrics_port[$mode]=$(free_port)
  env "${serve_env[@]}" dotnet "${serve_dll:-$autotrader_dll}" serve --scanner-config "$work/scanner.yaml" \
    --api-port "${port[$mode]}" --metrics-port "${metrics_port[$mode]}" "$@" >"$work/$mode.log" 2>&1 &
  pids+=($!)
  pid[$mode]=$!
}
serve_env=()

# The two servers a and b that run.sh --together and profile.sh --diff load at the same time, each
# set by these options (and the same with --b-):
#   --a-config off|full|FILE  off: --observability off; full: the full mode (OTLP export to the
#                             receiver, everything else default); FILE: that configuration, in which
#                             OTLP_GRPC becomes the receiver's OTLP/gRPC endpoint. Default: a off, b full.
#   --a-build DIR             a folder holding autotrader.dll; default this checkout's build (built first)
#   --a-env NAME=VALUE        an environment variable for that server only (repeatable)
declare -A variant_config=([a]=off [b]=full) variant_build=()
variant_env_a=() variant_env_b=()

variant_envs() { if [[ $1 == a ]]; then envs=("${variant_env_a[@]}"); else envs=("${variant_env_b[@]}"); fi; } # a|b: sets envs to its --x-env entries

variant_option() { # option value: takes one of the options above; fails when $1 is not one of them
  case "$1" in
    --a-config | --b-config) variant_config[${1:2:1}]="$2" ;;
    --a-build | --b-build) variant_build[${1:2:1}]="$2" ;;
    --a-env) variant_env_a+=("$2") ;;
    --b-env) variant_env_b+=("$2") ;;
    *) return 1 ;;
  esac
}

variants_given() { [[ "${variant_config[a]}${variant_config[b]}" != offfull || ${#variant_build[@]} -gt 0 || ${#variant_env_a[@]} -gt 0 || ${#variant_env_b[@]} -gt 0 ]]; }

check_variants() { # exits 2 when a build folder has no autotrader.dll or a configuration file does not exist
  for x in a b; do
    if [[ -n "${variant_build[$x]:-}" && ! -f "${variant_build[$x]}/autotrader.dll" ]]; then echo "--$x-build ${variant_build[$x]}: no autotrader.dll there" >&2; exit 2; fi
    if [[ ! "${variant_config[$x]}" =~ ^(off|full)$ && ! -f "${variant_config[$x]}" ]]; then echo "--$x-config ${variant_config[$x]}: no such file" >&2; exit 2; fi
  done
}

start_variant() { # a|b, then NAME=VALUE entries for it besides its --x-env ones: start_serve as the options say
  local x=$1 args
  shift
  case "${variant_config[$x]}" in
    off) args=(--observability off) ;;
    full) args=(--config "$work/full.yaml") ;;
    *) with_dashboard "${variant_config[$x]}" "$work/$x.yaml"; args=(--config "$work/$x.yaml") ;;
  esac
  local envs
  variant_envs "$x"
  local serve_dll="${variant_build[$x]:+${variant_build[$x]}/autotrader.dll}" serve_env=("$@" "${envs[@]}")
  start_serve "$x" "${args[@]}"
}

describe_variants() { # one line saying what a and b run
  local x line="" envs
  for x in a b; do
    line+="$x: ${variant_config[$x]}"
    [[ "${variant_config[$x]}" == full ]] && line+=" mode"
    [[ -n "${variant_build[$x]:-}" ]] && line+=", build ${variant_build[$x]}"
    variant_envs "$x"
    [[ ${#envs[@]} -gt 0 ]] && line+=", ${envs[*]}"
    [[ $x == a ]] && line+="; "
  done
  echo "$line"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # CPU time (user + system, in clock ticks) process $1 has used so far

worker_ticks() { # "tid ticks" for each thread-pool worker of process $1, sorted by tid (the runtime names them ".NET TP Worker")
  cat /proc/"$1"/task/*/stat 2>/dev/null |
    awk '/ \(\.NET TP Worker\) / { tid = $1; sub(/^.*\) /, ""); split($0, f, " "); print tid, f[12] + f[13] }' | sort
}

busy_workers() { # before after seconds: workers (worker_ticks output before and after a round) that used over 5% of a core in it
  join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$1") <(echo "$2") |
    awk -v limit="$(($3 * $(getconf CLK_TCK) / 20))" '$3 - $2 > limit { n++ } END { print n + 0 }'
}

span_export() { # metrics URL: the spans a server's batch processor handed to its exporter so far and those it dropped, from the SDK's otel_sdk_processor_span_processed_total
  curl -sf "$1" | awk 'index($0, "otel_sdk_processor_span_processed_total{") == 1 { if (index($0, "error_type=")) dropped += $NF; else taken += $NF }
    END { printf "%d spans handed to the exporter, %d dropped\n", taken, dropped }'
}

log_export() { # metrics URL: the log records the OTLP exporter lost so far, by reason, from telemetry_dropped_total
  curl -sf "$1" | awk 'index($0, "telemetry_dropped_total{") == 1 && index($0, "signal=\"logs\"") && index($0, "reason=\"export_") {
      match($0, /reason="[a-z_]+"/); printf "%s%s %d", sep, substr($0, RSTART + 8, RLENGTH - 9), $NF; sep = ", " }
    END { print "" }'
}

us_per_request() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'; } # ticks, requests

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; } # of the numbers on stdin

measured_round() { # seconds first second: load_both, then sets round_requests[name] and round_us[name] (CPU per request of the server pid[name]) for both servers
  local name
  declare -A before
  declare -gA round_requests round_us
  for name in "$2" "$3"; do before[$name]=$(cpu_ticks "${pid[$name]}"); done
  load_both "$1" "$2" "$3"
  for name in "$2" "$3"; do
    round_requests[$name]=$(awk '/requests in/ { print $1 }' "$work/$name.wrk")
    round_us[$name]=$(us_per_request $(($(cpu_ticks "${pid[$name]}") - before[$name])) "${round_requests[$name]}")
  done
}

load_both() { # seconds first second: two servers (port[first], port[second]) loaded at the same time, each by its own wrk -t1 -c16; reports in $work/<name>.wrk
  local first=$2 second=$3
  wrk -t1 -c16 -d"$1s" "http://127.0.0.1:${port[$first]}/api/tokens" >"$work/$first.wrk" &
  local other=$!
  wrk -t1 -c16 -d"$1s" "http://127.0.0.1:${port[$second]}/api/tokens" >"$work/$second.wrk"
  wait "$other"
}
