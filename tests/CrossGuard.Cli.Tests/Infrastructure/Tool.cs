using System.Diagnostics;
using CrossGuard.Cli;

namespace CrossGuard.Cli.Tests.Infrastructure;

/// <summary>One in-process run of the tool.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public static class Tool
{
    /// <summary>Runs crossguard through <c>Program.Run</c> with captured writers.</summary>
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        int exit = Program.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    /// <summary>The repository root (holds CrossGuard.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "CrossGuard.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("CrossGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>One line, coded, no stack trace.</summary>
    public static void AssertOneCodedLine(CliResult result, string code, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith(code + ":", lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }
}
