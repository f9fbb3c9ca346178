using System.Text.RegularExpressions;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 4: real apps using real native packages from NuGet, built and published with the packed CrossGuard.
/// </summary>
public sealed class RidMatrixTests(PackageFixture fixture)
{
    private const string ZstdProgram = """
        Console.WriteLine(typeof(ZstdNet.Compressor).Assembly.GetName().Name);
        """;

    /// <summary>A line MSBuild prints once the app's own assembly has been compiled.</summary>
    private static bool Compiled(CommandResult result, string name) =>
        result.Output.Contains($"{name} -> ", StringComparison.Ordinal);

    [Fact]
    public void Package_without_musl_natives_fails_a_musl_publish_early_and_publishes_cleanly_for_glibc_rids()
    {
        SampleProject project = fixture.CreateProject("zstdapp")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-arm64;linux-musl-x64</RuntimeIdentifiers>",
                """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", ZstdProgram);

        CommandResult musl = project.Publish("linux-musl-x64");
        Assert.True(musl.ExitCode != 0, musl.ToString());
        Assert.Equal(["XG1002"], SampleProject.Codes(musl, "error"));
        Assert.Contains("Package 'ZstdNet' 1.5.7 (referenced directly) has no musl build for linux-musl-x64", musl.Output, StringComparison.Ordinal);
        Assert.Contains("runtimes/linux-x64/native/libzstd.so", musl.Output, StringComparison.Ordinal);
        Assert.Contains("ZstdSharp.Port", musl.Output, StringComparison.Ordinal);
        Assert.Matches(@"zstdapp\.csproj\(\d+\): error XG1002", musl.Output);
        Assert.False(Compiled(musl, project.Name), "the publish must stop before compiling:\n" + musl);

        foreach (string rid in new[] { "linux-x64", "linux-arm64" })
        {
            CommandResult publish = project.Publish(rid);
            Assert.True(publish.ExitCode == 0, publish.ToString());
            Assert.Empty(SampleProject.Codes(publish, "error"));
            // The musl RID stays declared, so it is reported, as a warning, while other RIDs publish; and ZstdNet's
            // libzstd.so really needs glibc 2.34 (pthread_create@GLIBC_2.34), above .NET 10's own floor of 2.27.
            Assert.Equal(["XG1002", "XG1004"], SampleProject.Codes(publish, "warning"));
            Assert.Contains($"selects 'runtimes/{rid}/native/libzstd.so' for {rid}, which needs glibc 2.34", publish.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", rid, "publish", "libzstd.so")), publish.ToString());
        }

        // CrossGuard's own assets reader sees what NuGet's LockFileFormat sees in this real restore (natives per RID).
        Assert.True(Tasks.Tests.Assets.AssetsOracle.AssertSameAsNuGet(Path.Combine(project.Directory, "obj", "project.assets.json")) > 0);
    }

    [Fact]
    public void Package_without_osx_x64_natives_fails_an_osx_x64_publish_and_lists_what_it_covers()
    {
        // ONNX Runtime ships macOS natives for arm64 only.
        SampleProject project = fixture.CreateProject("onnxapp")
            .WithProject("<RuntimeIdentifiers>linux-x64;osx-arm64;osx-x64</RuntimeIdentifiers>",
                """<PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />""")
            .WithFile("Program.cs", """Console.WriteLine("onnx");""");

        CommandResult publish = project.Publish("osx-x64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG1001"], SampleProject.Codes(publish, "error"));
        Assert.Contains("Package 'Microsoft.ML.OnnxRuntime' 1.31.1 (referenced directly) has native assets for android, ios, linux-arm64, linux-x64, osx-arm64, win-arm64, win-x64 but none for osx-x64", publish.Output, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime has no managed port", publish.Output, StringComparison.Ordinal);
        Assert.False(Compiled(publish, project.Name), publish.ToString());

        // osx-arm64 is covered by the RID graph; its publish succeeds (the Windows DLLs the package's own targets copy
        // in are dead weight, nothing probes them): PublishAuditTests.Onnx_runtime_arm64_publishes_succeed_...
    }

    [Fact]
    public void Natives_split_across_sibling_packages_count_as_covered()
    {
        // SkiaSharp ships libSkiaSharp for Windows, macOS and Linux in three packages; none alone covers every RID.
        SampleProject project = fixture.CreateProject("skiaapp")
            .WithProject("<RuntimeIdentifiers>linux-x64;osx-x64;win-x64</RuntimeIdentifiers>",
                """<PackageReference Include="SkiaSharp.NativeAssets.Linux" Version="2.88.9" />""")
            .WithFile("Program.cs", """Console.WriteLine("skia");""");

        CommandResult build = project.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("XG1001", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pure_managed_app_has_no_diagnostics_even_with_native_code_disallowed()
    {
        SampleProject project = fixture.CreateProject("managedapp")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-musl-x64;osx-arm64;win-x64</RuntimeIdentifiers><CrossGuardAllowNative>false</CrossGuardAllowNative>",
                """<PackageReference Include="Newtonsoft.Json" Version="13.0.3" />""")
            .WithFile("Program.cs", """Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { ok = true }));""");

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(SampleProject.Codes(build, "warning"));
        Assert.Contains("CrossGuard checked", build.Output, StringComparison.Ordinal);

        CommandResult publish = project.Publish("linux-musl-x64");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "warning"));
        Assert.Contains("CrossGuard audited", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_only_managed_packages_warn_only_when_they_do_not_declare_their_platform()
    {
        // Generic Host brings System.Diagnostics.EventLog (runtimes/win/lib; its lib/ assembly is a PlatformNotSupported
        // stub that declares [SupportedOSPlatform("windows")], so CA1416 covers it): information. ProtectedData 4.5.0's
        // lib/netstandard2.0 is a stub that predates those annotations: the rule keeps its teeth, as a warning, once per
        // package for every RID it concerns, and never as an error, not even for the RID being published.
        SampleProject project = fixture.CreateProject("hostapp")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers>",
                """
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
                <PackageReference Include="System.Security.Cryptography.ProtectedData" Version="4.5.0" />
                """)
            .WithFile("Program.cs", """Console.WriteLine(typeof(Microsoft.Extensions.Hosting.Host).Name);""");

        CommandResult publish = project.Publish("linux-x64");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Equal(["XG1007"], SampleProject.Codes(publish, "warning"));
        const string Stub = "warning XG1007: Package 'System.Security.Cryptography.ProtectedData' 4.5.0 (referenced directly) has RID-specific managed assemblies for win but none for linux-x64, osx-arm64; there the app gets its RID-neutral 'lib/netstandard2.0/System.Security.Cryptography.ProtectedData.dll', a PlatformNotSupported stub (2 of 2 public methods always throw PlatformNotSupportedException)";
        Assert.Contains(Stub, publish.Output, StringComparison.Ordinal);
        Assert.Contains("DPAPI is Windows-only in every version", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning XG1007: Package 'System.Diagnostics.EventLog'", publish.Output, StringComparison.Ordinal);
        const string Declared = "XG1007: Package 'System.Diagnostics.EventLog' 10.0.0 (via hostapp -> Microsoft.Extensions.Hosting -> Microsoft.Extensions.Logging.EventLog -> System.Diagnostics.EventLog) has RID-specific managed assemblies for win but none for linux-x64, osx-arm64; its RID-neutral 'lib/net10.0/System.Diagnostics.EventLog.dll' declares [SupportedOSPlatform] for windows only at assembly level";
        Assert.Contains(Declared, publish.Output, StringComparison.Ordinal);

        // One line per package and code in the log, listing the RIDs (it used to repeat one line per RID).
        AssertOneLine(publish.Output, "XG1007: Package 'System.Diagnostics.EventLog'");

        // CrossGuardSeverity=error raises warnings, but never XG1007 (see docs/rules/XG1007.md).
        CommandResult strict = project.Publish("linux-x64", "-p:CrossGuardSeverity=error");
        Assert.True(strict.ExitCode == 0, strict.ToString());
        Assert.Equal(["XG1007"], SampleProject.Codes(strict, "warning"));

        // Whoever wants it to block says so for this code alone, with MSBuild's own switch.
        CommandResult opted = project.Publish("linux-x64", "-p:MSBuildWarningsAsErrors=XG1007");
        Assert.True(opted.ExitCode != 0, opted.ToString());
        Assert.Equal(["XG1007"], SampleProject.Codes(opted, "error"));
    }

    [Fact]
    public void Net8_app_on_System_Text_Json_10_publishes_for_every_rid_without_XG1007()
    {
        // System.Text.Encodings.Web 10's only RID-specific assemblies a net8.0 app could see are runtimes/browser ones;
        // its lib/net8.0 assembly is the full implementation.
        SampleProject project = fixture.CreateProject("stj8")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;win-x64</CrossGuardRuntimeIdentifiers>",
                """<PackageReference Include="System.Text.Json" Version="10.0.5" />""", targetFramework: "net8.0")
            .WithFile("Program.cs", """Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { ok = true }));""");

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotContain("XG1007", publish.Output, StringComparison.Ordinal);
        Assert.Empty(SampleProject.Codes(publish, "warning"));
        Assert.Contains("CrossGuard checked 3 RIDs", publish.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net8.0", "linux-x64", "publish", "System.Text.Encodings.Web.dll")), publish.ToString());
    }

    [Fact]
    public void Azure_Identity_publishes_for_linux_and_macOS_with_ProtectedData_as_information()
    {
        // MSAL (through Azure.Identity) brings ProtectedData 4.5.0 and calls DPAPI only on Windows: the stub only other
        // packages call is information (field test, docs/field-test.md: it was a warning on every Linux and macOS RID).
        SampleProject project = fixture.CreateProject("azid")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers>",
                """<PackageReference Include="Azure.Identity" Version="1.17.1" />""")
            .WithFile("Program.cs", """Console.WriteLine(typeof(Azure.Identity.DefaultAzureCredential).Name);""");

        foreach (string rid in new[] { "linux-x64", "osx-arm64" })
        {
            CommandResult publish = project.Publish(rid);
            Assert.True(publish.ExitCode == 0, publish.ToString());
            Assert.Empty(SampleProject.Codes(publish, "error"));
            Assert.Empty(SampleProject.Codes(publish, "warning"));
            AssertOneLine(publish.Output, "XG1007: Package 'System.Security.Cryptography.ProtectedData' 4.5.0 (via azid -> Azure.Identity -> ");
            Assert.Contains("Only the packages that bring it call it", publish.Output, StringComparison.Ordinal);
            Assert.Contains("but none for linux-x64, linux-arm64, osx-arm64; there the app gets its RID-neutral 'lib/netstandard2.0/System.Security.Cryptography.ProtectedData.dll', a PlatformNotSupported stub", publish.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProtectedData_8_has_no_RID_split_and_CA1416_reports_an_unguarded_call()
    {
        // 8.0.0 ships one assembly that declares [SupportedOSPlatform("windows")] and throws off Windows: XG1007 has no
        // split to report, and the SDK's CA1416 reports the app's own unguarded call (it does not work off Windows either).
        SampleProject project = fixture.CreateProject("dpapi8")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;win-x64</CrossGuardRuntimeIdentifiers>",
                """<PackageReference Include="System.Security.Cryptography.ProtectedData" Version="8.0.0" />""")
            .WithFile("Program.cs", """Console.WriteLine(System.Security.Cryptography.ProtectedData.Protect([1], null, System.Security.Cryptography.DataProtectionScope.CurrentUser).Length);""");

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(SampleProject.Codes(build, "warning"));
        Assert.DoesNotContain("XG1007", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning CA1416", build.Output, StringComparison.Ordinal);
        Assert.Contains("CrossGuard checked 2 RIDs", build.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Asserts that one line of the log says <paramref name="value"/>: MSBuild repeats warnings in its summary, identically
    /// but for the project suffix it may add, so lines are compared from the code on, without that suffix.
    /// </summary>
    private static void AssertOneLine(string text, string value)
    {
        List<string> lines = text.Split('\n').Where(l => l.Contains(value, StringComparison.Ordinal))
            .Select(l => Regex.Replace(l.Substring(l.IndexOf(value, StringComparison.Ordinal)).Trim(), @"\s*\[[^\]]*\.csproj\]$", string.Empty))
            .Distinct(StringComparer.Ordinal).ToList();
        Assert.True(lines.Count == 1, $"{lines.Count} different lines say '{value}':\n" + string.Join("\n", lines));
    }

    [Fact]
    public void Sqlite_with_native_code_disallowed_names_the_native_package_and_the_path_that_brought_it()
    {
        SampleProject project = fixture.CreateProject("sqliteapp")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers><CrossGuardAllowNative>false</CrossGuardAllowNative>",
                """<PackageReference Include="Microsoft.Data.Sqlite" Version="8.0.34" />""")
            .WithFile("Program.cs", """Console.WriteLine(typeof(Microsoft.Data.Sqlite.SqliteConnection).Name);""");

        CommandResult build = project.Build();

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(["XG1006"], SampleProject.Codes(build, "error"));
        Assert.Matches(@"Package 'SQLitePCLRaw\.lib\.e_sqlite3' [\d.]+ \(via sqliteapp -> Microsoft\.Data\.Sqlite -> SQLitePCLRaw\.bundle_e_sqlite3 -> SQLitePCLRaw\.lib\.e_sqlite3\) carries native code", build.Output);
        Assert.Matches(@"sqliteapp\.csproj\(\d+\): error XG1006", build.Output);
    }

    [Fact]
    public void Suppression_with_a_reason_lets_the_publish_through_and_says_why()
    {
        SampleProject project = fixture.CreateProject("suppressed")
            .WithProject("<RuntimeIdentifiers>linux-musl-x64</RuntimeIdentifiers>",
                """
                <PackageReference Include="ZstdNet" Version="1.5.7" />
                <CrossGuardSuppress Include="ZstdNet" Rid="linux-musl-x64" Reason="we install gcompat in the image" />
                """)
            .WithFile("Program.cs", ZstdProgram);

        CommandResult publish = project.Publish("linux-musl-x64");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Contains("(suppressed by CrossGuardSuppress: we install gcompat in the image)", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWarn_and_CrossGuardSeverity_control_reporting_like_sdk_diagnostics()
    {
        SampleProject project = fixture.CreateProject("severity")
            .WithProject("<RuntimeIdentifiers>linux-x64;osx-x64</RuntimeIdentifiers>",
                """<PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />""")
            .WithFile("Program.cs", """Console.WriteLine("onnx");""");

        // ONNX Runtime: no osx-x64 build (XG1001), and its linux-x64 library needs glibc 2.28 (fcntl64), above .NET 10's 2.27.
        CommandResult plain = project.Build();
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(["XG1001", "XG1004"], SampleProject.Codes(plain, "warning"));

        CommandResult noWarn = project.Build("-p:NoWarn=XG1001%3BXG1004");
        Assert.True(noWarn.ExitCode == 0, noWarn.ToString());
        Assert.Empty(SampleProject.Codes(noWarn, "warning"));

        CommandResult strict = project.Build("-p:CrossGuardSeverity=error");
        Assert.True(strict.ExitCode != 0, strict.ToString());
        Assert.Equal(["XG1001", "XG1004"], SampleProject.Codes(strict, "error"));
    }

    [Fact]
    public void No_op_build_of_a_clean_project_does_not_check_again()
    {
        SampleProject project = fixture.CreateProject("cleanskip")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", ZstdProgram);

        CommandResult first = project.Build("-v:d");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Empty(SampleProject.Codes(first, "warning"));
        Assert.Contains("CrossGuard inspected", first.Output, StringComparison.Ordinal);

        CommandResult second = project.Build("-v:d");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(replayed: nothing the check depends on changed)", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CrossGuard inspected", second.Output, StringComparison.Ordinal);

        // A changed setting is part of the replay key: the check runs again.
        CommandResult third = project.Build("-v:d", "-p:CrossGuardMinGlibc=2.28");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(["XG1004"], SampleProject.Codes(third, "warning"));
    }

    [Fact]
    public void No_op_build_replays_cached_results_without_reinspecting()
    {
        SampleProject project = fixture.CreateProject("incremental")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-musl-x64</RuntimeIdentifiers>",
                """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", ZstdProgram);

        CommandResult first = project.Build("-v:d");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("CrossGuard inspected", first.Output, StringComparison.Ordinal);
        string manifest = Path.Combine(project.Directory, "obj", "Debug", "net10.0", "crossguard.natives.json");
        Assert.True(File.Exists(manifest));
        Assert.Contains("libzstd.so", File.ReadAllText(manifest), StringComparison.Ordinal);

        // Nothing changed: the task replays the last check's warnings, at the same lines, without checking.
        CommandResult second = project.Build("-v:d");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(replayed: nothing the check depends on changed)", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CrossGuard inspected", second.Output, StringComparison.Ordinal);
        Assert.Equal(["XG1002", "XG1004"], SampleProject.Codes(second, "warning"));
        Assert.Equal(WarningLines(first), WarningLines(second));

        // The project file changed (its lines may have moved): the check runs, but reuses its results instead of
        // re-reading the assets file or a single binary.
        File.AppendAllText(project.ProjectPath, "\n<!-- edited -->\n");
        CommandResult third = project.Build("-v:d");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("CrossGuard reused", third.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CrossGuard inspected", third.Output, StringComparison.Ordinal);
        Assert.Equal(["XG1002", "XG1004"], SampleProject.Codes(third, "warning"));
    }

    private static List<string> WarningLines(CommandResult result) =>
        result.Output.Split('\n').Where(l => l.Contains(": warning XG", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().Order(StringComparer.Ordinal).ToList();
}
