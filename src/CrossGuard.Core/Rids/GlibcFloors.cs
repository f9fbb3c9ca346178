using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CrossGuard.Core.Rids;

/// <summary>
/// The oldest glibc the app supports, per RID: CrossGuardMinGlibc as <c>2.28</c> (one version for every RID),
/// <c>linux-arm64:2.35</c> (one RID), or both (<c>2.28;linux-arm64:2.35</c>). Without a plain version each RID gets
/// the .NET runtime's own floor for its architecture (<see cref="RuntimeFloors.DefaultMinGlibc(int, string?)"/>).
/// A <c>rid:version</c> entry applies to that RID exactly (case-insensitive), not to RIDs that fall back to it.
/// </summary>
public sealed class GlibcFloors
{
    private readonly Dictionary<string, Version> _byRid;

    private GlibcFloors(Version? all, int dotnetMajor, Dictionary<string, Version> byRid)
    {
        All = all;
        DotNetMajor = dotnetMajor;
        _byRid = byRid;
    }

    /// <summary>The plain version that applies to every RID without its own entry, or null (the .NET defaults apply).</summary>
    public Version? All { get; }

    /// <summary>The .NET major version whose runtime floors apply where nothing is set.</summary>
    public int DotNetMajor { get; }

    /// <summary>The RIDs with their own floor.</summary>
    public IReadOnlyDictionary<string, Version> ByRid => _byRid;

    /// <summary>Nothing set: the .NET runtime's floor of each RID's architecture.</summary>
    public static GlibcFloors DotNetDefaults(int dotnetMajor) => new(null, dotnetMajor, new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase));

    /// <summary>One version for every RID (what CrossGuardMinGlibc=2.34 means).</summary>
    public static GlibcFloors Uniform(Version version, int dotnetMajor = 8) => new(version, dotnetMajor, new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The floor for <paramref name="rid"/>: its own entry, else the plain version, else the .NET runtime's floor for its architecture.</summary>
    public Version For(string rid) =>
        _byRid.TryGetValue(rid, out Version? own) ? own : All ?? RuntimeFloors.DefaultMinGlibc(DotNetMajor, RidInfo.Parse(rid).Architecture);

    /// <summary>Where the floor of <paramref name="rid"/> comes from, for messages: "CrossGuardMinGlibc is 2.28", "the .NET 10 runtime's floor for arm, 2.35".</summary>
    public string Describe(string rid)
    {
        Version floor = For(rid);
        if (_byRid.ContainsKey(rid))
        {
            return string.Format(CultureInfo.InvariantCulture, "CrossGuardMinGlibc is {0} for {1}", floor, rid);
        }

        return All is not null
            ? string.Format(CultureInfo.InvariantCulture, "CrossGuardMinGlibc is {0}", floor)
            : string.Format(CultureInfo.InvariantCulture, "CrossGuardMinGlibc is {0} (the .NET {1} runtime's own floor for {2})", floor, DotNetMajor, RidInfo.Parse(rid).Architecture ?? "this architecture");
    }

    /// <summary>
    /// Parses a CrossGuardMinGlibc value: entries separated by ';' or ',', each a version ("2.28", "2") or
    /// "rid:version". Empty: the .NET defaults. Returns false with the reason for a malformed entry, a second plain
    /// version, a RID given twice or a version outside 2.0-2.999.
    /// </summary>
    public static bool TryParse(string? text, int dotnetMajor, out GlibcFloors floors, out string? error)
    {
        floors = DotNetDefaults(dotnetMajor);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        Version? all = null;
        var byRid = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (string raw in text!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            string entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            int colon = entry.IndexOf(':');
            string versionText = colon < 0 ? entry : entry.Substring(colon + 1).Trim();
            if (!TryParseVersion(versionText, out Version? version))
            {
                error = $"'{entry}' is not a glibc version such as 2.28 or a 'rid:version' entry such as linux-arm64:2.35";
                return false;
            }

            if (colon < 0)
            {
                if (all is not null)
                {
                    error = $"it gives two versions for every RID ({all} and {version}); use one plain version and 'rid:version' for the others";
                    return false;
                }

                all = version;
                continue;
            }

            string rid = entry.Substring(0, colon).Trim();
            if (!IsRidToken(rid))
            {
                error = $"'{rid}' in '{entry}' is not a RuntimeIdentifier such as linux-arm64";
                return false;
            }

            if (byRid.ContainsKey(rid))
            {
                error = $"it gives {rid} two versions";
                return false;
            }

            byRid[rid] = version!;
        }

        floors = new GlibcFloors(all, dotnetMajor, byRid);
        return true;
    }

    /// <summary>A canonical form (for settings hashes and replay keys).</summary>
    public override string ToString()
    {
        var text = new StringBuilder(All?.ToString() ?? "net" + DotNetMajor.ToString(CultureInfo.InvariantCulture));
        foreach (KeyValuePair<string, Version> entry in _byRid.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(';').Append(entry.Key.ToLowerInvariant()).Append(':').Append(entry.Value);
        }

        return text.ToString();
    }

    /// <summary>"2.28" or "2" (= 2.0); glibc versions are 2.x, so anything else is a typo.</summary>
    public static bool TryParseVersion(string text, out Version? version)
    {
        version = null;
        string value = text.Trim();
        if (value.Length == 0 || value.Length > 16 || !value.All(c => c is '.' or (>= '0' and <= '9')))
        {
            return false;
        }

        if (!value.Contains('.', StringComparison.Ordinal))
        {
            value += ".0";
        }

        if (!Version.TryParse(value, out Version? parsed) || parsed.Major != 2 || parsed.Minor > 999)
        {
            return false;
        }

        version = new Version(parsed.Major, parsed.Minor);
        return true;
    }

    private static bool IsRidToken(string rid) =>
        rid.Length is > 0 and <= 64 && rid.All(c => c is '-' or '.' or '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}
