using NuGet.Configuration;

namespace CrossGuard.Tasks.Tests.Infrastructure;

/// <summary>Real native files from packages the test project downloads at restore (PackageDownload).</summary>
public static class RealBinaries
{
    private static readonly string s_packages = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null));
    private static readonly string s_zstd = Path.Combine(s_packages, "zstdnet", "1.5.7", "runtimes");

    /// <summary>ZstdNet's linux-x64 libzstd.so: ELF x86-64, linked against glibc.</summary>
    public static string LinuxX64So => Path.Combine(s_zstd, "linux-x64", "native", "libzstd.so");

    /// <summary>ZstdNet's linux-arm64 libzstd.so: ELF aarch64, glibc.</summary>
    public static string LinuxArm64So => Path.Combine(s_zstd, "linux-arm64", "native", "libzstd.so");

    /// <summary>SkiaSharp.NativeAssets.Linux 3.119.0's linux-x64 libSkiaSharp.so: DT_NEEDED libfontconfig.so.1.</summary>
    public static string SkiaLinuxX64So => Path.Combine(s_packages, "skiasharp.nativeassets.linux", "3.119.0", "runtimes", "linux-x64", "native", "libSkiaSharp.so");

    /// <summary>ZstdNet's osx-arm64 libzstd.dylib.</summary>
    public static string OsxArm64Dylib => Path.Combine(s_zstd, "osx-arm64", "native", "libzstd.dylib");

    /// <summary>ZstdNet's win-x64 libzstd.dll.</summary>
    public static string WinX64Dll => Path.Combine(s_zstd, "win-x64", "native", "libzstd.dll");

    /// <summary>
    /// System.Security.Cryptography.ProtectedData 4.5.0's lib/netstandard2.0 assembly: the PlatformNotSupported stub that
    /// Linux and macOS get (its two public methods only throw PlatformNotSupportedException; no platform attribute).
    /// </summary>
    public static string ProtectedDataStub => Path.Combine(s_packages, "system.security.cryptography.protecteddata", "4.5.0", "lib", "netstandard2.0", "System.Security.Cryptography.ProtectedData.dll");
}
