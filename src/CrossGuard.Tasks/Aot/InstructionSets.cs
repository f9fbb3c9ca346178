using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossGuard.Tasks.Aot;

/// <summary>
/// Reads $(IlcInstructionSet) (ILCompiler's --instruction-set): 'native' means "whatever the build machine's CPU has",
/// and a name that belongs to another architecture (avx2 for arm64) cannot describe the target CPU at all.
/// </summary>
internal static class InstructionSets
{
    private static readonly string[] s_x64Prefixes = { "x86-64", "x86-x64", "sse", "ssse", "avx", "bmi", "fma", "lzcnt", "popcnt", "movbe", "pclmul", "vpclmul", "gfni", "vaes", "apx", "x86", "waitpkg", "serialize", "amx" };
    private static readonly string[] s_arm64Prefixes = { "armv8", "armv9", "neon", "crc", "dotprod", "rdma", "rdm", "sha1", "sha2", "lse", "rcpc", "sve", "apple-m", "fp16" };

    /// <summary>The problems of an IlcInstructionSet value for a target, or none.</summary>
    public static IReadOnlyList<string> Problems(string value, string targetArchitecture, string hostArchitecture)
    {
        var problems = new List<string>();
        foreach (string token in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0))
        {
            if (token == "native")
            {
                problems.Add(string.Equals(targetArchitecture, hostArchitecture, StringComparison.OrdinalIgnoreCase)
                    ? $"'native' tunes the code to the CPU of the machine running the publish, so the binary dies with an illegal-instruction fault (SIGILL) on any {targetArchitecture} machine whose CPU lacks one of its features"
                    : $"'native' describes the build machine's {hostArchitecture} CPU, not a {targetArchitecture} one");
                continue;
            }

            string? owner = Owner(token);
            if (owner is not null && !string.Equals(owner, targetArchitecture, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"'{token}' is an {owner} instruction set, but the target is {targetArchitecture}");
            }
        }

        return problems;
    }

    private static string? Owner(string token) =>
        s_x64Prefixes.Any(p => token.StartsWith(p, StringComparison.Ordinal)) ? "x64"
        : s_arm64Prefixes.Any(p => token.StartsWith(p, StringComparison.Ordinal)) ? "arm64"
        : null;
}
