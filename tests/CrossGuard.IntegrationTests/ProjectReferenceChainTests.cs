using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 14 item 6: a package that only a ProjectReference chain brings (app -> lib1 -> lib2 -> ZstdNet) was reported
/// as "referenced directly", with no line. A real three-project chain, built with the packed CrossGuard.
/// </summary>
public sealed class ProjectReferenceChainTests(PackageFixture fixture)
{
    [Fact]
    public void Package_brought_by_a_project_reference_chain_names_the_chain_and_points_at_the_PackageReference_in_the_project_that_has_it()
    {
        const string Lib2 = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ZstdNet" Version="1.5.7" />
              </ItemGroup>
            </Project>
            """;
        SampleProject app = fixture.CreateProject("chainapp")
            .WithProject(
                "<CrossGuardRuntimeIdentifiers>linux-x64;linux-musl-x64</CrossGuardRuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                """
                <ProjectReference Include="lib1/lib1.csproj" />
                <Compile Remove="lib1/**;lib2/**" />
                """)
            .WithFile("Program.cs", "Console.WriteLine(Lib1.Class1.Name);")
            .WithFile("lib1/lib1.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../lib2/lib2.csproj" />
                  </ItemGroup>
                </Project>
                """)
            .WithFile("lib1/Class1.cs", "namespace Lib1; public static class Class1 { public static string Name => typeof(Lib2.Class2).Name; }")
            .WithFile("lib2/lib2.csproj", Lib2)
            .WithFile("lib2/Class2.cs", "namespace Lib2; public static class Class2 { public static string Name => typeof(ZstdNet.Compressor).Name; }");

        CommandResult build = app.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(["XG1002"], SampleProject.Codes(build, "warning"));
        Assert.Contains($"Package 'ZstdNet' 1.5.7 (via {app.Name} -> lib1 -> lib2 -> ZstdNet) has no musl build for linux-musl-x64", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("referenced directly", build.Output, StringComparison.Ordinal);

        // MSBuild's "file(line,col): warning XG1002" form, on lib2's PackageReference line.
        int line = Array.FindIndex(Lib2.Split('\n'), l => l.Contains("\"ZstdNet\"", StringComparison.Ordinal)) + 1;
        string lib2Path = Path.Combine(app.Directory, "lib2", "lib2.csproj");
        Assert.Contains($"{lib2Path}({line}", build.Output, StringComparison.Ordinal);

        // The publish for the broken RID stops with the same location.
        CommandResult publish = app.Publish("linux-musl-x64");
        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Contains($"{lib2Path}({line}", publish.Output, StringComparison.Ordinal);
        Assert.Equal(["XG1002"], SampleProject.Codes(publish, "error"));
    }
}
