using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Core.Packaging;

/// <summary>One file of a package: its path inside the package and where its bytes are on disk.</summary>
/// <param name="PackagePath">Path inside the package, '/'-separated ("runtimes/linux-x64/native/libfoo.so").</param>
/// <param name="FullPath">The file on disk (an extracted entry, a file of a package folder, a project item's source).</param>
/// <param name="Item">The project item that packs it (pack time): its file and 1-based line; null elsewhere.</param>
public sealed record PackageFile(string PackagePath, string FullPath, SourceLocation? Item = null);

/// <summary>Where something is declared: a file and a 1-based line (0: the file only).</summary>
public sealed record SourceLocation(string File, int Line);

/// <summary>
/// What a package holds, as the audit needs it: the id and version and the files under runtimes/ (and runtime.json).
/// Built from the pack items (at pack time), a package folder, or a .nupkg read as untrusted input: only the entries the
/// audit judges are extracted, into a private temporary folder removed on <see cref="Dispose"/>, with every entry path
/// checked (no absolute paths, no '..', no device names), per-entry and total size limits enforced on the bytes actually
/// inflated (not on the sizes the archive claims), and a cap on the number of entries.
/// </summary>
public sealed class PackageContents : IDisposable
{
    /// <summary>Largest entry extracted (native libraries of real packages stay well below: libtorch's ~1.5 GB is the outlier).</summary>
    public const long MaxEntryBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest total extracted from one package.</summary>
    public const long MaxTotalBytes = 8L * 1024 * 1024 * 1024;

    /// <summary>Most entries a package may hold.</summary>
    public const int MaxEntries = 200_000;

    private readonly string? _temporary;

    private PackageContents(string id, string version, IReadOnlyList<PackageFile> files, string? temporary)
    {
        Id = id;
        Version = version;
        Files = files;
        _temporary = temporary;
    }

    public string Id { get; }

    public string Version { get; }

    /// <summary>Files under runtimes/ and a root runtime.json; other files are not needed by the audit.</summary>
    public IReadOnlyList<PackageFile> Files { get; }

    /// <summary>From files already known (pack items): only those under runtimes/ and a root runtime.json are kept.</summary>
    public static PackageContents FromFiles(string id, string version, IEnumerable<PackageFile> files) =>
        new(id, version, files.Where(f => Audited(f.PackagePath)).GroupBy(f => f.PackagePath, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList(), null);

    /// <summary>True for the paths the audit reads: runtimes/** and runtime.json.</summary>
    public static bool Audited(string packagePath) =>
        packagePath.StartsWith("runtimes/", StringComparison.OrdinalIgnoreCase) || string.Equals(packagePath, "runtime.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A package folder (an extracted package, a global-packages folder entry, a layout about to be packed).</summary>
    /// <exception cref="CoverageInputException">XG9120 when it does not exist.</exception>
    public static PackageContents FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw CoverageInputException.From(DiagnosticCatalogue.PackagePathMissing, folder);
        }

        string root = Path.GetFullPath(folder);
        var files = new List<PackageFile>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (string file in Directory.EnumerateFiles(root, "*", options))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (Audited(relative))
            {
                files.Add(new PackageFile(relative, file));
            }
        }

        (string? id, string? version) = Directory.EnumerateFiles(root, "*.nuspec").FirstOrDefault() is { } nuspec ? ReadNuspec(File.ReadAllBytes(nuspec)) : (null, null);
        string name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        return new PackageContents(id ?? name, version ?? string.Empty, files.OrderBy(f => f.PackagePath, StringComparer.Ordinal).ToList(), null);
    }

    /// <summary>A .nupkg, read as untrusted input (see the class remarks).</summary>
    /// <param name="path">The package.</param>
    /// <param name="maxEntryBytes">Largest entry extracted (tests lower it).</param>
    /// <param name="maxEntries">Most entries accepted (tests lower it).</param>
    /// <exception cref="CoverageInputException">XG9120-XG9124.</exception>
    public static PackageContents FromNupkg(string path, long maxEntryBytes = MaxEntryBytes, int maxEntries = MaxEntries)
    {
        if (!File.Exists(path))
        {
            throw CoverageInputException.From(DiagnosticCatalogue.PackagePathMissing, path);
        }

        string temporary = Path.Combine(Path.GetTempPath(), "crossguard-audit-" + Guid.NewGuid().ToString("N"));
        try
        {
            CreatePrivateDirectory(temporary);
            var files = new List<PackageFile>();
            string? id = null;
            string? version = null;
            using (FileStream stream = File.OpenRead(path))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read))
            {
                if (zip.Entries.Count > maxEntries)
                {
                    throw CoverageInputException.From(DiagnosticCatalogue.TooManyPackageEntries, path, maxEntries);
                }

                long total = 0;
                foreach (ZipArchiveEntry entry in zip.Entries)
                {
                    string name = entry.FullName.Replace('\\', '/');
                    if (!IsSafeEntryName(name))
                    {
                        throw CoverageInputException.From(DiagnosticCatalogue.UnsafePackageEntry, path, entry.FullName);
                    }

                    if (name.EndsWith('/'))
                    {
                        continue;
                    }

                    string decoded = Uri.UnescapeDataString(name);
                    if (!decoded.Contains('/', StringComparison.Ordinal) && decoded.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                    {
                        (id, version) = ReadNuspec(ReadBounded(entry, 4 * 1024 * 1024, path, ref total));
                        continue;
                    }

                    if (!Audited(decoded) || !IsSafeEntryName(decoded))
                    {
                        continue;
                    }

                    string target = Path.GetFullPath(Path.Combine(temporary, decoded.Replace('/', Path.DirectorySeparatorChar)));
                    if (!target.StartsWith(temporary + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw CoverageInputException.From(DiagnosticCatalogue.UnsafePackageEntry, path, entry.FullName);
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    using (Stream source = entry.Open())
                    using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    {
                        Copy(source, output, entry.FullName, path, ref total, maxEntryBytes);
                    }

                    files.Add(new PackageFile(decoded, target));
                }
            }

            string fallback = Path.GetFileNameWithoutExtension(path);
            return new PackageContents(id ?? fallback, version ?? string.Empty, files.OrderBy(f => f.PackagePath, StringComparer.Ordinal).ToList(), temporary);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or UnauthorizedAccessException or XmlException)
        {
            Delete(temporary);
            throw CoverageInputException.From(DiagnosticCatalogue.NotAReadablePackage, path, ex.Message.TrimEnd('.'));
        }
        catch
        {
            Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// False for names that could leave the extraction folder or mean something else to a file system: rooted paths,
    /// drive letters, '..' or '.' segments, empty segments, NUL and control characters.
    /// </summary>
    public static bool IsSafeEntryName(string name)
    {
        if (name.Length == 0 || name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal) || name.Any(c => c < 0x20))
        {
            return false;
        }

        string[] segments = name.TrimEnd('/').Split('/');
        return segments.All(s => s.Length > 0 && s != "." && s != "..");
    }

    public void Dispose()
    {
        if (_temporary is not null)
        {
            Delete(_temporary);
        }
    }

    private static byte[] ReadBounded(ZipArchiveEntry entry, int limit, string path, ref long total)
    {
        using Stream source = entry.Open();
        using var buffer = new MemoryStream();
        Copy(source, buffer, entry.FullName, path, ref total, limit);
        return buffer.ToArray();
    }

    private static void Copy(Stream source, Stream output, string entry, string path, ref long total, long limit = MaxEntryBytes)
    {
        var chunk = new byte[81920];
        long written = 0;
        int read;
        while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            written += read;
            total += read;
            if (written > limit || total > MaxTotalBytes)
            {
                throw CoverageInputException.From(DiagnosticCatalogue.PackageEntryTooLarge, path, entry, Size(Math.Min(limit, MaxTotalBytes)));
            }

            output.Write(chunk, 0, read);
        }
    }

    private static string Size(long bytes) => bytes >= 1024L * 1024 * 1024 ? (bytes / (1024L * 1024 * 1024)) + " GiB" : (bytes / (1024 * 1024)) + " MiB";

    /// <summary>The nuspec's id and version; nulls when absent. DTDs are refused (no entity expansion).</summary>
    private static (string? Id, string? Version) ReadNuspec(byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 8 * 1024 * 1024 };
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        string? id = null;
        string? version = null;
        reader.MoveToContent();
        while (!reader.EOF && (id is null || version is null))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && reader.LocalName is "id" or "version")
            {
                // ReadElementContentAsString moves past the element: no Read() after it.
                string element = reader.LocalName;
                string value = reader.ReadElementContentAsString().Trim();
                if (element == "id")
                {
                    id ??= value;
                }
                else
                {
                    version ??= value;
                }

                continue;
            }

            reader.Read();
        }

        return (id, version);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
