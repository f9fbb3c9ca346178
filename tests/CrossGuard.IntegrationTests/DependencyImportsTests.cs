using System.Text.Json;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// Issue 15: the P/Invokes of dependencies' managed assemblies (XG1012), through a real `dotnet build` / `dotnet publish`
/// of apps consuming the packed CrossGuard and real packages.
/// </summary>
public sealed class DependencyImportsTests(PackageFixture fixture)
{
    [Fact]
    public void System_Drawing_Common_5_warns_for_libgdiplus_publishes_unblocked_and_is_an_error_without_native_code()
    {
        SampleProject project = fixture.CreateProject("gdiapp")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers>",
                """<PackageReference Include="System.Drawing.Common" Version="5.0.2" />""")
            .WithFile("Program.cs", """
                using System.Runtime.InteropServices;
                using var bitmap = new System.Drawing.Bitmap(1, 1);
                Console.WriteLine(bitmap.Width + Native.GdipGetImageWidth(IntPtr.Zero, out _));

                static class Native
                {
                    // The app's own call into the library the dependency imports: XG1012's, not XG0001's.
                    [DllImport("libgdiplus")]
                    public static extern int GdipGetImageWidth(IntPtr image, out uint width);
                }
                """);

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(SampleProject.Codes(build, "error"));
        Assert.Contains("XG1012", SampleProject.Codes(build, "warning"));
        // XG0001 still reports the app's libgdiplus import for win-x64 (no dependency imports it there: Windows has
        // gdiplus.dll), and no longer for the RIDs on which the dependency's own import is reported by XG1012.
        Assert.Matches(@"warning XG0001: 'GdipGetImageWidth' imports 'libgdiplus', which no package or project file provides for win-x64;", build.Output);
        Assert.Matches(@"warning XG1012: Package 'System\.Drawing\.Common' 5\.0\.2 \(referenced directly\): its assembly 'runtimes/unix/lib/netcoreapp3\.0/System\.Drawing\.Common\.dll' has 557 P/Invoke entry points into 'libgdiplus' on linux-x64, osx-arm64,", build.Output);
        Assert.DoesNotMatch(@"XG1012[^\n]*into '(gdiplus|gdi32|kernel32|user32)", build.Output);

        // The natives manifest the analyzers read lists the dependency's imports per RID.
        using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Directory.EnumerateFiles(Path.Combine(project.Directory, "obj"), "crossguard.natives.json", SearchOption.AllDirectories).First())))
        {
            Assert.Contains("libgdiplus", manifest.RootElement.GetProperty("rids").GetProperty("linux-x64").GetProperty("imports").EnumerateArray().Select(e => e.GetString()));
        }

        // A machine with libgdiplus runs it: the publish for the RID is not stopped.
        CommandResult publish = project.Publish("linux-x64");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
        Assert.Contains("XG1012", SampleProject.Codes(publish, "warning"));

        // No native code allowed: every crossing is an error, this one too.
        CommandResult forbidden = project.Build("-p:CrossGuardAllowNative=false");
        Assert.True(forbidden.ExitCode != 0, forbidden.ToString());
        Assert.Contains("XG1012", SampleProject.Codes(forbidden, "error"));
        Assert.Contains("CrossGuardAllowNative is false", forbidden.Output, StringComparison.Ordinal);

        // NoWarn silences the warning like any SDK diagnostic.
        CommandResult silenced = project.Build("-p:NoWarn=XG1012");
        Assert.True(silenced.ExitCode == 0, silenced.ToString());
        Assert.DoesNotContain("XG1012", SampleProject.Codes(silenced, "warning"));
    }

    [Fact]
    public void Sqlite_and_json_dependencies_import_nothing_unshipped()
    {
        SampleProject project = fixture.CreateProject("sqliteapp")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;osx-arm64;win-x64</CrossGuardRuntimeIdentifiers><CrossGuardMinGlibc>2.34</CrossGuardMinGlibc>",
                """
                <PackageReference Include="Microsoft.Data.Sqlite" Version="10.0.5" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                """)
            .WithFile("Program.cs", """
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
                connection.Open();
                Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(connection.ServerVersion));
                """);

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("XG1012", build.Output, StringComparison.Ordinal);

        CommandResult publish = project.Publish("linux-x64");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotContain("XG1012", publish.Output, StringComparison.Ordinal);
    }
}
