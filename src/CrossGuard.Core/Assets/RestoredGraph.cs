using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossGuard.Core.Assets;

/// <summary>
/// The part of a restore result (project.assets.json) the coverage check needs: the targets with each package's
/// native, RID-specific and dependency lists, the libraries' folders, the package folders and the project's direct
/// references. Read by <see cref="AssetsFileReader"/> in the build; built in memory by the CLI for a feed package.
/// </summary>
public sealed class RestoredGraph
{
    /// <summary>The assets file format version (3 today); 0 when absent.</summary>
    public int Version { get; set; }

    /// <summary>Every target: the RID-neutral one per framework ("net8.0") and one per framework and RID ("net8.0/linux-x64").</summary>
    public List<RestoredTarget> Targets { get; } = new();

    /// <summary>The "libraries" section by package id (first entry per id): folder path and whether it has a runtime.json.</summary>
    public Dictionary<string, RestoredLibrary> Libraries { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Referenced projects (direct and through other projects) by name: their project file ("msbuildProject" of the
    /// "libraries" entry), relative to the directory of the project the assets file belongs to.
    /// </summary>
    public Dictionary<string, string> ProjectReferences { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Package folders, the global packages folder first, as restore wrote them.</summary>
    public List<string> PackageFolders { get; } = new();

    /// <summary>The project's frameworks with the packages it references directly.</summary>
    public List<ProjectFramework> Frameworks { get; } = new();

    /// <summary>The target for a framework key and RID (null: the RID-neutral one), or null when restore wrote none.</summary>
    public RestoredTarget? Target(string frameworkKey, string? rid) =>
        Targets.FirstOrDefault(t => string.Equals(t.FrameworkKey, frameworkKey, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.Rid ?? string.Empty, rid ?? string.Empty, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One "targets" entry.</summary>
public sealed class RestoredTarget
{
    private Dictionary<string, TargetLibrary>? _byName;

    public RestoredTarget(string frameworkKey, string? rid)
    {
        FrameworkKey = frameworkKey;
        Rid = string.IsNullOrEmpty(rid) ? null : rid;
    }

    /// <summary>The framework part of the key: "net8.0" (older files: ".NETCoreApp,Version=v3.1").</summary>
    public string FrameworkKey { get; }

    /// <summary>The RID part of the key, or null for the RID-neutral target.</summary>
    public string? Rid { get; }

    /// <summary>Libraries in file order (packages and projects).</summary>
    public List<TargetLibrary> Libraries { get; } = new();

    /// <summary>The library of that name, or null.</summary>
    public TargetLibrary? Find(string name)
    {
        if (_byName is null || _byName.Count != Libraries.Count)
        {
            _byName = new Dictionary<string, TargetLibrary>(StringComparer.OrdinalIgnoreCase);
            foreach (TargetLibrary library in Libraries)
            {
                _byName.TryAdd(library.Name, library);
            }
        }

        return _byName.TryGetValue(name, out TargetLibrary? found) ? found : null;
    }
}

/// <summary>One library of a target: what NuGet selected for that framework (and RID).</summary>
public sealed class TargetLibrary
{
    public TargetLibrary(string name, string version, string type)
    {
        Name = name;
        Version = version;
        Type = type;
    }

    public string Name { get; }

    /// <summary>Normalized version, as the assets file keys it.</summary>
    public string Version { get; }

    /// <summary>"package" or "project".</summary>
    public string Type { get; }

    public bool IsPackage => string.Equals(Type, "package", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ids of the libraries it depends on.</summary>
    public List<string> Dependencies { get; } = new();

    /// <summary>The "runtime" section: managed assemblies selected for this target (RID-neutral target: the lib/ ones).</summary>
    public List<string> RuntimeAssemblies { get; } = new();

    /// <summary>The "native" section: files selected for this target (RID-specific targets: the RID's own natives).</summary>
    public List<string> NativeLibraries { get; } = new();

    /// <summary>The "runtimeTargets" section: every runtimes/&lt;rid&gt;/ asset with its RID and type.</summary>
    public List<RuntimeTargetAsset> RuntimeTargets { get; } = new();
}

/// <summary>One runtimeTargets entry: "runtimes/linux-x64/native/libfoo.so" → rid linux-x64, assetType native.</summary>
/// <remarks>A class, not a struct: List&lt;T&gt; and LINQ over a struct of ours are instantiations the ReadyToRun tasks
/// cannot carry precompiled, so every cold build would JIT them.</remarks>
public sealed record RuntimeTargetAsset(string Path, string Rid, string AssetType);

/// <summary>One "libraries" entry.</summary>
public sealed class RestoredLibrary
{
    public RestoredLibrary(string name, string version, string type, string? path, bool hasRuntimeJson, string? sha512 = null)
    {
        Name = name;
        Version = version;
        Type = type;
        Path = path;
        HasRuntimeJson = hasRuntimeJson;
        Sha512 = sha512;
    }

    /// <summary>The package's SHA-512 (base64) as restore verified it; keys the machine's inspection cache.</summary>
    public string? Sha512 { get; }

    public string Name { get; }

    public string Version { get; }

    public string Type { get; }

    /// <summary>Folder relative to a package folder ("sqlitepclraw.lib.e_sqlite3/2.1.6").</summary>
    public string? Path { get; }

    /// <summary>True when the package has a runtime.json at its root (runtime.json RID redirections).</summary>
    public bool HasRuntimeJson { get; }
}

/// <summary>One "project.frameworks" entry.</summary>
public sealed class ProjectFramework
{
    public ProjectFramework(string key, string? alias)
    {
        Key = key;
        Alias = alias;
    }

    /// <summary>The framework key ("net8.0"), the same string as the matching target's key.</summary>
    public string Key { get; }

    /// <summary>The TargetFramework alias the project used ("targetAlias"), when restore recorded it.</summary>
    public string? Alias { get; }

    /// <summary>Ids of the packages referenced directly for this framework.</summary>
    public List<string> Dependencies { get; } = new();
}
