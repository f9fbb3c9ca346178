using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Configuration;

namespace CrossGuard.Cli.Feed;

/// <summary>
/// Credentials for authenticated feeds when no credential-provider plugin host is available: the
/// <c>VSS_NUGET_EXTERNAL_FEED_ENDPOINTS</c> variable that CI systems set for NuGet's credential providers
/// (<c>{"endpointCredentials":[{"endpoint":"https://.../index.json","username":"u","password":"token"}]}</c>).
/// Credentials written in nuget.config (<c>packageSourceCredentials</c>) do not need this: NuGet.Protocol uses them first.
/// </summary>
internal sealed class EnvironmentCredentialService : ICredentialService
{
    public const string Variable = "VSS_NUGET_EXTERNAL_FEED_ENDPOINTS";
    private readonly List<(Uri Endpoint, NetworkCredential Credential)> _endpoints;

    public EnvironmentCredentialService(string? json) => _endpoints = Parse(json);

    public bool HandlesDefaultCredentials => false;

    public int Count => _endpoints.Count;

    /// <summary>Installs the service for this process when the variable is set.</summary>
    public static void InstallFromEnvironment()
    {
        var service = new EnvironmentCredentialService(Environment.GetEnvironmentVariable(Variable));
        if (service.Count > 0)
        {
            NuGet.Protocol.HttpHandlerResourceV3.CredentialService = new Lazy<ICredentialService>(() => service);
        }
    }

    public Task<ICredentials?> GetCredentialsAsync(Uri uri, IWebProxy? proxy, CredentialRequestType type, string message, CancellationToken cancellationToken) =>
        Task.FromResult<ICredentials?>(type == CredentialRequestType.Proxy ? null : Find(uri));

    public bool TryGetLastKnownGoodCredentialsFromCache(Uri uri, bool isProxy, out ICredentials? credentials)
    {
        credentials = isProxy ? null : Find(uri);
        return credentials is not null;
    }

    /// <summary>The credential of the endpoint on the same host whose path is the longest prefix of the request's.</summary>
    internal NetworkCredential? Find(Uri uri) =>
        _endpoints.Where(e => string.Equals(e.Endpoint.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(e.Endpoint.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase)
                && uri.AbsolutePath.StartsWith(BasePath(e.Endpoint), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => BasePath(e.Endpoint).Length)
            .Select(e => e.Credential)
            .FirstOrDefault();

    private static string BasePath(Uri endpoint)
    {
        string path = endpoint.AbsolutePath;
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.LastIndexOf('/') + 1) : path;
    }

    private static List<(Uri, NetworkCredential)> Parse(string? json)
    {
        var result = new List<(Uri, NetworkCredential)>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("endpointCredentials", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (JsonElement entry in list.EnumerateArray())
            {
                string? endpoint = entry.TryGetProperty("endpoint", out JsonElement e) ? e.GetString() : null;
                string? user = entry.TryGetProperty("username", out JsonElement u) ? u.GetString() : null;
                string? password = entry.TryGetProperty("password", out JsonElement p) ? p.GetString() : null;
                if (endpoint is not null && password is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri))
                {
                    result.Add((uri, new NetworkCredential(string.IsNullOrEmpty(user) ? "crossguard" : user, password)));
                }
            }
        }
        catch (JsonException)
        {
            // A malformed variable is ignored, as NuGet's credential providers do; the feed then answers 401.
        }

        return result;
    }
}
