using System.Diagnostics;
using System.Text;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.IO;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Adversarial;

/// <summary>
/// The machine-wide inspection cache and CrossGuard's obj/ files under attack and breakage (issue 14, items 1-4):
/// planted symbolic links, special files, folders others can write, forged and mutated entries, binaries replaced
/// behind the cache's back. Randomised parts use a fixed seed; every test runs under a time bound, so a hang is a
/// failure, not a stuck suite.
/// </summary>
public sealed class CacheAdversarialTests : IDisposable
{
    private const int Seed = 1414;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private static readonly string s_sha = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());
    private readonly string _root = Directory.CreateTempSubdirectory("crossguard-cache-adversarial-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A planted FIFO or a chown-ed folder: left for the temp cleaner.
        }
    }

    private static void RequireUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file semantics (symbolic links without privileges, FIFOs, modes); Windows has none of these attacks' preconditions");
        }
    }

    /// <summary>Runs <paramref name="action"/> on another thread and fails if it does not finish within the bound (a hang).</summary>
    private static T Bounded<T>(Func<T> action, string what)
    {
        Task<T> task = Task.Run(action, TestContext.Current.CancellationToken);
        Assert.True(task.Wait(s_bound, TestContext.Current.CancellationToken), $"{what} did not finish within {s_bound.TotalSeconds} s");
        return task.Result;
    }

    private static string EntryPath(string cacheDirectory, string sha)
    {
        string hex = Convert.ToHexString(Convert.FromBase64String(sha).AsSpan(0, 20)).ToLowerInvariant();
        return Path.Combine(cacheDirectory, hex.Substring(0, 2), hex + ".txt");
    }

    /// <summary>A real ELF copied into a package folder of our own (so it can be replaced), and its inspection.</summary>
    private (string Path, NativeBinaryInfo Info) PackageFile(string name = "libx.so")
    {
        string source = RealBinaries.OfKind(RealBinaries.Kind.Elf).First(f => NativeBinaryInspector.Inspect(f) is { Error: null, GlibcFloor: not null });
        string target = Path.Combine(_root, "packages", "foo", "1.0.0", "runtimes", "linux-x64", "native", name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        return (target, NativeBinaryInspector.Inspect(target));
    }

    private string SaveOneEntry(string cacheDirectory, string file, NativeBinaryInfo info)
    {
        var cache = new InspectionCache(cacheDirectory);
        Assert.Null(cache.NotUsedBecause);
        Assert.Null(cache.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        cache.Add(s_sha, "runtimes/linux-x64/native/libx.so", info);
        Assert.True(cache.Save());
        Assert.NotNull(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        return EntryPath(cacheDirectory, s_sha);
    }

    private static IEnumerable<string> Leftovers(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) && new FileInfo(p).LinkTarget is null);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Planted_symbolic_links_never_redirect_a_save_and_the_entry_becomes_a_regular_file()
    {
        RequireUnix();
        string victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "precious");
        string cacheDirectory = Path.Combine(_root, "cache");
        string entry = EntryPath(cacheDirectory, s_sha);
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(cacheDirectory);
        File.SetUnixFileMode(cacheDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The attack of the report: <entry>.<pid>.tmp -> victim for every PID near ours, and the entry itself a link.
        int pid = Environment.ProcessId;
        for (int p = Math.Max(1, pid - 64); p <= pid + 64; p++)
        {
            File.CreateSymbolicLink(entry + "." + p + ".tmp", victim);
        }

        File.CreateSymbolicLink(entry, victim);

        (string file, NativeBinaryInfo info) = PackageFile();
        var cache = new InspectionCache(cacheDirectory);
        Assert.Null(cache.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        cache.Add(s_sha, "runtimes/linux-x64/native/libx.so", info);
        Assert.True(cache.Save());

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(entry).LinkTarget);
        Assert.StartsWith(InspectionCache.FormatTag, File.ReadAllText(entry), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(entry));
        Assert.NotNull(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        Assert.Empty(Leftovers(cacheDirectory));

        // The same for the obj/ files, which go through the same writer.
        string objFile = Path.Combine(_root, "obj", "crossguard.replay");
        Directory.CreateDirectory(Path.GetDirectoryName(objFile)!);
        File.CreateSymbolicLink(objFile, victim);
        NativesManifest.AtomicWrite(objFile, Encoding.UTF8.GetBytes("replay\n"));
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(objFile).LinkTarget);
        Assert.Equal("replay\n", File.ReadAllText(objFile));
    }

    [Fact]
    public void A_failed_save_leaves_no_temporary_file()
    {
        string folder = Path.Combine(_root, "obj");
        string target = Path.Combine(folder, "crossguard.cache");
        Directory.CreateDirectory(target); // a directory where the file should go: the rename fails
        Assert.ThrowsAny<IOException>(() => NativesManifest.AtomicWrite(target, new byte[] { 1, 2, 3 }));
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));

        string cacheDirectory = Path.Combine(_root, "cache");
        (string file, NativeBinaryInfo info) = PackageFile();
        string entry = EntryPath(cacheDirectory, s_sha);
        Directory.CreateDirectory(entry);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cacheDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.GetDirectoryName(entry)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var cache = new InspectionCache(cacheDirectory);
        Assert.Null(cache.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        cache.Add(s_sha, "runtimes/linux-x64/native/libx.so", info);
        Assert.False(cache.Save());
        Assert.Empty(Directory.EnumerateFiles(cacheDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Special_files_as_cache_entries_or_obj_files_are_misses_within_the_time_bound()
    {
        RequireUnix();
        ExternalTool.Require("mkfifo", "coreutils");
        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        string entry = SaveOneEntry(cacheDirectory, file, info);
        string valid = File.ReadAllText(entry);

        var specials = new Dictionary<string, Action>
        {
            ["a FIFO"] = () => ExternalTool.Run("mkfifo", entry),
            ["a symbolic link to /dev/zero"] = () => File.CreateSymbolicLink(entry, "/dev/zero"),
            ["a symbolic link to /dev/urandom"] = () => File.CreateSymbolicLink(entry, "/dev/urandom"),
            ["a symbolic link to a valid entry elsewhere"] = () =>
            {
                string elsewhere = Path.Combine(_root, "elsewhere.txt");
                File.WriteAllText(elsewhere, valid);
                File.SetUnixFileMode(elsewhere, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.CreateSymbolicLink(entry, elsewhere);
            },
            ["a directory"] = () => Directory.CreateDirectory(entry),
            ["a file larger than the cap"] = () =>
            {
                File.WriteAllText(entry, valid + new string('#', InspectionCache.MaxEntryFileBytes));
                File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            },
            ["an empty file"] = () => File.WriteAllBytes(entry, []),
        };
        foreach ((string what, Action plant) in specials)
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry);
            }
            else
            {
                File.Delete(entry);
            }

            plant();
            NativeBinaryInfo? got = Bounded(() => new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file), "reading " + what);
            Assert.True(got is null, what + " was read as a cache entry");
        }

        // obj/ files (the task's replay and result cache are read through BoundedFile): the same specials are null.
        string fifo = Path.Combine(_root, "obj.fifo");
        ExternalTool.Run("mkfifo", fifo);
        string zero = Path.Combine(_root, "obj.zero");
        File.CreateSymbolicLink(zero, "/dev/zero");
        string big = Path.Combine(_root, "obj.big");
        File.WriteAllBytes(big, new byte[4096]);
        Assert.Null(Bounded(() => BoundedFile.TryRead(fifo, 1 << 20), "reading a FIFO"));
        Assert.Null(Bounded(() => BoundedFile.TryRead(zero, 1 << 20), "reading /dev/zero"));
        Assert.Null(BoundedFile.TryRead(big, 4095));
        Assert.Equal(4096, BoundedFile.TryRead(big, 4096)!.Length);
        Assert.Null(BoundedFile.TryRead(_root, 1 << 20));
        Assert.Null(BoundedFile.TryRead(Path.Combine(_root, "missing"), 1 << 20));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_folder_others_can_write_is_refused_with_one_line_and_its_forged_entries_are_never_read()
    {
        RequireUnix();
        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        string entry = SaveOneEntry(cacheDirectory, file, info);
        UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        foreach (UnixFileMode loose in new[] { owner | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, owner | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.OtherRead })
        {
            File.SetUnixFileMode(cacheDirectory, loose);
            var refused = new InspectionCache(cacheDirectory);
            Assert.Contains("group or others can write to it", refused.NotUsedBecause, StringComparison.Ordinal);
            Assert.Contains(cacheDirectory, refused.NotUsedMessage, StringComparison.Ordinal);
            Assert.Contains("Checking without it", refused.NotUsedMessage, StringComparison.Ordinal);
            Assert.Null(refused.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
            string before = File.ReadAllText(entry);
            refused.Add(s_sha, "runtimes/linux-x64/native/libx.so", info);
            refused.Save();
            Assert.Equal(before, File.ReadAllText(entry));
        }

        File.SetUnixFileMode(cacheDirectory, owner);
        Assert.NotNull(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));

        // Below the folder: a loose package subfolder or a loose entry file is not read either.
        string sub = Path.GetDirectoryName(entry)!;
        File.SetUnixFileMode(sub, owner | UnixFileMode.GroupWrite);
        Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        File.SetUnixFileMode(sub, owner);
        File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.NotNull(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));

        // A new folder is created owner-only, whatever the umask, so the cache trusts what it creates itself.
        string fresh = Path.Combine(_root, "fresh", "inspections");
        SaveOneEntry(fresh, file, info);
        Assert.Equal(owner, File.GetUnixFileMode(fresh));
        Assert.Equal(owner, File.GetUnixFileMode(Path.GetDirectoryName(EntryPath(fresh, s_sha))!));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_folder_owned_by_another_user_is_refused()
    {
        RequireUnix();
        if (UnixFileStatus.EffectiveUserId != 0)
        {
            Assert.Skip("needs root to give a folder to another user (chown); the owner check runs when the suite runs as root");
        }

        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        SaveOneEntry(cacheDirectory, file, info);
        ExternalTool.Run("chown", "-R", "65534", cacheDirectory);
        var refused = new InspectionCache(cacheDirectory);
        Assert.Contains("it is owned by uid 65534, not by you (uid 0)", refused.NotUsedBecause, StringComparison.Ordinal);
        Assert.Null(refused.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
    }

    [Fact]
    public void Mutated_and_forged_entries_are_misses_unless_they_still_state_well_formed_facts()
    {
        var clock = Stopwatch.StartNew();
        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        string entry = SaveOneEntry(cacheDirectory, file, info);
        string[] lines = File.ReadAllLines(entry);
        Assert.Equal(2, lines.Length);
        string[] fields = lines[1].Split('\u001f');
        var random = new Random(Seed);

        // Values that are never facts for these fields, by field index; the identity fields (0, 1, 11) take anything
        // but their own value as a mismatch.
        string[] junk = ["", " ", "\u0000", "\t", "-1", "+64", "64 ", "1e3", "999999999999999999999", "Elf,Pe", "7", "0x40", "2.34.0.0", "2..3", "v2.34", "1000.0",
            new string('a', 5000), "x64\u001fx64", "ARM64", "x64;rm -rf", "\u00e9l\u00e9phant", "null"];
        int hits = 0, misses = 0;
        for (int round = 0; round < 600; round++)
        {
            string[] mutated = (string[])fields.Clone();
            int field = random.Next(fields.Length);
            string value = random.Next(3) switch
            {
                0 => junk[random.Next(junk.Length)],
                1 => new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 0x80)).ToArray()),
                _ => fields[random.Next(fields.Length)],
            };
            if (value == fields[field])
            {
                continue;
            }

            mutated[field] = value;
            File.WriteAllLines(entry, [lines[0], string.Join('\u001f', mutated)]);
            NativeBinaryInfo? got = new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file);
            if (got is null)
            {
                misses++;
                continue;
            }

            // A hit is allowed only where the value is still a well-formed fact for that field (e.g. other evidence text).
            hits++;
            // Field 12 (needed libraries) accepts other library names: still well-formed facts.
            Assert.True(field is 3 or 6 or 8 or 9 || (field == 12 && got.Needed.All(n => n.Contains(".so", StringComparison.Ordinal) || n.Contains(".dll", StringComparison.OrdinalIgnoreCase) || n.Contains(".dylib", StringComparison.Ordinal) || n.Contains(".framework/", StringComparison.Ordinal))) || (field == 10 && value is "0" or "32") || (field == 7 && Version.TryParse(value, out _)), $"field {field} = '{value}' was accepted");
            Assert.All(got.Architectures, a => Assert.Matches("^[a-z0-9_-]{1,40}$", a));
            Assert.DoesNotContain(got.LibcEvidence ?? string.Empty, char.IsControl);
            Assert.True(got.MacOsMin is null || Version.TryParse(got.MacOsMin, out _));
        }

        Assert.True(misses > 400, $"only {misses} of the mutations were misses ({hits} hits)");

        // Structure: extra or missing fields, another header, another path, garbage bytes.
        string[] structural =
        [
            lines[0] + "\n" + lines[1] + "\u001fextra",
            lines[0] + "\n" + string.Join('\u001f', fields.Take(fields.Length - 1)),
            "CROSSGUARD-INSPECT 1 " + lines[0].Split(' ')[2] + "\n" + lines[1],
            lines[0] + "x\n" + lines[1],
            lines[0] + "\n" + lines[1].Replace("libx.so", "liby.so", StringComparison.Ordinal),
        ];
        foreach (string text in structural)
        {
            File.WriteAllText(entry, text + "\n");
            Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        }

        for (int round = 0; round < 200; round++)
        {
            byte[] garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            File.WriteAllBytes(entry, random.Next(2) == 0 ? garbage : [.. Encoding.UTF8.GetBytes(lines[0] + "\n"), .. garbage]);
            Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        }

        // The forgery of the report: a plausible "all good" line for a public package hash, with the size (the only
        // identity a remote attacker knows) right and the rest guessed: never trusted.
        string forged = string.Join('\u001f', "runtimes/linux-x64/native/libx.so", info.FileSize + ":0:0:0:0", "Elf", "x64", "Linux", "Glibc", "PT_INTERP=/lib64/ld-linux-x86-64.so.2", "", "", "", "64", info.FileSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(entry, lines[0] + "\n" + forged + "\n");
        Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        Assert.True(clock.Elapsed < s_bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_binary_replaced_in_place_with_the_same_size_and_modification_time_is_inspected_again()
    {
        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        SaveOneEntry(cacheDirectory, file, info);
        DateTime modified = File.GetLastWriteTimeUtc(file);

        // File systems stamp change times from a coarse clock (a few ms): let it move on, as it has in any real edit.
        Thread.Sleep(50);

        // Rewritten in place (same inode), same length, the modification time put back: cp -p, tar -x, rsync -t do that.
        byte[] original = File.ReadAllBytes(file);
        byte[] bytes = (byte[])original.Clone();
        bytes[18] = 183; // e_machine: x86-64 -> AArch64
        bytes[19] = 0;
        File.WriteAllBytes(file, bytes);
        File.SetLastWriteTimeUtc(file, modified);
        Assert.Equal(info.FileSize, new FileInfo(file).Length);
        Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));

        // Moved over the old one (another inode), same length and modification time.
        string other = file + ".new";
        File.WriteAllBytes(other, original);
        var cache = new InspectionCache(cacheDirectory);
        Assert.Null(cache.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
        cache.Add(s_sha, "runtimes/linux-x64/native/libx.so", NativeBinaryInspector.Inspect(file));
        Assert.True(cache.Save());
        Assert.Equal(["arm64"], new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file)!.Architectures);
        Thread.Sleep(50);
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(file));
        File.Move(other, file, overwrite: true);
        Assert.Null(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
    }

    [Fact]
    public void Parallel_saves_of_one_entry_always_leave_one_whole_file()
    {
        (string file, NativeBinaryInfo info) = PackageFile();
        string cacheDirectory = Path.Combine(_root, "cache");
        Bounded(
            () =>
            {
                Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                {
                    var cache = new InspectionCache(cacheDirectory);
                    cache.TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file);
                    cache.Add(s_sha, "runtimes/linux-x64/native/libx.so", info);
                    cache.Save();
                    Assert.NotNull(new InspectionCache(cacheDirectory).TryGet(s_sha, "runtimes/linux-x64/native/libx.so", file));
                });
                return true;
            },
            "64 parallel saves");
        Assert.Single(Directory.EnumerateFiles(cacheDirectory, "*", SearchOption.AllDirectories));
        Assert.Empty(Leftovers(cacheDirectory));
    }
}
