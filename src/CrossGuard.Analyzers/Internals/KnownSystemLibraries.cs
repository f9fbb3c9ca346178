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
    private static readonly TargetOs[] s_macOS = { TargetOs.MacOS };

    /// <summary>
    /// Libraries of Linux distributions that are not part of the C library: they exist only where their package is
    /// installed (a dependency to declare, not a file any NuGet package ships), keyed by normalized name, with the binary
    /// package to install on Debian/Ubuntu (apt), Alpine (apk) and Fedora/RHEL (dnf). Names are those of the current
    /// stable releases (Ubuntu 24.04 renamed some to ...t64: the apt name given installs on both through the t64
    /// transition's Provides).
    /// </summary>
    private static readonly Dictionary<string, DistroPackages> s_distro = new(StringComparer.OrdinalIgnoreCase)
    {
        ["libglib-2.0"] = new("libglib2.0-0", "glib", "glib2"),
        ["libgobject-2.0"] = new("libglib2.0-0", "glib", "glib2"),
        ["libgio-2.0"] = new("libglib2.0-0", "glib", "glib2"),
        ["libgmodule-2.0"] = new("libglib2.0-0", "glib", "glib2"),
        ["libsecret-1"] = new("libsecret-1-0", "libsecret", "libsecret"),
        ["libgtk-3"] = new("libgtk-3-0", "gtk+3.0", "gtk3"),
        ["libgdk-3"] = new("libgtk-3-0", "gtk+3.0", "gtk3"),
        ["libx11"] = new("libx11-6", "libx11", "libX11"),
        ["libasound"] = new("libasound2", "alsa-lib", "alsa-lib"),
        ["libudev"] = new("libudev1", "eudev-libs", "systemd-libs"),
        ["libsystemd"] = new("libsystemd0", null, "systemd-libs"),
        ["libfontconfig"] = new("libfontconfig1", "fontconfig", "fontconfig"),
        ["libfreetype"] = new("libfreetype6", "freetype", "freetype"),
    };
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
        if (IsAppleSystemPath(libraryName))
        {
            os = TargetOs.MacOS;
            return true;
        }

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
        if (IsAppleSystemPath(libraryName))
        {
            oses = s_macOS;
            return true;
        }

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
        if (IsAppleSystemPath(libraryName))
        {
            return os == TargetOs.MacOS;
        }

        string name = Normalize(libraryName);
        return s_runtimeLibraries.Contains(name) || (s_byName.TryGetValue(name, out TargetOs[]? oses) && Array.IndexOf(oses, os) >= 0);
    }

    /// <summary>True for any library this table knows: an OS library on some OS, or one of the runtime's own.</summary>
    public static bool IsKnown(string libraryName)
    {
        if (IsAppleSystemPath(libraryName))
        {
            return true;
        }

        string name = Normalize(libraryName);
        return s_runtimeLibraries.Contains(name) || s_byName.ContainsKey(name);
    }

    /// <summary>The distribution packages that install a Linux system library that is not part of the C library (libsecret-1.so.0), or null.</summary>
    public static DistroPackages? GetDistroPackages(string libraryName) =>
        s_distro.TryGetValue(Normalize(libraryName), out DistroPackages? packages) ? packages : null;

    /// <summary>
    /// Apple's stable absolute paths: /System/Library/Frameworks/*.framework/* and /usr/lib/*.dylib. Since macOS 11 the files
    /// live in the dyld shared cache rather than on disk, and dlopen of these install names is the documented way to load
    /// them (Big Sur release notes), so the path is the right name and no rewrite applies.
    /// </summary>
    public static bool IsAppleSystemPath(string libraryName)
    {
        string name = libraryName.Trim();
        return (name.StartsWith("/System/Library/Frameworks/", StringComparison.Ordinal) && name.IndexOf(".framework/", StringComparison.Ordinal) > 0)
            || (name.StartsWith("/usr/lib/", StringComparison.Ordinal) && name.IndexOf('/', "/usr/lib/".Length) < 0 && name.EndsWith(".dylib", StringComparison.Ordinal));
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

        foreach (string linux in new[] { "librt" })
        {
            map[linux] = new[] { TargetOs.Linux };
        }

        foreach (string linux in s_distro.Keys)
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

/// <summary>The binary package that installs a Linux system library, per package manager (null where the distribution has none).</summary>
internal sealed class DistroPackages
{
    public DistroPackages(string apt, string? apk, string dnf)
    {
        Apt = apt;
        Apk = apk;
        Dnf = dnf;
    }

    public string Apt { get; }

    public string? Apk { get; }

    public string Dnf { get; }

    /// <summary>"apt libsecret-1-0, apk libsecret, dnf libsecret".</summary>
    public override string ToString() => Apk is null ? $"apt {Apt}, dnf {Dnf}" : $"apt {Apt}, apk {Apk}, dnf {Dnf}";
}
