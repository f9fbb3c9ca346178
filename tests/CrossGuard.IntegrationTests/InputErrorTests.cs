using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>Bad input gets one coded XG9xxx error and no stack trace in the build log.</summary>
public sealed class InputErrorTests(PackageFixture fixture)
{
    private static void AssertNoStackTrace(CommandResult result)
    {
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_assets_file_is_one_XG9001_error()
    {
        SampleProject project = fixture.CreateProject("corrupt")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """Console.WriteLine("x");""");
        Assert.Equal(0, project.Dotnet("restore", project.ProjectPath).ExitCode);
        File.WriteAllText(Path.Combine(project.Directory, "obj", "project.assets.json"), "{ \"version\": 3, \"targets\": { oops");

        CommandResult build = project.Build("--no-restore");

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(["XG9001"], SampleProject.Codes(build, "error"));
        AssertNoStackTrace(build);
    }

    [Fact]
    public void Missing_assets_file_is_one_XG9001_error()
    {
        SampleProject project = fixture.CreateProject("missing")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """Console.WriteLine("x");""");
        Assert.Equal(0, project.Dotnet("restore", project.ProjectPath).ExitCode);
        File.Delete(Path.Combine(project.Directory, "obj", "project.assets.json"));

        CommandResult build = project.Build("--no-restore");

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Contains("error XG9001", build.Output, StringComparison.Ordinal);
        AssertNoStackTrace(build);
    }

    [Fact]
    public void Unknown_rid_is_one_XG9002_error()
    {
        SampleProject project = fixture.CreateProject("unknownrid")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;linux-foo64</CrossGuardRuntimeIdentifiers>")
            .WithFile("Program.cs", """Console.WriteLine("x");""");

        CommandResult build = project.Build();

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(["XG9002"], SampleProject.Codes(build, "error"));
        Assert.Contains("'linux-foo64' is not a RuntimeIdentifier", build.Output, StringComparison.Ordinal);
        AssertNoStackTrace(build);
    }

    [Fact]
    public void Missing_package_folder_is_one_XG9005_error()
    {
        SampleProject project = fixture.CreateProject("nofolder")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers><RestorePackagesPath>$(MSBuildProjectDirectory)/pkgs</RestorePackagesPath>",
                """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", """Console.WriteLine("x");""");
        CommandResult restore = project.Dotnet("restore", project.ProjectPath);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Directory.Delete(Path.Combine(project.Directory, "pkgs", "zstdnet"), recursive: true);

        CommandResult build = project.Build("--no-restore");

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(["XG9005"], SampleProject.Codes(build, "error"));
        Assert.Contains("Package 'ZstdNet' 1.5.7 was not found", build.Output, StringComparison.Ordinal);
        AssertNoStackTrace(build);
    }
}
