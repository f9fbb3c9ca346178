#!/usr/bin/env bash
# `crossguard inspect PKG@VER` vs `dotnet restore` of a project with the same single PackageReference, same TFM,
# cold (empty global packages folder + empty HTTP cache, one fresh temp folder per run and per tool) and warm
# (the folder the cold run just filled), in one run. Prints medians and ratios (restore / inspect).
# Usage: bench/Inspect/run.sh [PackageId] [Version] [TargetFramework] [repeats]
set -euo pipefail
PKG="${1:-Microsoft.Extensions.Hosting}"
VER="${2:-8.0.1}"
TFM="${3:-net8.0}"
N="${4:-3}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build -c Release "$ROOT/src/CrossGuard.Cli" -v q -nologo >/dev/null
CG="$ROOT/artifacts/bin/CrossGuard.Cli/release/crossguard.dll"
WORK="$(mktemp -d /tmp/cg-bench-inspect.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/proj"
cat > "$WORK/proj/Bench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>$TFM</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="$PKG" Version="$VER" /></ItemGroup>
</Project>
XML

# Targeting packs: restore of a net8.0 project on a newer SDK downloads Microsoft.NETCore.App.Ref (and the ASP.NET
# one) into the packages folder; inspect needs neither. SEED_REF_PACKS=1 (default) copies them from a warm-up restore
# into each cold restore folder, so both tools start without the closure but restore does not pay for ref packs.
SEED_REF_PACKS="${SEED_REF_PACKS:-1}"
if [ "$SEED_REF_PACKS" = 1 ]; then
  NUGET_PACKAGES="$WORK/seed/packages" NUGET_HTTP_CACHE_PATH="$WORK/seed/http" dotnet restore "$WORK/proj/Bench.csproj" -nodeReuse:false >/dev/null
  rm -rf "$WORK/proj/obj"
fi
seed() {
  [ "$SEED_REF_PACKS" = 1 ] || return 0
  mkdir -p "$1/packages"
  for d in "$WORK"/seed/packages/*.app.ref; do cp -r "$d" "$1/packages/"; done
}

now() { date +%s.%N; }
# run LABEL CACHE CMD...: wall seconds of CMD with NUGET_PACKAGES/NUGET_HTTP_CACHE_PATH in CACHE.
run() {
  local label="$1" cache="$2"; shift 2
  local t0 t1 rc=0
  t0=$(now)
  NUGET_PACKAGES="$cache/packages" NUGET_HTTP_CACHE_PATH="$cache/http" "$@" >"$WORK/last.out" 2>&1 || rc=$?
  t1=$(now)
  if [ "$rc" -gt 1 ]; then echo "$label failed (exit $rc):" >&2; cat "$WORK/last.out" >&2; exit 1; fi
  echo "$label $(echo "$t1 - $t0" | bc -l)" >>"$WORK/times"
}
count() { find "$1/packages" -mindepth 2 -maxdepth 2 -type d | wc -l; }
size() { du -sm "$1/packages" | cut -f1; }

for i in $(seq 1 "$N"); do
  c1="$WORK/c-inspect-$i"; c2="$WORK/c-restore-$i"; mkdir -p "$c1" "$c2"
  run inspect_cold "$c1" dotnet "$CG" inspect "$PKG@$VER" --framework "$TFM" --quiet --format json
  run inspect_warm "$c1" dotnet "$CG" inspect "$PKG@$VER" --framework "$TFM" --quiet --format json
  rm -rf "$WORK/proj/obj"
  seed "$c2"
  run restore_cold "$c2" dotnet restore "$WORK/proj/Bench.csproj" -nodeReuse:false
  rm -rf "$WORK/proj/obj"
  run restore_warm "$c2" dotnet restore "$WORK/proj/Bench.csproj" -nodeReuse:false
  echo "run $i: inspect cache $(count "$c1") packages / $(size "$c1") MB; restore cache $(count "$c2") packages / $(size "$c2") MB" >&2
  [ "$i" -lt "$N" ] && rm -rf "$c1" "$c2"
done

# Same closure? ids and versions of inspect's JSON vs the project's assets file.
NUGET_PACKAGES="$c1/packages" dotnet "$CG" inspect "$PKG@$VER" --framework "$TFM" --quiet --format json >"$WORK/inspect.json" || true
python3 - "$WORK/inspect.json" "$WORK/proj/obj/project.assets.json" <<'PY'
import json, sys
mine = {(p["id"].lower(), p["version"]) for p in json.load(open(sys.argv[1]))["packages"]}
assets = json.load(open(sys.argv[2]))
theirs = {(k.split("/")[0].lower(), k.split("/")[1]) for k, v in assets["libraries"].items() if v["type"] == "package"}
print("closure vs restore: " + ("identical (%d packages)" % len(mine) if mine == theirs else
      "differs: inspect only %s; restore only %s" % (sorted(mine - theirs), sorted(theirs - mine))))
PY

closure=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["packages"]))' <"$WORK/inspect.json")
python3 - "$WORK/times" "$PKG" "$VER" "$TFM" "$N" "$closure" "$SEED_REF_PACKS" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    label, value = line.split()
    times.setdefault(label, []).append(float(value))
med = {k: statistics.median(v) for k, v in times.items()}
pkg, ver, tfm, n, closure = sys.argv[2:7]
print(f"{pkg} {ver} ({tfm}), closure {closure} packages, {n} runs, ref packs seeded for restore: {'yes' if sys.argv[7] == '1' else 'no'}; medians (all runs in seconds):")
for phase in ("cold", "warm"):
    i, r = med[f"inspect_{phase}"], med[f"restore_{phase}"]
    print(f"  {phase}: crossguard inspect {i:6.2f} s  {sorted(round(x,2) for x in times[f'inspect_{phase}'])}")
    print(f"  {phase}: dotnet restore     {r:6.2f} s  {sorted(round(x,2) for x in times[f'restore_{phase}'])}")
    print(f"  {phase}: ratio restore / inspect = {r / i:.2f}x")
PY
