using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Coverage;
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

    /// <summary>CrossGuardMinGlibc, e.g. 2.27 (the targets default it to the .NET runtime's own floor).</summary>
    public string MinGlibc { get; set; } = string.Empty;

    /// <summary>CrossGuardMinMacOS, e.g. 12.0.</summary>
    public string MinMacOS { get; set; } = "12.0";

    /// <summary>CrossGuardSeverity: empty (errors for the current RID, warnings otherwise), "warning" or "error".</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>CrossGuardSuppress items: Include = package id; metadata Rid, Code, Reason.</summary>
    public ITaskItem[] Suppressions { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NoWarn): warning codes listed there are logged as messages.</summary>
    public string NoWarn { get; set; } = string.Empty;

    #endregion

    #region Outputs

    /// <summary>Where obj/crossguard.natives.json is written.</summary>
    [Required]
    [Output]
    public string NativesManifest { get; set; } = string.Empty;

    /// <summary>Touched after a run that surfaced no warning or error (the target's Outputs); removed otherwise.</summary>
    public string CleanStamp { get; set; } = string.Empty;

    /// <summary>True when the cached results were replayed (no assets read, no binary inspected).</summary>
    [Output]
    public bool UsedCache { get; private set; }

    #endregion

    protected override void ExecuteCore()
    {
        UsedCache = false;
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
            settings.MinGlibc.ToString(), settings.MinMacOS.ToString(), RuntimeGraphPath, Severity,
            string.Join(",", settings.Suppressions.Select(s => s.PackageId + "|" + s.Rid + "|" + s.Code + "|" + s.Reason)),
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
            var engine = new CoverageEngine(graph);
            CoverageReport report;
            try
            {
                report = engine.Check(assets, new FrameworkSelector(TargetFramework, TargetFrameworkMoniker), settings);
            }
            catch (CoverageInputException ex)
            {
                throw new CrossGuardBuildException(ex.Code + ": " + ex.Message);
            }

            long checkMs = clock.ElapsedMilliseconds;
            findings = report.Findings.Select(CachedFinding.From).ToList();
            try
            {
                Core.Coverage.NativesManifest.Write(manifestPath, report);
                CheckCache.Write(cachePath, hash, findings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Logger.Verbose($"CrossGuard could not write {manifestPath} ({ex.Message}); results are kept in memory for this build only.");
            }

            Logger.Verbose($"CrossGuard inspected {engine.InspectedFiles} native files of {report.Packages.Count(p => p.Native)} native packages (assets read by {readMs} ms, RID graph by {graphMs} ms, checked by {checkMs} ms of which {(long)engine.InspectionTime.TotalMilliseconds} ms reading binaries, manifest and cache written by {clock.ElapsedMilliseconds} ms).");
        }

        var policy = new FindingPolicy(Severity, NoWarn);
        bool surfaced = Report(findings, policy);
        UpdateCleanStamp(surfaced);
        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard checked {0} RIDs [{1}]: {2} error(s), {3} warning(s).",
            settings.Rids.Count, string.Join(", ", settings.Rids),
            findings.Count(f => f.SuppressedBecause is null && policy.Effective(f.Severity) == FindingSeverity.Error),
            findings.Count(f => f.SuppressedBecause is null && policy.Effective(f.Severity) == FindingSeverity.Warning));
        Logger.Info(Summary);
        Logger.Verbose($"CrossGuard check took {clock.ElapsedMilliseconds} ms and allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024} KiB ({(UsedCache ? "cached" : "computed")}).");
    }

    private CheckSettings ReadSettings()
    {
        var rids = RuntimeIdentifiers.Concat(new[] { RuntimeIdentifier })
            .SelectMany(r => r.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new CheckSettings
        {
            Rids = rids,
            CurrentRid = string.IsNullOrWhiteSpace(RuntimeIdentifier) ? null : RuntimeIdentifier.Trim(),
            AllowNative = !string.Equals(AllowNative?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
            MinGlibc = ParseVersion("CrossGuardMinGlibc", MinGlibc, RuntimeFloors.DefaultMinGlibc(8)),
            MinMacOS = ParseVersion("CrossGuardMinMacOS", MinMacOS, new Version(12, 0)),
            Suppressions = Suppressions.Select(s => new Suppression(s.ItemSpec, s.GetMetadata("Rid"), s.GetMetadata("Code"), s.GetMetadata("Reason"))).ToList(),
            ProjectName = string.IsNullOrEmpty(ProjectPath) ? Path.GetFileName(ProjectDirectory.TrimEnd('/', '\\')) : Path.GetFileNameWithoutExtension(ProjectPath),
        };
    }

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
            : throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.BadSetting, name, value, "expected a version such as 2.28"));
    }

    private RidGraph LoadGraph()
    {
        try
        {
            return RidGraph.Load(string.IsNullOrEmpty(RuntimeGraphPath) ? null : Resolve(ProjectDirectory, RuntimeGraphPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.RidGraphUnreadable, RuntimeGraphPath, ex.Message));
        }
    }

    private bool Report(IReadOnlyList<CachedFinding> findings, FindingPolicy policy)
    {
        var locations = new ReferenceLocator(ProjectPath);
        bool surfaced = false;
        foreach (CachedFinding finding in findings)
        {
            (string? file, int line) = locations.Find(finding.DirectReference);
            surfaced |= policy.Log(Logger, finding.Code, finding.Message, finding.Severity, finding.SuppressedBecause, file, line);
        }

        return surfaced;
    }

    /// <summary>
    /// The target's Outputs: present only after a run that surfaced nothing, so MSBuild skips the next no-op build
    /// entirely; after warnings or errors it is removed, so they are reported again on every build until fixed.
    /// </summary>
    private void UpdateCleanStamp(bool surfaced)
    {
        if (string.IsNullOrEmpty(CleanStamp))
        {
            return;
        }

        string stamp = Resolve(ProjectDirectory, CleanStamp);
        try
        {
            if (surfaced)
            {
                File.Delete(stamp);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
                File.WriteAllText(stamp, Summary ?? string.Empty);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Logger.Verbose($"CrossGuard could not update {stamp}: {ex.Message}");
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
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.AssetsFileUnreadable, path, "the file does not exist"));
        }

        RestoredGraph assets;
        try
        {
            assets = AssetsFileReader.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.AssetsFileUnreadable, path, ex.Message));
        }

        if (assets.Version <= 0 || assets.Targets.Count == 0)
        {
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.AssetsFileUnreadable, path, "it is not a valid assets file (no version or no targets)"));
        }

        return assets;
    }
}
