using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrossGuard.Cli.Commands;
using CrossGuard.Core.Coverage;

namespace CrossGuard.Cli.Rendering;

/// <summary>SARIF 2.1.0 output: one run, rules with help links, one result per finding (project file or package location).</summary>
internal static class SarifWriter
{
    /// <summary>Same base as the analyzers' helpLinkUri (CrossGuard.Analyzers.Descriptors.HelpLinkBase).</summary>
    public const string HelpLinkBase = "https://github.com/crossguard/crossguard/blob/main/docs/rules/";

    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private static readonly Dictionary<string, string> s_titles = new(StringComparer.Ordinal)
    {
        ["XG1001"] = "Package has native assets, but none for a shipped RID",
        ["XG1002"] = "glibc-linked native library selected for a musl RID",
        ["XG1003"] = "Selected native file is built for another OS or architecture",
        ["XG1004"] = "Native library needs a newer glibc than the declared minimum",
        ["XG1005"] = "Native library needs a newer macOS than the declared minimum",
        ["XG1006"] = "Native code present while CrossGuardAllowNative is false",
        ["XG1007"] = "RID-specific managed assembly missing for a shipped RID",
        ["XG1008"] = "runtime.json redirects to native packages, but not for a shipped RID",
        ["XG1009"] = "RID folder that no RID selects",
    };

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string HelpUri(string code) => HelpLinkBase + code + ".md";

    public static void Write(TextWriter output, IReadOnlyList<(CoverageReport Report, string? Project, InspectSubject? Subject)> reports)
    {
        List<string> ruleIds = reports.SelectMany(r => r.Report.Findings).Select(f => f.Code).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();
        string version = typeof(SarifWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        var results = new List<object>();
        foreach ((CoverageReport report, string? project, InspectSubject? subject) in reports)
        {
            foreach (Finding finding in ReportWriter.Ordered(report.Findings))
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["ruleId"] = finding.Code,
                    ["ruleIndex"] = ruleIds.IndexOf(finding.Code),
                    ["level"] = Level(finding),
                    ["message"] = new { text = finding.Message },
                    ["locations"] = new[] { Location(finding, project, subject) },
                    ["properties"] = new { package = finding.PackageId, version = finding.PackageVersion, rid = finding.Rid, framework = report.Framework, dependencyPath = finding.DependencyPath, files = finding.Files },
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
                            rules = ruleIds.Select(id => new
                            {
                                id,
                                name = id,
                                shortDescription = new { text = s_titles.TryGetValue(id, out string? title) ? title : id },
                                helpUri = HelpUri(id),
                            }).ToList(),
                        },
                    },
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

    private static object Location(Finding finding, string? project, InspectSubject? subject)
    {
        string package = finding.PackageId ?? subject?.Id ?? "?";
        var logical = new[]
        {
            new { name = package, fullyQualifiedName = package + "/" + (finding.PackageVersion ?? subject?.Version ?? string.Empty) + (finding.Rid is null ? string.Empty : "/" + finding.Rid), kind = "module" },
        };
        if (project is null)
        {
            return new { logicalLocations = logical };
        }

        return new
        {
            physicalLocation = new { artifactLocation = new { uri = new Uri(Path.GetFullPath(project)).AbsoluteUri } },
            logicalLocations = logical,
        };
    }
}
