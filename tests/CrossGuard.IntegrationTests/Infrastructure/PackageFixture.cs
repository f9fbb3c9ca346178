using System.Globalization;

[assembly: AssemblyFixture(typeof(CrossGuard.IntegrationTests.Infrastructure.PackageFixture))]

namespace CrossGuard.IntegrationTests.Infrastructure;

/// <summary>
/// Packs CrossGuard and CrossGuard.Tool once per test run with a unique prerelease version into a run folder,
/// which also holds an isolated NUGET_PACKAGES folder shared by every sample project of the run.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Version = "0.1.0-it." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        RunDirectory = Path.Combine(Path.GetTempPath(), "crossguard-it", Version);
        FeedDirectory = Path.Combine(RunDirectory, "feed");
        PackagesDirectory = Path.Combine(RunDirectory, "packages");
        Directory.CreateDirectory(FeedDirectory);
        Directory.CreateDirectory(PackagesDirectory);

        foreach (string project in new[] { "nuget/CrossGuard.Package.csproj", "src/CrossGuard.Cli/CrossGuard.Cli.csproj" })
        {
            CommandResult pack = DotNet.Run(RepoPaths.Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
                "pack", project, "-c", "Release", "-p:Version=" + Version, "-o", FeedDirectory, "-nodeReuse:false");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("Packing CrossGuard failed:\n" + pack);
            }
        }

        PackagePath = Path.Combine(FeedDirectory, $"CrossGuard.{Version}.nupkg");
        ToolPackagePath = Path.Combine(FeedDirectory, $"CrossGuard.Tool.{Version}.nupkg");
    }

    /// <summary>The unique prerelease version packed for this run.</summary>
    public string Version { get; }

    public string RunDirectory { get; }

    /// <summary>Local folder feed holding the packed packages.</summary>
    public string FeedDirectory { get; }

    /// <summary>Isolated NUGET_PACKAGES folder of this run.</summary>
    public string PackagesDirectory { get; }

    public string PackagePath { get; }

    public string ToolPackagePath { get; }

    /// <summary>The SDK host RIDs the package carries a ReadyToRun task set for (tasks/net10.0/&lt;rid&gt;/).</summary>
    public static readonly string[] ReadyToRunTaskHosts = ["linux-arm64", "linux-musl-x64", "linux-x64", "osx-arm64", "osx-x64", "win-x64"];

    /// <summary>A task set of the CrossGuard package as restore extracted it: "net8.0" (IL) or "net10.0/&lt;host RID&gt;".</summary>
    public string InstalledTaskSet(string set) => Path.Combine(PackagesDirectory, "crossguard", Version, "tasks", set);

    /// <summary>Creates a throwaway project folder with a nuget.config that adds the local feed to the machine's sources.</summary>
    public SampleProject CreateProject(string name) => new(this, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CROSSGUARD_KEEP_IT") != "1")
        {
            try
            {
                Directory.Delete(RunDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
