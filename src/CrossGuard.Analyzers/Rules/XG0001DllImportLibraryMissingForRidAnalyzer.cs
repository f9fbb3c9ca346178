using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0001: a [DllImport]/[LibraryImport] whose library is neither among the native files selected for a declared RID
/// (obj/crossguard.natives.json, written by the CheckNativeAssets task) nor a system library of that RID's OS.
/// Without the manifest, or for a RID the manifest does not describe, the rule says nothing: OS-level reasoning is
/// XG0002's, and guessing about packages would be noise.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0001DllImportLibraryMissingForRidAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DllImportLibraryMissingForRid);

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

            NativesManifest? manifest = NativesManifest.Find(start.Options.AdditionalFiles, start.CancellationToken);
            if (manifest is null)
            {
                return;
            }

            var rids = new List<(string Rid, TargetOs Os)>();
            foreach (string rid in build.Rids)
            {
                if (BuildContext.TryGetOs(rid, out TargetOs os) && manifest.Knows(rid))
                {
                    rids.Add((rid, os));
                }
            }

            if (rids.Count == 0)
            {
                return;
            }

            INamedTypeSymbol? libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            var analyzer = new CompilationAnalyzer(manifest, rids, libraryImport);
            start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
        });
    }

    private sealed class CompilationAnalyzer
    {
        private readonly NativesManifest _manifest;
        private readonly List<(string Rid, TargetOs Os)> _rids;
        private readonly INamedTypeSymbol? _libraryImport;

        public CompilationAnalyzer(NativesManifest manifest, List<(string Rid, TargetOs Os)> rids, INamedTypeSymbol? libraryImport)
        {
            _manifest = manifest;
            _rids = rids;
            _libraryImport = libraryImport;
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            string? library = PInvokeLibrary.GetLibraryName(method, _libraryImport);

            // System libraries of any OS are XG0002's; absolute paths are XG0003's (the manifest knows file names only).
            if (library is null || KnownSystemLibraries.IsKnown(library) || NativeLibraryName.IsPath(library))
            {
                return;
            }

            string[] missing = _rids
                .Where(r => !KnownSystemLibraries.IsSystemLibraryOn(library, r.Os) && !_manifest.Provides(r.Rid, library, r.Os))
                .Select(r => r.Rid)
                .ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.DllImportLibraryMissingForRid,
                method.Locations.FirstOrDefault(),
                method.Name,
                library,
                string.Join(", ", missing)));
        }
    }
}
