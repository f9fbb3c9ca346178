namespace CrossGuard.Core.Binaries;

/// <summary>Maps machine codes of each format to .NET architecture names (the RID suffixes: x64, arm64, ...).</summary>
internal static class ArchitectureNames
{
    public static string FromElfMachine(ushort machine, bool is64, bool bigEndian) => machine switch
    {
        62 => "x64",
        3 => "x86",
        183 => "arm64",
        40 => "arm",
        243 => is64 ? "riscv64" : "riscv32",
        258 => is64 ? "loongarch64" : "loongarch32",
        22 => "s390x",
        21 => bigEndian ? "ppc64" : "ppc64le",
        20 => "ppc",
        8 => is64 ? "mips64" : "mips",
        2 => "sparc",
        43 => "sparcv9",
        _ => $"elf-machine-{machine}",
    };

    public static string FromMachOCpu(uint cpuType, uint cpuSubType) => cpuType switch
    {
        0x01000007 => "x64",
        7 => "x86",
        0x0100000C => "arm64",
        0x0200000C => "arm64_32",
        12 => "arm",
        18 => "ppc",
        0x01000012 => "ppc64",
        _ => $"macho-cpu-0x{cpuType:x}-{cpuSubType & 0x00FFFFFF}",
    };

    /// <summary>COFF / PE machine field; <paramref name="name"/> is the IMAGE_FILE_MACHINE_* constant name.</summary>
    public static string FromCoffMachine(ushort machine, out string name)
    {
        switch (machine)
        {
            case 0x8664: name = "IMAGE_FILE_MACHINE_AMD64"; return "x64";
            case 0x014C: name = "IMAGE_FILE_MACHINE_I386"; return "x86";
            case 0xAA64: name = "IMAGE_FILE_MACHINE_ARM64"; return "arm64";
            case 0xA641: name = "IMAGE_FILE_MACHINE_ARM64EC"; return "arm64";
            case 0xA64E: name = "IMAGE_FILE_MACHINE_ARM64X"; return "arm64";
            case 0x01C4: name = "IMAGE_FILE_MACHINE_ARMNT"; return "arm";
            case 0x01C0: name = "IMAGE_FILE_MACHINE_ARM"; return "arm";
            case 0x01C2: name = "IMAGE_FILE_MACHINE_THUMB"; return "arm";
            case 0x5064: name = "IMAGE_FILE_MACHINE_RISCV64"; return "riscv64";
            case 0x6264: name = "IMAGE_FILE_MACHINE_LOONGARCH64"; return "loongarch64";
            case 0x0200: name = "IMAGE_FILE_MACHINE_IA64"; return "ia64";
            case 0x0000: name = "IMAGE_FILE_MACHINE_UNKNOWN"; return "anycpu";
            default: name = $"0x{machine:x4}"; return $"coff-machine-0x{machine:x4}";
        }
    }

    /// <summary>True for COFF machine values we recognise (used to tell COFF objects from junk inside archives).</summary>
    public static bool IsKnownCoffMachine(ushort machine)
    {
        FromCoffMachine(machine, out string name);
        return machine != 0 && name.StartsWith("IMAGE_", System.StringComparison.Ordinal);
    }
}
