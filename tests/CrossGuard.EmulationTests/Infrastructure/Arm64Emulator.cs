using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>
/// qemu-aarch64 user-mode emulation with a Debian arm64 C runtime as its sysroot (qemu's -L): runs a self-contained
/// linux-arm64 .NET app on an x64 host. Debian packages: qemu-user, libc6-arm64-cross, libstdc++6-arm64-cross,
/// libgcc-s1-arm64-cross (sysroot /usr/aarch64-linux-gnu). CROSSGUARD_QEMU_AARCH64 and CROSSGUARD_ARM64_SYSROOT override
/// the locations.
/// </summary>
public sealed partial class Arm64Emulator
{
    public const string Rid = "linux-arm64";

    private const string InstallHint =
        "apt-get update && apt-get install -y qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross";

    private static readonly Lazy<(Arm64Emulator? Emulator, string? Missing)> Probe = new(Find);

    private Arm64Emulator(string qemu, string sysroot, string glibcVersion)
    {
        Qemu = qemu;
        Sysroot = sysroot;
        GlibcVersion = glibcVersion;
    }

    /// <summary>Path of qemu-aarch64.</summary>
    public string Qemu { get; }

    /// <summary>qemu's -L prefix: the arm64 C runtime (lib/ld-linux-aarch64.so.1, libc.so.6, libstdc++.so.6, libgcc_s.so.1).</summary>
    public string Sysroot { get; }

    /// <summary>The sysroot's glibc version ("2.36"): the target's glibc, so CrossGuardMinGlibc is set to it.</summary>
    public string GlibcVersion { get; }

    /// <summary>
    /// The emulator, or: with CI=true a failed test naming what is missing and how to install it; without CI a skipped
    /// test (a developer machine without qemu still runs the rest of the solution's tests).
    /// </summary>
    public static Arm64Emulator Require()
    {
        (Arm64Emulator? emulator, string? missing) = Probe.Value;
        if (emulator is not null)
        {
            return emulator;
        }

        string message = $"linux-arm64 emulation is not available: {missing}. Install it with: {InstallHint}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " (CI=true: the emulation tests must run in CI; .ci/run installs these packages)");
        }

        Assert.Skip(message + " (skipped because CI is not set)");
        throw new UnreachableException();
    }

    private static (Arm64Emulator?, string?) Find()
    {
        string? overridden = Environment.GetEnvironmentVariable("CROSSGUARD_QEMU_AARCH64") is { Length: > 0 } q ? q : null;
        string? qemu = overridden ?? OnPath("qemu-aarch64");
        if (qemu is null || !File.Exists(qemu))
        {
            return (null, overridden is not null
                ? $"CROSSGUARD_QEMU_AARCH64={overridden} does not exist"
                : "qemu-aarch64 was not found on PATH (Debian package qemu-user)");
        }

        string sysroot = Environment.GetEnvironmentVariable("CROSSGUARD_ARM64_SYSROOT") is { Length: > 0 } s ? s : "/usr/aarch64-linux-gnu";
        foreach ((string file, string package) in new[]
        {
            ("lib/ld-linux-aarch64.so.1", "libc6-arm64-cross"),
            ("lib/libc.so.6", "libc6-arm64-cross"),
            ("lib/libstdc++.so.6", "libstdc++6-arm64-cross"),
            ("lib/libgcc_s.so.1", "libgcc-s1-arm64-cross"),
        })
        {
            if (!File.Exists(Path.Combine(sysroot, file)))
            {
                return (null, $"{Path.Combine(sysroot, file)} is missing (Debian package {package})");
            }
        }

        // "GNU C Library (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36."
        string libc = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(sysroot, "lib", "libc.so.6")));
        Match version = GlibcBanner().Match(libc);
        if (!version.Success)
        {
            return (null, $"the glibc version of {sysroot}/lib/libc.so.6 could not be read");
        }

        return (new Arm64Emulator(qemu, sysroot, version.Groups[1].Value), null);
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Runs a published linux-arm64 executable under qemu. The .NET runtime needs ICU unless globalization is invariant,
    /// and there is no arm64 libicu in the sysroot: DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 is set.
    /// </summary>
    public CommandResult Run(string executable, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Qemu)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(Sysroot);
        start.ArgumentList.Add(executable);
        Isolate(start);
        return DotNet.Capture(start, timeout, $"{Qemu} -L {Sysroot} {executable}");
    }

    /// <summary>
    /// Runs an arm64 executable under qemu inside a private mount namespace (`unshare -m`, util-linux) with an ARM64
    /// /proc/cpuinfo bound over the host's, which is what a real arm64 machine shows. qemu-user (7.2, Debian 12) lets
    /// the emulated process read the x64 host's /proc/cpuinfo, in which CPU detection code run by library
    /// constructors (pytorch cpuinfo in ONNX Runtime) finds no ARM core and dereferences NULL: a crash of the emulator
    /// only. Returns null when no private mount namespace can be made here (unshare missing, no CAP_SYS_ADMIN).
    /// </summary>
    public CommandResult? RunWithArmCpuInfo(string executable, IReadOnlyList<string> arguments, string workDirectory, TimeSpan timeout)
    {
        string cpuinfo = Path.Combine(workDirectory, "arm64-cpuinfo");
        File.WriteAllText(cpuinfo, ArmCpuInfo.Replace("\r", string.Empty, StringComparison.Ordinal));
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-m", "sh", "-c", "mount --bind \"$0\" /proc/cpuinfo && shift && exec \"$@\"", cpuinfo, "--", Qemu, "-L", Sysroot, executable })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Isolate(start);
        string commandLine = $"unshare -m (mount {cpuinfo} on /proc/cpuinfo) {Qemu} -L {Sysroot} {executable} {string.Join(' ', arguments)}";
        CommandResult result;
        try
        {
            result = DotNet.Capture(start, timeout, commandLine);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        // The mount itself failed (no private mount namespace here): the program never ran.
        return result.ExitCode != 0 && (result.Output.Contains("unshare:", StringComparison.Ordinal) || result.Output.Contains("mount:", StringComparison.Ordinal))
            ? null
            : result;
    }

    /// <summary>The same environment for every emulated run: no ICU in the arm64 sysroot, no core files, no host runtime leaking in.</summary>
    private static void Isolate(ProcessStartInfo start)
    {
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A crash must not leave a core file of an emulated process behind.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (string leak in new[] { "DOTNET_ROOT", "DOTNET_HOST_PATH", "LD_LIBRARY_PATH", "QEMU_LD_PREFIX" })
        {
            start.Environment.Remove(leak);
        }
    }

    /// <summary>An ARM64 /proc/cpuinfo (two Neoverse-N1 cores), as an arm64 Linux machine shows it.</summary>
    private const string ArmCpuInfo = """
        processor	: 0
        BogoMIPS	: 50.00
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp
        CPU implementer	: 0x41
        CPU architecture: 8
        CPU variant	: 0x3
        CPU part	: 0xd0c
        CPU revision	: 1

        processor	: 1
        BogoMIPS	: 50.00
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp
        CPU implementer	: 0x41
        CPU architecture: 8
        CPU variant	: 0x3
        CPU part	: 0xd0c
        CPU revision	: 1


        """;

    [GeneratedRegex(@"GNU C Library [^\n]*?release version (\d+\.\d+)")]
    private static partial Regex GlibcBanner();
}
