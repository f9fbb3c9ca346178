using System.Collections.Concurrent;
using System.Diagnostics;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>
/// Mutation fuzzing over real binaries, from memory: byte flips, truncations and field overwrites aimed at the bytes
/// the inspector actually reads for the unmutated file (so the mutations land on headers, not on code). Fixed seed;
/// asserts that nothing escapes Inspect, that no reader bug surfaces as an "internal error", that no case hangs, and
/// that BytesRead stays within <see cref="InspectorLimits.MaxTotalBytesRead"/>.
/// </summary>
public sealed class InspectorFuzzTests
{
    public const int Cases = 100_000;
    private const int Seed = 20_261_126;
    // A case takes microseconds; the bounds only have to catch loops and hangs, and must not flake on a loaded CI
    // machine (this suite has run with a load average of 23 on 2 cores: slowest case 0.7 s, total 24 s).
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TotalLimit = TimeSpan.FromMinutes(5);

    private sealed class Corpus
    {
        public required string Name;
        public required byte[] Bytes;
        public required (long Offset, int Count)[] Hot;
        public required long BaselineBytesRead;
    }

    [Fact]
    public async Task Mutated_real_binaries_never_throw_hang_or_read_unboundedly()
    {
        List<Corpus> corpus = LoadCorpus();
        Assert.True(corpus.Count >= 8, $"only {corpus.Count} seed files");
        int workers = Math.Max(2, Environment.ProcessorCount);
        long[] started = new long[workers];
        var failures = new ConcurrentQueue<string>();
        long maxBytesRead = 0;
        long maxTicks = 0;
        int done = 0;
        var total = Stopwatch.StartNew();
        Task[] tasks = Enumerable.Range(0, workers).Select(w => Task.Factory.StartNew(
            () =>
            {
                for (int i = w; i < Cases && failures.Count < 20; i += workers)
                {
                    // One RNG per case: a failure is reproducible from its case number alone.
                    var rnd = new Random(Seed + i);
                    Corpus c = corpus[rnd.Next(corpus.Count)];
                    (MutatedStream stream, string mutation) = Mutate(c, rnd);
                    Volatile.Write(ref started[w], Stopwatch.GetTimestamp());
                    long t0 = Stopwatch.GetTimestamp();
                    NativeBinaryInfo info;
                    try
                    {
                        info = NativeBinaryInspector.Inspect(stream, c.Name);
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue($"case {i} ({c.Name}; {mutation}): {ex}");
                        continue;
                    }
                    finally
                    {
                        Volatile.Write(ref started[w], 0);
                    }

                    long ticks = Stopwatch.GetTimestamp() - t0;
                    InterlockedMax(ref maxTicks, ticks);
                    InterlockedMax(ref maxBytesRead, info.BytesRead);
                    if (info.Error?.Contains("internal error", StringComparison.Ordinal) == true)
                    {
                        failures.Enqueue($"case {i} ({c.Name}; {mutation}): {info.Error}");
                    }

                    if (info.BytesRead > InspectorLimits.MaxTotalBytesRead || info.BytesRead < 0)
                    {
                        failures.Enqueue($"case {i} ({c.Name}; {mutation}): read {info.BytesRead} bytes");
                    }

                    if (Stopwatch.GetElapsedTime(t0, t0 + ticks) > PerCaseLimit)
                    {
                        failures.Enqueue($"case {i} ({c.Name}; {mutation}): took {Stopwatch.GetElapsedTime(t0, t0 + ticks)}");
                    }

                    Interlocked.Increment(ref done);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        // Watchdog: a hung case cannot be interrupted, but it fails the test instead of stalling the run.
        Task all = Task.WhenAll(tasks);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(100, TestContext.Current.CancellationToken));
            long now = Stopwatch.GetTimestamp();
            for (int w = 0; w < workers; w++)
            {
                long s = Volatile.Read(ref started[w]);
                if (s != 0 && Stopwatch.GetElapsedTime(s, now) > PerCaseLimit * 4)
                {
                    Assert.Fail($"worker {w} is stuck on one case for more than {PerCaseLimit * 4} (after {done} cases)");
                }
            }

            Assert.True(total.Elapsed < TotalLimit, $"fuzzing took longer than {TotalLimit}");
        }

        await all;
        string summary = $"fuzz: {done} cases over {corpus.Count} seeds in {total.Elapsed.TotalSeconds:F1} s on {workers} workers; " +
            $"slowest case {Stopwatch.GetElapsedTime(0, maxTicks).TotalMilliseconds:F1} ms; most bytes read {maxBytesRead}";
        TestContext.Current.SendDiagnosticMessage(summary);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "crossguard-fuzz-summary.txt"), summary);
        Assert.Empty(failures);
        Assert.Equal(Cases, done);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static List<Corpus> LoadCorpus()
    {
        var seeds = new List<(string Path, RealBinaries.Kind Kind)>();
        foreach (IGrouping<RealBinaries.Kind, (string Path, RealBinaries.Kind Kind)> group in RealBinaries.All.GroupBy(f => f.Kind))
        {
            seeds.AddRange(group.Where(f => f.Kind == RealBinaries.Kind.MachOFat || new FileInfo(f.Path).Length < 3_000_000)
                .GroupBy(f => Path.GetFileName(f.Path)).Select(g => g.First()).Take(6));
        }

        // Small synthesized files cover what the packages lack (fat64, Android, musl interpreter, BSD archives).
        var corpus = seeds.Select(s => Load(RealBinaries.Relative(s.Path), File.ReadAllBytes(s.Path))).ToList();
        foreach ((string name, byte[] bytes) in SyntheticBinaries.All())
        {
            corpus.Add(Load(name, bytes));
        }

        return corpus;
    }

    private static Corpus Load(string name, byte[] bytes)
    {
        var recording = new RecordingStream(new MemoryStream(bytes, writable: false));
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(recording, name);
        Assert.True(info.Error is null, $"{name}: {info.Error}");
        return new Corpus { Name = name, Bytes = bytes, Hot = recording.Reads.ToArray(), BaselineBytesRead = info.BytesRead };
    }

    private static (MutatedStream, string) Mutate(Corpus c, Random rnd)
    {
        var patches = new List<(long, byte[])>();
        long length = c.Bytes.Length;
        var described = new List<string>();
        int operations = rnd.Next(4) == 0 ? rnd.Next(2, 6) : 1;
        for (int k = 0; k < operations; k++)
        {
            long at = HotOffset(c, rnd);
            switch (rnd.Next(3))
            {
                case 0:
                    int flips = rnd.Next(1, 5);
                    for (int j = 0; j < flips; j++)
                    {
                        long p = Math.Min(c.Bytes.Length - 1, HotOffset(c, rnd));
                        patches.Add((p, new[] { (byte)(c.Bytes[p] ^ (byte)rnd.Next(1, 256)) }));
                    }

                    described.Add($"flip x{flips}");
                    break;
                case 1:
                    length = rnd.Next(3) == 0 ? rnd.NextInt64(0, c.Bytes.Length + 1) : at;
                    described.Add($"truncate {length}");
                    break;
                default:
                    int width = new[] { 1, 2, 4, 8 }[rnd.Next(4)];
                    at &= ~(long)(width - 1);
                    byte[] value = FieldValue(c, rnd, width);
                    patches.Add((at, value));
                    described.Add($"overwrite @0x{at:x} w{width} {Convert.ToHexString(value)}");
                    break;
            }
        }

        return (new MutatedStream(c.Bytes, length, patches), string.Join(", ", described));
    }

    private static long HotOffset(Corpus c, Random rnd)
    {
        if (c.Hot.Length == 0 || rnd.Next(10) == 0)
        {
            return rnd.NextInt64(0, c.Bytes.Length);
        }

        (long offset, int count) = c.Hot[rnd.Next(c.Hot.Length)];
        return offset + rnd.Next(count);
    }

    private static byte[] FieldValue(Corpus c, Random rnd, int width)
    {
        ulong v = rnd.Next(9) switch
        {
            0 => 0,
            1 => ulong.MaxValue,
            2 => (ulong)long.MaxValue,
            3 => 0x80000000UL,
            4 => 0x7FFFFFFFUL,
            5 => (ulong)rnd.Next(1, 17),
            6 => (ulong)c.Bytes.Length + (ulong)rnd.Next(-64, 64),
            7 => (ulong)HotOffset(c, rnd),
            _ => (ulong)rnd.NextInt64(),
        };
        byte[] bytes = BitConverter.GetBytes(v);
        if (rnd.Next(2) == 0)
        {
            Array.Reverse(bytes); // Big-endian files (s390x, fat headers) see the value in their byte order too.
            return bytes.AsSpan(8 - width).ToArray();
        }

        return bytes.AsSpan(0, width).ToArray();
    }
}
