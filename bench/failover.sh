#!/usr/bin/env bash
# Failover time: how long from "a backend dies" to "AYA answers with another region".
# Starts AYA with a zone whose balanced name has two HTTP-checked regions (interval 1s, timeout 500ms,
# rise 2, fall 2), kills the nearest region's backend, and polls DNS every 20 ms until the answer moves.
# Repeats ROUNDS times and prints each figure and the median.
#   bash bench/failover.sh              backend process killed: connections are refused at once
#   FAILURE=hang bash bench/failover.sh backend frozen (SIGSTOP): connects, never replies, checks time out
# (needs dig: apt-get install dnsutils)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${ROUNDS:-7}"
FAILURE="${FAILURE:-kill}"
work="$(mktemp -d /tmp/aya-failover.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v dig >/dev/null || { echo "failover.sh: dig not found (apt-get install dnsutils)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DNS_PORT=$(free_port); ADMIN_PORT=$(free_port); CHECK_PORT=$(free_port); CLUSTER_PORT=$(free_port)

mkdir -p "$work/zones"
cat > "$work/zones/fo.test.zone" <<ZONE
\$ORIGIN fo.test.
\$TTL 60
@ IN SOA ns1 hostmaster 1 7200 900 1209600 60
@ IN NS ns1
ns1 IN A 127.0.0.1
\$REGION eu-west 53.35 -6.26
\$REGION us-east 39.04 -77.49
\$CHECK web http port=$CHECK_PORT path=/ expect=200 interval=1s timeout=500ms rise=2 fall=2
www 30 IN GSLB eu-west 127.0.0.2 check=web
www 30 IN GSLB us-east 127.0.0.3 check=web
\$POLICY www geo fallback=none
ZONE
echo "127.0.0.0/8 lat=51.51 lon=-0.13 country=GB" > "$work/networks.txt"

backend() { # host -> pid
  python3 -m http.server "$CHECK_PORT" --bind "$1" --directory "$work" >/dev/null 2>&1 &
  echo $!
}
answer() { dig +short +tries=1 +time=1 @127.0.0.1 -p "$DNS_PORT" www.fo.test A 2>/dev/null | head -1; }
now_ms() { date +%s%3N; }

us=$(backend 127.0.0.3); pids+=("$us")
eu=$(backend 127.0.0.2); pids+=("$eu")
"$root/aya" serve --zones "$work/zones" --networks "$work/networks.txt" --geo "" \
  --dns "127.0.0.1:$DNS_PORT" --admin "127.0.0.1:$ADMIN_PORT" --cluster-port "$CLUSTER_PORT" \
  --state-dir "$work/state" --node failover > "$work/aya.log" 2>&1 &
pids+=("$!")

for _ in $(seq 1 300); do [ "$(answer)" = "127.0.0.2" ] && break; sleep 0.1; done
[ "$(answer)" = "127.0.0.2" ] || { echo "AYA did not start answering 127.0.0.2:"; tail -20 "$work/aya.log"; exit 1; }

results=()
for round in $(seq 1 "$ROUNDS"); do
  # let a few checks pass so the kill lands at a random point of the check cycle
  sleep "1.$((RANDOM % 10))"
  t0=$(now_ms)
  if [ "$FAILURE" = hang ]; then kill -STOP "$eu"; else kill "$eu"; wait "$eu" 2>/dev/null || true; fi
  while [ "$(answer)" != "127.0.0.3" ]; do
    sleep 0.02
    if (( $(now_ms) - t0 > 15000 )); then echo "round $round: no failover within 15 s"; exit 1; fi
  done
  ms=$(( $(now_ms) - t0 ))
  results+=("$ms")
  echo "round $round: failover in $ms ms"
  if [ "$FAILURE" = hang ]; then kill -9 "$eu" 2>/dev/null; wait "$eu" 2>/dev/null || true; fi
  eu=$(backend 127.0.0.2); pids+=("$eu")
  for _ in $(seq 1 200); do [ "$(answer)" = "127.0.0.2" ] && break; sleep 0.05; done
  # a round that starts while the answer is still 127.0.0.3 would measure nothing
  [ "$(answer)" = "127.0.0.2" ] || { echo "round $round: answers did not come back to 127.0.0.2 within 10 s"; tail -20 "$work/aya.log"; exit 1; }
done

sorted=($(printf '%s\n' "${results[@]}" | sort -n))
median=${sorted[$(( ${#sorted[@]} / 2 ))]}
echo "failover ($FAILURE, interval 1s, timeout 500ms, fall 2): median ${median} ms, min ${sorted[0]} ms, max ${sorted[-1]} ms over ${#sorted[@]} rounds"
