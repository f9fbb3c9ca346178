using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Commands;

/// <summary><c>crossguard binary &lt;file-or-dir&gt;... [--format table|json]</c>: what each native file really is.</summary>
internal static class BinaryCommand
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true };
    private static readonly string[] TableHeader = { "PATH", "FORMAT", "ARCH", "OS", "LIBC", "GLIBC", "MACOS", "NEEDED" };

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories to inspect (directories are searched recursively).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        // Accepted for the same spelling as check and inspect; the binary table has no colours.
        var noColor = CommonOptions.NoColor();
        var command = new Command("binary", "Inspect native binaries: format, architecture, libc, glibc floor, needed libraries.") { paths, format, noColor };
        command.SetAction(parse => Run(parse.GetValue(paths) ?? Array.Empty<string>(), parse.GetValue(format) ?? "table", CliConsole.Out, CliConsole.Error));
        return command;
    }

    /// <summary>Runs the command; separated from <see cref="Create"/> so tests can capture the output in-process.</summary>
    public static int Run(IReadOnlyList<string> paths, string format, TextWriter output, TextWriter error)
    {
        // An option this command does not have arrives here as a path: a usage error, not a missing file.
        foreach (string path in paths.Where(p => p.StartsWith('-') && !File.Exists(p) && !Directory.Exists(p)))
        {
            error.WriteLine($"Unrecognized command or argument '{path}'. Options of 'binary': --format table|json, --no-color.");
            return ExitCodes.Usage;
        }

        var results = new List<NativeBinaryInfo>();
        int exit = ExitCodes.Ok;
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = new List<string>();
                foreach (string failure in ListFiles(path, files, error))
                {
                    error.WriteLine(failure);
                    exit = ExitCodes.InputError;
                }

                foreach (string file in files.OrderBy(f => f, StringComparer.Ordinal))
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
                error.WriteLine(DiagnosticCatalogue.PathMissing.Line(path));
                exit = ExitCodes.InputError;
            }
        }

        foreach (NativeBinaryInfo info in results.Where(r => r.IsUnreadable))
        {
            error.WriteLine(DiagnosticCatalogue.BinaryUnreadable.Line(info.Path, info.Error));
            exit = ExitCodes.InputError;
        }

        if (format == "json")
        {
            WriteJson(results, output);
        }
        else
        {
            WriteTable(results, output);
        }

        return exit;
    }

    /// <summary>
    /// Every file under <paramref name="root"/>, without following symbolic links to directories (a link to a parent
    /// would recurse forever; each one skipped is named on stderr). Links to files are inspected like files. Returns
    /// the folders that could not be listed (XG9016 lines).
    /// </summary>
    private static List<string> ListFiles(string root, List<string> files, TextWriter error)
    {
        var failures = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            try
            {
                files.AddRange(Directory.EnumerateFiles(dir, "*", options));
                foreach (string sub in Directory.EnumerateDirectories(dir, "*", options).OrderBy(d => d, StringComparer.Ordinal))
                {
                    if (new DirectoryInfo(sub).LinkTarget is { } target)
                    {
                        error.WriteLine($"skipped '{sub}': a symbolic link to the directory '{target}' (directory links are not followed)");
                        continue;
                    }

                    pending.Push(sub);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                failures.Add(DiagnosticCatalogue.DirectoryUnlistable.Line(dir, ex.Message));
            }
        }

        return failures;
    }

    private static void WriteTable(List<NativeBinaryInfo> results, TextWriter output)
    {
        var rows = new List<string[]> { TableHeader };
        foreach (NativeBinaryInfo r in results)
        {
            rows.Add(new[]
            {
                r.Path,
                r.FormatName + (r.IsManaged && r.Format == BinaryFormat.Pe ? "(mixed)" : string.Empty),
                r.Architectures.Count == 0 ? "-" : string.Join(",", r.Architectures),
                r.Format is BinaryFormat.Unknown or BinaryFormat.Placeholder || r.Os == RidOs.Unknown ? "-" : r.Os.ToString().ToLowerInvariant(),
                r.Libc == Libc.Unknown ? "-" : r.Libc.ToString().ToLowerInvariant(),
                r.GlibcFloor?.ToString() ?? "-",
                r.MacOsMin ?? "-",
                r.Needed.Count == 0 ? "-" : string.Join(" ", r.Needed),
            });
        }

        int columns = rows[0].Length;
        int[] widths = new int[columns - 1];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < columns - 1; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (int index = 0; index < rows.Count; index++)
        {
            string[] row = rows[index];
            var line = new StringBuilder();
            for (int i = 0; i < columns - 1; i++)
            {
                line.Append(row[i].PadRight(widths[i] + 2));
            }

            line.Append(row[columns - 1]);
            output.WriteLine(line.ToString().TrimEnd());
            if (index > 0 && results[index - 1].Error is { } message)
            {
                output.WriteLine($"  error: {message}");
            }
        }
    }

    private static void WriteJson(List<NativeBinaryInfo> results, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartArray();
            foreach (NativeBinaryInfo r in results)
            {
                w.WriteStartObject();
                w.WriteString("path", r.Path);
                w.WriteString("format", r.FormatName);
                w.WriteString("os", r.Format is BinaryFormat.Unknown or BinaryFormat.Placeholder || r.Os == RidOs.Unknown ? null : r.Os.ToString().ToLowerInvariant());
                Strings(w, "architectures", r.Architectures);
                w.WriteNumber("bitness", r.Bitness);
                w.WriteString("endianness", r.Endianness);
                w.WriteString("libc", r.Libc == Libc.Unknown ? null : r.Libc.ToString().ToLowerInvariant());
                w.WriteString("libcEvidence", r.LibcEvidence);
                w.WriteString("glibcFloor", r.GlibcFloor?.ToString());
                Strings(w, "glibcFloorSymbols", r.GlibcFloorSymbols);
                Strings(w, "needed", r.Needed);
                w.WriteString("soname", r.Soname);
                w.WriteString("interpreter", r.Interpreter);
                if (r.ExecutableStack is bool stack)
                {
                    w.WriteBoolean("executableStack", stack);
                }
                else
                {
                    w.WriteNull("executableStack");
                }

                w.WriteString("macosMin", r.MacOsMin);
                w.WriteStartArray("slices");
                foreach (MachOSlice s in r.Slices)
                {
                    w.WriteStartObject();
                    w.WriteString("architecture", s.Architecture);
                    w.WriteString("platform", s.Platform);
                    w.WriteString("minOsVersion", s.MinOsVersion);
                    w.WriteString("installName", s.InstallName);
                    Strings(w, "linkedDylibs", s.LinkedDylibs);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("peMachine", r.PeMachine);
                w.WriteBoolean("managed", r.IsManaged);
                Strings(w, "delayLoadNeeded", r.DelayLoadNeeded);
                Strings(w, "archiveMemberArchitectures", r.ArchiveMemberArchitectures);
                w.WriteNumber("bytesRead", r.BytesRead);
                w.WriteNumber("fileSize", r.FileSize);
                w.WriteString("error", r.Error);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
