using System.Text;
using System.Text.RegularExpressions;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>
/// Object files and static archives as the AOT preflight meets them (NativeLibrary items, crt objects): compiled here by
/// clang for ELF, Mach-O and COFF targets, then read by the one inspector and compared with <c>llvm-readobj</c>. Until
/// issue 20 the preflight had its own header reader for these; now the inspector must know a bare COFF <c>.obj</c>
/// and the OS of an archive's members.
/// </summary>
public sealed partial class ObjectFilesAgainstLlvmTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cg-objects-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string, RidOs> Targets => new()
    {
        { "x86_64-linux-gnu", "o", "x64", RidOs.Linux },
        { "aarch64-linux-gnu", "o", "arm64", RidOs.Linux },
        { "x86_64-pc-windows-msvc", "obj", "x64", RidOs.Windows },
        { "aarch64-pc-windows-msvc", "obj", "arm64", RidOs.Windows },
        { "arm64-apple-macos11", "o", "arm64", RidOs.MacOS },
        { "x86_64-apple-macos10.15", "o", "x64", RidOs.MacOS },
    };

    private string Compile(string triple, string extension)
    {
        ExternalTool.Require("clang", "clang");
        string source = Path.Combine(_dir, "f.c");
        File.WriteAllText(source, "int crossguard_answer(void) { return 42; }\n");
        string output = Path.Combine(_dir, $"f-{triple}.{extension}");
        ExternalTool.Run("clang", "--target=" + triple, "-c", source, "-o", output);
        Assert.True(File.Exists(output), "clang produced no " + output);
        return output;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Object_file_os_and_architecture_match_llvm_readobj(string triple, string extension, string architecture, RidOs os)
    {
        string obj = Compile(triple, extension);
        ExternalTool.Require("llvm-readobj", "llvm");
        string readobj = ExternalTool.Run("llvm-readobj", "--file-headers", obj);

        NativeBinaryInfo info = NativeBinaryInspector.Inspect(obj);

        Assert.Null(info.Error);
        Assert.Equal(os, info.Os);
        Assert.Equal([architecture], info.Architectures);
        Assert.Equal(Map(ArchLine().Match(readobj).Groups[1].Value), architecture);
        if (os == RidOs.Windows)
        {
            Assert.Equal(BinaryFormat.CoffObject, info.Format);
            Assert.StartsWith("COFF-", FormatLine().Match(readobj).Groups[1].Value, StringComparison.Ordinal);
        }
        else if (os == RidOs.Linux)
        {
            Assert.Equal((ushort)1, info.ElfType);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Static_archive_takes_the_os_of_its_members(string triple, string extension, string architecture, RidOs os)
    {
        string obj = Compile(triple, extension);
        string archive = Path.Combine(_dir, $"libf-{triple}.a");
        File.WriteAllBytes(archive, [.. Encoding.ASCII.GetBytes("!<arch>\n"), .. SyntheticBinaries.ArMember("f.o/", File.ReadAllBytes(obj))]);

        NativeBinaryInfo info = NativeBinaryInspector.Inspect(archive);

        Assert.Equal(BinaryFormat.StaticArchive, info.Format);
        Assert.Equal(os, info.Os);
        Assert.Equal([architecture], info.ArchiveMemberArchitectures);
    }

    [Fact]
    public void Bytes_that_start_like_a_coff_machine_are_not_an_object()
    {
        // 0x8664 then text: no section table inside the file, an optional header size, or no sections.
        string[] junk = ["\x64\x86 this is a text file, not an object", "\x64\x86\x01\x00" + new string('x', 12) + "\x10\x00" + new string('y', 40)];
        foreach (string text in junk)
        {
            string path = Path.Combine(_dir, "junk.obj");
            File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text));
            NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
            Assert.Equal(BinaryFormat.Unknown, info.Format);
            Assert.Empty(info.Architectures);
        }
    }

    private static string Map(string llvm) => llvm switch
    {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        _ => llvm,
    };

    [GeneratedRegex(@"^Arch: (\S+)", RegexOptions.Multiline)]
    private static partial Regex ArchLine();

    [GeneratedRegex(@"^Format: (\S+)", RegexOptions.Multiline)]
    private static partial Regex FormatLine();
}
