using CrossGuard.Tasks.Tests.Mocks;

namespace CrossGuard.Tasks.Tests.Infrastructure;

/// <summary>The dependency-check task over an <see cref="AssetsBuilder"/>'s project, as the task tests set it up.</summary>
internal static class CheckNativeAssetsTasks
{
    /// <summary>
    /// The task for a net8.0 app in <paramref name="assets"/>' root, reading its freshly written assets file, with the
    /// natives manifest in obj/. ZstdNet's libzstd.so needs glibc 2.34, so that is the declared floor (XG1004 has its
    /// own tests). Tests set what else they need (current RID, macOS floor, AllowNative...) on the result.
    /// </summary>
    public static CheckNativeAssets Create(AssetsBuilder assets, MockBuildEngine engine, string[] rids, string inspectionCacheDirectory) => new()
    {
        BuildEngine = engine,
        ProjectDirectory = assets.Root,
        ProjectPath = Path.Combine(assets.Root, "app.csproj"),
        ProjectAssetsFile = assets.Write(),
        TargetFrameworkMoniker = ".NETCoreApp,Version=v8.0",
        RuntimeIdentifiers = rids,
        MinGlibc = "2.34",
        NativesManifest = Path.Combine(assets.Root, "obj", "crossguard.natives.json"),
        InspectionCacheDirectory = inspectionCacheDirectory,
    };
}
