#!/usr/bin/env bash
# CrossGuard's MSBuild cost next to the SDK's own ResolvePackageAssets, on a 100+-package project (real, native-heavy) with 6 RIDs,
# cold (first build after restore) and no-op (second build), RUNS rounds (default 3) in one run on one machine.
# Usage: bash bench/targets/run.sh  or  RUNS=5 bash bench/targets/run.sh   (prints a markdown table for bench/RESULTS.md)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# Outside the repository: the app must not inherit our Directory.Build.props / central package management.
out="${TMPDIR:-/tmp}/crossguard-bench-targets"
rm -rf "$out"; mkdir -p "$out/feed" "$out/app"
version="0.0.0-bench.$(date +%s)"
export NUGET_PACKAGES="$out/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
dotnet pack "$repo/nuget/CrossGuard.Package.csproj" -c Release -p:Version="$version" -o "$out/feed" -nologo -v:q >/dev/null

cat > "$out/app/nuget.config" <<X
<configuration><packageSources><add key="bench" value="$out/feed" /></packageSources></configuration>
X
cat > "$out/app/big.csproj" <<X
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <RuntimeIdentifiers>linux-x64;linux-arm64;linux-musl-x64;osx-x64;osx-arm64;win-x64</RuntimeIdentifiers>
    <NoWarn>\$(NoWarn);NU1603;NU1605;NU1701;NU1901;NU1902;NU1903;NU1904</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="CrossGuard" Version="$version" PrivateAssets="all" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.3" />
    <PackageReference Include="Azure.Identity" Version="1.21.0" />
    <PackageReference Include="Azure.Storage.Blobs" Version="12.30.1" />
    <PackageReference Include="AWSSDK.S3" Version="4.1.0" />
    <PackageReference Include="MongoDB.Driver" Version="3.14.0" />
    <PackageReference Include="Confluent.Kafka" Version="2.16.0" />
    <PackageReference Include="OpenTelemetry.Extensions.Hosting" Version="1.20.1" />
    <PackageReference Include="OpenTelemetry.Exporter.OpenTelemetryProtocol" Version="1.20.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="10.0.0" />
    <PackageReference Include="StackExchange.Redis" Version="3.4.35" />
    <PackageReference Include="Polly" Version="8.9.1" />
    <PackageReference Include="Grpc.Net.Client" Version="2.85.0" />
    <PackageReference Include="Google.Protobuf" Version="3.36.2" />
    <PackageReference Include="Microsoft.Extensions.Http.Resilience" Version="10.11.0" />
    <PackageReference Include="ZstdNet" Version="1.5.7" />
    <PackageReference Include="SkiaSharp.NativeAssets.Linux" Version="2.88.9" />
    <PackageReference Include="LibGit2Sharp.NativeBinaries" Version="2.0.324" />
    <PackageReference Include="System.IO.Ports" Version="9.0.23" />
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
  </ItemGroup>
</Project>
X
echo 'System.Console.WriteLine(1);' > "$out/app/Program.cs"
cd "$out/app"
dotnet restore -nologo -v:q
packages=$(python3 -c "import json;print(sum(1 for l in json.load(open('obj/project.assets.json'))['libraries'].values() if l['type']=='package'))")

# ms of one target in a build log's "Target Performance Summary"
target_ms() { grep -E "^\s+[0-9]+ ms\s+$2\s" "$1" | awk '{print $1}' | head -1; }
# ms of every CrossGuard target of the dependency check (the check and the manifest item)
crossguard_ms() { grep -E "^\s+[0-9]+ ms\s+_?CrossGuard(CheckNativeAssets|AddNativesManifest)\s" "$1" | awk '{s+=$1} END {print s+0}'; }
build() { /usr/bin/time -f "%M" -o "$out/$1.rss" dotnet build --no-restore -nologo -clp:PerformanceSummary -v:m "${@:2}" > "$out/$1.log" 2>&1; }
# A first build after restore: the check's own obj files are gone and the assets file is new for both tasks.
fresh_assets() { rm -f obj/Debug/net10.0/crossguard.*; touch obj/project.assets.json; }

# RUNS rounds (default 3) of: cold with an empty machine-wide inspection cache (packages new to this machine), no-op,
# then cold again with the cache kept (packages inspected before: another project, clone, or a CI job with a kept cache).
export CrossGuardInspectionCacheDirectory="$out/inspections"
runs="${RUNS:-3}"
: > "$out/rows"
for round in $(seq "$runs"); do
  rm -rf "$CrossGuardInspectionCacheDirectory"; [ "$round" = 1 ] || fresh_assets
  build "cold$round"
  build "noop$round"
  fresh_assets
  build "rebuilt$round"
  for run in cold noop rebuilt; do
    log="$out/$run$round.log"
    echo "$run $(target_ms "$log" ResolvePackageAssets) $(crossguard_ms "$log")" >> "$out/rows"
    echo "$run$round rpa=$(target_ms "$log" ResolvePackageAssets) cg=$(crossguard_ms "$log") total=$(grep -E "Time Elapsed" "$log" | awk '{print $3}') rss_kb=$(cat "$out/$run$round.rss")"
  done
done
# The first build with CrossGuard off recompiles (the analyzers leave); the second is its no-op.
build off-first -p:CrossGuardEnabled=false
build off-noop -p:CrossGuardEnabled=false
echo "peak RSS of a no-op build: with CrossGuard $(cat "$out/noop$runs.rss") KiB, CrossGuardEnabled=false $(cat "$out/off-noop.rss") KiB"
python3 - "$packages" "$runs" "$out/rows" <<'P'
import sys, statistics
packages, runs, rows = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
data = {}
for line in open(rows):
    kind, rpa, cg = line.split()
    data.setdefault(kind, []).append((float(rpa), float(cg)))
names = {"cold": "cold: first build after restore, packages new to this machine",
         "rebuilt": "cold: first build after restore, packages inspected before on this machine",
         "noop": "no-op (second build, findings replayed)"}
print(f"\n| {packages} packages, 6 RIDs, {runs} rounds | ResolvePackageAssets | CrossGuard targets | ratio CrossGuard/RPA (median) | rounds below RPA |")
print("|---|---|---|---|---|")
for kind in ("cold", "rebuilt", "noop"):
    pairs = data[kind]
    rpa = " / ".join(f"{r:.0f}" for r, _ in pairs)
    cg = " / ".join(f"{c:.0f}" for _, c in pairs)
    ratio = statistics.median(c / max(r, 1) for r, c in pairs)
    below = sum(1 for r, c in pairs if c < r)
    print(f"| {names[kind]} | {rpa} ms | {cg} ms | {ratio:.2f} | {below} of {len(pairs)} |")
P
