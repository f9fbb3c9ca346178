using System.Buffers.Binary;
using System.Text;

namespace CrossGuard.Core.Tests.Infrastructure;

/// <summary>
/// Small, hand-assembled binaries for what the real packages lack (a musl PT_INTERP, an Android note, fat64, BSD and GNU
/// long-name archives) and as a base for hostile variants. Layouts follow the ELF gABI, mach-o/loader.h and ar(5).
/// </summary>
public static class SyntheticBinaries
{
    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        yield return ("synthetic/musl-exe", Elf(interp: "/lib/ld-musl-x86_64.so.1", needed: ["libc.so"], execStack: true));
        yield return ("synthetic/android.so", Elf(needed: ["liblog.so", "libc.so"], soname: "libandroid-thing.so", androidNote: true));
        yield return ("synthetic/glibc.so", Elf(needed: ["libc.so.6"], soname: "libg.so", glibc: ["GLIBC_2.17", "GLIBC_2.34", "GLIBC_PRIVATE"]));
        yield return ("synthetic/static-exe", Elf(dynamic: false));
        yield return ("synthetic/fat64.dylib", Fat64(MachO(0x0100000C, platform: 1, minos: 0x000C0300, dylibs: ["/usr/lib/libSystem.B.dylib"]), MachO(0x01000007, platform: 1, minos: 0x000A0F06, dylibs: ["/usr/lib/libc++.1.dylib"])));
        yield return ("synthetic/bsd.a", BsdArchive());
        yield return ("synthetic/gnu.a", GnuArchive());
        yield return ("synthetic/delay64.dll", Pe(pe32Plus: true, ["KERNEL32.dll", "VCRUNTIME140.dll"], ["VCRUNTIME140_1.dll", "dbghelp.dll"]));
        yield return ("synthetic/delay32-va.dll", Pe(pe32Plus: false, ["KERNEL32.dll"], ["VCRUNTIME140_1.dll"], vaDelay: true));
    }

    /// <summary>A little-endian ELF64 x86-64 shared object (or executable with an interpreter) described only by program headers.</summary>
    public static byte[] Elf(string? interp = null, string[]? needed = null, string? soname = null, bool androidNote = false,
        string[]? glibc = null, bool execStack = false, bool dynamic = true, ushort machine = 62, byte osAbi = 0)
    {
        needed ??= [];
        glibc ??= [];
        var strings = new MemoryStream();
        strings.WriteByte(0);
        int Str(string s)
        {
            int at = (int)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(s + "\0"));
            return at;
        }

        int[] neededOffsets = needed.Select(Str).ToArray();
        int sonameOffset = soname is null ? 0 : Str(soname);
        int libcOffset = Str("libc.so.6");
        int[] versionOffsets = glibc.Select(Str).ToArray();

        const int phnum = 5;
        var body = new MemoryStream();
        long bodyStart = 64 + (phnum * 56);
        long Place(byte[] data)
        {
            while (body.Length % 8 != 0)
            {
                body.WriteByte(0);
            }

            long at = bodyStart + body.Length;
            body.Write(data);
            return at;
        }

        long interpAt = interp is null ? 0 : Place(Encoding.ASCII.GetBytes(interp + "\0"));
        byte[] note = new byte[12 + 8 + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(note, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), 1);
        Encoding.ASCII.GetBytes("Android\0").CopyTo(note, 12);
        long noteAt = androidNote ? Place(note) : 0;
        long strtabAt = Place(strings.ToArray());
        long verneedAt = 0;
        if (glibc.Length > 0)
        {
            byte[] v = new byte[16 + (16 * glibc.Length)];
            BinaryPrimitives.WriteUInt16LittleEndian(v, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(v.AsSpan(2), (ushort)glibc.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(4), (uint)libcOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(8), 16);
            for (int i = 0; i < glibc.Length; i++)
            {
                int o = 16 + (16 * i);
                BinaryPrimitives.WriteUInt16LittleEndian(v.AsSpan(o + 6), (ushort)(i + 2));
                BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(o + 8), (uint)versionOffsets[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(o + 12), i == glibc.Length - 1 ? 0u : 16u);
            }

            verneedAt = Place(v);
        }

        var dyn = new List<(long Tag, long Value)>();
        dyn.AddRange(neededOffsets.Select(o => (1L, (long)o)));
        if (soname is not null)
        {
            dyn.Add((14, sonameOffset));
        }

        dyn.Add((5, strtabAt));
        dyn.Add((10, strings.Length));
        if (verneedAt != 0)
        {
            dyn.Add((0x6FFFFFFE, verneedAt));
            dyn.Add((0x6FFFFFFF, 1));
        }

        dyn.Add((0, 0));
        byte[] dynBytes = new byte[dyn.Count * 16];
        for (int i = 0; i < dyn.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(dynBytes.AsSpan(i * 16), dyn[i].Tag);
            BinaryPrimitives.WriteInt64LittleEndian(dynBytes.AsSpan((i * 16) + 8), dyn[i].Value);
        }

        long dynAt = dynamic ? Place(dynBytes) : 0;
        long fileLength = bodyStart + body.Length;

        byte[] file = new byte[fileLength];
        Span<byte> h = file;
        "\x7f"u8.CopyTo(h);
        "ELF"u8.CopyTo(h[1..]);
        h[4] = 2;
        h[5] = 1;
        h[6] = 1;
        h[7] = osAbi;
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], (ushort)(interp is null ? 3 : 2));
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], phnum);
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], 64);
        var phdrs = new (uint Type, uint Flags, long Offset, long Size)[]
        {
            (1, 5, 0, fileLength),
            (interp is null ? 0u : 3u, 4, interpAt, interp is null ? 0 : interp.Length + 1),
            (dynamic ? 2u : 0u, 6, dynAt, dynamic ? dynBytes.Length : 0),
            (androidNote ? 4u : 0u, 4, noteAt, androidNote ? note.Length : 0),
            (0x6474E551, execStack ? 7u : 6u, 0, 0),
        };
        for (int i = 0; i < phdrs.Length; i++)
        {
            Span<byte> p = h.Slice(64 + (i * 56));
            BinaryPrimitives.WriteUInt32LittleEndian(p, phdrs[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(p[4..], phdrs[i].Flags);
            BinaryPrimitives.WriteInt64LittleEndian(p[8..], phdrs[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(p[16..], phdrs[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(p[24..], phdrs[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(p[32..], phdrs[i].Size);
            BinaryPrimitives.WriteInt64LittleEndian(p[40..], phdrs[i].Size);
        }

        body.ToArray().CopyTo(file, bodyStart);
        return file;
    }

    /// <summary>A thin little-endian 64-bit Mach-O dylib with LC_ID_DYLIB, LC_BUILD_VERSION and LC_LOAD_DYLIBs.</summary>
    public static byte[] MachO(uint cpuType, uint platform, uint minos, string[] dylibs, string installName = "@rpath/libsynthetic.dylib")
    {
        var commands = new MemoryStream();
        int count = 0;
        void Dylib(uint cmd, string name)
        {
            int size = (24 + name.Length + 1 + 7) & ~7;
            byte[] c = new byte[size];
            BinaryPrimitives.WriteUInt32LittleEndian(c, cmd);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(8), 24);
            Encoding.ASCII.GetBytes(name).CopyTo(c, 24);
            commands.Write(c);
            count++;
        }

        Dylib(0xD, installName);
        byte[] build = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(build, 0x32);
        BinaryPrimitives.WriteUInt32LittleEndian(build.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(build.AsSpan(8), platform);
        BinaryPrimitives.WriteUInt32LittleEndian(build.AsSpan(12), minos);
        commands.Write(build);
        count++;
        foreach (string d in dylibs)
        {
            Dylib(0xC, d);
        }

        byte[] file = new byte[32 + commands.Length + 64];
        BinaryPrimitives.WriteUInt32LittleEndian(file, 0xFEEDFACF);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), cpuType);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), (uint)commands.Length);
        commands.ToArray().CopyTo(file, 32);
        return file;
    }

    /// <summary>A fat64 (0xCAFEBABF) universal file holding <paramref name="slices"/>, each 256-byte aligned.</summary>
    public static byte[] Fat64(params byte[][] slices)
    {
        var file = new MemoryStream();
        byte[] header = new byte[8 + (32 * slices.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0xCAFEBABF);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)slices.Length);
        long offset = 256;
        for (int i = 0; i < slices.Length; i++)
        {
            Span<byte> e = header.AsSpan(8 + (32 * i));
            BinaryPrimitives.WriteUInt32BigEndian(e, BinaryPrimitives.ReadUInt32LittleEndian(slices[i].AsSpan(4)));
            BinaryPrimitives.WriteUInt64BigEndian(e[8..], (ulong)offset);
            BinaryPrimitives.WriteUInt64BigEndian(e[16..], (ulong)slices[i].Length);
            BinaryPrimitives.WriteUInt32BigEndian(e[24..], 8);
            offset += (slices[i].Length + 255) & ~255;
        }

        file.Write(header);
        foreach (byte[] s in slices)
        {
            file.SetLength((file.Length + 255) & ~255);
            file.Position = file.Length;
            file.Write(s);
        }

        return file.ToArray();
    }

    /// <summary>
    /// A minimal PE DLL (PE32+ x64, or PE32 x86) with one .rdata section holding an import directory and a delay-import
    /// directory. <paramref name="vaDelay"/> writes pre-VC7 delay descriptors (Attributes 0, names as VAs).
    /// </summary>
    public static byte[] Pe(bool pe32Plus, string[] imports, string[] delayImports, bool vaDelay = false)
    {
        const uint SectionRva = 0x1000;
        const int SectionRaw = 0x200;
        ulong imageBase = pe32Plus ? 0x180000000UL : 0x10000000UL;
        byte[] section = new byte[0x400];
        int importAt = 0;
        int delayAt = importAt + ((imports.Length + 1) * 20);
        int nullThunk = delayAt + ((delayImports.Length + 1) * 32);
        int names = nullThunk + 16;
        int Name(string n)
        {
            int at = names;
            Encoding.ASCII.GetBytes(n + "\0").CopyTo(section, at);
            names += n.Length + 2;
            return at;
        }

        for (int i = 0; i < imports.Length; i++)
        {
            Span<byte> d = section.AsSpan(importAt + (i * 20));
            BinaryPrimitives.WriteUInt32LittleEndian(d, SectionRva + (uint)nullThunk);
            BinaryPrimitives.WriteUInt32LittleEndian(d[12..], SectionRva + (uint)Name(imports[i]));
            BinaryPrimitives.WriteUInt32LittleEndian(d[16..], SectionRva + (uint)nullThunk);
        }

        for (int i = 0; i < delayImports.Length; i++)
        {
            Span<byte> d = section.AsSpan(delayAt + (i * 32));
            ulong bias = vaDelay ? imageBase : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(d, vaDelay ? 0u : 1u);
            BinaryPrimitives.WriteUInt32LittleEndian(d[4..], (uint)(bias + SectionRva + (uint)Name(delayImports[i])));
            BinaryPrimitives.WriteUInt32LittleEndian(d[8..], (uint)(bias + SectionRva + (uint)nullThunk + 8));
            BinaryPrimitives.WriteUInt32LittleEndian(d[12..], (uint)(bias + SectionRva + (uint)nullThunk));
            BinaryPrimitives.WriteUInt32LittleEndian(d[16..], (uint)(bias + SectionRva + (uint)nullThunk));
        }

        int optionalSize = pe32Plus ? 240 : 224;
        byte[] file = new byte[SectionRaw + section.Length];
        Span<byte> f = file;
        f[0] = (byte)'M';
        f[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(f[0x3C..], 0x40);
        "PE\0\0"u8.CopyTo(f[0x40..]);
        Span<byte> coff = f[0x44..];
        BinaryPrimitives.WriteUInt16LittleEndian(coff, (ushort)(pe32Plus ? 0x8664 : 0x014C));
        BinaryPrimitives.WriteUInt16LittleEndian(coff[2..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[16..], (ushort)optionalSize);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[18..], (ushort)(pe32Plus ? 0x2022 : 0x2102));
        Span<byte> opt = f[0x58..];
        BinaryPrimitives.WriteUInt16LittleEndian(opt, (ushort)(pe32Plus ? 0x20B : 0x10B));
        if (pe32Plus)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(opt[24..], imageBase);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(opt[28..], (uint)imageBase);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(opt[32..], 0x1000);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[36..], 0x200);
        BinaryPrimitives.WriteUInt16LittleEndian(opt[40..], 6);
        BinaryPrimitives.WriteUInt16LittleEndian(opt[48..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[56..], SectionRva + (uint)section.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[60..], SectionRaw);
        BinaryPrimitives.WriteUInt16LittleEndian(opt[68..], 2);
        int dirs = pe32Plus ? 112 : 96;
        BinaryPrimitives.WriteUInt32LittleEndian(opt[(dirs - 4)..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[(dirs + 8)..], SectionRva + (uint)importAt);
        BinaryPrimitives.WriteUInt32LittleEndian(opt[(dirs + 12)..], (uint)((imports.Length + 1) * 20));
        if (delayImports.Length > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(opt[(dirs + (13 * 8))..], SectionRva + (uint)delayAt);
            BinaryPrimitives.WriteUInt32LittleEndian(opt[(dirs + (13 * 8) + 4)..], (uint)((delayImports.Length + 1) * 32));
        }

        Span<byte> sh = f[(0x58 + optionalSize)..];
        ".rdata"u8.CopyTo(sh);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[8..], (uint)section.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[12..], SectionRva);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[16..], (uint)section.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[20..], SectionRaw);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[36..], 0x40000040);
        section.CopyTo(file, SectionRaw);
        return file;
    }

    public static byte[] ArMember(string name, byte[] content)
    {
        string header = $"{name,-16}{"0",-12}{"0",-6}{"0",-6}{"644",-8}{content.Length,-10}`\n";
        var m = new MemoryStream();
        m.Write(Encoding.ASCII.GetBytes(header));
        m.Write(content);
        if (content.Length % 2 == 1)
        {
            m.WriteByte((byte)'\n');
        }

        return m.ToArray();
    }

    /// <summary>BSD-style archive: "#1/len" names stored before the data, and a __.SYMDEF SORTED table.</summary>
    public static byte[] BsdArchive()
    {
        static byte[] Named(string name, byte[] content)
        {
            byte[] n = Encoding.ASCII.GetBytes(name.PadRight((name.Length + 4) & ~3, '\0'));
            return ArMember($"#1/{n.Length}", [.. n, .. content]);
        }

        var a = new MemoryStream();
        a.Write("!<arch>\n"u8);
        a.Write(Named("__.SYMDEF SORTED", new byte[8]));
        a.Write(Named("a_rather_long_object_name.o", MachO(0x0100000C, 1, 0x000B0000, []).AsSpan(0, 64).ToArray()));
        a.Write(Named("b.o", MachO(0x01000007, 1, 0x000B0000, []).AsSpan(0, 64).ToArray()));
        return a.ToArray();
    }

    /// <summary>GNU-style archive: "/" symbol table, "//" long-name table, "/0" names, ELF members.</summary>
    public static byte[] GnuArchive()
    {
        var a = new MemoryStream();
        a.Write("!<arch>\n"u8);
        a.Write(ArMember("/", new byte[4]));
        a.Write(ArMember("//", Encoding.ASCII.GetBytes("a_rather_long_object_name.o/\n")));
        a.Write(ArMember("/0", Elf(dynamic: false).AsSpan(0, 64).ToArray()));
        a.Write(ArMember("short.o/", Elf(dynamic: false, machine: 183).AsSpan(0, 64).ToArray()));
        return a.ToArray();
    }
}
