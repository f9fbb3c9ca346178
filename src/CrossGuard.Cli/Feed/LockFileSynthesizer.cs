using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrossGuard.Core.Rids;
using NuGet.Client;
using NuGet.ContentModel;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.Packaging;
using NuGet.ProjectModel;
using NuGet.RuntimeModel;
using NuGet.Versioning;

namespace CrossGuard.Cli.Feed;

/// <summary>
/// Builds, in memory, the assets file restore would write for a project with one PackageReference, so the one
/// coverage engine (<see cref="Core.Coverage.CoverageEngine"/>) judges a feed package exactly as it judges a project.
/// Asset selection is NuGet's own: <see cref="ContentItemCollection"/> with <see cref="ManagedCodeConventions"/>.
/// </summary>
internal static class LockFileSynthesizer
{
    private static readonly Lazy<RuntimeGraph> s_runtimeGraph = new(() =>
    {
        using Stream stream = typeof(RidGraph).Assembly.GetManifestResourceStream("CrossGuard.PortableRuntimeIdentifierGraph.json")
            ?? throw new InvalidOperationException("the bundled RID graph is missing");
        return JsonRuntimeFormat.ReadRuntimeGraph(stream);
    });

    public static LockFile Build(string globalPackagesFolder, NuGetFramework framework, ResolvedPackage root, IReadOnlyCollection<ResolvedPackage> packages, VersionFolderPathResolver resolver)
    {
        var conventions = new ManagedCodeConventions(s_runtimeGraph.Value);
        var lockFile = new LockFile { Version = LockFileFormat.Version };
        lockFile.PackageFolders.Add(new LockFileItem(globalPackagesFolder));
        var target = new LockFileTarget { TargetFramework = framework };
        foreach (ResolvedPackage package in packages.OrderBy(p => p.Identity.Id, StringComparer.OrdinalIgnoreCase))
        {
            List<string> files = PackageFiles(package.Folder);
            lockFile.Libraries.Add(new LockFileLibrary
            {
                Name = package.Identity.Id,
                Version = package.Identity.Version,
                Type = LibraryType.Package,
                Path = resolver.GetPackageDirectory(package.Identity.Id, package.Identity.Version).Replace('\\', '/'),
                Files = files,
            });

            var library = new LockFileTargetLibrary
            {
                Name = package.Identity.Id,
                Version = package.Identity.Version,
                Type = LibraryType.Package,
                Dependencies = package.Dependencies.ToList(),
            };
            var items = new ContentItemCollection();
            items.Load(files);

            // RID-neutral natives, as restore computes them for the RID-less target.
            ContentItemGroup? neutral = items.FindBestItemGroup(conventions.Criteria.ForFramework(framework), conventions.Patterns.NativeLibraries);
            if (neutral is not null)
            {
                library.NativeLibraries = neutral.Items.Select(i => new LockFileItem(i.Path)).ToList();
            }

            // runtimes/<rid>/... : per RID, the group nearest to the framework (LockFileUtils.GetRuntimeTargetLockFileItems).
            var runtimeTargets = new List<LockFileRuntimeTarget>();
            runtimeTargets.AddRange(RuntimeTargets(items, conventions.Patterns.RuntimeAssemblies, framework, "runtime"));
            runtimeTargets.AddRange(RuntimeTargets(items, conventions.Patterns.NativeLibraries, framework, "native"));
            library.RuntimeTargets = runtimeTargets;
            target.Libraries.Add(library);
        }

        lockFile.Targets.Add(target);
        var dependency = new LibraryDependency
        {
            LibraryRange = new LibraryRange(root.Identity.Id, new VersionRange(root.Identity.Version), LibraryDependencyTarget.Package),
        };
        var tfi = new TargetFrameworkInformation { FrameworkName = framework, Dependencies = System.Collections.Immutable.ImmutableArray.Create(dependency) };
        lockFile.PackageSpec = new PackageSpec(new[] { tfi }) { Name = "inspect" };
        return lockFile;
    }

    private static IEnumerable<LockFileRuntimeTarget> RuntimeTargets(ContentItemCollection items, PatternSet patterns, NuGetFramework framework, string assetType)
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
                yield return new LockFileRuntimeTarget(item.Path, byRid.Key, assetType);
            }
        }
    }

    private static List<string> PackageFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
}
