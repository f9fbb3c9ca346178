using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Containers;

/// <summary>
/// The parts of the container-image messages (their coded formats are in <see cref="Diagnostics.DiagnosticCatalogue"/>,
/// RidImageMismatch to UnknownImage): what is wrong with a RID in an image, and the framework-dependent ending.
/// </summary>
public static class ContainerMessages
{
    /// <summary>RidImageMismatch's ending for a framework-dependent app in an image that has .NET (a warning: a purely managed app works).</summary>
    public const string FrameworkDependentOnImageRuntime = "The app is framework-dependent and the image has its own .NET, which starts it, so a purely managed app works; every RID-specific native library it ships for the other libc fails to load (DllNotFoundException).";

    /// <summary>What is wrong with running a <paramref name="rid"/> app in <paramref name="image"/> and what to do, or null when they fit (or too little is known).</summary>
    public static string? Mismatch(RidInfo rid, BaseImage image)
    {
        if (image.Os == RidOs.Windows && rid.Os == RidOs.Linux)
        {
            return $"it is a Windows image: a Linux app cannot run there. Pick a Linux image, or publish for win-{rid.Architecture ?? "x64"}.";
        }

        if (image.Os == RidOs.Linux && rid.Os == RidOs.Windows)
        {
            return $"it is a Linux image: a Windows app cannot run there. Publish for linux-{rid.Architecture ?? "x64"} or pick a Windows (nanoserver) image.";
        }

        string arch = rid.Architecture ?? "x64";
        if (rid.Os == RidOs.Linux && rid.Libc == Libc.Glibc && image.Libc == Libc.Musl)
        {
            return $"{rid.Rid} is a glibc RID: its app host and every glibc-linked native library fail to start there ('exec ... no such file or directory', DllNotFoundException), because a musl image has no glibc loader. Publish for linux-musl-{arch} (ContainerRuntimeIdentifier=linux-musl-{arch}), or pick a glibc image (drop '-alpine' from the tag, e.g. a noble or bookworm-slim tag).";
        }

        if (rid.Os == RidOs.Linux && rid.Libc == Libc.Musl && image.Libc == Libc.Glibc)
        {
            return $"{rid.Rid} is a musl RID: its app host and musl-linked native libraries need the musl loader, which a glibc image does not have. Publish for linux-{arch} (ContainerRuntimeIdentifier=linux-{arch}), or pick an Alpine image (an '-alpine' tag).";
        }

        if (image.Architecture is { } imageArch && rid.Architecture is { } ridArch && imageArch != ridArch)
        {
            return $"the tag fixes the architecture {imageArch} and {rid.Rid} is {ridArch}: the app cannot start there. Use the multi-architecture tag (without the architecture suffix) or an image for {ridArch}.";
        }

        return null;
    }
}
