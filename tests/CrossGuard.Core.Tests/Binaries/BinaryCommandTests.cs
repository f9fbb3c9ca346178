using System.Diagnostics;
using System.Text.Json;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Runs the built <c>crossguard</c> tool (crossguard.dll beside the tests) on real binaries and reads its JSON.</summary>
public sealed class BinaryCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Crossguard(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "crossguard.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        // DOTNET_HOST_PATH is set by the dotnet CLI for the processes it starts (dotnet test); else rely on PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "crossguard did not exit in 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Json_describes_a_real_glibc_shared_object()
    {
        string so = RealBinaries.Absolute("sqlitepclraw.lib.e_sqlite3/2.1.11/runtimes/linux-x64/native/libe_sqlite3.so");
        (int exit, string stdout, string stderr) = Crossguard("binary", so, "--format", "json");
        Assert.True(exit == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement file = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(so, file.GetProperty("path").GetString());
        Assert.Equal("elf", file.GetProperty("format").GetString());
        Assert.Equal(["x64"], file.GetProperty("architectures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(64, file.GetProperty("bitness").GetInt32());
        Assert.Equal("little", file.GetProperty("endianness").GetString());
        Assert.Equal("glibc", file.GetProperty("libc").GetString());
        Assert.Equal("DT_NEEDED=libc.so.6", file.GetProperty("libcEvidence").GetString());
        Assert.Equal("2.28", file.GetProperty("glibcFloor").GetString());
        Assert.NotEmpty(file.GetProperty("glibcFloorSymbols").EnumerateArray());
        Assert.Contains("libc.so.6", file.GetProperty("needed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, file.GetProperty("soname").ValueKind); // this build sets no DT_SONAME (readelf agrees)
        Assert.Equal(JsonValueKind.False, file.GetProperty("executableStack").ValueKind);
        Assert.Equal(JsonValueKind.Null, file.GetProperty("macosMin").ValueKind);
        Assert.Empty(file.GetProperty("slices").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("peMachine").ValueKind);
        Assert.False(file.GetProperty("managed").GetBoolean());
        Assert.Empty(file.GetProperty("archiveMemberArchitectures").EnumerateArray());
        Assert.InRange(file.GetProperty("bytesRead").GetInt64(), 1, file.GetProperty("fileSize").GetInt64() - 1);
        Assert.Equal(JsonValueKind.Null, file.GetProperty("error").ValueKind);
    }

    [Fact]
    public void Json_over_a_directory_lists_every_file_with_mach_o_and_pe_facts()
    {
        string dir = RealBinaries.Absolute("librdkafka.redist/2.16.0/runtimes");
        (int exit, string stdout, string stderr) = Crossguard("binary", dir, "--format", "json");
        Assert.True(exit == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        List<JsonElement> files = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count(), files.Count);
        JsonElement dylib = files.Single(f => f.GetProperty("path").GetString()!.EndsWith("osx-arm64/native/librdkafka.dylib", StringComparison.Ordinal));
        Assert.Equal("macho", dylib.GetProperty("format").GetString());
        Assert.Equal("13.0", dylib.GetProperty("macosMin").GetString());
        Assert.Equal("arm64", Assert.Single(dylib.GetProperty("slices").EnumerateArray()).GetProperty("architecture").GetString());
        JsonElement cpp = files.Single(f => f.GetProperty("path").GetString()!.EndsWith("win-x64/native/librdkafkacpp.dll", StringComparison.Ordinal));
        Assert.Equal("IMAGE_FILE_MACHINE_AMD64", cpp.GetProperty("peMachine").GetString());
        Assert.Contains("VCRUNTIME140_1.dll", cpp.GetProperty("needed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Table_is_the_default_and_a_missing_path_exits_with_the_input_error_code()
    {
        string so = RealBinaries.Absolute("sqlitepclraw.lib.e_sqlite3/2.1.11/runtimes/linux-musl-x64/native/libe_sqlite3.so");
        (int exit, string stdout, string stderr) = Crossguard("binary", so, "/nonexistent/crossguard.so");
        Assert.Equal(3, exit);
        Assert.Contains("XG9010", stderr);
        Assert.StartsWith("PATH", stdout);
        Assert.Contains("musl", stdout);
    }

    [Fact]
    public void Unknown_format_value_is_a_usage_error()
    {
        (int exit, _, _) = Crossguard("binary", ".", "--format", "xml");
        Assert.Equal(2, exit);
    }
}
