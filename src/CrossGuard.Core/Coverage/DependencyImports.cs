using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Catalogue;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Publish;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Coverage;

/// <summary>How one imported library is satisfied on one RID.</summary>
public enum ImportResolution
{
    /// <summary>One of the .NET runtime's own libraries (libSystem.Native, QCall).</summary>
    Runtime,

    /// <summary>A native file of the app's closure for that RID (a package asset or a file of the project).</summary>
    Shipped,

    /// <summary>A native file some package of the closure ships for other RIDs: XG1001 / XG1010 judge it, not XG1012.</summary>
    ShippedForOtherRids,

    /// <summary>Part of every target of the RID's OS (the C runtime, System32, /usr/lib, the frameworks).</summary>
    BaseSystem,

    /// <summary>A library of another OS only (kernel32 on Linux): reached only behind an OS check.</summary>
    OtherOs,

    /// <summary>A system library nothing ships and only some targets have installed (libgdiplus, libpcap, wpcap): XG1012.</summary>
    NeedsInstall,
}

/// <summary>
/// The C boundary inside managed dependencies: for each RID, the runtime assemblies NuGet selects for it (RID-specific
/// <c>runtimes/&lt;rid&gt;/lib</c> ones included), their P/Invoke surface read from metadata (<see cref="PInvokeSurface"/>,
/// cached per package hash in the <see cref="InspectionCache"/>), and every imported library resolved as the runtime
/// probes it (<see cref="NativeProbe.NameVariations"/>): shipped by a native file of the closure for that RID, one of
/// the runtime's own, a base library of the target OS, another OS's library, or a system library that nothing ships
/// (XG1012, a warning: it works where it is installed). Imports that [SupportedOSPlatform] / [UnsupportedOSPlatform]
/// keep off the RID's platform (method, type or assembly level) are skipped.
/// </summary>
internal sealed class DependencyImports
{
    private readonly RidGraph _graph;
    private readonly InspectionCache? _cache;
    private readonly Stopwatch _clock;
    private readonly Dictionary<string, PInvokeSurface> _surfaces = new(StringComparer.Ordinal);

    public DependencyImports(RidGraph graph, InspectionCache? cache, Stopwatch clock)
    {
        _graph = graph;
        _cache = cache;
        _clock = clock;
    }

    /// <summary>Managed assemblies whose metadata was read or answered from the cache (for logs and benchmarks).</summary>
    public int ReadAssemblies => _surfaces.Count;

    /// <summary>One package of the graph, as the engine resolved it.</summary>
    public sealed record Package(PackageCoverage Coverage, TargetLibrary Library, string? Folder, string? Sha512);

    /// <summary>Adds XG1012 findings and the cells' needed libraries; records every imported library per RID in the report.</summary>
    public void Check(CoverageReport report, IReadOnlyList<Package> packages, IReadOnlyDictionary<string, RestoredTarget?> ridTargets, CheckSettings settings)
    {
        // Which assemblies each package contributes on each RID.
        var selected = new Dictionary<(Package Package, string Rid), List<string>>();
        var files = new Dictionary<string, (string? Sha512, string Relative)>(StringComparer.Ordinal);
        foreach (Package package in packages.Where(p => p.Folder is not null))
        {
            foreach (string rid in settings.Rids)
            {
                List<string> assemblies = SelectedAssemblies(package.Library, ridTargets.TryGetValue(rid, out RestoredTarget? t) ? t?.Find(package.Library.Name) : null, rid);
                if (assemblies.Count == 0)
                {
                    continue;
                }

                selected[(package, rid)] = assemblies;
                foreach (string assembly in assemblies)
                {
                    files[Path.Combine(package.Folder!, assembly)] = (package.Sha512, assembly);
                }
            }
        }

        ReadSurfaces(files);
        HashSet<string> shippedAnywhere = ShippedStems(packages);

        // (package, assembly, library as loaded, OS family) → RIDs and entry points.
        var needs = new Dictionary<(Package Package, string Assembly, string Import, string Loaded), Need>();
        foreach (((Package package, string rid), List<string> assemblies) in selected)
        {
            RidInfo info = RidInfo.Parse(rid);
            string platform = RidInfo.PlatformName(rid);
            SortedSet<string> closure = report.LibrariesByRid.TryGetValue(rid, out SortedSet<string>? libraries) ? libraries : new SortedSet<string>(StringComparer.Ordinal);
            if (!report.ImportsByRid.TryGetValue(rid, out SortedSet<string>? imported))
            {
                report.ImportsByRid[rid] = imported = new SortedSet<string>(StringComparer.Ordinal);
            }

            foreach (string assembly in assemblies)
            {
                PInvokeSurface surface = _surfaces[Path.Combine(package.Folder!, assembly)];
                var resolved = new List<(PInvokeImport Import, ImportResolution Resolution, string Loaded)>();
                foreach (PInvokeImport import in surface.Imports.Where(i => !i.ExcludedOn(platform)))
                {
                    IReadOnlyList<string> aliases = surface.AliasesFor(import.Library, Suffix(info.Os), SystemLibraries.Stem);
                    (ImportResolution resolution, string loaded) = Resolve(import.Library, aliases, info, closure, shippedAnywhere);
                    resolved.Add((import, resolution, loaded));
                    imported.Add(import.Library);
                }

                // A native wrapper whose own library travels with it (SkiaSharp's libSkiaSharp) and that imports another
                // one for an optional feature (ANGLE's libEGL.dll): information, not a warning about the package.
                string? main = resolved.Where(r => r.Resolution == ImportResolution.Shipped).OrderByDescending(r => r.Import.EntryPoints).Select(r => r.Loaded).FirstOrDefault();
                foreach ((PInvokeImport import, ImportResolution resolution, string loaded) in resolved.Where(r => r.Resolution == ImportResolution.NeedsInstall))
                {
                    imported.Add(loaded);
                    var key = (package, assembly, import.Library, loaded);
                    if (!needs.TryGetValue(key, out Need? need))
                    {
                        needs[key] = need = new Need(surface.System32Only);
                    }

                    need.EntryPoints[rid] = need.EntryPoints.TryGetValue(rid, out int n) ? n + import.EntryPoints : import.EntryPoints;
                    need.ShippedMain ??= main;
                }
            }
        }

        // Most entry points first, so a cell reads "needs libgdiplus +2" rather than naming a printing helper.
        foreach (((Package package, string assembly, string import, string loaded), Need need) in needs.OrderByDescending(n => n.Value.EntryPoints.Values.Max()))
        {
            List<string> rids = settings.Rids.Where(need.EntryPoints.ContainsKey).ToList();
            AddFinding(report, package, assembly, import, loaded, rids, need, settings);
            foreach (string rid in need.ShippedMain is null ? rids : new List<string>())
            {
                if (!package.Coverage.Coverage.TryGetValue(rid, out RidCoverage? cell))
                {
                    package.Coverage.Coverage[rid] = cell = new RidCoverage { Status = CoverageStatus.NotNative };
                }

                if (!cell.NeedsInstalled.Contains(loaded, StringComparer.Ordinal))
                {
                    cell.NeedsInstalled.Add(loaded);
                }

                if (cell.Status is CoverageStatus.NotNative or CoverageStatus.Ok)
                {
                    cell.Status = CoverageStatus.NeedsSystemLibrary;
                    cell.Reason = "needs " + string.Join(", ", cell.NeedsInstalled) + " installed on the target";
                }
            }
        }
    }

    /// <summary>
    /// How <paramref name="import"/> is satisfied on <paramref name="rid"/>, and the name to report. Only when the name
    /// as written is satisfied nowhere are the <paramref name="aliases"/> its own resolver loads instead tried
    /// (SharpPcap's "wpcap" is "libpcap.dylib" on macOS: a base library there; "libpcap.so.0.8" on Linux: to install).
    /// </summary>
    public static (ImportResolution Resolution, string Loaded) Resolve(string import, IReadOnlyList<string> aliases, RidInfo rid,
        IEnumerable<string> closureFiles, ISet<string> shippedStems)
    {
        List<string> closure = closureFiles.ToList();
        ImportResolution direct = ResolveName(import, rid, closure, shippedStems);
        if (direct != ImportResolution.NeedsInstall)
        {
            return (direct, import);
        }

        foreach (string alias in aliases)
        {
            ImportResolution resolution = ResolveName(alias, rid, closure, shippedStems);
            if (resolution is not (ImportResolution.NeedsInstall or ImportResolution.OtherOs))
            {
                return (resolution, alias);
            }
        }

        // The name a person installs: "libgdiplus" (as written), "libpcap" (from the resolver's "libpcap.so.0.8"), "wpcap".
        string loaded = aliases.Count == 0 || SystemLibraries.Stem(aliases[0]) == SystemLibraries.Stem(import) ? SystemLibraries.FileNameOf(import)
            : rid.Os == RidOs.Windows ? SystemLibraries.FileNameOf(aliases[0]) : "lib" + SystemLibraries.Stem(aliases[0]);
        return (ImportResolution.NeedsInstall, loaded);
    }

    private static ImportResolution ResolveName(string name, RidInfo rid, List<string> closure, ISet<string> shippedStems)
    {
        if (SystemLibraries.IsRuntimeLibrary(name))
        {
            return ImportResolution.Runtime;
        }

        StringComparison comparison = rid.Os == RidOs.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (NativeProbe.NameVariations(name, rid.Os).Select(SystemLibraries.FileNameOf).Any(v => closure.Any(f => string.Equals(f, v, comparison))))
        {
            return ImportResolution.Shipped;
        }

        if (SystemLibraries.IsBaseSystemLibrary(name, rid))
        {
            return ImportResolution.BaseSystem;
        }

        if (SystemLibraries.ForeignOsOf(name, rid) is not null)
        {
            return ImportResolution.OtherOs;
        }

        // "grpc_csharp_ext" is shipped as libgrpc_csharp_ext.x64.so / grpc_csharp_ext.x86.dll (Grpc.Core loads them itself).
        string stem = SystemLibraries.Stem(name);
        return shippedStems.Contains(stem) || shippedStems.Any(s => s.Length > stem.Length && s.StartsWith(stem, StringComparison.Ordinal) && s[stem.Length] is '.' or '-' or '_')
            ? ImportResolution.ShippedForOtherRids
            : ImportResolution.NeedsInstall;
    }

    private static string Suffix(RidOs os) => os switch
    {
        RidOs.Windows => ".dll",
        RidOs.MacOS => ".dylib",
        _ => ".so",
    };

    /// <summary>Stems of every native file any package of the closure ships, for any RID (their gaps are XG1001's).</summary>
    private static HashSet<string> ShippedStems(IReadOnlyList<Package> packages)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (Package package in packages)
        {
            IEnumerable<string> natives = package.Library.NativeLibraries.Concat(package.Library.RuntimeTargets
                .Where(a => string.Equals(a.AssetType, "native", StringComparison.OrdinalIgnoreCase)).Select(a => a.Path));
            foreach (string file in natives.Where(f => CoverageEngine.LooksLikeLoadableLibrary(f)))
            {
                stems.Add(SystemLibraries.Stem(file));
            }
        }

        return stems;
    }

    /// <summary>
    /// The runtime assemblies a RID gets from a package: NuGet's own per-RID section when restore produced one, else the
    /// most specific <c>runtimes/&lt;rid&gt;/lib</c> folder the RID graph reaches, else the RID-neutral <c>lib/</c> ones.
    /// </summary>
    private List<string> SelectedAssemblies(TargetLibrary library, TargetLibrary? ridLibrary, string rid)
    {
        IEnumerable<string> assemblies;
        if (ridLibrary is not null)
        {
            assemblies = ridLibrary.RuntimeAssemblies;
        }
        else
        {
            var byRid = library.RuntimeTargets.Where(a => string.Equals(a.AssetType, "runtime", StringComparison.OrdinalIgnoreCase))
                .GroupBy(a => a.Rid, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Select(a => a.Path).ToList(), StringComparer.OrdinalIgnoreCase);
            string? from = _graph.Chain(rid).FirstOrDefault(byRid.ContainsKey);
            assemblies = from is null ? library.RuntimeAssemblies : byRid[from];
        }

        return assemblies.Where(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(a) != "_._").Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads every assembly's surface once: from the machine cache, else from metadata (in parallel for more than a few).</summary>
    private void ReadSurfaces(Dictionary<string, (string? Sha512, string Relative)> files)
    {
        _clock.Start();
        var pending = new List<string>();
        foreach (KeyValuePair<string, (string? Sha512, string Relative)> file in files.Where(f => !_surfaces.ContainsKey(f.Key)))
        {
            PInvokeSurface? cached = _cache is not null && file.Value.Sha512 is { } sha ? _cache.TryGetSurface(sha, file.Value.Relative, file.Key) : null;
            if (cached is not null)
            {
                _surfaces[file.Key] = cached;
            }
            else
            {
                pending.Add(file.Key);
            }
        }

        var results = new ConcurrentDictionary<string, PInvokeSurface>(StringComparer.Ordinal);
        if (pending.Count < 4)
        {
            pending.ForEach(file => results[file] = PInvokeSurface.Read(file));
        }
        else
        {
            Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, Environment.ProcessorCount) }, file => results[file] = PInvokeSurface.Read(file));
        }

        foreach (KeyValuePair<string, PInvokeSurface> result in results)
        {
            _surfaces[result.Key] = result.Value;

            // Only assemblies that import something are kept: one without ImplMap rows (most of a graph) is answered
            // from its table header, which costs no more than the cache's own lookup, and cold builds write no file for it.
            if (_cache is not null && files[result.Key].Sha512 is { } sha && result.Value.Imports.Count > 0)
            {
                _cache.AddSurface(sha, files[result.Key].Relative, result.Key, result.Value);
            }
        }

        if (!results.IsEmpty)
        {
            _cache?.Save();
        }

        _clock.Stop();
    }

    private static void AddFinding(CoverageReport report, Package package, string assembly, string import, string loaded, List<string> rids, Need need, CheckSettings settings)
    {
        PackageCoverage coverage = package.Coverage;
        int entryPoints = need.EntryPoints.Values.Max();
        string library = string.Equals(import, loaded, StringComparison.OrdinalIgnoreCase) || SystemLibraries.Stem(import) == SystemLibraries.Stem(loaded)
            ? $"'{import}'"
            : $"'{import}' (loaded as {loaded} by its own resolver)";
        string message = DiagnosticCatalogue.DependencyImportNotShipped.Format(coverage.Id, coverage.Version, CoverageEngine.Via(coverage.Path), assembly,
            library, entryPoints, entryPoints == 1 ? "entry point" : "entry points", string.Join(", ", rids), InstallAdvice(package.Coverage.Id, loaded, rids, need, settings.AllowNative));
        if (need.ShippedMain is { } main)
        {
            message += $" Its own native library ('{main}') is shipped with it, so this is an optional part of the package: reported as information.";
        }

        FindingSeverity severity = need.ShippedMain is not null ? FindingSeverity.Info : settings.AllowNative ? FindingSeverity.Warning : FindingSeverity.Error;
        report.Findings.Add(new Finding(DiagnosticCatalogue.DependencyImportNotShipped, severity, message)
        {
            PackageId = coverage.Id,
            PackageVersion = coverage.Version,
            Rid = rids.Count == 1 ? rids[0] : null,
            Rids = rids.ToArray(),
            DependencyPath = coverage.Path,
            Files = new[] { assembly },
            Library = loaded,
        });
    }

    /// <summary>"Install it on the target (apt libgdiplus, ...; brew mono-libgdiplus), ship a package that carries it, or use ...".</summary>
    internal static string InstallAdvice(string packageId, string library, IReadOnlyList<string> rids, Need need, bool allowNative)
    {
        var where = new List<string>();
        bool linux = rids.Any(r => RidInfo.Parse(r).Os == RidOs.Linux);
        bool mac = rids.Any(r => RidInfo.Parse(r).Os == RidOs.MacOS);
        bool windows = rids.Any(r => RidInfo.Parse(r).Os == RidOs.Windows);
        SystemPackage? packages = SystemLibraries.InstallPackagesOf(library);
        if (linux)
        {
            where.Add(packages is null ? "on Linux from the distribution's packages" : "on Linux: " + packages.LinuxInstall);
        }

        if (mac)
        {
            where.Add(packages?.Brew is { } brew ? "on macOS: brew install " + brew : "on macOS");
        }

        if (windows)
        {
            string installer = SystemLibraries.WindowsInstallerOf(library) is { } known ? "on Windows: " + known : "on Windows";
            where.Add(need.System32Only ? installer + " (into System32 or the app folder: the assembly limits the OS search to System32)" : installer);
        }

        KnownNativePackage? entry = KnownNativePackages.Find(packageId);
        string alternative = entry?.ManagedAlternative is { } managed ? $", or use a managed alternative: {managed}" : string.Empty;
        string note = entry?.Note is { } text ? " " + char.ToUpperInvariant(text[0]) + text.Substring(1) + "." : string.Empty;
        string forbidden = allowNative ? string.Empty : " CrossGuardAllowNative is false, so this native crossing is an error.";
        return $"Install it on every target ({string.Join("; ", where)}), ship a package that carries it for these RIDs{alternative}.{note}{forbidden} If the app never calls this part of '{packageId}' there, add a CrossGuardSuppress item (Code=\"XG1012\") with that reason.";
    }

    /// <summary>What one library of one assembly lacks: entry points per RID.</summary>
    internal sealed class Need
    {
        public Need(bool system32Only) => System32Only = system32Only;

        public bool System32Only { get; }

        /// <summary>The library of the same assembly that is shipped there (then this one is an optional part: information).</summary>
        public string? ShippedMain { get; set; }

        public Dictionary<string, int> EntryPoints { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
