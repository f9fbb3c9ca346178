#!/usr/bin/env bash
# All of CrossGuard's cost, next to the SDK's (and binutils') own work, from one run on one machine: ratios, not
# absolute times. Takes ~10-15 minutes on 2 cores; copy its output into bench/RESULTS.md with the commit and machine.
#   bash bench/run.sh
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
echo "# CrossGuard benchmarks — $(date -u +%F) — commit $(git rev-parse --short HEAD) — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version)"

echo; echo "## 1. Inspector vs readelf -h -d -V + objdump -p (same files, same run)"
dotnet build bench/Inspector -c Release -nologo -v:q >/dev/null && dotnet artifacts/bin/Inspector/release/Inspector.dll 3 | tail -n 25

echo; echo "## 2. Analyzers vs CA1416 and the whole compile (5,000 generated files, ReportAnalyzer)"
bash bench/analyzers/run.sh 5000 | grep -v '^log:'

echo; echo "## 3. CrossGuard targets vs ResolvePackageAssets (100+ packages, 6 RIDs; cold and no-op)"
bash bench/targets/run.sh | grep -vE '^(cold|noop|rebuilt)[0-9]+ rpa='

echo; echo "## 4. crossguard inspect vs dotnet restore of the same closure (cold and warm)"
bash bench/Inspect/run.sh Microsoft.Extensions.Hosting 8.0.1 net8.0 1 | tail -n 12
