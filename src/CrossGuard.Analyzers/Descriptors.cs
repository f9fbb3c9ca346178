using CrossGuard.Core.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CrossGuard.Analyzers;

/// <summary>
/// Every CrossGuard analyzer descriptor, built in one place from the catalogue's entry (id, title, message format,
/// default severity, help link); a descriptor adds only its category, description and tags.
/// </summary>
public static class Descriptors
{
    /// <summary>Base of the help links; one page per rule under docs/rules/.</summary>
    public const string HelpLinkBase = DiagnosticCatalogue.HelpLinkBase;

    public static readonly DiagnosticDescriptor DllImportLibraryMissingForRid = Create(
        DiagnosticIds.DllImportLibraryMissingForRid,
        DiagnosticCatalogue.DllImportLibraryMissingForRid,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The native files selected for each RuntimeIdentifier (obj/crossguard.natives.json) contain no file the runtime would load for this library name, and it is not a system library of that RID's operating system.");

    /// <summary>
    /// XG0001 for a library of Linux distributions (libsecret, libgobject) that no package ships for a Linux RID: a system
    /// dependency to install on the target, not a missing file. Same ID (like XG0004's two descriptors).
    /// </summary>
    public static readonly DiagnosticDescriptor DllImportNeedsSystemPackage = Create(
        DiagnosticIds.DllImportLibraryMissingForRid,
        DiagnosticCatalogue.DllImportNeedsSystemPackage,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The library is part of Linux distributions, not of the C library, and not among the native files selected for the RID: the call works where the distribution package is installed and throws DllNotFoundException where it is not (minimal container images, servers without a desktop). Reported for the Linux RIDs, unless [SupportedOSPlatform] keeps the import off Linux.");

    public static readonly DiagnosticDescriptor OsSpecificLibrary = Create(
        DiagnosticIds.OsSpecificLibrary,
        DiagnosticCatalogue.OsSpecificLibrary,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The library is part of some operating systems only (kernel32: Windows; libSystem: macOS; libc: Linux and macOS). On the other RIDs this project ships to, a call that no OS guard restricts throws DllNotFoundException. Reported once per import, when a call site can run there (the others are the diagnostic's additional locations) or the import is visible outside the assembly.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor NonPortableLibraryName = Create(
        DiagnosticIds.NonPortableLibraryName,
        DiagnosticCatalogue.NonPortableLibraryName,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The runtime turns a bare library name into libname.so, libname.dylib or name.dll per OS. A file name with an extension, a versioned soname or an absolute path pins one OS, one libc or one machine layout.");

    public static readonly DiagnosticDescriptor NativeLibraryCrossing = Create(
        DiagnosticIds.NativeLibraryCrossing,
        DiagnosticCatalogue.NativeLibraryCrossing,
        RuleCategories.Portability,
        DiagnosticSeverity.Info,
        "NativeLibrary, DllImport resolvers, delegates over function pointers and unmanaged function pointer calls load or call native code that no package metadata describes. Informational by default; a warning when CrossGuardAllowNative is false.");

    /// <summary>
    /// XG0004 when the project set CrossGuardAllowNative=false. A separate descriptor (same ID, like CA1416's several)
    /// because command-line builds skip an analyzer whose every descriptor is Info: an effective-severity override on
    /// the Info descriptor would never run there.
    /// </summary>
    public static readonly DiagnosticDescriptor NativeLibraryCrossingDisallowed = Create(
        DiagnosticIds.NativeLibraryCrossing,
        DiagnosticCatalogue.NativeLibraryCrossing,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "CrossGuardAllowNative is false, so every native crossing is a warning: NativeLibrary, DllImport resolvers, delegates over function pointers and unmanaged function pointer calls load or call native code.");

    public static readonly DiagnosticDescriptor PInvokeHasBclEquivalent = Create(
        DiagnosticIds.PInvokeHasBclEquivalent,
        DiagnosticCatalogue.PInvokeHasBclEquivalent,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The base class library has a managed, cross-platform API for this native function. Using it removes an OS-specific native dependency.");

    public static readonly DiagnosticDescriptor UnguardedHardwareIntrinsic = Create(
        DiagnosticIds.UnguardedHardwareIntrinsic,
        DiagnosticCatalogue.UnguardedHardwareIntrinsic,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "Hardware intrinsics throw PlatformNotSupportedException on CPUs without the instruction set. The RIDs a project ships to can include other architectures, and CPUs of one architecture differ in the extensions they have. A guard in the method, or in every caller of a method that nothing outside the compilation calls, counts.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>Help link for a rule ID.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>
    /// The descriptor of a catalogue entry. The id and severity are passed again as constants because release tracking
    /// (RS2000-RS2008) reads them from the constructor's constant arguments; DescriptorConventionsTests checks that they
    /// are the catalogue's (the severity may be stricter for an opt-in mode, like XG0004's).
    /// </summary>
#pragma warning disable RS0030 // The one place allowed to call the descriptor constructor.
    private static DiagnosticDescriptor Create(string id, DiagnosticCode code, string category, DiagnosticSeverity severity, string description, params string[] customTags) =>
        new(id, code.Title, code.MessageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: code.HelpLink, customTags: customTags);
#pragma warning restore RS0030
}
