using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// PE reader: <see cref="PEHeaders"/> (System.Reflection.Metadata) parses the DOS/COFF/optional headers, the section table
/// and the CLI header. SRM has no API for the import or delay-import tables (it is a metadata reader, and managed
/// assemblies only import mscoree.dll), so those are walked by hand over the section table's RVA mapping, with every
/// count and string bounded.
/// </summary>
internal static class PeReader
{
    /// <summary>ReadyToRun images XOR the machine with an OS value (crossgen2's TargetOS encoding).</summary>
    private static readonly (ushort Xor, RidOs Os, string Name)[] ReadyToRunOs =
    {
        (0x4644, RidOs.MacOS, "osx"),
        (0x7B79, RidOs.Linux, "linux"),
        (0xADC4, RidOs.Other, "freebsd"),
        (0x1993, RidOs.Other, "netbsd"),
        (0x1992, RidOs.Other, "sunos"),
    };

    /// <summary>True when the file starts with "MZ" and e_lfanew points at "PE\0\0".</summary>
    public static bool LooksLikePe(ByteSource src, byte[] head)
    {
        if (head.Length < 2 || head[0] != (byte)'M' || head[1] != (byte)'Z' || src.Length < 0x40)
        {
            return false;
        }

        byte[] dos = head.Length >= 0x40 ? head : src.Read(0, 0x40, "DOS header");
        uint lfanew = new EndianReader(false).U32(dos, 0x3C);
        if (!src.Contains(lfanew, 24))
        {
            return false;
        }

        byte[] sig = src.Read(lfanew, 4, "PE signature");
        return sig[0] == (byte)'P' && sig[1] == (byte)'E' && sig[2] == 0 && sig[3] == 0;
    }

    public static void Read(ByteSource src, NativeBinaryInfo info)
    {
        info.Format = BinaryFormat.Pe;
        info.Endianness = "little";
        var le = new EndianReader(false);
        uint lfanew = le.U32(src.Read(0x3C, 4, "e_lfanew"), 0);
        byte[] coff = src.Read(lfanew + 4, 20, "COFF header");
        ushort sections = le.U16(coff, 2);
        if (sections > InspectorLimits.MaxPeSections)
        {
            throw new MalformedBinaryException($"{sections} sections exceed the limit of {InspectorLimits.MaxPeSections}");
        }

        PEHeaders headers;
        using (var view = new ByteSourceStream(src))
        {
            try
            {
                headers = new PEHeaders(view, (int)Math.Min(src.Length, int.MaxValue));
            }
            catch (BadImageFormatException ex)
            {
                throw new MalformedBinaryException($"bad PE headers: {ex.Message}", ex);
            }
        }

        ushort machine = (ushort)headers.CoffHeader.Machine;
        info.Bitness = headers.PEHeader?.Magic == PEMagic.PE32Plus ? 64 : 32;
        CorHeader? cor = headers.CorHeader;
        info.IsManaged = cor is not null;
        info.Os = RidOs.Windows;
        if (cor is not null)
        {
            bool ilOnly = (cor.Flags & CorFlags.ILOnly) != 0;
            foreach ((ushort xor, RidOs os, string _) in ArchitectureNames.IsKnownCoffMachine(machine) ? Array.Empty<(ushort, RidOs, string)>() : ReadyToRunOs)
            {
                ushort candidate = (ushort)(machine ^ xor);
                if (ArchitectureNames.IsKnownCoffMachine(candidate))
                {
                    machine = candidate;
                    info.Os = os;
                    break;
                }
            }

            // ReadyToRun images clear ILONLY but carry a managed native header (or the IL_LIBRARY flag): still managed
            // assemblies. Mixed-mode C++/CLI images have neither, and stay Format=Pe with IsManaged=true.
            bool readyToRun = cor.ManagedNativeHeaderDirectory.Size != 0 || (cor.Flags & CorFlags.ILLibrary) != 0;
            if (ilOnly || readyToRun)
            {
                info.Format = BinaryFormat.ManagedAssembly;
                bool anyCpu = machine == 0x014C && (cor.Flags & (CorFlags.Requires32Bit | CorFlags.Prefers32Bit)) == 0 && info.Os == RidOs.Windows;
                if (anyCpu)
                {
                    // IL-only, AnyCPU: no architecture and no OS.
                    info.Os = RidOs.Unknown;
                    info.PeMachine = "IMAGE_FILE_MACHINE_I386";
                    info.Bitness = 0;
                }
            }
        }

        string arch = ArchitectureNames.FromCoffMachine(machine, out string machineName);
        info.PeMachine ??= machineName;
        if (!(info.Format == BinaryFormat.ManagedAssembly && info.Os == RidOs.Unknown))
        {
            info.Architectures.Add(arch);
        }

        if (headers.PEHeader is null)
        {
            return;
        }

        var map = new RvaMap(headers, src.Length);
        try
        {
            ReadImports(src, map, headers.PEHeader.ImportTableDirectory, info);
        }
        catch (MalformedBinaryException ex)
        {
            NativeBinaryInspector.AddError(info, ex.Message);
        }

        try
        {
            ReadDelayImports(src, map, headers.PEHeader.DelayImportTableDirectory, headers.PEHeader.ImageBase, info);
        }
        catch (MalformedBinaryException ex)
        {
            NativeBinaryInspector.AddError(info, ex.Message);
        }
    }

    private static void ReadImports(ByteSource src, RvaMap map, DirectoryEntry directory, NativeBinaryInfo info)
    {
        if (directory.RelativeVirtualAddress == 0)
        {
            return;
        }

        long table = map.ToOffset((uint)directory.RelativeVirtualAddress, "import directory");
        var le = new EndianReader(false);
        for (int i = 0; ; i++)
        {
            if (i >= InspectorLimits.MaxPeImportDescriptors)
            {
                throw new MalformedBinaryException($"more than {InspectorLimits.MaxPeImportDescriptors} import descriptors");
            }

            byte[] d = src.Read(table + (i * 20L), 20, "import descriptor");
            uint name = le.U32(d, 12);
            if (name == 0 && le.U32(d, 16) == 0 && le.U32(d, 0) == 0)
            {
                return;
            }

            AddDll(info.Needed, ReadName(src, map, name));
        }
    }

    private static void ReadDelayImports(ByteSource src, RvaMap map, DirectoryEntry directory, ulong imageBase, NativeBinaryInfo info)
    {
        if (directory.RelativeVirtualAddress == 0)
        {
            return;
        }

        long table = map.ToOffset((uint)directory.RelativeVirtualAddress, "delay-import directory");
        var le = new EndianReader(false);
        for (int i = 0; ; i++)
        {
            if (i >= InspectorLimits.MaxPeImportDescriptors)
            {
                throw new MalformedBinaryException($"more than {InspectorLimits.MaxPeImportDescriptors} delay-import descriptors");
            }

            byte[] d = src.Read(table + (i * 32L), 32, "delay-import descriptor");
            uint attributes = le.U32(d, 0);
            ulong name = le.U32(d, 4);
            if (name == 0)
            {
                return;
            }

            // Attributes bit 0 clear: a pre-VC7 descriptor holding virtual addresses, not RVAs.
            if ((attributes & 1) == 0 && name >= imageBase)
            {
                name -= imageBase;
            }

            string dll = ReadName(src, map, (uint)Math.Min(name, uint.MaxValue));
            AddDll(info.DelayLoadNeeded, dll);
            AddDll(info.Needed, dll);
        }
    }

    private static void AddDll(List<string> list, string dll)
    {
        if (list.Count >= InspectorLimits.MaxNeededLibraries)
        {
            throw new MalformedBinaryException($"more than {InspectorLimits.MaxNeededLibraries} imported DLLs");
        }

        if (!list.Exists(d => string.Equals(d, dll, StringComparison.OrdinalIgnoreCase)))
        {
            list.Add(dll);
        }
    }

    private static string ReadName(ByteSource src, RvaMap map, uint rva)
    {
        long offset = map.ToOffset(rva, "imported DLL name");
        return src.ReadCString(offset, offset + 512, "imported DLL name");
    }

    private sealed class RvaMap
    {
        private readonly List<(uint Va, uint Span, uint Raw, uint RawSize)> _sections = new();
        private readonly uint _headersSize;
        private readonly long _fileLength;

        public RvaMap(PEHeaders headers, long fileLength)
        {
            _fileLength = fileLength;
            _headersSize = (uint)Math.Max(0, headers.PEHeader?.SizeOfHeaders ?? 0);
            foreach (SectionHeader s in headers.SectionHeaders)
            {
                uint va = (uint)s.VirtualAddress;
                uint raw = (uint)s.PointerToRawData;
                uint rawSize = (uint)s.SizeOfRawData;
                uint span = Math.Max((uint)s.VirtualSize, rawSize);
                _sections.Add((va, span, raw, rawSize));
            }
        }

        public long ToOffset(uint rva, string what)
        {
            foreach ((uint va, uint span, uint raw, uint rawSize) in _sections)
            {
                if (rva >= va && rva - va < span)
                {
                    if (rva - va >= rawSize)
                    {
                        throw new MalformedBinaryException($"{what}: RVA 0x{rva:x} falls in a section's uninitialised tail");
                    }

                    return Check(raw + (long)(rva - va), rva, what);
                }
            }

            if (rva < _headersSize)
            {
                return Check(rva, rva, what);
            }

            throw new MalformedBinaryException($"{what}: RVA 0x{rva:x} is not inside any section");
        }

        private long Check(long offset, uint rva, string what) => offset < _fileLength
            ? offset
            : throw new MalformedBinaryException($"{what}: RVA 0x{rva:x} maps past the end of the file");
    }

    /// <summary>A read-only stream over a <see cref="ByteSource"/>, so SRM's reads are bounded and counted too.</summary>
    private sealed class ByteSourceStream : Stream
    {
        private readonly ByteSource _src;

        public ByteSourceStream(ByteSource src) => _src = src;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _src.Length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            byte[] data = _src.ReadUpTo(Position, count);
            Buffer.BlockCopy(data, 0, buffer, offset, data.Length);
            Position += data.Length;
            return data.Length;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => Position + offset,
                _ => Length + offset,
            };
            return Position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
