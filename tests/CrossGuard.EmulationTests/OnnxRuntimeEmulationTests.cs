using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests;

/// <summary>
/// Issue 21 item 2(b), proven on the target: Microsoft.ML.OnnxRuntime 1.31.1's own targets copy the Windows arm64
/// onnxruntime.dll into a linux-arm64 publish. CrossGuard must let the publish through (the runtime probes
/// libonnxruntime.so, which the package also publishes; the DLL is dead weight, XG2004), and the app must really load
/// ONNX Runtime under qemu-aarch64. Published self-contained once per run through the shared SampleOutcome machinery;
/// the package is restored into the run's package folder once and shared.
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
        Assert.NotNull(outcome.Run);
        Assert.True(outcome.Run.ExitCode == 0, "the app must run under qemu:\n" + outcome);
        Assert.Contains(EmulationSample.StartedLine, outcome.Run.Output, StringComparison.Ordinal);
        Assert.Matches(Sample.RunPattern, outcome.Run.Output);
        Assert.True(outcome.Agrees, outcome.ToString());
    }
}
