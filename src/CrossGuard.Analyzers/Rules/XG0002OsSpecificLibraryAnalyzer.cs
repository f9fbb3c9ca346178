using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0002: a P/Invoke into a system library that exists on some OSes only (kernel32, libSystem, libdl...) in a project
/// whose RIDs include another OS, reported on the declaration when code can reach it on such an OS: a call site (or
/// method-group reference) that no guard restricts to the library's OSes (see <see cref="OsGuardDomain"/> for what counts,
/// and <see cref="CallGraph{T}"/> for guards in callers), or a declaration visible outside the assembly, whose callers are
/// not known. Silent when every call site is guarded, and when the declaration carries [SupportedOSPlatform] for the
/// library's OSes: CA1416 then checks the call sites.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0002OsSpecificLibraryAnalyzer : CrossGuardAnalyzer
{
    /// <summary>Diagnostic property: comma-separated OS platforms (SupportedOSPlatform spelling) the library belongs to.</summary>
    public const string PlatformProperty = "Platform";

    /// <summary>How many unguarded call sites are attached to a diagnostic as additional locations.</summary>
    private const int MaxAdditionalLocations = 10;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OsSpecificLibrary);

    private protected override bool AppliesTo(BuildContext build) => build.TargetOses.Count > 0;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
        INamedTypeSymbol? libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
        INamedTypeSymbol? supportedOs = start.Compilation.GetTypeByMetadataName("System.Runtime.Versioning.SupportedOSPlatformAttribute");
        var graph = new CallGraph<int>(start.Compilation, new OsGuardDomain());
        var analyzer = new CompilationAnalyzer(build, libraryImport, supportedOs, graph);
        start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
        start.RegisterOperationAction(graph.AnalyzeOperation, OperationKind.Invocation, OperationKind.MethodReference);
        start.RegisterSyntaxNodeAction(graph.AnalyzeMethodDeclaration, SyntaxKind.MethodDeclaration);
        start.RegisterCompilationEndAction(analyzer.Report);
    }

    private sealed class CompilationAnalyzer
    {
        private readonly BuildContext _build;
        private readonly INamedTypeSymbol? _libraryImport;
        private readonly INamedTypeSymbol? _supportedOs;
        private readonly CallGraph<int> _graph;
        private readonly ConcurrentQueue<Import> _imports = new();

        public CompilationAnalyzer(BuildContext build, INamedTypeSymbol? libraryImport, INamedTypeSymbol? supportedOs, CallGraph<int> graph)
        {
            _build = build;
            _libraryImport = libraryImport;
            _supportedOs = supportedOs;
            _graph = graph;
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            string? library = PInvokeLibrary.GetLibraryName(method, _libraryImport);
            if (library is null || !KnownSystemLibraries.TryGetOses(library, out IReadOnlyList<TargetOs> libraryOses))
            {
                return;
            }

            TargetOs[] others = _build.TargetOses.Where(os => !libraryOses.Contains(os)).OrderBy(os => os).ToArray();
            if (others.Length == 0 || IsRestrictedTo(method, libraryOses))
            {
                return;
            }

            _imports.Enqueue(new Import(method, library, libraryOses, others));
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (Import import in _imports)
            {
                int othersMask = import.Others.Aggregate(0, (mask, os) => mask | OsGuardDomain.Mask(os));
                IReadOnlyCollection<CallSite> sites = _graph.SitesOf(import.Method);
                var unguarded = new List<CallSite>();
                foreach (CallSite site in sites)
                {
                    if ((_graph.Effective(site, context.CancellationToken) & othersMask) != 0)
                    {
                        unguarded.Add(site);
                    }
                }

                bool visible = _graph.IsVisibleOutside(import.Method);
                if (unguarded.Count == 0 && !visible)
                {
                    continue;
                }

                var reach = new List<string>();
                if (unguarded.Count > 0)
                {
                    reach.Add(unguarded.Count == sites.Count
                        ? (sites.Count == 1 ? "its call site has no OS guard" : $"none of its {sites.Count} call sites has an OS guard")
                        : $"{unguarded.Count} of its {sites.Count} call sites have no OS guard");
                }

                if (visible)
                {
                    reach.Add("it is visible outside the assembly, whose callers are not checked");
                }

                string platforms = string.Join(",", import.LibraryOses.Select(PlatformName));
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.OsSpecificLibrary,
                    import.Method.Locations.FirstOrDefault(),
                    unguarded.Take(MaxAdditionalLocations).Select(s => s.Location),
                    ImmutableDictionary<string, string?>.Empty.Add(PlatformProperty, platforms),
                    import.Method.Name,
                    import.Library,
                    string.Join("/", import.LibraryOses.Select(BuildContext.DisplayName)),
                    string.Join(", ", import.Others.Select(BuildContext.DisplayName)),
                    string.Join(" and ", reach)));
            }
        }

        /// <summary>
        /// True when the innermost symbol (method, then containing types, then assembly) that carries
        /// [SupportedOSPlatform] names only OSes the library exists on: CA1416 then guards every call site.
        /// </summary>
        private bool IsRestrictedTo(IMethodSymbol method, IReadOnlyList<TargetOs> oses)
        {
            if (_supportedOs is null)
            {
                return false;
            }

            for (ISymbol? symbol = method; symbol is not null; symbol = symbol.ContainingSymbol)
            {
                bool any = false;
                bool allInside = true;
                foreach (AttributeData attribute in symbol.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _supportedOs)
                        && attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0].Value is string platform)
                    {
                        any = true;
                        allInside &= oses.Any(os => PlatformMatches(platform, os));
                    }
                }

                if (any)
                {
                    return allInside;
                }

                if (symbol is IAssemblySymbol)
                {
                    break;
                }
            }

            return false;
        }

        private static string PlatformName(TargetOs os) => os switch
        {
            TargetOs.Windows => "windows",
            TargetOs.Linux => "linux",
            _ => "macos",
        };

        private static bool PlatformMatches(string platform, TargetOs os)
        {
            string p = platform.ToLowerInvariant();
            return os switch
            {
                TargetOs.Windows => p.StartsWith("windows", StringComparison.Ordinal),
                TargetOs.Linux => p.StartsWith("linux", StringComparison.Ordinal),
                _ => p.StartsWith("macos", StringComparison.Ordinal) || p.StartsWith("osx", StringComparison.Ordinal),
            };
        }

        private sealed class Import
        {
            public Import(IMethodSymbol method, string library, IReadOnlyList<TargetOs> libraryOses, TargetOs[] others)
            {
                Method = method;
                Library = library;
                LibraryOses = libraryOses;
                Others = others;
            }

            public IMethodSymbol Method { get; }

            public string Library { get; }

            public IReadOnlyList<TargetOs> LibraryOses { get; }

            public TargetOs[] Others { get; }
        }
    }
}
