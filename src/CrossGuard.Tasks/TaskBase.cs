using System;
using Microsoft.Build.Framework;

namespace CrossGuard.Tasks;

/// <summary>
/// Base of every CrossGuard task: expected failures (<see cref="CrossGuardBuildException"/>) become one coded error;
/// anything else is rethrown so MSBuild reports MSB4018 with the stack, which is what a CrossGuard bug deserves.
/// </summary>
public abstract class TaskBase : Microsoft.Build.Utilities.Task
{
    private Logger? _logger;

    internal Logger Logger => _logger ??= new Logger(Log);

    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (CrossGuardBuildException ex)
        {
            Logger.Error(ex.Diagnostic, ex.Message);
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    /// <summary>Resolves a path against the project directory (never the process's current directory).</summary>
    protected static string Resolve(string projectDirectory, string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(projectDirectory, path));

    /// <summary>Marks a required input in XML docs; kept here so every task reads inputs the same way.</summary>
    protected static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new CrossGuardBuildException(Core.Diagnostics.DiagnosticCatalogue.MissingInput, name) : value!;

    [Output]
    public string? Summary { get; protected set; }
}
