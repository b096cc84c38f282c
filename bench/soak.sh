#!/usr/bin/env bash
# Soak test: two AYA nodes in one cluster on loopback; dnsperf offers SOAK_RATE q/s (default 80% of a measured
# capacity: pass it) to node A for SOAK_MINUTES; in the middle, a zone reload and a drain/undrain on A and a
# restart of node B. Reports lost queries (dnsperf), node A's RSS and open file descriptors over time (every
# 10 s) and its GC pauses (-Xlog:gc), then one SUMMARY key=value line (bar: lost=0, RSS flat after warm-up).
#
#   bench/soak.sh                          30 minutes at 16000 q/s (80% of 20k q/s)
#   SOAK_MINUTES=2 SOAK_RATE=8000 bench/soak.sh   a short run
#
# Traffic goes to 127.0.0.1 only and stops by itself (dnsperf -l). Needs dnsperf and a built ./aya.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes=${SOAK_MINUTES:-30}
rate=${SOAK_RATE:-16000}
base=${SOAK_PORT:-25353}
work=$(mktemp -d /tmp/aya-soak.XXXXXX)
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
seconds=$((minutes * 60))
command -v dnsperf >/dev/null || { echo "soak: dnsperf is not installed" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_node() { # name dnsport adminport clusterport otherclusterport
  # the launcher's JVM options (AYA_HEAP, default here 1g) unless AYA_JAVA_OPTS replaces them; a GC log beside
  AYA_HEAP=${AYA_HEAP:-1g} JAVA_TOOL_OPTIONS="-Xlog:gc:file=$work/$1-gc.log" AYA_ADMIN_TOKEN=$token \
    "$here/aya" serve --zones "$here/zones" --dns "127.0.0.1:$2" --admin "127.0.0.1:$3" --cluster-port "$4" \
    --cluster-members "127.0.0.1:$5" --state-dir "$work/state-$1" --node "$1" >> "$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$3/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "soak: node $1 did not start (see $work/$1.log)" >&2; exit 1
}
api() { curl -s -o /dev/null -w "%{http_code}" -X "$1" -H "Authorization: Bearer $token" "http://127.0.0.1:$((base + 1))$2"; }

start_node a "$base" $((base + 1)) $((base + 2)) $((base + 12))
start_node b $((base + 10)) $((base + 11)) $((base + 12)) $((base + 2))
pid_a=$(ss -lunpH "sport = :$base" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
printf 'www.example.com A\nstatic.example.com A\nexample.com SOA\nnothere.example.com A\n' > "$work/queries.txt"

echo "soak: ${minutes} min at ${rate} q/s against node A (pid $pid_a); work dir $work" >&2
dnsperf -s 127.0.0.1 -p "$base" -d "$work/queries.txt" -l "$seconds" -Q "$rate" -c 1 -q 100 -T 1 -t 2 \
  > "$work/dnsperf.txt" 2>&1 &
perf=$!
echo "t_s rss_kib fds" > "$work/resources.txt"
half=$((seconds / 2))
for ((t = 0; t < seconds; t += 10)); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid_a/status")
  fds=$(ls "/proc/$pid_a/fd" | wc -l)
  echo "$t $rss $fds" >> "$work/resources.txt"
  if ((t == half)); then
    echo "soak: t=${t}s reload $(api POST /api/v1/zones/reload), drain $(api POST /api/v1/regions/*/drain)" >&2
    echo "soak: t=${t}s restarting node B" >&2
    kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
    start_node b $((base + 10)) $((base + 11)) $((base + 12)) $((base + 2))
    echo "soak: undrain $(api POST /api/v1/regions/*/undrain)" >&2
  fi
  sleep 10
done
wait "$perf" || true

sent=$(awk '/Queries sent:/ {print $3}' "$work/dnsperf.txt")
completed=$(awk '/Queries completed:/ {print $3}' "$work/dnsperf.txt")
lost=$(awk '/Queries lost:/ {print $3}' "$work/dnsperf.txt")
echo "== dnsperf (node A)"; grep -E "Queries sent|Queries completed|Queries lost|Average Latency|Latency StdDev" "$work/dnsperf.txt"
echo "== RSS (MiB) and open FDs of node A over time"
# one line per minute (every 6th sample of 10 s), then first / max / last
awk 'NR > 1 && (NR - 2) % 6 == 0 {printf "  t=%4d min  rss %6.1f MiB  fds %s\n", $1 / 60, $2 / 1024, $3}' "$work/resources.txt"
read -r rss_first rss_max rss_last fds_max < <(awk 'NR == 2 {f = $2} NR > 1 {if ($2 > m) m = $2; if ($3 > fm) fm = $3; l = $2}
     END {printf "%.1f %.1f %.1f %d\n", f / 1024, m / 1024, l / 1024, fm}' "$work/resources.txt")
echo "  first ${rss_first} MiB, max ${rss_max} MiB, last ${rss_last} MiB; max ${fds_max} open FDs"
echo "== GC pauses of node A"
gc=$(grep -oE 'Pause[^)]*\) [0-9.]+M->[0-9.]+M\([0-9.]+M\) [0-9.]+ms' "$work/a-gc.log" \
  | awk '{ms = $NF; sub("ms", "", ms); ms += 0; n++; s += ms; if (ms > m) m = ms; if (ms > 10) over++}
         END {printf "gc_pauses=%d gc_total_ms=%.0f gc_max_ms=%.1f gc_over_10ms=%d", n, s, m, over}')
echo "  $gc"
echo "SUMMARY minutes=$minutes rate=$rate sent=$sent completed=$completed lost=$lost rss_first_mib=$rss_first" \
  "rss_max_mib=$rss_max rss_last_mib=$rss_last fds_max=$fds_max $gc"
echo "(files: $work)"
