using System.Text.RegularExpressions;

namespace CrossGuard.EmulationTests.Truth;

/// <summary>How CrossGuard's verdict for a file compares with loading it on its target.</summary>
public enum Agreement
{
    /// <summary>The verdict predicted what the loader did.</summary>
    Agrees,

    /// <summary>The verdict and the loader differ: a false error, a miss, or a file CrossGuard calls fine that does not load.</summary>
    Disagrees,

    /// <summary>
    /// The verdict is "loads" and the file does load the way the .NET runtime loads it (dlopen RTLD_LAZY), but
    /// RTLD_NOW names a symbol no loaded library defines: calls that reach it fail. Listed, not counted as agreement.
    /// </summary>
    LoadsLazily,

    /// <summary>This machine cannot show what the target does (an emulator crash, a base library the emulated target lacks).</summary>
    NotDecidable,
}

/// <summary>One (file, RID) of the truth table.</summary>
public sealed partial record TruthRow(FileVerdict Verdict, LoadResult Observed, Agreement Agreement, string Why)
{
    /// <summary>
    /// Libraries every target of the RID has but the emulated one does not, so a load that fails only for them says
    /// nothing about the target. The test's own list, with the reason, independent of CrossGuard's system-library table.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> EnvironmentGaps = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["linux-arm64"] = new Dictionary<string, string>
        {
            ["libz.so.1"] = "zlib (Debian zlib1g, priority required: on every Debian/Ubuntu system) has no arm64 cross package, so the qemu sysroot lacks it",
        },
        ["linux-musl-x64"] = new Dictionary<string, string>
        {
            ["libstdc++.so.6"] = "Alpine's libstdc++ (which every .NET app on Alpine needs: the runtime links it) has no musl build in Debian",
            ["libgcc_s.so.1"] = "Alpine's libgcc (which every .NET app on Alpine needs: the runtime links it) has no musl build in Debian",
            ["libz.so.1"] = "Alpine's zlib (in its base image) has no musl build in Debian",
            ["libssl.so.3"] = "Alpine's OpenSSL (in its base image) has no musl build in Debian",
            ["libcrypto.so.3"] = "Alpine's OpenSSL (in its base image) has no musl build in Debian",
        },
    };

    /// <summary>Compares one verdict with its load.</summary>
    public static TruthRow Classify(FileVerdict verdict, LoadResult observed)
    {
        if (observed.Kind is LoadKind.Crashed or LoadKind.Timeout)
        {
            return new TruthRow(verdict, observed, Agreement.NotDecidable, $"the load did not finish on the emulated target ({observed.Text})");
        }

        string? missing = MissingDependency(observed);
        string? gap = missing is not null && EnvironmentGaps.TryGetValue(verdict.Rid, out var gaps) && gaps.TryGetValue(missing, out string? reason) ? reason : null;
        switch (verdict.Kind)
        {
            case VerdictKind.Fails:
                return observed.Kind switch
                {
                    LoadKind.Failed => new TruthRow(verdict, observed, Agreement.Agrees, "does not load, as predicted"),
                    LoadKind.Lazy => new TruthRow(verdict, observed, Agreement.Agrees, "loads only lazily: the first call that needs the missing symbol fails, as predicted"),
                    _ => new TruthRow(verdict, observed, Agreement.Disagrees, "FALSE ERROR: CrossGuard says it cannot load, and it loads"),
                };
            case VerdictKind.Needs:
                if (observed.Kind == LoadKind.Loaded)
                {
                    return new TruthRow(verdict, observed, Agreement.Agrees, $"{string.Join(", ", verdict.NeededLibraries)} installed on this machine: loads, as predicted");
                }

                if (observed.Kind == LoadKind.Lazy)
                {
                    return new TruthRow(verdict, observed, Agreement.LoadsLazily, $"{string.Join(", ", verdict.NeededLibraries)} installed on this machine: loads as the .NET runtime loads it (RTLD_LAZY), but a symbol it references is defined by no library it needs");
                }

                if (missing is not null && verdict.NeededLibraries.Contains(missing))
                {
                    return new TruthRow(verdict, observed, Agreement.Agrees, $"fails for {missing}, as predicted");
                }

                break;
            default:
                if (observed.Kind == LoadKind.Loaded)
                {
                    return new TruthRow(verdict, observed, Agreement.Agrees, "loads, as predicted");
                }

                if (observed.Kind == LoadKind.Lazy)
                {
                    return new TruthRow(verdict, observed, Agreement.LoadsLazily, "loads as the .NET runtime loads it (RTLD_LAZY), but a symbol it references is defined by no library it needs");
                }

                break;
        }

        if (gap is not null)
        {
            return new TruthRow(verdict, observed, Agreement.NotDecidable, $"fails only for {missing}, which every {verdict.Rid} target has: {gap}");
        }

        return new TruthRow(verdict, observed, Agreement.Disagrees, missing is not null
            ? $"MISS: needs {missing}, which CrossGuard did not report"
            : "CrossGuard's verdict does not say why it fails");
    }

    /// <summary>The dependency the loader could not find: glibc's "libX.so.1: cannot open shared object file", musl's "Error loading shared library libX.so.1".</summary>
    public static string? MissingDependency(LoadResult observed)
    {
        if (observed.Kind != LoadKind.Failed)
        {
            return null;
        }

        Match match = GlibcMissing().Match(observed.Message);
        if (!match.Success)
        {
            match = MuslMissing().Match(observed.Message);
        }

        // The file itself is no dependency (glibc reports a wrong-machine ELF as "<file>: cannot open shared object file").
        if (match.Success && !match.Groups["lib"].Value.Contains('/', StringComparison.Ordinal) && match.Groups["lib"].Value != Path.GetFileName(observed.Path))
        {
            return match.Groups["lib"].Value;
        }

        // A needed name that resolved to a system file that is no library for this loader: a musl build's "libc.so"
        // on glibc finds /lib/x86_64-linux-gnu/libc.so, a linker script ("invalid ELF header").
        match = UnusableDependency().Match(observed.Message);
        return match.Success && Path.GetFileName(match.Groups["path"].Value) != Path.GetFileName(observed.Path)
            ? Path.GetFileName(match.Groups["path"].Value)
            : null;
    }

    [GeneratedRegex(@"^(?<path>/[^:\s]+): (?:invalid ELF header|wrong ELF class)")]
    private static partial Regex UnusableDependency();

    [GeneratedRegex(@"(?:^|: )(?<lib>[^:\s]+): cannot open shared object file")]
    private static partial Regex GlibcMissing();

    [GeneratedRegex(@"Error loading shared library (?<lib>[^:\s]+): No such file or directory")]
    private static partial Regex MuslMissing();
}
