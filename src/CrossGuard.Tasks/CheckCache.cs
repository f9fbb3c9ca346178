using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Tasks;

/// <summary>A finding as replayed from the cache: what the logger needs, nothing more.</summary>
internal sealed class CachedFinding
{
    public required DiagnosticCode Diagnostic { get; init; }

    public FindingSeverity Severity { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>The package of the PackageReference that brought the package (where the diagnostic points).</summary>
    public string? DirectReference { get; init; }

    /// <summary>The referenced project holding that PackageReference (relative to the project directory); null: the project itself.</summary>
    public string? ReferencedIn { get; init; }

    public string? SuppressedBecause { get; init; }

    public static CachedFinding From(Finding finding) => new()
    {
        Diagnostic = finding.Diagnostic,
        Severity = finding.Severity,
        Message = finding.Message,
        DirectReference = finding.Reference ?? (finding.DependencyPath.Count > 1 ? finding.DependencyPath[1] : null),
        ReferencedIn = finding.ReferencedIn,
        SuppressedBecause = finding.SuppressedBecause,
    };
}

/// <summary>
/// The check's result cache (obj/.../crossguard.cache), after the ResolvePackageAssets cache pattern: a magic line with
/// the format version, the hash of the settings, then one finding per line. Valid only when newer than the assets
/// file and the hash matches; plain text so replaying costs a file read, not a serializer warm-up.
/// </summary>
internal static class CheckCache
{
    private const string Magic = "CROSSGUARD-CACHE 2";

    /// <summary>Largest result cache read; a larger or special file is a miss.</summary>
    internal const int MaxBytes = 32 * 1024 * 1024;

    public static void Write(string path, string settingsHash, IEnumerable<CachedFinding> findings)
    {
        var text = new StringBuilder();
        text.Append(Magic).Append('\n').Append(settingsHash).Append('\n');
        foreach (CachedFinding f in findings)
        {
            text.Append(string.Join("\t", new[] { f.Diagnostic.Id, ((int)f.Severity).ToString(System.Globalization.CultureInfo.InvariantCulture), LineEscaping.Escape(f.DirectReference), LineEscaping.Escape(f.SuppressedBecause), LineEscaping.Escape(f.Message), LineEscaping.Escape(f.ReferencedIn) })).Append('\n');
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

            // Only a regular, non-empty file of bounded size: a FIFO would block, /dev/zero would fill memory.
            string[]? lines = Core.IO.BoundedFile.TryReadLines(path, MaxBytes);
            if (lines is null || lines.Length < 2 || lines[0] != Magic || lines[1] != settingsHash)
            {
                return null;
            }

            var findings = new List<CachedFinding>();
            foreach (string line in lines.Skip(2).Where(l => l.Length > 0))
            {
                string[] parts = line.Split('\t');
                if (parts.Length != 6 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int severity)
                    || !Enum.IsDefined((FindingSeverity)severity) || DiagnosticCatalogue.Find(parts[0]) is not { } diagnostic)
                {
                    return null;
                }

                findings.Add(new CachedFinding { Diagnostic = diagnostic, Severity = (FindingSeverity)severity, DirectReference = LineEscaping.Unescape(parts[2]), SuppressedBecause = LineEscaping.Unescape(parts[3]), Message = LineEscaping.Unescape(parts[4]) ?? string.Empty, ReferencedIn = LineEscaping.Unescape(parts[5]) });
            }

            return findings;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
