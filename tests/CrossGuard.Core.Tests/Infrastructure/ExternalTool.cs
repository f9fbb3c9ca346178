using System.Diagnostics;

namespace CrossGuard.Core.Tests.Infrastructure;

/// <summary>
/// Runs binutils / LLVM tools the inspector is compared against. A missing tool skips the comparison locally but fails
/// in CI (CI=true), so a CI image without binutils or llvm cannot pass silently.
/// Debian packages: binutils (readelf, objdump) and llvm (llvm-readobj, llvm-objdump).
/// </summary>
public static class ExternalTool
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
            {
                return Path.Combine(dir, tool);
            }
        }

        return null;
    }

    /// <summary>Skips (locally) or fails (CI) when <paramref name="tool"/> is not on PATH.</summary>
    public static void Require(string tool, string debianPackage)
    {
        if (Find(tool) is not null)
        {
            return;
        }

        string message = $"'{tool}' is not on PATH; install the Debian package '{debianPackage}'.";
        if (IsCi)
        {
            Assert.Fail(message + " (CI=true: comparisons against it may not be skipped)");
        }

        Assert.Skip(message);
    }

    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(" ", args)} did not finish in 120 s");
        }

        return stdout.Result + (stderr.Result.Length > 0 ? "\n#stderr " + stderr.Result : string.Empty);
    }
}
