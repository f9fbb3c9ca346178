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

    /// <summary>Writes through a temporary file so a reader never sees half a file.</summary>
    public static void AtomicWrite(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
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
