using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossGuard.EmulationTests.Truth;

/// <summary>What CrossGuard predicts for one selected file on one RID.</summary>
public enum VerdictKind
{
    /// <summary>No finding for the file: it loads on the RID.</summary>
    Loads,

    /// <summary>An error-class finding (XG1002, XG1003, XG1010) or a glibc floor above the target's (XG1004): it does not load.</summary>
    Fails,

    /// <summary>It loads where the named libraries are installed (XG2010): fails naming one of them where they are not.</summary>
    Needs,
}

/// <summary>CrossGuard's verdict for (package, RID, file), read from `crossguard check --format json` of the packed tool.</summary>
public sealed record FileVerdict(string PackageId, string PackageVersion, string Rid, string File, string? SelectedFrom, VerdictKind Kind,
    IReadOnlyList<string> Codes, IReadOnlyList<string> NeededLibraries)
{
    public string Text => Kind switch
    {
        VerdictKind.Loads => "loads",
        VerdictKind.Needs => $"needs {string.Join(", ", NeededLibraries)} ({string.Join(", ", Codes)})",
        _ => "fails (" + string.Join(", ", Codes) + ")",
    };
}

/// <summary>Reads the per-file verdicts out of the check JSON (docs/cli/check.schema.json: packages[].coverage, diagnostics[]).</summary>
public static partial class TruthVerdicts
{
    /// <summary>Codes that say a file cannot load on the RID; with CrossGuardMinGlibc set to the target's glibc, XG1004 says so too.</summary>
    private static readonly string[] FailingCodes = ["XG1002", "XG1003", "XG1004", "XG1010"];

    /// <summary>The dependency check's code for a needed library nothing ships and not every target system has.</summary>
    public const string NeededCode = "XG2010";

    /// <summary>Every selected file that the runtime can load (.so, .so.N, .dylib, .dll); static archives and other files are counted apart.</summary>
    public static (List<FileVerdict> Verdicts, List<string> Skipped) Parse(string json)
    {
        var verdicts = new List<FileVerdict>();
        var skipped = new List<string>();
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Code: d.GetProperty("code").GetString()!, Package: Str(d, "package"), Rid: Str(d, "rid"), Message: Str(d, "message") ?? string.Empty,
                Suppressed: Str(d, "suppressedBecause")))
            .ToList();
        foreach (JsonElement package in root.GetProperty("packages").EnumerateArray())
        {
            string id = package.GetProperty("id").GetString()!;
            string version = package.GetProperty("version").GetString()!;
            foreach (JsonProperty cell in package.GetProperty("coverage").EnumerateObject())
            {
                string rid = cell.Name;
                string? from = Str(cell.Value, "selectedFrom");
                foreach (string file in cell.Value.GetProperty("files").EnumerateArray().Select(f => f.GetString()!))
                {
                    if (!Loadable(file))
                    {
                        skipped.Add($"{id} {version} {rid} {file}");
                        continue;
                    }

                    var findings = diagnostics.Where(d => d.Suppressed is null && string.Equals(d.Package, id, StringComparison.OrdinalIgnoreCase)
                        && d.Rid == rid && IsAbout(d.Message, file)).ToList();
                    List<string> codes = findings.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal).ToList();
                    List<string> needed = findings.Where(f => f.Code == NeededCode)
                        .SelectMany(f => Quoted().Matches(f.Message).Select(m => m.Groups[1].Value))
                        .Where(n => !n.Contains('/', StringComparison.Ordinal) && !n.Contains(' ', StringComparison.Ordinal) && n.Contains(".so", StringComparison.Ordinal))
                        .Distinct(StringComparer.Ordinal).ToList();
                    VerdictKind kind = codes.Any(c => FailingCodes.Contains(c)) ? VerdictKind.Fails
                        : needed.Count > 0 ? VerdictKind.Needs
                        : VerdictKind.Loads;
                    verdicts.Add(new FileVerdict(id, version, rid, file, from, kind, codes, needed));
                }
            }
        }

        return (verdicts, skipped);
    }

    /// <summary>
    /// Whether a finding's message is about the file: every per-file dependency-check message names its subject as
    /// "selects '&lt;file&gt;'" (XG1002: "falls back to '&lt;file&gt;'"); other files a message quotes (XG2010's
    /// alternative build) are not its subject.
    /// </summary>
    private static bool IsAbout(string message, string file) =>
        message.Contains("selects '" + file + "'", StringComparison.Ordinal) || message.Contains("falls back to '" + file + "'", StringComparison.Ordinal);

    /// <summary>The names the runtime's probing loads: *.so, *.so.N[.M], *.dylib, *.dll.</summary>
    public static bool Loadable(string file)
    {
        string name = Path.GetFileName(file).ToLowerInvariant();
        return name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.Ordinal)
            || SoVersion().IsMatch(name);
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\.so(\.\d+)+$")]
    private static partial Regex SoVersion();
}
