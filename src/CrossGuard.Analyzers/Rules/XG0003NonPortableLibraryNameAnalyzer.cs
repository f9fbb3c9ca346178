using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0003: a library name that defeats the runtime's probing in a project that ships to RIDs where it cannot resolve:
/// a file name with another OS's extension ("libfoo.so", "foo.dll", "libfoo.dylib"), glibc's versioned soname with a
/// musl RID ("libc.so.6"), or a path. Checked on [DllImport]/[LibraryImport] and on string literals passed to
/// NativeLibrary.Load/TryLoad. Single-OS system libraries ("kernel32.dll") are left to XG0002.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0003NonPortableLibraryNameAnalyzer : CrossGuardAnalyzer
{
    /// <summary>Diagnostic property with the probing name the code fix writes; absent when no rewrite is right.</summary>
    public const string SuggestionProperty = "Suggestion";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonPortableLibraryName);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
        INamedTypeSymbol? libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
        INamedTypeSymbol? nativeLibrary = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeLibrary");
        var analyzer = new CompilationAnalyzer(build, libraryImport, nativeLibrary);
        start.RegisterSymbolAction(analyzer.AnalyzeMethod, SymbolKind.Method);
        if (nativeLibrary is not null)
        {
            start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
        }
    }

    private sealed class CompilationAnalyzer
    {
        private const string ProbeAdvice = "use '{0}' and let the runtime add the prefix and extension per OS";
        private readonly BuildContext _build;
        private readonly INamedTypeSymbol? _libraryImport;
        private readonly INamedTypeSymbol? _nativeLibrary;

        public CompilationAnalyzer(BuildContext build, INamedTypeSymbol? libraryImport, INamedTypeSymbol? nativeLibrary)
        {
            _build = build;
            _libraryImport = libraryImport;
            _nativeLibrary = nativeLibrary;
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            string? library = PInvokeLibrary.GetLibraryName(method, _libraryImport);
            if (library is null || NativeLibraryName.Analyze(library, _build) is not { } issue)
            {
                return;
            }

            ExpressionSyntax? argument = PInvokeLibrary.GetLibraryNameSyntax(method, context.CancellationToken);
            Location location = argument?.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
            bool literal = argument is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression };
            Report(context.ReportDiagnostic, location, library, issue, fixable: literal, probes: true);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;
            if (target.Name is not ("Load" or "TryLoad")
                || !SymbolEqualityComparer.Default.Equals(target.ContainingType, _nativeLibrary)
                || invocation.Arguments.Length == 0)
            {
                return;
            }

            IArgumentOperation first = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0) ?? invocation.Arguments[0];
            if (first.Value is not ILiteralOperation { ConstantValue: { HasValue: true, Value: string library } } literal
                || NativeLibraryName.Analyze(library, _build) is not { } issue)
            {
                return;
            }

            // Load(libraryName, assembly, searchPath) probes like [DllImport]; Load(libraryPath) hands the string to the OS loader as is.
            bool probes = first.Parameter?.Name == "libraryName";
            Report(context.ReportDiagnostic, literal.Syntax.GetLocation(), library, issue, fixable: probes, probes);
        }

        private static void Report(System.Action<Diagnostic> report, Location location, string library, LibraryNameIssue issue, bool fixable, bool probes)
        {
            string advice = issue.IsPath
                ? "ship the library with the app (runtimes/<rid>/native/) and import it by its bare name, or pick the path per OS at run time with NativeLibrary.SetDllImportResolver"
                : issue.Suggestion is null
                ? "use a bare library name so the runtime probes per OS"
                : probes
                    ? string.Format(System.Globalization.CultureInfo.InvariantCulture, ProbeAdvice, issue.Suggestion)
                    : $"pass '{issue.Suggestion}' to NativeLibrary.Load(libraryName, assembly, searchPath), which probes per OS";
            ImmutableDictionary<string, string?> properties = fixable && issue.Suggestion is not null
                ? ImmutableDictionary<string, string?>.Empty.Add(SuggestionProperty, issue.Suggestion)
                : ImmutableDictionary<string, string?>.Empty;
            report(Diagnostic.Create(Descriptors.NonPortableLibraryName, location, properties, library, issue.Reason, advice));
        }
    }
}
