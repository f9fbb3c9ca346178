using System;

namespace CrossGuard.Core.Rids;

/// <summary>
/// The oldest C runtime / OS the .NET runtime itself supports, per .NET version. A native package needing more than the
/// runtime does is what breaks an app on a distribution .NET still supports, so these are CrossGuard's defaults.
/// Source: dotnet/core release-notes supported-os.md (Microsoft portable builds): .NET 8 and 9 are built for
/// Ubuntu 16.04 (glibc 2.23); .NET 10 for Ubuntu 18.04 (glibc 2.27, x64 and arm64). macOS: 12.0 for .NET 8-10.
/// </summary>
public static class RuntimeFloors
{
    public static Version DefaultMinGlibc(int dotnetMajor) => dotnetMajor >= 10 ? new Version(2, 27) : new Version(2, 23);

    public static Version DefaultMinMacOS(int dotnetMajor) => new(12, 0);
}
