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

                Console.WriteLine(Native.GetTickCount());

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

    [Fact]
    public void Dotnet_format_rewrites_a_versioned_libc_name_and_restricts_the_pinvoke_to_its_oses()
    {
        SampleProject project = fixture.CreateProject("formatlibc")
            .WithProject("<RuntimeIdentifiers>linux-x64;linux-musl-x64;win-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;

                Native.sync();

                static class Native
                {
                    [DllImport("libc.so.6")]
                    public static extern void sync();
                }
                """);
        CommandResult before = project.Build();
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal(["XG0002", "XG0003"], SampleProject.Codes(before, "warning"));

        CommandResult format = project.Dotnet("format", "analyzers", project.ProjectPath, "--diagnostics", "XG0003", "XG0002", "--severity", "warn");
        Assert.True(format.ExitCode == 0, format.ToString());

        string fixedCode = File.ReadAllText(Path.Combine(project.Directory, "Program.cs"));
        Assert.Contains("[DllImport(\"libc\")]", fixedCode, StringComparison.Ordinal);
        Assert.Contains("[SupportedOSPlatform(\"linux\")]", fixedCode, StringComparison.Ordinal);

        CommandResult verify = project.Dotnet("format", "analyzers", project.ProjectPath, "--diagnostics", "XG0003", "XG0002", "--severity", "warn", "--verify-no-changes");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        CommandResult after = project.Build();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.DoesNotContain("warning XG", after.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// XG0005's Fix All through dotnet format: three imports (two in statement position, one as an argument) replaced in
    /// one run, declarations removed, and the result compiles with no CrossGuard warning left (XG0002 went with them).
    /// </summary>
    [Fact]
    public void Dotnet_format_applies_every_XG0005_fix_and_the_code_compiles()
    {
        SampleProject project = fixture.CreateProject("formatbcl")
            .WithProject("<RuntimeIdentifiers>linux-x64;win-x64</RuntimeIdentifiers>")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;

                Console.WriteLine(Native.getpid());
                Native.GetCurrentProcessId();
                Native.Touch();

                static class Native
                {
                    [DllImport("libc")]
                    public static extern int getpid();

                    [DllImport("kernel32")]
                    public static extern uint GetCurrentProcessId();

                    [DllImport("kernel32")]
                    public static extern long GetTickCount64();

                    public static void Touch() => GetTickCount64();
                }
                """);
        CommandResult before = project.Build();
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal(["XG0002", "XG0005"], SampleProject.Codes(before, "warning"));

        CommandResult format = project.Dotnet("format", "analyzers", project.ProjectPath, "--diagnostics", "XG0005", "--severity", "warn", "-v", "diag");
        Assert.True(format.ExitCode == 0, format.ToString());

        string fixedCode = File.ReadAllText(Path.Combine(project.Directory, "Program.cs"));
        Assert.DoesNotContain("DllImport", fixedCode, StringComparison.Ordinal);
        Assert.Contains("Console.WriteLine(Environment.ProcessId);", fixedCode, StringComparison.Ordinal);
        Assert.Contains("_ = Environment.ProcessId;", fixedCode, StringComparison.Ordinal);
        Assert.Contains("public static void Touch() => _ = Environment.TickCount64;", fixedCode, StringComparison.Ordinal);

        CommandResult after = project.Build();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(SampleProject.Codes(after, "warning"));
    }
}
