using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// The operating systems (of the three a RID can name) code can run on, as a bit mask: 1 Windows, 2 Linux, 4 macOS.
/// A guard narrows the set; 0 means the code cannot run on any of them (or its failure there is handled).
/// Guards understood: OperatingSystem.IsWindows/IsLinux/IsMacOS/IsOSPlatform (and the other Is* checks, which name no
/// RID's OS), the *VersionAtLeast forms (when true only), RuntimeInformation.IsOSPlatform(OSPlatform.X or
/// OSPlatform.Create("x")), Environment.OSVersion.Platform compared with a PlatformID, members marked
/// [SupportedOSPlatformGuard] / [UnsupportedOSPlatformGuard], static readonly fields and static properties initialized in
/// the same file with one of those calls, [SupportedOSPlatform] / [UnsupportedOSPlatform] on the containing member, its
/// types and the assembly, and a try block with a catch that handles DllNotFoundException (see <see cref="Caught"/>).
/// </summary>
internal sealed class OsGuardDomain : GuardDomain<int>
{
    public const int All = 7;

    public override int Top => All;

    public static int Mask(TargetOs os) => os switch
    {
        TargetOs.Windows => 1,
        TargetOs.Linux => 2,
        _ => 4,
    };

    /// <summary>"windows10.0.17763" → Windows; "linux", "macos", "osx" likewise; any other platform names no RID's OS (0).</summary>
    public static int PlatformMask(string? platform)
    {
        string p = (platform ?? string.Empty).Trim().ToLowerInvariant();
        if (p.StartsWith("windows", StringComparison.Ordinal))
        {
            return 1;
        }

        if (p.StartsWith("linux", StringComparison.Ordinal))
        {
            return 2;
        }

        return p.StartsWith("macos", StringComparison.Ordinal) || p.StartsWith("osx", StringComparison.Ordinal) ? 4 : 0;
    }

    public override int Meet(int left, int right) => left & right;

    public override int Join(int left, int right) => left | right;

    public override int Term(ExpressionSyntax term, bool value, SemanticModel model, CancellationToken cancellationToken) =>
        TermCore(term, value, model, allowInitializers: true, cancellationToken);

    /// <summary>
    /// A catch that handles the DllNotFoundException of a missing library counts as a guard for the try block: its type is
    /// DllNotFoundException or a base of it (TypeLoadException, SystemException, Exception) or it has none, it has no
    /// <c>when</c> filter, and its block does not end by throwing. EntryPointNotFoundException alone does not count (the
    /// library missing throws DllNotFoundException), nor TypeInitializationException (thrown where the type is first used,
    /// not around the call).
    /// </summary>
    public override int Caught(SyntaxList<CatchClauseSyntax> catches, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (CatchClauseSyntax clause in catches)
        {
            if (clause.Filter is not null || EndsByThrowing(clause.Block))
            {
                continue;
            }

            if (clause.Declaration is null)
            {
                return 0;
            }

            string? type = model.GetTypeInfo(clause.Declaration.Type, cancellationToken).Type?.ToDisplayString();
            if (type is "System.DllNotFoundException" or "System.TypeLoadException" or "System.SystemException" or "System.Exception")
            {
                return 0;
            }
        }

        return All;
    }

    public override int FromAttributes(ISymbol? containing)
    {
        int mask = All;
        for (ISymbol? symbol = containing; symbol is not null; symbol = symbol.ContainingSymbol)
        {
            int supported = 0;
            bool any = false;
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string platform)
                {
                    continue;
                }

                if (name == "System.Runtime.Versioning.SupportedOSPlatformAttribute")
                {
                    any = true;
                    supported |= PlatformMask(platform);
                }
                else if (name == "System.Runtime.Versioning.UnsupportedOSPlatformAttribute" && !HasVersion(platform))
                {
                    mask &= ~PlatformMask(platform);
                }
            }

            if (any)
            {
                mask &= supported;
            }

            if (symbol is IAssemblySymbol)
            {
                break;
            }
        }

        return mask;
    }

    private int TermCore(ExpressionSyntax term, bool value, SemanticModel model, bool allowInitializers, CancellationToken cancellationToken)
    {
        switch (term)
        {
            case BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.EqualsExpression or (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.NotEqualsExpression } equality:
            {
                bool equals = equality.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.EqualsExpression);
                int? platform = PlatformIdMask(equality.Left, equality.Right, model, cancellationToken)
                    ?? PlatformIdMask(equality.Right, equality.Left, model, cancellationToken);
                return platform is { } mask ? Exact(mask, value == equals) : All;
            }

            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } pattern:
                return PlatformIdMask(pattern.Expression, constant.Expression, model, cancellationToken) is { } patternMask ? Exact(patternMask, value) : All;
        }

        ISymbol? symbol = model.GetSymbolInfo(term, cancellationToken).Symbol;
        if (symbol is null)
        {
            return All;
        }

        if (symbol is IMethodSymbol method && term is InvocationExpressionSyntax invocation)
        {
            string? type = method.ContainingType?.ToDisplayString();
            if (type == "System.OperatingSystem")
            {
                return OperatingSystemCheck(method.Name, invocation, value, model, cancellationToken);
            }

            if (type == "System.Runtime.InteropServices.RuntimeInformation" && method.Name == "IsOSPlatform")
            {
                return model.GetOperation(invocation, cancellationToken) is IInvocationOperation { Arguments.Length: 1 } operation
                    && OSPlatformMask(operation.Arguments[0].Value) is { } mask
                    ? Exact(mask, value)
                    : All;
            }
        }

        if (GuardAttributes(symbol) is { } guarded)
        {
            return guarded;
        }

        return allowInitializers ? FromInitializer(symbol, value, model, cancellationToken) : All;

        int? GuardAttributes(ISymbol s)
        {
            int supported = 0;
            int unsupported = 0;
            bool any = false;
            foreach (AttributeData attribute in s.GetAttributes())
            {
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string platform)
                {
                    continue;
                }

                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case "System.Runtime.Versioning.SupportedOSPlatformGuardAttribute":
                        any = true;
                        supported |= PlatformMask(platform);
                        break;
                    case "System.Runtime.Versioning.UnsupportedOSPlatformGuardAttribute":
                        any = true;
                        unsupported |= HasVersion(platform) ? 0 : PlatformMask(platform);
                        break;
                }
            }

            if (!any)
            {
                return null;
            }

            // When the guard is true the platform is one of the supported and none of the unsupported; false says nothing.
            return value ? (supported == 0 ? All : supported) & ~unsupported : All;
        }
    }

    /// <summary><c>static readonly bool IsWindows = OperatingSystem.IsWindows();</c> (or a static property returning it) declared in the same file.</summary>
    private int FromInitializer(ISymbol symbol, bool value, SemanticModel model, CancellationToken cancellationToken)
    {
        if (symbol is not (IFieldSymbol { IsStatic: true, IsReadOnly: true } or IPropertySymbol { IsStatic: true, SetMethod: null })
            || symbol.DeclaringSyntaxReferences.Length != 1
            || symbol.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
        {
            return All;
        }

        ExpressionSyntax? initializer = symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax { Initializer.Value: { } v } => v,
            PropertyDeclarationSyntax { ExpressionBody.Expression: { } e } => e,
            PropertyDeclarationSyntax { Initializer.Value: { } v } => v,
            _ => null,
        };
        while (initializer is ParenthesizedExpressionSyntax parenthesized)
        {
            initializer = parenthesized.Expression;
        }

        if (initializer is PrefixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalNotExpression, Operand: InvocationExpressionSyntax negated })
        {
            return TermCore(negated, !value, model, allowInitializers: false, cancellationToken);
        }

        return initializer is InvocationExpressionSyntax call ? TermCore(call, value, model, allowInitializers: false, cancellationToken) : All;
    }

    private static int OperatingSystemCheck(string name, InvocationExpressionSyntax invocation, bool value, SemanticModel model, CancellationToken cancellationToken)
    {
        bool atLeast = name.EndsWith("VersionAtLeast", StringComparison.Ordinal);
        string os = atLeast ? name.Substring(0, name.Length - "VersionAtLeast".Length) : name;
        int mask;
        if (os == "IsOSPlatform")
        {
            if (invocation.ArgumentList.Arguments.Count == 0
                || model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, cancellationToken) is not { HasValue: true, Value: string platform })
            {
                return All;
            }

            mask = PlatformMask(platform);
        }
        else
        {
            mask = os switch
            {
                "IsWindows" => 1,
                "IsLinux" => 2,
                "IsMacOS" => 4,
                "IsFreeBSD" or "IsAndroid" or "IsIOS" or "IsMacCatalyst" or "IsTvOS" or "IsWatchOS" or "IsBrowser" or "IsWasi" => 0,
                _ => -1,
            };
            if (mask < 0)
            {
                return All;
            }
        }

        // IsWindowsVersionAtLeast(10) being false does not mean "not Windows".
        return atLeast && !value ? All : Exact(mask, value);
    }

    /// <summary>OSPlatform.Windows / Linux / OSX / FreeBSD, or OSPlatform.Create("name").</summary>
    private static int? OSPlatformMask(IOperation argument)
    {
        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

        return argument switch
        {
            IPropertyReferenceOperation { Property: { Name: var name, ContainingType.Name: "OSPlatform" } } => name switch
            {
                "Windows" => 1,
                "Linux" => 2,
                "OSX" => 4,
                _ => 0,
            },
            IInvocationOperation { TargetMethod: { Name: "Create", ContainingType.Name: "OSPlatform" }, Arguments.Length: 1 } create
                when create.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string platform } => PlatformMask(platform),
            _ => null,
        };
    }

    /// <summary>
    /// The OSes on which <c>Environment.OSVersion.Platform</c> equals the PlatformID constant: Win32NT (and the older
    /// Windows values) Windows; Unix Linux and macOS (.NET Core reports Unix on macOS); MacOSX macOS.
    /// </summary>
    private static int? PlatformIdMask(ExpressionSyntax platformSide, ExpressionSyntax constantSide, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(platformSide, cancellationToken).Symbol is not IPropertySymbol { Name: "Platform", ContainingType: { } owner }
            || owner.ToDisplayString() != "System.OperatingSystem"
            || model.GetConstantValue(constantSide, cancellationToken) is not { HasValue: true, Value: int id })
        {
            return null;
        }

        return id switch
        {
            0 or 1 or 2 or 3 or 5 => 1,
            4 => 2 | 4,
            6 => 4,
            _ => 0,
        };
    }

    private static int Exact(int mask, bool value) => value ? mask : All & ~mask;

    private static bool HasVersion(string platform)
    {
        foreach (char c in platform)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsByThrowing(BlockSyntax block) =>
        block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] is ThrowStatementSyntax;
}
