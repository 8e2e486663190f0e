#!/usr/bin/env bash
# The screenshots of the guide's walkthrough "From a spike to the trace to the logs", taken anew:
#   scripts/walkthrough/screenshots.sh [OUT_DIR]        (default: docs/images/walkthrough)
# Runs, on free loopback ports: autotrader serve (offline, every trace kept, traces and logs over
# OTLP to the Aspire Dashboard), Prometheus with exemplar storage scraping it, and a few scans.
# Then it takes the exemplar of the slowest POST /api/scan request from Prometheus and photographs,
# with Debian's chromium (headless, driven by playwright-core from npm): the API latency graph with
# its exemplars, the exemplar's trace in the dashboard, that trace's structured logs, and one of
# them opened.
# Needs: the .NET 10 SDK, Debian's prometheus and chromium, node and npm, and the Aspire Dashboard
# (restored by `dotnet restore tests/AutoTrader.Observability.Tests`); exit code 3 when one is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/docs/images/walkthrough}")"
ASPIRE_DASHBOARD="${ASPIRE_DASHBOARD:-$HOME/.nuget/packages/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard}"

for tool in prometheus chromium node npm dotnet curl jq; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install prometheus chromium nodejs curl jq (and the .NET 10 SDK)" >&2; exit 3; }
done
[[ -x "$ASPIRE_DASHBOARD" ]] || { echo "Aspire Dashboard not found at $ASPIRE_DASHBOARD: run 'dotnet restore tests/AutoTrader.Observability.Tests'" >&2; exit 3; }

WORK="$(mktemp -d -t autotrader-walkthrough.XXXXXX)"
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # URL WHAT LOG
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$2 did not answer on $1; its log:" >&2; tail -30 "$3" >&2; exit 1
}

ui=$(free_port) grpc=$(free_port) otlp_http=$(free_port) api=$(free_port) metrics=$(free_port) prom=$(free_port)

(cd "$ROOT/scripts/walkthrough" && npm ci --silent --no-audit --no-fund >/dev/null)
dotnet build "$ROOT/src/AutoTrader.Cli" -c Release -v quiet -nologo >/dev/null

ASPNETCORE_URLS="http://127.0.0.1:$ui" \
ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$grpc" \
ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$otlp_http" \
ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  "$ASPIRE_DASHBOARD" >"$WORK/aspire.log" 2>&1 &
PIDS+=($!)

cat > "$WORK/observability.yaml" <<YAML
observability:
  logging:
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc" }
  metrics:
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc", interval_seconds: 1 }
  tracing:
    sampling: { strategy: always_on }
    exporters:
      otlp: { enabled: true, endpoint: "http://127.0.0.1:$grpc" }
  performance:
    span_export_delay_seconds: 0.5
    log_export_delay_seconds: 0.5
YAML
dotnet "$ROOT/src/AutoTrader.Cli/bin/Release/net10.0/autotrader.dll" serve --config "$WORK/observability.yaml" \
  --api-port "$api" --metrics-port "$metrics" >"$WORK/serve.log" 2>&1 &
PIDS+=($!)

cat > "$WORK/prometheus.yml" <<YAML
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: autotrader
    static_configs: [{ targets: ["127.0.0.1:$metrics"] }]
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$prom" --enable-feature=exemplar-storage >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

wait_for "http://127.0.0.1:$ui/" "the Aspire Dashboard" "$WORK/aspire.log"
wait_for "http://127.0.0.1:$api/health" "autotrader serve" "$WORK/serve.log"
wait_for "http://127.0.0.1:$prom/-/ready" "Prometheus" "$WORK/prometheus.log"

# Twenty seconds of scan requests, so that the latency graph has a curve and its buckets exemplars.
for _ in $(seq 1 20); do
  for token in ADA BTC SOL MOON GEMX; do curl -fs -o /dev/null -X POST "http://127.0.0.1:$api/api/scan/$token"; done
  sleep 1
done

# The slowest scan request that left an exemplar: where a latency spike leads.
now=$(date +%s)
trace=$(curl -fsG "http://127.0.0.1:$prom/api/v1/query_exemplars" --data-urlencode 'query=api_request_duration_seconds_bucket{endpoint="/api/scan/{symbol}"}' \
  --data-urlencode "start=$((now - 120))" --data-urlencode "end=$now" |
  jq -r '[.data[].exemplars[]] | max_by(.value | tonumber) | .labels.trace_id // empty')
[[ -n "$trace" ]] || { echo "Prometheus holds no exemplar of api_request_duration_seconds_bucket; /metrics said:" >&2; curl -s -H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$metrics/metrics" | grep -m5 'api_request_duration_seconds_bucket' >&2; exit 1; }

mkdir -p "$OUT"
(cd "$ROOT/scripts/walkthrough" && node shoot.mjs "$OUT" \
  "1-latency=@=http://127.0.0.1:$ui/metrics/resource/autotrader?meter=AutoTrader&instrument=api_request_duration_seconds&duration=1=@=Exemplars" \
  "2-trace=@=http://127.0.0.1:$ui/traces/detail/$trace=@=llm.narrate" \
  "3-logs=@=http://127.0.0.1:$ui/structuredlogs?traceId=$trace=@=scan_completed" \
  "4-log-record=@=http://127.0.0.1:$ui/structuredlogs?traceId=$trace=@=scan_completed=@=scan_completed")
echo "trace_id=$trace"
