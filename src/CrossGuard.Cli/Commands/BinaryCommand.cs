using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using CrossGuard.Core.Binaries;

namespace CrossGuard.Cli.Commands;

/// <summary><c>crossguard binary &lt;file-or-dir&gt;...</c>: what each native file really is.</summary>
internal static class BinaryCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories to inspect (directories are searched recursively).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("binary", "Inspect native binaries: format, architecture, libc, glibc floor, needed libraries.") { paths, format };
        command.SetAction(parse => Run(parse.GetValue(paths) ?? Array.Empty<string>(), parse.GetValue(format) ?? "table"));
        return command;
    }

    private static int Run(string[] paths, string format)
    {
        var results = new List<NativeBinaryInfo>();
        int exit = ExitCodes.Ok;
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    results.Add(NativeBinaryInspector.Inspect(file));
                }
            }
            else if (File.Exists(path))
            {
                results.Add(NativeBinaryInspector.Inspect(path));
            }
            else
            {
                Console.Error.WriteLine($"XG9010: '{path}' does not exist.");
                exit = ExitCodes.InputError;
            }
        }

        foreach (NativeBinaryInfo info in results)
        {
            Console.WriteLine($"{info.Path}\t{info.Format}\t{string.Join(",", info.Architectures)}\t{info.Error}");
        }

        return exit;
    }
}
