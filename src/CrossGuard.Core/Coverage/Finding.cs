using System.Collections.Generic;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Core.Coverage;

/// <summary>One coded CrossGuard result (XG1xxx, XG2xxx) with everything a message must name.</summary>
public sealed class Finding
{
    public Finding(DiagnosticCode diagnostic, FindingSeverity severity, string message)
    {
        Diagnostic = diagnostic;
        Severity = severity;
        Message = message;
    }

    /// <summary>The catalogue entry of the finding's code.</summary>
    public DiagnosticCode Diagnostic { get; }

    /// <summary>"XG1001" etc. (<see cref="Diagnostic"/>'s id).</summary>
    public string Code => Diagnostic.Id;

    public FindingSeverity Severity { get; set; }

    /// <summary>Message text without the code prefix.</summary>
    public string Message { get; }

    public string? PackageId { get; init; }

    public string? PackageVersion { get; init; }

    /// <summary>The container base image the finding is about (XG2006-XG2009), as written; null otherwise.</summary>
    public string? Image { get; init; }

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

    /// <summary>Native files involved, relative to the package folder.</summary>
    public IReadOnlyList<string> Files { get; init; } = System.Array.Empty<string>();

    /// <summary>Set when a CrossGuardSuppress item matched; the finding is then logged as a message only.</summary>
    public string? SuppressedBecause { get; set; }

    public override string ToString() => Code + ": " + Message;
}
