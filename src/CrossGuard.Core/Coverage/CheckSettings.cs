using System;
using System.Collections.Generic;
using System.Linq;
using CrossGuard.Core.Containers;
using CrossGuard.Core.Rids;

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

    /// <summary>
    /// A package finding matches by package id; an image finding (XG2006, XG2009: no package) by the image reference
    /// as written (Include="mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine").
    /// </summary>
    public bool Matches(Finding finding) =>
        (finding.PackageId ?? finding.Image) is { } subject
        && string.Equals(subject, PackageId, StringComparison.OrdinalIgnoreCase)
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
                && s.Matches(new Finding(finding.Diagnostic, finding.Severity, finding.Message) { PackageId = finding.PackageId, Image = finding.Image, Rid = rid }));
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

    /// <summary>Oldest glibc the app supports for every RID, when <see cref="GlibcFloors"/> is not set (default: the .NET 8 runtime's floor).</summary>
    public Version MinGlibc { get; init; } = new(2, 23);

    /// <summary>CrossGuardMinGlibc per RID (a plain version, rid:version entries, the .NET defaults per architecture); wins over <see cref="MinGlibc"/>.</summary>
    public GlibcFloors? GlibcFloors { get; init; }

    /// <summary>
    /// The base image each container RID runs in (ContainerBaseImage with ContainerRuntimeIdentifier(s), or a
    /// Dockerfile's final stage): its libc replaces the declared floor for that RID (XG2006-XG2009).
    /// </summary>
    public IReadOnlyDictionary<string, BaseImage> Images { get; init; } = new Dictionary<string, BaseImage>();

    /// <summary>
    /// True when the container app is self-contained (SelfContained / PublishSelfContained / PublishAot): its app host
    /// and runtime are the RID's. A framework-dependent app in an image with a .NET runtime runs on the image's own
    /// `dotnet`, so a libc mismatch (XG2006) breaks only its RID-specific natives there: a warning, not an error.
    /// </summary>
    public bool ContainerSelfContained { get; init; }

    /// <summary>RIDs besides <see cref="CurrentRid"/> whose problems are errors: the RIDs of a container publish.</summary>
    public IReadOnlyCollection<string> ErrorRids { get; init; } = Array.Empty<string>();

    /// <summary>The glibc floor that applies to <paramref name="rid"/>.</summary>
    public Version MinGlibcFor(string rid) => GlibcFloors?.For(rid) ?? MinGlibc;

    /// <summary>Where that floor comes from, for messages ("CrossGuardMinGlibc is 2.27 (the .NET 10 runtime's own floor for x64)").</summary>
    public string DescribeMinGlibc(string rid) => GlibcFloors?.Describe(rid) ?? "CrossGuardMinGlibc is " + MinGlibc;

    /// <summary>The base image <paramref name="rid"/> runs in, or null.</summary>
    public BaseImage? ImageFor(string rid) => Images.TryGetValue(rid, out BaseImage? image) ? image : null;

    /// <summary>True for the RID being published and every RID of a container publish.</summary>
    public bool IsErrorRid(string? rid) =>
        rid is not null && (string.Equals(rid, CurrentRid, StringComparison.OrdinalIgnoreCase) || ErrorRids.Contains(rid, StringComparer.OrdinalIgnoreCase));

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
        GlibcFloors = GlibcFloors,
        Images = Images,
        ErrorRids = ErrorRids,
        ContainerSelfContained = ContainerSelfContained,
        MinMacOS = MinMacOS,
        Suppressions = Suppressions,
        ProjectName = ProjectName,
    };
}
