using System;

namespace CrossGuard.Core.Rids;

/// <summary>Operating-system family of a RID, as far as native binaries care.</summary>
public enum RidOs
{
    Unknown,
    Linux,
    Windows,
    MacOS,
    Other,
}

/// <summary>C runtime flavour a native binary is linked against.</summary>
public enum Libc
{
    Unknown,
    None,
    Glibc,
    Musl,
    Bionic,
}

/// <summary>What a RID string says about the target: OS, libc and architecture.</summary>
public readonly struct RidInfo
{
    private RidInfo(string rid, RidOs os, Libc libc, string? architecture)
    {
        Rid = rid;
        Os = os;
        Libc = libc;
        Architecture = architecture;
    }

    public string Rid { get; }

    public RidOs Os { get; }

    /// <summary>glibc for linux-*, musl for linux-musl-*, bionic for linux-bionic-* / android-*; None elsewhere.</summary>
    public Libc Libc { get; }

    /// <summary>.NET architecture name (x64, arm64, ...) or null for an architecture-neutral RID such as "linux".</summary>
    public string? Architecture { get; }

    public static RidInfo Parse(string rid)
    {
        ArgumentNullException.ThrowIfNull(rid);

        string lower = rid.ToLowerInvariant();
        int dash = lower.LastIndexOf('-');
        string? arch = dash >= 0 ? lower.Substring(dash + 1) : null;
        if (arch is not null && !IsArchitecture(arch))
        {
            arch = null;
        }

        RidOs os;
        Libc libc = Libc.None;
        if (lower.StartsWith("linux-musl", StringComparison.Ordinal) || lower.StartsWith("alpine", StringComparison.Ordinal))
        {
            os = RidOs.Linux;
            libc = Libc.Musl;
        }
        else if (lower.StartsWith("linux-bionic", StringComparison.Ordinal) || lower.StartsWith("android", StringComparison.Ordinal))
        {
            os = RidOs.Linux;
            libc = Libc.Bionic;
        }
        else if (lower.StartsWith("linux", StringComparison.Ordinal) || lower.StartsWith("unix", StringComparison.Ordinal))
        {
            os = RidOs.Linux;
            libc = lower.StartsWith("unix", StringComparison.Ordinal) ? Libc.Unknown : Libc.Glibc;
        }
        else if (lower.StartsWith("win", StringComparison.Ordinal))
        {
            os = RidOs.Windows;
        }
        else if (lower.StartsWith("osx", StringComparison.Ordinal) || lower.StartsWith("maccatalyst", StringComparison.Ordinal))
        {
            os = RidOs.MacOS;
        }
        else if (lower is "any" or "base")
        {
            os = RidOs.Unknown;
            libc = Libc.Unknown;
        }
        else
        {
            os = RidOs.Other;
            libc = Libc.Unknown;
        }

        return new RidInfo(rid, os, libc, arch);
    }

    /// <summary>
    /// The platform name [SupportedOSPlatform] and OperatingSystem.IsOSPlatform use for a RID: "windows" for win-x64,
    /// "macos" for osx-arm64, "linux" for linux-* and distribution RIDs, else the RID's first segment ("android", "ios").
    /// </summary>
    public static string PlatformName(string rid)
    {
        string os = rid.Split('-')[0].Split('.')[0].ToLowerInvariant();
        return os switch
        {
            "win" => "windows",
            "osx" => "macos",
            "linux" or "alpine" or "ubuntu" or "debian" or "rhel" or "centos" or "fedora" or "opensuse" or "sles" or "ol" => "linux",
            _ => os,
        };
    }

    /// <summary>True for the architecture suffixes .NET RIDs use.</summary>
    public static bool IsArchitecture(string value) => value switch
    {
        "x64" or "x86" or "arm" or "armel" or "armv6" or "arm64" or "riscv64" or "loongarch64"
            or "s390x" or "ppc64le" or "mips64" or "wasm" => true,
        _ => false,
    };

    public override string ToString() => Rid;
}
