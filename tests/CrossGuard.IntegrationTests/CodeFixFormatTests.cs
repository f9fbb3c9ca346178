using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>`dotnet format analyzers --diagnostics XG####` applies CrossGuard's code fixes to a real consuming project.</summary>
public sealed class CodeFixFormatTests(PackageFixture fixture)
{
    [Fact]
    public void Dotnet_format_applies_the_XG0002_fix_and_the_warning_goes_away()
    {
        SampleProject project = fixture.CreateProject("formatfix")
            .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;

                if (OperatingSystem.IsWindows())
                {
                    Console.WriteLine(Native.GetTickCount());
                }

                static class Native
                {
                    [DllImport("kernel32")]
                    public static extern uint GetTickCount();
                }
                """);
        CommandResult before = project.Build();
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal(["XG0002"], SampleProject.Codes(before, "warning"));

        CommandResult format = project.Dotnet("format", "analyzers", project.ProjectPath, "--diagnostics", "XG0002", "--severity", "warn", "-v", "diag");
        Assert.True(format.ExitCode == 0, format.ToString());

        string fixedCode = File.ReadAllText(Path.Combine(project.Directory, "Program.cs"));
        Assert.Contains("[SupportedOSPlatform(\"windows\")]", fixedCode, StringComparison.Ordinal);
        Assert.Contains("using System.Runtime.Versioning;", fixedCode, StringComparison.Ordinal);

        CommandResult after = project.Build();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(SampleProject.Codes(after, "warning"));
    }
}
