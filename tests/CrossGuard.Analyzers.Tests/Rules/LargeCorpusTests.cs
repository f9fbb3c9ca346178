using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CrossGuard.Analyzers.Tests.Rules;

/// <summary>
/// Runs every CrossGuard analyzer over a generated 5,200-file code base that mixes portable, guarded, unguarded and
/// system P/Invokes, NativeLibrary use, function pointers, intrinsics and plain managed code, with a natives manifest.
/// Each file kind has a known expected diagnostic set, so the test proves both "no false positives" on the clean
/// kinds and exact counts on the others, and that no analyzer throws (AD0001) at that size.
/// </summary>
public sealed class LargeCorpusTests
{
    private const int FileCount = 5200;

    private const string Manifest = """
        {"version":1,"rids":{
          "linux-x64":{"libraries":["libe_sqlite3.so","libfoo.so","libgit2-a2bde63.so.1"]},
          "linux-musl-x64":{"libraries":["libe_sqlite3.so","libfoo.so","libgit2-a2bde63.so.1"]},
          "win-x64":{"libraries":["e_sqlite3.dll","foo.dll","git2-a2bde63.dll"]},
          "osx-arm64":{"libraries":["libe_sqlite3.dylib","libfoo.dylib","libgit2-a2bde63.dylib"]}},
          "generator":"test"}
        """;

    /// <summary>Source templates ({0} = file index) and the IDs each must produce, once each.</summary>
    private static readonly (string Kind, string Template, string[] Expected)[] s_kinds =
    [
        ("portable-package-pinvoke", """
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Sqlite{0}
            {{
                private const string Lib = "e_sqlite3";
                [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
                public static extern int sqlite3_open_v2(byte[] filename, out System.IntPtr db, int flags, System.IntPtr vfs);
                [DllImport("git2-a2bde63")]
                public static extern int git_libgit2_init();
                public static int Open(string path) => sqlite3_open_v2(System.Text.Encoding.UTF8.GetBytes(path), out _, 6, System.IntPtr.Zero);
            }}
            """, []),
        ("windows-guarded", """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;
            namespace Corpus.N{0};
            [SupportedOSPlatform("windows")]
            internal static class Win{0}
            {{
                [DllImport("user32.dll", CharSet = CharSet.Unicode)]
                public static extern int MessageBoxW(System.IntPtr hWnd, string text, string caption, uint type);
                [DllImport("kernel32.dll", SetLastError = true)]
                public static extern bool Beep(uint frequency, uint duration);
            }}
            """, []),
        ("windows-unguarded", """
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Win{0}
            {{
                [DllImport("kernel32.dll", SetLastError = true)]
                public static extern bool SetConsoleTitle(string title);
                public static void Title(string title) => SetConsoleTitle(title);
            }}
            """, ["XG0002"]),
        ("windows-guarded-by-caller", """
            using System;
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Win{0}
            {{
                [DllImport("kernel32.dll", SetLastError = true)]
                private static extern bool SetConsoleTitle(string title);
                private static void SetTitle(string title) => SetConsoleTitle(title);
                public static void Title(string title)
                {{
                    if (!OperatingSystem.IsWindows())
                    {{
                        return;
                    }}

                    SetTitle(title);
                }}
            }}
            """, []),
        ("unix-guarded", """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;
            namespace Corpus.N{0};
            internal static class Posix{0}
            {{
                [SupportedOSPlatform("linux")]
                [SupportedOSPlatform("macos")]
                [DllImport("libc", SetLastError = true)]
                public static extern int geteuid();
                public static bool IsRoot() => System.OperatingSystem.IsLinux() || System.OperatingSystem.IsMacOS() ? geteuid() == 0 : false;
            }}
            """, []),
        ("os-file-name", """
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Foo{0}
            {{
                [DllImport("libfoo.so")]
                public static extern int foo_init();
            }}
            """, ["XG0003", "XG0001"]),
        ("guarded-intrinsics", """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.Arm;
            using System.Runtime.Intrinsics.X86;
            namespace Corpus.N{0};
            internal static class Simd{0}
            {{
                public static Vector128<int> Add(Vector128<int> a, Vector128<int> b)
                {{
                    if (Sse2.IsSupported) return Sse2.Add(a, b);
                    if (AdvSimd.IsSupported) return AdvSimd.Add(a, b);
                    return a + b;
                }}
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
                public static uint Pop(uint x)
                {{
                    if (!Popcnt.IsSupported) return (uint)System.Numerics.BitOperations.PopCount(x);
                    return Popcnt.PopCount(x);
                }}
            }}
            """, []),
        ("unguarded-intrinsic", """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            namespace Corpus.N{0};
            internal static class Simd{0}
            {{
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
            }}
            """, ["XG0006"]),
        ("bcl-equivalent", """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;
            namespace Corpus.N{0};
            [SupportedOSPlatform("linux")]
            [SupportedOSPlatform("macos")]
            internal static class Pid{0}
            {{
                [DllImport("libc")]
                public static extern int getpid();
            }}
            """, ["XG0005"]),
        ("native-library", """
            using System;
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Loader{0}
            {{
                public static IntPtr Load() => NativeLibrary.Load("foo", typeof(Loader{0}).Assembly, null);
            }}
            """, ["XG0004"]),
        ("managed-only", """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            namespace Corpus.N{0};
            internal sealed class Service{0}
            {{
                private readonly Dictionary<string, int> _counts = new();
                public int Add(string key) => _counts[key] = _counts.TryGetValue(key, out int n) ? n + 1 : 1;
                public IEnumerable<string> Top(int count) => _counts.OrderByDescending(p => p.Value).Take(count).Select(p => p.Key);
                public static int ProcessId => Environment.ProcessId;
                public static long Ticks => Environment.TickCount64;
                public static string Describe(object o) => o switch {{ int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), string s => s, _ => "?" }};
            }}
            """, []),
        ("missing-everywhere", """
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Missing{0}
            {{
                [DllImport("acme_missing")]
                public static extern void acme_start();
            }}
            """, ["XG0001"]),
        ("runtime-library", """
            using System.Runtime.InteropServices;
            namespace Corpus.N{0};
            internal static class Runtime{0}
            {{
                [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetPid")]
                public static extern int GetPid();
                [DllImport("QCall")]
                public static extern void Nothing();
            }}
            """, []),
        ("function-pointer", """
            namespace Corpus.N{0};
            internal static unsafe class Pointers{0}
            {{
                private static int Twice(int x) => 2 * x;
                public static int Call(delegate* unmanaged<int, int> native)
                {{
                    delegate*<int, int> managed = &Twice;
                    return native(1) + managed(2);
                }}
            }}
            """, ["XG0004"]),
    ];

    [Fact]
    public async Task All_analyzers_over_5200_files_report_exactly_the_expected_diagnostics_and_never_throw()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        ImmutableArray<MetadataReference> references = await ReferenceAssemblyCatalog.Net80.ResolveAsync(LanguageNames.CSharp, ct);
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        var trees = new List<SyntaxTree>(FileCount);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < FileCount; i++)
        {
            (string kind, string template, string[] ids) = s_kinds[i % s_kinds.Length];
            string text = string.Format(CultureInfo.InvariantCulture, template, i);
            trees.Add(CSharpSyntaxTree.ParseText(text, parse, path: $"/corpus/{kind}/File{i}.cs", encoding: Encoding.UTF8, cancellationToken: ct));
            foreach (string id in ids)
            {
                expected[id] = expected.GetValueOrDefault(id) + 1;
            }
        }

        CSharpCompilation compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics(ct).Where(d => d.Severity == DiagnosticSeverity.Error));

        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var exceptions = new List<Exception>();
        var options = new AnalyzerOptions(
            [new InMemoryAdditionalText("/corpus/obj/crossguard.natives.json", Manifest)],
            new GlobalOptionsProvider(new Dictionary<string, string>
            {
                ["build_property._CrossGuardRidList"] = "linux-x64,linux-musl-x64,win-x64,osx-arm64",
                ["build_property.TargetFramework"] = "net8.0",
            }));
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options,
            onAnalyzerException: (e, _, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(e);
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(ct);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Dictionary<string, int> actual = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));

        // And every diagnostic sits in a file of a kind that expects it: nothing leaks into the clean kinds.
        foreach (Diagnostic diagnostic in diagnostics)
        {
            string kind = diagnostic.Location.SourceTree!.FilePath.Split('/')[2];
            Assert.Contains(diagnostic.Id, s_kinds.Single(k => k.Kind == kind).Expected);
        }
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions _global = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static DictionaryOptions Empty { get; } = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
