using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>
/// The packed `crossguard` dotnet tool of this run, installed once into the run folder (--tool-path), so the truth table
/// can also hold `crossguard check --rid linux-arm64 --format json` to reality.
/// </summary>
public sealed class CrossGuardTool
{
    private static readonly object Gate = new();
    private static CrossGuardTool? s_installed;

    private CrossGuardTool(string executable, string dotnetRoot)
    {
        Executable = executable;
        DotnetRoot = dotnetRoot;
    }

    public string Executable { get; }

    private string DotnetRoot { get; }

    public static CrossGuardTool Install(PackageFixture fixture)
    {
        lock (Gate)
        {
            if (s_installed is not null)
            {
                return s_installed;
            }

            string toolPath = Path.Combine(fixture.RunDirectory, "tool");
            CommandResult install = DotNet.Run(fixture.RunDirectory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = fixture.PackagesDirectory },
                TimeSpan.FromMinutes(5), "tool", "install", "CrossGuard.Tool", "--version", fixture.Version, "--tool-path", toolPath,
                "--add-source", fixture.FeedDirectory);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("Installing the packed CrossGuard.Tool failed:\n" + install);
            }

            // The tool's apphost looks for the runtime through DOTNET_ROOT: point it at the dotnet on PATH.
            string dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "dotnet")).First(File.Exists);
            string root = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet)!;
            s_installed = new CrossGuardTool(Path.Combine(toolPath, "crossguard"), root);
            return s_installed;
        }
    }

    /// <summary>`crossguard check &lt;project&gt; --rid &lt;rid&gt; --format json --quiet`.</summary>
    public ToolVerdict Check(PackageFixture fixture, string projectPath, string rid)
    {
        (CommandResult result, string json) = CheckJson(fixture, projectPath, [rid]);
        return ToolVerdict.Parse(result, json, rid);
    }

    /// <summary>`crossguard check &lt;project&gt; --rid a,b,c --format json --quiet`: the result and the JSON document on stdout.</summary>
    public (CommandResult Result, string Json) CheckJson(PackageFixture fixture, string projectPath, IReadOnlyList<string> rids)
    {
        string ridList = string.Join(',', rids);
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "check", projectPath, "--rid", ridList, "--format", "json", "--quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        start.Environment["NUGET_PACKAGES"] = fixture.PackagesDirectory;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (string leak in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(leak);
        }

        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginErrorReadLine();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"crossguard check {projectPath} did not finish:\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        var result = new CommandResult(process.ExitCode, stdout + stderr, $"{Executable} check {projectPath} --rid {ridList} --format json --quiet");
        return (result, stdout);
    }
}

/// <summary>What `crossguard check --format json` said for one RID: its exit code and the error-level codes.</summary>
public sealed record ToolVerdict(CommandResult Result, IReadOnlyList<string> ErrorCodes, string? ParseError)
{
    public static ToolVerdict Parse(CommandResult result, string json, string rid)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            var codes = document.RootElement.GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Where(d => d.TryGetProperty("rid", out JsonElement r) && (r.ValueKind == JsonValueKind.Null || r.GetString() == rid))
                .Select(d => d.GetProperty("code").GetString()!)
                .Distinct().Order(StringComparer.Ordinal).ToList();
            return new ToolVerdict(result, codes, null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ToolVerdict(result, [], ex.Message);
        }
    }

    /// <summary>True: the tool reports an error for the RID (exit 1); false: nothing at error level (exit 0); null: unusable.</summary>
    public bool? Fails => ParseError is not null ? null
        : Result.ExitCode == 1 && ErrorCodes.Count > 0 ? true
        : Result.ExitCode == 0 && ErrorCodes.Count == 0 ? false
        : null;

    public string Text => Fails switch
    {
        false => "no error",
        true => string.Join(", ", ErrorCodes.Select(c => "error " + c)),
        null => $"unusable (exit {Result.ExitCode}{(ParseError is null ? string.Empty : ": " + ParseError)})",
    };
}
