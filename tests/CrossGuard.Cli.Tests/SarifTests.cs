using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `check --format sarif` as GitHub code scanning consumes it: valid SARIF 2.1.0, results at the line of the
/// PackageReference, and partialFingerprints that keep an alert the same alert across runs and unrelated edits.
/// Own project (not FormatTests'), because these tests edit it.
/// </summary>
public sealed class SarifTests : IClassFixture<SampleProject>
{
    private readonly SampleProject _project;

    public SarifTests(SampleProject project)
    {
        _project = project;
        Environment.SetEnvironmentVariable("CrossGuardInspectionCacheDirectory", project.InspectionCacheDirectory);
    }

    [Fact]
    public void Results_point_at_the_PackageReference_line_and_keep_their_fingerprints_across_unrelated_edits()
    {
        string original = File.ReadAllText(_project.ProjectPath);
        string program = Path.Combine(_project.Directory, "Program.cs");
        string originalProgram = File.ReadAllText(program);
        try
        {
            List<Alert> first = Check();
            int zstdLine = LineOf(_project.ProjectPath, "\"ZstdNet\"");
            Assert.NotEmpty(first);
            Assert.All(first, a => Assert.Equal(("ZstdNet", "Sample.csproj", zstdLine), (a.Package, a.Uri, a.StartLine)));
            Assert.Contains(first, a => a.RuleId == "XG1002" && a.Rid == "linux-musl-x64");
            Assert.Equal(first.Count, first.Select(a => a.Fingerprint).Distinct().Count());

            // Unrelated edits: a comment above everything in the project file (every line moves down) and code.
            File.WriteAllText(_project.ProjectPath, "<!-- an unrelated line -->\n" + original);
            File.AppendAllText(program, "System.Console.WriteLine(2);\n");
            List<Alert> second = Check();

            Assert.Equal(zstdLine + 1, LineOf(_project.ProjectPath, "\"ZstdNet\""));
            Assert.All(second, a => Assert.Equal(zstdLine + 1, a.StartLine));
            Assert.Equal(first.Select(a => (a.RuleId, a.Rid, a.Fingerprint)), second.Select(a => (a.RuleId, a.Rid, a.Fingerprint)));
        }
        finally
        {
            File.WriteAllText(_project.ProjectPath, original);
            File.WriteAllText(program, originalProgram);
        }
    }

    [Fact]
    public void Fingerprints_depend_on_the_project_path_not_on_where_the_project_lives()
    {
        // Two checkouts of one repository (CI runners put it anywhere): same fingerprints, different absolute paths.
        using var copy = new SampleProject();
        Environment.SetEnvironmentVariable("CrossGuardInspectionCacheDirectory", _project.InspectionCacheDirectory);
        List<Alert> here = Check(_project.ProjectPath);
        List<Alert> there = Check(copy.ProjectPath);

        Assert.NotEqual(_project.Directory, copy.Directory);
        Assert.Equal(here.Select(a => (a.RuleId, a.Rid, a.Fingerprint)), there.Select(a => (a.RuleId, a.Rid, a.Fingerprint)));
    }

    private sealed record Alert(string RuleId, string Rid, string Package, string Fingerprint, string Uri, int StartLine);

    private List<Alert> Check(string? project = null)
    {
        CliResult result = Tool.Run("check", project ?? _project.ProjectPath, "--format", "sarif", "--quiet");
        Assert.True(result.ExitCode == 1, result.ToString());
        List<string> errors = SarifValidator.Validate(result.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + result.Stdout);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r =>
        {
            JsonElement physical = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            return new Alert(
                r.GetProperty("ruleId").GetString()!,
                r.GetProperty("properties").GetProperty("rid").GetString()!,
                r.GetProperty("properties").GetProperty("package").GetString()!,
                r.GetProperty("partialFingerprints").GetProperty("crossguardFinding/v1").GetString()!,
                physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                physical.GetProperty("region").GetProperty("startLine").GetInt32());
        }).ToList();
    }

    private static int LineOf(string path, string text) => Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text, StringComparison.Ordinal)) + 1;
}
