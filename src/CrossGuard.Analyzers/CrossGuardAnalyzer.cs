using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers;

/// <summary>
/// The base of every CrossGuard rule, and the template for the next one. It owns what every rule must do the same way:
/// concurrent execution, no reports in generated code, reading the build's facts (<see cref="BuildContext"/>: the RIDs,
/// <c>CrossGuardEnabled</c>, <c>CrossGuardAllowNative</c>, the target framework) once per compilation, and staying
/// silent when CrossGuard is off or the project declares nothing the rule can judge. A rule only says what it looks at:
/// <list type="number">
/// <item>derive from this class, add <c>[DiagnosticAnalyzer(LanguageNames.CSharp)]</c> and its descriptors from
/// <c>Descriptors</c>;</item>
/// <item>override <see cref="AppliesTo"/> when the rule is relevant without declared RIDs (the default needs one);</item>
/// <item>register its actions in <see cref="OnCompilationStart"/>, resolving the symbols it needs there (once per
/// compilation, never per node);</item>
/// <item>a docs page docs/rules/XGnnnn.md, a row in docs/rules/README.md and AnalyzerReleases.Unshipped.md, a test
/// class tests/CrossGuard.Analyzers.Tests/Rules/XGnnnn*Tests.cs (the meta-tests fail without them).</item>
/// </list>
/// </summary>
public abstract class CrossGuardAnalyzer : DiagnosticAnalyzer
{
    private protected CrossGuardAnalyzer()
    {
    }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            BuildContext build = BuildContext.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (build.Enabled && AppliesTo(build))
            {
                OnCompilationStart(start, build);
            }
        });
    }

    /// <summary>Whether the rule has anything to judge for this build; by default, when at least one RID is declared.</summary>
    private protected virtual bool AppliesTo(BuildContext build) => !build.Rids.IsEmpty;

    /// <summary>Registers the rule's actions for one compilation (CrossGuard is enabled and <see cref="AppliesTo"/> holds).</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build);
}
