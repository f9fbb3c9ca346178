using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CrossGuard.Cli.Tests.Infrastructure;

/// <summary>
/// A NuGet v3 feed on loopback (service index + PackageBaseAddress flat container, the resources
/// <c>FindPackageByIdResource</c> uses) that waits <see cref="Delay"/> before every answer: each request is well inside
/// any per-request timeout, while a closure of several packages takes as long as the test wants.
/// </summary>
public sealed class SlowHttpFeed : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();

    public SlowHttpFeed(TimeSpan delay)
    {
        Delay = delay;
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public TimeSpan Delay { get; }

    public string BaseUrl { get; }

    public string ServiceIndex => BaseUrl + "v3/index.json";

    private int _requests;

    /// <summary>Requests answered or in flight so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves <paramref name="nupkg"/> as id 1.0.0.</summary>
    public void Add(string id, byte[] nupkg) => _packages[id] = nupkg;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            await Task.Delay(Delay, _stop.Token).ConfigureAwait(false);
            string path = context.Request.Url!.AbsolutePath;
            (int status, byte[] body) = Route(path);
            context.Response.StatusCode = status;
            await context.Response.OutputStream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
        }
    }

    private (int Status, byte[] Body) Route(string path)
    {
        if (path == "/v3/index.json")
        {
            return (200, Encoding.UTF8.GetBytes($$"""{"version":"3.0.0","resources":[{"@id":"{{BaseUrl}}flat/","@type":"PackageBaseAddress/3.0.0"}]}"""));
        }

        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 3 && parts[0] == "flat" && _packages.TryGetValue(parts[1], out byte[]? nupkg))
        {
            if (parts.Length == 3 && parts[2] == "index.json")
            {
                return (200, Encoding.UTF8.GetBytes("""{"versions":["1.0.0"]}"""));
            }

            if (parts.Length == 4 && parts[2] == "1.0.0" && parts[3].EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
            {
                return (200, nupkg);
            }
        }

        return (404, Array.Empty<byte>());
    }
}
