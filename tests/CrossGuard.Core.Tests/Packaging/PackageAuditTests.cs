using System.IO.Compression;
using System.Text;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Packaging;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Packaging;

/// <summary>The package-author audit over synthesized package folders (real ELF / PE / Mach-O headers) and hostile .nupkg files.</summary>
public sealed class PackageAuditTests : IDisposable
{
    private const ushort X64 = 62;
    private const ushort Arm64 = 183;
    private const uint CpuX64 = 0x01000007;
    private const uint CpuArm64 = 0x0100000C;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "crossguard-pkg-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static byte[] Glibc(ushort machine = X64, string[]? needed = null, string[]? versions = null) =>
        SyntheticBinaries.Elf(needed: needed ?? ["libc.so.6"], glibc: versions ?? ["GLIBC_2.17"], machine: machine);

    private static byte[] Musl(ushort machine = X64) => SyntheticBinaries.Elf(needed: ["libc.so"], interp: machine == X64 ? "/lib/ld-musl-x86_64.so.1" : "/lib/ld-musl-aarch64.so.1", machine: machine);

    private static byte[] Dylib(uint cpu, uint minos = 0x000B0000) => SyntheticBinaries.MachO(cpu, 1, minos, ["/usr/lib/libSystem.B.dylib"]);

    private PackageAuditResult Audit(PackageAuditSettings? settings, params (string Path, byte[] Bytes)[] files)
    {
        Directory.CreateDirectory(_root);
        foreach ((string path, byte[] bytes) in files)
        {
            string full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        File.WriteAllText(Path.Combine(_root, "Acme.Native.nuspec"), "<?xml version=\"1.0\"?><package><metadata><id>Acme.Native</id><version>1.2.3</version></metadata></package>");
        using PackageContents contents = PackageContents.FromFolder(_root);
        return PackageAudit.Run(contents, settings ?? new PackageAuditSettings(), RidGraph.Bundled);
    }

    private static List<string> Codes(PackageAuditResult result, FindingSeverity? severity = null) =>
        result.Findings.Where(f => severity is null || f.Severity == severity).Select(f => f.Code).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_clean_layout_has_no_finding()
    {
        PackageAuditResult result = Audit(null,
            ("runtimes/linux-x64/native/libacme.so", Glibc()),
            ("runtimes/linux-arm64/native/libacme.so", Glibc(Arm64)),
            ("runtimes/linux-musl-x64/native/libacme.so", Musl()),
            ("runtimes/linux-musl-arm64/native/libacme.so", Musl(Arm64)),
            ("runtimes/osx/native/libacme.dylib", SyntheticBinaries.Fat64(Dylib(CpuX64), Dylib(CpuArm64))),
            ("runtimes/win-x64/native/acme.dll", SyntheticBinaries.Pe(pe32Plus: true, ["KERNEL32.dll"], [])));
        Assert.Empty(result.Findings);
        Assert.Equal("Acme.Native", result.PackageId);
        Assert.Equal("1.2.3", result.Version);
        Assert.Contains(result.Rids, r => r.Rid == "osx-arm64" && r.Claim == RidClaim.Reached);
        Assert.Equal("osx", result.Matrix["osx-arm64"].SelectedFrom);
    }

    [Fact]
    public void A_wrong_architecture_file_is_XG1101_with_the_folder_it_belongs_in()
    {
        PackageAuditResult result = Audit(null, ("runtimes/linux-arm64/native/libacme.so", Glibc(X64)));
        Finding finding = Assert.Single(result.Findings, f => f.Code == "XG1101");
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("It is a linux-x64 build: move it to runtimes/linux-x64/native/", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["runtimes/linux-arm64/native/libacme.so"], finding.Files);
    }

    [Fact]
    public void Glibc_in_a_musl_folder_is_an_error_and_a_musl_fallback_a_warning_unless_claimed()
    {
        PackageAuditResult inFolder = Audit(null, ("runtimes/linux-musl-x64/native/libacme.so", Glibc()));
        Assert.Equal(FindingSeverity.Error, Assert.Single(inFolder.Findings, f => f.Code == "XG1102").Severity);
        Directory.Delete(_root, recursive: true);

        PackageAuditResult fallback = Audit(null, ("runtimes/linux-x64/native/libacme.so", Glibc()));
        Finding warning = Assert.Single(fallback.Findings, f => f.Code == "XG1102");
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Equal("linux-musl-x64", warning.Rid);
        Directory.Delete(_root, recursive: true);

        PackageAuditResult claimed = Audit(new PackageAuditSettings { Rids = ["linux-x64", "linux-musl-x64"] }, ("runtimes/linux-x64/native/libacme.so", Glibc()));
        Assert.Equal(FindingSeverity.Error, Assert.Single(claimed.Findings, f => f.Code == "XG1102").Severity);
    }

    [Fact]
    public void Floors_warn_above_the_default_and_fail_above_a_stated_one()
    {
        (string, byte[]) file = ("runtimes/linux-x64/native/libacme.so", Glibc(versions: ["GLIBC_2.17", "GLIBC_2.34"]));
        Assert.Equal(FindingSeverity.Warning, Assert.Single(Audit(new PackageAuditSettings { Rids = ["linux-x64"] }, file).Findings).Severity);
        Directory.Delete(_root, recursive: true);
        Finding stated = Assert.Single(Audit(new PackageAuditSettings { Rids = ["linux-x64"], MinGlibc = new Version(2, 28), MinGlibcDeclared = true }, file).Findings);
        Assert.Equal(("XG1103", FindingSeverity.Error), (stated.Code, stated.Severity));
        Assert.Contains("needs glibc 2.34", stated.Message, StringComparison.Ordinal);
        Directory.Delete(_root, recursive: true);

        Finding mac = Assert.Single(Audit(null, ("runtimes/osx-arm64/native/libacme.dylib", Dylib(CpuArm64, minos: 0x000F0000))).Findings);
        Assert.Equal(("XG1104", FindingSeverity.Warning), (mac.Code, mac.Severity));
    }

    [Fact]
    public void A_universal_dylib_without_arm64_is_XG1108()
    {
        PackageAuditResult result = Audit(null, ("runtimes/osx/native/libacme.dylib", SyntheticBinaries.Fat64(Dylib(CpuX64))));
        Finding finding = Assert.Single(result.Findings);
        Assert.Equal(("XG1108", FindingSeverity.Error), (finding.Code, finding.Severity));
        Assert.Equal(["osx-arm64"], finding.Rids);
    }

    [Fact]
    public void Needed_libraries_nothing_provides_are_XG1105()
    {
        PackageAuditResult result = Audit(null,
            ("runtimes/linux-x64/native/libacme.so", Glibc(needed: ["libc.so.6", "libhelper.so.1", "libzstd.so.1", "libfontconfig.so.1"])),
            ("runtimes/linux-x64/native/libhelper.so.1", Glibc()),
            ("runtimes/linux-musl-x64/native/libacme.so", Musl()));
        List<Finding> needed = result.Findings.Where(f => f.Code == "XG1105").ToList();
        Assert.Equal(2, needed.Count);
        Assert.Contains(needed, f => f.Severity == FindingSeverity.Warning && f.Message.Contains("'libzstd.so.1'", StringComparison.Ordinal));
        Assert.Contains(needed, f => f.Severity == FindingSeverity.Info && f.Message.Contains("libfontconfig1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_no_rid_selects_is_XG1106_with_a_suggestion()
    {
        PackageAuditResult result = Audit(null, ("runtimes/linux-amd64/native/libacme.so", Glibc()), ("runtimes/macos-arm64/native/libacme.dylib", Dylib(CpuArm64)));
        List<Finding> folders = result.Findings.Where(f => f.Code == "XG1106").ToList();
        Assert.Equal(2, folders.Count);
        Assert.Contains(folders, f => f.Message.Contains("rename it to runtimes/linux-x64/", StringComparison.Ordinal));
        Assert.Contains(folders, f => f.Message.Contains("rename it to runtimes/osx-arm64/", StringComparison.Ordinal));
        Assert.All(folders, f => Assert.Equal(FindingSeverity.Error, f.Severity));
    }

    [Fact]
    public void Claims_the_layout_does_not_keep_are_XG1107_XG1109_XG1110()
    {
        PackageAuditResult result = Audit(new PackageAuditSettings { Rids = ["linux-x64", "linux-musl-x64", "win-x64"] },
            ("runtimes/linux-x64/native/libacme.so", Glibc()),
            ("runtimes/linux-musl-x64/native/_._", []));
        Assert.Equal(["XG1107", "XG1109"], Codes(result));
        Assert.Equal("linux-musl-x64", result.Findings.Single(f => f.Code == "XG1107").Rid);
        Assert.Equal("win-x64", result.Findings.Single(f => f.Code == "XG1109").Rid);
        Directory.Delete(_root, recursive: true);

        // A placeholder for a RID the package does not claim is the intended way to block a fallback: no finding.
        Assert.Empty(Audit(null, ("runtimes/linux-x64/native/libacme.so", Glibc()), ("runtimes/linux-musl-x64/native/_._", []), ("runtimes/linux-musl-arm64/native/_._", []), ("runtimes/linux-arm64/native/libacme.so", Glibc(Arm64))).Findings);
        Directory.Delete(_root, recursive: true);

        string runtimeJson = """{ "runtimes": { "linux-x64": { "Acme.Native": { "runtime.linux-x64.Acme.Native": "1.2.3" } } } }""";
        PackageAuditResult redirect = Audit(new PackageAuditSettings { Rids = ["linux-x64", "osx-arm64"] }, ("runtime.json", Encoding.UTF8.GetBytes(runtimeJson)));
        Finding finding = Assert.Single(redirect.Findings, f => f.Code == "XG1110");
        Assert.Equal("osx-arm64", finding.Rid);
        Assert.Contains("for linux-x64 but not for the claimed osx-arm64", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_git_lfs_pointer_is_XG1111()
    {
        byte[] pointer = Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
        Finding finding = Assert.Single(Audit(null, ("runtimes/linux-x64/native/libacme.so", pointer)).Findings);
        Assert.Equal(("XG1111", FindingSeverity.Error), (finding.Code, finding.Severity));
        Assert.Contains("Git LFS pointer", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressions_name_the_package()
    {
        PackageAuditResult result = Audit(new PackageAuditSettings { Suppressions = [new Suppression("Acme.Native", "linux-arm64", "XG1101", "next release")] },
            ("runtimes/linux-arm64/native/libacme.so", Glibc(X64)));
        Assert.Equal("next release", Assert.Single(result.Findings, f => f.Code == "XG1101").SuppressedBecause);
    }

    [Fact]
    public void A_nupkg_is_read_as_untrusted_input()
    {
        Directory.CreateDirectory(_root);
        string good = Path.Combine(_root, "good.nupkg");
        using (ZipArchive zip = ZipFile.Open(good, ZipArchiveMode.Create))
        {
            Write(zip, "Acme.Native.nuspec", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><package><metadata><id>Acme.Native</id><version>2.0.0</version></metadata></package>"));
            Write(zip, "runtimes/linux-x64/native/libacme.so", Glibc());
            Write(zip, "lib/netstandard2.0/Acme.dll", [1, 2, 3]);
        }

        string extracted;
        using (PackageContents contents = PackageContents.FromNupkg(good))
        {
            Assert.Equal(("Acme.Native", "2.0.0"), (contents.Id, contents.Version));
            PackageFile file = Assert.Single(contents.Files);
            Assert.Equal("runtimes/linux-x64/native/libacme.so", file.PackagePath);
            extracted = file.FullPath;
            Assert.True(File.Exists(extracted));
        }

        Assert.False(File.Exists(extracted), "the extraction folder is removed on Dispose");

        string bomb = Path.Combine(_root, "bomb.nupkg");
        using (ZipArchive zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            Write(zip, "runtimes/linux-x64/native/libacme.so", new byte[4 * 1024 * 1024]);
        }

        Assert.Equal("XG9123", Assert.Throws<CoverageInputException>(() => PackageContents.FromNupkg(bomb, maxEntryBytes: 1024 * 1024)).Code);
        Assert.Equal("XG9124", Assert.Throws<CoverageInputException>(() => PackageContents.FromNupkg(good, maxEntries: 2)).Code);

        string dtd = Path.Combine(_root, "dtd.nupkg");
        using (ZipArchive zip = ZipFile.Open(dtd, ZipArchiveMode.Create))
        {
            Write(zip, "x.nuspec", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><package><metadata><id>&e;</id></metadata></package>"));
        }

        Assert.Equal("XG9121", Assert.Throws<CoverageInputException>(() => PackageContents.FromNupkg(dtd)).Code);
        Assert.False(PackageContents.IsSafeEntryName("runtimes/../../x.so"));
        Assert.False(PackageContents.IsSafeEntryName("C:/x.so"));
        Assert.False(PackageContents.IsSafeEntryName("/etc/x.so"));
        Assert.True(PackageContents.IsSafeEntryName("runtimes/linux-x64/native/libacme.so"));
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using Stream stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }
}
