using System.Text.RegularExpressions;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Every ELF file of the real packages, inspected by CrossGuard and by GNU readelf; the facts must agree.</summary>
public sealed partial class ElfAgainstReadelfTests
{
    public static TheoryData<string> Files => new(RealBinaries.OfKind(RealBinaries.Kind.Elf).Select(RealBinaries.Relative));

    [Theory]
    [MemberData(nameof(Files))]
    public void Inspector_agrees_with_readelf(string file)
    {
        ExternalTool.Require("readelf", "binutils");
        string path = RealBinaries.Absolute(file);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        string readelf = ExternalTool.Run("readelf", "-h", "-d", "-V", "-l", "-W", path);

        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.Elf, info.Format);
        Assert.Equal(Field(readelf, "Class") == "ELF64" ? 64 : 32, info.Bitness);
        Assert.Equal(Field(readelf, "Data").Contains("little endian") ? "little" : "big", info.Endianness);
        Assert.Equal(Field(readelf, "OS/ABI") is "UNIX - System V" or "UNIX - GNU" ? RidOs.Linux : RidOs.Other, info.Os);
        Assert.Equal([MachineName(Field(readelf, "Machine"), info.Bitness, info.Endianness!)], info.Architectures);

        Assert.Equal(Brackets(readelf, "Shared library"), info.Needed);
        Assert.Equal(Brackets(readelf, "Library soname").SingleOrDefault(), info.Soname);
        Assert.Equal(Brackets(readelf, "Requesting program interpreter").SingleOrDefault(), info.Interpreter);

        Match stack = GnuStack().Match(readelf);
        Assert.Equal(stack.Success ? stack.Groups[1].Value.Contains('E') : null, info.ExecutableStack);

        List<Version> glibc = GlibcNeed().Matches(readelf).Select(m => Version.Parse(m.Groups[1].Value.Contains('.') ? m.Groups[1].Value : m.Groups[1].Value + ".0")).ToList();
        Assert.Equal(glibc.Count == 0 ? null : glibc.Max(), info.GlibcFloor);
        if (info.GlibcFloor is not null)
        {
            Assert.Equal(Libc.Glibc, info.Libc);
            string floor = "GLIBC_" + GlibcText(info.GlibcFloor, readelf);
            string dynsyms = ExternalTool.Run("readelf", "--dyn-syms", "-W", path);
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in VersionedSymbol().Matches(dynsyms))
            {
                if (m.Groups[2].Value == floor)
                {
                    expected.Add(m.Groups[1].Value);
                }
            }

            Assert.NotEmpty(expected);
            Assert.Equal(expected, info.GlibcFloorSymbols);
        }

        // Libc: the package folder says which flavour each file was built for (linux-musl-*, alpine-*, centos8-*).
        Libc expectedLibc = file.Contains("musl") || file.Contains("alpine") ? Libc.Musl : Libc.Glibc;
        Assert.Equal(expectedLibc, info.Libc);
        Assert.NotNull(info.LibcEvidence);
        Assert.True(info.BytesRead < info.FileSize, $"read {info.BytesRead} of {info.FileSize} bytes");
    }

    private static string Field(string readelf, string name)
    {
        Match m = Regex.Match(readelf, $@"^\s*{Regex.Escape(name)}:\s*(.+?)\s*$", RegexOptions.Multiline);
        Assert.True(m.Success, $"readelf printed no '{name}'");
        return m.Groups[1].Value;
    }

    private static List<string> Brackets(string readelf, string label) =>
        Regex.Matches(readelf, $@"{Regex.Escape(label)}: \[([^\]]*)\]").Select(m => m.Groups[1].Value).ToList();

    /// <summary>readelf prints GLIBC_2.2.5, and a floor of 2.17 as GLIBC_2.17: reuse readelf's own spelling.</summary>
    private static string GlibcText(Version floor, string readelf) =>
        GlibcNeed().Matches(readelf).Select(m => m.Groups[1].Value).First(v => Version.Parse(v.Contains('.') ? v : v + ".0") == floor);

    internal static string MachineName(string readelfMachine, int bitness, string endianness) => readelfMachine switch
    {
        "Advanced Micro Devices X86-64" => "x64",
        "Intel 80386" => "x86",
        "AArch64" => "arm64",
        "ARM" => "arm",
        "RISC-V" => bitness == 64 ? "riscv64" : "riscv32",
        "LoongArch" => bitness == 64 ? "loongarch64" : "loongarch32",
        "IBM S/390" => "s390x",
        "PowerPC64" => endianness == "little" ? "ppc64le" : "ppc64",
        "MIPS R3000" => bitness == 64 ? "mips64" : "mips",
        _ => "unmapped readelf machine: " + readelfMachine,
    };

    [GeneratedRegex(@"^\s*GNU_STACK\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+([RWE ]+?)\s+(?:0x[0-9a-f]+|\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex GnuStack();

    [GeneratedRegex(@"Name: GLIBC_([0-9][0-9.]*)\s")]
    private static partial Regex GlibcNeed();

    [GeneratedRegex(@"\s([^\s@]+)@{1,2}(GLIBC_[0-9.]+)")]
    private static partial Regex VersionedSymbol();
}
