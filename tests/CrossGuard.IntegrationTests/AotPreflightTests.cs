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

    private static void Has(CommandResult result, string text) =>
        Assert.True(result.Output.Contains(text, StringComparison.Ordinal), $"'{text}' not found in:\n{result}");

    private static void Codes(CommandResult result, string kind, params string[] expected) =>
        Assert.True(SampleProject.Codes(result, kind).SequenceEqual(expected), $"expected {kind} codes [{string.Join(", ", expected)}] in:\n{result}");

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Debian linux-arm64 cross toolchain a cross-architecture Native AOT publish links with, or: with CI=true a
    /// failed test naming what is missing and the packages to install; without CI a skipped test with that reason (a
    /// machine with only the .NET SDK still runs the rest of the suite).
    /// </summary>
    private static void RequireArm64CrossToolchain()
    {
        var missing = new List<string>();
        if (FindOnPath("clang") is null)
        {
            missing.Add("clang (Debian package clang)");
        }

        if (FindOnPath("llvm-objcopy") is null && FindOnPath("objcopy") is null)
        {
            missing.Add("llvm-objcopy or objcopy (llvm or binutils)");
        }

        if (FindOnPath("aarch64-linux-gnu-ld") is null && !File.Exists("/usr/aarch64-linux-gnu/bin/ld"))
        {
            missing.Add("the aarch64 linker (binutils-aarch64-linux-gnu)");
        }

        if (!File.Exists("/usr/aarch64-linux-gnu/lib/Scrt1.o") && !File.Exists("/usr/aarch64-linux-gnu/lib/crt1.o"))
        {
            missing.Add("the arm64 glibc C runtime (libc6-dev-arm64-cross)");
        }

        if (!Directory.Exists("/usr/lib/gcc-cross/aarch64-linux-gnu")
            || !Directory.EnumerateFiles("/usr/lib/gcc-cross/aarch64-linux-gnu", "crtbeginS.o", SearchOption.AllDirectories).Any())
        {
            missing.Add("the arm64 GCC runtime (libgcc-12-dev-arm64-cross)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        string message = "the linux-arm64 cross toolchain is incomplete: missing " + string.Join(", ", missing)
            + ". Install it with: apt-get install clang llvm binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross";
        if (IsCi)
        {
            Assert.Fail(message + " (CI=true: .ci/run installs these packages, so this test may not be skipped)");
        }

        Assert.Skip(message + " (skipped because CI is not set)");
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static CommandResult PublishAot(SampleProject project, string rid, params string[] extra) =>
        project.Dotnet(["publish", project.ProjectPath, "-r", rid, "-nodeReuse:false", "-v:n", .. extra]);

    [Fact]
    public void Cross_os_aot_publish_stops_with_XG3001_before_compiling()
    {
        // osx-arm64 would be the sharper case (ILCompiler itself refuses only win-* from Linux, and only after compiling),
        // but this machine's package source serves no osx NativeAOT packs (NU1101), so restore would fail first.
        SampleProject project = AotProject("aotwin");

        CommandResult publish = PublishAot(project, "win-x64");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Codes(publish, "error", "XG3001");
        Has(publish, "Native AOT cannot publish win-x64 on this linux-x64 host");
        Has(publish, "Publish win-x64 on a Windows machine");
        Assert.DoesNotContain("Cross-OS native compilation is not supported", publish.Output, StringComparison.Ordinal);
        Has(publish, "PublishAotCross");
        Assert.False(Compiled(publish, project.Name), "the publish must stop before compiling:\n" + publish);
        Assert.False(IlcRan(publish), publish.ToString());
    }

    [Fact]
    public void Msbuild_publish_target_runs_the_preflight_before_PrepareForPublish()
    {
        // Without `dotnet publish` (no _IsPublishing) the early hook is off; the check still precedes PrepareForPublish,
        // so it comes before ILCompiler and before the SDK's own NETSDK error for this invocation.
        SampleProject project = AotProject("aotmsbuild");

        CommandResult publish = project.Dotnet("msbuild", project.ProjectPath, "-restore", "-t:Publish", "-p:RuntimeIdentifier=win-x64", "-nodeReuse:false", "-v:n");

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Codes(publish, "error", "XG3001");
        Assert.True(Compiled(publish, project.Name), "the Build part of -t:Publish runs first:\n" + publish);
        Assert.False(IlcRan(publish), publish.ToString());
        Assert.DoesNotContain("NETSDK", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_arch_aot_publish_with_an_empty_sysroot_stops_with_XG3002_before_ilcompiler()
    {
        // ILCompiler passes SysRoot to clang as --sysroot. Debian's /usr/bin/clang would still find the cross packages
        // next to itself (/usr/lib/gcc-cross/aarch64-linux-gnu, /usr/aarch64-linux-gnu/lib): clang searches its own
        // prefix too. A clang invoked from another prefix (a symlink, as a toolchain bundle or a CI tool cache has) with
        // an empty sysroot finds no arm64 Scrt1.o / crtbeginS.o: without CrossGuard ILCompiler runs, then ld.bfd says
        // "cannot find Scrt1.o". CrossGuard models the same search and stops the publish before compiling.
        if (!File.Exists("/usr/bin/clang"))
        {
            const string Message = "/usr/bin/clang is missing: install the Debian package clang";
            if (IsCi)
            {
                Assert.Fail(Message + " (CI=true: .ci/run installs it)");
            }

            Assert.Skip(Message + " (skipped because CI is not set)");
        }

        SampleProject project = AotProject("aotsysroot");
        string clang = Path.Combine(project.Directory, "toolchain", "bin", "clang");
        Directory.CreateDirectory(Path.GetDirectoryName(clang)!);
        File.CreateSymbolicLink(clang, "/usr/bin/clang");

        CommandResult publish = PublishAot(project, "linux-arm64", "-p:SysRoot=/nonexistent", "-p:CppCompilerAndLinker=" + clang);

        Assert.True(publish.ExitCode != 0, publish.ToString());
        Codes(publish, "error", "XG3002");
        Has(publish, "Native AOT for linux-arm64 from this linux-x64 (SysRoot=/nonexistent) host needs a aarch64-linux-gnu cross toolchain");
        Has(publish, "glibc C runtime (Scrt1.o, crti.o, libc.so): no Scrt1.o/crt1.o and libc.so in /nonexistent/usr/lib/aarch64-linux-gnu");
        Has(publish, "GCC runtime (crtbeginS.o, libgcc): no aarch64-linux-gnu/<version>/crtbeginS.o and libgcc under /nonexistent/usr/lib/gcc-cross");
        Has(publish, "(SysRoot '/nonexistent' does not exist)");
        Has(publish, "remove SysRoot and install libc6-dev-arm64-cross");
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
        Codes(publish, "error", "XG3002");
        Has(publish, "clang is not on PATH");
        // clang would still find the cross ld.bfd in /usr/aarch64-linux-gnu/bin (next to its GCC installation), so only
        // the PATH tools are reported, with the packages that bring them back.
        Has(publish, "neither llvm-objcopy nor objcopy is on PATH");

        // The install line lists every package missing on this machine (more where the cross packages are absent), so
        // only what PATH hides on every machine is asserted: clang and llvm are among the packages to install.
        int install = publish.Output.IndexOf("apt-get install ", StringComparison.Ordinal);
        Assert.True(install >= 0, publish.ToString());
        string[] packages = publish.Output[(install + "apt-get install ".Length)..].Split('\n', ';', '.')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("clang", packages);
        Assert.Contains("llvm", packages);
        Assert.False(IlcRan(publish), publish.ToString());
    }

    [Fact]
    public void Cross_arch_aot_publish_with_the_debian_cross_toolchain_produces_an_aarch64_executable()
    {
        // Needs: apt-get install clang llvm binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
        RequireArm64CrossToolchain();
        SampleProject project = AotProject("aotarm64");
        var watch = Stopwatch.StartNew();

        CommandResult publish = PublishAot(project, "linux-arm64");

        watch.Stop();
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Codes(publish, "error");
        Codes(publish, "warning");
        Has(publish, "CrossGuard AOT preflight for linux-arm64 on linux-x64: toolchain C compiler/linker driver at ");
        Assert.True(IlcRan(publish), publish.ToString());

        string binary = Path.Combine(project.Directory, "bin", "Release", "net10.0", "linux-arm64", "publish", project.Name);
        Assert.True(File.Exists(binary), publish.ToString());
        byte[] header = File.ReadAllBytes(binary)[..20];
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header[..4]);
        Assert.Equal(2, header[4]); // ELFCLASS64
        Assert.Equal(0xB7, header[18] | (header[19] << 8)); // EM_AARCH64
        TestContext.Current.SendDiagnosticMessage($"linux-arm64 Native AOT publish took {watch.Elapsed.TotalSeconds:F0} s");

        // Where the emulator and the arm64 C runtime are installed, prove the binary runs (CI installs them: there it must).
        bool emulator = File.Exists("/usr/bin/qemu-aarch64") && Directory.Exists("/usr/aarch64-linux-gnu/lib");
        Assert.True(emulator || !IsCi, "CI=true but qemu-aarch64 (qemu-user) or the arm64 C runtime (libc6-arm64-cross) is missing");
        if (emulator)
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
        Has(plain, "The single-file linux-x64 publish leaves 1 native library beside the executable: libzstd.so (package ZstdNet 1.5.7)");
        Has(plain, "<IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>");
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
