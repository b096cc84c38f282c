#!/usr/bin/env bash
# Does zero-copy splice(2) pay for L4 forwarding here? CPU per GiB of a bulk download through each proxy:
#
#   bench/l4-splice.sh     (needs haproxy, nginx (nginx-light), curl, taskset, ss; builds aya.jar if needed)
#
# One nginx serves a file of BENCH_SIZE_MB MiB (sendfile on); through each proxy, pinned to CPU BENCH_PROXY_CPU
# (curl and nginx on BENCH_CLIENT_CPU), curl downloads it once to warm up, then BENCH_REPEATS times measured;
# the proxy's utime+stime (whole process, /proc/PID/stat) over the measured downloads is divided by the GiB moved.
#   aya           AYA's forwarder as shipped (`./aya serve`, `$FORWARD ... tcp:PORT`): epoll, a bulk transfer
#                 spliced after its first 256 KiB (docs/forwarding.md, "I/O")
#   aya-copy      the same with splice off (-Daya.forward.splice-after=-1): copies through pooled direct buffers
#   aya-nio       the NIO transport (-Daya.forward.transport=nio), copying
#   probe         bench/SpliceProbe.java: Netty epoll `spliceTo` both ways (socket -> pipe -> socket), nothing else
#   haproxy       HAProxy 2.6 `mode tcp`, copying (recv/send)
#   haproxy-splice  the same with `option splice-request` and `option splice-response`
# Prints one BULK line per proxy (medians) and one SPLICE line: what splice saves per GiB, for HAProxy, for AYA
# (aya against aya-copy) and for the probe (against aya-copy).
#
# Settings: BENCH_PORT [18180] BENCH_SIZE_MB [1024] BENCH_REPEATS [3] BENCH_PROXY_CPU [0] BENCH_CLIENT_CPU [1]
#           BENCH_PLAN ["aya aya-copy aya-nio probe haproxy haproxy-splice"] BENCH_BUILD [1] (0: use gslb-server/target/aya.jar)
#           AYA_JAVA_OPTS [-XX:+UseParallelGC -Xms512m -Xmx512m]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port=${BENCH_PORT:-18180}
size_mb=${BENCH_SIZE_MB:-1024}
repeats=${BENCH_REPEATS:-3}
proxy_cpu=${BENCH_PROXY_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
plan=${BENCH_PLAN:-"aya aya-copy aya-nio probe haproxy haproxy-splice"}
export AYA_JAVA_OPTS=${AYA_JAVA_OPTS:--XX:+UseParallelGC -Xms512m -Xmx512m}
tck=$(getconf CLK_TCK)
jar="$here/gslb-server/target/aya.jar"

die() { echo "l4-splice.sh: $*" >&2; exit 1; }
for tool in haproxy nginx curl taskset ss java; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

work=$(mktemp -d /tmp/aya-l4-splice.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ "${BENCH_BUILD:-1}" = 0 ] || (cd "$here" && ./mvnw -q -o -pl gslb-server -am package -DskipTests)

# the backend: one nginx with the file
mkdir -p "$work/nginx/www"
head -c "$((size_mb * 1024 * 1024))" /dev/urandom >"$work/nginx/www/big"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.21:$port; root $work/nginx/www; }
}
EOF
taskset -c "$client_cpu" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >"$work/nginx/out.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null -r 0-0 "http://127.0.0.21:$port/big" && break; sleep 0.1; done

listen_pid() { ss -ltnpH "src $1:$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_proxy() { # $1 name, $2 listen address; sets proxy_pid
  case "$1" in
    aya|aya-copy|aya-nio)
      local opts=""
      [ "$1" = aya-copy ] && opts="-Daya.forward.splice-after=-1"
      [ "$1" = aya-nio ] && opts="-Daya.forward.transport=nio"
      mkdir -p "$work/aya/zones"
      cat >"$work/aya/zones/bench.test.zone" <<EOF
\$ORIGIN bench.test.
@ 60 IN SOA ns1 hostmaster 1 7200 900 1209600 60
@ 60 IN NS ns1
ns1 60 IN A 127.0.0.1
\$REGION a 50 0
www 30 IN GSLB a 127.0.0.21
\$POLICY www geo
\$FORWARD www tcp:$port lb=round-robin
EOF
      echo '{}' >"$work/aya/config.json"
      AYA_JAVA_OPTS="$AYA_JAVA_OPTS $opts" taskset -c "$proxy_cpu" "$here/aya" serve --config "$work/aya/config.json" --zones "$work/aya/zones" \
        --dns 127.0.0.1:$((port + 1)) --admin 127.0.0.1:$((port + 2)) --cluster-port 0 \
        --state-dir "$work/aya/state" --node bench --geo "" --networks "" --event-loops 1 --region a \
        --forward-address "$2" >"$work/aya.log" 2>&1 &
      ;;
    probe)
      # shellcheck disable=SC2086
      taskset -c "$proxy_cpu" java $AYA_JAVA_OPTS -cp "$jar" "$here/bench/SpliceProbe.java" "$2" "$port" \
        127.0.0.21 "$port" >"$work/probe.log" 2>&1 &
      ;;
    haproxy|haproxy-splice)
      local splice=""
      [ "$1" = haproxy-splice ] && splice=$'  option splice-request\n  option splice-response'
      cat >"$work/$1.cfg" <<EOF
global
  nbthread 1
defaults
  mode tcp
  timeout connect 2s
  timeout client 5m
  timeout server 5m
$splice
frontend f
  bind $2:$port
  default_backend b
backend b
  server s1 127.0.0.21:$port
EOF
      taskset -c "$proxy_cpu" haproxy -f "$work/$1.cfg" -db >"$work/$1.log" 2>&1 &
      ;;
  esac
  pids+=($!)
  for _ in $(seq 300); do
    proxy_pid=$(listen_pid "$2")
    [ -n "$proxy_pid" ] && curl -s -o /dev/null -r 0-0 "http://$2:$port/big" && return 0
    sleep 0.2
  done
  die "$1 did not start"
}

results="$work/runs.txt"
n=0
for proxy in $plan; do
  n=$((n + 1))
  addr=127.0.0.$((50 + n))
  start_proxy "$proxy" "$addr"
  taskset -c "$client_cpu" curl -s -o /dev/null "http://$addr:$port/big" # warm-up
  for _ in $(seq "$repeats"); do
    before=$(cpu_ticks "$proxy_pid")
    out=$(taskset -c "$client_cpu" curl -s -o /dev/null -w '%{size_download} %{speed_download}' "http://$addr:$port/big")
    after=$(cpu_ticks "$proxy_pid")
    echo "$out" | awk -v p="$proxy" -v t=$((after - before)) -v tck="$tck" -v want=$((size_mb * 1024 * 1024)) '{
      gib = $1 / 1073741824
      printf "RUN proxy=%s bytes=%d complete=%s mib_per_s=%.0f cpu_ms_per_gib=%.0f\n",
             p, $1, ($1 == want ? "yes" : "NO"), $2 / 1048576, t / tck * 1000 / gib }' | tee -a "$results"
  done
  kill "$proxy_pid"
  while kill -0 "$proxy_pid" 2>/dev/null; do sleep 0.1; done
done

echo
echo "medians of $repeats downloads of $size_mb MiB, proxy on CPU $proxy_cpu:"
python3 - "$results" $plan <<'EOF'
import statistics, sys
runs = [dict(kv.split("=", 1) for kv in l.split()[1:]) for l in open(sys.argv[1]) if l.startswith("RUN ")]
med = {}
for p in sys.argv[2:]:
    rs = [r for r in runs if r["proxy"] == p]
    if rs:
        med[p] = statistics.median(float(r["cpu_ms_per_gib"]) for r in rs)
        print("BULK proxy=%s cpu_ms_per_gib=%.0f mib_per_s=%.0f complete=%s" % (
            p, med[p], statistics.median(float(r["mib_per_s"]) for r in rs),
            "yes" if all(r["complete"] == "yes" for r in rs) else "NO"))
def saving(copy, splice):
    if copy in med and splice in med:
        return "%s->%s %.0f%%" % (copy, splice, 100 * (1 - med[splice] / med[copy]))
    return None
print("SPLICE saves " + ", ".join(s for s in (saving("haproxy", "haproxy-splice"), saving("aya-copy", "aya"),
                                              saving("aya-copy", "probe")) if s))
EOF
