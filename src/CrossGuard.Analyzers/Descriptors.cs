using Microsoft.CodeAnalysis;

namespace CrossGuard.Analyzers;

/// <summary>Every CrossGuard analyzer descriptor, built in one place so help links and severities stay uniform.</summary>
public static class Descriptors
{
    /// <summary>Base of the help links; one page per rule under docs/rules/.</summary>
    public const string HelpLinkBase = "https://github.com/crossguard/crossguard/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor DllImportLibraryMissingForRid = Create(
        DiagnosticIds.DllImportLibraryMissingForRid,
        "P/Invoke library that no dependency provides for a shipped RID",
        "'{0}' imports '{1}', which no package or project file provides for {2}; the first call there throws DllNotFoundException",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The native files selected for each RuntimeIdentifier (obj/crossguard.natives.json) contain no file the runtime would load for this library name, and it is not a system library of that RID's operating system.");

    /// <summary>
    /// XG0001 for a library of Linux distributions (libsecret, libgobject) that no package ships for a Linux RID: a system
    /// dependency to install on the target, not a missing file. Same ID (like XG0004's two descriptors).
    /// </summary>
    public static readonly DiagnosticDescriptor DllImportNeedsSystemPackage = Create(
        DiagnosticIds.DllImportLibraryMissingForRid,
        "P/Invoke library that the target system must have installed",
        "'{0}' imports '{1}', a Linux distribution library that no package of this project ships for {2}: the target must have it installed ({3}); declare it as a dependency of the package or container image",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The library is part of Linux distributions, not of the C library, and not among the native files selected for the RID: the call works where the distribution package is installed and throws DllNotFoundException where it is not (minimal container images, servers without a desktop). Reported for the Linux RIDs, unless [SupportedOSPlatform] keeps the import off Linux.");

    public static readonly DiagnosticDescriptor OsSpecificLibrary = Create(
        DiagnosticIds.OsSpecificLibrary,
        "OS-specific native library in a project that ships to other operating systems",
        "'{0}' imports '{1}', a {2} system library that does not exist on {3}, and {4}; guard the calls with an OperatingSystem check or mark the import [SupportedOSPlatform] so CA1416 checks its callers",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The library is part of some operating systems only (kernel32: Windows; libSystem: macOS; libc: Linux and macOS). On the other RIDs this project ships to, a call that no OS guard restricts throws DllNotFoundException. Reported once per import, when a call site can run there (the others are the diagnostic's additional locations) or the import is visible outside the assembly.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor NonPortableLibraryName = Create(
        DiagnosticIds.NonPortableLibraryName,
        "Native library name that defeats the runtime's probing",
        "Native library name '{0}' {1}; {2}",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The runtime turns a bare library name into libname.so, libname.dylib or name.dll per OS. A file name with an extension, a versioned soname or an absolute path pins one OS, one libc or one machine layout.");

    public static readonly DiagnosticDescriptor NativeLibraryCrossing = Create(
        DiagnosticIds.NativeLibraryCrossing,
        NativeLibraryCrossingTitle,
        NativeLibraryCrossingMessage,
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
        NativeLibraryCrossingTitle,
        NativeLibraryCrossingMessage,
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "CrossGuardAllowNative is false, so every native crossing is a warning: NativeLibrary, DllImport resolvers, delegates over function pointers and unmanaged function pointer calls load or call native code.");

    public static readonly DiagnosticDescriptor PInvokeHasBclEquivalent = Create(
        DiagnosticIds.PInvokeHasBclEquivalent,
        "P/Invoke that the BCL replaces",
        "'{0}' calls native '{1}'; use {2} (since {3}), which works on every RID without a native crossing",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "The base class library has a managed, cross-platform API for this native function. Using it removes an OS-specific native dependency.");

    public static readonly DiagnosticDescriptor UnguardedHardwareIntrinsic = Create(
        DiagnosticIds.UnguardedHardwareIntrinsic,
        "Hardware intrinsic used without an IsSupported guard",
        "'{0}' needs {1}, which {2}; guard it with 'if ({1}.IsSupported)' and keep a fallback",
        RuleCategories.Portability,
        DiagnosticSeverity.Warning,
        "Hardware intrinsics throw PlatformNotSupportedException on CPUs without the instruction set. The RIDs a project ships to can include other architectures, and CPUs of one architecture differ in the extensions they have. A guard in the method, or in every caller of a method that nothing outside the compilation calls, counts.",
        WellKnownDiagnosticTags.CompilationEnd);

    private const string NativeLibraryCrossingTitle = "Native code crossing outside [DllImport]";
    private const string NativeLibraryCrossingMessage = "{0} crosses into native code{1}; every RID this project ships to needs the native side";

    /// <summary>Help link for a rule ID.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

#pragma warning disable RS0030 // The one place allowed to call the descriptor constructor.
    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description, params string[] customTags) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id), customTags: customTags);
#pragma warning restore RS0030
}
