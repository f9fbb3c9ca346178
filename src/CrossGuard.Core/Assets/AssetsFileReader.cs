using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CrossGuard.Core.Assets;

/// <summary>
/// Reads the sections of project.assets.json the coverage check needs, with System.Text.Json's Utf8JsonReader.
/// Why not NuGet's LockFileFormat: it materialises every section (compile/runtime/resource/build items, package
/// specs, logs) and, shipped privately beside the tasks, runs without ReadyToRun code, so a cold build paid ~75 ms of
/// JIT for it on a 124-package project (bench/RESULTS.md) — more than the SDK's whole ResolvePackageAssets. The few
/// fields read here are the documented assets-file shape; everything else is skipped without being materialised.
/// The test suite checks this reader against LockFileFormat on real restored projects.
/// </summary>
public static class AssetsFileReader
{
    private static readonly JsonReaderOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <summary>Reads an assets file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid assets file (the message says why).</exception>
    public static RestoredGraph Read(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses assets-file JSON.</summary>
    /// <exception cref="InvalidDataException">Not valid JSON, or not shaped like an assets file.</exception>
    public static RestoredGraph Parse(ReadOnlySpan<byte> json)
    {
        ReadOnlySpan<byte> bom = new byte[] { 0xEF, 0xBB, 0xBF };
        if (json.StartsWith(bom))
        {
            json = json.Slice(3);
        }

        var graph = new RestoredGraph();
        var reader = new Utf8JsonReader(json, s_options);
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the document");
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    graph.Version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int version) ? version : 0;
                }
                else if (reader.ValueTextEquals("targets"u8))
                {
                    ReadTargets(ref reader, graph);
                }
                else if (reader.ValueTextEquals("libraries"u8))
                {
                    ReadLibraries(ref reader, graph);
                }
                else if (reader.ValueTextEquals("packageFolders"u8))
                {
                    Expect(ref reader, JsonTokenType.StartObject, "packageFolders");
                    while (NextProperty(ref reader))
                    {
                        graph.PackageFolders.Add(reader.GetString()!);
                        SkipValue(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("project"u8))
                {
                    ReadProject(ref reader, graph);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (reader.Read())
            {
                throw new InvalidDataException($"it has content after its end, at byte {reader.TokenStartIndex}");
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

        return graph;
    }

    private static void ReadTargets(ref Utf8JsonReader reader, RestoredGraph graph)
    {
        Expect(ref reader, JsonTokenType.StartObject, "targets");
        while (NextProperty(ref reader))
        {
            string key = reader.GetString()!;
            int slash = key.IndexOf('/', StringComparison.Ordinal);
            var target = slash < 0 ? new RestoredTarget(key, null) : new RestoredTarget(key.Substring(0, slash), key.Substring(slash + 1));
            graph.Targets.Add(target);
            Expect(ref reader, JsonTokenType.StartObject, "target '" + key + "'");
            while (NextProperty(ref reader))
            {
                (string name, string version) = SplitIdentity(reader.GetString()!);
                Expect(ref reader, JsonTokenType.StartObject, "library '" + name + "'");
                string type = string.Empty;
                List<string>? dependencies = null, native = null, runtime = null;
                List<RuntimeTargetAsset>? runtimeTargets = null;
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        type = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("dependencies"u8))
                    {
                        dependencies = ReadKeys(ref reader);
                    }
                    else if (reader.ValueTextEquals("native"u8))
                    {
                        native = ReadKeys(ref reader);
                    }
                    else if (reader.ValueTextEquals("runtime"u8))
                    {
                        runtime = ReadKeys(ref reader);
                    }
                    else if (reader.ValueTextEquals("runtimeTargets"u8))
                    {
                        runtimeTargets = ReadRuntimeTargets(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }

                var library = new TargetLibrary(name, version, type);
                if (dependencies is not null)
                {
                    library.Dependencies.AddRange(dependencies);
                }

                if (native is not null)
                {
                    library.NativeLibraries.AddRange(native);
                }

                if (runtime is not null)
                {
                    library.RuntimeAssemblies.AddRange(runtime);
                }

                if (runtimeTargets is not null)
                {
                    library.RuntimeTargets.AddRange(runtimeTargets);
                }

                target.Libraries.Add(library);
            }
        }
    }

    private static List<RuntimeTargetAsset> ReadRuntimeTargets(ref Utf8JsonReader reader)
    {
        var assets = new List<RuntimeTargetAsset>();
        Expect(ref reader, JsonTokenType.StartObject, "runtimeTargets");
        while (NextProperty(ref reader))
        {
            string path = reader.GetString()!;
            string rid = string.Empty, assetType = string.Empty;
            Expect(ref reader, JsonTokenType.StartObject, "runtimeTargets item");
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("rid"u8))
                {
                    rid = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("assetType"u8))
                {
                    assetType = ReadString(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            assets.Add(new RuntimeTargetAsset(path, rid, assetType));
        }

        return assets;
    }

    private static void ReadLibraries(ref Utf8JsonReader reader, RestoredGraph graph)
    {
        Expect(ref reader, JsonTokenType.StartObject, "libraries");
        while (NextProperty(ref reader))
        {
            (string name, string version) = SplitIdentity(reader.GetString()!);
            Expect(ref reader, JsonTokenType.StartObject, "library '" + name + "'");
            string type = string.Empty;
            string? path = null, sha512 = null, msbuildProject = null;
            bool runtimeJson = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("path"u8))
                {
                    path = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("msbuildProject"u8))
                {
                    msbuildProject = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("sha512"u8))
                {
                    sha512 = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("files"u8))
                {
                    // The largest part of the file: compared in place, never turned into strings.
                    Expect(ref reader, JsonTokenType.StartArray, "files");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        runtimeJson |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("runtime.json"u8);
                    }
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (!graph.Libraries.ContainsKey(name) && string.Equals(type, "package", StringComparison.OrdinalIgnoreCase))
            {
                graph.Libraries.Add(name, new RestoredLibrary(name, version, type, path, runtimeJson, sha512));
            }
            else if (string.Equals(type, "project", StringComparison.OrdinalIgnoreCase) && (msbuildProject ?? path) is { Length: > 0 } projectFile)
            {
                graph.ProjectReferences[name] = projectFile;
            }
        }
    }

    private static void ReadProject(ref Utf8JsonReader reader, RestoredGraph graph)
    {
        Expect(ref reader, JsonTokenType.StartObject, "project");
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("frameworks"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            Expect(ref reader, JsonTokenType.StartObject, "project.frameworks");
            while (NextProperty(ref reader))
            {
                string key = reader.GetString()!;
                string? alias = null;
                List<string>? dependencies = null;
                Expect(ref reader, JsonTokenType.StartObject, "project framework '" + key + "'");
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("targetAlias"u8))
                    {
                        alias = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("dependencies"u8))
                    {
                        dependencies = ReadKeys(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }

                var framework = new ProjectFramework(key, alias);
                if (dependencies is not null)
                {
                    framework.Dependencies.AddRange(dependencies);
                }

                graph.Frameworks.Add(framework);
            }
        }
    }

    /// <summary>The property names of an object value ({"a": ..., "b": ...} → a, b).</summary>
    private static List<string> ReadKeys(ref Utf8JsonReader reader)
    {
        var keys = new List<string>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return keys;
        }

        while (NextProperty(ref reader))
        {
            keys.Add(reader.GetString()!);
            SkipValue(ref reader);
        }

        return keys;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        reader.Skip();
        return string.Empty;
    }

    /// <summary>"Name/1.2.3" → (Name, 1.2.3).</summary>
    private static (string Name, string Version) SplitIdentity(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (key, string.Empty) : (key.Substring(0, slash), key.Substring(slash + 1));
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new InvalidDataException("it ends before its last object is closed");
        }

        return reader.TokenType == JsonTokenType.PropertyName
            ? true
            : reader.TokenType == JsonTokenType.EndObject ? false : throw new InvalidDataException($"unexpected {reader.TokenType} at byte {reader.TokenStartIndex}");
    }

    /// <summary>Called on a property name: skips its value, whatever it is.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new InvalidDataException($"{what} is not a JSON {(type == JsonTokenType.StartObject ? "object" : "array")}");
        }
    }
}
