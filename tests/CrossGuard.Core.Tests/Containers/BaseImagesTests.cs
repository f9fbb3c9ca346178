using CrossGuard.Core.Containers;
using CrossGuard.Core.Rids;
using Xunit;

namespace CrossGuard.Core.Tests.Containers;

public sealed class BaseImagesTests
{
    [Theory]
    // The .NET images: default distro per version, then each distro tag (dotnet/dotnet-docker tags).
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0", "Ubuntu 24.04", Libc.Glibc, "2.39", null)]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:8.0", "Debian 12", Libc.Glibc, "2.36", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime:9.0.11", "Debian 12", Libc.Glibc, "2.36", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", "Ubuntu 24.04", Libc.Glibc, "2.39", "chiseled")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra", "Ubuntu 24.04", Libc.Glibc, "2.39", "chiseled-extra")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy", "Ubuntu 22.04", Libc.Glibc, "2.35", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled-amd64", "Ubuntu 22.04", Libc.Glibc, "2.35", "chiseled")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim", "Debian 12", Libc.Glibc, "2.36", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime:6.0-focal", "Ubuntu 20.04", Libc.Glibc, "2.31", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0-distroless", "Azure Linux 3.0", Libc.Glibc, "2.38", "distroless")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:8.0-cbl-mariner2.0", "CBL-Mariner 2.0", Libc.Glibc, "2.35", null)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine", "Alpine (release not fixed by the tag)", Libc.Musl, null, "alpine")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine3.22", "Alpine 3.22", Libc.Musl, "1.2.5", "alpine")]
    [InlineData("mcr.microsoft.com/dotnet/nightly/runtime-deps:10.0-alpine3.21-extra", "Alpine 3.21", Libc.Musl, "1.2.5", "alpine-extra")]
    [InlineData("mcr.microsoft.com/azurelinux/base/core:3.0", "Azure Linux 3.0", Libc.Glibc, "2.38", null)]
    // Docker library.
    [InlineData("alpine:3.17.2", "Alpine 3.17", Libc.Musl, "1.2.3", "alpine")]
    [InlineData("alpine", "Alpine (release not fixed by the tag)", Libc.Musl, null, "alpine")]
    [InlineData("debian:bookworm-slim", "Debian 12", Libc.Glibc, "2.36", null)]
    [InlineData("debian:11", "Debian 11", Libc.Glibc, "2.31", null)]
    [InlineData("debian:12.5-slim", "Debian 12", Libc.Glibc, "2.36", null)]
    [InlineData("docker.io/library/ubuntu:20.04", "Ubuntu 20.04", Libc.Glibc, "2.31", null)]
    [InlineData("ubuntu:jammy-20240808", "Ubuntu 22.04", Libc.Glibc, "2.35", null)]
    [InlineData("ubuntu:latest", "Ubuntu (release not fixed by the tag)", Libc.Glibc, null, null)]
    // Red Hat UBI.
    [InlineData("registry.access.redhat.com/ubi8/ubi-minimal:8.10", "UBI 8 (RHEL 8)", Libc.Glibc, "2.28", null)]
    [InlineData("registry.access.redhat.com/ubi9", "UBI 9 (RHEL 9)", Libc.Glibc, "2.34", null)]
    [InlineData("registry.access.redhat.com/ubi8/dotnet-80-runtime", "UBI 8 (RHEL 8)", Libc.Glibc, "2.28", null)]
    public void Known_images_give_distribution_libc_and_version_with_a_source(string text, string distribution, Libc libc, string? version, string? family)
    {
        BaseImage image = BaseImages.Identify(text);
        Assert.True(image.Known, image.UnknownReason);
        Assert.Equal(distribution, image.Distribution);
        Assert.Equal(RidOs.Linux, image.Os);
        Assert.Equal(libc, image.Libc);
        Assert.Equal(version is null ? null : Version.Parse(version), image.LibcVersion);
        Assert.Equal(family, image.Family);
        Assert.False(string.IsNullOrEmpty(image.Source));
        Assert.Null(image.UnknownReason);
    }

    [Theory]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", false)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra", true)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine", false)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0-distroless", false)]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0", true)]
    public void Dotnet_images_are_known_to_lack_distribution_libraries_and_icu_only_outside_full_and_extra(string text, bool icu)
    {
        BaseImage image = BaseImages.Identify(text);
        Assert.True(image.ContentsKnown);
        Assert.True(image.Lacks("fontconfig"));
        Assert.True(image.Lacks("gdiplus"));
        Assert.Equal(!icu, image.Lacks("icuuc"));
    }

    [Fact]
    public void Base_images_to_install_onto_are_never_said_to_lack_a_library()
    {
        Assert.False(BaseImages.Identify("ubuntu:22.04").Lacks("fontconfig"));
        Assert.False(BaseImages.Identify("registry.access.redhat.com/ubi9").Lacks("gdiplus"));
    }

    [Fact]
    public void Architecture_suffixes_and_namespaces_fix_the_architecture()
    {
        Assert.Equal("arm64", BaseImages.Identify("mcr.microsoft.com/dotnet/runtime-deps:8.0-bookworm-slim-arm64v8").Architecture);
        Assert.Equal("x64", BaseImages.Identify("amd64/alpine:3.20").Architecture);
        Assert.Null(BaseImages.Identify("mcr.microsoft.com/dotnet/runtime-deps:10.0").Architecture);
        Assert.Equal(RidOs.Windows, BaseImages.Identify("mcr.microsoft.com/dotnet/runtime:10.0-nanoserver-ltsc2025").Os);
    }

    [Theory]
    [InlineData("registry.example.test/team/base:1.0")]
    [InlineData("alpine:edge")]
    [InlineData("ubuntu:14.04")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:7.0")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-plucky")]
    [InlineData("gcr.io/distroless/base")]
    [InlineData("not a reference")]
    public void Anything_else_is_unknown_with_a_reason(string text)
    {
        BaseImage image = BaseImages.Identify(text);
        Assert.False(image.Known);
        Assert.Equal(Libc.Unknown, image.Libc);
        Assert.False(string.IsNullOrEmpty(image.UnknownReason));
        Assert.False(image.Lacks("fontconfig"));
    }

    [Fact]
    public void Rid_and_image_libc_mismatches_name_the_rid_or_image_to_use()
    {
        BaseImage alpine = BaseImages.Identify("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine");
        BaseImage noble = BaseImages.Identify("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble");
        Assert.Contains("Publish for linux-musl-x64", ContainerMessages.Mismatch(RidInfo.Parse("linux-x64"), alpine), StringComparison.Ordinal);
        Assert.Contains("Publish for linux-arm64", ContainerMessages.Mismatch(RidInfo.Parse("linux-musl-arm64"), noble), StringComparison.Ordinal);
        Assert.Null(ContainerMessages.Mismatch(RidInfo.Parse("linux-musl-x64"), alpine));
        Assert.Null(ContainerMessages.Mismatch(RidInfo.Parse("linux-x64"), noble));
        Assert.Null(ContainerMessages.Mismatch(RidInfo.Parse("linux-arm64"), noble));
        Assert.Contains("fixes the architecture x64", ContainerMessages.Mismatch(RidInfo.Parse("linux-arm64"), BaseImages.Identify("amd64/ubuntu:24.04")), StringComparison.Ordinal);
    }
}
