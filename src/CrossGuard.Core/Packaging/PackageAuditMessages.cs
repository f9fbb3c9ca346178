namespace CrossGuard.Core.Packaging;

/// <summary>
/// Formats of the package-author audit (XG1101-XG1199) and of its input errors (XG9120-XG9129), shared by the pack-time
/// task (AuditNativePackage) and `crossguard audit`. Same shape as <see cref="Coverage.CoverageMessages"/>: "XG####: format",
/// rendered with <see cref="Coverage.CoverageMessages.Render"/> so the code travels separately.
/// </summary>
public static class PackageAuditMessages
{
    // {0} package, {1} file, {2} what it is, {3} folder, {4} RIDs the folder serves, {5} the folder it belongs in
    public const string FileForOtherTarget = "XG1101: Package '{0}' packs '{1}', which is a {2}, in runtimes/{3}/, which serves {4}: it cannot load there (DllNotFoundException on those RIDs). {5}";

    // {0} package, {1} file, {2} evidence, {3} folder
    public const string GlibcFileInMuslFolder = "XG1102: Package '{0}' packs '{1}', which is linked against glibc ({2}), in the musl folder runtimes/{3}/: it does not load on Alpine or any musl system. Build it against musl (on Alpine, or with musl-gcc / a musl cross toolchain) and pack that build there.";

    // {0} package, {1} musl RID, {2} glibc file it falls back to, {3} evidence, {4} how the RID is claimed
    public const string MuslServedByGlibc = "XG1102: Package '{0}' has no runtimes/{1}/native/ build, so the RID graph hands {1} apps '{2}', which is linked against glibc ({3}) and does not load on Alpine or any musl system ({4}). Pack a musl build in runtimes/{1}/native/, or block the fallback with an empty runtimes/{1}/native/_._ so musl apps get CrossGuard's 'no native build' instead of a crash, or leave {1} out of CrossGuardRuntimeIdentifiers.";

    // {0} package, {1} file, {2} floor, {3} symbols, {4} configured floor, {5} where the floor comes from
    public const string GlibcFloorAboveDeclared = "XG1103: Package '{0}' packs '{1}', which needs glibc {2} (e.g. {3}), above the floor of {4} ({5}): it fails with 'GLIBC_{2} not found' on older distributions. Build it on (or against the sysroot of) the oldest distribution you support, e.g. a manylinux-style container, or raise CrossGuardMinGlibc to {2} and say so in the package's description.";

    // {0} package, {1} file, {2} minimum, {3} configured floor, {4} where the floor comes from
    public const string MacOsMinAboveDeclared = "XG1104: Package '{0}' packs '{1}', whose Mach-O build version says macOS {2}, above the floor of {3} ({4}): it is only built to work from macOS {2}. Build with -mmacosx-version-min={3} (MACOSX_DEPLOYMENT_TARGET={3}), or raise CrossGuardMinMacOS to {2}.";

    // {0} package, {1} file, {2} needed library, {3} RID, {4} what to do
    public const string NeededLibraryMissing = "XG1105: Package '{0}' packs '{1}', which needs '{2}': the package does not ship it for {3} and it is not a library every {3} system provides, so the load fails with DllNotFoundException where it is not installed. {4}";

    /// <summary>XG1105's advice for a Linux distribution library: {0} soname, {1} Debian/Ubuntu package.</summary>
    public const string NeededDistributionLibrary = "It is a distribution library ({0}, Debian/Ubuntu package {1}): say in the package's description that apps must install it, or link it statically.";

    /// <summary>XG1105's advice for anything else.</summary>
    public const string NeededShipIt = "Pack it beside the file in the same runtimes/<rid>/native/ folder, or link it statically.";

    // {0} package, {1} folder, {2} suggestion
    public const string FolderNoRidSelects = "XG1106: Package '{0}' has a runtimes/{1}/ folder that no RID in the SDK's RID graph selects: no app ever gets those files. {2}";

    // {0} package, {1} RID, {2} placeholder
    public const string PlaceholderBlocksClaimedRid = "XG1107: Package '{0}' claims {1} (CrossGuardRuntimeIdentifiers), but '{2}' blocks it: {1} apps get no native file. Pack the {1} build in place of the placeholder, or leave {1} out of CrossGuardRuntimeIdentifiers.";

    // {0} package, {1} file, {2} what it is, {3} folder, {4} missing architectures, {5} RIDs that lose it
    public const string UniversalMissingSlice = "XG1108: Package '{0}' packs '{1}' ({2}) in runtimes/{3}/, which serves {5}, but it has no {4} slice: {5} apps get a dylib that cannot load (DllNotFoundException). Build a universal dylib with every slice (lipo -create x64.dylib arm64.dylib -output lib.dylib, or CMAKE_OSX_ARCHITECTURES=\"x86_64;arm64\"), or pack one thin dylib per RID in runtimes/osx-x64/ and runtimes/osx-arm64/.";

    // {0} package, {1} RID, {2} RID folders packed
    public const string ClaimedRidNotCovered = "XG1109: Package '{0}' claims {1} (CrossGuardRuntimeIdentifiers), but no runtimes/ folder serves it (the package packs {2}): {1} apps get no native file. Pack a build in runtimes/{1}/native/, or leave {1} out of CrossGuardRuntimeIdentifiers.";

    // {0} package, {1} RIDs runtime.json redirects, {2} claimed RID
    public const string RuntimeJsonMissesClaimedRid = "XG1110: Package '{0}' redirects to its native packages through runtime.json for {1} but not for the claimed {2}: {2} apps restore nothing native. Add a runtime.json entry for {2}, or leave it out of CrossGuardRuntimeIdentifiers.";

    // {0} package, {1} file, {2} why it cannot load
    public const string FileCannotLoad = "XG1111: Package '{0}' packs '{1}', but {2}: nothing can load it on any RID. Pack the real binary (run 'git lfs pull' before packing if it is stored with Git LFS).";

    // Input errors (XG9120-XG9129): one coded line, never a stack trace.
    // {0} path
    public const string PathMissing = "XG9120: '{0}' does not exist.";

    // {0} path, {1} detail
    public const string NotAReadablePackage = "XG9121: '{0}' is not a readable package (a .nupkg is a zip archive): {1}.";

    // {0} path, {1} entry
    public const string UnsafeEntry = "XG9122: '{0}' holds an entry whose path leaves the package ('{1}': absolute, '..', or a drive/device name); nothing from it was extracted.";

    // {0} path, {1} entry, {2} limit
    public const string EntryTooLarge = "XG9123: '{0}' holds an entry '{1}' larger than {2} once decompressed (or more than the archive's total limit); the package is not audited.";

    // {0} path, {1} limit
    public const string TooManyEntries = "XG9124: '{0}' holds more than {1} entries; the package is not audited.";

    // {0} path
    public const string NotAPackageOrPublish = "XG9125: '{0}' is neither a package (a .nupkg, or a folder with a .nuspec or runtimes/) nor a publish folder (a folder with a .deps.json or .runtimeconfig.json).";

    // {0} path
    public const string PublishNeedsRid = "XG9126: '{0}' is a publish folder: say which RID it was published for with --rid (e.g. --rid linux-x64).";

    // {0} file, {1} detail
    public const string FileUnreadable = "XG9127: '{0}' could not be read: {1}.";
}
