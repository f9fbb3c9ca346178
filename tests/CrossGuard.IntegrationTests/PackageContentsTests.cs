using System.IO.Compression;
using System.Reflection.PortableExecutable;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

public sealed class PackageContentsTests(PackageFixture fixture)
{
    private static readonly string[] s_nugetMetadata = ["[Content_Types].xml", "_rels/.rels"];
    private static readonly string[] s_taskFiles = ["CrossGuard.Core.dll", "CrossGuard.Tasks.dll", "NuGet.Frameworks.dll"];

    private static List<string> Entries(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        return zip.Entries.Select(e => e.FullName)
            .Where(n => !s_nugetMetadata.Contains(n) && !n.StartsWith("package/services/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void CrossGuard_package_has_exactly_the_analyzers_tasks_and_build_files()
    {
        string[] expected =
        [
            "CrossGuard.nuspec",
            "README.md",
            "analyzers/dotnet/cs/CrossGuard.Analyzers.dll",
            "analyzers/dotnet/cs/CrossGuard.CodeFixes.dll",
            "build/CrossGuard.props",
            "build/CrossGuard.targets",
            "tasks/net8.0/CrossGuard.Core.dll",
            "tasks/net8.0/CrossGuard.Tasks.dll",
            "tasks/net8.0/NuGet.Frameworks.dll",
            .. PackageFixture.ReadyToRunTaskHosts.SelectMany(rid => s_taskFiles.Select(f => $"tasks/net10.0/{rid}/{f}")),
        ];

        List<string> actual = Entries(fixture.PackagePath);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        Assert.DoesNotContain(actual, e => e.StartsWith("lib/", StringComparison.Ordinal));

        using ZipArchive zip = ZipFile.OpenRead(fixture.PackagePath);
        using var nuspec = new StreamReader(zip.GetEntry("CrossGuard.nuspec")!.Open());
        string text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text);
        Assert.DoesNotContain("<dependency ", text);
    }

    [Theory]
    [InlineData("linux-x64", Machine.Amd64, 0x7B79)]
    [InlineData("linux-arm64", Machine.Arm64, 0x7B79)]
    [InlineData("linux-musl-x64", Machine.Amd64, 0x7B79)]
    [InlineData("osx-x64", Machine.Amd64, 0x4644)]
    [InlineData("osx-arm64", Machine.Arm64, 0x4644)]
    [InlineData("win-x64", Machine.Amd64, 0)]
    public void Each_net10_task_set_is_ReadyToRun_code_for_its_own_host(string rid, Machine arch, int osMask)
    {
        // A ReadyToRun image has a managed-native header and marks its OS by XOR-ing the PE machine with an OS constant
        // (the runtime's own convention); an IL-only image has neither. The IL set must stay IL, so any OS can load it;
        // NuGet.Frameworks stays IL in every set (only the rare framework-alias fallback runs it).
        using ZipArchive zip = ZipFile.OpenRead(fixture.PackagePath);
        foreach (string file in new[] { "CrossGuard.Core.dll", "CrossGuard.Tasks.dll" })
        {
            PEHeaders r2r = Headers(zip, $"tasks/net10.0/{rid}/{file}");
            Assert.True(r2r.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{rid}/{file} is not ReadyToRun");
            Assert.Equal((int)arch ^ osMask, (int)r2r.CoffHeader.Machine);
        }

        foreach (string file in s_taskFiles)
        {
            PEHeaders il = Headers(zip, $"tasks/net8.0/{file}");
            Assert.Equal(0, il.CorHeader!.ManagedNativeHeaderDirectory.Size);
        }

        Assert.Equal(0, Headers(zip, $"tasks/net10.0/{rid}/NuGet.Frameworks.dll").CorHeader!.ManagedNativeHeaderDirectory.Size);
    }

    private static PEHeaders Headers(ZipArchive zip, string entry)
    {
        using var copy = new MemoryStream();
        using (Stream s = zip.GetEntry(entry)!.Open()) s.CopyTo(copy);
        copy.Position = 0;
        return new PEHeaders(copy);
    }

    [Fact]
    public void Tool_package_is_a_dotnet_tool_named_crossguard_with_exactly_its_runtime_files()
    {
        string[] tool =
        [
            "CrossGuard.Core.dll", "DotnetToolSettings.xml", "Microsoft.Bcl.Cryptography.dll", "Newtonsoft.Json.dll",
            "NuGet.Common.dll", "NuGet.Configuration.dll", "NuGet.Frameworks.dll",
            "NuGet.Packaging.dll", "NuGet.Protocol.dll", "NuGet.Versioning.dll",
            "System.CommandLine.dll", "System.Formats.Asn1.dll", "System.Security.Cryptography.Pkcs.dll",
            "System.Security.Cryptography.ProtectedData.dll", "crossguard.deps.json", "crossguard.dll", "crossguard.runtimeconfig.json",
            "runtimes/win/lib/net8.0/System.Security.Cryptography.Pkcs.dll",
        ];
        IEnumerable<string> expected = tool.Select(f => "tools/net8.0/any/" + f).Append("CrossGuard.Tool.nuspec").Append("README.md");

        List<string> actual = Entries(fixture.ToolPackagePath);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual);

        using ZipArchive zip = ZipFile.OpenRead(fixture.ToolPackagePath);
        using var settings = new StreamReader(zip.GetEntry("tools/net8.0/any/DotnetToolSettings.xml")!.Open());
        Assert.Contains("<Command Name=\"crossguard\" EntryPoint=\"crossguard.dll\"", settings.ReadToEnd());
        using var nuspec = new StreamReader(zip.GetEntry("CrossGuard.Tool.nuspec")!.Open());
        Assert.Contains("<packageType name=\"DotnetTool\"", nuspec.ReadToEnd());
    }
}
