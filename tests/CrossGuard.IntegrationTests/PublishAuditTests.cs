using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>The publish-output audit reads every native file about to be published, whatever put it there.</summary>
public sealed class PublishAuditTests(PackageFixture fixture)
{
    [Fact]
    public void Windows_dll_copied_into_a_linux_publish_is_XG2001_and_the_publish_fails()
    {
        SampleProject project = fixture.CreateProject("auditapp")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                """
                <PackageReference Include="ZstdNet" Version="1.5.7" />
                <None Include="native/libzstd.dll" CopyToPublishDirectory="PreserveNewest" />
                """)
            .WithFile("Program.cs", """Console.WriteLine("audit");""");
        CommandResult restore = project.Dotnet("restore", project.ProjectPath);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        // What some packages' own .targets do by hand: copy a Windows build next to the app, whatever the RID.
        Directory.CreateDirectory(Path.Combine(project.Directory, "native"));
        File.Copy(Path.Combine(fixture.PackagesDirectory, "zstdnet", "1.5.7", "runtimes", "win-x64", "native", "libzstd.dll"),
            Path.Combine(project.Directory, "native", "libzstd.dll"));

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG2001"], SampleProject.Codes(publish, "error"));
        Assert.Contains("'native/libzstd.dll' in the publish output for linux-x64 is a Windows PE x64 binary; it cannot load there. It came from the project", publish.Output, StringComparison.Ordinal);
        Assert.Contains("CrossGuard audited", publish.Output, StringComparison.Ordinal);
    }
}
