#!/usr/bin/env bash
# Runs a command inside a fresh network namespace with a veth interface and a default route,
# so that Chromium gathers ICE candidates (it never uses loopback). Nothing leaves the namespace:
# the peer end of the veth is not connected to anything. Servers inside still bind 127.0.0.1.
set -euo pipefail
exec unshare -n bash -c '
  ip link set lo up
  ip link add d0 type veth peer name d1
  ip link set d1 up
  ip addr add 10.200.0.1/24 dev d0
  ip link set d0 up
  ip route add default via 10.200.0.2 dev d0
  exec "$@"' netns "$@"
