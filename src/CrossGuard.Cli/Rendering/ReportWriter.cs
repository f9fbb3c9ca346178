using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrossGuard.Cli.Commands;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Rendering;

/// <summary>Renders coverage reports as a matrix table, JSON (docs/cli/check.schema.json) or markdown.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Errors for the CLI's exit code: every RID the check covers counts as a target RID (its CI-guard meaning), so a
    /// code the catalogue marks ErrorEscalation.ForTargetRid is an error there, as in a publish for that RID.
    /// </summary>
    public static bool IsErrorLevel(Finding finding) =>
        finding.SuppressedBecause is null && finding.Severity != FindingSeverity.Info
        && (finding.Severity == FindingSeverity.Error || finding.Diagnostic.Escalation == ErrorEscalation.ForTargetRid);

    public static string Severity(Finding finding) =>
        finding.SuppressedBecause is not null ? "suppressed" : IsErrorLevel(finding) ? "error" : finding.Severity == FindingSeverity.Info ? "info" : "warning";

    public static string Mark(CoverageStatus status) => status switch
    {
        CoverageStatus.Ok => "ok",
        CoverageStatus.Missing => "MISSING",
        CoverageStatus.Wrong => "WRONG",
        CoverageStatus.Blocked => "blocked",
        CoverageStatus.Forbidden => "NATIVE",
        CoverageStatus.AboveFloor => "floor",
        CoverageStatus.Unloadable => "BROKEN",
        _ => "-",
    };

    public static void WriteTable(TextWriter output, string title, CoverageReport report, bool color)
    {
        output.WriteLine(title);
        List<PackageCoverage> native = report.Packages.Where(p => p.Native).ToList();
        if (native.Count == 0)
        {
            output.WriteLine("  No package carries native assets: the app is managed-only for every RID.");
        }
        else
        {
            int width = Math.Max(7, native.Max(p => p.Id.Length + p.Version.Length + 1));
            var header = new StringBuilder("  " + "package".PadRight(width));
            foreach (string rid in report.Rids)
            {
                header.Append("  ").Append(rid);
            }

            output.WriteLine(header.ToString());
            foreach (PackageCoverage package in native)
            {
                output.Write("  " + (package.Id + " " + package.Version).PadRight(width));
                foreach (string rid in report.Rids)
                {
                    CoverageStatus status = package.Coverage.TryGetValue(rid, out RidCoverage? cell) ? cell.Status : CoverageStatus.NotNative;
                    string mark = Mark(status).PadRight(rid.Length);
                    output.Write("  ");
                    output.Write(color ? Colorize(mark, status) : mark);
                }

                output.WriteLine();
            }

            output.WriteLine("  (ok: fits the RID | MISSING: nothing for the RID | WRONG: wrong OS/arch/libc | BROKEN: the selected file cannot load (missing, not a binary) | floor: needs a newer glibc/macOS than declared | blocked: _._ placeholder)");
        }

        foreach (Finding finding in Ordered(report.Findings))
        {
            output.WriteLine($"{Severity(finding)} {finding.Code}: {finding.Message}{(finding.SuppressedBecause is null ? string.Empty : " (suppressed: " + finding.SuppressedBecause + ")")}");
        }
    }

    public static void WriteMarkdown(TextWriter output, string title, CoverageReport report)
    {
        output.WriteLine($"### CrossGuard: {title}");
        output.WriteLine();
        List<PackageCoverage> native = report.Packages.Where(p => p.Native).ToList();
        if (native.Count == 0)
        {
            output.WriteLine("No package carries native assets: the app is managed-only for every RID.");
        }
        else
        {
            output.WriteLine("| package | " + string.Join(" | ", report.Rids) + " |");
            output.WriteLine("|---|" + string.Concat(report.Rids.Select(_ => "---|")));
            foreach (PackageCoverage package in native)
            {
                IEnumerable<string> cells = report.Rids.Select(r => package.Coverage.TryGetValue(r, out RidCoverage? c) ? MarkdownMark(c.Status) : "-");
                output.WriteLine($"| `{package.Id}` {package.Version} | " + string.Join(" | ", cells) + " |");
            }
        }

        if (report.Findings.Count > 0)
        {
            output.WriteLine();
            foreach (Finding finding in Ordered(report.Findings))
            {
                output.WriteLine($"- **{finding.Code}** ({Severity(finding)}): {finding.Message}");
            }
        }
    }

    /// <summary>The JSON document (docs/cli/check.schema.json); <paramref name="subject"/> adds the inspect fields.</summary>
    public static Dictionary<string, object?> ToJsonModel(CoverageReport report, string? project, InspectSubject? subject = null)
    {
        var model = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (subject is not null)
        {
            model["command"] = "inspect";
            model["package"] = new { id = subject.Id, version = subject.Version };
            model["framework"] = subject.Framework;
            model["sources"] = subject.Sources;
        }
        else
        {
            model["command"] = "check";
            model["project"] = project;
            model["framework"] = report.Framework;
        }

        model["rids"] = report.Rids;
        model["summary"] = report.Rids.ToDictionary(r => r, r => RidVerdict(report, r), StringComparer.Ordinal);
        model["packages"] = report.Packages.Select(p => new
        {
            id = p.Id,
            version = p.Version,
            path = p.Path,
            native = p.Native,
            coverage = p.Coverage.ToDictionary(c => c.Key, c => new
            {
                status = c.Value.Status.ToString().ToLowerInvariant(),
                files = c.Value.Files,
                selectedFrom = c.Value.SelectedFrom,
                reason = c.Value.Reason,
            }),
        }).ToList();
        model["diagnostics"] = report.Findings.Select(f => new
        {
            code = f.Code,
            severity = Severity(f),
            package = f.PackageId,
            version = f.PackageVersion,
            rid = f.Rid,
            rids = f.Rids,
            path = f.DependencyPath,
            message = f.Message,
            helpUri = f.Diagnostic.HelpLink,
            suppressedBecause = f.SuppressedBecause,
        }).ToList();
        model["alternatives"] = Alternatives(report).Select(a => new { package = a.Package, alternative = a.Alternative, note = a.Note }).ToList();
        return model;
    }

    /// <summary>
    /// One word per RID over all native packages: "managed" (no native code), "native" (every package covers it
    /// natively), "wrong" (a fallback or file that does not fit), "missing", "floor", "blocked".
    /// </summary>
    public static string RidVerdict(CoverageReport report, string rid)
    {
        List<CoverageStatus> cells = report.Packages.Where(p => p.Native)
            .Select(p => p.Coverage.TryGetValue(rid, out RidCoverage? c) ? c.Status : CoverageStatus.NotNative)
            .Where(s => s != CoverageStatus.NotNative).ToList();
        return cells.Count == 0 ? "managed"
            : cells.Contains(CoverageStatus.Unloadable) ? "unloadable"
            : cells.Contains(CoverageStatus.Wrong) ? "wrong"
            : cells.Contains(CoverageStatus.Missing) ? "missing"
            : cells.Contains(CoverageStatus.Forbidden) ? "forbidden"
            : cells.Contains(CoverageStatus.AboveFloor) ? "floor"
            : cells.Contains(CoverageStatus.Blocked) ? "blocked"
            : "native";
    }

    /// <summary>Managed alternatives from the catalogue for every native package of the report.</summary>
    public static IEnumerable<(string Package, string? Alternative, string? Note)> Alternatives(CoverageReport report) =>
        report.Packages.Where(p => p.Native)
            .Select(p => (p.Id, Entry: CrossGuard.Core.Catalogue.KnownNativePackages.Find(p.Id)))
            .Where(x => x.Entry is not null && (x.Entry.ManagedAlternative is not null || x.Entry.Note is not null))
            .Select(x => (x.Id, x.Entry!.ManagedAlternative, x.Entry.Note));

    public static void WriteInspectSummary(TextWriter output, CoverageReport report)
    {
        output.WriteLine();
        foreach (IGrouping<string, string> group in report.Rids.GroupBy(r => RidVerdict(report, r)).OrderBy(g => VerdictOrder(g.Key)))
        {
            output.WriteLine($"  {VerdictText(group.Key)}: {string.Join(", ", group)}");
        }

        foreach ((string package, string? alternative, string? note) in Alternatives(report))
        {
            output.WriteLine($"  {package}: " + (alternative is null ? note : "managed alternative: " + alternative));
        }
    }

    public static void WriteInspectSummaryMarkdown(TextWriter output, CoverageReport report)
    {
        output.WriteLine();
        foreach (IGrouping<string, string> group in report.Rids.GroupBy(r => RidVerdict(report, r)).OrderBy(g => VerdictOrder(g.Key)))
        {
            output.WriteLine($"- {VerdictText(group.Key)}: {string.Join(", ", group.Select(r => "`" + r + "`"))}");
        }

        foreach ((string package, string? alternative, string? note) in Alternatives(report))
        {
            output.WriteLine($"- `{package}`: " + (alternative is null ? note : "managed alternative: " + alternative));
        }
    }

    private static int VerdictOrder(string verdict) => verdict switch { "native" => 0, "managed" => 1, "floor" => 2, "blocked" => 3, "missing" => 4, "wrong" => 5, "unloadable" => 6, _ => 7 };

    private static string VerdictText(string verdict) => verdict switch
    {
        "native" => "covered natively",
        "managed" => "managed only (no native code)",
        "wrong" => "falls back wrongly / wrong binary",
        "missing" => "no native assets",
        "floor" => "needs a newer glibc/macOS than the default floor",
        "blocked" => "blocked on purpose (_._)",
        "unloadable" => "nothing loadable (missing file, not a binary)",
        _ => verdict,
    };

    /// <summary>Errors first, then warnings, then the rest; by code, package and RID within each.</summary>
    public static IEnumerable<Finding> Ordered(IEnumerable<Finding> findings) =>
        findings.OrderBy(f => Severity(f) switch { "error" => 0, "warning" => 1, "info" => 2, _ => 3 })
            .ThenBy(f => f.Code, StringComparer.Ordinal).ThenBy(f => f.PackageId, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Rid, StringComparer.Ordinal);

    public static void WriteJson(TextWriter output, object model) => output.WriteLine(JsonSerializer.Serialize(model, s_json));

    private static string MarkdownMark(CoverageStatus status) => status switch
    {
        CoverageStatus.Ok => "✅",
        CoverageStatus.Missing => "❌ missing",
        CoverageStatus.Wrong => "❌ wrong",
        CoverageStatus.Forbidden => "⛔ native",
        CoverageStatus.Blocked => "⊘ blocked",
        CoverageStatus.AboveFloor => "⚠️ floor",
        CoverageStatus.Unloadable => "❌ broken",
        _ => "-",
    };

    private static string Colorize(string text, CoverageStatus status) => status switch
    {
        CoverageStatus.Ok => "\u001b[32m" + text + "\u001b[0m",
        CoverageStatus.Missing or CoverageStatus.Wrong or CoverageStatus.Forbidden or CoverageStatus.Unloadable => "\u001b[31m" + text + "\u001b[0m",
        CoverageStatus.AboveFloor => "\u001b[33m" + text + "\u001b[0m",
        _ => text,
    };
}
