using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrossGuard.Cli.Feed;
using CrossGuard.Cli.Rendering;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Rids;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli.Commands;

/// <summary>
/// <c>crossguard inspect &lt;PackageId&gt;[@version]</c>: the native surface of a package's dependency closure per RID,
/// before the package is added to a project. Resolves on the machine's NuGet sources, caches in the global packages
/// folder, and runs the same coverage engine as <c>check</c> over an assets file synthesized in memory.
/// </summary>
internal static class InspectCommand
{
    public const string DefaultRids = "linux-x64,linux-arm64,linux-musl-x64,osx-x64,osx-arm64,win-x64";

    /// <summary>Downloads at once; restore's own default is similar (NuGet throttles per source too).</summary>
    public const int MaxParallelDownloads = 8;

    /// <summary>The whole command's bound: a 124-package closure downloads and inspects in well under a minute cold.</summary>
    public const int DefaultDeadlineSeconds = 600;

    public static Command Create()
    {
        var package = new Argument<string>("package") { Description = "PackageId or PackageId@version (default: the latest stable version)." };
        var rid = new Option<string[]>("--rid") { Description = "RIDs to check (comma-separated or repeated); default: " + DefaultRids + ".", AllowMultipleArgumentsPerToken = true };
        var framework = new Option<string>("--framework", "-f") { Description = "Target framework the closure is resolved for (default: net8.0).", DefaultValueFactory = _ => "net8.0" };
        var source = new Option<string[]>("--source", "-s") { Description = "Package source URL or folder (repeatable); default: the enabled sources of nuget.config." };
        var packages = new Option<string>("--packages") { Description = "Global packages folder to cache in (default: NUGET_PACKAGES, then nuget.config's globalPackagesFolder, then ~/.nuget/packages)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one feed request may take before the feed counts as unreachable (default: 30).", DefaultValueFactory = _ => 30 };
        var deadline = new Option<int>("--deadline") { Description = "Seconds the whole command may take: resolving, downloading and inspecting every package (default: " + DefaultDeadlineSeconds + ").", DefaultValueFactory = _ => DefaultDeadlineSeconds };
        var format = CommonOptions.Format("table", "json", "sarif", "markdown");
        var quiet = CommonOptions.Quiet();
        var noColor = CommonOptions.NoColor();
        var command = new Command("inspect", "Resolve a NuGet package's dependency closure and report, per RID, whether its native code covers it.")
        {
            package, rid, framework, source, packages, timeout, deadline, format, quiet, noColor,
        };
        command.SetAction(parse => CliRunner.Run(() => Run(new Request
        {
            Package = parse.GetValue(package) ?? string.Empty,
            Rids = CommonOptions.SplitRids(parse.GetValue(rid), DefaultRids),
            Framework = parse.GetValue(framework) ?? "net8.0",
            Sources = parse.GetValue(source) ?? Array.Empty<string>(),
            PackagesFolder = parse.GetValue(packages),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
            Deadline = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(deadline))),
            Format = parse.GetValue(format) ?? "table",
            Quiet = parse.GetValue(quiet),
            NoColor = parse.GetValue(noColor),
        })));
        return command;
    }

    internal sealed class Request
    {
        public required string Package { get; init; }

        public required IReadOnlyList<string> Rids { get; init; }

        public required string Framework { get; init; }

        public required IReadOnlyList<string> Sources { get; init; }

        public string? PackagesFolder { get; init; }

        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

        public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(DefaultDeadlineSeconds);

        public string Format { get; init; } = "table";

        public bool Quiet { get; init; }

        public bool NoColor { get; init; }
    }

    private static int Run(Request request)
    {
        // Input first, so a typo never waits for a feed.
        (string id, NuGetVersion? version) = ParsePackage(request.Package);
        NuGetFramework framework = NuGetFramework.Parse(request.Framework);
        if (framework.IsUnsupported || string.IsNullOrEmpty(framework.Framework) || framework.IsAny)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.BadFramework, request.Framework);
        }

        RidGraph graph = RidGraph.Bundled;
        foreach (string rid in request.Rids.Where(r => !graph.IsKnown(r)))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.UnknownRid, rid, graph.Source);
        }

        // Parallel downloads report from several threads: one line at a time. Once the deadline has passed, the
        // abandoned work may still be running: it must not write after the coded line.
        TextWriter error = CliConsole.Error;
        var gate = new object();
        bool stopped = false;
        Action<string> progress = request.Quiet ? _ => { } : m =>
        {
            lock (gate)
            {
                if (!stopped)
                {
                    error.WriteLine(m);
                }
            }
        };

        // --timeout bounds each feed call; --deadline bounds everything (issue 14 item 10): a feed that answers each
        // request just inside the timeout, a huge closure or a slow disk cannot hold a CI job. The work runs on the
        // thread pool and is abandoned (its token cancelled) when the deadline passes, so even a step that does not
        // observe the token cannot keep the command running.
        using var cancel = new CancellationTokenSource(request.Deadline);
        Task<Inspected> work = Task.Run(() => InspectAsync(request, id, version, framework, graph, progress, cancel.Token));
        Inspected inspected;
        try
        {
            inspected = work.WaitAsync(request.Deadline + TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancel.IsCancellationRequested))
        {
            lock (gate)
            {
                stopped = true;
            }

            throw new CliException(ExitCodes.FeedError, DiagnosticCatalogue.InspectDeadline, id,
                request.Deadline.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture), request.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
        }

        (ResolvedPackage root, IReadOnlyCollection<ResolvedPackage> closure, CoverageReport report, IReadOnlyList<string> sources) = inspected;
        var subject = new InspectSubject(root.Identity.Id, root.Identity.Version.ToNormalizedString(), framework.GetShortFolderName(), sources);
        TextWriter output = CliConsole.Out;
        switch (request.Format)
        {
            case "json":
                ReportWriter.WriteJson(output, ReportWriter.ToJsonModel(report, project: null, subject));
                break;
            case "sarif":
                SarifWriter.Write(output, new[] { (report, (string?)null, (InspectSubject?)subject) });
                break;
            case "markdown":
                ReportWriter.WriteMarkdown(output, $"{subject.Id} {subject.Version} ({subject.Framework})", report);
                ReportWriter.WriteInspectSummaryMarkdown(output, report);
                break;
            default:
                bool color = !request.NoColor && CliConsole.IsTerminal && Environment.GetEnvironmentVariable("NO_COLOR") is null;
                ReportWriter.WriteTable(output, $"{subject.Id} {subject.Version} ({subject.Framework}; {closure.Count} packages; {string.Join(", ", report.Rids)})", report, color);
                ReportWriter.WriteInspectSummary(output, report);
                break;
        }

        return report.Findings.Any(ReportWriter.IsErrorLevel) ? ExitCodes.ProblemsFound : ExitCodes.Ok;
    }

    private sealed record Inspected(ResolvedPackage Root, IReadOnlyCollection<ResolvedPackage> Closure, CoverageReport Report, IReadOnlyList<string> Sources);

    private static async Task<Inspected> InspectAsync(
        Request request, string id, NuGetVersion? version, NuGetFramework framework, RidGraph graph, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var feed = new FeedClient(Directory.GetCurrentDirectory(), request.Sources, request.Timeout, request.PackagesFolder);
        (ResolvedPackage root, IReadOnlyCollection<ResolvedPackage> closure) = await ResolveClosureAsync(feed, id, version, framework, progress, cancellationToken).ConfigureAwait(false);
        int downloaded = closure.Count(p => !p.FromCache);
        progress($"{root.Identity.Id} {root.Identity.Version.ToNormalizedString()} ({framework.GetShortFolderName()}): {closure.Count} package(s) in the closure, {downloaded} downloaded, {closure.Count - downloaded} from {feed.GlobalPackagesFolder}, {clock.Elapsed.TotalSeconds:0.0} s");

        RestoredGraph assets = AssetsSynthesizer.Build(feed.GlobalPackagesFolder, framework, root, closure, feed.PathResolver);
        var settings = new CheckSettings
        {
            Rids = request.Rids.ToList(),
            AllowNative = true,
            GlibcFloors = GlibcFloors.DotNetDefaults(framework.Version.Major),
            MinMacOS = RuntimeFloors.DefaultMinMacOS(framework.Version.Major),
            ProjectName = "inspect",
        };
        cancellationToken.ThrowIfCancellationRequested();
        CoverageReport report;
        try
        {
            // The build's machine-wide inspection cache (same setting, same entries: the synthesized assets carry each package's SHA-512).
            Core.Binaries.InspectionCache? cache = Core.Binaries.InspectionCache.FromSetting(Environment.GetEnvironmentVariable("CrossGuardInspectionCacheDirectory"), Directory.GetCurrentDirectory());
            if (cache?.NotUsedMessage is { } notUsed)
            {
                progress(notUsed);
            }

            report = new CoverageEngine(graph, cache: cache).Check(assets, FrameworkSelector.Only, settings);
        }
        catch (CoverageInputException ex)
        {
            throw new CliException(ExitCodes.InputError, ex.Code + ": " + ex.Message);
        }

        return new Inspected(root, closure, report, feed.Sources);
    }

    /// <summary>"Id" or "Id@version"; a version must be a NuGet version (XG9105 otherwise).</summary>
    internal static (string Id, NuGetVersion? Version) ParsePackage(string text)
    {
        int at = text.IndexOf('@', StringComparison.Ordinal);
        string id = (at < 0 ? text : text.Substring(0, at)).Trim();
        if (id.Length == 0 || !PackageIdValidator.IsValidPackageId(id))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.BadPackageId, id);
        }

        if (at < 0)
        {
            return (id, null);
        }

        string versionText = text.Substring(at + 1).Trim();
        return NuGetVersion.TryParse(versionText, out NuGetVersion? version)
            ? (id, version)
            : throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.BadVersion, versionText, id);
    }

    /// <summary>
    /// A simple resolver, level by level from the root (breadth first): the first level at which an id appears wins
    /// ("nearest wins"); among the ranges for it on that level the highest lower bound is taken, and it resolves to
    /// that lower bound when it exists, else the lowest version satisfying the range. Deeper, conflicting ranges are
    /// not re-resolved (restore would bump cousins to the highest; see docs/cli/inspect.md).
    /// Each level is fetched in parallel (at most <see cref="MaxParallelDownloads"/> at once).
    /// </summary>
    internal static async Task<(ResolvedPackage Root, IReadOnlyCollection<ResolvedPackage> Closure)> ResolveClosureAsync(
        FeedClient feed, string id, NuGetVersion? version, NuGetFramework framework, Action<string> progress, CancellationToken cancellationToken)
    {
        version ??= await feed.LatestAsync(id, cancellationToken).ConfigureAwait(false);
        var resolved = new ConcurrentDictionary<string, ResolvedPackage>(StringComparer.OrdinalIgnoreCase);
        var root = new ResolvedPackage(new PackageIdentity(id, version), 0);
        progress($"Resolving {id} {version.ToNormalizedString()} for {framework.GetShortFolderName()} on {string.Join(", ", feed.Sources)} (cache: {feed.GlobalPackagesFolder})");
        await feed.FetchAsync(root, framework, progress, cancellationToken).ConfigureAwait(false);
        resolved[id] = root;
        List<ResolvedPackage> level = new() { root };
        for (int depth = 1; level.Count > 0; depth++)
        {
            List<PackageDependency> wanted = level.SelectMany(p => p.Dependencies)
                .Where(d => !resolved.ContainsKey(d.Id))
                .GroupBy(d => d.Id, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.OrderByDescending(d => d.VersionRange.MinVersion ?? new NuGetVersion(0, 0, 0)).First())
                .ToList();
            var next = new ConcurrentBag<ResolvedPackage>();
            int currentDepth = depth;
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDownloads, CancellationToken = cancellationToken }, async (dependency, ct) =>
            {
                NuGetVersion v = await feed.ResolveAsync(dependency.Id, dependency.VersionRange, ct).ConfigureAwait(false);
                var package = new ResolvedPackage(new PackageIdentity(dependency.Id, v), currentDepth);
                await feed.FetchAsync(package, framework, progress, ct).ConfigureAwait(false);
                next.Add(package);
            }).ConfigureAwait(false);
            foreach (ResolvedPackage package in next)
            {
                resolved[package.Identity.Id] = package;
            }

            level = next.ToList();
        }

        return (root, resolved.Values.ToList());
    }
}

/// <summary>What `inspect` looked at, for the JSON and SARIF outputs.</summary>
internal sealed record InspectSubject(string Id, string Version, string Framework, IReadOnlyList<string> Sources);
