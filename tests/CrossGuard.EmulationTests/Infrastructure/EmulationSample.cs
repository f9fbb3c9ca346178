using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Infrastructure;

/// <summary>What a sample is expected to do on a real linux-arm64 machine.</summary>
public enum Reality
{
    Runs,
    Fails,
}

/// <summary>
/// One sample app of the truth table. Every sample prints "started arch=..." first, so a failure after that line is the
/// app's native crossing failing, not qemu or the .NET runtime failing to start.
/// </summary>
/// <param name="Key">Project (and executable) name.</param>
/// <param name="Title">The truth table's "sample" column.</param>
/// <param name="Expected">What really happens on linux-arm64.</param>
/// <param name="ExpectedCode">The CrossGuard error a failing sample's publish must stop with.</param>
/// <param name="Properties">Extra project properties. `$(CrossGuardEmulationSuppress)` is true on the second publish of a
/// sample CrossGuard stopped: the sample accepts the problem there (CrossGuardSuppress, CrossGuardSeverity, NoWarn) so
/// it can be run and the failure observed.</param>
/// <param name="Items">Extra project items.</param>
/// <param name="Program">Program.cs.</param>
/// <param name="RunPattern">Regex the emulated run's output must match: the proof line of a running sample, the
/// exception of a failing one.</param>
/// <param name="Prepare">Writes local packages into the run's feed before restore.</param>
public sealed record EmulationSample(
    string Key,
    string Title,
    Reality Expected,
    string? ExpectedCode,
    string Properties,
    string Items,
    string Program,
    string RunPattern,
    Action<PackageFixture>? Prepare = null)
{
    public const string StartedLine = "started arch=Arm64";

    private const string X64OnlyPackage = "CrossGuardEmu.LibFoo.X64Only";
    private const string WrongArchPackage = "CrossGuardEmu.LibFoo.WrongArch";

    /// <summary>P/Invokes zlibVersion() from "foo": the synthesized packages ship a real x64 zlib as libfoo.so.</summary>
    private const string FooProgram = """
        using System.Runtime.InteropServices;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        Console.WriteLine("foo zlibVersion=" + Marshal.PtrToStringAnsi(Native.zlibVersion()));

        static class Native
        {
            [DllImport("foo")]
            public static extern IntPtr zlibVersion();
        }
        """;

    public static EmulationSample Sqlite { get; } = new(
        "emusqlite",
        "Microsoft.Data.Sqlite 8.0.34: in-memory DB, `select sqlite_version()`",
        Reality.Runs,
        null,
        string.Empty,
        """<PackageReference Include="Microsoft.Data.Sqlite" Version="8.0.34" />""",
        """
        using System.Runtime.InteropServices;
        using Microsoft.Data.Sqlite;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        Console.WriteLine($"sqlite_version={command.ExecuteScalar()} arch={RuntimeInformation.ProcessArchitecture}");
        """,
        @"sqlite_version=3\.\d+\.\d+ arch=Arm64");

    public static EmulationSample Managed { get; } = new(
        "emumanaged",
        "pure managed app (System.Text.Json)",
        Reality.Runs,
        null,
        string.Empty,
        string.Empty,
        """
        using System.Runtime.InteropServices;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        Console.WriteLine("managed json=" + System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, int> { ["answer"] = 42 }));
        """,
        """managed json=\{"answer":42\}""");

    public static EmulationSample X64OnlyNatives { get; } = new(
        "emux64only",
        "package with natives for linux-x64 only (synthesized, real x64 libfoo.so)",
        Reality.Fails,
        "XG1001",
        string.Empty,
        $"""
        <PackageReference Include="{X64OnlyPackage}" Version="1.0.0" />
        <CrossGuardSuppress Include="{X64OnlyPackage}" Rid="linux-arm64" Reason="emulation test: run it anyway to observe the failure"
                            Condition="'$(CrossGuardEmulationSuppress)' == 'true'" />
        """,
        FooProgram,
        @"System\.DllNotFoundException: Unable to load shared library 'foo'",
        fixture => LocalNativePackage.Write(fixture.FeedDirectory, X64OnlyPackage, new Dictionary<string, string>
        {
            ["runtimes/linux-x64/native/libfoo.so"] = LocalNativePackage.RealX64SharedLibrary(),
        }));

    public static EmulationSample NobodyShips { get; } = new(
        "emunobody",
        "P/Invoke to a library no package or project file ships",
        Reality.Fails,
        "XG0001",
        // XG0001 is an analyzer warning by default; a project that means it makes it an error.
        """
        <WarningsAsErrors>$(WarningsAsErrors);XG0001</WarningsAsErrors>
        <NoWarn Condition="'$(CrossGuardEmulationSuppress)' == 'true'">$(NoWarn);XG0001</NoWarn>
        """,
        string.Empty,
        """
        using System.Runtime.InteropServices;
        Console.WriteLine("started arch=" + RuntimeInformation.ProcessArchitecture);
        Console.WriteLine("nobody ships " + Native.crossguard_nobody_ships());

        static class Native
        {
            [DllImport("crossguard_nobody_ships")]
            public static extern int crossguard_nobody_ships();
        }
        """,
        @"System\.DllNotFoundException: Unable to load shared library 'crossguard_nobody_ships'");

    public static EmulationSample WrongArchitecture { get; } = new(
        "emuwrongarch",
        "x64 libfoo.so placed under runtimes/linux-arm64/native/ (synthesized)",
        Reality.Fails,
        "XG1003",
        """<CrossGuardSeverity Condition="'$(CrossGuardEmulationSuppress)' == 'true'">warning</CrossGuardSeverity>""",
        $"""<PackageReference Include="{WrongArchPackage}" Version="1.0.0" />""",
        FooProgram,
        @"System\.DllNotFoundException: Unable to load shared library 'foo'",
        fixture => LocalNativePackage.Write(fixture.FeedDirectory, WrongArchPackage, new Dictionary<string, string>
        {
            // The classic packaging slip: the x64 build copied into both folders.
            ["runtimes/linux-x64/native/libfoo.so"] = LocalNativePackage.RealX64SharedLibrary(),
            ["runtimes/linux-arm64/native/libfoo.so"] = LocalNativePackage.RealX64SharedLibrary(),
        }));

    /// <summary>Every sample of the truth table, in its row order.</summary>
    public static IReadOnlyList<EmulationSample> All { get; } = [Sqlite, Managed, X64OnlyNatives, NobodyShips, WrongArchitecture];
}
