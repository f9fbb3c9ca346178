using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks.Tests;

/// <summary>
/// CheckNativeAssets with per-RID glibc floors and a container base image (ContainerBaseImage and the container RIDs,
/// as build/CrossGuard.targets passes them), over ZstdNet's real libzstd.so files (GLIBC_2.34 on x64 and arm64).
/// </summary>
public sealed class GivenContainerImageTests
{
    private static AssetsBuilder Zstd() => new AssetsBuilder().Package("ZstdNet", "1.5.7", new Dictionary<string, string>
    {
        ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        ["runtimes/linux-arm64/native/libzstd.so"] = RealBinaries.LinuxArm64So,
    });

    private static (CheckNativeAssets Task, MockBuildEngine Engine) Task(AssetsBuilder assets, string rids, string minGlibc = "")
    {
        var engine = new MockBuildEngine();
        CheckNativeAssets task = CheckNativeAssetsTasks.Create(assets, engine, rids.Split(';', StringSplitOptions.RemoveEmptyEntries), Path.Combine(assets.Root, "inspections"));
        task.MinGlibc = minGlibc;
        return (task, engine);
    }

    [Fact]
    public void Per_rid_floors_apply_to_their_rid_only()
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Zstd(), "linux-x64;linux-arm64", "2.28;linux-arm64:2.35");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1004", warning.Code);
        Assert.Contains("for linux-x64, which needs glibc 2.34", warning.Message!, StringComparison.Ordinal);
        Assert.Contains("CrossGuardMinGlibc is 2.28,", warning.Message!, StringComparison.Ordinal);
        Assert.Contains("'linux-x64:2.34'", warning.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_setting_the_dotnet_8_floor_of_each_architecture_applies_and_is_named()
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Zstd(), "linux-x64;linux-arm64");

        Assert.True(task.Execute());
        Assert.Equal(2, engine.Warnings.Count);
        Assert.All(engine.Warnings, w => Assert.Equal("XG1004", w.Code));
        Assert.Contains(engine.Warnings, w => w.Message!.Contains("CrossGuardMinGlibc is 2.23 (the .NET 8 runtime's own floor for arm64)", StringComparison.Ordinal));
        Assert.Contains(engine.Warnings, w => w.Message!.Contains("CrossGuardMinGlibc is 2.23 (the .NET 8 runtime's own floor for x64)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2.28;linux-arm64", "'linux-arm64' is not a glibc version")]
    [InlineData("2.28;2.31", "two versions for every RID")]
    public void Malformed_floor_entries_are_XG9006(string value, string reason)
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Zstd(), "linux-x64", value);

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG9006", error.Code);
        Assert.Contains(reason, error.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glibc_rid_on_a_musl_image_is_XG2006_naming_the_musl_rid_and_an_error_in_the_container_publish()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>());
        (CheckNativeAssets build, MockBuildEngine buildEngine) = Task(assets, "");
        build.ContainerBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine";
        build.ContainerRuntimeIdentifiers = ["linux-x64"];

        Assert.True(build.Execute());
        BuildWarningEventArgs warning = Assert.Single(buildEngine.Warnings);
        Assert.Equal("XG2006", warning.Code);
        Assert.Contains("Publish for linux-musl-x64", warning.Message!, StringComparison.Ordinal);

        (CheckNativeAssets fdd, MockBuildEngine fddEngine) = Task(assets, "");
        fdd.ContainerBaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0-alpine";
        fdd.ContainerRuntimeIdentifiers = ["linux-x64"];
        fdd.RuntimeIdentifier = "linux-x64";
        Assert.True(fdd.Execute());
        Assert.Contains("framework-dependent and the image has its own .NET", Assert.Single(fddEngine.Warnings).Message!, StringComparison.Ordinal);
        Assert.Empty(fddEngine.Errors);

        (CheckNativeAssets fddGate, MockBuildEngine fddGateEngine) = Task(assets, "linux-x64");
        fddGate.ContainerBaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0-alpine";
        fddGate.ContainerRuntimeIdentifiers = ["linux-x64"];
        fddGate.ContainerPublish = true;
        fddGate.NativesManifest = Path.Combine(assets.Root, "obj", "fdd-gate", "crossguard.natives.json");
        Assert.True(fddGate.Execute());
        Assert.Empty(fddGateEngine.Errors);

        (CheckNativeAssets gate, MockBuildEngine gateEngine) = Task(assets, "linux-x64");
        gate.ContainerBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine";
        gate.ContainerRuntimeIdentifiers = ["linux-x64"];
        gate.ContainerPublish = true;
        gate.ContainerSelfContained = "true;;";
        gate.NativesManifest = Path.Combine(assets.Root, "obj", "crossguard-container", "crossguard.natives.json");

        Assert.False(gate.Execute());
        Assert.Equal("XG2006", Assert.Single(gateEngine.Errors).Code);
        Assert.Empty(gateEngine.Warnings);
    }

    [Fact]
    public void The_image_glibc_replaces_the_floor_no_warning_when_it_is_new_enough_XG2007_when_it_is_older()
    {
        (CheckNativeAssets jammy, MockBuildEngine jammyEngine) = Task(Zstd(), "", "2.27");
        jammy.ContainerBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy";
        jammy.ContainerRuntimeIdentifiers = ["linux-x64"];
        jammy.RuntimeIdentifier = "linux-x64";

        Assert.True(jammy.Execute());
        Assert.Empty(jammyEngine.Warnings);
        Assert.Empty(jammyEngine.Errors);

        (CheckNativeAssets focal, MockBuildEngine focalEngine) = Task(Zstd(), "");
        focal.ContainerBaseImage = "ubuntu:20.04";
        focal.ContainerRuntimeIdentifiers = ["linux-x64"];
        focal.RuntimeIdentifier = "linux-x64";

        Assert.False(focal.Execute());
        BuildErrorEventArgs error = Assert.Single(focalEngine.Errors);
        Assert.Equal("XG2007", error.Code);
        Assert.Contains("needs glibc 2.34", error.Message!, StringComparison.Ordinal);
        Assert.Contains("'ubuntu:20.04' is Ubuntu 20.04, glibc 2.31", error.Message!, StringComparison.Ordinal);
        Assert.Empty(focalEngine.Warnings);
    }

    [Fact]
    public void An_unknown_image_is_one_information_line_and_the_declared_floor_applies()
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Zstd(), "", "2.27");
        task.ContainerBaseImage = "registry.example.test/team/base:1.0";
        task.ContainerRuntimeIdentifiers = ["linux-x64", "linux-arm64"];

        Assert.True(task.Execute());
        BuildMessageEventArgs info = Assert.Single(engine.Messages, m => m.Code == "XG2009");
        Assert.Contains("linux-arm64, linux-x64 are checked against CrossGuardMinGlibc only", info.Message!, StringComparison.Ordinal);
        Assert.Equal(2, engine.Warnings.Count(w => w.Code == "XG1004"));
    }

    [Fact]
    public void Image_findings_are_configurable_by_suppression_severity_and_nowarn()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>());
        const string alpine = "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine";

        (CheckNativeAssets suppressed, MockBuildEngine e1) = Task(assets, "");
        suppressed.ContainerBaseImage = alpine;
        suppressed.ContainerRuntimeIdentifiers = ["linux-x64"];
        suppressed.RuntimeIdentifier = "linux-x64";
        suppressed.Suppressions = [new TaskItem(alpine, new Dictionary<string, string> { ["Code"] = "XG2006", ["Reason"] = "the image adds gcompat" })];
        Assert.True(suppressed.Execute());
        Assert.Empty(e1.Errors);
        Assert.Contains(e1.Messages, m => m.Message!.Contains("suppressed by CrossGuardSuppress: the image adds gcompat", StringComparison.Ordinal));

        (CheckNativeAssets lowered, MockBuildEngine e2) = Task(assets, "");
        lowered.ContainerBaseImage = alpine;
        lowered.ContainerRuntimeIdentifiers = ["linux-x64"];
        lowered.RuntimeIdentifier = "linux-x64";
        lowered.Severity = "warning";
        Assert.True(lowered.Execute());
        Assert.Equal("XG2006", Assert.Single(e2.Warnings).Code);

        (CheckNativeAssets silenced, MockBuildEngine e3) = Task(assets, "");
        silenced.ContainerBaseImage = alpine;
        silenced.ContainerRuntimeIdentifiers = ["linux-x64"];
        silenced.NoWarn = "XG2006";
        Assert.True(silenced.Execute());
        Assert.Empty(e3.Warnings);
    }

    [Fact]
    public void A_library_the_dotnet_image_does_not_carry_is_XG2008_a_warning_even_for_the_published_rid()
    {
        var assets = new AssetsBuilder().Package("SkiaSharp.NativeAssets.Linux", "3.119.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libSkiaSharp.so"] = RealBinaries.SkiaLinuxX64So,
        });
        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "", "2.27");
        task.ContainerBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled";
        task.ContainerRuntimeIdentifiers = ["linux-x64"];
        task.RuntimeIdentifier = "linux-x64";

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG2008", warning.Code);
        Assert.Contains("needs 'libfontconfig.so.1', and the base image 'mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled' (chiseled) does not carry it", warning.Message!, StringComparison.Ordinal);
        Assert.Contains("libfontconfig1", warning.Message!, StringComparison.Ordinal);

        // On an image to build on (Docker library ubuntu), what a Dockerfile installs is unknown: no XG2008.
        (CheckNativeAssets ubuntu, MockBuildEngine ubuntuEngine) = Task(assets, "", "2.27");
        ubuntu.ContainerBaseImage = "ubuntu:24.04";
        ubuntu.ContainerRuntimeIdentifiers = ["linux-x64"];
        Assert.True(ubuntu.Execute());
        Assert.DoesNotContain(ubuntuEngine.Warnings, w => w.Code == "XG2008");
    }
}
