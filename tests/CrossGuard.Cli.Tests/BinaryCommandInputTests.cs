using CrossGuard.Cli.Tests.Infrastructure;
using NuGet.Configuration;

namespace CrossGuard.Cli.Tests;

/// <summary>`crossguard binary` on hostile folders and command lines (issue 14 items 9 and 11).</summary>
public sealed class BinaryCommandInputTests : IDisposable
{
    private static readonly string s_libzstd = Path.Combine(SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null)), "zstdnet", "1.5.7", "runtimes", "linux-x64", "native", "libzstd.so");
    private readonly string _dir = Directory.CreateTempSubdirectory("cg-binary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Directory_symlinks_are_not_followed_and_each_skipped_one_is_named()
    {
        // Two links to the folder's parent made the walk exponential (it never finished); one listed a file ~40 times.
        string root = Path.Combine(_dir, "pkg");
        string native = Path.Combine(root, "native");
        Directory.CreateDirectory(native);
        File.Copy(s_libzstd, Path.Combine(native, "libzstd.so"));
        Directory.CreateSymbolicLink(Path.Combine(native, "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(native, "again"), root);
        File.CreateSymbolicLink(Path.Combine(native, "libzstd.so.1"), "libzstd.so");

        CliResult result = Tool.Run("binary", root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), result.ToString());
        string[] rows = result.Stdout.Split('\n').Where(l => l.Contains("libzstd", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Contains("elf", r, StringComparison.Ordinal));
        Assert.Contains($"skipped '{Path.Combine(native, "up")}': a symbolic link to the directory '..'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"skipped '{Path.Combine(native, "again")}': a symbolic link to the directory '{root}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void No_color_is_an_option_not_a_path()
    {
        CliResult result = Tool.Run("binary", "--no-color", s_libzstd);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("libzstd.so", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_not_a_missing_file()
    {
        CliResult result = Tool.Run("binary", "--frobnicate", s_libzstd);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("XG9010", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_XG9016_not_the_project_evaluation_code()
    {
        // XG9011 is check's "project could not be evaluated"; binary's unreadable file has its own code.
        string dangling = Path.Combine(_dir, "dangling.so");
        File.CreateSymbolicLink(dangling, Path.Combine(_dir, "nowhere.so"));

        CliResult result = Tool.Run("binary", _dir);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith("XG9016: cannot read '" + dangling + "'", result.Stderr.Trim(), StringComparison.Ordinal);
    }
}
