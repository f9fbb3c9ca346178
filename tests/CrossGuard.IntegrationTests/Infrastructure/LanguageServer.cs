using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossGuard.IntegrationTests.Infrastructure;

/// <summary>One diagnostic as an editor shows it: code, 0-based line and message.</summary>
public sealed record Squiggle(string Code, int Line, string Message, string Via)
{
    public override string ToString() => $"{Code} at line {Line + 1} ({Via}): {Message}";
}

/// <summary>
/// A minimal LSP client over a server's stdio (JSON-RPC with Content-Length framing): requests with responses, the
/// server's own requests answered (workspace/configuration from a settings object), textDocument/publishDiagnostics
/// pushes kept per document. Everything the server says on stderr or in window/logMessage is kept for failure messages.
/// </summary>
public sealed class LanguageServer : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly JsonObject _settings;
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<Squiggle>> _pushed = new(StringComparer.Ordinal);
    private readonly StringBuilder _log = new();
    private readonly Thread _reader;
    private int _nextId;

    private LanguageServer(Process process, JsonObject settings)
    {
        _process = process;
        _settings = settings;
        _input = process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Log("stderr: " + e.Data); } };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" };
        _reader.Start();
    }

    /// <summary>Starts the server; <paramref name="settings"/> answers its workspace/configuration requests by section.</summary>
    public static LanguageServer Start(string executable, string workingDirectory, IReadOnlyDictionary<string, string> environment, JsonObject settings, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // As for the dotnet CLI: the test run's own MSBuild variables must not steer the server's MSBuild.
        foreach (string leak in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(leak);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.Start();
        return new LanguageServer(process, settings);
    }

    /// <summary>What the server wrote on stderr and in window/logMessage, plus protocol events, in order.</summary>
    public string Transcript
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        int id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        Task done = await Task.WhenAny(response.Task, Task.Delay(timeout)).ConfigureAwait(false);
        _pending.TryRemove(id, out _);
        if (done != response.Task)
        {
            throw new TimeoutException($"{method} got no response in {timeout.TotalSeconds:0} s" + (HasExited ? $" (the server exited with {_process.ExitCode})" : string.Empty)
                + "\nServer transcript:\n" + Transcript);
        }

        return await response.Task.ConfigureAwait(false);
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The last textDocument/publishDiagnostics push for a document (none yet: empty).</summary>
    public IReadOnlyList<Squiggle> Pushed(string uri) => _pushed.TryGetValue(uri, out IReadOnlyList<Squiggle>? squiggles) ? squiggles : [];

    /// <summary>A textDocument/diagnostic pull: the document's full report.</summary>
    public async Task<IReadOnlyList<Squiggle>> PullAsync(string uri, TimeSpan timeout)
    {
        JsonNode? report = await RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, timeout).ConfigureAwait(false);
        return report?["items"] is JsonArray items ? Parse(items, "pull") : [];
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    RequestAsync("shutdown", null, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
                    Notify("exit", null);
                }
                catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
                {
                    Log("shutdown: " + ex.Message);
                }

                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
        }
        finally
        {
            // The reader ends with the server's stdout; only then may the process object go.
            _reader.Join(TimeSpan.FromSeconds(10));
            _process.Dispose();
        }
    }

    private static List<Squiggle> Parse(JsonArray items, string via) => items
        .OfType<JsonObject>()
        .Select(d => new Squiggle(
            d["code"]?.ToString() ?? string.Empty,
            d["range"]?["start"]?["line"]?.GetValue<int>() ?? -1,
            d["message"]?.GetValue<string>() ?? string.Empty,
            via))
        .ToList();

    private void Send(JsonObject message)
    {
        byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_writeLock)
        {
            _input.Write(header);
            _input.Write(body);
            _input.Flush();
        }
    }

    private void ReadLoop()
    {
        Stream output = _process.StandardOutput.BaseStream;
        try
        {
            while (ReadMessage(output) is { } message)
            {
                Dispatch(message);
            }

            Log("stdout closed");
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException or ObjectDisposedException or InvalidOperationException)
        {
            Log("reader stopped: " + ex.Message);
        }

        foreach (TaskCompletionSource<JsonNode?> pending in _pending.Values)
        {
            pending.TrySetException(new IOException("The language server closed its output.\n" + Transcript));
        }
    }

    private static JsonNode? ReadMessage(Stream output)
    {
        int length = -1;
        var line = new StringBuilder();
        while (true)
        {
            int b = output.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                string header = line.ToString().TrimEnd('\r');
                line.Clear();
                if (header.Length == 0)
                {
                    break;
                }

                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }
            else
            {
                line.Append((char)b);
            }
        }

        if (length < 0 || length > 256 * 1024 * 1024)
        {
            throw new InvalidDataException($"bad Content-Length framing ({length})");
        }

        byte[] body = new byte[length];
        output.ReadExactly(body);
        return JsonNode.Parse(body);
    }

    private void Dispatch(JsonNode message)
    {
        string? method = message["method"]?.GetValue<string>();
        JsonNode? id = message["id"];
        if (method is null)
        {
            if (id is not null && _pending.TryGetValue(id.GetValue<int>(), out TaskCompletionSource<JsonNode?>? response))
            {
                if (message["error"] is { } error)
                {
                    response.TrySetException(new InvalidOperationException("LSP error: " + error.ToJsonString()));
                }
                else
                {
                    response.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        switch (method)
        {
            case "window/logMessage" or "window/showMessage":
                Log(method + ": " + message["params"]?["message"]);
                break;
            case "textDocument/publishDiagnostics":
                string uri = message["params"]?["uri"]?.GetValue<string>() ?? string.Empty;
                _pushed[uri] = message["params"]?["diagnostics"] is JsonArray items ? Parse(items, "push") : [];
                Log($"push: {uri} ({_pushed[uri].Count} diagnostics)");
                break;
            case "workspace/configuration":
                Log("workspace/configuration: " + message["params"]?.ToJsonString());
                var answers = new JsonArray();
                foreach (JsonNode? item in message["params"]?["items"] as JsonArray ?? [])
                {
                    string? section = item?["section"]?.GetValue<string>();
                    answers.Add(section is not null && _settings[section] is { } value ? value.DeepClone() : null);
                }

                Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = answers });
                break;
            default:
                if (id is not null)
                {
                    // client/registerCapability, window/workDoneProgress/create and the like: accept.
                    Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = null });
                }

                break;
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
