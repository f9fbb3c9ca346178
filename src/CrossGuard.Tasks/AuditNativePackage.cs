using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Packaging;
using CrossGuard.Core.Rids;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// The package-author audit at `dotnet pack` (<see cref="PackageAudit"/>, the same one `crossguard audit` runs): what
/// each runtimes/&lt;rid&gt;/native/ file the project packs really is, against the RIDs the package claims
/// (CrossGuardRuntimeIdentifiers, default: the RIDs its folders serve) and its glibc / macOS floors. Two inputs: the
/// SDK's pack items (@(_PackageFiles), after _GetPackageFiles; each finding points at the project line that declares
/// the item), or, for a project packed from a .nuspec, the .nupkg just written (findings point at the nuspec; the
/// package is deleted when the audit fails, so a broken package is not left behind to be pushed).
/// </summary>
public sealed class AuditNativePackage : TaskBase
{
    #region Inputs

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>$(MSBuildProjectFullPath): findings point at the line of the item that packs the file.</summary>
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>$(PackageId).</summary>
    public string PackageId { get; set; } = string.Empty;

    /// <summary>$(PackageVersion).</summary>
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>@(_PackageFiles): the files the pack task is about to put into the package, with PackagePath metadata.</summary>
    public ITaskItem[] PackageFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>A packed .nupkg to audit instead of <see cref="PackageFiles"/> (a project packed from a .nuspec).</summary>
    public string PackagePath { get; set; } = string.Empty;

    /// <summary>$(NuspecFile), where findings about a packed .nupkg point.</summary>
    public string NuspecFile { get; set; } = string.Empty;

    /// <summary>CrossGuardRuntimeIdentifiers: the RIDs the package claims (empty: those its folders serve).</summary>
    public string RuntimeIdentifiers { get; set; } = string.Empty;

    /// <summary>$(RuntimeIdentifierGraphPath): the SDK's RID graph.</summary>
    public string RuntimeGraphPath { get; set; } = string.Empty;

    /// <summary>CrossGuardMinGlibc: a version, rid:version entries, or empty for the .NET runtime's floor per architecture.</summary>
    public string MinGlibc { get; set; } = string.Empty;

    /// <summary>True when the project set CrossGuardMinGlibc itself: a file above it breaks the package's claim (an error).</summary>
    public bool MinGlibcDeclared { get; set; }

    public string MinMacOS { get; set; } = "12.0";

    public bool MinMacOSDeclared { get; set; }

    /// <summary>CrossGuardSeverity: "warning" lowers errors, "error" raises warnings.</summary>
    public string Severity { get; set; } = string.Empty;

    /// <summary>CrossGuardSuppress items (Include = this package's id; Rid, Code, Reason).</summary>
    public ITaskItem[] Suppressions { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(NoWarn).</summary>
    public string NoWarn { get; set; } = string.Empty;

    #endregion

    #region Outputs

    /// <summary>How many native files were inspected.</summary>
    [Output]
    public int InspectedFiles { get; private set; }

    #endregion

    /// <summary>Without CrossGuardMinGlibc a package is held to the floors of this .NET's runtime (per architecture).</summary>
    private const int AuditedDotNetMajor = 10;

    protected override void ExecuteCore()
    {
        // Per RID like the app check (2.28;linux-arm64:2.35); empty: the .NET runtime's floor of each RID's architecture.
        if (!GlibcFloors.TryParse(MinGlibc, AuditedDotNetMajor, out GlibcFloors floors, out string? floorError))
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.BadSetting, "CrossGuardMinGlibc", MinGlibc, floorError);
        }

        var settings = new PackageAuditSettings
        {
            Rids = RuntimeIdentifiers.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            MinGlibc = RuntimeFloors.DefaultMinGlibc(AuditedDotNetMajor),
            GlibcFloors = floors,
            MinGlibcDeclared = MinGlibcDeclared,
            MinMacOS = ParseVersion(MinMacOS, "CrossGuardMinMacOS", RuntimeFloors.DefaultMinMacOS(10)),
            MinMacOSDeclared = MinMacOSDeclared,
            Suppressions = Suppressions.Select(s => new Suppression(s.ItemSpec, s.GetMetadata("Rid"), s.GetMetadata("Code"), s.GetMetadata("Reason"))).ToList(),
        };
        RidGraph graph;
        try
        {
            graph = RidGraph.Load(string.IsNullOrWhiteSpace(RuntimeGraphPath) ? null : Resolve(ProjectDirectory, RuntimeGraphPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CrossGuardBuildException(DiagnosticCatalogue.RidGraphUnreadable, RuntimeGraphPath, ex.Message);
        }

        bool fromNupkg = !string.IsNullOrWhiteSpace(PackagePath);
        PackageAuditResult result;
        try
        {
            using PackageContents contents = fromNupkg
                ? PackageContents.FromNupkg(Resolve(ProjectDirectory, PackagePath))
                : PackageContents.FromFiles(PackageId, PackageVersion, PackFiles());
            if (contents.Files.Count == 0 && settings.Rids.Count == 0)
            {
                Logger.Verbose("CrossGuard: the package packs no runtimes/ files; nothing native to audit.");
                return;
            }

            result = PackageAudit.Run(contents, settings, graph);
            Locate(result, contents);
        }
        catch (CoverageInputException ex)
        {
            throw CrossGuardBuildException.From(ex);
        }

        InspectedFiles = result.Files.Count;
        var policy = new FindingPolicy(Severity, NoWarn);
        foreach (Finding finding in result.Findings.OrderBy(f => f.Code, StringComparer.Ordinal).ThenBy(f => f.Files.Count > 0 ? f.Files[0] : null, StringComparer.Ordinal))
        {
            (string? file, int line) = _locations.TryGetValue(finding, out SourceLocation? at) ? (at.File, at.Line) : (null, 0);
            policy.Log(Logger, finding.Diagnostic, finding.Message, finding.Severity, finding.SuppressedBecause, file, line);
        }

        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard audited {0} native files of package {1} for {2}.",
            InspectedFiles, result.PackageId, result.Rids.Count > 0 ? string.Join(", ", result.Rids.Select(r => r.Rid)) : "no RID");
        Logger.Info(Summary);
        if (fromNupkg && Log.HasLoggedErrors)
        {
            string nupkg = Resolve(ProjectDirectory, PackagePath);
            try
            {
                File.Delete(nupkg);
                Logger.Notice($"CrossGuard deleted '{nupkg}': the package failed its audit (see the errors above).");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private readonly Dictionary<Finding, SourceLocation> _locations = new();

    /// <summary>Where each finding points: the item that packs its file (or the nuspec), else the project file.</summary>
    private void Locate(PackageAuditResult result, PackageContents contents)
    {
        string? nuspec = string.IsNullOrWhiteSpace(NuspecFile) ? null : Resolve(ProjectDirectory, NuspecFile);
        foreach (Finding finding in result.Findings)
        {
            string? packagePath = finding.Files.Count > 0 ? finding.Files[0] : null;
            PackageFile? file = packagePath is null ? null : contents.Files.FirstOrDefault(f => string.Equals(f.PackagePath, packagePath, StringComparison.OrdinalIgnoreCase))
                ?? contents.Files.FirstOrDefault(f => packagePath.EndsWith('/') && f.PackagePath.StartsWith(packagePath, StringComparison.OrdinalIgnoreCase));
            if (file?.Item is { } item)
            {
                _locations[finding] = item;
            }
            else if (nuspec is not null)
            {
                _locations[finding] = new SourceLocation(nuspec, LineOf(nuspec, packagePath is null ? null : Folder(packagePath)));
            }
        }
    }

    /// <summary>The package paths of the pack items, as NuGet's pack task computes them from PackagePath.</summary>
    private IEnumerable<PackageFile> PackFiles()
    {
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (ITaskItem item in PackageFiles)
        {
            string source = Resolve(ProjectDirectory, item.ItemSpec);
            // @(_PackageFiles) is defined by NuGet's pack targets: the item the user wrote is in the project file (or,
            // for an item an imported file adds, in that file when it is not the SDK's).
            string defining = item.GetMetadata("DefiningProjectFullPath");
            foreach (string packagePath in TargetPaths(item, source))
            {
                if (!PackageContents.Audited(packagePath))
                {
                    continue;
                }

                SourceLocation? location = null;
                foreach (string file in new[] { ProjectPath, defining }.Where(f => f.Length > 0 && !f.EndsWith("NuGet.Build.Tasks.Pack.targets", StringComparison.OrdinalIgnoreCase)))
                {
                    int line = ItemLine(lines, file, item, packagePath);
                    if (line > 0 || location is null)
                    {
                        location = new SourceLocation(file, line);
                    }

                    if (line > 0)
                    {
                        break;
                    }
                }

                yield return new PackageFile(packagePath, source, location);
            }
        }
    }

    /// <summary>
    /// PackagePath handling of NuGet's PackTaskLogic: each ';'-separated value is a folder (ends with '/', or has
    /// another extension than the file) that receives RecursiveDir + the file name, or the file's full path in the package.
    /// </summary>
    internal static IEnumerable<string> TargetPaths(ITaskItem item, string source)
    {
        string name = Path.GetFileName(source);
        string recursive = item.GetMetadata("RecursiveDir").Replace('\\', '/');
        foreach (string raw in item.GetMetadata("PackagePath").Split(';'))
        {
            string value = raw.Trim().Replace('\\', '/').TrimStart('/');
            if (value.Length == 0)
            {
                continue;
            }

            bool folder = value.EndsWith('/')
                || !string.Equals(Path.GetExtension(value), Path.GetExtension(name), StringComparison.OrdinalIgnoreCase);
            yield return folder ? value.TrimEnd('/') + "/" + recursive + name : value;
        }
    }

    /// <summary>The line of the item's declaration in the file that defines it: its Include, else its PackagePath folder, else 0.</summary>
    private static int ItemLine(Dictionary<string, string[]> cache, string file, ITaskItem item, string packagePath)
    {
        if (!cache.TryGetValue(file, out string[]? lines))
        {
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lines = Array.Empty<string>();
            }

            cache[file] = lines;
        }

        string spec = item.GetMetadata("OriginalItemSpec") is { Length: > 0 } original ? original : item.ItemSpec;
        string[] needles = { spec.Replace('\\', '/'), spec.Replace('/', '\\'), Folder(packagePath), Path.GetFileName(packagePath) };
        foreach (string needle in needles.Where(n => n.Length > 0))
        {
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    return i + 1;
                }
            }
        }

        return 0;
    }

    private static int LineOf(string file, string? needle)
    {
        if (needle is null)
        {
            return 0;
        }

        try
        {
            string[] lines = File.ReadAllLines(file);
            int index = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.OrdinalIgnoreCase));
            return index + 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>"runtimes/linux-x64/native" for "runtimes/linux-x64/native/libfoo.so".</summary>
    private static string Folder(string packagePath)
    {
        string[] parts = packagePath.Split('/');
        return parts.Length >= 3 ? string.Join("/", parts.Take(Math.Min(3, parts.Length - 1))) : packagePath;
    }

    private static Version ParseVersion(string value, string name, Version fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        string text = value.Trim();
        return Version.TryParse(text.Contains('.', StringComparison.Ordinal) ? text : text + ".0", out Version? parsed)
            ? parsed
            : throw new CrossGuardBuildException(DiagnosticCatalogue.BadSetting, name, value, "expected a version such as 2.28");
    }
}
