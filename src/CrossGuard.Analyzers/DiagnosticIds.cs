namespace CrossGuard.Analyzers;

/// <summary>
/// Stable analyzer IDs as constants (release tracking and attributes need constants); each is the id of an entry of
/// the catalogue (Core/Diagnostics/DiagnosticCatalogue.cs), which DescriptorConventionsTests checks. Ranges (see docs/rules/README.md): XG0001-XG0999 analyzers, XG1001-XG1999 dependency
/// checks, XG2001-XG2999 publish-output audit, XG3001-XG3999 Native AOT preflight, XG9001-XG9999 input errors.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>A P/Invoke library that no dependency provides for a shipped RID.</summary>
    public const string DllImportLibraryMissingForRid = "XG0001";

    /// <summary>An OS-only system library (kernel32, libSystem, libc.so.6) in a project that ships to other OSes.</summary>
    public const string OsSpecificLibrary = "XG0002";

    /// <summary>A library name that defeats the runtime's probing (file name with extension, absolute path).</summary>
    public const string NonPortableLibraryName = "XG0003";

    /// <summary>NativeLibrary.Load / SetDllImportResolver / function pointers: a native crossing.</summary>
    public const string NativeLibraryCrossing = "XG0004";

    /// <summary>A P/Invoke that has a BCL equivalent.</summary>
    public const string PInvokeHasBclEquivalent = "XG0005";

    /// <summary>Hardware intrinsics used without an IsSupported guard.</summary>
    public const string UnguardedHardwareIntrinsic = "XG0006";
}
