using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using CrossGuard.Core.Diagnostics;

namespace CrossGuard.Cli;

/// <summary>The MSBuild facts `crossguard check` needs about a project, read with `dotnet msbuild -getProperty`.</summary>
internal sealed class ProjectFacts
{
    public required string ProjectPath { get; init; }

    public required string AssetsFile { get; init; }

    public required IReadOnlyList<string> Rids { get; init; }

    /// <summary>$(TargetFramework): the alias of the framework this evaluation is for (net8.0).</summary>
    public string? TargetFramework { get; init; }

    public string? TargetFrameworkMoniker { get; init; }

    public string? RuntimeGraphPath { get; init; }

    public bool AllowNative { get; init; } = true;

    public string? MinGlibc { get; init; }

    public string? MinMacOS { get; init; }

    /// <summary>ContainerBaseImage, ContainerFamily, ContainerRuntimeIdentifier(s) as the project declares them (empty when it does not).</summary>
    public string? ContainerBaseImage { get; init; }

    public string? ContainerFamily { get; init; }

    /// <summary>The container RIDs the SDK would use for the declared container properties (empty: none declared).</summary>
    public IReadOnlyList<string> ContainerRids { get; init; } = Array.Empty<string>();

    /// <summary>SelfContained, PublishSelfContained or PublishAot is true.</summary>
    public bool SelfContained { get; init; }
}

/// <summary>Evaluates projects by running the real SDK (no MSBuild API in-process: the tool must not pin an MSBuild).</summary>
internal static class ProjectEvaluator
{
    private static readonly string[] s_properties =
    {
        "ProjectAssetsFile", "RuntimeIdentifiers", "RuntimeIdentifier", "CrossGuardRuntimeIdentifiers", "TargetFramework", "TargetFrameworkMoniker",
        "TargetFrameworks", "RuntimeIdentifierGraphPath", "CrossGuardAllowNative", "CrossGuardMinGlibc", "CrossGuardMinMacOS",
        "ContainerBaseImage", "ContainerFamily", "ContainerRuntimeIdentifier", "ContainerRuntimeIdentifiers", "NETCoreSdkPortableRuntimeIdentifier",
        "SelfContained", "PublishSelfContained", "PublishAot",
    };

    /// <summary>Project files named by a path: a project, a solution (.sln/.slnx), or a directory holding either.</summary>
    public static IReadOnlyList<string> FindProjects(string path)
    {
        if (File.Exists(path))
        {
            return path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
                ? ProjectsOfSolution(path)
                : new[] { Path.GetFullPath(path) };
        }

        if (!Directory.Exists(path))
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.PathMissing, path);
        }

        string[] projects = Directory.GetFiles(path, "*.*proj").Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (projects.Length > 0)
        {
            return projects.Select(Path.GetFullPath).ToArray();
        }

        string[] solutions = Directory.GetFiles(path, "*.sln").Concat(Directory.GetFiles(path, "*.slnx")).ToArray();
        return solutions.Length == 1
            ? ProjectsOfSolution(solutions[0])
            : throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.NoProjectInFolder, path, solutions.Length > 1 ? " and several solutions; name one" : string.Empty);
    }

    /// <summary>
    /// One evaluation per TargetFramework: a multi-targeted project gives one per entry of TargetFrameworks (or only
    /// <paramref name="framework"/>, XG9015 when the project does not have it).
    /// </summary>
    public static IReadOnlyList<ProjectFacts> Evaluate(string projectPath, IReadOnlyList<string>? ridOverride, string? framework, Action<string> progress)
    {
        Dictionary<string, string> props = GetProperties(projectPath, Array.Empty<string>());
        List<string> tfms = string.IsNullOrEmpty(props.GetValueOrDefault("TargetFramework"))
            ? Split(props.GetValueOrDefault("TargetFrameworks")).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : new List<string> { props["TargetFramework"] };
        if (framework is { Length: > 0 })
        {
            string? match = tfms.FirstOrDefault(t => string.Equals(t, framework.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.FrameworkNotTargeted, projectPath, framework, tfms.Count == 1 ? " is" : "s are", string.Join(", ", tfms));
            }

            tfms = new List<string> { match };
        }

        if (tfms.Count == 0 || (tfms.Count == 1 && string.Equals(tfms[0], props.GetValueOrDefault("TargetFramework"), StringComparison.OrdinalIgnoreCase)))
        {
            return new[] { Facts(projectPath, props, ridOverride, progress) };
        }

        return tfms.Select(tfm => Facts(projectPath, GetProperties(projectPath, new[] { "-p:TargetFramework=" + tfm }), ridOverride, progress)).ToList();
    }

    private static ProjectFacts Facts(string projectPath, Dictionary<string, string> props, IReadOnlyList<string>? ridOverride, Action<string> progress)
    {
        string assets = props.GetValueOrDefault("ProjectAssetsFile") ?? string.Empty;
        if (assets.Length == 0)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.NotPackageReferenceProject, projectPath);
        }

        if (!File.Exists(assets))
        {
            progress($"Restoring {Path.GetFileName(projectPath)} ...");
            Run(new[] { "restore", projectPath, "-nologo", "-v:q" }, out string output, out int exit);
            if (exit != 0)
            {
                throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.RestoreFailed, projectPath, output.Trim());
            }
        }

        List<string> rids = ridOverride is { Count: > 0 }
            ? ridOverride.ToList()
            : Split(props.GetValueOrDefault("CrossGuardRuntimeIdentifiers") is { Length: > 0 } cg ? cg : props.GetValueOrDefault("RuntimeIdentifiers"))
                .Concat(Split(props.GetValueOrDefault("RuntimeIdentifier"))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        return new ProjectFacts
        {
            ProjectPath = projectPath,
            AssetsFile = assets,
            Rids = rids,
            TargetFramework = props.GetValueOrDefault("TargetFramework"),
            TargetFrameworkMoniker = props.GetValueOrDefault("TargetFrameworkMoniker"),
            RuntimeGraphPath = props.GetValueOrDefault("RuntimeIdentifierGraphPath"),
            AllowNative = !string.Equals(props.GetValueOrDefault("CrossGuardAllowNative"), "false", StringComparison.OrdinalIgnoreCase),
            MinGlibc = props.GetValueOrDefault("CrossGuardMinGlibc"),
            MinMacOS = props.GetValueOrDefault("CrossGuardMinMacOS"),
            ContainerBaseImage = props.GetValueOrDefault("ContainerBaseImage"),
            ContainerFamily = props.GetValueOrDefault("ContainerFamily"),
            ContainerRids = ContainerRids(props),
            SelfContained = new[] { "SelfContained", "PublishSelfContained", "PublishAot" }.Any(p => string.Equals(props.GetValueOrDefault(p), "true", StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>
    /// The RIDs the SDK's ComputeContainerBaseImage would build images for, when the project declares a container
    /// (ContainerBaseImage, ContainerFamily or container RIDs): ContainerRuntimeIdentifier, else RuntimeIdentifier, else
    /// ContainerRuntimeIdentifiers, else RuntimeIdentifiers, else linux-&lt;SDK architecture&gt; (as build/CrossGuard.targets does).
    /// </summary>
    private static List<string> ContainerRids(Dictionary<string, string> props)
    {
        string Get(string name) => props.GetValueOrDefault(name) ?? string.Empty;
        if ((Get("ContainerBaseImage") + Get("ContainerFamily") + Get("ContainerRuntimeIdentifier") + Get("ContainerRuntimeIdentifiers")).Trim().Length == 0)
        {
            return new List<string>();
        }

        foreach (string name in new[] { "ContainerRuntimeIdentifier", "RuntimeIdentifier", "ContainerRuntimeIdentifiers", "RuntimeIdentifiers" })
        {
            List<string> rids = Split(Get(name)).ToList();
            if (rids.Count > 0)
            {
                return rids;
            }
        }

        string[] host = Get("NETCoreSdkPortableRuntimeIdentifier").Split('-');
        return host.Length == 2 ? new List<string> { "linux-" + host[1] } : new List<string>();
    }

    private static Dictionary<string, string> GetProperties(string projectPath, string[] extra)
    {
        var args = new List<string> { "msbuild", projectPath, "-nologo" };
        args.AddRange(s_properties.Select(p => "-getProperty:" + p));
        args.AddRange(extra);
        Run(args, out string output, out int exit);
        if (exit != 0)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.ProjectNotEvaluated, projectPath, output.Trim());
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("Properties").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.ProjectEvaluationUnexpected, projectPath);
        }
    }

    private static string[] ProjectsOfSolution(string solution)
    {
        Run(new[] { "sln", solution, "list" }, out string output, out int exit);
        if (exit != 0)
        {
            throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.SolutionUnreadable, solution, output.Trim());
        }

        string dir = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        return output.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
            .Select(l => Path.GetFullPath(Path.Combine(dir, l.Replace('\\', Path.DirectorySeparatorChar)))).ToArray();
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()).Where(r => r.Length > 0);

    private static void Run(IEnumerable<string> args, out string output, out int exitCode)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not on PATH (or not executable): Process.Start throws rather than returning null.
            started = null;
        }

        using Process process = started ?? throw new CliException(ExitCodes.InputError, DiagnosticCatalogue.DotnetNotStarted);
        System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output += stderr.Result;
        exitCode = process.ExitCode;
    }
}

/// <summary>An expected CLI failure: printed as one line (with its XG code) and mapped to an exit code, never a stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>The catalogue's input error <paramref name="diagnostic"/>, printed as its one line "XGnnnn: text".</summary>
    public CliException(int exitCode, DiagnosticCode diagnostic, params object?[] args)
        : base(diagnostic.Line(args)) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int ExitCode { get; } = ExitCodes.InputError;
}
