using CrossGuard.Analyzers.Rules;
using CrossGuard.CodeFixes.Rules;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    CrossGuard.Analyzers.Rules.XG0003NonPortableLibraryNameAnalyzer,
    CrossGuard.CodeFixes.Rules.XG0003NonPortableLibraryNameCodeFix>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0003NonPortableLibraryNameTests
{
    private static readonly (string, string)[] s_allOses = [("_CrossGuardRidList", "linux-x64,win-x64,osx-arm64")];
    private const string ProbeAdvice = "use '{0}' and let the runtime add the prefix and extension per OS";

    [Fact]
    public async Task Linux_file_name_is_rewritten_to_the_probing_name()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport({|#0:"libfoo.so"|})]
                public static extern int foo_init();
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_allOses,
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments(
                "libfoo.so",
                "carries the Linux extension '.so', so probing on Windows, macOS never finds the library",
                string.Format(ProbeAdvice, "foo")));
    }

    [Fact]
    public async Task Windows_and_macOS_file_names_are_rewritten_and_fix_all_is_a_safe_batch()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport({|#0:"foo.dll"|})]
                public static extern int foo_a();

                [DllImport({|#1:"libbar.dylib"|}, EntryPoint = "bar_b")]
                public static extern int Bar();
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_a();

                [DllImport("bar", EntryPoint = "bar_b")]
                public static extern int Bar();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, s_allOses,
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments(
                "foo.dll", "carries the Windows extension '.dll', so probing on Linux, macOS never finds the library", string.Format(ProbeAdvice, "foo")),
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(1).WithArguments(
                "libbar.dylib", "carries the macOS extension '.dylib', so probing on Windows, Linux never finds the library", string.Format(ProbeAdvice, "bar")));
    }

    [Fact]
    public async Task Glibc_soname_fails_on_musl_and_becomes_libc()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport({|#0:"libc.so.6"|})]
                public static extern int getuid();
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc")]
                public static extern int getuid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, [("_CrossGuardRidList", "linux-x64,linux-musl-x64")],
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments(
                "libc.so.6",
                "is glibc's soname; musl RIDs name the C library libc.musl-<arch>.so.1, so it throws DllNotFoundException there",
                string.Format(ProbeAdvice, "libc")));
    }

    [Fact]
    public async Task Absolute_path_is_reported_without_a_fix_because_a_bare_name_loads_something_else()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport({|#0:"/opt/acme/lib/libacme.so.2"|})]
                public static extern int acme_start();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("_CrossGuardRidList", "linux-x64")],
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments(
                "/opt/acme/lib/libacme.so.2",
                "is a path, which exists only on machines laid out like the one it was written on",
                "ship the library with the app (runtimes/<rid>/native/) and import it by its bare name, or pick the path per OS at run time with NativeLibrary.SetDllImportResolver"));
    }

    /// <summary>
    /// Distributions ship the unversioned libfoo.so only in -dev packages: the versioned soname is the name that loads, and
    /// rewriting it to "gobject-2.0" would make the call fail. Its OS restriction is XG0002's.
    /// </summary>
    [Fact]
    public async Task Versioned_sonames_of_system_libraries_are_never_flagged()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libgobject-2.0.so.0")]
                public static extern void g_object_unref(IntPtr o);

                [DllImport("libsecret-1.so.0")]
                public static extern IntPtr secret_password_lookup_sync(IntPtr schema, IntPtr cancellable, out IntPtr error, IntPtr end);

                [DllImport("libX11.so.6")]
                public static extern IntPtr XOpenDisplay(IntPtr name);

                [DllImport("libfontconfig.so.1")]
                public static extern IntPtr FcInitLoadConfigAndFonts();

                [DllImport("libc.so.6")]
                public static extern int getuid();

                public static void Load() => NativeLibrary.Load("libglib-2.0.so.0", typeof(Native).Assembly, null);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("_CrossGuardRidList", "linux-x64,linux-arm64,win-x64,osx-arm64")]);
    }

    /// <summary>
    /// Since macOS 11 these files live in the dyld shared cache, and dlopen of the install name is how Apple says to load
    /// them: /System/Library/Frameworks/*.framework/* and /usr/lib/*.dylib are stable names, not a machine layout.
    /// </summary>
    [Fact]
    public async Task Apples_stable_system_paths_are_not_flagged()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("/System/Library/Frameworks/System.framework/System")]
                public static extern int getpid();

                [DllImport("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation")]
                public static extern IntPtr CFRetain(IntPtr cf);

                [DllImport("/usr/lib/libSystem.B.dylib")]
                public static extern int getppid();

                [DllImport("/usr/lib/libobjc.A.dylib")]
                public static extern IntPtr objc_getClass(string name);
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("_CrossGuardRidList", "osx-arm64,osx-x64,linux-x64,win-x64")]);
    }

    [Fact]
    public async Task Names_that_match_every_target_are_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("foo.dll")]
                public static extern int a();

                [DllImport("libc.so.6")]
                public static extern int b();

                [DllImport("kernel32.dll")]
                public static extern int c();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, [("_CrossGuardRidList", "win-x64")]);
        await Verify.VerifyCodeFixAsync(source.Replace("kernel32.dll", "foo"), source.Replace("kernel32.dll", "foo").Replace("foo.dll", "foo"), [("_CrossGuardRidList", "linux-x64")],
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithSpan(5, 16, 5, 25).WithArguments(
                "foo.dll", "carries the Windows extension '.dll', so probing on Linux never finds the library", string.Format(ProbeAdvice, "foo")));
    }

    [Fact]
    public async Task Single_os_system_libraries_and_projects_without_rids_are_left_alone()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("kernel32.dll")]
                public static extern uint GetTickCount();

                [DllImport("/usr/lib/libSystem.B.dylib")]
                public static extern int getpid();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_allOses);
        await Verify.VerifyCodeFixAsync(source.Replace("kernel32.dll", "libfoo.so"), source.Replace("kernel32.dll", "libfoo.so"), []);
    }

    [Fact]
    public async Task Const_names_are_reported_without_a_fix()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                private const string Lib = "libfoo.so";

                [DllImport({|#0:Lib|})]
                public static extern int foo_init();
            }
            """;

        await Verify.VerifyCodeFixAsync(source, source, s_allOses,
            Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments(
                "libfoo.so", "carries the Linux extension '.so', so probing on Windows, macOS never finds the library", string.Format(ProbeAdvice, "foo")));
    }

    [Fact]
    public async Task NativeLibrary_probing_overload_is_fixed_and_path_overload_is_only_reported()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Loader
            {
                public static IntPtr A() => NativeLibrary.Load({|#0:"libfoo.so"|}, typeof(Loader).Assembly, null);

                public static IntPtr B() => NativeLibrary.Load({|#1:"libfoo.so"|});
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Loader
            {
                public static IntPtr A() => NativeLibrary.Load("foo", typeof(Loader).Assembly, null);

                public static IntPtr B() => NativeLibrary.Load({|#1:"libfoo.so"|});
            }
            """;

        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        Verifiers.AnalyzerTestExtensions.WithMsBuildProperties(test, s_allOses);
        const string reason = "carries the Linux extension '.so', so probing on Windows, macOS never finds the library";
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(0).WithArguments("libfoo.so", reason, string.Format(ProbeAdvice, "foo")));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(1).WithArguments(
            "libfoo.so", reason, "pass 'foo' to NativeLibrary.Load(libraryName, assembly, searchPath), which probes per OS"));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.NonPortableLibraryName).WithLocation(1).WithArguments(
            "libfoo.so", reason, "pass 'foo' to NativeLibrary.Load(libraryName, assembly, searchPath), which probes per OS"));
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Fix_exposes_its_equivalence_key()
    {
        Assert.Equal("XG0003_UseProbingName", XG0003NonPortableLibraryNameCodeFix.UseProbingNameKey);
        Assert.Contains(DiagnosticIds.NonPortableLibraryName, new XG0003NonPortableLibraryNameAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }
}
