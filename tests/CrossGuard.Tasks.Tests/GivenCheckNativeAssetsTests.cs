using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks.Tests;

public sealed class GivenCheckNativeAssetsTests
{
    private static (CheckNativeAssets Task, MockBuildEngine Engine) Task(AssetsBuilder assets, string rids, string currentRid = "", string allowNative = "true")
    {
        string path = assets.Write();
        var engine = new MockBuildEngine();
        var task = new CheckNativeAssets
        {
            BuildEngine = engine,
            ProjectDirectory = assets.Root,
            ProjectPath = Path.Combine(assets.Root, "app.csproj"),
            ProjectAssetsFile = path,
            TargetFrameworkMoniker = ".NETCoreApp,Version=v8.0",
            RuntimeIdentifiers = rids.Split(';'),
            RuntimeIdentifier = currentRid,
            AllowNative = allowNative,
            // ZstdNet's libzstd.so needs glibc 2.34; tests of other rules declare that floor (XG1004 has its own test).
            MinGlibc = "2.34",
            MinMacOS = "15.0",
            NativesManifest = Path.Combine(assets.Root, "obj", "crossguard.natives.json"),
            InspectionCacheDirectory = Path.Combine(assets.Root, "inspections"),
        };
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
        Assert.Contains(engine.Warnings, w => w.Code == "XG1007" && w.Message!.Contains("for win but none for linux-x64", StringComparison.Ordinal)
            && w.Message.EndsWith("If nothing calls it on that OS, add a CrossGuardSuppress item with the reason; otherwise use a version or package that supports the RID.", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Code == "XG1009" && m.Message!.Contains("'runtimes/win10-x64/'", StringComparison.Ordinal));
    }

    [Fact]
    public void Rid_specific_managed_assets_of_a_library_that_declares_its_platform_are_information_not_a_warning()
    {
        // The RID-neutral lib/ assembly declares [assembly: SupportedOSPlatform("windows")] (the shared framework's own
        // Microsoft.Win32.Registry stands in for System.Diagnostics.EventLog): CA1416 covers every use, so XG1007 informs.
        string windowsOnly = typeof(Microsoft.Win32.Registry).Assembly.Location;
        var assets = new AssetsBuilder()
            .Package("Win.Only", "1.0.0", new Dictionary<string, string>
            {
                ["lib/net8.0/Win.Only.dll"] = windowsOnly,
                ["runtimes/win/lib/net8.0/Win.Only.dll"] = windowsOnly,
            })
            .Package("Undeclared", "1.0.0", new Dictionary<string, string>
            {
                ["lib/net8.0/Undeclared.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
                ["runtimes/win/lib/net8.0/Undeclared.dll"] = typeof(GivenCheckNativeAssetsTests).Assembly.Location,
            });

        (CheckNativeAssets task, MockBuildEngine engine) = Task(assets, "linux-x64;win-x64");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG1007", warning.Code);
        Assert.Contains("'Undeclared'", warning.Message, StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Code == "XG1007" && m.Message!.Contains("'Win.Only'", StringComparison.Ordinal)
            && m.Message.Contains("declares [SupportedOSPlatform] for windows only, so CA1416 reports every unguarded use", StringComparison.Ordinal));
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
}
