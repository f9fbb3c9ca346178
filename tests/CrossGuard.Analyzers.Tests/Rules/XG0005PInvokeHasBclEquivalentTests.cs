using CrossGuard.Analyzers.Rules;
using CrossGuard.CodeFixes.Rules;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    CrossGuard.Analyzers.Rules.XG0005PInvokeHasBclEquivalentAnalyzer,
    CrossGuard.CodeFixes.Rules.XG0005PInvokeHasBclEquivalentCodeFix>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0005PInvokeHasBclEquivalentTests
{
    private static readonly (string, string)[] s_net8 = [("TargetFramework", "net8.0")];

    [Fact]
    public async Task Getpid_calls_become_Environment_ProcessId_and_the_declaration_goes()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc")]
                public static extern int {|#0:getpid|}();
            }

            class C
            {
                int M() => Native.getpid() + 1;
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
            }

            class C
            {
                int M() => Environment.ProcessId + 1;
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_net8,
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("getpid", "getpid", "Environment.ProcessId", ".NET 5"));
    }

    [Fact]
    public async Task GetCurrentProcessId_returning_uint_gets_a_cast()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32.dll")]
                public static extern uint {|#0:GetCurrentProcessId|}();

                public static uint Pid() => GetCurrentProcessId();
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                public static uint Pid() => (uint)Environment.ProcessId;
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_net8,
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("GetCurrentProcessId", "GetCurrentProcessId", "Environment.ProcessId", ".NET 5"));
    }

    [Fact]
    public async Task Declaration_used_as_a_method_group_is_kept()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32", EntryPoint = "GetTickCount64")]
                public static extern ulong {|#0:Ticks|}();

                public static ulong Now() => Ticks();

                public static Func<ulong> Clock => Ticks;
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32", EntryPoint = "GetTickCount64")]
                public static extern ulong {|#0:Ticks|}();

                public static ulong Now() => (ulong)Environment.TickCount64;

                public static Func<ulong> Clock => Ticks;
            }
            """;

        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        Verifiers.AnalyzerTestExtensions.WithMsBuildProperties(test, s_net8);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0)
            .WithArguments("Ticks", "GetTickCount64", "Environment.TickCount64", ".NET Core 3.0"));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0)
            .WithArguments("Ticks", "GetTickCount64", "Environment.TickCount64", ".NET Core 3.0"));
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.NumberOfFixAllIterations = 0;
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Entries_without_a_direct_mapping_are_reported_without_a_fix()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32.dll")]
                public static extern bool {|#0:QueryPerformanceCounter|}(out long value);

                [DllImport("libc", SetLastError = true)]
                public static extern int {|#1:chmod|}(string path, int mode);

                [DllImport("libc")]
                public static extern int {|#2:isatty|}(int fd);

                [DllImport("advapi32.dll", EntryPoint = "SystemFunction036")]
                public static extern bool {|#3:RtlGenRandom|}(byte[] buffer, uint length);

                [DllImport("libz")]
                public static extern uint {|#4:crc32|}(uint crc, byte[] buf, uint len);

                [DllImport("kernel32")]
                public static extern uint {|#5:GetCurrentThreadId|}();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_net8,
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("QueryPerformanceCounter", "QueryPerformanceCounter", "Stopwatch.GetTimestamp() / Stopwatch.Frequency", "every framework"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(1).WithArguments("chmod", "chmod", "File.SetUnixFileMode", ".NET 7"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(2).WithArguments("isatty", "isatty", "Console.IsOutputRedirected / IsInputRedirected / IsErrorRedirected", "every framework"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(3).WithArguments("RtlGenRandom", "SystemFunction036", "RandomNumberGenerator.Fill", ".NET Core 2.1"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(4).WithArguments("crc32", "crc32", "System.IO.Hashing.Crc32 (System.IO.Hashing package)", "the System.IO.Hashing package"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(5).WithArguments("GetCurrentThreadId", "GetCurrentThreadId", "Environment.CurrentManagedThreadId (a managed id, not the OS thread id)", "every framework"));
    }

    [Theory]
    [InlineData("netcoreapp3.1")]
    [InlineData("netstandard2.1")]
    [InlineData("net48")]
    public async Task Older_target_frameworks_get_no_report(string tfm)
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc")]
                public static extern int getpid();

                [DllImport("libc")]
                public static extern int chmod(string path, int mode);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("TargetFramework", tfm)]);
    }

    [Fact]
    public async Task Same_name_in_an_unrelated_library_is_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("mylib")]
                public static extern int getpid();

                [DllImport("libc")]
                public static extern int getppid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_net8);
    }

    [Fact]
    public void Catalogue_entries_with_a_fix_name_an_existing_member()
    {
        Assert.Equal("XG0005_UseBclEquivalent", XG0005PInvokeHasBclEquivalentCodeFix.UseBclEquivalentKey);
        Assert.Null(new XG0005PInvokeHasBclEquivalentCodeFix().GetFixAllProvider());
        foreach (Internals.BclEquivalent entry in Internals.BclEquivalents.All)
        {
            Assert.Same(entry, Internals.BclEquivalents.FindByKey(entry.Key));
            if (entry.FixExpression is not null)
            {
                Assert.StartsWith("global::System.", entry.FixExpression);
                Assert.NotNull(entry.FixExpressionType);
            }
        }
    }
}
