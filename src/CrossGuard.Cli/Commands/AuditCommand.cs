using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CrossGuard.Cli.Rendering;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Packaging;
using CrossGuard.Core.Publish;
using CrossGuard.Core.Rids;

namespace CrossGuard.Cli.Commands;

/// <summary>
/// <c>crossguard audit &lt;file.nupkg | package folder | publish folder&gt;</c>: the package-author audit
/// (<see cref="PackageAudit"/>, the same one `dotnet pack` runs) for a package someone already built, or the
/// publish-output audit (<see cref="PublishAudit"/>, the same one `dotnet publish` runs) for a publish made elsewhere.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A .nupkg, a package folder (with a .nuspec or runtimes/), or a publish folder (with a .deps.json)." };
        var rid = new Option<string[]>("--rid") { Description = "Package: the RIDs it claims (default: those its runtimes/ folders serve). Publish folder: the one RID it was published for (required).", AllowMultipleArgumentsPerToken = true };
        var minGlibc = new Option<string>("--min-glibc") { Description = "Package: the glibc floor it promises (default 2.27, the .NET runtime's; a file above a given floor is an error, above the default a warning)." };
        var minMacOS = new Option<string>("--min-macos") { Description = "Package: the macOS floor it promises (default 12.0)." };
        var format = CommonOptions.Format("table", "json", "sarif", "markdown");
        var noColor = CommonOptions.NoColor();
        var command = new Command("audit", "Audit a native package (what each runtimes/<rid>/native file really is against the RIDs it claims) or a publish folder (what the runtime will load on its RID).")
        {
            path, rid, minGlibc, minMacOS, format, noColor,
        };
        command.SetAction(parse => CliRunner.Run(() => Run(
            parse.GetValue(path) ?? ".",
            CommonOptions.SplitRids(parse.GetValue(rid)),
            parse.GetValue(minGlibc),
            parse.GetValue(minMacOS),
            parse.GetValue(format) ?? "table")));
        return command;
    }

    private static int Run(string path, IReadOnlyList<string> rids, string? minGlibc, string? minMacOS, string format)
    {
        if (File.Exists(path))
        {
            using PackageContents contents = Load(() => PackageContents.FromNupkg(path));
            return AuditPackage(path, contents, rids, minGlibc, minMacOS, format);
        }

        if (!Directory.Exists(path))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.PackagePathMissing, path);
        }

        if (PublishFolder.Looks(path))
        {
            if (rids.Count != 1)
            {
                throw new CliException(ExitCodes.Usage, DiagnosticCatalogue.PublishNeedsRid, path);
            }

            return AuditPublish(path, rids[0], format);
        }

        if (!Directory.Exists(Path.Combine(path, "runtimes")) && !Directory.EnumerateFiles(path, "*.nuspec").Any())
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.NotAPackageOrPublish, path);
        }

        using PackageContents folder = Load(() => PackageContents.FromFolder(path));
        return AuditPackage(path, folder, rids, minGlibc, minMacOS, format);
    }

    private static PackageContents Load(Func<PackageContents> load)
    {
        try
        {
            return load();
        }
        catch (CoverageInputException ex)
        {
            throw new CliException(ExitCodes.InputError, ex.Diagnostic.Id + ": " + ex.Message);
        }
    }

    private static int AuditPackage(string path, PackageContents contents, IReadOnlyList<string> rids, string? minGlibc, string? minMacOS, string format)
    {
        var settings = new PackageAuditSettings
        {
            Rids = rids,
            MinGlibc = Floor(minGlibc, "--min-glibc") ?? RuntimeFloors.DefaultMinGlibc(10),
            MinGlibcDeclared = minGlibc is not null,
            MinMacOS = Floor(minMacOS, "--min-macos") ?? RuntimeFloors.DefaultMinMacOS(10),
            MinMacOSDeclared = minMacOS is not null,
        };
        PackageAuditResult result;
        try
        {
            result = PackageAudit.Run(contents, settings, RidGraph.Bundled);
        }
        catch (CoverageInputException ex)
        {
            throw new CliException(ExitCodes.InputError, ex.Diagnostic.Id + ": " + ex.Message);
        }

        CoverageReport report = AsReport(result);
        switch (format)
        {
            case "json":
                ReportWriter.WriteJson(CliConsole.Out, PackageJson(path, result));
                break;
            case "sarif":
                SarifWriter.Write(CliConsole.Out, new[] { (report, (string?)null, (InspectSubject?)new InspectSubject(result.PackageId, result.Version, "any", new[] { path })) });
                break;
            case "markdown":
                WritePackageMarkdown(CliConsole.Out, result);
                break;
            default:
                WritePackageTable(CliConsole.Out, path, result);
                break;
        }

        return report.Findings.Any(ReportWriter.IsErrorLevel) ? ExitCodes.ProblemsFound : ExitCodes.Ok;
    }

    private static int AuditPublish(string path, string rid, string format)
    {
        if (!RidGraph.Bundled.IsKnown(rid))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.UnknownRid, rid, RidGraph.Bundled.Source);
        }

        IReadOnlyList<PublishedFile> files;
        try
        {
            files = PublishFolder.Read(path);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.PublishFileUnreadable, Path.Combine(path, "*.deps.json"), ex.Message.TrimEnd('.'));
        }

        var cache = new Dictionary<string, NativeBinaryInfo>(StringComparer.Ordinal);
        PublishAuditResult result = PublishAudit.Run(PublishLayout.ForRid(files, RidInfo.Parse(rid)), Array.Empty<string>(),
            file => cache.TryGetValue(file.FullPath, out NativeBinaryInfo? info) ? info : cache[file.FullPath] = NativeBinaryInspector.Inspect(file.FullPath));
        var report = new CoverageReport();
        report.Rids.Add(rid);
        report.Findings.AddRange(result.Findings);
        int loads = result.Loads.Count(l => l.Source != LoadSource.Manifest);
        switch (format)
        {
            case "json":
                ReportWriter.WriteJson(CliConsole.Out, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["command"] = "audit",
                    ["kind"] = "publish",
                    ["path"] = path,
                    ["rid"] = rid,
                    ["inspectedFiles"] = result.InspectedFiles,
                    ["scannedAssemblies"] = result.ScannedAssemblies,
                    ["loads"] = result.Loads.Where(l => l.Source != LoadSource.Manifest).Select(l => new
                    {
                        library = l.Library,
                        source = l.Source.ToString().ToLowerInvariant(),
                        importer = l.Importer?.RelativePath,
                        reached = l.Reached?.RelativePath,
                        satisfied = l.Satisfied,
                    }).ToList(),
                    ["diagnostics"] = Diagnostics(result.Findings),
                });
                break;
            case "sarif":
                SarifWriter.Write(CliConsole.Out, new[] { (report, (string?)null, (InspectSubject?)new InspectSubject(Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar)), string.Empty, rid, new[] { path })) });
                break;
            case "markdown":
                CliConsole.Out.WriteLine($"### CrossGuard: publish folder `{path}` ({rid})");
                CliConsole.Out.WriteLine();
                CliConsole.Out.WriteLine($"{result.InspectedFiles} native files inspected, {loads} library loads probed.");
                WriteMarkdownFindings(CliConsole.Out, result.Findings);
                break;
            default:
                CliConsole.Out.WriteLine($"{path} (publish output for {rid})");
                CliConsole.Out.WriteLine($"  {result.InspectedFiles} native files inspected, {result.ScannedAssemblies} assemblies scanned, {loads} library loads probed.");
                foreach (ProbedLoad load in result.Loads.Where(l => l.Source != LoadSource.Manifest).OrderBy(l => l.Library, StringComparer.Ordinal))
                {
                    CliConsole.Out.WriteLine($"  {load.Library,-40} {(load.Reached is { } reached ? "-> " + reached.RelativePath : load.Satisfied is { } why ? "(" + why + ")" : "NOT REACHED")}");
                }

                WriteFindings(CliConsole.Out, result.Findings);
                break;
        }

        return report.Findings.Any(ReportWriter.IsErrorLevel) ? ExitCodes.ProblemsFound : ExitCodes.Ok;
    }

    /// <summary>The audit as the one-package matrix the shared writers (SARIF) read.</summary>
    private static CoverageReport AsReport(PackageAuditResult result)
    {
        var report = new CoverageReport { Framework = "any" };
        report.Rids.AddRange(result.Rids.Select(r => r.Rid));
        var package = new PackageCoverage(result.PackageId, result.Version) { Native = result.HasNativeFiles, Path = new[] { result.PackageId } };
        foreach ((string rid, RidCoverage cell) in result.Matrix)
        {
            package.Coverage[rid] = cell;
        }

        report.Packages.Add(package);
        report.Findings.AddRange(result.Findings);
        return report;
    }

    private static void WritePackageTable(TextWriter output, string path, PackageAuditResult result)
    {
        output.WriteLine($"{path}: package {result.PackageId} {result.Version}".TrimEnd());
        if (!result.HasNativeFiles)
        {
            output.WriteLine("  No runtimes/<rid>/native/ file: nothing native to audit.");
        }
        else
        {
            int width = Math.Max(4, result.Rids.Max(r => r.Rid.Length));
            output.WriteLine("  " + "RID".PadRight(width) + "  CLAIM     VERDICT  SELECTS");
            foreach ((string rid, RidClaim claim) in result.Rids)
            {
                RidCoverage? cell = result.Matrix.TryGetValue(rid, out RidCoverage? c) ? c : null;
                string verdict = Verdict(result, rid, cell);
                string selects = cell?.SelectedFrom is { } from ? $"runtimes/{from}/native/ ({string.Join(", ", cell.Files.Select(Path.GetFileName))})" : "nothing";
                output.WriteLine($"  {rid.PadRight(width)}  {claim.ToString().ToLowerInvariant(),-8}  {verdict,-7}  {selects}");
            }

            output.WriteLine("  (claim: declared = --rid / CrossGuardRuntimeIdentifiers | folder = the package has runtimes/<rid>/ | reached = the RID graph hands it one of the package's folders)");
        }

        WriteFindings(output, result.Findings);
    }

    private static void WritePackageMarkdown(TextWriter output, PackageAuditResult result)
    {
        output.WriteLine($"### CrossGuard: package `{result.PackageId}` {result.Version}");
        output.WriteLine();
        if (result.HasNativeFiles)
        {
            output.WriteLine("| RID | claim | verdict | selects |");
            output.WriteLine("|---|---|---|---|");
            foreach ((string rid, RidClaim claim) in result.Rids)
            {
                RidCoverage? cell = result.Matrix.TryGetValue(rid, out RidCoverage? c) ? c : null;
                output.WriteLine($"| {rid} | {claim.ToString().ToLowerInvariant()} | {Verdict(result, rid, cell)} | {(cell?.SelectedFrom is { } from ? "`runtimes/" + from + "/native/`" : "-")} |");
            }
        }
        else
        {
            output.WriteLine("No runtimes/<rid>/native/ file: nothing native to audit.");
        }

        WriteMarkdownFindings(output, result.Findings);
    }

    /// <summary>ok / ERROR / warn per RID: the worst unsuppressed finding about the RID (or about a file it selects).</summary>
    private static string Verdict(PackageAuditResult result, string rid, RidCoverage? cell)
    {
        List<Finding> about = result.Findings.Where(f => f.SuppressedBecause is null && (f.Rids.Contains(rid, StringComparer.OrdinalIgnoreCase)
            || (cell is not null && f.Files.Any(file => cell.Files.Contains(file, StringComparer.Ordinal))))).ToList();
        return about.Any(ReportWriter.IsErrorLevel) ? "ERROR" : about.Any(f => f.Severity == FindingSeverity.Warning) ? "warn"
            : cell?.Status == CoverageStatus.Blocked ? "blocked" : cell is null || cell.Files.Count == 0 ? "-" : "ok";
    }

    private static void WriteFindings(TextWriter output, IEnumerable<Finding> findings)
    {
        foreach (Finding finding in ReportWriter.Ordered(findings))
        {
            output.WriteLine($"{ReportWriter.Severity(finding)} {finding.Code}: {finding.Message}{(finding.SuppressedBecause is null ? string.Empty : " (suppressed: " + finding.SuppressedBecause + ")")}");
        }
    }

    private static void WriteMarkdownFindings(TextWriter output, List<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        output.WriteLine();
        foreach (Finding finding in ReportWriter.Ordered(findings))
        {
            output.WriteLine($"- **{finding.Code}** ({ReportWriter.Severity(finding)}): {finding.Message}");
        }
    }

    private static Dictionary<string, object?> PackageJson(string path, PackageAuditResult result) => new(StringComparer.Ordinal)
    {
        ["command"] = "audit",
        ["kind"] = "package",
        ["path"] = path,
        ["package"] = new { id = result.PackageId, version = result.Version },
        ["folders"] = result.Folders,
        ["rids"] = result.Rids.Select(r => new
        {
            rid = r.Rid,
            claim = r.Claim.ToString().ToLowerInvariant(),
            verdict = Verdict(result, r.Rid, result.Matrix.TryGetValue(r.Rid, out RidCoverage? c) ? c : null),
            selectedFrom = c?.SelectedFrom,
            files = c?.Files ?? new List<string>(),
        }).ToList(),
        ["files"] = result.Files.Where(f => f.Value.IsNative).Select(f => new
        {
            path = f.Key,
            format = f.Value.FormatName,
            os = f.Value.Os.ToString().ToLowerInvariant(),
            architectures = f.Value.Architectures,
            libc = f.Value.Libc.ToString().ToLowerInvariant(),
            glibcFloor = f.Value.GlibcFloor?.ToString(),
            macosMin = f.Value.MacOsMin,
            needed = f.Value.Needed,
        }).ToList(),
        ["diagnostics"] = Diagnostics(result.Findings),
    };

    private static List<object> Diagnostics(IEnumerable<Finding> findings) => ReportWriter.Ordered(findings).Select(f => (object)new
    {
        code = f.Code,
        severity = ReportWriter.Severity(f),
        package = f.PackageId,
        version = f.PackageVersion,
        rids = f.Rids,
        files = f.Files,
        message = f.Message,
        helpUri = f.Diagnostic.HelpLink,
        suppressedBecause = f.SuppressedBecause,
    }).ToList();

    private static Version? Floor(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        string text = value.Contains('.', StringComparison.Ordinal) ? value : value + ".0";
        return Version.TryParse(text, out Version? parsed) ? parsed
            : throw new CliException(ExitCodes.Usage, DiagnosticCatalogue.BadSetting, option, value, "expected a version such as 2.17 or 11.0");
    }


}
