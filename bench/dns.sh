#!/usr/bin/env bash
# DNS benchmark: AYA against Knot (static answers), gdnsd's geoip plugin (balanced answers with ECS) and
# PowerDNS with online DNSSEC signing (signed balanced answers with ECS), in one run, on this machine, with
# the same zone and the same GeoIP2 City database.
#
#   bench/setup.sh && bench/dns.sh
#
# What it measures (see docs/benchmarks.md for why): for each server and query mix,
#   1. a warm-up at the offered rate (the JVM needs it; the C servers get the same treatment),
#   2. BENCH_REPEATS runs of BENCH_DURATION seconds at a fixed offered rate (dnsperf -Q BENCH_RATE),
#   3. one unthrottled run (dnsperf without -Q, same client settings),
# and for each run: completed QPS, lost queries, average and max latency (from dnsperf), and the server's
# CPU time per answered query: utime+stime from /proc/PID/stat of the process that holds the UDP port
# (all of its threads), read just before and just after the run, divided by the completed queries.
# The server runs on CPU BENCH_SERVER_CPU and dnsperf on CPU BENCH_CLIENT_CPU (taskset).
#
# Query mixes:
#   static  "static.example.com A", no ECS                        AYA vs Knot
#   ecs     "www.example.com A" with ECS BENCH_ECS on every query  AYA (geo policy) vs gdnsd (geoip plugin)
#   signed  the ecs mix with the DO bit set (dnsperf -D)          AYA signed ($DNSSEC zone, server "ayasigned")
#           vs AYA unsigned (the same zone without $DNSSEC, server "aya") vs PowerDNS 4.7 (bind backend, LUA
#           view() record choosing by client subnet, zone signed with `pdnsutil secure-zone`, server "pdns").
#           Bar: ayasigned <= 1.5x aya CPU per query, and below pdns.
#   floor:static  bench/NettyUdpFloor.java: the JVM and Netty's epoll transport as AYA sets them up, answering
#           every query with one fixed record and doing nothing else (not in the default plan): what a Java
#           server on this transport pays before any DNS work, so AYA's cost above it is AYA's own.
#   jfloor:static  bench/JdkUdpFloor.java: the same with the JDK's blocking DatagramChannel on one thread
#           (recvfrom and sendto per query, no epoll, no batching): the cheapest a JVM gets per packet.
# The balanced name has three single-address regions and no health checks on either side
# (AYA: pools without check=; gdnsd: service_types => up). Before measuring, every server is asked once
# with kdig and must give the expected answer (for ecs: the nearest region's address, so a /24 that is
# missing from the database fails the run instead of measuring a fallback path).
#
# Settings (environment, defaults in brackets):
#   BENCH_PLAN          server:mix pairs to run, in order
#                       ["knot:static gdnsd:ecs aya:static aya:ecs aya:signed ayasigned:signed pdns:signed"]
#   BENCH_RATE          offered rate of the fixed-rate runs, q/s   [40000]
#   BENCH_WARMUP        warm-up seconds per server and mix         [25]
#   BENCH_DURATION      seconds per fixed-rate run                 [20]
#   BENCH_REPEATS       fixed-rate runs per server and mix         [3]   (the median is reported)
#   BENCH_UNTHROTTLED   seconds of the unthrottled run, 0 = skip   [15]
#   BENCH_SERVER_CPU / BENCH_CLIENT_CPU                            [0 / 1]
#   BENCH_GEO_DB        GeoIP2-City-schema .mmdb used by AYA and gdnsd  [geo-data/sample-city.mmdb]
#   BENCH_ECS           client subnet sent in the ecs mix          [175.16.199.0/24]  (Changchun, CN)
#   BENCH_ECS_EXPECT    address both servers must answer for it    [203.0.113.10]     (region ap-northeast)
#   BENCH_PORT          first of eight loopback ports used         [15353]
#   BENCH_RESULTS       file the machine-readable lines are appended to  [bench/results/dns.txt]
#   AYA_JAVA_OPTS       JVM options for AYA        [-XX:+UseParallelGC -Xms1g -Xmx1g -XX:+AlwaysPreTouch]
#   AYA_EXTRA_ARGS      extra arguments for `aya serve`            []
#   BENCH_AYA_LAUNCH    serve = `./aya serve`; engine = bench/AyaDnsServer.java (zones, geo, policy, DNS
#                       engine only, no admin/health/cluster); auto = serve when the CLI has it  [auto]
#   BENCH_JFR_DIR       when set, AYA's fixed-rate runs are recorded with JFR (jcmd JFR.start after the
#                       warm-up, JFR.stop after the last fixed-rate run) into this directory, and the
#                       hottest top-of-stack frames are printed (costs a few % of CPU: not for the figures)
#
# Output: a table on stdout, and lines `RUN ...`, `SUMMARY ...`, `RATIO ...` (key=value) on stdout and
# appended to BENCH_RESULTS. Exit status: 0 when every planned measurement ran, 1 when setup failed
# (missing tool or database, port busy, server did not start or answered wrongly).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

plan=${BENCH_PLAN:-"knot:static gdnsd:ecs aya:static aya:ecs aya:signed ayasigned:signed pdns:signed"}
rate=${BENCH_RATE:-40000}
warmup=${BENCH_WARMUP:-25}
duration=${BENCH_DURATION:-20}
repeats=${BENCH_REPEATS:-3}
unthrottled=${BENCH_UNTHROTTLED:-15}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
geo_db=${BENCH_GEO_DB:-$here/geo-data/sample-city.mmdb}
ecs=${BENCH_ECS:-175.16.199.0/24}
ecs_expect=${BENCH_ECS_EXPECT:-203.0.113.10}
port_base=${BENCH_PORT:-15353}
results=${BENCH_RESULTS:-$here/bench/results/dns.txt}
export AYA_JAVA_OPTS=${AYA_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -XX:+AlwaysPreTouch}
aya_extra=${AYA_EXTRA_ARGS:-}
jfr_dir=${BENCH_JFR_DIR:-}
aya_launch=${BENCH_AYA_LAUNCH:-auto}

dnsperf_client=(-c 1 -q 100 -T 1 -t 2)
static_name=static.example.com
static_addr=192.0.2.1
balanced_name=www.example.com
declare -A port=([knot]=$port_base [gdnsd]=$((port_base + 1)) [aya]=$((port_base + 2)) [ayasigned]=$((port_base + 4))
  [pdns]=$((port_base + 6)) [floor]=$((port_base + 7)) [jfloor]=$((port_base + 8)))
declare -A admin_port=([aya]=$((port_base + 3)) [ayasigned]=$((port_base + 5)))
# Regions of the balanced name: name, latitude, longitude, address. The same for AYA and gdnsd.
regions=(
  "us-east 39.04 -77.49 192.0.2.10"
  "eu-west 53.35 -6.26 198.51.100.10"
  "ap-northeast 35.68 139.69 203.0.113.10"
)

log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# Preconditions
for tool in dnsperf kdig taskset ss awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run bench/setup.sh)"
done
servers=()
for item in $plan; do
  s=${item%%:*}; m=${item#*:}
  case "$s" in knot|gdnsd|aya|ayasigned|pdns|floor|jfloor) ;;
    *) die "BENCH_PLAN: unknown server '$s' in '$item' (expected: knot, gdnsd, aya, ayasigned, pdns, floor, jfloor)";; esac
  case "$m" in static|ecs|signed) ;; *) die "BENCH_PLAN: unknown mix '$m' in '$item' (expected: static, ecs, signed)";; esac
  [ "${s%floor}" != "$s" ] && [ "$m" != static ] && die "BENCH_PLAN: $s:$m is not a meaningful pair (the floor answers static only)"
  [ "$s:$m" = knot:ecs ] && die "BENCH_PLAN: knot:ecs is not a meaningful pair (Knot has no geo answers)"
  case "$s:$m" in knot:signed|gdnsd:signed) die "BENCH_PLAN: $s:$m is not a meaningful pair (no online signing)";; esac
  [[ " ${servers[*]:-} " == *" $s "* ]] || servers+=("$s")
done
for s in "${servers[@]}"; do
  case "$s" in
    knot) command -v knotd >/dev/null 2>&1 || die "knotd not found (run bench/setup.sh)";;
    gdnsd) command -v gdnsd >/dev/null 2>&1 || die "gdnsd not found (run bench/setup.sh)";;
    aya|ayasigned|floor|jfloor) command -v java >/dev/null 2>&1 || die "java not found";;
    pdns) command -v pdns_server >/dev/null 2>&1 && command -v pdnsutil >/dev/null 2>&1 \
            || die "pdns_server/pdnsutil not found (packages pdns-server, pdns-backend-bind, pdns-backend-lua2)";;
  esac
done
if [[ " ${servers[*]} " == *" gdnsd "* || " ${servers[*]} " == *" aya"* ]]; then
  [ -f "$geo_db" ] || die "geo database $geo_db not found (set BENCH_GEO_DB)"
  geo_db=$(cd "$(dirname "$geo_db")" && pwd)/$(basename "$geo_db")
fi
for n in rate warmup duration repeats unthrottled; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "BENCH_${n^^}: '${!n}' (expected: a whole number)"
done
[ "$repeats" -ge 1 ] || die "BENCH_REPEATS: $repeats (expected: 1..)"
[ "$duration" -ge 1 ] || die "BENCH_DURATION: $duration (expected: 1..)"

# ECS option for dnsperf -E 8:<hex>: family 1, source prefix, scope 0, the prefix's address bytes (RFC 7871 §6).
ecs_hex() {
  local addr=${1%/*} len=${1#*/} a b c d
  [[ $addr =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$ && $len =~ ^[0-9]+$ && $len -le 32 ]] \
    || die "BENCH_ECS: '$1' (expected: an IPv4 prefix such as 175.16.199.0/24)"
  IFS=. read -r a b c d <<<"$addr"
  local bytes=($a $b $c $d) hex i n=$(( (len + 7) / 8 ))
  hex=$(printf '0001%02x00' "$len")
  for ((i = 0; i < n; i++)); do hex+=$(printf '%02x' "${bytes[$i]}"); done
  printf '%s' "$hex"
}
ecs_option="8:$(ecs_hex "$ecs")"

clk_tck=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/aya-bench.XXXXXX)
mkdir -p "$(dirname "$results")"
server_pid=""

stop_server() {
  local pid=$server_pid
  server_pid=""
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_server
  if [ "$rc" -ne 0 ] && [ -d "$work" ]; then
    log "server logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------
# Zones and configurations: one zone, example.com, rendered for each server.
zone_head() {
  cat <<EOF
\$ORIGIN example.com.
\$TTL 300
@       IN SOA  ns1 hostmaster 2026112501 7200 900 1209600 60
@       IN NS   ns1
ns1     IN A    198.51.100.53
static  IN A    $static_addr
EOF
}

write_knot() {
  local d=$work/knot
  mkdir -p "$d/db"
  { zone_head; printf 'www     30 IN A %s\n' "$ecs_expect"; } >"$d/db/example.com.zone"
  cat >"$d/knot.conf" <<EOF
server:
    rundir: "$d/db"
    listen: 127.0.0.1@${port[knot]}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "$d/db"
template:
  - id: default
    storage: "$d/db"
    file: "%s.zone"
    journal-content: none
    zonefile-sync: -1
zone:
  - domain: example.com
EOF
}

write_gdnsd() {
  local d=$work/gdnsd r coords="" dcmap="" names=""
  mkdir -p "$d/zones" "$d/run" "$d/state"
  for r in "${regions[@]}"; do
    set -- $r
    names+="$1, "; coords+="$1 => [ $2, $3 ], "; dcmap+="$1 => $4, "
  done
  { zone_head; printf 'www     30 DYNA geoip!www\n'; } >"$d/zones/example.com"
  cat >"$d/config" <<EOF
options => {
  listen => [ 127.0.0.1 ]
  dns_port => ${port[gdnsd]}
  udp_threads => 1
  tcp_threads => 1
  run_dir => $d/run
  state_dir => $d/state
}
plugins => {
  geoip => {
    maps => {
      bench => {
        geoip2_db => $geo_db
        datacenters => [ ${names%, } ]
        auto_dc_coords => { ${coords%, } }
      }
    }
    resources => {
      www => {
        map => bench
        service_types => up
        dcmap => { ${dcmap%, } }
      }
    }
  }
}
EOF
}

write_aya() { # $1 = aya or ayasigned (the same zone with $DNSSEC)
  local d=$work/$1 r
  mkdir -p "$d/zones" "$d/state"
  {
    if [ "$1" = ayasigned ]; then printf '$DNSSEC algorithm=13\n'; fi
    zone_head
    for r in "${regions[@]}"; do set -- $r; printf '$REGION %s %s %s\n' "$1" "$2" "$3"; done
    for r in "${regions[@]}"; do set -- $r; printf 'www     30 IN GSLB %s %s\n' "$1" "$4"; done
    printf '$POLICY www geo answers=1\n'
  } >"$d/zones/example.com.zone"
}

# PowerDNS: bind backend, the balanced name as a LUA view() record choosing by client subnet (ECS), the zone
# signed online (pdnsutil secure-zone: one ECDSA P-256 key, as AYA's default). LUA answers are never
# packet-cached; their signatures are kept in PowerDNS's signature cache.
write_pdns() {
  local d=$work/pdns q="'"
  mkdir -p "$d"
  {
    zone_head
    printf 'www     30 IN LUA A "view({{{%s%s%s}, {%s%s%s}}, {{%s0.0.0.0/0%s}, {%s%s%s}}})"\n' \
      "$q" "$ecs" "$q" "$q" "$ecs_expect" "$q" "$q" "$q" "$q" "$(set -- ${regions[0]}; echo "$4")" "$q"
  } >"$d/example.com.zone"
  printf 'zone "example.com" { type master; file "%s/example.com.zone"; };\n' "$d" >"$d/named.conf"
  cat >"$d/pdns.conf" <<EOF
launch=bind
bind-config=$d/named.conf
bind-dnssec-db=$d/bind-dnssec.db
local-address=127.0.0.1
local-port=${port[pdns]}
enable-lua-records=shared
edns-subnet-processing=yes
socket-dir=$d
daemon=no
guardian=no
disable-syslog=yes
loglevel=3
distributor-threads=1
receiver-threads=1
webserver=no
EOF
  pdnsutil --config-dir="$d" create-bind-db "$d/bind-dnssec.db" >"$work/pdns-setup.log" 2>&1 \
    && pdnsutil --config-dir="$d" secure-zone example.com >>"$work/pdns-setup.log" 2>&1 \
    || { cat "$work/pdns-setup.log" >&2; die "pdns: pdnsutil could not sign the zone"; }
}

# ---------------------------------------------------------------------------------------------------------
# Starting, checking and measuring a server.
udp_port_pid() { # PID of the process that holds UDP 127.0.0.1:$1
  ss -H -lunp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

cpu_ticks() { # utime+stime of every thread of process $1, in clock ticks
  local s
  s=$(<"/proc/$1/stat") || die "process $1 is gone"
  s=${s##*) }
  set -- $s
  echo $(( ${12} + ${13} ))
}

start_server() { # $1 = server; sets server_pid, listen_pid
  local s=$1 p=${port[$1]} deadline
  if ss -H -lun "sport = :$p" | grep -q .; then die "UDP port $p is already in use (set BENCH_PORT)"; fi
  case "$s" in
    knot)
      write_knot
      taskset -c "$server_cpu" knotd -c "$work/knot/knot.conf" >"$work/knot.log" 2>&1 &
      ;;
    gdnsd)
      write_gdnsd
      taskset -c "$server_cpu" gdnsd -c "$work/gdnsd" start >"$work/gdnsd.log" 2>&1 &
      ;;
    pdns)
      write_pdns
      taskset -c "$server_cpu" pdns_server --config-dir="$work/pdns" >"$work/pdns.log" 2>&1 &
      ;;
    floor|jfloor)
      "$here/aya" --help >"$work/aya-build.log" 2>&1 || true
      [ -f "$here/gslb-server/target/aya.jar" ] || { cat "$work/aya-build.log" >&2; die "$s: build failed"; }
      local source=NettyUdpFloor.java
      [ "$s" = jfloor ] && source=JdkUdpFloor.java
      # shellcheck disable=SC2086
      taskset -c "$server_cpu" java $AYA_JAVA_OPTS -Dio.netty.leakDetection.level=disabled \
        -cp "$here/gslb-server/target/aya.jar" "$here/bench/$source" "127.0.0.1:$p" >"$work/$s.log" 2>&1 &
      ;;
    aya|ayasigned)
      local aya_admin_port=${admin_port[$s]}
      if ss -H -ltn "sport = :$aya_admin_port" | grep -q .; then die "TCP port $aya_admin_port is already in use"; fi
      write_aya "$s"
      # Build (if needed) outside the measured CPU and before the start-up clock runs.
      log "aya: making sure the jar is built"
      "$here/aya" --help >"$work/aya-build.log" 2>&1 || true
      [ -f "$here/gslb-server/target/aya.jar" ] || { cat "$work/aya-build.log" >&2; die "aya: build failed"; }
      if [ "$aya_launch" = auto ]; then
        if "$here/aya" serve --help >/dev/null 2>&1; then aya_launch=serve; else aya_launch=engine; fi
      fi
      log "aya: launching with '$aya_launch'"
      if [ "$aya_launch" = serve ]; then
        # shellcheck disable=SC2086
        taskset -c "$server_cpu" "$here/aya" serve --zones "$work/$s/zones" --geo "$geo_db" \
          --state-dir "$work/$s/state" \
          --dns "127.0.0.1:$p" --admin "127.0.0.1:$aya_admin_port" $aya_extra >"$work/$s.log" 2>&1 &
      elif [ "$aya_launch" = engine ]; then
        # shellcheck disable=SC2086
        taskset -c "$server_cpu" java $AYA_JAVA_OPTS -cp "$here/gslb-server/target/aya.jar" \
          "$here/bench/AyaDnsServer.java" --zones "$work/$s/zones" --geo "$geo_db" \
          --state-dir "$work/$s/state" --dns "127.0.0.1:$p" >"$work/$s.log" 2>&1 &
      else
        die "BENCH_AYA_LAUNCH: '$aya_launch' (expected: auto, serve, engine)"
      fi
      ;;
  esac
  server_pid=$!
  deadline=$((SECONDS + 90))
  until answer=$(kdig @127.0.0.1 -p "$p" +short +time=1 +retry=0 "$static_name" A 2>/dev/null) \
        && [ -n "$answer" ]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -20 "$work/$s.log" >&2; die "$s exited during start-up (log above)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -20 "$work/$s.log" >&2; die "$s did not answer within 90 s"; }
    sleep 0.5
  done
  listen_pid=$(udp_port_pid "$p")
  [ -n "$listen_pid" ] || die "$s: no process found holding UDP port $p"
  log "$s: serving on 127.0.0.1:$p (launched pid $server_pid, UDP port held by pid $listen_pid: $(tr -d '\0' </proc/$listen_pid/comm))"
}

check_answer() { # $1 = server, $2 = mix
  local s=$1 m=$2 p=${port[$1]} got want
  if [ "$m" = static ]; then
    got=$(kdig @127.0.0.1 -p "$p" +short +time=2 +retry=1 "$static_name" A 2>&1 || true); want=$static_addr
  elif [ "$m" = signed ]; then
    # the A and, from a signed server, its RRSIG: kdig +short prints the RRSIG as "A 13 3 30 ..."
    got=$(kdig @127.0.0.1 -p "$p" +short +dnssec +time=2 +retry=1 "+subnet=$ecs" "$balanced_name" A 2>&1 || true)
    want=$ecs_expect
    if [ "$s" != aya ]; then
      grep -q '^A 13 3 ' <<<"$got" || die "$s $m: no RRSIG over the A record in '$got'"
    fi
    got=$(grep -m1 -E '^[0-9.]+$' <<<"$got" || true)
  else
    got=$(kdig @127.0.0.1 -p "$p" +short +time=2 +retry=1 "+subnet=$ecs" "$balanced_name" A 2>&1 || true)
    want=$ecs_expect
  fi
  [ "$got" = "$want" ] || die "$s $m: answer '$got' (expected: '$want'; for ecs check that $ecs is in $geo_db)"
  log "$s $m: answers $got as expected"
}

# dnsperf's summary as key=value: sent completed lost qps lat_avg_us lat_max_us noerror runtime
parse_dnsperf() {
  awk '
    /Queries sent:/      { sent = $3 }
    /Queries completed:/ { completed = $3 }
    /Queries lost:/      { lost = $3 }
    /Response codes:/    { for (i = 3; i <= NF; i++) if ($i == "NOERROR") noerror = $(i + 1) }
    /Run time \(s\):/    { runtime = $4 }
    /Queries per second:/ { qps = $4 }
    /Average Latency \(s\):/ { avg = $4; max = $8; gsub(/[),]/, "", max) }
    END {
      if (sent == "") exit 1
      printf "sent=%d completed=%d lost=%d noerror=%d runtime=%.3f qps=%.0f lat_avg_us=%.0f lat_max_us=%.0f\n",
        sent, completed, lost, noerror, runtime, qps, avg * 1e6, max * 1e6
    }' "$1"
}

queries_file() { # $1 = mix
  local f=$work/queries-$1.txt
  if [ "$1" = static ]; then echo "$static_name A" >"$f"; else echo "$balanced_name A" >"$f"; fi
  echo "$f"
}

run_dnsperf() { # $1 = server, $2 = mix, $3 = seconds, $4 = rate or 0 for unthrottled, $5 = output file
  local s=$1 m=$2 secs=$3 q=$4 out=$5 args=()
  args=(-s 127.0.0.1 -p "${port[$s]}" -d "$(queries_file "$m")" -l "$secs" "${dnsperf_client[@]}")
  [ "$q" -gt 0 ] && args+=(-Q "$q")
  [ "$m" = ecs ] && args+=(-E "$ecs_option")
  [ "$m" = signed ] && args+=(-E "$ecs_option" -D)
  taskset -c "$client_cpu" dnsperf "${args[@]}" >"$out" 2>&1 || { cat "$out" >&2; die "dnsperf failed"; }
}

# Optional profile of AYA's fixed-rate runs (BENCH_JFR_DIR).
jfr_start() { # $1 = mix
  command -v jcmd >/dev/null 2>&1 || die "BENCH_JFR_DIR needs jcmd (a JDK)"
  mkdir -p "$jfr_dir"
  taskset -c "$client_cpu" jcmd "$listen_pid" JFR.start name="bench-$1" settings=profile \
    filename="$(cd "$jfr_dir" && pwd)/aya-$1.jfr" >/dev/null || die "jcmd JFR.start failed"
}
jfr_stop() { # $1 = mix
  local f
  f="$(cd "$jfr_dir" && pwd)/aya-$1.jfr"
  taskset -c "$client_cpu" jcmd "$listen_pid" JFR.stop name="bench-$1" >/dev/null || die "jcmd JFR.stop failed"
  log "aya $1: JFR recording in $f; hottest top-of-stack Java frames (share of $(jfr summary "$f" | awk '$1 == "jdk.ExecutionSample" { print $2 }') execution samples; time in native code such as recvmmsg/sendmmsg is not sampled):"
  jfr print --events jdk.ExecutionSample "$f" | awk '
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); n[$0]++; total++ }
    END { for (k in n) printf "%6.2f%%  %s\n", 100 * n[k] / total, k }' | sort -rn | head -25 >&2
}

stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
emit() { echo "$*"; echo "$*" >>"$results"; }

measure() { # $1 = server, $2 = mix, $3 = mode (fixed|max), $4 = repeat, $5 = seconds, $6 = rate
  local s=$1 m=$2 mode=$3 rep=$4 secs=$5 q=$6 out before after kv completed cpu
  out=$work/dnsperf-$s-$m-$mode-$rep.txt
  before=$(cpu_ticks "$listen_pid")
  run_dnsperf "$s" "$m" "$secs" "$q" "$out"
  after=$(cpu_ticks "$listen_pid")
  kv=$(parse_dnsperf "$out") || { cat "$out" >&2; die "could not read dnsperf's output"; }
  completed=$(sed -n 's/.*completed=\([0-9]*\).*/\1/p' <<<"$kv")
  cpu=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$completed" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "nan" }')
  emit "RUN at=$stamp server=$s mix=$m mode=$mode rep=$rep rate=$q secs=$secs $kv cpu_ticks=$((after - before)) cpu_us_per_q=$cpu load1=$(cut -d' ' -f1 /proc/loadavg)"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { grep -o " $1=[^ ]*" | cut -d= -f2; } # values of key $1 from RUN lines on stdin

summarize() { # $1 = server, $2 = mix
  local s=$1 m=$2 fixed maxrun
  fixed=$(grep "^RUN at=$stamp server=$s mix=$m mode=fixed " "$results")
  maxrun=$(grep "^RUN at=$stamp server=$s mix=$m mode=max " "$results" || true)
  emit "SUMMARY at=$stamp server=$s mix=$m rate=$rate repeats=$repeats secs=$duration" \
    "qps=$(field qps <<<"$fixed" | median)" \
    "lost=$(field lost <<<"$fixed" | awk '{ s += $1 } END { print s + 0 }')" \
    "lat_avg_us=$(field lat_avg_us <<<"$fixed" | median)" \
    "lat_max_us=$(field lat_max_us <<<"$fixed" | sort -g | tail -1)" \
    "cpu_us_per_q=$(field cpu_us_per_q <<<"$fixed" | median)" \
    "cpu_us_per_q_runs=$(field cpu_us_per_q <<<"$fixed" | paste -sd, -)" \
    "max_qps=$(field qps <<<"$maxrun" | median)" \
    "max_lost=$(field lost <<<"$maxrun" | median)" \
    "max_cpu_us_per_q=$(field cpu_us_per_q <<<"$maxrun" | median)"
}

# ---------------------------------------------------------------------------------------------------------
{
  echo "# $stamp plan='$plan' rate=$rate warmup=$warmup duration=$duration repeats=$repeats unthrottled=$unthrottled"
  echo "#   commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo none) geo_db=$geo_db ecs=$ecs"
  echo "#   $(dnsperf -h 2>&1 | grep -m1 Version) knot=$(knotd --version 2>&1 | head -1 | awk '{print $NF}')" \
       "gdnsd=$(gdnsd 2>&1 | head -1 | awk '{print $NF}')" \
       "pdns=$(pdns_server --version 2>&1 | grep -o 'Server [0-9.]*' | head -1 | cut -d' ' -f2)" \
       "java=$(java -version 2>&1 | head -1 | cut -d'"' -f2)" \
       "AYA_JAVA_OPTS='$AYA_JAVA_OPTS' aya_launch=$aya_launch kernel=$(uname -r) cpus=$(nproc)"
} | tee -a "$results"

for s in "${servers[@]}"; do
  start_server "$s"
  for item in $plan; do
    [ "${item%%:*}" = "$s" ] || continue
    m=${item#*:}
    check_answer "$s" "$m"
    log "$s $m: warm-up ${warmup}s at $rate q/s"
    [ "$warmup" -gt 0 ] && run_dnsperf "$s" "$m" "$warmup" "$rate" "$work/warmup-$s-$m.txt"
    check_answer "$s" "$m"
    [ "${s#aya}" != "$s" ] && [ -n "$jfr_dir" ] && jfr_start "$s-$m"
    for ((r = 1; r <= repeats; r++)); do
      log "$s $m: run $r/$repeats, ${duration}s at $rate q/s"
      measure "$s" "$m" fixed "$r" "$duration" "$rate"
    done
    [ "${s#aya}" != "$s" ] && [ -n "$jfr_dir" ] && jfr_stop "$s-$m"
    if [ "$unthrottled" -gt 0 ]; then
      log "$s $m: unthrottled ${unthrottled}s"
      measure "$s" "$m" max 1 "$unthrottled" 0
    fi
    summarize "$s" "$m"
  done
  kill -0 "$server_pid" 2>/dev/null || die "$s exited during the benchmark"
  stop_server
done

# ---------------------------------------------------------------------------------------------------------
summary_value() { # $1 server, $2 mix, $3 key
  grep "^SUMMARY at=$stamp server=$1 mix=$2 " "$results" | field "$3" | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo
echo "DNS benchmark $stamp: offered $rate q/s for ${duration}s x $repeats (median), then unthrottled ${unthrottled}s;"
echo "server on CPU $server_cpu, dnsperf ${dnsperf_client[*]} on CPU $client_cpu; ECS mix: $ecs"
printf '%-9s %-6s | %9s %6s %8s %8s %10s | %9s %6s %10s\n' \
  server mix qps lost avg_us max_us cpu_us/q max_qps lost cpu_us/q
printf -- '-------------------------------------------------------------------------------------------\n'
for item in $plan; do
  s=${item%%:*}; m=${item#*:}
  printf '%-9s %-6s | %9s %6s %8s %8s %10s | %9s %6s %10s\n' "$s" "$m" \
    "$(summary_value "$s" "$m" qps)" "$(summary_value "$s" "$m" lost)" \
    "$(summary_value "$s" "$m" lat_avg_us)" "$(summary_value "$s" "$m" lat_max_us)" \
    "$(summary_value "$s" "$m" cpu_us_per_q)" "$(summary_value "$s" "$m" max_qps)" \
    "$(summary_value "$s" "$m" max_lost)" "$(summary_value "$s" "$m" max_cpu_us_per_q)"
done
echo
for pair in "static knot" "ecs gdnsd"; do
  set -- $pair
  a=$(summary_value aya "$1" cpu_us_per_q || true); b=$(summary_value "$2" "$1" cpu_us_per_q || true)
  [ -n "$a" ] && [ -n "$b" ] || continue
  r=$(ratio "$a" "$b"); lost=$(summary_value aya "$1" lost)
  verdict=$(awk -v r="$r" -v l="$lost" 'BEGIN { print (r != "n/a" && r <= 1 && l == 0) ? "meets" : "misses" }')
  emit "RATIO at=$stamp mix=$1 aya_vs=$2 cpu_ratio=$r max_qps_ratio=$(ratio "$(summary_value aya "$1" max_qps)" "$(summary_value "$2" "$1" max_qps)") aya_lost=$lost bar=${verdict}"
  echo "  -> $1: AYA/$2 CPU per query = $r (bar: <= 1.00 and no lost queries: $verdict)"
done
# The floors (when planned): the transport's share of AYA's cost, and the floor against Knot.
for fl in "floor JVM + Netty epoll" "jfloor JVM + blocking DatagramChannel"; do
  set -- $fl
  f=$(summary_value "$1" static cpu_us_per_q || true)
  [ -n "$f" ] || continue
  for other in aya knot; do
    o=$(summary_value "$other" static cpu_us_per_q || true)
    [ -n "$o" ] || continue
    emit "RATIO at=$stamp mix=static ${1}_vs=$other cpu_ratio=$(ratio "$f" "$o")"
    echo "  -> static: $1 (${*:2}, no DNS work)/$other CPU per query = $(ratio "$f" "$o")"
  done
done
# Signed mix: AYA signed against AYA unsigned (bar <= 1.5) and against PowerDNS (bar < 1).
for pair in "aya 1.5 <=" "pdns 1.0 <"; do
  set -- $pair
  a=$(summary_value ayasigned signed cpu_us_per_q || true); b=$(summary_value "$1" signed cpu_us_per_q || true)
  [ -n "$a" ] && [ -n "$b" ] || continue
  r=$(ratio "$a" "$b"); lost=$(summary_value ayasigned signed lost)
  verdict=$(awk -v r="$r" -v bar="$2" -v op="$3" -v l="$lost" \
    'BEGIN { ok = r != "n/a" && l == 0 && (op == "<" ? r < bar : r <= bar); print ok ? "meets" : "misses" }')
  emit "RATIO at=$stamp mix=signed aya_vs=$1 cpu_ratio=$r aya_lost=$lost bar=${verdict}"
  echo "  -> signed: AYA signed/$1 CPU per query = $r (bar: $3 $2 and no lost queries: $verdict)"
done
log "results appended to $results"
