using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests;

/// <summary>
/// Issue 15, proven on the target: System.Drawing.Common 5.0.2 has no native assets, so nothing in .NET says anything,
/// but its runtimes/unix assembly P/Invokes libgdiplus, which nothing ships. CrossGuard warns (XG1012: a warning, as
/// a machine with libgdiplus installed runs the app, so the publish is not stopped), and the self-contained
/// linux-arm64 publish, run under qemu-aarch64 on a sysroot without libgdiplus, dies exactly there: the first GDI+ call
/// throws TypeInitializationException wrapping DllNotFoundException for libgdiplus.
/// </summary>
public sealed class GdiPlusEmulationTests(PackageFixture fixture, ITestOutputHelper output)
{
    public static EmulationSample Sample { get; } = new(
        "emugdiplus",
        "System.Drawing.Common 5.0.2: new Bitmap(1, 1) (its assembly P/Invokes libgdiplus, which nothing ships)",
        Reality.Fails,
        null,
        string.Empty,
        """<PackageReference Include="System.Drawing.Common" Version="5.0.2" />""",
        """
        using System.Runtime.InteropServices;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        using var bitmap = new System.Drawing.Bitmap(1, 1);
        Console.WriteLine("bitmap width=" + bitmap.Width);
        """,
        @"(DllNotFoundException|TypeInitializationException)[\s\S]*libgdiplus");

    [Fact]
    public void Linux_arm64_publish_warns_that_libgdiplus_must_be_installed_and_the_app_dies_there_without_it()
    {
        Arm64Emulator emulator = Arm64Emulator.Require();
        SampleOutcome outcome = SampleOutcome.Get(fixture, emulator, Sample);
        output.WriteLine($"{Sample.Key}: verdict {outcome.VerdictText}; crossguard check {outcome.ToolText}; observed {outcome.ObservedText} ({outcome.Elapsed.TotalSeconds:F0} s)");

        // The verdict: a warning naming the package, the assembly, the library and how to get it; the publish is not stopped.
        Assert.True(outcome.VerdictFails == false, "a system library to install is a warning, never a stopped publish:\n" + outcome);
        Assert.Matches(
            @"warning XG1012: Package 'System\.Drawing\.Common' 5\.0\.2 \(referenced directly\): its assembly 'runtimes/unix/lib/netcoreapp3\.0/System\.Drawing\.Common\.dll' has 557 P/Invoke entry points into 'libgdiplus' on linux-arm64[^\n]*apt libgdiplus",
            outcome.Check.Output);
        Assert.True(outcome.Tool.Fails == false, "crossguard check must report no error for linux-arm64:\n" + outcome);
        Assert.Contains("\"XG1012\"", outcome.Tool.Result.Output, StringComparison.Ordinal);

        // Reality: the sysroot has no libgdiplus; the first GDI+ call dies on it, after the app started.
        Assert.NotNull(outcome.Run);
        output.WriteLine(outcome.Run!.ToString());
        Assert.True(outcome.Run.ExitCode != 0, "without libgdiplus the app must fail:\n" + outcome);
        Assert.Contains(EmulationSample.StartedLine, outcome.Run.Output, StringComparison.Ordinal);
        Assert.Matches(Sample.RunPattern, outcome.Run.Output);
        Assert.DoesNotContain("bitmap width=", outcome.Run.Output, StringComparison.Ordinal);
    }
}
