using System.CommandLine;
using System.IO;
using CrossGuard.Cli.Commands;

namespace CrossGuard.Cli;

internal static class Program
{
    public static int Main(string[] args) => Run(args, System.Console.Out, System.Console.Error);

    /// <summary>The whole tool, writing to the given writers: the in-process entry point for tests and embedding.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using System.IDisposable redirect = CliConsole.Redirect(stdout, stderr);
        var root = new RootCommand("CrossGuard: find native crossings that break a .NET app on a RuntimeIdentifier you ship.");
        root.Subcommands.Add(BinaryCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                stderr.WriteLine(error.Message);
            }

            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
