using System.Text.RegularExpressions;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Every PE file of the real packages against <c>llvm-readobj --file-headers --coff-imports</c> and <c>objdump -p</c>.</summary>
public sealed partial class PeAgainstLlvmReadobjTests
{
    public static TheoryData<string> Files => new(RealBinaries.OfKind(RealBinaries.Kind.Pe).Select(RealBinaries.Relative));

    [Theory]
    [MemberData(nameof(Files))]
    public void Inspector_agrees_with_llvm_readobj(string file)
    {
        ExternalTool.Require("llvm-readobj", "llvm");
        string path = RealBinaries.Absolute(file);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        string readobj = ExternalTool.Run("llvm-readobj", "--file-headers", "--coff-imports", path);

        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.Pe, info.Format);
        Assert.False(info.IsManaged);
        Assert.Equal(RidOs.Windows, info.Os);
        Assert.Equal(Machine().Match(readobj).Groups[1].Value, info.PeMachine);
        List<string> imports = ImportName().Matches(readobj).Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(imports, info.Needed);
        Assert.Equal(ImportName().Matches(readobj).Where(m => m.Groups[1].Value == "DelayImport").Select(m => m.Groups[2].Value), info.DelayLoadNeeded);
        Assert.True(info.BytesRead < 64 * 1024, $"read {info.BytesRead} bytes");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imports_agree_with_objdump(string file)
    {
        ExternalTool.Require("objdump", "binutils");
        string path = RealBinaries.Absolute(file);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(path);
        string output = ExternalTool.Run("objdump", "-p", path);
        if (output.Contains("file format not recognized") && info.Architectures is ["arm" or "arm64"])
        {
            // Debian's x86 binutils has no ARM PE target; llvm-readobj (the test above) covers these files.
            return;
        }

        List<string> objdump = DllName().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.NotEmpty(objdump);
        Assert.Equal(objdump.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase), info.Needed.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Delay_load_imports_are_read_and_agree_with_llvm_readobj(bool pe32Plus, bool vaDelay)
    {
        byte[] pe = SyntheticBinaries.Pe(pe32Plus, ["KERNEL32.dll", "VCRUNTIME140.dll"], ["VCRUNTIME140_1.dll", "dbghelp.dll"], vaDelay);
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(new MemoryStream(pe), "delay.dll");
        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.Pe, info.Format);
        Assert.Equal(pe32Plus ? ["x64"] : ["x86"], info.Architectures);
        Assert.Equal(["KERNEL32.dll", "VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "dbghelp.dll"], info.Needed);
        Assert.Equal(["VCRUNTIME140_1.dll", "dbghelp.dll"], info.DelayLoadNeeded);

        ExternalTool.Require("llvm-readobj", "llvm");
        string path = Path.Combine(Path.GetTempPath(), $"crossguard-delay-{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(path, pe);
        try
        {
            string readobj = ExternalTool.Run("llvm-readobj", "--file-headers", "--coff-imports", path);
            Assert.Equal(Machine().Match(readobj).Groups[1].Value, info.PeMachine);
            // llvm-readobj reads delay descriptors' names as RVAs only, so it lists none for pre-VC7 (VA) descriptors.
            Assert.Equal(ImportName().Matches(readobj).Select(m => m.Groups[2].Value), vaDelay ? info.Needed.Except(info.DelayLoadNeeded) : info.Needed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Managed_assembly_is_recognised_by_its_cli_header()
    {
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(typeof(NativeBinaryInspector).Assembly.Location);
        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.ManagedAssembly, info.Format);
        Assert.True(info.IsManaged);
        Assert.False(info.IsNative);
        Assert.Empty(info.Architectures);
        Assert.Equal(RidOs.Unknown, info.Os);
    }

    [Fact]
    public void ReadyToRun_framework_assembly_reports_its_target_os_and_architecture()
    {
        string corelib = typeof(object).Assembly.Location;
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(corelib);
        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.ManagedAssembly, info.Format);
        Assert.True(info.IsManaged);
        string expectedArch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        Assert.Equal([expectedArch], info.Architectures);
        Assert.Equal(OperatingSystem.IsLinux() ? RidOs.Linux : OperatingSystem.IsMacOS() ? RidOs.MacOS : RidOs.Windows, info.Os);
    }

    [GeneratedRegex(@"Machine: (IMAGE_FILE_MACHINE_\w+)")]
    private static partial Regex Machine();

    [GeneratedRegex(@"^(Import|DelayImport) \{\s*\n\s*Name: (.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ImportName();

    [GeneratedRegex(@"DLL Name: (.+)")]
    private static partial Regex DllName();
}
