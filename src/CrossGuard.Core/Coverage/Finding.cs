using System.Collections.Generic;

namespace CrossGuard.Core.Coverage;

/// <summary>How a finding is reported.</summary>
public enum FindingSeverity
{
    /// <summary>Recorded and visible at normal verbosity; never fails a build.</summary>
    Info,
    Warning,
    Error,
}

/// <summary>One coded CrossGuard result (XG1xxx, XG2xxx) with everything a message must name.</summary>
public sealed class Finding
{
    public Finding(string code, FindingSeverity severity, string message)
    {
        Code = code;
        Severity = severity;
        Message = message;
    }

    /// <summary>"XG1001" etc.</summary>
    public string Code { get; }

    public FindingSeverity Severity { get; set; }

    /// <summary>Message text without the code prefix.</summary>
    public string Message { get; }

    public string? PackageId { get; init; }

    public string? PackageVersion { get; init; }

    /// <summary>The one RID the finding is about; null when it is about several (see <see cref="Rids"/>) or none.</summary>
    public string? Rid { get; init; }

    /// <summary>Every RID the finding is about: XG1007 is one finding per package listing them; else [<see cref="Rid"/>].</summary>
    public IReadOnlyList<string> Rids
    {
        get => _rids ?? (Rid is null ? System.Array.Empty<string>() : new[] { Rid });
        init => _rids = value;
    }

    private readonly IReadOnlyList<string>? _rids;

    /// <summary>Package ids from the project's direct reference down to <see cref="PackageId"/>.</summary>
    public IReadOnlyList<string> DependencyPath { get; init; } = System.Array.Empty<string>();

    /// <summary>
    /// The referenced project whose PackageReference brought the package (its project file, relative to the checked
    /// project's directory), when the dependency path goes through ProjectReferences; null when the checked project
    /// itself references the head of the path.
    /// </summary>
    public string? ReferencedIn { get; set; }

    /// <summary>The package of the PackageReference that brought <see cref="PackageId"/>, in <see cref="ReferencedIn"/> or the checked project.</summary>
    public string? Reference { get; set; }

    /// <summary>The system library a finding is about (XG1012: "libgdiplus"), or null.</summary>
    public string? Library { get; init; }

    /// <summary>Native files involved, relative to the package folder.</summary>
    public IReadOnlyList<string> Files { get; init; } = System.Array.Empty<string>();

    /// <summary>Set when a CrossGuardSuppress item matched; the finding is then logged as a message only.</summary>
    public string? SuppressedBecause { get; set; }

    /// <summary>
    /// Codes that are never errors, neither for the RID being published nor under CrossGuardSeverity=error (XG1007:
    /// a PlatformNotSupported stub fails only if the app calls it there, which the package cannot tell). Hosts that
    /// raise severities ask this; MSBuild's own per-code switch (MSBuildWarningsAsErrors=XG1007) still works.
    /// </summary>
    public static bool NeverAnError(string code) => code == "XG1007";

    public override string ToString() => Code + ": " + Message;
}
