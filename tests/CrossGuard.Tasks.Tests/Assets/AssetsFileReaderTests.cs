using System.Text;
using CrossGuard.Core.Assets;
using CrossGuard.Tasks.Tests.Infrastructure;
using Xunit;

namespace CrossGuard.Tasks.Tests.Assets;

/// <summary>AssetsFileReader against NuGet's LockFileFormat (the oracle) on real and synthesized files, and on bad input.</summary>
public sealed class AssetsFileReaderTests
{
    /// <summary>The assets files restore wrote for this repository's own projects (the test run builds them first).</summary>
    public static TheoryData<string> RepositoryAssetsFiles()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CrossGuard.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var data = new TheoryData<string>();
        foreach (string project in new[] { "CrossGuard.Core", "CrossGuard.Cli", "CrossGuard.Analyzers.Tests", "CrossGuard.Tasks.Tests", "CrossGuard.IntegrationTests" })
        {
            data.Add(Path.Combine(dir ?? ".", "artifacts", "obj", project, "project.assets.json"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RepositoryAssetsFiles))]
    public void Reads_what_NuGet_reads_from_a_real_restore(string assetsFile)
    {
        Assert.True(File.Exists(assetsFile), assetsFile + " is written by restore before the tests run");
        Assert.True(AssetsOracle.AssertSameAsNuGet(assetsFile) > 0);
    }

    [Fact]
    public void Reads_what_NuGet_reads_for_runtime_targets_placeholders_rid_sections_and_runtime_json()
    {
        var assets = new AssetsBuilder()
            .Package("Foo", "1.0.0", new Dictionary<string, string>
            {
                ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
                ["runtimes/linux-musl-x64/native/_._"] = "_._",
                ["runtimes/win/lib/net8.0/Foo.dll"] = typeof(AssetsFileReaderTests).Assembly.Location,
            }, dependencies: new[] { "Bar" })
            .Package("Bar", "2.0.0-beta.1", new Dictionary<string, string>(), direct: false,
                runtimeJson: """{ "runtimes": { "linux-x64": { "Bar": { "runtime.linux-x64.Bar": "2.0.0" } } } }""")
            .RidTarget("linux-x64", "runtime.linux-x64.Bar", "2.0.0", "runtimes/linux-x64/native/libzstd.so", RealBinaries.LinuxX64So);
        string path = assets.Write();

        Assert.Equal(3, AssetsOracle.AssertSameAsNuGet(path) - 2);
        RestoredGraph graph = AssetsFileReader.Read(path);
        TargetLibrary foo = graph.Targets[0].Find("foo")!;
        Assert.Contains(new RuntimeTargetAsset("runtimes/linux-musl-x64/native/_._", "linux-musl-x64", "native"), foo.RuntimeTargets);
        Assert.True(graph.Libraries["Bar"].HasRuntimeJson);
        Assert.Equal(["runtimes/linux-x64/native/libzstd.so"], graph.Target("net8.0", "linux-x64")!.Find("runtime.linux-x64.Bar")!.NativeLibraries);
    }

    [Fact]
    public void Byte_order_mark_comments_and_unknown_sections_are_accepted()
    {
        string json = "\uFEFF{ // written by hand\n \"version\": 3, \"future\": { \"x\": [1, {\"y\": null}] }, \"targets\": { \"net8.0\": { \"A/1.0.0\": { \"type\": \"package\", \"native\": { \"a.so\": {} }, \"newSection\": [true] } } } }";
        RestoredGraph graph = AssetsFileReader.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(3, graph.Version);
        Assert.Equal(["a.so"], Assert.Single(Assert.Single(graph.Targets).Libraries).NativeLibraries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"targets\": []}")]
    [InlineData("{\"targets\": {\"net8.0\": 5}}")]
    [InlineData("{\"targets\": {\"net8.0\": {\"A/1\": []}}}")]
    [InlineData("{\"libraries\": {\"A/1\": {\"files\": {}}}}")]
    [InlineData("{\"version\": 3, \"targets\": {")]
    [InlineData("{\"version\": 3} trailing")]
    [InlineData("\u0000\u0001ELF")]
    public void Malformed_files_are_InvalidDataException_and_nothing_else(string json)
    {
        Assert.Throws<InvalidDataException>(() => AssetsFileReader.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_InvalidDataException()
    {
        string json = "{\"project\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Throws<InvalidDataException>(() => AssetsFileReader.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Every_truncation_and_byte_flip_of_a_real_file_reads_or_fails_with_InvalidDataException()
    {
        byte[] real = File.ReadAllBytes(RepositoryAssetsFiles().First().Data.ToString()!);
        int outcomes = 0;
        for (int length = 0; length < real.Length; length += Math.Max(1, real.Length / 400))
        {
            outcomes += Outcome(real.AsSpan(0, length).ToArray());
        }

        var random = new Random(4);
        for (int i = 0; i < 300; i++)
        {
            byte[] mutated = (byte[])real.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            outcomes += Outcome(mutated);
        }

        Assert.True(outcomes > 600);

        static int Outcome(byte[] bytes)
        {
            try
            {
                AssetsFileReader.Parse(bytes);
            }
            catch (InvalidDataException)
            {
            }

            return 1;
        }
    }
}
