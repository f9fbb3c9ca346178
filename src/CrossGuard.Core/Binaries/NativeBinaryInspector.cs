using System;
using System.IO;
using System.Text;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// Reads the headers of native files (ELF, PE, Mach-O and universal binaries, static archives, Windows import libraries)
/// and NuGet <c>_._</c> placeholders. Never throws: problems land in <see cref="NativeBinaryInfo.Error"/> beside whatever
/// could be read. Reads are bounded by <see cref="InspectorLimits"/>; only headers and the few tables needed are read.
/// </summary>
public static class NativeBinaryInspector
{
    private const int MaxErrors = 8;

    /// <summary>The start of the first line of every Git LFS pointer file (the LFS pointer specification).</summary>
    private const string GitLfsSpecPrefix = "version https://git-lfs.github.com/spec/";

    /// <summary>Inspects a file on disk.</summary>
    public static NativeBinaryInfo Inspect(string path)
    {
        var info = new NativeBinaryInfo(path ?? string.Empty);
        try
        {
            if (IsPlaceholderName(path!))
            {
                info.Format = BinaryFormat.Placeholder;
                var file = new FileInfo(path!);
                if (!file.Exists)
                {
                    info.IsUnreadable = true;
                    AddError(info, $"'{path}' does not exist");
                    return info;
                }

                info.FileSize = file.Length;
                return info;
            }

            // Never open what is not a non-empty regular file: opening a FIFO blocks until a writer appears, and device
            // files report length 0. An empty regular file needs no read either.
            var fileInfo = new FileInfo(path!);
            if (!fileInfo.Exists)
            {
                info.IsUnreadable = !Directory.Exists(path);
                AddError(info, Directory.Exists(path) ? $"'{path}' is a directory" : $"'{path}' does not exist");
                return info;
            }

            if (fileInfo.Length == 0)
            {
                AddError(info, "empty file");
                return info;
            }

            // No FileStream buffering: BytesRead then equals the bytes the OS was asked for.
            FileStream stream;
            try
            {
                stream = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
            {
                info.IsUnreadable = true;
                AddError(info, ex.Message);
                return info;
            }

            using (stream)
            {
                InspectCore(stream, info);
            }
        }
#pragma warning disable CA1031 // The contract is "never throws": IO, argument and security errors all become Error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AddError(info, ex.Message);
        }

        return info;
    }

    /// <summary>
    /// Inspects a seekable, readable stream (for example a file held in memory); <paramref name="displayPath"/> is reported
    /// as <see cref="NativeBinaryInfo.Path"/> and its file name decides whether the stream is a <c>_._</c> placeholder.
    /// The stream is not disposed.
    /// </summary>
    public static NativeBinaryInfo Inspect(Stream stream, string displayPath)
    {
        var info = new NativeBinaryInfo(displayPath ?? string.Empty);
        try
        {
            if (stream is null || !stream.CanRead || !stream.CanSeek)
            {
                AddError(info, "the stream must be readable and seekable");
                return info;
            }

            if (IsPlaceholderName(info.Path))
            {
                info.Format = BinaryFormat.Placeholder;
                info.FileSize = stream.Length;
                return info;
            }

            InspectCore(stream, info);
        }
#pragma warning disable CA1031 // See Inspect(string).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AddError(info, ex.Message);
        }

        return info;
    }

    internal static void AddError(NativeBinaryInfo info, string message)
    {
        if (info.Error is null)
        {
            info.Error = message;
        }
        else if (info.Error.Split("; ").Length < MaxErrors)
        {
            info.Error += "; " + message;
        }
    }

    private static bool IsPlaceholderName(string path) =>
        !string.IsNullOrEmpty(path) && System.IO.Path.GetFileName(path) == "_._";

    private static void InspectCore(Stream stream, NativeBinaryInfo info)
    {
        var src = new ByteSource(stream);
        info.FileSize = src.Length;
        try
        {
            Dispatch(src, info);
        }
        catch (MalformedBinaryException ex)
        {
            AddError(info, ex.Message);
        }
#pragma warning disable CA1031 // A reader bug must not break a build: report it as an error on this file.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AddError(info, $"internal error ({ex.GetType().Name}): {ex.Message}");
        }
        finally
        {
            info.BytesRead = src.BytesRead;
        }
    }

    private static void Dispatch(ByteSource src, NativeBinaryInfo info)
    {
        if (src.Length == 0)
        {
            info.Format = BinaryFormat.Unknown;
            AddError(info, "empty file");
            return;
        }

        byte[] head = src.ReadUpTo(0, 8);
        if (head.Length >= 4 && head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F')
        {
            info.Format = BinaryFormat.Elf;
            ElfReader.Read(src, info);
            return;
        }

        if (head.Length >= 8)
        {
            string text = Encoding.ASCII.GetString(head, 0, 8);
            if (text is ArchiveReader.Magic or ArchiveReader.ThinMagic)
            {
                ArchiveReader.Read(src, info);
                return;
            }
        }

        if (head.Length >= 4)
        {
            uint magic = new EndianReader(true).U32(head, 0);
            if (MachOReader.IsThinMagic(magic))
            {
                MachOReader.ReadThin(src, info);
                return;
            }

            if (MachOReader.IsFat(head))
            {
                MachOReader.ReadFat(src, info);
                return;
            }

            if (head[0] == 0 && head[1] == (byte)'a' && head[2] == (byte)'s' && head[3] == (byte)'m')
            {
                info.Format = BinaryFormat.Unknown;
                info.Architectures.Add("wasm");
                return;
            }
        }

        if (PeReader.LooksLikePe(src, head))
        {
            PeReader.Read(src, info);
            return;
        }

        if (IsCoffObject(src, info))
        {
            return;
        }

        info.Format = BinaryFormat.Unknown;
        if (head.Length == 8 && Encoding.ASCII.GetString(head) == "version " && IsGitLfsPointer(src.ReadUpTo(0, GitLfsSpecPrefix.Length + 16)))
        {
            info.IsGitLfsPointer = true;
            AddError(info, "a Git LFS pointer file (the real binary was never fetched with 'git lfs pull' before packing)");
        }
    }

    /// <summary>
    /// A COFF object (IMAGE_FILE_HEADER at offset 0): a known machine, at least one section, no optional header and a
    /// section table and symbol table inside the file. Those four checks keep text or junk that happens to start with
    /// 0x8664 from counting as an object.
    /// </summary>
    private static bool IsCoffObject(ByteSource src, NativeBinaryInfo info)
    {
        if (src.Length < 20 + 40)
        {
            return false;
        }

        byte[] header = src.ReadUpTo(0, 20);

        var le = new EndianReader(false);
        ushort machine = le.U16(header, 0);
        ushort sections = le.U16(header, 2);
        uint symbolTable = le.U32(header, 8);
        ushort optionalHeader = le.U16(header, 16);
        if (!ArchitectureNames.IsKnownCoffMachine(machine) || sections == 0 || optionalHeader != 0
            || 20 + (sections * 40L) > src.Length || symbolTable > src.Length)
        {
            return false;
        }

        info.Format = BinaryFormat.CoffObject;
        info.Os = RidOs.Windows;
        info.Architectures.Add(ArchitectureNames.FromCoffMachine(machine, out string name));
        info.PeMachine = name;
        return true;
    }

    private static bool IsGitLfsPointer(byte[] start) =>
        start.Length >= GitLfsSpecPrefix.Length && Encoding.ASCII.GetString(start, 0, GitLfsSpecPrefix.Length) == GitLfsSpecPrefix;
}
