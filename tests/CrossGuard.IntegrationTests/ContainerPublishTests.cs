using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 16: real SDK container publishes (`dotnet publish -t:PublishContainer`). This machine reaches no container
/// registry, so a publish CrossGuard lets through fails where the SDK pulls the base image (its CreateNewImage task,
/// the first step that contacts a registry); a publish CrossGuard stops never gets there.
/// </summary>
public sealed class ContainerPublishTests(PackageFixture fixture)
{
    private const string Alpine = "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine";

    /// <summary>The SDK's own failure when it tries to pull the base image (no registry here).</summary>
    private static void AssertStoppedAtTheSdkPull(CommandResult result)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("\"CreateNewImage\" task failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", result.Output, StringComparison.Ordinal);
        Assert.Empty(SampleProject.Codes(result, "error"));
    }

    /// <summary>CrossGuard stopped the publish: the SDK never ran CreateNewImage.</summary>
    private static void AssertStoppedBeforeThePull(CommandResult result, string code)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal([code], SampleProject.Codes(result, "error"));
        Assert.DoesNotContain("CreateNewImage", result.Output, StringComparison.Ordinal);
    }

    private CommandResult PublishContainer(SampleProject project, string rid, bool selfContained, params string[] extra) =>
        project.Dotnet(["publish", project.ProjectPath, "-t:PublishContainer", "-r", rid, "--self-contained", selfContained ? "true" : "false",
            "-nodeReuse:false", "-v:n", .. extra]);

    [Fact]
    public void Glibc_rid_on_an_alpine_image_fails_with_XG2006_and_the_musl_rid_passes_the_check()
    {
        SampleProject project = fixture.CreateProject("alpineapp")
            .WithProject("")
            .WithFile("Program.cs", """Console.WriteLine("hello");""");

        // Self-contained: the app host and the runtime are glibc builds, which cannot start on musl.
        CommandResult glibc = PublishContainer(project, "linux-x64", selfContained: true, "-p:ContainerBaseImage=" + Alpine);
        AssertStoppedBeforeThePull(glibc, "XG2006");
        Assert.Contains($"The linux-x64 app runs in '{Alpine}' (Alpine (release not fixed by the tag), musl", glibc.Output, StringComparison.Ordinal);
        Assert.Contains("Publish for linux-musl-x64 (ContainerRuntimeIdentifier=linux-musl-x64)", glibc.Output, StringComparison.Ordinal);

        // Framework-dependent on an Alpine image that has .NET: the image's own (musl) dotnet starts the app, so a
        // purely managed app works there. Not blocked: a warning, and the SDK goes on to its pull.
        CommandResult portable = PublishContainer(project, "linux-x64", selfContained: false, "-p:ContainerBaseImage=mcr.microsoft.com/dotnet/runtime:10.0-alpine");
        AssertStoppedAtTheSdkPull(portable);
        Assert.Equal(["XG2006"], SampleProject.Codes(portable, "warning"));
        Assert.Contains("The app is framework-dependent and the image has its own .NET", portable.Output, StringComparison.Ordinal);

        CommandResult musl = PublishContainer(project, "linux-musl-x64", selfContained: false, "-p:ContainerBaseImage=" + Alpine);
        AssertStoppedAtTheSdkPull(musl);
        Assert.DoesNotContain("XG2006", musl.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ZstdNet_on_a_jammy_image_passes_without_a_warning_and_on_a_focal_image_is_XG2007()
    {
        // ZstdNet 1.5.7's libzstd.so needs GLIBC_2.34 (pthread_create); Ubuntu 22.04 has 2.35, Ubuntu 20.04 2.31.
        SampleProject project = fixture.CreateProject("zstdimage")
            .WithProject("", """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", """Console.WriteLine(typeof(ZstdNet.Compressor).Assembly.GetName().Name);""");

        CommandResult jammy = PublishContainer(project, "linux-x64", selfContained: true, "-p:ContainerBaseImage=mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy");
        AssertStoppedAtTheSdkPull(jammy);
        Assert.Empty(SampleProject.Codes(jammy, "warning"));
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", "linux-x64", "publish", "libzstd.so")), jammy.ToString());

        CommandResult focal = PublishContainer(project, "linux-x64", selfContained: true, "-p:ContainerBaseImage=mcr.microsoft.com/dotnet/runtime-deps:6.0-focal");
        AssertStoppedBeforeThePull(focal, "XG2007");
        Assert.Contains("selects 'runtimes/linux-x64/native/libzstd.so' for linux-x64, which needs glibc 2.34", focal.Output, StringComparison.Ordinal);
        Assert.Contains("is Ubuntu 20.04, glibc 2.31", focal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning XG1004", focal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_arch_container_publish_with_a_package_missing_arm64_natives_fails_naming_linux_arm64_before_any_inner_build()
    {
        // Magick.NET-Q8-x64 ships natives for x64 RIDs only (linux-x64, linux-musl-x64, osx-x64, win-x64).
        SampleProject project = fixture.CreateProject("multiarch")
            .WithProject("<ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>",
                """<PackageReference Include="Magick.NET-Q8-x64" Version="15.1.0" />""")
            .WithFile("Program.cs", """Console.WriteLine(typeof(ImageMagick.MagickImage).Name);""");

        CommandResult result = project.Dotnet(["publish", project.ProjectPath, "-t:PublishContainer", "-nodeReuse:false", "-v:n"]);

        AssertStoppedBeforeThePull(result, "XG1001");
        Assert.Contains("but none for linux-arm64", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"error XG1001: Package 'Magick\.NET-Q8-x64' 15\.1\.0 .* but none for linux-arm64", result.Output);
        Assert.DoesNotMatch(@"error XG1001: .* none for linux-x64", result.Output);

        // The working publish is not blocked: the same project for linux-x64 alone passes the check and reaches the SDK's pull.
        CommandResult x64 = project.Dotnet(["publish", project.ProjectPath, "-t:PublishContainer", "-p:ContainerRuntimeIdentifiers=linux-x64", "-nodeReuse:false", "-v:n"]);
        AssertStoppedAtTheSdkPull(x64);
        Assert.DoesNotContain("XG1001", x64.Output, StringComparison.Ordinal);
    }
}
