using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>`crossguard inspect` over real packages (cached in the global packages folder by this project's restore).</summary>
public sealed class InspectTests
{
    private static JsonElement Json(CliResult result)
    {
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private static string Status(JsonElement report, string package, string rid) =>
        report.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("id").GetString() == package)
            .GetProperty("coverage").GetProperty(rid).GetProperty("status").GetString()!;

    [Fact]
    public void ZstdNet_has_no_musl_build_and_falls_back_to_glibc()
    {
        CliResult result = Tool.Run("inspect", "ZstdNet@1.5.7", "--format", "json", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement report = Json(result);
        Assert.Equal("wrong", Status(report, "ZstdNet", "linux-musl-x64"));
        Assert.Equal("wrong", report.GetProperty("summary").GetProperty("linux-musl-x64").GetString());
        Assert.Equal("native", report.GetProperty("summary").GetProperty("win-x64").GetString());
        Assert.Contains(report.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "XG1002" && d.GetProperty("rid").GetString() == "linux-musl-x64");
        Assert.Contains(report.GetProperty("alternatives").EnumerateArray(), a => a.GetProperty("alternative").GetString()!.Contains("ZstdSharp.Port"));
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void GrpcCore_lacks_osx_arm64_and_musl()
    {
        CliResult result = Tool.Run("inspect", "Grpc.Core@2.46.5", "--format", "json", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement report = Json(result);
        Assert.Equal("missing", Status(report, "Grpc.Core", "osx-arm64"));
        Assert.Equal("wrong", Status(report, "Grpc.Core", "linux-musl-x64"));
        Assert.Equal("ok", Status(report, "Grpc.Core", "linux-x64"));
        Assert.Equal("ok", Status(report, "Grpc.Core", "osx-x64"));
        Assert.Contains(report.GetProperty("packages").EnumerateArray(), p => p.GetProperty("id").GetString() == "Grpc.Core.Api" && !p.GetProperty("native").GetBoolean());
        Assert.Contains(report.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "XG1001" && d.GetProperty("rid").GetString() == "osx-arm64");
    }

    [Fact]
    public void SkiaSharp_closure_is_covered_per_OS_by_sibling_packages()
    {
        CliResult result = Tool.Run("inspect", "SkiaSharp@2.88.9", "--format", "json", "--quiet", "--rid", "osx-x64,osx-arm64,win-x64");
        JsonElement report = Json(result);
        Assert.True(result.ExitCode == 0, result.ToString());

        // The Win32 package has no osx natives by design: the macOS sibling ships the same library.
        Assert.Equal("ok", Status(report, "SkiaSharp.NativeAssets.Win32", "osx-arm64"));
        Assert.Equal("ok", Status(report, "SkiaSharp.NativeAssets.macOS", "win-x64"));
        Assert.All(new[] { "osx-x64", "osx-arm64", "win-x64" }, rid => Assert.Equal("native", report.GetProperty("summary").GetProperty(rid).GetString()));
        string path = string.Join(">", report.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "SkiaSharp.NativeAssets.macOS").GetProperty("path").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("inspect>SkiaSharp>SkiaSharp.NativeAssets.macOS", path);
    }

    [Fact]
    public void SkiaSharp_2_88_brings_no_linux_natives()
    {
        CliResult result = Tool.Run("inspect", "SkiaSharp@2.88.9", "--quiet", "--rid", "linux-x64", "--no-color");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("SkiaSharp.NativeAssets.Linux", result.Stdout);
        Assert.Contains("no native assets: linux-x64", result.Stdout);
    }

    [Fact]
    public void NewtonsoftJson_is_managed_only_and_exits_0()
    {
        CliResult result = Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--no-color");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No package carries native assets", result.Stdout);
        Assert.Contains("managed only (no native code): linux-x64, linux-arm64, linux-musl-x64, osx-x64, osx-arm64, win-x64", result.Stdout);

        // Progress goes to stderr (and --quiet removes it, see the other tests).
        Assert.Contains("Resolving Newtonsoft.Json 13.0.3 for net8.0", result.Stderr);
        Assert.Contains("0 downloaded", result.Stderr);
    }

    [Fact]
    public void Framework_selects_the_dependency_group()
    {
        // netstandard2.0 pulls System.Memory for Grpc.Core.Api; net8.0 does not need it... both resolve.
        CliResult result = Tool.Run("inspect", "Grpc.Core@2.46.5", "--framework", "netstandard2.0", "--format", "json", "--quiet", "--rid", "linux-x64");
        JsonElement report = Json(result);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("netstandard2.0", report.GetProperty("framework").GetString());
        Assert.Equal("ok", Status(report, "Grpc.Core", "linux-x64"));
    }
}

/// <summary>Downloads: an empty packages folder is filled in parallel; a second run downloads nothing.</summary>
public sealed class InspectDownloadTests
{
    [Fact]
    public void Cold_run_downloads_the_closure_and_warm_run_uses_the_cache()
    {
        string folder = Directory.CreateTempSubdirectory("cg-packages-").FullName;
        try
        {
            CliResult cold = Tool.Run("inspect", "Microsoft.Extensions.Logging@8.0.1", "--packages", folder, "--format", "json");
            Assert.True(cold.ExitCode == 0, cold.ToString());
            using (JsonDocument doc = JsonDocument.Parse(cold.Stdout))
            {
                string[] ids = doc.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToArray();
                Assert.Contains("Microsoft.Extensions.DependencyInjection.Abstractions", ids);
                Assert.Contains("Microsoft.Extensions.Options", ids);
                Assert.All(ids, id => Assert.True(Directory.Exists(Path.Combine(folder, id.ToLowerInvariant())), id + " not extracted"));
                Assert.Contains($"{ids.Length} package(s) in the closure, {ids.Length} downloaded", cold.Stderr);
            }

            Assert.Contains("downloaded Microsoft.Extensions.Logging 8.0.1", cold.Stderr);
            CliResult warm = Tool.Run("inspect", "Microsoft.Extensions.Logging@8.0.1", "--packages", folder, "--quiet");
            Assert.True(warm.ExitCode == 0, warm.ToString());
            Assert.Equal(string.Empty, warm.Stderr);
            CliResult counted = Tool.Run("inspect", "Microsoft.Extensions.Logging@8.0.1", "--packages", folder);
            Assert.Contains(", 0 downloaded,", counted.Stderr);
            Assert.DoesNotContain("  downloaded ", counted.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
