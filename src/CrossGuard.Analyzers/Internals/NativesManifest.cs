using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// The native files selected per RID, written by the CheckNativeAssets task to obj/crossguard.natives.json and handed to
/// the analyzers as an AdditionalFile. Format, version 1:
/// <code>{"version":1,"rids":{"linux-x64":{"libraries":["libe_sqlite3.so"]},"win-x64":{"libraries":["e_sqlite3.dll"]}}}</code>
/// Unknown members are ignored; anything unreadable (bad JSON, another version, wrong shapes) yields no manifest, and the
/// rules that need it stay silent rather than guess.
/// </summary>
internal sealed class NativesManifest
{
    public const string FileName = "crossguard.natives.json";
    public const int SupportedVersion = 1;

    private readonly Dictionary<string, string[]> _librariesByRid;

    private NativesManifest(Dictionary<string, string[]> librariesByRid)
    {
        _librariesByRid = librariesByRid;
    }

    /// <summary>Reads the first AdditionalFile named crossguard.natives.json, or returns null.</summary>
    public static NativesManifest? Find(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        foreach (AdditionalText file in additionalFiles)
        {
            if (!string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            SourceText? text = file.GetText(cancellationToken);
            return text is null ? null : Parse(text.ToString());
        }

        return null;
    }

    public static NativesManifest? Parse(string json)
    {
        if (!TolerantJson.TryParse(json, out object? root)
            || root is not Dictionary<string, object?> document
            || !document.TryGetValue("version", out object? version)
            || version is not double number
            || number != SupportedVersion
            || !document.TryGetValue("rids", out object? ridsValue)
            || ridsValue is not Dictionary<string, object?> rids)
        {
            return null;
        }

        var byRid = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object?> rid in rids)
        {
            // A RID entry with an unreadable shape is treated as unknown (absent), never as "provides nothing".
            if (rid.Value is Dictionary<string, object?> entry
                && entry.TryGetValue("libraries", out object? libraries)
                && libraries is List<object?> list)
            {
                byRid[rid.Key] = list.OfType<string>().ToArray();
            }
        }

        return new NativesManifest(byRid);
    }

    /// <summary>True when the manifest describes <paramref name="rid"/> (an empty list is knowledge too: no natives).</summary>
    public bool Knows(string rid) => _librariesByRid.ContainsKey(rid.Trim());

    /// <summary>True when a native file selected for <paramref name="rid"/> is one the runtime would load for <paramref name="libraryName"/>.</summary>
    public bool Provides(string rid, string libraryName, TargetOs os)
    {
        if (!_librariesByRid.TryGetValue(rid.Trim(), out string[]? files))
        {
            return false;
        }

        foreach (string candidate in NativeLibraryName.CandidateFileNames(libraryName, os))
        {
            foreach (string file in files)
            {
                if (NativeLibraryName.FileMatches(file, candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
