using System.CommandLine;
using CrossGuard.Cli.Commands;

namespace CrossGuard.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("CrossGuard: find native crossings that break a .NET app on a RuntimeIdentifier you ship.");
        root.Subcommands.Add(BinaryCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                System.Console.Error.WriteLine(error.Message);
            }

            return ExitCodes.Usage;
        }

        return parse.Invoke();
    }
}
