using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossGuard.Analyzers.Internals;

/// <summary>A native function with a BCL replacement that works on every RID without crossing into native code.</summary>
internal sealed class BclEquivalent
{
    public BclEquivalent(
        string key,
        string[] entryPoints,
        string[] libraries,
        string replacement,
        string since,
        Version? minimumNetCore,
        string? requiredType,
        string? requiredMember,
        string? fixExpression = null,
        string? fixExpressionType = null)
    {
        Key = key;
        EntryPoints = entryPoints;
        Libraries = libraries;
        Replacement = replacement;
        Since = since;
        MinimumNetCore = minimumNetCore;
        RequiredType = requiredType;
        RequiredMember = requiredMember;
        FixExpression = fixExpression;
        FixExpressionType = fixExpressionType;
    }

    /// <summary>Stable key carried in the diagnostic's properties for the code fix.</summary>
    public string Key { get; }

    /// <summary>Exported function names (case-sensitive, as the loader looks them up).</summary>
    public string[] EntryPoints { get; }

    /// <summary>Normalized library names (<see cref="KnownSystemLibraries.Normalize"/>) that export the function.</summary>
    public string[] Libraries { get; }

    /// <summary>What to use instead, as shown in the message.</summary>
    public string Replacement { get; }

    /// <summary>The first framework that has the replacement, as shown in the message.</summary>
    public string Since { get; }

    /// <summary>
    /// First .NET Core / .NET version with the replacement; null when every framework (including .NET Framework and
    /// .NET Standard 2.0) has it. Projects whose TargetFramework is older get no diagnostic.
    /// </summary>
    public Version? MinimumNetCore { get; }

    /// <summary>Metadata name of the type that must exist in the compilation's references for the diagnostic to fire; null for none.</summary>
    public string? RequiredType { get; }

    /// <summary>Member of <see cref="RequiredType"/> that must exist.</summary>
    public string? RequiredMember { get; }

    /// <summary>
    /// Expression (fully qualified, simplified by the fixer) that replaces a call with no arguments; null when the
    /// signature does not map one to one and the diagnostic only informs.
    /// </summary>
    public string? FixExpression { get; }

    /// <summary>Metadata name of <see cref="FixExpression"/>'s type; the fixer casts when the P/Invoke returns another type.</summary>
    public string? FixExpressionType { get; }
}

/// <summary>
/// P/Invokes into the C runtime, kernel32 and friends that the BCL replaces with the same meaning. Versions were checked
/// against the API reference's "Applies to" (see docs/rules/XG0005.md); an entry we could not verify is left out rather
/// than guessed. Left out because the BCL member means something else: GetCurrentThreadId/gettid (the OS thread id;
/// Environment.CurrentManagedThreadId is a managed id), isatty (any descriptor, "is a terminal"; Console.Is*Redirected
/// covers three and asks "is redirected"), sysconf/get_nprocs/GetSystemInfo (sysconf takes any name and GetSystemInfo
/// returns a struct; Environment.ProcessorCount honours affinity and container CPU limits), getenv (see above).
/// </summary>
internal static class BclEquivalents
{
    private static readonly string[] s_libc = { "libc", "c", "libsystem", "msvcrt", "ucrtbase", "libc.musl" };
    private static readonly string[] s_kernel32 = { "kernel32", "kernelbase", "api-ms-win-core-sysinfo-l1-2-0", "api-ms-win-core-processthreads-l1-1-0" };
    private static readonly string[] s_zlib = { "libz", "z", "zlib", "zlib1" };
    private static readonly Version s_netCore21 = new(2, 1);
    private static readonly Version s_netCore30 = new(3, 0);
    private static readonly Version s_net50 = new(5, 0);
    private static readonly Version s_net60 = new(6, 0);
    private static readonly Version s_net70 = new(7, 0);

    public static IReadOnlyList<BclEquivalent> All { get; } = new[]
    {
        new BclEquivalent("ProcessId", new[] { "getpid", "GetCurrentProcessId" }, s_libc.Concat(s_kernel32).ToArray(),
            "Environment.ProcessId", ".NET 5", s_net50, "System.Environment", "ProcessId", "global::System.Environment.ProcessId", "System.Int32"),
        new BclEquivalent("TickCount64", new[] { "GetTickCount64" }, s_kernel32,
            "Environment.TickCount64", ".NET Core 3.0", s_netCore30, "System.Environment", "TickCount64", "global::System.Environment.TickCount64", "System.Int64"),
        new BclEquivalent("Timestamp", new[] { "QueryPerformanceCounter", "QueryPerformanceFrequency" }, s_kernel32,
            "Stopwatch.GetTimestamp() / Stopwatch.Frequency", "every framework", null, "System.Diagnostics.Stopwatch", "GetTimestamp"),
        // Environment.MachineName is GetComputerNameW's NetBIOS name on Windows, but on Unix it is gethostname() cut at the
        // first '.', so gethostname maps to Dns.GetHostName(), which returns gethostname() whole.
        new BclEquivalent("MachineName", new[] { "GetComputerNameW", "GetComputerNameA", "GetComputerName" }, s_kernel32,
            "Environment.MachineName", "every framework", null, "System.Environment", "MachineName"),
        new BclEquivalent("HostName", new[] { "gethostname" }, s_libc,
            "Dns.GetHostName()", "every framework", null, "System.Net.Dns", "GetHostName"),
        // getenv is left out: on Unix, Environment.GetEnvironmentVariable reads .NET's own copy of the environment, which
        // does not see setenv() by native code (and vice versa), so the two can disagree. On Windows both read the process block.
        new BclEquivalent("GetEnvironmentVariable", new[] { "GetEnvironmentVariableW", "GetEnvironmentVariableA", "GetEnvironmentVariable" }, s_kernel32,
            "Environment.GetEnvironmentVariable", "every framework", null, "System.Environment", "GetEnvironmentVariable"),
        new BclEquivalent("MemoryCopy", new[] { "memcpy", "memmove", "RtlMoveMemory", "RtlCopyMemory", "CopyMemory" }, s_libc.Concat(s_kernel32).Concat(new[] { "ntdll" }).ToArray(),
            "Buffer.MemoryCopy or Span<T>.CopyTo", "every framework", null, "System.Buffer", "MemoryCopy"),
        new BclEquivalent("MemorySet", new[] { "memset", "RtlZeroMemory", "RtlFillMemory", "ZeroMemory" }, s_libc.Concat(s_kernel32).Concat(new[] { "ntdll" }).ToArray(),
            "Span<T>.Clear() / Span<T>.Fill()", ".NET Core 2.1", s_netCore21, "System.Span`1", "Clear"),
        new BclEquivalent("Zlib", new[] { "compress", "compress2", "uncompress", "deflate", "inflate" }, s_zlib,
            "ZLibStream / DeflateStream (System.IO.Compression)", ".NET 6", s_net60, "System.IO.Compression.ZLibStream", ".ctor"),
        new BclEquivalent("Crc32", new[] { "crc32" }, s_zlib,
            "System.IO.Hashing.Crc32 (System.IO.Hashing package)", "the System.IO.Hashing package", null, null, null),
        new BclEquivalent("UnixFileMode", new[] { "chmod", "fchmod" }, s_libc,
            "File.SetUnixFileMode", ".NET 7", s_net70, "System.IO.File", "SetUnixFileMode"),
        new BclEquivalent("SymbolicLink", new[] { "symlink", "CreateSymbolicLinkW", "CreateSymbolicLinkA", "CreateSymbolicLink" }, s_libc.Concat(s_kernel32).ToArray(),
            "File.CreateSymbolicLink / Directory.CreateSymbolicLink", ".NET 6", s_net60, "System.IO.File", "CreateSymbolicLink"),
        new BclEquivalent("Random", new[] { "SystemFunction036", "RtlGenRandom", "BCryptGenRandom", "getrandom", "arc4random_buf" }, s_libc.Concat(new[] { "advapi32", "bcrypt" }).ToArray(),
            "RandomNumberGenerator.Fill", ".NET Core 2.1", s_netCore21, "System.Security.Cryptography.RandomNumberGenerator", "Fill"),
        new BclEquivalent("Yield", new[] { "sched_yield", "SwitchToThread" }, s_libc.Concat(s_kernel32).ToArray(),
            "Thread.Yield()", "every framework", null, "System.Threading.Thread", "Yield"),
        new BclEquivalent("MemoryCompare", new[] { "memcmp" }, s_libc,
            "MemoryExtensions.SequenceEqual / SequenceCompareTo", ".NET Core 2.1", s_netCore21, "System.MemoryExtensions", "SequenceEqual"),
    };

    private static readonly Dictionary<string, BclEquivalent[]> s_byEntryPoint = All
        .SelectMany(e => e.EntryPoints.Select(entry => (entry, e)))
        .GroupBy(p => p.entry, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.e).ToArray(), StringComparer.Ordinal);

    private static readonly Dictionary<string, BclEquivalent> s_byKey = All.ToDictionary(e => e.Key, StringComparer.Ordinal);

    /// <summary>Finds the entry for an exported function of a library ("getpid" in "libc.so.6").</summary>
    public static BclEquivalent? Find(string entryPoint, string libraryName)
    {
        if (!s_byEntryPoint.TryGetValue(entryPoint, out BclEquivalent[]? candidates))
        {
            return null;
        }

        string library = KnownSystemLibraries.Normalize(libraryName);
        return candidates.FirstOrDefault(e => e.Libraries.Contains(library, StringComparer.Ordinal));
    }

    public static BclEquivalent? FindByKey(string key) => s_byKey.TryGetValue(key, out BclEquivalent? entry) ? entry : null;
}
