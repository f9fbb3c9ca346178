namespace CrossGuard.Core.Coverage;

/// <summary>
/// Parts of dependency-check (XG1xxx) and publish-audit (XG2xxx) messages: the endings and advice an engine puts into a
/// message's argument. The coded formats themselves are in <see cref="Diagnostics.DiagnosticCatalogue"/>.
/// </summary>
public static class CoverageMessages
{
    /// <summary>XG1001's advice when the package has natives for other OSes only and another package brings it (information). {0} the package that brings it.</summary>

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

    /// <summary>XG1002's ending when a build of the same library that fits the musl RID sits beside it (information). {0} that file, {1} rid.</summary>
    internal const string GlibcOnMuslWithAlternative = "The package also ships '{0}' for {1}, a musl build of the same library, which its managed code loads there instead: information only.";

    /// <summary>XG2010's ending when the package ships another build of the library that needs nothing missing (information). {0} that file, {1} rid.</summary>
    internal const string NeededWithAlternative = "The package also ships '{0}' for {1}, another build of the same library that needs nothing missing, which its managed code can load instead: information only.";

    /// <summary>XG2003's ending when the library is in the publish output where the runtime does not look (an error).</summary>
    internal const string NotReachedButPublished = "'{0}' is in the publish output, but the runtime never looks there: {1}, so the load fails with DllNotFoundException. Publish it into the app folder (next to the app) instead, or load it by its full path.";

    /// <summary>XG2003's ending when nothing in the output is named like the library (a warning).</summary>
    /// <summary>XG2003's ending (information) when another import of the same assembly is an alternative build that loads.</summary>
    // {0} this library, {1} the alternative, {2} shared entry point count, {3} examples, {4} what the alternative reaches, {5} rid
    internal const string NotReachedAlternativeBuild = "The same assembly also imports '{1}' with the same entry points ({2} shared, e.g. {3}), which {4}: '{0}' and '{1}' are alternative builds of one library and the assembly calls the one that loads, so '{0}' not loading on {5} is not a failure.";

    /// <summary>XG2003's ending (information) when the library is published elsewhere and the importer loads libraries by path itself. {0} file, {1} why, {2} how it loads.</summary>
    internal const string NotReachedButPreloadable = "'{0}' is in the publish output where the runtime never looks ({1}), but the assembly loads native libraries by path itself ({2}): if it loads '{0}' before the first call, the P/Invoke binds to it by name. That cannot be proven from the files, so this is not a verdict; check the app on the target.";

    internal const string NotReachedNotShipped = "Nothing in the publish output is named like it, and it is not a library {0} systems are known to provide: ship it with the app, or make sure every target machine has it installed.";

    /// <summary>XG2004's advice for files a package's own build targets copy in.</summary>
    internal const string TrimPackageTargets = "They are copied in by the package's own build targets; remove them with a target that runs after ComputeResolvedFilesToPublishList: <ResolvedFileToPublish Remove=\"@(ResolvedFileToPublish)\" Condition=\"$([System.String]::new('%(Identity)').Contains('{0}'))\" />, or use the package's own switch if it has one.";

    /// <summary>XG2004's advice for package assets.</summary>
    internal const string TrimPackageAssets = "Restore with a RuntimeIdentifier (dotnet publish -r) so NuGet selects only the assets of that RID, or remove them with a target that runs after ComputeResolvedFilesToPublishList: <ResolvedFileToPublish Remove=\"@(ResolvedFileToPublish)\" Condition=\"'%(NuGetPackageId)' == '{0}'\" />.";

    /// <summary>XG2004's advice for the project's own files.</summary>
    internal const string TrimProjectFiles = "Publish only the natives of the RID being published: condition the project's Content / None items on $(RuntimeIdentifier) (e.g. Include=\"runtimes/$(RuntimeIdentifier)/native/**\"), or publish every RID's files only in a portable (RID-less) publish.";

}
