using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0001: a [DllImport]/[LibraryImport] (or a literal name passed to the probing NativeLibrary.Load/TryLoad overloads) whose library is neither among the native files selected for a declared RID
/// (obj/crossguard.natives.json, written by the CheckNativeAssets task) nor a system library of that RID's OS.
/// Without the manifest, or for a RID the manifest does not describe, the rule says nothing: OS-level reasoning is
/// XG0002's, and guessing about packages would be noise.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0001DllImportLibraryMissingForRidAnalyzer : CrossGuardAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DllImportLibraryMissingForRid, Descriptors.DllImportNeedsSystemPackage);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
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
        INamedTypeSymbol? nativeLibrary = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeLibrary");
        var analyzer = new CompilationAnalyzer(manifest, rids, libraryImport, nativeLibrary);
        start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
        if (nativeLibrary is not null)
        {
            start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
        }
    }

    private sealed class CompilationAnalyzer
    {
        private readonly NativesManifest _manifest;
        private readonly List<(string Rid, TargetOs Os)> _rids;
        private readonly INamedTypeSymbol? _libraryImport;
        private readonly INamedTypeSymbol? _nativeLibrary;
        private readonly OsGuardDomain _guards = new();

        // A code base names a handful of libraries in thousands of imports: each name is judged once per compilation
        // (name normalization and the manifest's candidate file names allocate), then every import reads the verdict.
        private readonly ConcurrentDictionary<string, LibraryVerdict> _verdicts = new(StringComparer.Ordinal);
        private readonly Func<string, LibraryVerdict> _judge;

        public CompilationAnalyzer(NativesManifest manifest, List<(string Rid, TargetOs Os)> rids, INamedTypeSymbol? libraryImport, INamedTypeSymbol? nativeLibrary)
        {
            _manifest = manifest;
            _rids = rids;
            _libraryImport = libraryImport;
            _nativeLibrary = nativeLibrary;
            _judge = Judge;
        }

        /// <summary>What the manifest and the system-library tables say about one library name, for every declared RID.</summary>
        private sealed class LibraryVerdict
        {
            public LibraryVerdict(DistroPackages? packages, string[] missing)
            {
                Packages = packages;
                Missing = missing;
            }

            /// <summary>Set for a distribution library (libsecret): the packages to install.</summary>
            public DistroPackages? Packages { get; }

            /// <summary>The RIDs that lack the library: Linux RIDs the manifest does not provide it for (a distribution
            /// library), else RIDs where it is neither a system library nor provided; empty when nothing is missing or the
            /// name is another rule's (a system library of any OS, a path).</summary>
            public string[] Missing { get; }
        }

        private LibraryVerdict Judge(string library)
        {
            if (KnownSystemLibraries.GetDistroPackages(library) is { } packages)
            {
                return new LibraryVerdict(packages, _rids
                    .Where(r => r.Os == TargetOs.Linux && !_manifest.Provides(r.Rid, library, r.Os))
                    .Select(r => r.Rid)
                    .ToArray());
            }

            // System libraries of any OS are XG0002's; absolute paths are XG0003's (the manifest knows file names only).
            if (KnownSystemLibraries.IsKnown(library) || NativeLibraryName.IsPath(library))
            {
                return new LibraryVerdict(null, Array.Empty<string>());
            }

            return new LibraryVerdict(null, _rids
                .Where(r => !KnownSystemLibraries.IsSystemLibraryOn(library, r.Os) && !_manifest.Provides(r.Rid, library, r.Os))
                .Select(r => r.Rid)
                .ToArray());
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            string? library = PInvokeLibrary.GetLibraryName(method, _libraryImport);
            if (library is null)
            {
                return;
            }

            LibraryVerdict verdict = _verdicts.GetOrAdd(library, _judge);
            if (verdict.Missing.Length == 0)
            {
                return;
            }

            if (verdict.Packages is { } packages)
            {
                // [SupportedOSPlatform] keeping the import off Linux: no Linux call can reach it.
                if ((_guards.FromAttributes(method) & LinuxMask) != 0)
                {
                    ReportSystemPackage(context.ReportDiagnostic, method.Locations.FirstOrDefault(), method.Name, library, packages, verdict.Missing);
                }

                return;
            }

            Report(context.ReportDiagnostic, method.Locations.FirstOrDefault(), method.Name, library, verdict.Missing);
        }

        /// <summary>NativeLibrary.Load/TryLoad(libraryName, assembly, searchPath) with a literal name probes like [DllImport].</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;
            if (target.Name is not ("Load" or "TryLoad")
                || !SymbolEqualityComparer.Default.Equals(target.ContainingType, _nativeLibrary)
                || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0) is not { Parameter.Name: "libraryName" } first
                || first.Value is not ILiteralOperation { ConstantValue: { HasValue: true, Value: string library } })
            {
                return;
            }

            LibraryVerdict verdict = _verdicts.GetOrAdd(library, _judge);
            if (verdict.Missing.Length == 0)
            {
                return;
            }

            if (verdict.Packages is { } packages)
            {
                if (invocation.SemanticModel is { } model
                    && (GuardWalker.Collect(invocation.Syntax, model, _guards, context.ContainingSymbol, context.CancellationToken).State & LinuxMask) != 0)
                {
                    ReportSystemPackage(context.ReportDiagnostic, invocation.Syntax.GetLocation(), "NativeLibrary." + target.Name, library, packages, verdict.Missing);
                }

                return;
            }

            Report(context.ReportDiagnostic, invocation.Syntax.GetLocation(), "NativeLibrary." + target.Name, library, verdict.Missing);
        }

        private const int LinuxMask = 2;

        /// <summary>
        /// A distribution library (libsecret) that the manifest does not provide for a Linux RID: a warning naming the
        /// packages to install, for the Linux RIDs (the OS that can reach the call; on the others the library does not
        /// exist at all, which is XG0002's). Not reported where [SupportedOSPlatform] or, for NativeLibrary.Load, a guard
        /// keeps the call off Linux.
        /// </summary>
        private static void ReportSystemPackage(Action<Diagnostic> report, Location? location, string what, string library, DistroPackages packages, string[] missing) =>
            report(Diagnostic.Create(Descriptors.DllImportNeedsSystemPackage, location, what, library, string.Join(", ", missing), packages.ToString()));

        private static void Report(Action<Diagnostic> report, Location? location, string what, string library, string[] missing) =>
            report(Diagnostic.Create(Descriptors.DllImportLibraryMissingForRid, location, what, library, string.Join(", ", missing)));
    }
}
