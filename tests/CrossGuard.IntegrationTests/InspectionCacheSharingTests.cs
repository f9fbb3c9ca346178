using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Rids;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 14 item 12: the build and the CLI share one machine-wide inspection cache. The package under test is built
/// with a unique prerelease version, this test's CrossGuard.Core with the repository's: two builds of the same
/// inspector, as the NuGet package and the dotnet tool are. `crossguard check` and `inspect` run exactly this engine
/// with this cache (CheckCommand / InspectCommand), so what the engine sees here is what the CLI sees.
/// </summary>
public sealed class InspectionCacheSharingTests(PackageFixture fixture)
{
    private static readonly string[] s_rids = ["linux-x64", "linux-arm64", "win-x64", "osx-arm64"];

    private SampleProject ZstdApp(string name) => new SampleProject(fixture, name)
        .WithProject($"<RuntimeIdentifiers>{string.Join(';', s_rids)}</RuntimeIdentifiers>", """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
        .WithFile("Program.cs", "Console.WriteLine(typeof(ZstdNet.Compressor).Assembly.GetName().Name);");

    private static (InspectionCache Cache, CoverageReport Report) CheckLikeTheCli(SampleProject project, string cacheDirectory)
    {
        RestoredGraph assets = AssetsFileReader.Read(Path.Combine(project.Directory, "obj", "project.assets.json"));
        var cache = new InspectionCache(cacheDirectory);
        Assert.Null(cache.NotUsedBecause);
        CoverageReport report = new CoverageEngine(RidGraph.Bundled, cache: cache)
            .Check(assets, FrameworkSelector.Only, new CheckSettings { Rids = s_rids, MinGlibc = new Version(2, 34), ProjectName = project.Name });
        return (cache, report);
    }

    [Fact]
    public void A_build_and_the_cli_engine_answer_each_other_from_one_inspection_cache()
    {
        // Build first, then the CLI's engine: every file is a hit.
        SampleProject first = ZstdApp("cacheshare");
        string cache = Path.Combine(first.Directory, "inspections");
        CommandResult build = first.Build("-v:d", "-p:CrossGuardInspectionCacheDirectory=" + cache);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"CrossGuard inspection cache: 0 file\(s\) answered from it, [1-9]\d* inspected", build.Output);
        string[] entries = Directory.GetFiles(cache, "*.txt", SearchOption.AllDirectories);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(InspectionCache.Header, File.ReadLines(e).First()));
        (InspectionCache cli, CoverageReport report) = CheckLikeTheCli(first, cache);
        Assert.True(cli.Hits > 0, "no file was answered from the build's entries");
        Assert.Equal(0, cli.Misses);
        Assert.Contains(report.Packages, p => p.Id == "ZstdNet" && p.Native);

        // The CLI first, then the build: the build inspects nothing.
        SampleProject second = ZstdApp("cacheshare-cli-first");
        string cliCache = Path.Combine(second.Directory, "inspections");
        CommandResult restore = second.Dotnet("restore", second.ProjectPath);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        (InspectionCache fresh, _) = CheckLikeTheCli(second, cliCache);
        Assert.Equal(0, fresh.Hits);
        Assert.True(fresh.Misses > 0);
        CommandResult after = second.Build("-v:d", "-p:CrossGuardInspectionCacheDirectory=" + cliCache);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains($"CrossGuard inspection cache: {fresh.Misses} file(s) answered from it, 0 inspected", after.Output, StringComparison.Ordinal);
    }
}
