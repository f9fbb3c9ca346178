using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CrossGuard.Core.Rids;

/// <summary>
/// Libraries a target system provides, so a DT_NEEDED / PE import / LC_LOAD_DYLIB / P/Invoke of them need not be
/// shipped. Three tiers:
/// - the base every target of an OS has (the C runtime, the loader, what the .NET runtime itself needs; on Windows
///   every DLL Windows ships in System32 and every API set);
/// - Linux distribution libraries that are system libraries but not on every machine (libsecret, libgtk, ...): a
///   packager must list them as dependencies (<see cref="DistributionPackageOf"/>);
/// - the .NET runtime's own native libraries (libSystem.Native, ...), present wherever the runtime is.
/// </summary>
public static class SystemLibraries
{
    private static readonly HashSet<string> s_glibc = new(StringComparer.Ordinal)
    {
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "libresolv.so.2",
        "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux-armhf.so.3",
        "ld-linux.so.2", "ld-linux.so.3", "ld.so.1", "ld-linux-loongarch-lp64d.so.1", "ld-linux-riscv64-lp64d.so.1", "ld64.so.2", "ld64.so.1", "libanl.so.1", "libcrypt.so.1",
        // The .NET runtime itself needs these on every Linux target.
        "libz.so.1", "libssl.so.3", "libcrypto.so.3", "libssl.so.1.1", "libcrypto.so.1.1",
    };

    /// <summary>
    /// The DLLs Windows ships in System32, from a real source: the LIBRARY names of mingw-w64's import-library
    /// definitions (see the header of Rids/WindowsSystemDlls.txt for the commit and the filter), plus the two below
    /// that the source has no definition file for.
    /// </summary>
    private static readonly Lazy<HashSet<string>> s_windows = new(LoadWindowsSystemDlls);

    /// <summary>System32 DLLs missing from the source list: KernelBase.dll (Windows 7+), mscoree.dll (the .NET Framework shim).</summary>
    private static readonly string[] s_windowsAdditions = { "kernelbase.dll", "mscoree.dll" };

    /// <summary>Base names (see <see cref="Stem"/>) of macOS system libraries a P/Invoke may name without a path.</summary>
    private static readonly HashSet<string> s_macOsStems = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "system.b", "c", "c++", "objc", "dl", "m", "pthread", "iconv", "z", "sqlite3", "xml2", "curl", "ncurses",
        "resolv", "bsm", "compression", "xar", "pam", "edit", "ffi",
    };

    /// <summary>Base names of the glibc base set, so a P/Invoke of "libc", "dl" or "libpthread.so.0" is recognised.</summary>
    private static readonly HashSet<string> s_glibcStems = new(s_glibc.Select(Stem), StringComparer.Ordinal);

    /// <summary>
    /// The .NET runtime's own native libraries and pseudo-libraries, present on every RID the runtime supports (the
    /// shared framework's folder in a framework-dependent app, the runtime pack's files in a self-contained one).
    /// </summary>
    private static readonly HashSet<string> s_runtimeStems = new(StringComparer.OrdinalIgnoreCase)
    {
        "qcall", "__internal", "system.native", "system.globalization.native", "system.io.compression.native",
        "system.net.security.native", "system.security.cryptography.native.openssl", "system.security.cryptography.native.apple",
        "system.io.ports.native", "clrjit", "coreclr", "hostfxr", "hostpolicy", "nethost", "mscordaccore", "mscordbi",
        "clrgc", "clrgcexp", "microsoft.diasymreader.native.amd64", "microsoft.diasymreader.native.arm64", "clretwrc",
        "system.private.corelib",
    };

    /// <summary>
    /// Linux distribution libraries (system libraries, but only where installed): base name → (soname, Debian/Ubuntu
    /// package). A packager must list them as dependencies; a server image usually lacks the desktop ones.
    /// </summary>
    private static readonly Dictionary<string, (string Soname, string Package)> s_distribution = new(StringComparer.Ordinal)
    {
        ["secret-1"] = ("libsecret-1.so.0", "libsecret-1-0"),
        ["glib-2.0"] = ("libglib-2.0.so.0", "libglib2.0-0"),
        ["gobject-2.0"] = ("libgobject-2.0.so.0", "libglib2.0-0"),
        ["gio-2.0"] = ("libgio-2.0.so.0", "libglib2.0-0"),
        ["gtk-3"] = ("libgtk-3.so.0", "libgtk-3-0"),
        ["gdk-3"] = ("libgdk-3.so.0", "libgtk-3-0"),
        ["notify"] = ("libnotify.so.4", "libnotify4"),
        ["fontconfig"] = ("libfontconfig.so.1", "libfontconfig1"),
        ["freetype"] = ("libfreetype.so.6", "libfreetype6"),
        ["x11"] = ("libX11.so.6", "libx11-6"),
        ["xrandr"] = ("libXrandr.so.2", "libxrandr2"),
        ["xi"] = ("libXi.so.6", "libxi6"),
        ["xcursor"] = ("libXcursor.so.1", "libxcursor1"),
        ["ice"] = ("libICE.so.6", "libice6"),
        ["sm"] = ("libSM.so.6", "libsm6"),
        ["egl"] = ("libEGL.so.1", "libegl1"),
        ["gl"] = ("libGL.so.1", "libgl1"),
        ["gdiplus"] = ("libgdiplus.so", "libgdiplus"),
        ["gssapi_krb5"] = ("libgssapi_krb5.so.2", "libgssapi-krb5-2"),
        ["krb5"] = ("libkrb5.so.3", "libkrb5-3"),
        ["asound"] = ("libasound.so.2", "libasound2"),
        ["pulse"] = ("libpulse.so.0", "libpulse0"),
        ["udev"] = ("libudev.so.1", "libudev1"),
        ["systemd"] = ("libsystemd.so.0", "libsystemd0"),
        ["dbus-1"] = ("libdbus-1.so.3", "libdbus-1-3"),
        ["numa"] = ("libnuma.so.1", "libnuma1"),
        ["usb-1.0"] = ("libusb-1.0.so.0", "libusb-1.0-0"),
        ["pcap"] = ("libpcap.so.0.8", "libpcap0.8"),
        ["vlc"] = ("libvlc.so.5", "libvlc5"),
        ["sdl2-2.0"] = ("libSDL2-2.0.so.0", "libsdl2-2.0-0"),
        ["openal"] = ("libopenal.so.1", "libopenal1"),
        ["uuid"] = ("libuuid.so.1", "libuuid1"),
        ["sqlite3"] = ("libsqlite3.so.0", "libsqlite3-0"),
        ["pq"] = ("libpq.so.5", "libpq5"),
        ["curl"] = ("libcurl.so.4", "libcurl4"),
        ["xml2"] = ("libxml2.so.2", "libxml2"),
        ["icuuc"] = ("libicuuc.so", "libicu (libicu72 on Debian 12)"),
        ["icui18n"] = ("libicui18n.so", "libicu (libicu72 on Debian 12)"),
        ["lttng-ust"] = ("liblttng-ust.so.1", "liblttng-ust1"),
        ["appindicator3"] = ("libappindicator3.so.1", "libappindicator3-1"),
        ["webkit2gtk-4.1"] = ("libwebkit2gtk-4.1.so.0", "libwebkit2gtk-4.1-0"),
    };

    /// <summary>True when a target of that OS/libc provides the library (no need to ship it).</summary>
    public static bool IsProvided(string name, RidInfo rid)
    {
        switch (rid.Os)
        {
            case RidOs.Windows:
                return IsWindowsSystemDll(name);
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

    /// <summary>
    /// True for a DLL Windows ships (System32, see <see cref="s_windows"/>) and for API set names: the runtime sends
    /// any name starting with "api-" or "ext-" straight to System32 (IsWindowsAPISet in coreclr's nativelibrary.cpp),
    /// and the loader resolves api-ms-win-* / ext-ms-win-* through the API set schema. Case-insensitive, with or
    /// without ".dll" (LoadLibrary appends it).
    /// </summary>
    public static bool IsWindowsSystemDll(string name)
    {
        string file = FileNameOf(name).ToLowerInvariant();
        if (file.StartsWith("api-", StringComparison.Ordinal) || file.StartsWith("ext-", StringComparison.Ordinal))
        {
            return true;
        }

        return s_windows.Value.Contains(file) || (!Path.HasExtension(file) && s_windows.Value.Contains(file + ".dll"))
            || (file.EndsWith('.') && s_windows.Value.Contains(file + "dll"));
    }

    /// <summary>
    /// True when a P/Invoke library name (as written in [DllImport], a NativeLibrary.Load literal, or a file name)
    /// names a library the target provides: its OS base set, the .NET runtime's own libraries, or, on Linux, a
    /// distribution library (<see cref="DistributionPackageOf"/> tells which package to install).
    /// </summary>
    public static bool IsSystemLibraryFor(string importName, RidInfo rid)
    {
        if (IsRuntimeLibrary(importName))
        {
            return true;
        }

        return rid.Os switch
        {
            RidOs.Windows => IsWindowsSystemDll(importName),
            RidOs.MacOS => importName.StartsWith("/usr/lib/", StringComparison.Ordinal) || importName.StartsWith("/System/Library/", StringComparison.Ordinal)
                || s_macOsStems.Contains(Stem(importName)),
            RidOs.Linux when rid.Libc == Libc.Musl => IsProvided(FileNameOf(importName), rid) || s_glibcStems.Contains(Stem(importName)) || s_distribution.ContainsKey(Stem(importName)),
            RidOs.Linux => s_glibcStems.Contains(Stem(importName)) || s_distribution.ContainsKey(Stem(importName)),
            _ => false,
        };
    }

    /// <summary>
    /// The one OS family a library name belongs to when that is not the target's: a Windows system DLL or any
    /// "*.dll"/"*.exe"/"*.drv" name, a macOS path / framework / "*.dylib", a Linux "*.so" name. Imports of such a library
    /// only run on that OS (the caller checks the OS first); a publish for another OS never loads it.
    /// </summary>
    public static RidOs? ForeignOsOf(string importName, RidInfo rid)
    {
        string file = FileNameOf(importName);
        bool windows = file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            || file.EndsWith(".drv", StringComparison.OrdinalIgnoreCase) || (IsWindowsSystemDll(importName) && !s_glibcStems.Contains(Stem(importName)) && !s_macOsStems.Contains(Stem(importName)));
        bool macOs = importName.StartsWith("/System/Library/", StringComparison.Ordinal) || importName.Contains(".framework/", StringComparison.Ordinal)
            || file.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase) || (importName.StartsWith("/usr/lib/", StringComparison.Ordinal) && file.Contains(".dylib", StringComparison.OrdinalIgnoreCase))
            || Stem(importName) is "system" or "system.b" or "objc";
        bool linux = ContainsSharedObjectSuffix(file) && !file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        bool unixOnly = rid.Os == RidOs.Windows && (s_glibcStems.Contains(Stem(importName)) || s_macOsStems.Contains(Stem(importName))) && !IsWindowsSystemDll(importName);

        return rid.Os switch
        {
            RidOs.Windows when macOs => RidOs.MacOS,
            RidOs.Windows when linux || unixOnly => RidOs.Linux,
            RidOs.Linux when windows => RidOs.Windows,
            RidOs.Linux when macOs => RidOs.MacOS,
            RidOs.MacOS when windows => RidOs.Windows,
            RidOs.MacOS when linux => RidOs.Linux,
            _ => null,
        };
    }

    /// <summary>The .NET runtime's own native libraries ("libSystem.Native", "QCall", "coreclr"...).</summary>
    public static bool IsRuntimeLibrary(string importName) => s_runtimeStems.Contains(Stem(importName));

    /// <summary>
    /// For a Linux distribution library (not in every image): its soname and the Debian/Ubuntu package that installs it
    /// ("libsecret-1.so.0", "libsecret-1-0"); null for base libraries and unknown names.
    /// </summary>
    public static (string Soname, string Package)? DistributionPackageOf(string importName) =>
        s_distribution.TryGetValue(Stem(importName), out (string Soname, string Package) entry) ? entry : null;

    /// <summary>Microsoft Visual C++ runtime DLLs: imported by many native packages, never part of Windows itself.</summary>
    public static bool IsVisualCppRuntime(string name) =>
        name.StartsWith("vcruntime", StringComparison.OrdinalIgnoreCase) || name.StartsWith("msvcp1", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("concrt", StringComparison.OrdinalIgnoreCase) || name.StartsWith("vcomp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name the loader looks for: "@rpath/libfoo.dylib" → "libfoo.dylib".</summary>
    public static string FileNameOf(string needed) => needed.Replace('\\', '/').Split('/').Last();

    /// <summary>
    /// A library name without directory, "lib" prefix, shared-library suffix and version, lower-case except on Linux
    /// (case-sensitive file systems): "libgobject-2.0.so.0" → "gobject-2.0", "kernel32.dll" → "kernel32",
    /// "/usr/lib/libSystem.B.dylib" → "system.b", "libc" → "c".
    /// </summary>
    public static string Stem(string name)
    {
        string file = FileNameOf(name).ToLowerInvariant();
        int so = file.IndexOf(".so", StringComparison.Ordinal);
        while (so >= 0 && !(so + 3 == file.Length || file[so + 3] == '.'))
        {
            so = file.IndexOf(".so", so + 3, StringComparison.Ordinal);
        }

        if (so > 0)
        {
            file = file.Substring(0, so);
        }
        else
        {
            foreach (string suffix in new[] { ".dylib", ".dll", ".exe", ".drv" })
            {
                if (file.EndsWith(suffix, StringComparison.Ordinal))
                {
                    file = file.Substring(0, file.Length - suffix.Length);
                    break;
                }
            }

            if (file.Contains(".dylib", StringComparison.Ordinal))
            {
                file = file.Substring(0, file.IndexOf(".dylib", StringComparison.Ordinal));
            }
        }

        return file.StartsWith("lib", StringComparison.Ordinal) && file.Length > 3 ? file.Substring(3) : file;
    }

    /// <summary>The runtime's "contains the .so suffix" test (DetermineLibNameVariations): ".so" at the end or before a '.'.</summary>
    public static bool ContainsSharedObjectSuffix(string name)
    {
        int at = name.IndexOf(".so", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            int end = at + 3;
            if (end == name.Length || name[end] == '.')
            {
                return true;
            }

            at = name.IndexOf(".so", end, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static HashSet<string> LoadWindowsSystemDlls()
    {
        var set = new HashSet<string>(s_windowsAdditions, StringComparer.OrdinalIgnoreCase);
        using Stream? stream = typeof(SystemLibraries).Assembly.GetManifestResourceStream("CrossGuard.WindowsSystemDlls.txt");
        if (stream is null)
        {
            throw new InvalidOperationException("CrossGuard.WindowsSystemDlls.txt is not embedded in " + typeof(SystemLibraries).Assembly.GetName().Name);
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line);
            }
        }

        return set;
    }
}
