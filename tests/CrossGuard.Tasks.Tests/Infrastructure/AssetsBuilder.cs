using System.Text.Json.Nodes;

namespace CrossGuard.Tasks.Tests.Infrastructure;

/// <summary>
/// Writes a synthesized project.assets.json and package folder: packages with chosen runtimes/ layouts, each file a
/// copy of a real binary (or a `_._` placeholder), so edge cases can be built that no public package shows.
/// </summary>
public sealed class AssetsBuilder
{
    private readonly JsonObject _targetLibraries = new();
    private readonly JsonObject _libraries = new();
    private readonly JsonObject _dependencies = new();
    private readonly Dictionary<string, JsonObject> _ridTargets = new(StringComparer.OrdinalIgnoreCase);

    public AssetsBuilder()
    {
        Root = Path.Combine(Path.GetTempPath(), "crossguard-tasks-tests", Guid.NewGuid().ToString("N"));
        PackagesFolder = Path.Combine(Root, "packages") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(PackagesFolder);
    }

    public string Root { get; }

    public string PackagesFolder { get; }

    public string AssetsPath => Path.Combine(Root, "obj", "project.assets.json");

    /// <summary>Adds a direct package; files map package-relative paths to source files ("_._" for a placeholder).</summary>
    public AssetsBuilder Package(string id, string version, IDictionary<string, string> files, IEnumerable<string>? dependencies = null, bool direct = true, string? runtimeJson = null)
    {
        string folder = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version);
        var runtimeTargets = new JsonObject();
        var runtime = new JsonObject();
        var fileList = new JsonArray();
        foreach ((string relative, string source) in files)
        {
            string target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (source == "_._")
            {
                File.WriteAllText(target, string.Empty);
            }
            else
            {
                File.Copy(source, target, overwrite: true);
            }

            fileList.Add(relative);
            string[] parts = relative.Split('/');
            if (parts.Length > 3 && parts[0] == "runtimes")
            {
                runtimeTargets[relative] = new JsonObject { ["assetType"] = parts[2] == "native" ? "native" : "runtime", ["rid"] = parts[1] };
            }
            else if (parts.Length == 3 && parts[0] == "lib")
            {
                runtime[relative] = new JsonObject();
            }
        }

        if (runtimeJson is not null)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "runtime.json"), runtimeJson);
            fileList.Add("runtime.json");
        }

        var library = new JsonObject { ["type"] = "package" };
        if (dependencies is not null)
        {
            var deps = new JsonObject();
            foreach (string dependency in dependencies)
            {
                deps[dependency] = "1.0.0";
            }

            library["dependencies"] = deps;
        }

        if (runtime.Count > 0)
        {
            library["runtime"] = runtime;
        }

        if (runtimeTargets.Count > 0)
        {
            library["runtimeTargets"] = runtimeTargets;
        }

        _targetLibraries[$"{id}/{version}"] = library;
        _libraries[$"{id}/{version}"] = new JsonObject { ["sha512"] = Sha512(id, version), ["type"] = "package", ["path"] = $"{id.ToLowerInvariant()}/{version}", ["files"] = fileList };
        if (direct)
        {
            _dependencies[id] = new JsonObject { ["target"] = "Package", ["version"] = $"[{version}, )" };
        }

        return this;
    }

    /// <summary>Adds a RID-specific target section as restore writes for RuntimeIdentifiers, with extra RID-only packages.</summary>
    public AssetsBuilder RidTarget(string rid, string id, string version, string nativeRelative, string source)
    {
        if (!_ridTargets.TryGetValue(rid, out JsonObject? target))
        {
            target = new JsonObject();
            _ridTargets[rid] = target;
        }

        string folder = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, nativeRelative))!);
        File.Copy(source, Path.Combine(folder, nativeRelative), overwrite: true);
        target[$"{id}/{version}"] = new JsonObject { ["type"] = "package", ["native"] = new JsonObject { [nativeRelative] = new JsonObject() } };
        _libraries[$"{id}/{version}"] = new JsonObject { ["sha512"] = Sha512(id, version), ["type"] = "package", ["path"] = $"{id.ToLowerInvariant()}/{version}", ["files"] = new JsonArray(nativeRelative) };
        return this;
    }

    /// <summary>A stand-in for the package hash restore records: unique per builder, id and version.</summary>
    private string Sha512(string id, string version) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(Root + "|" + id + "|" + version)));

    public string Write()
    {
        var targets = new JsonObject { ["net8.0"] = _targetLibraries.DeepClone() };
        foreach ((string rid, JsonObject ridTarget) in _ridTargets)
        {
            JsonObject merged = (JsonObject)_targetLibraries.DeepClone();
            foreach ((string key, JsonNode? value) in ridTarget)
            {
                merged[key] = value!.DeepClone();
            }

            targets["net8.0/" + rid] = merged;
        }

        var assets = new JsonObject
        {
            ["version"] = 3,
            ["targets"] = targets,
            ["libraries"] = _libraries.DeepClone(),
            ["projectFileDependencyGroups"] = new JsonObject { ["net8.0"] = new JsonArray(_dependencies.Select(d => (JsonNode)$"{d.Key} >= 1.0.0").ToArray()) },
            ["packageFolders"] = new JsonObject { [PackagesFolder] = new JsonObject() },
            ["project"] = new JsonObject
            {
                ["version"] = "1.0.0",
                ["restore"] = new JsonObject { ["projectName"] = "app", ["projectPath"] = Path.Combine(Root, "app.csproj"), ["outputPath"] = Path.Combine(Root, "obj") },
                ["frameworks"] = new JsonObject { ["net8.0"] = new JsonObject { ["targetAlias"] = "net8.0", ["dependencies"] = _dependencies.DeepClone() } },
            },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(AssetsPath)!);
        File.WriteAllText(AssetsPath, assets.ToJsonString());
        return AssetsPath;
    }
}
