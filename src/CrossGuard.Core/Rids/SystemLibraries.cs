using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossGuard.Core.Rids;

/// <summary>
/// Libraries a target system provides, so a DT_NEEDED / PE import / LC_LOAD_DYLIB of them need not be shipped.
/// Deliberately small: the C runtime, the loader and the OS API sets the .NET runtime itself depends on.
/// </summary>
public static class SystemLibraries
{
    private static readonly HashSet<string> s_glibc = new(StringComparer.Ordinal)
    {
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "libresolv.so.2",
        "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux-armhf.so.3",
        "ld-linux.so.2", "ld-linux-riscv64-lp64d.so.1", "ld64.so.2", "ld64.so.1", "libanl.so.1", "libcrypt.so.1",
        // The .NET runtime itself needs these on every Linux target.
        "libz.so.1", "libssl.so.3", "libcrypto.so.3", "libssl.so.1.1", "libcrypto.so.1.1",
    };

    private static readonly HashSet<string> s_windows = new(StringComparer.OrdinalIgnoreCase)
    {
        "kernel32.dll", "kernelbase.dll", "ntdll.dll", "user32.dll", "gdi32.dll", "advapi32.dll", "shell32.dll", "ole32.dll",
        "oleaut32.dll", "ws2_32.dll", "wsock32.dll", "crypt32.dll", "bcrypt.dll", "ncrypt.dll", "secur32.dll", "shlwapi.dll",
        "version.dll", "iphlpapi.dll", "dbghelp.dll", "psapi.dll", "userenv.dll", "winmm.dll", "rpcrt4.dll", "setupapi.dll",
        "comdlg32.dll", "comctl32.dll", "imm32.dll", "dnsapi.dll", "normaliz.dll", "wldap32.dll", "winhttp.dll", "wininet.dll",
        "msvcrt.dll", "ucrtbase.dll", "opengl32.dll", "dxgi.dll", "d3d11.dll", "d3d12.dll", "dwrite.dll", "d2d1.dll",
        "usp10.dll", "mpr.dll", "netapi32.dll", "powrprof.dll", "cfgmgr32.dll", "hid.dll", "winspool.drv", "uxtheme.dll",
        "dwmapi.dll", "mscoree.dll", "wintrust.dll", "fwpuclnt.dll", "propsys.dll", "msimg32.dll", "avrt.dll", "mfplat.dll",
    };

    /// <summary>True when a target of that OS/libc provides the library (no need to ship it).</summary>
    public static bool IsProvided(string name, RidInfo rid)
    {
        switch (rid.Os)
        {
            case RidOs.Windows:
                return s_windows.Contains(name) || name.StartsWith("api-ms-win-", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("ext-ms-", StringComparison.OrdinalIgnoreCase);
            case RidOs.MacOS:
                return name.StartsWith("/usr/lib/", StringComparison.Ordinal) || name.StartsWith("/System/Library/", StringComparison.Ordinal);
            case RidOs.Linux when rid.Libc == Libc.Musl:
                return name.StartsWith("libc.musl-", StringComparison.Ordinal) || name.StartsWith("ld-musl-", StringComparison.Ordinal)
                    || name is "libc.so" or "libgcc_s.so.1" or "libstdc++.so.6" or "libz.so.1" or "libssl.so.3" or "libcrypto.so.3";
            case RidOs.Linux:
                return s_glibc.Contains(name);
            default:
                return true;
        }
    }

    /// <summary>Microsoft Visual C++ runtime DLLs: imported by many native packages, never part of Windows itself.</summary>
    public static bool IsVisualCppRuntime(string name) =>
        name.StartsWith("vcruntime", StringComparison.OrdinalIgnoreCase) || name.StartsWith("msvcp1", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("concrt", StringComparison.OrdinalIgnoreCase) || name.StartsWith("vcomp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name the loader looks for: "@rpath/libfoo.dylib" → "libfoo.dylib".</summary>
    public static string FileNameOf(string needed) => needed.Split('/').Last();
}
