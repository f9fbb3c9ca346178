using System;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Tasks;

/// <summary>An expected failure with a CrossGuard code; logged as one coded error, without a stack trace.</summary>
public sealed class CrossGuardBuildException : Exception
{
    public CrossGuardBuildException(DiagnosticCode diagnostic, params object?[] args)
        : base(diagnostic.Format(args)) => Diagnostic = diagnostic;

    private CrossGuardBuildException(DiagnosticCode diagnostic, string message, Exception? inner)
        : base(message, inner) => Diagnostic = diagnostic;

    public CrossGuardBuildException(string message)
        : base(message) => Diagnostic = DiagnosticCatalogue.InternalError;

    public CrossGuardBuildException(string message, Exception inner)
        : base(message, inner) => Diagnostic = DiagnosticCatalogue.InternalError;

    public CrossGuardBuildException()
        : this("unknown CrossGuard error")
    {
    }

    /// <summary>An input error the engine raised, already worded (its code and text, unchanged).</summary>
    public static CrossGuardBuildException From(Core.Coverage.CoverageInputException input) => new(input.Diagnostic, input.Message, input);

    /// <summary>The catalogue entry of the error (XG9xxx).</summary>
    public DiagnosticCode Diagnostic { get; }
}
