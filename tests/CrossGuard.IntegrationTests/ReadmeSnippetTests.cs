using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>README "Use it in a project": both forms of the snippet restore and check as the README says.</summary>
public sealed class ReadmeSnippetTests(PackageFixture fixture)
{
    [Fact]
    public void Central_package_management_form_checks_and_a_Version_on_the_reference_fails_with_NU1008()
    {
        SampleProject project = fixture.CreateProject("cpmapp")
            .WithFile("Directory.Packages.props", $"""
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageVersion Include="CrossGuard" Version="{fixture.Version}" />
                  </ItemGroup>
                </Project>
                """)
            .WithFile("Program.cs", """System.Console.WriteLine("cpm");""");
        string Project(string version) => $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;win-x64</CrossGuardRuntimeIdentifiers>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CrossGuard" {version}PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """;

        project.WithFile("cpmapp.csproj", Project(string.Empty));
        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("CrossGuard checked 3 RIDs [linux-x64, linux-arm64, win-x64]", build.Output, StringComparison.Ordinal);

        project.WithFile("cpmapp.csproj", Project($"Version=\"{fixture.Version}\" "));
        CommandResult versioned = project.Build();
        Assert.True(versioned.ExitCode != 0, versioned.ToString());
        Assert.Contains("error NU1008", versioned.Output, StringComparison.Ordinal);
    }
}
