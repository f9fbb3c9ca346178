using System.IO.Compression;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

public sealed class PackageContentsTests(PackageFixture fixture)
{
    private static readonly string[] s_nugetMetadata = ["[Content_Types].xml", "_rels/.rels"];

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
            "tasks/net8.0/CrossGuard.Tasks.deps.json",
            "tasks/net8.0/CrossGuard.Tasks.dll",
            "tasks/net8.0/NuGet.Frameworks.dll",
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
