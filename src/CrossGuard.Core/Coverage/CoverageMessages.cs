namespace CrossGuard.Core.Coverage;

/// <summary>
/// Formats of every dependency-check (XG1xxx) and publish-audit (XG2xxx) message, shared by the MSBuild tasks and the
/// CLI. Each message names the package (and the path that brought it), the RID, what was found and what to do.
/// </summary>
public static class CoverageMessages
{
    /// <summary>Formats a coded message and returns its text without the "XG####: " prefix (the code travels separately).</summary>
    public static string Render(string codedFormat, params object?[] args)
    {
        string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, codedFormat, args);
        return text.Substring(text.IndexOf(':', System.StringComparison.Ordinal) + 1).TrimStart();
    }

    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid, {5} advice
    public const string NoNativeForRid = "XG1001: Package '{0}' {1} ({2}) has native assets for {3} but none for {4}: the app will throw DllNotFoundException there. {5}";

    // {0} package, {1} version, {2} via, {3} rid, {4} file, {5} evidence, {6} advice
    public const string GlibcOnMusl = "XG1002: Package '{0}' {1} ({2}) has no musl build for {3}; the RID graph falls back to '{4}', which is linked against glibc ({5}) and will not load on Alpine/musl. {6}";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} what the file is, {6} advice
    public const string WrongBinaryForRid = "XG1003: Package '{0}' {1} ({2}) selects '{3}' for {4}, but it is {5}; it cannot load there. {6}";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} floor, {6} symbols, {7} configured minimum
    public const string GlibcFloorTooHigh = "XG1004: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs glibc {5} (e.g. {6}); CrossGuardMinGlibc is {7}, so it fails with 'GLIBC_{5} not found' on older distributions. Use a build made against an older glibc, or raise CrossGuardMinGlibc if every target has glibc {5}.";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} min, {6} configured minimum
    public const string MacOsMinTooHigh = "XG1005: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs macOS {5}; CrossGuardMinMacOS is {6}. It will not load on older macOS. Use an older build of the package or raise CrossGuardMinMacOS.";

    // {0} package, {1} version, {2} via, {3} native files summary, {4} advice
    public const string NativeNotAllowed = "XG1006: Package '{0}' {1} ({2}) carries native code ({3}) and CrossGuardAllowNative is false. {4}";

    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid
    public const string ManagedRidAssetMissing = "XG1007: Package '{0}' {1} ({2}) has RID-specific managed assemblies for {3} but none for {4}; {5}";

    /// <summary>XG1007's ending for a RID-neutral assembly with no platform declaration (a warning).</summary>
    internal const string NeutralAssemblyUsed = "the RID-neutral assembly is used there and typically throws PlatformNotSupportedException.";

    /// <summary>XG1007's ending when the RID-neutral assembly declares its platforms (information: CA1416 covers its uses).</summary>
    internal const string NeutralAssemblyDeclaresPlatforms = "its RID-neutral assembly declares [SupportedOSPlatform] for {0} only, so CA1416 reports every unguarded use of it at compile time.";

    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid
    public const string RuntimeJsonMissingRid = "XG1008: Package '{0}' {1} ({2}) brings its native implementation through runtime.json for {3} but not for {4}: nothing native is restored there.";

    // {0} package, {1} version, {2} folder
    public const string UnreachableRidFolder = "XG1009: Package '{0}' {1} has a 'runtimes/{2}/' folder that no RID in the SDK's RID graph selects; those files are never used.";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} why nothing can load, {6} advice
    public const string UnloadableNativeFile = "XG1010: Package '{0}' {1} ({2}) selects '{3}' for {4}, but {5}: nothing loadable is there, so the app throws DllNotFoundException on {4}. Delete the package's folder from the global packages folder and restore again; if the file is the same in the package itself, the package is broken: use another version or tell its author. {6}";

    // {0} project, {1} RIDs checked
    public const string NoRidsDeclared = "XG1011: '{0}' declares no RuntimeIdentifiers, so CrossGuard checked {1} (the common portable RIDs and those its native dependencies ship files for) and reports what it found as information only. Declare the RIDs you ship to get warnings and errors: <CrossGuardRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers> (or RuntimeIdentifiers, which also restores their runtime packs; for crossguard check: --rid).";

    // {0} file, {1} rid, {2} what the file is, {3} origin
    public const string PublishedBinaryForOtherTarget = "XG2001: '{0}' in the publish output for {1} is {2}; it cannot load there. It came from {3}. Remove it from the publish (or fix the package's targets that copy it) and publish the build made for {1}.";

    // {0} file, {1} rid, {2} needed library
    public const string PublishedNeededMissing = "XG2002: '{0}' in the publish output for {1} needs '{2}', which is neither published beside it nor a library {1} systems provide. Ship '{2}' or install it on the target.";

    // Input errors the engine raises (hosts log them as one coded error).
    // {0} rid, {1} graph source
    public const string UnknownRid = "XG9002: '{0}' is not a RuntimeIdentifier the SDK's RID graph knows ({1}). Portable RIDs look like linux-x64, linux-arm64, linux-musl-x64, osx-arm64, win-x64.";

    // {0} package, {1} version
    public const string PackageFolderMissing = "XG9005: Package '{0}' {1} was not found in any package folder. Run 'dotnet restore' and build again.";

    // {0} detail
    public const string FrameworkNotInAssets = "XG9007: The assets file does not match the project: {0}. Run 'dotnet restore'.";
}
