using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Rids;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// Inspects every native file about to be published for a RID: packages' own .targets files copy natives in by hand,
/// so the publish list can hold a Windows .dll in a macOS publish or an x64 .so in an arm64 one (XG2001), and a native
/// file can need a library that is neither shipped nor part of the target system (XG2002).
/// </summary>
public sealed class AuditPublishOutput : TaskBase
{
    private static readonly string[] s_nativeExtensions = { ".so", ".dylib", ".dll", ".a", ".lib", ".exe", ".node" };

    #region Inputs

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The RID being published.</summary>
    [Required]
    public string RuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>@(ResolvedFileToPublish).</summary>
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NuGetPackageRoot): files under it that carry no NuGet metadata were copied in by a package's own targets.</summary>
    public string PackageRoot { get; set; } = string.Empty;

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
        RidInfo rid = RidInfo.Parse(RuntimeIdentifier.Trim());
        var suppressions = Suppressions.Select(s => new Suppression(s.ItemSpec, s.GetMetadata("Rid"), s.GetMetadata("Code"), s.GetMetadata("Reason"))).ToList();
        var published = new HashSet<string>(Files.Select(f => Path.GetFileName(f.GetMetadata("RelativePath") is { Length: > 0 } r ? r : f.ItemSpec)), StringComparer.OrdinalIgnoreCase);
        var findings = new List<Finding>();

        foreach (ITaskItem item in Files)
        {
            string path = Resolve(ProjectDirectory, item.ItemSpec);
            string name = Path.GetFileName(path);
            if (!LooksNative(name) || !File.Exists(path))
            {
                continue;
            }

            NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
            if (!info.IsNative || info.Format is BinaryFormat.StaticArchive or BinaryFormat.ImportLibrary)
            {
                continue;
            }

            InspectedFiles++;
            string packageId = item.GetMetadata("NuGetPackageId");
            string origin = packageId.Length > 0
                ? $"package '{packageId}' {item.GetMetadata("NuGetPackageVersion")}"
                : PackageOf(path) is { } owner
                    ? $"package '{owner.Id}' {owner.Version}, whose own build targets copy it in outside the RID graph"
                    : $"the project ('{item.ItemSpec}')";
            packageId = packageId.Length > 0 ? packageId : PackageOf(path)?.Id ?? string.Empty;
            string relative = item.GetMetadata("RelativePath") is { Length: > 0 } rel ? rel : name;

            string? mismatch = CoverageEngine.Mismatch(info, rid);
            if (mismatch is null && rid.Libc == Libc.Musl && info.Libc == Libc.Glibc)
            {
                mismatch = "a " + CoverageEngine.Describe(info);
            }

            if (mismatch is not null)
            {
                findings.Add(new Finding("XG2001", FindingSeverity.Error, CoverageMessages.Render(CoverageMessages.PublishedBinaryForOtherTarget, relative, RuntimeIdentifier, mismatch, origin))
                {
                    PackageId = packageId.Length > 0 ? packageId : null,
                    Rid = RuntimeIdentifier,
                });
                continue;
            }

            foreach (string needed in info.Needed.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                string file = SystemLibraries.FileNameOf(needed);
                if (published.Contains(file) || SystemLibraries.IsProvided(needed, rid))
                {
                    continue;
                }

                // A VC++ runtime or an @rpath dylib must travel with the app; other Linux libraries may come from the distribution.
                bool mustShip = SystemLibraries.IsVisualCppRuntime(file) || needed.StartsWith('@');
                findings.Add(new Finding("XG2002", mustShip ? FindingSeverity.Warning : FindingSeverity.Info, CoverageMessages.Render(CoverageMessages.PublishedNeededMissing, relative, RuntimeIdentifier, needed))
                {
                    PackageId = packageId.Length > 0 ? packageId : null,
                    Rid = RuntimeIdentifier,
                });
            }
        }

        var policy = new FindingPolicy(Severity, NoWarn);
        foreach (Finding finding in findings)
        {
            policy.Log(Logger, finding.Code, finding.Message, finding.Severity, suppressions.FirstOrDefault(s => s.Matches(finding))?.Reason);
        }

        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard audited {0} native files in the {1} publish output.", InspectedFiles, RuntimeIdentifier);
        Logger.Info(Summary);
    }

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

    private static bool LooksNative(string name) =>
        s_nativeExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || name.Contains(".so.", StringComparison.Ordinal)
        || !Path.HasExtension(name);
}
