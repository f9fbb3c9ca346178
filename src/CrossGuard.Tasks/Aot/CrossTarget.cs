using CrossGuard.Core.Rids;

namespace CrossGuard.Tasks.Aot;

/// <summary>
/// What a Linux Native AOT cross link targets, in the names the tools use: the GNU triple (Debian's directory and
/// binutils prefix), the Debian architecture (for multiarch and "-cross" package names) and the BFD format objcopy
/// must understand. ILCompiler passes <c>--target=&lt;arch&gt;-linux-&lt;abi&gt;</c> to clang (SetupOSSpecificProps).
/// </summary>
internal sealed class CrossTarget
{
    private CrossTarget(string architecture, string gnuTriple, string? debianArch, string bfdName)
    {
        Architecture = architecture;
        GnuTriple = gnuTriple;
        DebianArch = debianArch;
        BfdName = bfdName;
    }

    /// <summary>.NET architecture name (arm64).</summary>
    public string Architecture { get; }

    /// <summary>Debian's GNU triple: aarch64-linux-gnu, arm-linux-gnueabihf, x86_64-linux-gnu, aarch64-linux-musl.</summary>
    public string GnuTriple { get; }

    /// <summary>Debian architecture (arm64, armhf, amd64, riscv64), or null when Debian ships no cross packages for it.</summary>
    public string? DebianArch { get; }

    /// <summary>The BFD target name objcopy --info lists when it can rewrite this architecture's ELF files.</summary>
    public string BfdName { get; }

    public bool IsMusl => GnuTriple.EndsWith("musl", System.StringComparison.Ordinal) || GnuTriple.EndsWith("musleabihf", System.StringComparison.Ordinal);

    /// <summary>The Debian package with the cross binutils (ld.bfd, objcopy) for this triple.</summary>
    public string BinutilsPackage => "binutils-" + GnuTriple.Replace('_', '-');

    /// <summary>The Debian package with the target's C runtime for cross linking (crt1.o, libc.so) under /usr/&lt;triple&gt;.</summary>
    public string? LibcCrossPackage => DebianArch is null || IsMusl ? null : $"libc6-dev-{DebianArch}-cross";

    /// <summary>The Debian 12 package with the target's GCC runtime (crtbeginS.o, libgcc.a, libgcc_s.so) under /usr/lib/gcc-cross.</summary>
    public string? LibgccCrossPackage => DebianArch is null || IsMusl ? null : $"libgcc-12-dev-{DebianArch}-cross";

    /// <summary>The cross GCC package, which pulls in the right libgcc-N-dev-*-cross on any Debian/Ubuntu release.</summary>
    public string GccCrossPackage => "gcc-" + GnuTriple.Replace('_', '-');

    /// <summary>Null for targets CrossGuard has no toolchain knowledge of (bionic, s390x, ...).</summary>
    public static CrossTarget? For(RidInfo rid)
    {
        if (rid.Os != RidOs.Linux || rid.Architecture is null || rid.Libc is not (Libc.Glibc or Libc.Musl))
        {
            return null;
        }

        bool musl = rid.Libc == Libc.Musl;
        return rid.Architecture switch
        {
            "arm64" => new CrossTarget("arm64", musl ? "aarch64-linux-musl" : "aarch64-linux-gnu", "arm64", "elf64-littleaarch64"),
            "x64" => new CrossTarget("x64", musl ? "x86_64-linux-musl" : "x86_64-linux-gnu", "amd64", "elf64-x86-64"),
            "arm" => new CrossTarget("arm", musl ? "arm-linux-musleabihf" : "arm-linux-gnueabihf", "armhf", "elf32-littlearm"),
            "riscv64" => new CrossTarget("riscv64", musl ? "riscv64-linux-musl" : "riscv64-linux-gnu", "riscv64", "elf64-littleriscv"),
            "loongarch64" => new CrossTarget("loongarch64", musl ? "loongarch64-linux-musl" : "loongarch64-linux-gnu", null, "elf64-loongarch"),
            _ => null,
        };
    }
}
