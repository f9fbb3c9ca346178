using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>
/// What happened to one sample: CrossGuard's verdict (the first `dotnet publish -r linux-arm64 --self-contained`), the
/// publish that produced the app that was run (the same one, or a second one with the problem accepted), and the run
/// under qemu.
/// </summary>
public sealed partial class SampleOutcome
{
    private static readonly ConcurrentDictionary<string, Lazy<SampleOutcome>> Cache = new(StringComparer.Ordinal);

    private SampleOutcome(EmulationSample sample, string projectDirectory, string publishDirectory, CommandResult check,
        ToolVerdict tool, CommandResult? suppressed, CommandResult? run, TimeSpan elapsed)
    {
        Sample = sample;
        Tool = tool;
        ProjectDirectory = projectDirectory;
        PublishDirectory = publishDirectory;
        Check = check;
        SuppressedPublish = suppressed;
        Run = run;
        Elapsed = elapsed;
    }

    public EmulationSample Sample { get; }

    public string ProjectDirectory { get; }

    public string PublishDirectory { get; }

    /// <summary>The first publish: CrossGuard's verdict for linux-arm64.</summary>
    public CommandResult Check { get; }

    /// <summary>`crossguard check --rid linux-arm64 --format json` on the same project, right after the verdict publish.</summary>
    public ToolVerdict Tool { get; }

    /// <summary>
    /// Whether the tool can see the sample's problem: it checks the dependency graph (XG1xxx), while P/Invoke rules
    /// (XG0xxx) are analyzers that only run in the compiler.
    /// </summary>
    public bool ToolApplies => Sample.ExpectedCode is null || !Sample.ExpectedCode.StartsWith("XG0", StringComparison.Ordinal);

    public string ToolText => ToolApplies ? Tool.Text : Tool.Text + " (n/a: compile-time rule)";

    /// <summary>The second publish, with CrossGuardEmulationSuppress=true, when the first one was stopped.</summary>
    public CommandResult? SuppressedPublish { get; }

    /// <summary>The app under qemu-aarch64, or null when no publish produced one.</summary>
    public CommandResult? Run { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>XG codes the verdict publish logged as errors.</summary>
    public IReadOnlyList<string> ErrorCodes => SampleProject.Codes(Check, "error");

    /// <summary>True: CrossGuard said it fails; false: it let the publish through; null: the publish failed without a
    /// CrossGuard error (no verdict: restore or compile broke).</summary>
    public bool? VerdictFails => Check.ExitCode == 0 && ErrorCodes.Count == 0 ? false
        : Check.ExitCode != 0 && ErrorCodes.Count > 0 ? true
        : null;

    /// <summary>True: the app failed under qemu; false: it ran to exit 0; null: it was never run.</summary>
    public bool? ObservedFails => Run is null ? null : Run.ExitCode != 0;

    /// <summary>The publish verdict matches the run and, where it applies, so does the tool's JSON verdict.</summary>
    public bool Agrees => VerdictFails is not null && ObservedFails is not null && VerdictFails == ObservedFails
        && (ToolApplies ? Tool.Fails == ObservedFails : Tool.Fails == false);

    public string VerdictText => VerdictFails switch
    {
        false => "passes (publish succeeded, no XG error)",
        true => "fails: " + string.Join(", ", ErrorCodes.Select(c => "error " + c)),
        null => $"no verdict: publish exited {Check.ExitCode} without an XG error"
            + (FirstError().Match(Check.Output) is { Success: true } error ? $" ({error.Groups[1].Value})" : string.Empty),
    };

    public string ObservedText
    {
        get
        {
            if (Run is null)
            {
                return "not run: the publish with the problem accepted failed";
            }

            string[] lines = Run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string evidence = Run.ExitCode == 0
                ? lines.LastOrDefault() ?? string.Empty
                : lines.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal)) is { } unhandled
                    ? ExceptionSummary().Match(unhandled).Value
                    : lines.FirstOrDefault() ?? string.Empty;
            return (Run.ExitCode == 0 ? "runs, exit 0: " : $"fails, exit {Run.ExitCode}: ") + "`" + evidence + "`";
        }
    }

    /// <summary>Runs a sample once per test run (the per-sample tests and the truth table share the result).</summary>
    public static SampleOutcome Get(PackageFixture fixture, Arm64Emulator emulator, EmulationSample sample) =>
        Cache.GetOrAdd(sample.Key, _ => new Lazy<SampleOutcome>(() => Execute(fixture, emulator, sample))).Value;

    private static SampleOutcome Execute(PackageFixture fixture, Arm64Emulator emulator, EmulationSample sample)
    {
        var clock = Stopwatch.StartNew();
        sample.Prepare?.Invoke(fixture);
        SampleProject project = fixture.CreateProject(sample.Key)
            .WithProject($"""
                <RuntimeIdentifiers>{Arm64Emulator.Rid}</RuntimeIdentifiers>
                    <!-- The target is the emulator's sysroot: hold the glibc floor check to its glibc. -->
                    <CrossGuardMinGlibc>{emulator.GlibcVersion}</CrossGuardMinGlibc>
                    {sample.Properties}
                """, sample.Items)
            .WithFile("Program.cs", sample.Program);
        string publishDirectory = Path.Combine(project.Directory, "publish");

        CommandResult Publish(params string[] extra) => project.Dotnet([
            "publish", project.ProjectPath, "-r", Arm64Emulator.Rid, "--self-contained", "true", "-o", publishDirectory,
            "-nodeReuse:false", "-v:n", .. extra]);

        CommandResult check = Publish();
        ToolVerdict tool = CrossGuardTool.Install(fixture).Check(fixture, project.ProjectPath, Arm64Emulator.Rid);
        CommandResult? suppressed = null;
        CommandResult published = check;
        if (check.ExitCode != 0)
        {
            suppressed = Publish("-p:CrossGuardEmulationSuppress=true");
            published = suppressed;
        }

        CommandResult? run = published.ExitCode == 0
            ? emulator.Run(Path.Combine(publishDirectory, sample.Key), TimeSpan.FromMinutes(3))
            : null;
        var outcome = new SampleOutcome(sample, project.Directory, publishDirectory, check, tool, suppressed, run, clock.Elapsed);
        outcome.WriteLog();
        return outcome;
    }

    /// <summary>artifacts/emulation/&lt;sample&gt;.log: every command and its full output.</summary>
    private void WriteLog()
    {
        var log = new StringBuilder();
        log.AppendLine($"# {Sample.Key}: {Sample.Title} ({Elapsed.TotalSeconds:F1} s)");
        log.AppendLine($"verdict: {VerdictText}");
        log.AppendLine($"crossguard check --format json: {ToolText}");
        log.AppendLine($"observed: {ObservedText}");
        foreach (CommandResult? result in new[] { Check, Tool.Result, SuppressedPublish, Run })
        {
            if (result is not null)
            {
                log.AppendLine().AppendLine(result.ToString());
            }
        }

        Directory.CreateDirectory(TruthTable.ArtifactsDirectory);
        File.WriteAllText(Path.Combine(TruthTable.ArtifactsDirectory, Sample.Key + ".log"), log.ToString());
    }

    /// <summary>For assertion messages: the verdict and observation, and the tail of each command (full text in the log).</summary>
    public override string ToString() =>
        $"{Sample.Key}: verdict {VerdictText}; tool {ToolText}; observed {ObservedText} (full log: artifacts/emulation/{Sample.Key}.log)\n"
        + $"--- verdict publish ---\n{Tail(Check)}\n"
        + $"--- crossguard check: {ToolText} ---\n{Tail(Tool.Result)}\n"
        + (SuppressedPublish is null ? string.Empty : $"--- publish with the problem accepted ---\n{Tail(SuppressedPublish)}\n")
        + (Run is null ? string.Empty : $"--- run under qemu ---\n{Tail(Run)}\n");

    private static string Tail(CommandResult result)
    {
        const int max = 4000;
        string text = result.ToString();
        return text.Length <= max ? text : "..." + text[^max..];
    }

    /// <summary>The first MSBuild/compiler error of a publish, e.g. "error MSB4012" or "error CS0246".</summary>
    [GeneratedRegex(@"\b(error [A-Z]+\d+)\b")]
    private static partial Regex FirstError();

    [GeneratedRegex(@"System\.\w+Exception: [^.]*")]
    private static partial Regex ExceptionSummary();
}
