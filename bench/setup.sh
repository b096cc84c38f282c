#!/usr/bin/env bash
# Installs what bench/dns.sh needs from Debian, idempotently, and makes sure none of the installed
# servers runs as a system service (they would hold port 53 or the ports the benchmark uses).
#   bench/setup.sh            install if missing (needs root, or sudo)
set -euo pipefail

pkgs=(dnsperf knot gdnsd knot-dnsutils util-linux iproute2 procps)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  # policy-rc.d exit 101 keeps the packages' maintainer scripts from starting their daemons.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && $sudo rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >&2
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
else
  echo "setup: ${pkgs[*]} already installed" >&2
fi

# Stop and disable the daemons the packages ship, wherever an init system runs them.
for svc in knot gdnsd; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    $sudo service "$svc" stop >/dev/null 2>&1 || true
  fi
done

for bin in dnsperf knotd gdnsd kdig taskset ss; do
  command -v "$bin" >/dev/null 2>&1 || { echo "setup: $bin not found after install" >&2; exit 1; }
done
echo "setup: ok ($(dnsperf -h 2>&1 | head -1 | tr -d '\n'); $(knotd --version 2>&1 | head -1); $(gdnsd -V 2>&1 | head -1))" >&2
