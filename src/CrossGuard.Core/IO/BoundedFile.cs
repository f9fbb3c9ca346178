using System;
using System.IO;

namespace CrossGuard.Core.IO;

/// <summary>
/// Reads a file CrossGuard wrote earlier (an obj/ file, a cache entry) as untrusted input: only a regular file (a
/// symbolic link counts only if its final target is one), never an empty one, at most a given size. Anything else is
/// null, so the caller treats it as a miss: a FIFO would block the build in open(2), /dev/zero would fill memory.
/// </summary>
/// <remarks>
/// Managed only (also compiled into CrossGuard.Tasks, whose no-op path must not load CrossGuard.Core). .NET has no
/// managed way to ask for the file type, so the size is the test: stat(2) gives FIFOs, sockets and character and
/// block devices a size of 0, and a real CrossGuard file is never empty (it starts with a magic line). The check and
/// the open are two steps; a file swapped in between needs write access to the folder, which the inspection cache's
/// owner check rules out for that folder (obj/ belongs to whoever can edit the project anyway).
/// </remarks>
internal static class BoundedFile
{
    /// <summary>The file's bytes, or null when it is missing, not a regular file, empty, larger than <paramref name="maxBytes"/> or unreadable.</summary>
    public static byte[]? TryRead(string path, int maxBytes)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return null;
            }

            if (file.LinkTarget is not null)
            {
                if (file.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo target || !target.Exists)
                {
                    return null;
                }

                file = target;
            }

            if (file.Length <= 0 || file.Length > maxBytes)
            {
                return null;
            }

            return ReadAtMost(file.FullName, maxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Reads an already vetted path; null when it is empty, or holds more than <paramref name="maxBytes"/> or than its size said (it changed).</summary>
    public static byte[]? ReadAtMost(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);
        var buffer = new byte[(int)Math.Min(maxBytes, stream.Length) + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total == 0 || total == buffer.Length)
        {
            return null;
        }

        Array.Resize(ref buffer, total);
        return buffer;
    }

    /// <summary>The lines of a vetted file (UTF-8, \n or \r\n separated), like File.ReadAllLines; null as <see cref="TryRead"/>.</summary>
    public static string[]? TryReadLines(string path, int maxBytes)
    {
        byte[]? bytes = TryRead(path, maxBytes);
        return bytes is null ? null : SplitLines(bytes);
    }

    public static string[] SplitLines(byte[] bytes)
    {
        string text = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        string[] lines = text.Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[count - 1].Length == 0)
        {
            count--;
        }

        var result = new string[count];
        for (int i = 0; i < count; i++)
        {
            string line = lines[i];
            result[i] = line.Length > 0 && line[line.Length - 1] == '\r' ? line.Substring(0, line.Length - 1) : line;
        }

        return result;
    }
}
