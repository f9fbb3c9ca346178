using CrossGuard.Analyzers.Internals;

namespace CrossGuard.Analyzers.Tests.Unit;

public sealed class ProbingAndManifestTests
{
    [Theory]
    [InlineData("foo", "Windows", "foo.dll")]
    [InlineData("foo", "Linux", "libfoo.so")]
    [InlineData("foo", "Linux", "foo.so")]
    [InlineData("foo", "MacOS", "libfoo.dylib")]
    [InlineData("libfoo", "Linux", "libfoo.so")]
    [InlineData("e_sqlite3", "MacOS", "libe_sqlite3.dylib")]
    public void Candidates_follow_the_runtime_probing(string name, string osName, string file)
    {
        TargetOs os = Enum.Parse<TargetOs>(osName);
        Assert.Contains(NativeLibraryName.CandidateFileNames(name, os), c => NativeLibraryName.FileMatches(file, c));
    }

    [Theory]
    [InlineData("libfoo.so.1", "libfoo.so", true)]
    [InlineData("libfoo.so.1.2.3", "libfoo.so", true)]
    [InlineData("runtimes/linux-x64/native/libfoo.so", "libfoo.so", true)]
    [InlineData("libfoo.so.x", "libfoo.so", false)]
    [InlineData("libfoobar.so", "libfoo.so", false)]
    [InlineData("FOO.DLL", "foo.dll", true)]
    public void Versioned_shared_objects_match_their_unversioned_name(string file, string candidate, bool matches)
    {
        Assert.Equal(matches, NativeLibraryName.FileMatches(file, candidate));
    }

    [Theory]
    [InlineData("libfoo.so", "foo")]
    [InlineData("libfoo.so.2", "foo")]
    [InlineData("foo.dll", "foo")]
    [InlineData("libfoo.dylib", "foo")]
    [InlineData("libc.so.6", "libc")]
    [InlineData("/opt/acme/libacme.so", "acme")]
    [InlineData("C:\\tools\\Foo.dll", "Foo")]
    [InlineData("lib.so", "lib")]
    [InlineData("foo", "foo")]
    public void Probing_name_drops_directory_extension_and_unix_prefix(string name, string expected)
    {
        Assert.Equal(expected, NativeLibraryName.ProbingName(name));
    }

    [Theory]
    [InlineData("libc", "Linux", true)]
    [InlineData("libc.so.6", "MacOS", true)]
    [InlineData("libc", "Windows", false)]
    [InlineData("KERNEL32.dll", "Windows", true)]
    [InlineData("kernel32", "Linux", false)]
    [InlineData("libSystem.Native", "Windows", true)]
    [InlineData("/usr/lib/libSystem.B.dylib", "MacOS", true)]
    public void System_library_table_knows_which_OS_has_what(string name, string osName, bool expected)
    {
        TargetOs os = Enum.Parse<TargetOs>(osName);
        Assert.Equal(expected, KnownSystemLibraries.IsSystemLibraryOn(name, os));
    }

    [Fact]
    public void Manifest_reader_ignores_unknown_members_and_reads_escapes()
    {
        NativesManifest? manifest = NativesManifest.Parse("""
            { "generator": {"name": "CrossGuard", "flags": [true, false, null, -1.5e3]},
              "version": 1,
              "rids": { "linux-x64": { "libraries": ["lib\u0066oo.so", 42], "extra": {} },
                        "win-x64": { "libraries": [] },
                        "osx-arm64": "not an object" } }
            """);

        Assert.NotNull(manifest);
        Assert.True(manifest.Provides("linux-x64", "foo", TargetOs.Linux));
        Assert.True(manifest.Knows("win-x64"));
        Assert.False(manifest.Provides("win-x64", "foo", TargetOs.Windows));
        Assert.False(manifest.Knows("osx-arm64"));
    }

    [Theory]
    [InlineData("{\"version\":1,\"rids\":{}} trailing")]
    [InlineData("{\"version\":1,\"rids\":{\"a\":{\"libraries\":[\"x\"]}}")]
    [InlineData("{\"version\":\"1\",\"rids\":{}}")]
    [InlineData("{\"version\":1,\"rids\":{\"a\":{\"libraries\":[\"\\uZZZZ\"]}}}")]
    [InlineData("{\"version\":1,\"rids\":{\"a\":{\"libraries\":[\"unterminated]}}}")]
    [InlineData("{'version':1}")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF{}")]
    public void Malformed_manifests_yield_null_instead_of_throwing(string json)
    {
        Assert.Null(NativesManifest.Parse(json));
    }

    [Fact]
    public void Byte_order_mark_is_tolerated()
    {
        Assert.NotNull(NativesManifest.Parse("\uFEFF{\"version\":1,\"rids\":{}}"));
    }

    [Fact]
    public void Deeply_nested_input_is_rejected_without_recursing_off_the_stack()
    {
        string json = "{\"version\":1,\"rids\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Assert.Null(NativesManifest.Parse(json));
    }

    [Theory]
    [InlineData("net8.0", true, true, "8.0")]
    [InlineData("net10.0-windows10.0.19041", true, true, "10.0")]
    [InlineData("netcoreapp3.1", true, true, "3.1")]
    [InlineData("netstandard2.0", true, false, null)]
    [InlineData("net48", true, false, null)]
    [InlineData("", false, false, null)]
    [InlineData("garbage", false, false, null)]
    public void Target_frameworks_parse_to_family_and_version(string tfm, bool known, bool netCore, string? version)
    {
        TargetFrameworkInfo info = TargetFrameworkInfo.Parse(tfm);
        Assert.Equal(known, info.IsKnown);
        Assert.Equal(netCore, info.IsNetCore);
        Assert.Equal(version is null ? null : Version.Parse(version), info.Version);
    }
}
