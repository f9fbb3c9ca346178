using System;
using System.CommandLine;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli;

/// <summary>Options shared by every command, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Format(params string[] allowed)
    {
        var option = new Option<string>("--format") { Description = string.Join(" | ", allowed) + " (default: " + allowed[0] + ").", DefaultValueFactory = _ => allowed[0] };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress on stderr." };

    /// <summary>"--rid a,b --rid c" → [a, b, c]; the default list when none was given.</summary>
    public static System.Collections.Generic.IReadOnlyList<string> SplitRids(string[]? values, string defaults = "") =>
        System.Linq.Enumerable.ToList(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(
            System.Linq.Enumerable.SelectMany(values is { Length: > 0 } ? values : new[] { defaults }, r => r.Split(',', StringSplitOptions.RemoveEmptyEntries)),
            r => r.Trim()), StringComparer.OrdinalIgnoreCase));

    public static Option<bool> NoColor() => new("--no-color") { Description = "No ANSI colours (also honoured: NO_COLOR)." };
}

/// <summary>Runs a command body: expected failures print one coded line to stderr and map to an exit code.</summary>
internal static class CliRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException ex)
        {
            CliConsole.Error.WriteLine(ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never a stack trace: one coded line, the exception type for a bug report.
            CliConsole.Error.WriteLine(DiagnosticCatalogue.InternalError.Line(ex.GetType().Name, ex.Message));
            return ExitCodes.InternalError;
        }
    }
}
