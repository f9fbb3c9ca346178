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
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A crash must not leave a core file of an emulated process behind.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (string leak in new[] { "DOTNET_ROOT", "DOTNET_HOST_PATH", "LD_LIBRARY_PATH" })
        {
            start.Environment.Remove(leak);
        }

        return DotNet.Capture(start, timeout, $"{Qemu} -L {Sysroot} {executable}");
    }

    [GeneratedRegex(@"GNU C Library [^\n]*?release version (\d+\.\d+)")]
    private static partial Regex GlibcBanner();
}
