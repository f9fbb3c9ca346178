using CrossGuard.Core.Assets;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Coverage;

/// <summary>
/// Issue 15: the P/Invokes of dependencies' managed assemblies, resolved per RID (XG1012), over real packages in the
/// global packages folder (the test project downloads them at restore) and one compiled here.
/// </summary>
public sealed class DependencyImportsTests
{
    private static readonly string[] s_rids = ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64", "win-x64"];

    /// <summary>One package of a synthesized restore: its runtime assemblies (lib/), RID-specific ones (runtimes/&lt;rid&gt;/lib) and natives.</summary>
    private sealed record Pkg(string Id, string Version, string[] Runtime, (string Path, string Rid)[]? RidRuntime = null, (string Path, string Rid)[]? Natives = null, string? Folder = null, string? Sha512 = null);

    private static RestoredGraph Graph(params Pkg[] packages)
    {
        var graph = new RestoredGraph { Version = 3 };
        graph.PackageFolders.Add(RealBinaries.PackagesRoot);
        var target = new RestoredTarget("net8.0", null);
        var framework = new ProjectFramework("net8.0", "net8.0");
        foreach (Pkg package in packages)
        {
            var library = new TargetLibrary(package.Id, package.Version, "package");
            library.RuntimeAssemblies.AddRange(package.Runtime);
            foreach ((string path, string rid) in package.RidRuntime ?? [])
            {
                library.RuntimeTargets.Add(new RuntimeTargetAsset(path, rid, "runtime"));
            }

            foreach ((string path, string rid) in package.Natives ?? [])
            {
                library.RuntimeTargets.Add(new RuntimeTargetAsset(path, rid, "native"));
            }

            target.Libraries.Add(library);
            string relative = package.Folder ?? $"{package.Id.ToLowerInvariant()}/{package.Version}";
            graph.Libraries[package.Id] = new RestoredLibrary(package.Id, package.Version, "package", relative, hasRuntimeJson: false, package.Sha512);
            framework.Dependencies.Add(package.Id);
        }

        graph.Targets.Add(target);
        graph.Frameworks.Add(framework);
        return graph;
    }

    private static CoverageReport Check(RestoredGraph graph, string[]? rids = null, bool allowNative = true, string? currentRid = null, InspectionCache? cache = null) =>
        new CoverageEngine(RidGraph.Bundled, cache: cache).Check(graph, new FrameworkSelector(null, null), new CheckSettings
        {
            Rids = rids ?? s_rids,
            AllowNative = allowNative,
            CurrentRid = currentRid,
            MinGlibc = new Version(2, 40),
            ProjectName = "app",
        });

    private static readonly Pkg s_drawing5 = new("System.Drawing.Common", "5.0.2", ["lib/netcoreapp3.0/System.Drawing.Common.dll"],
        [("runtimes/unix/lib/netcoreapp3.0/System.Drawing.Common.dll", "unix"), ("runtimes/win/lib/netcoreapp3.0/System.Drawing.Common.dll", "win")]);

    private static readonly Pkg s_sharpPcap = new("SharpPcap", "6.3.1", ["lib/net8.0/SharpPcap.dll"]);

    private static List<Finding> Xg1012(CoverageReport report) => report.Findings.Where(f => f.Code == "XG1012").ToList();

    [Fact]
    public void System_Drawing_Common_5_needs_libgdiplus_on_linux_and_macos_and_nothing_on_windows()
    {
        CoverageReport report = Check(Graph(s_drawing5));

        Finding gdiplus = Assert.Single(Xg1012(report), f => f.Library == "libgdiplus");
        Assert.Equal(FindingSeverity.Warning, gdiplus.Severity);
        Assert.Equal(["linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64"], gdiplus.Rids);
        Assert.Equal(["runtimes/unix/lib/netcoreapp3.0/System.Drawing.Common.dll"], gdiplus.Files);
        Assert.StartsWith("Package 'System.Drawing.Common' 5.0.2 (referenced directly): its assembly 'runtimes/unix/lib/netcoreapp3.0/System.Drawing.Common.dll' has 557 P/Invoke entry points into 'libgdiplus' on linux-x64, linux-arm64, linux-musl-x64, osx-arm64", gdiplus.Message, StringComparison.Ordinal);
        Assert.Contains("on Linux: apt libgdiplus, apk libgdiplus, dnf libgdiplus; on macOS: brew install mono-libgdiplus", gdiplus.Message, StringComparison.Ordinal);
        Assert.Contains("DllNotFoundException", gdiplus.Message, StringComparison.Ordinal);

        // Windows gets runtimes/win: gdiplus.dll and the rest are System32 DLLs.
        Assert.DoesNotContain(Xg1012(report), f => f.Rids.Contains("win-x64"));
        PackageCoverage package = Assert.Single(report.Packages);
        Assert.Equal(CoverageStatus.NeedsSystemLibrary, package.Coverage["linux-x64"].Status);
        Assert.Equal("libgdiplus", package.Coverage["linux-x64"].NeedsInstalled[0]);
        Assert.NotEqual(CoverageStatus.NeedsSystemLibrary, package.Coverage["win-x64"].Status);

        // Its other Unix imports: printing (libcups, part of macOS) and X11; Windows and macOS-framework imports of the
        // same assembly are another OS's and say nothing.
        Assert.Equal(["linux-x64", "linux-arm64", "linux-musl-x64"], Assert.Single(Xg1012(report), f => f.Library == "libcups").Rids);
        Assert.Single(Xg1012(report), f => f.Library == "libX11");
        Assert.Equal(3, Xg1012(report).Count);

        // The natives manifest learns the imports, so XG0001 leaves an app's own [DllImport("libgdiplus")] to XG1012.
        Assert.Contains("libgdiplus", report.ImportsByRid["linux-x64"]);
    }

    [Fact]
    public void A_system_library_to_install_stays_a_warning_for_the_rid_being_published_and_is_an_error_without_native_code()
    {
        Finding published = Assert.Single(Xg1012(Check(Graph(s_drawing5), currentRid: "linux-x64")), f => f.Library == "libgdiplus");
        Assert.Equal(FindingSeverity.Warning, published.Severity);

        Finding forbidden = Assert.Single(Xg1012(Check(Graph(s_drawing5), allowNative: false)), f => f.Library == "libgdiplus");
        Assert.Equal(FindingSeverity.Error, forbidden.Severity);
        Assert.Contains("CrossGuardAllowNative is false", forbidden.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_Drawing_Common_8_is_windows_only_by_declaration_and_needs_nothing()
    {
        // lib/net8.0 declares [assembly: SupportedOSPlatform("windows")]: its gdiplus.dll imports never run elsewhere.
        CoverageReport report = Check(Graph(new Pkg("System.Drawing.Common", "8.0.34", ["lib/net8.0/System.Drawing.Common.dll"])));
        Assert.Empty(Xg1012(report));
        Assert.All(report.Packages[0].Coverage.Values, c => Assert.Equal(CoverageStatus.NotNative, c.Status));
    }

    [Fact]
    public void SharpPcap_needs_libpcap_on_linux_through_its_resolver_npcap_on_windows_and_nothing_on_macos()
    {
        CoverageReport report = Check(Graph(s_sharpPcap));

        Finding linux = Assert.Single(Xg1012(report), f => f.Library == "libpcap");
        Assert.Equal(["linux-x64", "linux-arm64", "linux-musl-x64"], linux.Rids);
        Assert.Contains("has 54 P/Invoke entry points into 'wpcap' (loaded as libpcap by its own resolver)", linux.Message, StringComparison.Ordinal);
        Assert.Contains("apt libpcap0.8, apk libpcap, dnf libpcap", linux.Message, StringComparison.Ordinal);

        Finding windows = Assert.Single(Xg1012(report), f => f.Library == "wpcap");
        Assert.Equal(["win-x64"], windows.Rids);
        Assert.Contains("Npcap", windows.Message, StringComparison.Ordinal);

        // macOS has /usr/lib/libpcap.A.dylib, which its resolver's "libpcap.dylib" reaches; its kernel32 / iphlpapi imports
        // are Windows APIs and its WinDivert / NDISAPI drivers Windows-only third-party DLLs.
        Assert.DoesNotContain(Xg1012(report), f => f.Rids.Contains("osx-arm64"));
        Assert.Equal(["WinDivert.dll", "libpcap", "ndisapi.dll", "wpcap"], Xg1012(report).Select(f => f.Library!).Order(StringComparer.Ordinal));
        Assert.All(Xg1012(report).Where(f => f.Library is "WinDivert.dll" or "ndisapi.dll"), f => Assert.Equal(["win-x64"], f.Rids));
        Assert.Equal(["wpcap", "ndisapi.dll", "WinDivert.dll"], report.Packages[0].Coverage["win-x64"].NeedsInstalled);
    }

    [Fact]
    public void Sqlite_provider_imports_resolve_to_the_e_sqlite3_natives_of_the_closure()
    {
        string[] natives = ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-arm64", "win-x64"];
        var lib = new Pkg("SQLitePCLRaw.lib.e_sqlite3", "2.1.11", [],
            Natives: natives.Select(r => ($"runtimes/{r}/native/" + (r.StartsWith("win", StringComparison.Ordinal) ? "e_sqlite3.dll" : r.StartsWith("osx", StringComparison.Ordinal) ? "libe_sqlite3.dylib" : "libe_sqlite3.so"), r)).ToArray());
        var provider = new Pkg("SQLitePCLRaw.provider.e_sqlite3", "2.1.11", ["lib/net6.0/SQLitePCLRaw.provider.e_sqlite3.dll"]);
        Assert.Contains(PInvokeSurface.Read(Path.Combine(RealBinaries.PackagesRoot, "sqlitepclraw.provider.e_sqlite3", "2.1.11", "lib", "net6.0", "SQLitePCLRaw.provider.e_sqlite3.dll")).Imports, i => i.Library == "e_sqlite3");

        CoverageReport report = Check(Graph(lib, provider));
        Assert.Empty(Xg1012(report));

        // Without the natives package nothing ships e_sqlite3: then it is a library to provide.
        Assert.Equal("e_sqlite3", Assert.Single(Xg1012(Check(Graph(provider), ["linux-x64"]))).Library);
    }

    [Fact]
    public void Newtonsoft_Json_imports_nothing()
    {
        string path = Path.Combine(RealBinaries.PackagesRoot, "newtonsoft.json", "13.0.3", "lib", "net6.0", "Newtonsoft.Json.dll");
        PInvokeSurface surface = PInvokeSurface.Read(path);
        Assert.Null(surface.Error);
        Assert.Empty(surface.Imports);
        Assert.Empty(Xg1012(Check(Graph(new Pkg("Newtonsoft.Json", "13.0.3", ["lib/net6.0/Newtonsoft.Json.dll"])))));
    }

    [Fact]
    public void Guarded_windows_apis_and_platform_declarations_at_method_type_and_assembly_level_are_respected()
    {
        string packages = Path.Combine(Path.GetTempPath(), "cg-imports-" + Guid.NewGuid().ToString("N"));
        try
        {
            SyntheticAssemblies.Compile(Path.Combine(packages, "guarded", "1.0.0", "lib", "net8.0"), "Guarded", """
                using System;
                using System.Runtime.InteropServices;
                using System.Runtime.Versioning;
                public static class Api
                {
                    // A cross-platform library's Windows branch: unannotated Windows API imports, guarded by OperatingSystem.IsWindows().
                    [DllImport("kernel32.dll")] private static extern uint GetCurrentProcessId();
                    [DllImport("user32")] private static extern int GetSystemMetrics(int index);
                    [SupportedOSPlatform("windows")] [DllImport("advapi32.dll")] private static extern int RegCloseKey(IntPtr key);
                    public static long Id() => OperatingSystem.IsWindows() ? GetCurrentProcessId() + GetSystemMetrics(0) + RegCloseKey(IntPtr.Zero) : Environment.ProcessId;
                }

                [SupportedOSPlatform("windows")]
                public static class WindowsOnly
                {
                    [DllImport("vendor_windows_sdk")] public static extern int Call();
                }

                [UnsupportedOSPlatform("linux")]
                public static class NotOnLinux
                {
                    [DllImport("vendor_unix_sdk")] public static extern int Call();
                }
                """);
            var graph = Graph(new Pkg("Guarded", "1.0.0", ["lib/net8.0/Guarded.dll"], Folder: "guarded/1.0.0"));
            graph.PackageFolders.Insert(0, packages);
            List<Finding> findings = Xg1012(Check(graph));

            // Windows system DLLs are nothing anywhere; a type declared Windows-only counts on Windows only, one declared
            // unsupported on Linux everywhere but Linux.
            Assert.Equal(["win-x64"], Assert.Single(findings, f => f.Library == "vendor_windows_sdk").Rids);
            Assert.Equal(["osx-arm64", "win-x64"], Assert.Single(findings, f => f.Library is "libvendor_unix_sdk" or "vendor_unix_sdk").Rids);
            Assert.Equal(2, findings.Count);

            PInvokeSurface surface = PInvokeSurface.Read(Path.Combine(packages, "guarded", "1.0.0", "lib", "net8.0", "Guarded.dll"));
            Assert.Equal(["windows"], Assert.Single(surface.Imports, i => i.Library == "advapi32.dll").Supported);
            Assert.Equal(["linux"], Assert.Single(surface.Imports, i => i.Library == "vendor_unix_sdk").Unsupported);
            Assert.False(surface.RegistersResolver);
        }
        finally
        {
            Directory.Delete(packages, recursive: true);
        }
    }

    [Fact]
    public void Surfaces_are_read_once_per_machine_through_the_inspection_cache_and_a_tampered_entry_is_a_miss()
    {
        string cacheFolder = Path.Combine(Path.GetTempPath(), "cg-imports-cache-" + Guid.NewGuid().ToString("N"));
        string sha = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("System.Drawing.Common/5.0.2"u8.ToArray()));
        Pkg drawing = s_drawing5 with { Sha512 = sha };
        try
        {
            var first = new InspectionCache(cacheFolder);
            string[] cold = Xg1012(Check(Graph(drawing), cache: first)).Select(f => f.Message).ToArray();
            Assert.Equal(0, first.Hits);
            Assert.Equal(2, first.Misses); // runtimes/unix (Linux, macOS) and runtimes/win: lib/ is selected by no RID

            var second = new InspectionCache(cacheFolder);
            Assert.Equal(cold, Xg1012(Check(Graph(drawing), cache: second)).Select(f => f.Message).ToArray());
            Assert.Equal(2, second.Hits);
            Assert.Equal(0, second.Misses);

            // A changed entry count in the file is caught by nothing but the reader's own validation: it must be a miss.
            string file = Directory.EnumerateFiles(cacheFolder, "*.txt", SearchOption.AllDirectories).Single();
            File.WriteAllText(file, File.ReadAllText(file).Replace("libgdiplus\u001d557\u001d", "libgdiplus\u001d-5\u001d", StringComparison.Ordinal));
            var tampered = new InspectionCache(cacheFolder);
            Assert.Equal(cold, Xg1012(Check(Graph(drawing), cache: tampered)).Select(f => f.Message).ToArray());
            Assert.True(tampered.Misses >= 1);
        }
        finally
        {
            Directory.Delete(cacheFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData("libgdiplus", "linux-x64", ImportResolution.NeedsInstall)]
    [InlineData("libgdiplus", "osx-arm64", ImportResolution.NeedsInstall)]
    [InlineData("gdiplus.dll", "win-x64", ImportResolution.BaseSystem)]
    [InlineData("kernel32", "linux-x64", ImportResolution.OtherOs)]
    [InlineData("kernel32.dll", "osx-arm64", ImportResolution.OtherOs)]
    [InlineData("libc", "linux-musl-x64", ImportResolution.BaseSystem)]
    [InlineData("libSystem.Native", "linux-x64", ImportResolution.Runtime)]
    [InlineData("/System/Library/Frameworks/Carbon.framework/Versions/Current/Carbon", "linux-x64", ImportResolution.OtherOs)]
    [InlineData("/System/Library/Frameworks/Carbon.framework/Versions/Current/Carbon", "osx-arm64", ImportResolution.BaseSystem)]
    [InlineData("e_sqlite3", "linux-x64", ImportResolution.Shipped)]
    [InlineData("e_sqlite3", "win-x64", ImportResolution.Shipped)]
    [InlineData("libzstd", "osx-arm64", ImportResolution.ShippedForOtherRids)]
    [InlineData("wpcap", "win-x64", ImportResolution.NeedsInstall)]
    public void Resolution_follows_the_runtime_probe_names(string import, string rid, ImportResolution expected)
    {
        string[] closure = rid.StartsWith("win", StringComparison.Ordinal) ? ["e_sqlite3.dll"] : ["libe_sqlite3.so"];
        (ImportResolution resolution, _) = DependencyImports.Resolve(import, [], RidInfo.Parse(rid), closure, new HashSet<string> { "zstd" });
        Assert.Equal(expected, resolution);
    }
}
