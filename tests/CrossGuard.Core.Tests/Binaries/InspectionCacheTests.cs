using CrossGuard.Core.Binaries;
using CrossGuard.Core.Tests.Infrastructure;
using Xunit;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>The machine-wide inspection cache: faithful for every field the verdicts use, and a miss for anything odd.</summary>
public sealed class InspectionCacheTests
{
    private static readonly string s_sha = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "crossguard-core-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Every_real_binary_reads_back_as_inspected()
    {
        string directory = NewDirectory();
        var files = RealBinaries.All.Select(f => f.Path).ToList();
        Assert.True(files.Count > 20);
        var writer = new InspectionCache(directory);
        var inspected = files.ToDictionary(f => f, NativeBinaryInspector.Inspect);
        foreach ((string file, NativeBinaryInfo info) in inspected)
        {
            Assert.Null(writer.TryGet(s_sha, RealBinaries.Relative(file), file));
            writer.Add(s_sha, RealBinaries.Relative(file), info);
        }

        Assert.True(writer.Save());

        var reader = new InspectionCache(directory);
        foreach ((string file, NativeBinaryInfo want) in inspected)
        {
            NativeBinaryInfo? got = reader.TryGet(s_sha, RealBinaries.Relative(file), file);
            Assert.NotNull(got);
            Assert.Equal(want.Format, got!.Format);
            Assert.Equal(want.Architectures, got.Architectures);
            Assert.Equal(want.Os, got.Os);
            Assert.Equal(want.Libc, got.Libc);
            Assert.Equal(want.LibcEvidence, got.LibcEvidence);
            Assert.Equal(want.GlibcFloor, got.GlibcFloor);
            Assert.Equal(want.GlibcFloorSymbols, got.GlibcFloorSymbols);
            Assert.Equal(want.MacOsMin, got.MacOsMin);
            Assert.Equal(want.Bitness, got.Bitness);
            Assert.Equal(want.IsNative, got.IsNative);
            Assert.Equal(file, got.Path);
        }

        Assert.Equal(inspected.Count, reader.Hits);
        Assert.Equal(0, reader.Misses);
    }

    [Fact]
    public void Another_size_another_package_hash_or_a_foreign_file_is_a_miss()
    {
        string directory = NewDirectory();
        string binary = RealBinaries.OfKind(RealBinaries.Kind.Elf).First();
        var cache = new InspectionCache(directory);
        cache.Add(s_sha, "lib/x.so", NativeBinaryInspector.Inspect(binary));
        Assert.True(cache.Save());

        // Same package path but a file of another size (a patched binary): inspected again.
        string other = RealBinaries.All.Select(f => f.Path).First(f => new FileInfo(f).Length != new FileInfo(binary).Length);
        Assert.Null(new InspectionCache(directory).TryGet(s_sha, "lib/x.so", other));
        Assert.NotNull(new InspectionCache(directory).TryGet(s_sha, "lib/x.so", binary));
        string otherSha = Convert.ToBase64String(new byte[64]);
        Assert.Null(new InspectionCache(directory).TryGet(otherSha, "lib/x.so", binary));
        Assert.Null(new InspectionCache(directory).TryGet("not base64!", "lib/x.so", binary));

        // Damaged or foreign content: every line is a miss, nothing throws.
        string file = Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories).Single();
        string[] lines = File.ReadAllLines(file);
        File.WriteAllLines(file, new[] { lines[0], lines[1].Replace("Elf", "Bogus", StringComparison.Ordinal) });
        Assert.Null(new InspectionCache(directory).TryGet(s_sha, "lib/x.so", binary));
        File.WriteAllLines(file, new[] { "CROSSGUARD-INSPECT 1 " + Guid.NewGuid().ToString("N"), lines[1] });
        Assert.Null(new InspectionCache(directory).TryGet(s_sha, "lib/x.so", binary));
        File.WriteAllBytes(file, new byte[] { 0xFF, 0x00, 0x1F, 0x0A });
        Assert.Null(new InspectionCache(directory).TryGet(s_sha, "lib/x.so", binary));
    }

    [Fact]
    public void Unreadable_binaries_are_not_cached_and_an_unwritable_directory_is_not_an_error()
    {
        string directory = NewDirectory();
        string bogus = Path.Combine(directory + "-input", "bogus.so");
        Directory.CreateDirectory(Path.GetDirectoryName(bogus)!);
        File.WriteAllBytes(bogus, new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 });
        NativeBinaryInfo broken = NativeBinaryInspector.Inspect(bogus);
        Assert.NotNull(broken.Error);
        var cache = new InspectionCache(directory);
        cache.Add(s_sha, "bogus.so", broken);
        Assert.True(cache.Save());
        Assert.Null(new InspectionCache(directory).TryGet(s_sha, "bogus.so", bogus));

        // A file where the cache directory should be: not used (said once, up front), lookups miss, nothing throws.
        string blocked = NewDirectory();
        Directory.CreateDirectory(Path.GetDirectoryName(blocked)!);
        File.WriteAllText(blocked, "not a directory");
        string binary = RealBinaries.OfKind(RealBinaries.Kind.Elf).First();
        var unwritable = new InspectionCache(blocked);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal("it is not a directory", unwritable.NotUsedBecause);
        }

        unwritable.Add(s_sha, "x.so", NativeBinaryInspector.Inspect(binary));
        unwritable.Save();
        Assert.Equal("not a directory", File.ReadAllText(blocked));
        Assert.Null(new InspectionCache(blocked).TryGet(s_sha, "x.so", binary));

        // A cache file where its package folder should be: Save reports false.
        string nested = NewDirectory();
        var first = new InspectionCache(nested);
        Assert.Null(first.TryGet(s_sha, "x.so", binary));
        first.Add(s_sha, "x.so", NativeBinaryInspector.Inspect(binary));
        Assert.True(first.Save());
        string packageFolder = Path.GetDirectoryName(Directory.EnumerateFiles(nested, "*.txt", SearchOption.AllDirectories).Single())!;
        Directory.Delete(packageFolder, recursive: true);
        File.WriteAllText(packageFolder, "in the way");
        var second = new InspectionCache(nested);
        Assert.Null(second.TryGet(s_sha, "x.so", binary));
        second.Add(s_sha, "x.so", NativeBinaryInspector.Inspect(binary));
        Assert.False(second.Save());
    }

    [Fact]
    public void The_header_names_the_format_and_the_inspector_sources_not_the_build()
    {
        // Every build of the same inspector code shares entries (the package's tasks at any version, the dotnet tool):
        // the header is derived from the hashes of the inspector's sources that the build records, never from the
        // module's build id or the version number (which differ between the two front ends' builds).
        string header = InspectionCache.Header;
        Assert.StartsWith(InspectionCache.FormatTag + " ", header, StringComparison.Ordinal);
        Assert.Matches("^CROSSGUARD-INSPECT 3 [0-9a-f]{16}$", header);
        System.Reflection.Assembly core = typeof(InspectionCache).Assembly;
        Assert.DoesNotContain(core.ManifestModule.ModuleVersionId.ToString("N"), header, StringComparison.Ordinal);
        string sources = core.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "CrossGuardInspectorSources").Value!;
        string[] names = sources.Split(';').Select(p => p.Split('=')[0]).ToArray();
        Assert.Contains("ElfReader.cs", names);
        Assert.Contains("InspectionCache.cs", names);
        Assert.Equal(Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", "CrossGuard.Core", "Binaries"), "*.cs", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        string[] reordered = sources.Split(';').Reverse().ToArray();
        Assert.Equal(header, InspectionCache.FormatTag + " " + Core.Coverage.NativesManifest.Hash(reordered.Order(StringComparer.Ordinal)).ToLowerInvariant());
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CrossGuard.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
