using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Truth;

/// <summary>
/// One package of the truth table: restored alone in a sample project (its closure is what `crossguard check` sees
/// and what the RID graph selects from). <paramref name="Sampled"/> packages also run in the normal suite (CI); the
/// rest only with CROSSGUARD_TRUTH_FULL=1.
/// </summary>
public sealed record TruthPackage(string Id, string Version, bool Sampled, string Why, Action<PackageFixture>? Prepare = null)
{
    /// <summary>A local package written into the run's feed from real binaries of packages restored before it.</summary>
    public const string MisplacedId = "CrossGuardTruth.Misplaced";

    /// <summary>
    /// Every package, in run order (the donors of <see cref="MisplacedId"/> come before it). All packages the other
    /// test projects restore that carry natives, plus the most downloaded native packages the feed serves.
    /// </summary>
    public static IReadOnlyList<TruthPackage> All { get; } =
    [
        new("ZstdNet", "1.5.7", true, "glibc-only Linux builds: XG1002 through the musl fallback"),
        new("SQLitePCLRaw.lib.e_sqlite3", "2.1.13", true, "musl builds; relies on the app's libm (trunc); donor of the misplaced package"),
        new("SQLitePCLRaw.lib.e_sqlite3", "2.1.11", false, "an older e_sqlite3"),
        new("SQLitePCLRaw.lib.e_sqlite3", "3.53.3", false, "the 3.x line, with static archives beside the .so"),
        new("Microsoft.Data.Sqlite", "8.0.34", false, "the SQLite most apps get, through its bundle"),
        new("SkiaSharp.NativeAssets.Linux", "2.88.9", true, "needs libfontconfig.so.1 from the system"),
        new("SkiaSharp.NativeAssets.Linux", "3.119.0", false, "fontconfig linked dynamically on x64 and musl, statically on arm64"),
        new("SkiaSharp.NativeAssets.Linux.NoDependencies", "3.119.0", false, "fontconfig built in"),
        new("SkiaSharp.NativeAssets.Win32", "3.119.0", true, "Windows only (no Linux file is selected); donor of a PE file"),
        new("SkiaSharp.NativeAssets.macOS", "3.119.0", true, "macOS only; donor of a Mach-O file"),
        new("HarfBuzzSharp.NativeAssets.Linux", "8.3.1.1", false, "SkiaSharp's text shaping"),
        new("HarfBuzzSharp.NativeAssets.Win32", "8.3.1.1", false, "Windows only"),
        new("HarfBuzzSharp.NativeAssets.macOS", "8.3.1.1", false, "macOS only"),
        new("Magick.NET-Q8-AnyCPU", "15.1.0", false, "ImageMagick, with musl builds"),
        new("LibGit2Sharp.NativeBinaries", "2.0.324", false, "libgit2, with musl builds"),
        new("librdkafka.redist", "2.16.0", true, "three builds per folder (glibc + SASL, CentOS 8, Alpine musl) that Confluent.Kafka chooses from"),
        new("Microsoft.ML.OnnxRuntime", "1.31.1", false, "C++; its CPU detection runs in a constructor"),
        new("Grpc.Core", "2.46.5", false, "C++, glibc only"),
        new("libsodium", "1.0.22", false, "musl builds"),
        new("NSec.Cryptography", "26.4.0", false, "libsodium through a dependency"),
        new("Microsoft.Data.SqlClient", "7.1.2", false, "its native SNI is Windows only; Linux is managed"),
        new("System.IO.Ports", "9.0.23", false, "natives through runtime.<rid>.runtime.native.System.IO.Ports packages"),
        new("System.IO.Ports", "10.0.15", false, "the same, .NET 10"),
        new("OpenCvSharp4.official.runtime.linux-x64", "4.13.0.20261107", false, "linux-x64 only; needs GTK 3 from the system"),
        new("NetVips.Native", "8.18.7", false, "libvips through one package per RID, musl included"),
        new("DuckDB.NET.Bindings.Full", "1.5.6.1", false, "C++, glibc only"),
        new("Mono.Posix.NETStandard", "1.0.0", true, "needs libz.so.1"),
        new("Mono.Unix", "7.1.0-final.1.21458.1", false, "Mono.Posix's successor"),
        new("KeraLua", "1.4.11", false, "Lua"),
        new("Microsoft.ML.CpuMath", "6.0.0", false, "ML.NET's native math"),
        new("LightGBM", "4.7.0", false, "needs OpenMP (libgomp.so.1) from the system"),
        new("Microsoft.Z3", "4.12.2", false, "the Z3 solver"),
        new("RocksDB", "11.12.0.7641", false, "RocksDB, with musl builds"),
        new("Microsoft.ClearScript.V8.Native.linux-x64", "7.5.1.1", false, "V8, linux-x64 only"),
        new("SkiaSharp.NativeAssets.Linux", "4.156.1", false, "the newest SkiaSharp: more Linux RIDs"),
        new("HarfBuzzSharp.NativeAssets.Linux", "14.4.0.101", false, "the newest HarfBuzzSharp"),
        new("SQLitePCLRaw.lib.e_sqlite3", "2.0.6", false, "an e_sqlite3 of the 2.0 line"),
        new("Grpc.Core", "2.25.0", false, "an older Grpc.Core"),
        new("Google.OrTools", "9.15.6755", false, "OR-Tools through runtime.<rid> packages"),
        new("Microsoft.ML.OnnxRuntimeGenAI", "0.20.0", false, "generative AI over ONNX Runtime"),
        new("Microsoft.ML.OnnxRuntime", "1.32.0", false, "the newest ONNX Runtime"),
        new(MisplacedId, "1.0.0", true, "synthesized from the real binaries above: arm64, musl, Windows PE and Mach-O files where the RID graph picks them for another target",
            MisplacedPackage.Write),
    ];
}

/// <summary>
/// The packaging slips the issue asks for, made of real binaries of this run's packages (ELF class and machine checked by
/// the test itself, not by CrossGuard): a file for another architecture, OS or libc where the RID graph picks it.
/// </summary>
public static class MisplacedPackage
{
    public static void Write(PackageFixture fixture)
    {
        string Donor(string package, string version, string file)
        {
            string path = Path.Combine(fixture.PackagesDirectory, package.ToLowerInvariant(), version, file);
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: the donor package {package} {version} must be restored before {TruthPackage.MisplacedId}");
        }

        const string sqlite = "SQLitePCLRaw.lib.e_sqlite3";
        string x64 = Donor(sqlite, "2.1.13", "runtimes/linux-x64/native/libe_sqlite3.so");
        string arm64 = Donor(sqlite, "2.1.13", "runtimes/linux-arm64/native/libe_sqlite3.so");
        string musl = Donor(sqlite, "2.1.13", "runtimes/linux-musl-x64/native/libe_sqlite3.so");
        string pe = Donor("SkiaSharp.NativeAssets.Win32", "3.119.0", "runtimes/win-x64/native/libSkiaSharp.dll");
        string macho = Donor("SkiaSharp.NativeAssets.macOS", "3.119.0", "runtimes/osx/native/libSkiaSharp.dylib");
        if (!LocalNativePackage.IsX64Elf(x64) || LocalNativePackage.IsX64Elf(arm64))
        {
            throw new InvalidOperationException("the donors are not what they are named: " + x64 + ", " + arm64);
        }

        LocalNativePackage.Write(fixture.FeedDirectory, TruthPackage.MisplacedId, new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libmisplaced_arm64.so"] = arm64,
            ["runtimes/linux-x64/native/libmisplaced_musl.so"] = musl,
            ["runtimes/linux-x64/native/misplaced_windows.dll"] = pe,
            ["runtimes/linux-arm64/native/libmisplaced_x64.so"] = x64,
            ["runtimes/linux-arm64/native/libmisplaced_macos.dylib"] = macho,
            ["runtimes/linux-musl-x64/native/libmisplaced_glibc.so"] = x64,
        });
    }
}
