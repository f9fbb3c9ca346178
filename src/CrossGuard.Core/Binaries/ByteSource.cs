using System;
using System.IO;
using System.Text;

namespace CrossGuard.Core.Binaries;

/// <summary>Thrown inside the inspector when a read would leave the file or exceed a limit; caught by the inspector.</summary>
internal sealed class MalformedBinaryException : Exception
{
    public MalformedBinaryException(string message)
        : base(message)
    {
    }

    public MalformedBinaryException()
    {
    }

    public MalformedBinaryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Bounded random access over a seekable stream: every read is range-checked against the stream length, capped in size,
/// charged against <see cref="InspectorLimits.MaxTotalBytesRead"/>, and counted in <see cref="BytesRead"/>.
/// </summary>
internal sealed class ByteSource
{
    private readonly Stream _stream;
    private readonly long _budget;

    public ByteSource(Stream stream, long budget = InspectorLimits.MaxTotalBytesRead)
    {
        _stream = stream;
        _budget = budget;
        Length = stream.Length;
    }

    public long Length { get; }

    public long BytesRead { get; private set; }

    /// <summary>True when <paramref name="offset"/>..+<paramref name="count"/> lies inside the file.</summary>
    public bool Contains(long offset, long count) => offset >= 0 && count >= 0 && offset <= Length && count <= Length - offset;

    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/> or throws <see cref="MalformedBinaryException"/>.</summary>
    public byte[] Read(long offset, long count, string what)
    {
        if (count < 0 || count > InspectorLimits.MaxSingleRead)
        {
            throw new MalformedBinaryException($"{what}: size {count} exceeds the read limit");
        }

        if (!Contains(offset, count))
        {
            throw new MalformedBinaryException($"{what}: range 0x{offset:x}+0x{count:x} lies outside the file (0x{Length:x} bytes)");
        }

        byte[] buffer = new byte[count];
        int got = ReadAvailable(offset, buffer, 0, (int)count);
        if (got != count)
        {
            throw new MalformedBinaryException($"{what}: short read at 0x{offset:x}");
        }

        return buffer;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>, fewer at end of file.</summary>
    public byte[] ReadUpTo(long offset, int count)
    {
        if (offset < 0 || offset >= Length || count <= 0)
        {
            return Array.Empty<byte>();
        }

        int n = (int)Math.Min(count, Length - offset);
        byte[] buffer = new byte[n];
        int got = ReadAvailable(offset, buffer, 0, n);
        if (got != n)
        {
            Array.Resize(ref buffer, got);
        }

        return buffer;
    }

    /// <summary>Reads a NUL-terminated string at <paramref name="offset"/>, bounded by <paramref name="limit"/> (absolute end offset).</summary>
    public string ReadCString(long offset, long limit, string what)
    {
        limit = Math.Min(limit, Length);
        if (offset < 0 || offset >= limit)
        {
            throw new MalformedBinaryException($"{what}: string offset 0x{offset:x} outside its table");
        }

        var bytes = new MemoryStream();
        long position = offset;
        while (position < limit)
        {
            int chunk = (int)Math.Min(Math.Min(128, limit - position), InspectorLimits.MaxStringLength + 1 - bytes.Length);
            if (chunk <= 0)
            {
                throw new MalformedBinaryException($"{what}: string at 0x{offset:x} longer than {InspectorLimits.MaxStringLength} bytes");
            }

            byte[] part = Read(position, chunk, what);
            int nul = Array.IndexOf(part, (byte)0);
            if (nul >= 0)
            {
                bytes.Write(part, 0, nul);
                return Decode(bytes);
            }

            bytes.Write(part, 0, part.Length);
            position += chunk;
        }

        throw new MalformedBinaryException($"{what}: unterminated string at 0x{offset:x}");
    }

    /// <summary>Decodes a NUL-terminated string from an already-read table (no further IO).</summary>
    public static string CString(byte[] table, long offset, string what)
    {
        if (offset < 0 || offset >= table.Length)
        {
            throw new MalformedBinaryException($"{what}: string offset 0x{offset:x} outside its table");
        }

        int start = (int)offset;
        int end = Array.IndexOf(table, (byte)0, start, Math.Min(table.Length - start, InspectorLimits.MaxStringLength + 1));
        if (end < 0)
        {
            throw new MalformedBinaryException($"{what}: unterminated or over-long string at 0x{offset:x}");
        }

        return Encoding.UTF8.GetString(table, start, end - start);
    }

    private static string Decode(MemoryStream bytes) => Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);

    private int ReadAvailable(long offset, byte[] buffer, int start, int count)
    {
        if (BytesRead + count > _budget)
        {
            throw new MalformedBinaryException($"read budget of {_budget} bytes exhausted");
        }

        _stream.Position = offset;
        int total = 0;
        while (total < count)
        {
            int n = _stream.Read(buffer, start + total, count - total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        BytesRead += total;
        return total;
    }
}

/// <summary>Endian-aware integer decoding from a byte array; out-of-range offsets throw <see cref="MalformedBinaryException"/>.</summary>
internal readonly struct EndianReader
{
    public EndianReader(bool bigEndian) => BigEndian = bigEndian;

    public bool BigEndian { get; }

    public ushort U16(byte[] b, long offset)
    {
        Check(b, offset, 2);
        int o = (int)offset;
        return BigEndian ? (ushort)((b[o] << 8) | b[o + 1]) : (ushort)(b[o] | (b[o + 1] << 8));
    }

    public uint U32(byte[] b, long offset)
    {
        Check(b, offset, 4);
        int o = (int)offset;
        return BigEndian
            ? ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3]
            : b[o] | ((uint)b[o + 1] << 8) | ((uint)b[o + 2] << 16) | ((uint)b[o + 3] << 24);
    }

    public ulong U64(byte[] b, long offset)
    {
        ulong lo = U32(b, BigEndian ? offset + 4 : offset);
        ulong hi = U32(b, BigEndian ? offset : offset + 4);
        return (hi << 32) | lo;
    }

    /// <summary>A 32- or 64-bit word, per the file's class.</summary>
    public ulong Word(byte[] b, long offset, bool is64) => is64 ? U64(b, offset) : U32(b, offset);

    private static void Check(byte[] b, long offset, int size)
    {
        if (offset < 0 || offset > b.Length - size)
        {
            throw new MalformedBinaryException($"field at 0x{offset:x} lies outside its {b.Length}-byte table");
        }
    }
}
