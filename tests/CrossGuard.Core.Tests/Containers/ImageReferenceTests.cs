using CrossGuard.Core.Containers;
using Xunit;

namespace CrossGuard.Core.Tests.Containers;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", null, null)]
    [InlineData("alpine:3.20", "docker.io", "library/alpine", "3.20", null)]
    [InlineData("docker.io/library/ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null)]
    [InlineData("index.docker.io/debian:bookworm-slim", "docker.io", "library/debian", "bookworm-slim", null)]
    [InlineData("arm64v8/ubuntu:jammy", "docker.io", "arm64v8/ubuntu", "jammy", null)]
    [InlineData("localhost:5000/team/app:1.2", "localhost:5000", "team/app", "1.2", null)]
    [InlineData("localhost/app", "localhost", "app", null, null)]
    [InlineData("registry.example.test:8443/Dotnet/Runtime-Deps:10.0-alpine", "registry.example.test:8443", "dotnet/runtime-deps", "10.0-alpine", null)]
    [InlineData("registry.example.test/dotnet/aspnet@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "registry.example.test", "dotnet/aspnet", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("registry.example.test/dotnet/aspnet:10.0@sha256:ab", "registry.example.test", "dotnet/aspnet", "10.0", "sha256:ab")]
    public void References_split_into_registry_repository_tag_and_digest(string text, string registry, string repository, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(text, out ImageReference? reference, out string? error), error);
        Assert.Equal(registry, reference!.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.False(reference.HasVariable);
    }

    [Theory]
    [InlineData("registry.example.test/dotnet/runtime-deps:${TAG}")]
    [InlineData("$BASE")]
    [InlineData("${REGISTRY}/dotnet/runtime:10.0")]
    public void Unresolved_build_arguments_parse_as_unknown_never_guessed(string text)
    {
        Assert.True(ImageReference.TryParse(text, out ImageReference? reference, out string? error), error);
        Assert.True(reference!.HasVariable);
        Assert.False(BaseImages.Identify(text).Known);
        Assert.Contains("build argument", BaseImages.Identify(text).UnknownReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("ubuntu:22.04 && rm -rf /", "contains ' '")]
    [InlineData("ubuntu:22.04\n", null)]
    [InlineData("ubuntu\u0000:22.04", "contains '?'")]
    [InlineData("ubuntu:", "not a valid tag")]
    [InlineData("ubuntu:-x", "not a valid tag")]
    [InlineData("//ubuntu", "empty path component")]
    [InlineData("ubuntu@sha256:xyz", "not a digest")]
    [InlineData("ubuntu@", "not a digest")]
    [InlineData("a:b:c/d", "not a registry")]
    public void Malformed_references_are_rejected_with_a_reason(string text, string? reason)
    {
        bool parsed = ImageReference.TryParse(text, out ImageReference? reference, out string? error);
        if (reason is null)
        {
            // Surrounding whitespace is trimmed (a property value's trailing newline).
            Assert.True(parsed, error);
            Assert.Equal("22.04", reference!.Tag);
            return;
        }

        Assert.False(parsed);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_references_are_rejected_without_scanning_them()
    {
        string text = "registry.example.test/" + new string('a', 100_000);
        Assert.False(ImageReference.TryParse(text, out _, out string? error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
        Assert.False(BaseImages.Identify(text).Known);
    }
}
