using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0006: a System.Runtime.Intrinsics.X86/Arm/Wasm member other than IsSupported used outside an <c>IsSupported</c>
/// guard, in a project with declared RIDs. Guards are found by <see cref="GuardWalker"/>: an enclosing
/// <c>if</c>/<c>?:</c>/<c>&amp;&amp;</c>/<c>||</c>/<c>while</c> whose condition implies <c>X.IsSupported</c>, an earlier
/// <c>if (!X.IsSupported) return/throw</c>, <c>Debug.Assert(X.IsSupported)</c>, a call of a helper that begins with
/// <c>if (!X.IsSupported) throw</c>, and guards in the callers: a method no code outside the compilation can call whose
/// every call site is guarded is guarded (<see cref="CallGraph{T}"/>). A guard on a derived ISA counts (Avx2.IsSupported
/// implies Avx and Sse4.2). ISAs that are baseline for every declared RID (Sse/Sse2 on x86/x64, AdvSimd/ArmBase on arm64)
/// need no guard.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0006UnguardedHardwareIntrinsicAnalyzer : CrossGuardAnalyzer
{
    private const string IsSupported = nameof(IsSupported);

    /// <summary>
    /// Diagnostic property naming the cross-platform helper class ("Vector128") whose same-named method computes exactly
    /// what the intrinsic does (element-wise Add/Subtract/And/Or/Xor); absent when no such rewrite exists.
    /// </summary>
    public const string CrossPlatformProperty = "CrossPlatform";

    private static readonly string[] s_vectorHelpers = { "Vector64", "Vector128", "Vector256", "Vector512" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnguardedHardwareIntrinsic);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
        INamespaceSymbol? x86 = start.Compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.X86.Sse")?.ContainingNamespace;
        INamespaceSymbol? arm = start.Compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Arm.AdvSimd")?.ContainingNamespace;
        INamespaceSymbol? wasm = start.Compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Wasm.PackedSimd")?.ContainingNamespace;
        if (x86 is null && arm is null && wasm is null)
        {
            return;
        }

        var crossPlatform = new Dictionary<string, INamedTypeSymbol>(StringComparer.Ordinal);
        foreach (string helper in s_vectorHelpers)
        {
            if (start.Compilation.GetTypeByMetadataName("System.Runtime.Intrinsics." + helper) is { } type)
            {
                crossPlatform[helper] = type;
            }
        }

        var graph = new CallGraph<ImmutableHashSet<INamedTypeSymbol>>(start.Compilation, new IsaGuardDomain());
        var analyzer = new CompilationAnalyzer(build, x86, arm, wasm, crossPlatform, graph);
        start.RegisterOperationAction(analyzer.AnalyzeMemberUse, OperationKind.Invocation, OperationKind.PropertyReference);
        start.RegisterOperationAction(graph.AnalyzeOperation, OperationKind.Invocation, OperationKind.MethodReference);
        start.RegisterSyntaxNodeAction(graph.AnalyzeMethodDeclaration, SyntaxKind.MethodDeclaration);
        start.RegisterCompilationEndAction(analyzer.Report);
    }

    private sealed class CompilationAnalyzer
    {
        private static readonly string[] s_x86Baseline = { "Sse", "Sse2", "X86Base" };
        private static readonly string[] s_armBaseline = { "AdvSimd", "ArmBase" };

        // RIDs without one of these (e.g. "osx", "linux-bionic") say nothing certain about the CPU.
        private static readonly string[] s_knownArchitectures = { "x64", "x86", "arm64", "arm", "armel", "armv6", "wasm", "s390x", "ppc64le", "loongarch64", "riscv64" };
        private readonly BuildContext _build;
        private readonly INamespaceSymbol? _x86;
        private readonly INamespaceSymbol? _arm;
        private readonly INamespaceSymbol? _wasm;
        private readonly Dictionary<string, INamedTypeSymbol> _crossPlatform;
        private readonly CallGraph<ImmutableHashSet<INamedTypeSymbol>> _graph;
        private readonly ConcurrentQueue<(IOperation Operation, ISymbol? Containing, INamedTypeSymbol Isa, Diagnostic Diagnostic)> _uses = new();

        public CompilationAnalyzer(BuildContext build, INamespaceSymbol? x86, INamespaceSymbol? arm, INamespaceSymbol? wasm, Dictionary<string, INamedTypeSymbol> crossPlatform, CallGraph<ImmutableHashSet<INamedTypeSymbol>> graph)
        {
            _graph = graph;
            _build = build;
            _x86 = x86;
            _arm = arm;
            _wasm = wasm;
            _crossPlatform = crossPlatform;
        }

        public void AnalyzeMemberUse(OperationAnalysisContext context)
        {
            ISymbol? member = context.Operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };
            if (member is null || !member.IsStatic || member.Name == IsSupported || member.ContainingType is not { } isa)
            {
                return;
            }

            INamedTypeSymbol outer = isa;
            while (outer.ContainingType is not null)
            {
                outer = outer.ContainingType;
            }

            string[] architectures;
            string[] baseline;
            if (SymbolEqualityComparer.Default.Equals(outer.ContainingNamespace, _x86))
            {
                architectures = isa.Name == "X64" ? new[] { "x64" } : new[] { "x64", "x86" };
                baseline = s_x86Baseline;
            }
            else if (SymbolEqualityComparer.Default.Equals(outer.ContainingNamespace, _arm))
            {
                architectures = isa.Name == "Arm64" ? new[] { "arm64" } : new[] { "arm64", "arm" };
                baseline = s_armBaseline;
            }
            else if (SymbolEqualityComparer.Default.Equals(outer.ContainingNamespace, _wasm))
            {
                architectures = new[] { "wasm" };
                baseline = Array.Empty<string>();
            }
            else
            {
                return;
            }

            string[] foreign = _build.Rids
                .Where(r => Array.IndexOf(s_knownArchitectures, BuildContext.GetArchitecture(r)) >= 0 && Array.IndexOf(architectures, BuildContext.GetArchitecture(r)) < 0)
                .ToArray();
            if (foreign.Length == 0 && Array.IndexOf(baseline, outer.Name) >= 0)
            {
                return;
            }


            string isaName = isa.ContainingType is { } container ? container.Name + "." + isa.Name : isa.Name;
            string why = foreign.Length > 0
                ? "does not exist on " + string.Join(", ", foreign)
                : "some " + string.Join(", ", _build.Rids) + " CPUs lack";
            ImmutableDictionary<string, string?> properties = member is IMethodSymbol method && CrossPlatformHelper(method) is { } helper
                ? ImmutableDictionary<string, string?>.Empty.Add(CrossPlatformProperty, helper)
                : ImmutableDictionary<string, string?>.Empty;
            Diagnostic diagnostic = Diagnostic.Create(
                Descriptors.UnguardedHardwareIntrinsic,
                context.Operation.Syntax.GetLocation(),
                properties,
                isaName + "." + member.Name,
                isaName,
                why);
            _uses.Enqueue((context.Operation, context.ContainingSymbol, isa, diagnostic));
        }

        /// <summary>Reports the uses that neither their own code nor every caller of their method guards.</summary>
        public void Report(CompilationAnalysisContext context)
        {
            foreach ((IOperation operation, ISymbol? containing, INamedTypeSymbol isa, Diagnostic diagnostic) in _uses)
            {
                if (!IsaGuardDomain.Implies(_graph.Effective(operation, containing, context.CancellationToken), isa))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>
        /// "Vector128" when <paramref name="method"/> is an element-wise Add/Subtract/And/Or/Xor over two VectorNNN&lt;T&gt; of
        /// the same type returning that type, and VectorNNN.Method exists: those are bit-for-bit the same operation.
        /// (Min/Max differ on NaN and -0; Multiply is widening on some ISAs; so they are not mapped.)
        /// </summary>
        private string? CrossPlatformHelper(IMethodSymbol method)
        {
            if (method.Name is not ("Add" or "Subtract" or "And" or "Or" or "Xor")
                || method.Parameters.Length != 2
                || method.ReturnType is not INamedTypeSymbol { IsGenericType: true, Arity: 1 } vector
                || !_crossPlatform.TryGetValue(vector.Name, out INamedTypeSymbol? helper)
                || !SymbolEqualityComparer.Default.Equals(vector.ContainingNamespace, helper.ContainingNamespace)
                || !method.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, vector))
                || helper.GetMembers(method.Name).IsEmpty)
            {
                return null;
            }

            return helper.Name;
        }
    }
}
