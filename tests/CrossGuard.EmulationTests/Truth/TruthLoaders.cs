using System.Diagnostics;
using System.Text.RegularExpressions;
using CrossGuard.EmulationTests.Infrastructure;
using CrossGuard.IntegrationTests.Infrastructure;

namespace CrossGuard.EmulationTests.Truth;

/// <summary>What one loader line said about one file (Truth/Loader/loader.c).</summary>
public enum LoadKind
{
    /// <summary>dlopen(RTLD_NOW) succeeded: every symbol bound.</summary>
    Loaded,

    /// <summary>Only dlopen(RTLD_LAZY), the .NET runtime's mode, succeeded: a referenced symbol is missing.</summary>
    Lazy,

    /// <summary>Neither mode loaded it; the message is dlerror()'s.</summary>
    Failed,

    /// <summary>The child died of a signal while loading (a library constructor crashed).</summary>
    Crashed,

    /// <summary>The load did not finish in 60 s, or the loader printed nothing for the file.</summary>
    Timeout,
}

/// <summary>One loader line: the file, what happened, and the loader's own message.</summary>
public sealed record LoadResult(string Path, LoadKind Kind, string Message)
{
    public string Text => Kind switch
    {
        LoadKind.Loaded => "loaded",
        LoadKind.Lazy => "loads only lazily (RTLD_LAZY): " + Message,
        LoadKind.Failed => "failed: " + Message,
        LoadKind.Crashed => "crashed: " + Message,
        _ => "no answer: " + Message,
    };
}

/// <summary>
/// The three loaders of the truth table, compiled once per run from Truth/Loader/loader.c: gcc for linux-x64 (this
/// machine's glibc), aarch64-linux-gnu-gcc for linux-arm64 (run under qemu-aarch64 with the Debian arm64 sysroot),
/// musl-gcc for linux-musl-x64 (run by Debian's musl dynamic loader). The glibc loaders are linked like the .NET
/// apphost (libstdc++, libm, libgcc_s, libc): a native library is loaded into the same global scope a .NET app gives
/// it, so a library that relies on the app having libm loaded (SQLite's e_sqlite3 calls trunc without DT_NEEDED
/// libm) is judged as it behaves in an app.
/// </summary>
public sealed partial class TruthLoaders
{
    public static readonly string[] Rids = ["linux-x64", "linux-arm64", "linux-musl-x64"];

    private const string InstallHint = "apt-get update && apt-get install -y gcc gcc-aarch64-linux-gnu musl musl-tools musl-dev qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross util-linux";

    private static readonly object Gate = new();
    private static TruthLoaders? s_built;

    private readonly Dictionary<string, string> _loaders;

    private TruthLoaders(Arm64Emulator emulator, Dictionary<string, string> loaders, string hostGlibc)
    {
        Emulator = emulator;
        _loaders = loaders;
        HostGlibc = hostGlibc;
    }

    public Arm64Emulator Emulator { get; }

    /// <summary>This machine's glibc ("2.36"), the linux-x64 target.</summary>
    public string HostGlibc { get; }

    /// <summary>The older of the host's and the arm64 sysroot's glibc: the CrossGuardMinGlibc every truth sample declares.</summary>
    public string TargetGlibc => new Version(HostGlibc) <= new Version(Emulator.GlibcVersion) ? HostGlibc : Emulator.GlibcVersion;

    /// <summary>Whether the arm64 loads ran with an ARM64 /proc/cpuinfo (unshare -m): false here means plain qemu.</summary>
    public bool ArmCpuInfo { get; private set; } = true;

    /// <summary>
    /// The loaders, compiled on first use into the run folder. Like <see cref="Arm64Emulator.Require"/>: a missing tool
    /// fails the test with CI=true and skips it otherwise, naming the Debian package.
    /// </summary>
    public static TruthLoaders Require(PackageFixture fixture)
    {
        Arm64Emulator emulator = Arm64Emulator.Require();
        lock (Gate)
        {
            if (s_built is not null)
            {
                return s_built;
            }

            string? missing = null;
            var tools = new (string Tool, string Package)[]
            {
                ("gcc", "gcc"), ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"), ("musl-gcc", "musl-tools"),
            };
            foreach ((string tool, string package) in tools)
            {
                if (OnPath(tool) is null)
                {
                    missing ??= $"{tool} was not found on PATH (Debian package {package})";
                }
            }

            if (missing is null && !File.Exists(MuslLoader))
            {
                missing = $"{MuslLoader} is missing (Debian package musl)";
            }

            if (missing is not null)
            {
                string message = $"the truth table's loaders cannot be built: {missing}. Install them with: {InstallHint}";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Fail(message + " (CI=true: the truth table must run in CI; .ci/run installs these packages)");
                }

                Assert.Skip(message + " (skipped because CI is not set)");
            }

            string source = Path.Combine(AppContext.BaseDirectory, "Truth", "Loader", "loader.c");
            string output = Path.Combine(fixture.RunDirectory, "truth", "loaders");
            Directory.CreateDirectory(output);
            // The apphost's global scope: libstdc++, libm, libgcc_s and libc (libdl/libpthread are part of glibc 2.34+).
            string[] appLike = ["-Wl,--no-as-needed", "-ldl", "-lpthread", "-l:libstdc++.so.6", "-lm", "-l:libgcc_s.so.1"];
            var loaders = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["linux-x64"] = Compile("gcc", source, Path.Combine(output, "load-linux-x64"), appLike),
                ["linux-arm64"] = Compile("aarch64-linux-gnu-gcc", source, Path.Combine(output, "load-linux-arm64"), appLike),
                // musl has libm, libdl and libpthread in libc; its libstdc++/libgcc_s (Alpine's) are not in Debian.
                ["linux-musl-x64"] = Compile("musl-gcc", source, Path.Combine(output, "load-linux-musl-x64"), []),
            };
            string libc = File.ReadAllText("/proc/self/maps").Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(p => p is not null && Path.GetFileName(p).StartsWith("libc.so", StringComparison.Ordinal)) ?? "/lib/x86_64-linux-gnu/libc.so.6";
            Match version = GlibcBanner().Match(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(libc)));
            s_built = new TruthLoaders(emulator, loaders, version.Success ? version.Groups[1].Value : emulator.GlibcVersion);
            return s_built;
        }
    }

    /// <summary>Debian's musl dynamic loader (package musl); musl-gcc's executables name it as their interpreter.</summary>
    public static string MuslLoader => "/lib/ld-musl-x86_64.so.1";

    /// <summary>The loader's command line for a RID, for the table's header.</summary>
    public string Describe(string rid) => rid switch
    {
        "linux-x64" => $"`{_loaders[rid]}` (gcc, this machine's glibc {HostGlibc})",
        "linux-arm64" => $"`qemu-aarch64 -L {Emulator.Sysroot} {_loaders[rid]}` (aarch64-linux-gnu-gcc, sysroot glibc {Emulator.GlibcVersion}"
            + (ArmCpuInfo ? ", an ARM64 /proc/cpuinfo bound in a private mount namespace)" : ", the host's /proc/cpuinfo: unshare -m was not available)"),
        _ => $"`{_loaders[rid]}` (musl-gcc; interpreter {MuslLoader})",
    };

    /// <summary>Loads every file on the RID's target, each in its own child process; one result per file, in order.</summary>
    public IReadOnlyList<LoadResult> Load(string rid, IReadOnlyList<string> files, string workDirectory)
    {
        if (files.Count == 0)
        {
            return [];
        }

        CommandResult run;
        if (rid == "linux-arm64")
        {
            CommandResult? withCpuInfo = ArmCpuInfo ? Emulator.RunWithArmCpuInfo(_loaders[rid], files, workDirectory, TimeSpan.FromMinutes(10)) : null;
            if (withCpuInfo is null)
            {
                ArmCpuInfo = false;
                run = Capture(Emulator.Qemu, ["-L", Emulator.Sysroot, _loaders[rid], .. files], workDirectory);
            }
            else
            {
                run = withCpuInfo;
            }
        }
        else
        {
            run = Capture(_loaders[rid], files, workDirectory);
        }

        return Parse(run, files);
    }

    /// <summary>One result per file from the loader's lines; a file without a line is a Timeout with the loader's output.</summary>
    public static IReadOnlyList<LoadResult> Parse(CommandResult run, IReadOnlyList<string> files)
    {
        var byPath = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
        foreach (string line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (string file in files)
            {
                LoadResult? result = line == "loaded " + file ? new LoadResult(file, LoadKind.Loaded, string.Empty)
                    : line.StartsWith("lazy " + file + ": ", StringComparison.Ordinal) ? new LoadResult(file, LoadKind.Lazy, line[(6 + file.Length + 1)..].Trim())
                    : line.StartsWith("failed " + file + ": ", StringComparison.Ordinal) ? new LoadResult(file, LoadKind.Failed, line[(8 + file.Length + 1)..].Trim())
                    : line.StartsWith("crashed " + file + ": ", StringComparison.Ordinal) ? new LoadResult(file, LoadKind.Crashed, line[(9 + file.Length + 1)..].Trim())
                    : line == "timeout " + file ? new LoadResult(file, LoadKind.Timeout, "the load did not finish in 60 s")
                    : null;
                if (result is not null)
                {
                    byPath[file] = result;
                }
            }
        }

        return files.Select(f => byPath.TryGetValue(f, out LoadResult? r) ? r
            : new LoadResult(f, LoadKind.Timeout, $"the loader printed no line for it (exit {run.ExitCode}): {Tail(run.Output)}")).ToList();
    }

    private static string Tail(string text) => text.Length <= 400 ? text.Trim() : "..." + text[^400..].Trim();

    private static string Compile(string compiler, string source, string output, string[] libraries)
    {
        CommandResult result = Capture(OnPath(compiler)!, ["-O1", "-Wall", "-Werror", "-o", output, source, .. libraries], Path.GetDirectoryName(output)!);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Compiling the {compiler} loader failed:\n{result}");
        }

        return output;
    }

    private static CommandResult Capture(string executable, IReadOnlyList<string> arguments, string workDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The target's loader decides alone: no search path or emulator prefix from the test run's environment.
        foreach (string leak in new[] { "LD_LIBRARY_PATH", "LD_PRELOAD", "QEMU_LD_PREFIX" })
        {
            start.Environment.Remove(leak);
        }

        return DotNet.Capture(start, TimeSpan.FromMinutes(10), executable + " " + string.Join(' ', arguments));
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"GNU C Library [^\n]*?release version (\d+\.\d+)")]
    private static partial Regex GlibcBanner();
}
