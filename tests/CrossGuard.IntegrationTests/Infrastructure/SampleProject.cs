using System.Text.RegularExpressions;

namespace CrossGuard.IntegrationTests.Infrastructure;

/// <summary>A throwaway project consuming the packed CrossGuard package from the run's local feed.</summary>
public sealed partial class SampleProject
{
    private readonly PackageFixture _fixture;

    public SampleProject(PackageFixture fixture, string name)
    {
        _fixture = fixture;
        Name = name;
        Directory = Path.Combine(fixture.RunDirectory, "projects", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        // No <clear/>: the machine's configured sources stay, the run's feed is added.
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="crossguard-under-test" value="{fixture.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, Name + ".csproj");

    /// <summary>Writes the project file: an exe with CrossGuard referenced and the given extra XML.</summary>
    public SampleProject WithProject(string properties, string items = "", string targetFramework = "net10.0")
    {
        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CrossGuard" Version="{_fixture.Version}" PrivateAssets="all" />
                {items}
              </ItemGroup>
            </Project>
            """);
        return this;
    }

    public SampleProject WithFile(string relativePath, string content)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public CommandResult Dotnet(params string[] args) => Dotnet(new Dictionary<string, string>(), args);

    /// <summary>Runs dotnet with extra environment variables on top of the run's isolated folders.</summary>
    public CommandResult Dotnet(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var merged = new Dictionary<string, string>(environment)
        {
            ["NUGET_PACKAGES"] = _fixture.PackagesDirectory,
            // The machine's inspection cache, kept inside the run like the packages it describes.
            ["CrossGuardInspectionCacheDirectory"] = Path.Combine(_fixture.PackagesDirectory, "..", "inspections"),
        };
        return DotNet.Run(Directory, merged, TimeSpan.FromMinutes(8), args);
    }

    public CommandResult Build(params string[] extra) => Dotnet(["build", ProjectPath, "-nodeReuse:false", "-v:n", .. extra]);

    public CommandResult Publish(string rid, params string[] extra) =>
        Dotnet(["publish", ProjectPath, "-r", rid, "--self-contained", "false", "-nodeReuse:false", "-v:n", .. extra]);

    /// <summary>Distinct "XG####" codes logged as warnings/errors in an output, e.g. "warning XG0002".</summary>
    public static IReadOnlyList<string> Codes(CommandResult result, string kind) =>
        CodeRegex().Matches(result.Output).Where(m => m.Groups["kind"].Value == kind).Select(m => m.Groups["code"].Value).Distinct().Order().ToList();

    [GeneratedRegex(@"\b(?<kind>warning|error) (?<code>XG\d{4})\b")]
    private static partial Regex CodeRegex();
}
