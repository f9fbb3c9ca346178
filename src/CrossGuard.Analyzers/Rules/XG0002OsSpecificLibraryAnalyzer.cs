using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0002: a P/Invoke into a system library that exists on one OS only (kernel32, libSystem, libdl...) in a project
/// whose RIDs include another OS. The declaration is reported unless it carries [SupportedOSPlatform] for that OS;
/// once it does, CA1416 takes over at the call sites (we cooperate with it instead of re-checking guards).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0002OsSpecificLibraryAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: comma-separated OS platforms (SupportedOSPlatform spelling) the library belongs to.</summary>
    public const string PlatformProperty = "Platform";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OsSpecificLibrary);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            BuildContext build = BuildContext.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!build.Enabled || build.TargetOses.Count == 0)
            {
                return;
            }

            INamedTypeSymbol? libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            INamedTypeSymbol? supportedOs = start.Compilation.GetTypeByMetadataName("System.Runtime.Versioning.SupportedOSPlatformAttribute");
            var analyzer = new CompilationAnalyzer(build, libraryImport, supportedOs);
            start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
        });
    }

    private sealed class CompilationAnalyzer
    {
        private readonly BuildContext _build;
        private readonly INamedTypeSymbol? _libraryImport;
        private readonly INamedTypeSymbol? _supportedOs;

        public CompilationAnalyzer(BuildContext build, INamedTypeSymbol? libraryImport, INamedTypeSymbol? supportedOs)
        {
            _build = build;
            _libraryImport = libraryImport;
            _supportedOs = supportedOs;
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

            string otherNames = string.Join(", ", others.Select(BuildContext.DisplayName));
            string platforms = string.Join(",", libraryOses.Select(PlatformName));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.OsSpecificLibrary,
                method.Locations.FirstOrDefault(),
                ImmutableDictionary<string, string?>.Empty.Add(PlatformProperty, platforms),
                method.Name,
                library,
                string.Join("/", libraryOses.Select(BuildContext.DisplayName)),
                otherNames));
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
    }
}
