namespace CrossGuard.Core.Binaries;

/// <summary>
/// Caps on everything the inspector reads. Every count and size in a native file is attacker-controlled (a package can
/// ship anything), so each loop and each read is bounded by one of these; a file that exceeds one is reported through
/// <see cref="NativeBinaryInfo.Error"/> with whatever was read up to that point.
/// </summary>
public static class InspectorLimits
{
    /// <summary>Upper bound on the bytes read from one file, over all reads. Real binaries need a few KB to a few hundred KB.</summary>
    public const long MaxTotalBytesRead = 16L * 1024 * 1024;

    /// <summary>Largest single read (one table or section).</summary>
    public const int MaxSingleRead = 8 * 1024 * 1024;

    /// <summary>Longest string (library name, symbol name, version name) read from a string table.</summary>
    public const int MaxStringLength = 4096;

    public const int MaxElfProgramHeaders = 4096;

    public const int MaxElfSections = 8192;

    public const int MaxElfDynamicEntries = 16384;

    /// <summary>Version-need files and their aux entries (.gnu.version_r), counted together.</summary>
    public const int MaxElfVersionEntries = 4096;

    public const int MaxElfDynamicSymbols = 1_000_000;

    /// <summary>Symbols reported per glibc floor (the list is for humans).</summary>
    public const int MaxFloorSymbols = 256;

    public const int MaxNeededLibraries = 1024;

    public const int MaxMachOLoadCommands = 8192;

    public const int MaxMachOLoadCommandBytes = 4 * 1024 * 1024;

    /// <summary>Mach-O fat headers hold a handful of slices; 0xCAFEBABE with a larger count is a Java class file.</summary>
    public const int MaxFatArches = 32;

    public const int MaxArchiveMembers = 100_000;

    public const int MaxPeImportDescriptors = 4096;

    public const int MaxPeSections = 96;
}
