using System;
using System.Collections.Generic;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Publish;

/// <summary>One place the runtime tries while loading a library: the path inside the publish folder and why it is tried.</summary>
/// <param name="RelativePath">Path inside the publish folder ('/' separators).</param>
/// <param name="Where">"app folder", "native search directory 'runtimes/linux-x64/native'", "assembly folder 'x'".</param>
public sealed record ProbeCandidate(string RelativePath, string Where)
{
    public override string ToString() => $"{RelativePath} ({Where})";
}

/// <summary>
/// The runtime's probing for a P/Invoke (and for NativeLibrary.Load(name, assembly, searchPath)), over a published
/// layout. Follows coreclr's LoadNativeLibraryBySearch and DetermineLibNameVariations (src/coreclr/vm/nativelibrary.cpp,
/// mirrored in System.Private.CoreLib's LibraryNameVariation.Unix.cs / .Windows.cs) and the documented order in the
/// .NET docs ("Native library loading", docs/standard/native-interop/native-library-loading.md; "Default probing",
/// docs/core/dependency-loading/default-probing.md, section "Unmanaged (native) library probing"):
/// <list type="number">
/// <item>An absolute path is used as is, with no name variations.</item>
/// <item>For each name variation, in order: each NATIVE_DLL_SEARCH_DIRECTORIES entry (the host's native search
/// directories: the app folder, plus deps.json's native asset folders in a portable publish); then the calling
/// assembly's folder (DllImportSearchPath.AssemblyDirectory, on by default); then the OS loader's own search with the
/// bare name (system libraries: dlopen's ld.so.cache and default paths, LoadLibraryEx's System32).</item>
/// <item>Name variations. Windows: the name, then name + ".dll" unless it ends with ".", ".dll" or ".exe" (the
/// Windows loader appends ".dll" itself to a name without an extension). Linux / macOS, suffix ".so" / ".dylib":
/// when the name contains the suffix (at its end or followed by '.', as in "libfoo.so.1"): name, "lib" + name,
/// name + suffix, "lib" + name + suffix; otherwise name + suffix, "lib" + name + suffix, name, "lib" + name. The
/// "lib" prefix is never added to a name with a directory separator.</item>
/// <item>A candidate that fails to load (on Linux, dlopen of an ELF for another machine or a PE file fails like a
/// missing file) does not stop the search: the next candidate is tried, and only when none loads does the call
/// throw DllNotFoundException. On Windows a DLL for another architecture fails with ERROR_BAD_EXE_FORMAT the same way.</item>
/// </list>
/// API set names (api-ms-win-*, ext-ms-win-*) go straight to System32 first; the runtime's own libraries are
/// resolved before any of this. Not modelled: a DllImportSearchPath other than the default, DLL redirection, and
/// single-file bundles (an extracted bundle probes its extraction folder as the assembly folder, which mirrors the
/// app folder's layout).
/// </summary>
public static class NativeProbe
{
    /// <summary>The file names the runtime tries for <paramref name="name"/> on <paramref name="os"/>, in its order.</summary>
    public static IReadOnlyList<string> NameVariations(string name, RidOs os)
    {
        bool relative = !IsAbsolute(name);
        if (os == RidOs.Windows)
        {
            // LoadLibrary appends ".dll" to a name without an extension ("foo" opens foo.dll) and strips a trailing "."
            // ("foo." opens the file foo); the runtime then tries name + ".dll".
            string leaf = name.Substring(Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\')) + 1);
            string first = name.EndsWith('.') ? name.Substring(0, name.Length - 1) : leaf.Contains('.', StringComparison.Ordinal) ? name : name + ".dll";
            var windows = new List<string> { first };
            if (relative && !name.EndsWith('.') && !name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(first, name + ".dll", StringComparison.OrdinalIgnoreCase))
            {
                windows.Add(name + ".dll");
            }

            return windows;
        }

        if (!relative)
        {
            return new[] { name };
        }

        string suffix = os == RidOs.MacOS ? ".dylib" : ".so";
        bool containsSuffix = ContainsSuffix(name, suffix);
        bool containsDelimiter = name.Contains('/', StringComparison.Ordinal);
        string directory = containsDelimiter ? name.Substring(0, name.LastIndexOf('/') + 1) : string.Empty;
        string file = name.Substring(directory.Length);
        var variations = new List<string>();
        void Add(bool prefix, bool withSuffix)
        {
            if (prefix && containsDelimiter)
            {
                return;
            }

            variations.Add(directory + (prefix ? "lib" : string.Empty) + file + (withSuffix ? suffix : string.Empty));
        }

        if (containsSuffix)
        {
            Add(prefix: false, withSuffix: false);
            Add(prefix: true, withSuffix: false);
            Add(prefix: false, withSuffix: true);
            Add(prefix: true, withSuffix: true);
        }
        else
        {
            Add(prefix: false, withSuffix: true);
            Add(prefix: true, withSuffix: true);
            Add(prefix: false, withSuffix: false);
            Add(prefix: true, withSuffix: false);
        }

        return variations;
    }

    /// <summary>
    /// Every path inside the publish folder the runtime tries for a library loaded by an assembly in
    /// <paramref name="assemblyDirectory"/> (null: no calling assembly, e.g. a natives-manifest entry), in order.
    /// Absolute names never point into the publish folder: the result is empty.
    /// </summary>
    public static IReadOnlyList<ProbeCandidate> Candidates(PublishLayout layout, string name, string? assemblyDirectory)
    {
        var candidates = new List<ProbeCandidate>();
        if (IsAbsolute(name))
        {
            return candidates;
        }

        var seen = new HashSet<string>(layout.Rid.Os == RidOs.Linux ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (string variation in NameVariations(name, layout.Rid.Os))
        {
            foreach (string directory in layout.NativeSearchDirectories)
            {
                Add(directory, variation, directory.Length == 0 ? "app folder" : $"native search directory '{directory}'");
            }

            if (assemblyDirectory is not null)
            {
                Add(assemblyDirectory, variation, assemblyDirectory.Length == 0 ? "assembly folder (the app folder)" : $"assembly folder '{assemblyDirectory}'");
            }
        }

        return candidates;

        void Add(string directory, string variation, string where)
        {
            string path = Combine(directory, variation);
            if (path.Length > 0 && seen.Add(path))
            {
                candidates.Add(new ProbeCandidate(path, where));
            }
        }
    }

    /// <summary>True for "/usr/lib/libc.so.6", "C:\x\y.dll", "\\server\share\z.dll".</summary>
    public static bool IsAbsolute(string name) =>
        name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 2 && name[1] == ':' && (name[2] == '\\' || name[2] == '/'));

    private static bool ContainsSuffix(string name, string suffix)
    {
        int at = name.IndexOf(suffix, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && (at + suffix.Length == name.Length || name[at + suffix.Length] == '.');
    }

    private static string Combine(string directory, string file)
    {
        var parts = new List<string>();
        foreach (string part in (directory.Length == 0 ? file : directory + "/" + file).Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return string.Empty;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join("/", parts);
    }
}
