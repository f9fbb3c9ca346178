using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// What header inspection found in a package's native files, kept per machine so each package version is read once,
/// not once per project, RID and clean build. Keyed by the package's SHA-512 (from the assets file: the content
/// NuGet verified at extraction), the file's path inside the package and its size; one small file per package, written
/// atomically, tagged with the inspector's build so a new CrossGuard never trusts an old inspector's answers. Only the
/// fields the coverage verdicts use are kept; a file that could not be read is never cached. Every problem with the
/// cache (missing, unreadable, corrupt, read-only) is a miss, never an error.
/// </summary>
public sealed class InspectionCache
{
    private const char Separator = '\u001f';
    private static readonly string s_header = "CROSSGUARD-INSPECT 1 " + typeof(InspectionCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    private readonly string _directory;
    private readonly Dictionary<string, Dictionary<string, string>> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    public InspectionCache(string directory) => _directory = directory;

    /// <summary>
    /// The cache a CrossGuardInspectionCacheDirectory setting names: empty means the user's local application data
    /// folder (~/.local/share on Linux), CrossGuard/inspections; "none" or "false" means no cache (null); a relative
    /// path is taken from <paramref name="baseDirectory"/>.
    /// </summary>
    public static InspectionCache? FromSetting(string? setting, string baseDirectory)
    {
        string value = setting?.Trim() ?? string.Empty;
        if (string.Equals(value, "none", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.Length > 0)
        {
            return new InspectionCache(Path.GetFullPath(Path.Combine(baseDirectory, value)));
        }

        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(root) ? null : new InspectionCache(Path.Combine(root, "CrossGuard", "inspections"));
    }

    /// <summary>Files answered from the cache.</summary>
    public int Hits { get; private set; }

    /// <summary>Files that had to be inspected.</summary>
    public int Misses { get; private set; }

    /// <summary>The cached result for a package file, or null.</summary>
    public NativeBinaryInfo? TryGet(string packageSha512, string relativePath, string fullPath)
    {
        Dictionary<string, string>? entries = Load(packageSha512);
        long size = SizeOf(fullPath);
        if (entries is not null && size >= 0 && entries.TryGetValue(relativePath, out string? line) && Parse(line, fullPath, size) is { } info)
        {
            Hits++;
            return info;
        }

        Misses++;
        return null;
    }

    /// <summary>Remembers an inspection result (not written until <see cref="Save"/>).</summary>
    public void Add(string packageSha512, string relativePath, NativeBinaryInfo info)
    {
        string? line = Format(relativePath, info);
        Dictionary<string, string>? entries = Load(packageSha512);
        if (line is null || entries is null)
        {
            return;
        }

        entries[relativePath] = line;
        _dirty.Add(packageSha512);
    }

    /// <summary>Writes the packages that gained entries; false when the directory could not be written (results still stand).</summary>
    public bool Save()
    {
        bool saved = true;
        foreach (string sha in _dirty)
        {
            string? path = FileFor(sha);
            if (path is null)
            {
                continue;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var text = new StringBuilder(s_header).Append('\n');
                foreach (string line in _packages[sha].Values.OrderBy(l => l, StringComparer.Ordinal))
                {
                    text.Append(line).Append('\n');
                }

                Coverage.NativesManifest.AtomicWrite(path, Encoding.UTF8.GetBytes(text.ToString()));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                saved = false;
            }
        }

        _dirty.Clear();
        return saved;
    }

    private Dictionary<string, string>? Load(string sha)
    {
        if (_packages.TryGetValue(sha, out Dictionary<string, string>? entries))
        {
            return entries;
        }

        string? path = FileFor(sha);
        if (path is null)
        {
            return null;
        }

        entries = new Dictionary<string, string>(StringComparer.Ordinal);
        _packages[sha] = entries;
        try
        {
            if (File.Exists(path))
            {
                string[] lines = File.ReadAllLines(path);
                if (lines.Length > 0 && lines[0] == s_header)
                {
                    foreach (string line in lines.Skip(1))
                    {
                        int end = line.IndexOf(Separator, StringComparison.Ordinal);
                        if (end > 0)
                        {
                            entries[line.Substring(0, end)] = line;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A miss: the files are inspected again.
        }

        return entries;
    }

    /// <summary>&lt;dir&gt;/ab/abcdef….txt from the first 20 bytes of the base64 SHA-512; null when it is not one.</summary>
    private string? FileFor(string sha512)
    {
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(sha512, bytes, out int written) || written != 64)
        {
            return null;
        }

        string hex = Convert.ToHexString(bytes.Slice(0, 20)).ToLowerInvariant();
        return Path.Combine(_directory, hex.Substring(0, 2), hex + ".txt");
    }

    private static long SizeOf(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? file.Length : -1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    // relative, size, format, architectures, os, libc, libc evidence, glibc floor, floor symbols, macOS minimum, bitness
    private static string? Format(string relativePath, NativeBinaryInfo info)
    {
        if (info.Error is not null || info.IsUnreadable || info.FileSize <= 0)
        {
            return null;
        }

        string[] fields =
        {
            relativePath, info.FileSize.ToString(CultureInfo.InvariantCulture), info.Format.ToString(), string.Join(",", info.Architectures),
            info.Os.ToString(), info.Libc.ToString(), info.LibcEvidence ?? string.Empty, info.GlibcFloor?.ToString() ?? string.Empty,
            string.Join(",", info.GlibcFloorSymbols), info.MacOsMin ?? string.Empty, info.Bitness.ToString(CultureInfo.InvariantCulture),
        };
        return fields.Any(f => f.IndexOfAny(new[] { Separator, '\n', '\r' }) >= 0) || info.GlibcFloorSymbols.Any(s => s.Contains(',', StringComparison.Ordinal))
            || info.Architectures.Any(a => a.Contains(',', StringComparison.Ordinal))
            ? null
            : string.Join(Separator, fields);
    }

    private static NativeBinaryInfo? Parse(string line, string fullPath, long size)
    {
        string[] f = line.Split(Separator);
        if (f.Length != 11 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long cachedSize) || cachedSize != size
            || !Enum.TryParse(f[2], out BinaryFormat format) || !Enum.IsDefined(format)
            || !Enum.TryParse(f[4], out RidOs os) || !Enum.IsDefined(os)
            || !Enum.TryParse(f[5], out Libc libc) || !Enum.IsDefined(libc)
            || !int.TryParse(f[10], NumberStyles.None, CultureInfo.InvariantCulture, out int bitness))
        {
            return null;
        }

        Version? floor = null;
        if (f[7].Length > 0 && !Version.TryParse(f[7], out floor))
        {
            return null;
        }

        var info = new NativeBinaryInfo(fullPath)
        {
            Format = format,
            Os = os,
            Libc = libc,
            LibcEvidence = f[6].Length > 0 ? f[6] : null,
            GlibcFloor = floor,
            MacOsMin = f[9].Length > 0 ? f[9] : null,
            Bitness = bitness,
            FileSize = size,
        };
        info.Architectures.AddRange(f[3].Split(',', StringSplitOptions.RemoveEmptyEntries));
        info.GlibcFloorSymbols.AddRange(f[8].Split(',', StringSplitOptions.RemoveEmptyEntries));
        return info;
    }
}
