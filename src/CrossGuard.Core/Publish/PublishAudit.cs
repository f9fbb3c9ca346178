using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Publish;

/// <summary>Where a library load comes from.</summary>
public enum LoadSource
{
    /// <summary>A P/Invoke: an ImplMap row of a managed assembly in the output.</summary>
    PInvoke,

    /// <summary>A string literal passed to NativeLibrary.Load / TryLoad.</summary>
    Literal,

    /// <summary>A library the dependency check selected for the RID (obj/crossguard.natives.json).</summary>
    Manifest,
}

/// <summary>One library the app loads and what the runtime's probe reaches for it.</summary>
public sealed class ProbedLoad
{
    internal ProbedLoad(string library, LoadSource source, PublishedFile? importer, IReadOnlyList<ProbeCandidate> candidates)
    {
        Library = library;
        Source = source;
        Importer = importer;
        Candidates = candidates;
    }

    public string Library { get; }

    public LoadSource Source { get; }

    /// <summary>The managed assembly that loads it (null for a natives-manifest entry).</summary>
    public PublishedFile? Importer { get; }

    /// <summary>Every path the runtime tries inside the publish folder, in order.</summary>
    public IReadOnlyList<ProbeCandidate> Candidates { get; }

    /// <summary>The file that loads: the first existing candidate built for the target; null when none.</summary>
    public PublishedFile? Reached { get; internal set; }

    /// <summary>Existing candidates the loader tries and skips because they are built for another OS / arch / libc.</summary>
    public List<(PublishedFile File, string What)> Foreign { get; } = new();

    /// <summary>The literal, for a <see cref="LoadSource.Literal"/> load.</summary>
    public NativeLibraryLiteral? Literal { get; internal set; }

    /// <summary>Why nothing needs to be reached: "system library", "only on Windows", "absolute path"; null otherwise.</summary>
    public string? Satisfied { get; internal set; }
}

/// <summary>What the audit found: the findings (XG2001-XG2005) and, for tests and tools, every probed load.</summary>
public sealed class PublishAuditResult
{
    public List<Finding> Findings { get; } = new();

    public List<ProbedLoad> Loads { get; } = new();

    /// <summary>Native files of the output that were read (the runtime's own excluded).</summary>
    public int InspectedFiles { get; internal set; }

    /// <summary>Managed assemblies whose imports were read (the runtime's own excluded).</summary>
    public int ScannedAssemblies { get; internal set; }
}

/// <summary>
/// The publish-output audit as a probe model: for every library the app loads (the P/Invoke module names of every
/// managed assembly in the output, NativeLibrary.Load / TryLoad literals, the natives manifest's libraries for the
/// RID), walk the runtime's probing (<see cref="NativeProbe"/>) over the published layout and judge the file it
/// reaches with the native header reader:
/// - a file built for the target is reached: fine; its own DT_NEEDED / PE imports are checked (XG2002);
/// - only files for another OS / arch / libc are reached: XG2001 error, with the header fields and the probe order;
/// - nothing is reached: fine for a system library of the target (a distribution library a P/Invoke needs is XG2002,
///   naming the package to install), silent for a library of another OS (its callers only run there), XG2003 error
///   when a file of that name is in the output where the runtime never looks, XG2003 warning when nothing is shipped
///   and the name is not a known system library (it may be installed on the target: unprovable, so not an error);
/// - a native file no probe reaches and that cannot load on the target is dead weight: one XG2004 warning per package.
/// A P/Invoke library that loads nothing while another import of the same assembly with the same entry points does is
/// an alternative build the assembly need not call (librdkafka's glibc / centos8 / alpine builds): XG2003 information.
/// A library published where the runtime does not look is an XG2003 error, unless the importing assembly loads
/// libraries by path itself (dlopen / LoadLibrary imports, NativeLibrary.Load of a computed name): information.
/// An assembly that registers its own resolver makes its loads unprovable: XG2005 information instead of any error
/// (a ResolvingUnmanagedDll handler covers every assembly). NativeLibrary literals come from IL without flow analysis:
/// at most a warning (TryLoad: information). The .NET runtime pack's own files are neither read nor judged: they are
/// built and tested for the RID by the runtime, and their imports go to the runtime's own shims (in the output) or to
/// the OS prerequisites the runtime documents; they do satisfy loads of the runtime's libraries.
/// </summary>
public static class PublishAudit
{
    private const int MaxListedFiles = 6;

    /// <summary>Runs the audit over a layout.</summary>
    /// <param name="layout">The published files and search directories.</param>
    /// <param name="manifestLibraries">Library file names the dependency check selected for the RID (may be empty).</param>
    /// <param name="inspect">Reads a native header (cache it: one file may be probed many times).</param>
    public static PublishAuditResult Run(PublishLayout layout, IEnumerable<string> manifestLibraries, Func<PublishedFile, NativeBinaryInfo> inspect)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(inspect);
        var result = new PublishAuditResult();
        RidInfo rid = layout.Rid;
        var infos = new Dictionary<PublishedFile, NativeBinaryInfo?>();
        NativeBinaryInfo? Native(PublishedFile file)
        {
            if (!infos.TryGetValue(file, out NativeBinaryInfo? info))
            {
                info = LooksNative(file.FileName) ? inspect(file) : null;
                info = info is { IsNative: true } && info.Format is not (BinaryFormat.StaticArchive or BinaryFormat.ImportLibrary) ? info : null;
                infos[file] = info;
            }

            return info;
        }

        // 1. Managed assemblies and what they load.
        var uses = new Dictionary<PublishedFile, ManagedNativeUse>();
        foreach (PublishedFile file in layout.Files.Where(f => !f.FromRuntime && IsManagedCandidate(f.FileName)))
        {
            if (ManagedNativeUse.Read(file.FullPath) is { Error: null } use)
            {
                uses[file] = use;
                result.ScannedAssemblies++;
            }
        }

        bool contextResolver = uses.Values.Any(u => u.ResolvesForWholeContext);
        var loads = new List<ProbedLoad>();
        foreach ((PublishedFile assembly, ManagedNativeUse use) in uses)
        {
            foreach (string import in use.Imports)
            {
                loads.Add(new ProbedLoad(import, LoadSource.PInvoke, assembly, NativeProbe.Candidates(layout, import, assembly.Directory)));
            }

            foreach (NativeLibraryLiteral literal in use.Literals)
            {
                // Load(string) goes to the OS loader: on Windows LoadLibraryEx searches the app folder first; dlopen
                // does not search it (a name without '/' goes to LD_LIBRARY_PATH, the cache and the default paths).
                IReadOnlyList<ProbeCandidate> candidates = literal.Kind == LiteralLoadKind.Probing ? NativeProbe.Candidates(layout, literal.Name, assembly.Directory)
                    : rid.Os == RidOs.Windows && !NativeProbe.IsAbsolute(literal.Name) ? NativeProbe.NameVariations(literal.Name, rid.Os).Select(n => new ProbeCandidate(n, "app folder (LoadLibraryEx)")).Take(1).ToList()
                    : literal.Name.Contains('/', StringComparison.Ordinal) && !NativeProbe.IsAbsolute(literal.Name) ? new[] { new ProbeCandidate(literal.Name, "relative to the working directory (dlopen)") }
                    : Array.Empty<ProbeCandidate>();
                loads.Add(new ProbedLoad(literal.Name, LoadSource.Literal, assembly, candidates) { Literal = literal });
            }
        }

        foreach (string library in manifestLibraries.Distinct(StringComparer.Ordinal))
        {
            loads.Add(new ProbedLoad(library, LoadSource.Manifest, null, NativeProbe.Candidates(layout, library, null)));
        }

        // 2. Walk each probe.
        var reached = new HashSet<PublishedFile>();
        foreach (ProbedLoad load in loads)
        {
            foreach (ProbeCandidate candidate in load.Candidates)
            {
                if (layout.Find(candidate.RelativePath) is not { } file)
                {
                    continue;
                }

                if (file.FromRuntime)
                {
                    load.Reached = file;
                    break;
                }

                NativeBinaryInfo? info = Native(file);
                if (info is null)
                {
                    continue;
                }

                if (MismatchFor(info, rid) is { } what)
                {
                    load.Foreign.Add((file, what));
                    continue;
                }

                load.Reached = file;
                break;
            }

            if (load.Reached is not null)
            {
                reached.Add(load.Reached);
            }
            else
            {
                // After the publish folder the OS loader searches the bare name: a system library loads from the
                // system even when a foreign file of that name sits in the app folder (the loader skips it).
                load.Satisfied = SatisfiedWithoutFile(load.Library, rid);
            }

            result.Loads.Add(load);
        }

        // Libraries a reached native needs from the same folder load with it ($ORIGIN / the DLL's own folder).
        void AddNeeded(HashSet<PublishedFile> set)
        {
            var queue = new Queue<PublishedFile>(set);
            while (queue.Count > 0)
            {
                PublishedFile file = queue.Dequeue();
                if (Native(file) is not { } info)
                {
                    continue;
                }

                foreach (string needed in info.Needed)
                {
                    string name = SystemLibraries.FileNameOf(needed);
                    foreach (PublishedFile dependency in new[] { file.Directory.Length == 0 ? name : file.Directory + "/" + name, name }.Select(layout.Find).OfType<PublishedFile>())
                    {
                        if (!dependency.FromRuntime && Native(dependency) is { } dependencyInfo && MismatchFor(dependencyInfo, rid) is null && set.Add(dependency))
                        {
                            queue.Enqueue(dependency);
                        }
                    }
                }
            }
        }

        AddNeeded(reached);

        // What the code loads (P/Invokes, literals, and what those need): a file only the natives manifest names
        // (librdkafka.redist's librdkafkacpp.dll, the C++ API nothing in .NET loads) cannot fail for a missing
        // dependency. Where a load is unprovable (a resolver, loads by path) every file counts.
        var loadedByCode = new HashSet<PublishedFile>(result.Loads.Where(l => l.Source != LoadSource.Manifest && l.Reached is not null).Select(l => l.Reached!));
        AddNeeded(loadedByCode);
        bool everyFileMayLoad = contextResolver || uses.Values.Any(u => u.Resolver is not null || u.LoadsByPath is not null) || loadedByCode.Count == 0;

        // 3. Findings for the loads.
        var reportedFiles = new HashSet<PublishedFile>();
        var unprovable = new Dictionary<PublishedFile, SortedSet<string>>();
        var distribution = new Dictionary<string, List<ProbedLoad>>(StringComparer.Ordinal);
        var notShipped = new Dictionary<string, List<ProbedLoad>>(StringComparer.Ordinal);
        foreach (ProbedLoad load in result.Loads.Where(l => l.Source != LoadSource.Manifest))
        {
            ManagedNativeUse use = uses[load.Importer!];
            bool resolver = use.Resolver is not null || contextResolver;
            FindingSeverity cap = load.Source == LoadSource.Literal ? (load.Literal!.Throws ? FindingSeverity.Warning : FindingSeverity.Info) : FindingSeverity.Error;

            if (load.Reached is not null)
            {
                continue;
            }

            if (load.Satisfied is { } satisfied)
            {
                if (satisfied == "distribution")
                {
                    Group(distribution, load.Library, load);
                }

                continue;
            }

            if (resolver)
            {
                Group(unprovable, load.Importer!, load.Library);
                continue;
            }

            string order = ProbeOrder(load, layout);
            if (load.Source == LoadSource.PInvoke && AlternativeBuild(load, use, result.Loads) is { } alternative)
            {
                // Not a verdict: the assembly calls whichever build loads. A foreign file only this load reaches stays
                // unreported here, so it counts as dead weight (XG2004) below.
                (ProbedLoad other, IReadOnlyList<string> shared) = alternative;
                result.Findings.Add(new Finding(DiagnosticCatalogue.LoadedLibraryNotReached, FindingSeverity.Info, DiagnosticCatalogue.LoadedLibraryNotReached.Format(
                    Who(load), load.Library, rid.Rid, order, Format(CoverageMessages.NotReachedAlternativeBuild, load.Library, other.Library,
                        shared.Count, string.Join(", ", shared.Take(3)), other.Reached is { } file ? $"reaches '{file.RelativePath}', built for {rid.Rid}" : "loads from the system", rid.Rid)))
                {
                    PackageId = load.Importer!.PackageId,
                    PackageVersion = load.Importer.PackageVersion,
                    Rid = rid.Rid,
                });
                continue;
            }

            if (load.Foreign.Count > 0)
            {
                (PublishedFile file, string what) = load.Foreign[0];
                reportedFiles.Add(file);
                result.Findings.Add(new Finding(DiagnosticCatalogue.PublishedBinaryForOtherTarget, Min(FindingSeverity.Error, cap), DiagnosticCatalogue.PublishedBinaryForOtherTarget.Format(
                    file.RelativePath, rid.Rid, what, load.Library, Who(load), order, file.Origin))
                {
                    PackageId = file.PackageId,
                    PackageVersion = file.PackageVersion,
                    Rid = rid.Rid,
                    Files = new[] { file.RelativePath },
                });
                continue;
            }

            // Nothing reached: is a file of that name somewhere the runtime does not look?
            PublishedFile? elsewhere = NativeProbe.NameVariations(load.Library, rid.Os)
                .Select(SystemLibraries.FileNameOf)
                .SelectMany(layout.Named)
                .FirstOrDefault(f => !f.FromRuntime && Native(f) is { } info && MismatchFor(info, rid) is null);
            if (elsewhere is not null)
            {
                reached.Add(elsewhere);
                string why = layout.RidSpecific
                    ? $"a RID-specific publish is probed in the app folder only (NATIVE_DLL_SEARCH_DIRECTORIES is the app folder; runtimes/<rid>/native/ folders are searched only in a portable publish, through deps.json)"
                    : $"deps.json does not list it as a native asset of {rid.Rid}, so its folder is not a native search directory";
                // An assembly that loads libraries by path itself (Whisper.net dlopens runtimes/<rid>/libwhisper.so) can
                // preload the file, after which its P/Invokes bind to it by name: not provable from the files, information.
                bool preloads = load.Source == LoadSource.PInvoke && use.LoadsByPath is not null;
                result.Findings.Add(new Finding(DiagnosticCatalogue.LoadedLibraryNotReached, preloads ? FindingSeverity.Info : Min(FindingSeverity.Error, cap), DiagnosticCatalogue.LoadedLibraryNotReached.Format(
                    Who(load), load.Library, rid.Rid, order, preloads
                        ? Format(CoverageMessages.NotReachedButPreloadable, elsewhere.RelativePath, why, use.LoadsByPath)
                        : Format(CoverageMessages.NotReachedButPublished, elsewhere.RelativePath, why)))
                {
                    PackageId = elsewhere.PackageId,
                    PackageVersion = elsewhere.PackageVersion,
                    Rid = rid.Rid,
                    Files = new[] { elsewhere.RelativePath },
                });
                continue;
            }

            Group(notShipped, load.Library, load);
        }

        foreach ((string library, List<ProbedLoad> group) in notShipped)
        {
            ProbedLoad first = group[0];
            FindingSeverity severity = group.Any(l => l.Source == LoadSource.PInvoke || l.Literal!.Throws) ? FindingSeverity.Warning : FindingSeverity.Info;
            result.Findings.Add(new Finding(DiagnosticCatalogue.LoadedLibraryNotReached, severity, DiagnosticCatalogue.LoadedLibraryNotReached.Format(
                Who(group), library, rid.Rid, ProbeOrder(first, layout), Format(CoverageMessages.NotReachedNotShipped, rid.Rid)))
            {
                PackageId = first.Importer!.PackageId,
                PackageVersion = first.Importer.PackageVersion,
                Rid = rid.Rid,
            });
        }

        foreach ((string library, List<ProbedLoad> group) in distribution)
        {
            (string soname, string package) = SystemLibraries.DistributionPackageOf(library)!.Value;
            // The app's own P/Invokes need it for sure (a warning, DESIGN: "a system library that must be installed");
            // a package's import is often an optional path the package guards (information).
            FindingSeverity severity = group.Any(l => l.Importer!.PackageId is null && l.Source == LoadSource.PInvoke) ? FindingSeverity.Warning : FindingSeverity.Info;
            result.Findings.Add(new Finding(DiagnosticCatalogue.PInvokedDistributionLibrary, severity, DiagnosticCatalogue.PInvokedDistributionLibrary.Format(library, Who(group), rid.Rid, soname, package))
            {
                PackageId = group[0].Importer!.PackageId,
                PackageVersion = group[0].Importer!.PackageVersion,
                Rid = rid.Rid,
            });
        }

        foreach ((PublishedFile assembly, SortedSet<string> libraries) in unprovable)
        {
            ManagedNativeUse use = uses[assembly];
            PublishedFile resolverOwner = use.Resolver is not null ? assembly : uses.First(u => u.Value.ResolvesForWholeContext).Key;
            string resolverName = uses[resolverOwner].Resolver!;
            string list = string.Join(", ", libraries.Select(l => "'" + l + "'"));
            string note = resolverOwner == assembly ? string.Empty : $"(The resolver is registered by '{resolverOwner.RelativePath}' for every assembly of the load context.)";
            result.Findings.Add(new Finding(DiagnosticCatalogue.ResolverNotProvable, FindingSeverity.Info, DiagnosticCatalogue.ResolverNotProvable.Format(
                $"'{assembly.RelativePath}' ({assembly.Origin})" + (resolverOwner == assembly ? string.Empty : " or its load context"), resolverName, list, libraries.Count == 1 ? "is" : "are", rid.Rid, note).TrimEnd())
            {
                PackageId = assembly.PackageId,
                PackageVersion = assembly.PackageVersion,
                Rid = rid.Rid,
            });
        }

        // 4. Every native file: what it needs (XG2002), or dead weight (XG2004).
        var deadWeight = new Dictionary<string, List<(PublishedFile File, NativeBinaryInfo Info, string What)>>(StringComparer.Ordinal);
        var shippedNames = new HashSet<string>(layout.Files.Select(f => f.FileName), StringComparer.OrdinalIgnoreCase);
        foreach (PublishedFile file in layout.Files.Where(f => !f.FromRuntime))
        {
            if (Native(file) is not { } info)
            {
                continue;
            }

            result.InspectedFiles++;
            if (MismatchFor(info, rid) is { } what)
            {
                if (!reportedFiles.Contains(file))
                {
                    string key = file.PackageId ?? string.Empty;
                    if (!deadWeight.TryGetValue(key, out var list))
                    {
                        deadWeight[key] = list = new();
                    }

                    list.Add((file, info, what));
                }

                continue;
            }

            if (!everyFileMayLoad && !loadedByCode.Contains(file))
            {
                continue;
            }

            foreach (string needed in info.Needed.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                string name = SystemLibraries.FileNameOf(needed);
                if (shippedNames.Contains(name) || SystemLibraries.IsProvided(needed, rid))
                {
                    continue;
                }

                // A VC++ runtime or an @rpath dylib must travel with the app; other Linux libraries may come from the distribution.
                bool mustShip = SystemLibraries.IsVisualCppRuntime(name) || needed.StartsWith('@');
                result.Findings.Add(new Finding(DiagnosticCatalogue.PublishedNeededMissing, mustShip ? FindingSeverity.Warning : FindingSeverity.Info, DiagnosticCatalogue.PublishedNeededMissing.Format(file.RelativePath, rid.Rid, needed))
                {
                    PackageId = file.PackageId,
                    PackageVersion = file.PackageVersion,
                    Rid = rid.Rid,
                });
            }
        }

        foreach ((string packageId, var files) in deadWeight.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase))
        {
            PublishedFile first = files[0].File;
            long bytes = files.Sum(f => f.Info.FileSize > 0 ? f.Info.FileSize : SafeLength(f.File.FullPath));
            string listed = string.Join(", ", files.Take(MaxListedFiles).Select(f => $"'{f.File.RelativePath}' ({f.What.Substring(2)})"))
                + (files.Count > MaxListedFiles ? $" and {files.Count - MaxListedFiles} more" : string.Empty);
            string advice = packageId.Length == 0 ? CoverageMessages.TrimProjectFiles
                : files.All(f => f.File.CopiedByPackageTargets) ? Format(CoverageMessages.TrimPackageTargets, packageId.ToLowerInvariant())
                : Format(CoverageMessages.TrimPackageAssets, packageId);
            string origin = packageId.Length == 0 ? "The project" : $"Package '{packageId}' {first.PackageVersion}";
            result.Findings.Add(new Finding(DiagnosticCatalogue.DeadWeight, FindingSeverity.Warning, DiagnosticCatalogue.DeadWeight.Format(
                origin, files.Count, files.Count == 1 ? "file" : "files", Size(bytes), rid.Rid, listed, advice))
            {
                PackageId = packageId.Length == 0 ? null : packageId,
                PackageVersion = first.PackageVersion,
                Rid = rid.Rid,
                Files = files.Select(f => f.File.RelativePath).ToList(),
            });
        }

        return result;
    }

    /// <summary>What makes a file unloadable on the RID ("a Linux ELF arm64 (glibc) binary (e_machine ...)"), or null.</summary>
    public static string? MismatchFor(NativeBinaryInfo info, RidInfo rid)
    {
        string? mismatch = CoverageEngine.Mismatch(info, rid);
        if (mismatch is null && rid.Os == RidOs.Linux && info.Os is RidOs.Linux or RidOs.Unknown
            && ((rid.Libc == Libc.Musl && info.Libc == Libc.Glibc) || (rid.Libc == Libc.Glibc && info.Libc is Libc.Musl or Libc.Bionic)))
        {
            mismatch = "a " + CoverageEngine.Describe(info);
        }

        if (mismatch is null)
        {
            return null;
        }

        var evidence = new List<string>();
        if (info.PeMachine is { } machine)
        {
            evidence.Add("PE machine " + machine);
        }

        if (info.Format == BinaryFormat.Elf && info.Architectures.Count > 0)
        {
            evidence.Add("ELF machine " + info.Architectures[0]);
        }

        if (info.LibcEvidence is { } libc)
        {
            evidence.Add(libc);
        }

        if (info.Format is BinaryFormat.MachO or BinaryFormat.MachOUniversal && info.Slices.Count > 0)
        {
            evidence.Add("Mach-O " + string.Join("+", info.Slices.Select(s => s.Architecture)));
        }

        return evidence.Count > 0 ? mismatch + " (" + string.Join(", ", evidence) + ")" : mismatch;
    }

    /// <summary>
    /// Another library the same assembly P/Invokes with the same entry points (at least half of the smaller set) that
    /// does load on the RID: the two are alternative builds of one library (Confluent.Kafka's librdkafka,
    /// centos8-librdkafka and alpine-librdkafka; NetVips' per-OS names), of which the assembly calls the one that
    /// loads. Null when there is none.
    /// </summary>
    private static (ProbedLoad Other, IReadOnlyList<string> Shared)? AlternativeBuild(ProbedLoad load, ManagedNativeUse use, IEnumerable<ProbedLoad> loads)
    {
        if (!use.EntryPoints.TryGetValue(load.Library, out IReadOnlyCollection<string>? mine) || mine.Count == 0)
        {
            return null;
        }

        foreach (ProbedLoad other in loads)
        {
            if (other.Importer != load.Importer || other.Source != LoadSource.PInvoke || string.Equals(other.Library, load.Library, StringComparison.Ordinal)
                || !(other.Reached is not null || other.Satisfied is "system library" or "distribution")
                || !use.EntryPoints.TryGetValue(other.Library, out IReadOnlyCollection<string>? theirs))
            {
                continue;
            }

            List<string> shared = mine.Where(theirs.Contains).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (shared.Count > 0 && shared.Count * 2 >= Math.Min(mine.Count, theirs.Count))
            {
                return (other, shared);
            }
        }

        return null;
    }

    private static string? SatisfiedWithoutFile(string library, RidInfo rid)
    {
        if (NativeProbe.IsAbsolute(library))
        {
            return "absolute path outside the publish output";
        }

        // A name only another OS's loader finds comes first: 'libEGL.dll' is never the distribution's libEGL.so.1
        // (dlopen is asked for 'libEGL.dll.so', 'libEGL.dll', ...), so SkiaSharp's Windows-only ANGLE import needs nothing installed on Linux.
        if (SystemLibraries.ForeignOsOf(library, rid) is { } os)
        {
            return $"a library of {os} only: its callers only run there";
        }

        if (SystemLibraries.DistributionPackageOf(library) is not null)
        {
            // Off Linux nothing provides libX11 / libsecret: the import belongs to the package's Linux path (Tmds.DBus.Protocol's X11 fallback).
            return rid.Os == RidOs.Linux ? "distribution" : "a library of Linux distributions only: its callers only run there";
        }

        return SystemLibraries.IsSystemLibraryFor(library, rid) ? "system library" : null;
    }

    private static string ProbeOrder(ProbedLoad load, PublishLayout layout)
    {
        IEnumerable<string> tried = load.Candidates.Take(8).Select(c => c.RelativePath + (layout.Find(c.RelativePath) is null ? " (absent)" : " (" + c.Where + ")"));
        string list = string.Join(", ", tried) + (load.Candidates.Count > 8 ? $", ... {load.Candidates.Count - 8} more" : string.Empty);
        return (list.Length > 0 ? list + ", then " : string.Empty) + "the OS loader's search for the bare name";
    }

    private static string Who(ProbedLoad load) => Who(new[] { load });

    private static string Who(IReadOnlyCollection<ProbedLoad> loads)
    {
        string how = loads.First().Source == LoadSource.Literal ? "NativeLibrary." + (loads.First().Literal!.Throws ? "Load" : "TryLoad") + " in " : "a P/Invoke in ";
        string names = string.Join(", ", loads.Select(l => l.Importer!).Distinct().Take(3).Select(a => $"'{a.RelativePath}' ({a.Origin})"));
        return how + names;
    }

    private static void Group<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out List<TValue>? list))
        {
            map[key] = list = new List<TValue>();
        }

        list.Add(value);
    }

    private static void Group(Dictionary<PublishedFile, SortedSet<string>> map, PublishedFile key, string value)
    {
        if (!map.TryGetValue(key, out SortedSet<string>? set))
        {
            map[key] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

    private static FindingSeverity Min(FindingSeverity a, FindingSeverity b) => a < b ? a : b;

    /// <summary>Formats a message ending (no code prefix).</summary>
    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool IsManagedCandidate(string name) =>
        name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Names a native file may have: shared-library extensions, versioned sonames, or none (executables).</summary>
    public static bool LooksNative(string name) =>
        new[] { ".so", ".dylib", ".dll", ".exe", ".node" }.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
        || name.Contains(".so.", StringComparison.Ordinal) || !Path.HasExtension(name);
}
