using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>The packed package, consumed by a real project: targets load, the task runs isolated, analyzers report.</summary>
public sealed class PlumbingTests(PackageFixture fixture)
{
    [Fact]
    public void Kernel32_pinvoke_in_a_linux_and_windows_app_warns_XG0002_and_the_task_runs()
    {
        SampleProject project = fixture.CreateProject("plumbing")
            .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;

                Console.WriteLine(Native.GetTickCount());

                static class Native
                {
                    [DllImport("kernel32")]
                    public static extern uint GetTickCount();
                }
                """);

        CommandResult build = project.Build("-v:d");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(["XG0002"], SampleProject.Codes(build, "warning"));
        Assert.Contains("CrossGuard checked", build.Output, StringComparison.Ordinal);
        // Our private NuGet.Frameworks is loaded from the package's tasks folder, not the SDK's copy.
        Assert.Matches(@"CrossGuard tasks use NuGet\.Frameworks 7\.0\.3\.\d+ from '[^']*/crossguard/[^']*/tasks/net8\.0/NuGet\.Frameworks\.dll'", build.Output);
    }

    [Fact]
    public void CrossGuardEnabled_false_makes_the_package_inert()
    {
        SampleProject project = fixture.CreateProject("inert")
            .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers><CrossGuardEnabled>false</CrossGuardEnabled>")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;

                Console.WriteLine(Native.GetTickCount());

                static class Native
                {
                    [DllImport("kernel32")]
                    public static extern uint GetTickCount();
                }
                """);

        CommandResult build = project.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(SampleProject.Codes(build, "warning"));
        Assert.DoesNotContain("CrossGuard checked", build.Output, StringComparison.Ordinal);
    }
}
