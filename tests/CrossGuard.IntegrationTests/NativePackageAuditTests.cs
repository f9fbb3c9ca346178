using System.Diagnostics;
using System.IO.Compression;
using CrossGuard.Core.Tests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.IntegrationTests;

/// <summary>
/// The package-author audit at `dotnet pack`: real packs of native package projects that reference the packed CrossGuard
/// and pack runtimes/&lt;rid&gt;/native/ files through None items with PackagePath. The ELF files are compiled at test
/// time with the installed toolchains (gcc, aarch64-linux-gnu-gcc, musl-gcc); the Mach-O files come from the shared
/// synthesized-fixture builder (no Mach-O linker on Linux).
/// </summary>
public sealed class NativePackageAuditTests(PackageFixture fixture)
{
    /// <summary>Calls into the C library, so each build links it (DT_NEEDED libc.so.6 with glibc, libc.so with musl).</summary>
    private const string Source = "#include <string.h>\nint cg_answer(const char* s) { return (int)strlen(s) + 42; }\n";

    [Fact]
    public void A_wrong_architecture_so_fails_the_pack_on_its_item()
    {
        SampleProject project = NativePackage("WrongArch", [("runtimes/linux-arm64/native/", Compile("gcc", "x64"))]);
        CommandResult pack = project.Dotnet("pack", project.ProjectPath, "-nodeReuse:false", "-o", Path.Combine(project.Directory, "out"));

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("XG1101", SampleProject.Codes(pack, "error"));
        Assert.Contains("which is a Linux ELF x64 (glibc) binary, in runtimes/linux-arm64/", pack.Output, StringComparison.Ordinal);
        // On the item's line in the project file, as MSBuild prints file(line): error.
        Assert.Matches(@"WrongArch\.csproj\(\d+(,\d+)?\): error XG1101", pack.Output);
        Assert.False(File.Exists(Path.Combine(project.Directory, "out", "WrongArch.1.0.0.nupkg")), "a failed audit leaves no package");
    }

    [Fact]
    public void A_glibc_so_in_the_musl_folder_fails_the_pack()
    {
        SampleProject project = NativePackage("GlibcInMusl", [("runtimes/linux-musl-x64/native/", Compile("gcc", "x64"))]);
        CommandResult pack = project.Dotnet("pack", project.ProjectPath, "-nodeReuse:false");

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Equal(["XG1102"], SampleProject.Codes(pack, "error"));
        Assert.Contains("linked against glibc (DT_NEEDED=libc.so.6)", pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_universal_dylib_missing_arm64_fails_the_pack()
    {
        // x86_64-only fat file in runtimes/osx/, which serves osx-arm64 too.
        string dylib = Write("libcg.dylib", SyntheticBinaries.Fat64(SyntheticBinaries.MachO(0x01000007, platform: 1, minos: 0x000B0000, ["/usr/lib/libSystem.B.dylib"])));
        SampleProject project = NativePackage("NoArm64Slice", [("runtimes/osx/native/", dylib)]);
        CommandResult pack = project.Dotnet("pack", project.ProjectPath, "-nodeReuse:false");

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Equal(["XG1108"], SampleProject.Codes(pack, "error"));
        Assert.Contains("has no arm64 slice", pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_linux_amd64_fails_the_pack_with_the_rid_it_meant()
    {
        SampleProject project = NativePackage("AmdFolder", [("runtimes/linux-amd64/native/", Compile("gcc", "x64"))]);
        CommandResult pack = project.Dotnet("pack", project.ProjectPath, "-nodeReuse:false");

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("XG1106", SampleProject.Codes(pack, "error"));
        Assert.Contains("rename it to runtimes/linux-x64/", pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_native_package_packs_with_no_finding_and_an_app_publishes_with_it()
    {
        string arm64Dylib = Write("libcg.dylib", SyntheticBinaries.Fat64(
            SyntheticBinaries.MachO(0x01000007, platform: 1, minos: 0x000B0000, ["/usr/lib/libSystem.B.dylib"]),
            SyntheticBinaries.MachO(0x0100000C, platform: 1, minos: 0x000B0000, ["/usr/lib/libSystem.B.dylib"])));
        // The RIDs it ships, declared: without the declaration linux-musl-arm64 would reach the glibc linux-arm64 build (XG1102, a warning).
        SampleProject project = NativePackage("CleanNative",
            [
                ("runtimes/linux-x64/native/", Compile("gcc", "x64")),
                ("runtimes/linux-arm64/native/", Compile("aarch64-linux-gnu-gcc", "arm64")),
                ("runtimes/linux-musl-x64/native/", Compile("musl-gcc", "musl")),
                ("runtimes/osx/native/", arm64Dylib),
            ],
            properties: "<CrossGuardRuntimeIdentifiers>linux-x64;linux-arm64;linux-musl-x64;osx-x64;osx-arm64</CrossGuardRuntimeIdentifiers>");
        string feed = Path.Combine(project.Directory, "out");
        CommandResult pack = project.Dotnet("pack", project.ProjectPath, "-nodeReuse:false", "-v:n", "-o", feed);

        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Empty(SampleProject.Codes(pack, "error"));
        Assert.Empty(SampleProject.Codes(pack, "warning"));
        Assert.Contains("CrossGuard audited 4 native files of package CleanNative", pack.Output, StringComparison.Ordinal);
        string nupkg = Path.Combine(feed, "CleanNative.1.0.0.nupkg");
        using (ZipArchive zip = ZipFile.OpenRead(nupkg))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "runtimes/linux-musl-x64/native/libcg.so");
        }

        // The package works for an app: a publish for linux-musl-x64 (its own musl build) is not blocked.
        SampleProject app = fixture.CreateProject("UsesCleanNative")
            .WithProject("<CrossGuardRuntimeIdentifiers>linux-x64;linux-musl-x64;linux-arm64;osx-arm64</CrossGuardRuntimeIdentifiers>",
                "<PackageReference Include=\"CleanNative\" Version=\"1.0.0\" />")
            .WithFile("Program.cs", "System.Console.WriteLine(\"ok\");");
        File.WriteAllText(Path.Combine(app.Directory, "nuget.config"), File.ReadAllText(Path.Combine(app.Directory, "nuget.config"))
            .Replace("</packageSources>", $"<add key=\"native\" value=\"{feed}\" /></packageSources>", StringComparison.Ordinal));
        CommandResult publish = app.Publish("linux-musl-x64");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(SampleProject.Codes(publish, "error"));
    }

    [Fact]
    public void Severity_and_suppressions_configure_the_audit()
    {
        string so = Compile("gcc", "x64");
        SampleProject lowered = NativePackage("Lowered", [("runtimes/linux-arm64/native/", so)], properties: "<CrossGuardSeverity>warning</CrossGuardSeverity>");
        CommandResult pack = lowered.Dotnet("pack", lowered.ProjectPath, "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Contains("XG1101", SampleProject.Codes(pack, "warning"));

        SampleProject suppressed = NativePackage("Suppressed", [("runtimes/linux-arm64/native/", so)],
            items: "<CrossGuardSuppress Include=\"Suppressed\" Code=\"XG1101\" Reason=\"arm64 build comes in the next release\" />");
        pack = suppressed.Dotnet("pack", suppressed.ProjectPath, "-nodeReuse:false", "-v:n");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Empty(SampleProject.Codes(pack, "error"));
        Assert.Contains("suppressed by CrossGuardSuppress: arm64 build comes in the next release", pack.Output, StringComparison.Ordinal);

        // A declared RID without a build: the author's own claim, an error.
        SampleProject claimed = NativePackage("Claimed", [("runtimes/linux-x64/native/", so)], properties: "<CrossGuardRuntimeIdentifiers>linux-x64;win-x64</CrossGuardRuntimeIdentifiers>");
        pack = claimed.Dotnet("pack", claimed.ProjectPath, "-nodeReuse:false");
        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("XG1109", SampleProject.Codes(pack, "error"));
    }

    private SampleProject NativePackage(string name, (string PackagePath, string File)[] files, string properties = "", string items = "")
    {
        SampleProject project = fixture.CreateProject(name);
        var none = new List<string>();
        for (int i = 0; i < files.Length; i++)
        {
            string local = Path.Combine("native", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(files[i].File));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(project.Directory, local))!);
            File.Copy(files[i].File, Path.Combine(project.Directory, local));
            none.Add($"<None Include=\"{local.Replace('\\', '/')}\" Pack=\"true\" PackagePath=\"{files[i].PackagePath}\" />");
        }

        return project.WithProject("<OutputType>Library</OutputType><Version>1.0.0</Version>" + properties,
            string.Join("\n", none) + items);
    }

    /// <summary>A shared library built from <see cref="Source"/> with a real compiler; its header is checked by `file`-independent means in the verdict assertions.</summary>
    private static string Compile(string compiler, string tag)
    {
        string dir = Path.Combine(Path.GetTempPath(), "crossguard-native-" + tag + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string c = Path.Combine(dir, "cg.c");
        File.WriteAllText(c, Source);
        string output = Path.Combine(dir, "libcg.so");
        var start = new ProcessStartInfo(compiler) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-shared", "-fPIC", "-O2", "-o", output, c })
        {
            start.ArgumentList.Add(arg);
        }

        CommandResult result = DotNet.Capture(start, TimeSpan.FromMinutes(2), compiler + " -shared");
        Assert.True(result.ExitCode == 0 && File.Exists(output), result.ToString());
        return output;
    }

    private static string Write(string name, byte[] bytes)
    {
        string dir = Path.Combine(Path.GetTempPath(), "crossguard-native-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
