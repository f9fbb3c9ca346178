using System.Text.RegularExpressions;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Static archives and Windows import libraries of the real packages against <c>ar t</c> and <c>llvm-readobj --file-headers</c>.</summary>
public sealed partial class ArchiveAgainstLlvmTests
{
    public static TheoryData<string> Files => new(RealBinaries.OfKind(RealBinaries.Kind.Archive).Select(RealBinaries.Relative));

    [Theory]
    [MemberData(nameof(Files))]
    public void Inspector_agrees_with_ar_and_llvm_readobj(string file)
    {
        ExternalTool.Require("ar", "binutils");
        ExternalTool.Require("llvm-readobj", "llvm");
        string path = RealBinaries.Absolute(file);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        string[] members = ExternalTool.Run("ar", "t", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string readobj = ExternalTool.Run("llvm-readobj", "--file-headers", path);

        Assert.Null(info.Error);
        Assert.Equal(members.Length, info.ArchiveMemberCount);
        var archs = Arch().Matches(readobj).Select(m => Map(m.Groups[1].Value)).ToHashSet();
        bool importLibrary = readobj.Contains("Format: COFF-import-file");
        if (importLibrary)
        {
            Assert.Equal(BinaryFormat.ImportLibrary, info.Format);
            Assert.Equal(RidOs.Windows, info.Os);
            Assert.Equal(ImportFile().Matches(readobj).Select(m => m.Groups[1].Value).Distinct(), info.Needed);
        }
        else
        {
            Assert.Equal(BinaryFormat.StaticArchive, info.Format);
        }

        Assert.Equal(archs.Order(), info.ArchiveMemberArchitectures.Order());
        // An import library is hundreds of ~60-byte import objects, each behind a 60-byte header that must be read to
        // reach the next: most of the file is read. A static archive of object files is mostly code we skip.
        Assert.True(info.BytesRead < (importLibrary ? info.FileSize : info.FileSize / 2), $"read {info.BytesRead} of {info.FileSize} bytes");
    }

    private static string Map(string llvm) => llvm switch
    {
        "x86_64" => "x64",
        "i386" => "x86",
        "aarch64" => "arm64",
        "wasm32" => "wasm",
        "arm" or "thumb" => "arm",
        _ => llvm,
    };

    [GeneratedRegex(@"^Arch: (\S+)", RegexOptions.Multiline)]
    private static partial Regex Arch();

    [GeneratedRegex(@"^File: (\S+)\s*\nFormat: COFF-import-file", RegexOptions.Multiline)]
    private static partial Regex ImportFile();
}
