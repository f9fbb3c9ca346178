using System.IO.Compression;
using System.Text;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>
/// Writes a small .nupkg carrying only native files into the run's local feed, the way a package with a packaging
/// mistake looks on a public feed: no managed code, just runtimes/&lt;rid&gt;/native/ files.
/// </summary>
public static class LocalNativePackage
{
    /// <summary>Writes &lt;id&gt;.1.0.0.nupkg into the feed folder; files maps a path inside the package to a file on disk.</summary>
    public static string Write(string feedDirectory, string id, IReadOnlyDictionary<string, string> files)
    {
        const string version = "1.0.0";
        string path = Path.Combine(feedDirectory, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        WriteText(zip, id + ".nuspec", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>CrossGuard emulation tests</authors>
                <description>Synthesized by CrossGuard.EmulationTests: native files only.</description>
              </metadata>
            </package>
            """);
        foreach ((string inPackage, string source) in files)
        {
            zip.CreateEntryFromFile(source, inPackage);
        }

        return path;
    }

    private static void WriteText(ZipArchive zip, string name, string content)
    {
        using Stream stream = zip.CreateEntry(name).Open();
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        stream.Write(bytes);
    }

    /// <summary>
    /// A real x86-64 ELF shared library of the host to stand in for a package's native build: zlib, which every Debian
    /// system has. Its exported zlibVersion() lets the sample P/Invoke a real entry point. Checked by hand (ELF class and
    /// e_machine), independently of CrossGuard's inspector, so the test's premise does not rest on the code under test.
    /// </summary>
    public static string RealX64SharedLibrary()
    {
        string[] candidates = ["/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1", "/lib64/libz.so.1"];
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate) && IsX64Elf(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No x86-64 libz.so.1 found in " + string.Join(", ", candidates) + " (Debian package zlib1g)");
    }

    /// <summary>ELF magic, ELFCLASS64, little-endian, e_machine EM_X86_64 (62).</summary>
    public static bool IsX64Elf(string path)
    {
        byte[] header = new byte[20];
        using (FileStream stream = File.OpenRead(path))
        {
            if (stream.Read(header, 0, header.Length) != header.Length)
            {
                return false;
            }
        }

        return header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && header[4] == 2 && header[5] == 1 && BitConverter.ToUInt16(header, 18) == 62;
    }
}
