using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;
using Json.Schema;

namespace CrossGuard.Cli.Tests;

/// <summary>JSON (against docs/cli/check.schema.json), SARIF 2.1.0 and markdown, for check and inspect.</summary>
public sealed class FormatTests : IClassFixture<SampleProject>
{
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "check.schema.json")));
    private readonly SampleProject _project;

    public FormatTests(SampleProject project)
    {
        _project = project;
        Environment.SetEnvironmentVariable("CrossGuardInspectionCacheDirectory", project.InspectionCacheDirectory);
    }

    private static void AssertValidAgainstSchema(string json)
    {
        EvaluationResults results = s_schema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? new List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))) + "\n" + json);
    }

    [Fact]
    public void Schema_rejects_a_document_without_diagnostics()
    {
        EvaluationResults results = s_schema.Value.Evaluate(JsonDocument.Parse("""{"command":"check","rids":["linux-x64"],"summary":{},"packages":[],"alternatives":[]}""").RootElement);
        Assert.False(results.IsValid);
    }

    [Theory]
    [InlineData("ZstdNet@1.5.7")]
    [InlineData("Grpc.Core@2.46.5")]
    [InlineData("Newtonsoft.Json@13.0.3")]
    public void Inspect_json_validates_against_the_schema(string package)
    {
        CliResult result = Tool.Run("inspect", package, "--format", "json", "--quiet");
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        AssertValidAgainstSchema(result.Stdout);
    }

    [Fact]
    public void Check_json_validates_against_the_schema()
    {
        CliResult result = Tool.Run("check", _project.ProjectPath, "--format", "json", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        AssertValidAgainstSchema(result.Stdout);

        // The headers read are kept in the machine's inspection cache; a run answered from it says the same.
        Assert.NotEmpty(Directory.EnumerateFiles(_project.InspectionCacheDirectory, "*.txt", SearchOption.AllDirectories));
        CliResult again = Tool.Run("check", _project.ProjectPath, "--format", "json", "--quiet");
        Assert.Equal(result.Stdout, again.Stdout);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("check", doc.RootElement.GetProperty("command").GetString());
        Assert.Equal(new[] { "linux-x64", "linux-musl-x64", "win-x64" }, doc.RootElement.GetProperty("rids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Inspect_sarif_is_valid_and_uses_a_logical_package_location()
    {
        CliResult result = Tool.Run("inspect", "Grpc.Core@2.46.5", "--format", "sarif", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(SarifValidator.Validate(result.Stdout));
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("crossguard", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        AssertRulesLinkToDocs(run);
        JsonElement xg1001 = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "XG1001");
        Assert.Equal("error", xg1001.GetProperty("level").GetString());
        JsonElement location = xg1001.GetProperty("locations")[0];
        Assert.False(location.TryGetProperty("physicalLocation", out _));
        Assert.Equal("Grpc.Core", location.GetProperty("logicalLocations")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Check_sarif_is_valid_and_points_at_the_project_file()
    {
        CliResult result = Tool.Run("check", _project.ProjectPath, "--format", "sarif", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(SarifValidator.Validate(result.Stdout));
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement run = doc.RootElement.GetProperty("runs")[0];
        AssertRulesLinkToDocs(run);
        JsonElement xg1002 = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "XG1002");
        JsonElement physical = xg1002.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("Sample.csproj", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(new Uri(_project.Directory + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
    }

    [Fact]
    public void Sarif_validator_catches_broken_logs()
    {
        Assert.NotEmpty(SarifValidator.Validate("""{"version":"2.0.0","runs":[]}"""));
        Assert.NotEmpty(SarifValidator.Validate("""{"version":"2.1.0","$schema":"https://x/sarif-schema-2.1.0.json","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"A"}]}},"results":[{"ruleId":"B","level":"fatal","message":{"text":"m"}}]}]}"""));
        // Code scanning's needs: a relative URI without a base id, line 0, a fingerprint that is not a string.
        const string good = """{"version":"2.1.0","$schema":"https://x/sarif-schema-2.1.0.json","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"A"}]}},"originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///src/"}},"results":[{"ruleId":"A","ruleIndex":0,"message":{"text":"m"},"partialFingerprints":{"k/v1":"f"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a/b.csproj","uriBaseId":"%SRCROOT%"},"region":{"startLine":3}}}]}]}]}""";
        Assert.Empty(SarifValidator.Validate(good));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace(""","uriBaseId":"%SRCROOT%"}""", "}")));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace("\"uriBaseId\":\"%SRCROOT%\"", "\"uriBaseId\":\"%OTHER%\"")));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace("\"startLine\":3", "\"startLine\":0")));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace("\"k/v1\":\"f\"", "\"k/v1\":7")));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace("\"ruleIndex\":0", "\"ruleIndex\":1")));
        Assert.NotEmpty(SarifValidator.Validate(good.Replace("file:///src/", "file:///src")));
    }

    [Fact]
    public void Inspect_markdown_has_the_matrix_and_the_summary()
    {
        CliResult result = Tool.Run("inspect", "ZstdNet@1.5.7", "--format", "markdown", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        string[] lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("### CrossGuard: ZstdNet 1.5.7 (net8.0)", lines[0]);
        Assert.Contains("| package | linux-x64 | linux-arm64 | linux-musl-x64 | osx-x64 | osx-arm64 | win-x64 |", lines);
        Assert.Contains(lines, l => l.StartsWith("| `ZstdNet` 1.5.7 |") && l.Contains("❌ wrong"));
        Assert.Contains(lines, l => l.StartsWith("- **XG1002** (error):"));
        Assert.Contains("- falls back wrongly / wrong binary: `linux-musl-x64`", lines);
        Assert.Contains(lines, l => l.StartsWith("- `ZstdNet`: managed alternative: ZstdSharp.Port"));
    }

    [Fact]
    public void Check_markdown_has_the_matrix()
    {
        CliResult result = Tool.Run("check", _project.ProjectPath, "--format", "markdown", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("### CrossGuard: Sample.csproj", result.Stdout);
        Assert.Contains("| package | linux-x64 | linux-musl-x64 | win-x64 |", result.Stdout);
        Assert.Contains("| `ZstdNet` 1.5.7 |", result.Stdout);
        Assert.DoesNotContain("Newtonsoft", result.Stdout);
    }

    [Fact]
    public void Check_table_and_rid_override()
    {
        CliResult result = Tool.Run("check", _project.ProjectPath, "--rid", "win-x64", "--quiet", "--no-color");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ZstdNet 1.5.7", result.Stdout);
        Assert.DoesNotContain("\u001b[", result.Stdout);
    }

    [Fact]
    public void Check_with_an_unknown_rid_is_an_input_error()
    {
        Tool.AssertOneCodedLine(Tool.Run("check", _project.ProjectPath, "--rid", "linux-foo", "--quiet"), "XG9002", 3);
    }

    private static void AssertRulesLinkToDocs(JsonElement run)
    {
        foreach (JsonElement rule in run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            string id = rule.GetProperty("id").GetString()!;
            Assert.Equal("https://github.com/crossguard/crossguard/blob/main/docs/rules/" + id + ".md", rule.GetProperty("helpUri").GetString());
            Assert.True(File.Exists(Path.Combine(Tool.RepoRoot, "docs", "rules", id + ".md")), id + " has no docs page");
        }
    }
}
