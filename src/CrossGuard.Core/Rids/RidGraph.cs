using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.RuntimeModel;

namespace CrossGuard.Core.Rids;

/// <summary>
/// The RID graph the SDK itself uses (its PortableRuntimeIdentifierGraph.json), read with NuGet's own
/// runtime.json reader so fallback chains match what restore and ResolvePackageAssets select.
/// </summary>
public sealed class RidGraph
{
    private static readonly Lazy<RidGraph> s_bundled = new(LoadBundled);
    private readonly RuntimeGraph _graph;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _chains = new(StringComparer.OrdinalIgnoreCase);

    private RidGraph(RuntimeGraph graph, string source)
    {
        _graph = graph;
        Source = source;
    }

    /// <summary>Where the graph came from: a file path or "bundled".</summary>
    public string Source { get; }

    /// <summary>The copy of the SDK's portable graph shipped inside CrossGuard (used when no SDK path is known).</summary>
    public static RidGraph Bundled => s_bundled.Value;

    /// <summary>Every RID the graph knows.</summary>
    public IEnumerable<string> KnownRids => _graph.Runtimes.Keys;

    /// <summary>Loads the graph from an SDK file; falls back to the bundled copy when the path is empty.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a runtime graph.</exception>
    public static RidGraph Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Bundled;
        }

        try
        {
            return new RidGraph(JsonRuntimeFormat.ReadRuntimeGraph(path), path!);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"'{path}' is not a readable runtime graph: {ex.Message}", ex);
        }
    }

    private static RidGraph LoadBundled()
    {
        using Stream stream = typeof(RidGraph).Assembly.GetManifestResourceStream("CrossGuard.PortableRuntimeIdentifierGraph.json")
            ?? throw new InvalidOperationException("The bundled RID graph resource is missing from CrossGuard.Core.");
        return new RidGraph(JsonRuntimeFormat.ReadRuntimeGraph(stream), "bundled");
    }

    /// <summary>True when the graph knows the RID.</summary>
    public bool IsKnown(string rid) => _graph.Runtimes.ContainsKey(rid);

    /// <summary>
    /// The fallback chain of a RID, most specific first (linux-musl-x64, linux-musl, linux-x64, linux, unix-x64, unix, any, base).
    /// </summary>
    public IReadOnlyList<string> Chain(string rid) =>
        _chains.GetOrAdd(rid, r => _graph.ExpandRuntime(r).ToArray());

    /// <summary>True when <paramref name="candidate"/> is <paramref name="rid"/> or one of its fallbacks.</summary>
    public bool IsCompatible(string rid, string candidate) =>
        Chain(rid).Contains(candidate, StringComparer.OrdinalIgnoreCase);
}
