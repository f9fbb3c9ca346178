using System.Text.Json;

namespace CrossGuard.Cli.Tests.Infrastructure;

/// <summary>
/// Structural checks of a SARIF 2.1.0 log: the properties the spec (OASIS SARIF 2.1.0, §3.13-3.33) requires, the
/// enumerations it fixes, and the cross-references between rules and results. Written by hand because the official
/// JSON schema is not shipped by any package this machine's feed serves (see docs/cli/README.md).
/// </summary>
public static class SarifValidator
{
    private static readonly string[] s_levels = { "none", "note", "warning", "error" };

    // §3.33.7 logicalLocation.kind well-known values.
    private static readonly string[] s_logicalKinds =
    {
        "function", "member", "module", "namespace", "parameter", "resource", "returnType", "type", "variable",
        "object", "array", "property", "value", "element", "text", "attribute", "comment", "declaration", "dtd", "processingInstruction",
    };

    private static readonly string[] s_suppressionKinds = { "inSource", "external" };

    public static List<string> Validate(string text)
    {
        var errors = new List<string>();
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement log = doc.RootElement;
        Require(log.ValueKind == JsonValueKind.Object, "log is an object", errors);
        Require(Str(log, "version") == "2.1.0", "version is \"2.1.0\"", errors);
        Require(Str(log, "$schema") is { } schema && Uri.IsWellFormedUriString(schema, UriKind.Absolute) && schema.Contains("sarif-schema-2.1.0"), "$schema names sarif-schema-2.1.0", errors);
        if (!log.TryGetProperty("runs", out JsonElement runs) || runs.ValueKind != JsonValueKind.Array)
        {
            errors.Add("runs is an array");
            return errors;
        }

        int r = 0;
        foreach (JsonElement run in runs.EnumerateArray())
        {
            string at = $"runs[{r++}]";
            if (!run.TryGetProperty("tool", out JsonElement tool) || !tool.TryGetProperty("driver", out JsonElement driver))
            {
                errors.Add(at + ".tool.driver is required");
                continue;
            }

            Require(Str(driver, "name") is { Length: > 0 }, at + ".tool.driver.name is a non-empty string", errors);
            // §3.14.14: originalUriBaseIds maps each uriBaseId to an absolute folder URI (ending in '/').
            var baseIds = new List<string>();
            if (run.TryGetProperty("originalUriBaseIds", out JsonElement originals))
            {
                Require(originals.ValueKind == JsonValueKind.Object, at + ".originalUriBaseIds is an object", errors);
                foreach (JsonProperty original in originals.ValueKind == JsonValueKind.Object ? originals.EnumerateObject().ToList() : [])
                {
                    baseIds.Add(original.Name);
                    string? baseUri = Str(original.Value, "uri");
                    Require(baseUri is not null && Uri.TryCreate(baseUri, UriKind.Absolute, out _) && baseUri.EndsWith('/'), $"{at}.originalUriBaseIds.{original.Name}.uri is an absolute folder URI", errors);
                }
            }

            var ruleIds = new List<string>();
            if (driver.TryGetProperty("rules", out JsonElement rules))
            {
                Require(rules.ValueKind == JsonValueKind.Array, at + ".tool.driver.rules is an array", errors);
                foreach (JsonElement rule in rules.EnumerateArray())
                {
                    string? id = Str(rule, "id");
                    Require(id is { Length: > 0 }, at + " rule.id is required", errors);
                    ruleIds.Add(id ?? string.Empty);
                    if (rule.TryGetProperty("helpUri", out JsonElement help))
                    {
                        Require(Uri.IsWellFormedUriString(help.GetString(), UriKind.Absolute), $"{at} rule {id} helpUri is an absolute URI", errors);
                    }

                    if (rule.TryGetProperty("shortDescription", out JsonElement description))
                    {
                        Require(Str(description, "text") is { Length: > 0 }, $"{at} rule {id} shortDescription.text is required", errors);
                    }
                }

                Require(ruleIds.Distinct().Count() == ruleIds.Count, at + " rule ids are unique", errors);
            }

            if (run.TryGetProperty("results", out JsonElement results))
            {
                Require(results.ValueKind == JsonValueKind.Array, at + ".results is an array", errors);
                int i = 0;
                foreach (JsonElement result in results.EnumerateArray())
                {
                    string rat = $"{at}.results[{i++}]";
                    Require(result.TryGetProperty("message", out JsonElement message) && (Str(message, "text") is { Length: > 0 } || Str(message, "id") is { Length: > 0 }), rat + ".message has text or id", errors);
                    string? ruleId = Str(result, "ruleId");
                    Require(ruleId is { Length: > 0 }, rat + ".ruleId is required (code scanning keys alerts by it)", errors);
                    Require(ruleId is null || ruleIds.Contains(ruleId), $"{rat}.ruleId {ruleId} is a rule of the driver", errors);
                    if (result.TryGetProperty("ruleIndex", out JsonElement index))
                    {
                        Require(index.TryGetInt32(out int n) && n >= -1 && n < ruleIds.Count && (n == -1 || ruleIds[n] == ruleId), $"{rat}.ruleIndex points at ruleId", errors);
                    }

                    if (result.TryGetProperty("level", out JsonElement level))
                    {
                        Require(s_levels.Contains(level.GetString()), $"{rat}.level is one of {string.Join("|", s_levels)}", errors);
                    }

                    if (result.TryGetProperty("locations", out JsonElement locations))
                    {
                        foreach (JsonElement location in locations.EnumerateArray())
                        {
                            if (location.TryGetProperty("physicalLocation", out JsonElement physical))
                            {
                                Require(physical.TryGetProperty("artifactLocation", out JsonElement artifact) && Uri.IsWellFormedUriString(Str(artifact, "uri"), UriKind.RelativeOrAbsolute), rat + " physicalLocation.artifactLocation.uri is a URI", errors);
                                // Code scanning places an alert in a file of the repository: a relative URI with a base id
                                // the run defines, or an absolute file: URI (§3.4.3, §3.4.4).
                                string? uri = Str(artifact, "uri");
                                string? baseId = Str(artifact, "uriBaseId");
                                bool absolute = Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && parsed.IsFile;
                                bool relative = uri is not null && !Uri.TryCreate(uri, UriKind.Absolute, out _) && baseId is not null && (baseIds.Count == 0 || baseIds.Contains(baseId));
                                Require(absolute || relative, $"{rat} artifactLocation is an absolute file URI or a relative URI with a defined uriBaseId ({uri}, {baseId})", errors);
                                Require(uri is null || !uri.Contains('\\'), rat + " artifactLocation.uri uses '/'", errors);
                                if (physical.TryGetProperty("region", out JsonElement region))
                                {
                                    Require(region.TryGetProperty("startLine", out JsonElement startLine) && startLine.TryGetInt32(out int line) && line >= 1, rat + " region.startLine is >= 1", errors);
                                }
                            }

                            if (location.TryGetProperty("logicalLocations", out JsonElement logicals))
                            {
                                foreach (JsonElement logical in logicals.EnumerateArray())
                                {
                                    Require(Str(logical, "name") is { Length: > 0 } || Str(logical, "fullyQualifiedName") is { Length: > 0 }, rat + " logicalLocation has a name", errors);
                                    Require(Str(logical, "kind") is null || s_logicalKinds.Contains(Str(logical, "kind")), rat + " logicalLocation.kind is a well-known kind", errors);
                                }
                            }
                        }
                    }

                    if (result.TryGetProperty("partialFingerprints", out JsonElement fingerprints))
                    {
                        // §3.27.17: an object whose values are strings.
                        Require(fingerprints.ValueKind == JsonValueKind.Object && fingerprints.EnumerateObject().All(f => f.Value.ValueKind == JsonValueKind.String && f.Value.GetString()!.Length > 0),
                            rat + ".partialFingerprints maps names to non-empty strings", errors);
                    }

                    if (result.TryGetProperty("suppressions", out JsonElement suppressions))
                    {
                        foreach (JsonElement suppression in suppressions.EnumerateArray())
                        {
                            Require(s_suppressionKinds.Contains(Str(suppression, "kind")), rat + " suppression.kind is inSource|external", errors);
                        }
                    }
                }
            }
        }

        return errors;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Require(bool condition, string rule, List<string> errors)
    {
        if (!condition)
        {
            errors.Add(rule);
        }
    }
}
