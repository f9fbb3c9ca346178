using System;
using System.Collections.Generic;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// Header-only Mach-O and universal (fat) reader. Hand-written for the same reason as <see cref="ElfReader"/>: only the
/// header and load commands are read, every count and size is capped, and malformed input becomes an error string
/// instead of an exception or an unbounded allocation.
/// </summary>
internal static class MachOReader
{
    public const uint Magic32 = 0xFEEDFACE;
    public const uint Magic64 = 0xFEEDFACF;
    public const uint FatMagic = 0xCAFEBABE;
    public const uint FatMagic64 = 0xCAFEBABF;
    private const uint LcLoadDylib = 0xC;
    private const uint LcIdDylib = 0xD;
    private const uint LcLoadWeakDylib = 0x80000018;
    private const uint LcReexportDylib = 0x8000001F;
    private const uint LcLazyLoadDylib = 0x20;
    private const uint LcLoadUpwardDylib = 0x80000023;
    private const uint LcVersionMinMacOsx = 0x24;
    private const uint LcVersionMinIphoneOs = 0x25;
    private const uint LcVersionMinTvOs = 0x2F;
    private const uint LcVersionMinWatchOs = 0x30;
    private const uint LcBuildVersion = 0x32;

    /// <summary>True for the four thin Mach-O magics (either byte order), read as a big-endian u32.</summary>
    public static bool IsThinMagic(uint bigEndianMagic) =>
        bigEndianMagic is Magic32 or Magic64 or 0xCEFAEDFE or 0xCFFAEDFE;

    /// <summary>
    /// 0xCAFEBABE is shared with Java class files, whose next u32 (minor/major version) is at least 45; a fat header's
    /// arch count is small. <see cref="InspectorLimits.MaxFatArches"/> separates the two.
    /// </summary>
    public static bool IsFat(byte[] head) =>
        head.Length >= 8 && new EndianReader(true).U32(head, 0) is FatMagic or FatMagic64 &&
        new EndianReader(true).U32(head, 4) is > 0 and <= InspectorLimits.MaxFatArches;

    /// <summary>Architecture of a thin Mach-O header (for archive members); null when not one.</summary>
    public static string? ArchitectureOf(byte[] header)
    {
        if (header.Length < 12 || !IsThinMagic(new EndianReader(true).U32(header, 0)))
        {
            return null;
        }

        var e = new EndianReader(header[0] is 0xFE);
        return ArchitectureNames.FromMachOCpu(e.U32(header, 4), e.U32(header, 8));
    }

    public static void ReadThin(ByteSource src, NativeBinaryInfo info)
    {
        info.Format = BinaryFormat.MachO;
        info.Os = RidOs.MacOS;
        var slice = new MachOSlice();
        info.Slices.Add(slice);
        try
        {
            ReadSlice(src, info, 0, src.Length, slice);
        }
        finally
        {
            Summarise(info);
        }
    }

    public static void ReadFat(ByteSource src, NativeBinaryInfo info)
    {
        info.Format = BinaryFormat.MachOUniversal;
        info.Os = RidOs.MacOS;
        var be = new EndianReader(true);
        byte[] head = src.Read(0, 8, "fat header");
        bool fat64 = be.U32(head, 0) == FatMagic64;
        uint count = be.U32(head, 4);
        if (count > InspectorLimits.MaxFatArches)
        {
            throw new MalformedBinaryException($"{count} fat slices exceed the limit of {InspectorLimits.MaxFatArches}");
        }

        int entrySize = fat64 ? 32 : 20;
        byte[] table = src.Read(8, count * entrySize, "fat_arch table");
        long headerEnd = 8 + (count * entrySize);
        var taken = new List<(long Start, long End)>();
        for (int i = 0; i < count; i++)
        {
            long o = (long)i * entrySize;
            uint cpu = be.U32(table, o);
            uint sub = be.U32(table, o + 4);
            ulong offset = fat64 ? be.U64(table, o + 8) : be.U32(table, o + 8);
            ulong size = fat64 ? be.U64(table, o + 16) : be.U32(table, o + 12);
            string arch = ArchitectureNames.FromMachOCpu(cpu, sub);
            if (!info.Architectures.Contains(arch))
            {
                info.Architectures.Add(arch);
            }

            var slice = new MachOSlice { Architecture = arch };
            try
            {
                if (offset < (ulong)headerEnd || !src.Contains((long)Math.Min(offset, long.MaxValue), (long)Math.Min(size, long.MaxValue)) || size < 28)
                {
                    throw new MalformedBinaryException($"fat slice {i} ({arch}) at 0x{offset:x}+0x{size:x} lies outside the file or over the fat header");
                }

                long start = (long)offset;
                long end = start + (long)size;
                foreach ((long s, long e) in taken)
                {
                    if (start < e && s < end)
                    {
                        throw new MalformedBinaryException($"fat slice {i} ({arch}) overlaps another slice");
                    }
                }

                taken.Add((start, end));
                ReadSlice(src, info, start, (long)size, slice);
                if (slice.Architecture != arch)
                {
                    NativeBinaryInspector.AddError(info, $"fat slice {i} says {arch} but its header says {slice.Architecture}");
                }
            }
            catch (MalformedBinaryException ex)
            {
                NativeBinaryInspector.AddError(info, ex.Message);
            }

            info.Slices.Add(slice);
        }

        Summarise(info);
    }

    private static void Summarise(NativeBinaryInfo info)
    {
        Version? highest = null;
        foreach (MachOSlice slice in info.Slices)
        {
            if (!info.Architectures.Contains(slice.Architecture))
            {
                info.Architectures.Add(slice.Architecture);
            }

            foreach (string dylib in slice.LinkedDylibs)
            {
                if (!info.Needed.Contains(dylib))
                {
                    info.Needed.Add(dylib);
                }
            }

            if (slice.Platform == "macos" && slice.MinOsVersion is not null && Version.TryParse(Pad(slice.MinOsVersion), out Version? v) && (highest is null || v > highest))
            {
                highest = v;
                info.MacOsMin = slice.MinOsVersion;
            }
        }

        if (info.Slices.Count > 0 && info.Bitness == 0)
        {
            info.Bitness = info.Slices.TrueForAll(s => s.Architecture is "x64" or "arm64" or "ppc64") ? 64 : 0;
        }
    }

    private static string Pad(string version) => version.IndexOf('.') < 0 ? version + ".0" : version;

    /// <summary>Fills <paramref name="slice"/> as far as the header and load commands can be read; throws on the first malformed part.</summary>
    private static void ReadSlice(ByteSource src, NativeBinaryInfo info, long start, long size, MachOSlice slice)
    {
        byte[] header = src.Read(start, Math.Min(32, size), "Mach-O header");
        if (header.Length < 28)
        {
            throw new MalformedBinaryException("truncated Mach-O header");
        }

        uint magic = new EndianReader(true).U32(header, 0);
        if (!IsThinMagic(magic))
        {
            throw new MalformedBinaryException($"bad Mach-O magic 0x{magic:x8} at 0x{start:x}");
        }

        bool bigEndian = magic is Magic32 or Magic64;
        bool is64 = magic is Magic64 or 0xCFFAEDFE;
        var e = new EndianReader(bigEndian);
        info.Endianness ??= bigEndian ? "big" : "little";
        if (info.Format == BinaryFormat.MachO)
        {
            info.Bitness = is64 ? 64 : 32;
        }

        slice.Architecture = ArchitectureNames.FromMachOCpu(e.U32(header, 4), e.U32(header, 8));
        uint ncmds = e.U32(header, 16);
        uint sizeofcmds = e.U32(header, 20);
        long commandsStart = start + (is64 ? 32 : 28);
        if (ncmds > InspectorLimits.MaxMachOLoadCommands)
        {
            throw new MalformedBinaryException($"{ncmds} load commands exceed the limit of {InspectorLimits.MaxMachOLoadCommands}");
        }

        if (sizeofcmds > InspectorLimits.MaxMachOLoadCommandBytes || commandsStart + sizeofcmds > start + size)
        {
            throw new MalformedBinaryException($"load commands (0x{sizeofcmds:x} bytes) overrun the slice");
        }

        byte[] commands = src.Read(commandsStart, sizeofcmds, "load commands");
        long o = 0;
        for (uint i = 0; i < ncmds; i++)
        {
            if (o + 8 > commands.Length)
            {
                throw new MalformedBinaryException($"load command {i} lies past sizeofcmds");
            }

            uint cmd = e.U32(commands, o);
            uint cmdsize = e.U32(commands, o + 4);
            if (cmdsize < 8 || o + cmdsize > commands.Length)
            {
                throw new MalformedBinaryException($"load command {i} has bad size {cmdsize}");
            }

            switch (cmd)
            {
                case LcLoadDylib or LcLoadWeakDylib or LcReexportDylib or LcLazyLoadDylib or LcLoadUpwardDylib:
                    string dylib = CommandString(commands, o, cmdsize, e);
                    if (slice.LinkedDylibs.Count < InspectorLimits.MaxNeededLibraries)
                    {
                        slice.LinkedDylibs.Add(dylib);
                    }

                    break;
                case LcIdDylib:
                    slice.InstallName = CommandString(commands, o, cmdsize, e);
                    info.Soname ??= slice.InstallName;
                    break;
                case LcBuildVersion when cmdsize >= 24:
                    slice.Platform = PlatformName(e.U32(commands, o + 8));
                    slice.MinOsVersion = FormatVersion(e.U32(commands, o + 12));
                    break;
                case LcVersionMinMacOsx or LcVersionMinIphoneOs or LcVersionMinTvOs or LcVersionMinWatchOs when cmdsize >= 16 && slice.Platform is null:
                    slice.Platform = cmd switch
                    {
                        LcVersionMinMacOsx => "macos",
                        LcVersionMinIphoneOs => "ios",
                        LcVersionMinTvOs => "tvos",
                        _ => "watchos",
                    };
                    slice.MinOsVersion = FormatVersion(e.U32(commands, o + 8));
                    break;
            }

            o += cmdsize;
        }
    }

    private static string CommandString(byte[] commands, long commandOffset, uint cmdsize, EndianReader e)
    {
        uint nameOffset = e.U32(commands, commandOffset + 8);
        if (nameOffset < 12 || nameOffset >= cmdsize)
        {
            throw new MalformedBinaryException($"dylib name offset {nameOffset} outside its load command");
        }

        // The string is NUL-padded inside the command; a missing NUL means the command is malformed.
        long start = commandOffset + nameOffset;
        long end = commandOffset + cmdsize;
        int nul = Array.IndexOf(commands, (byte)0, (int)start, (int)(end - start));
        if (nul < 0)
        {
            throw new MalformedBinaryException("unterminated dylib name");
        }

        return ByteSource.CString(commands, start, "dylib name");
    }

    /// <summary>xxxx.yy.zz nibbles: 0x000B0000 is "11.0", 0x000A0F06 "10.15.6".</summary>
    internal static string FormatVersion(uint v)
    {
        uint major = v >> 16;
        uint minor = (v >> 8) & 0xFF;
        uint patch = v & 0xFF;
        return patch == 0 ? $"{major}.{minor}" : $"{major}.{minor}.{patch}";
    }

    private static string PlatformName(uint platform) => platform switch
    {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        5 => "bridgeos",
        6 => "maccatalyst",
        7 => "iossimulator",
        8 => "tvossimulator",
        9 => "watchossimulator",
        10 => "driverkit",
        11 => "visionos",
        12 => "visionossimulator",
        _ => $"platform-{platform}",
    };
}
