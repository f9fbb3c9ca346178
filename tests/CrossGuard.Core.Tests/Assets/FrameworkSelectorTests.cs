using System.Text;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Core.Tests.Assets;

/// <summary>Which target of an assets file a check reads, and XG9007 when the file has none for the project.</summary>
public sealed class FrameworkSelectorTests
{
    private static RestoredGraph Assets(params string[] frameworks) => AssetsFileReader.Parse(Encoding.UTF8.GetBytes($$"""
        {
          "version": 3,
          "targets": { {{string.Join(", ", frameworks.Select(f => $"\"{f}\": {{}}"))}} },
          "libraries": {},
          "packageFolders": {},
          "project": { "frameworks": { {{string.Join(", ", frameworks.Select(f => $"\"{f}\": {{ \"targetAlias\": \"{f}\" }}"))}} } }
        }
        """));

    [Fact]
    public void The_named_framework_is_selected()
    {
        Assert.Equal("net10.0", new FrameworkSelector("net10.0", null).Select(Assets("net8.0", "net10.0")).FrameworkKey);
        Assert.Equal("net8.0", FrameworkSelector.Only.Select(Assets("net8.0")).FrameworkKey);
    }

    [Fact]
    public void A_framework_the_assets_file_lacks_is_XG9007_naming_what_it_has()
    {
        CoverageInputException ex = Assert.Throws<CoverageInputException>(() => new FrameworkSelector("net6.0", null).Select(Assets("net8.0")));
        Assert.Same(DiagnosticCatalogue.FrameworkNotInAssets, ex.Diagnostic);
        Assert.Equal("XG9007", ex.Code);
        Assert.Equal("The assets file does not match the project: it has no section for net6.0 (it has net8.0). Run 'dotnet restore'.", ex.Message);

        ex = Assert.Throws<CoverageInputException>(() => FrameworkSelector.Only.Select(Assets("net8.0", "net10.0")));
        Assert.Equal("XG9007", ex.Code);
        Assert.Contains("several target frameworks (net8.0, net10.0) and none was named", ex.Message, StringComparison.Ordinal);
    }
}
