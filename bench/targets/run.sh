#!/usr/bin/env bash
# CrossGuard's MSBuild cost next to the SDK's own ResolvePackageAssets, on a 100+-package project (real, native-heavy) with 6 RIDs,
# cold (first build after restore) and no-op (second build), from one run on one machine.
# Usage: bash bench/targets/run.sh            (prints a markdown table; append it to bench/RESULTS.md by hand)
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
# ms of every CrossGuard target of the dependency check (the check, its settings hash, its replay, the manifest item)
crossguard_ms() { grep -E "^\s+[0-9]+ ms\s+_?CrossGuard(CheckNativeAssets|Settings|Replay|AddNativesManifest)\s" "$1" | awk '{s+=$1} END {print s+0}'; }
build() { /usr/bin/time -f "%M" -o "$out/$1.rss" dotnet build --no-restore -nologo -clp:PerformanceSummary -v:m "${@:2}" > "$out/$1.log" 2>&1; }

# The machine-wide inspection cache starts empty: "cold" is the first build of these packages on this machine.
export CrossGuardInspectionCacheDirectory="$out/inspections"
build cold
build noop
build noop-off -p:CrossGuardEnabled=false
# First build after restore of a project whose packages this machine has inspected before (another project, another
# clone, an earlier CI job with a kept cache): the check's own obj files are gone, the assets file is new for both.
rm -f obj/Debug/net10.0/crossguard.*; touch obj/project.assets.json
build rebuilt

for run in cold rebuilt noop; do
  rpa=$(target_ms "$out/$run.log" ResolvePackageAssets); cg=$(crossguard_ms "$out/$run.log")
  total=$(grep -E "Time Elapsed" "$out/$run.log" | awk '{print $3}')
  echo "$run rpa=$rpa cg=$cg total=$total rss_kb=$(cat "$out/$run.rss")"
  eval "${run}_rpa=$rpa ${run}_cg=$cg"
done
noop_total_ms=$(grep -E "^\s+[0-9]+ ms\s+Build\s" "$out/noop.log" | awk '{print $1}' | head -1)
off_total_ms=$(grep -E "^\s+[0-9]+ ms\s+Build\s" "$out/noop-off.log" | awk '{print $1}' | head -1)
echo "peak RSS of the no-op build: with CrossGuard $(cat "$out/noop.rss") KiB, CrossGuardEnabled=false $(cat "$out/noop-off.rss") KiB"
python3 - "$packages" "$cold_rpa" "$cold_cg" "$rebuilt_rpa" "$rebuilt_cg" "$noop_rpa" "$noop_cg" "${noop_total_ms:-0}" "${off_total_ms:-0}" <<'P'
import sys
pk, crpa, ccg, rrpa, rcg, nrpa, ncg, ntot, off = map(float, sys.argv[1:])
print(f"\n| {int(pk)} packages, 6 RIDs | ResolvePackageAssets | CrossGuard targets | ratio CrossGuard/RPA |")
print("|---|---|---|---|")
print(f"| cold: first build after restore, packages new to this machine | {crpa:.0f} ms | {ccg:.0f} ms | {ccg/crpa:.2f} |")
print(f"| cold: first build after restore, packages inspected before on this machine | {rrpa:.0f} ms | {rcg:.0f} ms | {rcg/rrpa:.2f} |")
print(f"| no-op (second build, findings replayed) | {nrpa:.0f} ms | {ncg:.0f} ms | {ncg/max(nrpa,1):.2f} |")
if ntot:
    print(f"\nNo-op build target total: {ntot:.0f} ms; CrossGuard share: {100*ncg/ntot:.1f}% (CrossGuard off: {off:.0f} ms)")
P
