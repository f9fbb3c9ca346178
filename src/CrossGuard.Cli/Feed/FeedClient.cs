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
using CrossGuard.Core.Diagnostics;

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
    private readonly ConcurrentDictionary<string, bool> _checkedLocal = new(StringComparer.Ordinal);
    private bool _writable;

    public FeedClient(string workingDirectory, IReadOnlyList<string> sourceOverrides, TimeSpan timeout, string? globalPackagesFolder = null)
    {
        _timeout = timeout;
        foreach (string source in sourceOverrides.Where(s => !IsUrl(s) && !IsFolderPath(s)))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.BadSource, source);
        }

        ISettings settings = Settings.LoadDefaultSettings(workingDirectory);
        GlobalPackagesFolder = UsableFolder(globalPackagesFolder ?? SettingsUtility.GetGlobalPackagesFolder(settings));
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
            CheckLocalCandidates(repository, id);
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
            CheckLocalCandidates(repository, id);
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
                CheckLocalCandidates(repository, identity.Id);
                FindPackageByIdResource resource = await ResourceAsync(repository, cancellationToken).ConfigureAwait(false);
                installed = await Bounded(repository, async ct =>
                {
                    if (!await resource.DoesPackageExistAsync(identity.Id, identity.Version, _cache, _logger, ct).ConfigureAwait(false))
                    {
                        return false;
                    }

                    using IPackageDownloader downloader = await resource.GetPackageDownloaderAsync(identity, _cache, _logger, ct).ConfigureAwait(false);

                    // NuGet's extraction parses the nuspec with no limit: the package is downloaded to a temp file
                    // first, its nuspec checked with a bounded reader, and only then extracted from that file.
                    EnsureWritable();
                    string temp = Path.Combine(Path.GetTempPath(), "crossguard-" + Guid.NewGuid().ToString("N") + ".nupkg");
                    try
                    {
                        if (!await downloader.CopyNupkgFileToAsync(temp, ct).ConfigureAwait(false))
                        {
                            return false;
                        }

                        if (await LocalStepAsync(() => NupkgProblem(temp), identity, ct).ConfigureAwait(false) is { } bad)
                        {
                            throw BadPackage(identity, repository, bad);
                        }

                        return await PackageExtractor.InstallFromSourceAsync(repository.PackageSource.Source, identity, async target =>
                            {
                                using FileStream file = File.OpenRead(temp);
                                await file.CopyToAsync(target, ct).ConfigureAwait(false);
                            }, PathResolver, _extraction, ct).ConfigureAwait(false)
                            || IsInGlobalFolder(identity.Id, identity.Version);
                    }
                    catch (UnsafePackageEntryException ex)
                    {
                        // Zip slip: an entry that would land outside the package's folder (NuGet refuses to write it).
                        throw new CliException(ExitCodes.FeedError, DiagnosticCatalogue.PackageUnsafe, identity.Id, identity.Version.ToNormalizedString(), repository.PackageSource.Source, ex.Message.TrimEnd('.'));
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        throw Unusable(GlobalPackagesFolder, ex.Message);
                    }
                    finally
                    {
                        File.Delete(temp);
                    }
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

        // A cached package's nuspec is input too (anything can have written the folder): bounded, and under the timeout.
        List<PackageDependency> dependencies = await LocalStepAsync(() => ReadDependencies(package, framework), identity, cancellationToken).ConfigureAwait(false);
        package.Dependencies.AddRange(dependencies);
    }

    private static List<PackageDependency> ReadDependencies(ResolvedPackage package, NuGetFramework framework)
    {
        PackageIdentity identity = package.Identity;
        try
        {
            using var reader = new PackageFolderReader(package.Folder);
            string nuspecPath = reader.GetNuspecFile();
            using (FileStream file = new(nuspecPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                if (BoundedXml.Check(file) is { } why)
                {
                    throw BadPackage(identity, null, "its .nuspec: " + why);
                }
            }

            NuspecReader nuspec = reader.NuspecReader;
            PackageDependencyGroup? group = NuGetFrameworkUtility.GetNearest(nuspec.GetDependencyGroups(), framework, g => g.TargetFramework);
            return group is null ? new List<PackageDependency>() : group.Packages.ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PackagingException or InvalidDataException or System.Xml.XmlException or ArgumentException or FormatException)
        {
            throw BadPackage(identity, null, "its metadata cannot be read (" + Innermost(ex) + ")");
        }
    }

    /// <summary>
    /// A folder source: NuGet reads the nuspec of every package file that may be the id (to learn its identity) with
    /// no limit, before anything of ours runs. So the candidate files (<c>id.&lt;version&gt;.nupkg</c>, and
    /// <c>id/&lt;version&gt;/*.nupkg</c> in a hierarchical folder) are checked first with <see cref="BoundedXml"/>.
    /// </summary>
    private void CheckLocalCandidates(SourceRepository repository, string id)
    {
        if (!repository.PackageSource.IsLocal || !_checkedLocal.TryAdd(repository.PackageSource.Source + "|" + id.ToLowerInvariant(), true))
        {
            return;
        }

        string root = repository.PackageSource.Source;
        IEnumerable<string> candidates;
        try
        {
            candidates = !Directory.Exists(root) ? Array.Empty<string>() : Directory.EnumerateFiles(root, "*.nupkg")
                .Where(f => Path.GetFileName(f) is { } name && name.Length > id.Length + 1 && name.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase) && char.IsDigit(name[id.Length + 1]))
                .Concat(Directory.Exists(Path.Combine(root, id.ToLowerInvariant())) ? Directory.EnumerateFiles(Path.Combine(root, id.ToLowerInvariant()), "*.nupkg", SearchOption.AllDirectories) : Array.Empty<string>())
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreachable(repository, ex.Message);
        }

        foreach (string file in candidates)
        {
            if (NupkgProblem(file) is { } why)
            {
                throw new CliException(ExitCodes.FeedError, DiagnosticCatalogue.PackageFileUnusable, file, root, why);
            }
        }
    }

    /// <summary>Why a .nupkg file cannot be used (not a zip, no nuspec, a nuspec outside <see cref="BoundedXml"/>'s bounds), or null.</summary>
    private static string? NupkgProblem(string file)
    {
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(File.OpenRead(file), System.IO.Compression.ZipArchiveMode.Read);
            System.IO.Compression.ZipArchiveEntry? nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec is null)
            {
                return "it has no .nuspec";
            }

            using Stream stream = nuspec.Open();
            return BoundedXml.Check(stream) is { } bad ? "its .nuspec: " + bad : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return "it is not a valid package (" + ex.Message.TrimEnd('.') + ")";
        }
    }

    /// <summary>
    /// Local work on package content (reading a nuspec) under the same deadline as a feed request: a watchdog, so a
    /// reader that does not stop cannot hold the command past --timeout (XG9112).
    /// </summary>
    private async Task<T> LocalStepAsync<T>(Func<T> work, PackageIdentity identity, CancellationToken cancellationToken)
    {
        Task<T> task = Task.Run(work, cancellationToken);
        try
        {
            return await task.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new CliException(ExitCodes.FeedError, DiagnosticCatalogue.PackageReadTimeout, identity.Id, identity.Version.ToNormalizedString(), _timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static CliException BadPackage(PackageIdentity identity, SourceRepository? repository, string why) =>
        new(ExitCodes.FeedError, DiagnosticCatalogue.PackageUnusable, identity.Id, identity.Version.ToNormalizedString(), repository is null ? string.Empty : " from '" + repository.PackageSource.Source + "'", why);

    private static CliException Unusable(string folder, string why) =>
        new(ExitCodes.InputError, DiagnosticCatalogue.PackagesFolderUnusable, folder, why.TrimEnd('.'));

    /// <summary>The global packages folder, created when missing; XG9109 when it cannot be (a file, /proc, no rights).</summary>
    private static string UsableFolder(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Unusable(path, ex.Message);
        }

        try
        {
            if (File.Exists(full))
            {
                throw Unusable(full, "it is a file, not a folder");
            }

            Directory.CreateDirectory(full);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Unusable(full, ex.Message);
        }
    }

    /// <summary>Before the first download: can a file be created in the global packages folder? (A read-only folder is fine while everything is cached.)</summary>
    private void EnsureWritable()
    {
        if (_writable)
        {
            return;
        }

        string probe = Path.Combine(GlobalPackagesFolder, ".crossguard-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            _writable = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unusable(GlobalPackagesFolder, ex.Message);
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
        catch (Exception ex) when (ex is FatalProtocolException or HttpRequestException or IOException or InvalidDataException
            or PackagingException or System.Xml.XmlException)
        {
            // PackagingException / XmlException: a folder source holding a package whose nuspec NuGet cannot read.
            throw Unreachable(repository, Innermost(ex));
        }
    }

    private static CliException Unreachable(SourceRepository repository, string why) =>
        new(ExitCodes.FeedError, DiagnosticCatalogue.SourceUnreadable, repository.PackageSource.Source, why);

    private CliException NotFound(string id, string? version) =>
        version is null
            ? new(ExitCodes.FeedError, DiagnosticCatalogue.PackageNotFound, id, string.Join(", ", Sources))
            : new(ExitCodes.FeedError, DiagnosticCatalogue.PackageVersionNotFound, id, version, string.Join(", ", Sources));

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.TrimEnd('.');
    }

    /// <summary>A path a folder source can have (not empty, no invalid characters).</summary>
    private static bool IsFolderPath(string source)
    {
        if (string.IsNullOrWhiteSpace(source) || source.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            Path.GetFullPath(source);
            return !Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) || uri.IsFile;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static bool IsUrl(string source) => Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
