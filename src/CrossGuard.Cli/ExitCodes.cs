namespace CrossGuard.Cli;

/// <summary>Documented exit codes of the crossguard tool (see README.md and docs/cli/&lt;command&gt;.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success: nothing at error level.</summary>
    public const int Ok = 0;

    /// <summary>A check found at least one error-level problem.</summary>
    public const int ProblemsFound = 1;

    /// <summary>Bad command line (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>An input could not be read (missing file, unreadable assets file, malformed project).</summary>
    public const int InputError = 3;

    /// <summary>A feed could not be reached, or a package/version does not exist on it.</summary>
    public const int FeedError = 4;

    /// <summary>A bug in crossguard (XG9099): reported as one line, never a stack trace.</summary>
    public const int InternalError = 5;
}
