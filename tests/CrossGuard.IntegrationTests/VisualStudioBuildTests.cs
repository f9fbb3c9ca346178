using System.Text.Json;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Visual Studio builds run .NET Framework MSBuild, which cannot load the .NET tasks in process. The targets decide how
/// the tasks load from copies of the reserved MSBuildRuntimeType / MSBuildVersion (_CrossGuardMSBuildRuntimeType,
/// _CrossGuardMSBuildVersion): set here, they evaluate the targets as each MSBuild would, and force the .NET task host
/// (TaskHostFactory, Runtime="NET") on this machine's .NET MSBuild for a real build through it.
/// </summary>
public sealed class VisualStudioBuildTests(PackageFixture fixture)
{
    public static TheoryData<string, string, string, string, bool> Hosts => new()
    {
        // runtime, MSBuild version, CrossGuardUseNetTaskHost, expected loading, tasks run
        { "Core", "", "", "InProc", true },
        { "Core", "", "false", "InProc", true },
        { "Full", "17.8.3", "", "None", false },
        { "Full", "17.14.23", "", "None", false },
        { "Full", "17.14.23", "true", "NetTaskHost", true },
        { "Full", "18.0.5", "", "NetTaskHost", true },
        { "Full", "18.3.0", "", "NetTaskHost", true },
        { "Full", "18.0.5", "false", "None", false },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_MSBuild_gets_the_task_loading_it_supports(string runtime, string version, string useNetTaskHost, string loading, bool tasksRun)
    {
        SampleProject project = App("vs-eval");
        CommandResult restore = project.Dotnet("restore", project.ProjectPath, "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var args = new List<string> { "msbuild", project.ProjectPath, "-nologo", "-nodeReuse:false" };
        if (runtime != "Core")
        {
            args.Add("-p:_CrossGuardMSBuildRuntimeType=" + runtime);
        }

        if (version.Length > 0)
        {
            args.Add("-p:_CrossGuardMSBuildVersion=" + version);
        }

        if (useNetTaskHost.Length > 0)
        {
            args.Add("-p:CrossGuardUseNetTaskHost=" + useNetTaskHost);
        }

        args.AddRange(new[] { "_CrossGuardMSBuildRuntimeType", "_CrossGuardMSBuildVersion", "_CrossGuardTaskLoading", "CrossGuardTasksAvailable", "CrossGuardTasksAssembly", "MSBuildVersion" }
            .Select(p => "-getProperty:" + p));

        CommandResult evaluation = project.Dotnet([.. args]);

        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        using JsonDocument json = JsonDocument.Parse(evaluation.Output[evaluation.Output.IndexOf('{', StringComparison.Ordinal)..]);
        JsonElement properties = json.RootElement.GetProperty("Properties");
        string Property(string name) => properties.GetProperty(name).GetString() ?? string.Empty;
        // Without overrides the copies are the real MSBuild's values.
        Assert.Equal(runtime, Property("_CrossGuardMSBuildRuntimeType"));
        Assert.Equal(version.Length > 0 ? version : Property("MSBuildVersion"), Property("_CrossGuardMSBuildVersion"));
        Assert.True(loading == Property("_CrossGuardTaskLoading"), evaluation.ToString());
        Assert.Equal(tasksRun ? "true" : string.Empty, Property("CrossGuardTasksAvailable"));
        // Visual Studio's task host loads the IL set (tasks/net8.0); only the in-process .NET 10 SDK host takes a
        // ReadyToRun set of its own RID.
        if (runtime == "Full")
        {
            Assert.EndsWith("/tasks/net8.0/CrossGuard.Tasks.dll", Property("CrossGuardTasksAssembly").Replace('\\', '/'), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_tasks_run_through_the_NET_task_host_and_the_check_still_runs()
    {
        // MSBuild 18 on .NET Framework (Visual Studio 2026) takes the TaskHostFactory/Runtime="NET" UsingTasks; here the
        // same UsingTasks run on the .NET MSBuild, which honours them by starting a task host process.
        SampleProject project = App("vs-taskhost");

        CommandResult build = project.Build("-v:d", "-p:_CrossGuardMSBuildRuntimeType=Full", "-p:_CrossGuardMSBuildVersion=18.0.5");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"Launching task ""CheckNativeAssets"" from assembly ""[^""]*/tasks/net8\.0/CrossGuard\.Tasks\.dll"" in an external task host with a runtime of ""NET""", build.Output);
        Assert.Matches(@"Task ""CheckNativeAssets"" ran in TaskHost process \d+", build.Output);
        Assert.Contains("CrossGuard checked 2 RIDs [linux-x64, win-x64]", build.Output, StringComparison.Ordinal);
        Assert.Equal(["XG0002"], SampleProject.Codes(build, "warning"));
        Assert.True(File.Exists(Path.Combine(project.Directory, "obj", "Debug", "net10.0", "crossguard.natives.json")), "no natives manifest");
        Assert.DoesNotContain("has no .NET task host", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_Visual_Studio_says_once_that_the_check_runs_in_dotnet_build_only()
    {
        SampleProject project = App("vs-old");

        CommandResult build = project.Build("-p:_CrossGuardMSBuildRuntimeType=Full", "-p:_CrossGuardMSBuildVersion=17.14.23");

        Assert.True(build.ExitCode == 0, build.ToString());
        const string message = "CrossGuard: MSBuild 17.14.23 on .NET Framework has no .NET task host, so the dependency check (XG1xxx, XG2xxx, XG3xxx) and the natives manifest of XG0001 run in `dotnet build` only";
        Assert.Single(build.Output.Split('\n'), l => l.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain("CrossGuard checked", build.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.Directory, "obj", "Debug", "net10.0", "crossguard.natives.json")), "a natives manifest without the task");
        // The analyzers do not need the tasks.
        Assert.Equal(["XG0002"], SampleProject.Codes(build, "warning"));
    }

    /// <summary>A linux-x64 + win-x64 app with an unguarded kernel32 import (XG0002 from the analyzers either way).</summary>
    private SampleProject App(string name) => fixture.CreateProject(name)
        .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>")
        .WithFile("Program.cs", """
            using System.Runtime.InteropServices;

            System.Console.WriteLine(Native.GetTickCount());

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint GetTickCount();
            }
            """);
}
