using System;
using System.Collections.Generic;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Coverage;

/// <summary>
/// Native files the project ships itself (Content / None copied to the output, ContentWithTargetPath, NativeLibrary
/// items), added to the natives manifest per RID so the analyzers do not report their imports as missing (XG0001):
/// a file under <c>runtimes/&lt;rid&gt;/native/</c> (by its output path) counts for that RID and the RIDs that fall back to
/// it; any other file for every RID of the OS its name belongs to (.dll Windows; .so and .so.N Linux; .dylib macOS;
/// the static libraries a Native AOT link takes, .a Linux and macOS and .lib Windows). Other files are ignored.
/// </summary>
public static class ProjectNatives
{
    /// <summary>Adds each file's name to the RIDs in <paramref name="librariesByRid"/> it serves.</summary>
    /// <param name="outputPaths">Path of each file in the output (TargetPath, else Link, else the item itself).</param>
    public static void AddTo(SortedDictionary<string, SortedSet<string>> librariesByRid, IEnumerable<string> outputPaths, RidGraph graph)
    {
        ArgumentNullException.ThrowIfNull(librariesByRid);
        ArgumentNullException.ThrowIfNull(outputPaths);
        ArgumentNullException.ThrowIfNull(graph);
        foreach (string outputPath in outputPaths)
        {
            string path = outputPath.Replace('\\', '/').Trim();
            string file = path.Substring(path.LastIndexOf('/') + 1);
            if (!TryClassify(file, out string name, out RidOs first, out RidOs second))
            {
                continue;
            }

            string? folderRid = RuntimesFolderRid(path);
            foreach (KeyValuePair<string, SortedSet<string>> rid in librariesByRid)
            {
                RidOs os = RidInfo.Parse(rid.Key).Os;
                bool serves = folderRid is not null
                    ? graph.IsCompatible(rid.Key, folderRid) && (os == first || os == second)
                    : os == first || os == second;
                if (serves)
                {
                    rid.Value.Add(name);
                }
            }
        }
    }

    /// <summary>"runtimes/linux-x64/native/libfoo.so" → "linux-x64"; null when the path has no such segment.</summary>
    private static string? RuntimesFolderRid(string path)
    {
        string[] parts = path.Split('/');
        for (int i = 0; i + 2 < parts.Length; i++)
        {
            if (parts[i].Equals("runtimes", StringComparison.OrdinalIgnoreCase) && parts[i + 2].Equals("native", StringComparison.OrdinalIgnoreCase) && parts[i + 1].Length > 0)
            {
                return parts[i + 1];
            }
        }

        return null;
    }

    /// <summary>The OS(es) a native file name belongs to, and the name the manifest lists (static libraries by the name probing matches).</summary>
    private static bool TryClassify(string file, out string name, out RidOs first, out RidOs second)
    {
        name = file;
        first = second = RidOs.Unknown;
        string lower = file.ToLowerInvariant();
        int so = lower.IndexOf(".so", StringComparison.Ordinal);
        if (lower.EndsWith(".dll", StringComparison.Ordinal))
        {
            first = RidOs.Windows;
        }
        else if (lower.EndsWith(".dylib", StringComparison.Ordinal))
        {
            first = RidOs.MacOS;
        }
        else if (so > 0 && (so + 3 == lower.Length || IsVersion(lower.Substring(so + 3))))
        {
            first = RidOs.Linux;
        }
        else if (lower.EndsWith(".a", StringComparison.Ordinal) && lower.Length > 2)
        {
            // DirectPInvoke links libfoo.a for [DllImport("foo")]: list it as "libfoo", a name probing matches on Unix.
            name = file.Substring(0, file.Length - 2);
            first = RidOs.Linux;
            second = RidOs.MacOS;
        }
        else if (lower.EndsWith(".lib", StringComparison.Ordinal) && lower.Length > 4)
        {
            name = string.Concat(file.AsSpan(0, file.Length - 4), ".dll");
            first = RidOs.Windows;
        }

        return first != RidOs.Unknown;
    }

    /// <summary>".1", ".1.2.3".</summary>
    private static bool IsVersion(string suffix)
    {
        if (suffix.Length < 2 || suffix[0] != '.')
        {
            return false;
        }

        foreach (char c in suffix)
        {
            if (c != '.' && !char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
