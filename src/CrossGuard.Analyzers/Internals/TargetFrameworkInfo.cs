using System;
using System.Globalization;

namespace CrossGuard.Analyzers.Internals;

/// <summary>The family and version of a short TFM ("net8.0-windows", "netcoreapp3.1", "netstandard2.0", "net48").</summary>
internal readonly struct TargetFrameworkInfo
{
    private TargetFrameworkInfo(bool isKnown, bool isNetCore, Version? version)
    {
        IsKnown = isKnown;
        IsNetCore = isNetCore;
        Version = version;
    }

    /// <summary>False when TargetFramework was not exposed or could not be parsed: rules then rely on the reference assemblies alone.</summary>
    public bool IsKnown { get; }

    /// <summary>.NET Core / .NET 5+ (the family whose versions the BCL-equivalents catalogue records).</summary>
    public bool IsNetCore { get; }

    public Version? Version { get; }

    public static TargetFrameworkInfo Parse(string? tfm)
    {
        if (string.IsNullOrWhiteSpace(tfm))
        {
            return default;
        }

        string t = tfm!.Trim().ToLowerInvariant();
        int dash = t.IndexOf('-');
        if (dash >= 0)
        {
            t = t.Substring(0, dash);
        }

        if (t.StartsWith("netcoreapp", StringComparison.Ordinal))
        {
            return FromVersion(t.Substring("netcoreapp".Length), isNetCore: true);
        }

        if (t.StartsWith("netstandard", StringComparison.Ordinal))
        {
            return new TargetFrameworkInfo(isKnown: true, isNetCore: false, version: null);
        }

        if (t.StartsWith("net", StringComparison.Ordinal))
        {
            string rest = t.Substring(3);

            // net5.0 and later carry a dot; net48 / net472 are .NET Framework.
            return rest.IndexOf('.') > 0 ? FromVersion(rest, isNetCore: true) : new TargetFrameworkInfo(isKnown: true, isNetCore: false, version: null);
        }

        return default;
    }

    /// <summary>True when the project's framework is known to be .NET Core older than <paramref name="minimum"/>.</summary>
    public bool IsOlderThan(Version minimum) => IsKnown && (!IsNetCore || (Version is not null && Version < minimum));

    private static TargetFrameworkInfo FromVersion(string text, bool isNetCore)
    {
        return Version.TryParse(text, out Version? version)
            ? new TargetFrameworkInfo(isKnown: true, isNetCore, version)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int major)
                ? new TargetFrameworkInfo(isKnown: true, isNetCore, new Version(major, 0))
                : default;
    }
}
