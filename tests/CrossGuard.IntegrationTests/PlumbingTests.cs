using System.Runtime.InteropServices;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>The packed package, consumed by a real project: targets load, the task runs isolated, analyzers report.</summary>
public sealed class PlumbingTests(PackageFixture fixture)
{
    [Fact]
    public void Kernel32_pinvoke_in_a_linux_and_windows_app_warns_XG0002_and_the_task_runs()
    {
        SampleProject project = Kernel32App("plumbing");

        CommandResult build = project.Build("-v:d");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(["XG0002"], SampleProject.Codes(build, "warning"));
        Assert.Contains("CrossGuard checked", build.Output, StringComparison.Ordinal);
        // Our private NuGet.Frameworks is loaded from the package's tasks folder, not the SDK's copy; on a .NET 10 SDK
        // whose host RID has a ReadyToRun set, from that set.
        string set = Directory.Exists(fixture.InstalledTaskSet("net10.0/" + RuntimeInformation.RuntimeIdentifier))
            ? "net10\\.0/" + RuntimeInformation.RuntimeIdentifier
            : "net8\\.0";
        Assert.Matches($@"CrossGuard tasks use NuGet\.Frameworks 7\.0\.3\.\d+ from '[^']*/crossguard/[^']*/tasks/{set}/NuGet\.Frameworks\.dll'", build.Output);
    }

    [Fact]
    public void The_IL_task_set_for_other_hosts_runs_the_same_check()
    {
        // Hosts without a ReadyToRun set (older SDKs, win-arm64, linux-musl-arm64, Visual Studio's task host) load
        // tasks/net8.0.
        SampleProject project = Kernel32App("ilset");
        string ilTasks = Path.Combine(fixture.InstalledTaskSet("net8.0"), "CrossGuard.Tasks.dll");

        CommandResult build = project.Build("-v:d", $"-p:CrossGuardTasksAssembly={ilTasks}");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(["XG0002"], SampleProject.Codes(build, "warning"));
        Assert.Contains("CrossGuard checked", build.Output, StringComparison.Ordinal);
        Assert.Matches(@"CrossGuard tasks use NuGet\.Frameworks 7\.0\.3\.\d+ from '[^']*/tasks/net8\.0/NuGet\.Frameworks\.dll'", build.Output);
    }

    [Fact]
    public void CrossGuardEnabled_false_makes_the_package_inert()
    {
        SampleProject project = Kernel32App("inert", "<CrossGuardEnabled>false</CrossGuardEnabled>");

        CommandResult build = project.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(SampleProject.Codes(build, "warning"));
        Assert.DoesNotContain("CrossGuard checked", build.Output, StringComparison.Ordinal);
    }

    /// <summary>A linux-x64 + win-x64 app that P/Invokes kernel32 (an XG0002 for the analyzers, a check for the task).</summary>
    private SampleProject Kernel32App(string name, string properties = "") => fixture.CreateProject(name)
        .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>" + properties)
        .WithFile("Program.cs", """
            using System.Runtime.InteropServices;

            Console.WriteLine(Native.GetTickCount());

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint GetTickCount();
            }
            """);
}
