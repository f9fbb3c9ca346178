using System.Diagnostics;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>Every expected failure: one coded line on stderr, a documented exit code, no stack trace, no hang.</summary>
public sealed class ErrorTests
{
    private const int InputError = 3;
    private const int FeedError = 4;

    [Fact]
    public void Unknown_package_on_the_configured_feed()
    {
        string id = "CrossGuard.NoSuch." + Guid.NewGuid().ToString("N");
        CliResult result = Tool.Run("inspect", id, "--quiet");
        Tool.AssertOneCodedLine(result, "XG9103", FeedError);
        Assert.Contains(id, result.Stderr);
    }

    [Fact]
    public void Unknown_package_with_a_version_is_still_an_unknown_package()
    {
        CliResult result = Tool.Run("inspect", "CrossGuard.NoSuch." + Guid.NewGuid().ToString("N") + "@1.0.0", "--quiet");
        Tool.AssertOneCodedLine(result, "XG9103", FeedError);
    }

    [Fact]
    public void Unknown_version_on_the_configured_feed()
    {
        CliResult result = Tool.Run("inspect", "Newtonsoft.Json@0.0.1-nope", "--quiet");
        Tool.AssertOneCodedLine(result, "XG9104", FeedError);
    }

    [Theory]
    [InlineData("Newtonsoft.Json@1.2.x")]
    [InlineData("Newtonsoft.Json@")]
    [InlineData("Newtonsoft.Json@latest")]
    public void Bad_version_string(string package)
    {
        CliResult result = Tool.Run("inspect", package, "--quiet");
        Tool.AssertOneCodedLine(result, "XG9105", InputError);
    }

    [Fact]
    public void Bad_package_id()
    {
        Tool.AssertOneCodedLine(Tool.Run("inspect", "not a/package", "--quiet"), "XG9107", InputError);
    }

    [Fact]
    public void Bad_rid_fails_before_any_feed_call()
    {
        CliResult result = Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--rid", "linux-x64,linux-foo", "--source", "http://127.0.0.1:9/");
        Tool.AssertOneCodedLine(result, "XG9002", InputError);
        Assert.Contains("linux-foo", result.Stderr);
    }

    [Fact]
    public void Bad_framework()
    {
        Tool.AssertOneCodedLine(Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--framework", "netfoo"), "XG9106", InputError);
    }

    [Fact]
    public void Empty_local_folder_source_does_not_have_the_package()
    {
        string folder = Directory.CreateTempSubdirectory("cg-empty-feed-").FullName;
        try
        {
            CliResult result = Tool.Run("inspect", "CrossGuard.NoSuch." + Guid.NewGuid().ToString("N"), "--source", folder, "--quiet");
            Tool.AssertOneCodedLine(result, "XG9103", FeedError);
            Assert.Contains(folder, result.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Unreachable_source_fails_fast()
    {
        var clock = Stopwatch.StartNew();
        CliResult result = Tool.Run("inspect", "CrossGuard.NoSuch." + Guid.NewGuid().ToString("N"), "--source", "http://127.0.0.1:9/", "--timeout", "5", "--quiet");
        Tool.AssertOneCodedLine(result, "XG9102", FeedError);
        Assert.Contains("127.0.0.1:9", result.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        CliResult result = Tool.Run("inspect", "Newtonsoft.Json", "--frobnicate");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Check_of_a_missing_path_is_an_input_error()
    {
        CliResult result = Tool.Run("check", Path.Combine(Path.GetTempPath(), "cg-missing-" + Guid.NewGuid().ToString("N")));
        Tool.AssertOneCodedLine(result, "XG9010", InputError);
    }
}
