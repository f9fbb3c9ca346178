using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// The publish-output audit is a probe model: it looks every library the app loads up as the runtime will, and judges
/// the file the loader reaches (issue 21 items 2 and 3). Real `dotnet publish -r`, real package binaries; where the
/// host can run the result (linux-x64), the published app is run to prove the verdict.
/// </summary>
public sealed class PublishAuditTests(PackageFixture fixture)
{
    private const string ZstdVersion = "1.5.7";

    /// <summary>ZstdNet's natives for every RID it ships, by RID folder.</summary>
    private static readonly string[] ZstdRids = ["linux-arm64", "linux-x64", "osx-arm64", "osx-x64", "win-arm64", "win-x64", "win-x86"];

    private static string ZstdFile(string rid) => rid.StartsWith("win", StringComparison.Ordinal) ? "libzstd.dll" : rid.StartsWith("osx", StringComparison.Ordinal) ? "libzstd.dylib" : "libzstd.so";

    /// <summary>Restores ZstdNet into the run's package folder (once per run: later restores find it there).</summary>
    private string ZstdPackageFolder(SampleProject project)
    {
        CommandResult restore = project.Dotnet("restore", project.ProjectPath);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        return Path.Combine(fixture.PackagesDirectory, "zstdnet", ZstdVersion);
    }

    /// <summary>The app's own P/Invoke of zstd, optionally behind its own resolver that loads runtimes/&lt;rid&gt;/native/ for the running RID.</summary>
    private static string ZstdProgram(bool resolver) => (resolver ? """
        using System.Runtime.InteropServices;
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, (name, assembly, path) => name == "zstd"
            ? NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native",
                OperatingSystem.IsWindows() ? "libzstd.dll" : OperatingSystem.IsMacOS() ? "libzstd.dylib" : "libzstd.so"))
            : IntPtr.Zero);
        """ : "using System.Runtime.InteropServices;\n") + """
        Console.WriteLine("zstd version " + Native.ZSTD_versionNumber());

        static class Native
        {
            [DllImport("zstd")]
            public static extern uint ZSTD_versionNumber();
        }
        """;

    private SampleProject OwnNativesApp(string name, bool resolver)
    {
        SampleProject project = fixture.CreateProject(name)
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                $"""
                <PackageDownload Include="ZstdNet" Version="[{ZstdVersion}]" />
                <None Update="runtimes/**" CopyToPublishDirectory="PreserveNewest" />
                """)
            .WithFile("Program.cs", ZstdProgram(resolver));
        string package = ZstdPackageFolder(project);
        // The app ships zstd itself, for every RID, as content under runtimes/<rid>/native/.
        foreach (string rid in ZstdRids)
        {
            string target = Path.Combine(project.Directory, "runtimes", rid, "native", ZstdFile(rid));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(package, "runtimes", rid, "native", ZstdFile(rid)), target);
        }

        return project;
    }

    private static string PublishDirectory(SampleProject project, string rid) => Path.Combine(project.Directory, "bin", "Release", "net10.0", rid, "publish");

    [Fact]
    public void App_packing_its_own_natives_for_every_rid_with_its_own_resolver_publishes_and_runs()
    {
        // Issue 21 item 2(a): 9 false XG2001 errors before, one for each file in its own platform's folder.
        SampleProject project = OwnNativesApp("ownnatives", resolver: true);

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        // Its P/Invoke goes through its own resolver: information, not a verdict.
        Assert.Contains("XG2005: 'ownnatives.dll' (the project) registers its own native library resolver (NativeLibrary.SetDllImportResolver), so how 'zstd' is loaded on linux-x64 cannot be proven", publish.Output, StringComparison.Ordinal);
        // The six files of other RIDs cannot load on linux-x64: one dead-weight warning, with count and size.
        Assert.Contains("warning XG2004: The project puts 6 native files (", publish.Output, StringComparison.Ordinal);
        Assert.Contains("'runtimes/win-x64/native/libzstd.dll' (Windows PE x64 binary", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("'runtimes/linux-x64/native/libzstd.so' (", publish.Output, StringComparison.Ordinal);

        // And the app really runs: its resolver loads runtimes/linux-x64/native/libzstd.so.
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            CommandResult run = project.Dotnet(Path.Combine(PublishDirectory(project, "linux-x64"), "ownnatives.dll"));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Matches(@"zstd version 10\d\d\d", run.Output);
        }
    }

    [Fact]
    public void Native_left_under_runtimes_rid_native_by_a_rid_specific_publish_fails_the_publish()
    {
        // Issue 21 item 3: without a resolver, the P/Invoke looks in the app folder only; the .so sits in runtimes/linux-x64/native/.
        SampleProject project = OwnNativesApp("leftover", resolver: false);

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG2003"], SampleProject.Codes(publish, "error"));
        Assert.Contains("error XG2003: a P/Invoke in 'leftover.dll' (the project) loads 'zstd', but the runtime's probe for linux-x64 reaches no file for it (probe order: zstd.so (absent), libzstd.so (absent), zstd (absent), libzstd (absent), then the OS loader's search for the bare name). 'runtimes/linux-x64/native/libzstd.so' is in the publish output, but the runtime never looks there", publish.Output, StringComparison.Ordinal);

        // The verdict is what happens: published anyway, the app throws DllNotFoundException.
        CommandResult accepted = project.Publish("linux-x64", "-p:CrossGuardSeverity=warning");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        if (OperatingSystem.IsLinux())
        {
            CommandResult run = project.Dotnet(Path.Combine(PublishDirectory(project, "linux-x64"), "leftover.dll"));
            Assert.True(run.ExitCode != 0, run.ToString());
            Assert.Contains("System.DllNotFoundException: Unable to load shared library 'zstd'", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Foreign_binary_the_loader_reaches_fails_the_publish()
    {
        // The app's own libzstdarm.so is ZstdNet's linux-arm64 build: the probe for "zstdarm" reaches it in a linux-x64 publish.
        SampleProject project = fixture.CreateProject("foreignreached")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers>",
                $"""
                <PackageDownload Include="ZstdNet" Version="[{ZstdVersion}]" />
                <None Update="libzstdarm.so" CopyToPublishDirectory="PreserveNewest" />
                """)
            .WithFile("Program.cs", ZstdProgram(resolver: false).Replace("DllImport(\"zstd\")", "DllImport(\"zstdarm\")", StringComparison.Ordinal));
        File.Copy(Path.Combine(ZstdPackageFolder(project), "runtimes", "linux-arm64", "native", "libzstd.so"), Path.Combine(project.Directory, "libzstdarm.so"));

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG2001"], SampleProject.Codes(publish, "error"));
        Assert.Contains("error XG2001: 'libzstdarm.so' in the publish output for linux-x64 is a Linux ELF arm64 (glibc) binary (ELF machine arm64, ", publish.Output, StringComparison.Ordinal);
        Assert.Contains("it is the file the runtime reaches for 'zstdarm', which a P/Invoke in 'foreignreached.dll' (the project) loads (probe order: zstdarm.so (absent), libzstdarm.so (app folder)", publish.Output, StringComparison.Ordinal);
        Assert.Contains("It came from the project.", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_dll_the_project_copies_into_a_linux_publish_is_dead_weight_and_the_app_works()
    {
        // Before the probe model this was an XG2001 error; nothing loads a .dll on Linux (ZstdNet's "libzstd" probes
        // libzstd.so, which the package publishes for linux-x64), so it is dead weight.
        SampleProject project = fixture.CreateProject("auditapp")
            .WithProject("<RuntimeIdentifiers>linux-x64</RuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                $"""
                <PackageReference Include="ZstdNet" Version="{ZstdVersion}" />
                <None Include="native/libzstd.dll" CopyToPublishDirectory="PreserveNewest" />
                """)
            .WithFile("Program.cs", """Console.WriteLine(typeof(ZstdNet.Compressor).Assembly.GetName().Name);""");
        string package = ZstdPackageFolder(project);
        // What some packages' own .targets do by hand: copy a Windows build next to the app, whatever the RID.
        Directory.CreateDirectory(Path.Combine(project.Directory, "native"));
        File.Copy(Path.Combine(package, "runtimes", "win-x64", "native", "libzstd.dll"), Path.Combine(project.Directory, "native", "libzstd.dll"));

        CommandResult publish = project.Publish("linux-x64");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Equal(["XG2004"], SampleProject.Codes(publish, "warning"));
        Assert.Contains("warning XG2004: The project puts 1 native file (", publish.Output, StringComparison.Ordinal);
        Assert.Contains("'native/libzstd.dll' (Windows PE x64 binary (PE machine IMAGE_FILE_MACHINE_AMD64))", publish.Output, StringComparison.Ordinal);
        Assert.Contains("CrossGuard audited 2 native files in the linux-x64 publish output", publish.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux-arm64", "libonnxruntime.so")]
    [InlineData("osx-arm64", "libonnxruntime.dylib")]
    public void Onnx_runtime_arm64_publishes_succeed_with_its_windows_dlls_reported_as_dead_weight(string rid, string loaded)
    {
        // Issue 21 item 2(b): the package's targets copy Windows arm64 onnxruntime.dll into every arm64 publish; the
        // runtime probes libonnxruntime.so / .dylib, which the package also publishes, so the app works. The package is
        // restored once per run into the run's package folder and shared with every other test using it.
        SampleProject project = fixture.CreateProject("onnxarm")
            .WithProject("<RuntimeIdentifiers>linux-arm64;osx-arm64</RuntimeIdentifiers>",
                """<PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />""")
            .WithFile("Program.cs", """Console.WriteLine(typeof(Microsoft.ML.OnnxRuntime.OrtEnv).Name);""");

        CommandResult publish = project.Publish(rid);

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Contains("XG2004", SampleProject.Codes(publish, "warning"));
        Assert.Contains($"warning XG2004: Package 'microsoft.ml.onnxruntime' 1.31.1 puts 2 native files (", publish.Output, StringComparison.Ordinal);
        Assert.Contains("'onnxruntime.dll' (Windows PE arm64 binary", publish.Output, StringComparison.Ordinal);
        Assert.Contains("copied in by the package's own build targets", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("XG2001", publish.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(PublishDirectory(project, rid), "onnxruntime.dll")), "the dead weight is really there");
        Assert.True(File.Exists(Path.Combine(PublishDirectory(project, rid), loaded)), "what the runtime loads is really there");
        if (rid == "osx-arm64")
        {
            // The dependency check still reads the dylib's minimum macOS (XG1005, a warning).
            Assert.Contains("selects 'runtimes/osx-arm64/native/libonnxruntime.dylib' for osx-arm64, which needs macOS 14.0", publish.Output, StringComparison.Ordinal);
        }
    }
}
