using System;
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
/// guard, in a project with declared RIDs. A guard is found syntactically in the same member: an enclosing
/// <c>if</c>/<c>?:</c>/<c>&amp;&amp;</c> whose condition has <c>X.IsSupported</c> as a conjunct, the <c>else</c> of a negated
/// check, or an earlier <c>if (!X.IsSupported) return/throw</c> or <c>Debug.Assert(X.IsSupported)</c>. A guard on a
/// derived ISA counts (Avx2.IsSupported implies Avx and Sse4.2). ISAs that are baseline for every declared RID
/// (Sse/Sse2 on x86/x64, AdvSimd/ArmBase on arm64) need no guard.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0006UnguardedHardwareIntrinsicAnalyzer : DiagnosticAnalyzer
{
    private const string IsSupported = nameof(IsSupported);

    /// <summary>
    /// Diagnostic property naming the cross-platform helper class ("Vector128") whose same-named method computes exactly
    /// what the intrinsic does (element-wise Add/Subtract/And/Or/Xor); absent when no such rewrite exists.
    /// </summary>
    public const string CrossPlatformProperty = "CrossPlatform";

    private static readonly string[] s_vectorHelpers = { "Vector64", "Vector128", "Vector256", "Vector512" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnguardedHardwareIntrinsic);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            BuildContext build = BuildContext.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!build.Enabled || build.Rids.IsEmpty)
            {
                return;
            }

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

            var analyzer = new CompilationAnalyzer(build, x86, arm, wasm, crossPlatform);
            start.RegisterOperationAction(analyzer.AnalyzeMemberUse, OperationKind.Invocation, OperationKind.PropertyReference);
        });
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

        public CompilationAnalyzer(BuildContext build, INamespaceSymbol? x86, INamespaceSymbol? arm, INamespaceSymbol? wasm, Dictionary<string, INamedTypeSymbol> crossPlatform)
        {
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

            SemanticModel? model = context.Operation.SemanticModel;
            if (model is null || IsGuarded(context.Operation.Syntax, isa, model, context.CancellationToken))
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
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnguardedHardwareIntrinsic,
                context.Operation.Syntax.GetLocation(),
                properties,
                isaName + "." + member.Name,
                isaName,
                why));
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

        private static bool IsGuarded(SyntaxNode use, INamedTypeSymbol isa, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            SyntaxNode child = use;
            for (SyntaxNode? node = use.Parent; node is not null; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        if (Implies(Conjuncts(ifStatement.Condition), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ElseClauseSyntax elseClause when elseClause.Parent is IfStatementSyntax owner:
                        if (Implies(NegatedDisjuncts(owner.Condition), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                        if (Implies(Conjuncts(conditional.Condition), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                        if (Implies(NegatedDisjuncts(conditional.Condition), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } logicalAnd when child == logicalAnd.Right:
                        if (Implies(Conjuncts(logicalAnd.Left), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } logicalOr when child == logicalOr.Right:
                        if (Implies(NegatedDisjuncts(logicalOr.Left), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case BlockSyntax block when child is StatementSyntax statement:
                        if (EarlierStatementsGuard(block.Statements, statement, isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case SwitchSectionSyntax section when child is StatementSyntax statement:
                        if (EarlierStatementsGuard(section.Statements, statement, isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool EarlierStatementsGuard(SyntaxList<StatementSyntax> statements, StatementSyntax current, INamedTypeSymbol isa, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (StatementSyntax earlier in statements)
            {
                if (earlier == current)
                {
                    break;
                }

                switch (earlier)
                {
                    case IfStatementSyntax { Else: null } ifStatement when Exits(ifStatement.Statement):
                        if (Implies(NegatedDisjuncts(ifStatement.Condition), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                    case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }
                        when invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Assert" }
                            && invocation.ArgumentList.Arguments.Count > 0:
                        if (Implies(Conjuncts(invocation.ArgumentList.Arguments[0].Expression), isa, model, cancellationToken))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool Exits(StatementSyntax statement) => statement switch
        {
            ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax => true,
            ExpressionStatementSyntax { Expression: ThrowExpressionSyntax } => true,
            BlockSyntax block => block.Statements.Count > 0 && Exits(block.Statements[block.Statements.Count - 1]),
            _ => false,
        };

        /// <summary>Terms that are all true when <paramref name="condition"/> is true (a &amp;&amp; b &amp;&amp; c).</summary>
        private static IEnumerable<ExpressionSyntax> Conjuncts(ExpressionSyntax condition)
        {
            ExpressionSyntax e = Unwrap(condition);
            if (e is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } logicalAnd)
            {
                return Conjuncts(logicalAnd.Left).Concat(Conjuncts(logicalAnd.Right));
            }

            return new[] { e };
        }

        /// <summary>Terms that are all true when <paramref name="condition"/> is false (!a || !b).</summary>
        private static IEnumerable<ExpressionSyntax> NegatedDisjuncts(ExpressionSyntax condition)
        {
            ExpressionSyntax e = Unwrap(condition);
            if (e is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } logicalOr)
            {
                return NegatedDisjuncts(logicalOr.Left).Concat(NegatedDisjuncts(logicalOr.Right));
            }

            if (e is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation)
            {
                return Conjuncts(negation.Operand);
            }

            if (e is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals
                && Unwrap(equals.Right) is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression })
            {
                return new[] { Unwrap(equals.Left) };
            }

            return Array.Empty<ExpressionSyntax>();
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax parenthesized)
            {
                e = parenthesized.Expression;
            }

            return e;
        }

        /// <summary>True when one of <paramref name="terms"/> is <c>G.IsSupported</c> for an ISA G that implies <paramref name="isa"/>.</summary>
        private static bool Implies(IEnumerable<ExpressionSyntax> terms, INamedTypeSymbol isa, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (ExpressionSyntax term in terms)
            {
                if (term is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: IsSupported } access
                    || model.GetSymbolInfo(access, cancellationToken).Symbol is not IPropertySymbol { ContainingType: { } guard })
                {
                    continue;
                }

                for (INamedTypeSymbol? g = guard; g is not null; g = g.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(g, isa))
                    {
                        return true;
                    }
                }

                // Avx2.X64.IsSupported implies Avx2 (and what Avx2 implies).
                for (INamedTypeSymbol? g = guard.ContainingType; g is not null; g = g.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(g, isa))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
