using System.Text;
using CrossGuard.Core.Rids;
using NuGet.RuntimeModel;
using Xunit;

namespace CrossGuard.Core.Tests.Rids;

/// <summary>RidGraph's fallback chains against NuGet's RuntimeGraph.ExpandRuntime (the oracle restore and the SDK use).</summary>
public sealed class RidGraphTests
{
    /// <summary>The bundled graph, and every RID graph of the SDKs installed beside the running .NET (portable and legacy full graph).</summary>
    public static TheoryData<string> Graphs()
    {
        var data = new TheoryData<string> { "bundled" };
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string sdk = Path.Combine(root, "sdk");
        if (Directory.Exists(sdk))
        {
            foreach (string file in Directory.EnumerateFiles(sdk, "*RuntimeIdentifierGraph.json", SearchOption.AllDirectories))
            {
                data.Add(file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Every_chain_matches_NuGet_ExpandRuntime(string source)
    {
        RidGraph graph = source == "bundled" ? RidGraph.Bundled : RidGraph.Load(source);
        RuntimeGraph nuget;
        if (source == "bundled")
        {
            using Stream stream = typeof(RidGraph).Assembly.GetManifestResourceStream("CrossGuard.PortableRuntimeIdentifierGraph.json")!;
            nuget = JsonRuntimeFormat.ReadRuntimeGraph(stream);
        }
        else
        {
            nuget = JsonRuntimeFormat.ReadRuntimeGraph(source);
        }

        Assert.Equal(nuget.Runtimes.Keys.Order(StringComparer.Ordinal), graph.KnownRids.Order(StringComparer.Ordinal));
        Assert.True(nuget.Runtimes.Count > 40, source);
        foreach (string rid in nuget.Runtimes.Keys)
        {
            Assert.True(nuget.ExpandRuntime(rid).SequenceEqual(graph.Chain(rid)), $"{source}: {rid}: NuGet [{string.Join(", ", nuget.ExpandRuntime(rid))}] vs [{string.Join(", ", graph.Chain(rid))}]");
        }
    }

    [Fact]
    public void Package_runtime_json_lists_the_redirected_packages_per_rid()
    {
        const string json = """
            { "supports": {}, "runtimes": {
                "linux-x64": { "#import": ["linux", "unix-x64"], "runtime.native.Foo": { "runtime.linux-x64.runtime.native.Foo": "1.0.0" } },
                "win": { "#import": [] } } }
            """;
        Dictionary<string, RuntimeJsonEntry> runtimes = RuntimeJsonFile.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(["linux", "unix-x64"], runtimes["linux-x64"].Imports);
        Assert.Equal(["runtime.native.Foo"], runtimes["linux-x64"].RedirectedPackages);
        Assert.Empty(runtimes["win"].RedirectedPackages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("{\"runtimes\": {\"a\": {\"#import\": [\"b\"")]
    [InlineData("{\"runtimes\": {}} x")]
    public void Malformed_graphs_are_InvalidDataException(string json)
    {
        Assert.Throws<InvalidDataException>(() => RuntimeJsonFile.Parse(Encoding.UTF8.GetBytes(json)));
    }
}
