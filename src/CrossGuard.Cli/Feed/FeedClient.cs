using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace CrossGuard.Cli.Feed;

/// <summary>One package of a resolved closure, extracted in the global packages folder.</summary>
internal sealed class ResolvedPackage
{
    public ResolvedPackage(PackageIdentity identity, int depth) => (Identity, Depth) = (identity, depth);

    public PackageIdentity Identity { get; }

    /// <summary>0 for the inspected package, 1 for its dependencies, ...</summary>
    public int Depth { get; }

    /// <summary>Dependencies of the group nearest to the framework.</summary>
    public List<PackageDependency> Dependencies { get; } = new();

    /// <summary>The package's folder in the global packages folder (lower-case id/version).</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>True when it was already in the global packages folder.</summary>
    public bool FromCache { get; set; }
}

/// <summary>
/// The machine's NuGet configuration as restore sees it (nuget.config chain, enabled sources, credential providers,
/// global packages folder) and the feed operations `crossguard inspect` needs, each bounded by a timeout.
/// </summary>
internal sealed class FeedClient : IDisposable
{
    private readonly List<SourceRepository> _repositories;
    private readonly SourceCacheContext _cache = new();
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<SourceRepository, Task<FindPackageByIdResource>> _resources = new();
    private readonly PackageExtractionContext _extraction;

    public FeedClient(string workingDirectory, IReadOnlyList<string> sourceOverrides, TimeSpan timeout, string? globalPackagesFolder = null)
    {
        _timeout = timeout;
        ISettings settings = Settings.LoadDefaultSettings(workingDirectory);
        GlobalPackagesFolder = Path.GetFullPath(globalPackagesFolder ?? SettingsUtility.GetGlobalPackagesFolder(settings));
        Directory.CreateDirectory(GlobalPackagesFolder);
        IEnumerable<PackageSource> sources = sourceOverrides.Count > 0
            ? sourceOverrides.Select(s => new PackageSource(IsUrl(s) ? s : Path.GetFullPath(s)))
            : new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled);
        _repositories = sources.Select(s => Repository.Factory.GetCoreV3(s)).ToList();
        Sources = _repositories.Select(r => r.PackageSource.Source).ToList();
        // Credentials: <packageSourceCredentials> of nuget.config reach NuGet.Protocol through PackageSource.Credentials;
        // VSS_NUGET_EXTERNAL_FEED_ENDPOINTS (what CI sets for credential providers) through EnvironmentCredentialService.
        // Credential-provider plugins themselves need NuGet.Credentials (DefaultCredentialServiceUtility), which this
        // machine's feed does not serve; see docs/cli/inspect.md.
        EnvironmentCredentialService.InstallFromEnvironment();
        ClientPolicyContext policy = ClientPolicyContext.GetClientPolicy(settings, _logger);
        _extraction = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, policy, _logger);
        PathResolver = new VersionFolderPathResolver(GlobalPackagesFolder);
    }

    public string GlobalPackagesFolder { get; }

    public VersionFolderPathResolver PathResolver { get; }

    public IReadOnlyList<string> Sources { get; }

    /// <summary>The highest stable version on any source (or the highest prerelease when there is no stable one).</summary>
    public async Task<NuGetVersion> LatestAsync(string id, CancellationToken cancellationToken)
    {
        var all = new List<NuGetVersion>();
        foreach (SourceRepository repository in _repositories)
        {
            all.AddRange(await WithTimeout(repository, (r, ct) => r.GetAllVersionsAsync(id, _cache, _logger, ct), cancellationToken).ConfigureAwait(false) ?? Enumerable.Empty<NuGetVersion>());
        }

        if (all.Count == 0)
        {
            throw NotFound(id, null);
        }

        return all.Where(v => !v.IsPrerelease).DefaultIfEmpty(all.Max()!).Max()!;
    }

    /// <summary>
    /// The version a range resolves to: its lower bound when that exists (in the global packages folder, or on a
    /// source), else the lowest version on the sources that satisfies the range (what restore picks too).
    /// </summary>
    public async Task<NuGetVersion> ResolveAsync(string id, VersionRange range, CancellationToken cancellationToken)
    {
        if (range.MinVersion is { } min && range.IsMinInclusive && IsInGlobalFolder(id, min))
        {
            return min;
        }

        var all = new List<NuGetVersion>();
        foreach (SourceRepository repository in _repositories)
        {
            IEnumerable<NuGetVersion>? versions = await WithTimeout(repository, (r, ct) => r.GetAllVersionsAsync(id, _cache, _logger, ct), cancellationToken).ConfigureAwait(false);
            all.AddRange(versions ?? Enumerable.Empty<NuGetVersion>());
            if (range.MinVersion is { } exact && range.IsMinInclusive && all.Contains(exact))
            {
                return exact;
            }
        }

        return range.FindBestMatch(all) ?? throw NotFound(id, range.ToNormalizedString());
    }

    public bool IsInGlobalFolder(string id, NuGetVersion version) =>
        File.Exists(PathResolver.GetHashPath(id, version)) || File.Exists(Path.Combine(PathResolver.GetInstallPath(id, version), ".nupkg.metadata"));

    /// <summary>Puts the package in the global packages folder (unless it is there) and reads its dependencies for the framework.</summary>
    public async Task FetchAsync(ResolvedPackage package, NuGetFramework framework, Action<string> progress, CancellationToken cancellationToken)
    {
        PackageIdentity identity = package.Identity;
        package.Folder = PathResolver.GetInstallPath(identity.Id, identity.Version);
        package.FromCache = IsInGlobalFolder(identity.Id, identity.Version);
        if (!package.FromCache)
        {
            bool installed = false;
            foreach (SourceRepository repository in _repositories)
            {
                FindPackageByIdResource resource = await ResourceAsync(repository, cancellationToken).ConfigureAwait(false);
                installed = await Bounded(repository, async ct =>
                {
                    if (!await resource.DoesPackageExistAsync(identity.Id, identity.Version, _cache, _logger, ct).ConfigureAwait(false))
                    {
                        return false;
                    }

                    using IPackageDownloader downloader = await resource.GetPackageDownloaderAsync(identity, _cache, _logger, ct).ConfigureAwait(false);
                    return await PackageExtractor.InstallFromSourceAsync(identity, downloader, PathResolver, _extraction, ct).ConfigureAwait(false)
                        || IsInGlobalFolder(identity.Id, identity.Version);
                }, TimeSpan.FromTicks(_timeout.Ticks * 10), cancellationToken).ConfigureAwait(false);
                if (installed)
                {
                    progress($"  downloaded {identity.Id} {identity.Version.ToNormalizedString()} from {repository.PackageSource.Source}");
                    break;
                }
            }

            if (!installed)
            {
                // XG9103 when no source knows the id at all, XG9104 when only this version is missing.
                await LatestAsync(identity.Id, cancellationToken).ConfigureAwait(false);
                throw NotFound(identity.Id, identity.Version.ToNormalizedString());
            }
        }

        using var reader = new PackageFolderReader(package.Folder);
        NuspecReader nuspec = reader.NuspecReader;
        PackageDependencyGroup? group = NuGetFrameworkUtility.GetNearest(nuspec.GetDependencyGroups(), framework, g => g.TargetFramework);
        if (group is not null)
        {
            package.Dependencies.AddRange(group.Packages);
        }
    }

    public void Dispose() => _cache.Dispose();

    private Task<FindPackageByIdResource> ResourceAsync(SourceRepository repository, CancellationToken cancellationToken) =>
        _resources.GetOrAdd(repository, r => Bounded(r, ct => r.GetResourceAsync<FindPackageByIdResource>(ct), _timeout, cancellationToken));

    private async Task<T?> WithTimeout<T>(SourceRepository repository, Func<FindPackageByIdResource, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        FindPackageByIdResource resource = await ResourceAsync(repository, cancellationToken).ConfigureAwait(false);
        return await Bounded(repository, ct => call(resource, ct), _timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one feed call with a deadline; every way a feed fails becomes one XG9102 <see cref="CliException"/>.</summary>
    private static async Task<T> Bounded<T>(SourceRepository repository, Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Task<T> task = call(deadline.Token);
        try
        {
            // WaitAsync: a call that ignores its token still cannot hang the tool past the deadline.
            return await task.WaitAsync(timeout + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            throw Unreachable(repository, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is FatalProtocolException or HttpRequestException or IOException or InvalidDataException)
        {
            throw Unreachable(repository, Innermost(ex));
        }
    }

    private static CliException Unreachable(SourceRepository repository, string why) =>
        new(ExitCodes.FeedError, $"XG9102: the package source '{repository.PackageSource.Source}' could not be read ({why}). Check the network, the source URL or folder, and nuget.config.");

    private CliException NotFound(string id, string? version) =>
        new(ExitCodes.FeedError, version is null
            ? $"XG9103: package '{id}' was not found on {string.Join(", ", Sources)}."
            : $"XG9104: package '{id}' {version} was not found on {string.Join(", ", Sources)}.");

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.TrimEnd('.');
    }

    private static bool IsUrl(string source) => Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
