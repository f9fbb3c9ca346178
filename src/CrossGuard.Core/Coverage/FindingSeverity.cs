namespace CrossGuard.Core.Coverage;

/// <summary>How a finding is reported. Shared source: also compiled into the analyzers with the catalogue.</summary>
#if CROSSGUARD_ANALYZERS
internal
#else
public
#endif
enum FindingSeverity
{
    /// <summary>Recorded and visible at normal verbosity; never fails a build.</summary>
    Info,
    Warning,
    Error,
}
