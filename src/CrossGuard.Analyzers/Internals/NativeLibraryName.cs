using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossGuard.Analyzers.Internals;

/// <summary>What is wrong with a native library name, and the name the runtime would probe for instead.</summary>
internal sealed class LibraryNameIssue
{
    public LibraryNameIssue(string reason, string? suggestion, bool isPath = false)
    {
        Reason = reason;
        Suggestion = suggestion;
        IsPath = isPath;
    }

    /// <summary>True when the name is a path (no mechanical rewrite keeps what loads).</summary>
    public bool IsPath { get; }

    /// <summary>Why the name defeats probing, phrased to follow "'name' ".</summary>
    public string Reason { get; }

    /// <summary>The probing name ("foo", "libc"), or null when no mechanical rewrite is right.</summary>
    public string? Suggestion { get; }
}

/// <summary>
/// The runtime's native library probing, modelled on dotnet/runtime's LibraryNameVariation: on Windows it tries
/// <c>name</c> and <c>name.dll</c>; on Unix <c>name</c>, <c>libname.so</c> / <c>libname.dylib</c>, <c>name.so</c> and
/// <c>libname</c>. The name "libc" is special-cased by the runtime to the platform's C library.
/// </summary>
internal static class NativeLibraryName
{
    /// <summary>The file names the runtime tries for <paramref name="name"/> on <paramref name="os"/>.</summary>
    public static IEnumerable<string> CandidateFileNames(string name, TargetOs os)
    {
        string file = FileNameOf(name.Trim());
        yield return file;
        if (os == TargetOs.Windows)
        {
            if (!file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                yield return file + ".dll";
            }

            yield break;
        }

        string suffix = os == TargetOs.MacOS ? ".dylib" : ".so";
        yield return "lib" + file + suffix;
        yield return file + suffix;
        yield return "lib" + file;
    }

    /// <summary>
    /// True when a native file name selected for a RID satisfies <paramref name="candidate"/>: equal ignoring case, or a
    /// versioned shared object of it (libfoo.so.1 for libfoo.so).
    /// </summary>
    public static bool FileMatches(string nativeFile, string candidate)
    {
        string file = FileNameOf(nativeFile.Trim());
        if (string.Equals(file, candidate, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return candidate.EndsWith(".so", StringComparison.OrdinalIgnoreCase)
            && file.Length > candidate.Length + 1
            && file.StartsWith(candidate + ".", StringComparison.OrdinalIgnoreCase)
            && file.Substring(candidate.Length + 1).All(c => char.IsDigit(c) || c == '.');
    }

    /// <summary>Checks a DllImport / LibraryImport / NativeLibrary name against the OSes and libcs the project ships to.</summary>
    public static LibraryNameIssue? Analyze(string name, BuildContext build)
    {
        string trimmed = name.Trim();
        if (trimmed.Length == 0 || build.Rids.IsEmpty || KnownSystemLibraries.TryGetOs(trimmed, out _) || KnownSystemLibraries.IsAppleSystemPath(trimmed))
        {
            // Single-OS system libraries (kernel32.dll, /usr/lib/libSystem.B.dylib, Apple's framework paths) are XG0002's business.
            return null;
        }

        string suggestion = ProbingName(trimmed);
        string? fix = suggestion.Length > 0 && !string.Equals(suggestion, trimmed, StringComparison.Ordinal) ? suggestion : null;
        if (IsPath(trimmed))
        {
            // No rewrite: a bare name probes other directories than the path names, so it changes what loads.
            return new LibraryNameIssue("is a path, which exists only on machines laid out like the one it was written on", null, isPath: true);
        }

        string file = FileNameOf(trimmed);
        if (!TryGetExtensionOs(file, out TargetOs extensionOs, out bool versioned))
        {
            return null;
        }

        if (versioned)
        {
            // A versioned soname (libgobject-2.0.so.0) is the right name for a Linux system library: distributions ship the
            // unversioned libfoo.so only in -dev packages, so the probing name would not load. The one exception is glibc's
            // libc.so.6 on musl, where the runtime's own "libc" mapping (LIBC_SO on glibc, the musl loader on musl) loads the
            // same library on glibc and the right one on musl.
            return build.HasMuslRid && string.Equals(KnownSystemLibraries.Normalize(file), "libc", StringComparison.Ordinal)
                ? new LibraryNameIssue("is glibc's soname; musl RIDs name the C library libc.musl-<arch>.so.1, so it throws DllNotFoundException there", "libc")
                : null;
        }

        // For a system library of several OSes (libc), only the OSes that have it matter here; the rest are XG0002's.
        bool system = KnownSystemLibraries.TryGetOses(file, out IReadOnlyList<TargetOs> systemOses);
        TargetOs[] others = build.TargetOses.Where(os => os != extensionOs && (!system || systemOses.Contains(os))).OrderBy(os => os).ToArray();
        if (others.Length == 0)
        {
            return null;
        }

        string extension = extensionOs switch
        {
            TargetOs.Windows => ".dll",
            TargetOs.Linux => ".so",
            _ => ".dylib",
        };
        return new LibraryNameIssue(
            $"carries the {BuildContext.DisplayName(extensionOs)} extension '{extension}', so probing on {string.Join(", ", others.Select(BuildContext.DisplayName))} never finds the library",
            fix);
    }

    /// <summary>The name to let the runtime probe with: no directory, no extension, no "lib" prefix on Unix names ("libc" stays).</summary>
    public static string ProbingName(string name)
    {
        string file = FileNameOf(name.Trim());
        bool unix = false;
        string lower = file.ToLowerInvariant();
        int so = lower.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == lower.Length || lower[so + 3] == '.'))
        {
            file = file.Substring(0, so);
            unix = true;
        }
        else if (lower.EndsWith(".dylib", StringComparison.Ordinal))
        {
            file = file.Substring(0, file.Length - ".dylib".Length);
            unix = true;
        }
        else if (lower.EndsWith(".dll", StringComparison.Ordinal))
        {
            file = file.Substring(0, file.Length - ".dll".Length);
        }

        if (string.Equals(file, "libc", StringComparison.OrdinalIgnoreCase))
        {
            return "libc";
        }

        return unix && file.Length > 3 && file.StartsWith("lib", StringComparison.Ordinal) ? file.Substring(3) : file;
    }

    public static bool IsPath(string name)
    {
        return name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0 || (name.Length >= 2 && name[1] == ':' && char.IsLetter(name[0]));
    }

    private static bool TryGetExtensionOs(string file, out TargetOs os, out bool versioned)
    {
        string lower = file.ToLowerInvariant();
        versioned = false;
        int so = lower.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == lower.Length || lower[so + 3] == '.'))
        {
            versioned = so + 3 < lower.Length;
            os = TargetOs.Linux;
            return true;
        }

        if (lower.EndsWith(".dylib", StringComparison.Ordinal))
        {
            os = TargetOs.MacOS;
            return true;
        }

        if (lower.EndsWith(".dll", StringComparison.Ordinal))
        {
            os = TargetOs.Windows;
            return true;
        }

        os = default;
        return false;
    }

    private static string FileNameOf(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }
}
