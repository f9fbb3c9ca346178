using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Publish;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Packaging;

/// <summary>Why the audit judges a RID.</summary>
public enum RidClaim
{
    /// <summary>Listed in CrossGuardRuntimeIdentifiers (or --rid).</summary>
    Declared,

    /// <summary>The package has a runtimes/&lt;rid&gt;/native/ folder of exactly that RID.</summary>
    Folder,

    /// <summary>
    /// Nothing declared, and the SDK's RID graph hands the RID one of the package's folders (runtimes/osx/ serves
    /// osx-arm64; runtimes/linux-x64/ serves linux-musl-x64 by fallback).
    /// </summary>
    Reached,
}

/// <summary>What the author declares about the package.</summary>
public sealed class PackageAuditSettings
{
    /// <summary>CrossGuardRuntimeIdentifiers; empty: the RIDs the package's folders serve (see <see cref="RidClaim"/>).</summary>
    public IReadOnlyList<string> Rids { get; init; } = Array.Empty<string>();

    /// <summary>The glibc floor (CrossGuardMinGlibc, default the .NET runtime's).</summary>
    public Version MinGlibc { get; init; } = RuntimeFloors.DefaultMinGlibc(10);

    /// <summary>True when the author set CrossGuardMinGlibc: a file above it breaks a claim (error), not a default (warning).</summary>
    public bool MinGlibcDeclared { get; init; }

    /// <summary>CrossGuardMinGlibc per RID (<c>2.28;linux-arm64:2.35</c>, or the .NET runtime's floor per architecture); wins over <see cref="MinGlibc"/>.</summary>
    public GlibcFloors? GlibcFloors { get; init; }

    /// <summary>The floor the files of <paramref name="rid"/> are held to.</summary>
    public Version MinGlibcFor(string rid) => GlibcFloors?.For(rid) ?? MinGlibc;

    public Version MinMacOS { get; init; } = RuntimeFloors.DefaultMinMacOS(10);

    public bool MinMacOSDeclared { get; init; }

    /// <summary>CrossGuardSuppress items (Include = the package id).</summary>
    public IReadOnlyList<Suppression> Suppressions { get; init; } = Array.Empty<Suppression>();
}

/// <summary>The audit's verdicts and the RID matrix it rests on.</summary>
public sealed class PackageAuditResult
{
    public PackageAuditResult(string packageId, string version)
    {
        PackageId = packageId;
        Version = version;
    }

    public string PackageId { get; }

    public string Version { get; }

    /// <summary>Every RID judged, with why (in matrix order).</summary>
    public List<(string Rid, RidClaim Claim)> Rids { get; } = new();

    /// <summary>runtimes/&lt;folder&gt;/ names the package packs (native and managed).</summary>
    public List<string> Folders { get; } = new();

    /// <summary>What each judged RID selects (the coverage engine's cell: status, folder, files).</summary>
    public Dictionary<string, RidCoverage> Matrix { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Header facts of every native file inspected, by package path.</summary>
    public SortedDictionary<string, NativeBinaryInfo> Files { get; } = new(StringComparer.Ordinal);

    public List<Finding> Findings { get; } = new();

    /// <summary>True when the package packs no runtimes/&lt;rid&gt;/native/ file: nothing to judge.</summary>
    public bool HasNativeFiles { get; set; }
}

/// <summary>
/// The package-author audit: what a native package claims (its RID folders, CrossGuardRuntimeIdentifiers, the glibc and
/// macOS floors) against what each runtimes/&lt;rid&gt;/native/ file is. One piece for `dotnet pack` (AuditNativePackage)
/// and `crossguard audit`. It judges nothing itself that the app-side check already judges: the package is handed to the
/// coverage engine (<see cref="CoverageEngine"/>) as a one-package restore, checked for every RID a folder serves, and
/// the engine's verdicts (XG1001-XG1010) are restated from the author's side (XG1101-XG1111), with the file's folder as
/// the claim. Only what the engine has no rule for is decided here: needed libraries nothing provides (XG1105) and
/// which claims are the author's (error) or only the RID graph's (warning).
/// </summary>
public static class PackageAudit
{
    private const string Placeholder = "_._";

    /// <summary>The RIDs apps commonly ship: a folder that serves one of them claims it, unless the author declares RIDs.</summary>
    public static IReadOnlyList<string> ServedRids { get; } = new[]
    {
        "linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64", "win-x64", "win-x86", "win-arm64",
    };

    /// <exception cref="CoverageInputException">XG9002 for a declared RID the graph does not know.</exception>
    public static PackageAuditResult Run(PackageContents contents, PackageAuditSettings settings, RidGraph graph, Func<string, NativeBinaryInfo>? inspect = null)
    {
        inspect ??= NativeBinaryInspector.Inspect;
        var result = new PackageAuditResult(contents.Id, contents.Version);
        var nativeFiles = contents.Files.Select(f => (File: f, Folder: NativeFolderOf(f.PackagePath))).Where(f => f.Folder is not null).ToList();
        result.Folders.AddRange(contents.Files.Select(f => FolderOf(f.PackagePath)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(f => f, StringComparer.Ordinal));
        result.HasNativeFiles = nativeFiles.Any(f => !IsPlaceholder(f.File.PackagePath));

        foreach (string declared in settings.Rids.Where(r => !graph.IsKnown(r)))
        {
            throw CoverageInputException.From(DiagnosticCatalogue.UnknownRid, declared, graph.Source);
        }

        // XG1009's rule (a folder the SDK's RID graph does not know is never selected), for native and managed folders alike.
        foreach (string folder in result.Folders.Where(f => !graph.IsKnown(f)))
        {
            result.Findings.Add(Make(DiagnosticCatalogue.FolderNoRidSelects, FindingSeverity.Error, contents, null, "runtimes/" + folder + "/", folder, Suggestion(folder, graph)));
        }

        if (!result.HasNativeFiles && settings.Rids.Count == 0)
        {
            return Finish(result, settings);
        }

        // Which RIDs to judge, and why.
        var folders = nativeFiles.Where(f => !IsPlaceholder(f.File.PackagePath) && graph.IsKnown(f.Folder!)).Select(f => f.Folder!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var anyFolder = new HashSet<string>(nativeFiles.Select(f => f.Folder!), StringComparer.OrdinalIgnoreCase);
        var claims = new Dictionary<string, RidClaim>(StringComparer.OrdinalIgnoreCase);
        foreach (string rid in settings.Rids)
        {
            claims.TryAdd(rid, RidClaim.Declared);
        }

        foreach (string rid in folders)
        {
            claims.TryAdd(rid, RidClaim.Folder);
        }

        if (settings.Rids.Count == 0)
        {
            foreach (string rid in ServedRids.Where(r => graph.IsKnown(r) && graph.Chain(r).Any(anyFolder.Contains)))
            {
                claims.TryAdd(rid, RidClaim.Reached);
            }
        }

        result.Rids.AddRange(claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        if (claims.Count == 0)
        {
            // Only folders no RID selects (XG1106 above): no RID to judge.
            return Finish(result, settings);
        }

        // The package as a one-package restore the engine can read, in a private folder that holds only its runtime.json.
        string folderOnDisk = Path.Combine(Path.GetTempPath(), "crossguard-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folderOnDisk);
        try
        {
            var byKey = contents.Files.ToDictionary(f => Path.Combine(folderOnDisk, f.PackagePath), f => f, StringComparer.Ordinal);
            PackageFile? runtimeJson = contents.Files.FirstOrDefault(f => string.Equals(f.PackagePath, "runtime.json", StringComparison.OrdinalIgnoreCase));
            if (runtimeJson is not null && new FileInfo(runtimeJson.FullPath) is { Exists: true, Length: < 16 * 1024 * 1024 })
            {
                File.Copy(runtimeJson.FullPath, Path.Combine(folderOnDisk, "runtime.json"));
            }

            NativeBinaryInfo Inspect(string key)
            {
                if (!byKey.TryGetValue(key, out PackageFile? file))
                {
                    return inspect(key);
                }

                if (!result.Files.TryGetValue(file.PackagePath, out NativeBinaryInfo? info))
                {
                    result.Files[file.PackagePath] = info = inspect(file.FullPath);
                }

                return info;
            }

            CoverageReport report = new CoverageEngine(graph, Inspect).Check(OnePackageRestore(contents, nativeFiles.Select(f => (f.File.PackagePath, f.Folder!)), folderOnDisk, runtimeJson is not null),
                FrameworkSelector.Only, new CheckSettings { Rids = claims.Keys.ToList(), MinGlibc = settings.MinGlibc, GlibcFloors = settings.GlibcFloors, MinMacOS = settings.MinMacOS, ProjectName = contents.Id });
            PackageCoverage package = report.Packages[0];
            foreach ((string rid, _) in result.Rids)
            {
                if (package.Coverage.TryGetValue(rid, out RidCoverage? cell))
                {
                    result.Matrix[rid] = cell;
                }
            }

            Restate(result, report, claims, contents, settings, ReadRuntimeJson(Path.Combine(folderOnDisk, "runtime.json")));
            CheckNeeded(result, nativeFiles.Select(f => (f.File.PackagePath, f.Folder!)).ToList(), folders, contents, graph);
        }
        finally
        {
            try
            {
                Directory.Delete(folderOnDisk, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Finish(result, settings);
    }

    private static PackageAuditResult Finish(PackageAuditResult result, PackageAuditSettings settings)
    {
        foreach (Finding finding in result.Findings)
        {
            finding.SuppressedBecause ??= Suppression.ReasonFor(settings.Suppressions, finding);
        }

        return result;
    }

    private static RestoredGraph OnePackageRestore(PackageContents contents, IEnumerable<(string Path, string Folder)> natives, string folder, bool hasRuntimeJson)
    {
        const string framework = "any";
        var assets = new RestoredGraph { Version = 3 };
        assets.PackageFolders.Add(folder);
        assets.Libraries[contents.Id] = new RestoredLibrary(contents.Id, contents.Version, "package", string.Empty, hasRuntimeJson);
        var library = new TargetLibrary(contents.Id, contents.Version, "package");
        library.RuntimeTargets.AddRange(natives.Select(n => new RuntimeTargetAsset(n.Path, n.Folder, "native")));
        var target = new RestoredTarget(framework, null);
        target.Libraries.Add(library);
        assets.Targets.Add(target);
        var project = new ProjectFramework(framework, framework);
        project.Dependencies.Add(contents.Id);
        assets.Frameworks.Add(project);
        return assets;
    }

    /// <summary>The engine's app-side verdicts, restated for the author, one finding per file (or per RID where the RID is the subject).</summary>
    private static void Restate(PackageAuditResult result, CoverageReport report, Dictionary<string, RidClaim> claims, PackageContents contents, PackageAuditSettings settings, Dictionary<string, RuntimeJsonEntry> runtimeJson)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        List<Finding> engine = report.Findings;

        // XG1003: another OS or architecture. Grouped by file: every RID that reaches it and cannot load it.
        foreach (IGrouping<string, Finding> byFile in engine.Where(f => f.Code == DiagnosticCatalogue.WrongBinaryForRid.Id && f.Files.Count > 0).GroupBy(f => f.Files[0], StringComparer.Ordinal))
        {
            string file = byFile.Key;
            string folder = NativeFolderOf(file)!;
            NativeBinaryInfo info = result.Files[file];
            List<string> rids = byFile.Select(f => f.Rid!).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(r => r, StringComparer.Ordinal).ToList();
            bool authorClaims = rids.Any(r => claims[r] != RidClaim.Reached || SameFamily(r, folder));
            FindingSeverity severity = authorClaims ? FindingSeverity.Error : FindingSeverity.Warning;
            RidInfo folderRid = RidInfo.Parse(folder);
            if (info.Format is BinaryFormat.MachO or BinaryFormat.MachOUniversal && info.Os == RidOs.MacOS && folderRid.Os == RidOs.MacOS && folderRid.Architecture is null)
            {
                List<string> missing = rids.Select(r => RidInfo.Parse(r).Architecture).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                result.Findings.Add(Make(DiagnosticCatalogue.UniversalMissingSlice, severity, contents, rids, file,
                    file, CoverageEngine.Describe(info), folder, string.Join(", ", missing.Select(SliceName)), string.Join(", ", rids)));
                continue;
            }

            string? builtFor = RidOf(info);
            string move = builtFor is not null && !string.Equals(builtFor, folder, StringComparison.OrdinalIgnoreCase)
                ? $"It is a {builtFor} build: move it to runtimes/{builtFor}/native/, and pack a build for {string.Join(", ", rids)} in runtimes/{folder}/native/."
                : $"Pack a build for {string.Join(", ", rids)} in runtimes/{folder}/native/.";
            // The finding is about the folder's RID (a CrossGuardSuppress Rid names it); the message lists every RID served.
            IReadOnlyList<string> subject = claims.ContainsKey(folder) ? new[] { folder } : rids;
            result.Findings.Add(Make(DiagnosticCatalogue.FileForOtherTarget, severity, contents, subject, file,
                file, CoverageEngine.Describe(info), folder, string.Join(", ", rids), move));
        }

        // XG1002: glibc reached on a musl RID: a glibc file in a musl folder, or a musl RID that falls back to a glibc folder.
        foreach (Finding finding in engine.Where(f => f.Code == DiagnosticCatalogue.GlibcOnMusl.Id && f.Files.Count > 0))
        {
            string file = finding.Files[0];
            string folder = NativeFolderOf(file)!;
            NativeBinaryInfo info = result.Files[file];
            string evidence = info.LibcEvidence ?? "glibc";
            if (RidInfo.Parse(folder).Libc == Libc.Musl)
            {
                if (done.Add("musl-folder|" + file))
                {
                    result.Findings.Add(Make(DiagnosticCatalogue.GlibcFileInMuslFolder, FindingSeverity.Error, contents, new[] { finding.Rid! }, file, file, evidence, folder));
                }

                continue;
            }

            string rid = finding.Rid!;
            RidClaim claim = claims[rid];
            string how = claim == RidClaim.Declared ? rid + " is in CrossGuardRuntimeIdentifiers" : "every linux-musl RID falls back to its linux folder in the SDK's RID graph";
            result.Findings.Add(Make(DiagnosticCatalogue.MuslServedByGlibc, claim == RidClaim.Declared ? FindingSeverity.Error : FindingSeverity.Warning, contents, new[] { rid }, file,
                rid, file, evidence, how));
        }

        // XG1004 / XG1005: floors, once per file.
        foreach (Finding finding in engine.Where(f => (f.Code == DiagnosticCatalogue.GlibcFloorTooHigh.Id || f.Code == DiagnosticCatalogue.MacOsMinTooHigh.Id) && f.Files.Count > 0))
        {
            string file = finding.Files[0];
            if (!done.Add(finding.Code + "|" + file))
            {
                continue;
            }

            NativeBinaryInfo info = result.Files[file];
            List<string> rids = engine.Where(f => f.Code == finding.Code && f.Files.Count > 0 && f.Files[0] == file).Select(f => f.Rid!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (finding.Code == DiagnosticCatalogue.GlibcFloorTooHigh.Id)
            {
                string symbols = string.Join(", ", info.GlibcFloorSymbols.Take(3));
                result.Findings.Add(Make(DiagnosticCatalogue.GlibcFloorAboveDeclared, settings.MinGlibcDeclared ? FindingSeverity.Error : FindingSeverity.Warning, contents, rids, file,
                    file, info.GlibcFloor, symbols.Length > 0 ? symbols : "symbol versions", settings.MinGlibcFor(rids.Count > 0 ? rids[0] : string.Empty),
                    settings.MinGlibcDeclared ? "CrossGuardMinGlibc" : "the .NET runtime's own floor, CrossGuardMinGlibc's default"));
            }
            else
            {
                result.Findings.Add(Make(DiagnosticCatalogue.MacOsMinAboveDeclared, settings.MinMacOSDeclared ? FindingSeverity.Error : FindingSeverity.Warning, contents, rids, file,
                    file, info.MacOsMin, settings.MinMacOS, settings.MinMacOSDeclared ? "CrossGuardMinMacOS" : ".NET's own macOS floor, CrossGuardMinMacOS's default"));
            }
        }

        foreach (Finding finding in engine.Where(f => f.Code == DiagnosticCatalogue.UnloadableNativeFile.Id && f.Files.Count > 0))
        {
            string file = finding.Files[0];
            if (done.Add("unloadable|" + file))
            {
                result.Findings.Add(Make(DiagnosticCatalogue.FileCannotLoad, FindingSeverity.Error, contents, null, file, file,
                    CoverageEngine.Unloadable(result.Files[file], file) ?? "it is not a loadable binary"));
            }
        }

        string packed = result.Folders.Count > 0 ? string.Join(", ", result.Folders.Select(f => "runtimes/" + f + "/")) : "no runtimes/ folder";
        foreach (Finding finding in engine.Where(f => f.Code == DiagnosticCatalogue.NoNativeForRid.Id && f.Rid is not null && claims[f.Rid] == RidClaim.Declared))
        {
            result.Findings.Add(Make(DiagnosticCatalogue.ClaimedRidNotCovered, FindingSeverity.Error, contents, new[] { finding.Rid! }, null, finding.Rid, packed));
        }

        string redirected = string.Join(", ", runtimeJson.Where(r => r.Value.RedirectedPackages.Contains(contents.Id)).Select(r => r.Key).OrderBy(r => r, StringComparer.Ordinal));
        foreach (Finding finding in engine.Where(f => f.Code == DiagnosticCatalogue.RuntimeJsonMissingRid.Id && f.Rid is not null && claims[f.Rid] == RidClaim.Declared))
        {
            result.Findings.Add(Make(DiagnosticCatalogue.RuntimeJsonMissesClaimedRid, FindingSeverity.Error, contents, new[] { finding.Rid! }, "runtime.json", redirected, finding.Rid));
        }

        // A claimed RID whose folder holds only _._: the engine reports a blocked cell, not a finding (an app cannot tell intent).
        foreach ((string rid, RidClaim claim) in result.Rids.Where(r => r.Claim == RidClaim.Declared))
        {
            if (result.Matrix.TryGetValue(rid, out RidCoverage? cell) && cell.Status == CoverageStatus.Blocked)
            {
                string placeholder = $"runtimes/{cell.SelectedFrom}/native/{Placeholder}";
                result.Findings.Add(Make(DiagnosticCatalogue.PlaceholderBlocksClaimedRid, FindingSeverity.Error, contents, new[] { rid }, placeholder, rid, placeholder));
            }
        }
    }

    /// <summary>
    /// XG1105: for every native file that fits its folder, each library it needs that neither the package (its folder
    /// or the folders its RID falls back to) nor the base system of the folder's RID provides
    /// (<see cref="SystemLibraries.IsProvided"/>). Distribution libraries are information: they are system libraries,
    /// just not on every machine.
    /// </summary>
    private static void CheckNeeded(PackageAuditResult result, List<(string Path, string Folder)> natives, List<string> folders, PackageContents contents, RidGraph graph)
    {
        foreach ((string path, string folder) in natives.Where(n => folders.Contains(n.Folder, StringComparer.OrdinalIgnoreCase) && !IsPlaceholder(n.Path)))
        {
            if (!result.Files.TryGetValue(path, out NativeBinaryInfo? info) || !info.IsNative || info.Format is BinaryFormat.StaticArchive or BinaryFormat.ImportLibrary)
            {
                continue;
            }

            RidInfo rid = RidInfo.Parse(folder);
            // A file for another OS, architecture or C library than its folder (librdkafka's alpine-librdkafka.so in
            // runtimes/linux-x64/, which its own resolver loads on musl only) is not probed there: what it needs is not
            // the folder's system's business.
            if (rid.Os is not (RidOs.Linux or RidOs.MacOS or RidOs.Windows) || PublishAudit.MismatchFor(info, rid) is not null)
            {
                continue;
            }

            IReadOnlyList<string> chain = graph.Chain(folder);
            var shipped = new HashSet<string>(natives.Where(n => chain.Contains(n.Folder, StringComparer.OrdinalIgnoreCase)).Select(n => SystemLibraries.FileNameOf(n.Path)), StringComparer.OrdinalIgnoreCase);
            foreach (string needed in info.Needed.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                string name = SystemLibraries.FileNameOf(needed);
                if (shipped.Contains(name) || SystemLibraries.IsProvided(needed, rid) || SystemLibraries.IsRuntimeLibrary(name) || string.Equals(name, SystemLibraries.FileNameOf(path), StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                (string Soname, string Package)? distribution = rid.Os == RidOs.Linux ? SystemLibraries.DistributionPackageOf(name) : null;
                string advice = distribution is { } d ? string.Format(System.Globalization.CultureInfo.InvariantCulture, PackageAuditMessages.NeededDistributionLibrary, d.Soname, d.Package) : PackageAuditMessages.NeededShipIt;
                result.Findings.Add(Make(DiagnosticCatalogue.NeededLibraryMissing, distribution is null ? FindingSeverity.Warning : FindingSeverity.Info, contents, new[] { folder }, path,
                    path, needed, folder, advice));
            }
        }
    }

    private static Finding Make(DiagnosticCode code, FindingSeverity severity, PackageContents contents, IReadOnlyList<string>? rids, string? file, params object?[] args)
    {
        object?[] all = new object?[args.Length + 1];
        all[0] = contents.Id;
        Array.Copy(args, 0, all, 1, args.Length);
        return new Finding(code, severity, code.Format(all))
        {
            PackageId = contents.Id,
            PackageVersion = contents.Version,
            Rid = rids is { Count: 1 } ? rids[0] : null,
            Rids = rids?.ToArray() ?? Array.Empty<string>(),
            Files = file is null ? Array.Empty<string>() : new[] { file },
        };
    }

    /// <summary>"linux-x64" for "runtimes/linux-x64/native/libfoo.so"; null when not a native asset path.</summary>
    public static string? NativeFolderOf(string packagePath)
    {
        string[] parts = packagePath.Split('/');
        return parts.Length >= 4 && string.Equals(parts[0], "runtimes", StringComparison.OrdinalIgnoreCase) && string.Equals(parts[2], "native", StringComparison.OrdinalIgnoreCase) && parts[1].Length > 0
            ? parts[1]
            : null;
    }

    private static string? FolderOf(string packagePath)
    {
        string[] parts = packagePath.Split('/');
        return parts.Length >= 3 && string.Equals(parts[0], "runtimes", StringComparison.OrdinalIgnoreCase) && parts[1].Length > 0 ? parts[1] : null;
    }

    private static bool IsPlaceholder(string path) => path.EndsWith("/" + Placeholder, StringComparison.Ordinal);

    /// <summary>True when the folder is the RID's own OS and libc family without an architecture (runtimes/osx/ for osx-arm64): the folder claims the RID.</summary>
    private static bool SameFamily(string rid, string folder)
    {
        RidInfo r = RidInfo.Parse(rid);
        RidInfo f = RidInfo.Parse(folder);
        return f.Architecture is null && r.Os == f.Os && r.Libc == f.Libc;
    }

    /// <summary>The portable RID a native file is built for ("linux-musl-arm64", "osx-x64", "win-x86"), or null when its header does not say.</summary>
    public static string? RidOf(NativeBinaryInfo info)
    {
        if (info.Architectures.Count != 1)
        {
            return null;
        }

        string arch = info.Architectures[0];
        return info.Os switch
        {
            RidOs.Windows => "win-" + arch,
            RidOs.MacOS => "osx-" + arch,
            RidOs.Linux when info.Libc == Libc.Musl => "linux-musl-" + arch,
            RidOs.Linux when info.Libc == Libc.Bionic => "linux-bionic-" + arch,
            RidOs.Linux => "linux-" + arch,
            _ => null,
        };
    }

    private static string SliceName(string arch) => arch switch
    {
        "x64" => "x86_64",
        _ => arch,
    };

    /// <summary>What a folder no RID selects was probably meant to be: "linux-amd64" → linux-x64, "macos-arm64" → osx-arm64.</summary>
    public static string Suggestion(string folder, RidGraph graph)
    {
        string lower = folder.ToLowerInvariant();
        string[] parts = lower.Split('-');
        string Arch(string a) => a switch
        {
            "amd64" or "x86_64" or "x86-64" or "64" => "x64",
            "aarch64" or "armv8" => "arm64",
            "i386" or "i686" or "32" or "ia32" => "x86",
            "armhf" or "armv7" => "arm",
            _ => a,
        };
        string Os(string o) => o switch
        {
            "macos" or "darwin" or "mac" or "macosx" => "osx",
            "windows" or "win32" or "win64" => "win",
            "alpine" => "linux-musl",
            _ => o,
        };
        var candidates = new List<string>();
        if (parts.Length >= 2)
        {
            string arch = Arch(parts[parts.Length - 1]);
            string os = string.Join("-", parts.Take(parts.Length - 1).Select(Os));
            candidates.Add(os + "-" + arch);
        }
        else if (parts.Length == 1)
        {
            candidates.Add(Os(parts[0]));
        }

        string? match = candidates.FirstOrDefault(c => graph.IsKnown(c) && !string.Equals(c, lower, StringComparison.Ordinal));
        return match is not null
            ? $"It looks meant for {match}: rename it to runtimes/{match}/."
            : "Rename it to a RID the SDK knows (linux-x64, linux-arm64, linux-musl-x64, osx-arm64, win-x64, ...).";
    }

    private static Dictionary<string, RuntimeJsonEntry> ReadRuntimeJson(string path)
    {
        try
        {
            return File.Exists(path) ? RuntimeJsonFile.Parse(File.ReadAllBytes(path)) : new Dictionary<string, RuntimeJsonEntry>();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new Dictionary<string, RuntimeJsonEntry>();
        }
    }
}
