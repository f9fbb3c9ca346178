using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using CrossGuard.Core.Coverage;

namespace CrossGuard.Cli.Rendering;

/// <summary>
/// Per-project progress of a multi-project <c>check</c>, on stderr only (stdout stays the report: json and sarif remain
/// parseable). Where stderr is a terminal, one line redrawn in place with a spinner, the project count and the elapsed
/// time; otherwise (CI logs, files, pipes) one plain line when a project starts and one when it is done. A single
/// project gets no per-project lines, only the evaluator's own messages ("Restoring ..."), as before.
/// </summary>
internal sealed class Progress : IDisposable
{
    private static readonly char[] s_spinner = { '|', '/', '-', '\\' };

    private readonly TextWriter _error;
    private readonly bool _quiet;
    private readonly bool _interactive;
    private readonly int _total;
    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _projectClock = new();
    private Timer? _timer;
    private int _index;
    private int _ended;
    private string _current = string.Empty;
    private int _frame;
    private int _drawn;

    private Progress(TextWriter error, bool quiet, bool interactive, int total)
    {
        _error = error;
        _quiet = quiet;
        _interactive = interactive;
        _total = total;
    }

    /// <summary>
    /// Progress over <paramref name="total"/> projects on <see cref="CliConsole.Error"/>: a spinner only when that is
    /// the process's own stderr and a terminal (not redirected, TERM not "dumb").
    /// </summary>
    public static Progress Start(int total, bool quiet)
    {
        TextWriter error = CliConsole.Error;
        bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new Progress(error, quiet, interactive, total);
    }

    /// <summary>Messages from the work itself (restores, downloads): printed as lines, the spinner redrawn below them.</summary>
    public void Message(string line)
    {
        if (_quiet)
        {
            return;
        }

        lock (_lock)
        {
            Clear();
            _error.WriteLine(line);
            Draw();
        }
    }

    /// <summary>A project starts.</summary>
    public void Begin(string project)
    {
        if (_quiet || _total < 2)
        {
            return;
        }

        lock (_lock)
        {
            _index++;
            _current = DisplayName(project);
            _projectClock.Restart();
            if (_interactive)
            {
                _timer ??= new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
                Draw();
            }
            else
            {
                _error.WriteLine($"[{_index}/{_total}] {_current} ...");
            }
        }
    }

    /// <summary>The project's check is done.</summary>
    public void End(int findings)
    {
        if (_quiet || _total < 2)
        {
            return;
        }

        lock (_lock)
        {
            _ended++;
            string summary = $"[{_index}/{_total}] {_current}: {findings} finding(s), {Seconds(_projectClock.Elapsed)}";
            Clear();
            _error.WriteLine(summary);
            _current = string.Empty;
        }
    }

    public void Dispose()
    {
        Timer? timer;
        lock (_lock)
        {
            timer = _timer;
            _timer = null;
            Clear();
            // Only after the last project: a failure's coded line stays the last thing on stderr.
            if (!_quiet && _total >= 2 && _ended == _total)
            {
                _error.WriteLine($"Checked {_total} projects in {Seconds(_clock.Elapsed)}.");
            }
        }

        timer?.Dispose();
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>The project's path relative to the current directory when it is below it, else its file name.</summary>
    private static string DisplayName(string project)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), project);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFileName(project) : relative;
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_timer is null)
            {
                return;
            }

            _frame++;
            Draw();
        }
    }

    private void Draw()
    {
        if (!_interactive || _current.Length == 0 || _timer is null)
        {
            return;
        }

        string line = $"{s_spinner[_frame % s_spinner.Length]} [{_index}/{_total}] {_current} ({Seconds(_projectClock.Elapsed)}, {Seconds(_clock.Elapsed)} total)";
        int width = TerminalWidth() - 1;
        if (line.Length > width)
        {
            line = line.Substring(0, width);
        }

        _error.Write('\r' + line.PadRight(_drawn));
        _error.Flush();
        _drawn = line.Length;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 1 ? Console.WindowWidth : 80;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 80;
        }
    }

    private void Clear()
    {
        if (_drawn == 0)
        {
            return;
        }

        _error.Write('\r' + new string(' ', _drawn) + '\r');
        _error.Flush();
        _drawn = 0;
    }
}
