using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Publish;
using CrossGuard.Core.Rids;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// The publish-output audit over the files about to be published (@(ResolvedFileToPublish)), as a probe model
/// (<see cref="PublishAudit"/>): every library the app loads is looked up the way the runtime will on the target,
/// and the file it reaches is judged (XG2001-XG2005). Packages' own .targets files copy natives in by hand, so the
/// list can hold files for other platforms; those are errors only when the loader reaches them, and dead weight
/// otherwise. A RID-specific publish is audited for its RID; a framework-dependent portable publish (no RID) for each
/// declared RID (CrossGuardRuntimeIdentifiers), with what would be an error reported as a warning, since no RID is
/// being published.
/// </summary>
public sealed class AuditPublishOutput : TaskBase
{
    #region Inputs

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The RID being published; empty for a portable publish.</summary>
    public string RuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>CrossGuardRuntimeIdentifiers: the RIDs a portable publish is audited for.</summary>
    public string RuntimeIdentifiers { get; set; } = string.Empty;

    /// <summary>$(RuntimeIdentifierGraphPath): the SDK's RID graph (fallback chains of a portable publish).</summary>
    public string RuntimeGraphPath { get; set; } = string.Empty;

    /// <summary>@(ResolvedFileToPublish).</summary>
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NuGetPackageRoot): files under it that carry no NuGet metadata were copied in by a package's own targets.</summary>
    public string PackageRoot { get; set; } = string.Empty;

    /// <summary>obj/.../crossguard.natives.json: the libraries the dependency check selected per RID.</summary>
    public string NativesManifest { get; set; } = string.Empty;

    /// <summary>CrossGuardSeverity (see CheckNativeAssets).</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>CrossGuardSuppress items.</summary>
    public ITaskItem[] Suppressions { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NoWarn).</summary>
    public string NoWarn { get; set; } = string.Empty;

    #endregion

    #region Outputs

    /// <summary>How many native files were inspected.</summary>
    [Output]
    public int InspectedFiles { get; private set; }

    #endregion

    protected override void ExecuteCore()
    {
        var suppressions = Suppressions.Select(s => new Suppression(s.ItemSpec, s.GetMetadata("Rid"), s.GetMetadata("Code"), s.GetMetadata("Reason"))).ToList();
        List<PublishedFile> files = Files.Select(ToPublishedFile).Where(f => f is not null).Select(f => f!).ToList();
        var cache = new Dictionary<string, NativeBinaryInfo>(StringComparer.Ordinal);
        NativeBinaryInfo Inspect(PublishedFile file)
        {
            if (!cache.TryGetValue(file.FullPath, out NativeBinaryInfo? info))
            {
                cache[file.FullPath] = info = NativeBinaryInspector.Inspect(file.FullPath);
            }

            return info;
        }

        Dictionary<string, List<string>> manifest = ReadManifest();
        var policy = new FindingPolicy(Severity, NoWarn);
        string rid = RuntimeIdentifier.Trim();
        var audited = new List<string>();
        int loads = 0;
        if (rid.Length > 0)
        {
            PublishAuditResult result = PublishAudit.Run(PublishLayout.ForRid(files, RidInfo.Parse(rid)), LibrariesFor(manifest, rid), Inspect);
            Report(result, policy, suppressions, portable: false);
            InspectedFiles = result.InspectedFiles;
            loads = result.Loads.Count(l => l.Source != LoadSource.Manifest);
            audited.Add(rid);
        }
        else
        {
            RidGraph graph = RidGraph.Load(string.IsNullOrWhiteSpace(RuntimeGraphPath) ? null : Resolve(ProjectDirectory, RuntimeGraphPath));
            string? deps = files.FirstOrDefault(f => f.RelativePath.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) && !f.RelativePath.Contains('/', StringComparison.Ordinal)) is { } depsFile && File.Exists(depsFile.FullPath)
                ? File.ReadAllText(depsFile.FullPath)
                : null;
            foreach (string target in RuntimeIdentifiers.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                IReadOnlyList<string> chain = graph.IsKnown(target) ? graph.Chain(target) : new[] { target };
                PublishAuditResult result;
                try
                {
                    result = PublishAudit.Run(PublishLayout.Portable(files, RidInfo.Parse(target), chain, deps), LibrariesFor(manifest, target), Inspect);
                }
                catch (JsonException ex)
                {
                    Logger.Info($"CrossGuard could not read the publish output's deps.json ({ex.Message}); the portable publish is not audited for {target}.");
                    continue;
                }

                Report(result, policy, suppressions, portable: true);
                InspectedFiles = Math.Max(InspectedFiles, result.InspectedFiles);
                loads = Math.Max(loads, result.Loads.Count(l => l.Source != LoadSource.Manifest));
                audited.Add(target);
            }
        }

        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard audited {0} native files in the {1} publish output ({2} library loads probed).",
            InspectedFiles, audited.Count > 0 ? string.Join(", ", audited) : "portable", loads);
        Logger.Info(Summary);
    }

    private void Report(PublishAuditResult result, FindingPolicy policy, List<Suppression> suppressions, bool portable)
    {
        // Dead weight needs the one RID the output is for: in a portable publish every RID's files are used on their RID.
        foreach (Finding finding in result.Findings.Where(f => !portable || f.Diagnostic != DiagnosticCatalogue.DeadWeight))
        {
            FindingSeverity severity = portable && finding.Severity == FindingSeverity.Error ? FindingSeverity.Warning : finding.Severity;
            policy.Log(Logger, finding.Diagnostic, finding.Message, severity, suppressions.FirstOrDefault(s => s.Matches(finding))?.Reason);
        }
    }

    private PublishedFile? ToPublishedFile(ITaskItem item)
    {
        string path = Resolve(ProjectDirectory, item.ItemSpec);
        if (!File.Exists(path))
        {
            return null;
        }

        string relative = item.GetMetadata("RelativePath") is { Length: > 0 } r ? r : Path.GetFileName(path);
        string packageId = item.GetMetadata("NuGetPackageId");
        string packageVersion = item.GetMetadata("NuGetPackageVersion");
        bool copiedByTargets = false;
        if (packageId.Length == 0 && PackageOf(path) is { } owner)
        {
            (packageId, packageVersion) = owner;
            copiedByTargets = true;
        }

        string name = Path.GetFileName(path);
        // The runtime pack (Microsoft.NETCore.App.Runtime.<rid>, ASP.NET Core's, Windows Desktop's) and the SDK's app host.
        bool fromRuntime = (packageId.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase) && packageId.Contains(".App.Runtime.", StringComparison.OrdinalIgnoreCase))
            || name is "apphost" or "apphost.exe" or "singlefilehost" or "singlefilehost.exe";
        return new PublishedFile(relative, path, packageId.Length > 0 ? packageId : null, packageVersion.Length > 0 ? packageVersion : null, fromRuntime, copiedByTargets);
    }

    /// <summary>The manifest's libraries per RID; empty when there is none or it cannot be read (the probe then relies on imports alone).</summary>
    private Dictionary<string, List<string>> ReadManifest()
    {
        var libraries = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string path = string.IsNullOrWhiteSpace(NativesManifest) ? string.Empty : Resolve(ProjectDirectory, NativesManifest);
        if (path.Length == 0 || !File.Exists(path) || new FileInfo(path).Length > 16 * 1024 * 1024)
        {
            return libraries;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("rids", out JsonElement rids) && rids.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty rid in rids.EnumerateObject())
                {
                    if (rid.Value.ValueKind == JsonValueKind.Object && rid.Value.TryGetProperty("libraries", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                    {
                        libraries[rid.Name] = list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
                    }
                }
            }
        }
        catch (JsonException)
        {
            libraries.Clear();
        }
        catch (IOException)
        {
            libraries.Clear();
        }

        return libraries;
    }

    private static IEnumerable<string> LibrariesFor(Dictionary<string, List<string>> manifest, string rid) =>
        manifest.TryGetValue(rid, out List<string>? list) ? list : Enumerable.Empty<string>();

    /// <summary>The package (folder names: lower-case id and version) a file under the NuGet package root belongs to.</summary>
    private (string Id, string Version)? PackageOf(string fullPath)
    {
        if (string.IsNullOrEmpty(PackageRoot))
        {
            return null;
        }

        string root = Path.GetFullPath(PackageRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!fullPath.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        string[] parts = fullPath.Substring(root.Length).Split(Path.DirectorySeparatorChar);
        return parts.Length > 2 ? (parts[0], parts[1]) : null;
    }
}
