#!/usr/bin/env bash
# Local monitoring stack without Docker, on loopback only:
#   autotrader serve (offline snapshot replay), Prometheus (Debian package, on 9091 because the
#   service's metrics port is 9090), Alertmanager, a webhook that prints alerts, and the Aspire
#   Dashboard (NuGet, restored by `dotnet restore` of the tests) as the OTLP backend.
# Ctrl-C stops them all. Ports can be moved with the variables below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_PORT="${API_PORT:-8000}"
METRICS_PORT="${METRICS_PORT:-9090}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9091}"
ALERTMANAGER_PORT="${ALERTMANAGER_PORT:-9093}"
WEBHOOK_PORT="${WEBHOOK_PORT:-5001}"
DASHBOARD_PORT="${DASHBOARD_PORT:-18888}"
OTLP_GRPC_PORT="${OTLP_GRPC_PORT:-4317}"
OTLP_HTTP_PORT="${OTLP_HTTP_PORT:-4318}"
ASPIRE_DASHBOARD="${ASPIRE_DASHBOARD:-$HOME/.nuget/packages/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard}"

for tool in prometheus prometheus-alertmanager /usr/bin/python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install prometheus prometheus-alertmanager python3 (and the .NET 10 SDK)" >&2; exit 1; }
done
[[ -x "$ASPIRE_DASHBOARD" ]] || { echo "Aspire Dashboard not found at $ASPIRE_DASHBOARD: run 'dotnet restore tests/AutoTrader.Observability.Tests'" >&2; exit 1; }

WORK="$(mktemp -d -t autotrader-stack.XXXXXX)"
PIDS=()
stop() {
  trap - INT TERM EXIT
  echo "stopping..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop INT TERM EXIT

# The shipped configs name the default ports; copies follow the ports chosen here.
mkdir -p "$WORK/prometheus"
cp -r "$ROOT/deploy/prometheus/rules" "$WORK/prometheus/"
sed -e "s/127.0.0.1:9090/127.0.0.1:$METRICS_PORT/; s/127.0.0.1:9093/127.0.0.1:$ALERTMANAGER_PORT/" \
  "$ROOT/deploy/prometheus/prometheus.yml" > "$WORK/prometheus/prometheus.yml"
sed -e "s/127.0.0.1:5001/127.0.0.1:$WEBHOOK_PORT/" "$ROOT/deploy/alertmanager/alertmanager.yml" > "$WORK/alertmanager.yml"
dotnet build "$ROOT/src/AutoTrader.Cli" -c Release -v quiet -nologo >/dev/null

ASPNETCORE_URLS="http://127.0.0.1:$DASHBOARD_PORT" \
ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$OTLP_GRPC_PORT" \
ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$OTLP_HTTP_PORT" \
ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  "$ASPIRE_DASHBOARD" >"$WORK/aspire.log" 2>&1 &
PIDS+=($!)

/usr/bin/python3 "$ROOT/scripts/alert-webhook.py" "$WEBHOOK_PORT" &
PIDS+=($!)

prometheus-alertmanager --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/alertmanager-data" \
  --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address="" >"$WORK/alertmanager.log" 2>&1 &
PIDS+=($!)

prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --enable-feature=exemplar-storage >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

# The standard variables alone send traces, logs and metrics to the dashboard, every trace kept.
(cd "$ROOT" && OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$OTLP_GRPC_PORT" OTEL_TRACES_SAMPLER=always_on \
  exec dotnet "$ROOT/src/AutoTrader.Cli/bin/Release/net10.0/autotrader.dll" serve \
  --address 127.0.0.1 --api-port "$API_PORT" --metrics-port "$METRICS_PORT") >"$WORK/autotrader.log" 2>&1 &
PIDS+=($!)

cat <<TEXT
AutoTrader API       http://127.0.0.1:$API_PORT   (POST /api/scan/BTC)
AutoTrader metrics   http://127.0.0.1:$METRICS_PORT/metrics
Prometheus           http://127.0.0.1:$PROMETHEUS_PORT   (alerts: /alerts; exemplars: /api/v1/query_exemplars?query=api_request_duration_seconds_bucket)
Alertmanager         http://127.0.0.1:$ALERTMANAGER_PORT
Alert webhook        http://127.0.0.1:$WEBHOOK_PORT   (alerts printed here)
Aspire Dashboard     http://127.0.0.1:$DASHBOARD_PORT   (traces, structured logs, metrics; OTLP gRPC on $OTLP_GRPC_PORT)
Logs in $WORK (*.log). Ctrl-C stops everything.
TEXT
wait
