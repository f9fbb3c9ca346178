using CrossGuard.Core.Assets;
using NuGet.ProjectModel;
using Xunit;

namespace CrossGuard.Tasks.Tests.Assets;

/// <summary>
/// NuGet's own LockFileFormat as the oracle for AssetsFileReader: every field the coverage check uses must read the
/// same. Linked into the integration tests, which run it on assets files restored from real native packages.
/// </summary>
public static class AssetsOracle
{
    /// <summary>Reads <paramref name="path"/> with both readers and asserts they agree; returns how many libraries were compared.</summary>
    public static int AssertSameAsNuGet(string path)
    {
        LockFile expected = new LockFileFormat().Read(path);
        RestoredGraph actual = AssetsFileReader.Read(path);

        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.PackageFolders.Select(f => f.Path), actual.PackageFolders);
        Assert.Equal(expected.Targets.Count, actual.Targets.Count);
        int compared = 0;
        foreach ((LockFileTarget want, RestoredTarget got) in expected.Targets.Zip(actual.Targets))
        {
            Assert.Equal(want.RuntimeIdentifier ?? string.Empty, got.Rid ?? string.Empty);
            Assert.Equal(want.TargetFramework, NuGet.Frameworks.NuGetFramework.Parse(got.FrameworkKey));
            Assert.Equal(want.Libraries.Count, got.Libraries.Count);
            foreach ((LockFileTargetLibrary wantLib, TargetLibrary gotLib) in want.Libraries.Zip(got.Libraries))
            {
                string where = $"{path}: {got.FrameworkKey}/{got.Rid} {gotLib.Name}";
                Assert.True(wantLib.Name == gotLib.Name, where);
                Assert.True(wantLib.Version?.ToNormalizedString() == gotLib.Version, where + " version");
                Assert.True(wantLib.Type == gotLib.Type, where + " type");
                Assert.True(wantLib.Dependencies.Select(d => d.Id).SequenceEqual(gotLib.Dependencies), where + " dependencies");
                Assert.True(wantLib.NativeLibraries.Select(n => n.Path).SequenceEqual(gotLib.NativeLibraries), where + " native");
                Assert.True(wantLib.RuntimeAssemblies.Select(n => n.Path).SequenceEqual(gotLib.RuntimeAssemblies), where + " runtime");
                Assert.True(wantLib.RuntimeTargets.Select(r => (r.Path, r.Runtime, r.AssetType))
                    .SequenceEqual(gotLib.RuntimeTargets.Select(r => (r.Path, r.Rid, r.AssetType))), where + " runtimeTargets");
                compared++;
            }
        }

        foreach (LockFileLibrary want in expected.Libraries.Where(l => l.Type == "package").GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()))
        {
            Assert.True(actual.Libraries.TryGetValue(want.Name, out RestoredLibrary? got), want.Name);
            Assert.Equal(want.Path, got!.Path);
            Assert.Equal(want.Sha512, got.Sha512);
            Assert.Equal(want.Version.ToNormalizedString(), got.Version);
            Assert.Equal(want.Files.Contains("runtime.json"), got.HasRuntimeJson);
        }

        Assert.Equal(expected.Libraries.Where(l => l.Type == "package").Select(l => l.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count(), actual.Libraries.Count);
        if (expected.PackageSpec is not null)
        {
            Assert.Equal(expected.PackageSpec.TargetFrameworks.Count, actual.Frameworks.Count);
            foreach ((TargetFrameworkInformation want, ProjectFramework got) in expected.PackageSpec.TargetFrameworks.Zip(actual.Frameworks))
            {
                Assert.Equal(want.TargetAlias, got.Alias);
                Assert.Equal(want.Dependencies.Select(d => d.Name).Order(StringComparer.Ordinal), got.Dependencies.Order(StringComparer.Ordinal));
            }
        }

        return compared;
    }
}
