#!/usr/bin/env bash
# Measures the cost of CrossGuard's analyzers on a large generated code base (not a timed unit test).
#   bench/analyzers/run.sh [FILES]      (default 5000)
# Builds the analyzers (Release), generates FILES C# files full of P/Invokes, builds that project once with
# -p:ReportAnalyzer=true -bl, and prints CrossGuard's analyzer time against CA1416 (PlatformCompatibilityAnalyzer)
# and against the compile (Csc task) time. Numbers go to bench/RESULTS.md by hand (see the "Analyzers" section).
set -euo pipefail
FILES="${1:-5000}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/artifacts/bench/analyzers"
rm -rf "$WORK" && mkdir -p "$WORK"

dotnet build "$ROOT/src/CrossGuard.Analyzers/CrossGuard.Analyzers.csproj" -c Release -nologo -v:q >/dev/null
ANALYZER_DLL="$ROOT/artifacts/bin/CrossGuard.Analyzers/release/CrossGuard.Analyzers.dll"
test -f "$ANALYZER_DLL"

python3 "$ROOT/bench/analyzers/generate.py" "$WORK" "$FILES"
cat > "$WORK/crossguard.natives.json" <<'JSON'
{"version":1,"rids":{"linux-x64":{"libraries":["libe_sqlite3.so","libfoo.so"]},"win-x64":{"libraries":["e_sqlite3.dll","foo.dll"]},"osx-arm64":{"libraries":["libe_sqlite3.dylib","libfoo.dylib"]}}}
JSON
cat > "$WORK/nuget.config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /></packageSources></configuration>
XML
# Standalone project: no Directory.Build.* from the repo, RIDs handed to the analyzers the way build/CrossGuard.targets does
# (without RuntimeIdentifiers, so restore needs no per-RID packs offline).
cat > "$WORK/Directory.Build.props" <<'XML'
<Project />
XML
cat > "$WORK/Corpus.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <ImplicitUsings>disable</ImplicitUsings>
    <_CrossGuardRidList>linux-x64,win-x64,osx-arm64</_CrossGuardRidList>
    <NoWarn>\$(NoWarn);CS8500</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <CompilerVisibleProperty Include="_CrossGuardRidList" />
    <CompilerVisibleProperty Include="TargetFramework" />
    <AdditionalFiles Include="crossguard.natives.json" />
    <Analyzer Include="$ANALYZER_DLL" Condition="'\$(WithoutCrossGuard)' != 'true'" />
  </ItemGroup>
</Project>
XML

cd "$WORK"
dotnet restore -nologo -v:q >/dev/null
# csc in-process (no compiler server) so the build's peak RSS includes the analyzers; once without CrossGuard for the memory delta.
/usr/bin/time -f "%M" -o rss-without.txt dotnet build -c Release --no-restore -nologo -p:UseSharedCompilation=false -p:WithoutCrossGuard=true -nodeReuse:false > build-without.log 2>&1 || { tail -30 build-without.log; exit 1; }
/usr/bin/time -f "%M" -o rss-with.txt dotnet build -c Release --no-restore -nologo -p:UseSharedCompilation=false -nodeReuse:false --no-incremental -p:ReportAnalyzer=true -bl:corpus.binlog -v:detailed -clp:PerformanceSummary > build.log 2>&1 || { tail -30 build.log; exit 1; }
echo "peak RSS of the build: with CrossGuard analyzers $(cat rss-with.txt) KiB, without $(cat rss-without.txt) KiB (ratio $(python3 -c "print(round($(cat rss-with.txt)/$(cat rss-without.txt),3))"))"

python3 "$ROOT/bench/analyzers/report.py" "$WORK/build.log"
echo "log: $WORK/build.log  binlog: $WORK/corpus.binlog"
