using CrossGuard.Analyzers.Rules;
using CrossGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    CrossGuard.Analyzers.Rules.XG0004NativeLibraryCrossingAnalyzer>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0004NativeLibraryCrossingTests
{
    private const string Loader = /* lang=c#-test */ """
        using System;
        using System.Reflection;
        using System.Runtime.InteropServices;

        static class Loader
        {
            delegate int Callback();

            public static int Run(Assembly assembly)
            {
                IntPtr handle = {|#0:NativeLibrary.Load("foo", assembly, null)|};
                {|#1:NativeLibrary.TryLoad("bar", out _)|};
                {|#2:NativeLibrary.SetDllImportResolver(assembly, (name, asm, path) => IntPtr.Zero)|};
                var callback = {|#3:Marshal.GetDelegateForFunctionPointer<Callback>(NativeLibrary.GetExport(handle, "f"))|};
                return callback();
            }
        }
        """;

    private static Task RunAsync(string source, (string, string)[] properties, bool allowUnsafe, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.WithMsBuildProperties(properties);
        if (allowUnsafe)
        {
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task NativeLibrary_and_GetDelegateForFunctionPointer_are_informational_crossings()
    {
        await RunAsync(Loader, [], allowUnsafe: false,
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(0).WithArguments("NativeLibrary.Load", " (loads 'foo')"),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(1).WithArguments("NativeLibrary.TryLoad", " (loads 'bar')"),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(2).WithArguments("NativeLibrary.SetDllImportResolver", string.Empty),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(3).WithArguments("Marshal.GetDelegateForFunctionPointer", string.Empty));
    }

    [Fact]
    public async Task CrossGuardAllowNative_false_makes_them_warnings()
    {
        await RunAsync(Loader, [("CrossGuardAllowNative", "false"), ("_CrossGuardRidList", "linux-x64")], allowUnsafe: false,
            Verify.Diagnostic(Descriptors.NativeLibraryCrossingDisallowed).WithLocation(0).WithArguments("NativeLibrary.Load", " (loads 'foo')"),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossingDisallowed).WithLocation(1).WithArguments("NativeLibrary.TryLoad", " (loads 'bar')"),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossingDisallowed).WithLocation(2).WithArguments("NativeLibrary.SetDllImportResolver", string.Empty),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossingDisallowed).WithLocation(3).WithArguments("Marshal.GetDelegateForFunctionPointer", string.Empty));
    }

    [Fact]
    public async Task Unmanaged_function_pointer_calls_are_crossings_and_managed_ones_are_not()
    {
        const string source = /* lang=c#-test */ """
            static unsafe class Pointers
            {
                static int Twice(int x) => 2 * x;

                public static int Call(delegate* unmanaged<int, int> native, delegate* unmanaged[Cdecl]<int> cdecl)
                {
                    delegate*<int, int> managed = &Twice;
                    return {|#0:native(1)|} + {|#1:cdecl()|} + managed(3);
                }
            }
            """;

        await RunAsync(source, [], allowUnsafe: true,
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(0).WithArguments("A call through a 'delegate* unmanaged' pointer", string.Empty),
            Verify.Diagnostic(Descriptors.NativeLibraryCrossing).WithLocation(1).WithArguments("A call through a 'delegate* unmanaged' pointer", string.Empty));
    }

    [Fact]
    public async Task CrossGuardEnabled_false_silences_the_rule()
    {
        string source = Loader.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("{|#2:", string.Empty).Replace("{|#3:", string.Empty).Replace("|}", string.Empty);
        await RunAsync(source, [("CrossGuardEnabled", "false")], allowUnsafe: false);
    }

    [Fact]
    public void Rule_is_informational_by_default()
    {
        Assert.Equal(DiagnosticSeverity.Info, Descriptors.NativeLibraryCrossing.DefaultSeverity);
        Assert.Equal(DiagnosticSeverity.Warning, Descriptors.NativeLibraryCrossingDisallowed.DefaultSeverity);
        Assert.Equal(Descriptors.NativeLibraryCrossing.Id, Descriptors.NativeLibraryCrossingDisallowed.Id);
        Assert.Contains(DiagnosticIds.NativeLibraryCrossing, new XG0004NativeLibraryCrossingAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }
}
