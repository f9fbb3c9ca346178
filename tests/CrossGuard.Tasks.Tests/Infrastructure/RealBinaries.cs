using NuGet.Configuration;

namespace CrossGuard.Tasks.Tests.Infrastructure;

/// <summary>Real native files from packages the test project downloads at restore (PackageDownload).</summary>
public static class RealBinaries
{
    private static readonly string s_zstd = Path.Combine(SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null)), "zstdnet", "1.5.7", "runtimes");

    /// <summary>ZstdNet's linux-x64 libzstd.so: ELF x86-64, linked against glibc.</summary>
    public static string LinuxX64So => Path.Combine(s_zstd, "linux-x64", "native", "libzstd.so");

    /// <summary>ZstdNet's linux-arm64 libzstd.so: ELF aarch64, glibc.</summary>
    public static string LinuxArm64So => Path.Combine(s_zstd, "linux-arm64", "native", "libzstd.so");

    /// <summary>ZstdNet's osx-arm64 libzstd.dylib.</summary>
    public static string OsxArm64Dylib => Path.Combine(s_zstd, "osx-arm64", "native", "libzstd.dylib");

    /// <summary>ZstdNet's win-x64 libzstd.dll.</summary>
    public static string WinX64Dll => Path.Combine(s_zstd, "win-x64", "native", "libzstd.dll");
}
