using System.Reflection;
using System.Text.RegularExpressions;
using CrossGuard.Core.Coverage;

namespace CrossGuard.Tasks.Tests;

/// <summary>Every coded message: unique codes in the right range, no retired code reused, a docs page each.</summary>
public sealed partial class TaskMessageCodesTests
{
    private static IEnumerable<(string Name, string Code)> AllCodes()
    {
        Type taskMessages = typeof(CheckNativeAssets).Assembly.GetType("CrossGuard.Tasks.TaskMessages", throwOnError: true)!;
        foreach (Type type in new[] { taskMessages, typeof(CoverageMessages) })
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                string value = (string)field.GetRawConstantValue()!;
                Match match = CodeRegex().Match(value);
                Assert.True(match.Success, $"{type.Name}.{field.Name} does not start with 'XG####: '");
                yield return (type.Name + "." + field.Name, match.Groups[1].Value);
            }
        }
    }

    [Fact]
    public void Codes_are_unique_in_range_and_not_retired()
    {
        List<(string Name, string Code)> codes = AllCodes().ToList();
        Assert.True(codes.Count >= 15);
        Assert.Empty(codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(codes, c => Assert.Matches("^XG[1239]\\d{3}$", c.Code));
        string[] retired = (string[])typeof(CheckNativeAssets).Assembly.GetType("CrossGuard.Tasks.TaskMessages")!.GetField("RetiredCodes")!.GetValue(null)!;
        Assert.Empty(codes.Select(c => c.Code).Intersect(retired));
    }

    [Fact]
    public void Every_code_has_a_docs_page()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CrossGuard.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repo root not found");
        }

        foreach ((string name, string code) in AllCodes())
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "rules", code + ".md")), $"{name}: docs/rules/{code}.md is missing");
        }
    }

    [GeneratedRegex("^(XG\\d{4}): ")]
    private static partial Regex CodeRegex();
}
