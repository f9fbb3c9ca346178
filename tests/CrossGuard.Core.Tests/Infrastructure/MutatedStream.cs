namespace CrossGuard.Core.Tests.Infrastructure;

/// <summary>
/// A read-only view of a shared base file with a few byte patches and an optional truncation, so a fuzz case costs a
/// handful of bytes instead of a copy of a multi-megabyte binary.
/// </summary>
public sealed class MutatedStream : Stream
{
    private readonly byte[] _base;
    private readonly List<(long Offset, byte[] Bytes)> _patches;
    private readonly long _length;

    public MutatedStream(byte[] baseBytes, long length, List<(long Offset, byte[] Bytes)> patches)
    {
        _base = baseBytes;
        _length = Math.Min(length, baseBytes.Length);
        _patches = patches;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= _length || count <= 0)
        {
            return 0;
        }

        int n = (int)Math.Min(count, _length - Position);
        Buffer.BlockCopy(_base, (int)Position, buffer, offset, n);
        foreach ((long at, byte[] bytes) in _patches)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                long p = at + i;
                if (p >= Position && p < Position + n)
                {
                    buffer[offset + (p - Position)] = bytes[i];
                }
            }
        }

        Position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => _length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Records which byte ranges a reader touched, so mutations can aim at the bytes the inspector actually reads.</summary>
public sealed class RecordingStream : Stream
{
    private readonly Stream _inner;

    public RecordingStream(Stream inner) => _inner = inner;

    public List<(long Offset, int Count)> Reads { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        long at = _inner.Position;
        int n = _inner.Read(buffer, offset, count);
        if (n > 0)
        {
            Reads.Add((at, n));
        }

        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
