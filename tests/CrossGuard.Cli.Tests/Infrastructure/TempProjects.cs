using System.Diagnostics;

namespace CrossGuard.Cli.Tests.Infrastructure;

/// <summary>A temp folder of small SDK projects (and solutions), restored with the real SDK.</summary>
public sealed class TempProjects : IDisposable
{
    public TempProjects(string prefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cg-" + prefix + "-").FullName;
    }

    public string Directory { get; }

    /// <summary>Writes &lt;name&gt;/&lt;name&gt;.csproj with the given properties and items; returns its path.</summary>
    public string Project(string name, string properties, string items = "", string targetFramework = "<TargetFramework>net10.0</TargetFramework>")
    {
        string dir = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".csproj");
        System.IO.File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {targetFramework}
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);
        System.IO.File.WriteAllText(Path.Combine(dir, "Class1.cs"), "namespace " + name + ";\npublic static class Class1 { }\n");
        return path;
    }

    /// <summary>Writes a file relative to the folder; returns its path.</summary>
    public string File(string relative, string content)
    {
        string path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs dotnet with the folder as working directory; throws with the output when it fails.</summary>
    public string Dotnet(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output += stderr.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(" ", args)} failed:\n{output}");
        }

        return output;
    }

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
