using System;
using System.CommandLine;

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
            Console.Error.WriteLine(ex.Message);
            return ex.ExitCode;
        }
    }
}
