using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks.Tests;

/// <summary>XG1012 through the CheckNativeAssets task: System.Drawing.Common 5.0.2's real assemblies in a synthesized restore.</summary>
public sealed class GivenDependencyImportsTests
{
    private const string Unix = "runtimes/unix/lib/netcoreapp3.0/System.Drawing.Common.dll";
    private const string Windows = "runtimes/win/lib/netcoreapp3.0/System.Drawing.Common.dll";

    private static AssetsBuilder Drawing() => new AssetsBuilder().Package("System.Drawing.Common", "5.0.2", new Dictionary<string, string>
    {
        ["lib/netcoreapp3.0/System.Drawing.Common.dll"] = RealBinaries.DrawingCommon5("lib/netcoreapp3.0/System.Drawing.Common.dll"),
        [Unix] = RealBinaries.DrawingCommon5(Unix),
        [Windows] = RealBinaries.DrawingCommon5(Windows),
    });

    private static (CheckNativeAssets Task, MockBuildEngine Engine) Task(AssetsBuilder assets, string currentRid = "", string allowNative = "true")
    {
        var engine = new MockBuildEngine();
        CheckNativeAssets task = CheckNativeAssetsTasks.Create(assets, engine, ["linux-x64", "osx-arm64", "win-x64"], Path.Combine(assets.Root, "inspections"));
        task.RuntimeIdentifier = currentRid;
        task.AllowNative = allowNative;
        return (task, engine);
    }

    [Fact]
    public void Libgdiplus_is_a_warning_for_linux_and_macos_even_when_publishing_for_linux()
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Drawing(), currentRid: "linux-x64");
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Empty(engine.Errors);
        BuildWarningEventArgs gdiplus = Assert.Single(engine.Warnings, w => w.Message!.Contains("into 'libgdiplus'", StringComparison.Ordinal));
        Assert.Equal("XG1012", gdiplus.Code);
        Assert.Contains("on linux-x64, osx-arm64,", gdiplus.Message, StringComparison.Ordinal);
        Assert.All(engine.Warnings, w => Assert.Equal("XG1012", w.Code));
        Assert.DoesNotContain(engine.Warnings, w => w.Message!.Contains("win-x64", StringComparison.Ordinal));

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(task.NativesManifest));
        Assert.Contains("libgdiplus", manifest.RootElement.GetProperty("rids").GetProperty("osx-arm64").GetProperty("imports").EnumerateArray().Select(e => e.GetString()));

        // The second build replays the same lines without reading anything.
        (CheckNativeAssets again, MockBuildEngine againEngine) = Task(Drawing(), currentRid: "linux-x64");
        again.ProjectAssetsFile = task.ProjectAssetsFile;
        again.ProjectDirectory = task.ProjectDirectory;
        again.ProjectPath = task.ProjectPath;
        again.NativesManifest = task.NativesManifest;
        Assert.True(again.Execute());
        Assert.Equal(engine.Warnings.Select(w => w.Message), againEngine.Warnings.Select(w => w.Message));
    }

    [Fact]
    public void Without_native_code_allowed_it_is_an_error_and_a_suppression_with_a_reason_accepts_it()
    {
        AssetsBuilder assets = Drawing();
        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, allowNative: "false");
        Assert.False(task.Execute());
        Assert.Contains(engine.Errors, e => e.Code == "XG1012" && e.Message!.Contains("CrossGuardAllowNative is false", StringComparison.Ordinal));

        (CheckNativeAssets suppressed, MockBuildEngine suppressedEngine) = Task(assets, allowNative: "false");
        suppressed.Suppressions = [new TaskItem("System.Drawing.Common", new Dictionary<string, string> { ["Code"] = "XG1012", ["Reason"] = "server renders with libgdiplus installed" })];
        Assert.True(suppressed.Execute(), string.Join("\n", suppressedEngine.Errors.Select(e => e.Message)));
        Assert.Contains(suppressedEngine.Messages, m => (m.Code == "XG1012" || m.Message!.Contains("XG1012", StringComparison.Ordinal)) && m.Message!.Contains("server renders with libgdiplus installed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_libgdiplus_the_project_ships_itself_satisfies_the_import_for_linux()
    {
        (CheckNativeAssets task, MockBuildEngine engine) = Task(Drawing());
        task.ProjectNativeFiles = [new TaskItem("native/libgdiplus.so", new Dictionary<string, string> { ["TargetPath"] = "runtimes/linux-x64/native/libgdiplus.so" })];
        Assert.True(task.Execute());
        BuildWarningEventArgs gdiplus = Assert.Single(engine.Warnings, w => w.Message!.Contains("into 'libgdiplus'", StringComparison.Ordinal));
        Assert.Contains("on osx-arm64,", gdiplus.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("linux-x64", gdiplus.Message, StringComparison.Ordinal);
    }
}
