using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks.Tests;

public sealed class GivenCheckNativeAssetsTests
{
    private static (CheckNativeAssets Task, MockBuildEngine Engine) Task(AssetsBuilder assets, string rids, string currentRid = "", string allowNative = "true")
    {
        var engine = new MockBuildEngine();
        CheckNativeAssets task = CheckNativeAssetsTasks.Create(assets, engine, rids.Split(';'), Path.Combine(assets.Root, "inspections"));
        task.RuntimeIdentifier = currentRid;
        task.AllowNative = allowNative;
        task.MinMacOS = "15.0";
        return (task, engine);
    }

    private static string[] Codes(IEnumerable<string> codes) => codes.Distinct().Order().ToArray();

    [Fact]
    public void Package_missing_a_rid_warns_XG1001_and_errors_for_the_current_rid()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/win-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;osx-arm64");
        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1001", warning.Code);
        Assert.Contains("has native assets for linux-x64, win-x64 but none for osx-arm64", warning.Message, StringComparison.Ordinal);

        (CheckNativeAssets publish, MockBuildEngine publishEngine) = Task(assets, "linux-x64;osx-arm64", currentRid: "osx-arm64");
        Assert.False(publish.Execute());
        Assert.Equal(["XG1001"], Codes(publishEngine.Errors.Select(e => e.Code)));
    }

    [Fact]
    public void No_declared_rid_checks_the_common_rids_at_information_level_and_says_how_to_declare_them()
    {
        // Issue 14 item 7: this logged "checked 0 RIDs" and nothing else (while crossguard check stopped with XG9014).
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/osx-x64/native/libzstd.dylib"] = RealBinaries.OsxArm64Dylib,
            ["runtimes/browser-wasm/native/libzstd.a"] = RealBinaries.LinuxX64So,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, string.Empty);

        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Empty(engine.Errors);
        BuildMessageEventArgs note = Assert.Single(engine.Messages, m => m.Code == "XG1011");
        Assert.Contains("checked linux-x64, linux-arm64, linux-musl-x64, osx-arm64, win-x64, osx-x64 (the common portable RIDs", note.Message, StringComparison.Ordinal);
        Assert.Contains("<CrossGuardRuntimeIdentifiers>", note.Message, StringComparison.Ordinal);

        // What would be warnings with declared RIDs is still said, as information: no Linux arm64 build, no musl build.
        Assert.Contains(engine.Messages, m => m.Code == "XG1001" && m.Message!.Contains("but none for linux-arm64", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Code == "XG1002" && m.Message!.Contains("linux-musl-x64", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Code == "XG1003" && m.Message!.Contains("for osx-x64", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Message!.Contains("CrossGuard checked the common portable RIDs (none declared: information only, see XG1011): 0 error(s), 0 warning(s).", StringComparison.Ordinal));
    }

    [Fact]
    public void Rid_specific_runtime_package_is_not_reported_missing_for_other_rids()
    {
        // System.IO.Ports 9 depends on every runtime.<rid>.runtime.native.System.IO.Ports package at once; each serves one RID.
        var assets = new AssetsBuilder()
            .Package("runtime.linux-arm64.runtime.native.Foo", "1.0.0", new Dictionary<string, string>
            {
                ["runtimes/linux-arm64/native/libzstd.so"] = RealBinaries.LinuxArm64So,
            })
            .Package("Bar", "1.0.0", new Dictionary<string, string>
            {
                ["runtimes/linux-arm64/native/libzstd.so"] = RealBinaries.LinuxArm64So,
            });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-arm64;win-x64");

        Assert.True(task.Execute());
        // Only the ordinary package is missing linux-x64 and win-x64.
        Assert.Equal(2, engine.Warnings.Count(w => w.Code == "XG1001"));
        Assert.All(engine.Warnings, w => Assert.Contains("'Bar'", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_project_on_the_machine_gets_the_same_verdicts_from_the_inspection_cache()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/osx-arm64/native/libzstd.dylib"] = RealBinaries.OsxArm64Dylib,
            ["runtimes/win-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });
        (CheckNativeAssets first, MockBuildEngine e1) = Task(assets, "linux-x64;osx-arm64;win-x64;linux-musl-x64");
        first.MinGlibc = "2.27";
        Assert.True(first.Execute());
        Assert.Contains(e1.Messages, m => m.Message!.Contains("0 file(s) answered from it, 3 inspected", StringComparison.Ordinal));

        // Another project (its own obj folder, so no replay and no result cache), same machine cache.
        (CheckNativeAssets second, MockBuildEngine e2) = Task(assets, "linux-x64;osx-arm64;win-x64;linux-musl-x64");
        second.MinGlibc = "2.27";
        second.NativesManifest = Path.Combine(assets.Root, "obj2", "crossguard.natives.json");
        Assert.True(second.Execute());
        Assert.Contains(e2.Messages, m => m.Message!.Contains("3 file(s) answered from it, 0 inspected", StringComparison.Ordinal));
        Assert.Equal(e1.Warnings.Select(w => (w.Code, w.Message)), e2.Warnings.Select(w => (w.Code, w.Message)));
        Assert.Equal(["XG1002", "XG1004"], Codes(e2.Warnings.Select(w => w.Code!)));
        Assert.Equal(File.ReadAllText(first.NativesManifest), File.ReadAllText(second.NativesManifest));
    }

    [Fact]
    public void Placeholder_blocks_a_rid_on_purpose_and_is_not_reported()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/linux-musl-x64/native/_._"] = "_._",
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-musl-x64");

        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        string manifest = File.ReadAllText(task.NativesManifest);
        Assert.Contains("\"linux-musl-x64\": {\n      \"libraries\": []", manifest.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Glibc_binary_reached_through_musl_fallback_is_XG1002()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-musl-x64", currentRid: "linux-musl-x64");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG1002", error.Code);
        Assert.Contains("falls back to 'runtimes/linux-x64/native/libzstd.so', which is linked against glibc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_of_another_architecture_or_os_in_a_rid_folder_is_XG1003()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-arm64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/osx-arm64/native/libzstd.dylib"] = RealBinaries.WinX64Dll,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-arm64;osx-arm64");

        Assert.True(task.Execute());
        Assert.Equal(2, engine.Warnings.Count(w => w.Code == "XG1003"));
        Assert.Contains(engine.Warnings, w => w.Message!.Contains("selects 'runtimes/linux-arm64/native/libzstd.so' for linux-arm64, but it is a Linux ELF x64", StringComparison.Ordinal));
        Assert.Contains(engine.Warnings, w => w.Message!.Contains("for osx-arm64, but it is a Windows PE x64", StringComparison.Ordinal));
    }

    [Fact]
    public void Right_binaries_for_every_rid_are_clean()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
            ["runtimes/linux-arm64/native/libzstd.so"] = RealBinaries.LinuxArm64So,
            ["runtimes/osx-arm64/native/libzstd.dylib"] = RealBinaries.OsxArm64Dylib,
            ["runtimes/win-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-arm64;osx-arm64;win-x64", currentRid: "linux-arm64");

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Glibc_floor_above_the_declared_minimum_is_XG1004_naming_the_symbols_and_stays_a_warning_for_the_current_rid()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64", currentRid: "linux-x64");
        task.MinGlibc = "2.27";

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1004", warning.Code);
        Assert.Contains("which needs glibc 2.34 (e.g. ", warning.Message!, StringComparison.Ordinal);
        Assert.Contains("CrossGuardMinGlibc is 2.27", warning.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void Unchanged_inputs_replay_exactly_what_the_last_check_logged_and_any_change_checks_again()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });
        string replayFile = Path.Combine(assets.Root, "obj", "crossguard.replay");
        string project = Path.Combine(assets.Root, "app.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Foo\" Version=\"1.0.0\" />\n  </ItemGroup>\n</Project>\n");
        File.SetLastWriteTimeUtc(project, DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(assets.Write(), DateTime.UtcNow.AddMinutes(-5));

        CheckNativeAssets Run(out MockBuildEngine engine, string noWarn = "")
        {
            engine = new MockBuildEngine();
            var task = new CheckNativeAssets
            {
                BuildEngine = engine,
                ProjectDirectory = assets.Root,
                ProjectPath = project,
                ProjectAssetsFile = assets.AssetsPath,
                TargetFramework = "net8.0",
                RuntimeIdentifiers = ["linux-x64", "osx-arm64"],
                RuntimeIdentifier = "osx-arm64",
                MinGlibc = "2.34",
                MinMacOS = "15.0",
                NativesManifest = Path.Combine(assets.Root, "obj", "crossguard.natives.json"),
                ReplayFile = replayFile,
                NoWarn = noWarn,
                InspectionCacheDirectory = Path.Combine(assets.Root, "inspections"),
            };
            task.Execute();
            return task;
        }

        CheckNativeAssets first = Run(out MockBuildEngine e1);
        Assert.False(first.Replayed);
        Assert.True(File.Exists(replayFile));

        CheckNativeAssets second = Run(out MockBuildEngine e2);
        Assert.True(second.Replayed);
        Assert.Equal(first.Summary, second.Summary);
        BuildErrorEventArgs original = Assert.Single(e1.Errors);
        BuildErrorEventArgs again = Assert.Single(e2.Errors);
        Assert.Equal((original.Code, original.File, original.LineNumber, original.Message), (again.Code, again.File, again.LineNumber, again.Message));
        Assert.Equal(3, again.LineNumber);
        Assert.Equal(e1.Warnings.Select(w => (w.Code, w.Message)), e2.Warnings.Select(w => (w.Code, w.Message)));

        // Another setting, or an input newer than the replay: the check runs again.
        Assert.False(Run(out _, noWarn: "XG1009").Replayed);
        Assert.True(Run(out _, noWarn: "XG1009").Replayed);
        File.SetLastWriteTimeUtc(project, DateTime.UtcNow.AddMinutes(5));
        Assert.False(Run(out _, noWarn: "XG1009").Replayed);

        // A damaged replay file is never half-replayed.
        File.AppendAllText(replayFile, "W\tnot enough fields\n");
        CheckNativeAssets damaged = Run(out MockBuildEngine e3, noWarn: "XG1009");
        Assert.False(damaged.Replayed);
        Assert.Single(e3.Errors);

        // A check that fails on its input leaves nothing to replay.
        File.WriteAllText(assets.AssetsPath, "{ broken");
        CheckNativeAssets broken = Run(out MockBuildEngine e4, noWarn: "XG1009");
        Assert.Equal("XG9001", Assert.Single(e4.Errors).Code);
        Assert.False(File.Exists(replayFile));
    }

    [Fact]
    public void Native_code_with_AllowNative_false_is_XG1006_naming_the_dependency_path()
    {
        var assets = new AssetsBuilder()
            .Package("Wrapper", "2.0.0", new Dictionary<string, string>(), dependencies: ["Foo.Native"])
            .Package("Foo.Native", "1.0.0", new Dictionary<string, string> { ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So }, direct: false);

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64", allowNative: "false");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG1006", error.Code);
        Assert.Contains("Package 'Foo.Native' 1.0.0 (via app -> Wrapper -> Foo.Native) carries native code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_json_redirect_without_a_package_for_a_rid_is_XG1008_and_redirected_natives_are_listed()
    {
        const string runtimeJson = """
            { "runtimes": { "linux-x64": { "runtime.native.Foo": { "runtime.linux-x64.runtime.native.Foo": "1.0.0" } } } }
            """;
        var assets = new AssetsBuilder()
            .Package("runtime.native.Foo", "1.0.0", new Dictionary<string, string>(), runtimeJson: runtimeJson)
            .RidTarget("linux-x64", "runtime.linux-x64.runtime.native.Foo", "1.0.0", "runtimes/linux-x64/native/libzstd.so", RealBinaries.LinuxX64So);

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-arm64");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1008", warning.Code);
        Assert.Contains("through runtime.json for linux-x64 but not for linux-arm64", warning.Message, StringComparison.Ordinal);
        Assert.Contains("libzstd.so", File.ReadAllText(task.NativesManifest), StringComparison.Ordinal);
    }

    [Fact]
    public void Rid_specific_managed_assets_missing_for_a_rid_is_XG1007_and_dead_rid_folder_is_XG1009()
    {
        string managed = typeof(GivenCheckNativeAssetsTests).Assembly.Location;
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/win/lib/net8.0/Foo.dll"] = managed,
            ["runtimes/win10-x64/native/libzstd.dll"] = RealBinaries.WinX64Dll,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64");

        Assert.True(task.Execute());
        // No lib/ assembly at all: loading it on linux-x64 fails with FileNotFoundException.
        Assert.Contains(engine.Warnings, w => w.Code == "XG1007" && w.Message!.Contains("for win but none for linux-x64; it has no RID-neutral assembly", StringComparison.Ordinal)
            && w.Message.EndsWith("add a CrossGuardSuppress item with that reason; otherwise use a package that implements these RIDs.", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Code == "XG1009" && m.Message!.Contains("'runtimes/win10-x64/'", StringComparison.Ordinal));
    }

    [Fact]
    public void Rid_specific_managed_assets_warn_only_for_a_stub_and_inform_when_the_library_declares_its_platform()
    {
        // Win.Only: the RID-neutral lib/ assembly declares [assembly: SupportedOSPlatform("windows")] (the shared
        // framework's own Microsoft.Win32.Registry stands in for System.Diagnostics.EventLog; off Windows the shared
        // framework carries its PlatformNotSupported stub): CA1416 covers every use, so XG1007 informs. Stub: ProtectedData 4.5.0's real PlatformNotSupported stub, no attribute: a warning.
        // Full: a full implementation in lib/ beside a Windows build: nothing to say.
        string windowsOnly = typeof(Microsoft.Win32.Registry).Assembly.Location;
        string full = typeof(GivenCheckNativeAssetsTests).Assembly.Location;
        var assets = new AssetsBuilder()
            .Package("Win.Only", "1.0.0", new Dictionary<string, string>
            {
                ["lib/net8.0/Win.Only.dll"] = windowsOnly,
                ["runtimes/win/lib/net8.0/Win.Only.dll"] = windowsOnly,
            })
            .Package("Stub", "1.0.0", new Dictionary<string, string>
            {
                ["lib/netstandard2.0/Stub.dll"] = RealBinaries.ProtectedDataStub,
                ["runtimes/win/lib/netstandard2.0/Stub.dll"] = full,
            })
            .Package("Full", "1.0.0", new Dictionary<string, string>
            {
                ["lib/net8.0/Full.dll"] = full,
                ["runtimes/win/lib/net8.0/Full.dll"] = full,
            });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;win-x64");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1007", warning.Code);
        Assert.StartsWith("Package 'Stub' 1.0.0 (referenced directly) has RID-specific managed assemblies for win but none for linux-x64; there the app gets its RID-neutral 'lib/netstandard2.0/Stub.dll', a PlatformNotSupported stub (2 of 2 public methods always throw PlatformNotSupportedException)", warning.Message, StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Code == "XG1007" && m.Message!.Contains("'Win.Only'", StringComparison.Ordinal)
            && m.Message.Contains("its RID-neutral 'lib/net8.0/Win.Only.dll' declares [SupportedOSPlatform] for windows only at assembly level (and is a PlatformNotSupported stub: ", StringComparison.Ordinal)
            && m.Message.EndsWith("), so CA1416 reports every unguarded use of it at compile time.", StringComparison.Ordinal));
        Assert.DoesNotContain(engine.Messages, m => m.Message!.Contains("'Full'", StringComparison.Ordinal));
    }

    [Fact]
    public void Natives_split_into_one_package_per_rid_under_one_parent_are_covered()
    {
        // Field test (kavita): NetVips.Native depends on NetVips.Native.<rid> for every RID; each had XG1001 errors for
        // all the others ("NetVips.Native.win-x86 has native assets for win-x86 but none for linux-x64").
        var assets = new AssetsBuilder()
            .Package("Split", "1.0.0", new Dictionary<string, string>(), dependencies: ["Split.linux-x64", "Split.win-x64"])
            .Package("Split.linux-x64", "1.0.0", new Dictionary<string, string> { ["runtimes/linux-x64/native/libsplit.so.42"] = RealBinaries.LinuxX64So }, direct: false)
            .Package("Split.win-x64", "1.0.0", new Dictionary<string, string> { ["runtimes/win-x64/native/libsplit-42.dll"] = RealBinaries.WinX64Dll, ["runtimes/win-x64/native/libglib-2.0-0.dll"] = RealBinaries.WinX64Dll }, direct: false);

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;win-x64", currentRid: "linux-x64");

        Assert.True(task.Execute());
        Assert.DoesNotContain(engine.Errors, e => e.Code == "XG1001");
        Assert.DoesNotContain(engine.Warnings, w => w.Code == "XG1001");
    }

    [Fact]
    public void The_other_os_half_of_a_per_os_split_is_covered_and_a_parent_without_this_os_fails()
    {
        // Field test (powershell): Microsoft.Management.Infrastructure brings .Runtime.Win (win-* natives) and
        // .Runtime.Unix; on Linux the Windows half is information, not an XG1001 error blocking the publish. A parent that
        // brings natives for some OSes and none for this one (SkiaSharp 2.88 with only its macOS and Win32 packages on
        // Linux: libSkiaSharp is called on every OS) still fails there (Cli InspectTests.SkiaSharp_2_88_...).
        var assets = new AssetsBuilder()
            .Package("Host", "1.0.0", new Dictionary<string, string> { ["lib/net8.0/Host.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location }, dependencies: ["Win.Native", "Unix.Native"])
            .Package("Win.Native", "1.0.0", new Dictionary<string, string> { ["runtimes/win-x64/native/winonly.dll"] = RealBinaries.WinX64Dll }, direct: false)
            .Package("Unix.Native", "1.0.0", new Dictionary<string, string> { ["runtimes/linux-x64/native/libunixhalf.so"] = RealBinaries.LinuxX64So }, direct: false)
            .Package("Skia.Like", "1.0.0", new Dictionary<string, string> { ["lib/net8.0/Skia.Like.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location }, dependencies: ["Skia.Like.Win"])
            .Package("Skia.Like.Win", "1.0.0", new Dictionary<string, string> { ["runtimes/win-x64/native/libSkiaLike.dll"] = RealBinaries.WinX64Dll }, direct: false)
            .Package("Direct.Win.Native", "1.0.0", new Dictionary<string, string> { ["runtimes/win-x64/native/directwin.dll"] = RealBinaries.WinX64Dll });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;win-x64", currentRid: "linux-x64");

        task.Execute();
        string all = string.Join("\n", engine.Errors.Select(e => e.Message).Concat(engine.Warnings.Select(w => w.Message)).Concat(engine.Messages.Where(m => m.Code is not null).Select(m => m.Message)));
        // The Windows half of Host's split is covered by its Unix sibling: no finding at all.
        Assert.DoesNotContain("Package 'Win.Native'", all, StringComparison.Ordinal);

        // Referenced directly (the app's own code calls it), or the other OSes' half of a parent with nothing for this
        // OS: an error for the RID being published.
        string[] errors = engine.Errors.Where(e => e.Code == "XG1001").Select(e => e.Message!).ToArray();
        Assert.True(errors.Length == 2, all);
        Assert.Contains(errors, e => e.Contains("Package 'Direct.Win.Native' 1.0.0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Package 'Skia.Like.Win' 1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stub_only_other_packages_call_is_information()
    {
        // Field test (gcm): Microsoft.Identity.Client.Extensions.Msal 4.84.2 brings ProtectedData 4.5.0 and calls DPAPI
        // only after checking for Windows; the XG1007 warning on every Linux and macOS RID was false for the app.
        var assets = new AssetsBuilder()
            .Package("Msal.Like", "1.0.0", new Dictionary<string, string> { ["lib/net8.0/Msal.Like.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location }, dependencies: ["Stub"])
            .Package("Stub", "1.0.0", new Dictionary<string, string>
            {
                ["lib/netstandard2.0/Stub.dll"] = RealBinaries.ProtectedDataStub,
                ["runtimes/win/lib/netstandard2.0/Stub.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
            }, direct: false);

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;osx-arm64;win-x64");

        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Contains(engine.Messages, m => m.Code == "XG1007" && m.Message!.Contains("Package 'Stub' 1.0.0 (via ", StringComparison.Ordinal)
            && m.Message.Contains("a PlatformNotSupported stub (", StringComparison.Ordinal) && m.Message.Contains("Only the packages that bring it call it", StringComparison.Ordinal));
    }

    [Fact]
    public void XG1007_is_one_finding_per_package_listing_its_rids_and_never_an_error()
    {
        var assets = new AssetsBuilder().Package("Stub", "1.0.0", new Dictionary<string, string>
        {
            ["lib/netstandard2.0/Stub.dll"] = RealBinaries.ProtectedDataStub,
            ["runtimes/win/lib/netstandard2.0/Stub.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
        });

        // Published for one of its RIDs, and with CrossGuardSeverity=error: still one warning, the publish goes on.
        foreach (string severity in new[] { string.Empty, "error" })
        {
            (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-arm64;osx-arm64;win-x64", currentRid: "linux-x64");
            task.Severity = severity;
            Assert.True(task.Execute());
            Assert.Empty(engine.Errors);
            BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
            Assert.Contains("for win but none for linux-x64, linux-arm64, osx-arm64;", warning.Message, StringComparison.Ordinal);
        }

        // A RID-specific suppression covers the finding only once every RID it lists is covered.
        (CheckNativeAssets partly, MockBuildEngine e1) = Task(assets, "linux-x64;osx-arm64");
        partly.Suppressions = [new TaskItem("Stub", new Dictionary<string, string> { ["Rid"] = "linux-x64", ["Reason"] = "guarded" })];
        Assert.True(partly.Execute());
        Assert.Single(e1.Warnings);

        (CheckNativeAssets wholly, MockBuildEngine e2) = Task(assets, "linux-x64;osx-arm64");
        wholly.Suppressions =
        [
            new TaskItem("Stub", new Dictionary<string, string> { ["Rid"] = "linux-x64", ["Reason"] = "guarded" }),
            new TaskItem("Stub", new Dictionary<string, string> { ["Rid"] = "osx-arm64", ["Code"] = "XG1007", ["Reason"] = "guarded too" }),
        ];
        Assert.True(wholly.Execute());
        Assert.Empty(e2.Warnings);
        Assert.Contains(e2.Messages, m => m.Code == "XG1007" && m.Message!.EndsWith("(suppressed by CrossGuardSuppress: guarded; guarded too)", StringComparison.Ordinal));
    }

    [Fact]
    public void Rid_specific_managed_assets_only_for_platforms_the_app_does_not_ship_say_nothing()
    {
        // System.Text.Encodings.Web 10's shape: runtimes/browser and runtimes/wasi builds beside lib/. Even with a stub in
        // lib/ (which a package without any RID split would not be reported for either), browser folders tell nothing
        // about linux-x64 or win-x64.
        var assets = new AssetsBuilder().Package("Web.Only", "1.0.0", new Dictionary<string, string>
        {
            ["lib/netstandard2.0/Web.Only.dll"] = RealBinaries.ProtectedDataStub,
            ["runtimes/browser/lib/netstandard2.0/Web.Only.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
            ["runtimes/wasi/lib/netstandard2.0/Web.Only.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
        });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;win-x64", currentRid: "linux-x64");
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.DoesNotContain(engine.Messages, m => m.Code == "XG1007");

        // An app that ships browser-wasm too makes the split its own: linux-x64 gets the stub there, which is reported.
        (CheckNativeAssets wasm, MockBuildEngine wasmEngine) = Task(assets, "linux-x64;browser-wasm");
        Assert.True(wasm.Execute());
        Assert.Contains(wasmEngine.Warnings, w => w.Code == "XG1007" && w.Message!.Contains("but none for linux-x64;", StringComparison.Ordinal));
    }

    [Fact]
    public void Suppression_NoWarn_and_Severity_shape_what_is_logged()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });

        (CheckNativeAssets suppressed, MockBuildEngine e1) = Task(assets, "linux-x64;osx-arm64", currentRid: "osx-arm64");
        suppressed.Suppressions = [new TaskItem("foo", new Dictionary<string, string> { ["Rid"] = "osx-arm64", ["Reason"] = "mac build is managed-only" })];
        Assert.True(suppressed.Execute());
        Assert.Contains(e1.Messages, m => m.Code == "XG1001" && m.Message!.Contains("(suppressed by CrossGuardSuppress: mac build is managed-only)", StringComparison.Ordinal));

        (CheckNativeAssets noWarn, MockBuildEngine e2) = Task(assets, "linux-x64;osx-arm64");
        noWarn.NoWarn = "CS1591;XG1001";
        Assert.True(noWarn.Execute());
        Assert.Empty(e2.Warnings);

        (CheckNativeAssets lowered, MockBuildEngine e3) = Task(assets, "linux-x64;osx-arm64", currentRid: "osx-arm64");
        lowered.Severity = "warning";
        Assert.True(lowered.Execute());
        Assert.Equal("XG1001", Assert.Single(e3.Warnings).Code);
    }

    [Fact]
    public void Second_run_replays_cached_findings_and_a_new_assets_file_invalidates_them()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libzstd.so"] = RealBinaries.LinuxX64So,
        });
        (CheckNativeAssets first, MockBuildEngine e1) = Task(assets, "linux-x64;osx-arm64");
        Assert.True(first.Execute());
        Assert.False(first.UsedCache);

        var second = new CheckNativeAssets
        {
            BuildEngine = new MockBuildEngine(),
            ProjectDirectory = first.ProjectDirectory,
            ProjectAssetsFile = first.ProjectAssetsFile,
            TargetFrameworkMoniker = first.TargetFrameworkMoniker,
            RuntimeIdentifiers = first.RuntimeIdentifiers,
            MinGlibc = first.MinGlibc,
            MinMacOS = first.MinMacOS,
            NativesManifest = first.NativesManifest,
            InspectionCacheDirectory = first.InspectionCacheDirectory,
        };
        Assert.True(second.Execute());
        Assert.True(second.UsedCache);
        Assert.Equal(e1.Warnings.Select(w => w.Message), ((MockBuildEngine)second.BuildEngine).Warnings.Select(w => w.Message));

        File.SetLastWriteTimeUtc(first.ProjectAssetsFile, DateTime.UtcNow.AddMinutes(1));
        second.BuildEngine = new MockBuildEngine();
        Assert.True(second.Execute());
        Assert.False(second.UsedCache);

        second.RuntimeIdentifiers = ["linux-x64"];
        second.BuildEngine = new MockBuildEngine();
        File.SetLastWriteTimeUtc(second.NativesManifest, DateTime.UtcNow.AddMinutes(2));
        Assert.True(second.Execute());
        Assert.False(second.UsedCache);
        Assert.Empty(((MockBuildEngine)second.BuildEngine).Warnings);
    }

    [Theory]
    [InlineData("{ \"version\": 3, \"targets\": { oops", "XG9001")]
    [InlineData("", "XG9001")]
    [InlineData("{ \"version\": 3 }", "XG9001")]
    public void Malformed_assets_file_is_one_coded_error(string content, string code)
    {
        var assets = new AssetsBuilder();
        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64");
        File.WriteAllText(task.ProjectAssetsFile, content);

        Assert.False(task.Execute());
        Assert.Equal(code, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Unknown_rid_and_bad_setting_are_coded_errors()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>());
        (CheckNativeAssets unknown, MockBuildEngine e1) = Task(assets, "linux-x64;linux-foo64");
        Assert.False(unknown.Execute());
        Assert.Equal("XG9002", Assert.Single(e1.Errors).Code);

        (CheckNativeAssets bad, MockBuildEngine e2) = Task(assets, "linux-x64");
        bad.MinGlibc = "latest";
        Assert.False(bad.Execute());
        Assert.Equal("XG9006", Assert.Single(e2.Errors).Code);
    }

    [Fact]
    public void Unreadable_rid_graph_and_empty_required_input_are_coded_errors()
    {
        var assets = new AssetsBuilder().Package("Foo", "1.0.0", new Dictionary<string, string>());
        (CheckNativeAssets graph, MockBuildEngine e1) = Task(assets, "linux-x64");
        graph.RuntimeGraphPath = Path.Combine(assets.Root, "broken.runtime.json");
        File.WriteAllText(graph.RuntimeGraphPath, "{ \"runtimes\": ");
        Assert.False(graph.Execute());
        BuildErrorEventArgs error = Assert.Single(e1.Errors);
        Assert.Equal("XG9003", error.Code);
        Assert.Contains("broken.runtime.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XG9003", error.Message, StringComparison.Ordinal);

        (CheckNativeAssets empty, MockBuildEngine e2) = Task(assets, "linux-x64");
        empty.ProjectAssetsFile = " ";
        Assert.False(empty.Execute());
        Assert.Equal("XG9004", Assert.Single(e2.Errors).Code);
        Assert.Equal("The CrossGuard task input 'ProjectAssetsFile' is required but was empty.", e2.Errors[0].Message);
    }

    /// <summary>
    /// Natives the project ships as Content / None / NativeLibrary items are in the manifest per RID, so XG0001 does not
    /// call their imports missing: runtimes/&lt;rid&gt;/native/ paths serve that RID (and RIDs falling back to it), plain
    /// files every RID of the OS their name belongs to. A changed item list rewrites the manifest.
    /// </summary>
    [Fact]
    public void Natives_the_project_ships_itself_are_listed_per_rid_in_the_manifest()
    {
        var assets = new AssetsBuilder();
        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;linux-musl-x64;win-x64;osx-arm64");
        task.ProjectNativeFiles =
        [
            new TaskItem("native/linux-x64/libacme.so", new Dictionary<string, string> { ["TargetPath"] = "runtimes/linux-x64/native/libacme.so" }),
            new TaskItem("native/win-arm64/acme.dll", new Dictionary<string, string> { ["Link"] = "runtimes/win-arm64/native/acme.dll" }),
            new TaskItem("lib/acme_win.dll"),
            new TaskItem("lib/libacme_mac.dylib"),
            new TaskItem("lib/libacme_any.so.2"),
            new TaskItem("lib/libstaticacme.a"),
            new TaskItem("appsettings.json"),
        ];
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(task.NativesManifest));
        string[] Libraries(string rid) => manifest.RootElement.GetProperty("rids").GetProperty(rid).GetProperty("libraries")
            .EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["libacme.so", "libacme_any.so.2", "libstaticacme"], Libraries("linux-x64"));
        // linux-musl-x64 falls back to linux-x64 in the RID graph, so the runtimes/linux-x64/ file is listed for it too (whether a
        // glibc file loads on musl is the binary checks' question, not the manifest's).
        Assert.Equal(["libacme.so", "libacme_any.so.2", "libstaticacme"], Libraries("linux-musl-x64"));
        Assert.Equal(["acme_win.dll"], Libraries("win-x64"));
        Assert.Equal(["libacme_mac.dylib", "libstaticacme"], Libraries("osx-arm64"));

        (CheckNativeAssets again, MockBuildEngine againEngine) = Task(assets, "linux-x64;linux-musl-x64;win-x64;osx-arm64");
        again.ProjectNativeFiles = [new TaskItem("lib/acme_win.dll"), new TaskItem("lib/acme.lib")];
        Assert.True(again.Execute(), string.Join("\n", againEngine.Errors.Select(e => e.Message)));
        using var rewritten = System.Text.Json.JsonDocument.Parse(File.ReadAllText(again.NativesManifest));
        Assert.Equal(["acme.dll", "acme_win.dll"], rewritten.RootElement.GetProperty("rids").GetProperty("win-x64").GetProperty("libraries")
            .EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(rewritten.RootElement.GetProperty("rids").GetProperty("linux-x64").GetProperty("libraries").EnumerateArray());
    }
}
