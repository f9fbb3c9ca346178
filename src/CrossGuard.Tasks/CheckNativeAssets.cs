using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Rids;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// Checks every package in the restored graph for every declared RID: native assets present, right OS, architecture
/// and libc, glibc/macOS floor, and the CrossGuardAllowNative guard. Writes obj/crossguard.natives.json, which also
/// caches the findings: when it is newer than project.assets.json and the settings hash matches, a build replays
/// them without reading the assets file or inspecting a single binary.
/// </summary>
public sealed class CheckNativeAssets : TaskBase
{
    #region Inputs

    /// <summary>Project directory; every relative path is resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The project file (diagnostics point at its PackageReference lines).</summary>
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>The project.assets.json written by restore.</summary>
    [Required]
    public string ProjectAssetsFile { get; set; } = string.Empty;

    /// <summary>$(TargetFramework), e.g. net8.0: picks the assets file's target the way ResolvePackageAssets does.</summary>
    public string TargetFramework { get; set; } = string.Empty;

    /// <summary>$(TargetFrameworkMoniker), e.g. .NETCoreApp,Version=v8.0 (fallback when the alias matches no target).</summary>
    public string TargetFrameworkMoniker { get; set; } = string.Empty;

    /// <summary>Declared RIDs (CrossGuardRuntimeIdentifiers plus RuntimeIdentifier).</summary>
    public string[] RuntimeIdentifiers { get; set; } = Array.Empty<string>();

    /// <summary>The RID of this build or publish; its problems are errors.</summary>
    public string RuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>$(RuntimeIdentifierGraphPath): the SDK's RID graph.</summary>
    public string RuntimeGraphPath { get; set; } = string.Empty;

    /// <summary>CrossGuardAllowNative; "false" turns every native crossing into an error.</summary>
    public string AllowNative { get; set; } = "true";

    /// <summary>
    /// CrossGuardMinGlibc: "2.28" for every RID, "linux-arm64:2.35" for one, or both ("2.28;linux-arm64:2.35"); empty:
    /// the .NET runtime's own floor per architecture for the target framework (see <see cref="RuntimeFloors"/>).
    /// </summary>
    public string MinGlibc { get; set; } = string.Empty;

    /// <summary>
    /// The base image the container RIDs run in: ContainerBaseImage (set by the project, or computed by the SDK's
    /// ComputeContainerBaseImage for a container publish). Empty: no container image is checked.
    /// </summary>
    public string ContainerBaseImage { get; set; } = string.Empty;

    /// <summary>ContainerFamily: without ContainerBaseImage, the .NET image of that family (e.g. noble-chiseled) is assumed, as the SDK does.</summary>
    public string ContainerFamily { get; set; } = string.Empty;

    /// <summary>ContainerRuntimeIdentifier or ContainerRuntimeIdentifiers: the RIDs of the image(s); they join the RID matrix.</summary>
    public string[] ContainerRuntimeIdentifiers { get; set; } = Array.Empty<string>();

    /// <summary>
    /// True in the container publish gate (after ComputeContainerBaseImage, before anything is pulled): every container
    /// RID's problems are errors, and only errors are logged (the dependency check of the same build logged the rest).
    /// </summary>
    public bool ContainerPublish { get; set; }

    /// <summary>"$(SelfContained);$(PublishSelfContained);$(PublishAot)": any "true" makes the container app self-contained (see <see cref="CheckSettings.ContainerSelfContained"/>).</summary>
    public string ContainerSelfContained { get; set; } = string.Empty;

    /// <summary>In the container publish gate: the ContainerBaseImage the project declared (empty when the SDK chose it); XG2009 is logged only for another image.</summary>
    public string DeclaredContainerBaseImage { get; set; } = string.Empty;

    /// <summary>CrossGuardMinMacOS, e.g. 12.0.</summary>
    public string MinMacOS { get; set; } = "12.0";

    /// <summary>CrossGuardSeverity: empty (errors for the current RID, warnings otherwise), "warning" or "error".</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>CrossGuardSuppress items: Include = package id; metadata Rid, Code, Reason.</summary>
    public ITaskItem[] Suppressions { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NoWarn): warning codes listed there are logged as messages.</summary>
    public string NoWarn { get; set; } = string.Empty;

    /// <summary>
    /// CrossGuardInspectionCacheDirectory: where header-inspection results are kept per machine (empty: the user's
    /// local application data folder, CrossGuard/inspections; "none": no cache).
    /// </summary>
    public string InspectionCacheDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Native files the project ships itself (Content / None copied to the output, ContentWithTargetPath, NativeLibrary):
    /// listed in the natives manifest per RID (see <see cref="Core.Coverage.ProjectNatives"/>). TargetPath or Link metadata
    /// gives the output path.
    /// </summary>
    public ITaskItem[] ProjectNativeFiles { get; set; } = Array.Empty<ITaskItem>();

    #endregion

    #region Outputs

    /// <summary>Where obj/crossguard.natives.json is written.</summary>
    [Required]
    [Output]
    public string NativesManifest { get; set; } = string.Empty;

    /// <summary>
    /// obj/.../crossguard.replay: what the last completed check logged, with the settings hash it ran under. While
    /// nothing the check depends on has changed, a build replays it instead of checking again (see <see cref="ReplayLog"/>).
    /// </summary>
    public string ReplayFile { get; set; } = string.Empty;

    /// <summary>$(DirectoryPackagesPropsPath): central package versions move the diagnostics' lines, so they invalidate the replay.</summary>
    public string DirectoryPackagesProps { get; set; } = string.Empty;

    /// <summary>True when the cached results were reused (no assets read, no binary inspected).</summary>
    [Output]
    public bool UsedCache { get; private set; }

    /// <summary>True when the last check's log was replayed because nothing it depends on changed.</summary>
    [Output]
    public bool Replayed { get; private set; }

    #endregion

    protected override void ExecuteCore()
    {
        UsedCache = false;
        Replayed = false;
        string? replayFile = string.IsNullOrEmpty(ReplayFile) ? null : Resolve(ProjectDirectory, ReplayFile);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        if (replayFile is not null && TryReplay(replayFile))
        {
            Replayed = true;
            Log.LogMessage(MessageImportance.Low, "CrossGuard replayed " + replayFile + " in "
                + System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms.");
            return;
        }

        Check(replayFile);
    }

    /// <summary>
    /// The no-op build: kept apart from <see cref="Check"/> (and not inlined into ExecuteCore) so that replaying
    /// compiles and loads nothing of the check itself, not even CrossGuard.Core.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool TryReplay(string replayFile)
    {
        string?[] inputs =
        {
            string.IsNullOrEmpty(ProjectAssetsFile) ? null : Resolve(ProjectDirectory, ProjectAssetsFile),
            string.IsNullOrEmpty(ProjectPath) ? null : Resolve(ProjectDirectory, ProjectPath),
            string.IsNullOrEmpty(DirectoryPackagesProps) ? null : Resolve(ProjectDirectory, DirectoryPackagesProps),
            typeof(CheckNativeAssets).Assembly.Location,
            string.IsNullOrEmpty(NativesManifest) ? null : Resolve(ProjectDirectory, NativesManifest),
        };
        string? summary = ReplayLog.TryReplay(replayFile, ReplayKey(), inputs, Log);
        if (summary is null)
        {
            return false;
        }

        Summary = summary;
        return true;
    }

    /// <summary>The output path of each project-shipped file: TargetPath, else Link, else the item spec.</summary>
    private IEnumerable<string> ProjectNativeOutputPaths()
    {
        foreach (ITaskItem item in ProjectNativeFiles)
        {
            string targetPath = item.GetMetadata("TargetPath");
            string link = item.GetMetadata("Link");
            yield return targetPath.Length > 0 ? targetPath : link.Length > 0 ? link : item.ItemSpec;
        }
    }

    /// <summary>
    /// Every input the logged result depends on besides files, verbatim, and the tasks' build. The inspection cache
    /// setting is one (turning the cache off, or pointing it elsewhere, checks again). The cache folder's trust state
    /// is not: a result computed while the folder was trusted stays right when it later is not, one computed without
    /// the cache is right either way, and asking would cost the no-op path a stat and CrossGuard.Core.
    /// </summary>
    private string ReplayKey()
    {
        var key = new System.Text.StringBuilder(typeof(CheckNativeAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N"));
        foreach (string? value in new[] { ProjectDirectory, ProjectPath, ProjectAssetsFile, TargetFramework, TargetFrameworkMoniker, RuntimeIdentifier, RuntimeGraphPath, AllowNative, MinGlibc, MinMacOS, Severity, NoWarn, NativesManifest, InspectionCacheDirectory, ContainerBaseImage, DeclaredContainerBaseImage, ContainerFamily, ContainerSelfContained, ContainerPublish.ToString(), string.Join(";", ContainerRuntimeIdentifiers) })
        {
            key.Append('|').Append(value);
        }

        foreach (string rid in RuntimeIdentifiers)
        {
            key.Append('|').Append(rid);
        }

        foreach (string path in ProjectNativeOutputPaths())
        {
            key.Append("|native:").Append(path);
        }

        foreach (ITaskItem suppression in Suppressions)
        {
            key.Append('|').Append(suppression.ItemSpec).Append('/').Append(suppression.GetMetadata("Rid"))
                .Append('/').Append(suppression.GetMetadata("Code")).Append('/').Append(suppression.GetMetadata("Reason"));
        }

        return key.ToString();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Check(string? replayFile)
    {
        if (replayFile is not null)
        {
            ReplayLog.Delete(replayFile);
            Logger.Recording = new List<string>();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        string assetsPath = Resolve(ProjectDirectory, Require(ProjectAssetsFile, nameof(ProjectAssetsFile)));
        string manifestPath = Resolve(ProjectDirectory, Require(NativesManifest, nameof(NativesManifest)));
        LogLoadContext();

        CheckSettings settings = ReadSettings();
        string hash = Core.Coverage.NativesManifest.Hash(new[]
        {
            typeof(CheckNativeAssets).Assembly.ManifestModule.ModuleVersionId.ToString(),
            assetsPath, TargetFramework, TargetFrameworkMoniker, string.Join(",", settings.Rids), settings.CurrentRid, settings.AllowNative.ToString(),
            settings.GlibcFloors?.ToString(), settings.MinMacOS.ToString(), RuntimeGraphPath, Severity,
            string.Join(",", settings.Images.Select(i => i.Key + "=" + i.Value.Text)), string.Join(",", settings.ErrorRids), settings.ContainerSelfContained.ToString(),
            string.Join(",", settings.Suppressions.Select(s => s.PackageId + "|" + s.Rid + "|" + s.Code + "|" + s.Reason)),
            InspectionCacheDirectory,
            string.Join("|", ProjectNativeOutputPaths()),
        });

        string cachePath = Path.Combine(Path.GetDirectoryName(manifestPath)!, "crossguard.cache");
        DateTime assetsTime = File.Exists(assetsPath) ? File.GetLastWriteTimeUtc(assetsPath) : DateTime.MaxValue;
        IReadOnlyList<CachedFinding>? findings = CheckCache.TryRead(cachePath, hash, assetsTime);
        if (findings is not null && File.Exists(manifestPath))
        {
            UsedCache = true;
            Logger.Verbose($"CrossGuard reused {cachePath}: the assets file and settings are unchanged, nothing was re-inspected.");
        }
        else
        {
            RestoredGraph assets = ReadAssets(assetsPath);
            long readMs = clock.ElapsedMilliseconds;
            RidGraph graph = LoadGraph();
            long graphMs = clock.ElapsedMilliseconds;
            InspectionCache? cache = InspectionCache.FromSetting(InspectionCacheDirectory, ProjectDirectory);
            if (cache?.NotUsedMessage is { } notUsed)
            {
                Logger.Notice(notUsed);
            }

            var engine = new CoverageEngine(graph, cache: cache);
            CoverageReport report;
            try
            {
                report = engine.Check(assets, new FrameworkSelector(TargetFramework, TargetFrameworkMoniker), settings);
            }
            catch (CoverageInputException ex)
            {
                throw CrossGuardBuildException.From(ex);
            }

            long checkMs = clock.ElapsedMilliseconds;
            findings = report.Findings.Select(CachedFinding.From).ToList();
            Core.Coverage.ProjectNatives.AddTo(report.LibrariesByRid, ProjectNativeOutputPaths(), graph);
            try
            {
                Core.Coverage.NativesManifest.Write(manifestPath, report);
                CheckCache.Write(cachePath, hash, findings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Logger.Verbose($"CrossGuard could not write {manifestPath} ({ex.Message}); results are kept in memory for this build only.");
            }

            if (cache is not null)
            {
                Logger.Verbose($"CrossGuard inspection cache: {cache.Hits} file(s) answered from it, {cache.Misses} inspected.");
            }

            Logger.Verbose($"CrossGuard inspected {engine.InspectedFiles} native files of {report.Packages.Count(p => p.Native)} native packages (assets read by {readMs} ms, RID graph by {graphMs} ms, checked by {checkMs} ms of which {(long)engine.InspectionTime.TotalMilliseconds} ms reading binaries, manifest and cache written by {clock.ElapsedMilliseconds} ms).");
        }

        var policy = new FindingPolicy(Severity, NoWarn);
        Report(findings, policy);
        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard checked {0}: {1} error(s), {2} warning(s).",
            settings.Rids.Count == 0 ? "the common portable RIDs (none declared: information only, see XG1011)" : settings.Rids.Count + " RIDs [" + string.Join(", ", settings.Rids) + "]",
            findings.Count(f => f.SuppressedBecause is null && policy.Effective(f.Severity, f.Diagnostic) == FindingSeverity.Error),
            findings.Count(f => f.SuppressedBecause is null && policy.Effective(f.Severity, f.Diagnostic) == FindingSeverity.Warning));
        Logger.Info(Summary);
        if (replayFile is not null)
        {
            try
            {
                ReplayLog.Write(replayFile, ReplayKey(), Summary, Logger.Recording!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Logger.Verbose($"CrossGuard could not write {replayFile} ({ex.Message}); the next build checks again.");
            }
        }

        Logger.Verbose($"CrossGuard check took {clock.ElapsedMilliseconds} ms and allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024} KiB ({(UsedCache ? "cached" : "computed")}).");
    }

    private CheckSettings ReadSettings()
    {
        List<string> containerRids = Split(ContainerRuntimeIdentifiers);
        var rids = Split(RuntimeIdentifiers.Concat(new[] { RuntimeIdentifier }).Concat(containerRids));
        int dotnetMajor = new FrameworkSelector(TargetFramework, TargetFrameworkMoniker).DotNetMajor ?? 8;
        if (!GlibcFloors.TryParse(MinGlibc, dotnetMajor, out GlibcFloors floors, out string? floorError))
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.BadSetting, "CrossGuardMinGlibc", MinGlibc, floorError);
        }

        var images = new Dictionary<string, Core.Containers.BaseImage>(StringComparer.OrdinalIgnoreCase);
        string? imageText = ContainerBaseImage.Trim().Length > 0 ? ContainerBaseImage.Trim()
            : ContainerFamily.Trim().Length > 0 ? Core.Containers.BaseImages.DotNetImageOfFamily(dotnetMajor, ContainerFamily.Trim()) : null;
        if (imageText is not null)
        {
            Core.Containers.BaseImage image = Core.Containers.BaseImages.Identify(imageText);
            foreach (string rid in containerRids)
            {
                images[rid] = image;
            }
        }

        return new CheckSettings
        {
            Rids = rids,
            CurrentRid = string.IsNullOrWhiteSpace(RuntimeIdentifier) ? null : RuntimeIdentifier.Trim(),
            AllowNative = !string.Equals(AllowNative?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
            GlibcFloors = floors,
            Images = images,
            ErrorRids = ContainerPublish ? containerRids : Array.Empty<string>(),
            ContainerSelfContained = ContainerSelfContained.Split(';').Any(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase)),
            MinMacOS = ParseVersion("CrossGuardMinMacOS", MinMacOS, new Version(12, 0)),
            Suppressions = Suppressions.Select(s => new Suppression(s.ItemSpec, s.GetMetadata("Rid"), s.GetMetadata("Code"), s.GetMetadata("Reason"))).ToList(),
            ProjectName = string.IsNullOrEmpty(ProjectPath) ? Path.GetFileName(ProjectDirectory.TrimEnd('/', '\\')) : Path.GetFileNameWithoutExtension(ProjectPath),
        };
    }

    private static List<string> Split(IEnumerable<string> values) =>
        values.SelectMany(r => r.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static Version ParseVersion(string name, string? value, Version fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        string text = value!.Trim();
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            text += ".0";
        }

        return Version.TryParse(text, out Version? version)
            ? version
            : throw new CrossGuardBuildException(DiagnosticCatalogue.BadSetting, name, value, "expected a version such as 2.28");
    }

    private RidGraph LoadGraph()
    {
        try
        {
            return RidGraph.Load(string.IsNullOrEmpty(RuntimeGraphPath) ? null : Resolve(ProjectDirectory, RuntimeGraphPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.RidGraphUnreadable, RuntimeGraphPath, ex.Message);
        }
    }

    private void Report(IReadOnlyList<CachedFinding> findings, FindingPolicy policy)
    {
        var locations = new ReferenceLocator(ProjectPath);
        var referenced = new Dictionary<string, ReferenceLocator>(StringComparer.Ordinal);
        foreach (CachedFinding finding in findings)
        {
            // A package a ProjectReference brings: the PackageReference line in that project's file (or its Directory.Packages.props).
            ReferenceLocator locator = locations;
            if (finding.ReferencedIn is { Length: > 0 } other)
            {
                string path = Path.GetFullPath(Resolve(ProjectDirectory, other));
                if (!referenced.TryGetValue(path, out ReferenceLocator? found))
                {
                    referenced[path] = found = new ReferenceLocator(path);
                }

                locator = found;
            }

            if (ContainerPublish && (finding.SuppressedBecause is not null || policy.Effective(finding.Severity, finding.Diagnostic) != FindingSeverity.Error)
                && !(finding.Diagnostic.Id == DiagnosticCatalogue.UnknownImage.Id && !string.Equals(DeclaredContainerBaseImage.Trim(), ContainerBaseImage.Trim(), StringComparison.Ordinal)))
            {
                // The container publish gate: the dependency check of the same build already logged warnings and information.
                continue;
            }

            (string? file, int line) = locator.Find(finding.DirectReference);
            policy.Log(Logger, finding.Diagnostic, finding.Message, finding.Severity, finding.SuppressedBecause, file, line);
        }
    }

    /// <summary>Proves task isolation in the build log: which NuGet.Frameworks we run with and in which load context.</summary>
    private void LogLoadContext()
    {
        System.Reflection.Assembly nuget = typeof(NuGet.Frameworks.NuGetFramework).Assembly;
        string context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(nuget)?.Name ?? "?";
        Logger.Verbose($"CrossGuard tasks use NuGet.Frameworks {nuget.GetName().Version} from '{nuget.Location}' (load context '{context}').");
    }

    private static RestoredGraph ReadAssets(string path)
    {
        if (!File.Exists(path))
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.AssetsFileUnreadable, path, "the file does not exist");
        }

        RestoredGraph assets;
        try
        {
            assets = AssetsFileReader.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.AssetsFileUnreadable, path, ex.Message);
        }

        if (assets.Version <= 0 || assets.Targets.Count == 0)
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.AssetsFileUnreadable, path, "it is not a valid assets file (no version or no targets)");
        }

        return assets;
    }
}
