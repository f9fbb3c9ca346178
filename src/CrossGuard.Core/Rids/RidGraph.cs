using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CrossGuard.Core.Rids;

/// <summary>
/// The RID graph the SDK itself uses (its PortableRuntimeIdentifierGraph.json), with NuGet's fallback order:
/// the RID, then its imports breadth-first, each RID once (RuntimeGraph.ExpandRuntime; checked by the tests).
/// </summary>
public sealed class RidGraph
{
    private static readonly Lazy<RidGraph> s_bundled = new(LoadBundled);
    private readonly Dictionary<string, RuntimeJsonEntry> _runtimes;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _chains = new(StringComparer.OrdinalIgnoreCase);

    private RidGraph(Dictionary<string, RuntimeJsonEntry> runtimes, string source)
    {
        _runtimes = runtimes;
        Source = source;
    }

    /// <summary>Where the graph came from: a file path or "bundled".</summary>
    public string Source { get; }

    /// <summary>The copy of the SDK's portable graph shipped inside CrossGuard (used when no SDK path is known).</summary>
    public static RidGraph Bundled => s_bundled.Value;

    /// <summary>Every RID the graph knows.</summary>
    public IEnumerable<string> KnownRids => _runtimes.Keys;

    /// <summary>Loads the graph from an SDK file; falls back to the bundled copy when the path is empty.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a runtime graph.</exception>
    public static RidGraph Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Bundled;
        }

        byte[] bytes = File.ReadAllBytes(path!);
        try
        {
            return new RidGraph(RuntimeJsonFile.Parse(bytes), path!);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not a readable runtime graph: {ex.Message}", ex);
        }
    }

    private static RidGraph LoadBundled()
    {
        using Stream stream = typeof(RidGraph).Assembly.GetManifestResourceStream("CrossGuard.PortableRuntimeIdentifierGraph.json")
            ?? throw new InvalidOperationException("The bundled RID graph resource is missing from CrossGuard.Core.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new RidGraph(RuntimeJsonFile.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), "bundled");
    }

    /// <summary>True when the graph knows the RID.</summary>
    public bool IsKnown(string rid) => _runtimes.ContainsKey(rid);

    /// <summary>
    /// The fallback chain of a RID, most specific first (linux-musl-x64, linux-musl, linux-x64, linux, unix-x64, unix, any, base).
    /// </summary>
    public IReadOnlyList<string> Chain(string rid) => _chains.GetOrAdd(rid, Expand);

    /// <summary>True when <paramref name="candidate"/> is <paramref name="rid"/> or one of its fallbacks.</summary>
    public bool IsCompatible(string rid, string candidate) =>
        Chain(rid).Contains(candidate, StringComparer.OrdinalIgnoreCase);

    private string[] Expand(string rid)
    {
        var chain = new List<string> { rid };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { rid };
        for (int i = 0; i < chain.Count; i++)
        {
            if (_runtimes.TryGetValue(chain[i], out RuntimeJsonEntry? entry))
            {
                foreach (string parent in entry.Imports)
                {
                    if (seen.Add(parent))
                    {
                        chain.Add(parent);
                    }
                }
            }
        }

        return chain.ToArray();
    }
}
