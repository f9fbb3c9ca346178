using CrossGuard.Analyzers.Rules;
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
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithArguments("GetTickCount", "kernel32", "Windows", "Linux"));
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
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, [("_CrossGuardRidList", "osx-arm64,linux-x64,win-x64")],
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithArguments("getpid", "/usr/lib/libSystem.B.dylib", "macOS", "Windows, Linux"));
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
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithArguments("geteuid", "libc", "Linux/macOS", "Windows"));
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
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_linuxAndWindows,
            Verify.Diagnostic(DiagnosticIds.OsSpecificLibrary).WithLocation(0).WithArguments("GetTickCount", "kernel32", "Windows", "Linux"));
    }

    [Fact]
    public void Fix_exposes_its_equivalence_key()
    {
        Assert.Equal("XG0002_AddSupportedOSPlatform", XG0002OsSpecificLibraryCodeFix.AddSupportedOSPlatformKey);
        Assert.Contains(DiagnosticIds.OsSpecificLibrary, new XG0002OsSpecificLibraryAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }
}
