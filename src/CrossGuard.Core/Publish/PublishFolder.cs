using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CrossGuard.Core.Publish;

/// <summary>
/// A publish made elsewhere (a CI artifact, a container layer) read back as the files <see cref="PublishAudit"/> judges:
/// every regular file under the folder (symbolic links and other reparse points are not followed), with the package that
/// shipped it and whether it is the runtime's own taken from the app's deps.json, as the build's ResolvedFileToPublish
/// metadata would say. The .NET runtime pack's files (deps.json library type "runtimepack") and the app host (the
/// executable named like an app assembly beside it) are the runtime's, never judged, exactly as in the MSBuild task.
/// </summary>
public static class PublishFolder
{
    /// <summary>Largest deps.json read.</summary>
    private const long MaxDepsJsonBytes = 64L * 1024 * 1024;

    /// <summary>True when the folder looks like a publish output: an app's .deps.json or .runtimeconfig.json at its root.</summary>
    public static bool Looks(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(f => f.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The published files with their origin.</summary>
    /// <exception cref="JsonException">The deps.json is not JSON.</exception>
    public static IReadOnlyList<PublishedFile> Read(string folder)
    {
        string root = Path.GetFullPath(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        List<string> paths = Directory.EnumerateFiles(root, "*", options).ToList();
        string? deps = Directory.EnumerateFiles(root, "*.deps.json").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
        Dictionary<string, (string Id, string Version, bool Runtime)> owners = deps is not null && new FileInfo(deps).Length <= MaxDepsJsonBytes
            ? Owners(File.ReadAllText(deps))
            : new Dictionary<string, (string, string, bool)>(StringComparer.OrdinalIgnoreCase);
        var appAssemblies = new HashSet<string>(paths.Where(p => p.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFileName(p).Substring(0, Path.GetFileName(p).Length - ".runtimeconfig.json".Length)), StringComparer.Ordinal);
        var files = new List<PublishedFile>();
        foreach (string path in paths)
        {
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            string name = Path.GetFileName(path);
            string stem = name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
            bool appHost = !relative.Contains('/', StringComparison.Ordinal) && appAssemblies.Contains(stem) && !name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                || name is "apphost" or "apphost.exe" or "singlefilehost" or "singlefilehost.exe";
            if (owners.TryGetValue(relative, out var owner) || owners.TryGetValue(name, out owner))
            {
                files.Add(new PublishedFile(relative, path, owner.Runtime ? null : owner.Id, owner.Runtime ? null : owner.Version, FromRuntime: owner.Runtime || appHost));
            }
            else
            {
                files.Add(new PublishedFile(relative, path, FromRuntime: appHost));
            }
        }

        return files;
    }

    /// <summary>Asset path (as published) → the deps.json library that lists it, and whether that library is the runtime pack.</summary>
    private static Dictionary<string, (string Id, string Version, bool Runtime)> Owners(string depsJson)
    {
        var owners = new Dictionary<string, (string, string, bool)>(StringComparer.OrdinalIgnoreCase);
        using JsonDocument document = JsonDocument.Parse(depsJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("targets", out JsonElement targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return owners;
        }

        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("libraries", out JsonElement libraries) && libraries.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty library in libraries.EnumerateObject())
            {
                if (library.Value.ValueKind == JsonValueKind.Object && library.Value.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String)
                {
                    types[library.Name] = type.GetString() ?? string.Empty;
                }
            }
        }

        foreach (JsonProperty target in targets.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (JsonProperty library in target.Value.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.Object))
            {
                string key = library.Name;
                int slash = key.IndexOf('/', StringComparison.Ordinal);
                string id = slash > 0 ? key.Substring(0, slash) : key;
                string version = slash > 0 ? key.Substring(slash + 1) : string.Empty;
                string type = types.TryGetValue(key, out string? t) ? t : string.Empty;
                if (type == "project")
                {
                    continue;
                }

                bool runtime = type == "runtimepack" || id.StartsWith("runtimepack.", StringComparison.OrdinalIgnoreCase);
                foreach (string section in new[] { "native", "runtime", "runtimeTargets", "resources" })
                {
                    if (library.Value.TryGetProperty(section, out JsonElement assets) && assets.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonProperty asset in assets.EnumerateObject())
                        {
                            // A RID-specific publish flattens assets into the app folder: key by file name too.
                            owners.TryAdd(asset.Name.Replace('\\', '/'), (id, version, runtime));
                            owners.TryAdd(asset.Name.Substring(asset.Name.LastIndexOf('/') + 1), (id, version, runtime));
                        }
                    }
                }
            }
        }

        return owners;
    }
}
