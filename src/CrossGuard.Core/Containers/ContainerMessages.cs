using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Containers;

/// <summary>
/// Formats of the container-image findings (XG2006-XG2009), shared by the MSBuild task and the CLI. Each names the
/// RID, the image as written, what CrossGuard knows about it (and where that fact comes from), and what to do.
/// </summary>
public static class ContainerMessages
{
    // {0} rid, {1} image, {2} what the image is, {3} source of that fact, {4} mismatch and advice
    public const string RidImageMismatch = "XG2006: The {0} app runs in '{1}' ({2}; {3}), but {4}";

    /// <summary>XG2006's ending for a framework-dependent app in an image that has .NET (a warning: a purely managed app works).</summary>
    public const string FrameworkDependentOnImageRuntime = "The app is framework-dependent and the image has its own .NET, which starts it, so a purely managed app works; every RID-specific native library it ships for the other libc fails to load (DllNotFoundException).";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} floor, {6} symbols, {7} image, {8} what the image is, {9} source
    public const string GlibcAboveImage = "XG2007: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs glibc {5} (e.g. {6}), but the base image '{7}' is {8} ({9}): loading it there fails with 'GLIBC_{5} not found'. Pick a base image with glibc {5} or newer, or use a build of the package made against an older glibc.";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} needed library, {6} image, {7} family, {8} distribution package
    public const string ImageLacksLibrary = "XG2008: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs '{5}', and the base image '{6}' ({7}) does not carry it: loading '{3}' there fails with DllNotFoundException. Use an image that has it (a full or -extra .NET image for ICU; for others, a Dockerfile that installs the package {8} onto a full image), or a build of the package without that dependency.";

    // {0} image, {1} why it is unknown, {2} RIDs
    public const string UnknownImage = "XG2009: CrossGuard does not know the base image '{0}' ({1}), so its C library is not assumed: {2} are checked against CrossGuardMinGlibc only. Set ContainerBaseImage to a known image, or make sure the image's libc matches the RID and its glibc is at least every package's floor.";

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
