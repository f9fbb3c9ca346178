using System.IO.Compression;
using System.Text;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `crossguard inspect` against a hostile feed (a local folder source of crafted packages) and hostile command-line
/// input (issue 14 items 10 and 11). Every case ends within its time bound with a coded input (3) or feed (4) error or a
/// normal report, never an internal error (5) or a stack trace. The mutation cases use a fixed seed, so a failure
/// names a reproducible case.
/// </summary>
public sealed class AdversarialFeedTests : IDisposable
{
    private const int Seed = 14;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);
    private readonly string _root = Directory.CreateTempSubdirectory("cg-hostile-feed-").FullName;

    public AdversarialFeedTests()
    {
        Feed = Path.Combine(_root, "feed");
        Packages = Path.Combine(_root, "packages");
        Directory.CreateDirectory(Feed);
    }

    private string Feed { get; }

    private string Packages { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Nuspec(string id, string extraMetadata = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>1.0.0</version>
            <authors>test</authors>
            <description>hostile</description>
            {extraMetadata}
          </metadata>
        </package>
        """;

    /// <summary>Writes &lt;feed&gt;/&lt;id&gt;.1.0.0.nupkg from (entry name, content) pairs.</summary>
    private string Nupkg(string id, params (string Name, byte[] Content)[] entries)
    {
        string path = Path.Combine(Feed, id.ToLowerInvariant() + ".1.0.0.nupkg");
        using FileStream file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach ((string name, byte[] content) in entries)
        {
            using Stream entry = zip.CreateEntry(name).Open();
            entry.Write(content);
        }

        return path;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private CliResult Inspect(string id, params string[] extra) =>
        Tool.Run(["inspect", id + "@1.0.0", "--source", Feed, "--packages", Packages, "--timeout", "2", "--quiet", .. extra]);

    private static void AssertCoded(CliResult result, string code, int exit)
    {
        Tool.AssertOneCodedLine(result, code, exit);
        Assert.True(result.Elapsed < s_bound, $"took {result.Elapsed}: {result}");
    }

    [Fact]
    public void Nuspec_nested_60000_deep_fails_fast_with_a_feed_error()
    {
        // Took 29 s with --timeout 2 (NuGet's XDocument reader); a 200 000-deep one ran for minutes.
        string deep = string.Concat(Enumerable.Repeat("<x>", 60_000)) + string.Concat(Enumerable.Repeat("</x>", 60_000));
        Nupkg("Deep.Nuspec", ("Deep.Nuspec.nuspec", Utf8(Nuspec("Deep.Nuspec", deep))));

        CliResult result = Inspect("Deep.Nuspec");

        AssertCoded(result, "XG9111", 4);
        Assert.Contains("its .nuspec: its XML nests deeper than 32 levels", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), result.ToString());
    }

    [Fact]
    public void Nuspec_larger_than_the_cap_is_refused()
    {
        string huge = "<releaseNotes>" + new string('a', 5_000_000) + "</releaseNotes>";
        Nupkg("Huge.Nuspec", ("Huge.Nuspec.nuspec", Utf8(Nuspec("Huge.Nuspec", huge))));

        CliResult result = Inspect("Huge.Nuspec");

        AssertCoded(result, "XG9111", 4);
        Assert.Contains("larger than 4000000 characters", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Nuspec_with_an_entity_expansion_dtd_is_a_feed_error()
    {
        string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <package><metadata><id>Laughs</id><version>1.0.0</version><authors>&lol3;</authors><description>d</description></metadata></package>
            """;
        Nupkg("Laughs", ("Laughs.nuspec", Utf8(laughs)));

        CliResult result = Inspect("Laughs");

        AssertCoded(result, "XG9111", 4);
        Assert.Contains("DTD", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_slip_package_is_a_feed_error_and_writes_nothing_outside()
    {
        string escaped = "evil-" + Guid.NewGuid().ToString("N") + ".txt";
        Nupkg("Zip.Slip", ("Zip.Slip.nuspec", Utf8(Nuspec("Zip.Slip"))), ("../../../" + escaped, Utf8("pwned")));

        CliResult result = Inspect("Zip.Slip");

        AssertCoded(result, "XG9110", 4);
        Assert.Empty(Directory.EnumerateFiles(_root, escaped, SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, escaped)));
    }

    [Fact]
    public void Git_lfs_pointer_in_place_of_a_native_library_is_XG1010_in_inspect()
    {
        // Issue 14 item 5: such a package showed "ok" for linux-x64.
        byte[] pointer = Utf8("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1048576\n");
        Nupkg("Lfs.Native", ("Lfs.Native.nuspec", Utf8(Nuspec("Lfs.Native"))), ("runtimes/linux-x64/native/libfoo.so", pointer));

        CliResult result = Inspect("Lfs.Native", "--rid", "linux-x64", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("\"status\": \"unloadable\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"code\": \"XG1010\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("it is a Git LFS pointer", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A chain Slow0 -> Slow1 -> ... -> Slow{n-1}, each 1.0.0, as nupkg bytes.</summary>
    private static IEnumerable<(string Id, byte[] Nupkg)> Chain(int length)
    {
        for (int i = 0; i < length; i++)
        {
            string id = "Slow" + i;
            string dependency = i + 1 < length ? $"<dependencies><group targetFramework=\"net8.0\"><dependency id=\"Slow{i + 1}\" version=\"1.0.0\" /></group></dependencies>" : string.Empty;
            using var bytes = new MemoryStream();
            using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
            {
                using Stream entry = zip.CreateEntry(id + ".nuspec").Open();
                entry.Write(Utf8(Nuspec(id, dependency)));
            }

            yield return (id, bytes.ToArray());
        }
    }

    [Fact]
    public void Whole_command_is_bounded_by_the_deadline_even_when_every_request_is_inside_the_timeout()
    {
        // Issue 14 item 10: --timeout bounds one request; a feed answering each one after 0.6 s with a 6-package chain
        // (at least two requests per package, one level at a time) takes > 7 s, so --deadline 3 must stop it at ~3 s.
        using var feed = new SlowHttpFeed(TimeSpan.FromMilliseconds(600));
        foreach ((string id, byte[] nupkg) in Chain(6))
        {
            feed.Add(id, nupkg);
        }

        CliResult result = Tool.Run("inspect", "Slow0@1.0.0", "--source", feed.ServiceIndex, "--packages", Packages, "--timeout", "2", "--deadline", "3", "--quiet");
        Tool.AssertOneCodedLine(result, "XG9150", 4);
        Assert.Contains("--deadline (3 s)", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(6), $"took {result.Elapsed}: {result}");

        // The same feed with room to finish: the closure is inspected (so it was the deadline, not the feed, that stopped it).
        CliResult finished = Tool.Run("inspect", "Slow0@1.0.0", "--source", feed.ServiceIndex, "--packages", Path.Combine(_root, "packages2"), "--timeout", "2", "--deadline", "120", "--format", "json", "--quiet");
        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Contains("Slow5", finished.Stdout, StringComparison.Ordinal);
        Assert.True(finished.Elapsed > TimeSpan.FromSeconds(3), $"the chain was expected to take longer than the deadline above; took {finished.Elapsed}");
    }

    [Fact]
    public void Empty_source_is_an_input_error_before_any_feed_call()
    {
        AssertCoded(Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--source", string.Empty, "--quiet"), "XG9108", 3);
        AssertCoded(Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--source", "ftp://example.invalid/feed", "--quiet"), "XG9108", 3);
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/proc/crossguard-nope")]
    [InlineData("/dev/null/sub")]
    public void Unusable_packages_folder_is_an_input_error(string folder)
    {
        CliResult result = Tool.Run("inspect", "Newtonsoft.Json@13.0.3", "--source", Feed, "--packages", folder, "--quiet");
        AssertCoded(result, "XG9109", 3);
        Assert.Contains(folder, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_packages_folder_is_an_input_error_when_something_must_be_downloaded()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }

        if (Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal)))
        {
            Assert.Skip("running as root: every folder is writable, so a read-only one cannot be made here");
        }

        Nupkg("Plain", ("Plain.nuspec", Utf8(Nuspec("Plain"))));
        Directory.CreateDirectory(Packages);
        File.SetUnixFileMode(Packages, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            AssertCoded(Inspect("Plain"), "XG9109", 3);
        }
        finally
        {
            File.SetUnixFileMode(Packages, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Seeded_mutations_of_a_package_end_in_a_report_or_a_coded_error_within_the_bound()
    {
        // A real-shaped package: nuspec, a managed lib folder, a linux-x64 native (a copy of ZstdNet's libzstd.so).
        string so = Path.Combine(NuGet.Configuration.SettingsUtility.GetGlobalPackagesFolder(NuGet.Configuration.Settings.LoadDefaultSettings(null)), "zstdnet", "1.5.7", "runtimes", "linux-x64", "native", "libzstd.so");
        byte[] native = File.ReadAllBytes(so);
        var random = new Random(Seed);
        for (int round = 0; round < 12; round++)
        {
            string id = "Mutant" + round;
            string path = Nupkg(id,
                (id + ".nuspec", Utf8(Nuspec(id))),
                ("lib/netstandard2.0/_._", Array.Empty<byte>()),
                ("runtimes/linux-x64/native/lib" + id.ToLowerInvariant() + ".so", native));
            byte[] bytes = File.ReadAllBytes(path);
            int flips = 1 + random.Next(64);
            for (int i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            File.WriteAllBytes(path, bytes);

            CliResult result = Inspect(id, "--rid", "linux-x64", "--format", "json");

            string context = $"seed {Seed}, round {round}: {result}";
            Assert.True(result.ExitCode is 0 or 1 or 3 or 4, context);
            Assert.True(result.Elapsed < s_bound, context);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            if (result.ExitCode is 3 or 4)
            {
                Assert.Matches("^XG9[0-9]{3}: ", result.Stderr);
            }
        }
    }
}
