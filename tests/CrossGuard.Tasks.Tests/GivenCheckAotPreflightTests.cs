using System.Text;
using CrossGuard.Tasks.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Mocks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks.Tests;

/// <summary>
/// CheckAotPreflight and CheckSingleFilePublish over fake toolchains: temp dirs with fake executables on a fake PATH and
/// a fake host root laid out like Debian's cross packages (/usr/aarch64-linux-gnu/lib, /usr/lib/gcc-cross/...), or a SysRoot.
/// </summary>
public sealed class GivenCheckAotPreflightTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "crossguard-aot-" + Guid.NewGuid().ToString("N")[..8]);

    public GivenCheckAotPreflightTests()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(HostRoot);
    }

    private string Bin => Path.Combine(_root, "bin");

    private string HostRoot => Path.Combine(_root, "host");

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

    // ---- fake toolchain pieces ----

    /// <summary>A minimal ELF header: class 64, little endian, the given e_type and e_machine.</summary>
    private static byte[] Elf(ushort machine, ushort type = 1)
    {
        byte[] header = new byte[64];
        header[0] = 0x7F;
        header[1] = (byte)'E';
        header[2] = (byte)'L';
        header[3] = (byte)'F';
        header[4] = 2;
        header[5] = 1;
        header[6] = 1;
        BitConverter.GetBytes(type).CopyTo(header, 16);
        BitConverter.GetBytes(machine).CopyTo(header, 18);
        return header;
    }

    private const ushort Aarch64 = 0xB7;
    private const ushort X8664 = 0x3E;

    /// <summary>An ar archive with one ELF object member.</summary>
    private static byte[] Archive(ushort machine)
    {
        byte[] member = Elf(machine);
        string header = "foo.o/".PadRight(16) + "0".PadRight(12) + "0".PadRight(6) + "0".PadRight(6) + "644".PadRight(8) + member.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(10) + "`\n";
        return [.. Encoding.ASCII.GetBytes("!<arch>\n"), .. Encoding.ASCII.GetBytes(header), .. member];
    }

    private string Tool(string name, string script = "#!/bin/sh\nexit 0\n")
    {
        string path = Path.Combine(Bin, name);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Write(string path, string content) => Write(path, Encoding.ASCII.GetBytes(content));

    /// <summary>What `apt-get install clang binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross llvm` leaves.</summary>
    private void DebianCrossToolchain(ushort crtMachine = Aarch64, bool zlib = false)
    {
        Tool("clang");
        Tool("aarch64-linux-gnu-ld.bfd");
        Tool("llvm-objcopy");
        Tool("objcopy", "#!/bin/sh\necho elf64-x86-64\n");
        string lib = Path.Combine(HostRoot, "usr", "aarch64-linux-gnu", "lib");
        Write(Path.Combine(lib, "Scrt1.o"), Elf(crtMachine));
        Write(Path.Combine(lib, "crti.o"), Elf(crtMachine));
        Write(Path.Combine(lib, "libc.so"), "/* GNU ld script */ GROUP ( /usr/aarch64-linux-gnu/lib/libc.so.6 )");
        string gcc = Path.Combine(HostRoot, "usr", "lib", "gcc-cross", "aarch64-linux-gnu", "12");
        Write(Path.Combine(gcc, "crtbeginS.o"), Elf(crtMachine));
        Write(Path.Combine(gcc, "libgcc.a"), Archive(crtMachine));
        if (zlib)
        {
            Write(Path.Combine(HostRoot, "usr", "lib", "aarch64-linux-gnu", "libz.so"), Elf(Aarch64, 3));
        }
    }

    /// <summary>A Debian-style arm64 root file system (multiarch layout), as debootstrap --arch=arm64 makes.</summary>
    private string SysRootLayout()
    {
        string sysroot = Path.Combine(_root, "sysroot-arm64");
        string lib = Path.Combine(sysroot, "usr", "lib", "aarch64-linux-gnu");
        Write(Path.Combine(lib, "Scrt1.o"), Elf(Aarch64));
        Write(Path.Combine(lib, "libc.so"), "GROUP ( libc.so.6 )");
        Write(Path.Combine(lib, "libz.so"), Elf(Aarch64, 3));
        string gcc = Path.Combine(sysroot, "usr", "lib", "gcc", "aarch64-linux-gnu", "12");
        Write(Path.Combine(gcc, "crtbeginS.o"), Elf(Aarch64));
        Write(Path.Combine(gcc, "libgcc.a"), Archive(Aarch64));
        return sysroot;
    }

    private (CheckAotPreflight Task, MockBuildEngine Engine) Preflight(string rid, string host = "linux-x64", Action<CheckAotPreflight>? configure = null)
    {
        var engine = new MockBuildEngine();
        var task = new CheckAotPreflight
        {
            BuildEngine = engine,
            ProjectDirectory = _root,
            RuntimeIdentifier = rid,
            HostRuntimeIdentifier = host,
            TargetFrameworkVersion = "v10.0",
            SearchPath = Bin,
            HostRoot = HostRoot,
        };
        configure?.Invoke(task);
        return (task, engine);
    }

    private static string[] Codes(IEnumerable<string> codes) => codes.Distinct().Order().ToArray();

    // ---- XG3001 cross-OS ----

    [Theory]
    [InlineData("osx-arm64", "macOS", "Xcode's ld64")]
    [InlineData("win-x64", "Windows", "MSVC link.exe")]
    public void Cross_os_publish_is_XG3001_naming_the_rid_and_the_alternatives(string rid, string os, string linker)
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight(rid);

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG3001", error.Code);
        Assert.StartsWith($"Native AOT cannot publish {rid} on this linux-x64 host", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Publish {rid} on a {os} machine", error.Message, StringComparison.Ordinal);
        Assert.Contains(linker, error.Message, StringComparison.Ordinal);
        Assert.Contains("PublishAotCross", error.Message, StringComparison.Ordinal);
        Assert.Contains("CrossGuardAllowCrossOsAot=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_from_a_mac_is_cross_os_too()
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-x64", host: "osx-arm64");
        Assert.False(task.Execute());
        Assert.Equal(["XG3001"], Codes(engine.Errors.Select(e => e.Code)));
    }

    [Theory]
    [InlineData("CrossGuardAllowCrossOsAot")]
    [InlineData("DisableUnsupportedError")]
    public void Cross_os_opt_in_lets_the_publish_through(string property)
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("osx-arm64", configure: t =>
        {
            if (property == "CrossGuardAllowCrossOsAot")
            {
                t.AllowCrossOsAot = "true";
            }
            else
            {
                t.DisableUnsupportedError = "true";
            }
        });

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Contains($"allowed by {property}", task.Summary, StringComparison.Ordinal);
    }

    // ---- XG3002 cross-architecture toolchain ----

    [Fact]
    public void Complete_debian_cross_toolchain_passes_and_the_summary_says_what_was_found()
    {
        DebianCrossToolchain();
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64");

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.Contains($"C compiler/linker driver at {Path.Combine(Bin, "clang")}", task.Summary, StringComparison.Ordinal);
        Assert.Contains($"linker (-fuse-ld=bfd) at {Path.Combine(Bin, "aarch64-linux-gnu-ld.bfd")}", task.Summary, StringComparison.Ordinal);
        Assert.Contains($"objcopy (StripSymbols) at {Path.Combine(Bin, "llvm-objcopy")}", task.Summary, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(HostRoot, "usr", "aarch64-linux-gnu", "lib"), task.Summary, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(HostRoot, "usr", "lib", "gcc-cross", "aarch64-linux-gnu", "12"), task.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_installed_is_one_XG3002_listing_every_debian_package()
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG3002", error.Code);
        Assert.StartsWith("Native AOT for linux-arm64 from this linux-x64 host needs a aarch64-linux-gnu cross toolchain", error.Message, StringComparison.Ordinal);
        Assert.Contains("clang is not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("aarch64-linux-gnu-ld.bfd is not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("on Debian/Ubuntu run apt-get install clang binutils-aarch64-linux-gnu llvm libc6-dev-arm64-cross libgcc-12-dev-arm64-cross", error.Message, StringComparison.Ordinal);
        Assert.Contains("LinkerFlavor=lld", error.Message, StringComparison.Ordinal);
        Assert.Contains("Found: nothing", error.Message, StringComparison.Ordinal);

        // ILCompiler's Unix.targets sets CppCompilerAndLinker=clang at evaluation; that is the default, reported the same way.
        (CheckAotPreflight evaluated, MockBuildEngine evaluatedEngine) = Preflight("linux-arm64", configure: t => { t.CppCompilerAndLinker = "clang"; t.LinkerFlavor = "bfd"; });
        Assert.False(evaluated.Execute());
        Assert.Equal(error.Message, Assert.Single(evaluatedEngine.Errors).Message);
    }

    [Fact]
    public void Nonexistent_sysroot_with_a_clang_outside_the_cross_prefix_is_XG3002_naming_the_sysroot()
    {
        // The fake clang sits in <tmp>/bin, a prefix without a cross GCC: with --sysroot, clang searches only the
        // sysroot and its own prefix, so it finds no crtbeginS.o / Scrt1.o (ld.bfd: "cannot find Scrt1.o").
        DebianCrossToolchain();
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64", configure: t => t.SysRoot = "/nonexistent");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG3002", error.Code);
        Assert.Contains("from this linux-x64 (SysRoot=/nonexistent) host", error.Message, StringComparison.Ordinal);
        Assert.Contains("glibc C runtime (Scrt1.o, crti.o, libc.so): no Scrt1.o/crt1.o and libc.so in /nonexistent/usr/lib/aarch64-linux-gnu", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GCC runtime (crtbeginS.o, libgcc): no aarch64-linux-gnu/<version>/crtbeginS.o and libgcc under /nonexistent/usr/lib/gcc-cross", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "lib", "gcc-cross"), error.Message, StringComparison.Ordinal);
        Assert.Contains("(SysRoot '/nonexistent' does not exist)", error.Message, StringComparison.Ordinal);
        Assert.Contains("point SysRoot at a linux-arm64 root file system that has libc6-dev installed, or remove SysRoot and install libc6-dev-arm64-cross", error.Message, StringComparison.Ordinal);
        Assert.Contains($"C compiler/linker driver at {Path.Combine(Bin, "clang")}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get install", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clang_next_to_the_debian_cross_gcc_finds_it_whatever_the_sysroot()
    {
        // Measured with Debian's clang 14: /usr/bin/clang --target=aarch64-linux-gnu --sysroot=/nonexistent links fine,
        // because clang also searches its own prefix (/usr/bin/..) for lib/gcc-cross/<triple>.
        DebianCrossToolchain();
        File.Delete(Path.Combine(Bin, "clang"));
        string usrBin = Path.Combine(HostRoot, "usr", "bin");
        Directory.CreateDirectory(usrBin);
        File.WriteAllText(Path.Combine(usrBin, "clang"), "#!/bin/sh\n");
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64", configure: t => { t.SysRoot = "/nonexistent"; t.SearchPath = Bin + Path.PathSeparator + usrBin; });

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Contains(Path.Combine(HostRoot, "usr", "lib", "gcc-cross", "aarch64-linux-gnu", "12"), task.Summary, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(HostRoot, "usr", "aarch64-linux-gnu", "lib"), task.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Sysroot_with_a_multiarch_root_file_system_passes()
    {
        DebianCrossToolchain();
        string sysroot = SysRootLayout();
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64", configure: t => t.SysRoot = sysroot);

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Contains(Path.Combine(sysroot, "usr", "lib", "aarch64-linux-gnu"), task.Summary, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(sysroot, "usr", "lib", "gcc", "aarch64-linux-gnu", "12"), task.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void C_runtime_of_the_wrong_architecture_does_not_count()
    {
        DebianCrossToolchain(crtMachine: X8664);
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Contains("Scrt1.o is ELF x64 object", error.Message, StringComparison.Ordinal);
        Assert.Contains("libc6-dev-arm64-cross", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_gnu_objcopy_cannot_strip_an_arm64_binary_but_the_prefixed_one_is_offered()
    {
        DebianCrossToolchain();
        File.Delete(Path.Combine(Bin, "llvm-objcopy"));
        Tool("aarch64-linux-gnu-objcopy");
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Contains($"{Path.Combine(Bin, "objcopy")} is the host's GNU objcopy, which cannot rewrite arm64 ELF files", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ObjCopyName=aarch64-linux-gnu-objcopy (found at {Path.Combine(Bin, "aarch64-linux-gnu-objcopy")})", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install llvm", error.Message, StringComparison.Ordinal);

        (CheckAotPreflight fixedTask, MockBuildEngine fixedEngine) = Preflight("linux-arm64", configure: t => t.ObjCopyName = "aarch64-linux-gnu-objcopy");
        Assert.True(fixedTask.Execute());
        Assert.Empty(fixedEngine.Errors);

        (CheckAotPreflight noStrip, MockBuildEngine noStripEngine) = Preflight("linux-arm64", configure: t => t.StripSymbols = "false");
        Assert.True(noStrip.Execute());
        Assert.Empty(noStripEngine.Errors);
    }

    [Fact]
    public void Multiarch_gnu_objcopy_that_lists_the_target_is_accepted()
    {
        DebianCrossToolchain();
        File.Delete(Path.Combine(Bin, "llvm-objcopy"));
        Tool("objcopy", "#!/bin/sh\necho elf64-x86-64\necho elf64-littleaarch64\n");
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64");

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void Lld_flavor_needs_ld_lld_instead_of_cross_binutils()
    {
        DebianCrossToolchain();
        File.Delete(Path.Combine(Bin, "aarch64-linux-gnu-ld.bfd"));
        (CheckAotPreflight bfd, MockBuildEngine bfdEngine) = Preflight("linux-arm64");
        Assert.False(bfd.Execute());
        Assert.Contains("binutils-aarch64-linux-gnu", Assert.Single(bfdEngine.Errors).Message, StringComparison.Ordinal);

        (CheckAotPreflight lldMissing, MockBuildEngine lldMissingEngine) = Preflight("linux-arm64", configure: t => t.LinkerFlavor = "lld");
        Assert.False(lldMissing.Execute());
        Assert.Contains("apt-get install lld", Assert.Single(lldMissingEngine.Errors).Message, StringComparison.Ordinal);

        Tool("ld.lld");
        (CheckAotPreflight lld, MockBuildEngine lldEngine) = Preflight("linux-arm64", configure: t => t.LinkerFlavor = "lld");
        Assert.True(lld.Execute());
        Assert.Empty(lldEngine.Errors);
    }

    [Fact]
    public void Gcc_as_CppCompilerAndLinker_cannot_cross_link()
    {
        DebianCrossToolchain();
        Tool("aarch64-linux-gnu-gcc");
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64", configure: t => t.CppCompilerAndLinker = "aarch64-linux-gnu-gcc");

        Assert.False(task.Execute());
        Assert.Contains("is not clang; ILCompiler passes --target=<triple> for a cross link, which GCC rejects", Assert.Single(engine.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zlib_is_required_only_when_the_link_uses_the_system_zlib()
    {
        DebianCrossToolchain();
        (CheckAotPreflight net10, MockBuildEngine net10Engine) = Preflight("linux-arm64");
        Assert.True(net10.Execute());
        Assert.DoesNotContain("zlib", net10.Summary, StringComparison.Ordinal);

        (CheckAotPreflight net8, MockBuildEngine net8Engine) = Preflight("linux-arm64", configure: t => t.TargetFrameworkVersion = "v8.0");
        Assert.False(net8.Execute());
        BuildErrorEventArgs error = Assert.Single(net8Engine.Errors);
        Assert.Contains("zlib (-lz: UseSystemZlib): no libz.so or libz.a", error.Message, StringComparison.Ordinal);
        Assert.Contains("zlib1g-dev:arm64 (after dpkg --add-architecture arm64 and apt-get update)", error.Message, StringComparison.Ordinal);

        (CheckAotPreflight forced, MockBuildEngine forcedEngine) = Preflight("linux-arm64", configure: t => t.UseSystemZlib = "true");
        Assert.False(forced.Execute());
        Assert.Equal(["XG3002"], Codes(forcedEngine.Errors.Select(e => e.Code)));
        Assert.Empty(net10Engine.Errors);
    }

    [Fact]
    public void Multiarch_zlib_satisfies_a_net8_publish()
    {
        DebianCrossToolchain(zlib: true);
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-arm64", configure: t => t.TargetFrameworkVersion = "v8.0");
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Contains("libz.so", task.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Musl_cross_target_points_at_an_alpine_sysroot()
    {
        Tool("clang");
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-musl-arm64");

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Contains("aarch64-linux-musl cross toolchain", error.Message, StringComparison.Ordinal);
        Assert.Contains("set SysRoot to an Alpine arm64 root file system", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux-x64", "")]
    [InlineData("linux-arm64", "Static")]
    public void Native_or_static_library_publish_needs_no_cross_toolchain(string rid, string nativeLib)
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight(rid, configure: t => t.NativeLib = nativeLib);
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Severity_and_NoWarn_apply_as_for_every_CrossGuard_code()
    {
        (CheckAotPreflight lowered, MockBuildEngine loweredEngine) = Preflight("linux-arm64", configure: t => t.Severity = "warning");
        Assert.True(lowered.Execute());
        Assert.Equal(["XG3002"], Codes(loweredEngine.Warnings.Select(w => w.Code)));

        (CheckAotPreflight silenced, MockBuildEngine silencedEngine) = Preflight("linux-x64", configure: t => { t.IlcInstructionSet = "native"; t.NoWarn = "CS1591;XG3003"; });
        Assert.True(silenced.Execute());
        Assert.Empty(silencedEngine.Warnings);
    }

    // ---- XG3003 instruction sets ----

    [Fact]
    public void Native_instruction_set_warns_XG3003()
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-x64", configure: t => t.IlcInstructionSet = "native");

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG3003", warning.Code);
        Assert.Contains("IlcInstructionSet='native' in the linux-x64 Native AOT publish", warning.Message, StringComparison.Ordinal);
        Assert.Contains("illegal-instruction fault (SIGILL)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("x86-x64-v3", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruction_sets_of_another_architecture_warn_and_explicit_levels_do_not()
    {
        DebianCrossToolchain();
        (CheckAotPreflight arm, MockBuildEngine armEngine) = Preflight("linux-arm64", configure: t => t.IlcInstructionSet = "native,avx2");
        Assert.True(arm.Execute());
        Assert.Equal(2, armEngine.Warnings.Count);
        Assert.Contains(armEngine.Warnings, w => w.Message!.Contains("'native' describes the build machine's x64 CPU, not a arm64 one", StringComparison.Ordinal));
        Assert.Contains(armEngine.Warnings, w => w.Message!.Contains("'avx2' is an x64 instruction set, but the target is arm64", StringComparison.Ordinal));

        (CheckAotPreflight ok, MockBuildEngine okEngine) = Preflight("linux-x64", configure: t => t.IlcInstructionSet = "x86-x64-v3");
        Assert.True(ok.Execute());
        Assert.Empty(okEngine.Warnings);
    }

    // ---- XG3004 NativeLibrary / DirectPInvoke ----

    [Fact]
    public void Missing_native_library_file_is_XG3004_error()
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-x64", configure: t => t.NativeLibraries = [new TaskItem("native/libfoo.a")]);

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("XG3004", error.Code);
        Assert.Contains("NativeLibrary 'native/libfoo.a' cannot be linked into the linux-x64 Native AOT binary: the file does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "native", "libfoo.a"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_library_for_another_architecture_is_XG3004_error()
    {
        string x64Archive = Write(Path.Combine(_root, "native", "x64", "libfoo.a"), Archive(X8664));
        string armArchive = Write(Path.Combine(_root, "native", "arm64", "libfoo.a"), Archive(Aarch64));
        DebianCrossToolchain();

        (CheckAotPreflight wrong, MockBuildEngine wrongEngine) = Preflight("linux-arm64", configure: t => t.NativeLibraries = [new TaskItem(x64Archive), new TaskItem(RealBinaries.LinuxX64So)]);
        Assert.False(wrong.Execute());
        Assert.Equal(2, wrongEngine.Errors.Count);
        Assert.All(wrongEngine.Errors, e => Assert.Equal("XG3004", e.Code));
        Assert.Contains(wrongEngine.Errors, e => e.Message!.Contains("it is a ELF x64 static archive, but linux-arm64 needs ELF arm64 code", StringComparison.Ordinal));

        (CheckAotPreflight right, MockBuildEngine rightEngine) = Preflight("linux-arm64", configure: t => t.NativeLibraries = [new TaskItem(armArchive), new TaskItem(RealBinaries.LinuxArm64So)]);
        Assert.True(right.Execute(), string.Join("\n", rightEngine.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void Windows_library_in_a_linux_publish_is_XG3004()
    {
        (CheckAotPreflight task, MockBuildEngine engine) = Preflight("linux-x64", configure: t => t.NativeLibraries = [new TaskItem(RealBinaries.WinX64Dll)]);
        Assert.False(task.Execute());
        Assert.Contains("COFF/PE x64", Assert.Single(engine.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectPInvoke_without_a_library_warns_and_with_one_does_not()
    {
        string lib = Write(Path.Combine(_root, "native", "libsqlite3.a"), Archive(X8664));
        (CheckAotPreflight bare, MockBuildEngine bareEngine) = Preflight("linux-x64", configure: t => t.DirectPInvokes = [new TaskItem("sqlite3"), new TaskItem("libc"), new TaskItem("System.Native")]);
        Assert.True(bare.Execute());
        BuildWarningEventArgs warning = Assert.Single(bareEngine.Warnings);
        Assert.Equal("XG3004", warning.Code);
        Assert.Contains("DirectPInvoke 'sqlite3' cannot be linked into the linux-x64 Native AOT binary", warning.Message, StringComparison.Ordinal);
        Assert.Contains("<NativeLibrary Include=\"path/to/libsqlite3.a\" />", warning.Message, StringComparison.Ordinal);

        (CheckAotPreflight linked, MockBuildEngine linkedEngine) = Preflight("linux-x64", configure: t =>
        {
            t.DirectPInvokes = [new TaskItem("libsqlite3!sqlite3_open"), new TaskItem("ssl")];
            t.NativeLibraries = [new TaskItem(lib)];
            t.NativeSystemLibraries = [new TaskItem("ssl")];
        });
        Assert.True(linked.Execute());
        Assert.Empty(linkedEngine.Warnings);
        Assert.Empty(linkedEngine.Errors);
    }

    // ---- XG3005 single-file ----

    private static TaskItem Published(string path, string relative, string assetType = "", string package = "", string? drop = null)
    {
        var item = new TaskItem(path);
        item.SetMetadata("RelativePath", relative);
        if (assetType.Length > 0)
        {
            item.SetMetadata("AssetType", assetType);
        }

        if (package.Length > 0)
        {
            item.SetMetadata("NuGetPackageId", package);
            item.SetMetadata("NuGetPackageVersion", "1.5.7");
        }

        if (drop is not null)
        {
            item.SetMetadata("DropFromSingleFile", drop);
        }

        return item;
    }

    private (CheckSingleFilePublish Task, MockBuildEngine Engine) SingleFile(Action<CheckSingleFilePublish>? configure = null)
    {
        var engine = new MockBuildEngine();
        var task = new CheckSingleFilePublish
        {
            BuildEngine = engine,
            ProjectDirectory = _root,
            RuntimeIdentifier = "linux-x64",
            PublishSingleFile = "true",
            Files =
            [
                Published(RealBinaries.LinuxX64So, "libzstd.so", "native", "ZstdNet"),
                Published(typeof(CheckAotPreflight).Assembly.Location, "CrossGuard.Tasks.dll", "runtime"),
                Published(RealBinaries.LinuxX64So, "libcoreclr.so", "native", drop: "true"),
            ],
        };
        configure?.Invoke(task);
        return (task, engine);
    }

    [Fact]
    public void Single_file_publish_with_package_natives_warns_XG3005_naming_files_and_property()
    {
        (CheckSingleFilePublish task, MockBuildEngine engine) = SingleFile();

        Assert.True(task.Execute());
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("XG3005", warning.Code);
        Assert.Contains("The single-file linux-x64 publish leaves 1 native library beside the executable: libzstd.so (package ZstdNet 1.5.7)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("<IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["libzstd.so (package ZstdNet 1.5.7)"], task.FilesBesideExecutable);
    }

    [Fact]
    public void Native_file_without_asset_metadata_is_found_by_its_header()
    {
        (CheckSingleFilePublish task, MockBuildEngine engine) = SingleFile(t => t.Files = [Published(RealBinaries.LinuxX64So, "runtimes/libbar.so")]);
        Assert.True(task.Execute());
        Assert.Equal(["runtimes/libbar.so"], task.FilesBesideExecutable);
        Assert.Single(engine.Warnings);
    }

    [Theory]
    [InlineData("IncludeNativeLibrariesForSelfExtract")]
    [InlineData("IncludeAllContentForSelfExtract")]
    [InlineData("PublishAot")]
    [InlineData("NotSingleFile")]
    public void Bundled_natives_or_no_bundle_means_no_XG3005(string setting)
    {
        (CheckSingleFilePublish task, MockBuildEngine engine) = SingleFile(t =>
        {
            switch (setting)
            {
                case "IncludeNativeLibrariesForSelfExtract": t.IncludeNativeLibrariesForSelfExtract = "true"; break;
                case "IncludeAllContentForSelfExtract": t.IncludeAllContentForSelfExtract = "true"; break;
                case "PublishAot": t.PublishAot = "true"; break;
                default: t.PublishSingleFile = "false"; break;
            }
        });

        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
    }
}
