using CrossGuard.Analyzers.Rules;
using CrossGuard.CodeFixes.Rules;
using VerifyFix = CrossGuard.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    CrossGuard.Analyzers.Rules.XG0006UnguardedHardwareIntrinsicAnalyzer,
    CrossGuard.CodeFixes.Rules.XG0006UnguardedHardwareIntrinsicCodeFix>;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    CrossGuard.Analyzers.Rules.XG0006UnguardedHardwareIntrinsicAnalyzer>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0006UnguardedHardwareIntrinsicTests
{
    private static readonly (string, string)[] s_x64AndArm64 = [("_CrossGuardRidList", "linux-x64,linux-arm64")];

    [Fact]
    public async Task Unguarded_Avx2_with_an_arm64_rid_is_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => {|#0:Avx2.Add(a, b)|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, s_x64AndArm64,
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"));
    }

    [Fact]
    public async Task AdvSimd_with_an_x64_rid_is_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.Arm;

            static class Simd
            {
                public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => {|#0:AdvSimd.Add(a, b)|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, s_x64AndArm64,
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("AdvSimd.Add", "AdvSimd", "does not exist on linux-x64"));
    }

    [Fact]
    public async Task Feature_that_varies_within_one_architecture_is_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics.X86;

            static class Bits
            {
                public static uint Count(uint x) => {|#0:Popcnt.PopCount(x)|};

                public static ulong Count64(ulong x) => {|#1:Popcnt.X64.PopCount(x)|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, [("_CrossGuardRidList", "win-x64")],
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Popcnt.PopCount", "Popcnt", "some win-x64 CPUs lack"),
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(1).WithArguments("Popcnt.X64.PopCount", "Popcnt.X64", "some win-x64 CPUs lack"));
    }

    [Fact]
    public async Task Guards_in_the_same_member_are_recognized()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Diagnostics;
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.Arm;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector256<int> IfGuard(Vector256<int> a, Vector256<int> b)
                {
                    if (Avx2.IsSupported && a != b)
                    {
                        return Avx2.Add(a, b);
                    }

                    return a + b;
                }

                public static Vector128<int> ElseOfNegation(Vector128<int> a, Vector128<int> b)
                {
                    if (!AdvSimd.IsSupported)
                    {
                        return a + b;
                    }
                    else
                    {
                        return AdvSimd.Add(a, b);
                    }
                }

                public static Vector128<int> EarlyReturn(Vector128<int> a, Vector128<int> b)
                {
                    if (!Sse41.IsSupported || a == b)
                        return a;

                    return Sse41.Min(a, b);
                }

                public static Vector128<int> EarlyThrow(Vector128<int> a)
                {
                    if (!Ssse3.IsSupported)
                    {
                        throw new PlatformNotSupportedException();
                    }

                    return Ssse3.Abs(a).AsInt32();
                }

                public static uint Ternary(uint x) => Popcnt.IsSupported ? Popcnt.PopCount(x) : 0;

                public static bool ShortCircuit(uint x) => Lzcnt.IsSupported && Lzcnt.LeadingZeroCount(x) == 0;

                public static Vector128<int> DerivedIsaImpliesBase(Vector128<int> a, Vector128<int> b)
                {
                    if (Avx2.IsSupported)
                    {
                        return Sse41.Min(a, b);
                    }

                    return a;
                }

                public static ulong NestedX64Guard(ulong x)
                {
                    Debug.Assert(Bmi1.X64.IsSupported);
                    return Bmi1.X64.TrailingZeroCount(x) + Bmi1.TrailingZeroCount((uint)x);
                }

                public static Vector128<int> Lambda(Vector128<int> a)
                {
                    if (Sse41.IsSupported)
                    {
                        Func<Vector128<int>> f = () => Sse41.Min(a, a);
                        return f();
                    }

                    return a;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, [("_CrossGuardRidList", "linux-x64,linux-arm64,osx-arm64")]);
    }

    [Fact]
    public async Task Guard_for_another_isa_or_an_or_condition_does_not_count()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector256<int> Wrong(Vector256<int> a, Vector256<int> b)
                {
                    if (Avx.IsSupported)
                    {
                        return {|#0:Avx2.Add(a, b)|};
                    }

                    if (Avx2.IsSupported || a == b)
                    {
                        return {|#1:Avx2.Subtract(a, b)|};
                    }

                    return a;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, [("_CrossGuardRidList", "linux-x64")],
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "some linux-x64 CPUs lack"),
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(1).WithArguments("Avx2.Subtract", "Avx2", "some linux-x64 CPUs lack"));
    }

    [Fact]
    public async Task Baseline_isas_on_their_own_architecture_and_projects_without_rids_are_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => Sse2.Add(a, b);

                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
            }
            """;

        await Verify.VerifyAnalyzerAsync(source.Replace("Avx2.Add(a, b)", "a + b"), [("_CrossGuardRidList", "linux-x64,win-x86")]);
        await Verify.VerifyAnalyzerAsync(source, []);
    }

    [Fact]
    public async Task Element_wise_operations_become_cross_platform_vector_calls_including_nested_ones()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector256<int> Mix(Vector256<int> a, Vector256<int> b, Vector256<int> c) => {|#0:Avx2.Add({|#1:Avx2.Xor(a, b)|}, c)|};

                public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => {|#2:Sse.Subtract(a, b)|};

                public static Vector256<int> Min(Vector256<int> a, Vector256<int> b) => {|#3:Avx2.Min(a, b)|};
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            static class Simd
            {
                public static Vector256<int> Mix(Vector256<int> a, Vector256<int> b, Vector256<int> c) => Vector256.Add(Vector256.Xor(a, b), c);

                public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => Vector128.Subtract(a, b);

                public static Vector256<int> Min(Vector256<int> a, Vector256<int> b) => {|#3:Avx2.Min(a, b)|};
            }
            """;

        var test = new VerifyFix.Test { TestCode = source, FixedCode = fixedSource };
        Verifiers.AnalyzerTestExtensions.WithMsBuildProperties(test, ("_CrossGuardRidList", "linux-x64,linux-arm64"));
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"));
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(1).WithArguments("Avx2.Xor", "Avx2", "does not exist on linux-arm64"));
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(2).WithArguments("Sse.Subtract", "Sse", "does not exist on linux-arm64"));
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(3).WithArguments("Avx2.Min", "Avx2", "does not exist on linux-arm64"));
        test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(3).WithArguments("Avx2.Min", "Avx2", "does not exist on linux-arm64"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Private_helpers_called_only_under_IsSupported_are_guarded_transitively()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            public static class Hex
            {
                public static Vector256<byte> Encode(Vector256<byte> a, Vector256<byte> b)
                {
                    if (Avx2.IsSupported)
                    {
                        return Step(a, b);
                    }

                    return Vector256.Add(a, b);
                }

                public static Vector128<byte> Shuffle(Vector128<byte> a, Vector128<byte> mask) =>
                    Ssse3.IsSupported ? ShuffleCore(a, mask) : a;

                private static Vector256<byte> Step(Vector256<byte> a, Vector256<byte> b) => Mix(Avx2.Add(a, b), b);

                private static Vector256<byte> Mix(Vector256<byte> a, Vector256<byte> b) => Avx2.Or(a, Avx2.Xor(a, b));

                private static Vector128<byte> ShuffleCore(Vector128<byte> a, Vector128<byte> mask) => Ssse3.Shuffle(a, mask);

                public static Vector128<byte> Checked(Vector128<byte> a, Vector128<byte> mask)
                {
                    EnsureSsse3();
                    return Ssse3.Shuffle(a, mask);
                }

                private static void EnsureSsse3()
                {
                    if (!Ssse3.IsSupported)
                    {
                        throw new PlatformNotSupportedException("SSSE3 is required");
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, s_x64AndArm64);
    }

    [Fact]
    public async Task A_helper_with_one_unguarded_caller_or_a_public_one_is_still_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            public static class Hex
            {
                public static Vector256<byte> A(Vector256<byte> a) => Avx2.IsSupported ? Step(a) : a;

                public static Vector256<byte> B(Vector256<byte> a) => Step(a);

                private static Vector256<byte> Step(Vector256<byte> a) => {|#0:Avx2.Add(a, a)|};

                public static Vector256<byte> Exposed(Vector256<byte> a) => {|#1:Avx2.Add(a, a)|};

                internal static Vector256<byte> UnderAvx(Vector256<byte> a) => Avx.IsSupported ? Wider(a) : a;

                private static Vector256<byte> Wider(Vector256<byte> a) => {|#2:Avx2.Add(a, a)|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, s_x64AndArm64,
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"),
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(1).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"),
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(2).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"));
    }

    [Fact]
    public async Task An_internal_helper_is_not_trusted_when_the_assembly_has_InternalsVisibleTo()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.CompilerServices;
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            [assembly: InternalsVisibleTo("Tests")]

            public static class Hex
            {
                public static Vector256<byte> A(Vector256<byte> a) => Avx2.IsSupported ? Step(a) : a;

                internal static Vector256<byte> Step(Vector256<byte> a) => {|#0:Avx2.Add(a, a)|};

                private static Vector256<byte> Private(Vector256<byte> a) => Avx2.Add(a, a);

                public static Vector256<byte> B(Vector256<byte> a) => Avx2.IsSupported ? Private(a) : a;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, s_x64AndArm64,
            Verify.Diagnostic(DiagnosticIds.UnguardedHardwareIntrinsic).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "does not exist on linux-arm64"));
    }

    [Fact]
    public void Rule_is_registered()
    {
        Assert.Equal("XG0006_UseCrossPlatformVector", XG0006UnguardedHardwareIntrinsicCodeFix.UseCrossPlatformVectorKey);
        Assert.Contains(DiagnosticIds.UnguardedHardwareIntrinsic, new XG0006UnguardedHardwareIntrinsicAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }
}
