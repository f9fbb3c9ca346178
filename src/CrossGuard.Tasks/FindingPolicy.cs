using System;
using System.Collections.Generic;
using System.Linq;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Tasks;

/// <summary>
/// How findings become MSBuild messages: CrossGuardSeverity can lower errors to warnings ("warning") or raise warnings
/// to errors ("error", except codes that are never errors: XG1007); NoWarn silences warnings (never errors); a CrossGuardSuppress match logs a message with its reason.
/// </summary>
internal sealed class FindingPolicy
{
    private readonly string _severity;
    private readonly HashSet<string> _noWarn;

    public FindingPolicy(string? severity, string? noWarn)
    {
        _severity = (severity ?? string.Empty).Trim().ToLowerInvariant();
        _noWarn = new HashSet<string>((noWarn ?? string.Empty).Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The severity to log; "error" never raises a code that is never an error (XG1007: ErrorEscalation.Never).</summary>
    public FindingSeverity Effective(FindingSeverity severity, DiagnosticCode diagnostic) => _severity switch
    {
        "warning" when severity == FindingSeverity.Error => FindingSeverity.Warning,
        "error" when severity == FindingSeverity.Warning && diagnostic.MayBeError => FindingSeverity.Error,
        _ => severity,
    };

    /// <summary>Logs one finding: as a message when suppressed, at low importance when NoWarn lists its code.</summary>
    public void Log(Logger logger, DiagnosticCode diagnostic, string message, FindingSeverity severity, string? suppressedBecause, string? file = null, int line = 0)
    {
        FindingSeverity effective = Effective(severity, diagnostic);
        if (suppressedBecause is not null)
        {
            logger.Log(MessageSeverity.Message, diagnostic, message + " (suppressed by CrossGuardSuppress: " + suppressedBecause + ")", file, line);
        }
        else if (effective == FindingSeverity.Warning && _noWarn.Contains(diagnostic.Id))
        {
            logger.VerboseResult(diagnostic.Id + ": " + message + " (NoWarn)");
        }
        else
        {
            logger.Log(effective switch
            {
                FindingSeverity.Error => MessageSeverity.Error,
                FindingSeverity.Warning => MessageSeverity.Warning,
                _ => MessageSeverity.Message,
            }, diagnostic, message, file, line);
        }
    }
}
