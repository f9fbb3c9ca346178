using System.Diagnostics;
using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `check` over a solution reports per-project progress on stderr: plain lines when stderr is not a terminal (here:
/// captured writers, as in CI logs), nothing of it on stdout, nothing with --quiet.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-progress-" + Guid.NewGuid().ToString("N")[..10]);

    public ProgressTests()
    {
        Directory.CreateDirectory(_directory);
        foreach (string name in new[] { "Alpha", "Beta" })
        {
            Directory.CreateDirectory(Path.Combine(_directory, name));
            File.WriteAllText(Path.Combine(_directory, name, name + ".csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>
                  </PropertyGroup>
                </Project>
                """);
        }

        File.WriteAllText(Path.Combine(_directory, "Two.slnx"), """
            <Solution>
              <Project Path="Alpha/Alpha.csproj" />
              <Project Path="Beta/Beta.csproj" />
            </Solution>
            """);
    }

    [Fact]
    public void Check_over_a_solution_prints_plain_per_project_lines_on_stderr_and_keeps_stdout_json()
    {
        CliResult result = Tool.Run("check", Path.Combine(_directory, "Two.slnx"), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using (JsonDocument json = JsonDocument.Parse(result.Stdout))
        {
            Assert.Equal(2, json.RootElement.GetArrayLength());
        }

        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.DoesNotContain('\r', result.Stderr.Replace("\r\n", "\n"));
        Assert.DoesNotContain('\u001b', result.Stderr);
        string[] steps = lines.Where(l => l.StartsWith('[')).ToArray();
        Assert.True(steps.Length == 4, result.ToString());
        Assert.Equal("[1/2] Alpha.csproj ...", steps[0]);
        Assert.Matches(DoneLine("1", "Alpha"), steps[1]);
        Assert.Equal("[2/2] Beta.csproj ...", steps[2]);
        Assert.Matches(DoneLine("2", "Beta"), steps[3]);
        Assert.Matches(@"^Checked 2 projects in \d+\.\d s\.$", lines[^1]);
        // The evaluator's own messages (a first check restores) go through the same writer, between the steps.
        Assert.All(lines.Where(l => !l.StartsWith('[') && !l.StartsWith("Checked", StringComparison.Ordinal)), l => Assert.StartsWith("Restoring ", l));
    }

    [Fact]
    public void Quiet_prints_no_progress_and_a_single_project_no_step_lines()
    {
        CliResult quiet = Tool.Run("check", Path.Combine(_directory, "Two.slnx"), "--format", "json", "--quiet");
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Equal(string.Empty, quiet.Stderr);

        CliResult single = Tool.Run("check", Path.Combine(_directory, "Alpha", "Alpha.csproj"), "--format", "json");
        Assert.True(single.ExitCode == 0, single.ToString());
        Assert.DoesNotContain("[1/1]", single.Stderr);
        JsonDocument.Parse(single.Stdout).Dispose();
    }

    [Fact]
    public async Task A_real_process_with_stderr_redirected_prints_the_same_plain_lines()
    {
        // The terminal decision uses Console.IsErrorRedirected: a child process with stderr piped is the CI case.
        string tool = Path.Combine(AppContext.BaseDirectory, "crossguard.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { tool, "check", Path.Combine(_directory, "Two.slnx"), "--format", "sarif" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        Task<string> stderrRead = process.StandardError.ReadToEndAsync(timeout.Token);
        string stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        string stderr = await stderrRead;
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, stdout + stderr);
        JsonDocument.Parse(stdout).Dispose();
        Assert.Contains("[1/2] Alpha.csproj ...", stderr);
        Assert.Contains("[2/2] Beta.csproj ...", stderr);
        Assert.DoesNotContain('\r', stderr.Replace("\r\n", "\n"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string DoneLine(string index, string name) => $@"^\[{index}/2\] {name}\.csproj: \d+ finding\(s\), \d+\.\d s$";
}
