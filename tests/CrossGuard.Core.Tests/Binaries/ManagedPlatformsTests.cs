using CrossGuard.Core.Binaries;
using CrossGuard.Core.Tests.Infrastructure;
using Xunit;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Assembly-level [SupportedOSPlatform] read from metadata, on the running shared framework's own assemblies.</summary>
public sealed class ManagedPlatformsTests
{
    [Fact]
    public void Platform_specific_framework_assemblies_declare_their_platform_and_corelib_none()
    {
        Assert.Equal(["windows"], ManagedPlatforms.SupportedOSPlatforms(typeof(Microsoft.Win32.Registry).Assembly.Location));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(typeof(object).Assembly.Location));
    }

    [Fact]
    public void Native_binaries_garbage_and_missing_files_declare_nothing()
    {
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(RealBinaries.OfKind(RealBinaries.Kind.Pe).First()));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(RealBinaries.OfKind(RealBinaries.Kind.Elf).First()));
        string garbage = Path.Combine(Path.GetTempPath(), "cg-managed-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllBytes(garbage, new byte[] { (byte)'M', (byte)'Z', 0, 0, 1, 2, 3 });
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(garbage));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(garbage + ".missing"));
    }
}
