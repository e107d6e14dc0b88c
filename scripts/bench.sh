#!/usr/bin/env bash
# One-run benchmark of Fledger.NET (docs/benchmarks.md, "One run"): builds the benchmark programs (Release), then runs
# bench/Fledger.Bench, which runs every part in sequence, each bounded in time, and writes
# bench-results/<timestamp>.md and .json (machine facts, load average, one markdown table ready to paste).
# When Chromium is installed and network namespaces are available, it re-runs itself inside one
# (scripts/in-netns.sh) so the Chromium part can run; otherwise that part is skipped with a note.
# Options go to Fledger.Bench, e.g.: scripts/bench.sh --only gossip --gossip-nodes 30 --nodes-per-process 3 --events 50
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [[ -z "${FLEDGER_BENCH_IN_NETNS:-}" ]]; then
  export FLEDGER_BENCH_COMMAND="scripts/bench.sh${*:+ $*}"
  for project in node-cli/Fledger.Cli signal-server/Fledger.SignalServer bench/Fledger.Benchmarks bench/Fledger.SignalLoad \
      bench/Fledger.MeshBench bench/Fledger.InteropBench bench/Fledger.Bench; do
    echo "== build $project (Release)" >&2
    if ! log="$(dotnet build "$project" -c Release -nologo -v quiet 2>&1)"; then
      echo "$log" >&2
      echo "bench: error: $project did not build" >&2
      exit 1
    fi
  done
  if [[ -x /usr/bin/chromium ]] && unshare -n true 2>/dev/null; then
    export FLEDGER_BENCH_IN_NETNS=1
    exec "$root/scripts/in-netns.sh" "$root/scripts/bench.sh" "$@"
  fi
  echo "bench: note: no Chromium or no network namespace here; the Chromium part will be skipped" >&2
fi
exec dotnet "$root/bench/Fledger.Bench/bin/Release/net10.0/Fledger.Bench.dll" --root "$root" "$@"
