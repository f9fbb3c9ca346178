using System;
using System.Collections.Generic;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// System libraries that exist on exactly one OS family. A P/Invoke into one of them is a native crossing that only
/// works on that OS; names are compared the way the runtime probes (case-insensitive, extension optional).
/// </summary>
internal static class KnownSystemLibraries
{
    private static readonly Dictionary<string, TargetOs> s_byName = Build();
    private static readonly string[] s_extensions = { ".dll", ".dylib", ".exe" };

    /// <summary>Finds the one OS a library name belongs to.</summary>
    public static bool TryGetOs(string libraryName, out TargetOs os)
    {
        return s_byName.TryGetValue(Normalize(libraryName), out os);
    }

    /// <summary>Strips directories, version suffixes and extensions and lower-cases: "libc.so.6" → "libc", "KERNEL32.dll" → "kernel32".</summary>
    public static string Normalize(string libraryName)
    {
        string name = libraryName.Trim();
        int slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }

        name = name.ToLowerInvariant();
        int so = name.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == name.Length || name[so + 3] == '.'))
        {
            name = name.Substring(0, so);
        }

        foreach (string ext in s_extensions)
        {
            if (name.EndsWith(ext, StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - ext.Length);
            }
        }

        // libSystem.B.dylib → libsystem.b → libsystem
        if (name.EndsWith(".b", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - 2);
        }

        return name;
    }

    private static Dictionary<string, TargetOs> Build()
    {
        var map = new Dictionary<string, TargetOs>(StringComparer.OrdinalIgnoreCase);
        foreach (string win in new[]
        {
            "kernel32", "kernelbase", "user32", "gdi32", "advapi32", "ntdll", "shell32", "ole32", "oleaut32", "ws2_32",
            "winmm", "secur32", "crypt32", "bcrypt", "ncrypt", "iphlpapi", "psapi", "dbghelp", "setupapi", "wininet",
            "winhttp", "comctl32", "comdlg32", "shlwapi", "version", "userenv", "netapi32", "wtsapi32", "dwmapi",
            "uxtheme", "msvcrt", "ucrtbase", "api-ms-win-core-sysinfo-l1-2-0", "rpcrt4", "mpr", "imm32", "hid",
        })
        {
            map[win] = TargetOs.Windows;
        }

        foreach (string mac in new[]
        {
            "libsystem", "/usr/lib/libsystem", "corefoundation", "security", "iokit", "appkit", "foundation",
            "coreservices", "systemconfiguration", "libobjc", "objc",
        })
        {
            map[mac] = TargetOs.MacOS;
        }

        foreach (string linux in new[] { "libdl", "libpthread", "librt", "libsystemd", "libudev", "libx11", "libgtk-3", "libasound" })
        {
            map[linux] = TargetOs.Linux;
        }

        return map;
    }
}
