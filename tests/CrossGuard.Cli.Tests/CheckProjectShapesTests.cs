using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `crossguard check` over the project shapes of issue 14 items 7-8 and issue 21 item 6: a project without RIDs, a
/// solution where one project cannot be checked, a multi-targeted project. Real projects, restored with the SDK.
/// </summary>
public sealed class CheckProjectShapesTests
{
    private const string Zstd = """<PackageReference Include="ZstdNet" Version="1.5.7" />""";

    private static JsonElement Json(CliResult result)
    {
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Diagnostics(JsonElement report) => report.GetProperty("diagnostics").EnumerateArray();

    [Fact]
    public void Project_without_rids_is_checked_for_the_common_rids_at_information_level_and_says_once_how_to_declare_them()
    {
        using var folder = new TempProjects("norid");
        string lib = folder.Project("Lib", string.Empty, Zstd);
        folder.Dotnet("restore", lib);

        CliResult result = Tool.Run("check", lib, "--format", "json", "--quiet");

        // Used to be XG9014 (exit 3) here while the build logged "checked 0 RIDs".
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement report = Json(result);
        Assert.Equal(
            ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64", "win-x64", "osx-x64", "win-arm64", "win-x86"],
            report.GetProperty("rids").EnumerateArray().Select(r => r.GetString()));
        JsonElement note = Assert.Single(Diagnostics(report), d => d.GetProperty("code").GetString() == "XG1011");
        Assert.Contains("declares no RuntimeIdentifiers", note.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("<CrossGuardRuntimeIdentifiers>", note.GetProperty("message").GetString(), StringComparison.Ordinal);

        // ZstdNet's glibc-only Linux build is still found for musl, but never as a warning or an error.
        Assert.Contains(Diagnostics(report), d => d.GetProperty("code").GetString() == "XG1002");
        Assert.All(Diagnostics(report), d => Assert.Equal("info", d.GetProperty("severity").GetString()));
        Assert.Equal("wrong", report.GetProperty("summary").GetProperty("linux-musl-x64").GetString());
    }

    [Theory]
    [InlineData("slnx")]
    [InlineData("sln")]
    public void Solution_check_reports_every_project_it_can_names_the_others_and_exits_by_the_worst(string format)
    {
        using var folder = new TempProjects("sln");
        string app = folder.Project("App", "<RuntimeIdentifiers>linux-x64;linux-musl-x64</RuntimeIdentifiers>", Zstd);
        string lib = folder.Project("Lib", string.Empty, Zstd);
        folder.Dotnet("new", "sln", "-n", "all", "--format", format);
        string solution = Path.Combine(folder.Directory, "all." + format);
        folder.Dotnet("sln", solution, "add", app, lib);
        folder.Dotnet("restore", solution);

        // Alone: the app's musl fallback is an error (exit 1), the RID-less library only information.
        CliResult both = Tool.Run("check", solution, "--format", "json", "--quiet");
        Assert.True(both.ExitCode == 1, both.ToString());
        JsonElement[] reports = Json(both).EnumerateArray().ToArray();
        Assert.Equal(2, reports.Length);
        Assert.Contains(Diagnostics(reports.Single(r => r.GetProperty("project").GetString() == app)), d => d.GetProperty("code").GetString() == "XG1002" && d.GetProperty("severity").GetString() == "error");
        Assert.All(Diagnostics(reports.Single(r => r.GetProperty("project").GetString() == lib)), d => Assert.Equal("info", d.GetProperty("severity").GetString()));

        // A third project MSBuild cannot evaluate: named on stderr, the other two still reported, exit 3 (input error).
        // (dotnet sln add refuses a broken project file: it is broken after it was added, as an edit in progress would be.)
        string broken = folder.Project("Broken", string.Empty);
        folder.Dotnet("sln", solution, "add", broken);
        File.WriteAllText(broken, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        CliResult result = Tool.Run("check", solution, "--quiet", "--no-color");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(app + " (net10.0; linux-x64, linux-musl-x64)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(lib + " (net10.0; linux-x64, linux-arm64, linux-musl-x64", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("info XG1011: 'Lib' declares no RuntimeIdentifiers", result.Stdout, StringComparison.Ordinal);
        string[] stderr = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("XG", StringComparison.Ordinal)).ToArray();
        string line = Assert.Single(stderr);
        Assert.StartsWith("XG9011: '" + broken + "' could not be evaluated", line, StringComparison.Ordinal);
        Assert.Contains("that project was not checked", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_targeted_project_is_checked_for_every_framework_and_names_it_in_every_format()
    {
        using var folder = new TempProjects("tfms");
        string app = folder.Project("Multi", "<CrossGuardRuntimeIdentifiers>linux-x64;linux-musl-x64</CrossGuardRuntimeIdentifiers>", Zstd, "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>");
        folder.Dotnet("restore", app);

        CliResult json = Tool.Run("check", app, "--format", "json", "--quiet");
        Assert.True(json.ExitCode == 1, json.ToString());
        JsonElement[] reports = Json(json).EnumerateArray().ToArray();
        Assert.Equal(["net8.0", "net10.0"], reports.Select(r => r.GetProperty("framework").GetString()));

        // The glibc floor is the framework's own: 2.23 for net8.0, 2.27 for net10.0 (ZstdNet's libzstd.so needs 2.34).
        Assert.Contains(Diagnostics(reports[0]), d => d.GetProperty("code").GetString() == "XG1004" && d.GetProperty("message").GetString()!.Contains("CrossGuardMinGlibc is 2.23", StringComparison.Ordinal));
        Assert.Contains(Diagnostics(reports[1]), d => d.GetProperty("code").GetString() == "XG1004" && d.GetProperty("message").GetString()!.Contains("CrossGuardMinGlibc is 2.27", StringComparison.Ordinal));

        CliResult table = Tool.Run("check", app, "--quiet", "--no-color");
        Assert.Contains(app + " (net8.0; linux-x64, linux-musl-x64)", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(app + " (net10.0; linux-x64, linux-musl-x64)", table.Stdout, StringComparison.Ordinal);

        CliResult markdown = Tool.Run("check", app, "--format", "markdown", "--quiet");
        Assert.Contains("### CrossGuard: Multi.csproj (net8.0)", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("### CrossGuard: Multi.csproj (net10.0)", markdown.Stdout, StringComparison.Ordinal);

        CliResult sarif = Tool.Run("check", app, "--format", "sarif", "--quiet");
        Assert.Empty(SarifValidator.Validate(sarif.Stdout));
        using JsonDocument log = JsonDocument.Parse(sarif.Stdout);
        string[] frameworks = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("properties").GetProperty("framework").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["net10.0", "net8.0"], frameworks);

        CliResult one = Tool.Run("check", app, "--framework", "net8.0", "--format", "json", "--quiet");
        Assert.Equal("net8.0", Json(one).GetProperty("framework").GetString());

        Tool.AssertOneCodedLine(Tool.Run("check", app, "--framework", "net6.0", "--quiet"), "XG9015", 3);
    }
}
