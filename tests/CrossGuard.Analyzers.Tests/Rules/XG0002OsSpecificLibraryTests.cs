using CrossGuard.Analyzers.Rules;
using CrossGuard.Analyzers.Tests.Verifiers;
using CrossGuard.CodeFixes.Rules;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    CrossGuard.Analyzers.Rules.XG0002OsSpecificLibraryAnalyzer,
    CrossGuard.CodeFixes.Rules.XG0002OsSpecificLibraryCodeFix>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0002OsSpecificLibraryTests
{
    private static readonly (string, string)[] s_linuxAndWindows = [("_CrossGuardRidList", "linux-x64,win-x64")];

    [Fact]
    public async Task Kernel32_in_a_project_shipping_to_linux_is_reported_and_fixed_with_SupportedOSPlatform()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint {|#0:GetTickCount|}();
            }

            static class App
            {
                public static object Run() => {|#1:Native.GetTickCount()|};
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            static class Native
            {
                [DllImport("kernel32")]
                [SupportedOSPlatform("windows")]
                public static extern uint GetTickCount();
            }

            static class App
            {
                public static object Run() => Native.GetTickCount();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1).WithArguments("GetTickCount", "kernel32", "Windows", "Linux", "its call site has no OS guard"));
    }

    [Fact]
    public async Task Windows_only_project_is_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32.dll")]
                public static extern uint GetTickCount();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("RuntimeIdentifier", "win-x64")]);
    }

    [Fact]
    public async Task Declaration_already_restricted_to_windows_is_left_to_CA1416()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            [SupportedOSPlatform("windows")]
            static class Native
            {
                [DllImport("user32.dll")]
                public static extern int MessageBeep(uint type);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_linuxAndWindows);
    }

    [Fact]
    public async Task LibSystem_in_a_project_shipping_to_windows_and_linux_names_both()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static partial class Native
            {
                [DllImport("/usr/lib/libSystem.B.dylib")]
                public static extern int {|#0:getpid|}();
            }

            static class App
            {
                public static object Run() => {|#1:Native.getpid()|};
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            static partial class Native
            {
                [DllImport("/usr/lib/libSystem.B.dylib")]
                [SupportedOSPlatform("macos")]
                public static extern int getpid();
            }

            static class App
            {
                public static object Run() => Native.getpid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, [("_CrossGuardRidList", "osx-arm64,linux-x64,win-x64")],
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1).WithArguments("getpid", "/usr/lib/libSystem.B.dylib", "macOS", "Windows, Linux", "its call site has no OS guard"));
    }

    [Fact]
    public async Task No_rids_means_no_opinion()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint GetTickCount();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, []);
    }

    [Fact]
    public async Task Libc_is_unix_only_and_the_fix_names_both_unix_platforms()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc", SetLastError = true)]
                public static extern int {|#0:geteuid|}();
            }

            static class App
            {
                public static object Run() => {|#1:Native.geteuid()|};
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            static class Native
            {
                [DllImport("libc", SetLastError = true)]
                [SupportedOSPlatform("linux")]
                [SupportedOSPlatform("macos")]
                public static extern int geteuid();
            }

            static class App
            {
                public static object Run() => Native.geteuid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1).WithArguments("geteuid", "libc", "Linux/macOS", "Windows", "its call site has no OS guard"));
    }

    [Fact]
    public async Task Libc_in_a_unix_only_project_is_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc.so.6")]
                public static extern int geteuid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("_CrossGuardRidList", "linux-x64,linux-musl-arm64,osx-arm64")]);
    }

    [Fact]
    public async Task Declaration_restricted_to_an_OS_outside_the_library_is_still_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            [SupportedOSPlatform("linux")]
            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint {|#0:GetTickCount|}();
            }

            static class App
            {
                public static object Run() => {|#1:Native.GetTickCount()|};
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            [SupportedOSPlatform("linux")]
            static class Native
            {
                [DllImport("kernel32")]
                [SupportedOSPlatform("windows")]
                public static extern uint GetTickCount();
            }

            static class App
            {
                public static object Run() => Native.GetTickCount();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1).WithArguments("GetTickCount", "kernel32", "Windows", "Linux", "its call site has no OS guard"));
    }

    private const string GuardPrelude = """
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Versioning;

        static class Native
        {
            [DllImport("kernel32")]
            public static extern uint {|#0:GetTickCount|}();
        }

        static class App
        {

        """;

    /// <summary>Each body calls the Windows-only import only where it can run on Windows alone (or handles its failure).</summary>
    [Theory]
    [InlineData("public static uint Run() { if (OperatingSystem.IsWindows()) return Native.GetTickCount(); return 0; }")]
    [InlineData("public static uint Run() => OperatingSystem.IsWindows() ? Native.GetTickCount() : 0u;")]
    [InlineData("public static uint Run() { if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) { return Native.GetTickCount(); } return 0; }")]
    [InlineData("public static uint Run() { if (Environment.OSVersion.Platform == PlatformID.Win32NT) return Native.GetTickCount(); return 0; }")]
    [InlineData("public static uint Run() { if (Environment.OSVersion.Platform != PlatformID.Win32NT) { return 0; } return Native.GetTickCount(); }")]
    [InlineData("public static uint Run() { if (!OperatingSystem.IsWindows()) return 0; Console.WriteLine(); return Native.GetTickCount(); }")]
    [InlineData("public static uint Run() { if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) throw new PlatformNotSupportedException(); return Native.GetTickCount(); }")]
    [InlineData("public static uint Run() { if (OperatingSystem.IsWindowsVersionAtLeast(10) && Environment.ProcessorCount > 1) return Native.GetTickCount(); return 0; }")]
    [InlineData("public static uint Run() => OperatingSystem.IsWindows() ? Helper() : 0u; private static uint Helper() => Native.GetTickCount();")]
    [InlineData("public static uint Run() { if (!OperatingSystem.IsWindows()) return 0; return Outer(); } private static uint Outer() => Inner(); private static uint Inner() => Native.GetTickCount();")]
    [InlineData("public static uint Run() => IsWin ? Native.GetTickCount() : 0u; [SupportedOSPlatformGuard(\"windows\")] private static bool IsWin => OperatingSystem.IsWindows();")]
    [InlineData("public static uint Run() => s_isWindows ? Native.GetTickCount() : 0u; private static readonly bool s_isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);")]
    [InlineData("public static uint Run() { EnsureWindows(); return Native.GetTickCount(); } private static void EnsureWindows() { if (!OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(\"Windows only\"); }")]
    [InlineData("[SupportedOSPlatform(\"windows\")] public static uint Run() => Native.GetTickCount();")]
    [InlineData("public static uint Run() { try { return Native.GetTickCount(); } catch (DllNotFoundException) { return (uint)Environment.TickCount; } }")]
    [InlineData("public static uint Run() { uint t = 0; if (OperatingSystem.IsWindows()) { Action a = () => t = Native.GetTickCount(); a(); } return t; }")]
    [InlineData("public static uint Run() { uint Local() => Native.GetTickCount(); return OperatingSystem.IsWindows() ? Local() : 0u; }")]
    public async Task Every_call_site_guarded_is_silent(string members)
    {
        string source = GuardPrelude.Replace("{|#0:GetTickCount|}", "GetTickCount", StringComparison.Ordinal) + members + "\n}\n";
        await Verify.VerifyCodeFixAsync(source, source, s_linuxAndWindows);
    }

    /// <summary>Each body lets the Windows-only import run on Linux somewhere.</summary>
    [Theory]
    [InlineData("public static uint Run() { if (OperatingSystem.IsLinux()) return {|#1:Native.GetTickCount()|}; return 0; }")]
    [InlineData("public static uint Run() { if (OperatingSystem.IsWindowsVersionAtLeast(10)) return 0; return {|#1:Native.GetTickCount()|}; }")]
    [InlineData("public static uint Run() { if (OperatingSystem.IsWindows() || Environment.ProcessorCount > 1) return {|#1:Native.GetTickCount()|}; return 0; }")]
    [InlineData("public static uint Run() { try { return {|#1:Native.GetTickCount()|}; } catch (DllNotFoundException) { throw; } }")]
    [InlineData("public static uint Run() { try { return {|#1:Native.GetTickCount()|}; } catch (EntryPointNotFoundException) { return 0; } }")]
    [InlineData("public static uint Run() { try { return {|#1:Native.GetTickCount()|}; } catch (DllNotFoundException e) when (e.Message.Length > 0) { return 0; } }")]
    [InlineData("public static uint Run() => OperatingSystem.IsWindows() ? Helper() : 0u; public static uint Other() => Helper(); private static uint Helper() => {|#1:Native.GetTickCount()|};")]
    [InlineData("public static uint Run() => Helper(); private static uint Helper() => {|#1:Native.GetTickCount()|};")]
    [InlineData("public static uint Run() { Log(); return {|#1:Native.GetTickCount()|}; } private static void Log() { if (Environment.ProcessorCount > 64) throw new InvalidOperationException(); }")]
    [InlineData("public static uint Run() { if (!OperatingSystem.IsWindows()) { Console.WriteLine(); } return {|#1:Native.GetTickCount()|}; }")]
    public async Task A_call_that_can_run_on_linux_is_reported_with_its_location(string members)
    {
        string source = GuardPrelude + members + "\n}\n";
        var test = new Verify.Test { TestCode = source };
        test.WithMsBuildProperties(s_linuxAndWindows);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1)
            .WithArguments("GetTickCount", "kernel32", "Windows", "Linux", "its call site has no OS guard"));
        test.CodeActionValidationMode = Microsoft.CodeAnalysis.Testing.CodeActionValidationMode.None;
        test.FixedCode = source.Replace("{|#0:GetTickCount|}", "GetTickCount", StringComparison.Ordinal)
            .Replace("{|#1:Native.GetTickCount()|}", "Native.GetTickCount()", StringComparison.Ordinal)
            .Replace("[DllImport(\"kernel32\")]", "[DllImport(\"kernel32\")]\n    [SupportedOSPlatform(\"windows\")]", StringComparison.Ordinal);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Only_the_unguarded_call_sites_are_counted_and_located()
    {
        string source = GuardPrelude + """
                public static uint A() => OperatingSystem.IsWindows() ? Native.GetTickCount() : 0u;
                public static uint B() => {|#1:Native.GetTickCount()|};
                public static uint C() { if (!OperatingSystem.IsWindows()) return 0; return Native.GetTickCount(); }
                public static Func<uint> D() => {|#2:Native.GetTickCount|};
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source.Replace("{|#1:", "", StringComparison.Ordinal).Replace("{|#2:", "", StringComparison.Ordinal).Replace("()|}", "()", StringComparison.Ordinal).Replace("Count|};", "Count;", StringComparison.Ordinal).Replace("{|#0:GetTickCount|}", "GetTickCount", StringComparison.Ordinal).Replace("[DllImport(\"kernel32\")]", "[DllImport(\"kernel32\")]\n    [SupportedOSPlatform(\"windows\")]", StringComparison.Ordinal), s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("GetTickCount", "kernel32", "Windows", "Linux", "2 of its 4 call sites have no OS guard"));
    }

    [Fact]
    public async Task An_import_nothing_calls_is_silent_unless_other_assemblies_can_call_it()
    {
        const string internalSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32")]
                public static extern uint GetTickCount();
            }
            """;
        await Verify.VerifyCodeFixAsync(internalSource, internalSource, s_linuxAndWindows);

        const string publicSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            public static class Native
            {
                [DllImport("kernel32")]
                public static extern uint {|#0:GetTickCount|}();
            }
            """;
        const string publicFixed = /* lang=c#-test */ """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;

            public static class Native
            {
                [DllImport("kernel32")]
                [SupportedOSPlatform("windows")]
                public static extern uint GetTickCount();
            }
            """;
        await Verify.VerifyCodeFixAsync(publicSource, publicFixed, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0)
                .WithArguments("GetTickCount", "kernel32", "Windows", "Linux", "it is visible outside the assembly, whose callers are not checked"));
    }

    [Fact]
    public async Task A_guard_in_a_caller_in_another_file_counts()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Native.cs", """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc")]
                public static extern int geteuid();
            }
            """));
        test.TestState.Sources.Add(("Users.cs", """
            internal static class Users
            {
                internal static bool IsRoot() => Native.geteuid() == 0;
            }
            """));
        test.TestState.Sources.Add(("App.cs", """
            using System;

            public static class App
            {
                public static bool Elevated() => OperatingSystem.IsWindows() ? false : Users.IsRoot();
            }
            """));
        test.WithMsBuildProperties(s_linuxAndWindows);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Fix_exposes_its_equivalence_key()
    {
        Assert.Equal("XG0002_AddSupportedOSPlatform", XG0002OsSpecificLibraryCodeFix.AddSupportedOSPlatformKey);
        Assert.Contains(DiagnosticIds.OsSpecificLibrary, new XG0002OsSpecificLibraryAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }
}
