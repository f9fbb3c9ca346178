using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// What a guard condition tells about the place it protects, as a meet-semilattice: <see cref="Top"/> is "nothing known",
/// <see cref="Meet"/> combines two facts that both hold (nested guards), <see cref="Join"/> two facts of which one holds
/// (<c>a || b</c>, or the several callers of a method). XG0002 uses the set of OSes the code can run on; XG0006 the set
/// of instruction sets known to be supported.
/// </summary>
internal abstract class GuardDomain<T>
{
    public abstract T Top { get; }

    public abstract T Meet(T left, T right);

    public abstract T Join(T left, T right);

    /// <summary>What a single term (no !, &amp;&amp;, ||) being <paramref name="value"/> tells; <see cref="Top"/> when it says nothing.</summary>
    public abstract T Term(ExpressionSyntax term, bool value, SemanticModel model, CancellationToken cancellationToken);

    /// <summary>What being inside a try block with these catch clauses tells (a handled DllNotFoundException...).</summary>
    public virtual T Caught(SyntaxList<CatchClauseSyntax> catches, SemanticModel model, CancellationToken cancellationToken) => Top;

    /// <summary>What the attributes of the member the code is in (and its types and assembly) tell.</summary>
    public virtual T FromAttributes(ISymbol? containing) => Top;

    /// <summary>What <paramref name="condition"/> being <paramref name="value"/> tells, through parentheses, !, &amp;&amp;, || and == true/false.</summary>
    public T Evaluate(ExpressionSyntax condition, bool value, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, value, model, cancellationToken);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation:
                return Evaluate(negation.Operand, !value, model, cancellationToken);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } conjunction:
                return value
                    ? Meet(Evaluate(conjunction.Left, true, model, cancellationToken), Evaluate(conjunction.Right, true, model, cancellationToken))
                    : Join(Evaluate(conjunction.Left, false, model, cancellationToken), Evaluate(conjunction.Right, false, model, cancellationToken));
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } disjunction:
                return value
                    ? Join(Evaluate(disjunction.Left, true, model, cancellationToken), Evaluate(disjunction.Right, true, model, cancellationToken))
                    : Meet(Evaluate(disjunction.Left, false, model, cancellationToken), Evaluate(disjunction.Right, false, model, cancellationToken));
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } equality
                when BoolLiteral(equality.Right) is { } literal:
                return Evaluate(equality.Left, value == (literal == equality.IsKind(SyntaxKind.EqualsExpression)), model, cancellationToken);
            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } pattern when BoolLiteral(constant.Expression) is { } literal:
                return Evaluate(pattern.Expression, value == literal, model, cancellationToken);
            default:
                return Term(condition, value, model, cancellationToken);
        }
    }

    private static bool? BoolLiteral(ExpressionSyntax e) => e switch
    {
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } => true,
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression } => false,
        _ => null,
    };
}

/// <summary>The guards found around one use, before callers and assertion helpers are taken into account.</summary>
internal readonly struct LocalGuards<T>
{
    public LocalGuards(T state, ImmutableArray<IMethodSymbol> assertions, ISymbol? containing)
    {
        State = state;
        Assertions = assertions;
        Containing = containing;
    }

    /// <summary>Meet of every enclosing and dominating condition, try/catch and the containing members' attributes.</summary>
    public T State { get; }

    /// <summary>Source methods called as statements before the use in an enclosing block: they may be assertions (EnsureLinux()).</summary>
    public ImmutableArray<IMethodSymbol> Assertions { get; }

    /// <summary>The method (or local function) the use is in: its callers guard it too.</summary>
    public ISymbol? Containing { get; }
}

/// <summary>
/// Finds the guards that dominate a use by walking up the syntax tree to the enclosing member or local function: the
/// branch of an if / ?: / &amp;&amp; / || / while it is in, earlier statements of each enclosing block that leave when
/// the guard fails (<c>if (!OperatingSystem.IsWindows()) return;</c>, <c>... throw</c>), <c>Debug.Assert(guard)</c>, calls of
/// possible assertion helpers, and enclosing try blocks. Lambdas are walked through: their body is guarded by what
/// guards their creation (as CA1416 treats them). This is a sound subset of flow analysis: a guard is only credited
/// when every path to the use passes it.
/// </summary>
internal static class GuardWalker
{
    public static LocalGuards<T> Collect<T>(SyntaxNode use, SemanticModel model, GuardDomain<T> domain, ISymbol? containing, CancellationToken cancellationToken)
    {
        T state = domain.Top;
        ImmutableArray<IMethodSymbol>.Builder? assertions = null;
        SyntaxNode child = use;
        for (SyntaxNode? node = use.Parent; node is not null; child = node, node = node.Parent)
        {
            switch (node)
            {
                case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                    state = domain.Meet(state, domain.Evaluate(ifStatement.Condition, true, model, cancellationToken));
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax owner }:
                    state = domain.Meet(state, domain.Evaluate(owner.Condition, false, model, cancellationToken));
                    break;
                case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue:
                    state = domain.Meet(state, domain.Evaluate(conditional.Condition, true, model, cancellationToken));
                    break;
                case ConditionalExpressionSyntax conditional when child == conditional.WhenFalse:
                    state = domain.Meet(state, domain.Evaluate(conditional.Condition, false, model, cancellationToken));
                    break;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } logicalAnd when child == logicalAnd.Right:
                    state = domain.Meet(state, domain.Evaluate(logicalAnd.Left, true, model, cancellationToken));
                    break;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } logicalOr when child == logicalOr.Right:
                    state = domain.Meet(state, domain.Evaluate(logicalOr.Left, false, model, cancellationToken));
                    break;
                case WhileStatementSyntax loop when child == loop.Statement:
                    state = domain.Meet(state, domain.Evaluate(loop.Condition, true, model, cancellationToken));
                    break;
                case ForStatementSyntax { Condition: { } condition } loop when child == loop.Statement:
                    state = domain.Meet(state, domain.Evaluate(condition, true, model, cancellationToken));
                    break;
                case TryStatementSyntax tryStatement when child == tryStatement.Block:
                    state = domain.Meet(state, domain.Caught(tryStatement.Catches, model, cancellationToken));
                    break;
                case BlockSyntax block when child is StatementSyntax statement:
                    state = domain.Meet(state, EarlierStatements(block.Statements, statement, model, domain, ref assertions, cancellationToken));
                    break;
                case SwitchSectionSyntax section when child is StatementSyntax statement:
                    state = domain.Meet(state, EarlierStatements(section.Statements, statement, model, domain, ref assertions, cancellationToken));
                    break;
                case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                    state = domain.Meet(state, EarlierGlobalStatements(unit, global, model, domain, ref assertions, cancellationToken));
                    return Done(domain, state, assertions, containing);
                case LocalFunctionStatementSyntax localFunction:
                    return Done(domain, state, assertions, model.GetDeclaredSymbol(localFunction, cancellationToken) ?? containing);
                case MemberDeclarationSyntax:
                    return Done(domain, state, assertions, containing);
            }
        }

        return Done(domain, state, assertions, containing);
    }

    /// <summary>
    /// What a method tells its caller once it returns, when its body begins with <c>if (condition) throw ...;</c> statements
    /// (PlatformUtils.EnsureLinux()): the conjunction of those conditions being false. False when it is not such a method.
    /// </summary>
    public static bool TryGetAssertion<T>(BaseMethodDeclarationSyntax method, SemanticModel model, GuardDomain<T> domain, CancellationToken cancellationToken, out T state)
    {
        state = domain.Top;
        if (method.Body is not { Statements.Count: > 0 } body)
        {
            return false;
        }

        bool found = false;
        foreach (StatementSyntax statement in body.Statements)
        {
            if (statement is not IfStatementSyntax { Else: null } ifStatement || !Throws(ifStatement.Statement))
            {
                break;
            }

            state = domain.Meet(state, domain.Evaluate(ifStatement.Condition, false, model, cancellationToken));
            found = true;
        }

        return found;
    }

    private static LocalGuards<T> Done<T>(GuardDomain<T> domain, T state, ImmutableArray<IMethodSymbol>.Builder? assertions, ISymbol? containing) =>
        new(domain.Meet(state, domain.FromAttributes(containing)), assertions?.ToImmutable() ?? ImmutableArray<IMethodSymbol>.Empty, containing);

    private static T EarlierStatements<T>(SyntaxList<StatementSyntax> statements, StatementSyntax current, SemanticModel model, GuardDomain<T> domain, ref ImmutableArray<IMethodSymbol>.Builder? assertions, CancellationToken cancellationToken)
    {
        T state = domain.Top;
        foreach (StatementSyntax earlier in statements)
        {
            if (earlier == current)
            {
                break;
            }

            state = domain.Meet(state, Dominating(earlier, model, domain, ref assertions, cancellationToken));
        }

        return state;
    }

    private static T EarlierGlobalStatements<T>(CompilationUnitSyntax unit, GlobalStatementSyntax current, SemanticModel model, GuardDomain<T> domain, ref ImmutableArray<IMethodSymbol>.Builder? assertions, CancellationToken cancellationToken)
    {
        T state = domain.Top;
        foreach (MemberDeclarationSyntax member in unit.Members)
        {
            if (member == current)
            {
                break;
            }

            if (member is GlobalStatementSyntax global)
            {
                state = domain.Meet(state, Dominating(global.Statement, model, domain, ref assertions, cancellationToken));
            }
        }

        return state;
    }

    /// <summary>What a statement that completed normally tells the statements after it.</summary>
    private static T Dominating<T>(StatementSyntax statement, SemanticModel model, GuardDomain<T> domain, ref ImmutableArray<IMethodSymbol>.Builder? assertions, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case IfStatementSyntax ifStatement when Exits(ifStatement.Statement):
                return domain.Evaluate(ifStatement.Condition, false, model, cancellationToken);
            case IfStatementSyntax { Else: { } elseClause } ifStatement when Exits(elseClause.Statement):
                return domain.Evaluate(ifStatement.Condition, true, model, cancellationToken);
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }:
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Assert" }
                    && invocation.ArgumentList.Arguments.Count > 0
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType.Name: "Debug" or "Trace" })
                {
                    return domain.Evaluate(invocation.ArgumentList.Arguments[0].Expression, true, model, cancellationToken);
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: true } called
                    && called.Locations.Length > 0 && called.Locations[0].IsInSource)
                {
                    (assertions ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(called.OriginalDefinition);
                }

                return domain.Top;
            default:
                return domain.Top;
        }
    }

    private static bool Exits(StatementSyntax statement) => statement switch
    {
        ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax => true,
        ExpressionStatementSyntax { Expression: ThrowExpressionSyntax } => true,
        BlockSyntax block => block.Statements.Count > 0 && Exits(block.Statements[block.Statements.Count - 1]),
        _ => false,
    };

    private static bool Throws(StatementSyntax statement) => statement switch
    {
        ThrowStatementSyntax => true,
        BlockSyntax block => block.Statements.Count > 0 && Throws(block.Statements[block.Statements.Count - 1]),
        _ => false,
    };
}
