using System;
using System.Collections.Generic;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// System libraries that are part of some OS families only (kernel32 on Windows, libSystem on macOS, libc on Linux and
/// macOS). A P/Invoke into one of them is a native crossing that only works there; names are compared the way the
/// runtime probes (case-insensitive, extension optional). Also knows the runtime's own native libraries, which exist on
/// every RID the runtime supports.
/// </summary>
internal static class KnownSystemLibraries
{
    private static readonly TargetOs[] s_unix = { TargetOs.Linux, TargetOs.MacOS };
    private static readonly Dictionary<string, TargetOs[]> s_byName = Build();
    private static readonly HashSet<string> s_runtimeLibraries = new(StringComparer.OrdinalIgnoreCase)
    {
        "qcall", "__internal", "libsystem.native", "system.native", "libsystem.globalization.native", "system.globalization.native",
        "libsystem.io.compression.native", "system.io.compression.native", "libsystem.net.security.native", "system.net.security.native",
        "libsystem.security.cryptography.native.openssl", "system.security.cryptography.native.openssl",
        "libsystem.security.cryptography.native.apple", "system.security.cryptography.native.apple", "libclrjit", "clrjit",
        "libcoreclr", "coreclr", "libhostfxr", "hostfxr", "libhostpolicy", "hostpolicy", "libnethost", "nethost",
    };

    private static readonly string[] s_extensions = { ".dll", ".dylib", ".exe" };

    /// <summary>Finds the one OS a library name belongs to (false for multi-OS libraries such as libc).</summary>
    public static bool TryGetOs(string libraryName, out TargetOs os)
    {
        if (s_byName.TryGetValue(Normalize(libraryName), out TargetOs[]? oses) && oses.Length == 1)
        {
            os = oses[0];
            return true;
        }

        os = default;
        return false;
    }

    /// <summary>The OS families a system library belongs to (kernel32 → Windows; libc → Linux, macOS).</summary>
    public static bool TryGetOses(string libraryName, out IReadOnlyList<TargetOs> oses)
    {
        if (s_byName.TryGetValue(Normalize(libraryName), out TargetOs[]? found))
        {
            oses = found;
            return true;
        }

        oses = Array.Empty<TargetOs>();
        return false;
    }

    /// <summary>True when <paramref name="libraryName"/> is part of <paramref name="os"/> itself or of the .NET runtime.</summary>
    public static bool IsSystemLibraryOn(string libraryName, TargetOs os)
    {
        string name = Normalize(libraryName);
        return s_runtimeLibraries.Contains(name) || (s_byName.TryGetValue(name, out TargetOs[]? oses) && Array.IndexOf(oses, os) >= 0);
    }

    /// <summary>True for any library this table knows: an OS library on some OS, or one of the runtime's own.</summary>
    public static bool IsKnown(string libraryName)
    {
        string name = Normalize(libraryName);
        return s_runtimeLibraries.Contains(name) || s_byName.ContainsKey(name);
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

    private static Dictionary<string, TargetOs[]> Build()
    {
        var map = new Dictionary<string, TargetOs[]>(StringComparer.OrdinalIgnoreCase);
        foreach (string win in new[]
        {
            "kernel32", "kernelbase", "user32", "gdi32", "advapi32", "ntdll", "shell32", "ole32", "oleaut32", "ws2_32",
            "winmm", "secur32", "crypt32", "bcrypt", "ncrypt", "iphlpapi", "psapi", "dbghelp", "setupapi", "wininet",
            "winhttp", "comctl32", "comdlg32", "shlwapi", "version", "userenv", "netapi32", "wtsapi32", "dwmapi",
            "uxtheme", "msvcrt", "ucrtbase", "api-ms-win-core-sysinfo-l1-2-0", "rpcrt4", "mpr", "imm32", "hid",
            "dnsapi", "powrprof", "wintrust", "winspool.drv", "credui", "wevtapi", "pdh", "dxgi", "d3d11", "opengl32", "ntoskrnl",
        })
        {
            map[win] = new[] { TargetOs.Windows };
        }

        foreach (string mac in new[]
        {
            "libsystem", "/usr/lib/libsystem", "corefoundation", "security", "iokit", "appkit", "foundation",
            "coreservices", "systemconfiguration", "libobjc", "objc",
        })
        {
            map[mac] = new[] { TargetOs.MacOS };
        }

        foreach (string linux in new[] { "librt", "libsystemd", "libudev", "libx11", "libgtk-3", "libasound", "libgdk-3", "libgio-2.0", "libglib-2.0" })
        {
            map[linux] = new[] { TargetOs.Linux };
        }

        // The C runtime and its satellites: every Unix has them (on macOS they re-export libSystem), Windows does not.
        foreach (string unix in new[] { "libc", "libm", "libdl", "libpthread", "libz" })
        {
            map[unix] = s_unix;
        }

        return map;
    }
}
