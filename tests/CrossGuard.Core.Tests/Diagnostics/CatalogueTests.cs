using System.Text;
using System.Text.RegularExpressions;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Core.Tests.Diagnostics;

/// <summary>
/// The catalogue is the one list of codes: every entry has its docs page, its row in docs/rules/README.md (the tables
/// there are generated from the catalogue: run with CROSSGUARD_UPDATE_DOCS=1 to rewrite them), a release-tracking row
/// when it is an analyzer rule, and a test that names it; no code is handed out twice or again after it was retired.
/// </summary>
public sealed partial class CatalogueTests
{
    public static TheoryData<string> Ids => new(DiagnosticCatalogue.All.Select(c => c.Id));

    /// <summary>Codes no test can raise reproducibly yet, each with the reason; keep this list short.</summary>
    private static readonly Dictionary<string, string> s_untested = new(StringComparer.Ordinal)
    {
        ["XG9112"] = "inspect's watchdog on local package reading: every package the bounded nuspec reader accepts reads in milliseconds, so no input makes it fire on time",
    };

    [Fact]
    public void Codes_are_unique_well_formed_in_order_and_not_retired()
    {
        List<string> ids = DiagnosticCatalogue.All.Select(c => c.Id).ToList();
        Assert.True(ids.Count >= 50, string.Join(", ", ids));
        Assert.Empty(ids.GroupBy(i => i, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(ids, id => Assert.Matches("^XG[01239][0-9]{3}$", id));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Empty(ids.Intersect(DiagnosticCatalogue.Retired));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Entry_is_complete(string id)
    {
        DiagnosticCode code = DiagnosticCatalogue.Find(id)!;
        Assert.Same(code, DiagnosticCatalogue.Find(id.ToLowerInvariant()));
        Assert.False(string.IsNullOrWhiteSpace(code.Title));
        Assert.False(code.Title.EndsWith('.'), code.Title);
        Assert.False(code.MessageFormat.StartsWith("XG", StringComparison.Ordinal), "the code is not part of the message: " + code.MessageFormat);
        Assert.Equal("https://github.com/crossguard/crossguard/blob/main/docs/rules/" + id + ".md", code.HelpLink);

        // Input errors are always errors; an error by default can be an error; information is never raised.
        Assert.Equal(id.StartsWith("XG9", StringComparison.Ordinal), code.Escalation == ErrorEscalation.Always);
        if (code.DefaultSeverity == FindingSeverity.Info && !id.StartsWith("XG0", StringComparison.Ordinal))
        {
            Assert.Equal(ErrorEscalation.Never, code.Escalation);
        }

        // The format formats with as many arguments as it names (a stray brace would throw here, not in a build).
        int arguments = FormatArguments().Matches(code.MessageFormat).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        string text = code.Format(Enumerable.Range(0, arguments).Select(i => (object?)("arg" + i)).ToArray());
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.Equal(id + ": " + text, code.Line(Enumerable.Range(0, arguments).Select(i => (object?)("arg" + i)).ToArray()));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Code_has_a_docs_page_a_readme_row_and_a_test(string id)
    {
        string page = Path.Combine(RepoRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        Assert.StartsWith("# " + id, File.ReadAllText(page), StringComparison.Ordinal);
        Assert.Contains($"| [{id}](./{id}.md) |", File.ReadAllText(Path.Combine(RepoRoot, "docs", "rules", "README.md")), StringComparison.Ordinal);

        string self = Path.GetFullPath(Path.Combine(RepoRoot, "tests", "CrossGuard.Core.Tests", "Diagnostics", "CatalogueTests.cs"));
        bool tested = Directory.EnumerateFiles(Path.Combine(RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && Path.GetFullPath(f) != self)
            .Any(f => File.ReadAllText(f).Contains(id, StringComparison.Ordinal));
        Assert.True(tested || s_untested.ContainsKey(id), $"no test under tests/ names {id}");
        Assert.False(tested && s_untested.ContainsKey(id), $"{id} is tested now: take it off the untested list");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Analyzer_rule_has_a_release_tracking_row_with_its_default_severity(string id)
    {
        if (!id.StartsWith("XG0", StringComparison.Ordinal))
        {
            return;
        }

        string analyzers = Path.Combine(RepoRoot, "src", "CrossGuard.Analyzers");
        string releases = File.ReadAllText(Path.Combine(analyzers, "AnalyzerReleases.Shipped.md")) + File.ReadAllText(Path.Combine(analyzers, "AnalyzerReleases.Unshipped.md"));
        string? row = releases.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.True(row is not null, $"no AnalyzerReleases row for {id}");
        Assert.Equal(DiagnosticCatalogue.Find(id)!.DefaultSeverity.ToString(), row!.Split('|')[2].Trim());
    }

    [Fact]
    public void Readme_tables_are_the_catalogue()
    {
        string path = Path.Combine(RepoRoot, "docs", "rules", "README.md");
        string current = File.ReadAllText(path);
        string generated = RulesReadme.Regenerate(current);
        if (generated != current && Environment.GetEnvironmentVariable("CROSSGUARD_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
            current = generated;
        }

        Assert.True(generated == current, "docs/rules/README.md is not what the catalogue generates; run this test with CROSSGUARD_UPDATE_DOCS=1 and commit the result.");
        Assert.Equal(DiagnosticCatalogue.All.Count, RowOf().Count(current));
    }

    [Fact]
    public void Variants_keep_their_code()
    {
        Assert.Equal("XG2002", DiagnosticCatalogue.PInvokedDistributionLibrary.Id);
        Assert.DoesNotContain(DiagnosticCatalogue.PInvokedDistributionLibrary, DiagnosticCatalogue.All);
        Assert.Equal(ErrorEscalation.Never, DiagnosticCatalogue.ManagedRidAssetMissing.Escalation);
        Assert.False(DiagnosticCatalogue.ManagedRidAssetMissing.MayBeError);
        Assert.Null(DiagnosticCatalogue.Find("XG9014"));
        Assert.Contains("XG9014", DiagnosticCatalogue.Retired);
    }

    internal static string RepoRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CrossGuard.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("CrossGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex FormatArguments();

    [GeneratedRegex(@"^\| \[XG\d{4}\]\(\./XG\d{4}\.md\) \|", RegexOptions.Multiline)]
    private static partial Regex RowOf();
}

/// <summary>
/// The tables of docs/rules/README.md, generated from the catalogue: between <c>&lt;!-- catalogue XGn --&gt;</c> and
/// <c>&lt;!-- /catalogue --&gt;</c>, one row per code of that range (the prose around them is written by hand).
/// </summary>
internal static partial class RulesReadme
{
    public static string Regenerate(string readme) =>
        Block().Replace(readme, m => m.Groups["open"].Value + "\n" + Table(m.Groups["range"].Value[0]) + m.Groups["close"].Value);

    private static string Table(char range)
    {
        var table = new StringBuilder("| ID | Default | May be an error | Rule |\n| --- | --- | --- | --- |\n");
        foreach (DiagnosticCode code in DiagnosticCatalogue.All.Where(c => c.Id[2] == range))
        {
            table.Append($"| [{code.Id}](./{code.Id}.md) | {code.DefaultSeverity} | {Escalation(code)} | {code.Title} |\n");
        }

        return table.ToString();
    }

    private static string Escalation(DiagnosticCode code) => code.Escalation switch
    {
        ErrorEscalation.Always => "always",
        ErrorEscalation.Never => "never",
        ErrorEscalation.ForTargetRid => "for the RID being published (and every RID `crossguard check` checks)",
        _ when code.DefaultSeverity == FindingSeverity.Error => "yes (by default)",
        _ when code.Id.StartsWith("XG0", StringComparison.Ordinal) => "on request (.editorconfig, WarningsAsErrors)",
        _ => "on request (`CrossGuardSeverity=error`, WarningsAsErrors)",
    };

    [GeneratedRegex(@"(?<open><!-- catalogue XG(?<range>\d) -->)\n.*?(?<close><!-- /catalogue -->)", RegexOptions.Singleline)]
    private static partial Regex Block();
}
