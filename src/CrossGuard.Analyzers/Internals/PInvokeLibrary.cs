using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CrossGuard.Analyzers.Internals;

/// <summary>Reads the native library name (and entry point) of a [DllImport] or [LibraryImport] method.</summary>
internal static class PInvokeLibrary
{
    public static string? GetLibraryName(IMethodSymbol method, INamedTypeSymbol? libraryImportAttribute)
    {
        // Fast path for the common case: a [DllImport] method is extern, a [LibraryImport] one a partial definition.
        if (!IsCandidate(method))
        {
            return null;
        }

        DllImportData? dllImport = method.GetDllImportData();
        if (dllImport?.ModuleName is { Length: > 0 } module)
        {
            return module;
        }

        return FindLibraryImport(method, libraryImportAttribute) is { } attribute
            && attribute.ConstructorArguments.Length == 1
            && attribute.ConstructorArguments[0].Value is string name
            ? name
            : null;
    }

    /// <summary>The exported function a P/Invoke binds to: EntryPoint when given, else the method name.</summary>
    public static string GetEntryPoint(IMethodSymbol method, INamedTypeSymbol? libraryImportAttribute)
    {
        if (method.GetDllImportData() is { } dllImport)
        {
            return dllImport.EntryPointName is { Length: > 0 } entry ? entry : method.Name;
        }

        if (FindLibraryImport(method, libraryImportAttribute) is { } attribute)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "EntryPoint" && named.Value.Value is string entry && entry.Length > 0)
                {
                    return entry;
                }
            }
        }

        return method.Name;
    }

    /// <summary>The expression that spells the library name in the attribute (a literal, a const, a concatenation).</summary>
    public static ExpressionSyntax? GetLibraryNameSyntax(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (AttributeListSyntax list in declaration.AttributeLists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    string name = attribute.Name switch
                    {
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => string.Empty,
                    };
                    if (name is "DllImport" or "DllImportAttribute" or "LibraryImport" or "LibraryImportAttribute"
                        && attribute.ArgumentList is { Arguments.Count: > 0 } arguments
                        && arguments.Arguments[0].NameEquals is null
                        && arguments.Arguments[0].NameColon is null)
                    {
                        return arguments.Arguments[0].Expression;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>True for methods that can carry [DllImport] (extern) or [LibraryImport] (static partial without a body).</summary>
    public static bool IsCandidate(IMethodSymbol method) =>
        method.IsExtern || (method.IsStatic && method.IsPartialDefinition);

    private static AttributeData? FindLibraryImport(IMethodSymbol method, INamedTypeSymbol? libraryImportAttribute)
    {
        if (libraryImportAttribute is null)
        {
            return null;
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, libraryImportAttribute))
            {
                return attribute;
            }
        }

        return null;
    }
}
