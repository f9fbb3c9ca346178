using System;
using System.Collections.Generic;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>What kind of file an inspected path is.</summary>
public enum BinaryFormat
{
    Unknown,
    Elf,
    Pe,
    MachO,
    MachOUniversal,
    StaticArchive,
    ImportLibrary,
    ManagedAssembly,
    Placeholder,

    /// <summary>A COFF object file (<c>.obj</c>: a COFF header with no optional header), what MSVC/clang-cl compile to.</summary>
    CoffObject,
}

/// <summary>One architecture slice of a Mach-O universal (fat) binary, or the only slice of a thin one.</summary>
public sealed class MachOSlice
{
    public string Architecture { get; set; } = "unknown";

    /// <summary>Minimum OS version from LC_BUILD_VERSION or LC_VERSION_MIN_*, e.g. "11.0".</summary>
    public string? MinOsVersion { get; set; }

    /// <summary>Platform named by LC_BUILD_VERSION (macos, ios, maccatalyst, ...).</summary>
    public string? Platform { get; set; }

    public List<string> LinkedDylibs { get; } = new();

    /// <summary>The slice's own install name (LC_ID_DYLIB), or null.</summary>
    public string? InstallName { get; set; }
}

/// <summary>A glibc symbol version requirement and the symbols that need it.</summary>
public sealed class GlibcRequirement
{
    public GlibcRequirement(Version version, IReadOnlyList<string> symbols)
    {
        Version = version;
        Symbols = symbols;
    }

    public Version Version { get; }

    public IReadOnlyList<string> Symbols { get; }
}

/// <summary>
/// The facts CrossGuard needs about one native (or managed, or placeholder) file. Produced by
/// <see cref="NativeBinaryInspector"/>; never throws: problems land in <see cref="Error"/>.
/// </summary>
public sealed class NativeBinaryInfo
{
    public NativeBinaryInfo(string path) => Path = path;

    public string Path { get; }

    public BinaryFormat Format { get; set; }

    /// <summary>.NET architecture names (x64, x86, arm64, arm, riscv64, loongarch64, s390x, ppc64le, mips64, wasm).</summary>
    public List<string> Architectures { get; } = new();

    /// <summary>32 or 64; 0 when not known.</summary>
    public int Bitness { get; set; }

    /// <summary>"little", "big" or null.</summary>
    public string? Endianness { get; set; }

    /// <summary>The OS the binary is built for, as far as its format tells.</summary>
    public RidOs Os { get; set; }

    public Libc Libc { get; set; } = Libc.Unknown;

    /// <summary>How the libc flavour was decided (PT_INTERP=..., DT_NEEDED=..., .note.android.ident).</summary>
    public string? LibcEvidence { get; set; }

    /// <summary>Highest GLIBC_x.y version the binary requires, or null.</summary>
    public Version? GlibcFloor { get; set; }

    /// <summary>Symbols that require <see cref="GlibcFloor"/>.</summary>
    public List<string> GlibcFloorSymbols { get; } = new();

    /// <summary>ELF DT_NEEDED, PE imported DLLs, or the union of Mach-O linked dylibs.</summary>
    public List<string> Needed { get; } = new();

    public string? Soname { get; set; }

    public bool? ExecutableStack { get; set; }

    /// <summary>Highest minimum macOS version over all slices, or null.</summary>
    public string? MacOsMin { get; set; }

    public List<MachOSlice> Slices { get; } = new();

    /// <summary>PE machine name (e.g. IMAGE_FILE_MACHINE_AMD64), PE only.</summary>
    public string? PeMachine { get; set; }

    /// <summary>True when a PE file has a CLI header (IL-only assemblies are <see cref="BinaryFormat.ManagedAssembly"/>; mixed-mode C++/CLI stays <see cref="BinaryFormat.Pe"/>).</summary>
    public bool IsManaged { get; set; }

    /// <summary>PE delay-load imports (also listed in <see cref="Needed"/>).</summary>
    public List<string> DelayLoadNeeded { get; } = new();

    /// <summary>ELF PT_INTERP (the dynamic loader path), or null.</summary>
    public string? Interpreter { get; set; }

    /// <summary>ELF e_ident[EI_OSABI] (0 System V, 3 Linux, 9 FreeBSD, ...), or null for other formats.</summary>
    public byte? ElfOsAbi { get; set; }

    /// <summary>ELF e_type (1 relocatable, 2 executable, 3 shared object or PIE), or null for other formats.</summary>
    public ushort? ElfType { get; set; }

    /// <summary>Number of members of a static archive or import library, not counting its symbol and long-name tables (what <c>ar t</c> lists).</summary>
    public int ArchiveMemberCount { get; set; }

    /// <summary>Architectures of static archive members (distinct).</summary>
    public List<string> ArchiveMemberArchitectures { get; } = new();

    /// <summary>Why the file could not be fully read (truncated, malformed, unreadable); null when fine.</summary>
    public string? Error { get; set; }

    /// <summary>True when the file could not be opened at all (missing, permissions, IO error); see <see cref="Error"/>.</summary>
    public bool IsUnreadable { get; set; }

    /// <summary>True when the file is a Git LFS pointer (a small text file standing in for the real content).</summary>
    public bool IsGitLfsPointer { get; set; }

    /// <summary>How many bytes of the file the inspector actually read.</summary>
    public long BytesRead { get; set; }

    /// <summary>Size of the file in bytes.</summary>
    public long FileSize { get; set; }

    /// <summary>True for formats that hold native machine code (ELF, PE native, Mach-O, archives).</summary>
    public bool IsNative => Format is BinaryFormat.Elf or BinaryFormat.Pe or BinaryFormat.MachO
        or BinaryFormat.MachOUniversal or BinaryFormat.StaticArchive or BinaryFormat.ImportLibrary;

    /// <summary>The stable lower-case name of <see cref="Format"/> used in JSON and tables (elf, pe, macho, macho-universal, ...).</summary>
    public string FormatName => Format switch
    {
        BinaryFormat.Elf => "elf",
        BinaryFormat.Pe => "pe",
        BinaryFormat.MachO => "macho",
        BinaryFormat.MachOUniversal => "macho-universal",
        BinaryFormat.StaticArchive => "static-archive",
        BinaryFormat.ImportLibrary => "import-library",
        BinaryFormat.ManagedAssembly => "managed-assembly",
        BinaryFormat.Placeholder => "placeholder",
        BinaryFormat.CoffObject => "coff-object",
        _ => "unknown",
    };
}
