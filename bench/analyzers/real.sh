#!/usr/bin/env bash
# CrossGuard's analyzers on a real P/Invoke-heavy code base, against CA1416 in the same build: LibGit2Sharp's own
# library source (its Core/NativeMethods.cs declares several hundred [DllImport]s into libgit2), built for net8.0 with
# the PACKED CrossGuard package from a local folder feed, -p:ReportAnalyzer=true.
#   bench/analyzers/real.sh <libgit2sharp-source-dir>
# The source dir is a checkout of libgit2/libgit2sharp (e.g. `git --git-dir=<mirror> archive HEAD | tar -x -C dir`);
# nothing of it is kept in this repository. Its build is changed only where this machine needs it: the served
# LibGit2Sharp.NativeBinaries version (NATIVE_VERSION, default 2.0.324; upstream pins 2.0.323), a fixed MinVer version (the copy has no git history), no
# package on build, and the machine's configured NuGet sources instead of the repository's nuget.config.
set -euo pipefail
SRC="$(cd "$1" && pwd)"
NATIVE_VERSION="${NATIVE_VERSION:-2.0.324}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${TMPDIR:-/tmp}/crossguard-bench-real"
rm -rf "$WORK" && mkdir -p "$WORK/feed" "$WORK/src"
export NUGET_PACKAGES="$WORK/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
version="0.0.0-bench.$(date +%s)"
dotnet pack "$ROOT/nuget/CrossGuard.Package.csproj" -c Release -p:Version="$version" -o "$WORK/feed" -nologo -v:q >/dev/null

cp -a "$SRC/." "$WORK/src/"
cd "$WORK/src"
cat > nuget.config <<X
<configuration><packageSources><add key="crossguard" value="$WORK/feed" /></packageSources></configuration>
X
sed -i "s/Include=\"LibGit2Sharp.NativeBinaries\" Version=\"[^\"]*\"/Include=\"LibGit2Sharp.NativeBinaries\" Version=\"[$NATIVE_VERSION]\"/" LibGit2Sharp/LibGit2Sharp.csproj
cat > Directory.Build.targets <<X
<Project>
  <PropertyGroup>
    <CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;linux-musl-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="CrossGuard" Version="$version" PrivateAssets="all" Condition="'\$(WithoutCrossGuard)' != 'true'" />
  </ItemGroup>
</Project>
X
build() {
  dotnet build LibGit2Sharp/LibGit2Sharp.csproj -c Release -f net8.0 -nologo -p:MinVerVersionOverride=0.1.0 -p:GeneratePackageOnBuild=false \
    -p:UseSharedCompilation=false -nodeReuse:false --no-incremental "$@"
}
dotnet restore LibGit2Sharp/LibGit2Sharp.csproj -nologo -v:q -p:MinVerVersionOverride=0.1.0
build -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary > build.log 2>&1 || { tail -30 build.log; exit 1; }
imports=$(grep -c -E '^\s*\[DllImport' LibGit2Sharp/Core/NativeMethods.cs || true)
echo "LibGit2Sharp $(git --git-dir="$SRC/.git" rev-parse --short HEAD 2>/dev/null || echo '(source dir)'), net8.0, [DllImport] lines in Core/NativeMethods.cs: $imports"
python3 "$ROOT/bench/analyzers/report.py" "$WORK/src/build.log"
echo "log: $WORK/src/build.log"
