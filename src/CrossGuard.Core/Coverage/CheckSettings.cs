using System;
using System.Collections.Generic;

namespace CrossGuard.Core.Coverage;

/// <summary>A CrossGuardSuppress item: package id, optional RID and code, and the reason.</summary>
public sealed class Suppression
{
    public Suppression(string packageId, string? rid, string? code, string reason)
    {
        PackageId = packageId;
        Rid = string.IsNullOrWhiteSpace(rid) ? null : rid;
        Code = string.IsNullOrWhiteSpace(code) ? null : code;
        Reason = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason;
    }

    public string PackageId { get; }

    public string? Rid { get; }

    public string? Code { get; }

    public string Reason { get; }

    public bool Matches(Finding finding) =>
        finding.PackageId is not null
        && string.Equals(finding.PackageId, PackageId, StringComparison.OrdinalIgnoreCase)
        && (Rid is null || string.Equals(Rid, finding.Rid, StringComparison.OrdinalIgnoreCase))
        && (Code is null || string.Equals(Code, finding.Code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What the check is asked to verify.</summary>
public sealed class CheckSettings
{
    /// <summary>Every RID the project ships (CrossGuardRuntimeIdentifiers plus RuntimeIdentifier).</summary>
    public IReadOnlyList<string> Rids { get; init; } = Array.Empty<string>();

    /// <summary>The RID being built/published now (problems for it are errors); null for a RID-less build.</summary>
    public string? CurrentRid { get; init; }

    /// <summary>False is the CGO_ENABLED=0 guard: any native crossing is an error.</summary>
    public bool AllowNative { get; init; } = true;

    /// <summary>Oldest glibc the app supports (default: the .NET runtime's own floor, see RuntimeFloors).</summary>
    public Version MinGlibc { get; init; } = new(2, 23);

    public Version MinMacOS { get; init; } = new(12, 0);

    public IReadOnlyList<Suppression> Suppressions { get; init; } = Array.Empty<Suppression>();

    /// <summary>The project's own name, the head of every dependency path.</summary>
    public string ProjectName { get; init; } = "project";

    /// <summary>The same settings for other RIDs.</summary>
    public CheckSettings WithRids(IReadOnlyList<string> rids) => new()
    {
        Rids = rids,
        CurrentRid = CurrentRid,
        AllowNative = AllowNative,
        MinGlibc = MinGlibc,
        MinMacOS = MinMacOS,
        Suppressions = Suppressions,
        ProjectName = ProjectName,
    };
}
