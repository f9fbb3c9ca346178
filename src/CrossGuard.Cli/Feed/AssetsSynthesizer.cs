using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using NuGet.Client;
using NuGet.ContentModel;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.RuntimeModel;
using NuGet.Versioning;

namespace CrossGuard.Cli.Feed;

/// <summary>
/// Builds, in memory, the assets file restore would write for a project with one PackageReference, so the one
/// coverage engine (<see cref="Core.Coverage.CoverageEngine"/>) judges a feed package exactly as it judges a project.
/// Asset selection is NuGet's own: <see cref="ContentItemCollection"/> with <see cref="ManagedCodeConventions"/>.
/// </summary>
internal static class AssetsSynthesizer
{
    private static readonly Lazy<RuntimeGraph> s_runtimeGraph = new(() =>
    {
        using Stream stream = typeof(RidGraph).Assembly.GetManifestResourceStream("CrossGuard.PortableRuntimeIdentifierGraph.json")
            ?? throw new InvalidOperationException("the bundled RID graph is missing");
        return JsonRuntimeFormat.ReadRuntimeGraph(stream);
    });

    public static RestoredGraph Build(string globalPackagesFolder, NuGetFramework framework, ResolvedPackage root, IReadOnlyCollection<ResolvedPackage> packages, VersionFolderPathResolver resolver)
    {
        var conventions = new ManagedCodeConventions(s_runtimeGraph.Value);
        string key = framework.GetShortFolderName();
        var assets = new RestoredGraph { Version = 3 };
        assets.PackageFolders.Add(globalPackagesFolder);
        var target = new RestoredTarget(key, null);
        foreach (ResolvedPackage package in packages.OrderBy(p => p.Identity.Id, StringComparer.OrdinalIgnoreCase))
        {
            string version = package.Identity.Version.ToNormalizedString();
            List<string> files = PackageFiles(package.Folder);
            assets.Libraries.TryAdd(package.Identity.Id, new RestoredLibrary(package.Identity.Id, version, "package",
                resolver.GetPackageDirectory(package.Identity.Id, package.Identity.Version).Replace('\\', '/'),
                files.Contains("runtime.json", StringComparer.OrdinalIgnoreCase),
                InspectionCache.ReadPackageHash(resolver.GetHashPath(package.Identity.Id, package.Identity.Version))));

            var library = new TargetLibrary(package.Identity.Id, version, "package");
            library.Dependencies.AddRange(package.Dependencies.Select(d => d.Id));
            var items = new ContentItemCollection();
            items.Load(files);

            // RID-neutral natives, as restore computes them for the RID-less target.
            ContentItemGroup? neutral = items.FindBestItemGroup(conventions.Criteria.ForFramework(framework), conventions.Patterns.NativeLibraries);
            if (neutral is not null)
            {
                library.NativeLibraries.AddRange(neutral.Items.Select(i => i.Path));
            }

            // runtimes/<rid>/... : per RID, the group nearest to the framework (LockFileUtils.GetRuntimeTargetLockFileItems).
            library.RuntimeTargets.AddRange(RuntimeTargets(items, conventions.Patterns.RuntimeAssemblies, framework, "runtime"));
            library.RuntimeTargets.AddRange(RuntimeTargets(items, conventions.Patterns.NativeLibraries, framework, "native"));
            target.Libraries.Add(library);
        }

        assets.Targets.Add(target);
        var project = new ProjectFramework(key, key);
        project.Dependencies.Add(root.Identity.Id);
        assets.Frameworks.Add(project);
        return assets;
    }

    private static IEnumerable<RuntimeTargetAsset> RuntimeTargets(ContentItemCollection items, PatternSet patterns, NuGetFramework framework, string assetType)
    {
        var groups = new List<ContentItemGroup>();
        items.PopulateItemGroups(patterns, groups);
        foreach (IGrouping<string, ContentItemGroup> byRid in groups
            .Where(g => g.Properties.TryGetValue(ManagedCodeConventions.PropertyNames.RuntimeIdentifier, out object? rid) && rid is string)
            .GroupBy(g => (string)g.Properties[ManagedCodeConventions.PropertyNames.RuntimeIdentifier], StringComparer.Ordinal))
        {
            ContentItemGroup? nearest = NuGetFrameworkUtility.GetNearest(byRid, framework,
                g => g.Properties.TryGetValue(ManagedCodeConventions.PropertyNames.TargetFrameworkMoniker, out object? tfm) && tfm is NuGetFramework f ? f : NuGetFramework.AnyFramework);
            if (nearest is null)
            {
                continue;
            }

            foreach (ContentItem item in nearest.Items)
            {
                yield return new RuntimeTargetAsset(item.Path, byRid.Key, assetType);
            }
        }
    }

    private static List<string> PackageFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
}
