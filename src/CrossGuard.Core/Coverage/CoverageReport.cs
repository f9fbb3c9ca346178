using System.Collections.Generic;

namespace CrossGuard.Core.Coverage;

/// <summary>Coverage verdict for one package on one RID.</summary>
public enum CoverageStatus
{
    /// <summary>The package has no native assets at all.</summary>
    NotNative,

    /// <summary>Native files selected for the RID and they fit it.</summary>
    Ok,

    /// <summary>The package blocks the RID on purpose with a `_._` placeholder.</summary>
    Blocked,

    /// <summary>Native assets exist for other RIDs, none for this one.</summary>
    Missing,

    /// <summary>Files were selected but do not fit (glibc on musl, wrong OS/arch, glibc or macOS floor).</summary>
    Wrong,

    /// <summary>Loads only on targets newer than the declared minimum (glibc or macOS floor above it).</summary>
    AboveFloor,

    /// <summary>Native code present while CrossGuardAllowNative=false.</summary>
    Forbidden,

    /// <summary>A selected file claims to be a library but nothing in it can load: missing, not a binary, a Git LFS pointer, an unreadable header.</summary>
    Unloadable,
}

/// <summary>One cell of the package × RID matrix.</summary>
public sealed class RidCoverage
{
    public CoverageStatus Status { get; set; }

    /// <summary>Selected native files, relative to the package folder.</summary>
    public List<string> Files { get; } = new();

    /// <summary>The RID folder the files came from (may be a fallback such as linux-x64 for linux-musl-x64).</summary>
    public string? SelectedFrom { get; set; }

    public string? Reason { get; set; }
}

/// <summary>One package of the restored graph.</summary>
public sealed class PackageCoverage
{
    public PackageCoverage(string id, string version)
    {
        Id = id;
        Version = version;
    }

    public string Id { get; }

    public string Version { get; }

    /// <summary>Dependency path from the project's direct reference to this package.</summary>
    public IReadOnlyList<string> Path { get; set; } = System.Array.Empty<string>();

    public bool Native { get; set; }

    public Dictionary<string, RidCoverage> Coverage { get; } = new(System.StringComparer.OrdinalIgnoreCase);
}

/// <summary>Everything one check produced.</summary>
public sealed class CoverageReport
{
    public List<string> Rids { get; } = new();

    /// <summary>The target framework that was checked (its TargetFramework alias, e.g. net8.0).</summary>
    public string? Framework { get; init; }

    /// <summary>False when the project declared no RID and <see cref="Rids"/> were chosen by the engine (XG1011: information only).</summary>
    public bool RidsDeclared { get; init; } = true;

    public List<PackageCoverage> Packages { get; } = new();

    public List<Finding> Findings { get; } = new();

    /// <summary>Native file names selected per RID across all packages (what DllImport can find there).</summary>
    public SortedDictionary<string, SortedSet<string>> LibrariesByRid { get; } = new(System.StringComparer.OrdinalIgnoreCase);
}
