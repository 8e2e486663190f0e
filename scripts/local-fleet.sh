#!/usr/bin/env bash
# A fleet on one machine, on loopback only, with the shipped configs of deploy/fleet:
#   N `autotrader serve` replicas (offline snapshot replay; default 3) spread over SITES sites
#   (default 2), one Prometheus agent per site scraping its replicas from a targets file and
#   remote-writing to a central Prometheus, which evaluates the shipped rules and alerts two
#   Alertmanagers clustered with --cluster.peer, and a webhook that prints what they send.
# Usage: scripts/local-fleet.sh [N]. Ctrl-C stops them all. For demos and for measuring
# (docs/scaling.md). Ports can be moved with the variables below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPLICAS="${1:-3}"
SITES="${SITES:-2}"
API_BASE_PORT="${API_BASE_PORT:-8100}"            # replica i: API on API_BASE_PORT + i
METRICS_BASE_PORT="${METRICS_BASE_PORT:-9100}"    # replica i: metrics on METRICS_BASE_PORT + i
AGENT_BASE_PORT="${AGENT_BASE_PORT:-9200}"        # site s: agent on AGENT_BASE_PORT + s
CENTRAL_PORT="${CENTRAL_PORT:-9091}"
ALERTMANAGER_PORTS=("${ALERTMANAGER_PORT_1:-9093}" "${ALERTMANAGER_PORT_2:-9094}")
CLUSTER_PORTS=("${CLUSTER_PORT_1:-9393}" "${CLUSTER_PORT_2:-9394}")
WEBHOOK_PORT="${WEBHOOK_PORT:-5001}"
SCAN_INTERVAL_SECONDS="${SCAN_INTERVAL_SECONDS:-15}"

[[ "$REPLICAS" =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [N]  (1 to 99 replicas)" >&2; exit 2; }
[[ "$SITES" =~ ^[1-9]$ ]] || { echo "SITES must be 1 to 9" >&2; exit 2; }
for tool in prometheus prometheus-alertmanager /usr/bin/python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install prometheus prometheus-alertmanager python3 (and the .NET 10 SDK)" >&2; exit 1; }
done

WORK="$(mktemp -d -t autotrader-fleet.XXXXXX)"
PIDS=()
AGENT_PIDS=()
stop() {
  trap - INT TERM EXIT
  echo "stopping..."
  # The agents first, while the central Prometheus still takes the samples they flush on SIGTERM
  # (with it gone they would retry for a minute).
  for pid in "${AGENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${AGENT_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop INT TERM EXIT

# Copies of the shipped configs that follow the ports chosen here; rules and routes unchanged.
mkdir -p "$WORK/central" "$WORK/prometheus"
cp -r "$ROOT/deploy/prometheus/rules" "$WORK/prometheus/"
sed -e "s/\"127.0.0.1:9093\", \"127.0.0.1:9094\"/\"127.0.0.1:${ALERTMANAGER_PORTS[0]}\", \"127.0.0.1:${ALERTMANAGER_PORTS[1]}\"/" \
  "$ROOT/deploy/fleet/central.yml" > "$WORK/central/central.yml"
sed -e "s/127.0.0.1:5001/127.0.0.1:$WEBHOOK_PORT/" "$ROOT/deploy/alertmanager/alertmanager.yml" > "$WORK/alertmanager.yml"
printf 'scanner:\n  scan_interval_seconds: %s\n' "$SCAN_INTERVAL_SECONDS" > "$WORK/scanner.yaml"
for ((s = 1; s <= SITES; s++)); do
  site="site-$s"
  mkdir -p "$WORK/$site/targets"
  sed -e "s#http://127.0.0.1:9091/api/v1/write#http://127.0.0.1:$CENTRAL_PORT/api/v1/write#" "$ROOT/deploy/fleet/agent.yml" > "$WORK/$site/agent.yml"
  : > "$WORK/$site/targets/$site.yml"
done
for ((i = 1; i <= REPLICAS; i++)); do
  site="site-$(( (i - 1) % SITES + 1 ))"
  printf -- '- targets: ["127.0.0.1:%s"]\n  labels: { replica: replica-%s }\n' "$((METRICS_BASE_PORT + i))" "$i" >> "$WORK/$site/targets/$site.yml"
done
dotnet build "$ROOT/src/AutoTrader.Cli" -c Release -v quiet -nologo >/dev/null

# Every process runs in its own session (setsid), so that Ctrl-C reaches this script alone and
# stop() ends them in order.
setsid /usr/bin/python3 "$ROOT/scripts/alert-webhook.py" "$WEBHOOK_PORT" &
PIDS+=($!)

for a in 0 1; do
  setsid prometheus-alertmanager --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/alertmanager-$a" \
    --web.listen-address="127.0.0.1:${ALERTMANAGER_PORTS[$a]}" \
    --cluster.listen-address="127.0.0.1:${CLUSTER_PORTS[$a]}" --cluster.peer="127.0.0.1:${CLUSTER_PORTS[$((1 - a))]}" \
    >"$WORK/alertmanager-$a.log" 2>&1 &
  PIDS+=($!)
done

setsid prometheus --config.file="$WORK/central/central.yml" --storage.tsdb.path="$WORK/central-data" \
  --web.listen-address="127.0.0.1:$CENTRAL_PORT" --web.enable-remote-write-receiver >"$WORK/central.log" 2>&1 &
PIDS+=($!)

for ((i = 1; i <= REPLICAS; i++)); do
  # The replica's name is its service.instance.id and, through the targets file, its `instance`.
  (cd "$WORK" && OTEL_RESOURCE_ATTRIBUTES="service.instance.id=replica-$i" \
    exec setsid dotnet "$ROOT/src/AutoTrader.Cli/bin/Release/net10.0/autotrader.dll" serve --scanner-config "$WORK/scanner.yaml" \
    --address 127.0.0.1 --api-port "$((API_BASE_PORT + i))" --metrics-port "$((METRICS_BASE_PORT + i))") >"$WORK/replica-$i.log" 2>&1 &
  PIDS+=($!)
done

for ((s = 1; s <= SITES; s++)); do
  (cd "$WORK/site-$s" && SITE="site-$s" exec setsid prometheus --enable-feature=agent,expand-external-labels \
    --config.file=agent.yml --storage.agent.path=wal --web.listen-address="127.0.0.1:$((AGENT_BASE_PORT + s))") >"$WORK/agent-site-$s.log" 2>&1 &
  AGENT_PIDS+=($!)
done

cat <<TEXT
$REPLICAS replicas   API http://127.0.0.1:$((API_BASE_PORT + 1)) .. $((API_BASE_PORT + REPLICAS)), metrics http://127.0.0.1:$((METRICS_BASE_PORT + 1))/metrics .. $((METRICS_BASE_PORT + REPLICAS))
$SITES site agents   http://127.0.0.1:$((AGENT_BASE_PORT + 1)) .. $((AGENT_BASE_PORT + SITES))   (targets files: $WORK/site-*/targets/)
Central Prometheus   http://127.0.0.1:$CENTRAL_PORT   (fleet: autotrader:scan_requests:rate5m; per replica: autotrader_instance:scan_requests:rate5m)
Alertmanagers        http://127.0.0.1:${ALERTMANAGER_PORTS[0]}  http://127.0.0.1:${ALERTMANAGER_PORTS[1]}   (one cluster)
Alert webhook        http://127.0.0.1:$WEBHOOK_PORT   (alerts printed here)
Logs in $WORK (*.log). Ctrl-C stops everything.
TEXT
wait
