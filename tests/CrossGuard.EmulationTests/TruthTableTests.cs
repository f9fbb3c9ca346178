using System.Text.RegularExpressions;
using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests;

/// <summary>
/// Issue 8: proof on the target. Each sample is published self-contained for linux-arm64 with the packed CrossGuard
/// package and run under qemu-aarch64; CrossGuard's verdict must match what happens. One class, so the samples run one
/// after another (the machine is shared); each sample is published and run once per test run and shared between its
/// own test and the truth table.
/// </summary>
public sealed class TruthTableTests(PackageFixture fixture, ITestOutputHelper output)
{
    private SampleOutcome Outcome(EmulationSample sample)
    {
        Arm64Emulator emulator = Arm64Emulator.Require();
        SampleOutcome outcome = SampleOutcome.Get(fixture, emulator, sample);
        output.WriteLine($"{sample.Key}: verdict {outcome.VerdictText}; crossguard check {outcome.ToolText}; observed {outcome.ObservedText} ({outcome.Elapsed.TotalSeconds:F0} s)");
        return outcome;
    }

    private static void AssertRuns(SampleOutcome outcome)
    {
        Assert.True(outcome.VerdictFails == false, "CrossGuard must let this publish through:\n" + outcome);
        Assert.True(outcome.Tool.Fails == false, "crossguard check must report no error for linux-arm64:\n" + outcome);
        Assert.NotNull(outcome.Run);
        Assert.True(outcome.Run.ExitCode == 0, "the app must run under qemu:\n" + outcome);
        Assert.Contains(EmulationSample.StartedLine, outcome.Run.Output, StringComparison.Ordinal);
        Assert.Matches(outcome.Sample.RunPattern, outcome.Run.Output);
        Assert.True(outcome.Agrees, outcome.ToString());
    }

    private static void AssertFails(SampleOutcome outcome, string acceptedBecause)
    {
        // The verdict: the publish stops with CrossGuard's error for linux-arm64.
        Assert.True(outcome.VerdictFails == true, $"CrossGuard must stop the publish with {outcome.Sample.ExpectedCode}:\n" + outcome);
        Assert.Contains(outcome.Sample.ExpectedCode!, outcome.ErrorCodes);
        Assert.Contains("linux-arm64", outcome.Check.Output, StringComparison.Ordinal);

        // The tool says the same from the dependency graph; compile-time rules are invisible to it, and it stays silent.
        if (outcome.ToolApplies)
        {
            Assert.True(outcome.Tool.Fails == true, "crossguard check must report the error too:\n" + outcome);
            Assert.Contains(outcome.Sample.ExpectedCode!, outcome.Tool.ErrorCodes);
        }
        else
        {
            Assert.True(outcome.Tool.Fails == false, "crossguard check cannot see a compile-time rule and must not invent errors:\n" + outcome);
        }

        // The publish with the problem accepted goes through and says why.
        Assert.NotNull(outcome.SuppressedPublish);
        Assert.True(outcome.SuppressedPublish.ExitCode == 0, "the publish with the problem accepted must succeed:\n" + outcome);
        Assert.Empty(SampleProject.Codes(outcome.SuppressedPublish, "error"));
        Assert.Contains(acceptedBecause, outcome.SuppressedPublish.Output, StringComparison.Ordinal);

        // Reality: the runtime starts, then the native crossing fails.
        Assert.NotNull(outcome.Run);
        Assert.True(outcome.Run.ExitCode != 0, "the app must fail under qemu:\n" + outcome);
        Assert.Contains(EmulationSample.StartedLine, outcome.Run.Output, StringComparison.Ordinal);
        Assert.Matches(outcome.Sample.RunPattern, outcome.Run.Output);
        Assert.True(outcome.Agrees, outcome.ToString());
    }

    [Fact]
    public void Sqlite_app_passes_and_really_loads_the_arm64_e_sqlite3()
    {
        SampleOutcome outcome = Outcome(EmulationSample.Sqlite);

        AssertRuns(outcome);
        // The native library the app loaded is the arm64 build from the package (ELF e_machine 183 = EM_AARCH64).
        byte[] header = File.ReadAllBytes(Path.Combine(outcome.PublishDirectory, "libe_sqlite3.so"))[..20];
        Assert.Equal(183, BitConverter.ToUInt16(header, 18));
    }

    [Fact]
    public void Pure_managed_app_passes_and_runs()
    {
        AssertRuns(Outcome(EmulationSample.Managed));
    }

    [Fact]
    public void Package_with_only_x64_natives_is_XG1001_and_really_throws_DllNotFoundException()
    {
        SampleOutcome outcome = Outcome(EmulationSample.X64OnlyNatives);

        AssertFails(outcome, "(suppressed by CrossGuardSuppress: emulation test: run it anyway to observe the failure)");
        Assert.Contains("Package 'CrossGuardEmu.LibFoo.X64Only' 1.0.0", outcome.Check.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outcome.PublishDirectory, "libfoo.so")), "nothing for linux-arm64 is published");
    }

    [Fact]
    public void PInvoke_to_a_library_nobody_ships_is_XG0001_and_really_throws_DllNotFoundException()
    {
        SampleOutcome outcome = Outcome(EmulationSample.NobodyShips);

        AssertFails(outcome, "Build succeeded");
        Assert.Contains("crossguard_nobody_ships", outcome.Check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void X64_binary_in_the_arm64_folder_is_XG1003_and_really_fails_to_load()
    {
        SampleOutcome outcome = Outcome(EmulationSample.WrongArchitecture);

        AssertFails(outcome, "warning XG1003");
        Assert.Contains("libfoo.so", outcome.Check.Output, StringComparison.Ordinal);
        // The file is there and is x64: the failure is the architecture, not a missing file, even though glibc's
        // dlopen reports a wrong-machine ELF as "cannot open shared object file: No such file or directory".
        string published = Path.Combine(outcome.PublishDirectory, "libfoo.so");
        Assert.True(File.Exists(published), outcome.ToString());
        Assert.True(LocalNativePackage.IsX64Elf(published));
        Assert.Matches(Regex.Escape(published) + ": cannot open shared object file", outcome.Run!.Output);
    }

    [Fact]
    public void Truth_table_every_CrossGuard_verdict_matches_what_happened_under_qemu()
    {
        Arm64Emulator emulator = Arm64Emulator.Require();
        List<SampleOutcome> outcomes = EmulationSample.All.Select(sample => SampleOutcome.Get(fixture, emulator, sample)).ToList();

        string markdown = TruthTable.Render(outcomes, emulator, TimeSpan.FromTicks(outcomes.Sum(o => o.Elapsed.Ticks)));
        string path = TruthTable.Write(markdown);
        output.WriteLine(markdown);
        output.WriteLine("written to " + path);
        TestContext.Current.SendDiagnosticMessage("CrossGuard emulation truth table ({0}):\n{1}", path, markdown);

        List<SampleOutcome> disagreeing = outcomes.Where(o => !o.Agrees).ToList();
        Assert.True(disagreeing.Count == 0, "CrossGuard's verdict disagrees with reality:\n" + markdown + "\n"
            + string.Join("\n", disagreeing.Select(o => o.ToString())));
    }
}
