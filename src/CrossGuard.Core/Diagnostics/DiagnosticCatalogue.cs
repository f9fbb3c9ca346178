// How to add a code (one entry here + one docs page; everything else follows from the entry):
//  1. Pick the next free id of its range (docs/rules/README.md "ID ranges"; never reuse one from Retired).
//  2. Add one line below, in id order: a descriptive name, then
//     Add("XGnnnn", "Title without a final period", default severity, ErrorEscalation.<when it may be an error>,
//         "Message format with {0}-style arguments, no code prefix: it names the package, the RID, what was found and what to do.");
//     A second wording of the same code (another situation, same rule) is `Existing.WithMessage("...")`: not a new code.
//  3. Write docs/rules/XGnnnn.md (the page the help link points at) and its row in docs/rules/README.md; an analyzer
//     rule also gets its AnalyzerReleases.Unshipped.md row. CatalogueTests fails until all of that exists, and until
//     some test outside it names the code.
//  4. Raise it: `new Finding(DiagnosticCatalogue.Name, severity, DiagnosticCatalogue.Name.Format(args))` in Core,
//     `Descriptors.Create(DiagnosticCatalogue.Name, ...)` in the analyzers, `new CliException(exitCode, DiagnosticCatalogue.Name, args)` in the CLI,
//     `new CrossGuardBuildException(DiagnosticCatalogue.Name, args)` in a task. Never write "XGnnnn" anywhere else in src/.
// This file is compiled into CrossGuard.Core (public) and, as shared source, into CrossGuard.Analyzers (internal:
// CROSSGUARD_ANALYZERS), so the analyzers need no reference to Core. Keep it to netstandard2.0 APIs.
using System.Collections.Generic;
using System.Globalization;
using CrossGuard.Core.Coverage;

namespace CrossGuard.Core.Diagnostics;

/// <summary>When a code may be reported as an error (the one answer the severity policy and the docs table use).</summary>
#if CROSSGUARD_ANALYZERS
internal
#else
public
#endif
enum ErrorEscalation
{
    /// <summary>Never an error, not even under CrossGuardSeverity=error (XG1007; information-only codes).</summary>
    Never,

    /// <summary>An error only when its default is one or the user asks (CrossGuardSeverity=error, WarningsAsErrors, editorconfig).</summary>
    OnRequest,

    /// <summary>Also an error for the RID being built or published (and for every RID `crossguard check` checks).</summary>
    ForTargetRid,

    /// <summary>Always an error that nothing lowers or suppresses: CrossGuard's own input errors (XG9xxx).</summary>
    Always,
}

/// <summary>One diagnostic code: its id, title, default severity, when it may be an error, message format and help link.</summary>
#if CROSSGUARD_ANALYZERS
internal
#else
public
#endif
sealed class DiagnosticCode
{
    internal DiagnosticCode(string id, string title, FindingSeverity defaultSeverity, ErrorEscalation escalation, string messageFormat)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
        Escalation = escalation;
        MessageFormat = messageFormat;
    }

    /// <summary>"XG1001".</summary>
    public string Id { get; }

    public string Title { get; }

    public FindingSeverity DefaultSeverity { get; }

    public ErrorEscalation Escalation { get; }

    /// <summary>True unless the code is never an error (<see cref="ErrorEscalation.Never"/>).</summary>
    public bool MayBeError => Escalation != ErrorEscalation.Never;

    /// <summary>The message format ({0}-style), without the code.</summary>
    public string MessageFormat { get; }

    /// <summary>The code's docs page (docs/rules/XGnnnn.md).</summary>
    public string HelpLink => DiagnosticCatalogue.HelpLinkBase + Id + ".md";

    /// <summary>The message text for these arguments, without the code.</summary>
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <summary>"XG9010: text": the one line an input error prints (rendered, never split again).</summary>
    public string Line(params object?[] args) => Id + ": " + Format(args);

    /// <summary>Another wording of this code (same id, severity and escalation; the title too unless given); not a new code.</summary>
    public DiagnosticCode WithMessage(string messageFormat, string? title = null) => new(Id, title ?? Title, DefaultSeverity, Escalation, messageFormat);

    public override string ToString() => Id;
}

/// <summary>
/// Every CrossGuard diagnostic code, in id order: analyzers (XG0xxx), dependency checks (XG1xxx), publish audit
/// (XG2xxx), Native AOT / single-file preflight (XG3xxx) and input errors (XG9xxx, task and CLI). The tasks, the CLI
/// and the analyzers all read their codes, titles, severities and message formats from here; docs/rules/README.md
/// is checked against it (CatalogueTests).
/// </summary>
#if CROSSGUARD_ANALYZERS
internal
#else
public
#endif
static class DiagnosticCatalogue
{
    /// <summary>Base of every help link; one page per code under docs/rules/.</summary>
    public const string HelpLinkBase = "https://github.com/crossguard/crossguard/blob/main/docs/rules/";

    // Declared before the entries: static fields initialise in textual order.
    private static readonly List<DiagnosticCode> s_all = new();

    /// <summary>Codes that were shipped and then removed; they are never handed out again.</summary>
    public static IReadOnlyList<string> Retired { get; } = new[]
    {
        "XG9014", // crossguard check without RuntimeIdentifiers: now checked for the common RIDs at information level (XG1011).
    };

    // XG0001-XG0999: analyzers (source code). Analyzer descriptions and categories stay in Analyzers/Descriptors.cs.
    public static readonly DiagnosticCode DllImportLibraryMissingForRid = Add("XG0001", "P/Invoke library that no dependency provides for a shipped RID", Warning, ErrorEscalation.OnRequest, "'{0}' imports '{1}', which no package or project file provides for {2}; the first call there throws DllNotFoundException");
    public static readonly DiagnosticCode DllImportNeedsSystemPackage = DllImportLibraryMissingForRid.WithMessage("'{0}' imports '{1}', a Linux distribution library that no package of this project ships for {2}: the target must have it installed ({3}); declare it as a dependency of the package or container image", "P/Invoke library that the target system must have installed");
    public static readonly DiagnosticCode OsSpecificLibrary = Add("XG0002", "OS-specific native library in a project that ships to other operating systems", Warning, ErrorEscalation.OnRequest, "'{0}' imports '{1}', a {2} system library that does not exist on {3}, and {4}; guard the calls with an OperatingSystem check or mark the import [SupportedOSPlatform] so CA1416 checks its callers");
    public static readonly DiagnosticCode NonPortableLibraryName = Add("XG0003", "Native library name that defeats the runtime's probing", Warning, ErrorEscalation.OnRequest, "Native library name '{0}' {1}; {2}");
    public static readonly DiagnosticCode NativeLibraryCrossing = Add("XG0004", "Native code crossing outside [DllImport]", Info, ErrorEscalation.OnRequest, "{0} crosses into native code{1}; every RID this project ships to needs the native side");
    public static readonly DiagnosticCode PInvokeHasBclEquivalent = Add("XG0005", "P/Invoke that the BCL replaces", Warning, ErrorEscalation.OnRequest, "'{0}' calls native '{1}'; use {2} (since {3}), which works on every RID without a native crossing");
    public static readonly DiagnosticCode UnguardedHardwareIntrinsic = Add("XG0006", "Hardware intrinsic used without an IsSupported guard", Warning, ErrorEscalation.OnRequest, "'{0}' needs {1}, which {2}; guard it with 'if ({1}.IsSupported)' and keep a fallback");

    // XG1001-XG1999: dependency checks (CheckNativeAssets, crossguard check / inspect).
    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid, {5} advice
    public static readonly DiagnosticCode NoNativeForRid = Add("XG1001", "Package has native assets, but none for a shipped RID", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) has native assets for {3} but none for {4}: the app will throw DllNotFoundException there. {5}");
    // {0} package, {1} version, {2} via, {3} rid, {4} file, {5} evidence, {6} advice
    public static readonly DiagnosticCode GlibcOnMusl = Add("XG1002", "glibc-linked native library selected for a musl RID", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) has no musl build for {3}; the RID graph falls back to '{4}', which is linked against glibc ({5}) and will not load on Alpine/musl. {6}");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} what the file is, {6} advice
    public static readonly DiagnosticCode WrongBinaryForRid = Add("XG1003", "Selected native file is built for another OS or architecture", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) selects '{3}' for {4}, but it is {5}; it cannot load there. {6}");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} floor, {6} symbols, {7} the RID's floor and where it comes
    // from ("CrossGuardMinGlibc is 2.27 (the .NET 10 runtime's own floor for x64)", GlibcFloors.Describe). A floor stays a warning for the target RID too: the binary works on newer targets, so it depends on where it is deployed.
    public static readonly DiagnosticCode GlibcFloorTooHigh = Add("XG1004", "Native library needs a newer glibc than the declared minimum", Warning, ErrorEscalation.OnRequest, "Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs glibc {5} (e.g. {6}); {7}, so it fails with 'GLIBC_{5} not found' on older distributions. Use a build made against an older glibc, or raise CrossGuardMinGlibc if every target has glibc {5} (for this RID only: '{4}:{5}').");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} min, {6} configured minimum. What dyld does with it
    // (docs/rules/XG1005.md cites the sources): it checks a dylib's platform, not its minimum OS.
    public static readonly DiagnosticCode MacOsMinTooHigh = Add("XG1005", "Native library needs a newer macOS than the declared minimum", Warning, ErrorEscalation.OnRequest, "Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs macOS {5} (the minimum OS in its Mach-O build version); CrossGuardMinMacOS is {6}. dyld does not refuse it on an older macOS for that alone, but it is only built to work from macOS {5}: where it uses a symbol, library or load command the older macOS lacks, loading fails with DllNotFoundException ('Symbol not found ... built for macOS {5} which is newer than running OS'). Use a build with a lower deployment target, or raise CrossGuardMinMacOS if every target runs macOS {5} or later.");
    // {0} package, {1} version, {2} via, {3} native files summary, {4} advice
    public static readonly DiagnosticCode NativeNotAllowed = Add("XG1006", "Native code present while CrossGuardAllowNative is false", Error, ErrorEscalation.OnRequest, "Package '{0}' {1} ({2}) carries native code ({3}) and CrossGuardAllowNative is false. {4}");
    // {0} package, {1} version, {2} via, {3} RIDs with RID-specific assemblies, {4} shipped RIDs without one, {5} ending (CoverageMessages).
    // Never an error: a PlatformNotSupported stub fails only if the app calls it there, which the package cannot tell.
    public static readonly DiagnosticCode ManagedRidAssetMissing = Add("XG1007", "RID-specific managed assembly missing for a shipped RID", Warning, ErrorEscalation.Never, "Package '{0}' {1} ({2}) has RID-specific managed assemblies for {3} but none for {4}; {5}");
    // {0} package, {1} version, {2} via, {3} covered RIDs, {4} rid
    public static readonly DiagnosticCode RuntimeJsonMissingRid = Add("XG1008", "runtime.json redirects to native packages, but not for a shipped RID", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) brings its native implementation through runtime.json for {3} but not for {4}: nothing native is restored there.");
    // {0} package, {1} version, {2} folder
    public static readonly DiagnosticCode UnreachableRidFolder = Add("XG1009", "RID folder that no RID selects", Info, ErrorEscalation.Never, "Package '{0}' {1} has a 'runtimes/{2}/' folder that no RID in the SDK's RID graph selects; those files are never used.");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} why nothing can load, {6} advice
    public static readonly DiagnosticCode UnloadableNativeFile = Add("XG1010", "Selected native file cannot load anywhere", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) selects '{3}' for {4}, but {5}: nothing loadable is there, so the app throws DllNotFoundException on {4}. Delete the package's folder from the global packages folder and restore again; if the file is the same in the package itself, the package is broken: use another version or tell its author. {6}");
    // {0} project, {1} RIDs checked
    public static readonly DiagnosticCode NoRidsDeclared = Add("XG1011", "No RID declared: the common portable RIDs were checked, as information", Info, ErrorEscalation.Never, "'{0}' declares no RuntimeIdentifiers, so CrossGuard checked {1} (the common portable RIDs and those its native dependencies ship files for) and reports what it found as information only. Declare the RIDs you ship to get warnings and errors: <CrossGuardRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers> (or RuntimeIdentifiers, which also restores their runtime packs; for crossguard check: --rid).");

    // XG1101-XG1199: package-author audit (AuditNativePackage at dotnet pack, crossguard audit); Packaging/PackageAudit.cs.
    public static readonly DiagnosticCode FileForOtherTarget = Add("XG1101", "Packed native file is built for another OS or architecture than the RIDs its folder serves", Error, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', which is a {2}, in runtimes/{3}/, which serves {4}: it cannot load there (DllNotFoundException on those RIDs). {5}");
    public static readonly DiagnosticCode GlibcFileInMuslFolder = Add("XG1102", "glibc-linked file in a musl folder, or a musl RID served only by a glibc fallback", Error, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', which is linked against glibc ({2}), in the musl folder runtimes/{3}/: it does not load on Alpine or any musl system. Build it against musl (on Alpine, or with musl-gcc / a musl cross toolchain) and pack that build there.");
    public static readonly DiagnosticCode MuslServedByGlibc = GlibcFileInMuslFolder.WithMessage("Package '{0}' has no runtimes/{1}/native/ build, so the RID graph hands {1} apps '{2}', which is linked against glibc ({3}) and does not load on Alpine or any musl system ({4}). Pack a musl build in runtimes/{1}/native/, or block the fallback with an empty runtimes/{1}/native/_._ so musl apps get CrossGuard's 'no native build' instead of a crash, or leave {1} out of CrossGuardRuntimeIdentifiers.");
    public static readonly DiagnosticCode GlibcFloorAboveDeclared = Add("XG1103", "Packed native file needs a newer glibc than the package's floor", Warning, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', which needs glibc {2} (e.g. {3}), above the floor of {4} ({5}): it fails with 'GLIBC_{2} not found' on older distributions. Build it on (or against the sysroot of) the oldest distribution you support, e.g. a manylinux-style container, or raise CrossGuardMinGlibc to {2} and say so in the package's description.");
    public static readonly DiagnosticCode MacOsMinAboveDeclared = Add("XG1104", "Packed dylib needs a newer macOS than the package's floor", Warning, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', whose Mach-O build version says macOS {2}, above the floor of {3} ({4}): it is only built to work from macOS {2}. Build with -mmacosx-version-min={3} (MACOSX_DEPLOYMENT_TARGET={3}), or raise CrossGuardMinMacOS to {2}.");
    public static readonly DiagnosticCode NeededLibraryMissing = Add("XG1105", "Packed native file needs a library neither the package nor the target's base system provides", Warning, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', which needs '{2}': the package does not ship it for {3} and it is not a library every {3} system provides, so the load fails with DllNotFoundException where it is not installed. {4}");
    public static readonly DiagnosticCode FolderNoRidSelects = Add("XG1106", "Package folder that no standard RID selects", Error, ErrorEscalation.OnRequest, "Package '{0}' has a runtimes/{1}/ folder that no RID in the SDK's RID graph selects: no app ever gets those files. {2}");
    public static readonly DiagnosticCode PlaceholderBlocksClaimedRid = Add("XG1107", "Placeholder (_._) blocks a RID the package claims", Error, ErrorEscalation.OnRequest, "Package '{0}' claims {1} (CrossGuardRuntimeIdentifiers), but '{2}' blocks it: {1} apps get no native file. Pack the {1} build in place of the placeholder, or leave {1} out of CrossGuardRuntimeIdentifiers.");
    public static readonly DiagnosticCode UniversalMissingSlice = Add("XG1108", "Dylib in an architecture-neutral macOS folder lacks a slice", Error, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}' ({2}) in runtimes/{3}/, which serves {5}, but it has no {4} slice: {5} apps get a dylib that cannot load (DllNotFoundException). Build a universal dylib with every slice (lipo -create x64.dylib arm64.dylib -output lib.dylib, or CMAKE_OSX_ARCHITECTURES=\"x86_64;arm64\"), or pack one thin dylib per RID in runtimes/osx-x64/ and runtimes/osx-arm64/.");
    public static readonly DiagnosticCode ClaimedRidNotCovered = Add("XG1109", "Claimed RID gets no native file", Error, ErrorEscalation.OnRequest, "Package '{0}' claims {1} (CrossGuardRuntimeIdentifiers), but no runtimes/ folder serves it (the package packs {2}): {1} apps get no native file. Pack a build in runtimes/{1}/native/, or leave {1} out of CrossGuardRuntimeIdentifiers.");
    public static readonly DiagnosticCode RuntimeJsonMissesClaimedRid = Add("XG1110", "runtime.json redirect misses a claimed RID", Error, ErrorEscalation.OnRequest, "Package '{0}' redirects to its native packages through runtime.json for {1} but not for the claimed {2}: {2} apps restore nothing native. Add a runtime.json entry for {2}, or leave it out of CrossGuardRuntimeIdentifiers.");
    public static readonly DiagnosticCode FileCannotLoad = Add("XG1111", "Packed native file cannot load anywhere", Error, ErrorEscalation.OnRequest, "Package '{0}' packs '{1}', but {2}: nothing can load it on any RID. Pack the real binary (run 'git lfs pull' before packing if it is stored with Git LFS).");

    // XG2001-XG2999: publish-output audit (AuditPublishOutput).
    // {0} file, {1} rid, {2} what the file is (header evidence), {3} library, {4} who loads it, {5} probe order, {6} origin
    public static readonly DiagnosticCode PublishedBinaryForOtherTarget = Add("XG2001", "The file the runtime reaches for a library is built for another OS, architecture or libc", Error, ErrorEscalation.OnRequest, "'{0}' in the publish output for {1} is {2}; it cannot load there, and it is the file the runtime reaches for '{3}', which {4} loads (probe order: {5}). Nothing else loadable is reached, so the load fails with DllNotFoundException. It came from {6}. Remove it from the publish (or fix what copies it) and publish the build made for {1}.");
    // {0} file, {1} rid, {2} needed library
    public static readonly DiagnosticCode PublishedNeededMissing = Add("XG2002", "A library needed is neither published nor part of every target system", Warning, ErrorEscalation.OnRequest, "'{0}' in the publish output for {1} needs '{2}', which is neither published beside it nor a library {1} systems provide. Ship '{2}' or install it on the target.");
    // {0} library, {1} who loads it, {2} rid, {3} soname, {4} package
    public static readonly DiagnosticCode PInvokedDistributionLibrary = PublishedNeededMissing.WithMessage("'{0}', which {1} loads, is a system library that not every {2} system has installed ({3}): the machine must have it (Debian/Ubuntu package {4}); list it as a dependency of the app's package or image.");
    // {0} who loads it, {1} library, {2} rid, {3} probe order, {4} what is in the output and what to do
    public static readonly DiagnosticCode LoadedLibraryNotReached = Add("XG2003", "The runtime's probe reaches no file for a library the app loads", Warning, ErrorEscalation.OnRequest, "{0} loads '{1}', but the runtime's probe for {2} reaches no file for it (probe order: {3}). {4}");
    // {0} origin, {1} count, {2} "file"/"files", {3} size, {4} rid, {5} files, {6} how to trim
    public static readonly DiagnosticCode DeadWeight = Add("XG2004", "Dead weight: native files that cannot load on the RID and that nothing loads", Warning, ErrorEscalation.OnRequest, "{0} puts {1} native {2} ({3}) into the {4} publish output that cannot load there and that nothing loads: {5}. They are dead weight (the app works without them). {6}");
    // {0} assembly and origin, {1} resolver, {2} libraries, {3} "is"/"are", {4} rid, {5} advice
    public static readonly DiagnosticCode ResolverNotProvable = Add("XG2005", "An assembly loads its natives through its own resolver: not provable", Info, ErrorEscalation.Never, "{0} registers its own native library resolver ({1}), so how {2} {3} loaded on {4} cannot be proven from the publish output; CrossGuard does not judge those loads. {5}");

    // XG2006-XG2009: container images (the libc and contents of the base image a container RID runs in; Core/Containers).
    // {0} rid, {1} image, {2} what the image is, {3} source of that fact, {4} mismatch and advice (ContainerMessages.Mismatch).
    // A framework-dependent app in an image with .NET gets ContainerMessages.FrameworkDependentOnImageRuntime appended and no RID to promote it.
    public static readonly DiagnosticCode RidImageMismatch = Add("XG2006", "The container RID's libc or OS differs from the base image's", Warning, ErrorEscalation.ForTargetRid, "The {0} app runs in '{1}' ({2}; {3}), but {4}");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} floor, {6} symbols, {7} image, {8} what the image is, {9} source
    public static readonly DiagnosticCode GlibcAboveImage = Add("XG2007", "Native library needs a newer glibc than the container base image has", Warning, ErrorEscalation.ForTargetRid, "Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs glibc {5} (e.g. {6}), but the base image '{7}' is {8} ({9}): loading it there fails with 'GLIBC_{5} not found'. Pick a base image with glibc {5} or newer, or use a build of the package made against an older glibc.");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} needed library, {6} image, {7} family, {8} distribution package.
    // A warning also for the target RID: a derived image or a mounted library may provide it.
    public static readonly DiagnosticCode ImageLacksLibrary = Add("XG2008", "The container base image lacks a library a native dependency needs", Warning, ErrorEscalation.OnRequest, "Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs '{5}', and the base image '{6}' ({7}) does not carry it: loading '{3}' there fails with DllNotFoundException. Use an image that has it (a full or -extra .NET image for ICU; for others, a Dockerfile that installs the package {8} onto a full image), or a build of the package without that dependency.");
    // {0} image, {1} why it is unknown, {2} RIDs
    public static readonly DiagnosticCode UnknownImage = Add("XG2009", "The container base image is not known to CrossGuard", Info, ErrorEscalation.Never, "CrossGuard does not know the base image '{0}' ({1}), so its C library is not assumed: {2} are checked against CrossGuardMinGlibc only. Set ContainerBaseImage to a known image, or make sure the image's libc matches the RID and its glibc is at least every package's floor.");
    // {0} package, {1} version, {2} via, {3} file, {4} rid, {5} the needed libraries, described, {6} the first one's file name
    public static readonly DiagnosticCode NeededNotShipped = Add("XG2010", "A selected native library needs a library that nothing ships and not every target system has", Warning, ErrorEscalation.Never, "Package '{0}' {1} ({2}) selects '{3}' for {4}, which needs {5}: no package of the app ships it for {4} and not every {4} system has it, so where it is not installed the library does not load ('{6}: cannot open shared object file') and the app throws DllNotFoundException. Install it on every target (list it as a dependency of the app's package or container image), or use a build of the package that does not need it.");

    // XG3001-XG3999: Native AOT and single-file publish preflight (CheckAotPreflight, CheckSingleFilePublish).
    public static readonly DiagnosticCode AotCrossOs = Add("XG3001", "Native AOT publish for another OS", Error, ErrorEscalation.OnRequest, "Native AOT cannot publish {0} on this {1} host: ILCompiler links with {2}'s own linker and SDK ({3}), and .NET does not support cross-OS native compilation, so the publish would fail after ILCompiler has run (or produce nothing usable). Publish {0} on a {2} machine (for example a {2} job in a CI matrix), or publish {0} without PublishAot (self-contained or framework-dependent), or, if you do have a cross linker (such as the zig-based PublishAotCross package), set CrossGuardAllowCrossOsAot=true.");
    public static readonly DiagnosticCode AotCrossToolchainMissing = Add("XG3002", "Cross-architecture Linux Native AOT publish without the cross toolchain", Error, ErrorEscalation.OnRequest, "Native AOT for {0} from this {1} host needs a {2} cross toolchain, and the native link after ILCompiler would fail: missing {3}. Found: {4}. To fix: {5}.");
    public static readonly DiagnosticCode AotHostInstructionSet = Add("XG3003", "IlcInstructionSet of the build machine or of another architecture", Warning, ErrorEscalation.OnRequest, "IlcInstructionSet='{0}' in the {1} Native AOT publish: {2}. Leave IlcInstructionSet unset for the portable baseline, or name the oldest CPU you support explicitly (for example x86-x64-v3 for x64, armv8.2-a for arm64).");
    public static readonly DiagnosticCode AotNativeLibraryUnusable = Add("XG3004", "NativeLibrary or DirectPInvoke that cannot be linked into the Native AOT binary", Error, ErrorEscalation.OnRequest, "{0} '{1}' cannot be linked into the {2} Native AOT binary: {3}. {4}");
    public static readonly DiagnosticCode SingleFileNativesBesideExecutable = Add("XG3005", "Single-file publish leaving native libraries beside the executable", Warning, ErrorEscalation.OnRequest, "The single-file {0} publish leaves {1} native {2} beside the executable: {3}. Copying only the executable breaks the first P/Invoke into them (DllNotFoundException). Set <IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract> to bundle them (they are extracted at start-up), or ship them next to the executable and add XG3005 to NoWarn.");

    // XG9001-XG9099: input errors of the build (and of crossguard check where it reads the same inputs).
    // {0} path, {1} why
    public static readonly DiagnosticCode AssetsFileUnreadable = Add("XG9001", "The assets file is missing or unreadable", Error, ErrorEscalation.Always, "The assets file '{0}' could not be read: {1}. Run 'dotnet restore' and build again.");
    // {0} rid, {1} graph source
    public static readonly DiagnosticCode UnknownRid = Add("XG9002", "Unknown RuntimeIdentifier", Error, ErrorEscalation.Always, "'{0}' is not a RuntimeIdentifier the SDK's RID graph knows ({1}). Portable RIDs look like linux-x64, linux-arm64, linux-musl-x64, osx-arm64, win-x64.");
    // {0} path, {1} why
    public static readonly DiagnosticCode RidGraphUnreadable = Add("XG9003", "The RID graph could not be read", Error, ErrorEscalation.Always, "The RID graph '{0}' could not be read: {1}.");
    // {0} task input
    public static readonly DiagnosticCode MissingInput = Add("XG9004", "A required task input is empty", Error, ErrorEscalation.Always, "The CrossGuard task input '{0}' is required but was empty.");
    // {0} package, {1} version
    public static readonly DiagnosticCode PackageFolderMissing = Add("XG9005", "A package folder is missing", Error, ErrorEscalation.Always, "Package '{0}' {1} was not found in any package folder. Run 'dotnet restore' and build again.");
    // {0} setting, {1} value, {2} what is expected
    public static readonly DiagnosticCode BadSetting = Add("XG9006", "A CrossGuard setting is not valid", Error, ErrorEscalation.Always, "The setting {0}='{1}' is not valid: {2}.");
    // {0} detail
    public static readonly DiagnosticCode FrameworkNotInAssets = Add("XG9007", "The assets file does not match the project", Error, ErrorEscalation.Always, "The assets file does not match the project: {0}. Run 'dotnet restore'.");

    // XG9010-XG9099: crossguard check / binary input errors (exit code 3; XG9099: 5).
    public static readonly DiagnosticCode PathMissing = Add("XG9010", "A path does not exist or holds no project", Error, ErrorEscalation.Always, "'{0}' does not exist.");
    public static readonly DiagnosticCode NoProjectInFolder = PathMissing.WithMessage("'{0}' holds no project file{1}.");
    public static readonly DiagnosticCode SolutionUnreadable = PathMissing.WithMessage("'{0}' could not be read:\n{1}");
    public static readonly DiagnosticCode ProjectNotEvaluated = Add("XG9011", "MSBuild could not evaluate the project", Error, ErrorEscalation.Always, "'{0}' could not be evaluated:\n{1}");
    public static readonly DiagnosticCode ProjectEvaluationUnexpected = ProjectNotEvaluated.WithMessage("'{0}' could not be evaluated: unexpected output from 'dotnet msbuild -getProperty'.");
    public static readonly DiagnosticCode RestoreFailed = Add("XG9012", "dotnet restore of the project failed", Error, ErrorEscalation.Always, "'dotnet restore {0}' failed:\n{1}");
    public static readonly DiagnosticCode DotnetNotStarted = Add("XG9013", "dotnet could not be started", Error, ErrorEscalation.Always, "could not start 'dotnet'.");
    public static readonly DiagnosticCode FrameworkNotTargeted = Add("XG9015", "The project does not target the framework asked for", Error, ErrorEscalation.Always, "'{0}' does not target '{1}' (its TargetFramework{2} {3}).");
    public static readonly DiagnosticCode BinaryUnreadable = Add("XG9016", "A file cannot be opened or a directory cannot be listed", Error, ErrorEscalation.Always, "cannot read '{0}': {1}");
    public static readonly DiagnosticCode DirectoryUnlistable = BinaryUnreadable.WithMessage("cannot list '{0}': {1}");
    public static readonly DiagnosticCode InternalError = Add("XG9099", "Internal error in crossguard", Error, ErrorEscalation.Always, "internal error ({0}): {1}");

    // XG9101-XG9112: crossguard inspect (feeds and packages; exit code 3 for input, 4 for the feed).
    public static readonly DiagnosticCode SourceUnreadable = Add("XG9102", "A package source could not be read", Error, ErrorEscalation.Always, "the package source '{0}' could not be read ({1}). Check the network, the source URL or folder, and nuget.config.");
    public static readonly DiagnosticCode PackageNotFound = Add("XG9103", "No source has the package", Error, ErrorEscalation.Always, "package '{0}' was not found on {1}.");
    public static readonly DiagnosticCode PackageVersionNotFound = Add("XG9104", "No source has that version of the package", Error, ErrorEscalation.Always, "package '{0}' {1} was not found on {2}.");
    public static readonly DiagnosticCode BadVersion = Add("XG9105", "Not a NuGet version", Error, ErrorEscalation.Always, "'{0}' is not a NuGet version (expected e.g. {1}@1.2.3 or {1}@1.2.3-beta.1).");
    public static readonly DiagnosticCode BadFramework = Add("XG9106", "Not a target framework", Error, ErrorEscalation.Always, "'{0}' is not a target framework (expected e.g. net8.0, netstandard2.0).");
    public static readonly DiagnosticCode BadPackageId = Add("XG9107", "Not a valid package id", Error, ErrorEscalation.Always, "'{0}' is not a valid package id.");
    public static readonly DiagnosticCode BadSource = Add("XG9108", "Not a package source", Error, ErrorEscalation.Always, "'{0}' is not a package source: give the URL of a feed (http or https) or a folder.");
    public static readonly DiagnosticCode PackagesFolderUnusable = Add("XG9109", "The global packages folder cannot be used", Error, ErrorEscalation.Always, "the global packages folder '{0}' cannot be used ({1}). Point --packages or NUGET_PACKAGES at a folder you can write to.");
    public static readonly DiagnosticCode PackageUnsafe = Add("XG9110", "A package would write outside its folder", Error, ErrorEscalation.Always, "package '{0}' {1} from '{2}' is unsafe: {3}. Nothing was written outside its folder; do not use this package.");
    public static readonly DiagnosticCode PackageUnusable = Add("XG9111", "A package cannot be used", Error, ErrorEscalation.Always, "package '{0}' {1}{2} cannot be used: {3}.");
    public static readonly DiagnosticCode PackageFileUnusable = PackageUnusable.WithMessage("package file '{0}' in the source '{1}' cannot be used: {2}.");
    public static readonly DiagnosticCode PackageReadTimeout = Add("XG9112", "Reading a package took longer than the timeout", Error, ErrorEscalation.Always, "reading package '{0}' {1} took longer than the timeout ({2} s); the package is not usable as it is.");

    // XG9120-XG9129: crossguard audit and the pack-time audit (packages and publish folders as untrusted input).
    public static readonly DiagnosticCode PackagePathMissing = Add("XG9120", "A package or publish folder does not exist", Error, ErrorEscalation.Always, "'{0}' does not exist.");
    public static readonly DiagnosticCode NotAReadablePackage = Add("XG9121", "A package is not a readable zip archive", Error, ErrorEscalation.Always, "'{0}' is not a readable package (a .nupkg is a zip archive): {1}.");
    public static readonly DiagnosticCode UnsafePackageEntry = Add("XG9122", "A package entry's path leaves the package", Error, ErrorEscalation.Always, "'{0}' holds an entry whose path leaves the package ('{1}': absolute, '..', or a drive/device name); nothing from it was extracted.");
    public static readonly DiagnosticCode PackageEntryTooLarge = Add("XG9123", "A package entry or the package is too large once decompressed", Error, ErrorEscalation.Always, "'{0}' holds an entry '{1}' larger than {2} once decompressed (or more than the archive's total limit); the package is not audited.");
    public static readonly DiagnosticCode TooManyPackageEntries = Add("XG9124", "A package holds too many entries", Error, ErrorEscalation.Always, "'{0}' holds more than {1} entries; the package is not audited.");
    public static readonly DiagnosticCode NotAPackageOrPublish = Add("XG9125", "Neither a package nor a publish folder", Error, ErrorEscalation.Always, "'{0}' is neither a package (a .nupkg, or a folder with a .nuspec or runtimes/) nor a publish folder (a folder with a .deps.json or .runtimeconfig.json).");
    public static readonly DiagnosticCode PublishNeedsRid = Add("XG9126", "A publish folder was given without its RID", Error, ErrorEscalation.Always, "'{0}' is a publish folder: say which RID it was published for with --rid (e.g. --rid linux-x64).");
    public static readonly DiagnosticCode PublishFileUnreadable = Add("XG9127", "A publish folder's deps.json cannot be read", Error, ErrorEscalation.Always, "'{0}' could not be read: {1}.");

    // XG9130-XG9139: the check pipeline (issue 20).
    public static readonly DiagnosticCode NotPackageReferenceProject = Add("XG9130", "The project is not a PackageReference project", Error, ErrorEscalation.Always, "'{0}' is not a PackageReference project (no ProjectAssetsFile): CrossGuard reads the restore result (project.assets.json), which packages.config projects do not have.");

    // XG9150: the whole inspect command's bound (--deadline).
    public static readonly DiagnosticCode InspectDeadline = Add("XG9150", "The inspect command did not finish within its deadline", Error, ErrorEscalation.Always, "inspecting '{0}' did not finish within --deadline ({1} s); each feed request stayed within --timeout ({2} s), so the feed or the closure is slow rather than unreachable. Raise --deadline, or use a closer source.");

    /// <summary>Every code (one entry per id; variants made with WithMessage are not listed), in declaration order.</summary>
    public static IReadOnlyList<DiagnosticCode> All => s_all;

    /// <summary>The entry for an id ("XG1001"), or null when no such code exists.</summary>
    public static DiagnosticCode? Find(string? id)
    {
        foreach (DiagnosticCode code in s_all)
        {
            if (string.Equals(code.Id, id, System.StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        return null;
    }

    private const FindingSeverity Info = FindingSeverity.Info;
    private const FindingSeverity Warning = FindingSeverity.Warning;
    private const FindingSeverity Error = FindingSeverity.Error;

    private static DiagnosticCode Add(string id, string title, FindingSeverity severity, ErrorEscalation escalation, string messageFormat)
    {
        var code = new DiagnosticCode(id, title, severity, escalation, messageFormat);
        s_all.Add(code);
        return code;
    }
}
