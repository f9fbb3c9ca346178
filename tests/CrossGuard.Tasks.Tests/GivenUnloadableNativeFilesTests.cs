using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks.Tests;

/// <summary>
/// Issue 14 item 5: a selected native file that is missing, unreadable, not a binary, a Git LFS pointer or an ELF whose
/// header cannot be read is XG1010 for the RIDs that select it (it used to count as "ok"); files nothing loads
/// (debug files, licences, static archives) never are.
/// </summary>
public sealed class GivenUnloadableNativeFilesTests : IDisposable
{
    private const string LfsPointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    private readonly string _sources = Directory.CreateTempSubdirectory("cg-unloadable-").FullName;

    public void Dispose() => Directory.Delete(_sources, recursive: true);

    private string Source(string name, byte[] content)
    {
        string path = Path.Combine(_sources, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Source(string name, string text) => Source(name, System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>The first 64 bytes of ZstdNet's real linux-x64 libzstd.so with EI_CLASS set to 255.</summary>
    private string ElfWithClass255()
    {
        byte[] header = File.ReadAllBytes(RealBinaries.LinuxX64So)[..64];
        header[4] = 255;
        return Source("class255.so", header);
    }

    private static (CheckNativeAssets Task, MockBuildEngine Engine) Task(AssetsBuilder assets, string rids, string currentRid = "")
    {
        var engine = new MockBuildEngine();
        CheckNativeAssets task = CheckNativeAssetsTasks.Create(assets, engine, rids.Split(';'), "none");
        task.RuntimeIdentifier = currentRid;
        return (task, engine);
    }

    [Fact]
    public void Git_lfs_pointer_in_place_of_the_library_is_XG1010_and_an_error_for_the_rid_being_published()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = Source("pointer.so", LfsPointer),
            ["runtimes/win-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });

        (CheckNativeAssets build, MockBuildEngine buildEngine) = Task(assets, "linux-x64;win-x64");
        Assert.True(build.Execute());
        BuildWarningEventArgs warning = Assert.Single(buildEngine.Warnings);
        Assert.Equal("XG1010", warning.Code);
        Assert.Contains("selects 'runtimes/linux-x64/native/libzstd.so' for linux-x64, but it is a Git LFS pointer", warning.Message, StringComparison.Ordinal);
        Assert.Contains("DllNotFoundException on linux-x64", warning.Message, StringComparison.Ordinal);

        (CheckNativeAssets publish, MockBuildEngine publishEngine) = Task(assets, "linux-x64;win-x64", currentRid: "linux-x64");
        Assert.False(publish.Execute());
        Assert.Equal("XG1010", Assert.Single(publishEngine.Errors).Code);
    }

    [Fact]
    public void Deleted_library_is_XG1010_missing()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });
        File.Delete(Path.Combine(assets.PackagesFolder, "foo", "1.0.0", "runtimes", "linux-x64", "native", "libzstd.so"));

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-musl-x64");

        Assert.True(task.Execute());
        Assert.Equal(2, engine.Warnings.Count);
        Assert.All(engine.Warnings, w =>
        {
            Assert.Equal("XG1010", w.Code);
            Assert.Contains("but the file is missing from the package folder", w.Message, StringComparison.Ordinal);
        });
        Assert.Contains(engine.Warnings, w => w.Message!.Contains("for linux-musl-x64", StringComparison.Ordinal));
    }

    [Fact]
    public void Elf_with_class_255_is_XG1010_header_unreadable_whatever_its_name()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/zstd"] = ElfWithClass255(),
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1010", warning.Code);
        Assert.Contains("its ELF header cannot be read (invalid ELF class 255", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("libzstd.so.1", "it is not a native binary (no ELF, PE or Mach-O header)")]
    [InlineData("libzstd.so.1.5.7", "it is not a native binary (no ELF, PE or Mach-O header)")]
    [InlineData("libzstd.dylib", "it is not a native binary (no ELF, PE or Mach-O header)")]
    [InlineData("ZSTD.DLL", "it is not a native binary (no ELF, PE or Mach-O header)")]
    public void Text_file_named_like_a_library_is_XG1010_not_a_binary(string name, string reason)
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/" + name] = Source("text.bin", "<html>404 Not Found</html>\n"),
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1010", warning.Code);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_nothing_loads_are_never_XG1010_even_when_they_are_text_missing_or_lfs_pointers()
    {
        string text = Source("notes.txt", "not a binary\n");
        string pointer = Source("pointer", LfsPointer);
        var files = new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/linux-x64/native/libzstd.so.dbg"] = pointer,
            ["runtimes/linux-x64/native/libzstd.pdb"] = text,
            ["runtimes/linux-x64/native/libzstd.debug"] = text,
            ["runtimes/linux-x64/native/libzstd.so.sig"] = text,
            ["runtimes/linux-x64/native/LICENSE.txt"] = text,
            ["runtimes/linux-x64/native/THIRD-PARTY-NOTICES"] = text,
            ["runtimes/linux-x64/native/zstd.json"] = text,
            ["runtimes/linux-x64/native/libzstd.a"] = pointer,
            ["runtimes/linux-x64/native/zstd.lib"] = text,
            ["runtimes/linux-x64/native/libzstd.so.old"] = text,
        };
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", files);
        File.Delete(Path.Combine(assets.PackagesFolder, "foo", "1.0.0", "runtimes", "linux-x64", "native", "libzstd.pdb"));

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64", currentRid: "linux-x64");

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void A_broken_file_for_one_rid_leaves_the_other_rids_ok()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/linux-arm64/native/libzstd.so"] = Source("empty.so", Array.Empty<byte>()),
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-arm64", currentRid: "linux-x64");

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1010", warning.Code);
        Assert.Contains("for linux-arm64, but it is an empty file (or not a regular file)", warning.Message, StringComparison.Ordinal);
    }
}
