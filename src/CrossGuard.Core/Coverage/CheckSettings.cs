using System;
using System.Collections.Generic;
using System.Linq;

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
        && (Rid is null || (finding.Rids.Count > 0 && finding.Rids.All(r => string.Equals(Rid, r, StringComparison.OrdinalIgnoreCase))))
        && (Code is null || string.Equals(Code, finding.Code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The reason a finding is suppressed, or null. A finding about several RIDs (XG1007) is suppressed only when every
    /// one of them is covered, by one item without a Rid or by one item per RID (the reasons are joined).
    /// </summary>
    public static string? ReasonFor(IEnumerable<Suppression> suppressions, Finding finding)
    {
        List<Suppression> all = suppressions.ToList();
        if (all.FirstOrDefault(s => s.Matches(finding)) is { } whole)
        {
            return whole.Reason;
        }

        if (finding.Rids.Count < 2)
        {
            return null;
        }

        var reasons = new List<string>();
        foreach (string rid in finding.Rids)
        {
            Suppression? one = all.FirstOrDefault(s => s.Rid is not null && string.Equals(s.Rid, rid, StringComparison.OrdinalIgnoreCase)
                && s.Matches(new Finding(finding.Diagnostic, finding.Severity, finding.Message) { PackageId = finding.PackageId, Rid = rid }));
            if (one is null)
            {
                return null;
            }

            if (!reasons.Contains(one.Reason))
            {
                reasons.Add(one.Reason);
            }
        }

        return string.Join("; ", reasons);
    }
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
