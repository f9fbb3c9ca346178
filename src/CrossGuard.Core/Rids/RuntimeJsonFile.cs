using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CrossGuard.Core.Rids;

/// <summary>One "runtimes" entry of a runtime.json: the RIDs it imports and the packages it redirects.</summary>
public sealed class RuntimeJsonEntry
{
    /// <summary>"#import": the RIDs this one falls back to, in order.</summary>
    public List<string> Imports { get; } = new();

    /// <summary>Ids of the packages with a dependency set for this RID (runtime.json redirections).</summary>
    public HashSet<string> RedirectedPackages { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Reads the runtime.json format: the SDK's RID graph and packages' own runtime.json redirections. System.Text.Json
/// instead of NuGet's JsonRuntimeFormat because, shipped privately beside the tasks, NuGet's reader runs without
/// ReadyToRun code and cost a cold build ~19 ms of JIT for a 30 KB file whose shape is two levels deep
/// (bench/RESULTS.md). The test suite checks the fallback chains against NuGet's RuntimeGraph.ExpandRuntime.
/// </summary>
public static class RuntimeJsonFile
{
    private static readonly JsonReaderOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The "runtimes" section by RID.</summary>
    /// <exception cref="InvalidDataException">Not valid JSON, or no "runtimes" object.</exception>
    public static Dictionary<string, RuntimeJsonEntry> Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            json = json.Slice(3);
        }

        var runtimes = new Dictionary<string, RuntimeJsonEntry>(StringComparer.OrdinalIgnoreCase);
        bool found = false;
        var reader = new Utf8JsonReader(json, s_options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("the document is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isRuntimes = reader.ValueTextEquals("runtimes"u8);
                reader.Read();
                if (!isRuntimes || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                found = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string rid = reader.GetString()!;
                    var entry = new RuntimeJsonEntry();
                    runtimes[rid] = entry;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isImport = reader.ValueTextEquals("#import"u8);
                        string? name = isImport ? null : reader.GetString();
                        reader.Read();
                        if (isImport && reader.TokenType == JsonTokenType.StartArray)
                        {
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                            {
                                if (reader.TokenType == JsonTokenType.String)
                                {
                                    entry.Imports.Add(reader.GetString()!);
                                }
                                else
                                {
                                    reader.Skip();
                                }
                            }
                        }
                        else
                        {
                            if (name is not null && reader.TokenType == JsonTokenType.StartObject)
                            {
                                entry.RedirectedPackages.Add(name);
                            }

                            reader.Skip();
                        }
                    }
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new InvalidDataException("it is not one complete JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"it is not valid JSON ({ex.Message})", ex);
        }
        catch (InvalidOperationException ex)
        {
            // GetString on a string that is not valid UTF-8.
            throw new InvalidDataException($"it is not valid UTF-8 JSON ({ex.Message})", ex);
        }

        return found ? runtimes : throw new InvalidDataException("it has no \"runtimes\" object");
    }
}
