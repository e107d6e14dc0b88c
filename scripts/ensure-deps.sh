#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing (the script runs as root in CI).
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
command -v ip >/dev/null || need+=(iproute2)
# Browser WebRTC tests drive Debian Chromium through Playwright (no Playwright browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
# Scale-out tests start a real Redis on 127.0.0.1 (tests/Fledger.ScaleOut.Tests).
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
