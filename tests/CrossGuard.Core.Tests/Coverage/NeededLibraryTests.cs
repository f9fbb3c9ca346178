using CrossGuard.Core.Assets;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Diagnostics;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;
using CrossGuard.Tasks.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Coverage;

/// <summary>
/// XG2010 (issue 18): a selected Linux library whose DT_NEEDED names a library that no package ships for the RID and
/// that not every system of the RID has. Real binaries: SkiaSharp.NativeAssets.Linux 3.119.0 (its linux-x64 and
/// linux-musl-x64 builds need libfontconfig.so.1, its linux-arm64 build links fontconfig in) and librdkafka.redist
/// 2.16.0 (three builds per folder). The truth table (tests/CrossGuard.EmulationTests) proves the loads.
/// </summary>
public sealed class NeededLibraryTests : IDisposable
{
    private static readonly string[] s_rids = ["linux-x64", "linux-arm64", "linux-musl-x64"];
    private readonly AssetsBuilder _assets = new();

    public void Dispose() => Directory.Delete(_assets.Root, recursive: true);

    private static string Real(string package, string version, string file) =>
        RealBinaries.Absolute($"{package}/{version}/{file}");

    private CoverageReport Check(string? currentRid = null)
    {
        RestoredGraph graph = AssetsFileReader.Read(_assets.Write());
        return new CoverageEngine(RidGraph.Bundled).Check(graph, FrameworkSelector.Only,
            new CheckSettings { Rids = s_rids, CurrentRid = currentRid, MinGlibc = new Version(2, 36), ProjectName = "app" });
    }

    private CoverageReport SkiaSharp(string? currentRid = null, IDictionary<string, string>? fontconfigPackage = null)
    {
        const string skia = "skiasharp.nativeassets.linux";
        _assets.Package("SkiaSharp.NativeAssets.Linux", "3.119.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libSkiaSharp.so"] = Real(skia, "3.119.0", "runtimes/linux-x64/native/libSkiaSharp.so"),
            ["runtimes/linux-arm64/native/libSkiaSharp.so"] = Real(skia, "3.119.0", "runtimes/linux-arm64/native/libSkiaSharp.so"),
            ["runtimes/linux-musl-x64/native/libSkiaSharp.so"] = Real(skia, "3.119.0", "runtimes/linux-musl-x64/native/libSkiaSharp.so"),
        });
        if (fontconfigPackage is not null)
        {
            _assets.Package("Fontconfig.Native", "1.0.0", fontconfigPackage);
        }

        return Check(currentRid);
    }

    [Fact]
    public void A_needed_distribution_library_nothing_ships_is_a_warning_naming_the_debian_package()
    {
        CoverageReport report = SkiaSharp();

        List<Finding> needed = report.Findings.Where(f => f.Code == "XG2010").ToList();
        Assert.Equal(["linux-musl-x64", "linux-x64"], needed.Select(f => f.Rid!).Order(StringComparer.Ordinal));
        Finding x64 = needed.Single(f => f.Rid == "linux-x64");
        Assert.Equal(FindingSeverity.Warning, x64.Severity);
        Assert.Equal(["runtimes/linux-x64/native/libSkiaSharp.so"], x64.Files);
        Assert.Contains("selects 'runtimes/linux-x64/native/libSkiaSharp.so' for linux-x64, which needs 'libfontconfig.so.1' (Debian/Ubuntu package libfontconfig1)", x64.Message, StringComparison.Ordinal);
        Assert.Contains("('libfontconfig.so.1: cannot open shared object file')", x64.Message, StringComparison.Ordinal);
        // The arm64 build links fontconfig in: it needs only the C runtime.
        Assert.DoesNotContain(needed, f => f.Rid == "linux-arm64");
        Assert.Equal(CoverageStatus.Ok, report.Packages.Single().Coverage["linux-x64"].Status);
    }

    [Fact]
    public void It_is_never_an_error_not_even_for_the_rid_being_published()
    {
        CoverageReport report = SkiaSharp(currentRid: "linux-x64");

        Finding x64 = report.Findings.Single(f => f.Code == "XG2010" && f.Rid == "linux-x64");
        Assert.Equal(FindingSeverity.Warning, x64.Severity);
        Assert.False(DiagnosticCatalogue.NeededNotShipped.MayBeError);
    }

    [Fact]
    public void A_library_another_package_ships_for_the_rid_is_no_finding()
    {
        // Any real x64 ELF stands in for a package that ships libfontconfig.so.1 for linux-x64 only.
        string elf = Real("sqlitepclraw.lib.e_sqlite3", "2.1.11", "runtimes/linux-x64/native/libe_sqlite3.so");
        CoverageReport report = SkiaSharp(fontconfigPackage: new Dictionary<string, string> { ["runtimes/linux-x64/native/libfontconfig.so.1"] = elf });

        // linux-musl-x64 falls back to the same linux-x64 folder of the stand-in, so it is shipped there too (as a glibc
        // build: XG1002 says that); only linux-arm64 gets nothing from it, and its SkiaSharp needs no fontconfig.
        Assert.DoesNotContain(report.Findings, f => f.Code == "XG2010");
        Assert.Contains(report.Findings, f => f.Code == "XG1002" && f.PackageId == "Fontconfig.Native");
    }

    [Fact]
    public void Builds_with_an_alternative_that_needs_nothing_missing_are_information()
    {
        const string kafka = "librdkafka.redist";
        _assets.Package("librdkafka.redist", "2.16.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/librdkafka.so"),
            ["runtimes/linux-x64/native/centos8-librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/centos8-librdkafka.so"),
            ["runtimes/linux-x64/native/alpine-librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/alpine-librdkafka.so"),
        });

        CoverageReport report = Check(currentRid: "linux-x64");

        List<Finding> x64 = report.Findings.Where(f => f.Code == "XG2010" && f.Rid == "linux-x64").ToList();
        // librdkafka.so needs Cyrus SASL (libsasl2.so.3); alpine-librdkafka.so is a musl build; centos8-librdkafka.so needs only the base.
        Assert.Equal(["runtimes/linux-x64/native/alpine-librdkafka.so", "runtimes/linux-x64/native/librdkafka.so"], x64.Select(f => f.Files.Single()).Order(StringComparer.Ordinal));
        Assert.All(x64, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.All(x64, f => Assert.Contains("also ships 'runtimes/linux-x64/native/centos8-librdkafka.so' for linux-x64", f.Message, StringComparison.Ordinal));
        Assert.Contains("needs 'libsasl2.so.3'", x64.Single(f => f.Files[0].EndsWith("/librdkafka.so", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("the musl C library", x64.Single(f => f.Files[0].EndsWith("/alpine-librdkafka.so", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glibc_build_beside_a_musl_build_of_the_same_library_is_information_on_musl()
    {
        const string kafka = "librdkafka.redist";
        _assets.Package("librdkafka.redist", "2.16.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/librdkafka.so"),
            ["runtimes/linux-x64/native/centos8-librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/centos8-librdkafka.so"),
            ["runtimes/linux-x64/native/alpine-librdkafka.so"] = Real(kafka, "2.16.0", "runtimes/linux-x64/native/alpine-librdkafka.so"),
        });

        // Publishing for linux-musl-x64: the RID graph falls back to linux-x64, whose alpine-librdkafka.so is the musl
        // build Confluent.Kafka loads on Alpine. The glibc builds beside it must not stop the publish.
        CoverageReport report = Check(currentRid: "linux-musl-x64");

        List<Finding> musl = report.Findings.Where(f => f.Code == "XG1002" && f.Rid == "linux-musl-x64").ToList();
        Assert.Equal(["runtimes/linux-x64/native/centos8-librdkafka.so", "runtimes/linux-x64/native/librdkafka.so"], musl.Select(f => f.Files.Single()).Order(StringComparer.Ordinal));
        Assert.All(musl, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.All(musl, f => Assert.Contains("also ships 'runtimes/linux-x64/native/alpine-librdkafka.so' for linux-musl-x64, a musl build of the same library", f.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(CoverageStatus.Ok, report.Packages.Single().Coverage["linux-musl-x64"].Status);
    }

    [Fact]
    public void A_glibc_build_without_a_musl_alternative_stays_an_error_for_the_musl_rid_being_published()
    {
        _assets.Package("Sqlite.GlibcOnly", "1.0.0", new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libe_sqlite3.so"] = Real("sqlitepclraw.lib.e_sqlite3", "2.1.11", "runtimes/linux-x64/native/libe_sqlite3.so"),
        });

        CoverageReport report = Check(currentRid: "linux-musl-x64");

        Finding musl = report.Findings.Single(f => f.Code == "XG1002");
        Assert.Equal(FindingSeverity.Error, musl.Severity);
        Assert.DoesNotContain("also ships", musl.Message, StringComparison.Ordinal);
        Assert.Equal(CoverageStatus.Wrong, report.Packages.Single().Coverage["linux-musl-x64"].Status);
    }
}
