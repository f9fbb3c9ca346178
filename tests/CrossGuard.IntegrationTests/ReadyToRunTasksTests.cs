using System.Runtime.InteropServices;
using System.Text;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// The package's ReadyToRun task set (tasks/net10.0/&lt;host RID&gt;/) must run precompiled code in a real build. The
/// failure this guards against is silent: crossgen2 skips every method whose types it cannot resolve (it once skipped
/// all of CrossGuard.Tasks because MSBuild's assemblies were not among its references) and the build still works, only
/// JIT-compiling everything again. The runtime's own JIT events tell: a build with the host's set must JIT-compile a
/// small fraction of the CrossGuard methods the same build JIT-compiles with the IL set.
/// </summary>
public sealed class ReadyToRunTasksTests(PackageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void The_host_task_set_runs_precompiled_code_in_a_real_build()
    {
        SampleProject project = fixture.CreateProject("r2rjit")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-musl-x64;win-x64</RuntimeIdentifiers>",
                """<PackageReference Include="ZstdNet" Version="1.5.7" />""")
            .WithFile("Program.cs", "System.Console.WriteLine(1);");
        CommandResult restore = project.Dotnet("restore", project.ProjectPath);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains(RuntimeInformation.RuntimeIdentifier, PackageFixture.ReadyToRunTaskHosts);
        Assert.True(Directory.Exists(fixture.InstalledTaskSet("net10.0/" + RuntimeInformation.RuntimeIdentifier)));

        int precompiled = CrossGuardMethodsJitted(project, "r2r");
        int il = CrossGuardMethodsJitted(project, "il", $"-p:CrossGuardTasksAssembly={Path.Combine(fixture.InstalledTaskSet("net8.0"), "CrossGuard.Tasks.dll")}");

        output.WriteLine($"JIT events naming CrossGuard types: ReadyToRun set {precompiled}, IL set {il}");

        // The IL set JIT-compiles hundreds of CrossGuard methods for a full check; the ReadyToRun set next to none.
        Assert.True(il >= 200, $"the IL build JIT-compiled only {il} CrossGuard methods: is the trace working?");
        Assert.True(precompiled * 10 <= il, $"ReadyToRun set: {precompiled} CrossGuard methods JIT-compiled, IL set: {il}");
    }

    /// <summary>
    /// Builds with the runtime's JIT events traced (EventPipe, one file per process) after removing the check's obj
    /// files, so the full check runs, and counts the JIT events whose method names a CrossGuard.Tasks or
    /// CrossGuard.Core type (as the declaring type or a generic argument).
    /// </summary>
    private static int CrossGuardMethodsJitted(SampleProject project, string name, params string[] extra)
    {
        foreach (string file in Directory.EnumerateFiles(Path.Combine(project.Directory, "obj"), "crossguard.*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        string traces = Path.Combine(project.Directory, "traces-" + name);
        Directory.CreateDirectory(traces);
        CommandResult build = project.Dotnet(new Dictionary<string, string>
        {
            ["DOTNET_EnableEventPipe"] = "1",
            ["DOTNET_EventPipeRundown"] = "0",
            ["DOTNET_EventPipeOutputPath"] = Path.Combine(traces, "trace.{pid}.nettrace"),
            // Runtime provider, JIT keyword (0x10), verbose: MethodJittingStarted and MethodLoadVerbose carry the names.
            ["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x10:5",
        }, ["build", project.ProjectPath, "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:n", .. extra]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("CrossGuard checked", build.Output, StringComparison.Ordinal);

        // Method names are UTF-16 strings in the event payloads; count the ones naming our types.
        byte[][] needles = [Encoding.Unicode.GetBytes("CrossGuard.Tasks."), Encoding.Unicode.GetBytes("CrossGuard.Core.")];
        int count = 0;
        foreach (string trace in Directory.EnumerateFiles(traces, "*.nettrace"))
        {
            byte[] bytes = File.ReadAllBytes(trace);
            foreach (byte[] needle in needles)
            {
                for (int at = bytes.AsSpan().IndexOf(needle); at >= 0;)
                {
                    count++;
                    int next = bytes.AsSpan(at + needle.Length).IndexOf(needle);
                    at = next < 0 ? -1 : at + needle.Length + next;
                }
            }
        }

        return count;
    }
}
