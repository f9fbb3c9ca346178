using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CrossGuard.Analyzers.Internals;

/// <summary>Target operating systems a project ships to, read from the RIDs exposed as build properties.</summary>
internal enum TargetOs
{
    Windows,
    Linux,
    MacOS,
}

/// <summary>The MSBuild facts a rule needs, parsed once per compilation from <c>build_property.*</c>.</summary>
internal sealed class BuildContext
{
    private static readonly char[] s_separators = { ';', ',' };

    private BuildContext(ImmutableArray<string> rids, bool enabled, bool allowNative, string? targetFramework)
    {
        Rids = rids;
        Enabled = enabled;
        AllowNative = allowNative;
        TargetFramework = TargetFrameworkInfo.Parse(targetFramework);
        var oses = ImmutableHashSet.CreateBuilder<TargetOs>();
        foreach (string rid in rids)
        {
            if (TryGetOs(rid, out TargetOs os))
            {
                oses.Add(os);
            }
        }

        TargetOses = oses.ToImmutable();
    }

    /// <summary>Declared RIDs: _CrossGuardRidList, else CrossGuardRuntimeIdentifiers or RuntimeIdentifiers, plus RuntimeIdentifier.</summary>
    public ImmutableArray<string> Rids { get; }

    public ImmutableHashSet<TargetOs> TargetOses { get; }

    public bool Enabled { get; }

    /// <summary>False when the project set <c>CrossGuardAllowNative=false</c> (the CGO_ENABLED=0 guard).</summary>
    public bool AllowNative { get; }

    /// <summary>The project's target framework, when the build exposes it.</summary>
    public TargetFrameworkInfo TargetFramework { get; }

    /// <summary>True when a musl RID (linux-musl-*, alpine*) is declared: glibc sonames do not exist there.</summary>
    public bool HasMuslRid => Rids.Any(IsMusl);

    public static bool IsMusl(string rid)
    {
        string r = rid.Trim().ToLowerInvariant();
        return r.StartsWith("linux-musl", StringComparison.Ordinal) || r.StartsWith("alpine", StringComparison.Ordinal);
    }

    /// <summary>The CPU architecture of a RID: its last dash-separated segment ("linux-musl-arm64" → "arm64").</summary>
    public static string GetArchitecture(string rid)
    {
        string r = rid.Trim().ToLowerInvariant();
        int dash = r.LastIndexOf('-');
        return dash >= 0 ? r.Substring(dash + 1) : string.Empty;
    }

    public static BuildContext Read(AnalyzerConfigOptions options)
    {
        var rids = new List<string>();
        string? list = Get(options, MSBuildPropertyNames.CrossGuardRidList);
        string? explicitRids = Get(options, MSBuildPropertyNames.CrossGuardRuntimeIdentifiers);
        if (!string.IsNullOrWhiteSpace(list))
        {
            AddList(rids, list!);
        }
        else if (!string.IsNullOrWhiteSpace(explicitRids))
        {
            AddList(rids, explicitRids!);
        }
        else
        {
            AddList(rids, Get(options, MSBuildPropertyNames.RuntimeIdentifiers) ?? string.Empty);
        }

        AddList(rids, Get(options, MSBuildPropertyNames.RuntimeIdentifier) ?? string.Empty);
        bool enabled = !IsFalse(Get(options, MSBuildPropertyNames.CrossGuardEnabled));
        bool allowNative = !IsFalse(Get(options, MSBuildPropertyNames.CrossGuardAllowNative));
        return new BuildContext(rids.ToImmutableArray(), enabled, allowNative, Get(options, MSBuildPropertyNames.TargetFramework));
    }

    /// <summary>Maps a RID to the OS family its native libraries belong to.</summary>
    public static bool TryGetOs(string rid, out TargetOs os)
    {
        string r = rid.Trim().ToLowerInvariant();
        if (r.StartsWith("win", StringComparison.Ordinal))
        {
            os = TargetOs.Windows;
            return true;
        }

        if (r.StartsWith("linux", StringComparison.Ordinal) || r.StartsWith("alpine", StringComparison.Ordinal))
        {
            os = TargetOs.Linux;
            return true;
        }

        if (r.StartsWith("osx", StringComparison.Ordinal) || r.StartsWith("maccatalyst", StringComparison.Ordinal))
        {
            os = TargetOs.MacOS;
            return true;
        }

        os = default;
        return false;
    }

    public static string DisplayName(TargetOs os) => os switch
    {
        TargetOs.Windows => "Windows",
        TargetOs.Linux => "Linux",
        _ => "macOS",
    };

    private static bool IsFalse(string? value) => string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    private static string? Get(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out string? value) ? value : null;

    private static void AddList(List<string> into, string value)
    {
        foreach (string part in value.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            string rid = part.Trim();
            if (rid.Length > 0 && !into.Exists(r => string.Equals(r, rid, StringComparison.OrdinalIgnoreCase)))
            {
                into.Add(rid);
            }
        }
    }
}
