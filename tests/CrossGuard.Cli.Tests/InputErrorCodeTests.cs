using System.Diagnostics;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>`crossguard check`'s input errors that need a real project (or a real missing SDK): one coded line each.</summary>
public sealed class InputErrorCodeTests
{
    private const int InputError = 3;

    [Fact]
    public void A_project_without_an_assets_file_path_is_XG9130_not_XG9011()
    {
        // Evaluates fine (XG9011 is "could not be evaluated"), but restores nothing: no ProjectAssetsFile.
        using var folder = new TempProjects("noassets");
        string project = folder.File("Plain/Plain.proj", "<Project><Target Name=\"Build\" /></Project>");

        CliResult result = Tool.Run("check", project, "--quiet");

        Tool.AssertOneCodedLine(result, "XG9130", InputError);
        Assert.Contains($"'{project}' is not a PackageReference project (no ProjectAssetsFile)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restore_that_fails_is_XG9012_with_the_restore_output()
    {
        using var folder = new TempProjects("norestore");
        string id = "CrossGuard.NoSuch." + Guid.NewGuid().ToString("N");
        string project = folder.Project("App", "<CrossGuardRuntimeIdentifiers>linux-x64</CrossGuardRuntimeIdentifiers>", $"<PackageReference Include=\"{id}\" Version=\"1.0.0\" />");

        CliResult result = Tool.Run("check", project, "--quiet");

        Assert.True(result.ExitCode == InputError, result.ToString());
        Assert.StartsWith($"XG9012: 'dotnet restore {project}' failed:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(id, result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_dotnet_on_PATH_check_is_XG9013_not_an_internal_error()
    {
        // The tool runs through its app host with DOTNET_ROOT (not through the dotnet muxer: Process.Start would find
        // 'dotnet' beside the running executable); the SDK it evaluates projects with is not on PATH.
        string dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")).First(File.Exists);
        string appHost = Path.ChangeExtension(typeof(CrossGuard.Cli.Program).Assembly.Location, OperatingSystem.IsWindows() ? ".exe" : null);
        using var folder = new TempProjects("nodotnet");
        string project = folder.Project("App", string.Empty);
        var start = new ProcessStartInfo(appHost) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.Directory };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(project);
        start.ArgumentList.Add("--quiet");
        start.Environment["PATH"] = Path.Combine(folder.Directory, "no-such-bin");
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dotnet));

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == InputError, $"exit {process.ExitCode}\n{stderr}\n{await stdout}");
        Assert.Equal("XG9013: could not start 'dotnet'.", stderr.Trim());
    }

    [Fact]
    public void An_unexpected_exception_is_one_XG9099_line_with_its_type()
    {
        var stderr = new StringWriter();
        int exit;
        using (CliConsole.Redirect(new StringWriter(), stderr))
        {
            exit = CliRunner.Run(() => throw new InvalidOperationException("boom"));
        }

        Assert.Equal(5, exit);
        Assert.Equal("XG9099: internal error (InvalidOperationException): boom", stderr.ToString().Trim());
    }
}
