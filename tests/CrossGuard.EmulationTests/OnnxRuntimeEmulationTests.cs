using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests;

/// <summary>
/// Issue 21 item 2(b), proven on the target: Microsoft.ML.OnnxRuntime 1.31.1's own targets copy the Windows arm64
/// onnxruntime.dll into a linux-arm64 publish. CrossGuard must let the publish through (the runtime probes
/// libonnxruntime.so, which the package also publishes; the DLL is dead weight, XG2004), and the app must really load
/// ONNX Runtime under qemu-aarch64. Published self-contained once per run through the shared SampleOutcome machinery;
/// the package is restored into the run's package folder once and shared.
/// Under qemu-user (7.2, Debian 12) the emulated process reads the x64 host's /proc/cpuinfo, in which ONNX Runtime's
/// CPU detection (pytorch cpuinfo, run while libonnxruntime.so is loaded) finds no ARM core and dereferences NULL:
/// the plain run segfaults after "started", on the emulator only. So the app is run once more inside a private mount
/// namespace (`unshare -m`, util-linux) with an ARM64 /proc/cpuinfo bound over the host's, which is what a real arm64
/// machine shows; that run is the proof.
/// </summary>
public sealed class OnnxRuntimeEmulationTests(PackageFixture fixture, ITestOutputHelper output)
{
    /// <summary>An inference-free call into the native library: creating the environment, its version and providers.</summary>
    public static EmulationSample Sample { get; } = new(
        "emuonnx",
        "Microsoft.ML.OnnxRuntime 1.31.1: OrtEnv, GetVersionString, GetAvailableProviders (Windows arm64 onnxruntime.dll copied in by its targets)",
        Reality.Runs,
        null,
        string.Empty,
        """<PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />""",
        """
        using System.Runtime.InteropServices;
        using Microsoft.ML.OnnxRuntime;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        OrtEnv env = OrtEnv.Instance();
        Console.WriteLine($"onnxruntime version={env.GetVersionString()} providers={string.Join(",", env.GetAvailableProviders())} arch={RuntimeInformation.ProcessArchitecture}");
        """,
        @"onnxruntime version=1\.31\.1 providers=[^\n]*CPUExecutionProvider[^\n]* arch=Arm64");

    [Fact]
    public void Onnx_runtime_linux_arm64_publish_passes_with_dead_weight_only_and_really_runs()
    {
        Arm64Emulator emulator = Arm64Emulator.Require();
        SampleOutcome outcome = SampleOutcome.Get(fixture, emulator, Sample);
        output.WriteLine($"{Sample.Key}: verdict {outcome.VerdictText}; crossguard check {outcome.ToolText}; observed {outcome.ObservedText} ({outcome.Elapsed.TotalSeconds:F0} s)");

        // The verdict: no error; the Windows DLLs the package's targets copy in are reported as dead weight.
        Assert.True(outcome.VerdictFails == false, "CrossGuard must let this publish through:\n" + outcome);
        Assert.True(outcome.Tool.Fails == false, "crossguard check must report no error for linux-arm64:\n" + outcome);
        Assert.Contains("warning XG2004: Package 'microsoft.ml.onnxruntime' 1.31.1 puts 2 native files", outcome.Check.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outcome.PublishDirectory, "onnxruntime.dll")), "the Windows DLL is really in the output:\n" + outcome);

        // Reality: the runtime loads libonnxruntime.so (arm64) and ONNX Runtime answers.
        CommandResult run = RunWithArmCpuInfo(emulator, Path.Combine(outcome.PublishDirectory, Sample.Key));
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, "the app must run under qemu (with an ARM64 /proc/cpuinfo):\n" + run + "\n" + outcome);
        Assert.Contains(EmulationSample.StartedLine, run.Output, StringComparison.Ordinal);
        Assert.Matches(Sample.RunPattern, run.Output);
    }

    private static CommandResult RunWithArmCpuInfo(Arm64Emulator emulator, string executable)
    {
        CommandResult? result = emulator.RunWithArmCpuInfo(executable, [], Path.GetDirectoryName(executable)!, TimeSpan.FromMinutes(3));
        if (result is null || (result.ExitCode != 0 && !result.Output.Contains(EmulationSample.StartedLine, StringComparison.Ordinal)))
        {
            // No private mount namespace here (unshare missing, or no CAP_SYS_ADMIN): the proof cannot be run.
            string message = "running the ONNX Runtime sample needs `unshare -m` and `mount --bind` (Debian package util-linux, root or CAP_SYS_ADMIN) to show qemu an ARM64 /proc/cpuinfo: " + (result?.ToString() ?? "unshare could not make a private mount namespace");
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message + " (CI=true: this proof must run in CI)");
            }

            Assert.Skip(message + " (skipped because CI is not set)");
        }

        return result;
    }
}
