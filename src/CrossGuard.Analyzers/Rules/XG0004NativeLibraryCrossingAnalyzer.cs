using System.Collections.Immutable;
using System.Linq;
using CrossGuard.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CrossGuard.Analyzers.Rules;

/// <summary>
/// XG0004: native crossings that [DllImport] metadata does not describe: NativeLibrary.Load/TryLoad,
/// NativeLibrary.SetDllImportResolver, Marshal.GetDelegateForFunctionPointer and calls through
/// <c>delegate* unmanaged</c> pointers. Info by default (a crossing is not a bug); a warning when the project set
/// CrossGuardAllowNative=false. Literal names passed to Load/TryLoad are also checked by XG0003.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XG0004NativeLibraryCrossingAnalyzer : CrossGuardAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NativeLibraryCrossing, Descriptors.NativeLibraryCrossingDisallowed);

    /// <summary>Relevant without declared RIDs too.</summary>
    private protected override bool AppliesTo(BuildContext build) => true;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, BuildContext build)
    {
        INamedTypeSymbol? nativeLibrary = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeLibrary");
        INamedTypeSymbol? marshal = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
        var analyzer = new CompilationAnalyzer(nativeLibrary, marshal, build.AllowNative ? Descriptors.NativeLibraryCrossing : Descriptors.NativeLibraryCrossingDisallowed);
        if (nativeLibrary is not null || marshal is not null)
        {
            start.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
        }

        start.RegisterOperationAction(analyzer.AnalyzeFunctionPointerInvocation, OperationKind.FunctionPointerInvocation);
    }

    private sealed class CompilationAnalyzer
    {
        private readonly INamedTypeSymbol? _nativeLibrary;
        private readonly INamedTypeSymbol? _marshal;
        private readonly DiagnosticDescriptor _descriptor;

        public CompilationAnalyzer(INamedTypeSymbol? nativeLibrary, INamedTypeSymbol? marshal, DiagnosticDescriptor descriptor)
        {
            _nativeLibrary = nativeLibrary;
            _marshal = marshal;
            _descriptor = descriptor;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;
            string? what = null;
            if (SymbolEqualityComparer.Default.Equals(target.ContainingType, _nativeLibrary)
                && target.Name is "Load" or "TryLoad" or "SetDllImportResolver")
            {
                what = "NativeLibrary." + target.Name;
            }
            else if (SymbolEqualityComparer.Default.Equals(target.ContainingType, _marshal) && target.Name == "GetDelegateForFunctionPointer")
            {
                what = "Marshal.GetDelegateForFunctionPointer";
            }

            if (what is null)
            {
                return;
            }

            string detail = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value is ILiteralOperation { ConstantValue: { HasValue: true, Value: string name } }
                && target.Name != "SetDllImportResolver"
                ? $" (loads '{name}')"
                : string.Empty;
            Report(context, invocation.Syntax.GetLocation(), what, detail);
        }

        public void AnalyzeFunctionPointerInvocation(OperationAnalysisContext context)
        {
            var invocation = (IFunctionPointerInvocationOperation)context.Operation;
            IMethodSymbol signature = invocation.GetFunctionPointerSignature();
            if (signature.CallingConvention == System.Reflection.Metadata.SignatureCallingConvention.Default)
            {
                // delegate* managed: a call into managed code, not a crossing.
                return;
            }

            Report(context, invocation.Syntax.GetLocation(), "A call through a 'delegate* unmanaged' pointer", string.Empty);
        }

        private void Report(OperationAnalysisContext context, Location location, string what, string detail)
        {
            context.ReportDiagnostic(Diagnostic.Create(_descriptor, location, what, detail));
        }
    }
}
