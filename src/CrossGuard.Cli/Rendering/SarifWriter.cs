using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrossGuard.Cli.Commands;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Rendering;

/// <summary>SARIF 2.1.0 output: one run, rules with help links, one result per finding (project file or package location).</summary>
internal static class SarifWriter
{
    /// <summary>The catalogue's help-link base (the analyzers' helpLinkUri uses the same).</summary>
    public const string HelpLinkBase = DiagnosticCatalogue.HelpLinkBase;

    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The uriBaseId project files are relative to (GitHub code scanning resolves it to the checkout).</summary>
    public const string SourceRootId = "%SRCROOT%";

    /// <summary>The partialFingerprints key; the version suffix changes only if what is hashed changes.</summary>
    public const string FingerprintKey = "crossguardFinding/v1";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, IReadOnlyList<(CoverageReport Report, string? Project, InspectSubject? Subject)> reports)
    {
        List<DiagnosticCode> rules = reports.SelectMany(r => r.Report.Findings).Select(f => f.Diagnostic).DistinctBy(d => d.Id, StringComparer.Ordinal).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        List<string> ruleIds = rules.Select(d => d.Id).ToList();
        string version = typeof(SarifWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        var results = new List<object>();
        string? sourceRoot = SourceRoot(reports.Select(r => r.Project).OfType<string>().ToList());
        var fingerprints = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((CoverageReport report, string? project, InspectSubject? subject) in reports)
        {
            ReferenceLocator? locator = project is null ? null : new ReferenceLocator(Path.GetFullPath(project));
            foreach (Finding finding in ReportWriter.Ordered(report.Findings))
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["ruleId"] = finding.Code,
                    ["ruleIndex"] = ruleIds.IndexOf(finding.Code),
                    ["level"] = Level(finding),
                    ["message"] = new { text = finding.Message },
                    ["locations"] = new[] { Location(finding, project, subject, locator, sourceRoot) },
                    ["partialFingerprints"] = new Dictionary<string, string>(StringComparer.Ordinal) { [FingerprintKey] = Fingerprint(finding, project, subject, sourceRoot, fingerprints) },
                    ["properties"] = new { package = finding.PackageId, version = finding.PackageVersion, rid = finding.Rid, rids = finding.Rids, framework = report.Framework, dependencyPath = finding.DependencyPath, files = finding.Files },
                };
                if (finding.SuppressedBecause is { } reason)
                {
                    result["suppressions"] = new[] { new { kind = "external", justification = reason } };
                }

                results.Add(result);
            }
        }

        var log = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new
                {
                    tool = new
                    {
                        driver = new
                        {
                            name = "crossguard",
                            version,
                            informationUri = HelpLinkBase.Substring(0, HelpLinkBase.IndexOf("/blob/", StringComparison.Ordinal)),
                            rules = rules.Select(rule => new
                            {
                                id = rule.Id,
                                name = rule.Id,
                                shortDescription = new { text = rule.Title },
                                helpUri = rule.HelpLink,
                            }).ToList(),
                        },
                    },
                    // An inspect run (no project) has no source root: an empty map, which SARIF allows.
                    originalUriBaseIds = sourceRoot is null
                        ? new Dictionary<string, object>(StringComparer.Ordinal)
                        : new Dictionary<string, object>(StringComparer.Ordinal) { [SourceRootId] = new { uri = new Uri(sourceRoot).AbsoluteUri } },
                    results,
                },
            },
        };
        output.WriteLine(JsonSerializer.Serialize(log, s_json));
    }

    private static string Level(Finding finding) => ReportWriter.Severity(finding) switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };

    private static object Location(Finding finding, string? project, InspectSubject? subject, ReferenceLocator? locator, string? sourceRoot)
    {
        string package = finding.PackageId ?? subject?.Id ?? "?";
        var logical = new[]
        {
            new { name = package, fullyQualifiedName = package + "/" + (finding.PackageVersion ?? subject?.Version ?? string.Empty) + (finding.Rid is null ? string.Empty : "/" + finding.Rid), kind = "module" },
        };
        if (project is null || locator is null)
        {
            return new { logicalLocations = logical };
        }

        // The line of the PackageReference that brought the package in (its direct reference for a transitive one), in
        // the project file or in Directory.Packages.props; without one, the project file as a whole.
        (string? file, int line) = locator.Find(DirectReference(finding));
        string target = Path.GetFullPath(file ?? project);
        var physical = new Dictionary<string, object>(StringComparer.Ordinal) { ["artifactLocation"] = ArtifactLocation(target, sourceRoot) };
        if (line >= 1)
        {
            physical["region"] = new { startLine = line };
        }

        return new { physicalLocation = physical, logicalLocations = logical };
    }

    /// <summary>The package id the project references for this finding: the first step of its dependency path.</summary>
    private static string? DirectReference(Finding finding) => finding.DependencyPath.Count > 1 ? finding.DependencyPath[1] : finding.PackageId;

    private static object ArtifactLocation(string path, string? sourceRoot) => RelativeUri(path, sourceRoot) is { } relative
        ? new { uri = relative, uriBaseId = SourceRootId }
        : new { uri = new Uri(path).AbsoluteUri };

    /// <summary>"src/App/App.csproj" when <paramref name="path"/> is under <paramref name="sourceRoot"/>, else null.</summary>
    private static string? RelativeUri(string path, string? sourceRoot)
    {
        if (sourceRoot is null)
        {
            return null;
        }

        string relative = Path.GetRelativePath(sourceRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
    }

    /// <summary>
    /// What the results' paths are relative to: the git work tree holding the projects (a .git folder or file above
    /// them), else the current directory when it holds them all, else their deepest common directory. Ends with a
    /// separator (SARIF's originalUriBaseIds want a folder URI).
    /// </summary>
    private static string? SourceRoot(List<string> projects)
    {
        if (projects.Count == 0)
        {
            return null;
        }

        List<string> full = projects.Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!).ToList();
        for (string? dir = full[0]; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git")))
            {
                if (full.All(p => IsUnder(p, dir)))
                {
                    return WithSeparator(dir);
                }

                break;
            }
        }

        string current = Directory.GetCurrentDirectory();
        if (full.All(p => IsUnder(p, current)))
        {
            return WithSeparator(current);
        }

        string common = full[0];
        while (!full.All(p => IsUnder(p, common)) && Path.GetDirectoryName(common) is { } parent)
        {
            common = parent;
        }

        return WithSeparator(common);
    }

    private static bool IsUnder(string path, string dir) =>
        !Path.GetRelativePath(dir, path).StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(Path.GetRelativePath(dir, path));

    private static string WithSeparator(string dir) => Path.EndsInDirectorySeparator(dir) ? dir : dir + Path.DirectorySeparatorChar;

    /// <summary>
    /// Stable across runs and unrelated edits: SHA-256 of the code, the package id (lower case), the RID and the
    /// project's path relative to the source root, never of a line number, a version or a message text, so moving the
    /// PackageReference, upgrading a package that keeps the problem or rewording a message keeps the alert. Results that
    /// would share one (several findings of one code for one package and RID) get an occurrence number, in report order.
    /// </summary>
    private static string Fingerprint(Finding finding, string? project, InspectSubject? subject, string? sourceRoot, Dictionary<string, int> seen)
    {
        string projectPath = project is null ? string.Empty : RelativeUri(Path.GetFullPath(project), sourceRoot) ?? Path.GetFileName(project);
        string key = string.Join("\n", finding.Code, (finding.PackageId ?? subject?.Id ?? string.Empty).ToLowerInvariant(), finding.Rid ?? string.Empty, projectPath);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        string fingerprint = Convert.ToHexString(hash).ToLowerInvariant();
        int occurrence = seen[fingerprint] = seen.TryGetValue(fingerprint, out int n) ? n + 1 : 1;
        return occurrence == 1 ? fingerprint : fingerprint + ":" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
