using System;
using System.Collections.Generic;
using System.Linq;
using CrossGuard.Core.Coverage;

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

    /// <summary>The severity to log; "error" never raises a code that is never an error (XG1007, see Finding.NeverAnError).</summary>
    public FindingSeverity Effective(FindingSeverity severity, string? code = null) => _severity switch
    {
        "warning" when severity == FindingSeverity.Error => FindingSeverity.Warning,
        "error" when severity == FindingSeverity.Warning && !(code is not null && Finding.NeverAnError(code)) => FindingSeverity.Error,
        _ => severity,
    };

    /// <summary>Logs one finding: as a message when suppressed, at low importance when NoWarn lists its code.</summary>
    public void Log(Logger logger, string code, string message, FindingSeverity severity, string? suppressedBecause, string? file = null, int line = 0)
    {
        string coded = code + ": " + message;
        FindingSeverity effective = Effective(severity, code);
        if (suppressedBecause is not null)
        {
            logger.Log(MessageSeverity.Message, coded + " (suppressed by CrossGuardSuppress: " + suppressedBecause + ")", file, line);
        }
        else if (effective == FindingSeverity.Warning && _noWarn.Contains(code))
        {
            logger.VerboseResult(coded + " (NoWarn)");
        }
        else
        {
            logger.Log(effective switch
            {
                FindingSeverity.Error => MessageSeverity.Error,
                FindingSeverity.Warning => MessageSeverity.Warning,
                _ => MessageSeverity.Message,
            }, coded, file, line);
        }
    }
}
