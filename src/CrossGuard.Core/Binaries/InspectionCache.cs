using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using CrossGuard.Core.IO;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// What header inspection found in a package's native files, kept per machine so each package version is read once,
/// not once per project, RID and clean build. One small file per package, named after the package's SHA-512 (from the
/// assets file: the content NuGet verified at extraction); one line per file, keyed by its path inside the package and
/// bound to the file's identity on this machine (size, modification and change time, device and inode on Unix; size,
/// modification and creation time on Windows), so a file replaced in the package folder is inspected again even when
/// its size is unchanged. The file starts with a header naming the format and the inspector's sources, shared by every
/// front end (build, <c>crossguard check</c>, <c>crossguard inspect</c>) built from the same inspector code, so none
/// evicts another's entries and a changed inspector never trusts an older one's answers.
/// </summary>
/// <remarks>
/// The cache is untrusted input. It is used only when its folder is owned by the current user (or root) and nobody
/// else may write to it, checked the way ssh checks ~/.ssh (on Unix; Windows has no such check: the default folder
/// is under the user's profile, whose ACL already excludes other users). A folder that fails is not read or written
/// (<see cref="NotUsedBecause"/>; hosts log <see cref="NotUsedMessage"/> once and check without it). Inside, only
/// regular files owned by the user, writable by nobody else and at most <see cref="MaxEntryFileBytes"/> are read,
/// every field of every line is validated, and anything odd is a miss, never a verdict or an error. Files are created
/// 0600 in 0700 folders, through exclusive temporary files (<see cref="Coverage.NativesManifest.AtomicWrite"/>).
/// </remarks>
public sealed class InspectionCache
{
    /// <summary>Largest cache file read (one package's entries take a few KB).</summary>
    public const int MaxEntryFileBytes = 1024 * 1024;

    /// <summary>The first word of the header: the line format (bump when the fields change).</summary>
    public const string FormatTag = "CROSSGUARD-INSPECT 3";

    private const char Separator = '\u001f';
    private const int FieldCount = 13;
    private const int MaxRelativePath = 1024;
    private const int MaxArchitectures = InspectorLimits.MaxFatArches;
    private const UnixFileMode EntryFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode EntryFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly Lazy<string> s_header = new(() => FormatTag + " " + InspectorSourcesHash());
    private readonly string _directory;
    private readonly Dictionary<string, Dictionary<string, string>> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _trustedFolders = new(StringComparer.Ordinal);

    public InspectionCache(string directory)
    {
        _directory = Path.GetFullPath(directory);
        NotUsedBecause = FolderProblem(_directory, isRoot: true);
    }

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

    /// <summary>
    /// The package hash restore records in the assets file, read from the global packages folder's
    /// &lt;id&gt;.&lt;version&gt;.nupkg.sha512 (what the CLI uses for packages it resolved itself, so its entries are the
    /// build's); null unless that is a small regular file holding a base64 SHA-512.
    /// </summary>
    public static string? ReadPackageHash(string sha512File)
    {
        byte[]? bytes = BoundedFile.TryRead(sha512File, 1024);
        string? text = bytes is null ? null : Encoding.UTF8.GetString(bytes).Trim();
        Span<byte> hash = stackalloc byte[64];
        return text is not null && Convert.TryFromBase64String(text, hash, out int written) && written == 64 ? text : null;
    }

    /// <summary>The header line every cache file starts with (the same for every front end of one inspector).</summary>
    public static string Header => s_header.Value;

    /// <summary>The cache folder (full path).</summary>
    public string Folder => _directory;

    /// <summary>Why the folder is not trusted (then nothing is read from or written to it), or null.</summary>
    public string? NotUsedBecause { get; private set; }

    /// <summary>The one information line hosts log when <see cref="NotUsedBecause"/> is set, or null.</summary>
    public string? NotUsedMessage => NotUsedBecause is null ? null
        : $"CrossGuard is not using the inspection cache '{_directory}': {NotUsedBecause}. Checking without it. A cache folder must be owned by you and writable by nobody else (chmod 700 it), or set CrossGuardInspectionCacheDirectory to a folder of your own, or to none.";

    /// <summary>Files answered from the cache.</summary>
    public int Hits { get; private set; }

    /// <summary>Files that had to be inspected.</summary>
    public int Misses { get; private set; }

    /// <summary>The cached result for a package file, or null.</summary>
    public NativeBinaryInfo? TryGet(string packageSha512, string relativePath, string fullPath)
    {
        if (NotUsedBecause is null)
        {
            string? identity = IdentityOf(fullPath);
            _identities[fullPath] = identity;
            Dictionary<string, string>? entries = identity is null ? null : Load(packageSha512);
            if (entries is not null && entries.TryGetValue(relativePath, out string? line) && Parse(line, relativePath, identity!, fullPath) is { } info)
            {
                Hits++;
                return info;
            }
        }

        Misses++;
        return null;
    }

    /// <summary>
    /// Remembers an inspection result (not written until <see cref="Save"/>), bound to the file's identity as
    /// <see cref="TryGet"/> saw it before the inspection (or as it is now, when TryGet was not asked).
    /// </summary>
    public void Add(string packageSha512, string relativePath, NativeBinaryInfo info)
    {
        if (NotUsedBecause is not null)
        {
            return;
        }

        if (!_identities.TryGetValue(info.Path, out string? identity))
        {
            identity = IdentityOf(info.Path);
        }

        string? line = identity is null ? null : Format(relativePath, identity, info);
        Dictionary<string, string>? entries = line is null ? null : Load(packageSha512);
        if (entries is null)
        {
            return;
        }

        entries[relativePath] = line!;
        _dirty.Add(packageSha512);
    }

    /// <summary>Writes the packages that gained entries; false when the folder could not be written or is not trusted (results still stand).</summary>
    public bool Save()
    {
        bool saved = true;
        foreach (string sha in _dirty)
        {
            string? path = FileFor(sha);
            if (path is null || NotUsedBecause is not null)
            {
                continue;
            }

            try
            {
                string folder = Path.GetDirectoryName(path)!;
                CreateFolder(_directory);
                CreateFolder(folder);

                // Created just now, or by someone else in between: trust only what the checks accept.
                NotUsedBecause ??= FolderProblem(_directory, isRoot: true);
                if (NotUsedBecause is not null || !IsTrustedFolder(folder))
                {
                    saved = false;
                    continue;
                }

                var text = new StringBuilder(Header).Append('\n');
                foreach (string line in _packages[sha].Values.OrderBy(l => l, StringComparer.Ordinal))
                {
                    text.Append(line).Append('\n');
                }

                Coverage.NativesManifest.AtomicWrite(path, Encoding.UTF8.GetBytes(text.ToString()), EntryFileMode);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                saved = false;
            }
        }

        _dirty.Clear();
        return saved;
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, EntryFolderMode);
        }
    }

    /// <summary>
    /// Null when the folder may be used: it is missing (created 0700 on save, then checked again), or a directory
    /// owned by this user or root that neither group nor others can write (a symbolic link to one is followed for the
    /// configured folder itself, never below it). Otherwise why not, in a few words.
    /// </summary>
    private static string? FolderProblem(string path, bool isRoot)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (!UnixFileStatus.IsAvailable)
        {
            return "its owner cannot be verified on this system (the .NET runtime's stat shim did not answer as expected)";
        }

        if (UnixFileStatus.Get(path, followLinks: isRoot) is not { } entry)
        {
            return null;
        }

        uint me = UnixFileStatus.EffectiveUserId;
        if (!entry.IsDirectory)
        {
            return entry.IsSymbolicLink ? "it is a symbolic link" : "it is not a directory";
        }

        if (entry.Owner != me && entry.Owner != 0)
        {
            return $"it is owned by uid {entry.Owner.ToString(CultureInfo.InvariantCulture)}, not by you (uid {me.ToString(CultureInfo.InvariantCulture)})";
        }

        return entry.IsWritableByOthers ? $"group or others can write to it (mode {entry.Permissions})" : null;
    }

    private bool IsTrustedFolder(string folder)
    {
        if (!_trustedFolders.TryGetValue(folder, out bool trusted))
        {
            trusted = FolderProblem(folder, isRoot: false) is null;
            _trustedFolders[folder] = trusted;
        }

        return trusted;
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
        if (!IsTrustedFolder(Path.GetDirectoryName(path)!) || ReadEntryFile(path) is not { } bytes)
        {
            return entries;
        }

        string[] lines = BoundedFile.SplitLines(bytes);
        if (lines.Length > 0 && lines[0] == Header)
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

        return entries;
    }

    /// <summary>A cache file's bytes when it is a regular file (not a link) of this user that nobody else can write, and not too large; else null.</summary>
    private static byte[]? ReadEntryFile(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                var file = new FileInfo(path);
                return file.Exists && (file.Attributes & FileAttributes.ReparsePoint) == 0 ? BoundedFile.TryRead(path, MaxEntryFileBytes) : null;
            }

            if (UnixFileStatus.Get(path, followLinks: false) is not { } entry || !entry.IsRegularFile || entry.IsWritableByOthers
                || (entry.Owner != UnixFileStatus.EffectiveUserId && entry.Owner != 0) || entry.Size <= 0 || entry.Size > MaxEntryFileBytes)
            {
                return null;
            }

            return BoundedFile.ReadAtMost(path, MaxEntryFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
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

    /// <summary>
    /// The file's identity on this machine, in one stat: "size:mtime:ctime:device:inode" (times in UTC ticks) on Unix,
    /// "size:mtime:creation" on Windows; null when it is not a regular file or cannot be stat-ed (then no caching).
    /// The change time is what a replaced file cannot keep: cp -p onto the old file keeps the inode and can restore
    /// the modification time, mv brings another inode, and both set a new change time.
    /// </summary>
    internal static string? IdentityOf(string fullPath)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                var file = new FileInfo(fullPath);
                return file.Exists && file.Length > 0
                    ? string.Join(":", file.Length.ToString(CultureInfo.InvariantCulture), file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), file.CreationTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture))
                    : null;
            }

            if (UnixFileStatus.Get(fullPath, followLinks: true) is not { } entry || !entry.IsRegularFile || entry.Size <= 0)
            {
                return null;
            }

            return string.Join(":", entry.Size.ToString(CultureInfo.InvariantCulture), Ticks(entry.ModifiedSeconds, entry.ModifiedNanoseconds),
                Ticks(entry.ChangedSeconds, entry.ChangedNanoseconds), entry.Device.ToString(CultureInfo.InvariantCulture), entry.Inode.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string Ticks(long seconds, long nanoseconds) =>
        (DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A short hash of the inspector's sources as the build recorded them (file name = SHA-256, in any order); the
    /// module's build id when the attribute is missing (a build outside this repository's project file).
    /// </summary>
    private static string InspectorSourcesHash()
    {
        foreach (CustomAttributeData attribute in typeof(InspectionCache).Assembly.GetCustomAttributesData())
        {
            if (attribute.AttributeType == typeof(AssemblyMetadataAttribute) && attribute.ConstructorArguments.Count == 2
                && attribute.ConstructorArguments[0].Value as string == "CrossGuardInspectorSources" && attribute.ConstructorArguments[1].Value is string { Length: > 0 } sources)
            {
                string[] parts = sources.Split(';', StringSplitOptions.RemoveEmptyEntries);
                Array.Sort(parts, StringComparer.Ordinal);
                return Coverage.NativesManifest.Hash(parts).ToLowerInvariant();
            }
        }

        return typeof(InspectionCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    }

    // relative, identity, format, architectures, os, libc, libc evidence, glibc floor, floor symbols, macOS minimum, bitness, size,
    // needed libraries (DT_NEEDED / imports: the dependency check's XG2010 reads them)
    private static string? Format(string relativePath, string identity, NativeBinaryInfo info)
    {
        if (info.Error is not null || info.IsUnreadable || info.FileSize <= 0 || !identity.StartsWith(info.FileSize.ToString(CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal))
        {
            // Unreadable, or the file changed size between the identity and the inspection: not cached.
            return null;
        }

        string[] fields =
        {
            relativePath, identity, info.Format.ToString(), string.Join(",", info.Architectures),
            info.Os.ToString(), info.Libc.ToString(), info.LibcEvidence ?? string.Empty, info.GlibcFloor?.ToString() ?? string.Empty,
            string.Join(",", info.GlibcFloorSymbols), info.MacOsMin ?? string.Empty, info.Bitness.ToString(CultureInfo.InvariantCulture),
            info.FileSize.ToString(CultureInfo.InvariantCulture), string.Join(",", info.Needed),
        };
        string line = string.Join(Separator, fields);

        // Written only if it reads back as the same facts (what cannot be represented is not cached).
        return Parse(line, relativePath, identity, info.Path) is { } back && back.Format == info.Format && back.Architectures.SequenceEqual(info.Architectures)
            && back.GlibcFloorSymbols.SequenceEqual(info.GlibcFloorSymbols) && back.LibcEvidence == info.LibcEvidence && back.MacOsMin == info.MacOsMin
            && Equals(back.GlibcFloor, info.GlibcFloor) && back.Bitness == info.Bitness && back.Os == info.Os && back.Libc == info.Libc
            && back.Needed.SequenceEqual(info.Needed)
            ? line
            : null;
    }

    /// <summary>A cache line as facts, or null unless every field is well-formed and in range and the identity matches.</summary>
    private static NativeBinaryInfo? Parse(string line, string relativePath, string identity, string fullPath)
    {
        string[] f = line.Split(Separator);
        if (f.Length != FieldCount || f[0] != relativePath || f[0].Length > MaxRelativePath || f[1] != identity
            || !Enum.TryParse(f[2], out BinaryFormat format) || !Enum.IsDefined(format) || format.ToString() != f[2]
            || !Enum.TryParse(f[4], out RidOs os) || !Enum.IsDefined(os) || os.ToString() != f[4]
            || !Enum.TryParse(f[5], out Libc libc) || !Enum.IsDefined(libc) || libc.ToString() != f[5]
            || f[10] is not ("0" or "32" or "64")
            || !long.TryParse(f[11], NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size <= 0
            || !identity.StartsWith(f[11] + ":", StringComparison.Ordinal)
            || !IsText(f[6], InspectorLimits.MaxStringLength + 64, listItem: false))
        {
            return null;
        }

        string[] architectures = f[3].Length == 0 ? Array.Empty<string>() : f[3].Split(',');
        string[] symbols = f[8].Length == 0 ? Array.Empty<string>() : f[8].Split(',');
        string[] needed = f[12].Length == 0 ? Array.Empty<string>() : f[12].Split(',');
        if (needed.Length > InspectorLimits.MaxNeededLibraries || !needed.All(IsLibraryName))
        {
            return null;
        }

        if (architectures.Length > MaxArchitectures || !architectures.All(IsArchitectureName)
            || symbols.Length > InspectorLimits.MaxFloorSymbols || !symbols.All(s => s.Length > 0 && IsText(s, InspectorLimits.MaxStringLength, listItem: true)))
        {
            return null;
        }

        Version? floor = null;
        if (f[7].Length > 0 && !TryParseVersion(f[7], out floor))
        {
            return null;
        }

        if ((floor is null && symbols.Length > 0) || (f[9].Length > 0 && !TryParseVersion(f[9], out _)))
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
            Bitness = f[10] == "0" ? 0 : f[10] == "32" ? 32 : 64,
            FileSize = size,
        };
        info.Architectures.AddRange(architectures);
        info.GlibcFloorSymbols.AddRange(symbols);
        info.Needed.AddRange(needed);
        return info;
    }

    /// <summary>"2.34", "2.2.5", "10.15", "11.0.1": two or three numeric parts below 1000, written canonically.</summary>
    private static bool TryParseVersion(string text, out Version? version)
    {
        version = null;
        if (text.Length > 16 || !Version.TryParse(text, out Version? parsed) || parsed.Revision >= 0 || parsed.Major > 999 || parsed.Minor > 999 || parsed.Build > 999
            || parsed.ToString() != text)
        {
            return false;
        }

        version = parsed;
        return true;
    }

    /// <summary>Architecture names as the inspector writes them (x64, arm64, elf-machine-183, macho-cpu-0x7-3, coff-machine-0x1234).</summary>
    private static bool IsArchitectureName(string name) =>
        name.Length is > 0 and <= 40 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>
    /// A needed library as binaries name it: "libc.so.6", "KERNEL32.dll", "/usr/lib/libSystem.B.dylib", "@rpath/x.dylib",
    /// a framework path; anything else (the inspector never produces it) is no fact.
    /// </summary>
    private static bool IsLibraryName(string name) =>
        name.Length is > 0 and <= InspectorLimits.MaxStringLength
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-' or '+' or '@' or '/' or '$')
        && (name.Contains(".so", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.Contains(".dylib", StringComparison.Ordinal)
            || name.Contains(".framework/", StringComparison.Ordinal));

    /// <summary>Text without control characters (the field separator is one), and without commas in a list item, of at most <paramref name="max"/> characters.</summary>
    private static bool IsText(string value, int max, bool listItem) =>
        value.Length <= max && !value.Any(c => char.IsControl(c) || (listItem && c == ','));
}
