using System;

namespace CrossGuard.Tasks;

/// <summary>An expected failure with a CrossGuard code; logged as one coded error, without a stack trace.</summary>
public sealed class CrossGuardBuildException : Exception
{
    public CrossGuardBuildException(string message)
        : base(message)
    {
    }

    public CrossGuardBuildException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CrossGuardBuildException()
    {
    }
}
