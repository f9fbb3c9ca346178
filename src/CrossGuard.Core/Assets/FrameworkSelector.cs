using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using NuGet.Frameworks;

namespace CrossGuard.Core.Assets;

/// <summary>
/// Which RID-neutral target of an assets file a build uses: by its TargetFramework alias first (what the SDK's
/// ResolvePackageAssets does: "project.frameworks" maps the alias to the target key), then by framework equality
/// with NuGet's own parser, for older files keyed ".NETCoreApp,Version=v3.1" or hosts that only know the moniker.
/// </summary>
public sealed class FrameworkSelector
{
    public FrameworkSelector(string? alias, string? moniker)
    {
        Alias = string.IsNullOrWhiteSpace(alias) ? null : alias!.Trim();
        Moniker = string.IsNullOrWhiteSpace(moniker) ? null : moniker!.Trim();
    }

    /// <summary>Any framework: the file's only one.</summary>
    public static FrameworkSelector Only { get; } = new(null, null);

    /// <summary>$(TargetFramework), e.g. net8.0 or a custom alias.</summary>
    public string? Alias { get; }

    /// <summary>$(TargetFrameworkMoniker), e.g. .NETCoreApp,Version=v8.0.</summary>
    public string? Moniker { get; }

    /// <summary>
    /// The .NET major version of a .NETCoreApp framework (10 for ".NETCoreApp,Version=v10.0" or "net10.0"), or null
    /// (another framework, or nothing named): what picks the .NET runtime's own floors.
    /// </summary>
    public int? DotNetMajor
    {
        get
        {
            const string prefix = ".NETCoreApp,Version=v";
            string? version = Moniker is not null && Moniker.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? Moniker.Substring(prefix.Length)
                : Alias is not null && Alias.StartsWith("net", StringComparison.OrdinalIgnoreCase) && Alias.Length > 3 && char.IsDigit(Alias[3]) && Alias.Contains('.', StringComparison.Ordinal) ? Alias.Substring(3)
                : null;
            string? major = version?.Split('.', '-')[0];
            return int.TryParse(major, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value is >= 5 and < 100 ? value : null;
        }
    }

    /// <summary>The RID-neutral target for this framework.</summary>
    /// <exception cref="CoverageInputException">XG9007: the file has no such target (or several, and none was named).</exception>
    public RestoredTarget Select(RestoredGraph assets)
    {
        List<RestoredTarget> ridless = assets.Targets.Where(t => t.Rid is null).ToList();
        if (ridless.Count == 0)
        {
            throw CoverageInputException.From(DiagnosticCatalogue.FrameworkNotInAssets, "it has no target framework section");
        }

        if (Alias is null && Moniker is null)
        {
            return ridless.Count == 1
                ? ridless[0]
                : throw CoverageInputException.From(DiagnosticCatalogue.FrameworkNotInAssets, "it has several target frameworks (" + Keys(ridless) + ") and none was named");
        }

        if (Alias is not null)
        {
            string key = assets.Frameworks.FirstOrDefault(f => string.Equals(f.Alias, Alias, StringComparison.OrdinalIgnoreCase))?.Key ?? Alias;
            RestoredTarget? byAlias = ridless.FirstOrDefault(t => string.Equals(t.FrameworkKey, key, StringComparison.OrdinalIgnoreCase));
            if (byAlias is not null)
            {
                return byAlias;
            }
        }

        return (Moniker is null ? null : ByFramework(ridless, Moniker))
            ?? throw CoverageInputException.From(DiagnosticCatalogue.FrameworkNotInAssets, $"it has no section for {Alias ?? Moniker} (it has " + Keys(ridless) + ")");
    }

    // Separate and not inlined: NuGet.Frameworks is loaded and compiled only when the alias did not match.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RestoredTarget? ByFramework(List<RestoredTarget> ridless, string moniker)
    {
        NuGetFramework wanted = NuGetFramework.Parse(moniker);
        return ridless.FirstOrDefault(t => NuGetFramework.Parse(t.FrameworkKey).Equals(wanted));
    }

    private static string Keys(IEnumerable<RestoredTarget> targets) => string.Join(", ", targets.Select(t => t.FrameworkKey));
}
