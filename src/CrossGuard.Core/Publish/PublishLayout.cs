using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Publish;

/// <summary>One file of a publish output: where it lands (relative to the publish folder) and where it comes from.</summary>
/// <param name="RelativePath">Path inside the publish folder, with '/' separators ("runtimes/linux-x64/native/libfoo.so").</param>
/// <param name="FullPath">The file on disk the publish copies.</param>
/// <param name="PackageId">The NuGet package it comes from, or null for the project's own files.</param>
/// <param name="PackageVersion">That package's version.</param>
/// <param name="FromRuntime">A file of the .NET runtime pack or the SDK's app host: the runtime's own, never judged.</param>
/// <param name="CopiedByPackageTargets">The file lies in a package folder but carries no NuGet metadata: the package's own
/// build targets copied it in, outside the RID graph.</param>
public sealed record PublishedFile(string RelativePath, string FullPath, string? PackageId = null, string? PackageVersion = null,
    bool FromRuntime = false, bool CopiedByPackageTargets = false)
{
    /// <summary>The folder of the file inside the publish output ("" for the app folder).</summary>
    public string Directory => RelativePath.LastIndexOf('/') is var slash and >= 0 ? RelativePath.Substring(0, slash) : string.Empty;

    public string FileName => RelativePath.Substring(RelativePath.LastIndexOf('/') + 1);

    /// <summary>"package 'Foo' 1.0.0", "package 'Foo' 1.0.0, whose own build targets copy it in ...", "the project".</summary>
    public string Origin => PackageId is null ? "the project"
        : CopiedByPackageTargets ? $"package '{PackageId}' {PackageVersion}, whose own build targets copy it in outside the RID graph"
        : $"package '{PackageId}' {PackageVersion}";
}

/// <summary>
/// The published layout the runtime probes: the files, the RID they run on, and the directories the host hands the
/// runtime as NATIVE_DLL_SEARCH_DIRECTORIES. A RID-specific publish flattens every native asset into the app folder,
/// so the app folder is the only search directory (a framework-dependent app also gets the shared framework's folder,
/// which holds only the runtime's own libraries). A framework-dependent portable (RID-less) publish keeps
/// runtimes/&lt;rid&gt;/native/ folders; the host adds the folder of each native asset deps.json selects for the machine's
/// RID (the nearest RID of its fallback chain that the library has assets for) to the app folder.
/// </summary>
public sealed class PublishLayout
{
    private readonly Dictionary<string, PublishedFile> _byPath;

    private PublishLayout(IEnumerable<PublishedFile> files, RidInfo rid, bool ridSpecific, IReadOnlyList<string> searchDirectories)
    {
        Rid = rid;
        RidSpecific = ridSpecific;
        // Windows and macOS (APFS, HFS+ by default) file systems are case-insensitive; Linux ones are not.
        _byPath = new Dictionary<string, PublishedFile>(rid.Os == RidOs.Linux ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (PublishedFile file in files)
        {
            _byPath[Normalize(file.RelativePath)] = file with { RelativePath = Normalize(file.RelativePath) };
        }

        Files = _byPath.Values.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
        NativeSearchDirectories = searchDirectories;
    }

    public RidInfo Rid { get; }

    /// <summary>True for `dotnet publish -r &lt;rid&gt;`; false for a framework-dependent portable publish judged for <see cref="Rid"/>.</summary>
    public bool RidSpecific { get; }

    public IReadOnlyList<PublishedFile> Files { get; }

    /// <summary>NATIVE_DLL_SEARCH_DIRECTORIES inside the publish folder, in order ("" is the app folder).</summary>
    public IReadOnlyList<string> NativeSearchDirectories { get; }

    /// <summary>A RID-specific publish: the app folder is the one native search directory.</summary>
    public static PublishLayout ForRid(IEnumerable<PublishedFile> files, RidInfo rid) => new(files, rid, ridSpecific: true, new[] { string.Empty });

    /// <summary>
    /// A framework-dependent portable publish, judged for one RID it may run on: the native search directories are
    /// the app folder plus the folders of the native assets the published deps.json selects for that RID, walking
    /// <paramref name="ridChain"/> (the RID and its fallbacks, nearest first) per library as the host does.
    /// </summary>
    public static PublishLayout Portable(IReadOnlyCollection<PublishedFile> files, RidInfo rid, IReadOnlyList<string> ridChain, string? depsJsonText)
    {
        var directories = new List<string> { string.Empty };
        if (depsJsonText is not null)
        {
            foreach (string asset in SelectedNativeAssets(depsJsonText, ridChain))
            {
                string folder = asset.LastIndexOf('/') is var slash and >= 0 ? asset.Substring(0, slash) : string.Empty;
                if (!directories.Contains(folder, StringComparer.Ordinal))
                {
                    directories.Add(folder);
                }
            }
        }

        return new PublishLayout(files, rid, ridSpecific: false, directories);
    }

    /// <summary>The file at a path inside the publish folder, or null.</summary>
    public PublishedFile? Find(string relativePath) => _byPath.TryGetValue(Normalize(relativePath), out PublishedFile? file) ? file : null;

    /// <summary>Files whose name equals <paramref name="fileName"/>, wherever they are (the file-system comparison of the RID's OS).</summary>
    public IEnumerable<PublishedFile> Named(string fileName) =>
        Files.Where(f => string.Equals(f.FileName, fileName, Rid.Os == RidOs.Linux ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The native asset paths (relative to the app folder) deps.json's runtimeTargets select for a RID chain: per
    /// library, the assets of the first RID of the chain that the library lists native assets for.
    /// </summary>
    public static IReadOnlyList<string> SelectedNativeAssets(string depsJsonText, IReadOnlyList<string> ridChain)
    {
        var selected = new List<string>();
        using JsonDocument document = JsonDocument.Parse(depsJsonText, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        if (!document.RootElement.TryGetProperty("targets", out JsonElement targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return selected;
        }

        foreach (JsonProperty target in targets.EnumerateObject())
        {
            if (target.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (JsonProperty library in target.Value.EnumerateObject())
            {
                if (library.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (library.Value.TryGetProperty("native", out JsonElement native) && native.ValueKind == JsonValueKind.Object)
                {
                    // RID-neutral native assets are published into the app folder.
                    selected.AddRange(native.EnumerateObject().Select(a => a.Name.Substring(a.Name.LastIndexOf('/') + 1)));
                }

                if (!library.Value.TryGetProperty("runtimeTargets", out JsonElement runtimeTargets) || runtimeTargets.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var byRid = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (JsonProperty asset in runtimeTargets.EnumerateObject())
                {
                    if (asset.Value.ValueKind == JsonValueKind.Object
                        && asset.Value.TryGetProperty("assetType", out JsonElement type) && type.ValueKind == JsonValueKind.String && type.GetString() == "native"
                        && asset.Value.TryGetProperty("rid", out JsonElement assetRid) && assetRid.ValueKind == JsonValueKind.String)
                    {
                        string key = assetRid.GetString() ?? string.Empty;
                        if (!byRid.TryGetValue(key, out List<string>? list))
                        {
                            byRid[key] = list = new List<string>();
                        }

                        list.Add(asset.Name);
                    }
                }

                string? best = ridChain.FirstOrDefault(byRid.ContainsKey);
                if (best is not null)
                {
                    selected.AddRange(byRid[best]);
                }
            }

            // The first target is the app's framework (a RID-less publish has exactly one).
            break;
        }

        return selected;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');
}
