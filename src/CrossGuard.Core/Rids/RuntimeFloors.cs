using System;

namespace CrossGuard.Core.Rids;

/// <summary>
/// The oldest C runtime / OS the .NET runtime itself supports, per .NET version and architecture. A native package
/// needing more than the runtime does is what breaks an app on a distribution .NET still supports, so these are
/// CrossGuard's defaults.
/// Source: dotnet/core, release-notes/{8.0,9.0,10.0}/supported-os.md, table "Libc" / "Linux compatibility"
/// (Microsoft-provided portable builds):
/// - .NET 8 and 9: glibc 2.23 on Arm64 and x64 (Ubuntu 16.04), glibc 2.35 on Arm32 (Ubuntu 22.04), musl 1.2.2 (Alpine 3.13);
/// - .NET 10: glibc 2.27 on Arm64 and x64 (Ubuntu 18.04), glibc 2.35 on Arm32 (Ubuntu 22.04), musl 1.2.3 (Alpine 3.17).
/// Architectures those tables do not list (x86, riscv64, loongarch64, s390x, ppc64le: community or distribution
/// builds) get the Arm64/x64 value. macOS: 12.0 for .NET 8-10.
/// </summary>
public static class RuntimeFloors
{
    /// <summary>The Arm64/x64 glibc floor (also used where the architecture is not known).</summary>
    public static Version DefaultMinGlibc(int dotnetMajor) => dotnetMajor >= 10 ? new Version(2, 27) : new Version(2, 23);

    /// <summary>The glibc floor of <paramref name="architecture"/> (a RID's architecture: x64, arm64, arm, ...).</summary>
    public static Version DefaultMinGlibc(int dotnetMajor, string? architecture) =>
        architecture is "arm" or "armel" or "armv6" ? new Version(2, 35) : DefaultMinGlibc(dotnetMajor);

    /// <summary>The musl floor of the .NET runtime (every architecture).</summary>
    public static Version DefaultMinMusl(int dotnetMajor) => dotnetMajor >= 10 ? new Version(1, 2, 3) : new Version(1, 2, 2);

    public static Version DefaultMinMacOS(int dotnetMajor) => new(12, 0);
}
