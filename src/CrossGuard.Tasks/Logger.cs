using System.Collections.Generic;
using CrossGuard.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks;

/// <summary>
/// Logs catalogue codes as coded MSBuild messages: the code goes in the Code field, the text in the message, and an
/// optional file/line so IDEs and CI annotations point at the PackageReference.
/// </summary>
internal sealed class Logger
{
    private readonly TaskLoggingHelper _log;

    public Logger(TaskLoggingHelper log) => _log = log;

    public bool HasLoggedErrors => _log.HasLoggedErrors;

    /// <summary>When set, every coded event is also recorded as a <see cref="ReplayLog"/> line.</summary>
    public List<string>? Recording { get; set; }

    public void Error(DiagnosticCode diagnostic, string text, string? file = null, int line = 0) => Log(MessageSeverity.Error, diagnostic, text, file, line);

    public void Warning(DiagnosticCode diagnostic, string text, string? file = null, int line = 0) => Log(MessageSeverity.Warning, diagnostic, text, file, line);

    public void Log(MessageSeverity severity, DiagnosticCode diagnostic, string text, string? file = null, int line = 0)
    {
        string code = diagnostic.Id;
        Recording?.Add(ReplayLog.Event(severity switch { MessageSeverity.Error => 'E', MessageSeverity.Warning => 'W', _ => 'M' }, code, file, line, text));
        switch (severity)
        {
            case MessageSeverity.Error:
                _log.LogError(null, code, null, file, line, 0, 0, 0, text);
                break;
            case MessageSeverity.Warning:
                _log.LogWarning(null, code, null, file, line, 0, 0, 0, text);
                break;
            default:
                _log.LogMessage(null, code, null, file, line, 0, 0, 0, MessageImportance.High, text);
                break;
        }
    }

    public void Info(string message) => _log.LogMessage(MessageImportance.Normal, message);

    /// <summary>An uncoded line shown at the default verbosity (about how the check ran, not a finding; not replayed).</summary>
    public void Notice(string message) => _log.LogMessage(MessageImportance.High, message);

    public void Verbose(string message) => _log.LogMessage(MessageImportance.Low, message);

    /// <summary>A low-importance message that is part of the check's result (replayed on no-op builds).</summary>
    public void VerboseResult(string message)
    {
        Recording?.Add(ReplayLog.Event('L', null, null, 0, message));
        _log.LogMessage(MessageImportance.Low, message);
    }
}

/// <summary>How a CrossGuard finding is reported.</summary>
public enum MessageSeverity
{
    None,
    Message,
    Warning,
    Error,
}
