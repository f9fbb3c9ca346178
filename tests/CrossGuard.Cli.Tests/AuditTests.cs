using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using CrossGuard.Cli.Tests.Infrastructure;

namespace CrossGuard.Cli.Tests;

/// <summary>
/// `crossguard audit` over real packages' .nupkg files (cached in the global packages folder by this project's restore,
/// see the PackageDownload items), with each verdict checked against the header facts read by binutils / LLVM rather
/// than by CrossGuard's own inspector; over a real publish folder; and over hostile input.
/// </summary>
public sealed class AuditTests
{
    private static string Nupkg(string id, string version)
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string lower = id.ToLowerInvariant();
        return Path.Combine(root, lower, version, $"{lower}.{version}.nupkg");
    }

    private static JsonElement Json(CliResult result)
    {
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private static List<JsonElement> Diagnostics(JsonElement report, string code) =>
        report.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).ToList();

    private static string Severity(JsonElement diagnostic) => diagnostic.GetProperty("severity").GetString()!;

    private static string File0(JsonElement diagnostic) => diagnostic.GetProperty("files")[0].GetString()!;

    /// <summary>Runs a binutils / LLVM tool over one entry of a package, extracted to a temp file.</summary>
    private static string External(string nupkg, string entry, string tool, params string[] args)
    {
        string temp = Path.Combine(Path.GetTempPath(), "cg-audit-fact-" + Guid.NewGuid().ToString("N"));
        using (ZipArchive zip = ZipFile.OpenRead(nupkg))
        {
            zip.GetEntry(entry)!.ExtractToFile(temp);
        }

        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(temp);
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Fact]
    public void ZstdNet_lacks_musl_and_needs_glibc_2_34()
    {
        string nupkg = Nupkg("ZstdNet", "1.5.7");
        CliResult result = Tool.Run("audit", nupkg, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement report = Json(result);
        Assert.Equal("ZstdNet", report.GetProperty("package").GetProperty("id").GetString());

        // No musl folder: musl RIDs fall back to the glibc build (a warning when undeclared).
        JsonElement musl = Assert.Single(Diagnostics(report, "XG1102"), d => d.GetProperty("rids")[0].GetString() == "linux-musl-x64");
        Assert.Equal("warning", Severity(musl));
        Assert.Contains("[libc.so.6]", External(nupkg, "runtimes/linux-x64/native/libzstd.so", "readelf", "-d", "-W"), StringComparison.Ordinal);

        // GLIBC_2.34 on both Linux builds, as readelf's version needs say.
        List<string> floors = Diagnostics(report, "XG1103").Select(File0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["runtimes/linux-arm64/native/libzstd.so", "runtimes/linux-x64/native/libzstd.so"], floors);
        Assert.Contains("GLIBC_2.34", External(nupkg, "runtimes/linux-x64/native/libzstd.so", "readelf", "-V", "-W"), StringComparison.Ordinal);
        Assert.Contains(Diagnostics(report, "XG1103"), d => d.GetProperty("message").GetString()!.Contains("needs glibc 2.34", StringComparison.Ordinal));

        // Declaring linux-musl-x64 makes the missing musl build the author's own broken claim.
        result = Tool.Run("audit", nupkg, "--rid", "linux-x64,linux-musl-x64", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("error", Severity(Assert.Single(Diagnostics(Json(result), "XG1102"))));
    }

    [Fact]
    public void SQLitePCLRaw_e_sqlite3_2_1_13_needs_glibc_2_34_and_has_musl_builds()
    {
        string nupkg = Nupkg("SQLitePCLRaw.lib.e_sqlite3", "2.1.13");
        CliResult result = Tool.Run("audit", nupkg, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement report = Json(result);
        Assert.Contains(Diagnostics(report, "XG1103"), d => File0(d) == "runtimes/linux-x64/native/libe_sqlite3.so" && d.GetProperty("message").GetString()!.Contains("glibc 2.34", StringComparison.Ordinal));
        Assert.Contains("GLIBC_2.34", External(nupkg, "runtimes/linux-x64/native/libe_sqlite3.so", "readelf", "-V", "-W"), StringComparison.Ordinal);
        // Its musl builds are musl: no XG1102, no XG1101.
        Assert.Empty(Diagnostics(report, "XG1102"));
        Assert.Empty(Diagnostics(report, "XG1101"));
        Assert.DoesNotContain("libc.so.6", External(nupkg, "runtimes/linux-musl-x64/native/libe_sqlite3.so", "readelf", "-d", "-W"), StringComparison.Ordinal);

        // A floor the author states is a promise: above it is an error.
        result = Tool.Run("audit", nupkg, "--min-glibc", "2.28", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.All(Diagnostics(Json(result), "XG1103"), d => Assert.Equal("error", Severity(d)));
    }

    [Fact]
    public void Mono_Posix_osx_dylib_has_no_arm64_slice()
    {
        string nupkg = Nupkg("Mono.Posix.NETStandard", "1.0.0");
        CliResult result = Tool.Run("audit", nupkg, "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement universal = Assert.Single(Diagnostics(Json(result), "XG1108"));
        Assert.Equal("error", Severity(universal));
        Assert.Equal("runtimes/osx/native/libMonoPosixHelper.dylib", File0(universal));
        string lipo = External(nupkg, "runtimes/osx/native/libMonoPosixHelper.dylib", "llvm-lipo-14", "-info");
        Assert.Contains("x86_64", lipo, StringComparison.Ordinal);
        Assert.DoesNotContain("arm64", lipo, StringComparison.Ordinal);
    }

    [Fact]
    public void SkiaSharp_native_assets_pass_where_their_headers_fit()
    {
        // Universal x86_64 + arm64 dylib in runtimes/osx/: nothing to report.
        string mac = Nupkg("SkiaSharp.NativeAssets.macOS", "2.88.9");
        CliResult result = Tool.Run("audit", mac, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Json(result).GetProperty("diagnostics").EnumerateArray());
        string lipo = External(mac, "runtimes/osx/native/libSkiaSharp.dylib", "llvm-lipo-14", "-info");
        Assert.Contains("arm64", lipo, StringComparison.Ordinal);

        // Linux: a musl folder per architecture, built against musl; fontconfig is a distribution library (information).
        string linux = Nupkg("SkiaSharp.NativeAssets.Linux", "3.119.0");
        result = Tool.Run("audit", linux, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement report = Json(result);
        Assert.Empty(Diagnostics(report, "XG1101"));
        Assert.Empty(Diagnostics(report, "XG1102"));
        Assert.All(Diagnostics(report, "XG1105").Where(d => d.GetProperty("message").GetString()!.Contains("libfontconfig", StringComparison.Ordinal)),
            d => Assert.Equal("info", Severity(d)));
        Assert.Contains("libfontconfig.so.1", External(linux, "runtimes/linux-x64/native/libSkiaSharp.so", "readelf", "-d", "-W"), StringComparison.Ordinal);
    }

    [Fact]
    public void Librdkafka_needs_what_it_does_not_pack()
    {
        string nupkg = Nupkg("librdkafka.redist", "2.16.0");
        CliResult result = Tool.Run("audit", nupkg, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement report = Json(result);
        // msvcp140.dll is packed, the VCRUNTIME140_1.dll it imports is not.
        Assert.Contains(Diagnostics(report, "XG1105"), d => File0(d) == "runtimes/win-x64/native/msvcp140.dll" && d.GetProperty("message").GetString()!.Contains("VCRUNTIME140_1.dll", StringComparison.Ordinal));
        Assert.Contains("VCRUNTIME140_1.dll", External(nupkg, "runtimes/win-x64/native/msvcp140.dll", "llvm-readobj", "--coff-imports"), StringComparison.OrdinalIgnoreCase);
        using (ZipArchive zip = ZipFile.OpenRead(nupkg))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Equals("runtimes/win-x64/native/vcruntime140_1.dll", StringComparison.OrdinalIgnoreCase));
        }

        // The musl build its own resolver loads on Alpine (alpine-librdkafka.so in linux-x64/) is not judged as a glibc file.
        Assert.DoesNotContain(report.GetProperty("diagnostics").EnumerateArray(), d => File0(d).Contains("alpine-", StringComparison.Ordinal));
        // Its glibc builds need glibc 2.28 (above .NET 10's 2.27): a warning.
        Assert.Contains(Diagnostics(report, "XG1103"), d => File0(d) == "runtimes/linux-x64/native/librdkafka.so" && Severity(d) == "warning");
        Assert.Contains("GLIBC_2.28", External(nupkg, "runtimes/linux-x64/native/librdkafka.so", "readelf", "-V", "-W"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_format_renders_a_package_audit()
    {
        string nupkg = Nupkg("Mono.Posix.NETStandard", "1.0.0");
        CliResult table = Tool.Run("audit", nupkg);
        Assert.Contains("osx-arm64", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("error XG1108:", table.Stdout, StringComparison.Ordinal);
        CliResult markdown = Tool.Run("audit", nupkg, "--format", "markdown");
        Assert.Contains("| osx-arm64 | reached | ERROR |", markdown.Stdout, StringComparison.Ordinal);
        CliResult sarif = Tool.Run("audit", nupkg, "--format", "sarif");
        JsonElement run = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0];
        Assert.Contains(run.GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "XG1108" && r.GetProperty("level").GetString() == "error");
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("helpUri").GetString()!.EndsWith("XG1108.md", StringComparison.Ordinal));
        Assert.All([table, markdown, sarif], r => Assert.Equal(1, r.ExitCode));
    }

    [Fact]
    public void A_package_folder_is_audited_like_its_nupkg()
    {
        string folder = Path.GetDirectoryName(Nupkg("ZstdNet", "1.5.7"))!;
        CliResult fromFolder = Tool.Run("audit", folder, "--format", "json");
        CliResult fromNupkg = Tool.Run("audit", Nupkg("ZstdNet", "1.5.7"), "--format", "json");
        Assert.Equal(Json(fromNupkg).GetProperty("diagnostics").ToString(), Json(fromFolder).GetProperty("diagnostics").ToString());
    }

    [Fact]
    public void A_real_publish_folder_is_audited_for_its_rid()
    {
        using var temp = new TempProjects("audit-publish");
        string project = temp.Project("ZstdApp", "<OutputType>Exe</OutputType>", "<PackageReference Include=\"ZstdNet\" Version=\"1.5.7\" />");
        temp.File("ZstdApp/Program.cs", "System.Console.WriteLine(new ZstdNet.Compressor().Wrap(new byte[] { 1, 2, 3 }).Length);");
        string publish = Path.Combine(temp.Directory, "publish");
        temp.Dotnet("publish", project, "-r", "linux-x64", "--self-contained", "false", "-o", publish, "-nodeReuse:false");

        // The working publish: not blocked.
        CliResult ok = Tool.Run("audit", publish, "--rid", "linux-x64", "--format", "json");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        JsonElement report = Json(ok);
        Assert.Equal("publish", report.GetProperty("kind").GetString());
        Assert.Contains(report.GetProperty("loads").EnumerateArray(), l => l.GetProperty("library").GetString() == "libzstd" && l.GetProperty("reached").GetString() == "libzstd.so");
        Assert.DoesNotContain(report.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("severity").GetString() == "error");

        // The same publish judged for Alpine: the glibc libzstd.so is what the runtime reaches.
        CliResult musl = Tool.Run("audit", publish, "--rid", "linux-musl-x64");
        Assert.True(musl.ExitCode == 1, musl.ToString());
        Assert.Contains("error XG2001:", musl.Stdout, StringComparison.Ordinal);

        // A broken copy (the arm64 build swapped in, as a bad CI step would): XG2001 for linux-x64.
        string broken = Path.Combine(temp.Directory, "broken");
        Directory.CreateDirectory(broken);
        foreach (string file in Directory.EnumerateFiles(publish))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        using (ZipArchive zip = ZipFile.OpenRead(Nupkg("ZstdNet", "1.5.7")))
        {
            zip.GetEntry("runtimes/linux-arm64/native/libzstd.so")!.ExtractToFile(Path.Combine(broken, "libzstd.so"), overwrite: true);
        }

        CliResult wrong = Tool.Run("audit", broken, "--rid", "linux-x64", "--format", "json");
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.Contains(Json(wrong).GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "XG2001" && d.GetProperty("message").GetString()!.Contains("arm64", StringComparison.Ordinal));

        // A publish folder needs its RID.
        Tool.AssertOneCodedLine(Tool.Run("audit", publish), "XG9126", 2);
    }

    [Fact]
    public void Hostile_and_missing_inputs_are_one_coded_line()
    {
        string dir = Directory.CreateTempSubdirectory("cg-audit-hostile-").FullName;
        try
        {
            Tool.AssertOneCodedLine(Tool.Run("audit", Path.Combine(dir, "missing.nupkg")), "XG9120", 3);

            string corrupt = Path.Combine(dir, "corrupt.nupkg");
            File.WriteAllBytes(corrupt, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
            Tool.AssertOneCodedLine(Tool.Run("audit", corrupt), "XG9121", 3);

            string slip = Path.Combine(dir, "slip.nupkg");
            using (ZipArchive zip = ZipFile.Open(slip, ZipArchiveMode.Create))
            {
                zip.CreateEntry("runtimes/linux-x64/native/../../../../evil.so");
            }

            Tool.AssertOneCodedLine(Tool.Run("audit", slip), "XG9122", 3);
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.so")));

            string rooted = Path.Combine(dir, "rooted.nupkg");
            using (ZipArchive zip = ZipFile.Open(rooted, ZipArchiveMode.Create))
            {
                zip.CreateEntry("/etc/evil.so");
            }

            Tool.AssertOneCodedLine(Tool.Run("audit", rooted), "XG9122", 3);

            string empty = Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName;
            Tool.AssertOneCodedLine(Tool.Run("audit", empty), "XG9125", 3);

            Tool.AssertOneCodedLine(Tool.Run("audit", Nupkg("ZstdNet", "1.5.7"), "--rid", "linux-amd64"), "XG9002", 3);

            string publish = Directory.CreateDirectory(Path.Combine(dir, "publish")).FullName;
            File.WriteAllText(Path.Combine(publish, "App.deps.json"), "{ not json");
            Tool.AssertOneCodedLine(Tool.Run("audit", publish, "--rid", "linux-x64"), "XG9127", 3);
            Tool.AssertOneCodedLine(Tool.Run("audit", Nupkg("ZstdNet", "1.5.7"), "--min-glibc", "two"), "XG9006", 2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
