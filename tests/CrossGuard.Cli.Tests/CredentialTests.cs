using System.Net;
using CrossGuard.Cli.Feed;

namespace CrossGuard.Cli.Tests;

public sealed class CredentialTests
{
    private const string Endpoints = """
        {"endpointCredentials":[
          {"endpoint":"https://pkgs.example.test/org/_packaging/feed/nuget/v3/index.json","username":"ci","password":"token-1"},
          {"endpoint":"https://pkgs.example.test/org/_packaging/other/nuget/v3/index.json","password":"token-2"}]}
        """;

    [Fact]
    public void Credentials_match_the_feed_by_host_and_path()
    {
        var service = new EnvironmentCredentialService(Endpoints);
        Assert.Equal(2, service.Count);
        NetworkCredential? feed = service.Find(new Uri("https://pkgs.example.test/org/_packaging/feed/nuget/v3/flat2/x/index.json"));
        Assert.Equal(("ci", "token-1"), (feed?.UserName, feed?.Password));
        Assert.Equal("token-2", service.Find(new Uri("https://pkgs.example.test/org/_packaging/other/nuget/v3/index.json"))?.Password);
        Assert.Null(service.Find(new Uri("https://pkgs.example.test/org/_packaging/third/nuget/v3/index.json")));
        Assert.Null(service.Find(new Uri("http://pkgs.example.test/org/_packaging/feed/nuget/v3/index.json")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""{"endpointCredentials":{}}""")]
    public void Missing_or_malformed_variable_means_no_credentials(string? json)
    {
        Assert.Equal(0, new EnvironmentCredentialService(json).Count);
    }
}
