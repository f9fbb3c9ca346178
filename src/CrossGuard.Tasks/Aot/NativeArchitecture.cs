using System;
using System.Collections.Generic;
using System.Linq;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;

namespace CrossGuard.Tasks.Aot;

/// <summary>
/// What the AOT preflight needs to know of an object file, static archive or linked binary: the OS its format is for and
/// its architectures (every slice of a universal binary, every member architecture of an archive). A view over
/// <see cref="NativeBinaryInspector"/>, the one bounded header reader, so the preflight and the dependency check can
/// never read the same file differently.
/// </summary>
internal readonly record struct NativeArchitecture(RidOs Os, IReadOnlyList<string> Architectures, string Kind)
{
    public bool IsKnown => Architectures.Count > 0;

    /// <summary>True when one of the file's architectures is <paramref name="architecture"/> (a universal binary fits every slice it has).</summary>
    public bool Fits(string? architecture) =>
        architecture is not null && Architectures.Any(a => string.Equals(a, architecture, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => !IsKnown ? Kind
        : $"{Os switch { RidOs.Linux or RidOs.Other => "ELF", RidOs.MacOS => "Mach-O", RidOs.Windows => "COFF/PE", _ => "?" }} {string.Join("+", Architectures)} {Kind}";

    public static NativeArchitecture Read(string path)
    {
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        IReadOnlyList<string> architectures = info.Architectures.Count > 0 ? info.Architectures : info.ArchiveMemberArchitectures;
        string kind = info.Format switch
        {
            BinaryFormat.StaticArchive => "static archive",
            BinaryFormat.ImportLibrary => "import library",
            BinaryFormat.MachOUniversal => "universal binary",
            BinaryFormat.CoffObject => "object",
            BinaryFormat.Elf when info.ElfType == 1 => "object",
            BinaryFormat.MachO when path.EndsWith(".o", StringComparison.OrdinalIgnoreCase) => "object",
            BinaryFormat.Unknown or BinaryFormat.Placeholder => info.IsUnreadable ? $"unreadable file ({info.Error})" : "file of unknown format",
            _ => "binary",
        };
        return new NativeArchitecture(info.Os, architectures, kind);
    }
}
