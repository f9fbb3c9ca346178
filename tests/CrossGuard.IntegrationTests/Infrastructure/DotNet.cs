using System.Diagnostics;
using System.Text;

namespace CrossGuard.IntegrationTests.Infrastructure;

/// <summary>Result of one `dotnet` invocation.</summary>
public sealed record CommandResult(int ExitCode, string Output, string CommandLine)
{
    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n{Output}";
}

/// <summary>Runs the real `dotnet` CLI with an isolated NuGet packages folder and no build server.</summary>
public static class DotNet
{
    public static CommandResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // The test run's own MSBuild/SDK variables must not leak into the child build.
        foreach (string leak in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(leak);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        return Capture(start, timeout, "dotnet " + string.Join(' ', args));
    }

    /// <summary>Starts a process, collects stdout and stderr together, and kills the whole tree after the timeout.</summary>
    public static CommandResult Capture(ProcessStartInfo start, TimeSpan timeout, string commandLine)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish in {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new CommandResult(process.ExitCode, output.ToString(), commandLine);
        }
    }
}
