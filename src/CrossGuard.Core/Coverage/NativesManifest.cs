using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CrossGuard.Core.Coverage;

/// <summary>
/// obj/.../crossguard.natives.json: native library file names available per RID, read by the analyzers as an
/// AdditionalFile, plus the findings (for people and other tools). Written with Utf8JsonWriter: no reflection-based
/// serializer to JIT inside a build.
/// </summary>
public static class NativesManifest
{
    public const int CurrentVersion = 1;

    public static void Write(string path, CoverageReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", CurrentVersion);
            json.WriteStartObject("rids");
            foreach (KeyValuePair<string, SortedSet<string>> rid in report.LibrariesByRid)
            {
                json.WriteStartObject(rid.Key);
                json.WriteStartArray("libraries");
                foreach (string library in rid.Value)
                {
                    json.WriteStringValue(library);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (Finding finding in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("code", finding.Code);
                json.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
                json.WriteString("package", finding.PackageId);
                json.WriteString("rid", finding.Rid);
                json.WriteString("message", finding.Message);
                if (finding.SuppressedBecause is not null)
                {
                    json.WriteString("suppressedBecause", finding.SuppressedBecause);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        AtomicWrite(path, buffer.ToArray());
    }

    /// <summary>
    /// Writes through a temporary file so a reader never sees half a file. The temporary file has an unpredictable
    /// name in the target's folder and is created exclusively (O_CREAT|O_EXCL: an existing file or a planted symbolic
    /// link under that name is never opened, let alone written through), then renamed over the target: rename(2)
    /// replaces whatever is at the target path, a symbolic link included, without following it. A failed save
    /// removes its temporary file. <paramref name="unixMode"/> (ignored on Windows) sets the new file's permissions
    /// (the umask still applies); null keeps the default (0666 minus the umask, as File.WriteAllBytes creates).
    /// </summary>
    public static void AtomicWrite(string path, byte[] content, UnixFileMode? unixMode = null)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (unixMode is { } mode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        for (int attempt = 0; ; attempt++)
        {
            string temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            FileStream stream;
            try
            {
                stream = new FileStream(temp, options);
            }
            catch (IOException) when (attempt < 3)
            {
                continue; // Most likely taken (someone planted the random name): never open it, try another.
            }

            try
            {
                using (stream)
                {
                    stream.Write(content);
                }

                File.Move(temp, full, overwrite: true);
                return;
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the name is random and the next save picks another.
        }
    }

    /// <summary>Stable 64-bit hash over the parts of the settings that change the result.</summary>
    public static string Hash(IEnumerable<string?> parts)
    {
        // A cache key, not a security boundary: FNV-1a (64-bit) over the UTF-16 code units avoids initialising the
        // platform crypto library (OpenSSL on Linux) on the cold path of a build just to compare settings.
        ulong hash = 14695981039346656037UL;
        foreach (string? part in parts)
        {
            foreach (char c in (part ?? string.Empty) + "\u001f")
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        return hash.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
