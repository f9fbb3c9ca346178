using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `crossguard check` reads the Dockerfiles next to a project (issue 16): the final stage's FROM with ARG defaults,
/// the RIDs of its `dotnet publish` lines, checked against the image like a container publish. Real projects
/// restored with the SDK, real ZstdNet 1.5.7 (libzstd.so needs GLIBC_2.34).
/// </summary>
public sealed class DockerfileCheckTests
{
    private const string Zstd = """<PackageReference Include="ZstdNet" Version="1.5.7" />""";

    private static JsonElement[] Diagnostics(CliResult result)
    {
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()).ToArray();
    }

    private static string Code(JsonElement d) => d.GetProperty("code").GetString()!;

    private static string Message(JsonElement d) => d.GetProperty("message").GetString()!;

    private static string Severity(JsonElement d) => d.GetProperty("severity").GetString()!;

    [Fact]
    public void Multi_stage_dockerfile_publishing_a_glibc_rid_onto_alpine_is_XG2006_naming_the_dockerfile_line()
    {
        using var folder = new TempProjects("dockerfile");
        string app = folder.Project("App", "<OutputType>Exe</OutputType>");
        folder.File("App/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            WORKDIR /src
            COPY . .
            RUN dotnet publish App.csproj -c Release \
                -r linux-x64 --self-contained -o /out

            FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine
            COPY --from=build /out /app
            ENTRYPOINT ["/app/App"]
            """);
        folder.Dotnet("restore", app);

        CliResult result = Tool.Run("check", app, "--format", "json", "--quiet");

        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement mismatch = Assert.Single(Diagnostics(result), d => Code(d) == "XG2006");
        Assert.Equal("error", Severity(mismatch));
        Assert.StartsWith("Dockerfile line 7 (FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine): The linux-x64 app runs in", Message(mismatch), StringComparison.Ordinal);
        Assert.Contains("Publish for linux-musl-x64", Message(mismatch), StringComparison.Ordinal);

        // The musl RID in the same Dockerfile passes.
        folder.File("App/Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build
            RUN dotnet publish App.csproj -r linux-musl-x64 -o /out
            FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine
            COPY --from=build /out /app
            """);
        CliResult musl = Tool.Run("check", app, "--format", "json", "--quiet");
        Assert.True(musl.ExitCode == 0, musl.ToString());
        Assert.DoesNotContain(Diagnostics(musl), d => Code(d).StartsWith("XG200", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_argument_in_the_tag_picks_the_image_whose_glibc_decides_XG2007()
    {
        using var folder = new TempProjects("dockerarg");
        string app = folder.Project("App", "<OutputType>Exe</OutputType>", Zstd);
        string dockerfile = folder.File("App/Dockerfile.focal", """
            ARG BASE_TAG=6.0-focal
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            RUN dotnet publish -r linux-x64 -o /out
            FROM mcr.microsoft.com/dotnet/runtime-deps:${BASE_TAG}
            COPY --from=build /out /app
            """);
        folder.Dotnet("restore", app);

        CliResult focal = Tool.Run("check", app, "--format", "json", "--quiet");

        Assert.True(focal.ExitCode == 1, focal.ToString());
        JsonElement floor = Assert.Single(Diagnostics(focal), d => Code(d) == "XG2007");
        Assert.Equal("error", Severity(floor));
        Assert.Contains("Dockerfile.focal line 4 (FROM mcr.microsoft.com/dotnet/runtime-deps:6.0-focal)", Message(floor), StringComparison.Ordinal);
        Assert.Contains("needs glibc 2.34", Message(floor), StringComparison.Ordinal);
        Assert.Contains("Ubuntu 20.04, glibc 2.31", Message(floor), StringComparison.Ordinal);

        // The same Dockerfile with a jammy tag (glibc 2.35): nothing from the Dockerfile.
        File.WriteAllText(dockerfile, File.ReadAllText(dockerfile).Replace("6.0-focal", "8.0-jammy", StringComparison.Ordinal));
        CliResult jammy = Tool.Run("check", app, "--format", "json", "--quiet");
        Assert.True(jammy.ExitCode == 0, jammy.ToString());
        Assert.DoesNotContain(Diagnostics(jammy), d => Message(d).StartsWith("Dockerfile", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_image_is_one_information_line_and_nothing_is_guessed()
    {
        using var folder = new TempProjects("dockerunknown");
        string app = folder.Project("App", "<OutputType>Exe</OutputType>");
        folder.File("App/Containerfile", """
            ARG BASE
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            RUN dotnet publish -r linux-x64 -o /out && dotnet publish -r linux-arm64 -o /out2
            FROM ${BASE}
            COPY --from=build /out /app
            """);
        folder.Dotnet("restore", app);

        CliResult result = Tool.Run("check", app, "--format", "json", "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement info = Assert.Single(Diagnostics(result), d => Code(d) == "XG2009");
        Assert.Equal("info", Severity(info));
        Assert.Contains("'${BASE}' (it holds a build argument with no default value)", Message(info), StringComparison.Ordinal);
        Assert.Contains("linux-arm64, linux-x64 are checked against CrossGuardMinGlibc only", Message(info), StringComparison.Ordinal);
        Assert.DoesNotContain(Diagnostics(result), d => Code(d) is "XG2006" or "XG2007" or "XG2008");
    }
}
