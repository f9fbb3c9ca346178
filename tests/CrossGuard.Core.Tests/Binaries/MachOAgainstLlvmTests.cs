using System.Text.RegularExpressions;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Every Mach-O and universal file of the real packages against <c>llvm-objdump --macho --private-headers --arch=all</c>.</summary>
public sealed partial class MachOAgainstLlvmTests
{
    private static readonly HashSet<string> DylibCommands = new(StringComparer.Ordinal)
    {
        "LC_LOAD_DYLIB", "LC_LOAD_WEAK_DYLIB", "LC_REEXPORT_DYLIB", "LC_LAZY_LOAD_DYLIB", "LC_LOAD_UPWARD_DYLIB",
    };

    public static TheoryData<string> Files => new(
        RealBinaries.OfKind(RealBinaries.Kind.MachO).Concat(RealBinaries.OfKind(RealBinaries.Kind.MachOFat)).Select(RealBinaries.Relative));

    [Theory]
    [MemberData(nameof(Files))]
    public void Inspector_agrees_with_llvm_objdump(string file)
    {
        ExternalTool.Require("llvm-objdump", "llvm");
        string path = RealBinaries.Absolute(file);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        List<ExpectedSlice> expected = Parse(ExternalTool.Run("llvm-objdump", "--macho", "--private-headers", "--arch=all", path));

        Assert.Null(info.Error);
        Assert.Equal(RidOs.MacOS, info.Os);
        Assert.Equal(expected.Count > 1 || info.Format == BinaryFormat.MachOUniversal ? BinaryFormat.MachOUniversal : BinaryFormat.MachO, info.Format);
        Assert.Equal(expected.Select(s => s.Arch), info.Slices.Select(s => s.Architecture));
        for (int i = 0; i < expected.Count; i++)
        {
            MachOSlice actual = info.Slices[i];
            Assert.Equal(expected[i].Dylibs, actual.LinkedDylibs);
            Assert.Equal(expected[i].InstallName, actual.InstallName);
            Assert.Equal(expected[i].Platform, actual.Platform, ignoreCase: true);
            Assert.Equal(Normalise(expected[i].MinOs), Normalise(actual.MinOsVersion));
        }

        Version? macMin = expected.Where(s => s.Platform == "macos" && s.MinOs is not null).Select(s => Normalise(s.MinOs)!).DefaultIfEmpty().Max();
        Assert.Equal(macMin, Normalise(info.MacOsMin));
        Assert.True(info.BytesRead < info.FileSize / 10, $"read {info.BytesRead} of {info.FileSize} bytes");
    }

    private static Version? Normalise(string? v) => v is null ? null : Version.Parse(v.Contains('.') ? v : v + ".0");

    private sealed class ExpectedSlice
    {
        public string Arch = "?";
        public List<string> Dylibs = new();
        public string? InstallName;
        public string? Platform;
        public string? MinOs;
    }

    private static List<ExpectedSlice> Parse(string output)
    {
        var slices = new List<ExpectedSlice>();
        ExpectedSlice? current = null;
        string? command = null;
        bool headerNext = false;
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (headerNext && current is not null)
            {
                // " MH_MAGIC_64  X86_64        ALL  0x00       DYLIB ...": the header's own cputype.
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current.Arch = fields.Length > 1 ? MapArch(fields[1].ToLowerInvariant()) : "?";
                headerNext = false;
                continue;
            }

            if (line.TrimStart().StartsWith("magic", StringComparison.Ordinal) && line.Contains("cputype"))
            {
                headerNext = true;
                continue;
            }

            Match arch = ArchHeader().Match(line);
            if (arch.Success || (current is null && line.EndsWith(':') && !line.StartsWith(' ')))
            {
                current = new ExpectedSlice { Arch = arch.Success ? MapArch(arch.Groups[1].Value) : "?" };
                slices.Add(current);
                command = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            string[] parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                continue;
            }

            switch (parts[0])
            {
                case "cmd":
                    command = parts[1].Trim();
                    break;
                case "name" when command is not null && DylibCommands.Contains(command):
                    current.Dylibs.Add(StripOffset(parts[1]));
                    break;
                case "name" when command == "LC_ID_DYLIB":
                    current.InstallName = StripOffset(parts[1]);
                    break;
                case "platform" when command == "LC_BUILD_VERSION":
                    current.Platform = parts[1].Trim();
                    break;
                case "minos" when command == "LC_BUILD_VERSION":
                    current.MinOs = parts[1].Trim();
                    break;
                case "version" when command is "LC_VERSION_MIN_MACOSX" or "LC_VERSION_MIN_IPHONEOS" && current.MinOs is null:
                    current.Platform = command == "LC_VERSION_MIN_MACOSX" ? "macos" : "ios";
                    current.MinOs = parts[1].Trim();
                    break;
            }
        }

        return slices;
    }

    private static string StripOffset(string name) => Regex.Replace(name.Trim(), @" \(offset \d+\)$", string.Empty);

    private static string MapArch(string llvm) => llvm switch
    {
        "x86_64" or "x86_64h" => "x64",
        "i386" => "x86",
        "arm64" or "arm64e" => "arm64",
        "arm64_32" => "arm64_32",
        _ when llvm.StartsWith("armv", StringComparison.Ordinal) => "arm",
        _ => llvm,
    };

    [GeneratedRegex(@"\(architecture ([^)]+)\):$")]
    private static partial Regex ArchHeader();
}
