using System;
using System.IO;
using System.Threading;

namespace CrossGuard.Cli;

/// <summary>
/// Where a command writes: the process console by default, the writers given to <see cref="Program.Run"/> in-process
/// (flows with the async context, so parallel in-process runs in tests do not mix their output).
/// </summary>
internal static class CliConsole
{
    private static readonly AsyncLocal<(TextWriter Out, TextWriter Error)?> s_current = new();

    public static TextWriter Out => s_current.Value?.Out ?? Console.Out;

    public static TextWriter Error => s_current.Value?.Error ?? Console.Error;

    /// <summary>True when stdout is a terminal (colours allowed).</summary>
    public static bool IsTerminal => s_current.Value is null && !Console.IsOutputRedirected;

    public static IDisposable Redirect(TextWriter output, TextWriter error)
    {
        (TextWriter, TextWriter)? previous = s_current.Value;
        s_current.Value = (output, error);
        return new Restore(previous);
    }

    private sealed class Restore : IDisposable
    {
        private readonly (TextWriter, TextWriter)? _previous;

        public Restore((TextWriter, TextWriter)? previous) => _previous = previous;

        public void Dispose() => s_current.Value = _previous;
    }
}
