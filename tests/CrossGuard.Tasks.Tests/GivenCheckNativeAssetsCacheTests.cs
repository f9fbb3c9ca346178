using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks.Tests;

/// <summary>
/// The task's caches as untrusted input (issue 14): the machine-wide inspection cache bound to the files' identity and
/// refused when others can write it, the replay key that knows the cache setting, and obj/ files that are not regular.
/// </summary>
public sealed class GivenCheckNativeAssetsCacheTests
{
    private const string Native = "runtimes/linux-x64/native/libzstd.so";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private static CheckNativeAssets Task(AssetsBuilder assets, MockBuildEngine engine, string obj, string? cache = null, bool replay = false) => new()
    {
        BuildEngine = engine,
        ProjectDirectory = assets.Root,
        ProjectPath = Path.Combine(assets.Root, "app.csproj"),
        ProjectAssetsFile = assets.AssetsPath,
        TargetFrameworkMoniker = ".NETCoreApp,Version=v8.0",
        RuntimeIdentifiers = ["linux-x64", "win-x64"],
        MinGlibc = "2.34",
        NativesManifest = Path.Combine(assets.Root, obj, "crossguard.natives.json"),
        ReplayFile = replay ? Path.Combine(assets.Root, obj, "crossguard.replay") : string.Empty,
        InspectionCacheDirectory = cache ?? Path.Combine(assets.Root, "inspections"),
    };

    /// <summary>Writes the assets file and the project file (both inputs of the replay), dated in the past.</summary>
    private static void WriteProject(AssetsBuilder assets)
    {
        string project = Path.Combine(assets.Root, "app.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        File.SetLastWriteTimeUtc(project, DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(assets.Write(), DateTime.UtcNow.AddMinutes(-5));
    }

    private static bool Execute(CheckNativeAssets task)
    {
        System.Threading.Tasks.Task<bool> run = System.Threading.Tasks.Task.Run(task.Execute, TestContext.Current.CancellationToken);
        Assert.True(run.Wait(s_bound, TestContext.Current.CancellationToken), $"the check did not finish within {s_bound.TotalSeconds} s");
        return run.Result;
    }

    /// <summary>A copy of the x64 libzstd.so that says AArch64 in e_machine: the same size, another verdict for linux-x64.</summary>
    private static string Arm64TwinOfX64(string folder)
    {
        byte[] bytes = File.ReadAllBytes(RealBinaries.LinuxX64So);
        bytes[18] = 183;
        bytes[19] = 0;
        string path = Path.Combine(folder, "libzstd-arm64-twin.so");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string? CacheLine(MockBuildEngine engine) =>
        engine.Messages.Select(m => m.Message).FirstOrDefault(m => m!.StartsWith("CrossGuard inspection cache:", StringComparison.Ordinal));

    [Fact]
    public void A_native_file_replaced_by_another_of_the_same_size_gets_a_new_verdict_both_ways()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            [Native] = RealBinaries.LinuxX64So,
            ["runtimes/win-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });
        assets.Write();
        string packageFile = Path.Combine(assets.PackagesFolder, "foo", "1.0.0", Native);
        string twin = Arm64TwinOfX64(assets.Root);
        DateTime modified = File.GetLastWriteTimeUtc(packageFile);
        int run = 0;
        MockBuildEngine Check()
        {
            var engine = new MockBuildEngine();
            Assert.True(Execute(Task(assets, engine, "obj" + run++)));
            return engine;
        }

        MockBuildEngine correct = Check();
        Assert.DoesNotContain(correct.Warnings, w => w.Code == "XG1003");
        Assert.Contains("0 file(s) answered from it, 2 inspected", CacheLine(correct), StringComparison.Ordinal);
        Assert.Contains("2 file(s) answered from it, 0 inspected", CacheLine(Check()), StringComparison.Ordinal);

        // Replaced in place by a broken build of the same size, the modification time put back (cp -p): found.
        Thread.Sleep(50);
        File.Copy(twin, packageFile, overwrite: true);
        File.SetLastWriteTimeUtc(packageFile, modified);
        MockBuildEngine broken = Check();
        BuildWarningEventArgs found = Assert.Single(broken.Warnings, w => w.Code == "XG1003");
        Assert.Contains("arm64", found.Message, StringComparison.Ordinal);
        Assert.Contains("1 file(s) answered from it, 1 inspected", CacheLine(broken), StringComparison.Ordinal);

        // And back: the false XG1003 goes away again (no verdict of the broken file is kept for the good one).
        Thread.Sleep(50);
        File.Copy(RealBinaries.LinuxX64So, packageFile, overwrite: true);
        File.SetLastWriteTimeUtc(packageFile, modified);
        MockBuildEngine fixedAgain = Check();
        Assert.DoesNotContain(fixedAgain.Warnings, w => w.Code == "XG1003");
        Assert.Contains("1 file(s) answered from it, 1 inspected", CacheLine(fixedAgain), StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_the_inspection_cache_off_or_moving_it_checks_again_instead_of_replaying()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string> { [Native] = RealBinaries.LinuxArm64So });
        WriteProject(assets);
        CheckNativeAssets Run(string? cache, out MockBuildEngine engine)
        {
            engine = new MockBuildEngine();
            CheckNativeAssets task = Task(assets, engine, "obj", cache, replay: true);
            Execute(task);
            return task;
        }

        Assert.False(Run(null, out _).Replayed);
        Assert.True(Run(null, out _).Replayed);

        // "none": neither the replay nor the result cache of a check that used the machine cache stands.
        CheckNativeAssets off = Run("none", out MockBuildEngine offEngine);
        Assert.False(off.Replayed);
        Assert.False(off.UsedCache);
        Assert.Null(CacheLine(offEngine));
        Assert.Contains(offEngine.Warnings, w => w.Code == "XG1003");
        Assert.True(Run("none", out _).Replayed);

        CheckNativeAssets elsewhere = Run(Path.Combine(assets.Root, "other-inspections"), out _);
        Assert.False(elsewhere.Replayed);
        Assert.False(elsewhere.UsedCache);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_forged_entry_in_a_folder_others_can_write_is_refused_with_one_line_and_the_real_verdict_stands()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix modes: Windows has no group/other write bits to check");
        }

        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string> { [Native] = RealBinaries.LinuxArm64So });
        assets.Write();
        string cache = Path.Combine(assets.Root, "inspections");
        var first = new MockBuildEngine();
        Assert.True(Execute(Task(assets, first, "obj1", cache)));
        Assert.Single(first.Warnings, w => w.Code == "XG1003");

        // An attacker who can write the folder turns the arm64 file into an "x64" one (identity kept: same machine).
        string entry = Directory.EnumerateFiles(cache, "*.txt", SearchOption.AllDirectories).Single();
        string[] lines = File.ReadAllLines(entry);
        File.WriteAllLines(entry, lines.Select(l => l.Replace("\u001farm64\u001f", "\u001fx64\u001f", StringComparison.Ordinal)));
        Assert.NotEqual(lines, File.ReadAllLines(entry));
        File.SetUnixFileMode(cache, (UnixFileMode)Convert.ToInt32("777", 8));

        var second = new MockBuildEngine();
        Assert.True(Execute(Task(assets, second, "obj2", cache)));
        Assert.Single(second.Warnings, w => w.Code == "XG1003");
        BuildMessageEventArgs notice = Assert.Single(second.Messages, m => m.Message!.Contains("not using the inspection cache", StringComparison.Ordinal));
        Assert.Equal(MessageImportance.High, notice.Importance);
        Assert.Contains("group or others can write to it (mode 0777)", notice.Message, StringComparison.Ordinal);
        Assert.Contains(cache, notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Special_files_in_place_of_the_obj_files_are_checked_past_within_the_time_bound()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/mkfifo"))
        {
            Assert.Skip("needs mkfifo (Debian package coreutils) and Unix special files");
        }

        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string> { [Native] = RealBinaries.LinuxArm64So });
        WriteProject(assets);
        string obj = Path.Combine(assets.Root, "obj");
        Directory.CreateDirectory(obj);
        string replay = Path.Combine(obj, "crossguard.replay");
        string result = Path.Combine(obj, "crossguard.cache");
        using (var mkfifo = System.Diagnostics.Process.Start("/usr/bin/mkfifo", replay))
        {
            mkfifo.WaitForExit();
        }

        File.CreateSymbolicLink(result, "/dev/zero");
        File.WriteAllText(Path.Combine(obj, "crossguard.natives.json"), "{}");

        var engine = new MockBuildEngine();
        CheckNativeAssets task = Task(assets, engine, "obj", replay: true);
        Assert.True(Execute(task));
        Assert.False(task.Replayed);
        Assert.False(task.UsedCache);
        Assert.Single(engine.Warnings, w => w.Code == "XG1003");

        // Both were replaced by regular files (rename over the FIFO and the link, /dev/zero untouched), and replay.
        Assert.Null(new FileInfo(result).LinkTarget);
        Assert.True(new FileInfo(replay).Length > 0);
        var again = new MockBuildEngine();
        CheckNativeAssets second = Task(assets, again, "obj", replay: true);
        Assert.True(Execute(second));
        Assert.True(second.Replayed);
    }
}
