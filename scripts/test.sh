#!/usr/bin/env bash
# Runs every test project of Fledger.NET and ends with one line: "N passed, N failed, N skipped".
# Installs what the tests need when it is missing (Debian packages), builds once, then runs
# each tests/*.Tests project with a TRX logger and sums the real results from the TRX files.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

"$root/scripts/ensure-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

echo "== build"
if ! dotnet build Fledger.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for proj in $(ls tests/*/*.Tests.csproj | sort); do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  runner=(dotnet test "$proj" -c Release --no-build -nologo
          --logger "trx;LogFileName=$name.trx" --results-directory "$results"
          --blame-hang-timeout 10m -- RunConfiguration.TestSessionTimeout=1500000)
  # Tests that need a network namespace (browser WebRTC) run inside one made here.
  if [ -f "$(dirname "$proj")/.netns" ]; then
    runner=("$root/scripts/in-netns.sh" "${runner[@]}")
  fi
  "${runner[@]}" || status=1
  if [ "$name" = "Fledger.Broker.Tests" ]; then
    # Again on the broker's fallback path (public ExecutionContext API instead of the thread's field).
    echo "== $name (FLEDGER_BROKER_PUBLIC_CONTEXT_API=1)"
    FLEDGER_BROKER_PUBLIC_CONTEXT_API=1 dotnet test "$proj" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.public-context-api.trx" --results-directory "$results" \
      --blame-hang-timeout 10m || status=1
  fi
done

python3 "$root/scripts/sum-trx.py" "$results" || status=1
exit $status
