using CrossGuard.Core.Containers;
using Xunit;

namespace CrossGuard.Core.Tests.Containers;

public sealed class DockerfileTests
{
    private static DockerfileTarget Parse(string text) =>
        Dockerfile.Parse("Dockerfile", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')) ?? throw new InvalidOperationException("no FROM");

    [Fact]
    public void Multi_stage_build_gives_the_final_stage_image_and_the_rid_published_in_the_stage_it_copies_from()
    {
        DockerfileTarget target = Parse("""
            # syntax=docker/dockerfile:1
            FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            WORKDIR /src
            COPY . .
            RUN dotnet restore \
                && dotnet publish app.csproj -c Release \
                   -r linux-x64 --self-contained -o /out

            FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine AS final
            WORKDIR /app
            COPY --from=build /out .
            ENTRYPOINT ["./app"]
            """);

        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine", target.Image);
        Assert.Equal(["linux-x64"], target.Rids);
        Assert.Equal(9, target.Line);
        Assert.True(target.SelfContained);
    }

    [Fact]
    public void Build_arguments_in_the_tag_take_their_defaults()
    {
        DockerfileTarget target = Parse("""
            ARG DOTNET_VERSION=10.0
            ARG VARIANT="jammy-chiseled"
            ARG REGISTRY
            FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
            ARG RID=linux-musl-arm64
            RUN dotnet publish --runtime=$RID -o /out
            FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-${VARIANT:-noble}
            COPY --from=build /out /app
            """);

        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0-jammy-chiseled", target.Image);
        Assert.Equal(["linux-musl-arm64"], target.Rids);
        Assert.False(target.SelfContained);
        Assert.True(Parse("FROM alpine\nRUN dotnet publish -r linux-musl-x64 -p:PublishAot=true").SelfContained);
        Assert.False(Parse("FROM alpine\nRUN dotnet publish -r linux-musl-x64 --self-contained false").SelfContained);
    }

    [Fact]
    public void An_argument_without_a_default_stays_as_written_and_the_image_is_unknown()
    {
        DockerfileTarget target = Parse("""
            ARG BASE
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            RUN dotnet publish -r linux-x64 -o /out
            FROM ${BASE}
            COPY --from=build /out /app
            """);

        Assert.Equal("${BASE}", target.Image);
        Assert.False(BaseImages.Identify(target.Image).Known);
        Assert.Equal(["linux-x64"], target.Rids);
    }

    [Fact]
    public void Os_and_arch_options_make_a_rid_and_a_stage_built_on_a_stage_inherits_its_image()
    {
        DockerfileTarget target = Parse("""
            FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build
            RUN dotnet publish --os linux-musl --arch arm64 -o /a && dotnet publish -a x64 -o /b
            RUN dotnet publish -p:RuntimeIdentifier=linux-musl-x64 -o /c; echo done
            FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-bookworm-slim AS base
            FROM base
            COPY --from=0 /a /app
            """);

        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:8.0-bookworm-slim", target.Image);
        // --arch without --os takes the OS of the build stage's image (Alpine: linux-musl).
        Assert.Equal(["linux-musl-arm64", "linux-musl-x64"], target.Rids.Order().ToArray());
    }

    [Fact]
    public void Rids_from_unresolved_arguments_or_other_stages_are_not_guessed()
    {
        DockerfileTarget target = Parse("""
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            ARG TARGETARCH
            RUN dotnet publish -a $TARGETARCH -o /out
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS tools
            RUN dotnet publish -r linux-arm64 -o /tools
            FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
            COPY --from=build /out /app
            """);

        Assert.Empty(target.Rids);
        Assert.Null(Dockerfile.Parse("Dockerfile", ["# nothing", "RUN echo"]));
    }

    [Fact]
    public void Hostile_input_is_bounded_and_never_throws()
    {
        string dir = Directory.CreateTempSubdirectory("cg-dockerfile").FullName;
        try
        {
            string big = Path.Combine(dir, "Dockerfile");
            File.WriteAllText(big, "FROM alpine\n" + new string('x', Dockerfile.MaxBytes));
            Assert.Null(Dockerfile.Read(big));

            File.WriteAllText(Path.Combine(dir, "app.Dockerfile"), "FROM ${A:-${B}}\nRUN dotnet publish -r\nRUN dotnet publish -r $(uname -m) \\\nFROM");
            DockerfileTarget? odd = Dockerfile.Read(Path.Combine(dir, "app.Dockerfile"));
            Assert.NotNull(odd);
            Assert.Empty(odd!.Rids);
            Assert.Equal(2, Dockerfile.FindNextTo(dir).Count);
            Assert.Empty(Dockerfile.FindNextTo(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
