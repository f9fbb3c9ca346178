using System.Diagnostics;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 7: Native AOT and single-file cross-publish preflight, with real `dotnet publish -r <rid> -p:PublishAot=true`
/// runs of the packed CrossGuard. The failing cases must stop with one coded error before ILCompiler runs
/// ("Generating native code") and before the native link.
/// </summary>
public sealed class AotPreflightTests(PackageFixture fixture)
{
    private const string AotProgram = """
        Console.WriteLine("aot " + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
        """;

    /// <summary>ILCompiler prints this as IlcCompile starts.</summary>
    private static bool IlcRan(CommandResult result) => result.Output.Contains("Generating native code", StringComparison.Ordinal);

    /// <summary>A line MSBuild prints once the app's own assembly has been compiled.</summary>
    private static bool Compiled(CommandResult result, string name) => result.Output.Contains($"{name} -> ", StringComparison.Ordinal);

    private SampleProject AotProject(string name) => fixture.CreateProject(name)
        .WithProject("<PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization>")
        .WithFile("Program.cs", AotProgram);

    private static CommandResult PublishAot(SampleProject project, string rid, params string[] extra) =>
        project.Dotnet(["publish", project.ProjectPath, "-r", rid, "-nodeReuse:false", "-v:n", .. extra]);

    [Fact]
    public void Cross_os_aot_publish_stops_with_XG3001_before_compiling()
    {
        // From Linux, ILCompiler itself only refuses win-*; an osx-* publish would run ILCompiler and fail in the link.
        SampleProject project = AotProject("aotosx");

        CommandResult publish = PublishAot(project, "osx-arm64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG3001"], SampleProject.Codes(publish, "error"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(publish.Output, @"error XG3001").Select(m => m.Value).Distinct());
        Assert.Contains("Native AOT cannot publish osx-arm64 on this linux-x64 host", publish.Output, StringComparison.Ordinal);
        Assert.Contains("Publish osx-arm64 on a macOS machine", publish.Output, StringComparison.Ordinal);
        Assert.Contains("PublishAotCross", publish.Output, StringComparison.Ordinal);
        Assert.False(Compiled(publish, project.Name), "the publish must stop before compiling:\n" + publish);
        Assert.False(IlcRan(publish), publish.ToString());
    }

    [Fact]
    public void Cross_arch_aot_publish_with_an_empty_sysroot_stops_with_XG3002_before_ilcompiler()
    {
        // ILCompiler passes SysRoot to clang as --sysroot: with it, clang finds no arm64 crt1.o / libc / libgcc, but only
        // at the link, after ILCompiler. CrossGuard reads the same property before anything is compiled.
        SampleProject project = AotProject("aotsysroot");

        CommandResult publish = PublishAot(project, "linux-arm64", "-p:SysRoot=/nonexistent");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG3002"], SampleProject.Codes(publish, "error"));
        Assert.Contains("Native AOT for linux-arm64 from this linux-x64 (SysRoot=/nonexistent) host needs a aarch64-linux-gnu cross toolchain", publish.Output, StringComparison.Ordinal);
        Assert.Contains("glibc C runtime (Scrt1.o, crti.o, libc.so): SysRoot '/nonexistent' does not exist", publish.Output, StringComparison.Ordinal);
        Assert.Contains("remove SysRoot and install libc6-dev-arm64-cross", publish.Output, StringComparison.Ordinal);
        Assert.False(Compiled(publish, project.Name), publish.ToString());
        Assert.False(IlcRan(publish), publish.ToString());
    }

    [Fact]
    public void Cross_arch_aot_publish_with_the_tools_hidden_from_PATH_says_what_to_install()
    {
        // ILCompiler finds clang and objcopy with `command -v`, i.e. on PATH: a PATH with only dotnet on it hides them.
        SampleProject project = AotProject("aotpath");
        string dotnetDir = Path.GetDirectoryName(ResolveDotnet())!;

        CommandResult publish = DotNet.Run(project.Directory,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = fixture.PackagesDirectory, ["PATH"] = dotnetDir },
            TimeSpan.FromMinutes(8), "publish", project.ProjectPath, "-r", "linux-arm64", "-nodeReuse:false", "-v:n");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Assert.Equal(["XG3002"], SampleProject.Codes(publish, "error"));
        Assert.Contains("clang is not on PATH", publish.Output, StringComparison.Ordinal);
        Assert.Contains("aarch64-linux-gnu-ld.bfd is not on PATH", publish.Output, StringComparison.Ordinal);
        Assert.Matches(@"apt-get install clang binutils-aarch64-linux-gnu llvm", publish.Output);
        Assert.False(IlcRan(publish), publish.ToString());
    }

    [Fact]
    public void Cross_arch_aot_publish_with_the_debian_cross_toolchain_produces_an_aarch64_executable()
    {
        // Needs: apt-get install clang llvm binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
        SampleProject project = AotProject("aotarm64");
        var watch = Stopwatch.StartNew();

        CommandResult publish = PublishAot(project, "linux-arm64");

        watch.Stop();
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Empty(SampleProject.Codes(publish, "warning"));
        Assert.Contains("CrossGuard AOT preflight for linux-arm64 on linux-x64: toolchain C compiler/linker driver at ", publish.Output, StringComparison.Ordinal);
        Assert.True(IlcRan(publish), publish.ToString());

        string binary = Path.Combine(project.Directory, "bin", "Release", "net10.0", "linux-arm64", "publish", project.Name);
        Assert.True(File.Exists(binary), publish.ToString());
        byte[] header = File.ReadAllBytes(binary)[..20];
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header[..4]);
        Assert.Equal(2, header[4]); // ELFCLASS64
        Assert.Equal(0xB7, header[18] | (header[19] << 8)); // EM_AARCH64
        TestContext.Current.SendDiagnosticMessage($"linux-arm64 Native AOT publish took {watch.Elapsed.TotalSeconds:F0} s");

        // Where the emulator and the arm64 C runtime are installed (CI installs them), prove the binary runs.
        if (File.Exists("/usr/bin/qemu-aarch64") && Directory.Exists("/usr/aarch64-linux-gnu/lib"))
        {
            var start = new ProcessStartInfo("/usr/bin/qemu-aarch64") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add("/usr/aarch64-linux-gnu");
            start.ArgumentList.Add(binary);
            using Process run = Process.Start(start)!;
            string output = run.StandardOutput.ReadToEnd();
            Assert.True(run.WaitForExit(60_000));
            Assert.Equal("aot Arm64", output.Trim());
        }
    }

    [Fact]
    public void Single_file_publish_with_package_natives_warns_XG3005_until_they_are_bundled()
    {
        SampleProject project = fixture.CreateProject("singlefile")
            .WithProject("<PublishSingleFile>true</PublishSingleFile>", """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", "Console.WriteLine(typeof(ZstdNet.Compressor).Assembly.GetName().Name);");
        string beside = Path.Combine(project.Directory, "out-beside");
        string bundled = Path.Combine(project.Directory, "out-bundled");

        CommandResult plain = project.Publish("linux-x64", "-o", beside);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("XG3005", SampleProject.Codes(plain, "warning"));
        Assert.Contains("The single-file linux-x64 publish leaves 1 native library beside the executable: libzstd.so (package ZstdNet 1.5.7)", plain.Output, StringComparison.Ordinal);
        Assert.Contains("<IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>", plain.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(beside, "libzstd.so")), plain.ToString());

        CommandResult fixedPublish = project.Publish("linux-x64", "-o", bundled, "-p:IncludeNativeLibrariesForSelfExtract=true");
        Assert.True(fixedPublish.ExitCode == 0, fixedPublish.ToString());
        Assert.DoesNotContain("XG3005", SampleProject.Codes(fixedPublish, "warning"));
        Assert.False(File.Exists(Path.Combine(bundled, "libzstd.so")), fixedPublish.ToString());
    }

    private static string ResolveDotnet()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException("dotnet is not on PATH");
    }
}
