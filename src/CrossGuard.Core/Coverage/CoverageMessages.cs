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
    /// <summary>XG1001's advice when the package has natives for other OSes only and another package brings it (information). {0} the package that brings it.</summary>
    internal const string OtherOsOnlyDependency = "It ships natives for other operating systems only and comes through '{0}', whose code calls it; if that code checks the OS first (PowerShell loads its Windows-only packages only on Windows), nothing fails.";

    public const string NoNativeForRid = "XG1001: Package '{0}' {1} ({2}) has native assets for {3} but none for {4}: the app will throw DllNotFoundException there. {5}";

    // {0} package, {1} version, {2} via, {3} rid, {4} file, {5} evidence, {6} advice
    public const string GlibcOnMusl = "XG1002: Package '{0}' {1} ({2}) has no musl build for {3}; the RID graph falls back to '{4}', which is linked against glibc ({5}) and will not load on Alpine/musl. {6}";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} what the file is, {6} advice
    public const string WrongBinaryForRid = "XG1003: Package '{0}' {1} ({2}) selects '{3}' for {4}, but it is {5}; it cannot load there. {6}";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} floor, {6} symbols, {7} configured minimum
    public const string GlibcFloorTooHigh = "XG1004: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs glibc {5} (e.g. {6}); CrossGuardMinGlibc is {7}, so it fails with 'GLIBC_{5} not found' on older distributions. Use a build made against an older glibc, or raise CrossGuardMinGlibc if every target has glibc {5}.";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} min, {6} configured minimum
    // What dyld does with it (docs/rules/XG1005.md cites the sources): it checks a dylib's platform, not its minimum OS;
    // the minimum only annotates a load failure caused by a symbol, library or load command the older OS lacks.
    public const string MacOsMinTooHigh = "XG1005: Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs macOS {5} (the minimum OS in its Mach-O build version); CrossGuardMinMacOS is {6}. dyld does not refuse it on an older macOS for that alone, but it is only built to work from macOS {5}: where it uses a symbol, library or load command the older macOS lacks, loading fails with DllNotFoundException ('Symbol not found ... built for macOS {5} which is newer than running OS'). Use a build with a lower deployment target, or raise CrossGuardMinMacOS if every target runs macOS {5} or later.";

    // {0} package, {1} version, {2} via, {3} native files summary, {4} advice
    public const string NativeNotAllowed = "XG1006: Package '{0}' {1} ({2}) carries native code ({3}) and CrossGuardAllowNative is false. {4}";

    // {0} package, {1} version, {2} via, {3} RIDs with RID-specific assemblies, {4} shipped RIDs without one, {5} what they get (one of the endings below)
    public const string ManagedRidAssetMissing = "XG1007: Package '{0}' {1} ({2}) has RID-specific managed assemblies for {3} but none for {4}; {5}";

    /// <summary>XG1007's ending when the RID-neutral assembly is a PlatformNotSupported stub (a warning). {0} assembly, {1} IL evidence.</summary>
    internal const string NeutralAssemblyIsStub = "there the app gets its RID-neutral '{0}', a PlatformNotSupported stub ({1}): every call into it throws PlatformNotSupportedException on those RIDs.";

    /// <summary>Appended to <see cref="NeutralAssemblyIsStub"/> when only other packages reference the stub (information).</summary>
    internal const string StubOnlyCalledByDependencies = "Only the packages that bring it call it, and they may check the OS first (MSAL calls DPAPI only on Windows): information; reference it directly only if your code calls it on Windows alone.";

    /// <summary>XG1007's ending when the RID-neutral assembly declares its platforms (information: CA1416 covers its uses). {0} assembly, {1} declaration, {2} stub note.</summary>
    internal const string NeutralAssemblyDeclaresPlatforms = "its RID-neutral '{0}' declares {1} at assembly level{2}, so CA1416 reports every unguarded use of it at compile time.";

    /// <summary>XG1007's ending when nothing RID-neutral is there (a warning).</summary>
    internal const string NoNeutralAssembly = "it has no RID-neutral assembly for this framework, so loading it there fails with FileNotFoundException.";

    /// <summary>XG1007's ending when the RID-neutral assembly cannot be read (a warning: nothing proves it works). {0} assembly.</summary>
    internal const string NeutralAssemblyUnreadable = "its RID-neutral '{0}' could not be read as a managed assembly, so whether it works there is unknown.";

    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid
    public const string RuntimeJsonMissingRid = "XG1008: Package '{0}' {1} ({2}) brings its native implementation through runtime.json for {3} but not for {4}: nothing native is restored there.";

    // {0} package, {1} version, {2} folder
    public const string UnreachableRidFolder = "XG1009: Package '{0}' {1} has a 'runtimes/{2}/' folder that no RID in the SDK's RID graph selects; those files are never used.";

    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} why nothing can load, {6} advice
    public const string UnloadableNativeFile = "XG1010: Package '{0}' {1} ({2}) selects '{3}' for {4}, but {5}: nothing loadable is there, so the app throws DllNotFoundException on {4}. Delete the package's folder from the global packages folder and restore again; if the file is the same in the package itself, the package is broken: use another version or tell its author. {6}";

    // {0} project, {1} RIDs checked
    public const string NoRidsDeclared = "XG1011: '{0}' declares no RuntimeIdentifiers, so CrossGuard checked {1} (the common portable RIDs and those its native dependencies ship files for) and reports what it found as information only. Declare the RIDs you ship to get warnings and errors: <CrossGuardRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers> (or RuntimeIdentifiers, which also restores their runtime packs; for crossguard check: --rid).";

    // {0} file, {1} rid, {2} what the file is (header evidence), {3} library, {4} who loads it, {5} probe order, {6} origin
    public const string PublishedBinaryForOtherTarget = "XG2001: '{0}' in the publish output for {1} is {2}; it cannot load there, and it is the file the runtime reaches for '{3}', which {4} loads (probe order: {5}). Nothing else loadable is reached, so the load fails with DllNotFoundException. It came from {6}. Remove it from the publish (or fix what copies it) and publish the build made for {1}.";

    // {0} file, {1} rid, {2} needed library
    public const string PublishedNeededMissing = "XG2002: '{0}' in the publish output for {1} needs '{2}', which is neither published beside it nor a library {1} systems provide. Ship '{2}' or install it on the target.";

    /// <summary>XG2002 for a distribution library a P/Invoke needs: {0} library, {1} who loads it, {2} rid, {3} soname, {4} package.</summary>
    internal const string PInvokedDistributionLibrary = "XG2002: '{0}', which {1} loads, is a system library that not every {2} system has installed ({3}): the machine must have it (Debian/Ubuntu package {4}); list it as a dependency of the app's package or image.";

    // {0} who loads it, {1} library, {2} rid, {3} probe order, {4} what is in the output and what to do
    public const string LoadedLibraryNotReached = "XG2003: {0} loads '{1}', but the runtime's probe for {2} reaches no file for it (probe order: {3}). {4}";

    /// <summary>XG2003's ending when the library is in the publish output where the runtime does not look (an error).</summary>
    internal const string NotReachedButPublished = "'{0}' is in the publish output, but the runtime never looks there: {1}, so the load fails with DllNotFoundException. Publish it into the app folder (next to the app) instead, or load it by its full path.";

    /// <summary>XG2003's ending when nothing in the output is named like the library (a warning).</summary>
    /// <summary>XG2003's ending (information) when another import of the same assembly is an alternative build that loads.</summary>
    // {0} this library, {1} the alternative, {2} shared entry point count, {3} examples, {4} what the alternative reaches, {5} rid
    internal const string NotReachedAlternativeBuild = "The same assembly also imports '{1}' with the same entry points ({2} shared, e.g. {3}), which {4}: '{0}' and '{1}' are alternative builds of one library and the assembly calls the one that loads, so '{0}' not loading on {5} is not a failure.";

    /// <summary>XG2003's ending (information) when the library is published elsewhere and the importer loads libraries by path itself. {0} file, {1} why, {2} how it loads.</summary>
    internal const string NotReachedButPreloadable = "'{0}' is in the publish output where the runtime never looks ({1}), but the assembly loads native libraries by path itself ({2}): if it loads '{0}' before the first call, the P/Invoke binds to it by name. That cannot be proven from the files, so this is not a verdict; check the app on the target.";

    internal const string NotReachedNotShipped = "Nothing in the publish output is named like it, and it is not a library {0} systems are known to provide: ship it with the app, or make sure every target machine has it installed.";

    // {0} origin, {1} count, {2} "file"/"files", {3} size, {4} rid, {5} files, {6} how to trim
    public const string DeadWeight = "XG2004: {0} puts {1} native {2} ({3}) into the {4} publish output that cannot load there and that nothing loads: {5}. They are dead weight (the app works without them). {6}";

    /// <summary>XG2004's advice for files a package's own build targets copy in.</summary>
    internal const string TrimPackageTargets = "They are copied in by the package's own build targets; remove them with a target that runs after ComputeResolvedFilesToPublishList: <ResolvedFileToPublish Remove=\"@(ResolvedFileToPublish)\" Condition=\"$([System.String]::new('%(Identity)').Contains('{0}'))\" />, or use the package's own switch if it has one.";

    /// <summary>XG2004's advice for package assets.</summary>
    internal const string TrimPackageAssets = "Restore with a RuntimeIdentifier (dotnet publish -r) so NuGet selects only the assets of that RID, or remove them with a target that runs after ComputeResolvedFilesToPublishList: <ResolvedFileToPublish Remove=\"@(ResolvedFileToPublish)\" Condition=\"'%(NuGetPackageId)' == '{0}'\" />.";

    /// <summary>XG2004's advice for the project's own files.</summary>
    internal const string TrimProjectFiles = "Publish only the natives of the RID being published: condition the project's Content / None items on $(RuntimeIdentifier) (e.g. Include=\"runtimes/$(RuntimeIdentifier)/native/**\"), or publish every RID's files only in a portable (RID-less) publish.";

    // {0} assembly and origin, {1} resolver, {2} libraries, {3} rid
    public const string ResolverNotProvable = "XG2005: {0} registers its own native library resolver ({1}), so how {2} {3} loaded on {4} cannot be proven from the publish output; CrossGuard does not judge those loads. {5}";

    // Input errors the engine raises (hosts log them as one coded error).
    // {0} rid, {1} graph source
    public const string UnknownRid = "XG9002: '{0}' is not a RuntimeIdentifier the SDK's RID graph knows ({1}). Portable RIDs look like linux-x64, linux-arm64, linux-musl-x64, osx-arm64, win-x64.";

    // {0} package, {1} version
    public const string PackageFolderMissing = "XG9005: Package '{0}' {1} was not found in any package folder. Run 'dotnet restore' and build again.";

    // {0} detail
    public const string FrameworkNotInAssets = "XG9007: The assets file does not match the project: {0}. Run 'dotnet restore'.";
}
