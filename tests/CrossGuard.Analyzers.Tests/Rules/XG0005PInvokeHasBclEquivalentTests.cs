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
        test.NumberOfFixAllIterations = 1;
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

                [DllImport("advapi32.dll", EntryPoint = "SystemFunction036")]
                public static extern bool {|#3:RtlGenRandom|}(byte[] buffer, uint length);

                [DllImport("libz")]
                public static extern uint {|#4:crc32|}(uint crc, byte[] buf, uint len);

                [DllImport("libc")]
                public static extern int {|#6:gethostname|}(byte[] name, nint length);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_net8,
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("QueryPerformanceCounter", "QueryPerformanceCounter", "Stopwatch.GetTimestamp() / Stopwatch.Frequency", "every framework"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(1).WithArguments("chmod", "chmod", "File.SetUnixFileMode", ".NET 7"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(3).WithArguments("RtlGenRandom", "SystemFunction036", "RandomNumberGenerator.Fill", ".NET Core 2.1"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(4).WithArguments("crc32", "crc32", "System.IO.Hashing.Crc32 (System.IO.Hashing package)", "the System.IO.Hashing package"),
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(6).WithArguments("gethostname", "gethostname", "Dns.GetHostName()", "every framework"));
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

    /// <summary>Calls that are not true equivalents (another meaning, another scope) must not warn.</summary>
    [Fact]
    public async Task Functions_whose_BCL_lookalike_means_something_else_are_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint GetCurrentThreadId();

                [DllImport("libc")]
                public static extern int gettid();

                [DllImport("libc")]
                public static extern int isatty(int fd);

                [DllImport("libc")]
                public static extern long sysconf(int name);

                [DllImport("libc")]
                public static extern nint getenv(string name);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_net8);
    }

    [Fact]
    public async Task The_fix_compiles_in_every_position_a_call_can_take()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32.dll")]
                public static extern uint {|#0:GetCurrentProcessId|}();
            }

            class C
            {
                private uint _pid;

                void Statement() { Native.GetCurrentProcessId(); }

                void Bodied() => Native.GetCurrentProcessId();

                uint Returned() { return Native.GetCurrentProcessId(); }

                void Argument() => Console.WriteLine(Native.GetCurrentProcessId());

                string Member() => Native.GetCurrentProcessId().ToString();

                Func<uint> Lambda() => () => Native.GetCurrentProcessId();

                Action VoidLambda() => () => Native.GetCurrentProcessId();

                void Loop() { for (int i = 0; i < 2; Native.GetCurrentProcessId()) i++; }

                uint Property => Native.GetCurrentProcessId();

                void Assign() => _pid = Native.GetCurrentProcessId();

                long Arithmetic() => Native.GetCurrentProcessId() * 2L;
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
                private uint _pid;

                void Statement() { _ = Environment.ProcessId; }

                void Bodied() => _ = Environment.ProcessId;

                uint Returned() { return (uint)Environment.ProcessId; }

                void Argument() => Console.WriteLine((uint)Environment.ProcessId);

                string Member() => ((uint)Environment.ProcessId).ToString();

                Func<uint> Lambda() => () => (uint)Environment.ProcessId;

                Action VoidLambda() => () => _ = Environment.ProcessId;

                void Loop() { for (int i = 0; i < 2; _ = Environment.ProcessId) i++; }

                uint Property => (uint)Environment.ProcessId;

                void Assign() => _pid = (uint)Environment.ProcessId;

                long Arithmetic() => (uint)Environment.ProcessId * 2L;
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_net8,
            Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("GetCurrentProcessId", "GetCurrentProcessId", "Environment.ProcessId", ".NET 5"));
    }

    /// <summary>Fix All (document, project, solution) applies every fix, across files, with one using directive.</summary>
    [Fact]
    public async Task Fix_all_replaces_every_import_across_documents()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Native.cs", """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc")]
                public static extern int {|#0:getpid|}();

                [DllImport("kernel32")]
                public static extern long {|#1:GetTickCount64|}();
            }
            """));
        test.TestState.Sources.Add(("Use.cs", """
            static class Use
            {
                public static long Both() => Native.getpid() + Native.GetTickCount64();

                public static void Touch() => Native.getpid();
            }
            """));
        test.FixedState.Sources.Add(("Native.cs", """
            using System.Runtime.InteropServices;

            static class Native
            {
            }
            """));
        test.FixedState.Sources.Add(("Use.cs", """
            using System;

            static class Use
            {
                public static long Both() => Environment.ProcessId + Environment.TickCount64;

                public static void Touch() => _ = Environment.ProcessId;
            }
            """));
        Verifiers.AnalyzerTestExtensions.WithMsBuildProperties(test, s_net8);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(0).WithArguments("getpid", "getpid", "Environment.ProcessId", ".NET 5"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.PInvokeHasBclEquivalent).WithLocation(1).WithArguments("GetTickCount64", "GetTickCount64", "Environment.TickCount64", ".NET Core 3.0"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Catalogue_entries_with_a_fix_name_an_existing_member()
    {
        Assert.Equal("XG0005_UseBclEquivalent", XG0005PInvokeHasBclEquivalentCodeFix.UseBclEquivalentKey);
        Assert.NotNull(new XG0005PInvokeHasBclEquivalentCodeFix().GetFixAllProvider());
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
