using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Catalogue;
using CrossGuard.Core.Containers;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Coverage;

/// <summary>An input problem the engine cannot work around (XG9xxx); hosts turn it into one coded error.</summary>
public sealed class CoverageInputException : Exception
{
    public CoverageInputException(DiagnosticCode diagnostic, string message)
        : base(message) => Diagnostic = diagnostic;

    /// <summary>The input error <paramref name="diagnostic"/> with its message for these arguments.</summary>
    public static CoverageInputException From(DiagnosticCode diagnostic, params object?[] args) => new(diagnostic, diagnostic.Format(args));

    public CoverageInputException()
        : this(DiagnosticCatalogue.InternalError, "unknown input error")
    {
    }

    public CoverageInputException(string message, Exception inner)
        : base(message, inner) => Diagnostic = DiagnosticCatalogue.InternalError;

    /// <summary>The catalogue entry of the input error (XG9xxx).</summary>
    public DiagnosticCode Diagnostic { get; }

    /// <summary>"XG9002" etc.</summary>
    public string Code => Diagnostic.Id;
}

/// <summary>
/// Evaluates every package of a restored graph for every declared RID, with the SDK's RID graph: which native files
/// each RID selects, and whether they fit it (OS, architecture, libc, glibc/macOS floor). Shared by the MSBuild task
/// and the CLI so both give the same verdicts.
/// </summary>
public sealed class CoverageEngine
{
    private const string PlaceholderName = "_._";
    private readonly RidGraph _graph;
    private readonly Func<string, NativeBinaryInfo> _inspect;
    private readonly Dictionary<string, NativeBinaryInfo> _inspected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedAssemblyInfo> _managed = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _inspectionClock = new();
    private readonly List<(PackageCoverage Package, string Rid, string Covered, HashSet<string> Libraries)> _missing = new();

    /// <summary>Every selected Linux ELF that fits its RID, for the needed-library check once every package is known (XG2010).</summary>
    private readonly List<(PackageCoverage Package, string Rid, RidInfo RidInfo, string File, NativeBinaryInfo Info)> _fitting = new();

    private readonly InspectionCache? _cache;

    public CoverageEngine(RidGraph graph, Func<string, NativeBinaryInfo>? inspect = null, InspectionCache? cache = null)
    {
        _graph = graph;
        _inspect = inspect ?? NativeBinaryInspector.Inspect;
        _cache = cache;
    }

    /// <summary>How many distinct files were inspected (for logs and benchmarks).</summary>
    public int InspectedFiles => _inspected.Count;

    /// <summary>Wall time spent reading binary headers (for logs and benchmarks).</summary>
    public TimeSpan InspectionTime => _inspectionClock.Elapsed;

    /// <summary>
    /// Runs the check over a restore result for one target framework, named by its TargetFramework alias or its
    /// moniker (both null: the only framework in the file).
    /// </summary>
    public CoverageReport Check(RestoredGraph assets, FrameworkSelector framework, CheckSettings settings)
    {
        foreach (string rid in settings.Rids)
        {
            if (!_graph.IsKnown(rid))
            {
                throw CoverageInputException.From(DiagnosticCatalogue.UnknownRid, rid, _graph.Source);
            }
        }

        RestoredTarget target = framework.Select(assets);
        bool declared = settings.Rids.Count > 0;
        if (!declared)
        {
            settings = settings.WithRids(UndeclaredRids(target));
        }

        var report = new CoverageReport
        {
            Framework = assets.Frameworks.FirstOrDefault(f => string.Equals(f.Key, target.FrameworkKey, StringComparison.OrdinalIgnoreCase))?.Alias is { Length: > 0 } alias ? alias : target.FrameworkKey,
            RidsDeclared = declared,
        };
        if (!declared)
        {
            report.Findings.Add(new Finding(DiagnosticCatalogue.NoRidsDeclared, FindingSeverity.Info, DiagnosticCatalogue.NoRidsDeclared.Format(settings.ProjectName, string.Join(", ", settings.Rids))));
        }

        report.Rids.AddRange(settings.Rids);
        foreach (string rid in settings.Rids)
        {
            report.LibrariesByRid[rid] = new SortedSet<string>(StringComparer.Ordinal);
        }

        _missing.Clear();
        _fitting.Clear();
        Dictionary<string, IReadOnlyList<string>> paths = DependencyPaths(assets, target, settings.ProjectName);
        var ridTargets = settings.Rids.ToDictionary(r => r, r => assets.Target(target.FrameworkKey, r), StringComparer.OrdinalIgnoreCase);
        PreInspect(assets, target, ridTargets.Values, settings.Rids);

        foreach (TargetLibrary library in target.Libraries.Where(l => l.IsPackage).OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase))
        {
            string id = library.Name;
            string version = library.Version;
            IReadOnlyList<string> path = paths.TryGetValue(id, out IReadOnlyList<string>? p) ? p : new[] { settings.ProjectName, id };
            string? folder = assets.Libraries.TryGetValue(id, out RestoredLibrary? lib) ? FindPackageFolder(assets, lib) : null;
            var package = new PackageCoverage(id, version) { Path = path };
            report.Packages.Add(package);
            CheckPackage(report, package, library, lib, folder, ridTargets, settings);
        }

        // Packages that only RID-specific targets contain were brought in by runtime.json; check their natives too.
        foreach (KeyValuePair<string, RestoredTarget?> ridTarget in ridTargets.Where(t => t.Value is not null))
        {
            foreach (TargetLibrary library in ridTarget.Value!.Libraries.Where(l => l.IsPackage && target.Find(l.Name) is null))
            {
                string id = library.Name;
                PackageCoverage? package = report.Packages.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));
                if (package is null)
                {
                    package = new PackageCoverage(id, library.Version) { Path = new[] { settings.ProjectName, "(runtime.json)", id } };
                    report.Packages.Add(package);
                }

                string? folder = assets.Libraries.TryGetValue(id, out RestoredLibrary? lib) ? FindPackageFolder(assets, lib) : null;
                CheckRidOnlyPackage(report, package, library, folder, ridTarget.Key, settings);
            }
        }

        ReportMissing(report);
        DropOverriddenFallbacks(report);
        ReportAlternativeBuilds(report);
        ReportNeeded(report);
        CheckImages(report, settings);

        // Where the image is known to lack a needed library (XG2008), "not every target system has it" (XG2010) says
        // the same thing less exactly for that file and RID: one warning, the certain one.
        report.Findings.RemoveAll(f => f.Code == DiagnosticCatalogue.NeededNotShipped.Id && f.Files.Count > 0
            && report.Findings.Any(i => i.Code == DiagnosticCatalogue.ImageLacksLibrary.Id && i.PackageId == f.PackageId
                && string.Equals(i.Rid, f.Rid, StringComparison.OrdinalIgnoreCase) && i.Files.Count > 0 && i.Files[0] == f.Files[0]));
        ApplySeverityAndSuppressions(report, settings);
        LocateReferences(report, assets);
        return report;
    }

    private void CheckPackage(CoverageReport report, PackageCoverage package, TargetLibrary library, RestoredLibrary? lib,
        string? folder, Dictionary<string, RestoredTarget?> ridTargets, CheckSettings settings)
    {
        // Native assets by RID folder, as NuGet lists them in the RID-neutral target.
        Dictionary<string, List<string>> nativeByRid = ByRid(library, "native");
        Dictionary<string, List<string>> managedByRid = ByRid(library, "runtime");
        List<string> neutralNative = library.NativeLibraries.Where(p => !IsPlaceholder(p)).ToList();
        bool hasRuntimeJson = lib?.HasRuntimeJson == true;

        bool native = neutralNative.Count > 0 || nativeByRid.Values.Any(files => files.Any(f => !IsPlaceholder(f)));
        package.Native = native;
        string via = Via(package.Path);
        string covered = string.Join(", ", nativeByRid.Where(kv => kv.Value.Any(f => !IsPlaceholder(f))).Select(kv => kv.Key).OrderBy(r => r, StringComparer.Ordinal));

        if (native && folder is null)
        {
            throw CoverageInputException.From(DiagnosticCatalogue.PackageFolderMissing, package.Id, package.Version);
        }

        foreach (string folderRid in nativeByRid.Keys.Where(r => !_graph.IsKnown(r)))
        {
            report.Findings.Add(new Finding(DiagnosticCatalogue.UnreachableRidFolder, FindingSeverity.Info, DiagnosticCatalogue.UnreachableRidFolder.Format(package.Id, package.Version, folderRid))
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                DependencyPath = package.Path,
            });
        }

        if (native && !settings.AllowNative)
        {
            string summary = neutralNative.Count > 0
                ? string.Join(", ", neutralNative.Select(Path.GetFileName))
                : "runtimes/{" + covered + "}/native";
            report.Findings.Add(new Finding(DiagnosticCatalogue.NativeNotAllowed, FindingSeverity.Error, DiagnosticCatalogue.NativeNotAllowed.Format(package.Id, package.Version, via, summary, KnownNativePackages.Advice(package.Id, RidOs.Unknown, nativeForbidden: true)))
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                DependencyPath = package.Path,
            });
        }

        var neutralRids = new List<string>();
        Dictionary<string, RuntimeJsonEntry>? runtimeJson = hasRuntimeJson && folder is not null ? ReadRuntimeJson(Path.Combine(folder, "runtime.json")) : null;

        foreach (string rid in settings.Rids)
        {
            var cell = new RidCoverage();
            package.Coverage[rid] = cell;
            RidInfo ridInfo = RidInfo.Parse(rid);

            if (managedByRid.Count > 0 && !managedByRid.Keys.Any(r => _graph.IsCompatible(rid, r)))
            {
                neutralRids.Add(rid);
            }

            if (runtimeJson is not null)
            {
                CheckRuntimeJson(report, package, runtimeJson, rid, via);
            }

            if (!native)
            {
                cell.Status = CoverageStatus.NotNative;
                continue;
            }

            // What the RID selects: NuGet's own per-RID section when restore produced one, else the graph walk NuGet does.
            List<string> selected;
            string? selectedFrom;
            TargetLibrary? ridLibrary = ridTargets[rid]?.Find(library.Name);
            if (ridLibrary is not null)
            {
                selected = ridLibrary.NativeLibraries.ToList();
                selectedFrom = selected.Select(RidFolderOf).FirstOrDefault(r => r is not null);
            }
            else
            {
                selectedFrom = _graph.Chain(rid).FirstOrDefault(nativeByRid.ContainsKey);
                selected = selectedFrom is null ? new List<string>() : nativeByRid[selectedFrom];
                selected = selected.Concat(neutralNative).ToList();
            }

            cell.SelectedFrom = selectedFrom;
            if (selected.Count > 0 && selected.All(IsPlaceholder))
            {
                cell.Status = CoverageStatus.Blocked;
                cell.Reason = $"runtimes/{selectedFrom}/native/_._ blocks this RID on purpose";
                continue;
            }

            selected = selected.Where(f => !IsPlaceholder(f)).ToList();
            cell.Files.AddRange(selected);
            foreach (string file in selected)
            {
                report.LibrariesByRid[rid].Add(Path.GetFileName(file));
            }

            if (selected.Count == 0 && RidOfRidSpecificPackage(package.Id) is { } packageRid && !_graph.IsCompatible(rid, packageRid))
            {
                // runtime.<rid>.<name>: NuGet's convention for a package that serves one RID only (runtime.json
                // redirections; System.IO.Ports 9 depends on all of them at once). Another RID never loads it.
                cell.Status = CoverageStatus.NotNative;
                cell.Reason = $"RID-specific package for {packageRid}; not used on {rid}";
                continue;
            }

            if (selected.Count == 0)
            {
                // Decided once every package is known: a sibling package may ship the same library for this RID.
                cell.Status = CoverageStatus.Missing;
                cell.Reason = "no native assets for this RID; package covers " + covered;
                _missing.Add((package, rid, covered, LibraryNames(nativeByRid.Values.SelectMany(f => f).Concat(neutralNative))));
                continue;
            }

            cell.Status = settings.AllowNative ? CoverageStatus.Ok : CoverageStatus.Forbidden;
            foreach (string file in selected)
            {
                CheckBinary(report, package, cell, folder!, file, rid, ridInfo, selectedFrom, settings, via);
            }
        }

        CheckManagedRidAssets(report, package, library, folder, managedByRid, neutralRids, via, settings);
    }

    /// <summary>
    /// The RIDs checked when a project declares none (XG1011): <see cref="CommonPortableRids"/>, plus the other
    /// desktop/server RIDs (linux, linux-musl, osx, win on x64, x86, arm64, arm) a native dependency ships files for.
    /// Exotic folders (browser-wasm, android, linux-loongarch64, ...) are left out: without a declaration nothing says
    /// the app targets them, and this check is information only.
    /// </summary>
    private List<string> UndeclaredRids(RestoredTarget target)
    {
        var rids = new List<string>(CommonPortableRids);
        IEnumerable<string> covered = target.Libraries.Where(l => l.IsPackage).SelectMany(l => l.RuntimeTargets)
            .Where(a => string.Equals(a.AssetType, "native", StringComparison.OrdinalIgnoreCase) && !IsPlaceholder(a.Path))
            .Select(a => a.Rid.ToLowerInvariant()).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal);
        foreach (string rid in covered)
        {
            string[] parts = rid.Split('-');
            bool desktop = parts.Length is 2 or 3 && parts[parts.Length - 1] is "x64" or "x86" or "arm64" or "arm"
                && (parts.Length == 2 ? parts[0] is "linux" or "osx" or "win" : parts[0] == "linux" && parts[1] == "musl");
            if (desktop && _graph.IsKnown(rid) && !rids.Contains(rid, StringComparer.OrdinalIgnoreCase))
            {
                rids.Add(rid);
            }
        }

        return rids;
    }

    /// <summary>
    /// The RIDs most .NET apps ship, checked when a project declares none: the SDK's portable RIDs for Linux (glibc and
    /// musl) x64, Linux arm64, Apple silicon and Windows x64, each served with a runtime pack.
    /// </summary>
    public static IReadOnlyList<string> CommonPortableRids { get; } = new[] { "linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64", "win-x64" };

    /// <summary>
    /// XG1001 for each package with no natives for a RID, unless another package of the graph ships the same library
    /// for that RID (SkiaSharp's natives live in one package per OS: the Windows package lacking osx is by design).
    /// </summary>
    private void ReportMissing(CoverageReport report)
    {
        foreach ((PackageCoverage package, string rid, string covered, HashSet<string> libraries) in _missing)
        {
            RidCoverage cell = package.Coverage[rid];
            // A sibling ships the same library for the RID, or the package's parent splits its natives into one
            // package per RID (NetVips.Native -> NetVips.Native.win-x86, NetVips.Native.linux-x64, ...).
            PackageCoverage? sibling = report.Packages.FirstOrDefault(other => other != package
                && other.Coverage.TryGetValue(rid, out RidCoverage? c) && c.Files.Count > 0
                && ((libraries.Count > 0 && libraries.All(l => LibraryNames(c.Files).Contains(l))) || SameParent(package, other)));
            if (sibling is not null)
            {
                cell.Status = CoverageStatus.Ok;
                cell.Reason = $"provided for this RID by {sibling.Id}";
                continue;
            }

            // A package with natives for other OSes only is the other half of its parent's per-OS split when a sibling
            // covers this RID (Microsoft.Management.Infrastructure's .Runtime.Win beside .Runtime.Unix): that case is
            // covered above. Otherwise (SkiaSharp 2.88 bringing only its macOS and Win32 packages to a Linux app, whose
            // libSkiaSharp is called on every OS) it fails here, brought by a package or not.
            RidOs os = RidInfo.Parse(rid).Os;
            string advice = KnownNativePackages.Advice(package.Id, os, nativeForbidden: false);
            report.Findings.Add(new Finding(DiagnosticCatalogue.NoNativeForRid, FindingSeverity.Warning,
                DiagnosticCatalogue.NoNativeForRid.Format(package.Id, package.Version, Via(package.Path), covered, rid, advice))
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                Rid = rid,
                DependencyPath = package.Path,
            });
        }
    }

    /// <summary>
    /// XG1002 is no verdict when another package selects a correct file of the same name for the RID: both land in the
    /// app folder and the publish keeps one (NetVips.Native.linux-x64's glibc libvips.so.42 falls back to
    /// linux-musl-x64, NetVips.Native.linux-musl-x64 ships the musl one; the publish carries the musl file, measured).
    /// The publish audit judges the file that is really published.
    /// </summary>
    private static void DropOverriddenFallbacks(CoverageReport report)
    {
        report.Findings.RemoveAll(finding =>
        {
            if (finding.Code != "XG1002" || finding.Rid is not { } rid || finding.Files.Count == 0
                || report.Packages.FirstOrDefault(p => string.Equals(p.Id, finding.PackageId, StringComparison.OrdinalIgnoreCase)) is not { } package)
            {
                return false;
            }

            string name = Path.GetFileName(finding.Files[0]);
            PackageCoverage? winner = report.Packages.FirstOrDefault(other => other != package
                && other.Coverage.TryGetValue(rid, out RidCoverage? c) && c.Status is CoverageStatus.Ok or CoverageStatus.AboveFloor
                && c.Files.Any(f => string.Equals(Path.GetFileName(f), name, StringComparison.Ordinal)));
            if (winner is null)
            {
                return false;
            }

            package.Coverage[rid].Status = CoverageStatus.Ok;
            package.Coverage[rid].Reason = $"'{name}' for this RID comes from {winner.Id}";
            return true;
        });
    }

    private static bool SameParent(PackageCoverage package, PackageCoverage other) =>
        package.Path.Count > 2 && other.Path.Count == package.Path.Count
        && package.Path.Take(package.Path.Count - 1).SequenceEqual(other.Path.Take(other.Path.Count - 1), StringComparer.OrdinalIgnoreCase);

    /// <summary>Loader-neutral library names: "runtimes/x/native/libSkiaSharp.so" and "libSkiaSharp.dll" → "skiasharp".</summary>
    public static HashSet<string> LibraryNames(IEnumerable<string> files)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string file in files)
        {
            string name = Path.GetFileName(file).ToLowerInvariant();
            if (IsPlaceholder(name))
            {
                continue;
            }

            int so = name.IndexOf(".so", StringComparison.Ordinal);
            if (so > 0 && (so + 3 == name.Length || name[so + 3] == '.'))
            {
                name = name.Substring(0, so);
            }
            else
            {
                name = Path.GetFileNameWithoutExtension(name);
            }

            names.Add(name.StartsWith("lib", StringComparison.Ordinal) ? name.Substring(3) : name);
        }

        return names;
    }

    private void CheckRidOnlyPackage(CoverageReport report, PackageCoverage package, TargetLibrary library, string? folder, string rid, CheckSettings settings)
    {
        List<string> selected = library.NativeLibraries.Where(p => !IsPlaceholder(p)).ToList();
        if (selected.Count == 0)
        {
            return;
        }

        package.Native = true;
        if (folder is null)
        {
            throw CoverageInputException.From(DiagnosticCatalogue.PackageFolderMissing, package.Id, package.Version);
        }

        var cell = new RidCoverage { Status = settings.AllowNative ? CoverageStatus.Ok : CoverageStatus.Forbidden, SelectedFrom = selected.Select(RidFolderOf).FirstOrDefault(r => r is not null) };
        cell.Files.AddRange(selected);
        package.Coverage[rid] = cell;
        foreach (string file in selected)
        {
            report.LibrariesByRid[rid].Add(Path.GetFileName(file));
            CheckBinary(report, package, cell, folder, file, rid, RidInfo.Parse(rid), cell.SelectedFrom, settings, Via(package.Path));
        }

        if (!settings.AllowNative && !report.Findings.Any(f => f.Diagnostic == DiagnosticCatalogue.NativeNotAllowed && f.PackageId == package.Id))
        {
            report.Findings.Add(new Finding(DiagnosticCatalogue.NativeNotAllowed, FindingSeverity.Error, DiagnosticCatalogue.NativeNotAllowed.Format(package.Id, package.Version, Via(package.Path), string.Join(", ", selected.Select(Path.GetFileName)), KnownNativePackages.Advice(package.Id, RidOs.Unknown, nativeForbidden: true)))
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                DependencyPath = package.Path,
            });
        }
    }

    private void CheckBinary(CoverageReport report, PackageCoverage package, RidCoverage cell, string folder, string file, string rid,
        RidInfo ridInfo, string? selectedFrom, CheckSettings settings, string via)
    {
        NativeBinaryInfo info = Inspect(Path.Combine(folder, file));
        string advice = KnownNativePackages.Advice(package.Id, ridInfo.Os, nativeForbidden: false);
        if (Unloadable(info, file) is { } why)
        {
            cell.Status = CoverageStatus.Unloadable;
            cell.Reason = why;
            Add(report, DiagnosticCatalogue.UnloadableNativeFile, DiagnosticCatalogue.UnloadableNativeFile.Format(package.Id, package.Version, via, file, rid, why, advice), package, rid, file);
            return;
        }

        if (!info.IsNative)
        {
            return;
        }

        string? mismatch = Mismatch(info, ridInfo);
        if (mismatch is not null)
        {
            cell.Status = CoverageStatus.Wrong;
            cell.Reason = mismatch;
            Add(report, DiagnosticCatalogue.WrongBinaryForRid, DiagnosticCatalogue.WrongBinaryForRid.Format(package.Id, package.Version, via, file, rid, mismatch, advice), package, rid, file);
            return;
        }

        if (ridInfo.Libc == Libc.Musl && info.Libc == Libc.Glibc)
        {
            cell.Status = CoverageStatus.Wrong;
            cell.Reason = $"glibc-linked binary selected from runtimes/{selectedFrom}";
            Add(report, DiagnosticCatalogue.GlibcOnMusl, DiagnosticCatalogue.GlibcOnMusl.Format(package.Id, package.Version, via, rid, file, info.LibcEvidence ?? "glibc", advice), package, rid, file);
            return;
        }

        if (ridInfo.Libc == Libc.Glibc && info.GlibcFloor is { } floor)
        {
            string symbols = string.Join(", ", info.GlibcFloorSymbols.Take(3));
            if (settings.ImageFor(rid) is { Libc: Libc.Glibc, LibcVersion: { } imageGlibc } image)
            {
                // The image is where the app runs: its glibc decides, not the declared floor (XG2007 instead of XG1004).
                if (floor > imageGlibc)
                {
                    cell.Status = CoverageStatus.Wrong;
                    cell.Reason = $"needs glibc {floor}; the image has {imageGlibc}";
                    Add(report, DiagnosticCatalogue.GlibcAboveImage, DiagnosticCatalogue.GlibcAboveImage.Format(package.Id, package.Version, via, file, rid, floor, symbols.Length > 0 ? symbols : "symbol versions", image.Text, image.Describe(), image.Source), package, rid, file, image.Text);
                }
            }
            else if (floor > settings.MinGlibcFor(rid))
            {
                cell.Status = CoverageStatus.AboveFloor;
                cell.Reason = $"needs glibc {floor}";
                Add(report, DiagnosticCatalogue.GlibcFloorTooHigh, DiagnosticCatalogue.GlibcFloorTooHigh.Format(package.Id, package.Version, via, file, rid, floor, symbols.Length > 0 ? symbols : "symbol versions", settings.DescribeMinGlibc(rid)), package, rid, file);
            }
        }

        if (ridInfo.Os == RidOs.Linux && settings.ImageFor(rid) is { ContentsKnown: true } lean)
        {
            CheckImageLibraries(report, package, file, rid, info, lean, via);
        }

        if (ridInfo.Os == RidOs.MacOS && info.MacOsMin is { } macMin && Version.TryParse(Normalize(macMin), out Version? mac) && mac > settings.MinMacOS)
        {
            cell.Status = CoverageStatus.AboveFloor;
            cell.Reason = $"needs macOS {macMin}";
            Add(report, DiagnosticCatalogue.MacOsMinTooHigh, DiagnosticCatalogue.MacOsMinTooHigh.Format(package.Id, package.Version, via, file, rid, macMin, settings.MinMacOS), package, rid, file);
        }

        if (ridInfo.Os == RidOs.Linux && info.Format == BinaryFormat.Elf)
        {
            _fitting.Add((package, rid, ridInfo, file, info));
        }
    }

    /// <summary>
    /// XG2010 for each selected Linux library with a DT_NEEDED library that no package ships for the RID (no selected
    /// file of that name) and that is not part of every system of the RID (<see cref="SystemLibraries.IsProvided"/>):
    /// where it is not installed, the loader refuses the file. A warning, never an error (it may be installed); information
    /// when the package also ships another build of the same library for the RID that needs nothing missing
    /// (librdkafka.redist's librdkafka.so, centos8-librdkafka.so and alpine-librdkafka.so, among which Confluent.Kafka chooses).
    /// </summary>
    private void ReportNeeded(CoverageReport report)
    {
        var shippedByRid = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<List<string>>();
        foreach ((PackageCoverage _, string rid, RidInfo ridInfo, string _, NativeBinaryInfo info) in _fitting)
        {
            if (!shippedByRid.TryGetValue(rid, out HashSet<string>? shipped))
            {
                shippedByRid[rid] = shipped = new HashSet<string>(report.Packages
                    .SelectMany(p => p.Coverage.TryGetValue(rid, out RidCoverage? c) ? c.Files : new List<string>())
                    .Select(f => Path.GetFileName(f)), StringComparer.Ordinal);
            }

            missing.Add(info.Needed.Distinct(StringComparer.Ordinal)
                .Where(n => !shipped.Contains(SystemLibraries.FileNameOf(n)) && !SystemLibraries.IsProvided(n, ridInfo) && !SystemLibraries.IsRuntimeLibrary(n))
                .ToList());
        }

        for (int i = 0; i < _fitting.Count; i++)
        {
            if (missing[i].Count == 0)
            {
                continue;
            }

            (PackageCoverage package, string rid, RidInfo _, string file, NativeBinaryInfo _) = _fitting[i];
            string name = AlternativeStem(file);
            int alternative = Enumerable.Range(0, _fitting.Count).FirstOrDefault(j => j != i && missing[j].Count == 0 && _fitting[j].Package == package
                && string.Equals(_fitting[j].Rid, rid, StringComparison.OrdinalIgnoreCase) && AreAlternatives(name, AlternativeStem(_fitting[j].File)), -1);
            string needs = string.Join(", ", missing[i].Select(DescribeNeeded));
            string message = DiagnosticCatalogue.NeededNotShipped.Format(package.Id, package.Version, Via(package.Path), file, rid, needs, SystemLibraries.FileNameOf(missing[i][0]));
            if (alternative >= 0)
            {
                message += " " + string.Format(CultureInfo.InvariantCulture, CoverageMessages.NeededWithAlternative, _fitting[alternative].File, rid);
            }

            report.Findings.Add(new Finding(DiagnosticCatalogue.NeededNotShipped, alternative >= 0 ? FindingSeverity.Info : FindingSeverity.Warning, message)
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                Rid = rid,
                DependencyPath = package.Path,
                Files = new[] { file },
            });
        }
    }

    /// <summary>"'libfontconfig.so.1' (Debian/Ubuntu package libfontconfig1)", "'libc.musl-x86_64.so.1' (the musl C library: ...)".</summary>
    private static string DescribeNeeded(string needed)
    {
        string name = SystemLibraries.FileNameOf(needed);
        // "libc.so" unversioned is musl's own soname (glibc's is libc.so.6); Alpine's is libc.musl-<arch>.so.1.
        if (name.StartsWith("libc.musl-", StringComparison.Ordinal) || name.StartsWith("ld-musl-", StringComparison.Ordinal) || name == "libc.so")
        {
            return $"'{name}' (the musl C library: the file is a build for Alpine/musl)";
        }

        return SystemLibraries.DistributionPackageOf(name) is { } distribution && distribution.Soname == name
            ? $"'{name}' (Debian/Ubuntu package {distribution.Package})"
            : $"'{name}'";
    }

    /// <summary>"librdkafka" for "runtimes/linux-x64/native/alpine-librdkafka.so"'s sibling "librdkafka.so": the name before ".so".</summary>
    private static string AlternativeStem(string file)
    {
        string name = Path.GetFileName(file);
        int so = name.IndexOf(".so", StringComparison.Ordinal);
        return so > 0 ? name.Substring(0, so) : Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>
    /// Two builds of one library, named "&lt;variant&gt;-libX" or "libX-&lt;variant&gt;" beside "libX" (or each other):
    /// librdkafka.redist's "alpine-librdkafka" / "centos8-librdkafka" / "librdkafka", RocksDB's "librocksdb-musl" /
    /// "librocksdb-jemalloc" / "librocksdb". The managed code of such packages picks one at run time.
    /// </summary>
    private static bool AreAlternatives(string a, string b) =>
        a != b && LibraryVariants(a).Intersect(LibraryVariants(b), StringComparer.Ordinal).Any();

    /// <summary>The name and, without one "-variant" at either end, what is left when it is still a "lib..." name.</summary>
    private static IEnumerable<string> LibraryVariants(string name)
    {
        yield return name;
        int first = name.IndexOf('-');
        int last = name.LastIndexOf('-');
        if (first > 0 && name.Substring(first + 1).StartsWith("lib", StringComparison.Ordinal))
        {
            yield return name.Substring(first + 1);
        }

        if (last > 3 && name.StartsWith("lib", StringComparison.Ordinal))
        {
            yield return name.Substring(0, last);
        }
    }

    /// <summary>
    /// XG1002 for a glibc build that sits beside a build of the same library fitting the musl RID (librdkafka.redist's
    /// alpine-librdkafka.so, RocksDB's librocksdb-musl.so, both in runtimes/linux-x64/native/, which linux-musl-x64 falls
    /// back to): the package's managed code loads the musl build there (Confluent.Kafka and RocksDbSharp carry those
    /// names), so the glibc builds are no failure of the app: information, and the cell fits.
    /// </summary>
    private void ReportAlternativeBuilds(CoverageReport report)
    {
        var relieved = new List<(PackageCoverage Package, string Rid)>();
        for (int i = 0; i < report.Findings.Count; i++)
        {
            Finding finding = report.Findings[i];
            if (finding.Diagnostic != DiagnosticCatalogue.GlibcOnMusl || finding.Rid is null || finding.Files.Count != 1)
            {
                continue;
            }

            string name = AlternativeStem(finding.Files[0]);
            (PackageCoverage package, string _, RidInfo _, string file, NativeBinaryInfo _) = _fitting.FirstOrDefault(f =>
                string.Equals(f.Package.Id, finding.PackageId, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Rid, finding.Rid, StringComparison.OrdinalIgnoreCase)
                && AreAlternatives(name, AlternativeStem(f.File)));
            if (package is null)
            {
                continue;
            }

            report.Findings[i] = new Finding(finding.Diagnostic, FindingSeverity.Info,
                finding.Message + " " + string.Format(CultureInfo.InvariantCulture, CoverageMessages.GlibcOnMuslWithAlternative, file, finding.Rid))
            {
                PackageId = finding.PackageId,
                PackageVersion = finding.PackageVersion,
                Rid = finding.Rid,
                DependencyPath = finding.DependencyPath,
                Files = finding.Files,
            };
            relieved.Add((package, finding.Rid));
        }

        foreach ((PackageCoverage package, string rid) in relieved.Distinct())
        {
            RidCoverage cell = package.Coverage[rid];
            bool stillWrong = report.Findings.Any(f => f.Code is "XG1002" or "XG1003" && f.Severity != FindingSeverity.Info
                && string.Equals(f.PackageId, package.Id, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Rid, rid, StringComparison.OrdinalIgnoreCase));
            if (cell.Status == CoverageStatus.Wrong && !stillWrong)
            {
                cell.Status = CoverageStatus.Ok;
                cell.Reason = "glibc builds beside a musl build of the same library, which the package's managed code loads";
            }
        }
    }

    /// <summary>
    /// Why a selected native file cannot load anywhere (XG1010), or null. Only files that claim to be a loadable
    /// library are judged, by name (<see cref="LooksLikeLoadableLibrary"/>) or by content (an ELF, PE or Mach-O
    /// header): a missing, unreadable, empty or non-binary <c>libfoo.so</c>, a Git LFS pointer committed in its place,
    /// or an ELF / PE / Mach-O image whose header cannot be read far enough to know its architecture. Debug files,
    /// licences, JSON, static archives (.a, .lib) and anything else nothing loads stay outside the verdict.
    /// </summary>
    public static string? Unloadable(NativeBinaryInfo info, string file)
    {
        if (info.Format is BinaryFormat.Elf or BinaryFormat.Pe or BinaryFormat.MachO or BinaryFormat.MachOUniversal)
        {
            return info.Architectures.Count == 0 && info.Error is not null ? $"its {Describe(info.Format)} header cannot be read ({info.Error})" : null;
        }

        if (!LooksLikeLoadableLibrary(file) || info.Format is not BinaryFormat.Unknown)
        {
            return null;
        }

        if (info.IsGitLfsPointer)
        {
            return "it is a Git LFS pointer (a small text file standing in for the binary: the package was packed from a clone without 'git lfs pull')";
        }

        if (info.IsUnreadable)
        {
            return info.Error is { } error && error.EndsWith("does not exist", StringComparison.Ordinal)
                ? "the file is missing from the package folder"
                : $"the file cannot be read ({info.Error})";
        }

        return info.Error is { } problem && problem.EndsWith("is a directory", StringComparison.Ordinal) ? "it is a directory, not a file"
            : info.FileSize == 0 ? "it is an empty file (or not a regular file), not a native binary"
            : info.Architectures.Contains("wasm") ? "it is a WebAssembly module, not a native binary" : "it is not a native binary (no ELF, PE or Mach-O header)";
    }

    /// <summary>
    /// True for the names the runtime's probing loads: <c>*.so</c>, <c>*.so.N[.M...]</c>, <c>*.dylib</c>, <c>*.dll</c>
    /// (any case). Not: <c>.a</c>/<c>.lib</c> (linked by Native AOT, never loaded), <c>.pdb</c>, <c>.dbg</c>,
    /// <c>.debug</c>, <c>.sig</c>, <c>.txt</c>, <c>.json</c>, names without an extension.
    /// </summary>
    public static bool LooksLikeLoadableLibrary(string file)
    {
        string name = Path.GetFileName(file).ToLowerInvariant();
        if (name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal) || name.EndsWith(".so", StringComparison.Ordinal))
        {
            return true;
        }

        // libfoo.so.1, libfoo.so.1.2.3: ".so" followed only by numeric version parts.
        int so = name.LastIndexOf(".so.", StringComparison.Ordinal);
        return so > 0 && name.Substring(so + 4).Split('.').All(part => part.Length > 0 && part.All(char.IsDigit));
    }

    private static string Describe(BinaryFormat format) => format switch
    {
        BinaryFormat.Elf => "ELF",
        BinaryFormat.Pe => "PE",
        _ => "Mach-O",
    };

    /// <summary>Why a native binary cannot load on a RID (another OS's format or another architecture), or null.</summary>
    public static string? Mismatch(NativeBinaryInfo info, RidInfo rid)
    {
        if (rid.Os is RidOs.Linux or RidOs.Windows or RidOs.MacOS && info.Os != RidOs.Unknown && info.Os != rid.Os
            && info.Format != BinaryFormat.StaticArchive)
        {
            return $"a {Describe(info)}";
        }

        if (rid.Architecture is { } arch && info.Architectures.Count > 0 && !info.Architectures.Any(a => ArchitectureFits(a, arch)))
        {
            return $"a {Describe(info)}";
        }

        return null;
    }

    /// <summary>"linux ELF x64 (glibc)", "Windows PE x86", "macOS Mach-O arm64".</summary>
    public static string Describe(NativeBinaryInfo info)
    {
        string os = info.Os switch
        {
            RidOs.Linux => "Linux",
            RidOs.Windows => "Windows",
            RidOs.MacOS => "macOS",
            _ => "non-Linux",
        };
        string format = info.Format switch
        {
            BinaryFormat.Elf => "ELF",
            BinaryFormat.Pe => "PE",
            BinaryFormat.MachO or BinaryFormat.MachOUniversal => "Mach-O",
            BinaryFormat.StaticArchive => "static archive",
            _ => info.Format.ToString(),
        };
        string arch = info.Architectures.Count > 0 ? string.Join("+", info.Architectures) : "unknown-arch";
        string libc = info.Libc is Libc.Glibc or Libc.Musl or Libc.Bionic ? $" ({info.Libc.ToString().ToLowerInvariant()})" : string.Empty;
        return $"{os} {format} {arch}{libc} binary";
    }

    private static bool ArchitectureFits(string binaryArch, string ridArch) =>
        string.Equals(binaryArch, ridArch, StringComparison.OrdinalIgnoreCase)
        || (ridArch is "armel" or "armv6" && string.Equals(binaryArch, "arm", StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string version) => version.Contains('.') ? version : version + ".0";

    private void CheckRuntimeJson(CoverageReport report, PackageCoverage package, Dictionary<string, RuntimeJsonEntry> runtimeJson, string rid, string via)
    {
        List<string> redirecting = runtimeJson.Where(r => r.Value.RedirectedPackages.Contains(package.Id))
            .Select(r => r.Key).OrderBy(r => r, StringComparer.Ordinal).ToList();
        if (redirecting.Count == 0)
        {
            return;
        }

        bool reaches = _graph.Chain(rid).Any(r => redirecting.Contains(r, StringComparer.OrdinalIgnoreCase));
        if (!reaches)
        {
            report.Findings.Add(new Finding(DiagnosticCatalogue.RuntimeJsonMissingRid, FindingSeverity.Warning, DiagnosticCatalogue.RuntimeJsonMissingRid.Format(package.Id, package.Version, via, string.Join(", ", redirecting), rid))
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
                Rid = rid,
                DependencyPath = package.Path,
            });
        }
    }

    private static Dictionary<string, RuntimeJsonEntry>? ReadRuntimeJson(string path)
    {
        try
        {
            return File.Exists(path) ? RuntimeJsonFile.Parse(File.ReadAllBytes(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static Dictionary<string, List<string>> ByRid(TargetLibrary library, string assetType)
    {
        var byRid = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (RuntimeTargetAsset asset in library.RuntimeTargets)
        {
            if (string.Equals(asset.AssetType, assetType, StringComparison.OrdinalIgnoreCase))
            {
                if (!byRid.TryGetValue(asset.Rid, out List<string>? files))
                {
                    byRid[asset.Rid] = files = new List<string>();
                }

                files.Add(asset.Path);
            }
        }

        return byRid;
    }

    /// <summary>
    /// Reads the headers of every native file any declared RID can select, in parallel, before the (ordered,
    /// single-threaded) verdicts: header reads are independent file I/O and dominate a cold check.
    /// </summary>
    private void PreInspect(RestoredGraph assets, RestoredTarget target, IEnumerable<RestoredTarget?> ridTargets, IReadOnlyList<string> rids)
    {
        // Full path -> (package SHA-512, path inside the package) for the machine cache.
        var files = new Dictionary<string, (string? Sha512, string Relative)>(StringComparer.Ordinal);
        IEnumerable<TargetLibrary> libraries = target.Libraries.Concat(ridTargets.Where(t => t is not null).SelectMany(t => t!.Libraries));
        foreach (TargetLibrary library in libraries.Where(l => l.IsPackage))
        {
            if (!assets.Libraries.TryGetValue(library.Name, out RestoredLibrary? lib) || FindPackageFolder(assets, lib) is not { } folder)
            {
                continue;
            }

            IEnumerable<string> candidates = library.NativeLibraries.Concat(library.RuntimeTargets
                .Where(a => string.Equals(a.AssetType, "native", StringComparison.OrdinalIgnoreCase) && rids.Any(r => _graph.IsCompatible(r, a.Rid)))
                .Select(a => a.Path));
            foreach (string file in candidates.Where(f => !IsPlaceholder(f)))
            {
                files[Path.Combine(folder, file)] = (lib.Sha512, file);
            }
        }

        _inspectionClock.Start();
        var pending = new List<string>();
        foreach (KeyValuePair<string, (string? Sha512, string Relative)> file in files.Where(f => !_inspected.ContainsKey(f.Key)))
        {
            NativeBinaryInfo? cached = _cache is not null && file.Value.Sha512 is { } sha ? _cache.TryGet(sha, file.Value.Relative, file.Key) : null;
            if (cached is not null)
            {
                _inspected[file.Key] = cached;
            }
            else
            {
                pending.Add(file.Key);
            }
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, NativeBinaryInfo>(StringComparer.Ordinal);
        if (pending.Count < 4)
        {
            pending.ForEach(file => results[file] = _inspect(file));
        }
        else
        {
            System.Threading.Tasks.Parallel.ForEach(pending, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, Environment.ProcessorCount) },
                file => results[file] = _inspect(file));
        }

        foreach (KeyValuePair<string, NativeBinaryInfo> result in results)
        {
            _inspected[result.Key] = result.Value;
            if (_cache is not null && files[result.Key].Sha512 is { } sha)
            {
                _cache.Add(sha, files[result.Key].Relative, result.Value);
            }
        }

        _cache?.Save();
        _inspectionClock.Stop();
    }

    private NativeBinaryInfo Inspect(string fullPath)
    {
        if (!_inspected.TryGetValue(fullPath, out NativeBinaryInfo? info))
        {
            _inspectionClock.Start();
            info = _inspect(fullPath);
            _inspectionClock.Stop();
            _inspected[fullPath] = info;
        }

        return info;
    }

    private static void Add(CoverageReport report, DiagnosticCode code, string message, PackageCoverage package, string rid, string file, string? image = null) =>
        report.Findings.Add(new Finding(code, FindingSeverity.Warning, message)
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
            Image = image,
            Rid = rid,
            DependencyPath = package.Path,
            Files = new[] { file },
        });

    /// <summary>
    /// XG2008: a library the binary needs (DT_NEEDED) that is a distribution library and that the image is known not
    /// to carry (only images whose contents are known: the .NET images, see <see cref="BaseImage.Lacks"/>).
    /// </summary>
    private static void CheckImageLibraries(CoverageReport report, PackageCoverage package, string file, string rid, NativeBinaryInfo info, BaseImage image, string via)
    {
        foreach (string needed in info.Needed)
        {
            if (SystemLibraries.DistributionPackageOf(needed) is { } distribution && image.Lacks(SystemLibraries.Stem(needed))
                && !report.Findings.Any(f => f.Code == DiagnosticCatalogue.ImageLacksLibrary.Id && f.PackageId == package.Id && f.Rid == rid && f.Message.Contains("'" + needed + "'", StringComparison.Ordinal)))
            {
                Add(report, DiagnosticCatalogue.ImageLacksLibrary, DiagnosticCatalogue.ImageLacksLibrary.Format(package.Id, package.Version, via, file, rid, needed, image.Text, image.Family ?? image.Distribution, distribution.Package), package, rid, file, image.Text);
            }
        }
    }

    /// <summary>
    /// XG2006 and XG2009, once per container RID and image: the RID's libc (or OS) against the image's, and an image
    /// the table does not know (information: its libc is not assumed, so the declared floors apply).
    /// </summary>
    private static void CheckImages(CoverageReport report, CheckSettings settings)
    {
        var unknownReported = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, BaseImage> entry in settings.Images.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            string rid = entry.Key;
            BaseImage image = entry.Value;
            if (!image.Known)
            {
                if (unknownReported.Add(image.Text))
                {
                    report.Findings.Add(new Finding(DiagnosticCatalogue.UnknownImage, FindingSeverity.Info, DiagnosticCatalogue.UnknownImage.Format(image.Text, image.UnknownReason, string.Join(", ", settings.Images.Where(e => e.Value.Text == image.Text).Select(e => e.Key).OrderBy(r => r, StringComparer.OrdinalIgnoreCase))))
                    {
                        Image = image.Text,
                    });
                }

                continue;
            }

            RidInfo ridInfo = RidInfo.Parse(rid);
            if (ContainerMessages.Mismatch(ridInfo, image) is { } mismatch)
            {
                // A framework-dependent app in an image that has .NET runs on the image's own dotnet: only a libc
                // mismatch of its RID-specific natives breaks it there, so that stays a warning: its Rid is left
                // null, which keeps the RID being published from promoting it (Rids still names the RID).
                bool onImageRuntime = !settings.ContainerSelfContained && image.HasDotNetRuntime && ridInfo.Os == image.Os;
                string text = DiagnosticCatalogue.RidImageMismatch.Format(rid, image.Text, image.Describe(), image.Source, mismatch)
                    + (onImageRuntime ? " " + ContainerMessages.FrameworkDependentOnImageRuntime : string.Empty);
                report.Findings.Add(new Finding(DiagnosticCatalogue.RidImageMismatch, FindingSeverity.Warning, text)
                {
                    Image = image.Text,
                    Rid = onImageRuntime ? null : rid,
                    Rids = new[] { rid },
                });
            }
        }
    }

    /// <summary>
    /// Problems for the RID being built are errors, others warnings; XG1006 is always an error; suppressions win.
    /// Only codes the catalogue marks ErrorEscalation.ForTargetRid are raised (XG1007 is never an error). A glibc/macOS floor above the declared minimum (XG1004/XG1005) stays a warning even for the current RID: the
    /// binary works on newer targets, so whether it breaks depends on where it is deployed.
    /// </summary>
    private static void ApplySeverityAndSuppressions(CoverageReport report, CheckSettings settings)
    {
        foreach (Finding finding in report.Findings)
        {
            if (!report.RidsDeclared)
            {
                // No RID declared (XG1011): the RIDs were guessed, so nothing found for them may warn or fail.
                finding.Severity = FindingSeverity.Info;
                continue;
            }

            if (finding.Severity == FindingSeverity.Warning && finding.Rid is not null && finding.Diagnostic.Escalation == ErrorEscalation.ForTargetRid
                && settings.IsErrorRid(finding.Rid))
            {
                finding.Severity = FindingSeverity.Error;
            }

            finding.SuppressedBecause ??= Suppression.ReasonFor(settings.Suppressions, finding);
        }
    }

    /// <summary>
    /// Where each finding's PackageReference is: for a path app -> lib1 -> lib2 -> ZstdNet -> X, the reference to
    /// ZstdNet in lib2's project file (the last project of the chain), else the checked project's reference to the
    /// head of the path.
    /// </summary>
    private static void LocateReferences(CoverageReport report, RestoredGraph assets)
    {
        foreach (Finding finding in report.Findings.Where(f => f.DependencyPath.Count > 1))
        {
            IReadOnlyList<string> path = finding.DependencyPath;
            int last = 0;
            for (int i = 1; i < path.Count - 1; i++)
            {
                if (assets.ProjectReferences.ContainsKey(path[i]))
                {
                    last = i;
                }
            }

            finding.ReferencedIn = last > 0 ? assets.ProjectReferences[path[last]] : null;
            finding.Reference = path[last + 1];
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> DependencyPaths(RestoredGraph assets, RestoredTarget target, string projectName)
    {
        // The project's direct references for this framework: its "project.frameworks" entry, matched by key.
        List<ProjectFramework> frameworks = assets.Frameworks.Where(f => string.Equals(f.Key, target.FrameworkKey, StringComparison.OrdinalIgnoreCase)).ToList();
        if (frameworks.Count == 0)
        {
            frameworks = assets.Frameworks;
        }

        var paths = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<TargetLibrary>();
        foreach (string name in frameworks.SelectMany(f => f.Dependencies).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (target.Find(name) is { } library)
            {
                paths[name] = new[] { projectName, library.Name };
                queue.Enqueue(library);
            }
        }

        // Then the referenced projects the checked project references itself (those no other referenced project
        // depends on), so a package only a ProjectReference brings gets its chain: app -> lib1 -> lib2 -> ZstdNet.
        List<TargetLibrary> projects = target.Libraries.Where(l => string.Equals(l.Type, "project", StringComparison.OrdinalIgnoreCase)).ToList();
        var referencedByProjects = new HashSet<string>(projects.SelectMany(p => p.Dependencies), StringComparer.OrdinalIgnoreCase);
        foreach (TargetLibrary project in projects.Where(p => !referencedByProjects.Contains(p.Name) && !paths.ContainsKey(p.Name)))
        {
            paths[project.Name] = new[] { projectName, project.Name };
            queue.Enqueue(project);
        }

        while (queue.Count > 0)
        {
            TargetLibrary current = queue.Dequeue();
            foreach (string dependency in current.Dependencies)
            {
                if (!paths.ContainsKey(dependency) && target.Find(dependency) is { } child)
                {
                    paths[dependency] = paths[current.Name].Concat(new[] { child.Name }).ToArray();
                    queue.Enqueue(child);
                }
            }
        }

        return paths;
    }

    private string? FindPackageFolder(RestoredGraph assets, RestoredLibrary library)
    {
        if (library.Path is null)
        {
            return null;
        }

        if (!_folders.TryGetValue(library.Path, out string? found))
        {
            found = assets.PackageFolders.Select(f => Path.Combine(f, library.Path)).FirstOrDefault(Directory.Exists);
            _folders[library.Path] = found;
        }

        return found;
    }

    /// <summary>"via App → A → B" for messages (just "direct reference" for a top-level package).</summary>
    public static string Via(IReadOnlyList<string> path) =>
        path.Count <= 2 ? "referenced directly" : "via " + string.Join(" -> ", path);

    private static string? RidFolderOf(string path)
    {
        string[] parts = path.Replace('\\', '/').Split('/');
        return parts.Length > 2 && string.Equals(parts[0], "runtimes", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
    }

    /// <summary>
    /// XG1007, one finding per package for every checked RID that gets the RID-neutral assembly of a package that also
    /// ships RID-specific ones. What the neutral assembly is decides: a full implementation (System.Text.Encodings.Web's
    /// lib/net8.0 beside its runtimes/browser build) is no finding; a PlatformNotSupported stub, decoded from its IL
    /// (System.Security.Cryptography.ProtectedData 4.5.0's lib/netstandard2.0) is a warning; one that declares at assembly
    /// level that it does not support the RID's OS (System.Diagnostics.EventLog) is information, as CA1416 reports every
    /// unguarded use. RID-specific folders only for platforms the app does not ship (browser, wasi, ios, android,
    /// maccatalyst...) say nothing about the shipped RIDs: no finding. Never an error (ErrorEscalation.Never in the catalogue).
    /// </summary>
    private void CheckManagedRidAssets(CoverageReport report, PackageCoverage package, TargetLibrary library, string? folder,
        Dictionary<string, List<string>> managedByRid, List<string> rids, string via, CheckSettings settings)
    {
        if (rids.Count == 0 || managedByRid.Keys.All(r => IsUnshippedAppPlatform(r, settings.Rids)))
        {
            return;
        }

        string covered = string.Join(", ", managedByRid.Keys.OrderBy(r => r, StringComparer.Ordinal));
        List<string> neutral = library.RuntimeAssemblies.Where(a => !IsPlaceholder(a)).ToList();
        var specificNames = new HashSet<string>(managedByRid.Values.SelectMany(f => f).Select(Path.GetFileName).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        List<string> candidates = neutral.Where(a => specificNames.Contains(Path.GetFileName(a))).ToList();
        if (candidates.Count == 0)
        {
            candidates = neutral;
        }

        string ending;
        List<string> affected = rids;
        if (candidates.Count == 0 || folder is null)
        {
            ending = CoverageMessages.NoNeutralAssembly + " " + KnownNativePackages.ManagedAssetAdvice(package.Id);
        }
        else
        {
            List<(string File, ManagedAssemblyInfo Info)> assemblies = candidates.Select(a => (a, InspectManaged(Path.Combine(folder, a)))).ToList();
            (string file, ManagedAssemblyInfo info) = assemblies.FirstOrDefault(a => !a.Info.Readable);
            if (file is not null)
            {
                ending = string.Format(CultureInfo.InvariantCulture, CoverageMessages.NeutralAssemblyUnreadable, file) + " " + KnownNativePackages.ManagedAssetAdvice(package.Id);
            }
            else
            {
                // Declared platforms: CA1416 covers every use from the app's code; the RIDs whose OS they include get
                // an assembly that says it works there.
                affected = rids.Where(r => !assemblies.All(a => ExcludesPlatform(a.Info, RidInfo.PlatformName(r)))).ToList();
                List<string> declaring = rids.Except(affected, StringComparer.OrdinalIgnoreCase).ToList();
                (file, info) = assemblies.FirstOrDefault(a => a.Info.IsPlatformNotSupportedStub);
                if (declaring.Count > 0)
                {
                    string declared = string.Join("; ", assemblies.Select(a => Declaration(a.Info)).Distinct(StringComparer.Ordinal));
                    string stub = file is null ? string.Empty : $" (and is a PlatformNotSupported stub: {info.StubEvidence})";
                    AddManagedRidFinding(report, package, via, covered, declaring, FindingSeverity.Info,
                        string.Format(CultureInfo.InvariantCulture, CoverageMessages.NeutralAssemblyDeclaresPlatforms, string.Join(", ", assemblies.Select(a => a.File)), declared, stub), assemblies[0].File);
                }

                if (file is null || affected.Count == 0)
                {
                    return;
                }

                ending = string.Format(CultureInfo.InvariantCulture, CoverageMessages.NeutralAssemblyIsStub, file, info.StubEvidence) + " " + KnownNativePackages.ManagedAssetAdvice(package.Id);
                candidates = new List<string> { file };
            }
        }

        // A stub only other packages call (a transitive dependency: MSAL.Extensions -> ProtectedData 4.5.0, which it calls
        // only after checking for Windows) is information: the app's own code cannot reach it without referencing it.
        bool stubOfDependency = candidates.Count == 1 && folder is not null && package.Path.Count > 2 && ending.StartsWith(StubEndingStart, StringComparison.Ordinal);
        AddManagedRidFinding(report, package, via, covered, affected, stubOfDependency ? FindingSeverity.Info : FindingSeverity.Warning,
            stubOfDependency ? ending + " " + CoverageMessages.StubOnlyCalledByDependencies : ending, candidates.FirstOrDefault());
    }

    private static readonly string StubEndingStart = CoverageMessages.NeutralAssemblyIsStub.Substring(0, CoverageMessages.NeutralAssemblyIsStub.IndexOf('{', StringComparison.Ordinal));

    private static void AddManagedRidFinding(CoverageReport report, PackageCoverage package, string via, string covered, List<string> rids,
        FindingSeverity severity, string ending, string? file) =>
        report.Findings.Add(new Finding(DiagnosticCatalogue.ManagedRidAssetMissing, severity, DiagnosticCatalogue.ManagedRidAssetMissing.Format(package.Id, package.Version, via, covered, string.Join(", ", rids), ending))
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
            Rid = rids.Count == 1 ? rids[0] : null,
            Rids = rids.ToArray(),
            DependencyPath = package.Path,
            Files = file is null ? Array.Empty<string>() : new[] { file },
        });

    /// <summary>
    /// A RID folder for a platform none of the app's RIDs is on, among those an app for desktop and server OSes never
    /// reaches (System.Text.Encodings.Web's runtimes/browser, runtimes/wasi): it tells nothing about the shipped RIDs.
    /// </summary>
    private static bool IsUnshippedAppPlatform(string folderRid, IReadOnlyList<string> rids)
    {
        string platform = RidInfo.PlatformName(folderRid);
        return platform is "browser" or "wasi" or "ios" or "iossimulator" or "tvos" or "tvossimulator" or "android" or "maccatalyst"
            && !rids.Any(r => string.Equals(RidInfo.PlatformName(r), platform, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the assembly declares, at assembly level, that it does not support the platform.</summary>
    private static bool ExcludesPlatform(ManagedAssemblyInfo info, string platform)
    {
        static string Name(string p) => p == "osx" ? "macos" : p;
        bool supportedElsewhere = info.SupportedOSPlatforms.Count > 0 && !info.SupportedOSPlatforms.Select(Name).Contains(platform)
            && !(platform != "windows" && info.SupportedOSPlatforms.Contains("unix"));
        return supportedElsewhere || info.UnsupportedOSPlatforms.Select(Name).Contains(platform);
    }

    /// <summary>"[SupportedOSPlatform] for windows only" / "[UnsupportedOSPlatform] for browser, ios".</summary>
    private static string Declaration(ManagedAssemblyInfo info) =>
        info.SupportedOSPlatforms.Count > 0
            ? "[SupportedOSPlatform] for " + string.Join(", ", info.SupportedOSPlatforms.OrderBy(p => p, StringComparer.Ordinal)) + " only"
            : "[UnsupportedOSPlatform] for " + string.Join(", ", info.UnsupportedOSPlatforms.OrderBy(p => p, StringComparer.Ordinal));

    private ManagedAssemblyInfo InspectManaged(string fullPath)
    {
        if (!_managed.TryGetValue(fullPath, out ManagedAssemblyInfo? info))
        {
            _inspectionClock.Start();
            info = ManagedPlatforms.Inspect(fullPath);
            _inspectionClock.Stop();
            _managed[fullPath] = info;
        }

        return info;
    }

    /// <summary>"linux-arm64" for "runtime.linux-arm64.runtime.native.System.IO.Ports", when the graph knows that RID.</summary>
    private string? RidOfRidSpecificPackage(string id)
    {
        if (!id.StartsWith("runtime.", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int end = id.IndexOf('.', 8);
        string rid = end < 0 ? string.Empty : id.Substring(8, end - 8);
        return rid.Length > 0 && _graph.IsKnown(rid) ? rid : null;
    }

    private static bool IsPlaceholder(string path) => Path.GetFileName(path) == PlaceholderName;

}
