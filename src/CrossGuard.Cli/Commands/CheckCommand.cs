using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CrossGuard.Cli.Rendering;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Rids;
using NuGet.Frameworks;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Commands;

/// <summary><c>crossguard check &lt;project|solution|dir&gt; [--rid a,b]</c>: the native surface of a project per RID.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A project, a solution, or a directory holding one.", DefaultValueFactory = _ => "." };
        var rid = new Option<string[]>("--rid") { Description = "RIDs to check (comma-separated or repeated); default: the project's CrossGuardRuntimeIdentifiers / RuntimeIdentifiers.", AllowMultipleArgumentsPerToken = true };
        var framework = new Option<string>("--framework", "-f") { Description = "Check only this TargetFramework of a multi-targeted project (default: every one)." };
        var format = CommonOptions.Format("table", "json", "sarif", "markdown");
        var quiet = CommonOptions.Quiet();
        var noColor = CommonOptions.NoColor();
        var command = new Command("check", "Evaluate every package of a project's restored graph for every RID it ships.") { path, rid, framework, format, quiet, noColor };
        command.SetAction(parse => CliRunner.Run(() => Run(
            parse.GetValue(path) ?? ".",
            (parse.GetValue(rid) ?? Array.Empty<string>()).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(r => r.Trim()).ToList(),
            parse.GetValue(framework),
            parse.GetValue(format) ?? "table",
            parse.GetValue(quiet),
            parse.GetValue(noColor))));
        return command;
    }

    private static int Run(string path, List<string> rids, string? framework, string format, bool quiet, bool noColor)
    {
        var results = new List<(ProjectFacts Facts, CoverageReport Report)>();
        IReadOnlyList<string> projects = ProjectEvaluator.FindProjects(path);
        int worst = ExitCodes.Ok;
        // Progress on stderr (Rendering/Progress.cs): Begin/End around each project, the evaluator's messages through it.
        using (Progress meter = Progress.Start(projects.Count, quiet))
        {
            Action<string> progress = meter.Message;
            foreach (string project in projects)
            {
                meter.Begin(project);
                int findings = 0;
                try
                {
                    // Every TargetFramework of a multi-targeted project (or the one --framework names).
                    foreach (ProjectFacts facts in ProjectEvaluator.Evaluate(project, rids, framework, progress))
                    {
                        results.Add((facts, Check(facts)));
                        findings += results[^1].Report.Findings.Count;
                    }
                }
                catch (CliException ex) when (projects.Count > 1)
                {
                    // A solution: one project that cannot be checked is reported and the others are still checked.
                    // Always on stderr, also under --quiet: the meter draws around it when it is showing.
                    Action<string> report = quiet ? CliConsole.Error.WriteLine : meter.Message;
                    report($"{ex.Message}{(ex.Message.Contains(project, StringComparison.Ordinal) ? string.Empty : $" (project '{project}')")}; that project was not checked.");
                    worst = Math.Max(worst, ex.ExitCode);
                }

                meter.End(findings);
            }
        }

        bool color = !noColor && CliConsole.IsTerminal && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        switch (format)
        {
            case "json":
                object model = results.Count == 1 && projects.Count == 1
                    ? ReportWriter.ToJsonModel(results[0].Report, results[0].Facts.ProjectPath)
                    : results.Select(r => ReportWriter.ToJsonModel(r.Report, r.Facts.ProjectPath)).ToList();
                ReportWriter.WriteJson(CliConsole.Out, model);
                break;
            case "sarif":
                SarifWriter.Write(CliConsole.Out, results.Select(r => (r.Report, (string?)r.Facts.ProjectPath, (InspectSubject?)null)).ToList());
                break;
            case "markdown":
                foreach ((ProjectFacts facts, CoverageReport report) in results)
                {
                    ReportWriter.WriteMarkdown(CliConsole.Out, $"{Path.GetFileName(facts.ProjectPath)} ({report.Framework})", report);
                }

                break;
            default:
                foreach ((ProjectFacts facts, CoverageReport report) in results)
                {
                    ReportWriter.WriteTable(CliConsole.Out, $"{facts.ProjectPath} ({report.Framework}; {string.Join(", ", report.Rids)})", report, color);
                }

                break;
        }

        int found = results.Any(r => r.Report.Findings.Any(ReportWriter.IsErrorLevel)) ? ExitCodes.ProblemsFound : ExitCodes.Ok;
        return Math.Max(worst, found);
    }

    private static CoverageReport Check(ProjectFacts facts)
    {
        RestoredGraph assets;
        try
        {
            assets = AssetsFileReader.Read(facts.AssetsFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.AssetsFileUnreadable, facts.AssetsFile, ex.Message.TrimEnd('.'));
        }

        if (assets.Version <= 0 || assets.Targets.Count == 0)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.AssetsFileUnreadable, facts.AssetsFile, "it is not a valid assets file (no version or no targets)");
        }

        RidGraph graph;
        try
        {
            graph = RidGraph.Load(facts.RuntimeGraphPath is { Length: > 0 } g && File.Exists(g) ? g : null);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.RidGraphUnreadable, facts.RuntimeGraphPath, ex.Message.TrimEnd('.'));
        }

        NuGetFramework? framework = string.IsNullOrEmpty(facts.TargetFrameworkMoniker) ? null : NuGetFramework.Parse(facts.TargetFrameworkMoniker);
        int dotnetMajor = framework?.Version.Major ?? 8;
        if (!GlibcFloors.TryParse(facts.MinGlibc, dotnetMajor, out GlibcFloors floors, out string? floorError))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.BadSetting, "CrossGuardMinGlibc", facts.MinGlibc, floorError);
        }

        var settings = new CheckSettings
        {
            Rids = facts.Rids.Concat(facts.ContainerRids).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            AllowNative = facts.AllowNative,
            GlibcFloors = floors,
            Images = ContainerImages.Declared(facts, dotnetMajor),
            ContainerSelfContained = facts.SelfContained,
            MinMacOS = ParseVersion(facts.MinMacOS, new Version(12, 0)),
            ProjectName = Path.GetFileNameWithoutExtension(facts.ProjectPath),
        };
        try
        {
            // The build's machine-wide inspection cache, configured by the same name (the MSBuild property is also read from the environment).
            InspectionCache? cache = InspectionCache.FromSetting(Environment.GetEnvironmentVariable("CrossGuardInspectionCacheDirectory"), Directory.GetCurrentDirectory());
            if (cache?.NotUsedMessage is { } notUsed)
            {
                CliConsole.Error.WriteLine(notUsed);
            }

            var engine = new CoverageEngine(graph, cache: cache);
            var selector = new FrameworkSelector(facts.TargetFramework, facts.TargetFrameworkMoniker);
            CoverageReport report = engine.Check(assets, selector, settings);
            ContainerImages.CheckDockerfiles(report, facts, settings, rids => engine.Check(assets, selector, rids));
            return report;
        }
        catch (CoverageInputException ex)
        {
            throw new CliException(ExitCodes.InputError, ex.Diagnostic.Id + ": " + ex.Message);
        }
    }

    private static Version ParseVersion(string? value, Version fallback) =>
        Version.TryParse(value is { Length: > 0 } v && !v.Contains('.', StringComparison.Ordinal) ? v + ".0" : value, out Version? parsed) ? parsed : fallback;
}
