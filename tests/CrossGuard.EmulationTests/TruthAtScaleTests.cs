using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.EmulationTests.Truth;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests;

/// <summary>
/// Issue 18: every CrossGuard verdict on every native file of real packages, held to loading the file on its target
/// (linux-x64 here, linux-arm64 under qemu, linux-musl-x64 with musl's loader). The sampled subset runs in the normal
/// suite; the full table only with CROSSGUARD_TRUTH_FULL=1 (docs/emulation.md).
/// </summary>
public sealed class TruthAtScaleTests(PackageFixture fixture, ITestOutputHelper output)
{
    public static bool Full => Environment.GetEnvironmentVariable("CROSSGUARD_TRUTH_FULL") == "1";

    [Fact]
    public void Sampled_truth_table_every_verdict_matches_the_loader()
    {
        List<TruthSample> samples = Run(TruthPackage.All.Where(p => p.Sampled).ToList(), full: false);
        List<TruthRow> rows = TruthRun.Distinct(samples);

        // Each verdict kind the table exists for is really exercised by the sample.
        Assert.Contains(rows, r => r.Verdict.Kind == VerdictKind.Loads && r.Observed.Kind == LoadKind.Loaded);
        Assert.Contains(rows, r => r.Verdict.Codes.Contains("XG1002") && r.Agreement == Agreement.Agrees);
        Assert.Contains(rows, r => r.Verdict.Codes.Contains("XG1003") && r.Observed.Kind == LoadKind.Failed);
        Assert.Contains(rows, r => r.Verdict.Kind == VerdictKind.Needs && r.Observed.Kind == LoadKind.Failed && r.Agreement == Agreement.Agrees);
        AssertAgreement(samples, rows);
    }

    [Fact]
    public void Full_truth_table_every_verdict_matches_the_loader()
    {
        if (!Full)
        {
            Assert.Skip("the full truth table runs with CROSSGUARD_TRUTH_FULL=1 (docs/emulation.md); the sampled subset runs without it");
        }

        List<TruthSample> samples = Run(TruthPackage.All.ToList(), full: true);
        List<TruthRow> rows = TruthRun.Distinct(samples);
        Assert.True(samples.Count >= 30, $"the full table covers at least 30 packages ({samples.Count})");
        AssertAgreement(samples, rows);
    }

    private List<TruthSample> Run(List<TruthPackage> packages, bool full)
    {
        TruthLoaders loaders = TruthLoaders.Require(fixture);
        CrossGuardTool tool = CrossGuardTool.Install(fixture);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var samples = new List<TruthSample>();
        foreach (TruthPackage package in packages)
        {
            TruthSample sample = TruthRun.Execute(fixture, loaders, tool, package);
            output.WriteLine($"{package.Id} {package.Version}: {sample.Rows.Count} rows, {sample.Rows.Count(r => r.Agreement == Agreement.Agrees)} agree ({sample.Elapsed.TotalSeconds:F0} s)");
            samples.Add(sample);
        }

        string markdown = TruthRun.Render(samples, loaders, clock.Elapsed, full);
        Directory.CreateDirectory(TruthTable.ArtifactsDirectory);
        string path = Path.Combine(TruthTable.ArtifactsDirectory, full ? "truth-full.md" : "truth-sampled.md");
        File.WriteAllText(path, markdown);
        output.WriteLine(markdown);
        TestContext.Current.SendDiagnosticMessage("CrossGuard truth table ({0}):\n{1}", path, markdown.Split('\n')[2]);
        return samples;
    }

    private static void AssertAgreement(List<TruthSample> samples, List<TruthRow> rows)
    {
        List<TruthSample> broken = samples.Where(s => s.Problem is not null).ToList();
        Assert.True(broken.Count == 0, "packages without verdicts:\n" + string.Join("\n", broken.Select(s => $"{s.Package.Id} {s.Package.Version}: {s.Problem}\n{s.Check}")));

        List<TruthRow> disagreeing = rows.Where(r => r.Agreement == Agreement.Disagrees).ToList();
        Assert.True(disagreeing.Count == 0, $"{disagreeing.Count} of {rows.Count} verdicts disagree with the loader:\n" + string.Join("\n", disagreeing.Select(r =>
            $"{r.Verdict.PackageId} {r.Verdict.PackageVersion} {r.Verdict.Rid} {r.Verdict.File}: CrossGuard {r.Verdict.Text}; loader {r.Observed.Text}; {r.Why}")));

        // Every row that is not an agreement says why, with the loader's own message.
        Assert.All(rows.Where(r => r.Agreement is Agreement.NotDecidable or Agreement.LoadsLazily),
            r => Assert.False(string.IsNullOrWhiteSpace(r.Observed.Message), $"{r.Verdict.File} on {r.Verdict.Rid}: no loader message"));
    }
}
