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

    public string? Rid { get; init; }

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

    /// <summary>Native files involved, relative to the package folder.</summary>
    public IReadOnlyList<string> Files { get; init; } = System.Array.Empty<string>();

    /// <summary>Set when a CrossGuardSuppress item matched; the finding is then logged as a message only.</summary>
    public string? SuppressedBecause { get; set; }

    public override string ToString() => Code + ": " + Message;
}
