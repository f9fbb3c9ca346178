using System.Diagnostics;

namespace CrossGuard.Cli.Tests.Infrastructure;

/// <summary>
/// A small project in a temp folder, restored once with the real SDK: ZstdNet (glibc-only Linux natives: no musl)
/// plus Newtonsoft.Json (managed control), shipping linux-x64, linux-musl-x64 and win-x64.
/// </summary>
public sealed class SampleProject : IDisposable
{
    /// <summary>The machine-wide inspection cache of <c>check</c>, kept inside the fixture (the tool reads it from the environment).</summary>
    public string InspectionCacheDirectory { get; }

    public SampleProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cg-cli-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Directory);
        InspectionCacheDirectory = Path.Combine(Directory, "inspections");
        ProjectPath = Path.Combine(Directory, "Sample.csproj");
        File.WriteAllText(ProjectPath, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeIdentifiers>linux-x64;linux-musl-x64;win-x64</RuntimeIdentifiers>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ZstdNet" Version="1.5.7" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), "System.Console.WriteLine(1);\n");
        var start = new ProcessStartInfo("dotnet", new[] { "restore", ProjectPath, "-nologo", "-v", "q" })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet restore failed:\n" + output);
        }
    }

    public string Directory { get; }

    public string ProjectPath { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
