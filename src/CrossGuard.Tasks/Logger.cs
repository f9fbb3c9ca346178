using System.Collections.Generic;
using System;
using System.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CrossGuard.Tasks;

/// <summary>
/// Logs TaskMessages formats ("XG1001: ...") as coded MSBuild messages: the code goes in the Code field, the text
/// after the colon in the message, and an optional file/line so IDEs and CI annotations point at the PackageReference.
/// </summary>
internal sealed class Logger
{
    private readonly TaskLoggingHelper _log;

    public Logger(TaskLoggingHelper log) => _log = log;

    public bool HasLoggedErrors => _log.HasLoggedErrors;

    /// <summary>When set, every coded event is also recorded as a <see cref="ReplayLog"/> line.</summary>
    public List<string>? Recording { get; set; }

    public void Error(string codedMessage, string? file = null, int line = 0) => Log(MessageSeverity.Error, codedMessage, file, line);

    public void Warning(string codedMessage, string? file = null, int line = 0) => Log(MessageSeverity.Warning, codedMessage, file, line);

    public void Log(MessageSeverity severity, string codedMessage, string? file = null, int line = 0)
    {
        (string code, string text) = Split(codedMessage);
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

    /// <summary>Splits "XG1001: text" into its code and text.</summary>
    internal static (string Code, string Text) Split(string codedMessage)
    {
        int colon = codedMessage.IndexOf(':', StringComparison.Ordinal);
        Debug.Assert(colon == 6 && codedMessage.StartsWith("XG", StringComparison.Ordinal), $"Message is not coded: {codedMessage}");
        return colon == 6 && codedMessage.StartsWith("XG", StringComparison.Ordinal)
            ? (codedMessage.Substring(0, 6), codedMessage.Substring(7).TrimStart())
            : ("XG9999", codedMessage);
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
