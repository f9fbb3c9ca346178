using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0005: a P/Invoke whose native function the BCL replaces (getpid → Environment.ProcessId, GetTickCount64 →
/// Environment.TickCount64, ...; catalogue in <see cref="BclEquivalents"/>). Reported only when the replacement exists
/// in the project's reference assemblies and the project's TargetFramework is not older than the replacement.
/// Independent of RIDs: a managed replacement is better on every RID.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0005PInvokeHasBclEquivalentAnalyzer : CrossGuardAnalyzer
{
    /// <summary>Diagnostic property with the catalogue key; present only when the call sites can be rewritten mechanically.</summary>
    public const string FixKeyProperty = "BclEquivalent";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PInvokeHasBclEquivalent);

    /// <summary>Relevant without declared RIDs too.</summary>
    private protected override bool AppliesTo(BuildContext build) => true;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
        // Resolve which catalogue entries this compilation can use: the replacement must be referenced and the TFM new enough.
        var available = new HashSet<BclEquivalent>();
        foreach (BclEquivalent entry in BclEquivalents.All)
        {
            if (entry.MinimumNetCore is not null && build.TargetFramework.IsOlderThan(entry.MinimumNetCore))
            {
                continue;
            }

            if (entry.RequiredType is not null
                && (start.Compilation.GetTypeByMetadataName(entry.RequiredType) is not { } type
                    || (entry.RequiredMember is not null && type.GetMembers(entry.RequiredMember).IsEmpty)))
            {
                continue;
            }

            available.Add(entry);
        }

        if (available.Count == 0)
        {
            return;
        }

        INamedTypeSymbol? libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
        var analyzer = new CompilationAnalyzer(available, libraryImport);
        start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
    }

    private sealed class CompilationAnalyzer
    {
        private readonly HashSet<BclEquivalent> _available;
        private readonly INamedTypeSymbol? _libraryImport;

        public CompilationAnalyzer(HashSet<BclEquivalent> available, INamedTypeSymbol? libraryImport)
        {
            _available = available;
            _libraryImport = libraryImport;
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            string? library = PInvokeLibrary.GetLibraryName(method, _libraryImport);
            if (library is null)
            {
                return;
            }

            string entryPoint = PInvokeLibrary.GetEntryPoint(method, _libraryImport);
            BclEquivalent? entry = BclEquivalents.Find(entryPoint, library);
            if (entry is null || !_available.Contains(entry))
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = IsFixable(method, entry)
                ? ImmutableDictionary<string, string?>.Empty.Add(FixKeyProperty, entry.Key)
                : ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.PInvokeHasBclEquivalent,
                method.Locations.FirstOrDefault(),
                properties,
                method.Name,
                entryPoint,
                entry.Replacement,
                entry.Since));
        }

        /// <summary>A call maps one to one only for a parameterless P/Invoke returning a number the expression converts to.</summary>
        private static bool IsFixable(IMethodSymbol method, BclEquivalent entry)
        {
            return entry.FixExpression is not null
                && method.Parameters.IsEmpty
                && method.ReturnType.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32
                    or SpecialType.System_Int64 or SpecialType.System_UInt64;
        }
    }
}
