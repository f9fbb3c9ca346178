using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossGuard.Core.Coverage;

/// <summary>
/// obj/crossguard.natives.json: native library file names available per RID (read by the analyzers as an
/// AdditionalFile) plus the findings of the check, keyed by a hash of its settings so a no-op build replays them
/// without re-reading the assets file or re-inspecting binaries.
/// </summary>
public sealed class NativesManifest
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public int Version { get; set; } = CurrentVersion;

    /// <summary>SHA-256 of everything the result depends on besides the assets file's timestamp.</summary>
    public string SettingsHash { get; set; } = string.Empty;

    public SortedDictionary<string, RidLibraries> Rids { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ManifestFinding> Findings { get; set; } = new();

    public static NativesManifest From(CoverageReport report, string settingsHash)
    {
        var manifest = new NativesManifest { SettingsHash = settingsHash };
        foreach (KeyValuePair<string, SortedSet<string>> rid in report.LibrariesByRid)
        {
            manifest.Rids[rid.Key] = new RidLibraries { Libraries = rid.Value.ToList() };
        }

        manifest.Findings.AddRange(report.Findings.Select(f => new ManifestFinding
        {
            Code = f.Code,
            Severity = f.Severity,
            Message = f.Message,
            PackageId = f.PackageId,
            Rid = f.Rid,
            DirectReference = f.DependencyPath.Count > 1 ? f.DependencyPath[1] : null,
            SuppressedBecause = f.SuppressedBecause,
        }));
        return manifest;
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string json = JsonSerializer.Serialize(this, s_options);
        string temp = path + ".tmp";
        File.WriteAllText(temp, json, new UTF8Encoding(false));
        File.Copy(temp, path, overwrite: true);
        File.Delete(temp);
    }

    /// <summary>Reads a manifest; null when missing, unreadable or of another version (the caller recomputes).</summary>
    public static NativesManifest? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            NativesManifest? manifest = JsonSerializer.Deserialize<NativesManifest>(File.ReadAllText(path), s_options);
            return manifest?.Version == CurrentVersion ? manifest : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Stable SHA-256 over the parts of the settings that change the result.</summary>
    public static string Hash(IEnumerable<string?> parts)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? string.Empty)));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}

/// <summary>Native file names selected for one RID.</summary>
public sealed class RidLibraries
{
    public List<string> Libraries { get; set; } = new();
}

/// <summary>A finding as cached in the manifest.</summary>
public sealed class ManifestFinding
{
    public string Code { get; set; } = string.Empty;

    public FindingSeverity Severity { get; set; }

    public string Message { get; set; } = string.Empty;

    public string? PackageId { get; set; }

    public string? Rid { get; set; }

    /// <summary>The project's direct reference that brought the package (where the diagnostic points).</summary>
    public string? DirectReference { get; set; }

    public string? SuppressedBecause { get; set; }
}
