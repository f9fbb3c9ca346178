using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks;

/// <summary>
/// What a check logged, kept so a no-op build can say it again without checking: obj/.../crossguard.replay holds the
/// key it ran under (the settings hash from the targets and the tasks' build), its summary and the logged events
/// (severity, code, file, line, text: NoWarn, CrossGuardSeverity and suppressions already applied). It is replayed
/// only while it is newer than every input (assets file, project file, central package versions, the tasks, the
/// natives manifest). Deliberately small and LINQ-free: the replay is the whole cost of a no-op build, so it must not
/// pay for loading or compiling the check itself (an MSBuild Inputs/Outputs skip measured slower than this, and the
/// built-in Warning task cannot carry the line number that points at the PackageReference).
/// </summary>
internal static class ReplayLog
{
    private const string Magic = "CROSSGUARD-REPLAY 1";

    /// <summary>Largest replay file read (a few hundred bytes per logged event); a larger or special file is not replayed.</summary>
    internal const int MaxBytes = 32 * 1024 * 1024;

    /// <summary>One event line: kind (E, W, M = high-importance message, L = low), code, file, line, text.</summary>
    public static string Event(char kind, string? code, string? file, int line, string text) =>
        kind + "\t" + LineEscaping.Escape(code) + "\t" + LineEscaping.Escape(file) + "\t" + line.ToString(CultureInfo.InvariantCulture) + "\t" + LineEscaping.Escape(text);

    /// <summary>Writes the replay file atomically.</summary>
    public static void Write(string replayPath, string key, string summary, IReadOnlyList<string> events)
    {
        var text = new StringBuilder(Magic).Append('\n').Append(LineEscaping.Escape(key)).Append('\n').Append(LineEscaping.Escape(summary)).Append('\n');
        foreach (string e in events)
        {
            text.Append(e).Append('\n');
        }

        Core.Coverage.NativesManifest.AtomicWrite(replayPath, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Removes the replay file so a failed or interrupted check is never replayed.</summary>
    public static void Delete(string replayPath)
    {
        try
        {
            File.Delete(replayPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Its key or timestamps will not match the next check's inputs either way.
        }
    }

    /// <summary>
    /// Logs the recorded events again when the file was written under <paramref name="key"/> and is not older than any
    /// of <paramref name="inputs"/> (null entries are ignored; a missing input means no replay). Returns the summary, or
    /// null when there is nothing valid to replay (the caller checks instead).
    /// </summary>
    public static string? TryReplay(string replayPath, string key, string?[] inputs, TaskLoggingHelper log)
    {
        string[]? lines;
        try
        {
            DateTime written = File.GetLastWriteTimeUtc(replayPath);
            if (!File.Exists(replayPath))
            {
                return null;
            }

            foreach (string? input in inputs)
            {
                if (input is not null && (!File.Exists(input) || File.GetLastWriteTimeUtc(input) > written))
                {
                    return null;
                }
            }

            // Only a regular, non-empty file of bounded size: a FIFO would block, /dev/zero would fill memory.
            lines = Core.IO.BoundedFile.TryReadLines(replayPath, MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        if (lines is null || lines.Length < 3 || lines[0] != Magic || LineEscaping.Unescape(lines[1]) != key)
        {
            return null;
        }

        // Validate everything before logging anything: a damaged file must not replay half its events.
        var events = new string[lines.Length - 3][];
        for (int i = 3; i < lines.Length; i++)
        {
            string[] f = lines[i].Split('\t');
            if (f.Length != 5 || f[0].Length != 1 || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return null;
            }

            events[i - 3] = f;
        }

        foreach (string[] f in events)
        {
            int line = int.Parse(f[3], NumberStyles.None, CultureInfo.InvariantCulture);
            string? code = LineEscaping.Unescape(f[1]), file = LineEscaping.Unescape(f[2]), text = LineEscaping.Unescape(f[4]) ?? string.Empty;
            switch (f[0][0])
            {
                case 'E': log.LogError(null, code, null, file, line, 0, 0, 0, text); break;
                case 'W': log.LogWarning(null, code, null, file, line, 0, 0, 0, text); break;
                case 'M': log.LogMessage(null, code, null, file, line, 0, 0, 0, MessageImportance.High, text); break;
                default: log.LogMessage(MessageImportance.Low, text); break;
            }
        }

        string summary = LineEscaping.Unescape(lines[2]) ?? string.Empty;
        log.LogMessage(MessageImportance.Normal, summary + " (replayed: nothing the check depends on changed)");
        return summary;
    }
}
