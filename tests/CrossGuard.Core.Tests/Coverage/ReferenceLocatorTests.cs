using CrossGuard.Core.Coverage;
using Xunit;

namespace CrossGuard.Core.Tests.Coverage;

/// <summary>Where a package's reference is written: the line the build's warnings and the CLI's SARIF results point at.</summary>
public sealed class ReferenceLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cg-locator-" + Guid.NewGuid().ToString("N")[..10]);

    public ReferenceLocatorTests() => Directory.CreateDirectory(Path.Combine(_root, "src", "App"));

    private string Project => Path.Combine(_root, "src", "App", "App.csproj");

    [Fact]
    public void The_PackageReference_line_of_the_project_file()
    {
        File.WriteAllText(Project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageReference Include="ZstdNet" Version="1.5.7" />
              </ItemGroup>
            </Project>
            """);

        var locator = new ReferenceLocator(Project);

        Assert.Equal((Project, 4), locator.Find("ZstdNet"));
        Assert.Equal((Project, 4), locator.Find("zstdnet"));
        Assert.Equal((Project, 3), locator.Find("Newtonsoft.Json"));
        // Not a prefix match: "ZstdNet.Native" is not "ZstdNet".
        Assert.Equal((Project, 0), locator.Find("ZstdNet.Native"));
        Assert.Equal((Project, 0), locator.Find(null));
    }

    [Fact]
    public void Central_package_versions_when_the_project_has_no_line_for_the_package()
    {
        File.WriteAllText(Project, """
            <Project Sdk="Microsoft.NET.Sdk">
            </Project>
            """);
        string props = Path.Combine(_root, "Directory.Packages.props");
        File.WriteAllText(props, """
            <Project>
              <ItemGroup>
                <GlobalPackageReference Include="Grpc.Core" Version="2.46.5" />
              </ItemGroup>
            </Project>
            """);

        Assert.Equal((props, 3), new ReferenceLocator(Project).Find("Grpc.Core"));
    }

    [Fact]
    public void An_unreadable_project_gives_no_location()
    {
        Assert.Equal(((string?)null, 0), new ReferenceLocator(Path.Combine(_root, "missing.csproj")).Find("ZstdNet"));
        Assert.Equal(((string?)null, 0), new ReferenceLocator(string.Empty).Find("ZstdNet"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
