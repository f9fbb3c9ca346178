using System.Reflection;
using System.Text.RegularExpressions;
using CrossGuard.Analyzers.Rules;
using CrossGuard.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Tests.Meta;

/// <summary>Every rule ships with its docs page, help link, release-tracking row, test class and fix keys.</summary>
public sealed partial class DescriptorConventionsTests
{
    private static readonly Assembly s_analyzers = typeof(Descriptors).Assembly;
    private static readonly Assembly s_codeFixes = typeof(XG0002OsSpecificLibraryCodeFix).Assembly;

    public static TheoryData<string> DescriptorIds => new(AllDescriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));

    public static TheoryData<string> CodeFixTypes => new(CodeFixProviders().Select(t => t.FullName!));

    [Fact]
    public void Descriptors_class_and_analyzers_agree()
    {
        string[] declared = DeclaredDescriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        string[] supported = Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(declared, supported);
        Assert.Equal(
            typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal),
            declared);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_has_a_docs_page(string id)
    {
        string page = Path.Combine(RepoRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        string text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text, StringComparison.Ordinal);
        foreach (string section in new[] { "## Why", "## Example", "## How to fix", "## Configuration" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Contains($"dotnet_diagnostic.{id}.severity", text, StringComparison.Ordinal);
        Assert.Contains($"(./{id}.md)", File.ReadAllText(Path.Combine(RepoRoot(), "docs", "rules", "README.md")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_is_its_catalogue_entry(string id)
    {
        // The id and default severity are repeated as constants for release tracking; they must be the catalogue's.
        CrossGuard.Core.Diagnostics.DiagnosticCode code = CrossGuard.Core.Diagnostics.DiagnosticCatalogue.Find(id)
            ?? throw new Xunit.Sdk.XunitException($"{id} is not in the catalogue");
        DiagnosticDescriptor[] descriptors = AllDescriptors().Where(d => d.Id == id).ToArray();
        Assert.Equal(code.DefaultSeverity.ToString(), descriptors.Min(d => d.DefaultSeverity).ToString());
        Assert.Contains(descriptors, d => d.Title.ToString() == code.Title && d.MessageFormat.ToString() == code.MessageFormat);
        Assert.All(descriptors, d => Assert.Equal(code.HelpLink, d.HelpLinkUri));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_help_link_is_built_in_one_place(string id)
    {
        foreach (DiagnosticDescriptor descriptor in AllDescriptors().Where(d => d.Id == id))
        {
            Assert.Equal(Descriptors.HelpLink(id), descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal(RuleCategories.Portability, descriptor.Category);
            Assert.EndsWith(".", descriptor.Description.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(".", descriptor.Title.ToString()[^1..], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_has_a_release_tracking_row(string id)
    {
        DiagnosticDescriptor[] descriptors = AllDescriptors().Where(d => d.Id == id).ToArray();
        string analyzerDir = Path.Combine(RepoRoot(), "src", "CrossGuard.Analyzers");
        string releases = File.ReadAllText(Path.Combine(analyzerDir, "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(analyzerDir, "AnalyzerReleases.Shipped.md"));
        string row = releases.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no release-tracking row for {id}");
        string[] cells = row.Split('|').Select(c => c.Trim()).ToArray();
        Assert.All(descriptors, d => Assert.Equal(d.Category, cells[1]));

        // The row records the default severity; a rule may add a stricter descriptor for an opt-in mode (XG0004).
        Assert.Equal(descriptors.Min(d => d.DefaultSeverity).ToString(), cells[2]);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_has_a_test_class_and_an_analyzer_named_after_it(string id)
    {
        Assert.Contains(typeof(DescriptorConventionsTests).Assembly.GetTypes(), t => t.Name.StartsWith(id, StringComparison.Ordinal) && t.Name.EndsWith("Tests", StringComparison.Ordinal));
        Assert.Contains(s_analyzers.GetTypes(), t => t.Name.StartsWith(id, StringComparison.Ordinal) && t.Name.EndsWith("Analyzer", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyzers_follow_the_shape()
    {
        foreach (Type type in s_analyzers.GetTypes().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract))
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed");
            Assert.True(typeof(CrossGuardAnalyzer).IsAssignableFrom(type), $"{type.Name} does not derive from CrossGuardAnalyzer (the base that owns concurrency, generated code and the build context)");
            Assert.NotNull(type.GetCustomAttribute<DiagnosticAnalyzerAttribute>());
            Assert.Matches(RulePrefix(), type.Name);
            Assert.DoesNotContain(type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public), f => !f.IsInitOnly && !f.IsLiteral);
        }
    }

    [Theory]
    [MemberData(nameof(CodeFixTypes))]
    public void Code_fix_exposes_equivalence_keys_prefixed_with_its_id(string typeName)
    {
        Type type = s_codeFixes.GetType(typeName, throwOnError: true)!;
        var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
        Assert.True(type.IsSealed);
        Assert.NotNull(type.GetCustomAttribute<ExportCodeFixProviderAttribute>());
        string[] keys = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
        Assert.NotEmpty(keys);
        foreach (string key in keys)
        {
            Assert.Contains(provider.FixableDiagnosticIds, id => key.StartsWith(id + "_", StringComparison.Ordinal));
        }

        Assert.All(provider.FixableDiagnosticIds, id => Assert.StartsWith(id, type.Name, StringComparison.Ordinal));
    }

    private static IEnumerable<DiagnosticAnalyzer> Analyzers() =>
        s_analyzers.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static IEnumerable<DiagnosticDescriptor> DeclaredDescriptors() =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        DeclaredDescriptors().Concat(Analyzers().SelectMany(a => a.SupportedDiagnostics));

    private static IEnumerable<Type> CodeFixProviders() =>
        s_codeFixes.GetTypes().Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal);

    internal static string RepoRoot()
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

    [GeneratedRegex("^XG[0-9]{4}[A-Z][A-Za-z0-9]+Analyzer$")]
    private static partial Regex RulePrefix();
}
