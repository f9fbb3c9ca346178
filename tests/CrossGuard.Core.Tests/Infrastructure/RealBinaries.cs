using System.Diagnostics.CodeAnalysis;

namespace CrossGuard.Core.Tests.Infrastructure;

/// <summary>
/// The real native binaries the tests run over: every file under the packages that the test project lists as
/// <c>PackageDownload</c>, found in the NuGet global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).
/// The bench project links this file, so both walk the same corpus.
/// </summary>
public static class RealBinaries
{
    /// <summary>Package id (lower case, as on disk) and version; keep in sync with the PackageDownload items.</summary>
    public static readonly (string Id, string Version)[] Packages =
    {
        ("sqlitepclraw.lib.e_sqlite3", "2.1.11"),
        ("skiasharp.nativeassets.linux", "3.119.0"),
        ("skiasharp.nativeassets.macos", "3.119.0"),
        ("skiasharp.nativeassets.win32", "3.119.0"),
        ("libgit2sharp.nativebinaries", "2.0.324"),
        ("librdkafka.redist", "2.16.0"),
    };

    public static string PackagesRoot
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            return !string.IsNullOrEmpty(env)
                ? env
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
    }

    public enum Kind
    {
        Elf,
        Pe,
        MachO,
        MachOFat,
        Archive,
    }

    private static readonly Lazy<IReadOnlyList<(string Path, Kind Kind)>> s_all = new(Scan);

    /// <summary>Every native file (by magic) in the corpus, sorted by path.</summary>
    public static IReadOnlyList<(string Path, Kind Kind)> All => s_all.Value;

    public static IEnumerable<string> OfKind(Kind kind) => All.Where(f => f.Kind == kind).Select(f => f.Path);

    /// <summary>A path relative to <see cref="PackagesRoot"/>, for readable test names.</summary>
    public static string Relative(string path) => Path.GetRelativePath(PackagesRoot, path).Replace('\\', '/');

    public static string Absolute(string relative) => Path.Combine(PackagesRoot, relative);

    private static List<(string, Kind)> Scan()
    {
        var files = new List<(string, Kind)>();
        foreach ((string id, string version) in Packages)
        {
            string root = Path.Combine(PackagesRoot, id, version);
            if (!Directory.Exists(root))
            {
                throw new InvalidOperationException($"{root} is missing: restore tests/CrossGuard.Core.Tests (PackageDownload) first.");
            }

            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                if (Classify(file) is Kind kind)
                {
                    files.Add((file, kind));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    [SuppressMessage("Style", "IDE0066", Justification = "Readability.")]
    private static Kind? Classify(string file)
    {
        byte[] head = new byte[8];
        int n;
        using (FileStream s = File.OpenRead(file))
        {
            n = s.Read(head, 0, head.Length);
        }

        if (n < 4)
        {
            return null;
        }

        uint be = (uint)((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]);
        if (be == 0x7F454C46)
        {
            return Kind.Elf;
        }

        if (head[0] == 'M' && head[1] == 'Z')
        {
            return Kind.Pe;
        }

        if (be is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE)
        {
            return Kind.MachO;
        }

        if (be is 0xCAFEBABE or 0xCAFEBABF)
        {
            return Kind.MachOFat;
        }

        if (n == 8 && System.Text.Encoding.ASCII.GetString(head) == "!<arch>\n")
        {
            return Kind.Archive;
        }

        return null;
    }
}
