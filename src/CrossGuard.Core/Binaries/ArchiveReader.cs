using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// Reads <c>!&lt;arch&gt;</c> archives: Unix static libraries (GNU and BSD member-name conventions) and Windows import
/// libraries. Only the 60-byte member headers and the first bytes of each member are read; members are visited in
/// strictly increasing offset order, so a malformed size cannot make the walk loop.
/// </summary>
internal static class ArchiveReader
{
    public const string Magic = "!<arch>\n";
    public const string ThinMagic = "!<thin>\n";
    private const int HeaderSize = 60;
    private const int MemberProbe = 64;

    public static void Read(ByteSource src, NativeBinaryInfo info)
    {
        info.Format = BinaryFormat.StaticArchive;
        byte[] magic = src.Read(0, 8, "archive magic");
        if (Encoding.ASCII.GetString(magic) == ThinMagic)
        {
            throw new MalformedBinaryException("thin archive: members live in other files");
        }

        long offset = 8;
        byte[]? longNames = null;
        bool importObjects = false;
        bool dllMembers = false;
        var needed = new List<string>();
        int members = 0;
        int objects = 0;
        RidOs firstMemberOs = RidOs.Unknown;
        var le = new EndianReader(false);
        while (offset < src.Length)
        {
            if (offset + HeaderSize > src.Length)
            {
                throw new MalformedBinaryException($"truncated archive member header at 0x{offset:x}");
            }

            if (++members > InspectorLimits.MaxArchiveMembers)
            {
                throw new MalformedBinaryException($"more than {InspectorLimits.MaxArchiveMembers} archive members");
            }

            byte[] header = src.Read(offset, HeaderSize, "archive member header");
            if (header[58] != (byte)'`' || header[59] != (byte)'\n')
            {
                throw new MalformedBinaryException($"bad archive member header at 0x{offset:x}");
            }

            string rawName = Encoding.ASCII.GetString(header, 0, 16).TrimEnd(' ');
            string sizeText = Encoding.ASCII.GetString(header, 48, 10).Trim();
            if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size < 0)
            {
                throw new MalformedBinaryException($"bad archive member size '{sizeText}' at 0x{offset:x}");
            }

            long data = offset + HeaderSize;
            if (size > src.Length - data)
            {
                throw new MalformedBinaryException($"archive member at 0x{offset:x} (0x{size:x} bytes) overruns the file");
            }

            long contentStart = data;
            long contentSize = size;
            string name = rawName;
            if (rawName.StartsWith("#1/", StringComparison.Ordinal))
            {
                // BSD: the name (length after "#1/") precedes the member data and counts in its size.
                if (!int.TryParse(rawName.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int nameLength) || nameLength > size || nameLength > InspectorLimits.MaxStringLength)
                {
                    throw new MalformedBinaryException($"bad BSD member name '{rawName}' at 0x{offset:x}");
                }

                name = Encoding.UTF8.GetString(src.Read(data, nameLength, "BSD member name")).TrimEnd('\0');
                contentStart += nameLength;
                contentSize -= nameLength;
            }
            else if (rawName == "//")
            {
                // GNU / COFF long-name table, read once (bounded) because later names index into it.
                longNames = src.Read(data, Math.Min(size, InspectorLimits.MaxSingleRead), "archive long-name table");
            }
            else if (rawName.Length > 1 && rawName[0] == '/' && char.IsDigit(rawName[1]) && longNames is not null)
            {
                if (int.TryParse(rawName.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < longNames.Length)
                {
                    int end = index;
                    while (end < longNames.Length && end - index < InspectorLimits.MaxStringLength && longNames[end] is not (0 or (byte)'\n'))
                    {
                        end++;
                    }

                    name = Encoding.UTF8.GetString(longNames, index, end - index).TrimEnd('/');
                }
            }

            bool symbolTable = name is "/" or "/SYM64/" || name.StartsWith("__.SYMDEF", StringComparison.Ordinal);
            if (!symbolTable && rawName != "//")
            {
                objects++;
            }

            if (!symbolTable && rawName != "//" && contentSize > 0)
            {
                byte[] probe = src.Read(contentStart, Math.Min(contentSize, MemberProbe), "archive member");
                if (probe.Length >= 4 && le.U16(probe, 0) == 0 && le.U16(probe, 2) == 0xFFFF)
                {
                    // Short import object (IMPORT_OBJECT_HEADER): Sig1 0, Sig2 0xFFFF, Machine at 6; then symbol\0dll\0.
                    importObjects = true;
                    if (probe.Length >= 8)
                    {
                        AddArch(info, ArchitectureNames.FromCoffMachine(le.U16(probe, 6), out _));
                    }

                    string? dll = ImportObjectDll(probe) ?? ImportObjectDll(src, contentStart, contentSize);
                    if (dll is not null && !needed.Contains(dll) && needed.Count < InspectorLimits.MaxNeededLibraries)
                    {
                        needed.Add(dll);
                    }
                }
                else if (ArchitectureOfObject(probe, out RidOs memberOs) is { } arch)
                {
                    AddArch(info, arch);
                    if (firstMemberOs == RidOs.Unknown)
                    {
                        firstMemberOs = memberOs;
                    }
                }

                if (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    // Long-format import libraries name each member after the DLL it imports from.
                    dllMembers = true;
                    if (!needed.Contains(name) && needed.Count < InspectorLimits.MaxNeededLibraries)
                    {
                        needed.Add(name);
                    }
                }
            }

            offset = data + size + (size & 1);
        }

        info.ArchiveMemberCount = objects;
        if (importObjects || dllMembers)
        {
            info.Format = BinaryFormat.ImportLibrary;
            info.Os = RidOs.Windows;
            info.Needed.AddRange(needed);
        }
        else
        {
            // The OS the first object member is built for (what a linker for another OS rejects). The coverage engine
            // never judges an archive by OS (nothing loads one at run time); the AOT preflight and `binary` do.
            info.Os = firstMemberOs;
        }

        info.Architectures.AddRange(info.ArchiveMemberArchitectures);
    }

    /// <summary>The DLL name of a short import object when it fits in the bytes already probed.</summary>
    private static string? ImportObjectDll(byte[] probe) =>
        probe.Length > 20 ? DllFromNames(probe.AsSpan(20).ToArray()) : null;

    private static string? ImportObjectDll(ByteSource src, long start, long size)
    {
        // Header is 20 bytes; SizeOfData at 12 covers the two NUL-terminated strings that follow.
        return DllFromNames(src.Read(start + 20, Math.Min(Math.Max(0, size - 20), 1024), "import object names"));
    }

    private static string? DllFromNames(byte[] strings)
    {
        int first = Array.IndexOf(strings, (byte)0);
        if (first < 0)
        {
            return null;
        }

        int second = Array.IndexOf(strings, (byte)0, first + 1);
        return second < 0 ? null : Encoding.ASCII.GetString(strings, first + 1, second - first - 1);
    }

    private static void AddArch(NativeBinaryInfo info, string arch)
    {
        if (!info.ArchiveMemberArchitectures.Contains(arch))
        {
            info.ArchiveMemberArchitectures.Add(arch);
        }
    }

    /// <summary>Architecture of an object file's first bytes: ELF, Mach-O, COFF, wasm; null otherwise (LLVM bitcode, text).</summary>
    internal static string? ArchitectureOfObject(byte[] probe) => ArchitectureOfObject(probe, out _);

    /// <summary>As <see cref="ArchitectureOfObject(byte[])"/>, with the OS the object's format is for (ELF by its OSABI byte, Mach-O macOS, COFF Windows).</summary>
    internal static string? ArchitectureOfObject(byte[] probe, out RidOs os)
    {
        os = RidOs.Unknown;
        if (probe.Length >= 4 && probe[0] == 0x7F && probe[1] == (byte)'E' && probe[2] == (byte)'L' && probe[3] == (byte)'F')
        {
            os = probe.Length > 7 && probe[7] is 0 or 3 ? RidOs.Linux : RidOs.Other;
            return ElfReader.ArchitectureOf(probe);
        }

        if (probe.Length >= 4 && probe[0] == 0 && probe[1] == (byte)'a' && probe[2] == (byte)'s' && probe[3] == (byte)'m')
        {
            return "wasm";
        }

        if (MachOReader.ArchitectureOf(probe) is { } macho)
        {
            os = RidOs.MacOS;
            return macho;
        }

        if (probe.Length >= 20)
        {
            ushort machine = new EndianReader(false).U16(probe, 0);
            if (ArchitectureNames.IsKnownCoffMachine(machine))
            {
                os = RidOs.Windows;
                return ArchitectureNames.FromCoffMachine(machine, out _);
            }
        }

        return null;
    }
}
