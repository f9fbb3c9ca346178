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

/// <summary>A finding as replayed from the cache: what the logger needs, nothing more.</summary>
public sealed class CachedFinding
{
    public string Code { get; init; } = string.Empty;

    public FindingSeverity Severity { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>The project's direct reference that brought the package (where the diagnostic points).</summary>
    public string? DirectReference { get; init; }

    public string? SuppressedBecause { get; init; }

    public static CachedFinding From(Finding finding) => new()
    {
        Code = finding.Code,
        Severity = finding.Severity,
        Message = finding.Message,
        DirectReference = finding.DependencyPath.Count > 1 ? finding.DependencyPath[1] : null,
        SuppressedBecause = finding.SuppressedBecause,
    };
}

/// <summary>
/// The check's result cache (obj/.../crossguard.cache), after the ResolvePackageAssets cache pattern: a magic line with
/// the format version, the hash of the settings, then one finding per line. Valid only when newer than the assets
/// file and the hash matches; plain text so replaying costs a file read, not a serializer warm-up.
/// </summary>
public static class CheckCache
{
    private const string Magic = "CROSSGUARD-CACHE 1";

    public static void Write(string path, string settingsHash, IEnumerable<CachedFinding> findings)
    {
        var text = new StringBuilder();
        text.Append(Magic).Append('\n').Append(settingsHash).Append('\n');
        foreach (CachedFinding f in findings)
        {
            text.Append(string.Join("\t", new[] { f.Code, ((int)f.Severity).ToString(System.Globalization.CultureInfo.InvariantCulture), Escape(f.DirectReference), Escape(f.SuppressedBecause), Escape(f.Message) })).Append('\n');
        }

        NativesManifest.AtomicWrite(path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The cached findings, or null when the cache is missing, stale, of another format or unreadable.</summary>
    public static IReadOnlyList<CachedFinding>? TryRead(string path, string settingsHash, DateTime notOlderThanUtc)
    {
        try
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < notOlderThanUtc)
            {
                return null;
            }

            string[] lines = File.ReadAllLines(path);
            if (lines.Length < 2 || lines[0] != Magic || lines[1] != settingsHash)
            {
                return null;
            }

            var findings = new List<CachedFinding>();
            foreach (string line in lines.Skip(2).Where(l => l.Length > 0))
            {
                string[] parts = line.Split('\t');
                if (parts.Length != 5 || !int.TryParse(parts[1], out int severity))
                {
                    return null;
                }

                findings.Add(new CachedFinding { Code = parts[0], Severity = (FindingSeverity)severity, DirectReference = Unescape(parts[2]), SuppressedBecause = Unescape(parts[3]), Message = Unescape(parts[4]) ?? string.Empty });
            }

            return findings;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Escape(string? value) => value is null ? "\u0000" : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static string? Unescape(string value)
    {
        if (value == "\u0000")
        {
            return null;
        }

        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => value[i] });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
