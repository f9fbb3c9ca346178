#!/usr/bin/env python3
"""Generates a C# code base with many P/Invokes for bench/analyzers/run.sh: N files cycling through the same kinds
as tests/CrossGuard.Analyzers.Tests/Rules/LargeCorpusTests.cs (portable, guarded and unguarded system P/Invokes,
OS file names, intrinsics, BCL equivalents, NativeLibrary, managed-only code, CA1416 call sites)."""
import os
import sys

KINDS = [
    '''using System.Runtime.InteropServices;
namespace Corpus.N{i};
internal static class Sqlite{i}
{{
    private const string Lib = "e_sqlite3";
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern int sqlite3_open_v2(byte[] filename, out System.IntPtr db, int flags, System.IntPtr vfs);
    public static int Open(string path) => sqlite3_open_v2(System.Text.Encoding.UTF8.GetBytes(path), out _, 6, System.IntPtr.Zero);
}}
''',
    '''using System.Runtime.InteropServices;
using System.Runtime.Versioning;
namespace Corpus.N{i};
internal static class Win{i}
{{
    [SupportedOSPlatform("windows")]
    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern bool Beep(uint frequency, uint duration);
    public static void Ping() {{ if (System.OperatingSystem.IsWindows()) Beep(440, 10); }}
    public static void Unguarded() => Beep(440, 10);
}}
''',
    '''using System.Runtime.InteropServices;
namespace Corpus.N{i};
internal static class Win{i}
{{
    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern bool SetConsoleTitle(string title);
    public static void Title(string title) => SetConsoleTitle(title);
    private static void SetTitle(string title) => SetConsoleTitle(title);
    public static void GuardedTitle(string title) {{ if (!System.OperatingSystem.IsWindows()) return; SetTitle(title); }}
    [DllImport("libfoo.so")]
    public static extern int foo_init();
}}
''',
    '''using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
namespace Corpus.N{i};
internal static class Simd{i}
{{
    public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
    public static Vector256<int> Sub(Vector256<int> a, Vector256<int> b) => Avx2.Subtract(a, b);
    public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? OrCore(a, b) : a | b;
    private static Vector256<int> OrCore(Vector256<int> a, Vector256<int> b) => Avx2.Or(a, b);
}}
''',
    '''using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
namespace Corpus.N{i};
internal static class Pid{i}
{{
    [SupportedOSPlatform("linux")]
    [DllImport("libc")]
    public static extern int getpid();
    public static IntPtr Load() => NativeLibrary.Load("foo", typeof(Pid{i}).Assembly, null);
    [SupportedOSPlatform("windows")]
    public static string Registry() => Microsoft.Win32.Registry.CurrentUser.Name;
}}
''',
    '''using System;
using System.Collections.Generic;
using System.Linq;
namespace Corpus.N{i};
internal sealed class Service{i}
{{
    private readonly Dictionary<string, int> _counts = new();
    public int Add(string key) => _counts[key] = _counts.TryGetValue(key, out int n) ? n + 1 : 1;
    public IEnumerable<string> Top(int count) => _counts.OrderByDescending(p => p.Value).Take(count).Select(p => p.Key);
    public static string Describe(object o) => o switch {{ int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), string s => s, _ => "?" }};
    public static void Console() {{ if (OperatingSystem.IsWindows()) System.Console.WindowWidth = 100; }}
}}
''',
]


def main() -> None:
    out, count = sys.argv[1], int(sys.argv[2])
    src = os.path.join(out, "src")
    os.makedirs(src, exist_ok=True)
    for i in range(count):
        with open(os.path.join(src, f"File{i}.cs"), "w", encoding="utf-8") as f:
            f.write(KINDS[i % len(KINDS)].format(i=i))


if __name__ == "__main__":
    main()
