using System.Diagnostics;
using System.Text.Json.Nodes;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// The analyzers in a real editor: csharp-ls (a language server shipped as a dotnet tool on the configured NuGet
/// sources) over a restored consumer of the packed package, spoken to over stdio as an editor would. Its
/// `csharp.analyzersEnabled` setting is off by default (then no analyzer package shows anything); the client turns it
/// on through initializationOptions and workspace/configuration.
/// </summary>
public sealed class EditorTests(PackageFixture fixture)
{
    private const string CsharpLsVersion = "0.28.0";

    /// <summary>For everything from starting the server to the squiggle of the edit (a busy CI machine loads slowly).</summary>
    private static readonly TimeSpan s_overall = TimeSpan.FromMinutes(8);

    private static readonly TimeSpan s_request = TimeSpan.FromMinutes(2);

    // Lines are 0-based (LSP). The unguarded import is called from a method with no guard, in a project shipping to
    // linux-x64: XG0002 on the import (or, under stricter rules, on its call) stays true. The guarded one sits in a
    // [SupportedOSPlatform("windows")] class and is called under OperatingSystem.IsWindows().
    private const string ProgramSource = """
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Versioning;

        internal static class Program
        {
            private static void Main()
            {
                Console.WriteLine(Unguarded.MessageBeep(0));
                if (OperatingSystem.IsWindows())
                {
                    Console.WriteLine(Guarded.GetSysColor(0));
                }
            }
        }

        internal static class Unguarded
        {
            [DllImport("user32")]
            internal static extern int MessageBeep(uint type);
        }

        [SupportedOSPlatform("windows")]
        internal static class Guarded
        {
            [DllImport("user32")]
            internal static extern int GetSysColor(int index);
        }
        """;

    private static readonly int[] s_unguardedLines = [8, 19];

    private static readonly int[] s_guardedBlock = [9, 10, 11, 12];

    private static readonly int[] s_guardedClass = [22, 23, 24, 25, 26, 27];

    private static readonly int[] s_guardedLines = [.. s_guardedBlock, .. s_guardedClass];

    [Fact]
    public async Task Csharp_ls_shows_XG_squiggles_on_open_and_after_typing_a_new_DllImport()
    {
        var clock = Stopwatch.StartNew();
        SampleProject project = fixture.CreateProject("editor")
            .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", ProgramSource);
        CommandResult restore = project.Dotnet("restore", project.ProjectPath, "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        string server = InstallCsharpLs(project);

        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = fixture.PackagesDirectory,
            ["CrossGuardInspectionCacheDirectory"] = Path.Combine(fixture.PackagesDirectory, "..", "inspections"),
        };
        var settings = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };
        using var ls = LanguageServer.Start(server, project.Directory, environment, settings, "--loglevel", "info");
        string root = new Uri(project.Directory + "/").AbsoluteUri;
        string uri = new Uri(Path.Combine(project.Directory, "Program.cs")).AbsoluteUri;
        string Failure(string what, IEnumerable<Squiggle> last) =>
            $"{what} after {clock.Elapsed.TotalSeconds:0} s. Last diagnostics:\n  {string.Join("\n  ", last)}\ncsharp-ls {CsharpLsVersion} transcript:\n{ls.Transcript}";

        await ls.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = project.Name }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["publishDiagnostics"] = new JsonObject(),
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                },
            },
            ["initializationOptions"] = settings.DeepClone(),
        }, s_request);
        ls.Notify("initialized", new JsonObject());
        ls.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = settings.DeepClone() });
        ls.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = ProgramSource },
        });

        // On open: the unguarded import squiggled (the project loads in the background: poll until it shows).
        IReadOnlyList<Squiggle> opened = await WaitForAsync(ls, uri, clock, s => s.Any(d => d.Code == "XG0002" && s_unguardedLines.Contains(d.Line)));
        Assert.True(opened.Any(d => d.Code == "XG0002" && s_unguardedLines.Contains(d.Line)), Failure("No XG0002 on the unguarded user32 import", opened));
        Assert.True(!opened.Any(d => d.Code.StartsWith("XG", StringComparison.Ordinal) && s_guardedLines.Contains(d.Line)), Failure("An XG squiggle on guarded code", opened));
        Assert.Contains(opened, d => d.Code == "XG0002" && d.Message.Contains("'user32'", StringComparison.Ordinal) && d.Message.Contains("Linux", StringComparison.Ordinal));

        // Typing: a new import and an unguarded call to it, as two insertions (incremental sync).
        const string declaration = "    [DllImport(\"user32\")]\n    internal static extern bool FlashWindow(IntPtr hwnd, bool invert);\n";
        const string call = "        Unguarded.FlashWindow(IntPtr.Zero, true);\n";
        ls.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(Insert(20, declaration), Insert(9, call)),
        });
        // After both edits: the call is line 9, the new declaration lines 21-22, the old import line 20.
        int[] newLines = [9, 22];
        IReadOnlyList<Squiggle> changed = await WaitForAsync(ls, uri, clock, s => s.Any(d => d.Code == "XG0002" && newLines.Contains(d.Line)));
        Assert.True(changed.Any(d => d.Code == "XG0002" && newLines.Contains(d.Line) && d.Message.Contains("user32", StringComparison.Ordinal)),
            Failure("No XG0002 on the typed-in FlashWindow import", changed));
        Assert.True(changed.Any(d => d.Code == "XG0002" && (d.Line == 20 || d.Line == 8)), Failure("The MessageBeep squiggle is gone after the edit", changed));
        // The guarded block moved down by the call (1 line), the guarded class by the call and the declaration (3 lines).
        int[] guardedAfter = [.. s_guardedBlock.Select(l => l + 1), .. s_guardedClass.Select(l => l + 3)];
        Assert.True(!changed.Any(d => d.Code.StartsWith("XG", StringComparison.Ordinal) && guardedAfter.Contains(d.Line)), Failure("An XG squiggle on guarded code after the edit", changed));
    }

    private static JsonObject Insert(int line, string text) => new()
    {
        ["range"] = new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = line, ["character"] = 0 },
            ["end"] = new JsonObject { ["line"] = line, ["character"] = 0 },
        },
        ["text"] = text,
    };

    /// <summary>Pulls (and reads pushes) until <paramref name="done"/> holds or the overall time is up; returns the last diagnostics.</summary>
    private static async Task<IReadOnlyList<Squiggle>> WaitForAsync(LanguageServer ls, string uri, Stopwatch clock, Func<IReadOnlyList<Squiggle>, bool> done)
    {
        IReadOnlyList<Squiggle> last = [];
        while (clock.Elapsed < s_overall && !ls.HasExited)
        {
            IReadOnlyList<Squiggle> pushed = ls.Pushed(uri);
            if (done(pushed))
            {
                return pushed;
            }

            // csharp-ls answers a pull once the project has loaded: a slow answer is not a failure before the overall time.
            TimeSpan left = s_overall - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                last = await ls.PullAsync(uri, left < s_request ? left : s_request);
            }
            catch (TimeoutException)
            {
                continue;
            }

            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return last.Count > 0 ? last : ls.Pushed(uri);
    }

    /// <summary>
    /// csharp-ls from the configured NuGet sources into the run folder. Not installable: a failed test with CI=true, a
    /// skipped one otherwise (a machine without the feed still runs the rest).
    /// </summary>
    private string InstallCsharpLs(SampleProject project)
    {
        string toolPath = Path.Combine(fixture.RunDirectory, "tools", "csharp-ls");
        string executable = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
        if (File.Exists(executable))
        {
            return executable;
        }

        CommandResult install = project.Dotnet("tool", "install", "csharp-ls", "--version", CsharpLsVersion, "--tool-path", toolPath);
        if (install.ExitCode == 0 && File.Exists(executable))
        {
            return executable;
        }

        string message = $"csharp-ls {CsharpLsVersion} could not be installed as a dotnet tool from the configured NuGet sources:\n{install}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + "\n(CI=true: the editor test must run in CI)");
        }

        Assert.Skip(message + "\n(skipped because CI is not set)");
        throw new UnreachableException();
    }
}
