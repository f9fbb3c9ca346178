using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests.FieldTests;

/// <summary>
/// The field test (issue 21 item 8): real apps' package sets and release RIDs (apps/&lt;app&gt;/, facts in FACTS.md), run
/// as a user would: `dotnet build`, `crossguard check --format json` and `dotnet publish -r &lt;rid&gt;` for every RID the
/// app ships. Every finding is keyed (code, package, RID) and must equal the reviewed set in apps/&lt;app&gt;/expected.json,
/// where each one carries its verdict (true / false / debatable) and its evidence; a new finding or a vanished one fails
/// with the difference. CI runs the apps marked "ci" (a few minutes); CROSSGUARD_FIELD_FULL=1 runs all of them.
/// </summary>
public sealed partial class FieldTests(PackageFixture fixture)
{
    private const string FullSwitch = "CROSSGUARD_FIELD_FULL";

    /// <summary>RIDs whose app host pack the machine's feed does not serve: published without an app host, not single-file.</summary>
    private static readonly HashSet<string> NoAppHostRids = new(StringComparer.Ordinal) { "win-arm64", "linux-musl-arm64", "linux-arm" };

    private static readonly object ToolLock = new();

    private static string AppsRoot => Path.Combine(RepoPaths.Root, "tests", "CrossGuard.IntegrationTests", "FieldTests", "apps");

    public static TheoryData<string> Apps()
    {
        var data = new TheoryData<string>();
        foreach (string app in Directory.GetDirectories(AppsRoot).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal))
        {
            data.Add(app!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Findings_on_a_real_app_equal_the_reviewed_set(string app)
    {
        string review = Path.Combine(AppsRoot, app, "expected.json");
        if (!File.Exists(review))
        {
            Assert.Skip($"{app}: its findings are not reviewed yet (no expected.json; see docs/field-test.md).");
        }

        Expected expected = Expected.Load(review);
        bool full = Environment.GetEnvironmentVariable(FullSwitch) == "1";
        if (!full && !expected.Ci)
        {
            Assert.Skip($"{app} runs with {FullSwitch}=1 (CI runs the sample: {string.Join(", ", ExpectedApps().Where(e => e.Value.Ci).Select(e => e.Key))}).");
        }

        IReadOnlyList<string> rids = full ? expected.PublishRids : expected.CiRids ?? expected.PublishRids;
        SampleProject project = fixture.CreateProject(app);
        foreach (string file in Directory.GetFiles(Path.Combine(AppsRoot, app)).Where(f => Path.GetFileName(f) != "expected.json"))
        {
            project.WithFile(Path.GetFileName(file), File.ReadAllText(file));
        }

        project.WithFile("Directory.Build.props", $"<Project><PropertyGroup><CrossGuardVersion>{fixture.Version}</CrossGuardVersion></PropertyGroup></Project>");

        var seen = new Dictionary<string, Seen>(StringComparer.Ordinal);
        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, $"{app}: dotnet build failed:\n{build}");
        foreach (Seen finding in LogFindings(build.Output, rid: null).Where(f => f.Code.StartsWith("XG0", StringComparison.Ordinal)))
        {
            Add(seen, finding);
        }

        CommandResult check = project.Dotnet(ToolDll(), "check", project.ProjectPath, "--format", "json", "--quiet");
        Assert.True(check.ExitCode is 0 or 1, $"{app}: crossguard check failed:\n{check}");
        // The check covers every RID the app ships (its CrossGuardRuntimeIdentifiers), in CI too: one run.
        foreach (Seen finding in CheckFindings(check.Output))
        {
            Add(seen, finding);
        }

        var publishFailed = new List<string>();
        foreach (string rid in rids)
        {
            var args = new List<string>();
            if (NoAppHostRids.Contains(rid))
            {
                args.AddRange(["-p:UseAppHost=false", "-p:PublishSingleFile=false"]);
            }
            else if (!File.ReadAllText(project.ProjectPath).Contains("<PublishSingleFile>true", StringComparison.Ordinal))
            {
                args.Add("-p:UseAppHost=false");
            }

            CommandResult publish = project.Publish(rid, [.. args]);
            if (publish.ExitCode != 0)
            {
                publishFailed.Add(rid);
                Assert.True(expected.PublishFails.Contains(rid), $"{app}: dotnet publish -r {rid} failed, and the review expects it to succeed:\n{publish}");
            }

            // The publish audit and the AOT preflight; the dependency check's findings come from `crossguard check` above
            // (same engine), and a publish it fails is asserted through PublishFails.
            foreach (Seen finding in LogFindings(publish.Output, rid).Where(f => f.Code[2] is '2' or '3'))
            {
                Add(seen, finding);
            }
        }

        Assert.Equal(expected.PublishFails.Where(rids.Contains).Order(StringComparer.Ordinal), publishFailed.Order(StringComparer.Ordinal));

        Dictionary<string, Finding> reviewed = expected.Findings.Where(f => f.Rid == "*" || f.Code[2] == '1' || rids.Contains(f.Rid)).ToDictionary(f => f.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach ((string key, Seen finding) in seen.Where(s => !reviewed.ContainsKey(s.Key)))
        {
            problems.Add($"new finding {key} ({finding.Level}), not reviewed in expected.json: {finding.Message}");
        }

        foreach ((string key, Finding finding) in reviewed)
        {
            if (!seen.TryGetValue(key, out Seen? actual))
            {
                problems.Add($"vanished finding {key} ({finding.Level}, reviewed as {finding.Verdict}): {finding.Evidence}");
            }
            else if (actual.Level != finding.Level)
            {
                problems.Add($"finding {key} is {actual.Level}, reviewed as {finding.Level} ({finding.Verdict}): {actual.Message}");
            }
        }

        Assert.True(problems.Count == 0, $"{app}: the findings differ from the reviewed set (update expected.json only after reviewing each against evidence):\n" + string.Join("\n", problems));
        // The review's targets: no false error, no false analyzer warning.
        Assert.DoesNotContain(reviewed.Values, f => f.Verdict == "false" && (f.Level == "error" || (f.Level == "warning" && f.Code.StartsWith("XG0", StringComparison.Ordinal))));
    }

    [Fact]
    public void Every_reviewed_finding_has_a_verdict_and_evidence()
    {
        foreach ((string app, Expected expected) in ExpectedApps())
        {
            Assert.NotEmpty(expected.PublishRids);
            Assert.Empty(expected.PublishRids.Except(expected.AppRids, StringComparer.Ordinal));
            string project = File.ReadAllText(Path.Combine(AppsRoot, app, app + ".csproj"));
            Assert.Contains($"<CrossGuardRuntimeIdentifiers>{string.Join(';', expected.AppRids)}</CrossGuardRuntimeIdentifiers>", project, StringComparison.Ordinal);
            foreach (Finding finding in expected.Findings)
            {
                Assert.True(finding.Verdict is "true" or "false" or "debatable", $"{app} {finding.Key}: verdict '{finding.Verdict}'");
                Assert.True(finding.Level is "error" or "warning" or "info", $"{app} {finding.Key}: level '{finding.Level}'");
                Assert.True(finding.Evidence.Length >= 40, $"{app} {finding.Key}: evidence too short");
                Assert.True(finding.Rid == "*" || expected.AppRids.Contains(finding.Rid), $"{app} {finding.Key}: RID not shipped by the app");
            }

            Assert.Equal(expected.Findings.Count, expected.Findings.Select(f => f.Key).Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static Dictionary<string, Expected> ExpectedApps() =>
        Directory.GetDirectories(AppsRoot).Where(d => File.Exists(Path.Combine(d, "expected.json"))).ToDictionary(d => Path.GetFileName(d), d => Expected.Load(Path.Combine(d, "expected.json")), StringComparer.Ordinal);

    private static void Add(Dictionary<string, Seen> seen, Seen finding)
    {
        if (!seen.TryGetValue(finding.Key, out Seen? existing) || Rank(finding.Level) > Rank(existing.Level))
        {
            seen[finding.Key] = finding;
        }
    }

    private static int Rank(string level) => level switch { "error" => 2, "warning" => 1, _ => 0 };

    /// <summary>The tool as packed for this run (tools/net8.0/any/crossguard.dll of CrossGuard.Tool), extracted once.</summary>
    private string ToolDll()
    {
        string folder = Path.Combine(fixture.RunDirectory, "tool");
        lock (ToolLock)
        {
            if (!Directory.Exists(folder))
            {
                ZipFile.ExtractToDirectory(fixture.ToolPackagePath, folder);
            }
        }

        return Directory.GetFiles(folder, "crossguard.dll", SearchOption.AllDirectories).Single();
    }

    /// <summary>The dependency findings of `crossguard check --format json`: one per (code, package, RID), every RID of a multi-RID one.</summary>
    private static IEnumerable<Seen> CheckFindings(string output)
    {
        int start = output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, "no JSON in the check output:\n" + output);
        using JsonDocument document = JsonDocument.Parse(output[start..]);
        var findings = new List<Seen>();
        foreach (JsonElement diagnostic in document.RootElement.GetProperty("diagnostics").EnumerateArray())
        {
            string code = diagnostic.GetProperty("code").GetString()!;
            string level = diagnostic.GetProperty("severity").GetString()!;
            string package = diagnostic.GetProperty("package").GetString()?.ToLowerInvariant() ?? "(project)";
            string message = diagnostic.GetProperty("message").GetString()!;
            IEnumerable<string> rids = diagnostic.TryGetProperty("rids", out JsonElement list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? list.EnumerateArray().Select(r => r.GetString()!)
                : [diagnostic.GetProperty("rid").GetString() ?? "*"];
            findings.AddRange(rids.Select(rid => new Seen(code, package, rid, level == "information" ? "info" : level, message)));
        }

        return findings;
    }

    /// <summary>Findings in a build or publish log ("warning XG2004: ...", "error XG2001: ...", "message XG2005: ..." or a bare "XG2005: ...").</summary>
    private static IEnumerable<Seen> LogFindings(string output, string? rid)
    {
        foreach (Match match in LogLine().Matches(output))
        {
            string message = match.Groups["message"].Value.Trim();
            string level = match.Groups["level"].Value switch { "error" => "error", "warning" => "warning", _ => "info" };
            yield return new Seen(match.Groups["code"].Value, Subject(message), rid ?? "*", level, message);
        }
    }

    /// <summary>The package a message is about (lower case), "(project)" for the project's own files and code, else the first quoted name.</summary>
    private static string Subject(string message)
    {
        // A P/Invoke finding names the library too: one package may load several.
        string library = LoadsLibrary().Match(message) is { Success: true } loads ? ":" + loads.Groups[1].Value : string.Empty;
        Match package = PackageName().Match(message);
        if (package.Success)
        {
            return package.Groups[1].Value.ToLowerInvariant() + library;
        }

        if (message.StartsWith("The project", StringComparison.Ordinal) || message.Contains("(the project)", StringComparison.Ordinal) || message.Contains("It came from the project", StringComparison.Ordinal))
        {
            return "(project)" + library;
        }

        Match quoted = Quoted().Match(message);
        return quoted.Success ? quoted.Groups[1].Value : "(none)";
    }

    [GeneratedRegex(@"(?:^|\s)(?:(?<level>warning|error|message) )?(?<code>XG\d{4}): (?<message>[^\r\n]*?)(?: \[[^\]\r\n]*\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex LogLine();

    [GeneratedRegex(@"[Pp]ackage '([^']+)'")]
    private static partial Regex PackageName();

    [GeneratedRegex(@" loads '([^']+)'")]
    private static partial Regex LoadsLibrary();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();

    private sealed record Seen(string Code, string Package, string Rid, string Level, string Message)
    {
        public string Key => $"{Code}|{Package}|{Rid}";
    }

    private sealed record Finding(string Code, string Package, string Rid, string Level, string Verdict, string Evidence)
    {
        public string Key => $"{Code}|{Package}|{Rid}";
    }

    /// <summary>apps/&lt;app&gt;/expected.json: the app's RIDs, the RIDs whose publish was reviewed, the CI sample, the publishes that must fail, the reviewed findings.</summary>
    private sealed record Expected(bool Ci, IReadOnlyList<string> AppRids, IReadOnlyList<string> PublishRids, IReadOnlyList<string>? CiRids, IReadOnlyList<string> PublishFails, IReadOnlyList<Finding> Findings)
    {
        private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

        public static Expected Load(string path) =>
            JsonSerializer.Deserialize<Expected>(File.ReadAllText(path), Options) ?? throw new InvalidOperationException(path + " is empty");
    }
}
