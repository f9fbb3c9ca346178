using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Truth;

/// <summary>What one package of the table produced: its check, its rows, and anything that kept it from having rows.</summary>
public sealed record TruthSample(TruthPackage Package, CommandResult Check, IReadOnlyList<TruthRow> Rows, IReadOnlyList<string> Skipped, string? Problem, TimeSpan Elapsed);

/// <summary>
/// Runs the truth table over packages: per package, a sample project with only that package (and the packed CrossGuard)
/// is checked with the packed `crossguard check --rid linux-x64,linux-arm64,linux-musl-x64 --format json`; every file
/// the check says the RID selects is copied, as a publish lays it out, into one folder per RID beside the files of the
/// rest of the closure, and loaded there by that RID's loader.
/// </summary>
public static class TruthRun
{
    public static TruthSample Execute(PackageFixture fixture, TruthLoaders loaders, CrossGuardTool tool, TruthPackage package)
    {
        var clock = Stopwatch.StartNew();
        package.Prepare?.Invoke(fixture);
        string key = "truth-" + new string(package.Id.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) + "-" + package.Version.Replace('.', '_');
        SampleProject project = fixture.CreateProject(key)
            .WithProject($"""
                <!-- The targets are this machine (linux-x64), the qemu sysroot (linux-arm64) and musl: hold the glibc floor to their glibc. -->
                <CrossGuardMinGlibc>{loaders.TargetGlibc}</CrossGuardMinGlibc>
                """, $"""<PackageReference Include="{package.Id}" Version="{package.Version}" />""", "net10.0")
            .WithFile("Program.cs", "System.Console.WriteLine(\"truth\");");
        (CommandResult check, string json) = tool.CheckJson(fixture, project.ProjectPath, TruthLoaders.Rids);

        List<FileVerdict> verdicts;
        List<string> skipped;
        try
        {
            (verdicts, skipped) = TruthVerdicts.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new TruthSample(package, check, [], [], $"crossguard check gave no usable JSON (exit {check.ExitCode}: {ex.Message})", clock.Elapsed);
        }

        var rows = new List<TruthRow>();
        foreach (string rid in TruthLoaders.Rids)
        {
            List<FileVerdict> forRid = verdicts.Where(v => v.Rid == rid).ToList();
            string stage = Path.Combine(project.Directory, "stage", rid);
            Directory.CreateDirectory(stage);
            var staged = new List<string>();
            foreach (FileVerdict verdict in forRid)
            {
                string source = Path.Combine(fixture.PackagesDirectory, verdict.PackageId.ToLowerInvariant(), verdict.PackageVersion.ToLowerInvariant(), verdict.File);
                // As a publish lays them out: the path below runtimes/<rid>/native/ (subfolders included), in the app folder.
                int native = verdict.File.IndexOf("/native/", StringComparison.Ordinal);
                string target = Path.Combine(stage, native >= 0 ? verdict.File[(native + 8)..] : Path.GetFileName(verdict.File));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (File.Exists(target))
                {
                    // Two packages of the closure ship the same file name for the RID: keep both, the second apart.
                    target = Path.Combine(stage, verdict.PackageId.ToLowerInvariant(), Path.GetFileName(verdict.File));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                }

                File.Copy(source, target);
                staged.Add(target);
            }

            // The loaders' messages name the staged copies; the table names them by file.
            IReadOnlyList<LoadResult> loads = loaders.Load(rid, staged, project.Directory)
                .Select(l => l with { Message = l.Message.Replace(stage + "/", string.Empty, StringComparison.Ordinal).Replace(fixture.RunDirectory, "<run>", StringComparison.Ordinal) }).ToList();
            rows.AddRange(forRid.Select((v, i) => TruthRow.Classify(v, loads[i])));

            Directory.Delete(stage, recursive: true);
        }

        string? problem = check.ExitCode is 0 or 1 ? null : $"crossguard check exited {check.ExitCode}";
        var sample = new TruthSample(package, check, rows, skipped, problem, clock.Elapsed);
        WriteLog(sample, key);
        return sample;
    }

    private static void WriteLog(TruthSample sample, string key)
    {
        var log = new StringBuilder();
        log.AppendLine($"# {sample.Package.Id} {sample.Package.Version} ({sample.Elapsed.TotalSeconds:F1} s)");
        foreach (TruthRow row in sample.Rows)
        {
            log.AppendLine($"{row.Verdict.Rid} {row.Verdict.PackageId} {row.Verdict.File}: verdict {row.Verdict.Text}; observed {row.Observed.Text}; {row.Agreement}: {row.Why}");
        }

        log.AppendLine().AppendLine(sample.Check.ToString());
        string directory = Path.Combine(TruthTable.ArtifactsDirectory, "truth");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, key + ".log"), log.ToString());
    }

    /// <summary>Rows of every sample, each (package, version, RID, file) once (NSec brings libsodium's files again).</summary>
    public static List<TruthRow> Distinct(IEnumerable<TruthSample> samples) =>
        samples.SelectMany(s => s.Rows)
            .GroupBy(r => (r.Verdict.PackageId.ToLowerInvariant(), r.Verdict.PackageVersion, r.Verdict.Rid, r.Verdict.File))
            .Select(g => g.First()).ToList();

    public static string Render(IReadOnlyList<TruthSample> samples, TruthLoaders loaders, TimeSpan elapsed, bool full)
    {
        List<TruthRow> rows = Distinct(samples);
        int agree = rows.Count(r => r.Agreement == Agreement.Agrees);
        var md = new StringBuilder();
        md.AppendLine($"# CrossGuard verdicts vs. loading every selected native file on its target ({(full ? "full table" : "sampled subset")})");
        md.AppendLine();
        md.AppendLine($"**{agree} of {rows.Count} file x RID verdicts agree**, {rows.Count(r => r.Agreement == Agreement.Disagrees)} disagree, "
            + $"{rows.Count(r => r.Agreement == Agreement.LoadsLazily)} load only lazily, "
            + $"{rows.Count(r => r.Agreement == Agreement.NotDecidable)} not decidable here; {samples.Count} packages, {elapsed.TotalSeconds:F0} s "
            + $"(generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC).");
        md.AppendLine();
        md.AppendLine("Verdicts: the packed `crossguard check --rid linux-x64,linux-arm64,linux-musl-x64 --format json` of a project referencing the package alone, "
            + $"with CrossGuardMinGlibc {loaders.TargetGlibc} (the targets' glibc). Loaders:");
        foreach (string rid in TruthLoaders.Rids)
        {
            md.AppendLine($"- {rid}: {loaders.Describe(rid)}");
        }

        md.AppendLine();
        md.AppendLine("| package | version | RID | file (selected from) | CrossGuard verdict | observed | agreement | why |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (TruthRow row in rows.OrderBy(r => r.Agreement == Agreement.Agrees).ThenBy(r => r.Verdict.PackageId, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Verdict.Rid, StringComparer.Ordinal))
        {
            FileVerdict v = row.Verdict;
            md.AppendLine($"| {v.PackageId} | {v.PackageVersion} | {v.Rid} | {Cell(Path.GetFileName(v.File))} ({v.SelectedFrom}) | {Cell(v.Text)} | {Cell(Short(row.Observed.Text))} | {row.Agreement} | {Cell(row.Why)} |");
        }

        md.AppendLine();
        foreach (TruthSample sample in samples)
        {
            string counts = sample.Rows.Count == 0 ? "no file selected for these RIDs" : $"{sample.Rows.Count} rows";
            md.AppendLine($"- {sample.Package.Id} {sample.Package.Version}: {counts}; {sample.Skipped.Count} selected files the runtime never loads (static archives, data); "
                + $"{sample.Elapsed.TotalSeconds:F0} s{(sample.Problem is null ? string.Empty : "; PROBLEM: " + sample.Problem)}");
        }

        return md.ToString();
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
