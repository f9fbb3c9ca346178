using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// The instruction sets known to be supported where code runs: <c>X.IsSupported</c> being true adds X; being false tells
/// nothing. Meet is the union (both facts hold), Join the intersection (only what every path knows).
/// </summary>
internal sealed class IsaGuardDomain : GuardDomain<ImmutableHashSet<INamedTypeSymbol>>
{
    private static readonly ImmutableHashSet<INamedTypeSymbol> s_none = ImmutableHashSet.Create<INamedTypeSymbol>(SymbolEqualityComparer.Default);

    public override ImmutableHashSet<INamedTypeSymbol> Top => s_none;

    public override ImmutableHashSet<INamedTypeSymbol> Meet(ImmutableHashSet<INamedTypeSymbol> left, ImmutableHashSet<INamedTypeSymbol> right) =>
        left.IsEmpty ? right : right.IsEmpty ? left : left.Union(right);

    public override ImmutableHashSet<INamedTypeSymbol> Join(ImmutableHashSet<INamedTypeSymbol> left, ImmutableHashSet<INamedTypeSymbol> right) =>
        left.IsEmpty || right.IsEmpty ? s_none : left.Intersect(right);

    public override ImmutableHashSet<INamedTypeSymbol> Term(ExpressionSyntax term, bool value, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value
            && term is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsSupported" } access
            && model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol { IsStatic: true, ContainingType: { } isa })
        {
            return s_none.Add(isa);
        }

        return s_none;
    }

    /// <summary>True when one of <paramref name="known"/> is <paramref name="isa"/> or an ISA that implies it (Avx2 → Avx; Avx2.X64 → Avx2).</summary>
    public static bool Implies(ImmutableHashSet<INamedTypeSymbol> known, INamedTypeSymbol isa)
    {
        foreach (INamedTypeSymbol guard in known)
        {
            for (INamedTypeSymbol? g = guard; g is not null; g = g.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(g, isa))
                {
                    return true;
                }
            }

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
