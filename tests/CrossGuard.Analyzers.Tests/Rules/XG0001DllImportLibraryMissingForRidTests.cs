using CrossGuard.Analyzers.Rules;
using CrossGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = CrossGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    CrossGuard.Analyzers.Rules.XG0001DllImportLibraryMissingForRidAnalyzer>;

namespace CrossGuard.Analyzers.Tests.Rules;

public sealed class XG0001DllImportLibraryMissingForRidTests
{
    private const string Manifest = """
        {"version":1,"rids":{
          "linux-x64":{"libraries":["libe_sqlite3.so"]},
          "win-x64":{"libraries":["e_sqlite3.dll"]},
          "osx-arm64":{"libraries":[]},
          "linux-musl-x64":{"libraries":["libgit2-a2bde63.so.1"]}}}
        """;

    private const string Sqlite = /* lang=c#-test */ """
        using System.Runtime.InteropServices;

        static class Native
        {
            [DllImport("e_sqlite3")]
            public static extern int {|#0:sqlite3_libversion_number|}();
        }
        """;

    private static Task RunAsync(string source, string? manifest, string rids, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.WithMsBuildProperties(("_CrossGuardRidList", rids));
        if (manifest is not null)
        {
            test.TestState.AdditionalFiles.Add(("/obj/crossguard.natives.json", manifest));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Library_provided_for_every_rid_is_not_reported()
    {
        await RunAsync(Sqlite.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), Manifest, "linux-x64,win-x64");
    }

    [Fact]
    public async Task Rid_without_the_library_is_named_in_the_message()
    {
        await RunAsync(Sqlite, Manifest, "linux-x64,win-x64,osx-arm64",
            Verify.Diagnostic(Descriptors.DllImportLibraryMissingForRid).WithLocation(0)
                .WithArguments("sqlite3_libversion_number", "e_sqlite3", "osx-arm64"));
    }

    [Fact]
    public async Task Versioned_shared_object_satisfies_the_bare_name_on_linux()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("git2-a2bde63")]
                public static extern int git_libgit2_init();
            }
            """;

        await RunAsync(source, Manifest, "linux-musl-x64");
    }

    [Fact]
    public async Task System_libraries_are_left_to_XG0002()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc", EntryPoint = "getpid")]
                public static extern int GetPid();

                [DllImport("kernel32")]
                public static extern uint GetTickCount();

                [DllImport("libSystem.Native")]
                public static extern int SystemNative_GetPid();
            }
            """;

        await RunAsync(source, Manifest, "linux-x64,win-x64,osx-arm64");
    }

    [Fact]
    public async Task Without_a_manifest_nothing_is_reported()
    {
        await RunAsync(Sqlite.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), manifest: null, "linux-x64,osx-arm64");
    }

    [Theory]
    [InlineData("{\"version\":1,\"rids\":{\"osx-arm64\":")]
    [InlineData("not json at all")]
    [InlineData("{\"version\":2,\"rids\":{\"osx-arm64\":{\"libraries\":[]}}}")]
    [InlineData("{\"version\":1,\"rids\":[1,2,3]}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Malformed_manifest_degrades_to_silence_without_AD0001(string manifest)
    {
        await RunAsync(Sqlite.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), manifest, "linux-x64,osx-arm64");
    }

    [Fact]
    public async Task Rid_the_manifest_does_not_describe_is_not_guessed()
    {
        await RunAsync(Sqlite.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), Manifest, "linux-arm64,win-x64");
    }

    [Fact]
    public async Task LibraryImport_is_checked_too()
    {
        const string source = /* lang=c#-test */ """
            using System.Runtime.InteropServices;

            static partial class Native
            {
                [LibraryImport("e_sqlite3")]
                public static partial int {|#0:{|CS8795:sqlite3_threadsafe|}|}();
            }
            """;

        await RunAsync(source, Manifest, "win-x64,osx-arm64",
            Verify.Diagnostic(Descriptors.DllImportLibraryMissingForRid).WithLocation(0)
                .WithArguments("sqlite3_threadsafe", "e_sqlite3", "osx-arm64"));
    }

    [Fact]
    public async Task NativeLibrary_Load_by_name_is_checked_and_load_by_path_is_not()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Loader
            {
                public static IntPtr A() => {|#0:NativeLibrary.Load("e_sqlite3", typeof(Loader).Assembly, null)|};

                public static bool B() => NativeLibrary.TryLoad("e_sqlite3", typeof(Loader).Assembly, DllImportSearchPath.SafeDirectories, out _);

                public static IntPtr C() => NativeLibrary.Load("libunknown.so");
            }
            """;

        await RunAsync(source.Replace("TryLoad(\"e_sqlite3\"", "TryLoad(\"libc\""), Manifest, "linux-x64,osx-arm64",
            Verify.Diagnostic(Descriptors.DllImportLibraryMissingForRid).WithLocation(0)
                .WithArguments("NativeLibrary.Load", "e_sqlite3", "osx-arm64"));
    }

    [Fact]
    public void Manifest_file_name_matches_the_task_contract()
    {
        Assert.Equal("crossguard.natives.json", Internals.NativesManifest.FileName);
        Assert.Contains(DiagnosticIds.DllImportLibraryMissingForRid, new XG0001DllImportLibraryMissingForRidAnalyzer().SupportedDiagnostics.Select(d => d.Id));
    }

    /// <summary>
    /// libsecret and libgobject come with the distribution, not with a package: not "no package provides" but a system
    /// dependency to install, named per package manager, for the Linux RIDs (not where [SupportedOSPlatform] keeps it off Linux).
    /// </summary>
    [Fact]
    public async Task Distribution_libraries_are_system_dependencies_with_the_package_to_install()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            static class Secret
            {
                [DllImport("libsecret-1.so.0")]
                private static extern IntPtr {|#0:secret_password_lookup_sync|}(IntPtr schema, IntPtr cancellable, out IntPtr error, IntPtr end);

                [DllImport("libgobject-2.0.so.0")]
                private static extern void {|#1:g_object_unref|}(IntPtr o);

                [System.Runtime.Versioning.SupportedOSPlatform("freebsd")]
                [DllImport("libsecret-1.so.0")]
                private static extern void secret_password_free(IntPtr password);

                public static IntPtr Lookup()
                {
                    if (!OperatingSystem.IsLinux())
                    {
                        return IntPtr.Zero;
                    }

                    IntPtr result = secret_password_lookup_sync(IntPtr.Zero, IntPtr.Zero, out IntPtr error, IntPtr.Zero);
                    g_object_unref(error);
                    return result;
                }

                [System.Runtime.Versioning.SupportedOSPlatform("freebsd")]
                public static void Free(IntPtr p) => secret_password_free(p);
            }
            """;

        await RunAsync(source, Manifest, "linux-x64,win-x64",
            Verify.Diagnostic(Descriptors.DllImportNeedsSystemPackage).WithLocation(0)
                .WithArguments("secret_password_lookup_sync", "libsecret-1.so.0", "linux-x64", "apt libsecret-1-0, apk libsecret, dnf libsecret"),
            Verify.Diagnostic(Descriptors.DllImportNeedsSystemPackage).WithLocation(1)
                .WithArguments("g_object_unref", "libgobject-2.0.so.0", "linux-x64", "apt libglib2.0-0, apk glib, dnf glib2"));
    }

    [Fact]
    public async Task A_distribution_library_the_project_ships_for_the_rid_is_not_reported()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Runtime.InteropServices;

            public static class Secret
            {
                [DllImport("libsecret-1.so.0")]
                public static extern void secret_password_free(IntPtr password);
            }
            """;
        const string manifest = """
            {"version":1,"rids":{"linux-x64":{"libraries":["libsecret-1.so.0"]}}}
            """;

        await RunAsync(source, manifest, "linux-x64");
    }
}
