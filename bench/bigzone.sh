#!/usr/bin/env bash
# Large zone: one generated zone of BIGZONE_RECORDS records (default 1,000,000: an A per name, an AAAA on every
# 4th, a TXT on every 10th, an MX on every 50th) served by Knot and by AYA (the ./aya launcher with its default
# heap), in one run:
#   1. load time: Knot (start until the zone answers), AYA (its "zone ... read ... in N ms" log line; the time from
#      start to the first answer; and a reload of a changed copy through POST /api/v1/zones/reload);
#   2. steady RSS after loading, AYA against Knot (bar: AYA <= 2x Knot);
#   3. reload under load: dnsperf offers BIGZONE_RATE q/s (default 20000) of random names of the zone to AYA for
#      BIGZONE_DURATION s (default 60); in the middle the zone changes and is reloaded (?wait=false, followed to the
#      end); lost queries and the latency percentiles from dnsperf -v (bars: 0 lost, p99 < 10 ms).
# Prints SUMMARY key=value lines at the end. Bars of issue 15: load <= 5 s, RSS <= 2x Knot, reload under 20k q/s
# with 0 lost and p99 < 10 ms.
#
#   bench/bigzone.sh                                   the issue's run (about 3 minutes)
#   BIGZONE_RECORDS=200000 BIGZONE_DURATION=20 bench/bigzone.sh   a quick one
#
# Needs knotd, kdig, dnsperf (bench/setup.sh) and a built ./aya. Everything listens on 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records=${BIGZONE_RECORDS:-1000000}
rate=${BIGZONE_RATE:-20000}
duration=${BIGZONE_DURATION:-60}
base=${BIGZONE_PORT:-26353}
work=$(mktemp -d /tmp/aya-bigzone.XXXXXX)
for tool in knotd kdig dnsperf curl python3 bc; do
  command -v "$tool" >/dev/null || { echo "bigzone: $tool is not installed (bench/setup.sh)" >&2; exit 1; }
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

gen() { # serial records > file
  awk -v N="$2" -v SERIAL="$1" 'BEGIN {
    print "$ORIGIN big.test."; print "$TTL 3600";
    print "@ IN SOA ns1 hostmaster " SERIAL " 7200 900 1209600 300"; print "@ IN NS ns1"; print "@ IN NS ns2";
    print "ns1 IN A 192.0.2.1"; print "ns2 IN A 192.0.2.2";
    n = 5; i = 0;
    while (n < N) {
      i++;
      printf "h%d IN A 10.%d.%d.%d\n", i, int(i/65536)%256, int(i/256)%256, i%256; n++;
      if (n < N && i % 4 == 0) { printf "h%d IN AAAA 2001:db8:%x:%x::1\n", i, int(i/65536), i%65536; n++ }
      if (n < N && i % 10 == 0) { printf "h%d IN TXT \"v=spf1 ip4:10.%d.%d.0/24 -all\"\n", i, int(i/65536)%256, int(i/256)%256; n++ }
      if (n < N && i % 50 == 0) { printf "h%d IN MX 10 mail.h%d\n", i, i; n++ }
    }
    print i > "/dev/stderr"
  }'
}
mkdir -p "$work/zones" "$work/knot"
names=$(gen 1 "$records" 2>&1 >"$work/zones/big.test.zone")
last="h$names.big.test"
echo "bigzone: $records records, $names names, $(du -m "$work/zones/big.test.zone" | cut -f1) MB zone file; work dir $work" >&2
awk -v n="$names" 'BEGIN { srand(15); for (k = 0; k < 100000; k++) { i = 1 + int(rand() * n);
  print "h" i ".big.test " (i % 4 == 0 && k % 3 == 0 ? "AAAA" : "A") } }' > "$work/queries.txt"

answers() { # port name -> true when the name has an A answer
  kdig @127.0.0.1 -p "$1" +short +timeout=1 +retry=0 "$2" A 2>/dev/null | grep -q '^10\.'
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
now() { date +%s.%N; }

# ---- Knot
cat > "$work/knot/knot.conf" <<EOF
server:
    listen: 127.0.0.1@$base
    rundir: $work/knot
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: $work/knot/db
template:
  - id: default
    storage: $work/zones
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
  - domain: big.test
    file: big.test.zone
EOF
t0=$(now)
knotd -c "$work/knot/knot.conf" > "$work/knot/knot.log" 2>&1 &
knot=$!; pids+=($knot)
for _ in $(seq 1200); do answers "$base" "$last" && break; sleep 0.1; done
answers "$base" "$last" || { echo "bigzone: Knot did not answer $last (see $work/knot/knot.log)" >&2; exit 1; }
knot_load=$(echo "$(now) - $t0" | bc)
sleep 5
knot_rss=$(rss_kib "$knot")
echo "bigzone: Knot loaded in ${knot_load} s, RSS ${knot_rss} KiB" >&2
kill "$knot"; wait "$knot" 2>/dev/null || true

# ---- AYA
dns=$((base + 10)); admin=$((base + 11))
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
t0=$(now); aya_t0=$t0
# the launcher's own JVM options (AYA_HEAP, default 1g) unless AYA_JAVA_OPTS replaces them; a GC log beside
JAVA_TOOL_OPTIONS="-Xlog:gc:file=$work/aya-gc.log" AYA_ADMIN_TOKEN=$token \
  "$here/aya" serve --zones "$work/zones" --dns "127.0.0.1:$dns" --admin "127.0.0.1:$admin" --geo "" --networks "" \
  --cluster-port 0 --state-dir "$work/state" --node bigzone > "$work/aya.log" 2>&1 &
pids+=($!)
for _ in $(seq 1800); do answers "$dns" "$last" && break; sleep 0.1; done
answers "$dns" "$last" || { echo "bigzone: AYA did not answer $last (see $work/aya.log)" >&2; exit 1; }
aya_start=$(echo "$(now) - $t0" | bc)
aya=$(ss -lunpH "sport = :$dns" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
aya_load_ms=$(grep -o 'zone big.test. read from .* names in [0-9]* ms' "$work/aya.log" | tail -1 | grep -o '[0-9]* ms' | cut -d' ' -f1)
sleep 45 # the launcher's G1 gives unused heap back every 30 s: steady state
aya_rss=$(rss_kib "$aya")
echo "bigzone: AYA read the zone in ${aya_load_ms} ms, answered ${aya_start} s after start, RSS ${aya_rss} KiB" >&2

api() { curl -s -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$admin$1"; }
bump() { sed -i "3s/ $1 7200/ $2 7200/" "$work/zones/big.test.zone"; echo "h$names IN TXT \"reload $2\"" >> "$work/zones/big.test.zone"; }
# a reload in the background (a big one outlasts the admin connection's 30 s read timeout), followed to its end;
# prints the seconds it ran (from the job's started and finished times) and leaves its report in $work/$1.json
reload() {
  local location state=queued
  location=$(api '/api/v1/zones/reload?wait=false' | grep -o '"location" *: *"[^"]*"' | cut -d'"' -f4)
  [ -n "$location" ] || { echo "bigzone: the reload did not start" >&2; exit 1; }
  while [ "$state" != done ]; do
    sleep 0.2
    curl -s "http://127.0.0.1:$admin$location" > "$work/$1.json"
    state=$(grep -o '"state" *: *"[a-z]*"' "$work/$1.json" | cut -d'"' -f4)
  done
  grep -q '"ok" *: *true' "$work/$1.json" || { echo "bigzone: reload failed: $(cat "$work/$1.json")" >&2; exit 1; }
  python3 -c 'import json, sys, datetime as d
j = json.load(open(sys.argv[1])); t = lambda k: d.datetime.fromisoformat(j[k].replace("Z", "+00:00"))
print(round((t("finished") - t("started")).total_seconds(), 2))' "$work/$1.json"
}
bump 1 2
aya_reload=$(reload reload-idle)
echo "bigzone: AYA reloaded (idle, through the API) in ${aya_reload} s" >&2

# ---- reload under load
echo "bigzone: ${duration} s at ${rate} q/s, reload in the middle" >&2
taskset -c 1 dnsperf -s 127.0.0.1 -p "$dns" -d "$work/queries.txt" -l "$duration" -Q "$rate" -c 1 -q 200 -T 1 -t 2 -v \
  > "$work/dnsperf.txt" 2>&1 &
perf=$!
load_from=$(echo "$(now) - $aya_t0" | bc)
sleep $((duration / 2))
bump 2 3
loaded_reload=$(reload reload-load)
wait "$perf" || true
load_to=$(echo "$(now) - $aya_t0" | bc)
sleep 45
aya_rss_after=$(rss_kib "$aya")
lost=$(awk '/Queries lost:/ {print $3}' "$work/dnsperf.txt")
completed=$(awk '/Queries completed:/ {print $3}' "$work/dnsperf.txt")
# dnsperf -v: "> NOERROR h5.big.test A 0.000123" per answered query; latencies in 10 us buckets
percentiles=$(awk '/^> / {ms = $NF * 1000; b = int(ms * 100); h[b]++; n++; if (ms > max) max = ms}
  END {
    split("0.50 0.99 0.999", q, " "); c = 0; k = 1;
    for (b = 0; k <= 3 && n > 0; b++) { c += h[b]; while (k <= 3 && c >= q[k] * n) { p[k] = b / 100; k++ } }
    printf "p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f", p[1], p[2], p[3], max
  }' "$work/dnsperf.txt")
# every pause, full collections ("Pause Full (System.gc()) ...") included
pauses=$(grep -oE 'Pause .* [0-9.]+M->[0-9.]+M\([0-9.]+M\) [0-9.]+ms' "$work/aya-gc.log" \
  | awk '{ms = $NF; sub("ms", "", ms); ms += 0; n++; s += ms; if (ms > m) m = ms} END {printf "gc_pauses=%d gc_total_ms=%.0f gc_max_ms=%.1f", n, s, m}')
# the pauses while dnsperf ran (GC log times are the JVM's uptime, which starts with the launcher)
load_pauses=$(grep -E 'Pause .* [0-9.]+M->[0-9.]+M\([0-9.]+M\) [0-9.]+ms' "$work/aya-gc.log" \
  | awk -v from="$load_from" -v to="$load_to" '{t = substr($1, 2) + 0; if (t < from || t > to) next;
      ms = $NF; sub("ms", "", ms); ms += 0; n++; s += ms; if (ms > 10) over++; if (ms > m) m = ms}
    END {printf "load_gc_pauses=%d load_gc_over_10ms=%d load_gc_total_ms=%.0f load_gc_max_ms=%.1f", n, over, s, m}')

echo "== big zone: $records records ($names names)"
printf 'load        Knot %s s (start to answer) | AYA zone read %s ms, start to answer %s s, reload (idle) %s s, reload (under load) %s s\n' \
  "$knot_load" "$aya_load_ms" "$aya_start" "$aya_reload" "$loaded_reload"
printf 'RSS         Knot %s KiB | AYA %s KiB after start, %s KiB after the reload under load (%.2fx / %.2fx Knot)\n' \
  "$knot_rss" "$aya_rss" "$aya_rss_after" "$(echo "$aya_rss / $knot_rss" | bc -l)" "$(echo "$aya_rss_after / $knot_rss" | bc -l)"
printf 'under load  %s completed, %s lost; %s; while loaded: %s; whole run: %s\n' "$completed" "$lost" "$percentiles" \
  "$load_pauses" "$pauses"
echo "SUMMARY records=$records knot_load_s=$knot_load aya_read_ms=$aya_load_ms aya_start_s=$aya_start" \
  "aya_reload_idle_s=$aya_reload aya_reload_loaded_s=$loaded_reload knot_rss_kib=$knot_rss aya_rss_kib=$aya_rss" \
  "aya_rss_after_kib=$aya_rss_after rss_ratio=$(printf '%.2f' "$(echo "$aya_rss_after / $knot_rss" | bc -l)")" \
  "rate=$rate completed=$completed lost=$lost $percentiles $load_pauses $pauses"
echo "(files: $work)"
