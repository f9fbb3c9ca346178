using System.Text;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>Renders sample | CrossGuard verdict | observed result | agree? as Markdown.</summary>
public static class TruthTable
{
    public static string ArtifactsDirectory { get; } = Path.Combine(RepoPaths.Root, "artifacts", "emulation");

    public static string Render(IReadOnlyList<SampleOutcome> outcomes, Arm64Emulator emulator, TimeSpan elapsed)
    {
        var table = new StringBuilder();
        table.AppendLine("# CrossGuard verdicts vs. reality on linux-arm64");
        table.AppendLine();
        table.AppendLine($"Each sample was published with `dotnet publish -r {Arm64Emulator.Rid} --self-contained true` consuming the packed "
            + $"CrossGuard package (that publish is the verdict), then run under `{Path.GetFileName(emulator.Qemu)} -L {emulator.Sysroot}` "
            + $"(glibc {emulator.GlibcVersion}, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1). A sample CrossGuard stopped was published "
            + "again with the problem accepted (CrossGuardSuppress, CrossGuardSeverity=warning or NoWarn) to observe the failure. "
            + "`crossguard check --rid linux-arm64 --format json` (the packed tool) must agree too, except on compile-time (XG0xxx) "
            + "rules, which it cannot see and must not report.");
        table.AppendLine();
        table.AppendLine("| sample | CrossGuard verdict (linux-arm64) | `crossguard check --format json` | observed under qemu-aarch64 | agree? | time |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (SampleOutcome outcome in outcomes)
        {
            table.AppendLine($"| {Cell(outcome.Sample.Title)} | {Cell(outcome.VerdictText)} | {Cell(outcome.ToolText)} | {Cell(outcome.ObservedText)} | "
                + $"{(outcome.Agrees ? "yes" : "**NO**")} | {outcome.Elapsed.TotalSeconds:F0} s |");
        }

        table.AppendLine();
        table.AppendLine($"{outcomes.Count(o => o.Agrees)} of {outcomes.Count} rows agree; samples took {elapsed.TotalSeconds:F0} s "
            + $"(generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC).");
        return table.ToString();
    }

    public static string Write(string markdown)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        string path = Path.Combine(ArtifactsDirectory, "truth-table.md");
        File.WriteAllText(path, markdown);
        return path;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
