using System.Diagnostics;
using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks.Tests;

/// <summary>
/// The dependency check over hostile package folders (issue 14: the files area): seeded random layouts of
/// runtimes/&lt;rid&gt;/native/ with real binaries, corrupted and truncated ones, text, Git LFS pointers, empty files,
/// deleted files, directories, FIFOs and links to devices, under library and non-library names. The check must finish
/// within its bound, never crash, and keep the XG1010 rule: every unloadable file with a library name is reported for
/// the RID that selects it, and no file nothing loads ever is. The seed is fixed: a failure names a reproducible case.
/// </summary>
public sealed class AdversarialFilesTests : IDisposable
{
    private const int Seed = 1405;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private static readonly string[] s_libraryNames = ["libzstd.so", "libzstd.so.1", "libzstd.so.1.5.7", "libzstd.dylib", "zstd.dll", "LIBZSTD.DLL"];
    private static readonly string[] s_otherNames = ["libzstd.so.dbg", "libzstd.pdb", "libzstd.a", "zstd.lib", "LICENSE.txt", "zstd.json", "libzstd.so.sig", "NOTICE"];
    private static readonly string[] s_rids = ["linux-x64", "linux-arm64", "win-x64", "osx-arm64"];
    private readonly string _sources = Directory.CreateTempSubdirectory("cg-hostile-files-").FullName;

    public void Dispose() => Directory.Delete(_sources, recursive: true);

    private enum Content
    {
        Real,
        Flipped,
        Truncated,
        Text,
        LfsPointer,
        Empty,
        Random,
        Deleted,
        Directory,
        Fifo,
        DevZero,
    }

    /// <summary>True when the content can never be loaded, whatever the RID.</summary>
    private static bool Unloadable(Content content) => content is Content.Text or Content.LfsPointer or Content.Empty
        or Content.Deleted or Content.Directory or Content.Fifo or Content.DevZero;

    [Fact]
    public void Seeded_hostile_native_folders_keep_the_unloadable_file_rule_within_the_bound()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 6; round++)
        {
            var assets = new AssetsBuilder();
            var files = new Dictionary<string, string>();
            var planned = new List<(string Relative, string Rid, bool LibraryName, Content Content)>();
            foreach (string rid in s_rids)
            {
                int count = 1 + random.Next(3);
                for (int i = 0; i < count; i++)
                {
                    bool library = random.Next(2) == 0;
                    string name = library ? s_libraryNames[random.Next(s_libraryNames.Length)] : s_otherNames[random.Next(s_otherNames.Length)];
                    string relative = $"runtimes/{rid}/native/{i}-{name}";
                    if (files.ContainsKey(relative))
                    {
                        continue;
                    }

                    var content = (Content)random.Next(Enum.GetValues<Content>().Length);
                    files[relative] = Source(content, rid, random);
                    planned.Add((relative, rid, library, content));
                }
            }

            assets.Package("Hostile" + round, "1.0.0", files);
            string folder = Path.Combine(assets.PackagesFolder, "hostile" + round, "1.0.0");
            foreach ((string relative, _, _, Content content) in planned)
            {
                Replace(Path.Combine(folder, relative), content);
            }

            var engine = new MockBuildEngine();
            CheckNativeAssets task = CheckNativeAssetsTasks.Create(assets, engine, s_rids, "none");
            task.MinMacOS = "15.0";

            bool ok = task.Execute();

            string context = $"seed {Seed}, round {round}: " + string.Join("; ", planned.Select(p => $"{p.Relative}={p.Content}"))
                + "\n" + string.Join("\n", engine.Warnings.Select(w => w.Code + " " + w.Message).Concat(engine.Errors.Select(e => e.Code + " " + e.Message)));
            Assert.True(ok, context);
            Assert.Empty(engine.Errors);
            Assert.All(engine.Warnings, w => Assert.Matches("^XG1\\d{3}$", w.Code));
            List<BuildWarningEventArgs> xg1010 = engine.Warnings.Where(w => w.Code == "XG1010").ToList();
            foreach ((string relative, string rid, bool library, Content content) in planned)
            {
                bool reported = xg1010.Any(w => w.Message!.Contains($"selects '{relative}' for {rid},", StringComparison.Ordinal));
                if (library && Unloadable(content))
                {
                    Assert.True(reported, $"{relative} ({content}) was not reported: {context}");
                }
                else if (!library && content is not (Content.Flipped or Content.Truncated or Content.Real or Content.Random))
                {
                    Assert.False(reported, $"{relative} ({content}) has no library name and no image header but was reported: {context}");
                }
            }

            Assert.True(clock.Elapsed < s_bound, $"took {clock.Elapsed}: {context}");
        }
    }

    private string Source(Content content, string rid, Random random)
    {
        string real = rid switch
        {
            "linux-x64" => RealBinaries.LinuxX64So,
            "linux-arm64" => RealBinaries.LinuxArm64So,
            "osx-arm64" => RealBinaries.OsxArm64Dylib,
            _ => RealBinaries.WinX64Dll,
        };
        byte[] bytes = content switch
        {
            Content.Real => File.ReadAllBytes(real),
            Content.Flipped => Flip(File.ReadAllBytes(real), random),
            Content.Truncated => File.ReadAllBytes(real)[..(1 + random.Next(256))],
            Content.Text => "<html>404</html>\n"u8.ToArray(),
            Content.LfsPointer => "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"u8.ToArray(),
            Content.Random => Bytes(random, 1 + random.Next(4096)),
            _ => "placeholder, replaced in the package folder"u8.ToArray(),
        };
        string path = Path.Combine(_sources, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Turns a copied file into what no source file can be: gone, a directory, a FIFO, a link to a device.</summary>
    private static void Replace(string path, Content content)
    {
        switch (content)
        {
            case Content.Empty:
                File.WriteAllBytes(path, Array.Empty<byte>());
                break;
            case Content.Deleted:
                File.Delete(path);
                break;
            case Content.Directory:
                File.Delete(path);
                Directory.CreateDirectory(path);
                break;
            case Content.Fifo when !OperatingSystem.IsWindows():
                File.Delete(path);
                using (Process mkfifo = Process.Start("mkfifo", [path]))
                {
                    mkfifo.WaitForExit();
                }

                break;
            case Content.DevZero when !OperatingSystem.IsWindows():
                File.Delete(path);
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
        }
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        for (int i = 1 + random.Next(32); i > 0; i--)
        {
            bytes[random.Next(Math.Min(bytes.Length, 4096))] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
