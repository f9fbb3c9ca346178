using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;

namespace CrossGuard.Tasks.Aot;

/// <summary>OS and architecture of an object file, static archive or linked binary, as far as its headers tell.</summary>
internal readonly record struct NativeArchitecture(RidOs Os, string? Architecture, string Kind)
{
    public bool IsKnown => Architecture is not null;

    public override string ToString() => Architecture is null ? Kind : $"{Os switch { RidOs.Linux => "ELF", RidOs.MacOS => "Mach-O", RidOs.Windows => "COFF/PE", _ => "?" }} {Architecture} {Kind}";

    /// <summary>
    /// Reads a file's target. Uses CrossGuard.Core's inspector first; falls back to reading the ELF / Mach-O / COFF
    /// machine field itself (also of the first object member of a static archive), which is all the preflight needs.
    /// </summary>
    public static NativeArchitecture Read(string path)
    {
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        string? inspected = info.Architectures.FirstOrDefault() ?? info.ArchiveMemberArchitectures.FirstOrDefault();
        if (inspected is not null)
        {
            RidOs os = info.Os != RidOs.Unknown ? info.Os : info.Format switch
            {
                BinaryFormat.Elf => RidOs.Linux,
                BinaryFormat.Pe or BinaryFormat.ImportLibrary => RidOs.Windows,
                BinaryFormat.MachO or BinaryFormat.MachOUniversal => RidOs.MacOS,
                _ => ReadHeaders(path).Os,
            };
            string kind = info.Format == BinaryFormat.StaticArchive ? "static archive"
                : path.EndsWith(".o", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".obj", StringComparison.OrdinalIgnoreCase) ? "object" : "binary";
            return new NativeArchitecture(os, inspected, kind);
        }

        return ReadHeaders(path);
    }

    private static NativeArchitecture ReadHeaders(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            byte[] head = ReadAt(stream, 0, 64);
            if (head.Length >= 8 && Encoding.ASCII.GetString(head, 0, 8) == "!<arch>\n")
            {
                return ReadArchive(stream);
            }

            NativeArchitecture object1 = ReadObject(stream, 0, head);
            return object1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new NativeArchitecture(RidOs.Unknown, null, "unreadable file (" + ex.Message + ")");
        }
    }

    private static NativeArchitecture ReadArchive(Stream stream)
    {
        long offset = 8;
        for (int member = 0; member < 64 && offset + 60 <= stream.Length; member++)
        {
            byte[] header = ReadAt(stream, offset, 60);
            if (header.Length < 60)
            {
                break;
            }

            string name = Encoding.ASCII.GetString(header, 0, 16).Trim();
            if (!long.TryParse(Encoding.ASCII.GetString(header, 48, 10).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                break;
            }

            long data = offset + 60;
            // Skip the symbol tables ("/", "/SYM64/", "__.SYMDEF") and the GNU long-name table ("//").
            if (name is not ("/" or "//" or "/SYM64/") && !name.StartsWith("__.SYMDEF", StringComparison.Ordinal))
            {
                byte[] head = ReadAt(stream, data, 64);
                NativeArchitecture result = ReadObject(stream, data, head);
                if (result.IsKnown)
                {
                    return result with { Kind = "static archive" };
                }
            }

            offset = data + size + (size & 1);
        }

        return new NativeArchitecture(RidOs.Unknown, null, "static archive with no recognisable object member");
    }

    private static NativeArchitecture ReadObject(Stream stream, long start, byte[] head)
    {
        if (head.Length >= 20 && head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F')
        {
            bool little = head[5] != 2;
            int machine = little ? head[18] | (head[19] << 8) : (head[18] << 8) | head[19];
            int type = little ? head[16] | (head[17] << 8) : (head[16] << 8) | head[17];
            return new NativeArchitecture(RidOs.Linux, machine switch
            {
                0x3E => "x64",
                0xB7 => "arm64",
                0x28 => "arm",
                0x03 => "x86",
                0xF3 => "riscv64",
                0x102 => "loongarch64",
                0x16 => "s390x",
                0x15 => "ppc64le",
                _ => "machine-0x" + machine.ToString("x", CultureInfo.InvariantCulture),
            }, type == 1 ? "object" : "binary");
        }

        if (head.Length >= 8 && head[0] == 0xCF && head[1] == 0xFA && head[2] == 0xED && head[3] == 0xFE)
        {
            int cpu = head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24);
            return new NativeArchitecture(RidOs.MacOS, cpu switch { 0x01000007 => "x64", 0x0100000C => "arm64", _ => "cpu-0x" + cpu.ToString("x", CultureInfo.InvariantCulture) }, "binary");
        }

        if (head.Length >= 8 && head[0] == 0xCA && head[1] == 0xFE && head[2] == 0xBA && head[3] == 0xBE)
        {
            // Universal binary: the first slice's CPU.
            int cpu = (head[8] << 24) | (head[9] << 16) | (head[10] << 8) | head[11];
            return new NativeArchitecture(RidOs.MacOS, cpu switch { 0x01000007 => "x64", 0x0100000C => "arm64", _ => "universal" }, "universal binary");
        }

        if (head.Length >= 64 && head[0] == (byte)'M' && head[1] == (byte)'Z')
        {
            int peOffset = BitConverter.ToInt32(head, 0x3C);
            byte[] pe = ReadAt(stream, start + peOffset, 6);
            if (pe.Length == 6 && pe[0] == (byte)'P' && pe[1] == (byte)'E')
            {
                return new NativeArchitecture(RidOs.Windows, Coff(pe[4] | (pe[5] << 8)), "binary");
            }
        }

        if (head.Length >= 2 && Coff(head[0] | (head[1] << 8)) is { } coff)
        {
            return new NativeArchitecture(RidOs.Windows, coff, "object");
        }

        return new NativeArchitecture(RidOs.Unknown, null, "file of unknown format");
    }

    private static string? Coff(int machine) => machine switch
    {
        0x8664 => "x64",
        0xAA64 => "arm64",
        0x014C => "x86",
        0x01C4 => "arm",
        _ => null,
    };

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        if (offset < 0 || offset >= stream.Length)
        {
            return Array.Empty<byte>();
        }

        stream.Position = offset;
        byte[] buffer = new byte[(int)Math.Min(count, stream.Length - offset)];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == buffer.Length ? buffer : buffer.Take(read).ToArray();
    }
}
