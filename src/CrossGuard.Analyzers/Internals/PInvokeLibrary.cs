using Microsoft.CodeAnalysis;

namespace CrossGuard.Analyzers.Internals;

/// <summary>Reads the native library name of a [DllImport] or [LibraryImport] method.</summary>
internal static class PInvokeLibrary
{
    public static string? GetLibraryName(IMethodSymbol method, INamedTypeSymbol? libraryImportAttribute)
    {
        DllImportData? dllImport = method.GetDllImportData();
        if (dllImport?.ModuleName is { Length: > 0 } module)
        {
            return module;
        }

        if (libraryImportAttribute is null)
        {
            return null;
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, libraryImportAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }
}
