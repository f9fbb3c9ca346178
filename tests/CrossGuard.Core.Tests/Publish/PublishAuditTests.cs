using CrossGuard.Core.Binaries;
using CrossGuard.Core.Coverage;
using CrossGuard.Core.Publish;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Publish;

/// <summary>The probe model over synthesized publish layouts: real ELF / PE / Mach-O headers, real assembly metadata.</summary>
public sealed class PublishAuditTests : IDisposable
{
    private const ushort X64 = 62;
    private const ushort Arm64 = 183;
    private const string MuslInterpreter = "/lib/ld-musl-x86_64.so.1";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "crossguard-probe-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static byte[] Elf(ushort machine = X64, string? interp = null, string[]? needed = null) => SyntheticBinaries.Elf(interp: interp, needed: needed, machine: machine);

    private static byte[] WindowsDll(params string[] imports) => SyntheticBinaries.Pe(pe32Plus: true, imports, []);

    private static byte[] MacDylib() => SyntheticBinaries.MachO(0x0100000C, 1, 0x000B0000, ["/usr/lib/libSystem.B.dylib"]);

    private PublishedFile File(string relative, byte[] bytes, string? package = null, bool copiedByTargets = false)
    {
        string path = Path.Combine(_root, "files", Guid.NewGuid().ToString("N")[..8], Path.GetFileName(relative));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return new PublishedFile(relative, path, package, package is null ? null : "1.0.0", CopiedByPackageTargets: copiedByTargets);
    }

    private static PublishAuditResult Audit(string rid, IEnumerable<PublishedFile> files, params string[] manifest) =>
        PublishAudit.Run(PublishLayout.ForRid(files, RidInfo.Parse(rid)), manifest, f => NativeBinaryInspector.Inspect(f.FullPath));

    private static List<Finding> Of(PublishAuditResult result, string code, FindingSeverity? severity = null) =>
        result.Findings.Where(f => f.Code == code && (severity is null || f.Severity == severity)).ToList();

    private static void AssertNoErrors(PublishAuditResult result) =>
        Assert.True(result.Findings.All(f => f.Severity != FindingSeverity.Error), string.Join("\n", result.Findings));

    [Fact]
    public void Name_variations_follow_the_runtime_order_per_OS()
    {
        Assert.Equal(["foo.so", "libfoo.so", "foo", "libfoo"], NativeProbe.NameVariations("foo", RidOs.Linux));
        Assert.Equal(["libfoo.so.1", "liblibfoo.so.1", "libfoo.so.1.so", "liblibfoo.so.1.so"], NativeProbe.NameVariations("libfoo.so.1", RidOs.Linux));
        Assert.Equal(["foo.dylib", "libfoo.dylib", "foo", "libfoo"], NativeProbe.NameVariations("foo", RidOs.MacOS));
        // A directory in the name: no "lib" prefix.
        Assert.Equal(["native/foo.so", "native/foo"], NativeProbe.NameVariations("native/foo", RidOs.Linux));
        Assert.Equal(["foo.dll"], NativeProbe.NameVariations("foo", RidOs.Windows));
        Assert.Equal(["foo.dll"], NativeProbe.NameVariations("foo.dll", RidOs.Windows));
        Assert.Equal(["foo.so.1", "foo.so.1.dll"], NativeProbe.NameVariations("foo.so.1", RidOs.Windows));
        Assert.Equal(["/usr/lib/libc.so.6"], NativeProbe.NameVariations("/usr/lib/libc.so.6", RidOs.Linux));
    }

    [Fact]
    public void App_packing_its_own_natives_for_every_rid_with_its_own_resolver_has_no_error()
    {
        // Issue 21 item 2(a): natives for every RID as content under runtimes/<rid>/native/, loaded by the app's resolver.
        var files = new List<PublishedFile>
        {
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo"], setDllImportResolver: true)),
            File("runtimes/linux-x64/native/libfoo.so", Elf()),
            File("runtimes/linux-arm64/native/libfoo.so", Elf(Arm64)),
            File("runtimes/linux-musl-x64/native/libfoo.so", Elf(interp: MuslInterpreter)),
            File("runtimes/win-x64/native/foo.dll", WindowsDll("KERNEL32.dll")),
            File("runtimes/osx-arm64/native/libfoo.dylib", MacDylib()),
        };

        PublishAuditResult result = Audit("linux-x64", files);

        AssertNoErrors(result);
        Finding resolver = Assert.Single(Of(result, "XG2005", FindingSeverity.Info));
        Assert.Contains("NativeLibrary.SetDllImportResolver", resolver.Message, StringComparison.Ordinal);
        Assert.Contains("'foo'", resolver.Message, StringComparison.Ordinal);
        // The other RIDs' files cannot load on linux-x64: one dead-weight warning for the project, with count and size.
        Finding dead = Assert.Single(Of(result, "XG2004", FindingSeverity.Warning));
        Assert.StartsWith("The project puts 4 native files (", dead.Message, StringComparison.Ordinal);
        Assert.Contains("runtimes/linux-musl-x64/native/libfoo.so' (Linux ELF x64 (musl) binary", dead.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("runtimes/linux-x64/native/libfoo.so", dead.Message, StringComparison.Ordinal);
    }

    /// <summary>Confluent.Kafka 2.15.1's layout: one assembly importing three builds of librdkafka with the same entry points.</summary>
    private List<PublishedFile> KafkaLike(bool withGlibcBuild)
    {
        var files = new List<PublishedFile>
        {
            File("Confluent.Kafka.dll", SyntheticAssemblies.Create("Confluent.Kafka", imports: ["librdkafka", "centos8-librdkafka", "alpine-librdkafka"],
                entryPoints: ["rd_kafka_version", "rd_kafka_new", "rd_kafka_destroy"]), package: "Confluent.Kafka"),
            File("alpine-librdkafka.so", Elf(interp: MuslInterpreter), package: "librdkafka.redist"),
        };
        if (withGlibcBuild)
        {
            files.Add(File("librdkafka.so", Elf(), package: "librdkafka.redist"));
            files.Add(File("centos8-librdkafka.so", Elf(), package: "librdkafka.redist"));
        }

        return files;
    }

    [Fact]
    public void Alternative_builds_of_one_library_are_not_a_verdict_when_one_of_them_loads()
    {
        // Field test (kafka, linux-x64): the musl build the 'alpine-librdkafka' import reaches was a false XG2001 error
        // that blocked a working publish; Confluent.Kafka calls it only on Alpine and uses 'librdkafka' elsewhere.
        PublishAuditResult result = Audit("linux-x64", KafkaLike(withGlibcBuild: true));

        AssertNoErrors(result);
        Assert.Empty(Of(result, "XG2001"));
        Finding alternative = Assert.Single(Of(result, "XG2003"));
        Assert.Equal(FindingSeverity.Info, alternative.Severity);
        Assert.Contains("loads 'alpine-librdkafka'", alternative.Message, StringComparison.Ordinal);
        Assert.Contains("also imports 'librdkafka' with the same entry points (3 shared, e.g. rd_kafka_destroy, rd_kafka_new, rd_kafka_version), which reaches 'librdkafka.so', built for linux-x64", alternative.Message, StringComparison.Ordinal);
        // The musl build still cannot load on glibc and nothing else loads it: dead weight, as a warning.
        Finding dead = Assert.Single(Of(result, "XG2004", FindingSeverity.Warning));
        Assert.Contains("'alpine-librdkafka.so' (Linux ELF x64 (musl) binary", dead.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alternative_builds_for_another_OS_are_information_not_warnings()
    {
        // Field test (kafka, win-x64 and osx-x64): two XG2003 warnings for the Linux-only builds before.
        PublishAuditResult result = Audit("win-x64",
        [
            File("Confluent.Kafka.dll", SyntheticAssemblies.Create("Confluent.Kafka", imports: ["librdkafka", "centos8-librdkafka", "alpine-librdkafka"],
                entryPoints: ["rd_kafka_version", "rd_kafka_new"]), package: "Confluent.Kafka"),
            File("librdkafka.dll", WindowsDll("KERNEL32.dll"), package: "librdkafka.redist"),
        ]);

        Assert.DoesNotContain(result.Findings, f => f.Severity != FindingSeverity.Info);
        Assert.Equal(["alpine-librdkafka", "centos8-librdkafka"], Of(result, "XG2003").Select(f => System.Text.RegularExpressions.Regex.Match(f.Message, "loads '([^']+)'").Groups[1].Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_windows_dll_name_on_linux_is_no_distribution_library_to_install()
    {
        // Field test (jellyfin, linux-*): SkiaSharp 3.119.4 imports 'libEGL.dll' (ANGLE, Windows only); XG2002 told
        // the user to install libegl1, which that import never loads on Linux.
        PublishAuditResult result = Audit("linux-x64",
        [
            File("SkiaSharp.dll", SyntheticAssemblies.Create("SkiaSharp", imports: ["libSkiaSharp", "libEGL.dll"]), package: "SkiaSharp"),
            File("libSkiaSharp.so", Elf(), package: "SkiaSharp.NativeAssets.Linux"),
        ]);

        Assert.Empty(result.Findings);
        Assert.StartsWith("a library of Windows only", result.Loads.Single(l => l.Library == "libEGL.dll").Satisfied, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("win-x64")]
    [InlineData("osx-arm64")]
    public void A_linux_distribution_library_is_no_finding_off_linux(string rid)
    {
        // Field test (gcm): Tmds.DBus.Protocol 0.21.3 imports 'libX11' (its X11 fallback on Linux): XG2003 warned on
        // every Windows and macOS publish that nothing provides it there.
        PublishAuditResult result = Audit(rid, [File("Tmds.DBus.Protocol.dll", SyntheticAssemblies.Create("Tmds.DBus.Protocol", imports: ["libX11"]), package: "Tmds.DBus.Protocol")]);

        Assert.Empty(result.Findings);
        Assert.StartsWith("a library of Linux distributions only", result.Loads.Single().Satisfied, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_that_loads_its_natives_by_path_itself_is_not_an_error()
    {
        // Field test (whisper): Whisper.net.Runtime's targets put runtimes/<rid>/libwhisper.so into every publish and
        // Whisper.net dlopens it by path before its P/Invokes of 'libwhisper' run: 6 false XG2003 errors blocked every
        // publish. Without the dlopen import the same layout is still an error (issue 21 item 3).
        PublishedFile native = File("runtimes/linux-x64/libwhisper.so", Elf(), package: "Whisper.net.Runtime", copiedByTargets: true);
        PublishAuditResult result = Audit("linux-x64",
        [
            File("Whisper.net.dll", SyntheticAssemblies.Create("Whisper.net", imports: ["libwhisper!whisper_init", "libdl.so.2!dlopen"]), package: "Whisper.net"),
            native,
        ]);

        AssertNoErrors(result);
        Finding info = Assert.Single(Of(result, "XG2003"));
        Assert.Equal(FindingSeverity.Info, info.Severity);
        Assert.True(info.Message.Contains("but the assembly loads native libraries by path itself (it P/Invokes dlopen from 'libdl.so.2')", StringComparison.Ordinal), info.Message);

        PublishAuditResult plain = Audit("linux-x64",
        [
            File("Whisper.net.dll", SyntheticAssemblies.Create("Whisper.net", imports: ["libwhisper"]), package: "Whisper.net"),
            native,
        ]);
        Assert.Single(Of(plain, "XG2003", FindingSeverity.Error));
    }

    [Fact]
    public void A_missing_dependency_of_a_file_nothing_loads_is_no_finding()
    {
        // Field test (kafka, win-x64): librdkafka.redist ships librdkafkacpp.dll and msvcp140.dll, which need
        // VCRUNTIME140_1.dll; Confluent.Kafka loads librdkafka.dll, which needs neither: two false XG2002 warnings.
        PublishedFile[] files =
        [
            File("Confluent.Kafka.dll", SyntheticAssemblies.Create("Confluent.Kafka", imports: ["librdkafka"]), package: "Confluent.Kafka"),
            File("librdkafka.dll", WindowsDll("KERNEL32.dll"), package: "librdkafka.redist"),
            File("librdkafkacpp.dll", WindowsDll("KERNEL32.dll", "VCRUNTIME140_1.dll", "librdkafka.dll"), package: "librdkafka.redist"),
        ];

        PublishAuditResult result = Audit("win-x64", files, "librdkafka.dll", "librdkafkacpp.dll");
        Assert.Empty(result.Findings);

        // Loaded by the code, the same missing dependency is a warning.
        PublishAuditResult loaded = Audit("win-x64", [File("app.dll", SyntheticAssemblies.Create("app", imports: ["librdkafkacpp"])), .. files[1..]]);
        Finding needed = Assert.Single(Of(loaded, "XG2002", FindingSeverity.Warning));
        Assert.Contains("'librdkafkacpp.dll' in the publish output for win-x64 needs 'VCRUNTIME140_1.dll'", needed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_build_is_still_an_error_when_no_alternative_loads()
    {
        // Without the glibc builds the musl file is all the loader gets for every import: the load fails.
        PublishAuditResult result = Audit("linux-x64", KafkaLike(withGlibcBuild: false));

        Finding error = Assert.Single(Of(result, "XG2001", FindingSeverity.Error));
        Assert.Contains("'alpine-librdkafka.so' in the publish output for linux-x64 is a Linux ELF x64 (musl) binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_libraries_of_one_assembly_are_not_alternatives()
    {
        // Same assembly, no shared entry points: 'bar' reaching an arm64 file is an error although 'foo' loads.
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo", "bar"])),
            File("libfoo.so", Elf()),
            File("libbar.so", Elf(Arm64)),
        ]);

        Finding error = Assert.Single(Of(result, "XG2001", FindingSeverity.Error));
        Assert.Contains("for 'bar'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_left_under_runtimes_rid_native_in_a_rid_specific_publish_is_an_error()
    {
        // Issue 21 item 3: the P/Invoke finds nothing, because a RID-specific publish is probed in the app folder only.
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo"])),
            File("runtimes/linux-x64/native/libfoo.so", Elf()),
        ]);

        Finding error = Assert.Single(Of(result, "XG2003", FindingSeverity.Error));
        Assert.Contains("a P/Invoke in 'app.dll' (the project) loads 'foo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'runtimes/linux-x64/native/libfoo.so' is in the publish output, but the runtime never looks there", error.Message, StringComparison.Ordinal);
        Assert.Contains("probe order: foo.so (absent), libfoo.so (absent)", error.Message, StringComparison.Ordinal);
        Assert.Empty(Of(result, "XG2004"));
    }

    [Fact]
    public void The_same_folder_is_probed_in_a_portable_publish_through_deps_json()
    {
        PublishedFile[] files =
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo"])),
            File("runtimes/linux-x64/native/libfoo.so", Elf()),
            File("runtimes/linux-arm64/native/libfoo.so", Elf(Arm64)),
        ];
        const string deps = """
            {"targets":{".NETCoreApp,Version=v10.0":{"Foo/1.0.0":{"runtimeTargets":{
              "runtimes/linux-x64/native/libfoo.so":{"rid":"linux-x64","assetType":"native"},
              "runtimes/linux-arm64/native/libfoo.so":{"rid":"linux-arm64","assetType":"native"}}}}}}
            """;

        foreach (string rid in new[] { "linux-x64", "linux-arm64" })
        {
            PublishLayout layout = PublishLayout.Portable(files, RidInfo.Parse(rid), RidGraph.Bundled.Chain(rid), deps);
            PublishAuditResult result = PublishAudit.Run(layout, [], f => NativeBinaryInspector.Inspect(f.FullPath));
            Assert.DoesNotContain(result.Findings, f => f.Code != "XG2004");
            Assert.Equal($"runtimes/{rid}/native/libfoo.so", result.Loads.Single(l => l.Library == "foo").Reached!.RelativePath);
        }
    }

    [Fact]
    public void Windows_dlls_copied_into_linux_and_macOS_publishes_are_dead_weight_not_errors()
    {
        // Issue 21 item 2(b), ONNX Runtime's targets: onnxruntime.dll beside libonnxruntime.so; "onnxruntime" probes .so / .dylib names.
        PublishedFile managed = File("Microsoft.ML.OnnxRuntime.dll", SyntheticAssemblies.Create("Microsoft.ML.OnnxRuntime", imports: ["onnxruntime"]), "Microsoft.ML.OnnxRuntime.Managed");
        PublishAuditResult linux = Audit("linux-arm64",
        [
            managed,
            File("libonnxruntime.so", Elf(Arm64, needed: ["libonnxruntime_providers_shared.so"]), "Microsoft.ML.OnnxRuntime"),
            File("libonnxruntime_providers_shared.so", Elf(Arm64), "Microsoft.ML.OnnxRuntime"),
            File("onnxruntime.dll", WindowsDll("KERNEL32.dll"), "microsoft.ml.onnxruntime", copiedByTargets: true),
            File("onnxruntime_providers_shared.dll", WindowsDll("KERNEL32.dll"), "microsoft.ml.onnxruntime", copiedByTargets: true),
        ], "libonnxruntime.so", "libonnxruntime_providers_shared.so");

        AssertNoErrors(linux);
        Assert.Equal("libonnxruntime.so", linux.Loads.Single(l => l.Library == "onnxruntime").Reached!.RelativePath);
        Finding dead = Assert.Single(linux.Findings);
        Assert.Equal("XG2004", dead.Code);
        Assert.Equal(FindingSeverity.Warning, dead.Severity);
        Assert.StartsWith("Package 'microsoft.ml.onnxruntime' 1.0.0 puts 2 native files (", dead.Message, StringComparison.Ordinal);
        Assert.Contains("copied in by the package's own build targets", dead.Message, StringComparison.Ordinal);

        PublishAuditResult mac = Audit("osx-arm64",
        [
            managed,
            File("libonnxruntime.dylib", MacDylib(), "Microsoft.ML.OnnxRuntime"),
            File("onnxruntime.dll", WindowsDll("KERNEL32.dll"), "microsoft.ml.onnxruntime", copiedByTargets: true),
        ]);
        AssertNoErrors(mac);
        Assert.Equal(["XG2004"], mac.Findings.Select(f => f.Code));
    }

    [Fact]
    public void A_foreign_binary_the_loader_reaches_is_an_error_with_header_and_probe_order()
    {
        PublishAuditResult result = Audit("linux-arm64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo"])),
            File("libfoo.so", Elf(X64), "Foo"),
        ]);

        Finding error = Assert.Single(Of(result, "XG2001", FindingSeverity.Error));
        Assert.Equal("Foo", error.PackageId);
        Assert.Contains("'libfoo.so' in the publish output for linux-arm64 is a Linux ELF x64 binary (ELF machine x64)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file the runtime reaches for 'foo', which a P/Invoke in 'app.dll' (the project) loads (probe order: foo.so (absent), libfoo.so (app folder)", error.Message, StringComparison.Ordinal);
        Assert.Empty(Of(result, "XG2004"));
    }

    [Fact]
    public void A_correct_file_later_in_the_probe_order_wins_over_a_foreign_one()
    {
        // dlopen skips the x64 foo.so and the runtime goes on to libfoo.so.
        PublishAuditResult result = Audit("linux-arm64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["foo"])),
            File("foo.so", Elf(X64)),
            File("libfoo.so", Elf(Arm64)),
        ]);

        AssertNoErrors(result);
        Assert.Equal("libfoo.so", result.Loads.Single().Reached!.RelativePath);
        Assert.Contains("'foo.so'", Assert.Single(Of(result, "XG2004")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Musl_library_reached_in_a_glibc_publish_is_an_error()
    {
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["libfoo"])),
            File("libfoo.so", Elf(interp: MuslInterpreter)),
            File("libbar.so", Elf(interp: MuslInterpreter)),
        ]);

        Finding error = Assert.Single(Of(result, "XG2001", FindingSeverity.Error));
        Assert.Contains("Linux ELF x64 (musl) binary", error.Message, StringComparison.Ordinal);
        Assert.Contains("PT_INTERP=/lib/ld-musl-x86_64.so.1", error.Message, StringComparison.Ordinal);
        // The unreached musl file is dead weight.
        Assert.Contains("'libbar.so'", Assert.Single(Of(result, "XG2004")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Imports_of_other_OSes_and_system_libraries_need_no_file()
    {
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["kernel32.dll", "user32", "libc", "libdl.so.2", "/usr/lib/libSystem.dylib",
                "libSystem.Native", "api-ms-win-core-synch-l1-2-0.dll", "Security.framework/Security"])),
        ]);

        Assert.Empty(result.Findings);
        Assert.All(result.Loads, l => Assert.NotNull(l.Satisfied));
    }

    [Fact]
    public void A_system_library_loads_from_the_system_even_past_a_foreign_file_of_its_name()
    {
        // "libz.so.1" is probed in the app folder first (here a Windows build someone copied in under that name), then
        // the OS loader finds the system's zlib through the bare name: not an error; the foreign file is dead weight.
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["libz.so.1"])),
            File("libz.so.1", WindowsDll("KERNEL32.dll")),
        ]);

        AssertNoErrors(result);
        Assert.Equal("system library", result.Loads.Single().Satisfied);
        Assert.Equal(["XG2004"], result.Findings.Select(f => f.Code));
    }

    [Fact]
    public void A_library_nobody_ships_is_a_warning_not_an_error()
    {
        // It may be installed on the target (unprovable): a warning, never a false error.
        PublishAuditResult result = Audit("linux-x64", [File("Lib.dll", SyntheticAssemblies.Create("Lib", imports: ["crossguard_nobody_ships"]), "Lib")]);

        Finding warning = Assert.Single(result.Findings);
        Assert.Equal(("XG2003", FindingSeverity.Warning), (warning.Code, warning.Severity));
        Assert.Contains("Nothing in the publish output is named like it", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Distribution_libraries_the_app_P_Invokes_name_the_package_to_install()
    {
        PublishAuditResult own = Audit("linux-x64", [File("app.dll", SyntheticAssemblies.Create("app", imports: ["libsecret-1.so.0", "libgobject-2.0.so.0"]))]);
        Assert.Equal(2, Of(own, "XG2002", FindingSeverity.Warning).Count);
        Assert.Contains(Of(own, "XG2002"), f => f.Message.Contains("(libsecret-1.so.0): the machine must have it (Debian/Ubuntu package libsecret-1-0)", StringComparison.Ordinal));

        // A package's import is often an optional path it guards: information.
        PublishAuditResult package = Audit("linux-x64", [File("Msal.dll", SyntheticAssemblies.Create("Msal", imports: ["libsecret-1.so.0"]), "Microsoft.Identity.Client.Extensions.Msal")]);
        Assert.Equal(FindingSeverity.Info, Assert.Single(Of(package, "XG2002")).Severity);
    }

    [Fact]
    public void Windows_system_dlls_come_from_a_real_list()
    {
        foreach (string dll in new[] { "bcryptprimitives.dll", "FONTSUB.dll", "SspiCli.dll", "kernel32", "KERNELBASE.dll", "api-ms-win-core-synch-l1-2-0.dll", "ext-ms-win-ntuser-window-l1-1-0.dll", "winspool.drv", "d3dcompiler_47.dll" })
        {
            Assert.True(SystemLibraries.IsWindowsSystemDll(dll), dll);
        }

        foreach (string dll in new[] { "vcruntime140.dll", "VCRUNTIME140_1.dll", "msvcp140.dll", "e_sqlite3.dll", "onnxruntime.dll" })
        {
            Assert.False(SystemLibraries.IsWindowsSystemDll(dll), dll);
        }

        // A published DLL importing them needs nothing shipped (XG2002 used to call these "not a library win-x64 systems provide").
        PublishAuditResult result = Audit("win-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", imports: ["native"])),
            File("native.dll", WindowsDll("bcryptprimitives.dll", "FONTSUB.dll", "SspiCli.dll", "VCRUNTIME140.dll")),
        ]);
        Finding needs = Assert.Single(result.Findings);
        Assert.Equal(("XG2002", FindingSeverity.Warning), (needs.Code, needs.Severity));
        Assert.Contains("needs 'VCRUNTIME140.dll'", needs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NativeLibrary_literals_are_probed_and_at_most_warnings()
    {
        PublishAuditResult result = Audit("linux-arm64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", loads: ["native/libfoo.so"], tryLoads: ["native/libbar.so"])),
            File("native/libfoo.so", Elf(X64)),
            File("native/libbar.so", Elf(X64)),
        ]);

        Assert.Equal(["native/libbar.so", "native/libfoo.so"], result.Loads.Where(l => l.Source == LoadSource.Literal).Select(l => l.Library).Order());
        Assert.Contains(Of(result, "XG2001", FindingSeverity.Warning), f => f.Message.Contains("'native/libfoo.so'", StringComparison.Ordinal) && f.Message.Contains("NativeLibrary.Load in 'app.dll'", StringComparison.Ordinal));
        Assert.Contains(Of(result, "XG2001", FindingSeverity.Info), f => f.Message.Contains("NativeLibrary.TryLoad in 'app.dll'", StringComparison.Ordinal));
        AssertNoErrors(result);
    }

    [Fact]
    public void A_ResolvingUnmanagedDll_handler_makes_every_assembly_unprovable()
    {
        PublishAuditResult result = Audit("linux-x64",
        [
            File("app.dll", SyntheticAssemblies.Create("app", resolvingUnmanagedDll: true)),
            File("Lib.dll", SyntheticAssemblies.Create("Lib", imports: ["foo"]), "Lib"),
            File("runtimes/linux-x64/native/libfoo.so", Elf(), "Lib"),
        ]);

        AssertNoErrors(result);
        Finding info = Assert.Single(Of(result, "XG2005"));
        Assert.Contains("'Lib.dll' (package 'Lib' 1.0.0) or its load context registers its own native library resolver (AssemblyLoadContext.ResolvingUnmanagedDll)", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_reader_sees_imports_literals_and_resolvers_and_survives_garbage()
    {
        string path = Path.Combine(_root, "m.dll");
        Directory.CreateDirectory(_root);
        System.IO.File.WriteAllBytes(path, SyntheticAssemblies.Create("m", imports: ["a", "b", "a"], loads: ["libx.so"], setDllImportResolver: true));
        ManagedNativeUse use = ManagedNativeUse.Read(path)!;
        Assert.Null(use.Error);
        Assert.Equal(["a", "b"], use.Imports);
        Assert.Equal(new NativeLibraryLiteral("libx.so", LiteralLoadKind.OsLoader, Throws: true), Assert.Single(use.Literals));
        Assert.Equal("NativeLibrary.SetDllImportResolver", use.Resolver);

        // Field test (gitversion): LibGit2Sharp's resolver loads a computed name (a folder + ".so"); the suffix literal
        // that string.Concat consumes was read as a library named '.so'.
        System.IO.File.WriteAllBytes(path, SyntheticAssemblies.Create("m", loads: ["libx.so"], computedLoads: [".so"]));
        Assert.Equal(["libx.so"], ManagedNativeUse.Read(path)!.Literals.Select(l => l.Name));

        // A native file is not an assembly; a truncated assembly is an error, never an exception.
        Assert.Null(ManagedNativeUse.Read(new MemoryStream(WindowsDll("KERNEL32.dll")), "native.dll"));
        byte[] truncated = System.IO.File.ReadAllBytes(path)[..400];
        Assert.NotNull(ManagedNativeUse.Read(new MemoryStream(truncated), "truncated.dll")?.Error);
    }
}
