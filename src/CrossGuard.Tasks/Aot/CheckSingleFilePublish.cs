using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// Single-file preflight (XG3005): the bundler leaves native libraries beside the executable unless
/// IncludeNativeLibrariesForSelfExtract is set, so "copy the one file" deployments lose them. Runs after
/// ComputeResolvedFilesToPublishList, on the same ResolvedFileToPublish items the bundler reads.
/// </summary>
public sealed class CheckSingleFilePublish : TaskBase
{
    private static readonly string[] s_nativeExtensions = { ".so", ".dylib", ".dll" };

    #region Inputs

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The RID being published.</summary>
    [Required]
    public string RuntimeIdentifier { get; set; } = string.Empty;

    /// <summary>$(PublishSingleFile).</summary>
    public string PublishSingleFile { get; set; } = string.Empty;

    /// <summary>$(PublishAot): a Native AOT binary is not a bundle; the check does not apply.</summary>
    public string PublishAot { get; set; } = string.Empty;

    /// <summary>$(IncludeNativeLibrariesForSelfExtract).</summary>
    public string IncludeNativeLibrariesForSelfExtract { get; set; } = string.Empty;

    /// <summary>$(IncludeAllContentForSelfExtract), which implies the former.</summary>
    public string IncludeAllContentForSelfExtract { get; set; } = string.Empty;

    /// <summary>@(ResolvedFileToPublish).</summary>
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>CrossGuardSeverity.</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>$(NoWarn).</summary>
    public string NoWarn { get; set; } = string.Empty;

    #endregion

    #region Outputs

    /// <summary>Relative paths of the native files left beside the executable.</summary>
    [Output]
    public string[] FilesBesideExecutable { get; private set; } = Array.Empty<string>();

    #endregion

    protected override void ExecuteCore()
    {
        string rid = Require(RuntimeIdentifier, nameof(RuntimeIdentifier)).Trim();
        if (!IsTrue(PublishSingleFile) || IsTrue(PublishAot) || IsTrue(IncludeNativeLibrariesForSelfExtract) || IsTrue(IncludeAllContentForSelfExtract))
        {
            Summary = $"CrossGuard single-file check for {rid}: not applicable.";
            Logger.Verbose(Summary);
            return;
        }

        var beside = new List<string>();
        foreach (ITaskItem item in Files)
        {
            // The SDK's own runtime files that singlefilehost links statically carry DropFromSingleFile; ExcludeFromSingleFile is the user's choice.
            if (IsTrue(item.GetMetadata("ExcludeFromSingleFile")) || IsTrue(item.GetMetadata("DropFromSingleFile")))
            {
                continue;
            }

            string relative = item.GetMetadata("RelativePath") is { Length: > 0 } r ? r : Path.GetFileName(item.ItemSpec);
            bool native = string.Equals(item.GetMetadata("AssetType"), "native", StringComparison.OrdinalIgnoreCase);
            if (!native)
            {
                string name = Path.GetFileName(relative);
                bool looksNative = s_nativeExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || name.Contains(".so.", StringComparison.Ordinal);
                string path = Resolve(ProjectDirectory, item.ItemSpec);
                native = looksNative && File.Exists(path) && !IsManaged(path)
                    && NativeBinaryInspector.Inspect(path).IsNative;
            }

            if (!native)
            {
                continue;
            }

            string package = item.GetMetadata("NuGetPackageId");
            beside.Add(package.Length > 0 ? $"{relative} (package {package} {item.GetMetadata("NuGetPackageVersion")})" : relative);
        }

        FilesBesideExecutable = beside.ToArray();
        if (beside.Count > 0)
        {
            DiagnosticCode diagnostic = DiagnosticCatalogue.SingleFileNativesBesideExecutable;
            string text = diagnostic.Format(rid, beside.Count, beside.Count == 1 ? "library" : "libraries", string.Join(", ", beside));
            new FindingPolicy(Severity, NoWarn).Log(Logger, diagnostic, text, FindingSeverity.Warning, suppressedBecause: null);
        }

        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard single-file check for {0}: {1} native file(s) left beside the executable.", rid, beside.Count);
        Logger.Info(Summary);
    }

    /// <summary>A .dll with a CLI header is managed: the bundler includes it.</summary>
    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            return pe.HasMetadata;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
